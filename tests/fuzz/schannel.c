/*
 * libFuzzer target for Schannel's portable parts and its GnuTLS side: every
 * input goes through the record scanner and the key-blob converters, and is
 * fed, as whole records, to a fresh server session (the handshake) and to a
 * client session that has sent its hello (the server's flight). Built
 * natively with ASan and UBSan over schannel.so's sources.
 *
 * Built with -DSCHANNEL_SEEDS instead, main() writes a seed corpus: a real
 * client hello, a server's flight, and key blobs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "gnutls_priv.h"
#include "tls_keys.h"
#include "tls_record.h"

static tls_cred_t server_cred, client_cred;
static const UINT8 ticket_key[64] = { 7 };

/* A self-signed ECDSA certificate and key, made once. */
static void init_creds(void)
{
    static UINT8 certs[2048], key[512];
    struct tls_identity id = { certs };
    struct cred_create_params params = { &id, 1 };
    gnutls_x509_privkey_t pkey;
    gnutls_x509_crt_t crt;
    unsigned char serial = 1;
    size_t size;

    if (server_cred) return;
    gnutls_global_init();
    gnutls_x509_privkey_init( &pkey );
    gnutls_x509_privkey_generate( pkey, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS( GNUTLS_ECC_CURVE_SECP256R1 ), 0 );
    gnutls_x509_crt_init( &crt );
    gnutls_x509_crt_set_version( crt, 3 );
    gnutls_x509_crt_set_serial( crt, &serial, 1 );
    gnutls_x509_crt_set_activation_time( crt, time( NULL ) - 3600 );
    gnutls_x509_crt_set_expiration_time( crt, time( NULL ) + 86400 );
    gnutls_x509_crt_set_dn( crt, "CN=localhost", NULL );
    gnutls_x509_crt_set_key( crt, pkey );
    gnutls_x509_crt_sign2( crt, crt, pkey, GNUTLS_DIG_SHA256, 0 );
    size = sizeof(certs) - 4;
    gnutls_x509_crt_export( crt, GNUTLS_X509_FMT_DER, certs + 4, &size );
    certs[0] = size;
    certs[1] = size >> 8;
    id.certs_len = size + 4;
    size = sizeof(key);
    gnutls_x509_privkey_export_pkcs8( pkey, GNUTLS_X509_FMT_DER, NULL, GNUTLS_PKCS_PLAIN, key, &size );
    id.key = key;
    id.key_len = size;
    cred_create( &params );
    server_cred = params.cred;
    memset( &params, 0, sizeof(params) );
    cred_create( &params );
    client_cred = params.cred;
    gnutls_x509_crt_deinit( crt );
    gnutls_x509_privkey_deinit( pkey );
}

static tls_session_t new_session( int server )
{
    struct session_create_params params = { 0 };

    params.cred = server ? server_cred : client_cred;
    params.flags = server ? TLS_SERVER | TLS_REQUEST_CLIENT_CERT : 0;
    params.versions = TLS_VERSION_1_2 | TLS_VERSION_1_3;
    params.server_name = server ? NULL : "localhost";
    params.ticket_key = server ? ticket_key : NULL;
    session_create( &params );
    return params.session;
}

static void free_session( tls_session_t session )
{
    struct session_free_params params = { session };
    session_free( &params );
}

/* One handshake step; returns the step and what it wrote into OUT. */
static UINT32 step( tls_session_t session, const UINT8 *in, size_t len, UINT8 *out, size_t size, size_t *out_len )
{
    struct handshake_params params = { session, in, len };

    params.output = out;
    params.output_size = size;
    tls_handshake( &params );
    *out_len = params.output_len;
    return params.step;
}

/* DATA's whole records, one step each, until the session fails or is done. */
static void feed( tls_session_t session, const uint8_t *data, size_t size )
{
    static UINT8 out[65536];
    size_t pos = 0, used, missing, out_len;

    while (pos < size && tls_record_scan( data + pos, size - pos, 0, &used, &missing ) == TLS_RECORD_COMPLETE)
    {
        size_t first = tls_record_size( data + pos, 0 );
        if (step( session, data + pos, first, out, sizeof(out), &out_len ) != TLS_STEP_CONTINUE) break;
        pos += first;
    }
}

int LLVMFuzzerTestOneInput( const uint8_t *data, size_t size )
{
    static UINT8 hello[4096];
    size_t used, missing, hello_len;
    tls_session_t session;
    uint8_t der[8192];

    init_creds();
    tls_record_scan( data, size, 0, &used, &missing );
    if (tls_record_scan( data, size, 1, &used, &missing ) == TLS_RECORD_COMPLETE &&
        tls_record_size( data, 1 ) <= size)
        dtls_record_number( data );
    if (tls_key_from_capi_rsa( data, size, NULL ) < sizeof(der)) tls_key_from_capi_rsa( data, size, der );
    if (tls_key_from_bcrypt( data, size, NULL ) < sizeof(der)) tls_key_from_bcrypt( data, size, der );

    session = new_session( 1 );
    feed( session, data, size );
    free_session( session );

    session = new_session( 0 );
    step( session, NULL, 0, hello, sizeof(hello), &hello_len );
    feed( session, data, size );
    free_session( session );
    return 0;
}

#ifdef SCHANNEL_SEEDS
#include "seeds.h"

int main( int argc, char *argv[] )
{
    static UINT8 hello[4096], flight[65536];
    static const UINT8 ecc_blob[8 + 96] = { 'E', 'C', 'S', '2', 32 };
    static const UINT8 rsa_blob[20 + 64 * 2 + 32 * 5] = { 7, 2, 0, 0, 0, 0xa4, 0, 0, 'R', 'S', 'A', '2', 0, 2, 0, 0, 1, 0, 1 };
    size_t hello_len, flight_len;
    tls_session_t client, server;

    if (argc != 2) return 2;
    init_creds();
    client = new_session( 0 );
    server = new_session( 1 );
    step( client, NULL, 0, hello, sizeof(hello), &hello_len );
    write_seed( argv[1], "client-hello", hello, hello_len );
    step( server, hello, hello_len, flight, sizeof(flight), &flight_len );
    write_seed( argv[1], "server-flight", flight, flight_len );
    write_seed( argv[1], "ecc-blob", ecc_blob, sizeof(ecc_blob) );
    write_seed( argv[1], "rsa-blob", rsa_blob, sizeof(rsa_blob) );
    free_session( client );
    free_session( server );
    return 0;
}
#endif
