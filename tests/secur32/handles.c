/*
 * Handle validation: NULL, forged, freed and wrong-kind handles give
 * SEC_E_INVALID_HANDLE from every call that takes one, and never crash.
 */
#include <stdarg.h>
#include <windef.h>
#include <winbase.h>
#define SECURITY_WIN32
#include <sspi.h>

#include "wine/test.h"

static void check_context_calls( CtxtHandle *ctxt, const char *what )
{
    SecPkgContext_Sizes sizes;
    SecBuffer buf = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc desc = { SECBUFFER_VERSION, 1, &buf };
    SecBuffer packed;
    HANDLE token;
    ULONG qop;

    winetest_push_context( "%s", what );
    ok( QueryContextAttributesW( ctxt, SECPKG_ATTR_SIZES, &sizes ) == SEC_E_INVALID_HANDLE, "QueryContextAttributesW\n" );
    ok( QueryContextAttributesA( ctxt, SECPKG_ATTR_SIZES, &sizes ) == SEC_E_INVALID_HANDLE, "QueryContextAttributesA\n" );
    ok( MakeSignature( ctxt, 0, &desc, 0 ) == SEC_E_INVALID_HANDLE, "MakeSignature\n" );
    ok( VerifySignature( ctxt, &desc, 0, &qop ) == SEC_E_INVALID_HANDLE, "VerifySignature\n" );
    ok( EncryptMessage( ctxt, 0, &desc, 0 ) == SEC_E_INVALID_HANDLE, "EncryptMessage\n" );
    ok( DecryptMessage( ctxt, &desc, 0, &qop ) == SEC_E_INVALID_HANDLE, "DecryptMessage\n" );
    ok( ImpersonateSecurityContext( ctxt ) == SEC_E_INVALID_HANDLE, "ImpersonateSecurityContext\n" );
    ok( RevertSecurityContext( ctxt ) == SEC_E_INVALID_HANDLE, "RevertSecurityContext\n" );
    ok( QuerySecurityContextToken( ctxt, &token ) == SEC_E_INVALID_HANDLE, "QuerySecurityContextToken\n" );
    ok( ExportSecurityContext( ctxt, 0, &packed, NULL ) == SEC_E_INVALID_HANDLE, "ExportSecurityContext\n" );
    ok( ApplyControlToken( ctxt, &desc ) == SEC_E_INVALID_HANDLE, "ApplyControlToken\n" );
    ok( CompleteAuthToken( ctxt, &desc ) == SEC_E_INVALID_HANDLE, "CompleteAuthToken\n" );
    ok( DeleteSecurityContext( ctxt ) == SEC_E_INVALID_HANDLE, "DeleteSecurityContext\n" );
    winetest_pop_context();
}

static void check_credential_calls( CredHandle *cred, const char *what )
{
    SecPkgCredentials_NamesW names;
    SecBuffer out_buf = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc out = { SECBUFFER_VERSION, 1, &out_buf };
    CtxtHandle ctxt;
    ULONG attrs;

    winetest_push_context( "%s", what );
    ok( QueryCredentialsAttributesW( cred, SECPKG_CRED_ATTR_NAMES, &names ) == SEC_E_INVALID_HANDLE,
        "QueryCredentialsAttributesW\n" );
    ok( InitializeSecurityContextW( cred, NULL, NULL, ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NATIVE_DREP, NULL, 0,
                                    &ctxt, &out, &attrs, NULL ) == SEC_E_INVALID_HANDLE,
        "InitializeSecurityContextW\n" );
    ok( AcceptSecurityContext( cred, NULL, NULL, ASC_REQ_ALLOCATE_MEMORY, SECURITY_NATIVE_DREP, &ctxt, &out,
                               &attrs, NULL ) == SEC_E_INVALID_HANDLE, "AcceptSecurityContext\n" );
    ok( FreeCredentialsHandle( cred ) == SEC_E_INVALID_HANDLE, "FreeCredentialsHandle\n" );
    winetest_pop_context();
}

static void test_bogus_handles(void)
{
    SecHandle zero = { 0, 0 }, invalid, random = { 0x1234, 0x5678 }, small = { 1, 1 };

    SecInvalidateHandle( &invalid );
    check_context_calls( &zero, "zero" );
    check_context_calls( &invalid, "invalidated" );
    check_context_calls( &random, "random" );
    check_context_calls( &small, "small" );
    check_credential_calls( &zero, "zero" );
    check_credential_calls( &invalid, "invalidated" );
    check_credential_calls( &random, "random" );
    check_credential_calls( &small, "small" );

    ok( DeleteSecurityContext( NULL ) == SEC_E_INVALID_HANDLE, "DeleteSecurityContext(NULL)\n" );
    ok( FreeCredentialsHandle( NULL ) == SEC_E_INVALID_HANDLE, "FreeCredentialsHandle(NULL)\n" );
    ok( QueryContextAttributesW( NULL, SECPKG_ATTR_SIZES, &zero ) == SEC_E_INVALID_HANDLE, "QCA(NULL)\n" );
    ok( InitializeSecurityContextW( NULL, NULL, NULL, 0, 0, 0, NULL, 0, NULL, NULL, NULL, NULL ) ==
        SEC_E_INVALID_HANDLE, "ISC with no handles\n" );
    ok( AcceptSecurityContext( NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL ) == SEC_E_INVALID_HANDLE,
        "ASC with no handles\n" );
}

/* A live credential handle is no context handle, and once freed is no handle at all. */
static void test_kinds_and_lifetime(void)
{
    SEC_WINNT_AUTH_IDENTITY_A id = { (unsigned char *)"user", 4, (unsigned char *)"domain", 6,
                                     (unsigned char *)"password", 8, SEC_WINNT_AUTH_IDENTITY_ANSI };
    CredHandle cred, copy;
    TimeStamp ts;
    SECURITY_STATUS status;

    status = AcquireCredentialsHandleA( NULL, (char *)"NTLM", SECPKG_CRED_OUTBOUND, NULL, &id, NULL, NULL, &cred, &ts );
    ok( status == SEC_E_OK, "AcquireCredentialsHandleA returned %08lx\n", status );
    if (status)
    {
        skip( "no NTLM credentials\n" );
        return;
    }
    copy = cred;
    check_context_calls( &cred, "credential as context" );
    ok( FreeCredentialsHandle( &cred ) == SEC_E_OK, "FreeCredentialsHandle failed\n" );
    check_credential_calls( &copy, "freed credential" );
}

static void test_unknown_package(void)
{
    CredHandle cred;
    TimeStamp ts;

    ok( AcquireCredentialsHandleW( NULL, (WCHAR *)L"NoSuchPackage", SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL,
                                   &cred, &ts ) == SEC_E_SECPKG_NOT_FOUND, "unknown package W\n" );
    ok( AcquireCredentialsHandleA( NULL, (char *)"NoSuchPackage", SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL,
                                   &cred, &ts ) == SEC_E_SECPKG_NOT_FOUND, "unknown package A\n" );
    ok( AcquireCredentialsHandleW( NULL, NULL, SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL, &cred, &ts ) ==
        SEC_E_SECPKG_NOT_FOUND, "NULL package\n" );
}

START_TEST(handles)
{
    test_bogus_handles();
    test_kinds_and_lifetime();
    test_unknown_package();
}
