/*
 * The cryptography of the packages' protocol cores, from libgcrypt, behind one
 * small interface: digests and HMACs, RC4 and DES, and the two helpers no
 * library offers (secure zeroing, constant-time comparison). Built into the PE
 * DLLs (libgcrypt linked statically) and natively for tests, fuzzers and tools.
 */
#ifndef __SSPCRYPT_H
#define __SSPCRYPT_H

#include <stddef.h>
#include <stdint.h>

struct gcry_md_handle;
struct gcry_cipher_handle;

/* Makes libgcrypt ready; every other call here needs it to have returned 0.
 * Safe to call more than once. */
int ssp_crypt_init( void );

enum ssp_digest
{
    SSP_MD4,
    SSP_MD5,
    SSP_SHA1,
    SSP_SHA256,
    SSP_CRC32,     /* ISO 3309 (zlib's), big-endian, as MS-NLMP uses it */
};
#define SSP_MAX_DIGEST 32

size_t ssp_digest_size( enum ssp_digest alg );

/* A piece of a message the one-shot functions take. */
struct ssp_piece
{
    const void *data;
    size_t      len;
};

/* The digest, or with KEY the HMAC, of the pieces in turn; 0 on success. */
int ssp_digest( enum ssp_digest alg, const struct ssp_piece *pieces, int count, uint8_t *out );
int ssp_hmac( enum ssp_digest alg, const void *key, size_t key_len, const struct ssp_piece *pieces, int count,
              uint8_t *out );

/* A running digest, or HMAC when opened with a key, to reuse message after message. */
struct ssp_hash
{
    struct gcry_md_handle *h;
    enum ssp_digest        alg;
};

int ssp_hash_open( struct ssp_hash *hash, enum ssp_digest alg, const void *hmac_key, size_t key_len );
void ssp_hash_write( struct ssp_hash *hash, const void *data, size_t len );
/* The result of what was written, after which the hash starts again (keyed, for an HMAC). */
void ssp_hash_final( struct ssp_hash *hash, uint8_t *out );
void ssp_hash_close( struct ssp_hash *hash );

/* An RC4 stream, and how far into it the calls have gone. */
struct ssp_rc4
{
    struct gcry_cipher_handle *h;
    uint64_t                   used;
};

int ssp_rc4_open( struct ssp_rc4 *rc4, const uint8_t *key, size_t key_len );
/* The stream again from its start with KEY. */
int ssp_rc4_rekey( struct ssp_rc4 *rc4, const uint8_t *key, size_t key_len );
/* IN and OUT may be the same. */
void ssp_rc4_crypt( struct ssp_rc4 *rc4, const uint8_t *in, uint8_t *out, size_t len );
/* Throws the next LEN bytes of the stream away. */
void ssp_rc4_skip( struct ssp_rc4 *rc4, uint64_t len );
void ssp_rc4_close( struct ssp_rc4 *rc4 );

/* DES-ECB of one block with an 8-byte key, weak keys allowed (NTLMv1 and LM make them). */
int ssp_des_encrypt( const uint8_t key[8], const uint8_t in[8], uint8_t out[8] );

/* Zeroes memory the compiler may not optimize away. */
void ssp_zero( void *ptr, size_t len );
/* Compares in time independent of where the buffers differ: 0 when equal. */
int ssp_const_time_cmp( const void *a, const void *b, size_t len );

#endif
