/*
 * Who the client of a server context is: the domain and account its PAC
 * names (a Windows domain controller's, Samba's), or its principal, and the
 * logon session and token that stand for it, with the tickets it delegated.
 */
#include "krb_priv.h"
#include "core/pac.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(kerberos);

static WCHAR *pac_wide( const struct pac_string *str )
{
    WCHAR *ret = ssp_alloc( str->len + sizeof(WCHAR) );

    if (ret && str->len) memcpy( ret, str->data, str->len );
    return ret;
}

/* A Windows SID for a PAC's. */
static PSID make_sid( const struct pac_sid *sid )
{
    SID_IDENTIFIER_AUTHORITY authority;
    PSID ret;
    UCHAR i;

    if (!(ret = ssp_alloc( GetSidLengthRequired( sid->count ) ))) return NULL;
    memcpy( authority.Value, sid->authority, 6 );
    InitializeSid( ret, &authority, sid->count );
    for (i = 0; i < sid->count; i++) *GetSidSubAuthority( ret, i ) = sid->sub[i];
    return ret;
}

/* The client as the PAC's logon information names it; FALSE without one. */
static BOOL names_from_pac( struct krb_context *ctx, UINT32 pac_len, PSID *sid )
{
    struct context_pac_params params = { ctx->unix_ctx };
    struct pac_sid user_sid;
    struct pac pac;
    BOOL ret = FALSE;

    if (!pac_len || !(params.pac = ssp_alloc( pac_len ))) return FALSE;
    params.size = pac_len;
    if (WINE_UNIX_CALL( unix_context_pac, &params )) goto done;
    if (pac_parse( params.pac, pac_len, &pac ))
    {
        WARN( "malformed PAC\n" );
        goto done;
    }
    if (!pac.has_logon_info || !pac.logon.effective_name.len) goto done;
    ctx->user = pac_wide( &pac.logon.effective_name );
    ctx->domain = pac_wide( &pac.logon.logon_domain );
    if (!pac_user_sid( &pac.logon, &user_sid )) *sid = make_sid( &user_sid );
    if (!(ret = ctx->user && ctx->domain))
    {
        ssp_free( ctx->user );
        ssp_free( ctx->domain );
        ctx->user = ctx->domain = NULL;
    }
    TRACE( "PAC names %s\\%s\n", debugstr_w(ctx->domain), debugstr_w(ctx->user) );
done:
    ssp_free( params.pac );
    return ret;
}

/* The client's principal, "user@REALM", as user and domain. */
static BOOL names_from_principal( struct krb_context *ctx )
{
    WCHAR *at = wcsrchr( ctx->client, '@' );

    ctx->user = at ? ssp_alloc( (at - ctx->client + 1) * sizeof(WCHAR) ) : ssp_strdup( ctx->client );
    if (at && ctx->user) memcpy( ctx->user, ctx->client, (at - ctx->client) * sizeof(WCHAR) );
    ctx->domain = ssp_strdup( at ? at + 1 : L"" );
    return ctx->user && ctx->domain;
}

/* The tickets the client delegated, for the threads impersonating it. */
static void keep_delegated( struct krb_context *ctx )
{
    struct context_delegated_params params = { ctx->unix_ctx };

    if (WINE_UNIX_CALL( unix_context_delegated, &params ))
    {
        WARN( "delegated credentials unusable\n" );
        return;
    }
    TRACE( "delegated tickets of %s\n", debugstr_a(params.name) );
    krb_session_add( &ctx->logon_id, params.cred );
}

SECURITY_STATUS krb_identify_client( struct krb_context *ctx, UINT32 pac_len, BOOL delegated )
{
    SECURITY_IMPERSONATION_LEVEL level = SecurityImpersonation;
    SECURITY_STATUS status;
    PSID sid = NULL;

    ssp_free( ctx->user );
    ssp_free( ctx->domain );
    ctx->user = ctx->domain = NULL;
    if (!names_from_pac( ctx, pac_len, &sid ) && !names_from_principal( ctx ))
    {
        ssp_free( sid );
        return SEC_E_INSUFFICIENT_MEMORY;
    }
    if (ctx->gss_flags & GSS_FLAG_IDENTIFY) level = SecurityIdentification;
    else if (ctx->gss_flags & GSS_FLAG_DELEG) level = SecurityDelegation;
    status = ssp_log_on( "Kerberos", ctx->user, ctx->domain, sid, level, &ctx->logon_id, &ctx->token );
    ssp_free( sid );
    if (!status && delegated) keep_delegated( ctx );
    return status;
}
