/*
 * kerberos: the Kerberos package (RFC 4120/4121, MS-KILE) over MIT krb5 in kerberos.so.
 */
#include "krb_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(kerberos);

char krb_default_realm[256];

static const SECPKG_FUNCTION_TABLE lsa_table =
{
    .LogonTerminated = krb_SpLogonTerminated,
    .CallPackage = krb_SpCallPackage,
    .CallPackageUntrusted = krb_SpCallPackage,
    .AcquireCredentialsHandle = krb_SpAcquireCredentialsHandle,
    .QueryCredentialsAttributes = krb_SpQueryCredentialsAttributes,
    .FreeCredentialsHandle = krb_SpFreeCredentialsHandle,
    .InitLsaModeContext = krb_SpInitLsaModeContext,
    .AcceptLsaModeContext = krb_SpAcceptLsaModeContext,
    .DeleteContext = krb_SpDeleteContext,
    .QueryContextAttributes = krb_SpQueryContextAttributes,
    .LogonUserEx2 = krb_SpLogonUserEx2,
};

static const SECPKG_USER_FUNCTION_TABLE user_table =
{
    .InitUserModeContext = krb_SpInitUserModeContext,
    .MakeSignature = krb_SpMakeSignature,
    .VerifySignature = krb_SpVerifySignature,
    .SealMessage = krb_SpSealMessage,
    .UnsealMessage = krb_SpUnsealMessage,
    .GetContextToken = krb_SpGetContextToken,
    .QueryContextAttributes = krb_SpQueryContextAttributes,
    .CompleteAuthToken = krb_SpCompleteAuthToken,
    .DeleteUserModeContext = krb_SpDeleteUserModeContext,
    .ExportContext = krb_SpExportSecurityContext,
    .ImportContext = krb_SpImportSecurityContext,
};

const struct ssp_package ssp_packages[] =
{
    {
        { SECPKG_FLAG_INTEGRITY | SECPKG_FLAG_PRIVACY | SECPKG_FLAG_TOKEN_ONLY | SECPKG_FLAG_DATAGRAM |
          SECPKG_FLAG_CONNECTION | SECPKG_FLAG_MULTI_REQUIRED | SECPKG_FLAG_EXTENDED_ERROR |
          SECPKG_FLAG_IMPERSONATION | SECPKG_FLAG_ACCEPT_WIN32_NAME | SECPKG_FLAG_NEGOTIABLE |
          SECPKG_FLAG_GSS_COMPATIBLE | SECPKG_FLAG_LOGON | SECPKG_FLAG_MUTUAL_AUTH | SECPKG_FLAG_DELEGATION |
          SECPKG_FLAG_READONLY_WITH_CHECKSUM | SECPKG_FLAG_RESTRICTED_TOKENS | SECPKG_FLAG_APPCONTAINER_CHECKS |
          SECPKG_FLAG_APPLY_LOOPBACK,
          1, RPC_C_AUTHN_GSS_KERBEROS, KRB_MAX_TOKEN, (WCHAR *)L"Kerberos", (WCHAR *)L"Microsoft Kerberos V1.0" },
        MICROSOFT_KERBEROS_NAME_A,
        &lsa_table,
        &user_table,
    },
};
const ULONG ssp_package_count = ARRAYSIZE(ssp_packages);

static NTSTATUS process_attach( void )
{
    struct process_attach_params params;
    NTSTATUS status;

    if ((status = ssp_unix_attach( unix_process_attach, &params ))) return status;
    TRACE( "MIT krb5: %u GSSAPI mechanisms, default realm %s\n", params.mech_count, debugstr_a(params.realm) );
    memcpy( krb_default_realm, params.realm, sizeof(krb_default_realm) );
    return STATUS_SUCCESS;
}

NTSTATUS (*const ssp_process_attach)( void ) = process_attach;
