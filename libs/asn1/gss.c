/*
 * GSS-API token framing (see gss.h).
 */
#include <string.h>

#include "gss.h"

const uint8_t gss_oid_spnego[6] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02 };
const uint8_t gss_oid_krb5[9] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02 };
const uint8_t gss_oid_krb5_ms[9] = { 0x2a, 0x86, 0x48, 0x82, 0xf7, 0x12, 0x01, 0x02, 0x02 };
const uint8_t gss_oid_ntlm[10] = { 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a };

int gss_token_unwrap( const uint8_t *buf, size_t len, struct der *oid, struct der *inner )
{
    struct der token, body;

    der_init( &token, buf, len );
    if (der_expect( &token, DER_APPLICATION0, &body ) || !der_empty( &token )) return -1;
    if (der_expect( &body, DER_OID, oid ) || der_empty( oid )) return -1;
    *inner = body;
    return 0;
}

int gss_oid_equal( const struct der *oid, const uint8_t *expected, size_t expected_len )
{
    return (size_t)(oid->end - oid->p) == expected_len && !memcmp( oid->p, expected, expected_len );
}
