/*
 * Kerberos contexts: InitializeSecurityContext and AcceptSecurityContext in
 * the LSA-mode table, one kerberos.so step each, with Windows' buffers and
 * flags; the context lifetime shared with the user-mode table.
 */
#include "krb_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(kerberos);

#define STACK_TOKEN 16384   /* most tokens fit: the rest wait in kerberos.so for a buffer of their size */

struct krb_context *krb_context_new( BOOL server, struct krb_cred *cred )
{
    struct krb_context *ctx = ssp_alloc( sizeof(*ctx) );

    if (!ctx) return NULL;
    ctx->magic = KRB_CTXT_MAGIC;
    ctx->server = server;
    ctx->lsa_mode = TRUE;
    ctx->expiry = krb_never;
    InitOnceInitialize( &ctx->logon_once );
    if ((ctx->cred = cred)) InterlockedIncrement( &cred->refs );
    return ctx;
}

struct krb_context *krb_context_from_handle( LSA_SEC_HANDLE handle )
{
    struct krb_context *ctx = (struct krb_context *)handle;
    return ctx && ctx->magic == KRB_CTXT_MAGIC ? ctx : NULL;
}

/* Drops the LSA-mode or user-mode side; the context goes when both have. */
void krb_context_release( struct krb_context *ctx, BOOL lsa_mode )
{
    struct context_free_params params;

    if (lsa_mode) ctx->lsa_mode = FALSE;
    else ctx->user_mode = FALSE;
    if (ctx->lsa_mode || ctx->user_mode) return;

    ctx->magic = 0;
    if ((params.ctx = ctx->unix_ctx)) WINE_UNIX_CALL( unix_context_free, &params );
    if (ctx->cred) krb_cred_release( ctx->cred );
    if (ctx->token) CloseHandle( ctx->token );
    ssp_free( ctx->sid );
    ssp_free( ctx->client );
    SecureZeroMemory( ctx, sizeof(*ctx) );
    ssp_free( ctx );
}

/* What the client asks the server for: integrity unless told not to, and
 * sequence numbers always, as Windows' client does. */
static UINT32 client_gss_flags( ULONG req )
{
    UINT32 gss = isc_req_to_gss( req ) | GSS_FLAG_REPLAY | GSS_FLAG_SEQUENCE;

    if (!(req & ISC_REQ_NO_INTEGRITY)) gss |= GSS_FLAG_INTEG;
    if (req & ISC_REQ_USE_DCE_STYLE) gss |= GSS_FLAG_MUTUAL;
    return gss;
}

/* The ISC_RET_* of what was asked for and is in force. */
static ULONG client_attrs( ULONG req, UINT32 gss )
{
    return (gss_to_isc_ret( gss ) & req) | (req & (ISC_REQ_CONNECTION | ISC_REQ_DATAGRAM | ISC_REQ_EXTENDED_ERROR));
}

/* The ASC_RET_* of what the client asked for, and of how the server answers. */
static ULONG server_attrs( ULONG req, UINT32 gss )
{
    return gss_to_asc_ret( gss ) | (req & (ASC_REQ_CONNECTION | ASC_REQ_DATAGRAM | ASC_REQ_EXTENDED_ERROR));
}

/* SECBUFFER_CHANNEL_BINDINGS as kerberos.so takes them; FALSE when they do not fit their buffer. */
static BOOL read_bindings( const SecBuffer *buffer, struct krb_bindings *out )
{
    const SEC_CHANNEL_BINDINGS *b = buffer->pvBuffer;
    const BYTE *base = buffer->pvBuffer;
    ULONG size = buffer->cbBuffer;

#define IN_BUFFER(offset, len) ((offset) <= size && (len) <= size - (offset))
    if (!b || size < sizeof(*b) || !IN_BUFFER( b->dwInitiatorOffset, b->cbInitiatorLength ) ||
        !IN_BUFFER( b->dwAcceptorOffset, b->cbAcceptorLength ) ||
        !IN_BUFFER( b->dwApplicationDataOffset, b->cbApplicationDataLength ))
        return FALSE;
#undef IN_BUFFER
    out->initiator_type = b->dwInitiatorAddrType;
    out->initiator_len = b->cbInitiatorLength;
    out->initiator = base + b->dwInitiatorOffset;
    out->acceptor_type = b->dwAcceptorAddrType;
    out->acceptor_len = b->cbAcceptorLength;
    out->acceptor = base + b->dwAcceptorOffset;
    out->data_len = b->cbApplicationDataLength;
    out->data = base + b->dwApplicationDataOffset;
    return TRUE;
}

/* A token kerberos.so holds back, into a buffer allocated for it. */
static SECURITY_STATUS fetch_allocated( struct krb_context *ctx, SecBuffer *token, ULONG len )
{
    struct context_token_params params = { ctx->unix_ctx };
    SECURITY_STATUS status;

    if (!token) return SEC_E_BUFFER_TOO_SMALL;
    if (ssp_lsa->AllocateClientBuffer( NULL, len, &token->pvBuffer )) return SEC_E_INSUFFICIENT_MEMORY;
    params.output = token->pvBuffer;
    params.output_size = len;
    if ((status = WINE_UNIX_CALL( unix_context_token, &params )))
    {
        ssp_lsa->FreeClientBuffer( NULL, token->pvBuffer );
        token->pvBuffer = NULL;
        return status;
    }
    token->cbBuffer = params.output_len;
    ctx->attrs |= ISC_RET_ALLOCATED_MEMORY;  /* ASC_RET_ALLOCATED_MEMORY too */
    return SEC_E_OK;
}

/* A step's token into the caller's output buffer: COPIED when it is already
 * there or on the stack, held by kerberos.so otherwise. STATUS is the step's:
 * a failed one's token (a KRB-ERROR) goes only to callers asking for it. */
static SECURITY_STATUS deliver( struct krb_context *ctx, SECURITY_STATUS status, SecBuffer *token, BOOL allocate,
                                const BYTE *copied, ULONG len, ULONG extended_error )
{
    SECURITY_STATUS ret;

    if (FAILED( status ) && !(ctx->req & extended_error)) len = 0;
    if (!len)
    {
        if (token) token->cbBuffer = 0;
        return status;
    }
    if (allocate && copied) ret = ssp_put_token( token, TRUE, copied, len, &ctx->attrs );
    else if (allocate) ret = fetch_allocated( ctx, token, len );
    else if (copied)
    {
        token->cbBuffer = len;
        ret = SEC_E_OK;
    }
    else ret = SEC_E_BUFFER_TOO_SMALL;
    if (FAILED( status ))
    {
        if (ret && token) token->cbBuffer = 0;  /* the error's token did not reach the caller */
        return status;
    }
    if (ret == SEC_E_BUFFER_TOO_SMALL)
    {
        /* the token waits for a call with a buffer it fits */
        ctx->state = STATE_TOKEN_PENDING;
        ctx->pending_status = status;
        ctx->pending_len = len;
    }
    return ret ? ret : status;
}

/* The names of a context in one allocation: its principals, and the client
 * as its PAC names it (NAMES[2] and NAMES[3], of no length without one). */
BOOL krb_context_set_names( struct krb_context *ctx, const WCHAR *const names[4], const ULONG lens[4] )
{
    WCHAR **fields[4] = { &ctx->client, &ctx->target, &ctx->user, &ctx->domain }, *buf, *pos;
    ULONG i, count = lens[2] ? 4 : 2, size = 0;

    for (i = 0; i < count; i++) size += lens[i] + 1;
    if (!(buf = ssp_alloc( size * sizeof(WCHAR) ))) return FALSE;
    ssp_free( ctx->client );
    ctx->user = ctx->domain = NULL;
    for (i = 0, pos = buf; i < count; i++)
    {
        memcpy( pos, names[i], lens[i] * sizeof(WCHAR) );
        *fields[i] = pos;
        pos += lens[i] + 1;
    }
    return TRUE;
}

/* The client as Windows names an account: its PAC's, or the user and realm of its principal. */
void krb_client_account( const struct krb_context *ctx, WCHAR *user, WCHAR *domain, ULONG size )
{
    const WCHAR *at = wcsrchr( ctx->client, '@' );

    if (ctx->user)
    {
        lstrcpynW( user, ctx->user, size );
        lstrcpynW( domain, ctx->domain, size );
        return;
    }
    lstrcpynW( user, ctx->client, at ? min( at - ctx->client + 1, size ) : size );
    lstrcpynW( domain, at ? at + 1 : L"", size );
}

/* What an established context knows, kept for its attributes and messages. */
static SECURITY_STATUS established( struct krb_context *ctx, const struct context_step_params *step )
{
    struct context_info_params info = { ctx->unix_ctx };
    WCHAR client[KRB_MAX_NAME], target[KRB_MAX_NAME];
    const WCHAR *names[4] = { client, target };
    ULONG lens[4];
    FILETIME now;
    SECURITY_STATUS status;

    if ((status = WINE_UNIX_CALL( unix_context_info, &info ))) return status;
    ctx->enctype = info.enctype;
    ctx->header_len = info.header_len;
    ctx->padding_len = info.padding_len;
    ctx->mic_len = info.mic_len;
    GetSystemTimeAsFileTime( &now );
    if (!FileTimeToLocalFileTime( &now, (FILETIME *)&ctx->start )) ctx->start = *(TimeStamp *)&now;
    ctx->expiry = krb_timestamp( info.expiry );
    TRACE( "%s to %s, enctype %d, flags %#x\n", debugstr_a(step->initiator), debugstr_a(step->acceptor), info.enctype,
           ctx->gss_flags );
    lens[0] = MultiByteToWideChar( CP_UTF8, 0, step->initiator, -1, client, ARRAYSIZE(client) ) - 1;
    lens[1] = MultiByteToWideChar( CP_UTF8, 0, step->acceptor, -1, target, ARRAYSIZE(target) ) - 1;
    if (lens[0] == ~0u || lens[1] == ~0u) return SEC_E_INTERNAL_ERROR;
    lens[2] = lens[3] = 0;
    if (ctx->server) status = krb_identify_client( ctx, info.pac_len, info.delegated, names, lens );
    else if (!krb_context_set_names( ctx, names, lens )) status = SEC_E_INSUFFICIENT_MEMORY;
    if (!status) ctx->state = STATE_DONE;
    return status;
}

/* One step of the context through kerberos.so. */
static SECURITY_STATUS step( struct krb_context *ctx, const char *target, SecBufferDesc *input, SecBuffer *token )
{
    struct context_step_params params = { 0 };
    const SecBuffer *in = ssp_input_token( input ), *bindings = ssp_find_buffer( input, SECBUFFER_CHANNEL_BINDINGS );
    struct krb_bindings cb;
    BOOL allocate = (ctx->req & ISC_REQ_ALLOCATE_MEMORY) != 0;  /* ASC_REQ_ALLOCATE_MEMORY too */
    BYTE stack[STACK_TOKEN];
    SECURITY_STATUS status;

    if (bindings)
    {
        if (!read_bindings( bindings, &cb )) return SEC_E_BAD_BINDINGS;
        params.bindings = &cb;
    }
    params.cred = ctx->cred->unix_cred;
    params.ctx = ctx->unix_ctx;
    params.flags = ctx->server ? KRB_STEP_ACCEPT : 0;
    params.gss_req = ctx->server ? asc_req_to_gss( ctx->req ) : client_gss_flags( ctx->req );
    params.target = target;
    if (in)
    {
        params.input = in->pvBuffer;
        params.input_len = in->cbBuffer;
    }
    if (allocate)
    {
        params.output = stack;
        params.output_size = sizeof(stack);
    }
    else if (token && token->pvBuffer)
    {
        params.output = token->pvBuffer;
        params.output_size = token->cbBuffer;
    }
    status = WINE_UNIX_CALL( unix_context_step, &params );
    if (params.ctx) ctx->unix_ctx = params.ctx;
    ctx->gss_flags = params.gss_ret;
    ctx->expiry = krb_timestamp( params.expiry );
    ctx->attrs = ctx->server ? server_attrs( ctx->req, params.gss_ret ) : client_attrs( ctx->req, params.gss_ret );
    if (FAILED( status )) WARN( "step failed: %08lx (krb5 error %d)\n", status, params.krb_error );
    else if (status == SEC_E_OK && (status = established( ctx, &params ))) ctx->state = STATE_FAILED;

    /* the token is in the caller's buffer, or on the stack to be allocated, or held by kerberos.so */
    if (params.output_len > params.output_size)
        return deliver( ctx, status, token, allocate, NULL, params.output_len,
                        ctx->server ? ASC_REQ_EXTENDED_ERROR : ISC_REQ_EXTENDED_ERROR );
    return deliver( ctx, status, token, allocate, params.output, params.output_len,
                    ctx->server ? ASC_REQ_EXTENDED_ERROR : ISC_REQ_EXTENDED_ERROR );
}

/* A token that waited for a big enough buffer, with the status of its step. */
static SECURITY_STATUS deliver_pending( struct krb_context *ctx, ULONG req, SecBuffer *token )
{
    struct context_token_params params = { ctx->unix_ctx };
    SECURITY_STATUS status;

    if (req & ISC_REQ_ALLOCATE_MEMORY)  /* ASC_REQ_ALLOCATE_MEMORY too */
    {
        if ((status = fetch_allocated( ctx, token, ctx->pending_len ))) return status;
    }
    else
    {
        if (!token || token->cbBuffer < ctx->pending_len || !token->pvBuffer) return SEC_E_BUFFER_TOO_SMALL;
        params.output = token->pvBuffer;
        params.output_size = token->cbBuffer;
        if ((status = WINE_UNIX_CALL( unix_context_token, &params ))) return status;
        token->cbBuffer = params.output_len;
    }
    ctx->state = ctx->pending_status == SEC_E_OK ? STATE_DONE : STATE_IN_PROGRESS;
    return ctx->pending_status;
}

/* After a step: a failed first step leaves no context, a later one a failed
 * context; a token waiting for a bigger buffer keeps it as it is. */
static SECURITY_STATUS finish_step( struct krb_context *ctx, BOOL first, SECURITY_STATUS status,
                                    LSA_SEC_HANDLE *new_handle, ULONG *attrs, TimeStamp *expiry, BOOLEAN *mapped,
                                    SecBuffer *context_data )
{
    if (FAILED( status ))
    {
        if (first) krb_context_release( ctx, TRUE );
        else if (ctx->state != STATE_TOKEN_PENDING) ctx->state = STATE_FAILED;
        return status;
    }
    *new_handle = (LSA_SEC_HANDLE)ctx;
    *attrs = ctx->attrs;
    *expiry = ctx->expiry;
    if (status == SEC_E_OK)
    {
        *mapped = TRUE;
        context_data->cbBuffer = 0;
        context_data->pvBuffer = NULL;
    }
    return status;
}

NTSTATUS NTAPI krb_SpInitLsaModeContext( LSA_SEC_HANDLE cred_handle, LSA_SEC_HANDLE ctxt_handle,
                                         UNICODE_STRING *target, ULONG req, ULONG data_rep, SecBufferDesc *input,
                                         LSA_SEC_HANDLE *new_handle, SecBufferDesc *output, ULONG *attrs,
                                         TimeStamp *expiry, BOOLEAN *mapped, SecBuffer *context_data )
{
    struct krb_context *ctx = krb_context_from_handle( ctxt_handle );
    struct krb_cred *cred = krb_cred_from_handle( cred_handle );
    SecBuffer *token = ssp_find_buffer( output, SECBUFFER_TOKEN );
    char principal[KRB_MAX_NAME], *name = NULL;
    WCHAR *targetW;
    SECURITY_STATUS status;
    BOOL first = !ctx;

    TRACE( "%p %p %s %#lx\n", (void *)cred_handle, (void *)ctxt_handle,
           target ? debugstr_wn( target->Buffer, target->Length / sizeof(WCHAR) ) : "(null)", req );
    *expiry = krb_never;
    if (first)
    {
        if (ctxt_handle || !cred) return SEC_E_INVALID_HANDLE;
        if (!(cred->use & SECPKG_CRED_OUTBOUND)) return SEC_E_NO_CREDENTIALS;
        if (!(targetW = ssp_strdup_us( target ))) return SEC_E_TARGET_UNKNOWN;
        name = ssp_utf8( targetW );
        ssp_free( targetW );
        if (!name || krb_target_principal( name, krb_default_realm, principal, sizeof(principal) ))
        {
            ssp_free( name );
            return SEC_E_TARGET_UNKNOWN;
        }
        ssp_free( name );
        if (!(ctx = krb_context_new( FALSE, cred ))) return SEC_E_INSUFFICIENT_MEMORY;
        ctx->req = req;
        status = step( ctx, principal, input, token );
    }
    else if (ctx->server || ctx->state == STATE_DONE || ctx->state == STATE_FAILED) return SEC_E_OUT_OF_SEQUENCE;
    else if (ctx->state == STATE_TOKEN_PENDING) status = deliver_pending( ctx, req, token );
    else if (!ssp_input_token( input )) return SEC_E_INVALID_TOKEN;
    else
    {
        ctx->req |= req & ISC_REQ_ALLOCATE_MEMORY;
        status = step( ctx, NULL, input, token );
    }
    return finish_step( ctx, first, status, new_handle, attrs, expiry, mapped, context_data );
}

NTSTATUS NTAPI krb_SpAcceptLsaModeContext( LSA_SEC_HANDLE cred_handle, LSA_SEC_HANDLE ctxt_handle,
                                           SecBufferDesc *input, ULONG req, ULONG data_rep,
                                           LSA_SEC_HANDLE *new_handle, SecBufferDesc *output, ULONG *attrs,
                                           TimeStamp *expiry, BOOLEAN *mapped, SecBuffer *context_data )
{
    struct krb_context *ctx = krb_context_from_handle( ctxt_handle );
    struct krb_cred *cred = krb_cred_from_handle( cred_handle );
    SecBuffer *token = ssp_find_buffer( output, SECBUFFER_TOKEN );
    SECURITY_STATUS status;
    BOOL first = !ctx;

    TRACE( "%p %p %#lx\n", (void *)cred_handle, (void *)ctxt_handle, req );
    *expiry = krb_never;
    if (first)
    {
        if (ctxt_handle || !cred) return SEC_E_INVALID_HANDLE;
        if (!(cred->use & SECPKG_CRED_INBOUND)) return SEC_E_NO_CREDENTIALS;
        if (!ssp_input_token( input )) return SEC_E_INVALID_TOKEN;
        if (!(ctx = krb_context_new( TRUE, cred ))) return SEC_E_INSUFFICIENT_MEMORY;
        ctx->req = req;
        status = step( ctx, NULL, input, token );
    }
    else if (!ctx->server || ctx->state == STATE_DONE || ctx->state == STATE_FAILED) return SEC_E_OUT_OF_SEQUENCE;
    else if (ctx->state == STATE_TOKEN_PENDING) status = deliver_pending( ctx, req, token );
    else if (!ssp_input_token( input )) return SEC_E_INVALID_TOKEN;
    else
    {
        ctx->req |= req & (ASC_REQ_ALLOCATE_MEMORY | ASC_REQ_EXTENDED_ERROR);
        status = step( ctx, NULL, input, token );
    }
    return finish_step( ctx, first, status, new_handle, attrs, expiry, mapped, context_data );
}

NTSTATUS NTAPI krb_SpDeleteContext( LSA_SEC_HANDLE handle )
{
    struct krb_context *ctx = krb_context_from_handle( handle );

    TRACE( "%p\n", (void *)handle );
    if (!ctx || !ctx->lsa_mode) return SEC_E_INVALID_HANDLE;
    krb_context_release( ctx, TRUE );
    return SEC_E_OK;
}
