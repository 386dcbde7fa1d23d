/*
 * credssp: the CredSSP package (MS-CSSP): TSRequest over Schannel and Negotiate.
 */
#include "sspkg.h"

const struct ssp_package ssp_packages[] =
{
    {
        { SECPKG_FLAG_INTEGRITY | SECPKG_FLAG_PRIVACY | SECPKG_FLAG_CONNECTION | SECPKG_FLAG_MULTI_REQUIRED |
          SECPKG_FLAG_IMPERSONATION | SECPKG_FLAG_ACCEPT_WIN32_NAME | SECPKG_FLAG_STREAM | SECPKG_FLAG_MUTUAL_AUTH |
          SECPKG_FLAG_APPCONTAINER_CHECKS,
          1, SECPKG_ID_NONE, 73032, (WCHAR *)L"CREDSSP", (WCHAR *)L"Microsoft CredSSP Security Provider" },
    },
};
const ULONG ssp_package_count = ARRAYSIZE(ssp_packages);

NTSTATUS (*const ssp_process_attach)( void ) = NULL;
