/*
 * msv1_0: the NTLM package (MS-NLMP).
 */
#include "ntlm_priv.h"

static const SECPKG_FUNCTION_TABLE lsa_table =
{
    .AcquireCredentialsHandle = ntlm_SpAcquireCredentialsHandle,
    .QueryCredentialsAttributes = ntlm_SpQueryCredentialsAttributes,
    .FreeCredentialsHandle = ntlm_SpFreeCredentialsHandle,
    .InitLsaModeContext = ntlm_SpInitLsaModeContext,
    .AcceptLsaModeContext = ntlm_SpAcceptLsaModeContext,
    .DeleteContext = ntlm_SpDeleteContext,
    .QueryContextAttributes = ntlm_SpQueryContextAttributes,
    .CallPackage = ntlm_SpCallPackage,
    .CallPackageUntrusted = ntlm_SpCallPackage,
};

static const SECPKG_USER_FUNCTION_TABLE user_table =
{
    .InitUserModeContext = ntlm_SpInitUserModeContext,
    .MakeSignature = ntlm_SpMakeSignature,
    .VerifySignature = ntlm_SpVerifySignature,
    .SealMessage = ntlm_SpSealMessage,
    .UnsealMessage = ntlm_SpUnsealMessage,
    .GetContextToken = ntlm_SpGetContextToken,
    .QueryContextAttributes = ntlm_SpQueryContextAttributes,
    .CompleteAuthToken = ntlm_SpCompleteAuthToken,
    .DeleteUserModeContext = ntlm_SpDeleteUserModeContext,
    .ExportContext = ntlm_SpExportSecurityContext,
    .ImportContext = ntlm_SpImportSecurityContext,
};

const struct ssp_package ssp_packages[] =
{
    {
        { SECPKG_FLAG_INTEGRITY | SECPKG_FLAG_PRIVACY | SECPKG_FLAG_TOKEN_ONLY | SECPKG_FLAG_CONNECTION |
          SECPKG_FLAG_MULTI_REQUIRED | SECPKG_FLAG_IMPERSONATION | SECPKG_FLAG_ACCEPT_WIN32_NAME |
          SECPKG_FLAG_NEGOTIABLE | SECPKG_FLAG_LOGON | SECPKG_FLAG_RESTRICTED_TOKENS |
          SECPKG_FLAG_APPCONTAINER_CHECKS | SECPKG_FLAG_APPLY_LOOPBACK,
          1, RPC_C_AUTHN_WINNT, NTLM_MAX_TOKEN, (WCHAR *)L"NTLM", (WCHAR *)L"NTLM Security Package" },
        MSV1_0_PACKAGE_NAME,
        &lsa_table,
        &user_table,
    },
};
const ULONG ssp_package_count = ARRAYSIZE(ssp_packages);

/* libgcrypt, before any key is made */
static NTSTATUS attach( void )
{
    return ssp_crypt_init() ? STATUS_INTERNAL_ERROR : STATUS_SUCCESS;
}

NTSTATUS (*const ssp_process_attach)( void ) = attach;
