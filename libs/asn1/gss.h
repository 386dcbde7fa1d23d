/*
 * GSS-API token framing (RFC 2743 3.1): the [APPLICATION 0] header with the
 * mechanism OID that starts every initial context token.
 */
#ifndef __ASN1_GSS_H
#define __ASN1_GSS_H

#include "der.h"

/* DER contents (no tag, no length) of the mechanism OIDs the packages meet. */
extern const uint8_t gss_oid_spnego[6];      /* 1.3.6.1.5.5.2 */
extern const uint8_t gss_oid_krb5[9];        /* 1.2.840.113554.1.2.2 */
extern const uint8_t gss_oid_krb5_ms[9];     /* 1.2.840.48018.1.2.2, Windows' legacy alias */
extern const uint8_t gss_oid_ntlm[10];       /* 1.3.6.1.4.1.311.2.2.10 */

/* Splits an initial context token into its mechanism OID and inner token.
 * Returns 0, or -1 when BUF is not a well-formed initial context token. */
int gss_token_unwrap( const uint8_t *buf, size_t len, struct der *oid, struct der *inner );

/* 1 when OID (DER contents) equals the given OID. */
int gss_oid_equal( const struct der *oid, const uint8_t *expected, size_t expected_len );

#endif
