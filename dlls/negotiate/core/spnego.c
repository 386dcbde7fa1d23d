/*
 * SPNEGO token classification (see spnego.h).
 */
#include <string.h>

#include "der.h"
#include "gss.h"
#include "spnego.h"

enum spnego_token_kind spnego_classify( const uint8_t *buf, size_t len )
{
    struct der token, oid, inner, value;
    uint8_t tag;

    if (!buf || !len) return SPNEGO_INVALID;
    if (len >= 8 && !memcmp( buf, "NTLMSSP", 8 )) return SPNEGO_RAW_NTLM;

    if (!gss_token_unwrap( buf, len, &oid, &inner ))
    {
        if (gss_oid_equal( &oid, gss_oid_spnego, sizeof(gss_oid_spnego) ))
            return der_peek_tag( &inner ) == DER_CONTEXT(0) ? SPNEGO_NEG_TOKEN_INIT : SPNEGO_INVALID;
        if (gss_oid_equal( &oid, gss_oid_krb5, sizeof(gss_oid_krb5) ) ||
            gss_oid_equal( &oid, gss_oid_krb5_ms, sizeof(gss_oid_krb5_ms) ))
            return SPNEGO_RAW_KERBEROS;
        return SPNEGO_INVALID;
    }

    der_init( &token, buf, len );
    if (!der_read( &token, &tag, &value ) && der_empty( &token ) && tag == DER_CONTEXT(1) &&
        der_peek_tag( &value ) == DER_SEQUENCE)
        return SPNEGO_NEG_TOKEN_RESP;
    return SPNEGO_INVALID;
}
