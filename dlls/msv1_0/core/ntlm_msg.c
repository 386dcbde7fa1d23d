/*
 * NTLM message framing (see ntlm_msg.h).
 */
#include <string.h>

#include "ntlm_msg.h"

static const uint8_t signature[8] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0 };

enum ntlm_status ntlm_message_type( const uint8_t *buf, size_t len, uint32_t *type )
{
    if (!buf || len < NTLM_HEADER_SIZE) return NTLM_TRUNCATED;
    if (memcmp( buf, signature, sizeof(signature) )) return NTLM_BAD_SIGNATURE;
    *type = ntlm_get32( buf + 8 );
    if (*type < NTLM_NEGOTIATE || *type > NTLM_AUTHENTICATE) return NTLM_BAD_TYPE;
    return NTLM_OK;
}

enum ntlm_status ntlm_field( const uint8_t *buf, size_t len, size_t offset, const uint8_t **data,
                             uint16_t *field_len )
{
    uint32_t field_offset;
    uint16_t flen;

    if (offset > len || len - offset < 8) return NTLM_TRUNCATED;
    flen = ntlm_get16( buf + offset );
    field_offset = ntlm_get32( buf + offset + 4 );
    *data = NULL;
    *field_len = 0;
    if (!flen) return NTLM_OK;
    if (field_offset > len || len - field_offset < flen) return NTLM_TRUNCATED;
    *data = buf + field_offset;
    *field_len = flen;
    return NTLM_OK;
}
