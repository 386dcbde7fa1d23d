/*
 * The native reference of the in-process TLS benchmark: the measures of
 * driver.h with GnuTLS client and server sessions over memory, TLS 1.3 with
 * GnuTLS's default priorities, as our stack negotiates.
 *
 *   tls_gnutls CERT.pem KEY.pem SECONDS
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gnutls/gnutls.h>

typedef int BOOL;

/* bytes in flight one way */
struct pipe
{
    unsigned char buf[65536];
    size_t len, pos;
};

struct end
{
    gnutls_session_t s;
    struct pipe *in, *out;
};

struct pair
{
    struct end client, server;
};

/* one handshake or message at a time: the pairs share the pipes */
static struct pipe to_server, to_client;

static gnutls_certificate_credentials_t server_cred, client_cred;

static ssize_t pull( gnutls_transport_ptr_t ptr, void *data, size_t len )
{
    struct end *end = ptr;
    size_t avail = end->in->len - end->in->pos;

    if (!avail)
    {
        gnutls_transport_set_errno( end->s, EAGAIN );
        return -1;
    }
    if (len > avail) len = avail;
    memcpy( data, end->in->buf + end->in->pos, len );
    end->in->pos += len;
    if (end->in->pos == end->in->len) end->in->pos = end->in->len = 0;
    return len;
}

static ssize_t push( gnutls_transport_ptr_t ptr, const void *data, size_t len )
{
    struct end *end = ptr;
    if (end->out->len + len > sizeof(end->out->buf)) len = sizeof(end->out->buf) - end->out->len;
    memcpy( end->out->buf + end->out->len, data, len );
    end->out->len += len;
    return len;
}

static void init_end( struct end *end, unsigned int flags, gnutls_certificate_credentials_t cred, struct pipe *in,
                      struct pipe *out )
{
    gnutls_init( &end->s, flags | GNUTLS_NONBLOCK );
    gnutls_set_default_priority( end->s );
    gnutls_credentials_set( end->s, GNUTLS_CRD_CERTIFICATE, cred );
    gnutls_transport_set_ptr( end->s, end );
    gnutls_transport_set_pull_function( end->s, pull );
    gnutls_transport_set_push_function( end->s, push );
    gnutls_handshake_set_timeout( end->s, 0 );
    end->in = in;
    end->out = out;
}

static BOOL pair_handshake( struct pair *pair )
{
    int c = GNUTLS_E_AGAIN, s = GNUTLS_E_AGAIN, i;

    to_server.len = to_server.pos = to_client.len = to_client.pos = 0;
    init_end( &pair->client, GNUTLS_CLIENT, client_cred, &to_client, &to_server );
    init_end( &pair->server, GNUTLS_SERVER, server_cred, &to_server, &to_client );
    gnutls_server_name_set( pair->client.s, GNUTLS_NAME_DNS, "localhost", 9 );
    for (i = 0; i < 10 && (c || s); i++)
    {
        if (c) c = gnutls_handshake( pair->client.s );
        if (s) s = gnutls_handshake( pair->server.s );
        if ((c && c != GNUTLS_E_AGAIN) || (s && s != GNUTLS_E_AGAIN)) return 0;
    }
    to_client.len = to_client.pos = 0;   /* the tickets, left unread */
    return !c && !s;
}

static void pair_drop( struct pair *pair )
{
    gnutls_deinit( pair->client.s );
    gnutls_deinit( pair->server.s );
}

static BOOL pair_seal_unseal( struct pair *pair, unsigned char *data, size_t len )
{
    static unsigned char plain[16384 + 1024];

    if (gnutls_record_send( pair->client.s, data, len ) != (ssize_t)len) return 0;
    if (gnutls_record_recv( pair->server.s, plain, sizeof(plain) ) != (ssize_t)len) return 0;
    memcpy( data, plain, len );
    return 1;
}

#include "driver.h"

int main( int argc, char *argv[] )
{
    if (argc != 4) return 2;
    gnutls_global_init();
    gnutls_certificate_allocate_credentials( &server_cred );
    gnutls_certificate_allocate_credentials( &client_cred );
    if (gnutls_certificate_set_x509_key_file( server_cred, argv[1], argv[2], GNUTLS_X509_FMT_PEM ) < 0) return 1;
    return run_bench( atof( argv[3] ) );
}
