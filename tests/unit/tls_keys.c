/*
 * Unit tests of Windows key blobs to DER: keys made by GnuTLS, written as
 * Windows exports them, converted, read back by GnuTLS and checked.
 */
#include <stdlib.h>
#include <string.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "tls_keys.h"
#include "wine/test.h"

/* BIG-endian NUM, left-padded or trimmed to LEN bytes, in the byte order asked for. */
static void put_num( uint8_t *out, const gnutls_datum_t *num, size_t len, int little_endian )
{
    size_t lead = 0, i;

    while (num->size - lead > len && !num->data[lead]) lead++;
    memset( out, 0, len );
    memcpy( out + len - (num->size - lead), num->data + lead, num->size - lead );
    if (little_endian)
        for (i = 0; i < len / 2; i++)
        {
            uint8_t t = out[i];
            out[i] = out[len - 1 - i];
            out[len - 1 - i] = t;
        }
}

static void put_le32( uint8_t *p, uint32_t v )
{
    p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24;
}

/* The modulus, primes, exponents, coefficient and private exponent of an RSA
 * key of BYTES bytes, in the order both Windows blob formats keep them; returns their size. */
static size_t put_private_parts( uint8_t *out, const gnutls_datum_t *parts[7], size_t bytes, int little_endian )
{
    size_t pos = 0, len;
    int i;

    for (i = 0; i < 7; i++)
    {
        len = i == 0 || i == 6 ? bytes : bytes / 2;
        put_num( out + pos, parts[i], len, little_endian );
        pos += len;
    }
    return pos;
}

/* Imports DER and checks it is a consistent key with the same private part. */
static void check_der( const uint8_t *der, size_t len, gnutls_x509_privkey_t orig )
{
    gnutls_datum_t datum = { (unsigned char *)der, len };
    gnutls_x509_privkey_t key;
    uint8_t a[4096], b[4096];
    size_t a_len = sizeof(a), b_len = sizeof(b);

    gnutls_x509_privkey_init( &key );
    ok( !gnutls_x509_privkey_import( key, &datum, GNUTLS_X509_FMT_DER ), "import\n" );
    ok( !gnutls_x509_privkey_verify_params( key ), "inconsistent key\n" );
    ok( !gnutls_x509_privkey_get_key_id( key, 0, a, &a_len ) && !gnutls_x509_privkey_get_key_id( orig, 0, b, &b_len ) &&
        a_len == b_len && !memcmp( a, b, a_len ), "a different key\n" );
    gnutls_x509_privkey_deinit( key );
}

static void test_rsa(void)
{
    gnutls_x509_privkey_t key;
    gnutls_datum_t m, e, d, p, q, u, e1, e2;
    const gnutls_datum_t *parts[] = { &m, &p, &q, &e1, &e2, &u, &d };
    uint8_t blob[4096], der[4096];
    size_t bytes = 256, half = 128, pos, len;

    gnutls_x509_privkey_init( &key );
    ok( !gnutls_x509_privkey_generate( key, GNUTLS_PK_RSA, 2048, 0 ), "generate\n" );
    ok( !gnutls_x509_privkey_export_rsa_raw2( key, &m, &e, &d, &p, &q, &u, &e1, &e2 ), "export\n" );

    /* CryptoAPI PRIVATEKEYBLOB */
    memset( blob, 0, sizeof(blob) );
    blob[0] = 7; blob[1] = 2;
    put_le32( blob + 4, 0xa400 );  /* CALG_RSA_KEYX */
    memcpy( blob + 8, "RSA2", 4 );
    put_le32( blob + 12, 2048 );
    put_num( blob + 16, &e, 4, 1 );
    pos = 20 + put_private_parts( blob + 20, parts, bytes, 1 );
    len = tls_key_from_capi_rsa( blob, pos, NULL );
    ok( len && len < sizeof(der) && tls_key_from_capi_rsa( blob, pos, der ) == len, "CAPI: %zu\n", len );
    check_der( der, len, key );
    ok( !tls_key_from_capi_rsa( blob, pos - 1, NULL ), "truncated CAPI blob accepted\n" );
    blob[8] = 'X';
    ok( !tls_key_from_capi_rsa( blob, pos, NULL ), "public or foreign blob accepted\n" );

    /* CNG BCRYPT_RSAFULLPRIVATE_BLOB */
    memset( blob, 0, sizeof(blob) );
    memcpy( blob, "RSA3", 4 );
    put_le32( blob + 4, 2048 );
    put_le32( blob + 8, 3 );
    put_le32( blob + 12, bytes );
    put_le32( blob + 16, half );
    put_le32( blob + 20, half );
    put_num( blob + 24, &e, 3, 0 );
    pos = 27 + put_private_parts( blob + 27, parts, bytes, 0 );
    len = tls_key_from_bcrypt( blob, pos, der );
    ok( len > 0, "CNG RSA: %zu\n", len );
    check_der( der, len, key );
    ok( !tls_key_from_bcrypt( blob, pos - 1, NULL ), "truncated CNG blob accepted\n" );

    gnutls_free( m.data ); gnutls_free( e.data ); gnutls_free( d.data ); gnutls_free( p.data );
    gnutls_free( q.data ); gnutls_free( u.data ); gnutls_free( e1.data ); gnutls_free( e2.data );
    gnutls_x509_privkey_deinit( key );
}

static void test_ecc(void)
{
    static const struct { gnutls_ecc_curve_t curve; const char *magic; size_t size; } curves[] =
    {
        { GNUTLS_ECC_CURVE_SECP256R1, "ECS2", 32 },
        { GNUTLS_ECC_CURVE_SECP384R1, "ECS4", 48 },
        { GNUTLS_ECC_CURVE_SECP521R1, "ECK6", 66 },
    };
    uint8_t blob[512], der[512];
    size_t i, len;

    for (i = 0; i < 3; i++)
    {
        gnutls_x509_privkey_t key;
        gnutls_ecc_curve_t curve;
        gnutls_datum_t x, y, k;

        winetest_push_context( "%s", curves[i].magic );
        gnutls_x509_privkey_init( &key );
        ok( !gnutls_x509_privkey_generate( key, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS( curves[i].curve ), 0 ),
            "generate\n" );
        ok( !gnutls_x509_privkey_export_ecc_raw( key, &curve, &x, &y, &k ), "export\n" );
        memcpy( blob, curves[i].magic, 4 );
        put_le32( blob + 4, curves[i].size );
        put_num( blob + 8, &x, curves[i].size, 0 );
        put_num( blob + 8 + curves[i].size, &y, curves[i].size, 0 );
        put_num( blob + 8 + 2 * curves[i].size, &k, curves[i].size, 0 );
        len = tls_key_from_bcrypt( blob, 8 + 3 * curves[i].size, der );
        ok( len > 0 && len == tls_key_from_bcrypt( blob, 8 + 3 * curves[i].size, NULL ), "length %zu\n", len );
        check_der( der, len, key );
        ok( !tls_key_from_bcrypt( blob, 8 + 3 * curves[i].size - 1, NULL ), "truncated blob accepted\n" );
        gnutls_free( x.data ); gnutls_free( y.data ); gnutls_free( k.data );
        gnutls_x509_privkey_deinit( key );
        winetest_pop_context();
    }
    memcpy( blob, "ECS9", 4 );
    ok( !tls_key_from_bcrypt( blob, sizeof(blob), NULL ), "unknown curve accepted\n" );
}

START_TEST(tls_keys)
{
    test_rsa();
    test_ecc();
}
