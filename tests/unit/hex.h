/*
 * Bytes as lowercase hex for the unit tests' comparisons and messages: one
 * of eight rotating buffers, so a message may show several; up to 128 bytes.
 */
#ifndef __UNIT_HEX_H
#define __UNIT_HEX_H

#include <stdint.h>
#include <stdio.h>

static inline const char *hex( const uint8_t *data, size_t len )
{
    static char buf[8][257];
    static int n;
    char *out = buf[n++ % 8];
    size_t i;

    for (i = 0; i < len && i < 128; i++) sprintf( out + 2 * i, "%02x", data[i] );
    out[2 * i] = 0;
    return out;
}

#endif
