/*
 * DER reading and writing (see der.h).
 */
#include "der.h"

int der_read( struct der *d, uint8_t *tag, struct der *value )
{
    const uint8_t *p = d->p;
    size_t len, avail;
    unsigned int n;

    if (d->end - p < 2) return -1;
    if ((p[0] & 0x1f) == 0x1f) return -1;  /* high tag numbers: none of our protocols use them */
    *tag = p[0];
    len = p[1];
    p += 2;
    if (len & 0x80)
    {
        n = len & 0x7f;
        if (!n || n > sizeof(uint32_t) || (size_t)(d->end - p) < n) return -1;  /* indefinite or too long */
        for (len = 0; n; n--) len = (len << 8) | *p++;
    }
    avail = d->end - p;
    if (len > avail) return -1;
    value->p = p;
    value->end = p + len;
    d->p = p + len;
    return 0;
}

int der_expect( struct der *d, uint8_t tag, struct der *value )
{
    struct der save = *d;
    uint8_t got;

    if (der_read( d, &got, value ) || got != tag)
    {
        *d = save;
        return -1;
    }
    return 0;
}

int der_peek_tag( const struct der *d )
{
    return d->p < d->end ? d->p[0] : -1;
}

int der_read_int( struct der *d, int32_t *value )
{
    struct der v;
    uint32_t u;
    size_t len;

    if (der_expect( d, DER_INTEGER, &v )) return -1;
    len = v.end - v.p;
    if (!len || len > 4) return -1;
    u = (v.p[0] & 0x80) ? 0xffffffff : 0;
    while (v.p < v.end) u = (u << 8) | *v.p++;
    *value = (int32_t)u;
    return 0;
}

int der_read_uint( struct der *d, uint32_t *value )
{
    struct der v;

    if (der_expect( d, DER_INTEGER, &v )) return -1;
    if (der_empty( &v ) || (v.p[0] & 0x80)) return -1;
    if (v.p[0] == 0 && v.end - v.p > 1) v.p++;  /* the sign octet of a value with its top bit set */
    if (v.end - v.p > 4) return -1;
    for (*value = 0; v.p < v.end; v.p++) *value = (*value << 8) | *v.p;
    return 0;
}

size_t der_header_size( size_t len )
{
    if (len < 0x80) return 2;
    if (len <= 0xff) return 3;
    if (len <= 0xffff) return 4;
    if (len <= 0xffffff) return 5;
    return 6;
}

size_t der_write_header( uint8_t *out, uint8_t tag, size_t len )
{
    size_t size = der_header_size( len ), i;

    out[0] = tag;
    if (size == 2)
    {
        out[1] = len;
        return 2;
    }
    out[1] = 0x80 | (size - 2);
    for (i = size - 1; i >= 2; i--, len >>= 8) out[i] = len & 0xff;
    return size;
}
