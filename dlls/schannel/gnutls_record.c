/*
 * schannel.so: handshake steps, records in and out, and alerts. The caller
 * hands over whole records only, so GnuTLS never holds a partial one.
 */
#include <stdlib.h>
#include <string.h>

#include "gnutls_priv.h"

void begin_output( struct tls_session *session, uint8_t *buf, size_t size )
{
    size_t n = session->out_len < size ? session->out_len : size;

    if (n)
    {
        memcpy( buf, session->out, n );
        memmove( session->out, session->out + n, session->out_len - n );
        session->out_len -= n;
    }
    if (!session->out_len) discard_output( session );
    session->direct = buf;
    session->direct_len = n;
    session->direct_size = size;
}

size_t finish_output( struct tls_session *session, size_t *len )
{
    *len = session->direct_len;
    session->direct = NULL;
    session->direct_len = session->direct_size = 0;
    return session->out_len;
}

void discard_output( struct tls_session *session )
{
    free( session->out );
    session->out = NULL;
    session->out_len = session->out_size = 0;
    session->datagram_count = 0;
}

size_t take_datagram( struct tls_session *session, uint8_t *buf, size_t size )
{
    size_t len;

    if (!session->datagram_count || (len = session->datagrams[0]) > size) return 0;
    if (len > session->out_len)
    {
        discard_output( session );
        return 0;
    }
    memcpy( buf, session->out, len );
    memmove( session->out, session->out + len, session->out_len - len );
    session->out_len -= len;
    memmove( session->datagrams, session->datagrams + 1, --session->datagram_count * sizeof(session->datagrams[0]) );
    if (!session->out_len) discard_output( session );
    return len;
}

size_t record_header_size( gnutls_session_t s )
{
    gnutls_cipher_algorithm_t cipher = gnutls_cipher_get( s );
    gnutls_protocol_t version = gnutls_protocol_get_version( s );
    size_t header = version == GNUTLS_DTLS1_0 || version == GNUTLS_DTLS1_2 ? 13 : 5;

    if (version == GNUTLS_TLS1_3) return header;
    switch (cipher)
    {
    case GNUTLS_CIPHER_AES_128_GCM:
    case GNUTLS_CIPHER_AES_256_GCM:
    case GNUTLS_CIPHER_AES_128_CCM:
    case GNUTLS_CIPHER_AES_256_CCM:
    case GNUTLS_CIPHER_AES_128_CCM_8:
    case GNUTLS_CIPHER_AES_256_CCM_8:
        return header + 8;
    case GNUTLS_CIPHER_CHACHA20_POLY1305:
    case GNUTLS_CIPHER_NULL:
        return header;
    default:  /* CBC: an explicit IV of one block since TLS 1.1 (and in DTLS) */
        if (version == GNUTLS_TLS1_0) return header;
        return header + gnutls_cipher_get_block_size( cipher );
    }
}

static void begin( struct tls_session *session, const UINT8 *input, UINT32 len )
{
    session->in = input;
    session->in_len = len;
    session->in_pos = 0;
}

/* The alert for a failure: the one received, or the one we send for it. */
static UINT32 failure_alert( struct tls_session *session, int ret )
{
    int level;
    gnutls_alert_description_t alert;

    if (ret == GNUTLS_E_FATAL_ALERT_RECEIVED || ret == GNUTLS_E_WARNING_ALERT_RECEIVED)
        return gnutls_alert_get( session->s );
    alert = gnutls_error_to_alert( ret, &level );
    gnutls_alert_send( session->s, GNUTLS_AL_FATAL, alert );
    return alert;
}

NTSTATUS tls_handshake( void *args )
{
    struct handshake_params *params = args;
    struct tls_session *session = session_from_handle( params->session );
    size_t len, pending;
    int ret = GNUTLS_E_AGAIN, drain_only;

    params->consumed = params->output_len = params->output_pending = params->alert = params->alert_received = 0;
    params->step = TLS_STEP_CONTINUE;
    /* output that did not fit last time goes first, before any more input; and
     * after TLS 1.3's post-handshake messages there is only output to send */
    drain_only = !params->input_len && (session->out_len || (session->done && !session->reauth &&
                                        gnutls_protocol_get_version( session->s ) == GNUTLS_TLS1_3));
    /* a datagram session's output waits whole, to go out one datagram at a time */
    if (session->datagram) begin_output( session, NULL, 0 );
    else begin_output( session, params->output, params->output_size );
    if (drain_only) params->step = session->done ? TLS_STEP_DONE : TLS_STEP_CONTINUE;
    else
    {
        begin( session, params->input, params->input_len );
        session->resend = !params->input_len;
        do ret = session->reauth ? gnutls_reauth( session->s, 0 ) : gnutls_handshake( session->s );
        while (ret == GNUTLS_E_AGAIN && session->in_pos < session->in_len);
        session->resend = 0;
        if (ret != GNUTLS_E_AGAIN && ret != GNUTLS_E_INTERRUPTED) session->reauth = 0;
        params->consumed = session->in_pos;
        begin( session, NULL, 0 );

        session->done = !ret;
        if (!ret) params->step = TLS_STEP_DONE;
        else if (ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED || ret == GNUTLS_E_GOT_APPLICATION_DATA ||
                 ret == GNUTLS_E_WARNING_ALERT_RECEIVED)
            params->step = TLS_STEP_CONTINUE;
        else
        {
            params->step = TLS_STEP_FAILED;
            params->alert = failure_alert( session, ret );
            params->alert_received = ret == GNUTLS_E_FATAL_ALERT_RECEIVED;
        }
    }
    pending = finish_output( session, &len );
    if (session->datagram)
    {
        len = take_datagram( session, params->output, params->output_size );
        pending = session->out_len;
    }
    params->output_len = len;
    params->output_pending = pending;
    params->cert_requested = session->cert_requested;
    return STATUS_SUCCESS;
}

NTSTATUS tls_encrypt( void *args )
{
    struct encrypt_params *params = args;
    struct tls_session *session = session_from_handle( params->session );
    size_t len, pending;
    ssize_t ret;

    params->output_len = params->header_len = 0;
    discard_output( session );
    begin_output( session, params->output, params->output_size );
    ret = gnutls_record_send( session->s, params->data, params->data_len );
    pending = finish_output( session, &len );
    if (ret != (ssize_t)params->data_len || pending)
    {
        params->output_len = len + pending;
        discard_output( session );
        return ret == (ssize_t)params->data_len ? STATUS_BUFFER_TOO_SMALL : STATUS_INTERNAL_ERROR;
    }
    params->output_len = len;
    params->header_len = record_header_size( session->s );
    return STATUS_SUCCESS;
}

NTSTATUS tls_decrypt( void *args )
{
    struct decrypt_params *params = args;
    struct tls_session *session = session_from_handle( params->session );
    ssize_t ret;

    unsigned int dropped = session->datagram ? gnutls_record_get_discarded( session->s ) : 0;

    params->output_len = params->alert = 0;
    begin( session, params->input, params->input_len );
    ret = gnutls_record_recv( session->s, params->output, params->output_size );
    begin( session, NULL, 0 );

    /* DTLS throws away what it cannot take, and the session goes on */
    if (session->datagram && (unsigned int)gnutls_record_get_discarded( session->s ) != dropped)
    {
        params->result = TLS_RECORD_DROPPED;
        return STATUS_SUCCESS;
    }

    if (ret > 0)
    {
        params->result = TLS_RECORD_DATA;
        params->output_len = ret;
    }
    else if (!ret) params->result = TLS_RECORD_CLOSED;
    else if (ret == GNUTLS_E_REHANDSHAKE) params->result = TLS_RECORD_RENEGOTIATE;
    else if (ret == GNUTLS_E_REAUTH_REQUEST)
    {
        /* the server wants our certificate after the handshake: the next handshake call answers */
        session->reauth = 1;
        params->result = TLS_RECORD_RENEGOTIATE;
    }
    else if (ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED)
    {
        /* a record with no data: a TLS 1.3 ticket or key update, which GnuTLS took in */
        if (session->key_update_asked)
        {
            /* our key update now, with an empty record GnuTLS sends after it */
            session->key_update_asked = 0;
            gnutls_record_send( session->s, NULL, 0 );
        }
        params->result = session->out_len || gnutls_protocol_get_version( session->s ) == GNUTLS_TLS1_3
                         ? TLS_RECORD_RENEGOTIATE : TLS_RECORD_DATA;
    }
    else if (ret == GNUTLS_E_WARNING_ALERT_RECEIVED)
    {
        params->result = TLS_RECORD_DATA;
        params->alert = gnutls_alert_get( session->s );
    }
    else
    {
        params->result = TLS_RECORD_ALERT;
        params->alert = failure_alert( session, ret );
    }
    return STATUS_SUCCESS;
}

NTSTATUS tls_renegotiate( void *args )
{
    struct renegotiate_params *params = args;
    struct tls_session *session = session_from_handle( params->session );
    int ret;

    params->handshake = params->refused = 0;
    begin( session, NULL, 0 );
    if (params->client_cert) gnutls_certificate_server_set_request( session->s, GNUTLS_CERT_REQUEST );
    if (gnutls_protocol_get_version( session->s ) == GNUTLS_TLS1_3 && params->client_cert)
    {
        if (!(gnutls_session_get_flags( session->s ) & GNUTLS_SFLAGS_POST_HANDSHAKE_AUTH))
        {
            params->refused = 1;
            return STATUS_SUCCESS;
        }
        params->handshake = session->reauth = 1;
        session->done = 0;
        ret = gnutls_reauth( session->s, 0 );
    }
    else if (gnutls_protocol_get_version( session->s ) == GNUTLS_TLS1_3)
        ret = gnutls_session_key_update( session->s, GNUTLS_KU_PEER );
    else
    {
        params->handshake = 1;
        session->done = 0;
        ret = session->server ? gnutls_rehandshake( session->s ) : gnutls_handshake( session->s );
    }
    return ret && ret != GNUTLS_E_AGAIN ? STATUS_NOT_SUPPORTED : STATUS_SUCCESS;
}

NTSTATUS tls_shutdown( void *args )
{
    struct shutdown_params *params = args;
    struct tls_session *session = session_from_handle( params->session );
    size_t len;

    /* the alert goes instead of what is left of a flight, in a datagram of its own */
    if (session->datagram) discard_output( session );
    begin_output( session, params->output, params->output_size );
    if (params->level == GNUTLS_AL_WARNING && params->alert == GNUTLS_A_CLOSE_NOTIFY)
        gnutls_bye( session->s, GNUTLS_SHUT_WR );
    else gnutls_alert_send( session->s, params->level, params->alert );
    params->output_len = 0;
    if (finish_output( session, &len )) return STATUS_BUFFER_TOO_SMALL;
    params->output_len = len;
    return STATUS_SUCCESS;
}

NTSTATUS tls_set_mtu( void *args )
{
    struct set_mtu_params *params = args;
    struct tls_session *session = session_from_handle( params->session );

    if (!session->datagram) return STATUS_NOT_SUPPORTED;
    gnutls_dtls_set_mtu( session->s, params->mtu );
    return STATUS_SUCCESS;
}
