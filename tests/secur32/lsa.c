/*
 * The LSA client calls: connections, package lookups and calls, logon sessions.
 */
#include <stdarg.h>
#include <windef.h>
#include <winbase.h>
#include <ntstatus.h>
#define SECURITY_WIN32
#include <sspi.h>
#include <ntsecapi.h>
#include <ntsecpkg.h>
#include <security.h>

#include "wine/test.h"
#include "msv1_0_calls.h"

NTSTATUS WINAPI GetSecurityUserInfo( LUID *logon_id, ULONG flags, PSecurityUserData *info );

static void init_lsa_string( LSA_STRING *str, const char *value )
{
    str->Buffer = (char *)value;
    str->Length = strlen( value );
    str->MaximumLength = str->Length + 1;
}

static void test_connect(void)
{
    HANDLE lsa = NULL;
    NTSTATUS status;

    status = LsaConnectUntrusted( &lsa );
    ok( status == STATUS_SUCCESS, "got %08lx\n", status );
    ok( lsa != NULL, "no handle\n" );
    status = LsaDeregisterLogonProcess( lsa );
    ok( status == STATUS_SUCCESS, "got %08lx\n", status );
}

static void test_lookup_package(void)
{
    static const char * const names[] = { MSV1_0_PACKAGE_NAME, MICROSOFT_KERBEROS_NAME_A, NEGOSSP_NAME_A };
    LSA_STRING name;
    HANDLE lsa;
    ULONG id, ids[ARRAY_SIZE(names)], i;
    NTSTATUS status;

    ok( !LsaConnectUntrusted( &lsa ), "LsaConnectUntrusted failed\n" );
    for (i = 0; i < ARRAY_SIZE(names); i++)
    {
        init_lsa_string( &name, names[i] );
        ids[i] = 0xdeadbeef;
        status = LsaLookupAuthenticationPackage( lsa, &name, &ids[i] );
        ok( status == STATUS_SUCCESS, "%s: got %08lx\n", names[i], status );
        ok( ids[i] != 0xdeadbeef, "%s: no id\n", names[i] );
    }
    ok( ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2], "ids not distinct\n" );

    init_lsa_string( &name, "NoSuchPackage" );
    id = 0xdeadbeef;
    status = LsaLookupAuthenticationPackage( lsa, &name, &id );
    ok( status == STATUS_NO_SUCH_PACKAGE, "got %08lx\n", status );
    ok( id == 0xdeadbeef, "id set to %lu\n", id );

    init_lsa_string( &name, MSV1_0_PACKAGE_NAME );
    status = LsaLookupAuthenticationPackage( (HANDLE)0xdeadbee0, &name, &id );
    ok( status == STATUS_INVALID_HANDLE, "bogus handle: got %08lx\n", status );

    status = LsaCallAuthenticationPackage( lsa, 0xdeadbeef, &id, sizeof(id), NULL, NULL, NULL );
    ok( status == STATUS_NO_SUCH_PACKAGE, "bogus package: got %08lx\n", status );
    status = LsaCallAuthenticationPackage( (HANDLE)0xdeadbee0, ids[0], &id, sizeof(id), NULL, NULL, NULL );
    ok( status == STATUS_INVALID_HANDLE, "bogus handle: got %08lx\n", status );

    ok( !LsaDeregisterLogonProcess( lsa ), "LsaDeregisterLogonProcess failed\n" );
    status = LsaDeregisterLogonProcess( (HANDLE)0xdeadbee0 );
    ok( status == STATUS_INVALID_HANDLE, "bogus handle: got %08lx\n", status );
}

static BOOL get_token_statistics( TOKEN_STATISTICS *stats )
{
    HANDLE token;
    DWORD len;
    BOOL ret;

    if (!OpenProcessToken( GetCurrentProcess(), TOKEN_QUERY, &token )) return FALSE;
    ret = GetTokenInformation( token, TokenStatistics, stats, sizeof(*stats), &len );
    CloseHandle( token );
    return ret;
}

static void test_logon_sessions(void)
{
    SECURITY_LOGON_SESSION_DATA *data = NULL;
    TOKEN_STATISTICS stats;
    LUID *list = NULL, bogus = { 0x7fffff01, 0x7ffffff0 };
    ULONG count = 0, i;
    BOOL found = FALSE;
    WCHAR user[256];
    DWORD len = ARRAY_SIZE(user);
    NTSTATUS status;

    ok( get_token_statistics( &stats ), "no token statistics\n" );

    status = LsaEnumerateLogonSessions( &count, &list );
    ok( status == STATUS_SUCCESS, "got %08lx\n", status );
    ok( count > 0, "no sessions\n" );
    for (i = 0; i < count; i++)
        if (!memcmp( &list[i], &stats.AuthenticationId, sizeof(LUID) )) found = TRUE;
    ok( found, "own logon session not listed\n" );
    LsaFreeReturnBuffer( list );

    status = LsaGetLogonSessionData( &stats.AuthenticationId, &data );
    ok( status == STATUS_SUCCESS, "got %08lx\n", status );
    if (!status)
    {
        ok( data->Size >= sizeof(*data), "size %lu\n", data->Size );
        ok( !memcmp( &data->LogonId, &stats.AuthenticationId, sizeof(LUID) ), "LogonId mismatch\n" );
        ok( data->AuthenticationPackage.Length > 0, "no AuthenticationPackage\n" );
        ok( data->Sid != NULL && IsValidSid( data->Sid ), "no valid Sid\n" );
        GetUserNameW( user, &len );
        ok( data->UserName.Length == wcslen( user ) * sizeof(WCHAR) &&
            !memcmp( data->UserName.Buffer, user, data->UserName.Length ),
            "user %s\n", wine_dbgstr_wn( data->UserName.Buffer, data->UserName.Length / sizeof(WCHAR) ) );
        LsaFreeReturnBuffer( data );
    }

    data = (void *)0xdeadbeef;
    status = LsaGetLogonSessionData( &bogus, &data );
    ok( status == STATUS_NO_SUCH_LOGON_SESSION, "got %08lx\n", status );
    status = LsaGetLogonSessionData( NULL, &data );
    ok( status == STATUS_INVALID_PARAMETER, "got %08lx\n", status );
    status = LsaEnumerateLogonSessions( NULL, &list );
    ok( status == STATUS_INVALID_PARAMETER, "got %08lx\n", status );
}

static void test_security_user_info(void)
{
    SecurityUserData *info = NULL;
    TOKEN_STATISTICS stats;
    NTSTATUS status;
    WCHAR user[256];
    DWORD len = ARRAY_SIZE(user);

    GetUserNameW( user, &len );
    ok( get_token_statistics( &stats ), "no token statistics\n" );
    status = GetSecurityUserInfo( &stats.AuthenticationId, 0, &info );
    ok( status == STATUS_SUCCESS, "got %08lx\n", status );
    if (status) return;
    ok( info->UserName.Length == wcslen( user ) * sizeof(WCHAR), "user name length %u\n", info->UserName.Length );
    ok( info->LogonDomainName.Length > 0, "no logon domain\n" );
    ok( info->pSid && IsValidSid( info->pSid ), "no SID\n" );
    LsaFreeReturnBuffer( info );
}

static void test_policy_notification(void)
{
    HANDLE event = CreateEventW( NULL, FALSE, FALSE, NULL );
    NTSTATUS status;

    status = LsaRegisterPolicyChangeNotification( PolicyNotifyAuditEventsInformation, event );
    ok( status == STATUS_SUCCESS, "got %08lx\n", status );
    status = LsaUnregisterPolicyChangeNotification( PolicyNotifyAuditEventsInformation, event );
    ok( status == STATUS_SUCCESS, "got %08lx\n", status );
    status = LsaRegisterPolicyChangeNotification( 0, event );
    ok( status == STATUS_INVALID_PARAMETER, "got %08lx\n", status );
    CloseHandle( event );
}

/* msv1_0's package calls: the challenge of MsV1_0Lm20ChallengeRequest, and the
 * outputs set however the call ends. */
static void test_msv1_0_calls(void)
{
    MSV1_0_LM20_CHALLENGE_REQUEST req = { MsV1_0Lm20ChallengeRequest };
    MSV1_0_LM20_CHALLENGE_RESPONSE *resp = (void *)0xdeadbeef, *resp2 = NULL;
    MSV1_0_PROTOCOL_MESSAGE_TYPE type = 0;
    ULONG id, len = 0xdeadbeef, len2;
    NTSTATUS status, protocol = (NTSTATUS)0xdeadbeef;
    LSA_STRING name;
    HANDLE lsa;

    ok( !LsaConnectUntrusted( &lsa ), "LsaConnectUntrusted failed\n" );
    init_lsa_string( &name, MSV1_0_PACKAGE_NAME );
    ok( !LsaLookupAuthenticationPackage( lsa, &name, &id ), "no msv1_0\n" );
    status = LsaCallAuthenticationPackage( lsa, id, &req, sizeof(req), (void **)&resp, &len, &protocol );
    ok( status == STATUS_SUCCESS && protocol == STATUS_SUCCESS, "challenge: %08lx %08lx\n", status, protocol );
    ok( resp && resp != (void *)0xdeadbeef && len == sizeof(*resp) && resp->MessageType == MsV1_0Lm20ChallengeRequest,
        "response of %lu bytes\n", len );
    status = LsaCallAuthenticationPackage( lsa, id, &req, sizeof(req), (void **)&resp2, &len2, &protocol );
    ok( !status && resp2 && memcmp( resp->ChallengeToClient, resp2->ChallengeToClient, 8 ), "the same challenge\n" );
    if (resp && resp != (void *)0xdeadbeef) LsaFreeReturnBuffer( resp );
    if (resp2) LsaFreeReturnBuffer( resp2 );

    /* a message too short to name its type reaches no handler */
    resp = (void *)0xdeadbeef;
    protocol = 0xdeadbeef;
    status = LsaCallAuthenticationPackage( lsa, id, &type, 2, (void **)&resp, &len, &protocol );
    ok( status == STATUS_INVALID_PARAMETER, "short message: %08lx\n", status );
    ok( !resp && !len && (protocol == STATUS_INVALID_PARAMETER || broken( protocol == (NTSTATUS)0xdeadbeef )),
        "outputs %p %lu %08lx\n", resp, len, protocol );
    LsaDeregisterLogonProcess( lsa );
}

START_TEST(lsa)
{
    test_connect();
    test_lookup_package();
    test_msv1_0_calls();
    test_logon_sessions();
    test_security_user_info();
    test_policy_notification();
}
