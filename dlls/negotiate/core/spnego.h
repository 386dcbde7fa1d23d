/*
 * What a token given to Negotiate is (RFC 4178, MS-SPNG): SPNEGO, or a bare
 * mechanism token that Windows' Negotiate also accepts.
 * Portable C, no Windows dependency.
 */
#ifndef __SPNEGO_H
#define __SPNEGO_H

#include <stddef.h>
#include <stdint.h>

enum spnego_token_kind
{
    SPNEGO_INVALID,
    SPNEGO_NEG_TOKEN_INIT,   /* GSS initial context token of SPNEGO: the client's first leg */
    SPNEGO_NEG_TOKEN_RESP,   /* [1] NegTokenResp: every later leg */
    SPNEGO_RAW_NTLM,         /* a bare NTLMSSP message */
    SPNEGO_RAW_KERBEROS,     /* a bare Kerberos initial context token */
};

enum spnego_token_kind spnego_classify( const uint8_t *buf, size_t len );

#endif
