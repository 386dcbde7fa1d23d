/*
 * Who the client of a server context is: the domain and account its PAC
 * names (a Windows domain controller's, Samba's), or its principal, and the
 * logon session and token that stand for it, with the tickets it delegated.
 */
#include "krb_priv.h"
#include "core/pac.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(kerberos);

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

/* The client's account, domain and SID, as the logon information of its PAC
 * names them: NAMES[2] and NAMES[3] point into PAC, which the caller frees. */
static void names_from_pac( struct krb_context *ctx, UINT32 pac_len, BYTE **pac, const WCHAR *names[4],
                            ULONG lens[4] )
{
    struct context_pac_params params = { ctx->unix_ctx };
    struct pac_sid user_sid;
    struct pac info;

    if (!pac_len || !(params.pac = ssp_alloc( pac_len ))) return;
    *pac = params.pac;
    params.size = pac_len;
    if (WINE_UNIX_CALL( unix_context_pac, &params )) return;
    if (pac_parse( params.pac, pac_len, &info ))
    {
        WARN( "malformed PAC\n" );
        return;
    }
    if (!info.has_logon_info || !info.logon.effective_name.len) return;
    names[2] = (const WCHAR *)info.logon.effective_name.data;
    lens[2] = info.logon.effective_name.len / sizeof(WCHAR);
    names[3] = (const WCHAR *)info.logon.logon_domain.data;
    lens[3] = info.logon.logon_domain.len / sizeof(WCHAR);
    if (!pac_user_sid( &info.logon, &user_sid )) ctx->sid = make_sid( &user_sid );
    TRACE( "PAC names %s\\%s\n", debugstr_wn(names[3], lens[3]), debugstr_wn(names[2], lens[2]) );
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

SECURITY_STATUS krb_identify_client( struct krb_context *ctx, UINT32 pac_len, BOOL delegated,
                                     const WCHAR *names[4], ULONG lens[4] )
{
    BYTE *pac = NULL;
    BOOL ok;

    names_from_pac( ctx, pac_len, &pac, names, lens );
    ok = krb_context_set_names( ctx, names, lens );
    ssp_free( pac );
    ctx->delegated = delegated;
    return ok ? SEC_E_OK : SEC_E_INSUFFICIENT_MEMORY;
}

static BOOL WINAPI log_on( INIT_ONCE *once, void *param, void **context )
{
    struct krb_context *ctx = param;
    SECURITY_IMPERSONATION_LEVEL level = SecurityImpersonation;
    WCHAR user[KRB_MAX_NAME], domain[KRB_MAX_NAME];

    if (ctx->gss_flags & GSS_FLAG_IDENTIFY) level = SecurityIdentification;
    else if (ctx->gss_flags & GSS_FLAG_DELEG) level = SecurityDelegation;
    krb_client_account( ctx, user, domain, KRB_MAX_NAME );
    ctx->logon_status = ssp_log_on( "Kerberos", user, domain, ctx->sid, level, &ctx->logon_id, &ctx->token );
    if (!ctx->logon_status && ctx->delegated) keep_delegated( ctx );
    return TRUE;
}

/* The logon session and token of the client, made when first needed: most
 * servers never ask for them. */
SECURITY_STATUS krb_context_logon( struct krb_context *ctx )
{
    if (!ctx->server || ctx->state != STATE_DONE) return SEC_E_NO_IMPERSONATION;
    if (!ctx->lsa_mode) return ctx->token ? SEC_E_OK : SEC_E_NO_IMPERSONATION;  /* imported: the exporter's token */
    InitOnceExecuteOnce( &ctx->logon_once, log_on, ctx, NULL );
    return ctx->logon_status;
}
