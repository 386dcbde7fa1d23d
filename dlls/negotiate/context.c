/*
 * Negotiate contexts: InitializeSecurityContext and AcceptSecurityContext in
 * the LSA-mode table, around the chosen package's context; the SPNEGO
 * tokens they exchange (client.c, server.c) reach the caller's buffers here.
 */
#include "nego_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(negotiate);

struct nego_context *nego_context_new( BOOL server, struct nego_cred *cred )
{
    struct nego_context *ctx = ssp_alloc( sizeof(*ctx) );

    if (!ctx) return NULL;
    ctx->magic = NEGO_CTXT_MAGIC;
    ctx->server = server;
    ctx->lsa_mode = TRUE;
    ctx->package = NEGO_NONE;
    ctx->expiry = (TimeStamp){ .LowPart = 0xffffffff, .HighPart = 0x7fffffff };
    if ((ctx->cred = cred)) InterlockedIncrement( &cred->refs );
    return ctx;
}

struct nego_context *nego_context_from_handle( LSA_SEC_HANDLE handle )
{
    struct nego_context *ctx = (struct nego_context *)handle;
    return ctx && ctx->magic == NEGO_CTXT_MAGIC ? ctx : NULL;
}

/* The caller wants the peer told of a failure (ISC_REQ_EXTENDED_ERROR, ASC_REQ_EXTENDED_ERROR). */
BOOL nego_extended_error( const struct nego_context *ctx )
{
    return (ctx->req & (ctx->server ? ASC_REQ_EXTENDED_ERROR : ISC_REQ_EXTENDED_ERROR)) != 0;
}

void nego_sub_drop( struct nego_context *ctx )
{
    if (ctx->has_sub) DeleteSecurityContext( &ctx->sub );
    ctx->has_sub = ctx->sub_done = FALSE;
}

/* Drops the LSA-mode or user-mode side; the context goes when both have. */
void nego_context_release( struct nego_context *ctx, BOOL lsa_mode )
{
    if (lsa_mode) ctx->lsa_mode = FALSE;
    else ctx->user_mode = FALSE;
    if (ctx->lsa_mode || ctx->user_mode) return;

    ctx->magic = 0;
    nego_sub_drop( ctx );
    if (ctx->cred) nego_cred_release( ctx->cred );
    ssp_free( ctx->pending );
    ssp_free( ctx->mech_list );
    ssp_free( ctx->target );
    ssp_free( ctx );
}

BOOL nego_keep_mech_list( struct nego_context *ctx, const BYTE *list, ULONG len )
{
    ssp_free( ctx->mech_list );
    ctx->mech_list_len = 0;
    if (!(ctx->mech_list = ssp_alloc( len ))) return FALSE;
    memcpy( ctx->mech_list, list, len );
    ctx->mech_list_len = len;
    return TRUE;
}

/* One step of the chosen package's context with TOKEN (NULL on a client's
 * first step), the caller's channel bindings along; *OUT is what the package
 * answered, in a buffer of ours (ssp_free). */
SECURITY_STATUS nego_sub_step( struct nego_context *ctx, const void *token, ULONG token_len, SecBufferDesc *input,
                               SecBuffer *out )
{
    SecBuffer in_bufs[2], *bindings = ssp_find_buffer( input, SECBUFFER_CHANNEL_BINDINGS ), sub_out;
    SecBufferDesc in = { SECBUFFER_VERSION, 0, in_bufs }, out_desc = { SECBUFFER_VERSION, 1, &sub_out };
    CredHandle *cred = &ctx->cred->sub[ctx->package];
    ULONG attrs = 0, alloc = ISC_REQ_ALLOCATE_MEMORY;  /* the value of ASC_REQ_ALLOCATE_MEMORY too */
    TimeStamp expiry = { 0 };
    SECURITY_STATUS status;

    out->BufferType = sub_out.BufferType = SECBUFFER_TOKEN;
    out->cbBuffer = sub_out.cbBuffer = 0;
    out->pvBuffer = sub_out.pvBuffer = NULL;
    /* a server's first step spends what the client sent (Kerberos' replay cache): the
     * package is to refuse a buffer its answer would not fit in the caller's */
    if (ctx->server && !ctx->has_sub && ctx->room != NEGO_ROOM_ANY)
    {
        alloc = 0;
        sub_out.cbBuffer = ctx->room > NEGO_REPLY_ROOM ? ctx->room - NEGO_REPLY_ROOM : 0;
        if (sub_out.cbBuffer && !(sub_out.pvBuffer = ssp_alloc( sub_out.cbBuffer ))) return SEC_E_INSUFFICIENT_MEMORY;
    }
    if (token)
    {
        in_bufs[in.cBuffers].BufferType = SECBUFFER_TOKEN;
        in_bufs[in.cBuffers].cbBuffer = token_len;
        in_bufs[in.cBuffers++].pvBuffer = (void *)token;
    }
    if (bindings) in_bufs[in.cBuffers++] = *bindings;
    if (ctx->server)
        status = AcceptSecurityContext( cred, ctx->has_sub ? &ctx->sub : NULL, &in,
                                        (ctx->req & ~ASC_REQ_ALLOCATE_MEMORY) | alloc, SECURITY_NATIVE_DREP,
                                        &ctx->sub, &out_desc, &attrs, &expiry );
    else
    {
        /* the client asks Kerberos for mutual authentication (MS-SPNG 3.3.3), and NTLM
         * under SPNEGO for the integrity its mechListMIC needs, unless told not to */
        ULONG req = ctx->req | ISC_REQ_ALLOCATE_MEMORY;
        if (ctx->package == NEGO_KERBEROS) req |= ISC_REQ_MUTUAL_AUTH;
        else if (!ctx->raw && !(req & ISC_REQ_NO_INTEGRITY)) req |= ISC_REQ_INTEGRITY;
        status = InitializeSecurityContextW( ctx->has_sub ? NULL : cred, ctx->has_sub ? &ctx->sub : NULL,
                                             ctx->target, req, 0, SECURITY_NATIVE_DREP, in.cBuffers ? &in : NULL, 0,
                                             &ctx->sub, &out_desc, &attrs, &expiry );
    }
    TRACE( "%s: %08lx, token of %lu bytes\n", debugstr_w(nego_package_name( ctx->package )), status,
           sub_out.cbBuffer );
    if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED)
    {
        ctx->has_sub = TRUE;
        ctx->attrs = attrs & ~ISC_RET_ALLOCATED_MEMORY;  /* the value of ASC_RET_ALLOCATED_MEMORY too */
        ctx->expiry = expiry;
        if (status == SEC_E_OK) ctx->sub_done = TRUE;
    }
    if (!alloc) *out = sub_out;
    else if (sub_out.pvBuffer)
    {
        if (sub_out.cbBuffer && (out->pvBuffer = ssp_alloc( sub_out.cbBuffer )))
        {
            memcpy( out->pvBuffer, sub_out.pvBuffer, sub_out.cbBuffer );
            out->cbBuffer = sub_out.cbBuffer;
        }
        else if (sub_out.cbBuffer) status = SEC_E_INSUFFICIENT_MEMORY;
        SecureZeroMemory( sub_out.pvBuffer, sub_out.cbBuffer );
        FreeContextBuffer( sub_out.pvBuffer );
    }
    return status;
}

/* The package is done: NTLM's MIC in AUTHENTICATE makes the mechListMIC
 * mandatory (MS-SPNG 3.1.5.1); an NTLM context without integrity has none
 * (RFC 4178 5). */
void nego_sub_finished( struct nego_context *ctx )
{
    ULONG has_mic = 0;

    if (ctx->package != NEGO_NTLM) return;
    if (!(ctx->attrs & (ctx->server ? ASC_RET_INTEGRITY : ISC_RET_INTEGRITY)))
    {
        ctx->no_mic = TRUE;
        ctx->mic_needed = FALSE;
        return;
    }
    if (QueryContextAttributesW( &ctx->sub, SSP_ATTR_AUTHENTICATE_MIC, &has_mic ) == SEC_E_OK && has_mic)
        ctx->mic_needed = TRUE;
}

/* A step of a context whose peer speaks the package bare: its tokens go as they are. */
SECURITY_STATUS nego_raw_step( struct nego_context *ctx, const SecBuffer *token, SecBufferDesc *input,
                               struct nego_reply *reply )
{
    SecBuffer out;
    SECURITY_STATUS status, ret = SEC_E_OK;

    status = nego_sub_step( ctx, token ? token->pvBuffer : NULL, token ? token->cbBuffer : 0, input, &out );
    if (!FAILED( status ) || nego_extended_error( ctx )) ret = nego_reply_copy( reply, &out );
    ssp_free( out.pvBuffer );
    if (status == SEC_I_CONTINUE_NEEDED) ctx->state = NEGO_IN_PROGRESS;
    return ret ? ret : status;
}

SECURITY_STATUS nego_reply_copy( struct nego_reply *reply, const SecBuffer *token )
{
    if (!token->cbBuffer) return SEC_E_OK;
    if (!(reply->data = ssp_alloc( token->cbBuffer ))) return SEC_E_INSUFFICIENT_MEMORY;
    memcpy( reply->data, token->pvBuffer, token->cbBuffer );
    reply->len = token->cbBuffer;
    return SEC_E_OK;
}

/* A reply of LEN bytes, for WRITE to fill; nothing on failure. */
BYTE *nego_reply_alloc( struct nego_reply *reply, ULONG len )
{
    if (!(reply->data = ssp_alloc( len ))) return NULL;
    reply->len = len;
    return reply->data;
}

SECURITY_STATUS nego_reply_resp( struct nego_reply *reply, enum spnego_state state, enum spnego_mech mech,
                                 const SecBuffer *token, const BYTE *mic, ULONG mic_len )
{
    struct spnego_resp resp = { state, mech };
    size_t len;

    if (token && token->cbBuffer)
    {
        resp.token = token->pvBuffer;
        resp.token_len = token->cbBuffer;
    }
    resp.mic = mic;
    resp.mic_len = mic_len;
    len = spnego_write_resp( &resp, NULL, 0 );
    if (!nego_reply_alloc( reply, len )) return SEC_E_INSUFFICIENT_MEMORY;
    spnego_write_resp( &resp, reply->data, len );
    return SEC_E_OK;
}

/* A step's token into the caller's buffer, or into one allocated for it;
 * one that does not fit waits there for the next call. */
static SECURITY_STATUS deliver( struct nego_context *ctx, SECURITY_STATUS status, struct nego_reply *reply,
                                SecBufferDesc *output )
{
    SecBuffer *token = ssp_find_buffer( output, SECBUFFER_TOKEN );
    BOOL allocate = (ctx->req & ISC_REQ_ALLOCATE_MEMORY) != 0;  /* ASC_REQ_ALLOCATE_MEMORY too */
    SECURITY_STATUS ret;

    ctx->attrs &= ~ISC_RET_ALLOCATED_MEMORY;  /* of this call only; ASC_RET_ALLOCATED_MEMORY too */
    if (!reply->data)
    {
        if (token)
        {
            token->cbBuffer = 0;
            if (allocate) token->pvBuffer = NULL;
        }
        return status;
    }
    ret = ssp_put_token( token, allocate, reply->data, reply->len, &ctx->attrs );
    if (FAILED( status ))  /* a reject for ASC_REQ_EXTENDED_ERROR, when it fits */
    {
        if (ret && token) token->cbBuffer = 0;
        ssp_free( reply->data );
        return status;
    }
    if (ret == SEC_E_BUFFER_TOO_SMALL)
    {
        ctx->pending = reply->data;
        ctx->pending_len = reply->len;
        ctx->pending_status = status;
        ctx->pending_state = ctx->state;
        ctx->state = NEGO_PENDING;
        if (token) token->cbBuffer = 0;
        return ret;
    }
    ssp_free( reply->data );
    return ret ? ret : status;
}

static SECURITY_STATUS deliver_pending( struct nego_context *ctx, SecBufferDesc *output )
{
    struct nego_reply reply = { ctx->pending, ctx->pending_len };

    ctx->pending = NULL;
    ctx->state = ctx->pending_state;
    return deliver( ctx, ctx->pending_status, &reply, output );
}

/* After a step: a failed first step leaves no context, a later one a failed one. */
static SECURITY_STATUS finish_step( struct nego_context *ctx, BOOL first, SECURITY_STATUS status,
                                    LSA_SEC_HANDLE *new_handle, ULONG *attrs, TimeStamp *expiry, BOOLEAN *mapped,
                                    SecBuffer *context_data )
{
    if (FAILED( status ))
    {
        if (first) nego_context_release( ctx, TRUE );
        else if (ctx->state != NEGO_PENDING) ctx->state = NEGO_FAILED;
        return status;
    }
    if (status == SEC_E_OK && ctx->state != NEGO_PENDING) ctx->state = NEGO_DONE;
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

/* The context a step goes on with: a new one at the first, else the caller's, which must go on. */
static SECURITY_STATUS step_context( LSA_SEC_HANDLE cred_handle, LSA_SEC_HANDLE ctxt_handle, BOOL server, ULONG req,
                                     struct nego_context **ret, SecBufferDesc *output )
{
    SecBuffer *token = ssp_find_buffer( output, SECBUFFER_TOKEN );
    struct nego_context *ctx = nego_context_from_handle( ctxt_handle );
    struct nego_cred *cred = nego_cred_from_handle( cred_handle );

    if (!ctx)
    {
        if (ctxt_handle || !cred) return SEC_E_INVALID_HANDLE;
        if (!(cred->use & (server ? SECPKG_CRED_INBOUND : SECPKG_CRED_OUTBOUND))) return SEC_E_NO_CREDENTIALS;
        if (!(ctx = nego_context_new( server, cred ))) return SEC_E_INSUFFICIENT_MEMORY;
        ctx->req = req;
    }
    else if (ctx->server != server || ctx->state == NEGO_DONE || ctx->state == NEGO_FAILED)
        return SEC_E_OUT_OF_SEQUENCE;
    /* flags real programs give only on a later call */
    else ctx->req |= req & (ISC_REQ_ALLOCATE_MEMORY | (server ? ASC_REQ_EXTENDED_ERROR : ISC_REQ_EXTENDED_ERROR));
    ctx->room = (ctx->req & ISC_REQ_ALLOCATE_MEMORY) ? NEGO_ROOM_ANY : token && token->pvBuffer ? token->cbBuffer : 0;
    *ret = ctx;
    return SEC_E_OK;
}

NTSTATUS NTAPI nego_SpInitLsaModeContext( LSA_SEC_HANDLE cred_handle, LSA_SEC_HANDLE ctxt_handle,
                                          UNICODE_STRING *target, ULONG req, ULONG data_rep, SecBufferDesc *input,
                                          LSA_SEC_HANDLE *new_handle, SecBufferDesc *output, ULONG *attrs,
                                          TimeStamp *expiry, BOOLEAN *mapped, SecBuffer *context_data )
{
    struct nego_reply reply = { 0 };
    struct nego_context *ctx;
    SECURITY_STATUS status;

    TRACE( "%p %p %s %#lx\n", (void *)cred_handle, (void *)ctxt_handle,
           target ? debugstr_wn( target->Buffer, target->Length / sizeof(WCHAR) ) : "(null)", req );
    if ((status = step_context( cred_handle, ctxt_handle, FALSE, req, &ctx, output ))) return status;
    if (ctx->state == NEGO_PENDING) status = deliver_pending( ctx, output );
    else if (ctxt_handle) status = deliver( ctx, nego_client_next( ctx, input, &reply ), &reply, output );
    else
    {
        ctx->target = ssp_strdup_us( target );
        status = deliver( ctx, nego_client_first( ctx, ctx->target, input, &reply ), &reply, output );
    }
    return finish_step( ctx, !ctxt_handle, status, new_handle, attrs, expiry, mapped, context_data );
}

NTSTATUS NTAPI nego_SpAcceptLsaModeContext( LSA_SEC_HANDLE cred_handle, LSA_SEC_HANDLE ctxt_handle,
                                            SecBufferDesc *input, ULONG req, ULONG data_rep,
                                            LSA_SEC_HANDLE *new_handle, SecBufferDesc *output, ULONG *attrs,
                                            TimeStamp *expiry, BOOLEAN *mapped, SecBuffer *context_data )
{
    struct nego_reply reply = { 0 };
    struct nego_context *ctx;
    SECURITY_STATUS status;

    TRACE( "%p %p %#lx\n", (void *)cred_handle, (void *)ctxt_handle, req );
    if ((status = step_context( cred_handle, ctxt_handle, TRUE, req, &ctx, output ))) return status;
    if (ctx->state == NEGO_PENDING) status = deliver_pending( ctx, output );
    else status = deliver( ctx, nego_server_step( ctx, input, &reply ), &reply, output );
    return finish_step( ctx, !ctxt_handle, status, new_handle, attrs, expiry, mapped, context_data );
}

NTSTATUS NTAPI nego_SpDeleteContext( LSA_SEC_HANDLE handle )
{
    struct nego_context *ctx = nego_context_from_handle( handle );

    TRACE( "%p\n", (void *)handle );
    if (!ctx || !ctx->lsa_mode) return SEC_E_INVALID_HANDLE;
    nego_context_release( ctx, TRUE );
    return SEC_E_OK;
}
