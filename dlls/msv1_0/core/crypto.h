/*
 * The cryptographic primitives NTLM is built from (MS-NLMP 6): MD4, MD5,
 * HMAC-MD5, RC4, single DES and CRC-32. Portable C, no Windows dependency.
 */
#ifndef __NTLM_CRYPTO_H
#define __NTLM_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

struct md_ctx
{
    uint32_t state[4];
    uint64_t length;
    uint8_t  block[64];
    size_t   used;
    int      md4;
};

void md4_init( struct md_ctx *ctx );
void md5_init( struct md_ctx *ctx );
void md_update( struct md_ctx *ctx, const void *data, size_t len );
void md_final( struct md_ctx *ctx, uint8_t digest[16] );

void md4( const void *data, size_t len, uint8_t digest[16] );
void md5( const void *data, size_t len, uint8_t digest[16] );

struct hmac_md5_ctx
{
    struct md_ctx inner;
    uint8_t opad[64];
};

void hmac_md5_init( struct hmac_md5_ctx *ctx, const uint8_t *key, size_t key_len );
void hmac_md5_update( struct hmac_md5_ctx *ctx, const void *data, size_t len );
void hmac_md5_final( struct hmac_md5_ctx *ctx, uint8_t mac[16] );
void hmac_md5( const uint8_t *key, size_t key_len, const void *data, size_t len, uint8_t mac[16] );

struct rc4
{
    uint32_t s[256];
    uint32_t i, j;
};

void rc4_init( struct rc4 *rc4, const uint8_t *key, size_t key_len );
void rc4_crypt( struct rc4 *rc4, const uint8_t *in, uint8_t *out, size_t len );

/* MD5 (CTX from md5_init) and RC4 over DATA in one pass: hashes then encrypts
 * in place, or with DECRYPT decrypts in place then hashes the plaintext. */
void md5_rc4_update( struct md_ctx *ctx, struct rc4 *rc4, uint8_t *data, size_t len, int decrypt );

/* DES-ECB of one block with a 7-byte key (parity bits added), as NTLMv1 uses it. */
void des7_encrypt( const uint8_t key[7], const uint8_t in[8], uint8_t out[8] );

uint32_t crc32( uint32_t crc, const void *data, size_t len );

/* Zeroes memory the compiler may not optimize away. */
void secure_zero( void *ptr, size_t len );
/* Compares in time independent of where the buffers differ: 0 when equal. */
int const_time_cmp( const void *a, const void *b, size_t len );

#endif
