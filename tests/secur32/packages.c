/*
 * Security package enumeration and information, A and W.
 */
#include <stdarg.h>
#include <windef.h>
#include <winbase.h>
#define SECURITY_WIN32
#include <sspi.h>
#include <schannel.h>
#include <rpc.h>

#include "wine/test.h"

struct expected_package
{
    const WCHAR *name;
    const WCHAR *comment;
    ULONG caps;
    USHORT rpcid;
    ULONG max_token;
};

/* As Windows 10 and 11 report them. */
static const struct expected_package expected[] =
{
    { L"Negotiate", L"Microsoft Package Negotiator", 0x00883bb3, RPC_C_AUTHN_GSS_NEGOTIATE, 48256 },
    { L"Kerberos", L"Microsoft Kerberos V1.0", 0x028f3bbf, RPC_C_AUTHN_GSS_KERBEROS, 48000 },
    { L"NTLM", L"NTLM Security Package", 0x02882b37, RPC_C_AUTHN_WINNT, 2888 },
    { L"WDigest", L"Digest Authentication for Windows", 0x00800304, RPC_C_AUTHN_DIGEST, 4096 },
    { L"Schannel", L"Schannel Security Package", 0x004107b3, UNISP_RPC_ID, 24576 },
    { L"Microsoft Unified Security Protocol Provider", L"Schannel Security Package", 0x004107b3, UNISP_RPC_ID, 24576 },
    { L"Default TLS SSP", L"Schannel Security Package", 0x004107b3, UNISP_RPC_ID, 24576 },
    { L"CREDSSP", L"Microsoft CredSSP Security Provider", 0x00810733, SECPKG_ID_NONE, 73032 },
};

static const SecPkgInfoW *find_infoW( const SecPkgInfoW *info, ULONG count, const WCHAR *name )
{
    ULONG i;
    for (i = 0; i < count; i++) if (!lstrcmpW( info[i].Name, name )) return &info[i];
    return NULL;
}

static void check_info( const SecPkgInfoW *info, const struct expected_package *exp )
{
    ok( info->fCapabilities == exp->caps, "caps %08lx, expected %08lx\n", info->fCapabilities, exp->caps );
    ok( info->wVersion == 1, "version %u\n", info->wVersion );
    ok( info->wRPCID == exp->rpcid, "rpcid %u, expected %u\n", info->wRPCID, exp->rpcid );
    ok( info->cbMaxToken == exp->max_token, "max token %lu, expected %lu\n", info->cbMaxToken, exp->max_token );
    ok( !lstrcmpW( info->Comment, exp->comment ), "comment %s\n", wine_dbgstr_w(info->Comment) );
}

static void test_enumerateW(void)
{
    SecPkgInfoW *info = NULL;
    ULONG count = 0, i;
    SECURITY_STATUS status;

    status = EnumerateSecurityPackagesW( &count, &info );
    ok( status == SEC_E_OK, "got %08lx\n", status );
    ok( count >= ARRAY_SIZE(expected), "got %lu packages\n", count );
    if (status) return;

    for (i = 0; i < ARRAY_SIZE(expected); i++)
    {
        const SecPkgInfoW *pkg = find_infoW( info, count, expected[i].name );
        winetest_push_context( "%s", wine_dbgstr_w(expected[i].name) );
        ok( pkg != NULL, "package missing\n" );
        if (pkg) check_info( pkg, &expected[i] );
        winetest_pop_context();
    }
    /* Negotiate comes first, as on Windows */
    ok( !lstrcmpW( info[0].Name, L"Negotiate" ), "first package %s\n", wine_dbgstr_w(info[0].Name) );
    ok( FreeContextBuffer( info ) == SEC_E_OK, "FreeContextBuffer failed\n" );
}

static void test_enumerateA(void)
{
    SecPkgInfoA *info = NULL;
    SecPkgInfoW *infoW = NULL;
    ULONG count = 0, countW = 0, i;
    SECURITY_STATUS status;
    char name[128];

    status = EnumerateSecurityPackagesA( &count, &info );
    ok( status == SEC_E_OK, "got %08lx\n", status );
    status = EnumerateSecurityPackagesW( &countW, &infoW );
    ok( status == SEC_E_OK, "got %08lx\n", status );
    ok( count == countW, "A %lu, W %lu\n", count, countW );
    for (i = 0; i < count && i < countW; i++)
    {
        WideCharToMultiByte( CP_ACP, 0, infoW[i].Name, -1, name, sizeof(name), NULL, NULL );
        ok( !strcmp( info[i].Name, name ), "%lu: %s vs %s\n", i, info[i].Name, name );
        ok( info[i].fCapabilities == infoW[i].fCapabilities, "%lu: caps differ\n", i );
        ok( info[i].cbMaxToken == infoW[i].cbMaxToken, "%lu: max token differs\n", i );
    }
    FreeContextBuffer( info );
    FreeContextBuffer( infoW );
}

static void test_query_info(void)
{
    SecPkgInfoW *infoW;
    SecPkgInfoA *infoA;
    SECURITY_STATUS status;
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(expected); i++)
    {
        winetest_push_context( "%s", wine_dbgstr_w(expected[i].name) );
        infoW = NULL;
        status = QuerySecurityPackageInfoW( (WCHAR *)expected[i].name, &infoW );
        ok( status == SEC_E_OK, "got %08lx\n", status );
        if (infoW)
        {
            ok( !lstrcmpW( infoW->Name, expected[i].name ), "name %s\n", wine_dbgstr_w(infoW->Name) );
            check_info( infoW, &expected[i] );
            FreeContextBuffer( infoW );
        }
        winetest_pop_context();
    }

    /* names are case-insensitive */
    status = QuerySecurityPackageInfoW( (WCHAR *)L"ntlm", &infoW );
    ok( status == SEC_E_OK, "got %08lx\n", status );
    if (!status)
    {
        ok( !lstrcmpW( infoW->Name, L"NTLM" ), "name %s\n", wine_dbgstr_w(infoW->Name) );
        FreeContextBuffer( infoW );
    }
    status = QuerySecurityPackageInfoA( (char *)"CredSSP", &infoA );
    ok( status == SEC_E_OK, "got %08lx\n", status );
    if (!status)
    {
        ok( !strcmp( infoA->Name, "CREDSSP" ), "name %s\n", infoA->Name );
        ok( !strcmp( infoA->Comment, "Microsoft CredSSP Security Provider" ), "comment %s\n", infoA->Comment );
        FreeContextBuffer( infoA );
    }

    infoW = (void *)0xdeadbeef;
    status = QuerySecurityPackageInfoW( (WCHAR *)L"Winetest", &infoW );
    ok( status == SEC_E_SECPKG_NOT_FOUND, "got %08lx\n", status );
    ok( infoW == (void *)0xdeadbeef, "info changed to %p\n", infoW );
    infoA = (void *)0xdeadbeef;
    status = QuerySecurityPackageInfoA( (char *)"Winetest", &infoA );
    ok( status == SEC_E_SECPKG_NOT_FOUND, "got %08lx\n", status );
    ok( infoA == (void *)0xdeadbeef, "info changed to %p\n", infoA );
    status = QuerySecurityPackageInfoW( NULL, &infoW );
    ok( status == SEC_E_SECPKG_NOT_FOUND, "got %08lx\n", status );
    status = QuerySecurityPackageInfoA( (char *)"", &infoA );
    ok( status == SEC_E_SECPKG_NOT_FOUND, "got %08lx\n", status );
}

static void test_free_context_buffer(void)
{
    ok( FreeContextBuffer( NULL ) == SEC_E_OK, "FreeContextBuffer(NULL) failed\n" );
}

START_TEST(packages)
{
    test_enumerateW();
    test_enumerateA();
    test_query_info();
    test_free_context_buffer();
}
