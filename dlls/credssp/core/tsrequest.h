/*
 * The TSRequest message of CredSSP (MS-CSSP 2.2.1): which fields a message
 * carries, read with explicit bounds. Portable C, no Windows dependency.
 */
#ifndef __TSREQUEST_H
#define __TSREQUEST_H

#include <stddef.h>
#include <stdint.h>

struct tsrequest
{
    int32_t        version;        /* [0] */
    const uint8_t *nego_token;     /* [1] NegoData: the first negoToken, NULL when absent */
    size_t         nego_token_len;
    const uint8_t *auth_info;      /* [2] encrypted TSCredentials */
    size_t         auth_info_len;
    const uint8_t *pub_key_auth;   /* [3] */
    size_t         pub_key_auth_len;
    int            has_error_code; /* [4], version 3 and later */
    int32_t        error_code;
    const uint8_t *client_nonce;   /* [5], version 5 and later: 32 bytes */
    size_t         client_nonce_len;
};

/* Parses one TSRequest filling all of BUF; returns 0 or -1. Pointers point into BUF. */
int tsrequest_parse( const uint8_t *buf, size_t len, struct tsrequest *req );

#endif
