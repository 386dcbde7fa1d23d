/*
 * Unit tests of TSRequest parsing.
 */
#include <string.h>

#include "tsrequest.h"
#include "wine/test.h"

static void test_parse(void)
{
    /* version 6, negoTokens { [0] "NTLM" }, clientNonce of 32 bytes */
    uint8_t msg[] =
    {
        0x30, 0x38,
          0xa0, 0x03, 0x02, 0x01, 0x06,
          0xa1, 0x0d, 0x30, 0x0b, 0x30, 0x09, 0xa0, 0x07, 0x04, 0x05, 'N', 'T', 'L', 'M', '!',
          0xa5, 0x22, 0x04, 0x20,
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
            17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
    };
    static const uint8_t with_error[] = { 0x30, 0x0a, 0xa0, 0x03, 0x02, 0x01, 0x03, 0xa4, 0x03, 0x02, 0x01, 0xff };
    struct tsrequest req;

    ok( !tsrequest_parse( msg, sizeof(msg), &req ), "rejected\n" );
    ok( req.version == 6, "version %d\n", req.version );
    ok( req.nego_token_len == 5 && !memcmp( req.nego_token, "NTLM!", 5 ), "nego token\n" );
    ok( req.client_nonce_len == 32 && req.client_nonce[31] == 32, "nonce\n" );
    ok( !req.auth_info && !req.pub_key_auth && !req.has_error_code, "unexpected fields\n" );

    ok( !tsrequest_parse( with_error, sizeof(with_error), &req ), "error code rejected\n" );
    ok( req.has_error_code && req.error_code == -1, "error code %d\n", req.error_code );

    ok( tsrequest_parse( msg, sizeof(msg) - 1, &req ) == -1, "truncated\n" );
    msg[1]--;   /* the nonce no longer fits its sequence */
    ok( tsrequest_parse( msg, sizeof(msg) - 1, &req ) == -1, "short nonce\n" );
    msg[1]++;
    msg[6] = 0;   /* version 0 */
    ok( tsrequest_parse( msg, sizeof(msg), &req ) == -1, "version 0\n" );
}

START_TEST(tsrequest)
{
    test_parse();
}
