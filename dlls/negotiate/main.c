/*
 * negotiate: the SPNEGO package (RFC 4178), choosing Kerberos or NTLM.
 */
#include "sspkg.h"

const struct ssp_package ssp_packages[] =
{
    {
        { SECPKG_FLAG_INTEGRITY | SECPKG_FLAG_PRIVACY | SECPKG_FLAG_CONNECTION | SECPKG_FLAG_MULTI_REQUIRED |
          SECPKG_FLAG_EXTENDED_ERROR | SECPKG_FLAG_IMPERSONATION | SECPKG_FLAG_ACCEPT_WIN32_NAME |
          SECPKG_FLAG_NEGOTIABLE | SECPKG_FLAG_GSS_COMPATIBLE | SECPKG_FLAG_LOGON | SECPKG_FLAG_RESTRICTED_TOKENS |
          SECPKG_FLAG_APPCONTAINER_CHECKS,
          1, RPC_C_AUTHN_GSS_NEGOTIATE, 48256, (WCHAR *)L"Negotiate", (WCHAR *)L"Microsoft Package Negotiator" },
        "Negotiate",
    },
};
const ULONG ssp_package_count = ARRAYSIZE(ssp_packages);

NTSTATUS (*const ssp_process_attach)( void ) = NULL;
