/*
 * sspiserver: the HTTP/1.1 side, requests read from and responses written to
 * one keep-alive connection.
 */
#ifndef __SSPISERVER_HTTP_H
#define __SSPISERVER_HTTP_H

#include "tls.h"

/* Large enough for a Kerberos ticket with a PAC in a Negotiate header. */
#define HTTP_MAX_HEAD 65536

struct http_conn
{
    SOCKET sock;
    struct tls_conn *tls;       /* NULL for plain HTTP */
    size_t len;                 /* bytes buffered in head */
    size_t consumed;            /* of those, the bytes of the request last read */
    char   head[HTTP_MAX_HEAD + 1];
};

struct http_request
{
    const char *method;
    const char *path;
    const char *authorization;  /* NULL when absent */
    BOOL        keep_alive;
};

enum http_read
{
    HTTP_REQUEST,               /* a request; its strings live in the connection until the next read */
    HTTP_CLOSED,                /* the peer closed the connection between requests */
    HTTP_BAD,                   /* malformed or oversized: answer 400 and close */
};

enum http_read http_read_request( struct http_conn *conn, struct http_request *req );
BOOL http_respond( struct http_conn *conn, int status, const char *headers, const char *body, BOOL keep_alive );

#endif
