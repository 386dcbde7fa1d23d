/*
 * What SSPI reports of a Kerberos session key's encryption type (RFC 3961,
 * 3962, 4757, 8009): names, key and checksum sizes, and the message sizes
 * Windows' Kerberos package states. Portable C, no Windows dependency.
 */
#ifndef __KERBEROS_ENCTYPES_H
#define __KERBEROS_ENCTYPES_H

#include <stdint.h>

struct krb_enctype
{
    int32_t     enctype;
    const char *name;            /* RFC name of the enctype */
    const char *checksum_name;   /* its keyed checksum */
    int32_t     checksum;        /* checksum type number */
    uint32_t    key_bits;
    uint32_t    signature;       /* SecPkgContext_Sizes.cbMaxSignature */
    uint32_t    trailer;         /* SecPkgContext_Sizes.cbSecurityTrailer; 0: what the token needs */
};

/* The enctype's entry; an entry with a NULL name for one not listed. */
const struct krb_enctype *krb_enctype( int32_t enctype );

#endif
