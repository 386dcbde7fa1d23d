/*
 * NTLM contexts: InitializeSecurityContext and AcceptSecurityContext in the
 * LSA-mode table, the token buffers they fill, and the context lifetime
 * shared with the user-mode table.
 */
#include "ntlm_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(ntlm);

struct ntlm_context *ntlm_context_new( BOOL server, struct ntlm_cred *cred )
{
    struct ntlm_context *ctx = ssp_alloc( sizeof(*ctx) );

    if (!ctx) return NULL;
    ctx->magic = NTLM_CTXT_MAGIC;
    ctx->server = server;
    ctx->lsa_mode = TRUE;
    InitializeCriticalSection( &ctx->cs );
    GetSystemTimeAsFileTime( (FILETIME *)&ctx->start );
    if ((ctx->cred = cred)) InterlockedIncrement( &cred->refs );
    return ctx;
}

struct ntlm_context *ntlm_context_from_handle( LSA_SEC_HANDLE handle )
{
    struct ntlm_context *ctx = (struct ntlm_context *)handle;
    return ctx && ctx->magic == NTLM_CTXT_MAGIC ? ctx : NULL;
}

/* Drops the LSA-mode or user-mode side; the context goes when both have. */
void ntlm_context_release( struct ntlm_context *ctx, BOOL lsa_mode )
{
    if (lsa_mode) ctx->lsa_mode = FALSE;
    else ctx->user_mode = FALSE;
    if (ctx->lsa_mode || ctx->user_mode) return;

    ctx->magic = 0;
    if (ctx->cred) ntlm_cred_release( ctx->cred );
    if (ctx->token) CloseHandle( ctx->token );
    if (ctx->loopback) CloseHandle( ctx->loopback );
    ssp_free( ctx->negotiate );
    ssp_free( ctx->challenge );
    ssp_free( ctx->target );
    ssp_free( ctx->user );
    ssp_free( ctx->domain );
    ntlm_session_clear( &ctx->session );
    DeleteCriticalSection( &ctx->cs );
    SecureZeroMemory( ctx, sizeof(*ctx) );
    ssp_free( ctx );
}

/* The MsvAvChannelBindings hash of a SECBUFFER_CHANNEL_BINDINGS buffer. */
BOOL ntlm_bindings_hash( const SecBuffer *buffer, BYTE hash[16] )
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
    return !ntlm_channel_bindings_hash( b->dwInitiatorAddrType, base + b->dwInitiatorOffset, b->cbInitiatorLength,
                                        b->dwAcceptorAddrType, base + b->dwAcceptorOffset, b->cbAcceptorLength,
                                        base + b->dwApplicationDataOffset, b->cbApplicationDataLength, hash );
}

NTSTATUS NTAPI ntlm_SpInitLsaModeContext( LSA_SEC_HANDLE cred_handle, LSA_SEC_HANDLE ctxt_handle,
                                          UNICODE_STRING *target, ULONG req, ULONG data_rep, SecBufferDesc *input,
                                          LSA_SEC_HANDLE *new_handle, SecBufferDesc *output, ULONG *attrs,
                                          TimeStamp *expiry, BOOLEAN *mapped, SecBuffer *context_data )
{
    struct ntlm_context *ctx = ntlm_context_from_handle( ctxt_handle );
    struct ntlm_cred *cred = ntlm_cred_from_handle( cred_handle );
    SecBuffer *token = ssp_find_buffer( output, SECBUFFER_TOKEN );
    SECURITY_STATUS status;

    TRACE( "%p %p %#lx\n", (void *)cred_handle, (void *)ctxt_handle, req );
    *expiry = ntlm_never;

    if (!ctx)
    {
        if (ctxt_handle || !cred) return SEC_E_INVALID_HANDLE;
        if (!(cred->use & SECPKG_CRED_OUTBOUND)) return SEC_E_NO_CREDENTIALS;
        if (!token) return SEC_E_BUFFER_TOO_SMALL;
        if (!(ctx = ntlm_context_new( FALSE, cred ))) return SEC_E_INSUFFICIENT_MEMORY;
        ctx->req = req;
        if (target && target->Length && (ctx->target = ssp_alloc( target->Length + sizeof(WCHAR) )))
            memcpy( ctx->target, target->Buffer, target->Length );
        if ((status = ntlm_client_negotiate( ctx, token )))
        {
            ntlm_context_release( ctx, TRUE );
            return status;
        }
        *new_handle = (LSA_SEC_HANDLE)ctx;
        *attrs = ctx->attrs;
        return SEC_I_CONTINUE_NEEDED;
    }

    if (ctx->server || ctx->state != STATE_NEGOTIATE_SENT) return SEC_E_OUT_OF_SEQUENCE;
    if (!ssp_input_token( input )) return SEC_E_INVALID_TOKEN;
    if (req & ISC_REQ_ALLOCATE_MEMORY) ctx->req |= ISC_REQ_ALLOCATE_MEMORY;
    if ((status = ntlm_client_authenticate( ctx, ssp_input_token( input ),
                                            ssp_find_buffer( input, SECBUFFER_CHANNEL_BINDINGS ), token )))
    {
        if (status != SEC_E_BUFFER_TOO_SMALL && status != SEC_E_INSUFFICIENT_MEMORY) ctx->state = STATE_FAILED;
        return status;
    }
    ctx->state = STATE_DONE;
    *new_handle = (LSA_SEC_HANDLE)ctx;
    *attrs = ctx->attrs;
    *mapped = TRUE;
    context_data->cbBuffer = 0;
    context_data->pvBuffer = NULL;
    return SEC_E_OK;
}

NTSTATUS NTAPI ntlm_SpAcceptLsaModeContext( LSA_SEC_HANDLE cred_handle, LSA_SEC_HANDLE ctxt_handle,
                                            SecBufferDesc *input, ULONG req, ULONG data_rep,
                                            LSA_SEC_HANDLE *new_handle, SecBufferDesc *output, ULONG *attrs,
                                            TimeStamp *expiry, BOOLEAN *mapped, SecBuffer *context_data )
{
    struct ntlm_context *ctx = ntlm_context_from_handle( ctxt_handle );
    struct ntlm_cred *cred = ntlm_cred_from_handle( cred_handle );
    SecBuffer *token = ssp_find_buffer( output, SECBUFFER_TOKEN );
    const SecBuffer *in = ssp_input_token( input );
    SECURITY_STATUS status;

    TRACE( "%p %p %#lx\n", (void *)cred_handle, (void *)ctxt_handle, req );
    *expiry = ntlm_never;

    if (!ctx)
    {
        if (ctxt_handle || !cred) return SEC_E_INVALID_HANDLE;
        if (!(cred->use & SECPKG_CRED_INBOUND)) return SEC_E_NO_CREDENTIALS;
        if (!in) return SEC_E_INVALID_TOKEN;
        if (!(ctx = ntlm_context_new( TRUE, cred ))) return SEC_E_INSUFFICIENT_MEMORY;
        ctx->req = req;
        if ((status = ntlm_server_challenge( ctx, in, token )))
        {
            ntlm_context_release( ctx, TRUE );
            return status;
        }
        *new_handle = (LSA_SEC_HANDLE)ctx;
        *attrs = ctx->attrs;
        return SEC_I_CONTINUE_NEEDED;
    }

    if (!ctx->server || ctx->state != STATE_CHALLENGE_SENT) return SEC_E_OUT_OF_SEQUENCE;
    if (!in) return SEC_E_INVALID_TOKEN;
    ctx->req |= req & (ASC_REQ_ALLOW_NULL_SESSION | ASC_REQ_ALLOCATE_MEMORY);
    status = ntlm_server_authenticate( ctx, in, ssp_find_buffer( input, SECBUFFER_CHANNEL_BINDINGS ) );
    if (status)
    {
        ctx->state = STATE_FAILED;
        return status;
    }
    if (token) token->cbBuffer = 0;
    ctx->state = STATE_DONE;
    *new_handle = (LSA_SEC_HANDLE)ctx;
    *attrs = ctx->attrs;
    *mapped = TRUE;
    context_data->cbBuffer = 0;
    context_data->pvBuffer = NULL;
    return SEC_E_OK;
}

NTSTATUS NTAPI ntlm_SpDeleteContext( LSA_SEC_HANDLE handle )
{
    struct ntlm_context *ctx = ntlm_context_from_handle( handle );

    TRACE( "%p\n", (void *)handle );
    if (!ctx || !ctx->lsa_mode) return SEC_E_INVALID_HANDLE;
    ntlm_context_release( ctx, TRUE );
    return SEC_E_OK;
}
