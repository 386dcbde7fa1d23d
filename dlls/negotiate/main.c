/*
 * negotiate: the SPNEGO package (RFC 4178, MS-SPNG), choosing Kerberos or NTLM.
 */
#include "nego_priv.h"

static const SECPKG_FUNCTION_TABLE lsa_table =
{
    .CallPackage = nego_SpCallPackage,
    .CallPackageUntrusted = nego_SpCallPackage,
    .AcquireCredentialsHandle = nego_SpAcquireCredentialsHandle,
    .QueryCredentialsAttributes = nego_SpQueryCredentialsAttributes,
    .FreeCredentialsHandle = nego_SpFreeCredentialsHandle,
    .InitLsaModeContext = nego_SpInitLsaModeContext,
    .AcceptLsaModeContext = nego_SpAcceptLsaModeContext,
    .DeleteContext = nego_SpDeleteContext,
    .QueryContextAttributes = nego_SpQueryContextAttributes,
};

static const SECPKG_USER_FUNCTION_TABLE user_table =
{
    .InitUserModeContext = nego_SpInitUserModeContext,
    .MakeSignature = nego_SpMakeSignature,
    .VerifySignature = nego_SpVerifySignature,
    .SealMessage = nego_SpSealMessage,
    .UnsealMessage = nego_SpUnsealMessage,
    .GetContextToken = nego_SpGetContextToken,
    .QueryContextAttributes = nego_SpQueryContextAttributes,
    .CompleteAuthToken = nego_SpCompleteAuthToken,
    .DeleteUserModeContext = nego_SpDeleteUserModeContext,
    .ExportContext = nego_SpExportSecurityContext,
    .ImportContext = nego_SpImportSecurityContext,
};

const struct ssp_package ssp_packages[] =
{
    {
        { SECPKG_FLAG_INTEGRITY | SECPKG_FLAG_PRIVACY | SECPKG_FLAG_CONNECTION | SECPKG_FLAG_MULTI_REQUIRED |
          SECPKG_FLAG_EXTENDED_ERROR | SECPKG_FLAG_IMPERSONATION | SECPKG_FLAG_ACCEPT_WIN32_NAME |
          SECPKG_FLAG_NEGOTIABLE | SECPKG_FLAG_GSS_COMPATIBLE | SECPKG_FLAG_LOGON | SECPKG_FLAG_RESTRICTED_TOKENS |
          SECPKG_FLAG_APPCONTAINER_CHECKS,
          1, RPC_C_AUTHN_GSS_NEGOTIATE, NEGO_MAX_TOKEN, (WCHAR *)L"Negotiate", (WCHAR *)L"Microsoft Package Negotiator" },
        "Negotiate",
        &lsa_table,
        &user_table,
    },
};
const ULONG ssp_package_count = ARRAYSIZE(ssp_packages);

NTSTATUS (*const ssp_process_attach)( void ) = NULL;
