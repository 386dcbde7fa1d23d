/*
 * The client of the TLS handshake benchmark, native and the same for both
 * servers: full TLS 1.3 handshakes (no resumption) over TCP, one after the
 * other, for SECONDS; prints "handshakes_per_s N".
 *
 *   tls_connect PORT SECONDS
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <gnutls/gnutls.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime( CLOCK_MONOTONIC, &ts );
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int handshake( gnutls_certificate_credentials_t cred, int port )
{
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons( port ) };
    gnutls_session_t s;
    int fd, ret, one = 1;

    addr.sin_addr.s_addr = htonl( INADDR_LOOPBACK );
    if ((fd = socket( AF_INET, SOCK_STREAM, 0 )) < 0) return 0;
    setsockopt( fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one) );
    if (connect( fd, (struct sockaddr *)&addr, sizeof(addr) ))
    {
        close( fd );
        return 0;
    }
    gnutls_init( &s, GNUTLS_CLIENT );
    gnutls_priority_set_direct( s, "NORMAL:-VERS-ALL:+VERS-TLS1.3", NULL );
    gnutls_credentials_set( s, GNUTLS_CRD_CERTIFICATE, cred );
    gnutls_server_name_set( s, GNUTLS_NAME_DNS, "localhost", 9 );
    gnutls_transport_set_int( s, fd );
    do ret = gnutls_handshake( s );
    while (ret < 0 && !gnutls_error_is_fatal( ret ));
    if (!ret) gnutls_bye( s, GNUTLS_SHUT_WR );
    gnutls_deinit( s );
    close( fd );
    return !ret;
}

int main( int argc, char *argv[] )
{
    gnutls_certificate_credentials_t cred;
    double seconds, start, elapsed;
    long count, failed = 0;
    int port;

    if (argc != 3) return 2;
    port = atoi( argv[1] );
    seconds = atof( argv[2] );
    gnutls_global_init();
    gnutls_certificate_allocate_credentials( &cred );
    if (!handshake( cred, port )) return 1;   /* warm up */
    start = now();
    for (count = 0; (elapsed = now() - start) < seconds; count++)
        if (!handshake( cred, port ) && ++failed > 10) return 1;
    printf( "handshakes_per_s %.0f\n", count / elapsed );
    return 0;
}
