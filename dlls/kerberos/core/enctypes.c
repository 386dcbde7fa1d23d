/*
 * Kerberos encryption types as SSPI reports them (see enctypes.h).
 */
#include <stddef.h>

#include "enctypes.h"

/* Windows states a trailer of 76 bytes for AES, which fits the token with
 * EC 16 of DCE style (60 bytes otherwise); RC4's signature is a GSS-framed
 * 37-byte token (RFC 4757). */
static const struct krb_enctype enctypes[] =
{
    { 17, "AES128-CTS-HMAC-SHA1-96", "HMAC-SHA1-96-AES128", 15, 128, 28, 76 },
    { 18, "AES256-CTS-HMAC-SHA1-96", "HMAC-SHA1-96-AES256", 16, 256, 28, 76 },
    { 19, "AES128-CTS-HMAC-SHA256-128", "HMAC-SHA256-128-AES128", 19, 128, 32, 0 },
    { 20, "AES256-CTS-HMAC-SHA384-192", "HMAC-SHA384-192-AES256", 20, 256, 40, 0 },
    { 23, "RC4-HMAC", "HMAC-MD5", -138, 128, 37, 49 },
    { 24, "RC4-HMAC-EXP", "HMAC-MD5", -138, 56, 37, 49 },
};

const struct krb_enctype *krb_enctype( int32_t enctype )
{
    static const struct krb_enctype unknown = { 0, NULL, NULL, 0, 0, 28, 0 };
    size_t i;

    for (i = 0; i < sizeof(enctypes) / sizeof(enctypes[0]); i++)
        if (enctypes[i].enctype == enctype) return &enctypes[i];
    return &unknown;
}
