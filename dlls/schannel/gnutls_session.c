/*
 * schannel.so: credentials (a certificate chain and its key) and sessions,
 * whose transport is the memory the calls pass in and out.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gnutls_priv.h"

static void free_cred( struct tls_cred *cred )
{
    unsigned int i, j;

    if (cred->gnutls) gnutls_certificate_free_credentials( cred->gnutls );
    for (i = 0; i < cred->chain_count; i++)
    {
        for (j = 0; j < cred->chains[i].pcert_count; j++) gnutls_pcert_deinit( &cred->chains[i].pcerts[j] );
        free( cred->chains[i].pcerts );
        if (cred->chains[i].key) gnutls_privkey_deinit( cred->chains[i].key );
    }
    free( cred->chains );
    if (cred->priority) gnutls_priority_deinit( cred->priority );
    pthread_mutex_destroy( &cred->priority_lock );
    free( cred );
}

/* Whether the chain has a certificate issued by one the server names. */
static int issued_by( const struct tls_chain *chain, const gnutls_datum_t *issuers, unsigned int count )
{
    unsigned int i, j;
    int found = 0;

    for (i = 0; i < chain->pcert_count && !found; i++)
    {
        gnutls_x509_crt_t crt;
        gnutls_datum_t dn;

        if (gnutls_x509_crt_init( &crt )) return 0;
        if (!gnutls_x509_crt_import( crt, &chain->pcerts[i].cert, GNUTLS_X509_FMT_DER ) &&
            !gnutls_x509_crt_get_raw_issuer_dn( crt, &dn ))
        {
            for (j = 0; j < count && !found; j++)
                found = dn.size == issuers[j].size && !memcmp( dn.data, issuers[j].data, dn.size );
            gnutls_free( dn.data );
        }
        gnutls_x509_crt_deinit( crt );
    }
    return found;
}

/* Whether the peer can verify the chain's key's signatures (as it said in
 * its signature algorithms, if it did), and for a server whether the
 * certificate has the name the client asked for, if it did. */
static int acceptable( gnutls_session_t s, const struct tls_chain *chain, int server )
{
    gnutls_pk_algorithm_t pk = gnutls_pubkey_get_pk_algorithm( chain->pcerts[0].pubkey, NULL );
    gnutls_sign_algorithm_t sign;
    char name[256];
    size_t len = sizeof(name);
    unsigned int i, type;
    int ok = 0;

    for (i = 0; !gnutls_sign_algorithm_get_requested( s, i, &sign ) && !ok; i++)
        ok = gnutls_sign_supports_pk_algorithm( sign, pk );
    if (!i) ok = 1;
    if (ok && server && !gnutls_server_name_get( s, name, &len, &type, 0 ) && type == GNUTLS_NAME_DNS)
    {
        gnutls_x509_crt_t crt;

        if (gnutls_x509_crt_init( &crt )) return 0;
        ok = !gnutls_x509_crt_import( crt, &chain->pcerts[0].cert, GNUTLS_X509_FMT_DER ) &&
             gnutls_x509_crt_check_hostname( crt, name );
        gnutls_x509_crt_deinit( crt );
    }
    return ok;
}

/* The chain this handshake presents, as 1 + its index, or 0. */
static unsigned int choose_chain( gnutls_session_t s, struct tls_session *session, const struct gnutls_cert_retr_st *info )
{
    struct tls_cred *cred = session->cred;
    unsigned int i;

    if (cred->chain_count <= 1 && !(cred->flags & TLS_CRED_BY_ISSUER)) return cred->chain_count;
    if (!session->server && (session->flags & TLS_SUPPLIED_ONLY) && (cred->flags & TLS_CRED_BY_ISSUER)) return 0;
    for (i = 0; i < cred->chain_count; i++)
    {
        if (!acceptable( s, &cred->chains[i], session->server )) continue;
        if (session->server || !info->nreqs ||
            issued_by( &cred->chains[i], info->req_ca_rdn, info->nreqs ))
            return i + 1;
    }
    /* a server keeps its first; a client sends what it was given, but chooses nothing itself */
    return session->server || !(cred->flags & TLS_CRED_BY_ISSUER) ? 1 : 0;
}

/* What we present when the peer asks: a chain, or nothing, which a client notes. */
static int retrieve_cert( gnutls_session_t s, const struct gnutls_cert_retr_st *info, gnutls_pcert_st **pcert,
                          unsigned int *pcert_length, gnutls_ocsp_data_st **ocsp, unsigned int *ocsp_length,
                          gnutls_privkey_t *key, unsigned int *flags )
{
    struct tls_session *session = gnutls_session_get_ptr( s );
    const struct tls_chain *chain;

    *ocsp = NULL;
    *ocsp_length = 0;
    *flags = 0;
    if (!(session->identity = choose_chain( s, session, info )))
    {
        if (!session->server) session->cert_requested = 1;
        *pcert = NULL;
        *pcert_length = 0;
        *key = NULL;
        return 0;
    }
    chain = &session->cred->chains[session->identity - 1];
    *pcert = chain->pcerts;
    *pcert_length = chain->pcert_count;
    *key = chain->key;
    return 0;
}

/* An RSA key made again from n, e, p and q alone: Wine 8 exports some keys of
 * PKCS#12 files with the values after the first short one (d among them)
 * left at zero, which GnuTLS takes, and nettle then fails an assertion in the
 * middle of a handshake. GnuTLS computes d and the CRT values; NULL if it cannot. */
static gnutls_x509_privkey_t rebuilt_rsa( gnutls_x509_privkey_t key )
{
    gnutls_datum_t m, e, d, p, q, u, e1, e2;
    gnutls_x509_privkey_t rebuilt = NULL;

    if (!gnutls_x509_privkey_export_rsa_raw2( key, &m, &e, &d, &p, &q, &u, &e1, &e2 ))
    {
        if (!gnutls_x509_privkey_init( &rebuilt ) &&
            gnutls_x509_privkey_import_rsa_raw2( rebuilt, &m, &e, NULL, &p, &q, NULL, NULL, NULL ))
        {
            gnutls_x509_privkey_deinit( rebuilt );
            rebuilt = NULL;
        }
        gnutls_memset( d.data, 0, d.size );
        gnutls_memset( p.data, 0, p.size );
        gnutls_memset( q.data, 0, q.size );
        gnutls_memset( u.data, 0, u.size );
        gnutls_memset( e1.data, 0, e1.size );
        gnutls_memset( e2.data, 0, e2.size );
        gnutls_free( m.data ); gnutls_free( e.data ); gnutls_free( d.data ); gnutls_free( p.data );
        gnutls_free( q.data ); gnutls_free( u.data ); gnutls_free( e1.data ); gnutls_free( e2.data );
    }
    gnutls_x509_privkey_deinit( key );
    return rebuilt;
}

/* PKCS#1, SEC1 or PKCS#8 DER as a key for the handshakes. */
static int import_key( gnutls_privkey_t *out, const gnutls_datum_t *der )
{
    gnutls_x509_privkey_t key;
    int ret;

    *out = NULL;
    if (gnutls_x509_privkey_init( &key )) return -1;
    if (gnutls_x509_privkey_import2( key, der, GNUTLS_X509_FMT_DER, NULL, GNUTLS_PKCS_PLAIN ))
    {
        gnutls_x509_privkey_deinit( key );
        return -1;
    }
    if (gnutls_x509_privkey_get_pk_algorithm( key ) == GNUTLS_PK_RSA && !(key = rebuilt_rsa( key ))) return -1;
    ret = gnutls_privkey_init( out ) || gnutls_privkey_import_x509( *out, key, GNUTLS_PRIVKEY_IMPORT_COPY ) ? -1 : 0;
    gnutls_x509_privkey_deinit( key );
    return ret;
}

static int import_chain( struct tls_chain *chain, const struct tls_identity *id )
{
    gnutls_datum_t der = { (unsigned char *)id->key, id->key_len };
    size_t pos = 0;

    while (id->certs_len - pos >= 4)
    {
        const uint8_t *p = id->certs + pos;
        uint32_t size = p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
        gnutls_pcert_st *grown;

        pos += 4;
        if (size > id->certs_len - pos) return -1;
        if (!(grown = realloc( chain->pcerts, (chain->pcert_count + 1) * sizeof(*grown) ))) return -1;
        chain->pcerts = grown;
        der.data = (unsigned char *)id->certs + pos;
        der.size = size;
        if (gnutls_pcert_import_x509_raw( &chain->pcerts[chain->pcert_count], &der, GNUTLS_X509_FMT_DER, 0 ))
            return -1;
        chain->pcert_count++;
        pos += size;
    }
    if (pos != id->certs_len || !chain->pcert_count) return -1;
    der.data = (unsigned char *)id->key;
    der.size = id->key_len;
    return import_key( &chain->key, &der );
}

NTSTATUS cred_create( void *args )
{
    struct cred_create_params *params = args;
    struct tls_cred *cred = calloc( 1, sizeof(*cred) );
    unsigned int i;

    params->cred = 0;
    if (!cred) return STATUS_NO_MEMORY;
    pthread_mutex_init( &cred->priority_lock, NULL );
    cred->flags = params->flags;
    if (gnutls_certificate_allocate_credentials( &cred->gnutls )) goto failed;
    if (params->count && !(cred->chains = calloc( params->count, sizeof(*cred->chains) ))) goto failed;
    for (i = 0; i < params->count; i++)
    {
        cred->chain_count++;  /* freed with the others, however far it got */
        if (import_chain( &cred->chains[i], &params->ids[i] )) goto failed;
    }
    gnutls_certificate_set_retrieve_function3( cred->gnutls, retrieve_cert );
    params->cred = (tls_cred_t)(uintptr_t)cred;
    return STATUS_SUCCESS;

failed:
    free_cred( cred );
    return STATUS_INVALID_PARAMETER;
}

NTSTATUS cred_free( void *args )
{
    struct cred_free_params *params = args;
    struct tls_cred *cred = (struct tls_cred *)(uintptr_t)params->cred;

    if (cred) free_cred( cred );
    return STATUS_SUCCESS;
}

static ssize_t pull( gnutls_transport_ptr_t ptr, void *buf, size_t len )
{
    struct tls_session *session = ptr;
    size_t avail = session->in_len - session->in_pos;

    if (!avail)
    {
        gnutls_transport_set_errno( session->s, EAGAIN );
        return -1;
    }
    if (len > avail) len = avail;
    memcpy( buf, session->in + session->in_pos, len );
    session->in_pos += len;
    return len;
}

static int pull_timeout( gnutls_transport_ptr_t ptr, unsigned int ms )
{
    struct tls_session *session = ptr;
    size_t avail = session->in_len - session->in_pos;

    if (avail) return avail;
    /* DTLS: a time out, after which GnuTLS keeps its flight to send again, and
     * sends it again at once if it has sent its last (a Finished): that only in
     * a call without input, which is the caller's time out */
    if (session->datagram &&
        (session->resend || gnutls_handshake_get_last_out( session->s ) != GNUTLS_HANDSHAKE_FINISHED))
        return 0;
    gnutls_transport_set_errno( session->s, EAGAIN );
    return -1;
}

static ssize_t push( gnutls_transport_ptr_t ptr, const void *buf, size_t len )
{
    struct tls_session *session = ptr;

    /* once something waits, the rest waits behind it */
    if (session->direct && !session->out_len && len <= session->direct_size - session->direct_len)
    {
        memcpy( session->direct + session->direct_len, buf, len );
        session->direct_len += len;
        return len;
    }
    if (session->out_len + len > session->out_size)
    {
        size_t size = session->out_size ? session->out_size : 4096;
        uint8_t *grown;

        while (size < session->out_len + len) size *= 2;
        if (!(grown = realloc( session->out, size )))
        {
            gnutls_transport_set_errno( session->s, ENOMEM );
            return -1;
        }
        session->out = grown;
        session->out_size = size;
    }
    if (session->datagram)
    {
        if (session->datagram_count == sizeof(session->datagrams) / sizeof(session->datagrams[0]))
        {
            gnutls_transport_set_errno( session->s, ENOMEM );
            return -1;
        }
        session->datagrams[session->datagram_count++] = len;
    }
    memcpy( session->out + session->out_len, buf, len );
    session->out_len += len;
    return len;
}

/* What each TLS_OFF_* bit takes out of GnuTLS's priorities. */
static const struct
{
    UINT32      bit;
    const char *removed;
}
off_names[] =
{
    { TLS_OFF_AES_128_GCM, ":-AES-128-GCM" },
    { TLS_OFF_AES_256_GCM, ":-AES-256-GCM" },
    { TLS_OFF_AES_128_CBC, ":-AES-128-CBC" },
    { TLS_OFF_AES_256_CBC, ":-AES-256-CBC" },
    { TLS_OFF_AES_128_CCM, ":-AES-128-CCM:-AES-128-CCM-8" },
    { TLS_OFF_AES_256_CCM, ":-AES-256-CCM:-AES-256-CCM-8" },
    { TLS_OFF_3DES, ":-3DES-CBC" },
    { TLS_OFF_RC4, ":-ARCFOUR-128" },
    { TLS_OFF_CHACHA20, ":-CHACHA20-POLY1305" },
    { TLS_OFF_SHA1, ":-SHA1" },
    { TLS_OFF_SHA256, ":-SHA256" },
    { TLS_OFF_SHA384, ":-SHA384" },
    { TLS_OFF_RSA_KX, ":-RSA" },
    { TLS_OFF_DHE, ":-DHE-RSA:-DHE-DSS:-GROUP-FFDHE2048:-GROUP-FFDHE3072:-GROUP-FFDHE4096:-GROUP-FFDHE6144"
                   ":-GROUP-FFDHE8192" },
    { TLS_OFF_ECDHE_P256, ":-GROUP-SECP256R1" },
    { TLS_OFF_ECDHE_P384, ":-GROUP-SECP384R1" },
    { TLS_OFF_ECDHE_P521, ":-GROUP-SECP521R1" },
    { TLS_OFF_X25519, ":-GROUP-X25519" },
    { TLS_OFF_SIGN_RSA_PKCS1, ":-SIGN-RSA-SHA1:-SIGN-RSA-SHA256:-SIGN-RSA-SHA384:-SIGN-RSA-SHA512" },
    { TLS_OFF_SIGN_RSA_PSS, ":-SIGN-RSA-PSS-SHA256:-SIGN-RSA-PSS-SHA384:-SIGN-RSA-PSS-SHA512:-SIGN-RSA-PSS-RSAE-SHA256"
                            ":-SIGN-RSA-PSS-RSAE-SHA384:-SIGN-RSA-PSS-RSAE-SHA512" },
    { TLS_OFF_SIGN_ECDSA, ":-SIGN-ECDSA-SHA1:-SIGN-ECDSA-SHA256:-SIGN-ECDSA-SHA384:-SIGN-ECDSA-SHA512"
                          ":-SIGN-ECDSA-SECP256R1-SHA256:-SIGN-ECDSA-SECP384R1-SHA384:-SIGN-ECDSA-SECP521R1-SHA512" },
};

#define TLS_OFF_ECDHE (TLS_OFF_ECDHE_P256 | TLS_OFF_ECDHE_P384 | TLS_OFF_ECDHE_P521 | TLS_OFF_X25519)

/* Windows' defaults, the caller's versions and what its credentials turned
 * off, on GnuTLS's NORMAL set; the server's preference order wins, as with Windows. */
static int set_priority( struct tls_session *session, UINT32 versions, UINT32 off )
{
    struct tls_cred *cred = session->cred;
    char priority[sizeof(cred->priority_string)];
    size_t len;
    unsigned int i;
    int ret = 0;

    len = snprintf( priority, sizeof(priority), "NORMAL:-VERS-ALL%s%s%s%s%s%s%s",
                    versions & TLS_VERSION_1_3 ? ":+VERS-TLS1.3" : "",
                    versions & TLS_VERSION_1_2 ? ":+VERS-TLS1.2" : "",
                    versions & TLS_VERSION_1_1 ? ":+VERS-TLS1.1" : "",
                    versions & TLS_VERSION_1_0 ? ":+VERS-TLS1.0" : "",
                    versions & TLS_VERSION_DTLS_1_2 ? ":+VERS-DTLS1.2" : "",
                    versions & TLS_VERSION_DTLS_1_0 ? ":+VERS-DTLS1.0" : "",
                    session->server ? ":%SERVER_PRECEDENCE" : "" );
    for (i = 0; i < sizeof(off_names) / sizeof(off_names[0]) && len < sizeof(priority); i++)
        if (off & off_names[i].bit) len += snprintf( priority + len, sizeof(priority) - len, "%s", off_names[i].removed );
    /* TLS 1.2's elliptic-curve key exchanges go with the last curve */
    if ((off & TLS_OFF_ECDHE) == TLS_OFF_ECDHE && len < sizeof(priority))
        len += snprintf( priority + len, sizeof(priority) - len, ":-ECDHE-RSA:-ECDHE-ECDSA" );
    if (len >= sizeof(priority)) return GNUTLS_E_INVALID_REQUEST;

    pthread_mutex_lock( &cred->priority_lock );
    if (!cred->priority || strcmp( priority, cred->priority_string ))
    {
        gnutls_priority_t parsed;

        if (!(ret = gnutls_priority_init( &parsed, priority, NULL )))
        {
            if (cred->priority) gnutls_priority_deinit( cred->priority );
            cred->priority = parsed;
            strcpy( cred->priority_string, priority );
        }
    }
    if (!ret) ret = gnutls_priority_set( session->s, cred->priority );
    pthread_mutex_unlock( &cred->priority_lock );
    return ret;
}

static int set_alpn( struct tls_session *session, const UINT8 *list, size_t len )
{
    gnutls_datum_t protocols[16];
    unsigned int count = 0;
    size_t pos = 0;

    while (pos < len && count < 16)
    {
        size_t n = list[pos++];
        if (!n || n > len - pos) return -1;
        protocols[count].data = (unsigned char *)list + pos;
        protocols[count++].size = n;
        pos += n;
    }
    return count ? gnutls_alpn_set_protocols( session->s, protocols, count, GNUTLS_ALPN_SERVER_PRECEDENCE ) : 0;
}

/* A received key update that asks for ours: GnuTLS would send it before our
 * next data, where EncryptMessage has no room; we send it at once instead. */
static int key_update_hook( gnutls_session_t s, unsigned int type, unsigned int when, unsigned int incoming,
                            const gnutls_datum_t *msg )
{
    struct tls_session *session = gnutls_session_get_ptr( s );

    if (incoming && msg && msg->size >= 1 && msg->data[0] == 1) session->key_update_asked = 1;
    return 0;
}

static void free_session( struct tls_session *session )
{
    if (session->s) gnutls_deinit( session->s );
    free( session->out );
    if (session->ticket_key.data) gnutls_memset( session->ticket_key.data, 0, session->ticket_key.size );
    free( session->ticket_key.data );
    free( session );
}

NTSTATUS session_create( void *args )
{
    struct session_create_params *params = args;
    struct tls_session *session = calloc( 1, sizeof(*session) );
    unsigned int init_flags;

    params->session = 0;
    if (!session) return STATUS_NO_MEMORY;
    session->cred = (struct tls_cred *)(uintptr_t)params->cred;
    session->server = (params->flags & TLS_SERVER) != 0;
    session->flags = params->flags;
    session->datagram = (params->flags & TLS_DATAGRAM) != 0;
    init_flags = (session->server ? GNUTLS_SERVER : GNUTLS_CLIENT) | GNUTLS_NONBLOCK | GNUTLS_POST_HANDSHAKE_AUTH;
    if (session->server && (params->flags & TLS_NO_TICKETS)) init_flags |= GNUTLS_NO_TICKETS;
    if (session->datagram) init_flags |= GNUTLS_DATAGRAM;
    if (gnutls_init( &session->s, init_flags )) goto failed;

    gnutls_session_set_ptr( session->s, session );
    gnutls_transport_set_ptr( session->s, session );
    gnutls_transport_set_pull_function( session->s, pull );
    gnutls_transport_set_pull_timeout_function( session->s, pull_timeout );
    gnutls_transport_set_push_function( session->s, push );
    gnutls_handshake_set_timeout( session->s, 0 );
    if (session->datagram)
    {
        /* no timer of ours: a call without input is the caller's time out, and
         * resends at once; a handshake gives up after a minute, as RFC 6347 suggests */
        gnutls_dtls_set_timeouts( session->s, 0, 60000 );
        gnutls_dtls_set_mtu( session->s, params->mtu );
    }
    gnutls_handshake_set_hook_function( session->s, GNUTLS_HANDSHAKE_KEY_UPDATE, GNUTLS_HOOK_POST, key_update_hook );
    if (set_priority( session, params->versions, params->off ))
    {
        free_session( session );
        return STATUS_NOT_SUPPORTED;  /* nothing left to negotiate with */
    }
    if (gnutls_credentials_set( session->s, GNUTLS_CRD_CERTIFICATE, session->cred->gnutls )) goto failed;
    if (session->server && (params->flags & TLS_REQUEST_CLIENT_CERT))
        gnutls_certificate_server_set_request( session->s, GNUTLS_CERT_REQUEST );
    if (params->server_name && params->server_name[0] &&
        gnutls_server_name_set( session->s, GNUTLS_NAME_DNS, params->server_name, strlen( params->server_name ) ))
        goto failed;
    if (params->alpn_len && set_alpn( session, params->alpn, params->alpn_len )) goto failed;
    if (session->server && params->ticket_key && !(params->flags & TLS_NO_TICKETS))
    {
        if (!(session->ticket_key.data = malloc( 64 ))) goto failed;
        memcpy( session->ticket_key.data, params->ticket_key, 64 );
        session->ticket_key.size = 64;
        if (gnutls_session_ticket_enable_server( session->s, &session->ticket_key )) goto failed;
    }
    if (!session->server && params->resume_len)
        gnutls_session_set_data( session->s, params->resume, params->resume_len );  /* a stale one is ignored */

    params->session = (tls_session_t)(uintptr_t)session;
    return STATUS_SUCCESS;

failed:
    free_session( session );
    return STATUS_INVALID_PARAMETER;
}

NTSTATUS session_free( void *args )
{
    struct session_free_params *params = args;
    struct tls_session *session = session_from_handle( params->session );

    if (session) free_session( session );
    return STATUS_SUCCESS;
}

NTSTATUS dtls_cookie( void *args )
{
    struct dtls_cookie_params *params = args;
    struct tls_session *session = session_from_handle( params->session );
    gnutls_datum_t key = { (unsigned char *)params->key, 32 };
    gnutls_dtls_prestate_st prestate;

    params->output_len = params->verified = 0;
    if (!session->datagram || !session->server) return STATUS_NOT_SUPPORTED;
    memset( &prestate, 0, sizeof(prestate) );
    if (!gnutls_dtls_cookie_verify( &key, (void *)params->client, params->client_len, (void *)params->input,
                                    params->input_len, &prestate ))
    {
        /* the handshake goes on from the hello that had it */
        gnutls_dtls_prestate_set( session->s, &prestate );
        params->verified = 1;
        return STATUS_SUCCESS;
    }
    discard_output( session );
    if (gnutls_dtls_cookie_send( &key, (void *)params->client, params->client_len, &prestate, session, push ) < 0)
        return STATUS_INTERNAL_ERROR;
    params->output_len = take_datagram( session, params->output, params->output_size );
    discard_output( session );
    return params->output_len ? STATUS_SUCCESS : STATUS_BUFFER_TOO_SMALL;
}
