/*
 * Unit tests of SPNEGO token classification.
 */
#include <string.h>

#include "spnego.h"
#include "wine/test.h"

static void test_classify(void)
{
    /* GSS header, SPNEGO OID, [0] NegTokenInit (empty sequence) */
    static const uint8_t init[] = { 0x60, 0x0c, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02,
                                    0xa0, 0x02, 0x30, 0x00 };
    static const uint8_t resp[] = { 0xa1, 0x05, 0x30, 0x03, 0xa0, 0x01, 0x00 };
    static const uint8_t krb5[] = { 0x60, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02,
                                    0x02, 0x01, 0x00 };
    static const uint8_t ntlm[] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 1, 0, 0, 0 };
    uint8_t bad[sizeof(init)];

    ok( spnego_classify( init, sizeof(init) ) == SPNEGO_NEG_TOKEN_INIT, "init\n" );
    ok( spnego_classify( resp, sizeof(resp) ) == SPNEGO_NEG_TOKEN_RESP, "resp\n" );
    ok( spnego_classify( krb5, sizeof(krb5) ) == SPNEGO_RAW_KERBEROS, "krb5\n" );
    ok( spnego_classify( ntlm, sizeof(ntlm) ) == SPNEGO_RAW_NTLM, "ntlm\n" );
    ok( spnego_classify( NULL, 0 ) == SPNEGO_INVALID, "empty\n" );
    ok( spnego_classify( init, sizeof(init) - 1 ) == SPNEGO_INVALID, "truncated init\n" );
    ok( spnego_classify( resp, 3 ) == SPNEGO_INVALID, "truncated resp\n" );
    memcpy( bad, init, sizeof(bad) );
    bad[9] = 3;     /* another OID */
    ok( spnego_classify( bad, sizeof(bad) ) == SPNEGO_INVALID, "unknown mechanism\n" );
    memcpy( bad, init, sizeof(bad) );
    bad[10] = 0xa1; /* NegTokenResp inside an initial token */
    ok( spnego_classify( bad, sizeof(bad) ) == SPNEGO_INVALID, "resp in init\n" );
}

START_TEST(spnego)
{
    test_classify();
}
