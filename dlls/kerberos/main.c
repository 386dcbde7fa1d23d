/*
 * kerberos: the Kerberos package (RFC 4120/4121 over MIT krb5 in kerberos.so).
 */
#include "sspkg.h"
#include "unixlib.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(kerberos);

const struct ssp_package ssp_packages[] =
{
    {
        { SECPKG_FLAG_INTEGRITY | SECPKG_FLAG_PRIVACY | SECPKG_FLAG_TOKEN_ONLY | SECPKG_FLAG_DATAGRAM |
          SECPKG_FLAG_CONNECTION | SECPKG_FLAG_MULTI_REQUIRED | SECPKG_FLAG_EXTENDED_ERROR |
          SECPKG_FLAG_IMPERSONATION | SECPKG_FLAG_ACCEPT_WIN32_NAME | SECPKG_FLAG_NEGOTIABLE |
          SECPKG_FLAG_GSS_COMPATIBLE | SECPKG_FLAG_LOGON | SECPKG_FLAG_MUTUAL_AUTH | SECPKG_FLAG_DELEGATION |
          SECPKG_FLAG_READONLY_WITH_CHECKSUM | SECPKG_FLAG_RESTRICTED_TOKENS | SECPKG_FLAG_APPCONTAINER_CHECKS |
          SECPKG_FLAG_APPLY_LOOPBACK,
          1, RPC_C_AUTHN_GSS_KERBEROS, 48000, (WCHAR *)L"Kerberos", (WCHAR *)L"Microsoft Kerberos V1.0" },
        MICROSOFT_KERBEROS_NAME_A,
    },
};
const ULONG ssp_package_count = ARRAYSIZE(ssp_packages);

static NTSTATUS process_attach( void )
{
    struct process_attach_params params;
    NTSTATUS status;

    if ((status = ssp_unix_attach( unix_process_attach, &params ))) return status;
    TRACE( "MIT krb5: %u GSSAPI mechanisms, default realm %s\n", params.mech_count, debugstr_a(params.realm) );
    return STATUS_SUCCESS;
}

NTSTATUS (*const ssp_process_attach)( void ) = process_attach;
