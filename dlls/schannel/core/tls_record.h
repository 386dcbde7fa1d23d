/*
 * TLS record framing (RFC 8446 5.1, RFC 5246 6.2): how much of a byte stream
 * is whole records, and how many bytes the next record still needs, which is
 * what SEC_E_INCOMPLETE_MESSAGE and SECBUFFER_MISSING report; and DTLS's
 * (RFC 6347 4.1), whose header also numbers the record.
 * Portable C, no Windows dependency.
 */
#ifndef __TLS_RECORD_H
#define __TLS_RECORD_H

#include <stddef.h>
#include <stdint.h>

#define TLS_RECORD_HEADER 5
#define DTLS_RECORD_HEADER 13
/* largest record body a peer may send: 2^14 plus the TLS 1.2 expansion allowance */
#define TLS_MAX_RECORD_BODY (16384 + 2048)

enum tls_record_status
{
    TLS_RECORD_COMPLETE,     /* at least one whole record */
    TLS_RECORD_INCOMPLETE,   /* the first record is not all there */
    TLS_RECORD_INVALID,      /* not a TLS record: bad type, version or length */
};

/* Examines the stream in BUF, of DTLS records as they come in a datagram when
 * DATAGRAM. COMPLETE: *used is the length of the whole records at its start.
 * INCOMPLETE: *missing is how many more bytes the first record needs (at least 1). */
enum tls_record_status tls_record_scan( const uint8_t *buf, size_t len, int datagram, size_t *used, size_t *missing );

/* The size of the whole record at BUF, which a scan found COMPLETE. */
size_t tls_record_size( const uint8_t *buf, int datagram );
/* A DTLS record's epoch and sequence number, as one number that grows with both. */
uint64_t dtls_record_number( const uint8_t *buf );

#endif
