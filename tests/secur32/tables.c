/*
 * The SSPI function tables of InitSecurityInterfaceA/W.
 */
#include <stdarg.h>
#include <windef.h>
#include <winbase.h>
#define SECURITY_WIN32
#include <sspi.h>

#include "wine/test.h"

/* Slots, in table order; NULL names the reserved slots Windows leaves empty
 * or points elsewhere. */
static const char * const names_w[] =
{
    "EnumerateSecurityPackagesW", "QueryCredentialsAttributesW", "AcquireCredentialsHandleW",
    "FreeCredentialsHandle", NULL /* Reserved2 */, "InitializeSecurityContextW", "AcceptSecurityContext",
    "CompleteAuthToken", "DeleteSecurityContext", "ApplyControlToken", "QueryContextAttributesW",
    "ImpersonateSecurityContext", "RevertSecurityContext", "MakeSignature", "VerifySignature",
    "FreeContextBuffer", "QuerySecurityPackageInfoW", NULL /* Reserved3 */, NULL /* Reserved4 */,
    "ExportSecurityContext", "ImportSecurityContextW", "AddCredentialsW", NULL /* Reserved8 */,
    "QuerySecurityContextToken", "EncryptMessage", "DecryptMessage", "SetContextAttributesW",
    "SetCredentialsAttributesW", "ChangeAccountPasswordW",
};

static const char * const names_a[] =
{
    "EnumerateSecurityPackagesA", "QueryCredentialsAttributesA", "AcquireCredentialsHandleA",
    "FreeCredentialsHandle", NULL, "InitializeSecurityContextA", "AcceptSecurityContext",
    "CompleteAuthToken", "DeleteSecurityContext", "ApplyControlToken", "QueryContextAttributesA",
    "ImpersonateSecurityContext", "RevertSecurityContext", "MakeSignature", "VerifySignature",
    "FreeContextBuffer", "QuerySecurityPackageInfoA", NULL, NULL,
    "ExportSecurityContext", "ImportSecurityContextA", "AddCredentialsA", NULL,
    "QuerySecurityContextToken", "EncryptMessage", "DecryptMessage", "SetContextAttributesA",
    "SetCredentialsAttributesA", "ChangeAccountPasswordA",
};

/* Each named slot holds a function; it is the export of that name, except
 * that Windows may fill a table with internal entry points of the same
 * behaviour, so only our own secur32 is held to exact addresses. */
static void check_table( void **slots, const char * const *names, size_t count, HMODULE module, BOOL exact )
{
    size_t i;

    for (i = 0; i < count; i++)
    {
        if (!names[i]) continue;
        winetest_push_context( "%s", names[i] );
        ok( slots[i] != NULL, "NULL slot\n" );
        if (exact) ok( slots[i] == (void *)GetProcAddress( module, names[i] ), "slot is not the export\n" );
        winetest_pop_context();
    }
}

static void test_tables(void)
{
    HMODULE secur32 = GetModuleHandleA( "secur32.dll" );
    PSecurityFunctionTableW w = InitSecurityInterfaceW();
    PSecurityFunctionTableA a = InitSecurityInterfaceA();
    BOOL ours = !strcmp( winetest_platform, "wine" );

    ok( w != NULL, "no W table\n" );
    ok( a != NULL, "no A table\n" );
    if (!w || !a) return;

    ok( w->dwVersion == SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION, "W version %lu\n", w->dwVersion );
    ok( a->dwVersion == SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION, "A version %lu\n", a->dwVersion );
    ok( !w->Reserved2 && !a->Reserved2, "Reserved2 set\n" );
    ok( w->Reserved3 == w->EncryptMessage && a->Reserved3 == a->EncryptMessage, "Reserved3 is not EncryptMessage\n" );
    ok( w->Reserved4 == w->DecryptMessage && a->Reserved4 == a->DecryptMessage, "Reserved4 is not DecryptMessage\n" );

    check_table( (void **)&w->EnumerateSecurityPackagesW, names_w, ARRAY_SIZE(names_w), secur32, ours );
    check_table( (void **)&a->EnumerateSecurityPackagesA, names_a, ARRAY_SIZE(names_a), secur32, ours );

    /* the table lives as long as the DLL: the same pointer every time */
    ok( InitSecurityInterfaceW() == w, "W table moved\n" );
    ok( InitSecurityInterfaceA() == a, "A table moved\n" );
}

/* Calls through the table reach the same behaviour as the exports. */
static void test_calls_through_table(void)
{
    PSecurityFunctionTableW w = InitSecurityInterfaceW();
    PSecurityFunctionTableA a = InitSecurityInterfaceA();
    SecPkgInfoW *infoW;
    SecPkgInfoA *infoA;
    ULONG count;
    CtxtHandle ctxt = { 0, 0 };

    ok( w->EnumerateSecurityPackagesW( &count, &infoW ) == SEC_E_OK, "enumerate W failed\n" );
    ok( count > 0, "no packages\n" );
    w->FreeContextBuffer( infoW );
    ok( a->QuerySecurityPackageInfoA( (char *)"NTLM", &infoA ) == SEC_E_OK, "query A failed\n" );
    ok( !strcmp( infoA->Name, "NTLM" ), "got %s\n", infoA->Name );
    a->FreeContextBuffer( infoA );
    ok( w->DeleteSecurityContext( &ctxt ) == SEC_E_INVALID_HANDLE, "deleted a bogus context\n" );
}

START_TEST(tables)
{
    test_tables();
    test_calls_through_table();
}
