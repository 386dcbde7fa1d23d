/*
 * Unit tests of the statuses of GSSAPI and krb5 failures, with the values
 * krb5.h and gssapi.h give them.
 */
#include <errno.h>
#include <krb5.h>
#include <gssapi/gssapi.h>

#include "krb_status.h"
#include "wine/test.h"

static void test_constants(void)
{
    ok( KRB5_ERROR_BASE == ERROR_TABLE_BASE_krb5, "krb5 base %d\n", KRB5_ERROR_BASE );
    ok( ASN1_ERROR_BASE == ERROR_TABLE_BASE_asn1, "asn1 base %d\n", ASN1_ERROR_BASE );
    ok( krb_error_from_protocol( 37 ) == KRB5KRB_AP_ERR_SKEW, "skew %d\n", krb_error_from_protocol( 37 ) );
    ok( krb_error_from_protocol( 1000 ) == KRB5KRB_ERR_GENERIC, "out of range\n" );
}

static void test_statuses(void)
{
    static const struct { OM_uint32 major; int32_t minor; int32_t status; } tests[] =
    {
        { GSS_S_FAILURE, KRB5KRB_AP_ERR_SKEW, SEC_E_TIME_SKEW },
        { GSS_S_FAILURE, KRB5KRB_AP_ERR_TKT_EXPIRED, SEC_E_CONTEXT_EXPIRED },
        { GSS_S_FAILURE, KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN, SEC_E_TARGET_UNKNOWN },
        { GSS_S_FAILURE, KRB5KDC_ERR_PREAUTH_FAILED, SEC_E_LOGON_DENIED },
        { GSS_S_FAILURE, KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN, SEC_E_LOGON_DENIED },
        { GSS_S_FAILURE, KRB5KRB_AP_ERR_REPEAT, SEC_E_LOGON_DENIED },
        { GSS_S_FAILURE, KRB5KRB_AP_ERR_MODIFIED, SEC_E_LOGON_DENIED },
        { GSS_S_FAILURE, KRB5KRB_AP_ERR_BADKEYVER, SEC_E_LOGON_DENIED },
        { GSS_S_FAILURE, KRB5_KT_KVNONOTFOUND, SEC_E_LOGON_DENIED },
        { GSS_S_FAILURE, KRB5KRB_AP_ERR_MUT_FAIL, SEC_E_WRONG_PRINCIPAL },
        { GSS_S_NO_CRED, KRB5_KDC_UNREACH, SEC_E_NO_AUTHENTICATING_AUTHORITY },
        { GSS_S_NO_CRED, KRB5_REALM_CANT_RESOLVE, SEC_E_NO_AUTHENTICATING_AUTHORITY },
        { GSS_S_NO_CRED, KRB5_FCC_NOFILE, SEC_E_NO_CREDENTIALS },
        { GSS_S_NO_CRED, 0, SEC_E_NO_CREDENTIALS },
        { GSS_S_FAILURE, KRB5KDC_ERR_ETYPE_NOSUPP, SEC_E_ETYPE_NOT_SUPP },
        { GSS_S_FAILURE, ASN1_OVERRUN, SEC_E_INVALID_TOKEN },
        { GSS_S_FAILURE, ENOMEM, SEC_E_INSUFFICIENT_MEMORY },
        { GSS_S_FAILURE, 0, SEC_E_INTERNAL_ERROR },
        { GSS_S_BAD_BINDINGS, 0, SEC_E_BAD_BINDINGS },
        { GSS_S_BAD_SIG, KRB5KRB_AP_ERR_MODIFIED, SEC_E_MESSAGE_ALTERED },
        { GSS_S_DEFECTIVE_TOKEN, 0, SEC_E_INVALID_TOKEN },
        { GSS_S_NO_CONTEXT, 0, SEC_E_INVALID_HANDLE },
        { GSS_S_CONTEXT_EXPIRED, 0, SEC_E_CONTEXT_EXPIRED },
        { GSS_S_BAD_NAME, 0, SEC_E_TARGET_UNKNOWN },
        { GSS_S_BAD_QOP, 0, SEC_E_QOP_NOT_SUPPORTED },
        { GSS_S_BAD_MECH, 0, SEC_E_SECPKG_NOT_FOUND },
    };
    size_t i;

    for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
        ok( krb_sec_status( tests[i].major, tests[i].minor ) == tests[i].status, "%zu: %08x\n", i,
            krb_sec_status( tests[i].major, tests[i].minor ) );
}

static void test_peer_statuses(void)
{
    ok( krb_peer_status( KRB5KRB_AP_ERR_MODIFIED ) == SEC_E_WRONG_PRINCIPAL, "modified\n" );
    ok( krb_peer_status( KRB5KRB_AP_ERR_NOT_US ) == SEC_E_WRONG_PRINCIPAL, "not us\n" );
    ok( krb_peer_status( KRB5KRB_AP_ERR_SKEW ) == SEC_E_TIME_SKEW, "skew\n" );
    ok( krb_peer_status( KRB5KRB_AP_ERR_TKT_EXPIRED ) == SEC_E_CONTEXT_EXPIRED, "expired\n" );
    ok( krb_peer_status( KRB5KRB_AP_ERR_REPEAT ) == SEC_E_LOGON_DENIED, "replay\n" );
    ok( krb_peer_status( KRB5KRB_ERR_GENERIC ) == SEC_E_LOGON_DENIED, "generic\n" );
}

static void test_logon_statuses(void)
{
    int32_t sub;

    ok( krb_logon_status( KRB5KDC_ERR_PREAUTH_FAILED, &sub ) == STATUS_LOGON_FAILURE && sub == STATUS_WRONG_PASSWORD,
        "wrong password %08x\n", sub );
    ok( krb_logon_status( KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN, &sub ) == STATUS_LOGON_FAILURE &&
        sub == STATUS_NO_SUCH_USER, "unknown user %08x\n", sub );
    ok( krb_logon_status( KRB5_KDC_UNREACH, &sub ) == STATUS_NO_LOGON_SERVERS && !sub, "no KDC\n" );
    ok( krb_logon_status( KRB5KDC_ERR_KEY_EXP, &sub ) == STATUS_ACCOUNT_RESTRICTION && sub == STATUS_PASSWORD_EXPIRED,
        "expired password\n" );
    ok( krb_logon_status( KRB5KDC_ERR_CLIENT_REVOKED, &sub ) == STATUS_ACCOUNT_RESTRICTION &&
        sub == STATUS_ACCOUNT_DISABLED, "disabled account\n" );
    ok( krb_logon_status( KRB5KRB_AP_ERR_SKEW, &sub ) == STATUS_TIME_DIFFERENCE_AT_DC, "skew\n" );
    ok( krb_logon_status( KRB5KRB_ERR_GENERIC, &sub ) == STATUS_LOGON_FAILURE && !sub, "other\n" );
}

START_TEST(krb_status)
{
    test_constants();
    test_statuses();
    test_peer_statuses();
    test_logon_statuses();
}
