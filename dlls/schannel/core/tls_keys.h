/*
 * Private keys from the blobs Windows exports them as, into the DER GnuTLS
 * reads: PKCS#1 RSAPrivateKey for RSA, SEC1 ECPrivateKey for elliptic curves.
 * Portable C, no Windows dependency; every length is checked.
 */
#ifndef __TLS_KEYS_H
#define __TLS_KEYS_H

#include <stddef.h>
#include <stdint.h>

/* Each returns the DER's length, 0 for a blob that is not a whole private key
 * it knows. With OUT NULL, only the length. */

/* CryptoAPI PRIVATEKEYBLOB of an RSA key (BLOBHEADER, RSAPUBKEY "RSA2", little-endian parts). */
size_t tls_key_from_capi_rsa( const uint8_t *blob, size_t len, uint8_t *out );
/* CNG BCRYPT_RSAFULLPRIVATE_BLOB ("RSA3") or BCRYPT_ECCPRIVATE_BLOB (ECDSA or ECDH, P-256/384/521). */
size_t tls_key_from_bcrypt( const uint8_t *blob, size_t len, uint8_t *out );

#endif
