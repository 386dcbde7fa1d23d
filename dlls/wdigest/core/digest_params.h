/*
 * Digest auth-params (RFC 7616 3.3, RFC 2831 2.1): a comma-separated list of
 * name=token or name="quoted-string", as in a WWW-Authenticate challenge or a
 * SASL DIGEST-MD5 challenge. Portable C, no Windows dependency.
 */
#ifndef __DIGEST_PARAMS_H
#define __DIGEST_PARAMS_H

#include <stddef.h>

struct digest_parser
{
    const char *p;
    const char *end;
};

void digest_parser_init( struct digest_parser *parser, const char *text, size_t len );

/* Reads the next parameter: its name (pointing into the text) and its value,
 * unquoted into VALUE (VALUE_SIZE bytes, NUL-terminated). Returns 1 for a
 * parameter, 0 at the end, -1 when the text is malformed or a value does not fit. */
int digest_next_param( struct digest_parser *parser, const char **name, size_t *name_len,
                       char *value, size_t value_size, size_t *value_len );

#endif
