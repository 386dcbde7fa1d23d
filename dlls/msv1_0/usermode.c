/*
 * The user-mode side of NTLM contexts: signatures, encryption and the token,
 * with Windows' buffer layouts.
 */
#include "ntlm_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(ntlm);

#define MAX_PIECES 16

/* A context ready for messages: authenticated, and alive in user mode. */
static struct ntlm_context *user_context( LSA_SEC_HANDLE handle )
{
    struct ntlm_context *ctx = ntlm_context_from_handle( handle );
    return ctx && ctx->user_mode && ctx->state == STATE_DONE ? ctx : NULL;
}

NTSTATUS NTAPI ntlm_SpInitUserModeContext( LSA_SEC_HANDLE handle, SecBuffer *packed )
{
    struct ntlm_context *ctx = ntlm_context_from_handle( handle );

    TRACE( "%p\n", (void *)handle );
    if (!ctx || ctx->state != STATE_DONE) return SEC_E_INVALID_HANDLE;
    ctx->user_mode = TRUE;
    return SEC_E_OK;
}

NTSTATUS NTAPI ntlm_SpDeleteUserModeContext( LSA_SEC_HANDLE handle )
{
    struct ntlm_context *ctx = ntlm_context_from_handle( handle );

    TRACE( "%p\n", (void *)handle );
    if (!ctx || !ctx->user_mode) return SEC_E_INVALID_HANDLE;
    ntlm_context_release( ctx, FALSE );
    return SEC_E_OK;
}

/* The data buffers of a message and its signature (SECBUFFER_TOKEN). Data
 * marked read-only is signed but not encrypted; plain SECBUFFER_READONLY is
 * neither. */
static SECURITY_STATUS collect( SecBufferDesc *msg, struct ntlm_piece *pieces, int *count, SecBuffer **sig )
{
    ULONG i;

    *count = 0;
    *sig = NULL;
    if (!msg || !msg->pBuffers) return SEC_E_INVALID_TOKEN;
    for (i = 0; i < msg->cBuffers; i++)
    {
        SecBuffer *buf = &msg->pBuffers[i];
        ULONG type = buf->BufferType & ~SECBUFFER_ATTRMASK;

        if (type == SECBUFFER_TOKEN && !*sig) *sig = buf;
        if (type != SECBUFFER_DATA) continue;
        if ((buf->BufferType & SECBUFFER_READONLY) && !(buf->BufferType & SECBUFFER_READONLY_WITH_CHECKSUM)) continue;
        if (*count == MAX_PIECES) return SEC_E_INVALID_TOKEN;
        if (buf->cbBuffer && !buf->pvBuffer) return SEC_E_INVALID_TOKEN;
        pieces[*count].data = buf->pvBuffer;
        pieces[*count].len = buf->cbBuffer;
        pieces[*count].readonly = (buf->BufferType & (SECBUFFER_READONLY | SECBUFFER_READONLY_WITH_CHECKSUM)) != 0;
        (*count)++;
    }
    return *sig ? SEC_E_OK : SEC_E_INVALID_TOKEN;
}

/* Without SIGN or SEAL negotiated, NTLM signs with a fixed dummy signature (MS-NLMP 3.4.2). */
static const BYTE dummy_signature[NTLM_SIGNATURE_SIZE] = { 1 };

static SECURITY_STATUS check_status( enum ntlm_check check )
{
    switch (check)
    {
    case NTLM_CHECK_OK:              return SEC_E_OK;
    case NTLM_CHECK_OUT_OF_SEQUENCE: return SEC_E_OUT_OF_SEQUENCE;
    case NTLM_CHECK_NO_MEMORY:       return SEC_E_INSUFFICIENT_MEMORY;
    default:                         return SEC_E_MESSAGE_ALTERED;
    }
}

/* Negotiate's mechListMIC: signed or checked with the RC4 state the first
 * message of the application then starts from again (see sspkg.h). */
static BOOL is_mechlistmic( SecBufferDesc *msg )
{
    SecBuffer *params = ssp_find_buffer( msg, SECBUFFER_PKG_PARAMS );

    return params && params->pvBuffer && params->cbBuffer == sizeof(SSP_MECHLISTMIC_MARKER) - 1 &&
           !memcmp( params->pvBuffer, SSP_MECHLISTMIC_MARKER, params->cbBuffer );
}

static BOOL unsigned_session( const struct ntlm_context *ctx )
{
    return !(ctx->flags & (NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL));
}

/* The context, pieces and signature buffer of a message to sign or seal. */
static SECURITY_STATUS outgoing( LSA_SEC_HANDLE handle, SecBufferDesc *msg, struct ntlm_context **ctx,
                                 struct ntlm_piece *pieces, int *count, SecBuffer **sig )
{
    SECURITY_STATUS status;

    if (!(*ctx = user_context( handle ))) return SEC_E_INVALID_HANDLE;
    if ((status = collect( msg, pieces, count, sig ))) return status;
    if ((*sig)->cbBuffer < NTLM_SIGNATURE_SIZE || !(*sig)->pvBuffer) return SEC_E_BUFFER_TOO_SMALL;
    return SEC_E_OK;
}

NTSTATUS NTAPI ntlm_SpMakeSignature( LSA_SEC_HANDLE handle, ULONG qop, SecBufferDesc *msg, ULONG seq )
{
    struct ntlm_context *ctx;
    struct ntlm_piece pieces[MAX_PIECES];
    SecBuffer *sig;
    SECURITY_STATUS status;
    int count;

    TRACE( "%p %#lx %p %lu\n", (void *)handle, qop, msg, seq );
    if ((status = outgoing( handle, msg, &ctx, pieces, &count, &sig ))) return status;
    /* older .NET signs with the QOP it wraps with */
    if (qop && qop != SECQOP_WRAP_NO_ENCRYPT) return SEC_E_QOP_NOT_SUPPORTED;
    EnterCriticalSection( &ctx->cs );
    if (unsigned_session( ctx )) memcpy( sig->pvBuffer, dummy_signature, NTLM_SIGNATURE_SIZE );
    else if (is_mechlistmic( msg ))
    {
        struct ntlm_position pos;
        ntlm_session_position( &ctx->session, &pos );
        if (ntlm_sign( &ctx->session, seq, pieces, count, sig->pvBuffer ) ||
            ntlm_session_rewind( &ctx->session, &pos ))
            status = SEC_E_INSUFFICIENT_MEMORY;
    }
    else if (ntlm_sign( &ctx->session, seq, pieces, count, sig->pvBuffer )) status = SEC_E_INSUFFICIENT_MEMORY;
    LeaveCriticalSection( &ctx->cs );
    if (status) return status;
    sig->cbBuffer = NTLM_SIGNATURE_SIZE;
    return SEC_E_OK;
}

NTSTATUS NTAPI ntlm_SpVerifySignature( LSA_SEC_HANDLE handle, SecBufferDesc *msg, ULONG seq, ULONG *qop )
{
    struct ntlm_context *ctx = user_context( handle );
    struct ntlm_piece pieces[MAX_PIECES];
    enum ntlm_check check;
    SecBuffer *sig;
    SECURITY_STATUS status;
    int count;

    TRACE( "%p %p %lu %p\n", (void *)handle, msg, seq, qop );
    if (!ctx) return SEC_E_INVALID_HANDLE;
    if ((status = collect( msg, pieces, &count, &sig ))) return status;
    if (sig->cbBuffer < NTLM_SIGNATURE_SIZE || !sig->pvBuffer) return SEC_E_INVALID_TOKEN;
    EnterCriticalSection( &ctx->cs );
    if (unsigned_session( ctx ))
        check = memcmp( sig->pvBuffer, dummy_signature, NTLM_SIGNATURE_SIZE ) ? NTLM_CHECK_ALTERED : NTLM_CHECK_OK;
    else if (is_mechlistmic( msg ))
    {
        struct ntlm_position pos;
        ntlm_session_position( &ctx->session, &pos );
        check = ntlm_verify( &ctx->session, seq, pieces, count, sig->pvBuffer );
        if (ntlm_session_rewind( &ctx->session, &pos )) check = NTLM_CHECK_NO_MEMORY;
    }
    else check = ntlm_verify( &ctx->session, seq, pieces, count, sig->pvBuffer );
    LeaveCriticalSection( &ctx->cs );
    return check_status( check );
}

NTSTATUS NTAPI ntlm_SpSealMessage( LSA_SEC_HANDLE handle, ULONG qop, SecBufferDesc *msg, ULONG seq )
{
    struct ntlm_context *ctx;
    struct ntlm_piece pieces[MAX_PIECES];
    SecBuffer *sig;
    SECURITY_STATUS status;
    int count;

    TRACE( "%p %#lx %p %lu\n", (void *)handle, qop, msg, seq );
    if ((status = outgoing( handle, msg, &ctx, pieces, &count, &sig ))) return status;
    EnterCriticalSection( &ctx->cs );
    /* without confidentiality negotiated NTLM only signs (MS-NLMP 3.4.3), which DecryptMessage reports */
    if (qop == SECQOP_WRAP_NO_ENCRYPT || (!qop && !(ctx->flags & NTLMSSP_NEGOTIATE_SEAL)))
    {
        if (ntlm_sign( &ctx->session, seq, pieces, count, sig->pvBuffer )) status = SEC_E_INSUFFICIENT_MEMORY;
    }
    else if (qop) status = SEC_E_QOP_NOT_SUPPORTED;
    else if (ntlm_seal( &ctx->session, seq, pieces, count, sig->pvBuffer )) status = SEC_E_INSUFFICIENT_MEMORY;
    LeaveCriticalSection( &ctx->cs );
    if (!status) sig->cbBuffer = NTLM_SIGNATURE_SIZE;
    return status;
}

/* A SECBUFFER_STREAM holding signature and encrypted data, split into the
 * SECBUFFER_DATA and SECBUFFER_TOKEN the caller receives. */
static SECURITY_STATUS split_stream( SecBufferDesc *msg, SecBuffer *stream, SecBuffer *token_out )
{
    SecBuffer *data = NULL;
    ULONG i;

    for (i = 0; i < msg->cBuffers; i++)
        if ((msg->pBuffers[i].BufferType & ~SECBUFFER_ATTRMASK) == SECBUFFER_DATA) data = &msg->pBuffers[i];
    if (!data || !stream->pvBuffer) return SEC_E_INVALID_TOKEN;
    if (stream->cbBuffer < NTLM_SIGNATURE_SIZE) return SEC_E_INCOMPLETE_MESSAGE;
    token_out->BufferType = SECBUFFER_TOKEN;
    token_out->pvBuffer = stream->pvBuffer;
    token_out->cbBuffer = NTLM_SIGNATURE_SIZE;
    data->pvBuffer = (BYTE *)stream->pvBuffer + NTLM_SIGNATURE_SIZE;
    data->cbBuffer = stream->cbBuffer - NTLM_SIGNATURE_SIZE;
    return SEC_E_OK;
}

NTSTATUS NTAPI ntlm_SpUnsealMessage( LSA_SEC_HANDLE handle, SecBufferDesc *msg, ULONG seq, ULONG *qop )
{
    struct ntlm_context *ctx = user_context( handle );
    struct ntlm_piece pieces[MAX_PIECES];
    SecBuffer *sig, *stream = ssp_find_buffer( msg, SECBUFFER_STREAM ), stream_sig;
    enum ntlm_check check;
    SECURITY_STATUS status;
    int count;

    TRACE( "%p %p %lu %p\n", (void *)handle, msg, seq, qop );
    if (!ctx) return SEC_E_INVALID_HANDLE;
    if (stream && (status = split_stream( msg, stream, &stream_sig ))) return status;
    if ((status = collect( msg, pieces, &count, &sig )) && !stream) return status;
    if (stream) sig = &stream_sig;
    if (sig->cbBuffer < NTLM_SIGNATURE_SIZE || !sig->pvBuffer) return SEC_E_INVALID_TOKEN;
    EnterCriticalSection( &ctx->cs );
    /* without confidentiality the peer can only have signed it (EncryptMessage with
     * SECQOP_WRAP_NO_ENCRYPT, as .NET wraps for integrity only), and the QOP says so */
    if (!(ctx->flags & NTLMSSP_NEGOTIATE_SEAL))
    {
        check = ntlm_verify( &ctx->session, seq, pieces, count, sig->pvBuffer );
        if (qop && check == NTLM_CHECK_OK) *qop = SECQOP_WRAP_NO_ENCRYPT;
    }
    else check = ntlm_unseal( &ctx->session, seq, pieces, count, sig->pvBuffer );
    LeaveCriticalSection( &ctx->cs );
    return check_status( check );
}

NTSTATUS NTAPI ntlm_SpGetContextToken( LSA_SEC_HANDLE handle, HANDLE *token )
{
    struct ntlm_context *ctx = user_context( handle );

    TRACE( "%p %p\n", (void *)handle, token );
    if (!ctx) return SEC_E_INVALID_HANDLE;
    if (!ctx->server || !ctx->token) return SEC_E_NO_IMPERSONATION;
    *token = ctx->token;
    return SEC_E_OK;
}

/* NTLM has nothing to complete. */
NTSTATUS NTAPI ntlm_SpCompleteAuthToken( LSA_SEC_HANDLE handle, SecBufferDesc *input )
{
    return ntlm_context_from_handle( handle ) ? SEC_E_OK : SEC_E_INVALID_HANDLE;
}
