/*
 * Schannel contexts: InitializeSecurityContext and AcceptSecurityContext
 * with Windows' buffer layouts (TOKEN and EMPTY in; EXTRA, MISSING, ALERT),
 * the handshake steps through schannel.so, and the control tokens.
 */
#include "schannel_priv.h"
#include "core/tls_record.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(schannel);

struct schan_context *schan_context_from_handle( LSA_SEC_HANDLE handle )
{
    struct schan_context *ctx = (struct schan_context *)handle;
    return ctx && ctx->magic == SCHAN_CTXT_MAGIC ? ctx : NULL;
}

SECURITY_STATUS schan_put_token( SecBuffer *token, BOOL allocate, const BYTE *data, ULONG len )
{
    if (allocate)
    {
        token->pvBuffer = NULL;
        if (len && ssp_lsa->AllocateClientBuffer( NULL, len, &token->pvBuffer )) return SEC_E_INSUFFICIENT_MEMORY;
    }
    else if (token->cbBuffer < len || (len && !token->pvBuffer)) return SEC_E_INSUFFICIENT_MEMORY;
    if (len) memcpy( token->pvBuffer, data, len );
    token->cbBuffer = len;
    return SEC_E_OK;
}

static void free_context( struct schan_context *ctx )
{
    struct session_free_params params = { ctx->session };

    ctx->magic = 0;
    if (ctx->session) schan_call( unix_session_free, &params );
    if (ctx->token) CloseHandle( ctx->token );
    if (ctx->cred) schan_cred_release( ctx->cred );
    ssp_free( ctx->target );
    ssp_free( ctx->held );
    ssp_free( ctx->account );
    ssp_free( ctx->export_label );
    ssp_free( ctx->export_context );
    DeleteCriticalSection( &ctx->cs );
    ssp_free( ctx );
}

/* Drops the LSA-mode or user-mode side; the context goes when both have. */
void schan_context_release( struct schan_context *ctx, BOOL lsa_mode )
{
    if (lsa_mode) ctx->lsa_mode = FALSE;
    else ctx->user_mode = FALSE;
    if (!ctx->lsa_mode && !ctx->user_mode) free_context( ctx );
}

static BOOL has_token( SecBufferDesc *input )
{
    SecBuffer *in = ssp_find_buffer( input, SECBUFFER_TOKEN );
    return in && in->pvBuffer && in->cbBuffer;
}

/* The path MTU of a DTLS context: SECBUFFER_DTLS_MTU's, or Windows' default. */
static UINT32 dtls_mtu( SecBufferDesc *input )
{
    SecBuffer *buf = ssp_find_buffer( input, SECBUFFER_DTLS_MTU );
    WORD mtu;

    if (!buf || !buf->pvBuffer || buf->cbBuffer < sizeof(mtu)) return SCHAN_DTLS_MTU;
    memcpy( &mtu, buf->pvBuffer, sizeof(mtu) );
    return mtu < SCHAN_DTLS_MIN_MTU ? SCHAN_DTLS_MTU : mtu;  /* as SetContextAttributes takes them */
}

/* A target name as SNI: a DNS name, not an address. */
static char *sni_name( const WCHAR *target )
{
    int len;
    char *ret;
    const WCHAR *p;

    if (!target || !target[0]) return NULL;
    for (p = target; *p && (iswdigit( *p ) || *p == '.' || *p == ':'); p++);
    if (!*p) return NULL;
    len = WideCharToMultiByte( CP_UTF8, 0, target, -1, NULL, 0, NULL, NULL );
    if ((ret = ssp_alloc( len ))) WideCharToMultiByte( CP_UTF8, 0, target, -1, ret, len, NULL, NULL );
    return ret;
}

/* The ALPN list of a SECBUFFER_APPLICATION_PROTOCOLS buffer, as schannel.so takes it. */
static const BYTE *alpn_list( SecBufferDesc *input, UINT32 *len )
{
    SecBuffer *buf = ssp_find_buffer( input, SECBUFFER_APPLICATION_PROTOCOLS );
    const SEC_APPLICATION_PROTOCOLS *protocols;
    const SEC_APPLICATION_PROTOCOL_LIST *list;
    ULONG pos = 0;

    if (!buf || !buf->pvBuffer || buf->cbBuffer < sizeof(ULONG)) return NULL;
    protocols = buf->pvBuffer;
    while (pos + offsetof( SEC_APPLICATION_PROTOCOL_LIST, ProtocolList ) <=
           buf->cbBuffer - offsetof( SEC_APPLICATION_PROTOCOLS, ProtocolLists ))
    {
        list = (const SEC_APPLICATION_PROTOCOL_LIST *)((const BYTE *)protocols->ProtocolLists + pos);
        if (offsetof( SEC_APPLICATION_PROTOCOLS, ProtocolLists ) + pos +
            offsetof( SEC_APPLICATION_PROTOCOL_LIST, ProtocolList ) + list->ProtocolListSize > buf->cbBuffer)
            break;
        if (list->ProtoNegoExt == SecApplicationProtocolNegotiationExt_ALPN)
        {
            *len = list->ProtocolListSize;
            return list->ProtocolList;
        }
        pos += offsetof( SEC_APPLICATION_PROTOCOL_LIST, ProtocolList ) + list->ProtocolListSize;
    }
    return NULL;
}

static SECURITY_STATUS new_context( struct schan_cred *cred, BOOL server, ULONG req, const UNICODE_STRING *target,
                                    SecBufferDesc *input, struct schan_context **ret )
{
    struct session_create_params params = { 0 };
    struct schan_context *ctx;
    BYTE *resume = NULL;
    ULONG resume_len = 0;
    char *sni = NULL;
    NTSTATUS status;

    if (!(ctx = ssp_alloc( sizeof(*ctx) ))) return SEC_E_INSUFFICIENT_MEMORY;
    ctx->magic = SCHAN_CTXT_MAGIC;
    ctx->server = server;
    ctx->req = req;
    ctx->lsa_mode = TRUE;
    InitializeCriticalSection( &ctx->cs );
    ctx->cred = cred;
    InterlockedIncrement( &cred->refs );
    if (target && target->Length && (ctx->target = ssp_alloc( target->Length + sizeof(WCHAR) )))
        memcpy( ctx->target, target->Buffer, target->Length );

    params.cred = cred->unix_cred;
    params.versions = schan_versions( cred->protocols );
    params.off = cred->off;
    if ((ctx->datagram = (params.versions & TLS_VERSIONS_DTLS) != 0))
    {
        ULARGE_INTEGER now;

        params.flags |= TLS_DATAGRAM;
        params.mtu = dtls_mtu( input );
        /* when schannel.so gives up on the handshake: what a call that resends reports */
        GetSystemTimeAsFileTime( (FILETIME *)&now );
        now.QuadPart += 60 * 10000000ull;
        ctx->give_up.LowPart = now.LowPart;
        ctx->give_up.HighPart = now.HighPart;
    }
    if (server)
    {
        params.flags |= TLS_SERVER;
        if (req & ASC_REQ_MUTUAL_AUTH) params.flags |= TLS_REQUEST_CLIENT_CERT;
        ctx->cert_asked = (req & ASC_REQ_MUTUAL_AUTH) != 0;
        params.ticket_key = cred->ticket_key;
    }
    else
    {
        params.server_name = sni = sni_name( ctx->target );
        if (req & ISC_REQ_USE_SUPPLIED_CREDS) params.flags |= TLS_SUPPLIED_ONLY;
        if (!(cred->flags & SCH_CRED_DISABLE_RECONNECTS)) resume = schan_saved_session( cred, ctx->target, &resume_len );
        params.resume = resume;
        params.resume_len = resume_len;
    }
    params.alpn = alpn_list( input, &params.alpn_len );
    status = schan_call( unix_session_create, &params );
    ssp_free( sni );
    if (resume) SecureZeroMemory( resume, resume_len );
    ssp_free( resume );
    if (status)
    {
        free_context( ctx );
        if (status != STATUS_NOT_SUPPORTED) return SEC_E_INTERNAL_ERROR;
        WARN( "no cipher suite left\n" );
        return SEC_E_ALGORITHM_MISMATCH;
    }
    ctx->session = params.session;
    *ret = ctx;
    return SEC_E_OK;
}

static ULONG ret_flags( struct schan_context *ctx, BOOL allocated )
{
    ULONG ret;

    if (ctx->server)
    {
        ret = ASC_RET_SEQUENCE_DETECT | ASC_RET_REPLAY_DETECT | ASC_RET_CONFIDENTIALITY | ASC_RET_STREAM;
        if (ctx->req & ASC_REQ_EXTENDED_ERROR) ret |= ASC_RET_EXTENDED_ERROR;
        if (ctx->req & ASC_REQ_MUTUAL_AUTH) ret |= ASC_RET_MUTUAL_AUTH;
        if (ctx->datagram) ret |= ASC_RET_DATAGRAM;
        if (allocated) ret |= ASC_RET_ALLOCATED_MEMORY;
    }
    else
    {
        ret = ISC_RET_SEQUENCE_DETECT | ISC_RET_REPLAY_DETECT | ISC_RET_CONFIDENTIALITY | ISC_RET_STREAM;
        if (ctx->req & ISC_REQ_EXTENDED_ERROR) ret |= ISC_RET_EXTENDED_ERROR;
        if (ctx->req & ISC_REQ_MANUAL_CRED_VALIDATION) ret |= ISC_RET_MANUAL_CRED_VALIDATION;
        if (ctx->req & ISC_REQ_USE_SUPPLIED_CREDS) ret |= ISC_RET_USED_SUPPLIED_CREDS;  /* curl wants it echoed */
        if (ctx->datagram) ret |= ISC_RET_DATAGRAM;  /* and STREAM, as Windows has both */
        if (allocated) ret |= ISC_RET_ALLOCATED_MEMORY;
    }
    return ret;
}

/* The status for a failed handshake: what we detected, or that the peer gave up. */
static SECURITY_STATUS alert_status( UINT32 alert, BOOL received )
{
    if (received) return SEC_E_ILLEGAL_MESSAGE;
    switch (alert)
    {
    case 40: case 70: case 71:  /* handshake_failure, protocol_version, insufficient_security */
        return SEC_E_ALGORITHM_MISMATCH;
    case 42: case 43: case 46:  /* bad_, unsupported_, unknown certificate */
        return SEC_E_CERT_UNKNOWN;
    case 45:                    /* certificate_expired */
        return SEC_E_CERT_EXPIRED;
    case 48:                    /* unknown_ca */
        return SEC_E_UNTRUSTED_ROOT;
    case 20: case 51:           /* bad_record_mac, decrypt_error */
        return SEC_E_DECRYPT_FAILURE;
    default:
        return SEC_E_ILLEGAL_MESSAGE;
    }
}

/* Runs schannel.so's step until its output is all out; *OUT is ours to free. */
static NTSTATUS run_step( struct schan_context *ctx, const BYTE *data, ULONG len, struct handshake_params *params,
                          BYTE **out, ULONG *out_len )
{
    ULONG size = 4096;
    BYTE *buf = ssp_alloc( size ), *grown;
    NTSTATUS status;

    *out = NULL;
    *out_len = 0;
    memset( params, 0, sizeof(*params) );
    params->session = ctx->session;
    params->input = data;
    params->input_len = len;
    for (;;)
    {
        if (!buf) return STATUS_NO_MEMORY;
        params->output = buf + *out_len;
        params->output_size = size - *out_len;
        if ((status = schan_call( unix_handshake, params ))) break;
        *out_len += params->output_len;
        if (!params->output_pending || (ctx->datagram && *out_len)) break;
        /* the rest of the output, with no more input */
        size = *out_len + params->output_pending;
        if (!(grown = HeapReAlloc( GetProcessHeap(), 0, buf, size ))) ssp_free( buf );
        buf = grown;
        params->input = NULL;
        params->input_len = 0;
    }
    *out = buf;
    return status;
}

/* The bytes after the records the handshake took, for the caller to pass on. */
static void set_extra( SecBufferDesc *input, ULONG extra )
{
    SecBuffer *empty = ssp_find_buffer( input, SECBUFFER_EMPTY );

    if (!empty || !extra) return;
    empty->BufferType = SECBUFFER_EXTRA;
    empty->cbBuffer = extra;
    empty->pvBuffer = NULL;
}

static SECURITY_STATUS finish_handshake( struct schan_context *ctx )
{
    SECURITY_STATUS status = SEC_E_OK;

    ctx->info.session = ctx->session;
    schan_call( unix_connection_info, &ctx->info );
    TRACE( "%s %s%s\n", ctx->info.cipher_suite, ctx->info.version == TLS_VERSION_1_3 ? "TLS 1.3" : "TLS 1.2-",
           ctx->info.resumed ? ", resumed" : "" );
    if (ctx->server && (ctx->req & ASC_REQ_MUTUAL_AUTH) && !ctx->token) schan_map_client( ctx );
    if (!ctx->server)
    {
        if (!(ctx->req & ISC_REQ_MANUAL_CRED_VALIDATION) && !(ctx->cred->flags & SCH_CRED_MANUAL_CRED_VALIDATION))
            status = schan_validate_server( ctx );
        if (!status && !(ctx->cred->flags & SCH_CRED_DISABLE_RECONNECTS) && !ctx->no_reconnect)
            schan_save_session( ctx->cred, ctx->target, ctx->session );
    }
    ctx->state = status ? SCHAN_FAILED : SCHAN_ESTABLISHED;
    return status;
}

/* One handshake step on the caller's buffers: the records of the input token
 * after its first SKIP bytes, which may be none when NO_INPUT_OK. */
static SECURITY_STATUS step( struct schan_context *ctx, SecBufferDesc *input, SecBufferDesc *output, BOOL allocate,
                             BOOL no_input_ok, ULONG skip )
{
    SecBuffer *in = ssp_find_buffer( input, SECBUFFER_TOKEN ), *token = ssp_find_buffer( output, SECBUFFER_TOKEN );
    SecBuffer *alert_buf = ssp_find_buffer( output, SECBUFFER_ALERT );
    struct handshake_params params;
    const BYTE *data = NULL;
    size_t used = 0, missing;
    BYTE *out = NULL;
    ULONG out_len, len = 0;
    SECURITY_STATUS status;

    if (!token) return SEC_E_INVALID_TOKEN;
    if (ctx->held)
    {
        /* output kept back when we told the client its credentials were incomplete */
        status = schan_put_token( token, allocate, ctx->held, ctx->held_len );
        ssp_free( ctx->held );
        ctx->held = NULL;
        return status ? status : ctx->held_status;
    }
    if (in && in->pvBuffer && in->cbBuffer > skip)
    {
        data = (const BYTE *)in->pvBuffer + skip;
        len = in->cbBuffer - skip;
    }
    if (data || !no_input_ok)
    {
        if (!data) return SEC_E_INCOMPLETE_MESSAGE;
        switch (tls_record_scan( data, len, ctx->datagram, &used, &missing ))
        {
        case TLS_RECORD_INVALID:
            WARN( "not a TLS record\n" );
            token->cbBuffer = 0;
            return SEC_E_INVALID_TOKEN;
        case TLS_RECORD_INCOMPLETE:
        {
            SecBuffer *empty = ssp_find_buffer( input, SECBUFFER_EMPTY );
            if (empty)
            {
                empty->BufferType = SECBUFFER_MISSING;
                empty->cbBuffer = missing;
            }
            return SEC_E_INCOMPLETE_MESSAGE;
        }
        case TLS_RECORD_COMPLETE:
            break;
        }
    }

    if (run_step( ctx, data, used, &params, &out, &out_len ))
    {
        ssp_free( out );
        ctx->state = SCHAN_FAILED;
        return SEC_E_INTERNAL_ERROR;
    }
    if (params.step == TLS_STEP_FAILED)
    {
        ctx->state = SCHAN_FAILED;
        ctx->alert = params.alert;
        WARN( "handshake failed, alert %u (%s)\n", params.alert, params.alert_received ? "received" : "sent" );
        if (alert_buf && out_len) schan_put_token( alert_buf, allocate, out, out_len );
        token->cbBuffer = 0;
        if (allocate) token->pvBuffer = NULL;
        ssp_free( out );
        return alert_status( params.alert, params.alert_received );
    }

    set_extra( input, len - params.consumed );
    /* a datagram at a time: the caller sends this one and calls again for the next */
    ctx->fragments = ctx->datagram && params.output_pending;
    if (ctx->fragments) status = SEC_I_MESSAGE_FRAGMENT;
    else status = params.step == TLS_STEP_DONE ? finish_handshake( ctx ) : SEC_I_CONTINUE_NEEDED;
    if ((status == SEC_I_CONTINUE_NEEDED || status == SEC_E_OK) && params.cert_requested && !ctx->incomplete_creds_told)
    {
        /* as Windows, tell the client once that the server wants a certificate we did not
         * present; the output goes with the next call, which completes a TLS 1.3 handshake */
        ctx->incomplete_creds_told = TRUE;
        ctx->held = out;
        ctx->held_len = out_len;
        ctx->held_status = status;
        token->cbBuffer = 0;
        if (allocate) token->pvBuffer = NULL;
        return SEC_I_INCOMPLETE_CREDENTIALS;
    }
    if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED || status == SEC_I_MESSAGE_FRAGMENT)
    {
        SECURITY_STATUS put = schan_put_token( token, allocate, out, out_len );

        if (alert_buf) alert_buf->cbBuffer = 0;
        if (put)
        {
            ctx->state = SCHAN_FAILED;
            status = put;
        }
    }
    else token->cbBuffer = 0;
    ssp_free( out );
    return status;
}

/* After a control token: close_notify or an alert for the peer. */
static SECURITY_STATUS send_control( struct schan_context *ctx, SecBufferDesc *output, BOOL allocate )
{
    SecBuffer *token = ssp_find_buffer( output, SECBUFFER_TOKEN );
    struct shutdown_params params = { ctx->session, ctx->control_level, ctx->control_alert };
    BYTE buf[64];

    if (!token) return SEC_E_INVALID_TOKEN;
    params.output = buf;
    params.output_size = sizeof(buf);
    ctx->control = FALSE;
    ctx->fragments = FALSE;
    if (schan_call( unix_shutdown, &params )) return SEC_E_INTERNAL_ERROR;
    /* a close_notify in the middle of a handshake leaves it waiting for the peer, as on Windows */
    if (ctx->control_level != 1 || ctx->control_alert) ctx->state = SCHAN_FAILED;
    else if (ctx->state != SCHAN_HANDSHAKE) ctx->state = SCHAN_CLOSED;
    return schan_put_token( token, allocate, buf, params.output_len );
}

/* A DTLS server's first hellos: when the caller passes the client's address
 * (SECBUFFER_EXTRA, as Windows servers do), a hello without our cookie for it
 * gets a HelloVerifyRequest and no flight, so that no spoofed address is sent one. */
static SECURITY_STATUS check_cookie( struct schan_context *ctx, SecBufferDesc *input, SecBufferDesc *output,
                                     BOOL allocate )
{
    SecBuffer *in = ssp_find_buffer( input, SECBUFFER_TOKEN ), *addr = ssp_find_buffer( input, SECBUFFER_EXTRA );
    SecBuffer *token = ssp_find_buffer( output, SECBUFFER_TOKEN );
    struct dtls_cookie_params params = { ctx->session, ctx->cred->cookie_key };
    BYTE request[512];

    if (!ctx->server || !ctx->datagram || ctx->cookie_ok) return SEC_E_OK;
    if (!addr || !addr->pvBuffer || !addr->cbBuffer || !in || !in->pvBuffer || !in->cbBuffer)
    {
        ctx->cookie_ok = TRUE;  /* nothing to bind a cookie to */
        return SEC_E_OK;
    }
    if (!token) return SEC_E_INVALID_TOKEN;
    params.client = addr->pvBuffer;
    params.client_len = addr->cbBuffer;
    params.input = in->pvBuffer;
    params.input_len = in->cbBuffer;
    params.output = request;
    params.output_size = sizeof(request);
    if (schan_call( unix_dtls_cookie, &params )) return SEC_E_INTERNAL_ERROR;
    if (params.verified)
    {
        ctx->cookie_ok = TRUE;
        return SEC_E_OK;
    }
    TRACE( "a hello without our cookie: HelloVerifyRequest\n" );
    if (schan_put_token( token, allocate, request, params.output_len )) return SEC_E_INSUFFICIENT_MEMORY;
    return SEC_I_CONTINUE_NEEDED;
}

/* A server that asks on an established context, and with no input, for a client
 * certificate it did not ask for at first (as .NET's NegotiateClientCertificateAsync
 * does): TLS 1.2 renegotiates, TLS 1.3 authenticates after the handshake. The
 * request goes out with SEC_E_OK, and the client's answer goes to the next calls;
 * a TLS 1.3 client that takes no such request gets SEC_I_NO_RENEGOTIATION. */
static SECURITY_STATUS ask_client_cert( struct schan_context *ctx, SecBufferDesc *output, BOOL allocate )
{
    struct renegotiate_params params = { ctx->session, TRUE };
    SECURITY_STATUS status;

    ctx->cert_asked = TRUE;
    if (schan_call( unix_renegotiate, &params )) return SEC_E_UNSUPPORTED_FUNCTION;
    if (params.refused) return SEC_I_NO_RENEGOTIATION;
    status = step( ctx, NULL, output, allocate, TRUE, 0 );
    if (FAILED( status )) return status;
    ctx->state = SCHAN_HANDSHAKE;
    return SEC_E_OK;
}

/* ISC or ASC on an established context: a control token's message, or after
 * DecryptMessage's SEC_I_RENEGOTIATE the handshake record it handed back in
 * SECBUFFER_EXTRA, which schannel.so has already taken in. */
static SECURITY_STATUS established( struct schan_context *ctx, SecBufferDesc *input, SecBufferDesc *output,
                                    BOOL allocate )
{
    SecBuffer *in = ssp_find_buffer( input, SECBUFFER_TOKEN );
    ULONG skip = ctx->skip, total = in && in->pvBuffer ? in->cbBuffer : 0;
    SECURITY_STATUS status;

    if (ctx->state != SCHAN_ESTABLISHED) return SEC_E_CONTEXT_EXPIRED;
    if (ctx->held) return step( ctx, NULL, output, allocate, TRUE, 0 );  /* TLS 1.3's last flight */
    if (ctx->renegotiate_asked)
    {
        struct renegotiate_params params = { ctx->session };

        ctx->renegotiate_asked = FALSE;
        if (schan_call( unix_renegotiate, &params )) return SEC_E_UNSUPPORTED_FUNCTION;
        /* the hello, hello request or key update goes out now */
        status = step( ctx, NULL, output, allocate, TRUE, 0 );
        if (params.handshake && !FAILED( status ))
        {
            ctx->state = SCHAN_HANDSHAKE;
            status = SEC_I_CONTINUE_NEEDED;
        }
        return status;
    }
    if (!ctx->renegotiating)
    {
        FIXME( "a handshake step on an established context\n" );
        return SEC_E_UNSUPPORTED_FUNCTION;
    }
    ctx->renegotiating = FALSE;
    ctx->skip = 0;
    /* DTLS too: a peer that sent its flight again gets ours again, and no handshake starts */
    if (ctx->info.version == TLS_VERSION_1_3 || ctx->datagram)
    {
        /* a ticket or a key update: at most a reply to send; what follows goes back to DecryptMessage */
        status = step( ctx, NULL, output, allocate, TRUE, 0 );
        if (!FAILED( status )) set_extra( input, total > skip ? total - skip : 0 );
        return status;
    }
    ctx->state = SCHAN_HANDSHAKE;
    return step( ctx, input, output, allocate, TRUE, skip );
}

static SECURITY_STATUS context_call( struct schan_cred *cred, struct schan_context *ctx, LSA_SEC_HANDLE ctxt_handle,
                                     BOOL server, ULONG req, const UNICODE_STRING *target, SecBufferDesc *input,
                                     SecBufferDesc *output, LSA_SEC_HANDLE *new_handle, ULONG *attrs,
                                     TimeStamp *expiry, BOOLEAN *mapped )
{
    BOOL allocate = (req & ISC_REQ_ALLOCATE_MEMORY) != 0;  /* ASC_REQ_ALLOCATE_MEMORY has the same value */
    SecBuffer *token = ssp_find_buffer( output, SECBUFFER_TOKEN ), *alert = ssp_find_buffer( output, SECBUFFER_ALERT );
    SECURITY_STATUS status;
    BOOL created = FALSE, datagram = ctx ? ctx->datagram : cred && (schan_versions( cred->protocols ) & TLS_VERSIONS_DTLS);
    BOOL resend;

    /* DTLS reports no expiry but on a call that sends a flight again (below) */
    if (expiry)
    {
        expiry->LowPart = datagram ? 0 : 0xffffffff;
        expiry->HighPart = datagram ? 0 : 0x7fffffff;
    }
    *attrs = ISC_RET_CONFIDENTIALITY | ISC_RET_SEQUENCE_DETECT | ISC_RET_REPLAY_DETECT;  /* the ASC_RET_ are the same */

    /* as Windows: with ALLOCATE_MEMORY an EMPTY buffer takes the token (curl passes
     * only that); a token buffer without memory gets some all the same; a client's
     * alert buffer of no size is too small */
    if (!token && allocate && (token = ssp_find_buffer( output, SECBUFFER_EMPTY ))) token->BufferType = SECBUFFER_TOKEN;
    if (token && !token->pvBuffer) allocate = TRUE;
    else if (!allocate && !server && alert && alert->pvBuffer && !alert->cbBuffer) return SEC_E_INSUFFICIENT_MEMORY;
    if (!ctx)
    {
        if (ctxt_handle || !cred) return SEC_E_INVALID_HANDLE;
        if (server != (cred->use == SECPKG_CRED_INBOUND)) return SEC_E_NO_CREDENTIALS;
        if (server)
        {
            /* no context until a whole record is there */
            SecBuffer *in = ssp_find_buffer( input, SECBUFFER_TOKEN );
            size_t used, missing;
            if (!in || !in->pvBuffer || !in->cbBuffer) return SEC_E_INCOMPLETE_MESSAGE;
            if (tls_record_scan( in->pvBuffer, in->cbBuffer, datagram, &used, &missing ) == TLS_RECORD_INCOMPLETE)
            {
                SecBuffer *empty = ssp_find_buffer( input, SECBUFFER_EMPTY );
                if (empty)
                {
                    empty->BufferType = SECBUFFER_MISSING;
                    empty->cbBuffer = missing;
                }
                return SEC_E_INCOMPLETE_MESSAGE;
            }
        }
        if ((status = new_context( cred, server, req, target, input, &ctx ))) return status;
        created = TRUE;
    }
    else if (ctx->server != server) return SEC_E_INVALID_HANDLE;
    /* requirements count on the call that needs them, as Windows reads them on every
     * call; a server's request for a client certificate went out with its hello */
    else ctx->req = server ? req | (ctx->req & ASC_REQ_MUTUAL_AUTH) : req;

    /* a DTLS call without input is the caller's time out, and sends the last flight again */
    resend = datagram && !created && ctx->state == SCHAN_HANDSHAKE && !ctx->fragments && !has_token( input );
    EnterCriticalSection( &ctx->cs );
    if (ctx->control) status = send_control( ctx, output, allocate );
    else if (ctx->state == SCHAN_HANDSHAKE)
    {
        if (!(status = check_cookie( ctx, input, output, allocate )))
            status = step( ctx, input, output, allocate, (created && !server) || resend || ctx->fragments, 0 );
    }
    else if (ctx->state == SCHAN_FAILED) status = SEC_E_INTERNAL_ERROR;
    else if (server && ctx->state == SCHAN_ESTABLISHED && (req & ASC_REQ_MUTUAL_AUTH) && !ctx->cert_asked &&
             !ctx->renegotiating && !has_token( input ))
        status = ask_client_cert( ctx, output, allocate );
    else status = established( ctx, input, output, allocate );
    LeaveCriticalSection( &ctx->cs );

    if (created && FAILED( status ))
    {
        free_context( ctx );
        return status;
    }
    *new_handle = (LSA_SEC_HANDLE)ctx;
    *attrs = ret_flags( ctx, allocate );
    if (resend && !FAILED( status ) && expiry) *expiry = ctx->give_up;
    if (status == SEC_E_OK && !ctx->user_mode) *mapped = TRUE;
    return status;
}

NTSTATUS NTAPI schan_SpInitLsaModeContext( LSA_SEC_HANDLE cred_handle, LSA_SEC_HANDLE ctxt_handle,
                                           UNICODE_STRING *target, ULONG req, ULONG data_rep, SecBufferDesc *input,
                                           LSA_SEC_HANDLE *new_handle, SecBufferDesc *output, ULONG *attrs,
                                           TimeStamp *expiry, BOOLEAN *mapped, SecBuffer *context_data )
{
    TRACE( "%p %p %s %#lx\n", (void *)cred_handle, (void *)ctxt_handle,
           target ? debugstr_wn( target->Buffer, target->Length / sizeof(WCHAR) ) : "", req );
    context_data->cbBuffer = 0;
    context_data->pvBuffer = NULL;
    return context_call( schan_cred_from_handle( cred_handle ), schan_context_from_handle( ctxt_handle ), ctxt_handle,
                         FALSE, req, target, input, output, new_handle, attrs, expiry, mapped );
}

NTSTATUS NTAPI schan_SpAcceptLsaModeContext( LSA_SEC_HANDLE cred_handle, LSA_SEC_HANDLE ctxt_handle,
                                             SecBufferDesc *input, ULONG req, ULONG data_rep,
                                             LSA_SEC_HANDLE *new_handle, SecBufferDesc *output, ULONG *attrs,
                                             TimeStamp *expiry, BOOLEAN *mapped, SecBuffer *context_data )
{
    TRACE( "%p %p %#lx\n", (void *)cred_handle, (void *)ctxt_handle, req );
    context_data->cbBuffer = 0;
    context_data->pvBuffer = NULL;
    return context_call( schan_cred_from_handle( cred_handle ), schan_context_from_handle( ctxt_handle ), ctxt_handle,
                         TRUE, req, NULL, input, output, new_handle, attrs, expiry, mapped );
}

NTSTATUS NTAPI schan_SpDeleteContext( LSA_SEC_HANDLE handle )
{
    struct schan_context *ctx = schan_context_from_handle( handle );

    TRACE( "%p\n", (void *)handle );
    if (!ctx || !ctx->lsa_mode) return SEC_E_INVALID_HANDLE;
    schan_context_release( ctx, TRUE );
    return SEC_E_OK;
}

NTSTATUS NTAPI schan_SpApplyControlToken( LSA_SEC_HANDLE handle, SecBufferDesc *input )
{
    struct schan_context *ctx = schan_context_from_handle( handle );
    SecBuffer *token;
    const DWORD *type;

    TRACE( "%p %p\n", (void *)handle, input );
    if (!ctx) return SEC_E_INVALID_HANDLE;
    /* Windows' checks, in its order */
    if (!input) return SEC_E_INTERNAL_ERROR;
    token = input->pBuffers;
    if (input->cBuffers != 1 || !token || (token->BufferType & ~SECBUFFER_ATTRMASK) != SECBUFFER_TOKEN ||
        !token->pvBuffer)
        return SEC_E_INVALID_TOKEN;
    if (token->cbBuffer < sizeof(DWORD)) return SEC_E_UNSUPPORTED_FUNCTION;
    type = token->pvBuffer;
    switch (*type)
    {
    case SCHANNEL_SHUTDOWN:
        ctx->control = TRUE;
        ctx->control_level = 1;
        ctx->control_alert = 0;
        return SEC_E_OK;
    case SCHANNEL_ALERT:
    {
        const SCHANNEL_ALERT_TOKEN *alert = token->pvBuffer;
        if (token->cbBuffer < sizeof(*alert)) return SEC_E_INVALID_TOKEN;
        ctx->control = TRUE;
        ctx->control_level = alert->dwAlertType == TLS1_ALERT_FATAL ? 2 : 1;
        ctx->control_alert = alert->dwAlertNumber;
        return SEC_E_OK;
    }
    case SCHANNEL_RENEGOTIATE:
        if (ctx->state != SCHAN_ESTABLISHED) return SEC_E_UNSUPPORTED_FUNCTION;
        ctx->renegotiate_asked = TRUE;
        return SEC_E_OK;
    case SCHANNEL_SESSION:
    {
        /* .NET sends it after its first call, to turn reconnects off */
        const SCHANNEL_SESSION_TOKEN *session = token->pvBuffer;
        if (token->cbBuffer < sizeof(*session)) return SEC_E_INVALID_TOKEN;
        if (session->dwFlags & SSL_SESSION_DISABLE_RECONNECTS) ctx->no_reconnect = TRUE;
        if (session->dwFlags & SSL_SESSION_ENABLE_RECONNECTS) ctx->no_reconnect = FALSE;
        return SEC_E_OK;
    }
    default:
        WARN( "unknown control token %lu\n", *type );
        return SEC_E_UNSUPPORTED_FUNCTION;
    }
}
