/*
 * Digest auth-param lists (see digest_params.h).
 */
#include "digest_params.h"

void digest_parser_init( struct digest_parser *parser, const char *text, size_t len )
{
    parser->p = text;
    parser->end = text + len;
}

static int is_space( char c )
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* RFC 7230 tchar */
static int is_token_char( char c )
{
    if (c >= 'a' && c <= 'z') return 1;
    if (c >= 'A' && c <= 'Z') return 1;
    if (c >= '0' && c <= '9') return 1;
    switch (c)
    {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~': case '/': case ':':
        return 1;
    }
    return 0;
}

static void skip_spaces( struct digest_parser *parser )
{
    while (parser->p < parser->end && is_space( *parser->p )) parser->p++;
}

int digest_next_param( struct digest_parser *parser, const char **name, size_t *name_len,
                       char *value, size_t value_size, size_t *value_len )
{
    size_t len = 0;

    if (!value_size) return -1;
    /* empty list elements are allowed: "a=1, , b=2" */
    for (;;)
    {
        skip_spaces( parser );
        if (parser->p >= parser->end) return 0;
        if (*parser->p != ',') break;
        parser->p++;
    }

    *name = parser->p;
    while (parser->p < parser->end && is_token_char( *parser->p )) parser->p++;
    *name_len = parser->p - *name;
    if (!*name_len) return -1;
    skip_spaces( parser );
    if (parser->p >= parser->end || *parser->p++ != '=') return -1;
    skip_spaces( parser );
    if (parser->p >= parser->end) return -1;

    if (*parser->p == '"')
    {
        parser->p++;
        for (;;)
        {
            char c;
            if (parser->p >= parser->end) return -1;  /* unterminated */
            c = *parser->p++;
            if (c == '"') break;
            if (c == '\\')
            {
                if (parser->p >= parser->end) return -1;
                c = *parser->p++;
            }
            if (len + 1 >= value_size) return -1;
            value[len++] = c;
        }
    }
    else
    {
        while (parser->p < parser->end && is_token_char( *parser->p ))
        {
            if (len + 1 >= value_size) return -1;
            value[len++] = *parser->p++;
        }
        if (!len) return -1;
    }
    value[len] = 0;
    *value_len = len;

    skip_spaces( parser );
    if (parser->p < parser->end && *parser->p != ',') return -1;
    return 1;
}
