/*
 * Windows key blobs to PKCS#1 and SEC1 DER (see tls_keys.h).
 */
#include <string.h>

#include "der.h"
#include "tls_keys.h"

/* Writes into OUT when there is one, and counts either way. */
struct writer
{
    uint8_t *out;
    size_t   pos;
};

static void put( struct writer *w, const void *data, size_t len )
{
    if (w->out && len) memcpy( w->out + w->pos, data, len );
    w->pos += len;
}

static void put_header( struct writer *w, uint8_t tag, size_t len )
{
    uint8_t header[8];
    put( w, header, der_write_header( header, tag, len ) );
}

/* An unsigned big-endian number as an INTEGER: no leading zeros but one
 * before a high bit. BIG_ENDIAN false reverses the input. */
static size_t integer_size( const uint8_t *num, size_t len, int big_endian )
{
    size_t skip = 0, body;

    while (skip < len && !num[big_endian ? skip : len - 1 - skip]) skip++;
    body = len - skip;
    if (!body) return 3;  /* INTEGER 0 */
    if (num[big_endian ? skip : len - 1 - skip] & 0x80) body++;
    return der_header_size( body ) + body;
}

static void put_integer( struct writer *w, const uint8_t *num, size_t len, int big_endian )
{
    size_t skip = 0, i, body;
    uint8_t zero = 0;

    while (skip < len && !num[big_endian ? skip : len - 1 - skip]) skip++;
    body = len - skip;
    if (!body)
    {
        put_header( w, DER_INTEGER, 1 );
        put( w, &zero, 1 );
        return;
    }
    put_header( w, DER_INTEGER, body + !!(num[big_endian ? skip : len - 1 - skip] & 0x80) );
    if (num[big_endian ? skip : len - 1 - skip] & 0x80) put( w, &zero, 1 );
    if (big_endian) put( w, num + skip, body );
    else for (i = 0; i < body; i++) put( w, &num[len - 1 - skip - i], 1 );
}

/* The parts of an RSA key, in PKCS#1 order after the version. */
struct rsa_parts
{
    const uint8_t *part[8];   /* n, e, d, p, q, dp, dq, qinv */
    size_t         len[8];
    int            big_endian;
};

static size_t write_pkcs1( const struct rsa_parts *rsa, uint8_t *out )
{
    static const uint8_t version = 0;
    struct writer w = { out, 0 };
    size_t content = 3, i;

    for (i = 0; i < 8; i++) content += integer_size( rsa->part[i], rsa->len[i], rsa->big_endian );
    put_header( &w, DER_SEQUENCE, content );
    put_integer( &w, &version, 1, 1 );
    for (i = 0; i < 8; i++) put_integer( &w, rsa->part[i], rsa->len[i], rsa->big_endian );
    return w.pos;
}

static uint32_t le32( const uint8_t *p )
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

size_t tls_key_from_capi_rsa( const uint8_t *blob, size_t len, uint8_t *out )
{
    static const uint8_t rsa2[4] = { 'R', 'S', 'A', '2' };
    struct rsa_parts rsa = { .big_endian = 0 };
    uint8_t pubexp[4];
    size_t bytes, half, pos;

    /* BLOBHEADER (8): bType PRIVATEKEYBLOB (7), bVersion 2; RSAPUBKEY (12): magic, bitlen, pubexp */
    if (len < 20 || blob[0] != 7 || blob[1] != 2 || memcmp( blob + 8, rsa2, 4 )) return 0;
    bytes = le32( blob + 12 ) / 8;
    half = (le32( blob + 12 ) + 15) / 16;
    if (!bytes || bytes > 2048 || len < 20 + bytes * 2 + half * 5) return 0;
    memcpy( pubexp, blob + 16, 4 );

    pos = 20;
    rsa.part[0] = blob + pos; rsa.len[0] = bytes; pos += bytes;   /* modulus */
    rsa.part[1] = pubexp;     rsa.len[1] = 4;
    rsa.part[3] = blob + pos; rsa.len[3] = half; pos += half;     /* prime1 */
    rsa.part[4] = blob + pos; rsa.len[4] = half; pos += half;     /* prime2 */
    rsa.part[5] = blob + pos; rsa.len[5] = half; pos += half;     /* exponent1 */
    rsa.part[6] = blob + pos; rsa.len[6] = half; pos += half;     /* exponent2 */
    rsa.part[7] = blob + pos; rsa.len[7] = half; pos += half;     /* coefficient */
    rsa.part[2] = blob + pos; rsa.len[2] = bytes;                 /* privateExponent */
    return write_pkcs1( &rsa, out );
}

static const uint8_t oid_p256[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };
static const uint8_t oid_p384[] = { 0x2b, 0x81, 0x04, 0x00, 0x22 };
static const uint8_t oid_p521[] = { 0x2b, 0x81, 0x04, 0x00, 0x23 };

/* BCRYPT_ECCPRIVATE_BLOB: magic, cbKey, X, Y, d. */
static size_t ecc_to_sec1( const uint8_t *blob, size_t len, uint8_t *out )
{
    static const uint8_t version = 1, uncompressed = 4, no_unused_bits = 0;
    const uint8_t *oid;
    size_t key_len, oid_len, point_len, content;
    struct writer w = { out, 0 };

    switch (le32( blob ))
    {
    case 0x32534345: case 0x324b4345: oid = oid_p256; oid_len = sizeof(oid_p256); break;  /* ECS2, ECK2 */
    case 0x34534345: case 0x344b4345: oid = oid_p384; oid_len = sizeof(oid_p384); break;  /* ECS4, ECK4 */
    case 0x36534345: case 0x364b4345: oid = oid_p521; oid_len = sizeof(oid_p521); break;  /* ECS6, ECK6 */
    default: return 0;
    }
    key_len = le32( blob + 4 );
    if (!key_len || key_len > 66 || len < 8 + 3 * key_len) return 0;
    point_len = 2 + 2 * key_len;   /* unused-bits octet, 04, X, Y */

    content = 3 + der_header_size( key_len ) + key_len +
              der_header_size( der_header_size( oid_len ) + oid_len ) + der_header_size( oid_len ) + oid_len +
              der_header_size( der_header_size( point_len ) + point_len ) + der_header_size( point_len ) + point_len;
    put_header( &w, DER_SEQUENCE, content );
    put_header( &w, DER_INTEGER, 1 );
    put( &w, &version, 1 );
    put_header( &w, DER_OCTET_STRING, key_len );
    put( &w, blob + 8 + 2 * key_len, key_len );
    put_header( &w, DER_CONTEXT(0), der_header_size( oid_len ) + oid_len );
    put_header( &w, DER_OID, oid_len );
    put( &w, oid, oid_len );
    put_header( &w, DER_CONTEXT(1), der_header_size( point_len ) + point_len );
    put_header( &w, DER_BIT_STRING, point_len );
    put( &w, &no_unused_bits, 1 );
    put( &w, &uncompressed, 1 );
    put( &w, blob + 8, 2 * key_len );
    return w.pos;
}

size_t tls_key_from_bcrypt( const uint8_t *blob, size_t len, uint8_t *out )
{
    struct rsa_parts rsa = { .big_endian = 1 };
    size_t sizes[5], pos, i;

    if (len < 8) return 0;
    if (le32( blob ) != 0x33415352) return ecc_to_sec1( blob, len, out );  /* not "RSA3": elliptic */

    /* BCRYPT_RSAKEY_BLOB: Magic, BitLength, cbPublicExp, cbModulus, cbPrime1, cbPrime2 */
    if (len < 24) return 0;
    for (i = 0; i < 4; i++) sizes[i] = le32( blob + 8 + 4 * i );
    if (!sizes[0] || sizes[0] > 8 || !sizes[1] || sizes[1] > 2048 || !sizes[2] || sizes[2] > 1024 ||
        !sizes[3] || sizes[3] > 1024)
        return 0;
    if (len < 24 + sizes[0] + 2 * sizes[1] + 3 * sizes[2] + 2 * sizes[3]) return 0;
    pos = 24;
    rsa.part[1] = blob + pos; rsa.len[1] = sizes[0]; pos += sizes[0];   /* public exponent */
    rsa.part[0] = blob + pos; rsa.len[0] = sizes[1]; pos += sizes[1];   /* modulus */
    rsa.part[3] = blob + pos; rsa.len[3] = sizes[2]; pos += sizes[2];   /* prime1 */
    rsa.part[4] = blob + pos; rsa.len[4] = sizes[3]; pos += sizes[3];   /* prime2 */
    rsa.part[5] = blob + pos; rsa.len[5] = sizes[2]; pos += sizes[2];   /* exponent1 */
    rsa.part[6] = blob + pos; rsa.len[6] = sizes[3]; pos += sizes[3];   /* exponent2 */
    rsa.part[7] = blob + pos; rsa.len[7] = sizes[2]; pos += sizes[2];   /* coefficient */
    rsa.part[2] = blob + pos; rsa.len[2] = sizes[1];                    /* privateExponent */
    return write_pkcs1( &rsa, out );
}
