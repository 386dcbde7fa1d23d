/*
 * sspiserver: reading HTTP/1.1 requests (head plus a discarded body) and
 * writing responses, on a blocking socket.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "http.h"

static int conn_recv( struct http_conn *conn, char *buf, int len )
{
    return conn->tls ? tls_recv( conn->sock, conn->tls, buf, len ) : recv( conn->sock, buf, len, 0 );
}

static char *find_head_end( char *buf, size_t len )
{
    size_t i;
    for (i = 0; i + 3 < len; i++)
        if (!memcmp( buf + i, "\r\n\r\n", 4 )) return buf + i;
    return NULL;
}

static BOOL skip_body( struct http_conn *conn, unsigned long long length )
{
    char scratch[4096];

    while (length)
    {
        size_t chunk = length < sizeof(scratch) ? length : sizeof(scratch);
        int got = conn_recv( conn, scratch, chunk );
        if (got <= 0) return FALSE;
        length -= got;
    }
    return TRUE;
}

static char *trim( char *s )
{
    char *end;
    while (*s == ' ' || *s == '\t') s++;
    end = s + strlen( s );
    while (end > s && (end[-1] == ' ' || end[-1] == '\t')) *--end = 0;
    return s;
}

enum http_read http_read_request( struct http_conn *conn, struct http_request *req )
{
    char *end, *line, *next, *version, *body_start;
    unsigned long long content_length = 0;
    size_t body_buffered;

    /* the previous request's bytes go; a pipelined next request stays */
    memmove( conn->head, conn->head + conn->consumed, conn->len - conn->consumed );
    conn->len -= conn->consumed;
    conn->consumed = 0;

    while (!(end = find_head_end( conn->head, conn->len )))
    {
        int got;
        if (conn->len == HTTP_MAX_HEAD) return HTTP_BAD;
        if ((got = conn_recv( conn, conn->head + conn->len, HTTP_MAX_HEAD - conn->len )) <= 0)
            return conn->len ? HTTP_BAD : HTTP_CLOSED;
        conn->len += got;
    }
    *end = 0;
    body_start = end + 4;

    memset( req, 0, sizeof(*req) );
    line = conn->head;
    if ((next = strstr( line, "\r\n" ))) { *next = 0; next += 2; }
    req->method = line;
    if (!(line = strchr( line, ' ' ))) return HTTP_BAD;
    *line++ = 0;
    req->path = line;
    if (!(version = strchr( line, ' ' ))) return HTTP_BAD;
    *version++ = 0;
    if (strncmp( version, "HTTP/1.", 7 )) return HTTP_BAD;
    req->keep_alive = strcmp( version, "HTTP/1.0" ) != 0;

    for (line = next; line && *line; line = next)
    {
        char *colon, *value;

        if ((next = strstr( line, "\r\n" ))) { *next = 0; next += 2; }
        if (!(colon = strchr( line, ':' ))) return HTTP_BAD;
        *colon = 0;
        value = trim( colon + 1 );
        if (!_stricmp( line, "Authorization" )) req->authorization = value;
        else if (!_stricmp( line, "Connection" ))
        {
            if (!_stricmp( value, "close" )) req->keep_alive = FALSE;
            else if (!_stricmp( value, "keep-alive" )) req->keep_alive = TRUE;
        }
        else if (!_stricmp( line, "Content-Length" ))
        {
            char *stop;
            content_length = strtoull( value, &stop, 10 );
            if (stop == value || *stop) return HTTP_BAD;
        }
        else if (!_stricmp( line, "Transfer-Encoding" )) return HTTP_BAD;  /* no chunked bodies here */
    }

    /* the body is not used: drop what is buffered, read and drop the rest */
    body_buffered = conn->len - (body_start - conn->head);
    if (content_length <= body_buffered) conn->consumed = (body_start - conn->head) + content_length;
    else
    {
        if (!skip_body( conn, content_length - body_buffered )) return HTTP_BAD;
        conn->consumed = conn->len;
    }
    return HTTP_REQUEST;
}

static const char *reason( int status )
{
    switch (status)
    {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    default:  return "Internal Server Error";
    }
}

static BOOL send_data( struct http_conn *conn, const char *data, size_t len )
{
    if (conn->tls) return tls_send( conn->sock, conn->tls, data, len );
    return send_all( conn->sock, data, len );
}

BOOL http_respond( struct http_conn *conn, int status, const char *headers, const char *body, BOOL keep_alive )
{
    char head[HTTP_MAX_HEAD + 512];
    int len = snprintf( head, sizeof(head),
                        "HTTP/1.1 %d %s\r\n%sContent-Type: text/plain; charset=utf-8\r\n"
                        "Content-Length: %u\r\nConnection: %s\r\n\r\n",
                        status, reason( status ), headers ? headers : "", (unsigned int)strlen( body ),
                        keep_alive ? "keep-alive" : "close" );

    if (len < 0 || len >= (int)sizeof(head)) return FALSE;
    return send_data( conn, head, len ) && send_data( conn, body, strlen( body ) );
}
