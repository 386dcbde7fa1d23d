/*
 * sspiserver: a small HTTP/1.1 server on 127.0.0.1 that authenticates its
 * clients with AcceptSecurityContext, as Windows web servers do.
 *
 *   sspiserver [--port N] [--auth LIST] [--tls CERT [--tls-password P] [--tls-client-cert]]
 *
 * --port 0 picks a free port. LIST names the WWW-Authenticate schemes to offer
 * (NTLM, Negotiate), comma-separated, or "none". With --tls it serves HTTPS
 * through Schannel; CERT is a PKCS#12 file or the SHA-1 thumbprint of a
 * certificate with its key in the current user's MY store (see sspicert);
 * --tls-client-cert asks clients for a certificate, whose subject the body
 * names; GET /client-cert/later asks for one only then, on the established
 * connection. GET /bytes/N answers with N bytes, for transfers of many records. An authenticated request gets 200 with
 * the body "user: DOMAIN\name" and the user a thread impersonating the
 * client runs as; anything else gets 401. Authentication holds for the rest
 * of the connection, as for IIS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "http.h"
#include "auth.h"

static CRITICAL_SECTION log_cs;
static BOOL use_tls, use_auth, client_cert;

/* GET /bytes/N: N bytes of body */
static char *big_body( const char *path )
{
    unsigned long n;
    char *body;

    if (strncmp( path, "/bytes/", 7 ) || (n = strtoul( path + 7, NULL, 10 )) > 64 * 1024 * 1024) return NULL;
    if (!(body = HeapAlloc( GetProcessHeap(), 0, n + 1 ))) return NULL;
    memset( body, 'x', n );
    body[n] = 0;
    return body;
}

static void log_request( const struct http_request *req, int status, const struct auth_state *auth )
{
    EnterCriticalSection( &log_cs );
    printf( "%s %s -> %d%s%s\n", req->method, req->path, status, auth->done ? " " : "", auth->done ? auth->user : "" );
    fflush( stdout );
    LeaveCriticalSection( &log_cs );
}

static void serve( struct http_conn *conn )
{
    struct auth_state auth = { 0 };
    struct http_request req;
    char header[HTTP_MAX_HEAD], body[1200], *big;
    enum http_read read;

    while ((read = http_read_request( conn, &req )) == HTTP_REQUEST)
    {
        enum auth_result result = AUTH_OK;
        int status;

        header[0] = 0;
        if (!use_auth) result = AUTH_OK;
        else if (req.authorization) result = auth_step( &auth, req.authorization, header, sizeof(header) );
        else if (!auth.done) result = AUTH_DENIED;

        if (result == AUTH_OK)
        {
            status = 200;
            if (use_auth) snprintf( body, sizeof(body), "user: %s\nimpersonated: %s\n", auth.user, auth.impersonated );
            else strcpy( body, "hello\n" );
            if (use_tls && !strcmp( req.path, "/client-cert/later" ) && !tls_ask_client_cert( conn->sock, conn->tls ))
                break;
            if (client_cert || (use_tls && !strcmp( req.path, "/client-cert/later" )))
            {
                size_t len = strlen( body );
                strcpy( body + len, "client: " );
                tls_client_name( conn->tls, body + len + 8, sizeof(body) - len - 10 );
                strcat( body, "\n" );
            }
        }
        else
        {
            status = 401;
            if (result == AUTH_DENIED) strcpy( header, auth_offer() );
            strcpy( body, "401 Unauthorized\n" );
        }
        log_request( &req, status, &auth );
        big = status == 200 ? big_body( req.path ) : NULL;
        if (!http_respond( conn, status, header, big ? big : body, req.keep_alive ) || !req.keep_alive)
        {
            HeapFree( GetProcessHeap(), 0, big );
            break;
        }
        HeapFree( GetProcessHeap(), 0, big );
    }
    if (read == HTTP_BAD) http_respond( conn, 400, NULL, "400 Bad Request\n", FALSE );
    auth_reset( &auth );
}

/* A lingering close: what the client still sends (its close_notify) is read,
 * so that the connection ends with FIN, not with a reset that could make the
 * client lose our last records. */
static void close_connection( SOCKET sock )
{
    DWORD timeout = 2000;
    char buf[4096];

    shutdown( sock, SD_SEND );
    setsockopt( sock, SOL_SOCKET, SO_RCVTIMEO, (char *)&timeout, sizeof(timeout) );
    while (recv( sock, buf, sizeof(buf), 0 ) > 0);
    closesocket( sock );
}

static DWORD WINAPI connection_thread( void *arg )
{
    struct http_conn *conn = arg;
    struct tls_conn *tls = NULL;
    BOOL peer_closed;

    if (use_tls && (!(tls = HeapAlloc( GetProcessHeap(), 0, sizeof(*tls) )) || !tls_accept( conn->sock, tls )))
    {
        HeapFree( GetProcessHeap(), 0, tls );
        closesocket( conn->sock );
        HeapFree( GetProcessHeap(), 0, conn );
        return 0;
    }
    conn->tls = tls;
    serve( conn );
    peer_closed = tls && tls->closed;
    if (tls) tls_close( conn->sock, tls );
    HeapFree( GetProcessHeap(), 0, tls );
    /* after the client's close_notify nothing is left to read */
    if (peer_closed) closesocket( conn->sock );
    else close_connection( conn->sock );
    HeapFree( GetProcessHeap(), 0, conn );
    return 0;
}

static void usage(void)
{
    fprintf( stderr, "usage: sspiserver [--port N] [--auth NTLM,Negotiate|none] [--tls CERT [--tls-password P] "
                     "[--tls-client-cert]]\n" );
    exit( 2 );
}

int main( int argc, char *argv[] )
{
    const char *schemes = "NTLM", *certificate = NULL, *password = NULL;
    struct sockaddr_in addr = { 0 };
    int port = 8080, addr_len = sizeof(addr), i;
    WSADATA wsa;
    SOCKET listener;

    for (i = 1; i < argc; i++)
    {
        if (!strcmp( argv[i], "--tls-client-cert" ))
        {
            client_cert = TRUE;
            continue;
        }
        if (i + 1 == argc) usage();
        if (!strcmp( argv[i], "--port" )) port = atoi( argv[++i] );
        else if (!strcmp( argv[i], "--auth" )) schemes = argv[++i];
        else if (!strcmp( argv[i], "--tls" )) certificate = argv[++i];
        else if (!strcmp( argv[i], "--tls-password" )) password = argv[++i];
        else usage();
    }
    if (port < 0 || port > 65535) usage();
    use_auth = _stricmp( schemes, "none" ) != 0;
    if (use_auth && !auth_init( schemes )) return 1;
    if (client_cert && !certificate) usage();
    if (certificate && !(use_tls = tls_init( certificate, password, client_cert ))) return 1;
    InitializeCriticalSection( &log_cs );

    WSAStartup( MAKEWORD( 2, 2 ), &wsa );
    addr.sin_family = AF_INET;
    addr.sin_port = htons( port );
    addr.sin_addr.s_addr = htonl( INADDR_LOOPBACK );
    if ((listener = socket( AF_INET, SOCK_STREAM, IPPROTO_TCP )) == INVALID_SOCKET ||
        bind( listener, (struct sockaddr *)&addr, sizeof(addr) ) || listen( listener, SOMAXCONN ) ||
        getsockname( listener, (struct sockaddr *)&addr, &addr_len ))
    {
        fprintf( stderr, "sspiserver: cannot listen on 127.0.0.1:%d: error %d\n", port, WSAGetLastError() );
        return 1;
    }
    printf( "listening on %s://127.0.0.1:%u/ (%s)\n", use_tls ? "https" : "http", ntohs( addr.sin_port ), schemes );
    fflush( stdout );

    for (;;)
    {
        struct http_conn *conn;
        SOCKET sock = accept( listener, NULL, NULL );

        if (sock == INVALID_SOCKET) continue;
        if (!(conn = HeapAlloc( GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*conn) )))
        {
            closesocket( sock );
            continue;
        }
        conn->sock = sock;
        /* pool threads are reused: a new thread per connection costs more than a TLS handshake */
        if (!QueueUserWorkItem( connection_thread, conn, WT_EXECUTELONGFUNCTION ))
        {
            closesocket( sock );
            HeapFree( GetProcessHeap(), 0, conn );
        }
    }
}
