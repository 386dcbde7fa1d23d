/*
 * DER reading and writing (X.690) for the protocol cores: SPNEGO, CredSSP's
 * TSRequest, GSS-API token framing. Portable C; every read is bounds-checked.
 */
#ifndef __ASN1_DER_H
#define __ASN1_DER_H

#include <stddef.h>
#include <stdint.h>

#define DER_SEQUENCE      0x30
#define DER_INTEGER       0x02
#define DER_OCTET_STRING  0x04
#define DER_OID           0x06
#define DER_ENUMERATED    0x0a
#define DER_BIT_STRING    0x03
#define DER_UTF8_STRING   0x0c
#define DER_GENERAL_STRING 0x1b
#define DER_GENERALIZED_TIME 0x18
#define DER_APPLICATION0  0x60      /* [APPLICATION 0] constructed: GSS-API InitialContextToken */
#define DER_CONTEXT(n)    (0xa0 | (n))  /* [n] constructed */
#define DER_APPLICATION(n) (0x60 | (n)) /* [APPLICATION n] constructed, n < 31 */

/* What is left to read. */
struct der
{
    const uint8_t *p;
    const uint8_t *end;
};

static inline void der_init( struct der *d, const void *data, size_t len )
{
    d->p = data;
    d->end = d->p + len;
}

static inline int der_empty( const struct der *d )
{
    return d->p >= d->end;
}

/* Reads one element: its tag (one byte, low-tag-number form) and value.
 * Returns 0, or -1 when the element is truncated, uses the indefinite form,
 * a multi-byte tag, or a length beyond what is left. */
int der_read( struct der *d, uint8_t *tag, struct der *value );
/* Reads one element that must have TAG. */
int der_expect( struct der *d, uint8_t tag, struct der *value );
/* Peeks at the next tag without consuming; -1 when nothing is left. */
int der_peek_tag( const struct der *d );
/* Reads an INTEGER that fits in 32 bits (signed). */
int der_read_int( struct der *d, int32_t *value );
/* Reads a non-negative INTEGER that fits in 32 bits unsigned (Kerberos' UInt32). */
int der_read_uint( struct der *d, uint32_t *value );

/* Size of the tag and length octets for a value of LEN bytes. */
size_t der_header_size( size_t len );
/* Writes tag and length for a value of LEN bytes; returns the bytes written. */
size_t der_write_header( uint8_t *out, uint8_t tag, size_t len );

#endif
