/*
 * QueryContextAttributes for Kerberos contexts.
 */
#include "krb_priv.h"
#include "core/enctypes.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(kerberos);

/* "DOMAIN\user", as Windows names accounts (the realm is the domain without a PAC). */
static WCHAR *qualified_name( const struct krb_context *ctx )
{
    WCHAR user[KRB_MAX_NAME], domain[KRB_MAX_NAME], name[2 * KRB_MAX_NAME];

    krb_client_account( ctx, user, domain, KRB_MAX_NAME );
    swprintf( name, ARRAYSIZE(name), domain[0] ? L"%ls\\%ls" : L"%ls%ls", domain, user );
    return ssp_client_string( name );
}

static WCHAR *client_string_a( const char *str )
{
    WCHAR *wide = krb_wide( str ), *ret = wide ? ssp_client_string( wide ) : NULL;

    ssp_free( wide );
    return ret;
}

static void sizes( const struct krb_context *ctx, SecPkgContext_Sizes *sizes )
{
    const struct krb_enctype *info = krb_enctype( ctx->enctype );
    ULONG trailer = ctx->header_len + ctx->padding_len;

    sizes->cbMaxToken = KRB_MAX_TOKEN;
    sizes->cbMaxSignature = ctx->mic_len ? ctx->mic_len : info->signature;
    sizes->cbBlockSize = 1;
    /* what the package reports while the handshake runs: an AES key */
    if (ctx->state != STATE_DONE) trailer = krb_enctype( 18 )->trailer;
    sizes->cbSecurityTrailer = max( trailer, info->trailer );
}

static SECURITY_STATUS key_info( const struct krb_context *ctx, SecPkgContext_KeyInfoW *out )
{
    const struct krb_enctype *info = krb_enctype( ctx->enctype );
    char unknown[32];

    snprintf( unknown, sizeof(unknown), "enctype %d", ctx->enctype );
    if (!(out->sSignatureAlgorithmName = client_string_a( info->checksum_name ? info->checksum_name : unknown )))
        return SEC_E_INSUFFICIENT_MEMORY;
    if (!(out->sEncryptAlgorithmName = client_string_a( info->name ? info->name : unknown )))
    {
        ssp_dll->FreeHeap( out->sSignatureAlgorithmName );
        return SEC_E_INSUFFICIENT_MEMORY;
    }
    out->KeySize = info->key_bits;
    out->SignatureAlgorithm = info->checksum;
    out->EncryptAlgorithm = ctx->enctype;
    return SEC_E_OK;
}

static SECURITY_STATUS session_key( const struct krb_context *ctx, SecPkgContext_SessionKey *out )
{
    struct context_info_params info = { ctx->unix_ctx, TRUE };
    SECURITY_STATUS status;

    if ((status = WINE_UNIX_CALL( unix_context_info, &info ))) return status;
    if (!info.session_key_len) status = SEC_E_UNSUPPORTED_FUNCTION;
    else if (!(out->SessionKey = ssp_dll->AllocateHeap( info.session_key_len ))) status = SEC_E_INSUFFICIENT_MEMORY;
    else
    {
        memcpy( out->SessionKey, info.session_key, info.session_key_len );
        out->SessionKeyLength = info.session_key_len;
    }
    SecureZeroMemory( info.session_key, sizeof(info.session_key) );
    return status;
}

NTSTATUS NTAPI krb_SpQueryContextAttributes( LSA_SEC_HANDLE handle, ULONG attr, void *buffer )
{
    struct krb_context *ctx = krb_context_from_handle( handle );

    TRACE( "%p %lu %p\n", (void *)handle, attr, buffer );
    if (!ctx) return SEC_E_INVALID_HANDLE;
    if (!buffer) return SEC_E_INVALID_PARAMETER;
    if (ctx->state != STATE_DONE && !ssp_attr_before_done( attr )) return SEC_E_INVALID_HANDLE;

    switch (attr)
    {
    case SECPKG_ATTR_SIZES:
        sizes( ctx, buffer );
        return SEC_E_OK;
    case SECPKG_ATTR_NAMES:
        SSP_ALLOC_OR_FAIL( ((SecPkgContext_NamesW *)buffer)->sUserName = qualified_name( ctx ) );
        return SEC_E_OK;
    case SECPKG_ATTR_NATIVE_NAMES:
    {
        SecPkgContext_NativeNamesW *names = buffer;
        SSP_ALLOC_OR_FAIL( names->sClientName = ssp_client_string( ctx->client ) );
        if (!(names->sServerName = ssp_client_string( ctx->target )))
        {
            ssp_dll->FreeHeap( names->sClientName );
            return SEC_E_INSUFFICIENT_MEMORY;
        }
        return SEC_E_OK;
    }
    case SECPKG_ATTR_AUTHORITY:
    {
        WCHAR *at = wcsrchr( ctx->client, '@' );
        SecPkgContext_AuthorityW *authority = buffer;
        SSP_ALLOC_OR_FAIL( authority->sAuthorityName = ssp_client_string( at ? at + 1 : L"" ) );
        return SEC_E_OK;
    }
    case SECPKG_ATTR_LIFESPAN:
    {
        SecPkgContext_Lifespan *span = buffer;
        span->tsStart = ctx->start;
        span->tsExpiry = ctx->expiry;
        return SEC_E_OK;
    }
    case SECPKG_ATTR_PASSWORD_EXPIRY:
        ((SecPkgContext_PasswordExpiry *)buffer)->tsPasswordExpires = krb_never;
        return SEC_E_OK;
    case SECPKG_ATTR_SESSION_KEY:
        return session_key( ctx, buffer );
    case SECPKG_ATTR_KEY_INFO:
        return key_info( ctx, buffer );
    case SECPKG_ATTR_FLAGS:
        ((SecPkgContext_Flags *)buffer)->Flags = ctx->attrs;
        return SEC_E_OK;
    case SECPKG_ATTR_ACCESS_TOKEN:
        if (!ctx->server || krb_context_logon( ctx ) || !ctx->token) return SEC_E_UNSUPPORTED_FUNCTION;
        ((SecPkgContext_AccessToken *)buffer)->AccessToken = ctx->token;
        return SEC_E_OK;
    case SECPKG_ATTR_CLIENT_SPECIFIED_TARGET:
        if (!ctx->server) return SEC_E_TARGET_UNKNOWN;
        SSP_ALLOC_OR_FAIL( ((SecPkgContext_ClientSpecifiedTarget *)buffer)->sTargetName =
                               ssp_client_string( ctx->target ) );
        return SEC_E_OK;
    case SECPKG_ATTR_LAST_CLIENT_TOKEN_STATUS:
        ((SecPkgContext_LastClientTokenStatus *)buffer)->LastClientTokenStatus = SecPkgAttrLastClientTokenYes;
        return SEC_E_OK;
    case SECPKG_ATTR_AUTHENTICATION_ID:
        if (!ctx->server || krb_context_logon( ctx )) return SEC_E_UNSUPPORTED_FUNCTION;
        *(LUID *)buffer = ctx->logon_id;   /* SecPkgContext_AuthenticationId */
        return SEC_E_OK;
    case SECPKG_ATTR_TARGET_INFORMATION:
        FIXME( "no credential-manager target information\n" );
        return SEC_E_UNSUPPORTED_FUNCTION;
    default:
        return ssp_common_attribute( attr, buffer, ctx->state == STATE_DONE );
    }
}
