/*
 * The escaping of wine_dbgstr_a/w, shared by the debug channels and the
 * test framework: C-style escapes, hex for anything not printable ASCII.
 */
#ifndef __WINE_WINE_ESCAPE_H
#define __WINE_WINE_ESCAPE_H

#include <stdio.h>

/* Writes C's escaped form (at most 6 chars, no NUL) and returns the new end. */
static inline char *wine_escape_char( char *dst, unsigned int c, int wide )
{
    switch (c)
    {
    case '\n': *dst++ = '\\'; *dst++ = 'n'; break;
    case '\r': *dst++ = '\\'; *dst++ = 'r'; break;
    case '\t': *dst++ = '\\'; *dst++ = 't'; break;
    case '"':  *dst++ = '\\'; *dst++ = '"'; break;
    case '\\': *dst++ = '\\'; *dst++ = '\\'; break;
    default:
        if (c >= ' ' && c <= 126) *dst++ = (char)c;
        else dst += sprintf( dst, wide ? "\\x%04x" : "\\x%02x", c & 0xffff );
    }
    return dst;
}

#endif
