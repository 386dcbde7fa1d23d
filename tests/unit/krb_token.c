/*
 * Unit tests of the Kerberos context tokens: framing, the AP-REQ's ticket
 * and KRB-ERROR, on tokens an MIT KDC issued (krb_vectors.h), whole, cut and altered.
 */
#include <string.h>

#include "krb_token.h"
#include "krb_vectors.h"
#include "wine/test.h"

static void test_ap_req(void)
{
    struct krb_ticket_info ticket;
    struct krb_token token;

    ok( !krb_token_parse( ap_req, sizeof(ap_req), &token ), "AP-REQ not parsed\n" );
    ok( token.kind == KRB_TOKEN_AP_REQ && token.framed, "kind %d framed %d\n", token.kind, token.framed );
    ok( token.msg == ap_req + 17 && token.msg_len == sizeof(ap_req) - 17, "message at %d, %zu bytes\n",
        (int)(token.msg - ap_req), token.msg_len );
    ok( !krb_ap_req_ticket( token.msg, token.msg_len, &ticket ), "ticket not read\n" );
    ok( !strcmp( ticket.realm, "KRB.TEST" ), "realm %s\n", ticket.realm );
    ok( !strcmp( ticket.sname, "host/localhost" ), "sname %s\n", ticket.sname );
    ok( ticket.etype == 18 && ticket.kvno == 2, "etype %d kvno %u\n", ticket.etype, ticket.kvno );
    ok( ticket.ap_options == KRB_AP_OPTION_MUTUAL_REQUIRED, "options %#x\n", ticket.ap_options );

    /* DCE style: the bare AP-REQ */
    ok( !krb_token_parse( ap_req + 17, sizeof(ap_req) - 17, &token ), "raw AP-REQ not parsed\n" );
    ok( token.kind == KRB_TOKEN_AP_REQ && !token.framed, "kind %d framed %d\n", token.kind, token.framed );
    ok( krb_ap_req_ticket( krb_error + 15, sizeof(krb_error) - 15, &ticket ), "KRB-ERROR read as an AP-REQ\n" );
}

static void test_krb_error(void)
{
    struct krb_error_info error;
    struct krb_token token;

    ok( !krb_token_parse( krb_error, sizeof(krb_error), &token ), "KRB-ERROR not parsed\n" );
    ok( token.kind == KRB_TOKEN_ERROR && token.framed, "kind %d\n", token.kind );
    ok( !krb_error_parse( token.msg, token.msg_len, &error ), "KRB-ERROR not read\n" );
    ok( error.error_code == 34, "error %d\n", error.error_code );
    ok( error.stime == 1796134812, "stime %lld\n", (long long)error.stime );  /* 2026-12-01 14:20:12 */
    ok( !error.e_text[0], "e-text %s\n", error.e_text );
    ok( krb_error_parse( ap_req + 17, sizeof(ap_req) - 17, &error ), "AP-REQ read as a KRB-ERROR\n" );
}

static void test_other_tokens(void)
{
    static const uint8_t spnego[] = { 0x60, 0x0c, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02, 0xa0, 0x02, 0x30,
                                      0x00 };
    static const uint8_t ntlm[] = "NTLMSSP\0\1\0\0\0";
    static const uint8_t ap_rep[] = { 0x6f, 0x02, 0x30, 0x00 };
    uint8_t framed[sizeof(ap_req)];
    struct krb_token token;

    ok( krb_token_parse( spnego, sizeof(spnego), &token ) && token.kind == KRB_TOKEN_SPNEGO, "SPNEGO: %d\n",
        token.kind );
    ok( krb_token_parse( ntlm, sizeof(ntlm), &token ) && token.kind == KRB_TOKEN_INVALID, "NTLM: %d\n", token.kind );
    ok( krb_token_parse( NULL, 0, &token ), "nothing parsed\n" );
    ok( !krb_token_parse( ap_rep, sizeof(ap_rep), &token ) && token.kind == KRB_TOKEN_AP_REP, "AP-REP: %d\n",
        token.kind );
    /* the TOK_ID must say what the message is */
    memcpy( framed, ap_req, sizeof(ap_req) );
    framed[15] = 0x02;
    ok( krb_token_parse( framed, sizeof(framed), &token ), "AP-REQ framed as an AP-REP\n" );
    framed[15] = 0x01;
    framed[10] = 0x03;  /* another OID */
    ok( krb_token_parse( framed, sizeof(framed), &token ), "another mechanism\n" );
}

/* Every prefix of the tokens, and every byte of them altered: errors, never a crash. */
static void test_hostile(void)
{
    struct krb_ticket_info ticket;
    struct krb_error_info error;
    struct krb_token token;
    uint8_t buf[sizeof(ap_req)];
    size_t len, i;
    int whole = 0;

    for (len = 0; len < sizeof(ap_req); len++)
        if (!krb_token_parse( ap_req, len, &token ) || !krb_ap_req_ticket( ap_req + 17, len > 17 ? len - 17 : 0,
                                                                           &ticket ))
            whole++;
    ok( !whole, "%d cut AP-REQs read\n", whole );
    for (len = 0; len < sizeof(krb_error); len++)
        if (!krb_token_parse( krb_error, len, &token ) || !krb_error_parse( krb_error + 15, len > 15 ? len - 15 : 0,
                                                                            &error ))
            whole++;
    ok( !whole, "%d cut KRB-ERRORs read\n", whole );
    for (i = 0; i < sizeof(ap_req); i++)
    {
        memcpy( buf, ap_req, sizeof(ap_req) );
        buf[i] ^= 0xa5;
        if (!krb_token_parse( buf, sizeof(buf), &token )) krb_ap_req_ticket( token.msg, token.msg_len, &ticket );
    }
}

START_TEST(krb_token)
{
    test_ap_req();
    test_krb_error();
    test_other_tokens();
    test_hostile();
}
