/*
 * The server side of NTLM: CHALLENGE for the client's NEGOTIATE, then the
 * check of its AUTHENTICATE against the account store, and the logon that
 * gives the context its token.
 */
#include <stdlib.h>

#include "ntlm_priv.h"
#include "samcred.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(ntlm);

static ULONG asc_ret_flags( ULONG req, uint32_t flags, BOOL anonymous )
{
    ULONG ret = req & ASC_REQ_EXTENDED_ERROR;

    ret |= (flags & NTLMSSP_NEGOTIATE_DATAGRAM) ? ASC_RET_DATAGRAM : ASC_RET_CONNECTION;
    if (flags & NTLMSSP_NEGOTIATE_SIGN) ret |= ASC_RET_INTEGRITY | ASC_RET_REPLAY_DETECT | ASC_RET_SEQUENCE_DETECT;
    if (flags & NTLMSSP_NEGOTIATE_SEAL) ret |= ASC_RET_CONFIDENTIALITY;
    if (flags & NTLMSSP_NEGOTIATE_IDENTIFY) ret |= ASC_RET_IDENTIFY;
    if (anonymous) ret |= ASC_RET_NULL_SESSION;
    return ret;
}

static size_t put_name( BYTE *out, uint16_t id, const WCHAR *name )
{
    return ntlm_av_put( out, id, name, wcslen( name ) * sizeof(WCHAR) );
}

/* The target information of a standalone server: its names and its clock. */
static BYTE *target_info( size_t *len )
{
    const struct ntlm_host_names *names = ntlm_host_names();
    const WCHAR *computer = names->computer, *dns_host = names->dns_host, *dns_domain = names->dns_domain;
    uint64_t now = ntlm_now();
    BYTE ts[8], *out;
    size_t pos = 0;
    int i;

    for (i = 0; i < 8; i++) ts[i] = now >> (8 * i);

    *len = put_name( NULL, 0, computer ) * 2 + put_name( NULL, 0, dns_domain ) + put_name( NULL, 0, dns_host ) +
           ntlm_av_put( NULL, MSV_AV_TIMESTAMP, NULL, 8 ) + 4;
    if (!(out = ssp_alloc( *len ))) return NULL;
    pos += put_name( out + pos, MSV_AV_NB_DOMAIN_NAME, computer );
    pos += put_name( out + pos, MSV_AV_NB_COMPUTER_NAME, computer );
    pos += put_name( out + pos, MSV_AV_DNS_DOMAIN_NAME, dns_domain );
    pos += put_name( out + pos, MSV_AV_DNS_COMPUTER_NAME, dns_host );
    pos += ntlm_av_put( out + pos, MSV_AV_TIMESTAMP, ts, 8 );
    ntlm_av_put( out + pos, MSV_AV_EOL, NULL, 0 );
    return out;
}

SECURITY_STATUS ntlm_server_challenge( struct ntlm_context *ctx, const SecBuffer *input, SecBuffer *token )
{
    struct ntlm_negotiate neg;
    struct ntlm_config config;
    struct ntlm_bytes name, info;
    const WCHAR *computer = ntlm_host_names()->computer;
    char oem_name[MAX_COMPUTERNAME_LENGTH + 1];
    BYTE version[8], *info_buf;
    size_t info_len;
    SECURITY_STATUS status;

    if (ntlm_parse_negotiate( input->pvBuffer, input->cbBuffer, &neg ))
    {
        WARN( "not a NEGOTIATE message\n" );
        return SEC_E_INVALID_TOKEN;
    }
    ntlm_read_config( &config );
    ctx->flags = ntlm_server_flags( neg.flags, config.lm_compat_level );
    if ((ctx->flags & (NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL)) &&
        (ctx->flags & config.min_server_sec) != config.min_server_sec)
    {
        WARN( "client asks for %08x, policy requires %08lx\n", neg.flags, config.min_server_sec );
        return SEC_E_UNSUPPORTED_FUNCTION;
    }
    if (!ntlm_random( ctx->server_challenge, 8 )) return SEC_E_INTERNAL_ERROR;
    if (!(ctx->negotiate = ssp_alloc( input->cbBuffer ))) return SEC_E_INSUFFICIENT_MEMORY;
    memcpy( ctx->negotiate, input->pvBuffer, input->cbBuffer );
    ctx->negotiate_len = input->cbBuffer;

    if (ctx->flags & NTLMSSP_NEGOTIATE_UNICODE)
    {
        name.data = (const BYTE *)computer;
        name.len = wcslen( computer ) * sizeof(WCHAR);
    }
    else
    {
        name.len = WideCharToMultiByte( CP_OEMCP, 0, computer, -1, oem_name, sizeof(oem_name), NULL, NULL );
        name.len = name.len ? name.len - 1 : 0;
        name.data = (const BYTE *)oem_name;
    }
    if (!(ctx->flags & NTLMSSP_REQUEST_TARGET)) name.len = 0;
    if (!(info_buf = target_info( &info_len ))) return SEC_E_INSUFFICIENT_MEMORY;
    info.data = info_buf;
    info.len = info_len;
    ntlm_version( version );
    status = ntlm_build_challenge( ctx->flags, ctx->server_challenge, &name, &info, version, &ctx->challenge,
                                   &ctx->challenge_len ) ? SEC_E_INSUFFICIENT_MEMORY : SEC_E_OK;
    ssp_free( info_buf );
    if (status) return status;

    ctx->attrs = asc_ret_flags( ctx->req, ctx->flags, FALSE );
    if ((status = ssp_put_token( token, (ctx->req & ASC_REQ_ALLOCATE_MEMORY) != 0, ctx->challenge, ctx->challenge_len,
                                 &ctx->attrs )))
        return status;
    ctx->state = STATE_CHALLENGE_SENT;
    return SEC_E_OK;
}

/* A string of the AUTHENTICATE message as a new NUL-terminated WCHAR string. */
static WCHAR *message_string( const struct ntlm_bytes *field, BOOL unicode )
{
    WCHAR *ret;
    int len;

    if (unicode)
    {
        if (field->len % 2) return NULL;
        if ((ret = ssp_alloc( field->len + sizeof(WCHAR) ))) memcpy( ret, field->data, field->len );
        return ret;
    }
    len = field->len ? MultiByteToWideChar( CP_OEMCP, 0, (const char *)field->data, field->len, NULL, 0 ) : 0;
    if (field->len && !len) return NULL;
    if ((ret = ssp_alloc( (len + 1) * sizeof(WCHAR) )) && len)
        MultiByteToWideChar( CP_OEMCP, 0, (const char *)field->data, field->len, ret, len );
    return ret;
}

/* The logon: a logon session and a token for the client, as far as Wine allows. */
static SECURITY_STATUS log_on( struct ntlm_context *ctx )
{
    return ssp_log_on( "NtLmSsp", ctx->user, ctx->domain, NULL,
                       (ctx->flags & NTLMSSP_NEGOTIATE_IDENTIFY) ? SecurityIdentification : SecurityImpersonation,
                       &ctx->logon_id, &ctx->token );
}

/* The hashes of a local account, into IN; its names into ACCOUNT. The logged-on
 * user without one has the key a client on this machine made (loopback.c). */
static SECURITY_STATUS local_account( struct ntlm_context *ctx, const WCHAR *user, const WCHAR *domain,
                                      struct ntlm_server_input *in, struct sam_credentials *account )
{
    if (!ssp_find_account( user, domain, account ))
    {
        if (ntlm_is_logged_on_user( user, domain ) && ntlm_loopback_key( ctx->server_challenge, in->nt_hash ))
        {
            lstrcpynW( account->user, user, ARRAYSIZE(account->user) );
            lstrcpynW( account->domain, ntlm_host_names()->computer, ARRAYSIZE(account->domain) );
            return SEC_E_OK;
        }
        WARN( "no account %s\\%s\n", debugstr_w(domain), debugstr_w(user) );
        return SEC_E_LOGON_DENIED;
    }
    memcpy( in->nt_hash, account->nt_hash, 16 );
    memcpy( in->lm_hash, account->lm_hash, 16 );
    in->has_lm_hash = (account->flags & SAM_HAS_LM_HASH) != 0;
    return SEC_E_OK;
}

static SECURITY_STATUS verify( struct ntlm_context *ctx, const struct ntlm_authenticate *auth, const WCHAR *user,
                               const WCHAR *domain, const SecBuffer *bindings, const SecBuffer *input )
{
    struct ntlm_server_input in;
    struct ntlm_server_output out;
    struct sam_credentials account;
    struct ntlm_config config;
    BYTE bindings_hash[16];
    WCHAR *user_upper;
    enum ntlm_verify result;
    SECURITY_STATUS status;
    int len = wcslen( user ) + 1;

    ntlm_read_config( &config );
    memset( &in, 0, sizeof(in) );
    memset( &account, 0, sizeof(account) );
    in.negotiate.data = ctx->negotiate;
    in.negotiate.len = ctx->negotiate_len;
    in.challenge.data = ctx->challenge;
    in.challenge.len = ctx->challenge_len;
    in.authenticate.data = input->pvBuffer;
    in.authenticate.len = input->cbBuffer;
    in.auth = auth;
    in.flags = ctx->flags;
    memcpy( in.server_challenge, ctx->server_challenge, 8 );
    in.lm_compat_level = config.lm_compat_level;
    if (bindings && ntlm_bindings_hash( bindings, bindings_hash )) in.channel_bindings = bindings_hash;
    in.now = ntlm_now();

    /* domain accounts are the domain controller's to check, when winbind is configured */
    if (config.winbind && !ntlm_is_local_domain( domain ))
        status = ntlm_winbind_validate( user, domain, auth, &in, account.user, ARRAYSIZE(account.user),
                                        account.domain, ARRAYSIZE(account.domain) );
    else status = local_account( ctx, user, domain, &in, &account );
    if (status) goto done;

    if (!(user_upper = ssp_alloc( len * sizeof(WCHAR) )))
    {
        status = SEC_E_INSUFFICIENT_MEMORY;
        goto done;
    }
    LCMapStringW( LOCALE_INVARIANT, LCMAP_UPPERCASE, user, len, user_upper, len );
    in.user_upper.data = (const BYTE *)user_upper;
    in.user_upper.len = (len - 1) * sizeof(WCHAR);
    in.domain_utf16.data = (const BYTE *)domain;
    in.domain_utf16.len = wcslen( domain ) * sizeof(WCHAR);
    result = ntlm_server_verify( &in, &out );
    ssp_free( user_upper );

    switch (result)
    {
    case NTLM_VERIFY_OK:
        memcpy( ctx->session_key, out.session_key, 16 );
        ctx->ntlmv2 = out.ntlmv2;
        ctx->auth_mic = out.mic;
        ctx->user = ssp_strdup( account.user );
        ctx->domain = ssp_strdup( account.domain );
        status = ctx->user && ctx->domain ? SEC_E_OK : SEC_E_INSUFFICIENT_MEMORY;
        break;
    case NTLM_VERIFY_BAD_BINDINGS:
        WARN( "channel bindings differ\n" );
        status = SEC_E_BAD_BINDINGS;
        break;
    case NTLM_VERIFY_NO_MEMORY:
        status = SEC_E_INSUFFICIENT_MEMORY;
        break;
    case NTLM_VERIFY_BAD_MIC:
    case NTLM_VERIFY_MALFORMED:
        WARN( "malformed or altered AUTHENTICATE (%d)\n", result );
        status = SEC_E_INVALID_TOKEN;
        break;
    default:
        WARN( "logon of %s\\%s denied (%d)\n", debugstr_w(domain), debugstr_w(user), result );
        status = SEC_E_LOGON_DENIED;
        break;
    }
    SecureZeroMemory( &out, sizeof(out) );
done:
    SecureZeroMemory( &in, sizeof(in) );
    SecureZeroMemory( &account, sizeof(account) );
    return status;
}

/* The SPN the client named in its AV pairs (MsvAvTargetName), for SECPKG_ATTR_CLIENT_SPECIFIED_TARGET. */
static WCHAR *client_target( const struct ntlm_authenticate *auth )
{
    struct ntlm_bytes pairs, value;

    if (auth->nt_response.len <= 16 + NTLM_V2_BLOB_HEADER) return NULL;
    pairs.data = auth->nt_response.data + 16 + NTLM_V2_BLOB_HEADER;
    pairs.len = auth->nt_response.len - 16 - NTLM_V2_BLOB_HEADER;
    if (!ntlm_av_find( pairs.data, pairs.len, MSV_AV_TARGET_NAME, &value )) return NULL;
    return message_string( &value, TRUE );
}

SECURITY_STATUS ntlm_server_authenticate( struct ntlm_context *ctx, const SecBuffer *input,
                                          const SecBuffer *bindings )
{
    struct ntlm_authenticate auth;
    BOOL unicode = (ctx->flags & NTLMSSP_NEGOTIATE_UNICODE) != 0;
    WCHAR *user = NULL, *domain = NULL;
    SECURITY_STATUS status;

    if (ntlm_parse_authenticate( input->pvBuffer, input->cbBuffer, &auth ))
    {
        WARN( "not an AUTHENTICATE message\n" );
        return SEC_E_INVALID_TOKEN;
    }
    if (!(user = message_string( &auth.user, unicode )) || !(domain = message_string( &auth.domain, unicode )))
    {
        status = SEC_E_INVALID_TOKEN;
        goto done;
    }
    TRACE( "%s\\%s\n", debugstr_w(domain), debugstr_w(user) );

    if (ntlm_is_anonymous( &auth ))
    {
        if (!(ctx->req & ASC_REQ_ALLOW_NULL_SESSION))
        {
            WARN( "anonymous logon refused\n" );
            status = SEC_E_LOGON_DENIED;
            goto done;
        }
        ctx->anonymous = TRUE;
        memset( ctx->session_key, 0, 16 );
        ctx->user = ssp_strdup( L"ANONYMOUS LOGON" );
        ctx->domain = ssp_strdup( L"NT AUTHORITY" );
        status = ctx->user && ctx->domain ? SEC_E_OK : SEC_E_INSUFFICIENT_MEMORY;
    }
    else status = verify( ctx, &auth, user, domain, bindings, input );
    if (status) goto done;

    ctx->target = client_target( &auth );
    if ((status = log_on( ctx ))) goto done;
    if (ntlm_session_init( &ctx->session, ctx->flags, ctx->session_key, FALSE ))
    {
        status = SEC_E_INSUFFICIENT_MEMORY;
        goto done;
    }
    ctx->attrs = asc_ret_flags( ctx->req, ctx->flags, ctx->anonymous );
done:
    ssp_free( user );
    ssp_free( domain );
    return status;
}
