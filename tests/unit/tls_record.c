/*
 * Unit tests of TLS and DTLS record framing.
 */
#include <string.h>

#include "tls_record.h"
#include "wine/test.h"

static void test_scan(void)
{
    uint8_t buf[64] = { 22, 3, 3, 0, 4, 1, 2, 3, 4, 23, 3, 3, 0, 2, 9, 9 };
    size_t used, missing;

    ok( tls_record_scan( buf, 16, 0, &used, &missing ) == TLS_RECORD_COMPLETE && used == 16,
        "two records: %zu\n", used );
    ok( tls_record_scan( buf, 12, 0, &used, &missing ) == TLS_RECORD_COMPLETE && used == 9,
        "one and a part: %zu\n", used );
    ok( tls_record_scan( buf, 7, 0, &used, &missing ) == TLS_RECORD_INCOMPLETE && missing == 2,
        "missing %zu\n", missing );
    ok( tls_record_scan( buf, 3, 0, &used, &missing ) == TLS_RECORD_INCOMPLETE && missing == 2,
        "header: %zu\n", missing );
    ok( tls_record_scan( buf, 0, 0, &used, &missing ) == TLS_RECORD_INCOMPLETE && missing == 5,
        "empty: %zu\n", missing );

    /* one byte at a time, a record is incomplete until it is whole: first the
     * header is missing, then the body it announces */
    for (used = 1; used < 9; used++)
    {
        size_t u, expect = used < 5 ? 5 - used : 9 - used;
        enum tls_record_status status = tls_record_scan( buf, used, 0, &u, &missing );
        ok( status == TLS_RECORD_INCOMPLETE && missing == expect, "%zu bytes: status %d missing %zu\n",
            used, status, missing );
    }
}

static void test_invalid(void)
{
    uint8_t buf[8] = { 22, 3, 3, 0, 1, 0 };
    size_t used, missing;

    buf[0] = 99;
    ok( tls_record_scan( buf, 6, 0, &used, &missing ) == TLS_RECORD_INVALID, "bad type\n" );
    ok( tls_record_scan( buf, 1, 0, &used, &missing ) == TLS_RECORD_INVALID, "bad type, one byte\n" );
    buf[0] = 22;
    buf[1] = 2;
    ok( tls_record_scan( buf, 6, 0, &used, &missing ) == TLS_RECORD_INVALID, "SSL 2 version\n" );
    buf[1] = 3;
    buf[3] = 0x48;   /* 18432 + 1 */
    buf[4] = 0x01;
    ok( tls_record_scan( buf, 6, 0, &used, &missing ) == TLS_RECORD_INVALID, "oversized record\n" );
}

/* DTLS 1.2 records: a ClientHello of epoch 0, number 1, and an application data record of epoch 1 */
static void test_dtls(void)
{
    static const uint8_t buf[] =
    {
        22, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 1, 0, 3, 1, 2, 3,
        23, 0xfe, 0xfd, 0, 1, 0, 0, 0, 0, 1, 2, 0, 1, 7,
    };
    size_t used, missing;

    ok( tls_record_scan( buf, sizeof(buf), 1, &used, &missing ) == TLS_RECORD_COMPLETE && used == sizeof(buf),
        "two records: %zu\n", used );
    ok( tls_record_size( buf, 1 ) == 16 && tls_record_size( buf + 16, 1 ) == 14, "sizes\n" );
    ok( dtls_record_number( buf ) == 1, "number %llx\n", (unsigned long long)dtls_record_number( buf ) );
    ok( dtls_record_number( buf + 16 ) == ((uint64_t)1 << 48 | 0x102),
        "number %llx\n", (unsigned long long)dtls_record_number( buf + 16 ) );
    ok( tls_record_scan( buf, 20, 1, &used, &missing ) == TLS_RECORD_COMPLETE && used == 16, "one and a part\n" );
    ok( tls_record_scan( buf, 10, 1, &used, &missing ) == TLS_RECORD_INCOMPLETE && missing == 3, "header: %zu\n",
        missing );
    ok( tls_record_scan( buf, sizeof(buf), 0, &used, &missing ) == TLS_RECORD_INVALID, "DTLS read as TLS\n" );
    ok( tls_record_scan( (const uint8_t *)"\x16\x03\x03\x00\x01\x00", 6, 1, &used, &missing ) == TLS_RECORD_INVALID,
        "TLS read as DTLS\n" );
}

START_TEST(tls_record)
{
    test_scan();
    test_invalid();
    test_dtls();
}
