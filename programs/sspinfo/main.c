/*
 * sspinfo: lists the security packages a Windows program sees, as
 * EnumerateSecurityPackagesW reports them.
 */
#include <stdio.h>
#include <windows.h>
#define SECURITY_WIN32
#include <sspi.h>

static const struct { ULONG flag; const char *name; } flags[] =
{
    { SECPKG_FLAG_INTEGRITY, "INTEGRITY" }, { SECPKG_FLAG_PRIVACY, "PRIVACY" },
    { SECPKG_FLAG_TOKEN_ONLY, "TOKEN_ONLY" }, { SECPKG_FLAG_DATAGRAM, "DATAGRAM" },
    { SECPKG_FLAG_CONNECTION, "CONNECTION" }, { SECPKG_FLAG_MULTI_REQUIRED, "MULTI_REQUIRED" },
    { SECPKG_FLAG_CLIENT_ONLY, "CLIENT_ONLY" }, { SECPKG_FLAG_EXTENDED_ERROR, "EXTENDED_ERROR" },
    { SECPKG_FLAG_IMPERSONATION, "IMPERSONATION" }, { SECPKG_FLAG_ACCEPT_WIN32_NAME, "ACCEPT_WIN32_NAME" },
    { SECPKG_FLAG_STREAM, "STREAM" }, { SECPKG_FLAG_NEGOTIABLE, "NEGOTIABLE" },
    { SECPKG_FLAG_GSS_COMPATIBLE, "GSS_COMPATIBLE" }, { SECPKG_FLAG_LOGON, "LOGON" },
    { SECPKG_FLAG_ASCII_BUFFERS, "ASCII_BUFFERS" }, { SECPKG_FLAG_FRAGMENT, "FRAGMENT" },
    { SECPKG_FLAG_MUTUAL_AUTH, "MUTUAL_AUTH" }, { SECPKG_FLAG_DELEGATION, "DELEGATION" },
    { SECPKG_FLAG_READONLY_WITH_CHECKSUM, "READONLY_WITH_CHECKSUM" },
    { SECPKG_FLAG_RESTRICTED_TOKENS, "RESTRICTED_TOKENS" }, { SECPKG_FLAG_NEGO_EXTENDER, "NEGO_EXTENDER" },
    { SECPKG_FLAG_NEGOTIABLE2, "NEGOTIABLE2" }, { SECPKG_FLAG_APPCONTAINER_PASSTHROUGH, "APPCONTAINER_PASSTHROUGH" },
    { SECPKG_FLAG_APPCONTAINER_CHECKS, "APPCONTAINER_CHECKS" },
    { SECPKG_FLAG_CREDENTIAL_ISOLATION_ENABLED, "CREDENTIAL_ISOLATION_ENABLED" },
    { SECPKG_FLAG_APPLY_LOOPBACK, "APPLY_LOOPBACK" },
};

int wmain( int argc, WCHAR *argv[] )
{
    SecPkgInfoW *info;
    SECURITY_STATUS status;
    ULONG count, i, j;

    if ((status = EnumerateSecurityPackagesW( &count, &info )) != SEC_E_OK)
    {
        fprintf( stderr, "EnumerateSecurityPackagesW failed: %08lx\n", status );
        return 1;
    }
    printf( "%lu security packages:\n\n", count );
    for (i = 0; i < count; i++)
    {
        printf( "Name        : %ls\n", info[i].Name );
        printf( "Comment     : %ls\n", info[i].Comment );
        printf( "Capabilities: %08lx (", info[i].fCapabilities );
        for (j = 0; j < ARRAYSIZE(flags); j++)
            if (info[i].fCapabilities & flags[j].flag) printf( " %s", flags[j].name );
        printf( " )\n" );
        printf( "Version     : %u\n", info[i].wVersion );
        printf( "RPCID       : %u\n", info[i].wRPCID );
        printf( "MaxToken    : %lu\n\n", info[i].cbMaxToken );
    }
    FreeContextBuffer( info );
    return 0;
}
