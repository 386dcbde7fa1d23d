/*
 * Unit tests of the NTLM core's cryptographic primitives, with the
 * published test vectors.
 */
#include <stdio.h>
#include <string.h>

#include "crypto.h"
#include "wine/test.h"

static const char *hex( const uint8_t *data, size_t len )
{
    static char buf[8][129];
    static int n;
    char *out = buf[n++ % 8];
    size_t i;

    for (i = 0; i < len && i < 64; i++) sprintf( out + 2 * i, "%02x", data[i] );
    out[2 * i] = 0;
    return out;
}

static void test_md4(void)
{
    static const struct { const char *in, *out; } tests[] =  /* RFC 1320 A.5 */
    {
        { "", "31d6cfe0d16ae931b73c59d7e0c089c0" },
        { "a", "bde52cb31de33e46245e05fbdbd6fb24" },
        { "abc", "a448017aaf21d8525fc10ae87aa6729d" },
        { "message digest", "d9130a8164549fe818874806e1c7014b" },
        { "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
          "e33b4ddc9c38f2199c3e7b164fcc0536" },
    };
    uint8_t digest[16];
    size_t i;

    for (i = 0; i < ARRAY_SIZE(tests); i++)
    {
        md4( tests[i].in, strlen( tests[i].in ), digest );
        ok( !strcmp( hex( digest, 16 ), tests[i].out ), "%zu: %s\n", i, hex( digest, 16 ) );
    }
}

static void test_md5(void)
{
    static const struct { const char *in, *out; } tests[] =  /* RFC 1321 A.5 */
    {
        { "", "d41d8cd98f00b204e9800998ecf8427e" },
        { "abc", "900150983cd24fb0d6963f7d28e17f72" },
        { "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b" },
        { "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
          "57edf4a22be3c955ac49da2e2107b67a" },
    };
    struct md_ctx ctx;
    uint8_t digest[16];
    size_t i, j;

    for (i = 0; i < ARRAY_SIZE(tests); i++)
    {
        md5( tests[i].in, strlen( tests[i].in ), digest );
        ok( !strcmp( hex( digest, 16 ), tests[i].out ), "%zu: %s\n", i, hex( digest, 16 ) );
        /* the same, one byte at a time */
        md5_init( &ctx );
        for (j = 0; j < strlen( tests[i].in ); j++) md_update( &ctx, tests[i].in + j, 1 );
        md_final( &ctx, digest );
        ok( !strcmp( hex( digest, 16 ), tests[i].out ), "%zu bytewise: %s\n", i, hex( digest, 16 ) );
    }
}

static void test_hmac_md5(void)
{
    /* RFC 2202 test cases 1, 2 and 6 */
    uint8_t key1[16], key6[80], mac[16];

    memset( key1, 0x0b, 16 );
    hmac_md5( key1, 16, "Hi There", 8, mac );
    ok( !strcmp( hex( mac, 16 ), "9294727a3638bb1c13f48ef8158bfc9d" ), "case 1: %s\n", hex( mac, 16 ) );
    hmac_md5( (const uint8_t *)"Jefe", 4, "what do ya want for nothing?", 28, mac );
    ok( !strcmp( hex( mac, 16 ), "750c783e6ab0b503eaa86e310a5db738" ), "case 2: %s\n", hex( mac, 16 ) );
    memset( key6, 0xaa, 80 );
    hmac_md5( key6, 80, "Test Using Larger Than Block-Size Key - Hash Key First", 54, mac );
    ok( !strcmp( hex( mac, 16 ), "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd" ), "case 6: %s\n", hex( mac, 16 ) );
}

static void test_rc4(void)
{
    struct rc4 rc4;
    uint8_t out[16];

    rc4_init( &rc4, (const uint8_t *)"Key", 3 );
    rc4_crypt( &rc4, (const uint8_t *)"Plaintext", out, 9 );
    ok( !strcmp( hex( out, 9 ), "bbf316e8d940af0ad3" ), "Key: %s\n", hex( out, 9 ) );
    rc4_init( &rc4, (const uint8_t *)"Secret", 6 );
    rc4_crypt( &rc4, (const uint8_t *)"Attack at dawn", out, 14 );
    ok( !strcmp( hex( out, 14 ), "45a01f645fc35b383552544b9bf5" ), "Secret: %s\n", hex( out, 14 ) );
}

/* The one-pass MD5+RC4 gives what MD5 and RC4 one after the other give, at
 * every length and every position of the hash within its block. */
static void test_md5_rc4(void)
{
    static const uint8_t key[5] = { 1, 2, 3, 4, 5 };
    uint8_t plain[300], fused[300], apart[300], digest_fused[16], digest_apart[16];
    size_t len, offset, i, mismatches = 0;
    int decrypt;

    for (i = 0; i < sizeof(plain); i++) plain[i] = i * 7 + 3;
    for (decrypt = 0; decrypt < 2; decrypt++)
    for (offset = 0; offset < 70; offset += 3)
    for (len = 0; len <= sizeof(plain); len += 7)
    {
        struct md_ctx a, b;
        struct rc4 ra, rb;

        md5_init( &a );
        md5_init( &b );
        md_update( &a, plain, offset );
        md_update( &b, plain, offset );
        rc4_init( &ra, key, sizeof(key) );
        rc4_init( &rb, key, sizeof(key) );
        memcpy( fused, plain, len );
        memcpy( apart, plain, len );

        md5_rc4_update( &a, &ra, fused, len, decrypt );
        if (decrypt) rc4_crypt( &rb, apart, apart, len );
        md_update( &b, apart, len );
        if (!decrypt) rc4_crypt( &rb, apart, apart, len );
        /* both RC4 streams continue alike */
        rc4_crypt( &ra, fused, fused, len < 5 ? len : 5 );
        rc4_crypt( &rb, apart, apart, len < 5 ? len : 5 );
        md_final( &a, digest_fused );
        md_final( &b, digest_apart );
        if (memcmp( fused, apart, len ) || memcmp( digest_fused, digest_apart, 16 )) mismatches++;
    }
    ok( !mismatches, "%zu mismatches\n", mismatches );
}

static void test_des(void)
{
    /* "KGS!@#$%" under the first 7 bytes of the LM hash of "PASSWORD" (MS-NLMP 4.2.2.1.1) */
    static const uint8_t key1[7] = { 'P', 'A', 'S', 'S', 'W', 'O', 'R' };
    static const uint8_t key2[7] = { 'D', 0, 0, 0, 0, 0, 0 };
    uint8_t out[8];

    des7_encrypt( key1, (const uint8_t *)"KGS!@#$%", out );
    ok( !strcmp( hex( out, 8 ), "e52cac67419a9a22" ), "LM half 1: %s\n", hex( out, 8 ) );
    des7_encrypt( key2, (const uint8_t *)"KGS!@#$%", out );
    ok( !strcmp( hex( out, 8 ), "4a3b108f3fa6cb6d" ), "LM half 2: %s\n", hex( out, 8 ) );
}

static void test_crc32(void)
{
    ok( crc32( 0, "123456789", 9 ) == 0xcbf43926, "crc %08x\n", crc32( 0, "123456789", 9 ) );
    ok( crc32( crc32( 0, "12345", 5 ), "6789", 4 ) == 0xcbf43926, "incremental crc\n" );
}

static void test_const_time_cmp(void)
{
    ok( !const_time_cmp( "abcd", "abcd", 4 ), "equal\n" );
    ok( const_time_cmp( "abcd", "abce", 4 ), "last byte\n" );
    ok( const_time_cmp( "xbcd", "abcd", 4 ), "first byte\n" );
}

START_TEST(ntlm_crypto)
{
    test_md4();
    test_md5();
    test_hmac_md5();
    test_rc4();
    test_md5_rc4();
    test_des();
    test_crc32();
    test_const_time_cmp();
}
