/*
 * Unit tests of the SPNEGO core: token kinds, NegTokenInit, NegTokenInit2
 * and NegTokenResp as Windows and MIT send them, written and read back,
 * and every truncation of them refused.
 */
#include <string.h>

#include "spnego.h"
#include "spnego_vectors.h"
#include "wine/test.h"

static void test_classify(void)
{
    static const uint8_t krb5[] = { 0x60, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02,
                                    0x02, 0x01, 0x00 };
    static const uint8_t ntlm[] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 1, 0, 0, 0 };
    uint8_t bad[sizeof(windows_init)];

    ok( spnego_classify( windows_init, sizeof(windows_init) ) == SPNEGO_NEG_TOKEN_INIT, "init\n" );
    ok( spnego_classify( accept_completed, sizeof(accept_completed) ) == SPNEGO_NEG_TOKEN_RESP, "resp\n" );
    ok( spnego_classify( krb5, sizeof(krb5) ) == SPNEGO_RAW_KERBEROS, "krb5\n" );
    ok( spnego_classify( ntlm, sizeof(ntlm) ) == SPNEGO_RAW_NTLM, "ntlm\n" );
    ok( spnego_classify( NULL, 0 ) == SPNEGO_INVALID, "empty\n" );
    ok( spnego_classify( windows_init, sizeof(windows_init) - 1 ) == SPNEGO_INVALID, "truncated init\n" );
    ok( spnego_classify( accept_completed, 3 ) == SPNEGO_INVALID, "truncated resp\n" );
    memcpy( bad, windows_init, sizeof(bad) );
    bad[9] = 3;     /* another OID */
    ok( spnego_classify( bad, sizeof(bad) ) == SPNEGO_INVALID, "unknown mechanism\n" );
    memcpy( bad, windows_init, sizeof(bad) );
    bad[10] = 0xa1; /* NegTokenResp inside an initial token */
    ok( spnego_classify( bad, sizeof(bad) ) == SPNEGO_INVALID, "resp in init\n" );
}

static void test_read_init(void)
{
    static const enum spnego_mech expect[] = { SPNEGO_MECH_KRB5_MS, SPNEGO_MECH_KRB5, SPNEGO_MECH_OTHER,
                                               SPNEGO_MECH_NTLM };
    enum spnego_mech mechs[8];
    struct spnego_init init;
    uint8_t bad[sizeof(windows_init)];
    size_t len;

    ok( !spnego_read_init( windows_init, sizeof(windows_init), &init ), "Windows' NegTokenInit\n" );
    ok( init.mech_list == windows_init + 16 && init.mech_list_len == 0x30, "MIC input %p %zu\n", init.mech_list,
        init.mech_list_len );
    ok( init.token == windows_init + 68 && init.token_len == 10, "mechToken %zu\n", init.token_len );
    ok( !init.mic && !init.hints, "mic %p hints %d\n", init.mic, init.hints );
    ok( spnego_read_mechs( &init, mechs, 8 ) == 4 && !memcmp( mechs, expect, sizeof(expect) ), "mechanisms\n" );
    ok( spnego_read_mechs( &init, mechs, 2 ) == 2, "the first two\n" );

    ok( !spnego_read_init( server_init2, sizeof(server_init2), &init ), "NegTokenInit2\n" );
    ok( init.hints && !init.token && !init.mic, "hints %d\n", init.hints );
    ok( spnego_read_mechs( &init, mechs, 8 ) == 3 && mechs[2] == SPNEGO_MECH_NTLM, "mechanisms\n" );

    for (len = 0; len < sizeof(windows_init); len++)
        ok( spnego_read_init( windows_init, len, &init ), "truncated to %zu\n", len );
    memcpy( bad, windows_init, sizeof(bad) );
    bad[64] = 0xa0; /* mechToken as a second [0] */
    ok( spnego_read_init( bad, sizeof(bad), &init ), "fields out of order\n" );
    memcpy( bad, windows_init, sizeof(bad) );
    bad[18] = 0x04; /* an OCTET STRING in the mechanism list */
    ok( spnego_read_init( bad, sizeof(bad), &init ), "not an OID\n" );
}

/* Every byte of a token changed: what reads stays inside the token. */
static void test_corruption(void)
{
    static const uint8_t values[] = { 0x00, 0x01, 0x7f, 0x80, 0x81, 0x84, 0xff };
    uint8_t buf[sizeof(windows_init)];
    struct spnego_init init;
    enum spnego_mech mechs[8];
    size_t pos, v, bad = 0;

    for (pos = 0; pos < sizeof(buf); pos++)
        for (v = 0; v < sizeof(values); v++)
        {
            memcpy( buf, windows_init, sizeof(buf) );
            buf[pos] = values[v];
            if (spnego_read_init( buf, sizeof(buf), &init )) continue;
            spnego_read_mechs( &init, mechs, 8 );
            if (init.mech_list < buf || init.mech_list + init.mech_list_len > buf + sizeof(buf)) bad++;
            if (init.token && (init.token < buf || init.token + init.token_len > buf + sizeof(buf))) bad++;
        }
    ok( !bad, "%zu readings outside the token\n", bad );
}

static void test_read_resp(void)
{
    struct spnego_resp resp;
    size_t len;

    ok( !spnego_read_resp( accept_completed, sizeof(accept_completed), &resp ), "accept-completed\n" );
    ok( resp.state == SPNEGO_ACCEPT_COMPLETED && resp.mech == SPNEGO_MECH_NONE && !resp.token && !resp.mic,
        "state %d\n", resp.state );
    ok( !spnego_read_resp( server_mic_resp, sizeof(server_mic_resp), &resp ), "the MIC of a Windows server\n" );
    ok( resp.state == SPNEGO_ACCEPT_INCOMPLETE && resp.mic == server_mic_resp + 13 && resp.mic_len == 16,
        "state %d, mic %zu\n", resp.state, resp.mic_len );
    for (len = 0; len < sizeof(server_mic_resp); len++)
        ok( spnego_read_resp( server_mic_resp, len, &resp ), "truncated to %zu\n", len );
    {
        uint8_t bad[sizeof(accept_completed)];
        memcpy( bad, accept_completed, sizeof(bad) );
        bad[8] = 4;  /* no such negState */
        ok( spnego_read_resp( bad, sizeof(bad), &resp ), "negState 4\n" );
    }
}

static void test_write(void)
{
    static const enum spnego_mech client_mechs[] = { SPNEGO_MECH_KRB5_MS, SPNEGO_MECH_KRB5, SPNEGO_MECH_NTLM };
    static const uint8_t token[] = { 1, 2, 3, 4, 5 }, mic[16] = { 0xcc };
    uint8_t buf[512];
    struct spnego_init init;
    struct spnego_resp resp, back;
    enum spnego_mech mechs[8];
    size_t len;

    len = spnego_write_init2( client_mechs, 3, NULL, 0 );
    ok( len == sizeof(server_init2), "NegTokenInit2 of %zu bytes\n", len );
    ok( spnego_write_init2( client_mechs, 3, buf, len - 1 ) == len, "measured again\n" );
    spnego_write_init2( client_mechs, 3, buf, sizeof(buf) );
    ok( !memcmp( buf, server_init2, sizeof(server_init2) ), "not Windows' NegTokenInit2\n" );

    len = spnego_write_init( client_mechs, 3, token, sizeof(token), buf, sizeof(buf) );
    ok( !spnego_read_init( buf, len, &init ), "our NegTokenInit\n" );
    ok( spnego_read_mechs( &init, mechs, 8 ) == 3 && !memcmp( mechs, client_mechs, sizeof(client_mechs) ),
        "mechanisms\n" );
    ok( init.token_len == sizeof(token) && !memcmp( init.token, token, sizeof(token) ), "mechToken\n" );
    ok( init.mech_list_len == spnego_write_mech_list( client_mechs, 3, NULL, 0 ), "MIC input %zu\n",
        init.mech_list_len );
    len = spnego_write_mech_list( client_mechs, 3, buf + 256, 256 );
    ok( !memcmp( buf + 256, init.mech_list, len ), "the list signed is not the list sent\n" );

    memset( &resp, 0, sizeof(resp) );
    resp.state = SPNEGO_ACCEPT_COMPLETED;
    resp.mech = SPNEGO_MECH_NONE;
    len = spnego_write_resp( &resp, buf, sizeof(buf) );
    ok( len == sizeof(accept_completed) && !memcmp( buf, accept_completed, len ), "accept-completed\n" );

    resp.state = SPNEGO_REQUEST_MIC;
    resp.mech = SPNEGO_MECH_KRB5_MS;
    resp.token = token;
    resp.token_len = sizeof(token);
    resp.mic = mic;
    resp.mic_len = sizeof(mic);
    len = spnego_write_resp( &resp, buf, sizeof(buf) );
    ok( !spnego_read_resp( buf, len, &back ), "read back\n" );
    ok( back.state == SPNEGO_REQUEST_MIC && back.mech == SPNEGO_MECH_KRB5_MS, "state %d mech %d\n", back.state,
        back.mech );
    ok( back.token_len == sizeof(token) && !memcmp( back.token, token, sizeof(token) ), "token\n" );
    ok( back.mic_len == sizeof(mic) && !memcmp( back.mic, mic, sizeof(mic) ), "mic\n" );

    /* a client's later token: no negState, no mechanism */
    resp.state = SPNEGO_NO_STATE;
    resp.mech = SPNEGO_MECH_NONE;
    resp.mic = NULL;
    len = spnego_write_resp( &resp, buf, sizeof(buf) );
    ok( !spnego_read_resp( buf, len, &back ) && back.state == SPNEGO_NO_STATE && !back.mech && !back.mic,
        "continuation\n" );
    ok( buf[0] == 0xa1 && buf[2] == 0x30 && buf[4] == 0xa2, "layout %02x %02x %02x\n", buf[0], buf[2], buf[4] );

    /* a big token takes long-form lengths */
    {
        static uint8_t big[70000], out[70100];
        struct spnego_init again;
        len = spnego_write_init( client_mechs, 3, big, sizeof(big), out, sizeof(out) );
        ok( !spnego_read_init( out, len, &again ) && again.token_len == sizeof(big), "a token of %zu bytes\n",
            again.token_len );
    }
}

START_TEST(spnego)
{
    test_classify();
    test_read_init();
    test_corruption();
    test_read_resp();
    test_write();
}
