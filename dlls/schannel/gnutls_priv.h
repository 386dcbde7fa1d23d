/*
 * schannel.so internals: credentials and sessions over GnuTLS, with records
 * passed in and out through memory instead of a socket.
 */
#ifndef __SCHANNEL_GNUTLS_PRIV_H
#define __SCHANNEL_GNUTLS_PRIV_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/dtls.h>

#include "unixlib.h"

/* A chain we present and its key. */
struct tls_chain
{
    gnutls_pcert_st *pcerts;
    unsigned int     pcert_count;
    gnutls_privkey_t key;
};

struct tls_cred
{
    gnutls_certificate_credentials_t gnutls;
    struct tls_chain                *chains;
    unsigned int                     chain_count;
    unsigned int                     flags;       /* TLS_CRED_* */
    /* the priorities its sessions were last given, parsed once: GnuTLS counts their users */
    pthread_mutex_t                  priority_lock;
    gnutls_priority_t                priority;
    char                             priority_string[1024];
};

struct tls_session
{
    gnutls_session_t s;
    struct tls_cred *cred;
    int              server;
    int              datagram;        /* DTLS */
    int              resend;          /* DTLS: a handshake call without input, after the caller's time out */
    int              reauth;          /* TLS 1.3 server: a post-handshake authentication is under way */
    int              cert_requested;  /* client: the server asked and we had nothing */
    unsigned int     flags;           /* of session_create */
    unsigned int     identity;        /* 1 + the chain we presented, 0 for none */
    int              done;            /* the last handshake completed */
    int              key_update_asked;/* the peer's TLS 1.3 key update wants ours in return */
    gnutls_datum_t   ticket_key;
    /* the input of the current call */
    const uint8_t   *in;
    size_t           in_len, in_pos;
    /* the caller's output buffer of the current call, written straight into */
    uint8_t         *direct;
    size_t           direct_len, direct_size;
    /* output that did not fit there, waiting for the next call; a datagram
     * session's, a datagram at a time, with their lengths */
    uint8_t         *out;
    size_t           out_len, out_size;
    uint32_t         datagrams[64];
    unsigned int     datagram_count;
};

static inline struct tls_session *session_from_handle( tls_session_t handle )
{
    return (struct tls_session *)(uintptr_t)handle;
}

/* gnutls_session.c */
NTSTATUS cred_create( void *args );
NTSTATUS cred_free( void *args );
NTSTATUS session_create( void *args );
NTSTATUS session_free( void *args );
NTSTATUS dtls_cookie( void *args );

/* gnutls_record.c */
NTSTATUS tls_handshake( void *args );
NTSTATUS tls_encrypt( void *args );
NTSTATUS tls_decrypt( void *args );
NTSTATUS tls_shutdown( void *args );
NTSTATUS tls_renegotiate( void *args );
NTSTATUS tls_set_mtu( void *args );
/* Makes BUF the place for the output of the next GnuTLS calls, after what
 * earlier calls left pending; finish_output() says how much went there and
 * returns what did not fit. */
void begin_output( struct tls_session *session, uint8_t *buf, size_t size );
size_t finish_output( struct tls_session *session, size_t *len );
/* A datagram session's first waiting datagram into BUF: its length, or 0 when
 * none waits or it does not fit. */
size_t take_datagram( struct tls_session *session, uint8_t *buf, size_t size );
/* Forgets pending output. */
void discard_output( struct tls_session *session );
/* Record header and explicit nonce of the session's records. */
size_t record_header_size( gnutls_session_t s );

/* gnutls_info.c */
NTSTATUS connection_info( void *args );
NTSTATUS peer_certificate( void *args );
NTSTATUS channel_binding( void *args );
NTSTATUS keying_material( void *args );
NTSTATUS session_data( void *args );

#endif
