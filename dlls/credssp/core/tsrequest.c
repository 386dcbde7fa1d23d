/*
 * TSRequest parsing (see tsrequest.h).
 */
#include <string.h>

#include "der.h"
#include "tsrequest.h"

/* [n] OCTET STRING */
static int read_octets( struct der *fields, uint8_t n, const uint8_t **data, size_t *len )
{
    struct der field, value;

    if (der_peek_tag( fields ) != DER_CONTEXT(n)) return 0;
    if (der_expect( fields, DER_CONTEXT(n), &field ) || der_expect( &field, DER_OCTET_STRING, &value ) ||
        !der_empty( &field ))
        return -1;
    *data = value.p;
    *len = value.end - value.p;
    return 0;
}

/* NegoData ::= SEQUENCE OF SEQUENCE { negoToken [0] OCTET STRING } */
static int read_nego_data( struct der *fields, struct tsrequest *req )
{
    struct der field, list, item;

    if (der_peek_tag( fields ) != DER_CONTEXT(1)) return 0;
    if (der_expect( fields, DER_CONTEXT(1), &field ) || der_expect( &field, DER_SEQUENCE, &list ) ||
        !der_empty( &field ) || der_expect( &list, DER_SEQUENCE, &item ))
        return -1;
    return read_octets( &item, 0, &req->nego_token, &req->nego_token_len ) || !req->nego_token ? -1 : 0;
}

int tsrequest_parse( const uint8_t *buf, size_t len, struct tsrequest *req )
{
    struct der msg, fields, field;

    memset( req, 0, sizeof(*req) );
    der_init( &msg, buf, len );
    if (der_expect( &msg, DER_SEQUENCE, &fields ) || !der_empty( &msg )) return -1;
    if (der_expect( &fields, DER_CONTEXT(0), &field ) || der_read_int( &field, &req->version ) ||
        !der_empty( &field ) || req->version < 1)
        return -1;
    if (read_nego_data( &fields, req ) ||
        read_octets( &fields, 2, &req->auth_info, &req->auth_info_len ) ||
        read_octets( &fields, 3, &req->pub_key_auth, &req->pub_key_auth_len ))
        return -1;
    if (der_peek_tag( &fields ) == DER_CONTEXT(4))
    {
        if (der_expect( &fields, DER_CONTEXT(4), &field ) || der_read_int( &field, &req->error_code ) ||
            !der_empty( &field ))
            return -1;
        req->has_error_code = 1;
    }
    if (read_octets( &fields, 5, &req->client_nonce, &req->client_nonce_len )) return -1;
    if (req->client_nonce && req->client_nonce_len != 32) return -1;
    return der_empty( &fields ) ? 0 : -1;
}
