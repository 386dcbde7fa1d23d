/*
 * Unit tests of NTLM message framing.
 */
#include <string.h>

#include "ntlm_msg.h"
#include "wine/test.h"

/* The 32-byte OEM-only NEGOTIATE, no Version, that curl sends. */
static const uint8_t curl_negotiate[] =
{
    'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 1, 0, 0, 0, 0x06, 0x82, 0x08, 0x00,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static void test_type(void)
{
    uint8_t msg[sizeof(curl_negotiate)];
    uint32_t type = 0;

    ok( ntlm_message_type( curl_negotiate, sizeof(curl_negotiate), &type ) == NTLM_OK, "rejected\n" );
    ok( type == NTLM_NEGOTIATE, "type %u\n", type );
    ok( ntlm_message_type( curl_negotiate, 11, &type ) == NTLM_TRUNCATED, "short message\n" );
    ok( ntlm_message_type( NULL, 0, &type ) == NTLM_TRUNCATED, "NULL message\n" );
    memcpy( msg, curl_negotiate, sizeof(msg) );
    msg[0] = 'X';
    ok( ntlm_message_type( msg, sizeof(msg), &type ) == NTLM_BAD_SIGNATURE, "bad signature\n" );
    memcpy( msg, curl_negotiate, sizeof(msg) );
    msg[8] = 4;
    ok( ntlm_message_type( msg, sizeof(msg), &type ) == NTLM_BAD_TYPE, "type 4\n" );
    msg[8] = 0;
    ok( ntlm_message_type( msg, sizeof(msg), &type ) == NTLM_BAD_TYPE, "type 0\n" );
}

static void put_field( uint8_t *p, uint16_t len, uint32_t offset )
{
    p[0] = len; p[1] = len >> 8; p[2] = len; p[3] = len >> 8;
    p[4] = offset; p[5] = offset >> 8; p[6] = offset >> 16; p[7] = offset >> 24;
}

static void test_field(void)
{
    uint8_t msg[64] = { 0 };
    const uint8_t *data;
    uint16_t len;

    memcpy( msg + 40, "DOMAIN", 6 );
    put_field( msg + 16, 6, 40 );
    ok( ntlm_field( msg, sizeof(msg), 16, &data, &len ) == NTLM_OK, "field rejected\n" );
    ok( data == msg + 40 && len == 6, "wrong field\n" );

    put_field( msg + 16, 6, 60 );   /* runs past the end */
    ok( ntlm_field( msg, sizeof(msg), 16, &data, &len ) == NTLM_TRUNCATED, "overrun accepted\n" );
    put_field( msg + 16, 1, 0xffffffff );  /* offset wraps */
    ok( ntlm_field( msg, sizeof(msg), 16, &data, &len ) == NTLM_TRUNCATED, "wrapped offset accepted\n" );
    put_field( msg + 16, 0, 0xffffffff );  /* empty: offset ignored */
    ok( ntlm_field( msg, sizeof(msg), 16, &data, &len ) == NTLM_OK && !data && !len, "empty field\n" );
    ok( ntlm_field( msg, sizeof(msg), 60, &data, &len ) == NTLM_TRUNCATED, "descriptor past the end\n" );
    ok( ntlm_field( msg, sizeof(msg), 1000, &data, &len ) == NTLM_TRUNCATED, "descriptor far past the end\n" );
}

START_TEST(ntlm_msg)
{
    test_type();
    test_field();
}
