/*
 * Unit tests of schannel.so's calls, natively: a client and a server session
 * in one process, records passed between them in memory, with certificates
 * made here by GnuTLS.
 */
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/abstract.h>

#include "gnutls_priv.h"
#include "tls_keys.h"
#include "wine/test.h"

struct identity
{
    UINT8 certs[4096];
    UINT32 certs_len;
    UINT8 key[4096];
    UINT32 key_len;
};

/* A self-signed certificate for localhost, named DN, and its key, as DER. */
static void make_identity( struct identity *id, gnutls_pk_algorithm_t pk, unsigned int bits, const char *dn )
{
    gnutls_x509_privkey_t key;
    gnutls_x509_crt_t crt;
    size_t size;
    unsigned char serial = 1;

    gnutls_x509_privkey_init( &key );
    ok( !gnutls_x509_privkey_generate( key, pk, bits, 0 ), "key generation\n" );
    gnutls_x509_crt_init( &crt );
    gnutls_x509_crt_set_version( crt, 3 );
    gnutls_x509_crt_set_serial( crt, &serial, 1 );
    gnutls_x509_crt_set_activation_time( crt, time( NULL ) - 3600 );
    gnutls_x509_crt_set_expiration_time( crt, time( NULL ) + 3600 );
    gnutls_x509_crt_set_dn( crt, dn, NULL );
    gnutls_x509_crt_set_subject_alt_name( crt, GNUTLS_SAN_DNSNAME, "localhost", 9, GNUTLS_FSAN_SET );
    gnutls_x509_crt_set_key( crt, key );
    ok( !gnutls_x509_crt_sign2( crt, crt, key, GNUTLS_DIG_SHA256, 0 ), "signing\n" );
    size = sizeof(id->certs) - 4;
    ok( !gnutls_x509_crt_export( crt, GNUTLS_X509_FMT_DER, id->certs + 4, &size ), "certificate export\n" );
    id->certs[0] = size;
    id->certs[1] = size >> 8;
    id->certs[2] = id->certs[3] = 0;
    id->certs_len = size + 4;
    size = sizeof(id->key);
    ok( !gnutls_x509_privkey_export_pkcs8( key, GNUTLS_X509_FMT_DER, NULL, GNUTLS_PKCS_PLAIN, id->key, &size ),
        "key export\n" );
    id->key_len = size;
    gnutls_x509_crt_deinit( crt );
    gnutls_x509_privkey_deinit( key );
}

/* Credentials with COUNT identities. */
static tls_cred_t new_cred_of( const struct identity *ids, UINT32 count, UINT32 flags )
{
    struct tls_identity list[4];
    struct cred_create_params params = { list, count, flags };
    UINT32 i;

    for (i = 0; i < count; i++)
    {
        list[i].certs = ids[i].certs;
        list[i].certs_len = ids[i].certs_len;
        list[i].key = ids[i].key;
        list[i].key_len = ids[i].key_len;
    }
    ok( !cred_create( &params ), "cred_create\n" );
    return params.cred;
}

static tls_cred_t new_cred( const struct identity *id )
{
    return new_cred_of( id, id ? 1 : 0, 0 );
}

static tls_session_t new_session( tls_cred_t cred, UINT32 flags, UINT32 versions, const char *sni,
                                  const UINT8 *alpn, UINT32 alpn_len, const UINT8 *resume, UINT32 resume_len )
{
    static const UINT8 ticket_key[64] = { 1, 2, 3 };
    struct session_create_params params = { cred, flags, versions, 0, sni, alpn, alpn_len,
                                            (flags & TLS_SERVER) ? ticket_key : NULL, resume, resume_len };

    ok( !session_create( &params ), "session_create\n" );
    return params.session;
}

struct pipe
{
    UINT8 buf[65536];
    UINT32 len;
};

/* One side's step on what the other sent; returns its tls_step. What a
 * finished handshake leaves over stays in IN, as SECBUFFER_EXTRA would. */
/* The most output a step takes at once, as a caller with a small buffer; 0 for no limit. */
static UINT32 output_limit;

static UINT32 step( tls_session_t session, struct pipe *in, struct pipe *out, UINT32 *cert_requested )
{
    struct handshake_params params = { session, in->buf, in->len };

    params.output = out->buf + out->len;
    params.output_size = sizeof(out->buf) - out->len;
    if (output_limit && params.output_size > output_limit) params.output_size = output_limit;
    tls_handshake( &params );
    ok( params.consumed == in->len || params.step != TLS_STEP_CONTINUE, "consumed %u of %u\n", params.consumed,
        in->len );
    memmove( in->buf, in->buf + params.consumed, in->len - params.consumed );
    in->len -= params.consumed;
    out->len += params.output_len;
    while (params.output_pending)
    {
        /* the rest with no more input, as the PE side takes it */
        UINT32 step = params.step;

        ok( output_limit != 0, "output pending\n" );
        params.input = NULL;
        params.input_len = 0;
        params.output = out->buf + out->len;
        params.output_size = output_limit;
        tls_handshake( &params );
        ok( params.step == step, "step %u after %u\n", params.step, step );
        out->len += params.output_len;
    }
    if (cert_requested) *cert_requested = params.cert_requested;
    return params.step;
}

/* Records after the handshake that carry no data (TLS 1.3 tickets), one at a time. */
static void take_records( tls_session_t session, struct pipe *in )
{
    UINT8 plain[20000];
    UINT32 pos = 0;

    while (in->len - pos >= 5)
    {
        UINT32 len = 5 + (in->buf[pos + 3] << 8 | in->buf[pos + 4]);
        struct decrypt_params params = { session, in->buf + pos, len, plain, sizeof(plain) };

        tls_decrypt( &params );
        ok( params.result == TLS_RECORD_RENEGOTIATE && !params.output_len, "record after the handshake: %u\n",
            params.result );
        pos += len;
    }
    ok( pos == in->len, "%u bytes left\n", in->len - pos );
    in->len = 0;
}

/* Runs the handshake to its end; returns whether both sides finished. */
static int run_handshake( tls_session_t client, tls_session_t server, UINT32 *cert_requested )
{
    struct pipe *to_server = calloc( 1, sizeof(*to_server) ), *to_client = calloc( 1, sizeof(*to_client) );
    UINT32 c = TLS_STEP_CONTINUE, s = TLS_STEP_CONTINUE;
    int i;

    for (i = 0; i < 10 && (c != TLS_STEP_DONE || s != TLS_STEP_DONE); i++)
    {
        if (c != TLS_STEP_DONE) c = step( client, to_client, to_server, cert_requested );
        if (c == TLS_STEP_FAILED) break;
        if (s != TLS_STEP_DONE) s = step( server, to_server, to_client, NULL );
        if (s == TLS_STEP_FAILED) break;
    }
    if (c == TLS_STEP_DONE) take_records( client, to_client );
    ok( !to_server->len, "%u bytes for the server left\n", to_server->len );
    free( to_server );
    free( to_client );
    return c == TLS_STEP_DONE && s == TLS_STEP_DONE;
}

/* DATA from one side to the other, through a record decrypted in place, as DecryptMessage does. */
static int transfer( tls_session_t from, tls_session_t to, const char *data )
{
    UINT8 record[20000];
    struct encrypt_params enc = { from, (const UINT8 *)data, strlen( data ), record, sizeof(record) };
    struct decrypt_params dec = { to, record };

    if (tls_encrypt( &enc )) return 0;
    ok( enc.header_len >= 5 && enc.output_len > enc.header_len + enc.data_len, "header %u, record %u\n",
        enc.header_len, enc.output_len );
    dec.input_len = enc.output_len;
    dec.output = record + enc.header_len;
    dec.output_size = enc.output_len - enc.header_len;
    tls_decrypt( &dec );
    return dec.result == TLS_RECORD_DATA && dec.output_len == strlen( data ) && !memcmp( dec.output, data, dec.output_len );
}

static void free_cred_handle( tls_cred_t cred )
{
    struct cred_free_params params = { cred };
    cred_free( &params );
}

static void free_pair( tls_session_t client, tls_session_t server )
{
    struct session_free_params c = { client }, s = { server };
    session_free( &c );
    session_free( &s );
}

static void test_versions( tls_cred_t server_cred, tls_cred_t client_cred )
{
    static const UINT32 versions[] = { TLS_VERSION_1_3, TLS_VERSION_1_2, TLS_VERSION_1_2 | TLS_VERSION_1_3 };
    static const UINT32 expect[] = { TLS_VERSION_1_3, TLS_VERSION_1_2, TLS_VERSION_1_3 };
    int i;

    for (i = 0; i < 3; i++)
    {
        tls_session_t client = new_session( client_cred, 0, versions[i], "localhost", NULL, 0, NULL, 0 );
        tls_session_t server = new_session( server_cred, TLS_SERVER, versions[i], NULL, NULL, 0, NULL, 0 );
        struct connection_info_params info = { server };

        winetest_push_context( "versions %#x", versions[i] );
        ok( run_handshake( client, server, NULL ), "handshake\n" );
        ok( transfer( client, server, "hello server" ), "client to server\n" );
        ok( transfer( server, client, "hello client" ), "server to client\n" );
        connection_info( &info );
        ok( info.version == expect[i], "version %#x\n", info.version );
        ok( info.suite_id != 0 && info.cipher_suite[0], "suite %04x %s\n", info.suite_id, info.cipher_suite );
        ok( info.cipher_bits >= 128, "cipher bits %u\n", info.cipher_bits );
        ok( info.max_data >= 16384 || info.max_data == 16383, "max data %u\n", info.max_data );
        ok( info.trailer_size >= 16, "trailer %u\n", info.trailer_size );
        ok( !strcmp( info.server_name, "localhost" ), "SNI %s\n", info.server_name );
        winetest_pop_context();
        free_pair( client, server );
    }

    /* no common version */
    {
        tls_session_t client = new_session( client_cred, 0, TLS_VERSION_1_2, NULL, NULL, 0, NULL, 0 );
        tls_session_t server = new_session( server_cred, TLS_SERVER, TLS_VERSION_1_3, NULL, NULL, 0, NULL, 0 );
        ok( !run_handshake( client, server, NULL ), "handshake without a common version\n" );
        free_pair( client, server );
    }
}

/* Flights bigger than the caller's buffer come out over several calls, without disturbing the handshake. */
static void test_small_buffers( tls_cred_t server_cred, tls_cred_t client_cred )
{
    static const UINT32 versions[] = { TLS_VERSION_1_2, TLS_VERSION_1_3 };
    int i;

    output_limit = 100;
    for (i = 0; i < 2; i++)
    {
        tls_session_t client = new_session( client_cred, 0, versions[i], "localhost", NULL, 0, NULL, 0 );
        tls_session_t server = new_session( server_cred, TLS_SERVER, versions[i], NULL, NULL, 0, NULL, 0 );

        winetest_push_context( "version %#x", versions[i] );
        ok( run_handshake( client, server, NULL ), "handshake\n" );
        ok( transfer( client, server, "after small steps" ), "client to server\n" );
        ok( transfer( server, client, "after small steps" ), "server to client\n" );
        winetest_pop_context();
        free_pair( client, server );
    }
    output_limit = 0;
}

static void test_alpn_bindings_export( tls_cred_t server_cred, tls_cred_t client_cred )
{
    static const UINT8 client_alpn[] = "\x02h2\x08http/1.1", server_alpn[] = "\x08http/1.1";
    tls_session_t client = new_session( client_cred, 0, TLS_VERSION_1_3, "localhost", client_alpn,
                                        sizeof(client_alpn) - 1, NULL, 0 );
    tls_session_t server = new_session( server_cred, TLS_SERVER, TLS_VERSION_1_3 | TLS_VERSION_1_2, NULL,
                                        server_alpn, sizeof(server_alpn) - 1, NULL, 0 );
    struct connection_info_params info = { client };
    struct channel_binding_params cb_client = { client, TLS_BINDING_SERVER_END },
                                  cb_server = { server, TLS_BINDING_SERVER_END };
    UINT8 key_client[32], key_server[32];
    struct keying_material_params km_client = { client, "EXPORTER-test", NULL, 0, key_client, 32 },
                                  km_server = { server, "EXPORTER-test", NULL, 0, key_server, 32 };
    UINT8 certs[8192];
    struct peer_certificate_params peer = { client, certs, sizeof(certs) };

    ok( run_handshake( client, server, NULL ), "handshake\n" );
    connection_info( &info );
    ok( !strcmp( info.alpn, "http/1.1" ), "ALPN %s\n", info.alpn );
    ok( !channel_binding( &cb_client ) && !channel_binding( &cb_server ), "tls-server-end-point\n" );
    ok( cb_client.len == 32 && cb_client.len == cb_server.len && !memcmp( cb_client.data, cb_server.data, 32 ),
        "bindings differ (%u, %u)\n", cb_client.len, cb_server.len );
    ok( !keying_material( &km_client ) && !keying_material( &km_server ), "keying material\n" );
    ok( !memcmp( key_client, key_server, 32 ), "exported keys differ\n" );
    ok( !peer_certificate( &peer ) && peer.output_len > 100, "peer certificate: %u bytes\n", peer.output_len );
    peer.session = server;
    ok( peer_certificate( &peer ) == STATUS_NOT_FOUND, "a client certificate from nowhere\n" );
    free_pair( client, server );
}

static void test_client_certificate( tls_cred_t server_cred, tls_cred_t client_cred, tls_cred_t client_with_cert )
{
    UINT8 certs[8192];
    UINT32 requested = 0;
    tls_session_t client = new_session( client_cred, 0, TLS_VERSION_1_2, NULL, NULL, 0, NULL, 0 );
    tls_session_t server = new_session( server_cred, TLS_SERVER | TLS_REQUEST_CLIENT_CERT, TLS_VERSION_1_2, NULL,
                                        NULL, 0, NULL, 0 );
    struct peer_certificate_params peer = { server, certs, sizeof(certs) };

    ok( run_handshake( client, server, &requested ), "handshake without a client certificate\n" );
    ok( requested, "the client did not note the request\n" );
    free_pair( client, server );

    client = new_session( client_with_cert, 0, TLS_VERSION_1_3, NULL, NULL, 0, NULL, 0 );
    server = new_session( server_cred, TLS_SERVER | TLS_REQUEST_CLIENT_CERT, TLS_VERSION_1_3, NULL, NULL, 0, NULL, 0 );
    peer.session = server;
    ok( run_handshake( client, server, &requested ), "handshake with a client certificate\n" );
    ok( !requested, "noted a request the client answered\n" );
    ok( !peer_certificate( &peer ) && peer.output_len > 100, "client certificate: %u bytes\n", peer.output_len );
    free_pair( client, server );
}

static tls_session_t session_with( tls_cred_t cred, UINT32 flags, UINT32 off )
{
    struct session_create_params params = { cred, flags, TLS_VERSION_1_3, off };

    ok( !session_create( &params ), "session_create\n" );
    return params.session;
}

/* A TLS 1.3 handshake; returns the identity the server (SERVER_SIDE) or the client presented. */
static UINT32 presented( tls_cred_t client_cred, UINT32 client_flags, UINT32 client_off, tls_cred_t server_cred,
                         UINT32 server_flags, int server_side, UINT32 *requested )
{
    tls_session_t client = session_with( client_cred, client_flags, client_off );
    tls_session_t server = session_with( server_cred, TLS_SERVER | server_flags, 0 );
    struct connection_info_params info = { server_side ? server : client };

    *requested = 0;
    ok( run_handshake( client, server, requested ), "handshake\n" );
    connection_info( &info );
    free_pair( client, server );
    return info.identity;
}

/* The identity each handshake presents, of several. */
static void test_identities( struct identity *rsa, struct identity *ecdsa, tls_cred_t anonymous )
{
    struct identity *both = calloc( 2, sizeof(*both) ), *two = calloc( 2, sizeof(*two) );
    tls_cred_t server_cred, defaults;
    gnutls_datum_t ca;
    UINT32 id, requested;

    both[0] = *rsa;
    both[1] = *ecdsa;
    server_cred = new_cred_of( both, 2, 0 );

    /* a server: the first the client can verify */
    id = presented( anonymous, 0, TLS_OFF_SIGN_RSA_PKCS1 | TLS_OFF_SIGN_RSA_PSS, server_cred, 0, 1, &requested );
    ok( id == 2, "server identity with ECDSA only: %u\n", id );
    id = presented( anonymous, 0, TLS_OFF_SIGN_ECDSA, server_cred, 0, 1, &requested );
    ok( id == 1, "server identity with RSA only: %u\n", id );

    /* a client's defaults: one under an issuer the server names, or any when it names none */
    make_identity( &two[0], GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS( GNUTLS_ECC_CURVE_SECP256R1 ), "CN=another" );
    two[1] = *ecdsa;
    defaults = new_cred_of( two, 2, TLS_CRED_BY_ISSUER );
    id = presented( defaults, 0, 0, server_cred, TLS_REQUEST_CLIENT_CERT, 0, &requested );
    ok( id == 1 && !requested, "client identity %u, requested %u\n", id, requested );
    id = presented( defaults, TLS_SUPPLIED_ONLY, 0, server_cred, TLS_REQUEST_CLIENT_CERT, 0, &requested );
    ok( !id && requested, "supplied only: client identity %u, requested %u\n", id, requested );

    ca.data = ecdsa->certs + 4;
    ca.size = ecdsa->certs_len - 4;
    ok( gnutls_certificate_set_x509_trust_mem( ((struct tls_cred *)(uintptr_t)server_cred)->gnutls, &ca,
                                               GNUTLS_X509_FMT_DER ) == 1, "server trust\n" );
    id = presented( defaults, 0, 0, server_cred, TLS_REQUEST_CLIENT_CERT, 0, &requested );
    ok( id == 2 && !requested, "with an issuer list: client identity %u, requested %u\n", id, requested );

    free_cred_handle( server_cred );
    free_cred_handle( defaults );
    free( both );
    free( two );
}

static void test_resumption( tls_cred_t server_cred, tls_cred_t client_cred )
{
    static const UINT32 versions[] = { TLS_VERSION_1_2, TLS_VERSION_1_3 };
    UINT8 data[4096];
    int i;

    for (i = 0; i < 2; i++)
    {
        tls_session_t client = new_session( client_cred, 0, versions[i], NULL, NULL, 0, NULL, 0 );
        tls_session_t server = new_session( server_cred, TLS_SERVER, versions[i], NULL, NULL, 0, NULL, 0 );
        struct session_data_params saved = { client, data, sizeof(data) };
        struct connection_info_params info;

        winetest_push_context( "version %#x", versions[i] );
        ok( run_handshake( client, server, NULL ), "first handshake\n" );
        ok( !session_data( &saved ) && saved.output_len, "session data: %u bytes\n", saved.output_len );
        free_pair( client, server );

        client = new_session( client_cred, 0, versions[i], NULL, NULL, 0, data, saved.output_len );
        server = new_session( server_cred, TLS_SERVER, versions[i], NULL, NULL, 0, NULL, 0 );
        ok( run_handshake( client, server, NULL ), "resumed handshake\n" );
        info.session = server;
        connection_info( &info );
        ok( info.resumed, "server did not resume\n" );
        ok( transfer( client, server, "after resumption" ), "data after resumption\n" );
        free_pair( client, server );
        winetest_pop_context();
    }
}

static void test_close_and_tamper( tls_cred_t server_cred, tls_cred_t client_cred )
{
    tls_session_t client = new_session( client_cred, 0, TLS_VERSION_1_3, NULL, NULL, 0, NULL, 0 );
    tls_session_t server = new_session( server_cred, TLS_SERVER, TLS_VERSION_1_3, NULL, NULL, 0, NULL, 0 );
    UINT8 record[1024], plain[1024];
    struct encrypt_params enc = { client, (const UINT8 *)"secret", 6, record, sizeof(record) };
    struct decrypt_params dec = { server, record, 0, plain, sizeof(plain) };
    struct shutdown_params bye = { client, GNUTLS_AL_WARNING, GNUTLS_A_CLOSE_NOTIFY, record, sizeof(record) };
    int i;

    ok( run_handshake( client, server, NULL ), "handshake\n" );
    ok( !tls_encrypt( &enc ), "encrypt\n" );
    record[enc.output_len - 1] ^= 1;
    dec.input_len = enc.output_len;
    tls_decrypt( &dec );
    ok( dec.result == TLS_RECORD_ALERT && dec.alert == GNUTLS_A_BAD_RECORD_MAC, "tampered: result %u alert %u\n",
        dec.result, dec.alert );
    free_pair( client, server );

    for (i = 0; i < 2; i++)
    {
        UINT32 version = i ? TLS_VERSION_1_2 : TLS_VERSION_1_3;
        client = new_session( client_cred, 0, version, NULL, NULL, 0, NULL, 0 );
        server = new_session( server_cred, TLS_SERVER, version, NULL, NULL, 0, NULL, 0 );
        ok( run_handshake( client, server, NULL ), "handshake\n" );
        /* the server says goodbye, as a server does when its client asked for Connection: close */
        bye.session = server;
        bye.output_len = 0;
        ok( !tls_shutdown( &bye ) && bye.output_len, "close_notify, version %#x\n", version );
        dec.session = client;
        dec.input_len = bye.output_len;
        tls_decrypt( &dec );
        ok( dec.result == TLS_RECORD_CLOSED, "version %#x: result %u\n", version, dec.result );
        free_pair( client, server );
    }
}

/* DATUM big-endian in exactly LEN bytes at OUT. */
static void put_padded( UINT8 *out, size_t len, const gnutls_datum_t *datum )
{
    size_t size = datum->size, lead = 0;

    while (size - lead > len && !datum->data[lead]) lead++;
    memset( out, 0, len );
    memcpy( out + len - (size - lead), datum->data + lead, size - lead );
}

/* An RSA key whose private exponent says 0, as Wine 8 exports some keys of
 * PKCS#12 files: the handshakes go as with the true one, which schannel.so
 * computes again from the primes. */
static void test_broken_crt( const struct identity *rsa, tls_cred_t client_cred )
{
    struct identity *broken = malloc( sizeof(*broken) );
    gnutls_datum_t der = { (unsigned char *)rsa->key, rsa->key_len }, m, e, d, p, q, u, e1, e2;
    gnutls_x509_privkey_t key;
    UINT8 blob[24 + 4 + 256 * 2 + 128 * 5], *pos = blob + 24;
    tls_cred_t cred;

    gnutls_x509_privkey_init( &key );
    ok( !gnutls_x509_privkey_import2( key, &der, GNUTLS_X509_FMT_DER, NULL, GNUTLS_PKCS_PLAIN ), "import\n" );
    ok( !gnutls_x509_privkey_export_rsa_raw2( key, &m, &e, &d, &p, &q, &u, &e1, &e2 ), "export\n" );
    /* BCRYPT_RSAFULLPRIVATE_BLOB: magic, bits, cbPublicExp, cbModulus, cbPrime1, cbPrime2 */
    memcpy( blob, "RSA3", 4 );
    blob[4] = 0; blob[5] = 8; blob[6] = blob[7] = 0;
    memset( blob + 8, 0, 16 );
    blob[8] = 4; blob[13] = 1; blob[16] = 128; blob[20] = 128;
    put_padded( pos, 4, &e ); pos += 4;
    put_padded( pos, 256, &m ); pos += 256;
    put_padded( pos, 128, &p ); pos += 128;
    put_padded( pos, 128, &q ); pos += 128;
    put_padded( pos, 128, &e1 ); pos += 128;
    put_padded( pos, 128, &e2 ); pos += 128;
    put_padded( pos, 128, &u ); pos += 128;
    memset( pos, 0, 256 ); pos += 256;   /* privateExponent */
    memcpy( broken, rsa, sizeof(*broken) );
    broken->key_len = tls_key_from_bcrypt( blob, pos - blob, broken->key );
    ok( broken->key_len > 0, "no PKCS#1 from the blob\n" );
    cred = new_cred( broken );
    winetest_push_context( "RSA with a private exponent of 0" );
    test_versions( cred, client_cred );
    winetest_pop_context();
    free_cred_handle( cred );
    gnutls_free( m.data ); gnutls_free( e.data ); gnutls_free( d.data ); gnutls_free( p.data );
    gnutls_free( q.data ); gnutls_free( u.data ); gnutls_free( e1.data ); gnutls_free( e2.data );
    gnutls_x509_privkey_deinit( key );
    free( broken );
}

START_TEST(schannel_unix)
{
    struct identity *rsa = calloc( 1, sizeof(*rsa) ), *ecdsa = calloc( 1, sizeof(*ecdsa) );
    tls_cred_t rsa_cred, ecdsa_cred, anonymous, client_cert;

    gnutls_global_init();
    make_identity( rsa, GNUTLS_PK_RSA, 2048, "CN=localhost" );
    make_identity( ecdsa, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS( GNUTLS_ECC_CURVE_SECP256R1 ), "CN=localhost" );
    rsa_cred = new_cred( rsa );
    ecdsa_cred = new_cred( ecdsa );
    anonymous = new_cred( NULL );
    client_cert = new_cred( ecdsa );

    winetest_push_context( "RSA" );
    test_versions( rsa_cred, anonymous );
    winetest_pop_context();
    winetest_push_context( "ECDSA" );
    test_versions( ecdsa_cred, anonymous );
    winetest_pop_context();
    test_alpn_bindings_export( rsa_cred, anonymous );
    test_small_buffers( rsa_cred, anonymous );
    test_client_certificate( rsa_cred, anonymous, client_cert );
    test_resumption( rsa_cred, anonymous );
    test_close_and_tamper( ecdsa_cred, anonymous );
    test_identities( rsa, ecdsa, anonymous );
    test_broken_crt( rsa, anonymous );

    free_cred_handle( rsa_cred );
    free_cred_handle( ecdsa_cred );
    free_cred_handle( anonymous );
    free_cred_handle( client_cert );
    free( rsa );
    free( ecdsa );
    gnutls_global_deinit();
}
