/*
 * Schannel messages: EncryptMessage and DecryptMessage with Windows' stream
 * layouts (STREAM_HEADER, DATA, STREAM_TRAILER; one DATA buffer and EMPTY
 * ones in, HEADER, DATA, TRAILER and EXTRA or MISSING out), one record each.
 */
#include "schannel_priv.h"
#include "core/tls_record.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(schannel);

static struct schan_context *user_context( LSA_SEC_HANDLE handle )
{
    struct schan_context *ctx = schan_context_from_handle( handle );
    return ctx && ctx->user_mode ? ctx : NULL;
}

NTSTATUS NTAPI schan_SpInitUserModeContext( LSA_SEC_HANDLE handle, SecBuffer *packed )
{
    struct schan_context *ctx = schan_context_from_handle( handle );

    TRACE( "%p\n", (void *)handle );
    if (!ctx) return SEC_E_INVALID_HANDLE;
    ctx->user_mode = TRUE;
    return SEC_E_OK;
}

NTSTATUS NTAPI schan_SpDeleteUserModeContext( LSA_SEC_HANDLE handle )
{
    struct schan_context *ctx = user_context( handle );

    TRACE( "%p\n", (void *)handle );
    if (!ctx) return SEC_E_INVALID_HANDLE;
    schan_context_release( ctx, FALSE );
    return SEC_E_OK;
}

NTSTATUS NTAPI schan_SpGetContextToken( LSA_SEC_HANDLE handle, HANDLE *token )
{
    struct schan_context *ctx = user_context( handle );

    TRACE( "%p %p\n", (void *)handle, token );
    if (!ctx) return SEC_E_INVALID_HANDLE;
    if (!ctx->token) return SEC_E_NO_IMPERSONATION;
    *token = ctx->token;
    return SEC_E_OK;
}

/* One record into OUT; its header, data and trailer lengths come back. */
static SECURITY_STATUS encrypt_record( struct schan_context *ctx, const SecBuffer *data, BYTE *out, ULONG size,
                                       ULONG *header_len, ULONG *trailer_len )
{
    struct encrypt_params params = { ctx->session, data->pvBuffer, data->cbBuffer, out, size };
    NTSTATUS status;

    EnterCriticalSection( &ctx->cs );
    status = schan_call( unix_encrypt, &params );
    LeaveCriticalSection( &ctx->cs );
    if (status == STATUS_BUFFER_TOO_SMALL) return SEC_E_BUFFER_TOO_SMALL;
    if (status) return SEC_E_INTERNAL_ERROR;
    *header_len = params.header_len;
    *trailer_len = params.output_len - params.header_len - data->cbBuffer;
    return SEC_E_OK;
}

NTSTATUS NTAPI schan_SpSealMessage( LSA_SEC_HANDLE handle, ULONG qop, SecBufferDesc *msg, ULONG seq )
{
    struct schan_context *ctx = user_context( handle );
    SecBuffer *header = ssp_find_buffer( msg, SECBUFFER_STREAM_HEADER ), *data = ssp_find_buffer( msg, SECBUFFER_DATA );
    SecBuffer *trailer = ssp_find_buffer( msg, SECBUFFER_STREAM_TRAILER );
    SECURITY_STATUS status;
    ULONG header_len, trailer_len, size;
    BYTE *record;

    TRACE( "%p %#lx %p %lu\n", (void *)handle, qop, msg, seq );
    if (!ctx) return SEC_E_INVALID_HANDLE;
    if (!header || !data || !trailer || !data->pvBuffer || !header->pvBuffer || !trailer->pvBuffer)
        return SEC_E_INVALID_TOKEN;
    if (ctx->state != SCHAN_ESTABLISHED) return SEC_E_CONTEXT_EXPIRED;
    if (data->cbBuffer > ctx->info.max_data) return SEC_E_INVALID_PARAMETER;
    if (header->cbBuffer < ctx->info.header_size) return SEC_E_BUFFER_TOO_SMALL;
    if (!data->cbBuffer)
    {
        /* .NET encrypts empty writes; GnuTLS makes no empty record, and the peer could not tell one from none */
        header->cbBuffer = trailer->cbBuffer = 0;
        return SEC_E_OK;
    }

    /* header, data and trailer one after the other, as callers lay them out:
     * the record goes straight there (GnuTLS has read the data before it writes) */
    if ((BYTE *)header->pvBuffer + ctx->info.header_size == data->pvBuffer &&
        (BYTE *)data->pvBuffer + data->cbBuffer == trailer->pvBuffer)
    {
        size = ctx->info.header_size + data->cbBuffer + trailer->cbBuffer;
        if ((status = encrypt_record( ctx, data, header->pvBuffer, size, &header_len, &trailer_len ))) return status;
        if (header_len != ctx->info.header_size)
        {
            ERR( "record header of %lu bytes, not %u\n", header_len, ctx->info.header_size );
            return SEC_E_INTERNAL_ERROR;
        }
        header->cbBuffer = header_len;
        trailer->cbBuffer = trailer_len;
        return SEC_E_OK;
    }

    size = ctx->info.header_size + data->cbBuffer + ctx->info.trailer_size + 256;
    if (!(record = HeapAlloc( GetProcessHeap(), 0, size ))) return SEC_E_INSUFFICIENT_MEMORY;
    if (!(status = encrypt_record( ctx, data, record, size, &header_len, &trailer_len )))
    {
        if (header_len > header->cbBuffer || trailer_len > trailer->cbBuffer) status = SEC_E_BUFFER_TOO_SMALL;
        else
        {
            memcpy( header->pvBuffer, record, header_len );
            header->cbBuffer = header_len;
            memcpy( data->pvBuffer, record + header_len, data->cbBuffer );
            memcpy( trailer->pvBuffer, record + header_len + data->cbBuffer, trailer_len );
            trailer->cbBuffer = trailer_len;
        }
    }
    HeapFree( GetProcessHeap(), 0, record );
    return status;
}

/* DecryptMessage wants one DATA buffer and three EMPTY ones, which receive
 * the record's parts and what follows it. */
static SECURITY_STATUS check_layout( SecBufferDesc *msg, SecBuffer **data )
{
    ULONG i, empty = 0;

    *data = NULL;
    if (!msg || msg->cBuffers < 4) return SEC_E_INVALID_TOKEN;
    for (i = 0; i < msg->cBuffers; i++)
    {
        ULONG type = msg->pBuffers[i].BufferType & ~SECBUFFER_ATTRMASK;
        if (type == SECBUFFER_DATA)
        {
            if (*data) return SEC_E_INVALID_TOKEN;
            *data = &msg->pBuffers[i];
        }
        else if (type == SECBUFFER_EMPTY) empty++;
    }
    if (!*data || empty < 3 || !(*data)->pvBuffer) return SEC_E_INVALID_TOKEN;
    return SEC_E_OK;
}

static void set_buffer( SecBuffer *buf, ULONG type, BYTE *ptr, ULONG len )
{
    buf->BufferType = type;
    buf->pvBuffer = ptr;
    buf->cbBuffer = len;
}

static SECURITY_STATUS record_status( struct schan_context *ctx, const struct decrypt_params *params )
{
    switch (params->result)
    {
    case TLS_RECORD_DATA:
        if (ctx->datagram && dtls_record_number( params->input ) > ctx->last_record)
            ctx->last_record = dtls_record_number( params->input );
        return SEC_E_OK;
    case TLS_RECORD_CLOSED:
        ctx->state = SCHAN_CLOSED;
        return SEC_I_CONTEXT_EXPIRED;
    case TLS_RECORD_RENEGOTIATE:
        ctx->renegotiating = TRUE;
        ctx->skip = params->input_len;
        return SEC_I_RENEGOTIATE;
    case TLS_RECORD_DROPPED:
        /* DTLS goes on: a replayed record is reported as Windows reports it */
        if (dtls_record_number( params->input ) <= ctx->last_record) return SEC_E_OUT_OF_SEQUENCE;
        return SEC_E_DECRYPT_FAILURE;
    default:
        ctx->state = SCHAN_FAILED;
        ctx->alert = params->alert;
        WARN( "record refused, alert %u\n", params->alert );
        return params->alert == 20 ? SEC_E_DECRYPT_FAILURE : SEC_E_ILLEGAL_MESSAGE;  /* bad_record_mac */
    }
}

NTSTATUS NTAPI schan_SpUnsealMessage( LSA_SEC_HANDLE handle, SecBufferDesc *msg, ULONG seq, ULONG *qop )
{
    struct schan_context *ctx = user_context( handle );
    struct decrypt_params params = { 0 };
    SecBuffer *data;
    SECURITY_STATUS status;
    size_t used, missing;
    BYTE *buf, *plain;
    ULONG record_len, total;

    TRACE( "%p %p %lu %p\n", (void *)handle, msg, seq, qop );
    if (!ctx) return SEC_E_INVALID_HANDLE;
    if ((status = check_layout( msg, &data ))) return status;
    if (qop) *qop = 0;
    if (ctx->state == SCHAN_CLOSED) return SEC_I_CONTEXT_EXPIRED;
    if (ctx->state != SCHAN_ESTABLISHED) return SEC_E_CONTEXT_EXPIRED;

    buf = data->pvBuffer;
    total = data->cbBuffer;
    switch (tls_record_scan( buf, total, ctx->datagram, &used, &missing ))
    {
    case TLS_RECORD_INVALID:
        WARN( "not a TLS record\n" );
        return SEC_E_ILLEGAL_MESSAGE;
    case TLS_RECORD_INCOMPLETE:
        set_buffer( data, SECBUFFER_MISSING, NULL, missing );
        return SEC_E_INCOMPLETE_MESSAGE;
    case TLS_RECORD_COMPLETE:
        break;
    }
    record_len = tls_record_size( buf, ctx->datagram );
    /* in place: GnuTLS writes the plaintext after it has read and checked the whole record */
    params.session = ctx->session;
    params.input = buf;
    params.input_len = record_len;
    params.output = buf + ctx->info.header_size;
    params.output_size = record_len - ctx->info.header_size;
    EnterCriticalSection( &ctx->cs );
    if (record_len <= ctx->info.header_size)
    {
        /* too short to hold a tag: refused as GnuTLS refuses a record that fails to decrypt,
         * which DTLS drops (RFC 6347 4.1.2.7) */
        params.result = ctx->datagram ? TLS_RECORD_DROPPED : TLS_RECORD_ALERT;
        params.alert = 20;  /* bad_record_mac */
        status = record_status( ctx, &params );
    }
    else if (schan_call( unix_decrypt, &params )) status = SEC_E_INTERNAL_ERROR;
    else status = record_status( ctx, &params );
    LeaveCriticalSection( &ctx->cs );

    if (status == SEC_I_RENEGOTIATE)
    {
        /* the handshake record and what follows, for ISC or ASC, as Windows hands them back */
        set_buffer( &msg->pBuffers[0], SECBUFFER_STREAM_HEADER, buf, 0 );
        set_buffer( &msg->pBuffers[1], SECBUFFER_DATA, buf, 0 );
        set_buffer( &msg->pBuffers[2], SECBUFFER_STREAM_TRAILER, buf, 0 );
        set_buffer( &msg->pBuffers[3], SECBUFFER_EXTRA, buf, total );
    }
    else if (ctx->datagram && (status == SEC_E_OUT_OF_SEQUENCE || status == SEC_E_DECRYPT_FAILURE))
    {
        /* the datagram's other records are still to be read */
        if (total > record_len) set_buffer( &msg->pBuffers[3], SECBUFFER_EXTRA, buf + record_len, total - record_len );
    }
    else if (!FAILED( status ))
    {
        plain = params.output;
        set_buffer( &msg->pBuffers[0], SECBUFFER_STREAM_HEADER, buf, plain - buf );
        set_buffer( &msg->pBuffers[1], SECBUFFER_DATA, plain, params.output_len );
        set_buffer( &msg->pBuffers[2], SECBUFFER_STREAM_TRAILER, plain + params.output_len,
                    record_len - (plain - buf) - params.output_len );
        if (total > record_len) set_buffer( &msg->pBuffers[3], SECBUFFER_EXTRA, buf + record_len, total - record_len );
        else set_buffer( &msg->pBuffers[3], SECBUFFER_EMPTY, NULL, 0 );
    }
    return status;
}
