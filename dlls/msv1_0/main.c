/*
 * msv1_0: the NTLM package.
 */
#include "sspkg.h"

const struct ssp_package ssp_packages[] =
{
    {
        { SECPKG_FLAG_INTEGRITY | SECPKG_FLAG_PRIVACY | SECPKG_FLAG_TOKEN_ONLY | SECPKG_FLAG_CONNECTION |
          SECPKG_FLAG_MULTI_REQUIRED | SECPKG_FLAG_IMPERSONATION | SECPKG_FLAG_ACCEPT_WIN32_NAME |
          SECPKG_FLAG_NEGOTIABLE | SECPKG_FLAG_LOGON | SECPKG_FLAG_RESTRICTED_TOKENS |
          SECPKG_FLAG_APPCONTAINER_CHECKS | SECPKG_FLAG_APPLY_LOOPBACK,
          1, RPC_C_AUTHN_WINNT, 2888, (WCHAR *)L"NTLM", (WCHAR *)L"NTLM Security Package" },
        MSV1_0_PACKAGE_NAME,
    },
};
const ULONG ssp_package_count = ARRAYSIZE(ssp_packages);

NTSTATUS (*const ssp_process_attach)( void ) = NULL;
