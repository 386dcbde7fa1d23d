/*
 * MD4 (RFC 1320), MD5 (RFC 1321), HMAC-MD5 (RFC 2104), RC4, DES (FIPS 46-3)
 * and CRC-32 (see crypto.h).
 */
#include <string.h>

#include "crypto.h"

#define ROTL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))

static uint32_t get_le32( const uint8_t *p )
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32( uint8_t *p, uint32_t v )
{
    p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24;
}

static void md4_transform( uint32_t state[4], const uint8_t block[64] )
{
    static const int r2[16] = { 0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15 };
    static const int r3[16] = { 0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15 };
    static const int s1[4] = { 3, 7, 11, 19 }, s2[4] = { 3, 5, 9, 13 }, s3[4] = { 3, 9, 11, 15 };
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3], x[16], t;
    int i;

    for (i = 0; i < 16; i++) x[i] = get_le32( block + 4 * i );
    for (i = 0; i < 16; i++)
    {
        t = a + ((b & c) | (~b & d)) + x[i];
        a = d; d = c; c = b; b = ROTL( t, s1[i % 4] );
    }
    for (i = 0; i < 16; i++)
    {
        t = a + ((b & c) | (b & d) | (c & d)) + x[r2[i]] + 0x5a827999;
        a = d; d = c; c = b; b = ROTL( t, s2[i % 4] );
    }
    for (i = 0; i < 16; i++)
    {
        t = a + (b ^ c ^ d) + x[r3[i]] + 0x6ed9eba1;
        a = d; d = c; c = b; b = ROTL( t, s3[i % 4] );
    }
    state[0] += a; state[1] += b; state[2] += c; state[3] += d;
}

/* MD5 unrolled, the steps of RFC 1321 3.4 with their constants in place. */
#define MD5_F(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))
#define MD5_G(x, y, z) ((y) ^ ((z) & ((x) ^ (y))))
#define MD5_H(x, y, z) ((x) ^ (y) ^ (z))
#define MD5_I(x, y, z) ((y) ^ ((x) | ~(z)))
#define MD5_STEP(f, a, b, c, d, x, k, s) \
    do { (a) += f( (b), (c), (d) ) + (x) + (k); (a) = ROTL( (a), (s) ) + (b); } while (0)

static void md5_transform( uint32_t state[4], const uint8_t block[64] )
{
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3], x[16];
    int i;

    for (i = 0; i < 16; i++) x[i] = get_le32( block + 4 * i );

    MD5_STEP( MD5_F, a, b, c, d, x[0], 0xd76aa478, 7 );   MD5_STEP( MD5_F, d, a, b, c, x[1], 0xe8c7b756, 12 );
    MD5_STEP( MD5_F, c, d, a, b, x[2], 0x242070db, 17 );  MD5_STEP( MD5_F, b, c, d, a, x[3], 0xc1bdceee, 22 );
    MD5_STEP( MD5_F, a, b, c, d, x[4], 0xf57c0faf, 7 );   MD5_STEP( MD5_F, d, a, b, c, x[5], 0x4787c62a, 12 );
    MD5_STEP( MD5_F, c, d, a, b, x[6], 0xa8304613, 17 );  MD5_STEP( MD5_F, b, c, d, a, x[7], 0xfd469501, 22 );
    MD5_STEP( MD5_F, a, b, c, d, x[8], 0x698098d8, 7 );   MD5_STEP( MD5_F, d, a, b, c, x[9], 0x8b44f7af, 12 );
    MD5_STEP( MD5_F, c, d, a, b, x[10], 0xffff5bb1, 17 ); MD5_STEP( MD5_F, b, c, d, a, x[11], 0x895cd7be, 22 );
    MD5_STEP( MD5_F, a, b, c, d, x[12], 0x6b901122, 7 );  MD5_STEP( MD5_F, d, a, b, c, x[13], 0xfd987193, 12 );
    MD5_STEP( MD5_F, c, d, a, b, x[14], 0xa679438e, 17 ); MD5_STEP( MD5_F, b, c, d, a, x[15], 0x49b40821, 22 );

    MD5_STEP( MD5_G, a, b, c, d, x[1], 0xf61e2562, 5 );   MD5_STEP( MD5_G, d, a, b, c, x[6], 0xc040b340, 9 );
    MD5_STEP( MD5_G, c, d, a, b, x[11], 0x265e5a51, 14 ); MD5_STEP( MD5_G, b, c, d, a, x[0], 0xe9b6c7aa, 20 );
    MD5_STEP( MD5_G, a, b, c, d, x[5], 0xd62f105d, 5 );   MD5_STEP( MD5_G, d, a, b, c, x[10], 0x02441453, 9 );
    MD5_STEP( MD5_G, c, d, a, b, x[15], 0xd8a1e681, 14 ); MD5_STEP( MD5_G, b, c, d, a, x[4], 0xe7d3fbc8, 20 );
    MD5_STEP( MD5_G, a, b, c, d, x[9], 0x21e1cde6, 5 );   MD5_STEP( MD5_G, d, a, b, c, x[14], 0xc33707d6, 9 );
    MD5_STEP( MD5_G, c, d, a, b, x[3], 0xf4d50d87, 14 );  MD5_STEP( MD5_G, b, c, d, a, x[8], 0x455a14ed, 20 );
    MD5_STEP( MD5_G, a, b, c, d, x[13], 0xa9e3e905, 5 );  MD5_STEP( MD5_G, d, a, b, c, x[2], 0xfcefa3f8, 9 );
    MD5_STEP( MD5_G, c, d, a, b, x[7], 0x676f02d9, 14 );  MD5_STEP( MD5_G, b, c, d, a, x[12], 0x8d2a4c8a, 20 );

    MD5_STEP( MD5_H, a, b, c, d, x[5], 0xfffa3942, 4 );   MD5_STEP( MD5_H, d, a, b, c, x[8], 0x8771f681, 11 );
    MD5_STEP( MD5_H, c, d, a, b, x[11], 0x6d9d6122, 16 ); MD5_STEP( MD5_H, b, c, d, a, x[14], 0xfde5380c, 23 );
    MD5_STEP( MD5_H, a, b, c, d, x[1], 0xa4beea44, 4 );   MD5_STEP( MD5_H, d, a, b, c, x[4], 0x4bdecfa9, 11 );
    MD5_STEP( MD5_H, c, d, a, b, x[7], 0xf6bb4b60, 16 );  MD5_STEP( MD5_H, b, c, d, a, x[10], 0xbebfbc70, 23 );
    MD5_STEP( MD5_H, a, b, c, d, x[13], 0x289b7ec6, 4 );  MD5_STEP( MD5_H, d, a, b, c, x[0], 0xeaa127fa, 11 );
    MD5_STEP( MD5_H, c, d, a, b, x[3], 0xd4ef3085, 16 );  MD5_STEP( MD5_H, b, c, d, a, x[6], 0x04881d05, 23 );
    MD5_STEP( MD5_H, a, b, c, d, x[9], 0xd9d4d039, 4 );   MD5_STEP( MD5_H, d, a, b, c, x[12], 0xe6db99e5, 11 );
    MD5_STEP( MD5_H, c, d, a, b, x[15], 0x1fa27cf8, 16 ); MD5_STEP( MD5_H, b, c, d, a, x[2], 0xc4ac5665, 23 );

    MD5_STEP( MD5_I, a, b, c, d, x[0], 0xf4292244, 6 );   MD5_STEP( MD5_I, d, a, b, c, x[7], 0x432aff97, 10 );
    MD5_STEP( MD5_I, c, d, a, b, x[14], 0xab9423a7, 15 ); MD5_STEP( MD5_I, b, c, d, a, x[5], 0xfc93a039, 21 );
    MD5_STEP( MD5_I, a, b, c, d, x[12], 0x655b59c3, 6 );  MD5_STEP( MD5_I, d, a, b, c, x[3], 0x8f0ccc92, 10 );
    MD5_STEP( MD5_I, c, d, a, b, x[10], 0xffeff47d, 15 ); MD5_STEP( MD5_I, b, c, d, a, x[1], 0x85845dd1, 21 );
    MD5_STEP( MD5_I, a, b, c, d, x[8], 0x6fa87e4f, 6 );   MD5_STEP( MD5_I, d, a, b, c, x[15], 0xfe2ce6e0, 10 );
    MD5_STEP( MD5_I, c, d, a, b, x[6], 0xa3014314, 15 );  MD5_STEP( MD5_I, b, c, d, a, x[13], 0x4e0811a1, 21 );
    MD5_STEP( MD5_I, a, b, c, d, x[4], 0xf7537e82, 6 );   MD5_STEP( MD5_I, d, a, b, c, x[11], 0xbd3af235, 10 );
    MD5_STEP( MD5_I, c, d, a, b, x[2], 0x2ad7d2bb, 15 );  MD5_STEP( MD5_I, b, c, d, a, x[9], 0xeb86d391, 21 );

    state[0] += a; state[1] += b; state[2] += c; state[3] += d;
}

static void md_init( struct md_ctx *ctx, int is_md4 )
{
    ctx->state[0] = 0x67452301;
    ctx->state[1] = 0xefcdab89;
    ctx->state[2] = 0x98badcfe;
    ctx->state[3] = 0x10325476;
    ctx->length = 0;
    ctx->used = 0;
    ctx->md4 = is_md4;
}

void md4_init( struct md_ctx *ctx ) { md_init( ctx, 1 ); }
void md5_init( struct md_ctx *ctx ) { md_init( ctx, 0 ); }

static void md_transform( struct md_ctx *ctx, const uint8_t block[64] )
{
    if (ctx->md4) md4_transform( ctx->state, block );
    else md5_transform( ctx->state, block );
}

void md_update( struct md_ctx *ctx, const void *data, size_t len )
{
    const uint8_t *p = data;
    size_t n;

    if (!len) return;
    ctx->length += len;
    if (ctx->used)
    {
        n = 64 - ctx->used < len ? 64 - ctx->used : len;
        memcpy( ctx->block + ctx->used, p, n );
        ctx->used += n;
        p += n;
        len -= n;
        if (ctx->used < 64) return;
        md_transform( ctx, ctx->block );
        ctx->used = 0;
    }
    for (; len >= 64; p += 64, len -= 64) md_transform( ctx, p );
    memcpy( ctx->block, p, len );
    ctx->used = len;
}

void md_final( struct md_ctx *ctx, uint8_t digest[16] )
{
    uint64_t bits = ctx->length * 8;
    int i;

    ctx->block[ctx->used++] = 0x80;
    if (ctx->used > 56)
    {
        memset( ctx->block + ctx->used, 0, 64 - ctx->used );
        md_transform( ctx, ctx->block );
        ctx->used = 0;
    }
    memset( ctx->block + ctx->used, 0, 56 - ctx->used );
    for (i = 0; i < 8; i++) ctx->block[56 + i] = bits >> (8 * i);
    md_transform( ctx, ctx->block );
    for (i = 0; i < 4; i++) put_le32( digest + 4 * i, ctx->state[i] );
    secure_zero( ctx, sizeof(*ctx) );
}

void md4( const void *data, size_t len, uint8_t digest[16] )
{
    struct md_ctx ctx;
    md4_init( &ctx );
    md_update( &ctx, data, len );
    md_final( &ctx, digest );
}

void md5( const void *data, size_t len, uint8_t digest[16] )
{
    struct md_ctx ctx;
    md5_init( &ctx );
    md_update( &ctx, data, len );
    md_final( &ctx, digest );
}

void hmac_md5_init( struct hmac_md5_ctx *ctx, const uint8_t *key, size_t key_len )
{
    uint8_t ipad[64], hashed[16];
    int i;

    if (key_len > 64)
    {
        md5( key, key_len, hashed );
        key = hashed;
        key_len = 16;
    }
    memset( ipad, 0x36, 64 );
    memset( ctx->opad, 0x5c, 64 );
    for (i = 0; i < (int)key_len; i++)
    {
        ipad[i] ^= key[i];
        ctx->opad[i] ^= key[i];
    }
    md5_init( &ctx->inner );
    md_update( &ctx->inner, ipad, 64 );
    secure_zero( ipad, sizeof(ipad) );
    secure_zero( hashed, sizeof(hashed) );
}

void hmac_md5_update( struct hmac_md5_ctx *ctx, const void *data, size_t len )
{
    md_update( &ctx->inner, data, len );
}

void hmac_md5_final( struct hmac_md5_ctx *ctx, uint8_t mac[16] )
{
    struct md_ctx outer;
    uint8_t inner[16];

    md_final( &ctx->inner, inner );
    md5_init( &outer );
    md_update( &outer, ctx->opad, 64 );
    md_update( &outer, inner, 16 );
    md_final( &outer, mac );
    secure_zero( ctx, sizeof(*ctx) );
    secure_zero( inner, sizeof(inner) );
}

void hmac_md5( const uint8_t *key, size_t key_len, const void *data, size_t len, uint8_t mac[16] )
{
    struct hmac_md5_ctx ctx;
    hmac_md5_init( &ctx, key, key_len );
    hmac_md5_update( &ctx, data, len );
    hmac_md5_final( &ctx, mac );
}

void rc4_init( struct rc4 *rc4, const uint8_t *key, size_t key_len )
{
    unsigned int i, j = 0;
    uint32_t t;

    for (i = 0; i < 256; i++) rc4->s[i] = i;
    for (i = 0; i < 256; i++)
    {
        j = (j + rc4->s[i] + key[i % key_len]) & 0xff;
        t = rc4->s[i];
        rc4->s[i] = rc4->s[j];
        rc4->s[j] = t;
    }
    rc4->i = rc4->j = 0;
}

/* One RC4 output byte; the state is kept in words, which x86 reads and writes
 * faster than bytes, and the loop is unrolled for the same reason. */
#define RC4_STEP( n ) \
    do { \
        i = (i + 1) & 0xff; x = s[i]; j = (j + x) & 0xff; y = s[j]; s[i] = y; s[j] = x; \
        out[n] = in[n] ^ (uint8_t)s[(x + y) & 0xff]; \
    } while (0)

void rc4_crypt( struct rc4 *rc4, const uint8_t *in, uint8_t *out, size_t len )
{
    uint32_t i = rc4->i, j = rc4->j, x, y, *s = rc4->s;

    for (; len >= 8; in += 8, out += 8, len -= 8)
    {
        RC4_STEP( 0 ); RC4_STEP( 1 ); RC4_STEP( 2 ); RC4_STEP( 3 );
        RC4_STEP( 4 ); RC4_STEP( 5 ); RC4_STEP( 6 ); RC4_STEP( 7 );
    }
    for (; len; in++, out++, len--) RC4_STEP( 0 );
    rc4->i = i;
    rc4->j = j;
}

/* MD5 and RC4 in one pass: one RC4 byte after each of the 64 steps of an MD5
 * block. The two dependency chains are independent, so the processor runs
 * them side by side: sealing costs about the slower of the two, not their sum. */
#define MD5_RC4_STEP( f, a, b, c, d, xk, k, sh, n ) \
    do { MD5_STEP( f, a, b, c, d, xk, k, sh ); RC4_STEP( n ); } while (0)

/* Hashes the 64 bytes at BLOCK and RC4s the 64 at IN into OUT; BLOCK is read first. */
static void md5_rc4_block( uint32_t state[4], const uint8_t *block, struct rc4 *rc4, const uint8_t *in, uint8_t *out )
{
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3], w[16];
    uint32_t i = rc4->i, j = rc4->j, x, y, *s = rc4->s;
    int k;

    for (k = 0; k < 16; k++) w[k] = get_le32( block + 4 * k );

    MD5_RC4_STEP( MD5_F, a, b, c, d, w[0], 0xd76aa478, 7, 0 );   MD5_RC4_STEP( MD5_F, d, a, b, c, w[1], 0xe8c7b756, 12, 1 );
    MD5_RC4_STEP( MD5_F, c, d, a, b, w[2], 0x242070db, 17, 2 );  MD5_RC4_STEP( MD5_F, b, c, d, a, w[3], 0xc1bdceee, 22, 3 );
    MD5_RC4_STEP( MD5_F, a, b, c, d, w[4], 0xf57c0faf, 7, 4 );   MD5_RC4_STEP( MD5_F, d, a, b, c, w[5], 0x4787c62a, 12, 5 );
    MD5_RC4_STEP( MD5_F, c, d, a, b, w[6], 0xa8304613, 17, 6 );  MD5_RC4_STEP( MD5_F, b, c, d, a, w[7], 0xfd469501, 22, 7 );
    MD5_RC4_STEP( MD5_F, a, b, c, d, w[8], 0x698098d8, 7, 8 );   MD5_RC4_STEP( MD5_F, d, a, b, c, w[9], 0x8b44f7af, 12, 9 );
    MD5_RC4_STEP( MD5_F, c, d, a, b, w[10], 0xffff5bb1, 17, 10 ); MD5_RC4_STEP( MD5_F, b, c, d, a, w[11], 0x895cd7be, 22, 11 );
    MD5_RC4_STEP( MD5_F, a, b, c, d, w[12], 0x6b901122, 7, 12 );  MD5_RC4_STEP( MD5_F, d, a, b, c, w[13], 0xfd987193, 12, 13 );
    MD5_RC4_STEP( MD5_F, c, d, a, b, w[14], 0xa679438e, 17, 14 ); MD5_RC4_STEP( MD5_F, b, c, d, a, w[15], 0x49b40821, 22, 15 );

    MD5_RC4_STEP( MD5_G, a, b, c, d, w[1], 0xf61e2562, 5, 16 );   MD5_RC4_STEP( MD5_G, d, a, b, c, w[6], 0xc040b340, 9, 17 );
    MD5_RC4_STEP( MD5_G, c, d, a, b, w[11], 0x265e5a51, 14, 18 ); MD5_RC4_STEP( MD5_G, b, c, d, a, w[0], 0xe9b6c7aa, 20, 19 );
    MD5_RC4_STEP( MD5_G, a, b, c, d, w[5], 0xd62f105d, 5, 20 );   MD5_RC4_STEP( MD5_G, d, a, b, c, w[10], 0x02441453, 9, 21 );
    MD5_RC4_STEP( MD5_G, c, d, a, b, w[15], 0xd8a1e681, 14, 22 ); MD5_RC4_STEP( MD5_G, b, c, d, a, w[4], 0xe7d3fbc8, 20, 23 );
    MD5_RC4_STEP( MD5_G, a, b, c, d, w[9], 0x21e1cde6, 5, 24 );   MD5_RC4_STEP( MD5_G, d, a, b, c, w[14], 0xc33707d6, 9, 25 );
    MD5_RC4_STEP( MD5_G, c, d, a, b, w[3], 0xf4d50d87, 14, 26 );  MD5_RC4_STEP( MD5_G, b, c, d, a, w[8], 0x455a14ed, 20, 27 );
    MD5_RC4_STEP( MD5_G, a, b, c, d, w[13], 0xa9e3e905, 5, 28 );  MD5_RC4_STEP( MD5_G, d, a, b, c, w[2], 0xfcefa3f8, 9, 29 );
    MD5_RC4_STEP( MD5_G, c, d, a, b, w[7], 0x676f02d9, 14, 30 );  MD5_RC4_STEP( MD5_G, b, c, d, a, w[12], 0x8d2a4c8a, 20, 31 );

    MD5_RC4_STEP( MD5_H, a, b, c, d, w[5], 0xfffa3942, 4, 32 );   MD5_RC4_STEP( MD5_H, d, a, b, c, w[8], 0x8771f681, 11, 33 );
    MD5_RC4_STEP( MD5_H, c, d, a, b, w[11], 0x6d9d6122, 16, 34 ); MD5_RC4_STEP( MD5_H, b, c, d, a, w[14], 0xfde5380c, 23, 35 );
    MD5_RC4_STEP( MD5_H, a, b, c, d, w[1], 0xa4beea44, 4, 36 );   MD5_RC4_STEP( MD5_H, d, a, b, c, w[4], 0x4bdecfa9, 11, 37 );
    MD5_RC4_STEP( MD5_H, c, d, a, b, w[7], 0xf6bb4b60, 16, 38 );  MD5_RC4_STEP( MD5_H, b, c, d, a, w[10], 0xbebfbc70, 23, 39 );
    MD5_RC4_STEP( MD5_H, a, b, c, d, w[13], 0x289b7ec6, 4, 40 );  MD5_RC4_STEP( MD5_H, d, a, b, c, w[0], 0xeaa127fa, 11, 41 );
    MD5_RC4_STEP( MD5_H, c, d, a, b, w[3], 0xd4ef3085, 16, 42 );  MD5_RC4_STEP( MD5_H, b, c, d, a, w[6], 0x04881d05, 23, 43 );
    MD5_RC4_STEP( MD5_H, a, b, c, d, w[9], 0xd9d4d039, 4, 44 );   MD5_RC4_STEP( MD5_H, d, a, b, c, w[12], 0xe6db99e5, 11, 45 );
    MD5_RC4_STEP( MD5_H, c, d, a, b, w[15], 0x1fa27cf8, 16, 46 ); MD5_RC4_STEP( MD5_H, b, c, d, a, w[2], 0xc4ac5665, 23, 47 );

    MD5_RC4_STEP( MD5_I, a, b, c, d, w[0], 0xf4292244, 6, 48 );   MD5_RC4_STEP( MD5_I, d, a, b, c, w[7], 0x432aff97, 10, 49 );
    MD5_RC4_STEP( MD5_I, c, d, a, b, w[14], 0xab9423a7, 15, 50 ); MD5_RC4_STEP( MD5_I, b, c, d, a, w[5], 0xfc93a039, 21, 51 );
    MD5_RC4_STEP( MD5_I, a, b, c, d, w[12], 0x655b59c3, 6, 52 );  MD5_RC4_STEP( MD5_I, d, a, b, c, w[3], 0x8f0ccc92, 10, 53 );
    MD5_RC4_STEP( MD5_I, c, d, a, b, w[10], 0xffeff47d, 15, 54 ); MD5_RC4_STEP( MD5_I, b, c, d, a, w[1], 0x85845dd1, 21, 55 );
    MD5_RC4_STEP( MD5_I, a, b, c, d, w[8], 0x6fa87e4f, 6, 56 );   MD5_RC4_STEP( MD5_I, d, a, b, c, w[15], 0xfe2ce6e0, 10, 57 );
    MD5_RC4_STEP( MD5_I, c, d, a, b, w[6], 0xa3014314, 15, 58 );  MD5_RC4_STEP( MD5_I, b, c, d, a, w[13], 0x4e0811a1, 21, 59 );
    MD5_RC4_STEP( MD5_I, a, b, c, d, w[4], 0xf7537e82, 6, 60 );   MD5_RC4_STEP( MD5_I, d, a, b, c, w[11], 0xbd3af235, 10, 61 );
    MD5_RC4_STEP( MD5_I, c, d, a, b, w[2], 0x2ad7d2bb, 15, 62 );  MD5_RC4_STEP( MD5_I, b, c, d, a, w[9], 0xeb86d391, 21, 63 );

    state[0] += a; state[1] += b; state[2] += c; state[3] += d;
    rc4->i = i;
    rc4->j = j;
}

/* A piece of MD5_RC4_UPDATE done one after the other. */
static void md5_rc4_apart( struct md_ctx *ctx, struct rc4 *rc4, uint8_t *data, size_t len, int decrypt )
{
    if (decrypt) rc4_crypt( rc4, data, data, len );
    md_update( ctx, data, len );
    if (!decrypt) rc4_crypt( rc4, data, data, len );
}

void md5_rc4_update( struct md_ctx *ctx, struct rc4 *rc4, uint8_t *data, size_t len, int decrypt )
{
    size_t blocks, head = ctx->used ? 64 - ctx->used : 0;

    if (head > len) head = len;
    md5_rc4_apart( ctx, rc4, data, head, decrypt );
    data += head;
    len -= head;
    if ((blocks = len / 64))
    {
        size_t n;

        ctx->length += blocks * 64;
        if (!decrypt)
        {
            for (n = 0; n < blocks; n++, data += 64) md5_rc4_block( ctx->state, data, rc4, data, data );
        }
        else
        {
            /* the plaintext is hashed a block behind the decryption */
            rc4_crypt( rc4, data, data, 64 );
            for (n = 1; n < blocks; n++, data += 64) md5_rc4_block( ctx->state, data, rc4, data + 64, data + 64 );
            md5_transform( ctx->state, data );
            data += 64;
        }
        len -= blocks * 64;
    }
    md5_rc4_apart( ctx, rc4, data, len, decrypt );
}

/* DES, bit-by-bit from the FIPS 46-3 tables (bit 1 is the most significant). */

static const uint8_t des_ip[64] =
{
    58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4,
    62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
    57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3,
    61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
};

static const uint8_t des_fp[64] =
{
    40, 8, 48, 16, 56, 24, 64, 32, 39, 7, 47, 15, 55, 23, 63, 31,
    38, 6, 46, 14, 54, 22, 62, 30, 37, 5, 45, 13, 53, 21, 61, 29,
    36, 4, 44, 12, 52, 20, 60, 28, 35, 3, 43, 11, 51, 19, 59, 27,
    34, 2, 42, 10, 50, 18, 58, 26, 33, 1, 41, 9, 49, 17, 57, 25,
};

static const uint8_t des_e[48] =
{
    32, 1, 2, 3, 4, 5, 4, 5, 6, 7, 8, 9, 8, 9, 10, 11, 12, 13, 12, 13, 14, 15, 16, 17,
    16, 17, 18, 19, 20, 21, 20, 21, 22, 23, 24, 25, 24, 25, 26, 27, 28, 29, 28, 29, 30, 31, 32, 1,
};

static const uint8_t des_p[32] =
{
    16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10,
    2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25,
};

static const uint8_t des_pc1[56] =
{
    57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
    63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
};

static const uint8_t des_pc2[48] =
{
    14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
    41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
};

static const uint8_t des_shifts[16] = { 1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1 };

static const uint8_t des_s[8][64] =
{
    { 14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7, 0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
      4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0, 15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13 },
    { 15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10, 3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
      0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15, 13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9 },
    { 10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8, 13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
      13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7, 1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12 },
    { 7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15, 13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
      10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4, 3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14 },
    { 2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9, 14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
      4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14, 11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3 },
    { 12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11, 10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
      9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6, 4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13 },
    { 4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1, 13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
      1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2, 6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12 },
    { 13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7, 1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
      7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8, 2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11 },
};

/* Output bit i (from the top of an OUT_BITS-wide value) is input bit table[i] of an IN_BITS-wide value. */
static uint64_t permute( uint64_t in, const uint8_t *table, int out_bits, int in_bits )
{
    uint64_t out = 0;
    int i;

    for (i = 0; i < out_bits; i++) out = (out << 1) | ((in >> (in_bits - table[i])) & 1);
    return out;
}

static uint32_t des_f( uint32_t r, uint64_t subkey )
{
    uint64_t x = permute( r, des_e, 48, 32 ) ^ subkey;
    uint32_t out = 0;
    int i;

    for (i = 0; i < 8; i++)
    {
        unsigned int six = (x >> (42 - 6 * i)) & 0x3f;
        unsigned int row = ((six & 0x20) >> 4) | (six & 1), col = (six >> 1) & 0xf;
        out = (out << 4) | des_s[i][row * 16 + col];
    }
    return permute( out, des_p, 32, 32 );
}

void des7_encrypt( const uint8_t key7[7], const uint8_t in[8], uint8_t out[8] )
{
    uint64_t bits = 0, key = 0, block = 0, cd;
    uint32_t c, d, l, r, t;
    int i, round;

    /* spread the 56 key bits over 8 bytes, leaving the (ignored) parity bits 0 */
    for (i = 0; i < 7; i++) bits = (bits << 8) | key7[i];
    for (i = 0; i < 8; i++) key |= ((bits >> (49 - 7 * i)) & 0x7f) << (57 - 8 * i);
    for (i = 0; i < 8; i++) block = (block << 8) | in[i];

    cd = permute( key, des_pc1, 56, 64 );
    c = cd >> 28;
    d = cd & 0x0fffffff;
    block = permute( block, des_ip, 64, 64 );
    l = block >> 32;
    r = block & 0xffffffff;
    for (round = 0; round < 16; round++)
    {
        c = ((c << des_shifts[round]) | (c >> (28 - des_shifts[round]))) & 0x0fffffff;
        d = ((d << des_shifts[round]) | (d >> (28 - des_shifts[round]))) & 0x0fffffff;
        t = r;
        r = l ^ des_f( r, permute( ((uint64_t)c << 28) | d, des_pc2, 48, 56 ) );
        l = t;
    }
    block = permute( ((uint64_t)r << 32) | l, des_fp, 64, 64 );
    for (i = 0; i < 8; i++) out[i] = block >> (56 - 8 * i);
}

uint32_t crc32( uint32_t crc, const void *data, size_t len )
{
    const uint8_t *p = data;
    int k;

    crc = ~crc;
    while (len--)
    {
        crc ^= *p++;
        for (k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xedb88320 & (0 - (crc & 1)));
    }
    return ~crc;
}

void secure_zero( void *ptr, size_t len )
{
    volatile uint8_t *p = ptr;
    while (len--) *p++ = 0;
}

int const_time_cmp( const void *a, const void *b, size_t len )
{
    const volatile uint8_t *x = a, *y = b;
    uint8_t diff = 0;

    while (len--) diff |= *x++ ^ *y++;
    return diff;
}
