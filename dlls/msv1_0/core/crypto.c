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

static const uint32_t md5_k[64] =
{
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

static void md5_transform( uint32_t state[4], const uint8_t block[64] )
{
    static const int s[4][4] = { { 7, 12, 17, 22 }, { 5, 9, 14, 20 }, { 4, 11, 16, 23 }, { 6, 10, 15, 21 } };
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3], x[16], f, t;
    int i, g;

    for (i = 0; i < 16; i++) x[i] = get_le32( block + 4 * i );
    for (i = 0; i < 64; i++)
    {
        switch (i / 16)
        {
        case 0:  f = (b & c) | (~b & d); g = i; break;
        case 1:  f = (d & b) | (~d & c); g = (5 * i + 1) % 16; break;
        case 2:  f = b ^ c ^ d;          g = (3 * i + 5) % 16; break;
        default: f = c ^ (b | ~d);       g = (7 * i) % 16; break;
        }
        t = d;
        d = c;
        c = b;
        b = b + ROTL( a + f + md5_k[i] + x[g], s[i / 16][i % 4] );
        a = t;
    }
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
    uint8_t t;

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

void rc4_crypt( struct rc4 *rc4, const uint8_t *in, uint8_t *out, size_t len )
{
    uint8_t i = rc4->i, j = rc4->j, t, *s = rc4->s;
    size_t n;

    for (n = 0; n < len; n++)
    {
        i++;
        j += s[i];
        t = s[i];
        s[i] = s[j];
        s[j] = t;
        out[n] = in[n] ^ s[(uint8_t)(s[i] + s[j])];
    }
    rc4->i = i;
    rc4->j = j;
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
