/*
 * The client side of NTLM: NEGOTIATE, then AUTHENTICATE for the server's
 * CHALLENGE, and the ISC_RET_* flags that result.
 */
#include <stdlib.h>

#include "ntlm_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(ntlm);

/* What the caller asked for and NTLM can do. */
static ULONG isc_ret_flags( ULONG req, uint32_t flags, BOOL anonymous )
{
    ULONG ret = req & (ISC_REQ_CONNECTION | ISC_REQ_DATAGRAM | ISC_REQ_EXTENDED_ERROR | ISC_REQ_IDENTIFY);

    if (flags & NTLMSSP_NEGOTIATE_SIGN)
        ret |= req & (ISC_REQ_INTEGRITY | ISC_REQ_REPLAY_DETECT | ISC_REQ_SEQUENCE_DETECT);
    if (flags & NTLMSSP_NEGOTIATE_SEAL) ret |= req & ISC_REQ_CONFIDENTIALITY;
    if (anonymous) ret |= ISC_RET_NULL_SESSION;
    return ret;
}

SECURITY_STATUS ntlm_client_negotiate( struct ntlm_context *ctx, SecBuffer *token )
{
    struct ntlm_config config;
    BYTE version[8];
    ULONG req = ctx->req;
    SECURITY_STATUS status;

    ntlm_read_config( &config );
    ctx->flags = ntlm_client_request_flags(
        (req & (ISC_REQ_INTEGRITY | ISC_REQ_REPLAY_DETECT | ISC_REQ_SEQUENCE_DETECT | ISC_REQ_CONFIDENTIALITY)) != 0,
        (req & ISC_REQ_CONFIDENTIALITY) != 0, (req & ISC_REQ_DATAGRAM) != 0, (req & ISC_REQ_IDENTIFY) != 0,
        config.lm_compat_level );
    ntlm_version( version );
    if (ntlm_build_negotiate( ctx->flags, version, &ctx->negotiate, &ctx->negotiate_len )) return SEC_E_INSUFFICIENT_MEMORY;
    ctx->attrs = isc_ret_flags( req, ctx->flags, FALSE );
    if ((status = ssp_put_token( token, (req & ISC_REQ_ALLOCATE_MEMORY) != 0, ctx->negotiate, ctx->negotiate_len,
                                 &ctx->attrs )))
        return status;
    ctx->state = STATE_NEGOTIATE_SENT;
    return SEC_E_OK;
}

/* STR as the wire wants it: UTF-16LE, or the OEM code page. Returns a malloc'ed copy. */
static BYTE *wire_string( const WCHAR *str, BOOL unicode, size_t *len )
{
    BYTE *ret;
    int n;

    if (!str) str = L"";
    if (unicode)
    {
        *len = wcslen( str ) * sizeof(WCHAR);
        if ((ret = malloc( *len + 1 ))) memcpy( ret, str, *len );
        return ret;
    }
    n = WideCharToMultiByte( CP_OEMCP, 0, str, -1, NULL, 0, NULL, NULL );
    if (!(ret = malloc( n ))) return NULL;
    WideCharToMultiByte( CP_OEMCP, 0, str, -1, (char *)ret, n, NULL, NULL );
    *len = n - 1;
    return ret;
}

static WCHAR *upper_string( const WCHAR *str )
{
    int len = wcslen( str ) + 1;
    WCHAR *ret = ssp_alloc( len * sizeof(WCHAR) );

    if (ret) LCMapStringW( LOCALE_INVARIANT, LCMAP_UPPERCASE, str, len, ret, len );
    return ret;
}

/* The logged-on user without a password in the store, for a server on this machine (loopback.c). */
static SECURITY_STATUS loopback_identity( struct ntlm_context *ctx, const BYTE challenge[8], struct ntlm_cred *out )
{
    WCHAR user[257];
    DWORD len = ARRAYSIZE(user);

    /* a retry of this step makes the key again */
    if (ctx->loopback) CloseHandle( ctx->loopback );
    ctx->loopback = NULL;
    if (!ntlm_is_local_target( ctx->target ) || !GetUserNameW( user, &len ) ||
        !(ctx->loopback = ntlm_loopback_create( challenge, out->nt_hash )))
    {
        WARN( "no password for the logged-on user in the account store, and %s is not here\n",
              debugstr_w(ctx->target) );
        return SEC_E_NO_CREDENTIALS;
    }
    out->has_hash = TRUE;
    out->user = ssp_strdup( user );
    out->domain = ssp_strdup( ntlm_host_names()->computer );
    return out->user && out->domain ? SEC_E_OK : SEC_E_INSUFFICIENT_MEMORY;
}

/* The identity to authenticate as: the credentials' own, or the logged-on user's. */
static SECURITY_STATUS client_identity( struct ntlm_context *ctx, const BYTE challenge[8], struct ntlm_cred *out )
{
    struct ntlm_cred *cred = ctx->cred;

    memset( out, 0, sizeof(*out) );
    if (cred->anonymous || (ctx->req & ISC_REQ_NULL_SESSION))
    {
        out->anonymous = TRUE;
        out->user = ssp_strdup( L"" );
        out->domain = ssp_strdup( L"" );
        return out->user && out->domain ? SEC_E_OK : SEC_E_INSUFFICIENT_MEMORY;
    }
    if (!cred->user)
    {
        if (ntlm_default_credentials( out )) return SEC_E_OK;
        return loopback_identity( ctx, challenge, out );
    }
    if (!cred->has_hash) return SEC_E_NO_CREDENTIALS;
    *out = *cred;
    out->user = ssp_strdup( cred->user );
    out->domain = ssp_strdup( cred->domain );
    return out->user && out->domain ? SEC_E_OK : SEC_E_INSUFFICIENT_MEMORY;
}

SECURITY_STATUS ntlm_client_authenticate( struct ntlm_context *ctx, const SecBuffer *input,
                                          const SecBuffer *bindings, SecBuffer *token )
{
    struct ntlm_client_input in;
    struct ntlm_client_output out = { 0 };
    struct ntlm_challenge chal;
    struct ntlm_config config;
    struct ntlm_cred id;
    BYTE version[8], bindings_hash[16];
    const WCHAR *workstation = ntlm_host_names()->computer;
    WCHAR *user_upper = NULL;
    BYTE *user = NULL, *domain = NULL, *ws = NULL;
    BOOL unicode;
    SECURITY_STATUS status;

    if (ntlm_parse_challenge( input->pvBuffer, input->cbBuffer, &chal )) return SEC_E_INVALID_TOKEN;
    ntlm_read_config( &config );
    ctx->flags = ntlm_client_flags( ctx->flags, chal.flags );
    if ((ctx->flags & config.min_client_sec) != config.min_client_sec &&
        (ctx->flags & (NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL)))
    {
        WARN( "server grants %08x, policy requires %08lx\n", ctx->flags, config.min_client_sec );
        return SEC_E_UNSUPPORTED_FUNCTION;
    }
    if ((status = client_identity( ctx, chal.server_challenge, &id ))) return status;
    if (!(ctx->challenge = ssp_alloc( input->cbBuffer ))) goto oom;
    memcpy( ctx->challenge, input->pvBuffer, input->cbBuffer );
    ctx->challenge_len = input->cbBuffer;

    unicode = (ctx->flags & NTLMSSP_NEGOTIATE_UNICODE) != 0;
    memset( &in, 0, sizeof(in) );
    in.flags = ctx->flags;
    in.negotiate.data = ctx->negotiate;
    in.negotiate.len = ctx->negotiate_len;
    in.challenge.data = ctx->challenge;
    in.challenge.len = ctx->challenge_len;
    if (!(user = wire_string( id.user, unicode, &in.user.len )) ||
        !(domain = wire_string( id.domain, unicode, &in.domain.len )) ||
        !(ws = wire_string( workstation, unicode, &in.workstation.len )) || !(user_upper = upper_string( id.user )))
        goto oom;
    in.user.data = user;
    in.domain.data = domain;
    in.workstation.data = ws;
    in.user_upper.data = (const BYTE *)user_upper;
    in.user_upper.len = wcslen( user_upper ) * sizeof(WCHAR);
    in.domain_utf16.data = (const BYTE *)id.domain;
    in.domain_utf16.len = wcslen( id.domain ) * sizeof(WCHAR);
    memcpy( in.nt_hash, id.nt_hash, 16 );
    memcpy( in.lm_hash, id.lm_hash, 16 );
    in.anonymous = id.anonymous;
    in.lm_compat_level = config.lm_compat_level;
    in.timestamp = ntlm_now();
    if (!ntlm_random( in.client_challenge, 8 ) || !ntlm_random( in.random_session_key, 16 ))
    {
        status = SEC_E_INTERNAL_ERROR;
        goto done;
    }
    if (bindings)
    {
        if (!ntlm_bindings_hash( bindings, bindings_hash ))
        {
            status = SEC_E_INVALID_TOKEN;
            goto done;
        }
        in.channel_bindings = bindings_hash;
    }
    if (ctx->target)
    {
        in.target_spn.data = (const BYTE *)ctx->target;
        in.target_spn.len = wcslen( ctx->target ) * sizeof(WCHAR);
    }
    ntlm_version( version );
    in.version = version;

    switch (ntlm_make_authenticate( &in, &out ))
    {
    case NTLM_OK: break;
    case NTLM_NO_MEMORY: status = SEC_E_INSUFFICIENT_MEMORY; goto done;
    default: status = SEC_E_INVALID_TOKEN; goto done;
    }
    ctx->attrs = isc_ret_flags( ctx->req, ctx->flags, id.anonymous );
    if ((status = ssp_put_token( token, (ctx->req & ISC_REQ_ALLOCATE_MEMORY) != 0, out.message, out.message_len,
                                 &ctx->attrs )))
        goto done;

    memcpy( ctx->session_key, out.session_key, 16 );
    if (ntlm_session_init( &ctx->session, ctx->flags, ctx->session_key, TRUE ))
    {
        status = SEC_E_INSUFFICIENT_MEMORY;
        goto done;
    }
    ctx->auth_mic = out.mic;
    ctx->anonymous = id.anonymous;
    ctx->ntlmv2 = config.lm_compat_level >= 3;
    ctx->user = id.user;
    ctx->domain = id.domain;
    id.user = id.domain = NULL;
    goto done;

oom:
    status = SEC_E_INSUFFICIENT_MEMORY;
done:
    SecureZeroMemory( &in, sizeof(in) );
    SecureZeroMemory( &out.session_key, sizeof(out.session_key) );
    free( out.message );
    free( user );
    free( domain );
    free( ws );
    ssp_free( user_upper );
    ssp_free( id.user );
    ssp_free( id.domain );
    SecureZeroMemory( &id, sizeof(id) );
    return status;
}
