/*
 * The packages' cryptography over libgcrypt (see sspcrypt.h).
 */
#include <string.h>
#include <gcrypt.h>

#include "sspcrypt.h"

#define MAX_PIECES 16

static const int md_algos[] =
{
    [SSP_MD4]    = GCRY_MD_MD4,
    [SSP_MD5]    = GCRY_MD_MD5,
    [SSP_SHA1]   = GCRY_MD_SHA1,
    [SSP_SHA256] = GCRY_MD_SHA256,
    [SSP_CRC32]  = GCRY_MD_CRC32,
};

int ssp_crypt_init( void )
{
    static int ready;

    if (ready) return 0;
    if (!gcry_check_version( GCRYPT_VERSION )) return -1;
    /* keys live in the callers' memory, which they zero; libgcrypt's secure pool is not needed */
    gcry_control( GCRYCTL_DISABLE_SECMEM, 0 );
    gcry_control( GCRYCTL_INITIALIZATION_FINISHED, 0 );
    ready = 1;
    return 0;
}

size_t ssp_digest_size( enum ssp_digest alg )
{
    return gcry_md_get_algo_dlen( md_algos[alg] );
}

static int hash_pieces( enum ssp_digest alg, unsigned int flags, const void *key, size_t key_len,
                        const struct ssp_piece *pieces, int count, uint8_t *out )
{
    gcry_buffer_t iov[MAX_PIECES + 1];
    int i, n = 0;

    if (count > MAX_PIECES) return -1;
    memset( iov, 0, sizeof(iov) );
    if (flags & GCRY_MD_FLAG_HMAC)
    {
        iov[n].data = (void *)key;
        iov[n++].len = key_len;
    }
    for (i = 0; i < count; i++)
    {
        iov[n].data = (void *)pieces[i].data;
        iov[n++].len = pieces[i].len;
    }
    return gcry_md_hash_buffers( md_algos[alg], flags, out, iov, n ) ? -1 : 0;
}

int ssp_digest( enum ssp_digest alg, const struct ssp_piece *pieces, int count, uint8_t *out )
{
    return hash_pieces( alg, 0, NULL, 0, pieces, count, out );
}

int ssp_hmac( enum ssp_digest alg, const void *key, size_t key_len, const struct ssp_piece *pieces, int count,
              uint8_t *out )
{
    return hash_pieces( alg, GCRY_MD_FLAG_HMAC, key, key_len, pieces, count, out );
}

int ssp_hash_open( struct ssp_hash *hash, enum ssp_digest alg, const void *hmac_key, size_t key_len )
{
    hash->alg = alg;
    if (gcry_md_open( &hash->h, md_algos[alg], hmac_key ? GCRY_MD_FLAG_HMAC : 0 ))
    {
        hash->h = NULL;
        return -1;
    }
    if (hmac_key && gcry_md_setkey( hash->h, hmac_key, key_len ))
    {
        ssp_hash_close( hash );
        return -1;
    }
    return 0;
}

void ssp_hash_write( struct ssp_hash *hash, const void *data, size_t len )
{
    gcry_md_write( hash->h, data, len );
}

void ssp_hash_final( struct ssp_hash *hash, uint8_t *out )
{
    memcpy( out, gcry_md_read( hash->h, 0 ), ssp_digest_size( hash->alg ) );
    gcry_md_reset( hash->h );
}

void ssp_hash_close( struct ssp_hash *hash )
{
    gcry_md_close( hash->h );  /* zeroes its state */
    hash->h = NULL;
}

int ssp_rc4_open( struct ssp_rc4 *rc4, const uint8_t *key, size_t key_len )
{
    if (gcry_cipher_open( &rc4->h, GCRY_CIPHER_ARCFOUR, GCRY_CIPHER_MODE_STREAM, 0 ))
    {
        rc4->h = NULL;
        return -1;
    }
    if (ssp_rc4_rekey( rc4, key, key_len ))
    {
        ssp_rc4_close( rc4 );
        return -1;
    }
    return 0;
}

int ssp_rc4_rekey( struct ssp_rc4 *rc4, const uint8_t *key, size_t key_len )
{
    rc4->used = 0;
    return gcry_cipher_setkey( rc4->h, key, key_len ) ? -1 : 0;
}

void ssp_rc4_crypt( struct ssp_rc4 *rc4, const uint8_t *in, uint8_t *out, size_t len )
{
    if (in == out) gcry_cipher_encrypt( rc4->h, out, len, NULL, 0 );
    else gcry_cipher_encrypt( rc4->h, out, len, in, len );
    rc4->used += len;
}

void ssp_rc4_skip( struct ssp_rc4 *rc4, uint64_t len )
{
    uint8_t buf[256];

    while (len)
    {
        size_t n = len < sizeof(buf) ? len : sizeof(buf);
        memset( buf, 0, n );
        ssp_rc4_crypt( rc4, buf, buf, n );
        len -= n;
    }
    ssp_zero( buf, sizeof(buf) );
}

void ssp_rc4_close( struct ssp_rc4 *rc4 )
{
    gcry_cipher_close( rc4->h );  /* zeroes its state */
    rc4->h = NULL;
}

int ssp_des_encrypt( const uint8_t key[8], const uint8_t in[8], uint8_t out[8] )
{
    gcry_cipher_hd_t h;
    gcry_err_code_t err;
    int ret = -1;

    if (gcry_cipher_open( &h, GCRY_CIPHER_DES, GCRY_CIPHER_MODE_ECB, 0 )) return -1;
    gcry_cipher_ctl( h, GCRYCTL_SET_ALLOW_WEAK_KEY, NULL, 1 );
    /* with weak keys allowed, a weak key is set and still reported */
    err = gpg_err_code( gcry_cipher_setkey( h, key, 8 ) );
    if ((!err || err == GPG_ERR_WEAK_KEY) && !gcry_cipher_encrypt( h, out, 8, in, 8 )) ret = 0;
    gcry_cipher_close( h );
    return ret;
}

void ssp_zero( void *ptr, size_t len )
{
    volatile uint8_t *p = ptr;
    while (len--) *p++ = 0;
}

int ssp_const_time_cmp( const void *a, const void *b, size_t len )
{
    const volatile uint8_t *x = a, *y = b;
    uint8_t diff = 0;
    size_t i;

    for (i = 0; i < len; i++) diff |= x[i] ^ y[i];
    return diff != 0;
}
