/*
 * The user-mode side of Kerberos contexts: signatures and encryption in
 * Windows' buffer layouts (RFC 4121 tokens: TOKEN + DATA [+ PADDING], or a
 * SECBUFFER_STREAM to decrypt), done in place by kerberos.so.
 */
#include "krb_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(kerberos);

#define MAX_IOV 16

/* A context ready for messages: established, and alive in user mode. */
static struct krb_context *user_context( LSA_SEC_HANDLE handle )
{
    struct krb_context *ctx = krb_context_from_handle( handle );
    return ctx && ctx->user_mode && ctx->state == STATE_DONE ? ctx : NULL;
}

NTSTATUS NTAPI krb_SpInitUserModeContext( LSA_SEC_HANDLE handle, SecBuffer *packed )
{
    struct krb_context *ctx = krb_context_from_handle( handle );

    TRACE( "%p\n", (void *)handle );
    if (!ctx || ctx->state != STATE_DONE) return SEC_E_INVALID_HANDLE;
    ctx->user_mode = TRUE;
    return SEC_E_OK;
}

NTSTATUS NTAPI krb_SpDeleteUserModeContext( LSA_SEC_HANDLE handle )
{
    struct krb_context *ctx = krb_context_from_handle( handle );

    TRACE( "%p\n", (void *)handle );
    if (!ctx || !ctx->user_mode) return SEC_E_INVALID_HANDLE;
    krb_context_release( ctx, FALSE );
    return SEC_E_OK;
}

/* The buffers of a message as RFC 4121 buffers, BUFS[i] the SecBuffer of
 * IOV[i]. Data marked read-only is signed but not encrypted; plain
 * SECBUFFER_READONLY is neither. The first TOKEN is the token. */
struct message
{
    struct krb_iov iov[MAX_IOV];
    SecBuffer     *bufs[MAX_IOV];
    UINT32         count;
    SecBuffer     *token;
    SecBuffer     *stream;
    int            data;             /* index of the first DATA, -1 for none */
};

static SECURITY_STATUS read_message( SecBufferDesc *msg, struct message *m )
{
    ULONG i, type;
    UINT32 iov_type;

    m->count = 0;
    m->token = m->stream = NULL;
    m->data = -1;
    if (!msg || !msg->pBuffers) return SEC_E_INVALID_TOKEN;
    for (i = 0; i < msg->cBuffers; i++)
    {
        SecBuffer *buf = &msg->pBuffers[i];

        type = buf->BufferType & ~SECBUFFER_ATTRMASK;
        if (type == SECBUFFER_TOKEN && !m->token)
        {
            m->token = buf;
            iov_type = KRB_IOV_HEADER;
        }
        else if (type == SECBUFFER_DATA)
        {
            if (buf->BufferType & SECBUFFER_READONLY_WITH_CHECKSUM) iov_type = KRB_IOV_SIGN_ONLY;
            else if (buf->BufferType & SECBUFFER_READONLY) continue;
            else iov_type = KRB_IOV_DATA;
        }
        else if (type == SECBUFFER_PADDING) iov_type = KRB_IOV_PADDING;
        else if (type == SECBUFFER_STREAM && !m->stream)
        {
            m->stream = buf;
            iov_type = KRB_IOV_STREAM;
        }
        else continue;
        if (m->count == MAX_IOV) return SEC_E_INVALID_TOKEN;
        if (buf->cbBuffer && !buf->pvBuffer && iov_type != KRB_IOV_DATA) return SEC_E_INVALID_TOKEN;
        if (iov_type == KRB_IOV_DATA && m->data < 0) m->data = m->count;
        m->iov[m->count].type = iov_type;
        m->iov[m->count].len = buf->cbBuffer;
        m->iov[m->count].data = buf->pvBuffer;
        m->bufs[m->count++] = buf;
    }
    /* a DATA buffer without memory only receives a stream's data */
    for (i = 0; i < m->count; i++)
    {
        if (m->iov[i].type != KRB_IOV_DATA || m->iov[i].data) continue;
        if (!m->stream && m->iov[i].len) return SEC_E_INVALID_TOKEN;
        m->iov[i].len = 0;
    }
    return SEC_E_OK;
}

/* The lengths kerberos.so left in the iov, back in the caller's buffers. */
static void write_message( struct message *m )
{
    UINT32 i;

    for (i = 0; i < m->count; i++)
    {
        if (m->iov[i].type == KRB_IOV_STREAM) continue;
        m->bufs[i]->cbBuffer = m->iov[i].len;
        m->bufs[i]->pvBuffer = m->iov[i].data;
    }
}

/* A DCE-style stream as TOKEN and DATA: MIT reads no stream of such a context. */
static SECURITY_STATUS split_dce_stream( struct krb_context *ctx, struct message *m )
{
    UINT32 i, stream = 0;

    for (i = 0; i < m->count; i++) if (m->iov[i].type == KRB_IOV_STREAM) stream = i;
    if (m->data < 0) return SEC_E_INVALID_TOKEN;
    if (m->stream->cbBuffer < ctx->header_len) return SEC_E_INCOMPLETE_MESSAGE;
    m->iov[stream].type = KRB_IOV_HEADER;
    m->iov[stream].len = ctx->header_len;
    m->iov[m->data].data = (BYTE *)m->stream->pvBuffer + ctx->header_len;
    m->iov[m->data].len = m->stream->cbBuffer - ctx->header_len;
    return SEC_E_OK;
}

/* The message call CODE over M's buffers; *CONF in for wrapping, out for unwrapping. */
static SECURITY_STATUS message_call( struct krb_context *ctx, unsigned int code, struct message *m, UINT32 *conf )
{
    struct message_params params = { ctx->unix_ctx, *conf, m->iov, m->count };
    SECURITY_STATUS status = WINE_UNIX_CALL( code, &params );

    *conf = params.conf;
    return status;
}

static SECURITY_STATUS protect( LSA_SEC_HANDLE handle, unsigned int code, SecBufferDesc *msg, BOOL conf,
                                ULONG token_size )
{
    struct krb_context *ctx = user_context( handle );
    struct message m;
    SECURITY_STATUS status;
    UINT32 wrap_conf = conf;

    if (!ctx) return SEC_E_INVALID_HANDLE;
    if ((status = read_message( msg, &m ))) return status;
    if (!m.token || m.data < 0) return SEC_E_INVALID_TOKEN;
    if (m.token->cbBuffer < token_size || !m.token->pvBuffer) return SEC_E_BUFFER_TOO_SMALL;
    if (!(status = message_call( ctx, code, &m, &wrap_conf ))) write_message( &m );
    return status;
}

NTSTATUS NTAPI krb_SpMakeSignature( LSA_SEC_HANDLE handle, ULONG qop, SecBufferDesc *msg, ULONG seq )
{
    struct krb_context *ctx = user_context( handle );

    TRACE( "%p %#lx %p %lu\n", (void *)handle, qop, msg, seq );
    return protect( handle, unix_get_mic, msg, FALSE, ctx ? ctx->mic_len : 0 );
}

/* Windows ignores a QOP it does not know; integrity only is the one it knows. */
NTSTATUS NTAPI krb_SpSealMessage( LSA_SEC_HANDLE handle, ULONG qop, SecBufferDesc *msg, ULONG seq )
{
    struct krb_context *ctx = user_context( handle );
    BOOL conf = qop != SECQOP_WRAP_NO_ENCRYPT;

    TRACE( "%p %#lx %p %lu\n", (void *)handle, qop, msg, seq );
    if (ctx && conf && !(ctx->gss_flags & GSS_FLAG_CONF))
    {
        WARN( "confidentiality was not negotiated\n" );
        return SEC_E_UNSUPPORTED_FUNCTION;
    }
    return protect( handle, unix_wrap, msg, conf, ctx ? (conf ? ctx->header_len : ctx->mic_len) : 0 );
}

static SECURITY_STATUS check( LSA_SEC_HANDLE handle, unsigned int code, SecBufferDesc *msg, ULONG *qop )
{
    struct krb_context *ctx = user_context( handle );
    struct message m;
    SECURITY_STATUS status;
    UINT32 conf = 0;

    if (!ctx) return SEC_E_INVALID_HANDLE;
    if ((status = read_message( msg, &m ))) return status;
    if (m.stream)
    {
        if (code != unix_unwrap || m.data < 0) return SEC_E_INVALID_TOKEN;
        if (!m.stream->pvBuffer) return SEC_E_INVALID_TOKEN;
        if (m.stream->cbBuffer < ctx->mic_len) return SEC_E_INCOMPLETE_MESSAGE;
        if ((ctx->gss_flags & GSS_FLAG_DCE_STYLE) && (status = split_dce_stream( ctx, &m ))) return status;
    }
    else if (!m.token || !m.token->pvBuffer) return SEC_E_INVALID_TOKEN;
    status = message_call( ctx, code, &m, &conf );
    if (qop) *qop = 0;
    if (code == unix_verify_mic) return status;
    if (status == SEC_E_OK || status == SEC_E_OUT_OF_SEQUENCE)
    {
        /* the data of a stream is where it is in the stream */
        if (m.stream)
        {
            m.bufs[m.data]->pvBuffer = m.iov[m.data].data;
            m.bufs[m.data]->cbBuffer = m.iov[m.data].len;
        }
        else write_message( &m );
        if (qop && !conf) *qop = SECQOP_WRAP_NO_ENCRYPT;
    }
    return status;
}

NTSTATUS NTAPI krb_SpVerifySignature( LSA_SEC_HANDLE handle, SecBufferDesc *msg, ULONG seq, ULONG *qop )
{
    TRACE( "%p %p %lu %p\n", (void *)handle, msg, seq, qop );
    return check( handle, unix_verify_mic, msg, qop );
}

NTSTATUS NTAPI krb_SpUnsealMessage( LSA_SEC_HANDLE handle, SecBufferDesc *msg, ULONG seq, ULONG *qop )
{
    TRACE( "%p %p %lu %p\n", (void *)handle, msg, seq, qop );
    return check( handle, unix_unwrap, msg, qop );
}

NTSTATUS NTAPI krb_SpGetContextToken( LSA_SEC_HANDLE handle, HANDLE *token )
{
    struct krb_context *ctx = user_context( handle );

    TRACE( "%p %p\n", (void *)handle, token );
    if (!ctx) return SEC_E_INVALID_HANDLE;
    if (krb_context_logon( ctx ) || !ctx->token) return SEC_E_NO_IMPERSONATION;
    *token = ctx->token;
    return SEC_E_OK;
}

/* Kerberos has nothing to complete. */
NTSTATUS NTAPI krb_SpCompleteAuthToken( LSA_SEC_HANDLE handle, SecBufferDesc *input )
{
    return krb_context_from_handle( handle ) ? SEC_E_OK : SEC_E_INVALID_HANDLE;
}
