/*
 * QueryContextAttributes for NTLM contexts.
 */
#include "ntlm_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(ntlm);

/* "DOMAIN\user", or the user alone when there is no domain. */
static WCHAR *qualified_name( const struct ntlm_context *ctx )
{
    const WCHAR *domain = ctx->domain ? ctx->domain : L"", *user = ctx->user ? ctx->user : L"";
    WCHAR name[600];

    swprintf( name, ARRAYSIZE(name), domain[0] ? L"%ls\\%ls" : L"%ls%ls", domain, user );
    return ssp_client_string( name );
}

NTSTATUS NTAPI ntlm_SpQueryContextAttributes( LSA_SEC_HANDLE handle, ULONG attr, void *buffer )
{
    struct ntlm_context *ctx = ntlm_context_from_handle( handle );

    TRACE( "%p %lu %p\n", (void *)handle, attr, buffer );
    if (!ctx) return SEC_E_INVALID_HANDLE;
    if (!buffer) return SEC_E_INVALID_PARAMETER;
    if (ctx->state != STATE_DONE && !ssp_attr_before_done( attr )) return SEC_E_INVALID_HANDLE;

    switch (attr)
    {
    case SECPKG_ATTR_SIZES:
    {
        SecPkgContext_Sizes *sizes = buffer;
        sizes->cbMaxToken = NTLM_MAX_TOKEN;
        sizes->cbMaxSignature = NTLM_SIGNATURE_SIZE;
        sizes->cbBlockSize = 0;
        sizes->cbSecurityTrailer = NTLM_SIGNATURE_SIZE;
        return SEC_E_OK;
    }
    case SECPKG_ATTR_NAMES:
        SSP_ALLOC_OR_FAIL( ((SecPkgContext_NamesW *)buffer)->sUserName = qualified_name( ctx ) );
        return SEC_E_OK;
    case SECPKG_ATTR_NATIVE_NAMES:
    {
        SecPkgContext_NativeNamesW *names = buffer;
        SSP_ALLOC_OR_FAIL( names->sClientName = qualified_name( ctx ) );
        if (!(names->sServerName = ssp_client_string( ctx->target ? ctx->target : L"" )))
        {
            ssp_dll->FreeHeap( names->sClientName );
            return SEC_E_INSUFFICIENT_MEMORY;
        }
        return SEC_E_OK;
    }
    case SECPKG_ATTR_AUTHORITY:
        SSP_ALLOC_OR_FAIL( ((SecPkgContext_AuthorityW *)buffer)->sAuthorityName = ssp_client_string( ctx->domain ) );
        return SEC_E_OK;
    case SECPKG_ATTR_LIFESPAN:
    {
        SecPkgContext_Lifespan *span = buffer;
        span->tsStart = ctx->start;
        span->tsExpiry = ntlm_never;
        return SEC_E_OK;
    }
    case SECPKG_ATTR_PASSWORD_EXPIRY:
        ((SecPkgContext_PasswordExpiry *)buffer)->tsPasswordExpires = ntlm_never;
        return SEC_E_OK;
    case SECPKG_ATTR_SESSION_KEY:
    {
        SecPkgContext_SessionKey *key = buffer;
        SSP_ALLOC_OR_FAIL( key->SessionKey = ssp_dll->AllocateHeap( 16 ) );
        memcpy( key->SessionKey, ctx->session_key, 16 );
        key->SessionKeyLength = 16;
        return SEC_E_OK;
    }
    case SECPKG_ATTR_FLAGS:
        ((SecPkgContext_Flags *)buffer)->Flags = ctx->attrs;
        return SEC_E_OK;
    case SECPKG_ATTR_ACCESS_TOKEN:
        if (!ctx->server || !ctx->token) return SEC_E_UNSUPPORTED_FUNCTION;
        ((SecPkgContext_AccessToken *)buffer)->AccessToken = ctx->token;
        return SEC_E_OK;
    case SECPKG_ATTR_KEY_INFO:
    {
        SecPkgContext_KeyInfoW *info = buffer;
        BOOL ess = (ctx->flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) != 0;
        SSP_ALLOC_OR_FAIL( info->sSignatureAlgorithmName =
                               ssp_client_string( ess ? L"HMAC-MD5" : L"RSADSI RC4-CRC32" ) );
        if (!(info->sEncryptAlgorithmName = ssp_client_string( L"RSADSI RC4" )))
        {
            ssp_dll->FreeHeap( info->sSignatureAlgorithmName );
            return SEC_E_INSUFFICIENT_MEMORY;
        }
        info->KeySize = (ctx->flags & NTLMSSP_NEGOTIATE_128) ? 128 : (ctx->flags & NTLMSSP_NEGOTIATE_56) ? 56 : 40;
        /* the checksum types of the Kerberos numbering Windows reports: HMAC-MD5 (-138), RC4-CRC32 (-132) */
        info->SignatureAlgorithm = ess ? 0xffffff76 : 0xffffff7c;
        info->EncryptAlgorithm = CALG_RC4;
        return SEC_E_OK;
    }
    case SECPKG_ATTR_USER_FLAGS:
        ((SecPkgContext_UserFlags *)buffer)->UserFlags = 0;
        return SEC_E_OK;
    case SECPKG_ATTR_CLIENT_SPECIFIED_TARGET:
        if (!ctx->server || !ctx->target) return SEC_E_TARGET_UNKNOWN;
        SSP_ALLOC_OR_FAIL( ((SecPkgContext_ClientSpecifiedTarget *)buffer)->sTargetName =
                               ssp_client_string( ctx->target ) );
        return SEC_E_OK;
    case SECPKG_ATTR_LAST_CLIENT_TOKEN_STATUS:
        ((SecPkgContext_LastClientTokenStatus *)buffer)->LastClientTokenStatus = SecPkgAttrLastClientTokenNo;
        return SEC_E_OK;
    case SSP_ATTR_AUTHENTICATE_MIC:
        *(ULONG *)buffer = ctx->auth_mic;
        return SEC_E_OK;
    case SECPKG_ATTR_AUTHENTICATION_ID:
        if (!ctx->server) return SEC_E_UNSUPPORTED_FUNCTION;
        *(LUID *)buffer = ctx->logon_id;   /* SecPkgContext_AuthenticationId */
        return SEC_E_OK;
    default:
        return ssp_common_attribute( attr, buffer, ctx->state == STATE_DONE );
    }
}
