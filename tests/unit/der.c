/*
 * Unit tests of the DER reader and writer and of GSS-API token framing.
 */
#include <string.h>

#include "der.h"
#include "gss.h"
#include "wine/test.h"

static void test_read(void)
{
    static const uint8_t seq[] = { 0x30, 0x06, 0x02, 0x01, 0x05, 0x04, 0x01, 0xaa };
    static const uint8_t long_form[] = { 0x04, 0x81, 0x02, 0x11, 0x22 };
    struct der d, value, inner;
    int32_t n;
    uint8_t tag;

    der_init( &d, seq, sizeof(seq) );
    ok( !der_expect( &d, DER_SEQUENCE, &value ), "no sequence\n" );
    ok( der_empty( &d ), "trailing bytes\n" );
    ok( !der_read_int( &value, &n ) && n == 5, "integer %d\n", n );
    ok( !der_read( &value, &tag, &inner ) && tag == DER_OCTET_STRING, "octet string\n" );
    ok( inner.end - inner.p == 1 && inner.p[0] == 0xaa, "octets\n" );
    ok( der_empty( &value ), "sequence not consumed\n" );

    der_init( &d, long_form, sizeof(long_form) );
    ok( !der_read( &d, &tag, &value ) && value.end - value.p == 2, "long form length\n" );

    /* a wrong tag leaves the reader where it was */
    der_init( &d, seq, sizeof(seq) );
    ok( der_expect( &d, DER_INTEGER, &value ) == -1 && d.p == seq, "wrong tag consumed\n" );
}

static void test_read_bad(void)
{
    static const struct { uint8_t data[8]; size_t len; } bad[] =
    {
        { { 0x30 }, 1 },                          /* no length */
        { { 0x30, 0x05, 0x00 }, 3 },              /* value runs past the end */
        { { 0x30, 0x80, 0x00, 0x00 }, 4 },        /* indefinite length */
        { { 0x30, 0x85, 1, 0, 0, 0, 0 }, 7 },     /* length of five bytes */
        { { 0x30, 0x82, 0x01 }, 3 },              /* truncated length */
        { { 0x1f, 0x81, 0x01, 0x00 }, 4 },        /* high tag number */
        { { 0x04, 0x84, 0xff, 0xff, 0xff, 0xff }, 6 }, /* huge length */
    };
    struct der d, value;
    uint8_t tag;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(bad); i++)
    {
        der_init( &d, bad[i].data, bad[i].len );
        ok( der_read( &d, &tag, &value ) == -1, "%zu: accepted\n", i );
    }
}

static void test_int(void)
{
    static const struct { uint8_t data[8]; size_t len; int ret; int32_t value; } ints[] =
    {
        { { 0x02, 0x01, 0x00 }, 3, 0, 0 },
        { { 0x02, 0x01, 0xff }, 3, 0, -1 },
        { { 0x02, 0x02, 0x01, 0x00 }, 4, 0, 256 },
        { { 0x02, 0x04, 0x7f, 0xff, 0xff, 0xff }, 6, 0, 0x7fffffff },
        { { 0x02, 0x05, 0x00, 0x80, 0, 0, 0 }, 7, -1, 0 },  /* too wide */
        { { 0x02, 0x00 }, 2, -1, 0 },                        /* empty */
    };
    struct der d;
    int32_t n;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(ints); i++)
    {
        der_init( &d, ints[i].data, ints[i].len );
        n = 12345;
        ok( der_read_int( &d, &n ) == ints[i].ret, "%zu: wrong result\n", i );
        if (!ints[i].ret) ok( n == ints[i].value, "%zu: got %d\n", i, n );
    }
}

static void test_write(void)
{
    static const size_t lengths[] = { 0, 1, 127, 128, 255, 256, 65535, 65536, 0x1000000 };
    uint8_t header[8];
    struct der d, value;
    uint8_t *buf, tag;
    size_t i, size;

    for (i = 0; i < ARRAY_SIZE(lengths); i++)
    {
        size = der_write_header( header, DER_OCTET_STRING, lengths[i] );
        ok( size == der_header_size( lengths[i] ), "%zu: size %zu\n", i, size );
        buf = calloc( 1, size + lengths[i] );
        memcpy( buf, header, size );
        der_init( &d, buf, size + lengths[i] );
        ok( !der_read( &d, &tag, &value ) && (size_t)(value.end - value.p) == lengths[i], "%zu: no round trip\n", i );
        free( buf );
    }
}

static void test_gss(void)
{
    static const uint8_t krb5_token[] = { 0x60, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02,
                                          0x02, 0x01, 0x00 };
    struct der oid, inner;

    ok( !gss_token_unwrap( krb5_token, sizeof(krb5_token), &oid, &inner ), "not unwrapped\n" );
    ok( gss_oid_equal( &oid, gss_oid_krb5, sizeof(gss_oid_krb5) ), "wrong OID\n" );
    ok( !gss_oid_equal( &oid, gss_oid_spnego, sizeof(gss_oid_spnego) ), "matched SPNEGO\n" );
    ok( inner.end - inner.p == 2 && inner.p[0] == 0x01, "inner token\n" );
    ok( gss_token_unwrap( krb5_token, sizeof(krb5_token) - 1, &oid, &inner ) == -1, "truncated token\n" );
    ok( gss_token_unwrap( krb5_token + 2, sizeof(krb5_token) - 2, &oid, &inner ) == -1, "no header\n" );
}

START_TEST(der)
{
    test_read();
    test_read_bad();
    test_int();
    test_write();
    test_gss();
}
