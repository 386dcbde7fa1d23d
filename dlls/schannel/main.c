/*
 * schannel: the TLS package (over GnuTLS in schannel.so). One package under
 * the three names Windows' Schannel answers to.
 */
#include "schannel_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(schannel);

#define SCHANNEL_CAPS (SECPKG_FLAG_INTEGRITY | SECPKG_FLAG_PRIVACY | SECPKG_FLAG_CONNECTION | \
                       SECPKG_FLAG_MULTI_REQUIRED | SECPKG_FLAG_EXTENDED_ERROR | SECPKG_FLAG_IMPERSONATION | \
                       SECPKG_FLAG_ACCEPT_WIN32_NAME | SECPKG_FLAG_STREAM | SECPKG_FLAG_MUTUAL_AUTH | \
                       SECPKG_FLAG_APPCONTAINER_PASSTHROUGH)

static const SECPKG_FUNCTION_TABLE lsa_table =
{
    .AcquireCredentialsHandle = schan_SpAcquireCredentialsHandle,
    .QueryCredentialsAttributes = schan_SpQueryCredentialsAttributes,
    .FreeCredentialsHandle = schan_SpFreeCredentialsHandle,
    .InitLsaModeContext = schan_SpInitLsaModeContext,
    .AcceptLsaModeContext = schan_SpAcceptLsaModeContext,
    .DeleteContext = schan_SpDeleteContext,
    .ApplyControlToken = schan_SpApplyControlToken,
    .QueryContextAttributes = schan_SpQueryContextAttributes,
    .SetContextAttributes = schan_SpSetContextAttributes,
};

static const SECPKG_USER_FUNCTION_TABLE user_table =
{
    .InitUserModeContext = schan_SpInitUserModeContext,
    .SealMessage = schan_SpSealMessage,
    .UnsealMessage = schan_SpUnsealMessage,
    .GetContextToken = schan_SpGetContextToken,
    .QueryContextAttributes = schan_SpQueryContextAttributes,
    .DeleteUserModeContext = schan_SpDeleteUserModeContext,
};

#define SCHANNEL_INFO(name) \
    { { SCHANNEL_CAPS, 1, UNISP_RPC_ID, SCHAN_MAX_TOKEN, (WCHAR *)name, (WCHAR *)L"Schannel Security Package" }, \
      NULL, &lsa_table, &user_table }

const struct ssp_package ssp_packages[] =
{
    SCHANNEL_INFO( SCHANNEL_NAME_W ),
    SCHANNEL_INFO( UNISP_NAME_W ),
    SCHANNEL_INFO( DEFAULT_TLS_SSP_NAME_W ),
};
const ULONG ssp_package_count = ARRAYSIZE(ssp_packages);

NTSTATUS schan_call( unsigned int code, void *params )
{
    return WINE_UNIX_CALL( code, params );
}

static NTSTATUS process_attach( void )
{
    struct process_attach_params params;
    NTSTATUS status;

    if ((status = ssp_unix_attach( unix_process_attach, &params ))) return status;
    TRACE( "GnuTLS %s\n", params.version );
    return STATUS_SUCCESS;
}

NTSTATUS (*const ssp_process_attach)( void ) = process_attach;
