/*
 * Unit tests of sspcrypt.h, the packages' cryptography over libgcrypt, with
 * the published test vectors.
 */
#include <stdio.h>
#include <string.h>

#include "sspcrypt.h"
#include "wine/test.h"
#include "hex.h"

static void digest_of( enum ssp_digest alg, const char *in, uint8_t *out )
{
    struct ssp_piece piece = { in, strlen( in ) };
    ok( !ssp_digest( alg, &piece, 1, out ), "digest failed\n" );
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
        digest_of( SSP_MD4, tests[i].in, digest );
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
    struct ssp_piece pieces[3];
    struct ssp_hash hash;
    uint8_t digest[16];
    size_t i, j, len;

    ok( ssp_digest_size( SSP_MD5 ) == 16, "size %zu\n", ssp_digest_size( SSP_MD5 ) );
    ok( !ssp_hash_open( &hash, SSP_MD5, NULL, 0 ), "open failed\n" );
    for (i = 0; i < ARRAY_SIZE(tests); i++)
    {
        len = strlen( tests[i].in );
        digest_of( SSP_MD5, tests[i].in, digest );
        ok( !strcmp( hex( digest, 16 ), tests[i].out ), "%zu: %s\n", i, hex( digest, 16 ) );
        /* in three pieces */
        pieces[0].data = tests[i].in;
        pieces[0].len = len / 3;
        pieces[1].data = tests[i].in + len / 3;
        pieces[1].len = len / 3;
        pieces[2].data = tests[i].in + 2 * (len / 3);
        pieces[2].len = len - 2 * (len / 3);
        ok( !ssp_digest( SSP_MD5, pieces, 3, digest ), "pieces failed\n" );
        ok( !strcmp( hex( digest, 16 ), tests[i].out ), "%zu in pieces: %s\n", i, hex( digest, 16 ) );
        /* one byte at a time, on a handle that starts again after each result */
        for (j = 0; j < len; j++) ssp_hash_write( &hash, tests[i].in + j, 1 );
        ssp_hash_final( &hash, digest );
        ok( !strcmp( hex( digest, 16 ), tests[i].out ), "%zu bytewise: %s\n", i, hex( digest, 16 ) );
    }
    ssp_hash_close( &hash );
}

static void test_sha256(void)
{
    uint8_t digest[32];

    digest_of( SSP_SHA256, "abc", digest );  /* FIPS 180-2 B.1 */
    ok( !strcmp( hex( digest, 32 ), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" ), "%s\n",
        hex( digest, 32 ) );
    ok( ssp_digest_size( SSP_SHA256 ) == 32, "size %zu\n", ssp_digest_size( SSP_SHA256 ) );
    digest_of( SSP_SHA1, "abc", digest );  /* FIPS 180-2 A.1 */
    ok( !strcmp( hex( digest, 20 ), "a9993e364706816aba3e25717850c26c9cd0d89d" ), "SHA-1 %s\n", hex( digest, 20 ) );
}

static void test_hmac_md5(void)
{
    /* RFC 2202 test cases 1, 2 and 6 */
    static const char case2[] = "what do ya want for nothing?";
    struct ssp_piece hi = { "Hi There", 8 }, what[] = { { case2, 10 }, { case2 + 10, 18 } };
    struct ssp_piece large = { "Test Using Larger Than Block-Size Key - Hash Key First", 54 };
    uint8_t key1[16], key6[80], mac[16];
    struct ssp_hash hash;
    int i;

    memset( key1, 0x0b, 16 );
    ok( !ssp_hmac( SSP_MD5, key1, 16, &hi, 1, mac ), "hmac failed\n" );
    ok( !strcmp( hex( mac, 16 ), "9294727a3638bb1c13f48ef8158bfc9d" ), "case 1: %s\n", hex( mac, 16 ) );
    ok( !ssp_hmac( SSP_MD5, "Jefe", 4, what, 2, mac ), "hmac failed\n" );
    ok( !strcmp( hex( mac, 16 ), "750c783e6ab0b503eaa86e310a5db738" ), "case 2: %s\n", hex( mac, 16 ) );
    memset( key6, 0xaa, 80 );
    ok( !ssp_hmac( SSP_MD5, key6, 80, &large, 1, mac ), "hmac failed\n" );
    ok( !strcmp( hex( mac, 16 ), "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd" ), "case 6: %s\n", hex( mac, 16 ) );

    /* a keyed handle stays keyed from one message to the next */
    ok( !ssp_hash_open( &hash, SSP_MD5, "Jefe", 4 ), "open failed\n" );
    for (i = 0; i < 3; i++)
    {
        ssp_hash_write( &hash, case2, 28 );
        ssp_hash_final( &hash, mac );
        ok( !strcmp( hex( mac, 16 ), "750c783e6ab0b503eaa86e310a5db738" ), "again %d: %s\n", i, hex( mac, 16 ) );
    }
    ssp_hash_close( &hash );
}

static void test_rc4(void)
{
    static const uint8_t key[5] = { 1, 2, 3, 4, 5 };
    uint8_t out[16], stream[300], skipped[300], zero[300] = { 0 };
    struct ssp_rc4 rc4;
    size_t offset;

    /* RFC 6229's 40-bit key, the shortest libgcrypt takes and NTLM's weakest */
    ok( !ssp_rc4_open( &rc4, key, sizeof(key) ), "open failed\n" );
    if (!rc4.h) return;
    ssp_rc4_crypt( &rc4, zero, out, 16 );
    ok( !strcmp( hex( out, 16 ), "b2396305f03dc027ccc3524a0a1118a8" ), "40-bit key: %s\n", hex( out, 16 ) );
    ok( rc4.used == 16, "used %llu\n", (unsigned long long)rc4.used );
    ok( !ssp_rc4_rekey( &rc4, (const uint8_t *)"Secret", 6 ), "rekey failed\n" );
    ok( !rc4.used, "used %llu after a new key\n", (unsigned long long)rc4.used );
    memcpy( out, "Attack at dawn", 14 );
    ssp_rc4_crypt( &rc4, out, out, 14 );
    ok( !strcmp( hex( out, 14 ), "45a01f645fc35b383552544b9bf5" ), "Secret in place: %s\n", hex( out, 14 ) );

    /* skipping is using the stream up */
    ssp_rc4_rekey( &rc4, key, sizeof(key) );
    ssp_rc4_crypt( &rc4, zero, stream, sizeof(stream) );
    for (offset = 0; offset < 280; offset += 37)
    {
        ssp_rc4_rekey( &rc4, key, sizeof(key) );
        ssp_rc4_skip( &rc4, offset );
        ssp_rc4_crypt( &rc4, zero, skipped, sizeof(stream) - offset );
        ok( !memcmp( skipped, stream + offset, sizeof(stream) - offset ), "offset %zu differs\n", offset );
        ok( rc4.used == sizeof(stream), "used %llu\n", (unsigned long long)rc4.used );
    }
    ssp_rc4_close( &rc4 );
}

static void test_des(void)
{
    /* FIPS 81's example; LMOWFv1's second half (MS-NLMP 4.2.2.1.1): "KGS!@#$%" under "D"
     * spread over 8 bytes; and under the all-zero key, a weak key, which an empty password makes */
    static const uint8_t key1[8] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };
    static const uint8_t key2[8] = { 0x44, 0, 0, 0, 0, 0, 0, 0 };
    static const uint8_t zero[8];
    uint8_t out[8];

    ok( !ssp_des_encrypt( key1, (const uint8_t *)"Now is t", out ), "des failed\n" );
    ok( !strcmp( hex( out, 8 ), "3fa40e8a984d4815" ), "FIPS 81: %s\n", hex( out, 8 ) );
    ok( !ssp_des_encrypt( key2, (const uint8_t *)"KGS!@#$%", out ), "des failed\n" );
    ok( !strcmp( hex( out, 8 ), "4a3b108f3fa6cb6d" ), "LM half 2: %s\n", hex( out, 8 ) );
    ok( !ssp_des_encrypt( zero, (const uint8_t *)"KGS!@#$%", out ), "weak key refused\n" );
    ok( !strcmp( hex( out, 8 ), "aad3b435b51404ee" ), "empty password: %s\n", hex( out, 8 ) );
}

static void test_crc32(void)
{
    struct ssp_piece pieces[] = { { "12345", 5 }, { "6789", 4 } };
    uint8_t crc[4];

    ok( !ssp_digest( SSP_CRC32, pieces, 2, crc ), "crc failed\n" );
    ok( !strcmp( hex( crc, 4 ), "cbf43926" ), "crc %s\n", hex( crc, 4 ) );
    ok( ssp_digest_size( SSP_CRC32 ) == 4, "size %zu\n", ssp_digest_size( SSP_CRC32 ) );
}

static void test_const_time_cmp(void)
{
    ok( !ssp_const_time_cmp( "abcd", "abcd", 4 ), "equal\n" );
    ok( ssp_const_time_cmp( "abcd", "abce", 4 ), "last byte\n" );
    ok( ssp_const_time_cmp( "xbcd", "abcd", 4 ), "first byte\n" );
}

START_TEST(sspcrypt)
{
    ok( !ssp_crypt_init(), "libgcrypt not ready\n" );
    ok( !ssp_crypt_init(), "a second init failed\n" );
    test_md4();
    test_md5();
    test_sha256();
    test_hmac_md5();
    test_rc4();
    test_des();
    test_crc32();
    test_const_time_cmp();
}
