/*
 * sspiserver: HTTPS through Schannel, as a layer under the HTTP code.
 */
#ifndef __SSPISERVER_TLS_H
#define __SSPISERVER_TLS_H

#include <winsock2.h>
#include <windows.h>
#define SECURITY_WIN32
#include <sspi.h>

#define TLS_BUFFER (16384 + 2048 + 512)

struct tls_conn
{
    CtxtHandle ctxt;
    BOOL       has_ctxt;
    SecPkgContext_StreamSizes sizes;
    BYTE       in[2 * TLS_BUFFER];  /* records received, not yet decrypted */
    ULONG      in_len;
    BYTE      *plain;               /* decrypted data not yet read: points into in */
    ULONG      plain_len;
    BOOL       closed;
};

/* All of DATA to the socket, unencrypted. */
BOOL send_all( SOCKET sock, const void *data, size_t len );
/* Server credentials from a PKCS#12 file or the thumbprint of a certificate in MY;
 * with REQUEST_CLIENT_CERT the server asks clients for a certificate. */
BOOL tls_init( const char *certificate, const char *password, BOOL request_client_cert );
/* The subject of the client's certificate, or "none". */
void tls_client_name( struct tls_conn *tls, char *buf, size_t size );
/* Asks the client of an established connection for its certificate, and takes it. */
BOOL tls_ask_client_cert( SOCKET sock, struct tls_conn *tls );
BOOL tls_accept( SOCKET sock, struct tls_conn *tls );
int tls_recv( SOCKET sock, struct tls_conn *tls, char *buf, int len );
BOOL tls_send( SOCKET sock, struct tls_conn *tls, const char *data, size_t len );
void tls_close( SOCKET sock, struct tls_conn *tls );

#endif
