/*
 * AddSecurityPackage with a third-party SSP/AP (testssp.dll, built next to
 * this test), and every SSPI and LSA path through it: the LSA emulation
 * loads it like lsass does and dispatches to its LSA-mode and user-mode tables.
 *
 * On Windows this installs the package into the running LSA, so it only runs
 * there when WINETEST_INTERACTIVE is set.
 */
#include <stdarg.h>
#include <windef.h>
#include <winbase.h>
#include <ntstatus.h>
#define SECURITY_WIN32
#include <sspi.h>
#include <ntsecapi.h>

#include "wine/test.h"

static char testssp_path[MAX_PATH];

static BOOL add_testssp(void)
{
    SECURITY_PACKAGE_OPTIONS options = { sizeof(options), SECPKG_OPTIONS_TYPE_LSA };
    SECURITY_STATUS status;
    char *p;

    if (!strcmp( winetest_platform, "windows" ) && !winetest_interactive)
    {
        skip( "not installing a package into the LSA of this Windows\n" );
        return FALSE;
    }
    GetModuleFileNameA( NULL, testssp_path, sizeof(testssp_path) );
    if ((p = strrchr( testssp_path, '\\' ))) strcpy( p + 1, "testssp.dll" );

    status = AddSecurityPackageA( (char *)"c:\\no\\such\\package.dll", NULL );
    ok( status == SEC_E_SECPKG_NOT_FOUND, "missing DLL: got %08lx\n", status );
    status = AddSecurityPackageA( (char *)"kernel32.dll", NULL );
    ok( status == SEC_E_CANNOT_INSTALL, "not an SSP/AP: got %08lx\n", status );

    status = AddSecurityPackageA( testssp_path, &options );
    ok( status == SEC_E_OK, "AddSecurityPackageA returned %08lx\n", status );
    /* a second time is harmless */
    status = AddSecurityPackageA( testssp_path, NULL );
    ok( status == SEC_E_OK, "second AddSecurityPackageA returned %08lx\n", status );
    return status == SEC_E_OK;
}

static void test_listed(void)
{
    SecPkgInfoW *info, *pkg = NULL;
    ULONG count, i, listed = 0;

    ok( EnumerateSecurityPackagesW( &count, &info ) == SEC_E_OK, "enumerate failed\n" );
    for (i = 0; i < count; i++) if (!wcscmp( info[i].Name, L"TestSSP" )) { pkg = &info[i]; listed++; }
    ok( listed == 1, "listed %lu times\n", listed );
    if (pkg)
    {
        ok( !wcscmp( pkg->Comment, L"Test Security Package" ), "comment %s\n", wine_dbgstr_w(pkg->Comment) );
        ok( pkg->cbMaxToken == 256, "max token %lu\n", pkg->cbMaxToken );
    }
    FreeContextBuffer( info );
    ok( DeleteSecurityPackageW( (WCHAR *)L"TestSSP" ) == SEC_E_UNSUPPORTED_FUNCTION, "package deleted\n" );
}

static SecBufferDesc *alloc_desc( SecBufferDesc *desc, SecBuffer *buf, void *data, ULONG size, ULONG type )
{
    desc->ulVersion = SECBUFFER_VERSION;
    desc->cBuffers = 1;
    desc->pBuffers = buf;
    buf->BufferType = type;
    buf->cbBuffer = size;
    buf->pvBuffer = data;
    return desc;
}

static void test_contexts(void)
{
    SEC_WINNT_AUTH_IDENTITY_W id = { (unsigned short *)L"frank", 5, NULL, 0, NULL, 0,
                                     SEC_WINNT_AUTH_IDENTITY_UNICODE };
    CredHandle client_cred, server_cred;
    CtxtHandle client, server, imported, deleted;
    SecBuffer in_buf, out_buf, msg_bufs[2], packed;
    SecBufferDesc in, out, msg = { SECBUFFER_VERSION, 2, msg_bufs };
    SecPkgCredentials_NamesA cred_names;
    SecPkgContext_NamesA namesA;
    SecPkgContext_NamesW namesW;
    SecPkgContext_Sizes sizes;
    char data[] = "attack at dawn", copy[sizeof(data)], token[256], sig[16];
    TimeStamp ts;
    ULONG attrs, qop;
    HANDLE thread_token;
    SECURITY_STATUS status;

    status = AcquireCredentialsHandleW( NULL, (WCHAR *)L"TestSSP", SECPKG_CRED_OUTBOUND, NULL, &id, NULL, NULL,
                                        &client_cred, &ts );
    ok( status == SEC_E_OK, "client credentials: %08lx\n", status );
    status = AcquireCredentialsHandleA( NULL, (char *)"testssp", SECPKG_CRED_INBOUND, NULL, NULL, NULL, NULL,
                                        &server_cred, &ts );
    ok( status == SEC_E_OK, "server credentials: %08lx\n", status );
    status = AcquireCredentialsHandleW( NULL, (WCHAR *)L"TestSSP", 0, NULL, NULL, NULL, NULL, &deleted, &ts );
    ok( status == SEC_E_UNKNOWN_CREDENTIALS, "package status not passed through: %08lx\n", status );

    status = QueryCredentialsAttributesA( &client_cred, SECPKG_CRED_ATTR_NAMES, &cred_names );
    ok( status == SEC_E_OK, "got %08lx\n", status );
    if (!status)
    {
        ok( !strcmp( cred_names.sUserName, "frank" ), "credential name %s\n", cred_names.sUserName );
        FreeContextBuffer( cred_names.sUserName );
    }

    /* client leg 1, with the package allocating the token */
    alloc_desc( &out, &out_buf, NULL, 0, SECBUFFER_TOKEN );
    status = InitializeSecurityContextA( &client_cred, NULL, (char *)"target", ISC_REQ_ALLOCATE_MEMORY, 0,
                                         SECURITY_NATIVE_DREP, NULL, 0, &client, &out, &attrs, &ts );
    ok( status == SEC_I_CONTINUE_NEEDED, "client leg 1: %08lx\n", status );
    ok( attrs & ISC_RET_ALLOCATED_MEMORY, "attrs %08lx\n", attrs );
    ok( out_buf.cbBuffer == 11 && !memcmp( out_buf.pvBuffer, "HELLO:frank", 11 ), "token %lu\n", out_buf.cbBuffer );
    memcpy( token, out_buf.pvBuffer, out_buf.cbBuffer );
    alloc_desc( &in, &in_buf, token, out_buf.cbBuffer, SECBUFFER_TOKEN );
    FreeContextBuffer( out_buf.pvBuffer );

    /* a context handle of one package with credentials of the same package only */
    status = AcceptSecurityContext( &server_cred, &client, &in, 0, SECURITY_NATIVE_DREP, &server, &out, &attrs, &ts );
    ok( status == SEC_E_OUT_OF_SEQUENCE, "server with client context: %08lx\n", status );

    /* server, into a caller buffer */
    alloc_desc( &out, &out_buf, copy, sizeof(copy), SECBUFFER_TOKEN );
    status = AcceptSecurityContext( &server_cred, NULL, &in, 0, SECURITY_NATIVE_DREP, &server, &out, &attrs, &ts );
    ok( status == SEC_E_OK, "server: %08lx\n", status );
    ok( out_buf.cbBuffer == 7 && !memcmp( copy, "WELCOME", 7 ), "server token %lu\n", out_buf.cbBuffer );

    /* client leg 2 on the same handle */
    alloc_desc( &in, &in_buf, copy, 7, SECBUFFER_TOKEN );
    alloc_desc( &out, &out_buf, token, sizeof(token), SECBUFFER_TOKEN );
    status = InitializeSecurityContextW( NULL, &client, NULL, 0, 0, SECURITY_NATIVE_DREP, &in, 0, &client, &out,
                                         &attrs, &ts );
    ok( status == SEC_E_OK, "client leg 2: %08lx\n", status );

    /* bad input from the peer: the package's status, the context intact */
    alloc_desc( &in, &in_buf, (char *)"GARBAGE", 7, SECBUFFER_TOKEN );
    status = AcceptSecurityContext( &server_cred, NULL, &in, 0, SECURITY_NATIVE_DREP, &deleted, &out, &attrs, &ts );
    ok( status == SEC_E_INVALID_TOKEN, "garbage: %08lx\n", status );

    /* attributes: user mode answers NAMES, converted for A callers */
    status = QueryContextAttributesW( &server, SECPKG_ATTR_NAMES, &namesW );
    ok( status == SEC_E_OK, "names W: %08lx\n", status );
    if (!status)
    {
        ok( !wcscmp( namesW.sUserName, L"frank" ), "user %s\n", wine_dbgstr_w(namesW.sUserName) );
        FreeContextBuffer( namesW.sUserName );
    }
    status = QueryContextAttributesA( &server, SECPKG_ATTR_NAMES, &namesA );
    ok( status == SEC_E_OK, "names A: %08lx\n", status );
    if (!status)
    {
        ok( !strcmp( namesA.sUserName, "frank" ), "user %s\n", namesA.sUserName );
        FreeContextBuffer( namesA.sUserName );
    }
    status = QueryContextAttributesW( &client, SECPKG_ATTR_SIZES, &sizes );
    ok( status == SEC_E_OK && sizes.cbMaxSignature == 4, "sizes: %08lx\n", status );
    status = QueryContextAttributesW( &client, SECPKG_ATTR_LIFESPAN, &sizes );
    ok( status == SEC_E_UNSUPPORTED_FUNCTION, "unsupported attribute: %08lx\n", status );

    /* messages */
    msg_bufs[0].BufferType = SECBUFFER_DATA;
    msg_bufs[0].cbBuffer = sizeof(data);
    msg_bufs[0].pvBuffer = data;
    msg_bufs[1].BufferType = SECBUFFER_TOKEN;
    msg_bufs[1].cbBuffer = sizeof(sig);
    msg_bufs[1].pvBuffer = sig;
    ok( MakeSignature( &client, 0, &msg, 0 ) == SEC_E_OK, "MakeSignature failed\n" );
    ok( VerifySignature( &server, &msg, 0, &qop ) == SEC_E_OK, "VerifySignature failed\n" );
    data[0] ^= 1;
    ok( VerifySignature( &server, &msg, 0, &qop ) == SEC_E_MESSAGE_ALTERED, "altered message verified\n" );
    data[0] ^= 1;
    memcpy( copy, data, sizeof(data) );
    ok( EncryptMessage( &client, 0, &msg, 0 ) == SEC_E_OK, "EncryptMessage failed\n" );
    ok( memcmp( data, copy, sizeof(data) ), "not encrypted\n" );
    ok( DecryptMessage( &server, &msg, 0, &qop ) == SEC_E_OK, "DecryptMessage failed\n" );
    ok( !memcmp( data, copy, sizeof(data) ), "not decrypted\n" );
    ok( CompleteAuthToken( &server, &in ) == SEC_E_OK, "CompleteAuthToken failed\n" );

    /* impersonation on the server */
    ok( ImpersonateSecurityContext( &server ) == SEC_E_OK, "ImpersonateSecurityContext failed\n" );
    ok( OpenThreadToken( GetCurrentThread(), TOKEN_QUERY, TRUE, &thread_token ), "not impersonating\n" );
    CloseHandle( thread_token );
    ok( RevertSecurityContext( &server ) == SEC_E_OK, "RevertSecurityContext failed\n" );
    ok( !OpenThreadToken( GetCurrentThread(), TOKEN_QUERY, TRUE, &thread_token ), "still impersonating\n" );
    ok( QuerySecurityContextToken( &server, &thread_token ) == SEC_E_OK, "QuerySecurityContextToken failed\n" );
    CloseHandle( thread_token );
    ok( ImpersonateSecurityContext( &client ) == SEC_E_NO_IMPERSONATION, "client impersonated\n" );

    /* export and import */
    status = ExportSecurityContext( &server, 0, &packed, NULL );
    ok( status == SEC_E_OK, "export: %08lx\n", status );
    status = ImportSecurityContextA( (char *)"TestSSP", &packed, NULL, &imported );
    ok( status == SEC_E_OK, "import: %08lx\n", status );
    FreeContextBuffer( packed.pvBuffer );
    status = QueryContextAttributesW( &imported, SECPKG_ATTR_NAMES, &namesW );
    ok( status == SEC_E_OK, "names of imported: %08lx\n", status );
    if (!status) FreeContextBuffer( namesW.sUserName );

    deleted = server;
    ok( DeleteSecurityContext( &client ) == SEC_E_OK, "delete client\n" );
    ok( DeleteSecurityContext( &server ) == SEC_E_OK, "delete server\n" );
    ok( DeleteSecurityContext( &imported ) == SEC_E_OK, "delete imported\n" );
    ok( DeleteSecurityContext( &deleted ) == SEC_E_INVALID_HANDLE, "deleted twice\n" );
    ok( MakeSignature( &deleted, 0, &msg, 0 ) == SEC_E_INVALID_HANDLE, "signed with a deleted context\n" );
    ok( FreeCredentialsHandle( &client_cred ) == SEC_E_OK, "free client credentials\n" );
    ok( FreeCredentialsHandle( &server_cred ) == SEC_E_OK, "free server credentials\n" );
}

static void init_lsa_string( LSA_STRING *str, const char *value )
{
    str->Buffer = (char *)value;
    str->Length = strlen( value );
    str->MaximumLength = str->Length + 1;
}

static void test_package_calls(void)
{
    LSA_STRING name, origin;
    HANDLE lsa;
    ULONG id, len, i;
    BYTE request[] = { 1, 2, 3, 4, 5 }, *reply;
    NTSTATUS status, protocol;
    LSA_OPERATIONAL_MODE mode;

    ok( !LsaConnectUntrusted( &lsa ), "LsaConnectUntrusted failed\n" );
    init_lsa_string( &name, "TESTSSP_AUTHENTICATION_PACKAGE" );
    status = LsaLookupAuthenticationPackage( lsa, &name, &id );
    ok( status == STATUS_SUCCESS, "lookup by AP name: %08lx\n", status );

    status = LsaCallAuthenticationPackage( lsa, id, request, sizeof(request), (void **)&reply, &len, &protocol );
    ok( status == STATUS_SUCCESS, "call: %08lx\n", status );
    ok( protocol == 2, "untrusted call went to entry %ld\n", protocol );
    ok( len == sizeof(request), "reply length %lu\n", len );
    for (i = 0; i < len && i < sizeof(request); i++) ok( reply[i] == request[len - 1 - i], "byte %lu\n", i );
    LsaFreeReturnBuffer( reply );
    status = LsaCallAuthenticationPackage( lsa, id, request, 0, (void **)&reply, &len, &protocol );
    ok( status == STATUS_INVALID_PARAMETER, "package error not passed through: %08lx\n", status );
    LsaDeregisterLogonProcess( lsa );

    init_lsa_string( &origin, "addpkg test" );
    status = LsaRegisterLogonProcess( &origin, &lsa, &mode );
    ok( status == STATUS_SUCCESS, "LsaRegisterLogonProcess: %08lx\n", status );
    if (status) return;
    status = LsaCallAuthenticationPackage( lsa, id, request, sizeof(request), (void **)&reply, &len, &protocol );
    ok( status == STATUS_SUCCESS && protocol == 1, "trusted call: %08lx, entry %ld\n", status, protocol );
    if (!status) LsaFreeReturnBuffer( reply );
    LsaDeregisterLogonProcess( lsa );
}

static void test_logon_user(void)
{
    struct { MSV1_0_INTERACTIVE_LOGON logon; WCHAR strings[32]; } info;
    SECURITY_LOGON_SESSION_DATA *data;
    TOKEN_SOURCE source = { "TestSSP", { 0, 0 } };
    QUOTA_LIMITS quotas;
    LSA_STRING name, origin;
    HANDLE lsa, token;
    LUID logon_id, *sessions, other;
    ULONG id, profile_len, count, i, len;
    BYTE ended_request[5 + sizeof(LUID)], *ended;
    HANDLE other_token;
    void *profile;
    NTSTATUS status, substatus;
    BOOL found = FALSE;

    init_lsa_string( &origin, "addpkg test" );
    ok( !LsaConnectUntrusted( &lsa ), "LsaConnectUntrusted failed\n" );
    init_lsa_string( &name, "TESTSSP_AUTHENTICATION_PACKAGE" );
    ok( !LsaLookupAuthenticationPackage( lsa, &name, &id ), "lookup failed\n" );

    memset( &info, 0, sizeof(info) );
    info.logon.MessageType = MsV1_0InteractiveLogon;
    memcpy( info.strings, L"grace" L"wrong!", 22 );
    info.logon.UserName.Buffer = info.strings;
    info.logon.UserName.Length = info.logon.UserName.MaximumLength = 10;
    info.logon.Password.Buffer = info.strings + 5;
    info.logon.Password.Length = info.logon.Password.MaximumLength = 12;
    status = LsaLogonUser( lsa, &origin, Network, id, &info, sizeof(info), NULL, &source, &profile, &profile_len,
                           &logon_id, &token, &quotas, &substatus );
    ok( status == STATUS_LOGON_FAILURE, "wrong password: %08lx\n", status );
    ok( substatus == STATUS_WRONG_PASSWORD, "substatus %08lx\n", substatus );

    memcpy( info.strings + 5, L"secret", 12 );
    status = LsaLogonUser( lsa, &origin, Network, id, &info, sizeof(info), NULL, &source, &profile, &profile_len,
                           &logon_id, &token, &quotas, &substatus );
    ok( status == STATUS_SUCCESS, "logon: %08lx\n", status );
    if (status) goto done;
    ok( profile_len == 4 && !memcmp( profile, "PROF", 4 ), "profile %lu\n", profile_len );
    ok( token != NULL, "no token\n" );
    LsaFreeReturnBuffer( profile );

    ok( !LsaEnumerateLogonSessions( &count, &sessions ), "enumerate failed\n" );
    for (i = 0; i < count; i++) if (!memcmp( &sessions[i], &logon_id, sizeof(LUID) )) found = TRUE;
    ok( found, "new logon session not listed\n" );
    LsaFreeReturnBuffer( sessions );
    status = LsaGetLogonSessionData( &logon_id, &data );
    ok( status == STATUS_SUCCESS, "session data: %08lx\n", status );
    if (!status)
    {
        ok( data->LogonType == Network, "logon type %lu\n", data->LogonType );
        ok( data->UserName.Length == 10 && !memcmp( data->UserName.Buffer, L"grace", 10 ), "user name\n" );
        ok( data->AuthenticationPackage.Length == 14 &&
            !memcmp( data->AuthenticationPackage.Buffer, L"TestSSP", 14 ), "package\n" );
        LsaFreeReturnBuffer( data );
    }

    /* the session ends once its token is closed, and the package hears of it */
    CloseHandle( token );
    memcpy( ended_request, "ENDED", 5 );
    memcpy( ended_request + 5, &logon_id, sizeof(LUID) );
    /* the LSA finds it in a round of the sessions, and ends it apart */
    for (i = 0; i < 2 * count + 8 && !LsaGetLogonSessionData( &logon_id, &data ); i++)
    {
        LsaFreeReturnBuffer( data );
        Sleep( 10 );
        if (!LsaLogonUser( lsa, &origin, Network, id, &info, sizeof(info), NULL, &source, &profile, &profile_len,
                           &other, &other_token, &quotas, &substatus ))
        {
            LsaFreeReturnBuffer( profile );
            CloseHandle( other_token );
        }
    }
    status = LsaGetLogonSessionData( &logon_id, &data );
    ok( status == STATUS_NO_SUCH_LOGON_SESSION, "session after its token: %08lx\n", status );
    if (!status) LsaFreeReturnBuffer( data );
    status = LsaCallAuthenticationPackage( lsa, id, ended_request, sizeof(ended_request), (void **)&ended, &len,
                                           &substatus );
    ok( !status && len == 1 && *ended, "the package was not told: %08lx\n", status );
    if (!status) LsaFreeReturnBuffer( ended );
done:
    LsaDeregisterLogonProcess( lsa );
}

START_TEST(addpkg)
{
    if (!add_testssp()) return;
    test_listed();
    test_contexts();
    test_package_calls();
    test_logon_user();
}
