/*
 * NTLM message framing (MS-NLMP 2.2): the signature and message type every
 * message starts with, and the (length, allocated, offset) fields through
 * which NEGOTIATE, CHALLENGE and AUTHENTICATE carry their payloads.
 * Portable C, no Windows dependency.
 */
#ifndef __NTLM_MSG_H
#define __NTLM_MSG_H

#include <stddef.h>
#include <stdint.h>

enum ntlm_message_type
{
    NTLM_NEGOTIATE    = 1,
    NTLM_CHALLENGE    = 2,
    NTLM_AUTHENTICATE = 3,
};

enum ntlm_status
{
    NTLM_OK = 0,
    NTLM_TRUNCATED,       /* shorter than its fixed part or a field runs past the end */
    NTLM_BAD_SIGNATURE,   /* not "NTLMSSP\0" */
    NTLM_BAD_TYPE,        /* not the message type expected */
};

/* Bytes before the first field of every message: signature and type. */
#define NTLM_HEADER_SIZE 12

/* Checks signature and type of the message in BUF; TYPE receives the type. */
enum ntlm_status ntlm_message_type( const uint8_t *buf, size_t len, uint32_t *type );

/* Reads the field descriptor at OFFSET (8 bytes: length, allocated, offset)
 * and returns the field's bytes, which must lie within BUF. An empty field
 * yields data NULL, length 0, whatever its offset. */
enum ntlm_status ntlm_field( const uint8_t *buf, size_t len, size_t offset, const uint8_t **data,
                             uint16_t *field_len );

static inline uint16_t ntlm_get16( const uint8_t *p ) { return p[0] | p[1] << 8; }
static inline uint32_t ntlm_get32( const uint8_t *p )
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

#endif
