/*
 * wdigest: the Digest package (RFC 7616 HTTP Digest, RFC 2831 SASL DIGEST-MD5).
 */
#include "sspkg.h"

const struct ssp_package ssp_packages[] =
{
    {
        { SECPKG_FLAG_TOKEN_ONLY | SECPKG_FLAG_IMPERSONATION | SECPKG_FLAG_ACCEPT_WIN32_NAME |
          SECPKG_FLAG_APPCONTAINER_CHECKS,
          1, RPC_C_AUTHN_DIGEST, 4096, (WCHAR *)L"WDigest", (WCHAR *)L"Digest Authentication for Windows" },
        "WDigest",
    },
};
const ULONG ssp_package_count = ARRAYSIZE(ssp_packages);

NTSTATUS (*const ssp_process_attach)( void ) = NULL;
