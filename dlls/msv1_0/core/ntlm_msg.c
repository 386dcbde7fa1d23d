/*
 * NTLM messages and AV pairs (see ntlm_msg.h).
 */
#include <stdlib.h>
#include <string.h>

#include "ntlm_msg.h"

static const uint8_t signature[8] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0 };

#define NEGOTIATE_FIXED     32
#define CHALLENGE_FIXED     48
#define CHALLENGE_MIN       32   /* old servers stop after the challenge */
#define AUTHENTICATE_FIXED  64

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

static enum ntlm_status get_field( const uint8_t *buf, size_t len, size_t offset, struct ntlm_bytes *field )
{
    uint16_t flen;
    enum ntlm_status status = ntlm_field( buf, len, offset, &field->data, &flen );
    field->len = flen;
    return status;
}

static enum ntlm_status check_type( const uint8_t *buf, size_t len, uint32_t expected )
{
    uint32_t type;
    enum ntlm_status status = ntlm_message_type( buf, len, &type );

    if (status) return status;
    return type == expected ? NTLM_OK : NTLM_BAD_TYPE;
}

enum ntlm_status ntlm_parse_negotiate( const uint8_t *buf, size_t len, struct ntlm_negotiate *msg )
{
    enum ntlm_status status;

    memset( msg, 0, sizeof(*msg) );
    if ((status = check_type( buf, len, NTLM_NEGOTIATE ))) return status;
    if (len < 16) return NTLM_TRUNCATED;
    msg->flags = ntlm_get32( buf + 12 );
    /* the optional fields are only read when the flags say they are there */
    if ((msg->flags & NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED) && (status = get_field( buf, len, 16, &msg->domain )))
        return status;
    if ((msg->flags & NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED) &&
        (status = get_field( buf, len, 24, &msg->workstation )))
        return status;
    return NTLM_OK;
}

enum ntlm_status ntlm_parse_challenge( const uint8_t *buf, size_t len, struct ntlm_challenge *msg )
{
    enum ntlm_status status;

    memset( msg, 0, sizeof(*msg) );
    if ((status = check_type( buf, len, NTLM_CHALLENGE ))) return status;
    if (len < CHALLENGE_MIN) return NTLM_TRUNCATED;
    if ((status = get_field( buf, len, 12, &msg->target_name ))) return status;
    msg->flags = ntlm_get32( buf + 20 );
    memcpy( msg->server_challenge, buf + 24, 8 );
    if ((msg->flags & NTLMSSP_NEGOTIATE_TARGET_INFO) && len >= CHALLENGE_FIXED)
    {
        if ((status = get_field( buf, len, 40, &msg->target_info ))) return status;
        if (msg->target_info.len && (status = ntlm_av_validate( msg->target_info.data, msg->target_info.len )))
            return status;
    }
    return NTLM_OK;
}

enum ntlm_status ntlm_parse_authenticate( const uint8_t *buf, size_t len, struct ntlm_authenticate *msg )
{
    struct ntlm_bytes *fields[6];
    size_t payload = len;
    enum ntlm_status status;
    int i;

    memset( msg, 0, sizeof(*msg) );
    if ((status = check_type( buf, len, NTLM_AUTHENTICATE ))) return status;
    if (len < AUTHENTICATE_FIXED) return NTLM_TRUNCATED;
    fields[0] = &msg->lm_response;
    fields[1] = &msg->nt_response;
    fields[2] = &msg->domain;
    fields[3] = &msg->user;
    fields[4] = &msg->workstation;
    fields[5] = &msg->session_key;
    for (i = 0; i < 6; i++)
    {
        if ((status = get_field( buf, len, 12 + 8 * i, fields[i] ))) return status;
        if (fields[i]->len && (size_t)(fields[i]->data - buf) < payload) payload = fields[i]->data - buf;
    }
    if (payload < AUTHENTICATE_FIXED) return NTLM_BAD_FIELD;  /* a field overlaps the fixed part */
    msg->flags = ntlm_get32( buf + 60 );
    if (payload >= NTLM_MIC_OFFSET + NTLM_MIC_SIZE)
    {
        msg->has_mic = 1;
        memcpy( msg->mic, buf + NTLM_MIC_OFFSET, NTLM_MIC_SIZE );
    }
    return NTLM_OK;
}

/* Builds a message: HEADER bytes of fixed part, then the fields' data. */
struct builder
{
    uint8_t *buf;
    size_t   pos;
};

static void put_field( struct builder *b, size_t desc, const void *data, size_t len )
{
    ntlm_put16( b->buf + desc, len );
    ntlm_put16( b->buf + desc + 2, len );
    ntlm_put32( b->buf + desc + 4, b->pos );
    if (len) memcpy( b->buf + b->pos, data, len );
    b->pos += len;
}

static enum ntlm_status start( struct builder *b, uint32_t type, size_t size, uint8_t **out, size_t *out_len )
{
    if (size > 0xffff) return NTLM_BAD_FIELD;
    if (!(b->buf = calloc( 1, size ))) return NTLM_NO_MEMORY;
    memcpy( b->buf, signature, sizeof(signature) );
    ntlm_put32( b->buf + 8, type );
    *out = b->buf;
    *out_len = size;
    return NTLM_OK;
}

enum ntlm_status ntlm_build_negotiate( uint32_t flags, const uint8_t *version, uint8_t **out, size_t *out_len )
{
    size_t fixed = NEGOTIATE_FIXED + ((flags & NTLMSSP_NEGOTIATE_VERSION) ? NTLM_VERSION_SIZE : 0);
    struct builder b;
    enum ntlm_status status;

    if ((status = start( &b, NTLM_NEGOTIATE, fixed, out, out_len ))) return status;
    b.pos = fixed;
    ntlm_put32( b.buf + 12, flags & ~(NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED | NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED) );
    put_field( &b, 16, NULL, 0 );
    put_field( &b, 24, NULL, 0 );
    if (flags & NTLMSSP_NEGOTIATE_VERSION) memcpy( b.buf + NEGOTIATE_FIXED, version, NTLM_VERSION_SIZE );
    return NTLM_OK;
}

enum ntlm_status ntlm_build_challenge( uint32_t flags, const uint8_t challenge[8], const struct ntlm_bytes *target_name,
                                       const struct ntlm_bytes *target_info, const uint8_t *version,
                                       uint8_t **out, size_t *out_len )
{
    size_t fixed = CHALLENGE_FIXED + ((flags & NTLMSSP_NEGOTIATE_VERSION) ? NTLM_VERSION_SIZE : 0);
    struct builder b;
    enum ntlm_status status;

    if ((status = start( &b, NTLM_CHALLENGE, fixed + target_name->len + target_info->len, out, out_len )))
        return status;
    b.pos = fixed;
    put_field( &b, 12, target_name->data, target_name->len );
    ntlm_put32( b.buf + 20, flags );
    memcpy( b.buf + 24, challenge, 8 );
    put_field( &b, 40, target_info->data, target_info->len );
    if (flags & NTLMSSP_NEGOTIATE_VERSION) memcpy( b.buf + CHALLENGE_FIXED, version, NTLM_VERSION_SIZE );
    return NTLM_OK;
}

enum ntlm_status ntlm_build_authenticate( const struct ntlm_authenticate *msg, const uint8_t *version, int with_mic,
                                          uint8_t **out, size_t *out_len )
{
    size_t fixed = AUTHENTICATE_FIXED, size;
    struct builder b;
    enum ntlm_status status;

    /* the MIC sits after the version, which is then always reserved */
    if ((msg->flags & NTLMSSP_NEGOTIATE_VERSION) || with_mic) fixed += NTLM_VERSION_SIZE;
    if (with_mic) fixed += NTLM_MIC_SIZE;
    size = fixed + msg->lm_response.len + msg->nt_response.len + msg->domain.len + msg->user.len +
           msg->workstation.len + msg->session_key.len;
    if ((status = start( &b, NTLM_AUTHENTICATE, size, out, out_len ))) return status;
    b.pos = fixed;
    put_field( &b, 12, msg->lm_response.data, msg->lm_response.len );
    put_field( &b, 20, msg->nt_response.data, msg->nt_response.len );
    put_field( &b, 28, msg->domain.data, msg->domain.len );
    put_field( &b, 36, msg->user.data, msg->user.len );
    put_field( &b, 44, msg->workstation.data, msg->workstation.len );
    put_field( &b, 52, msg->session_key.data, msg->session_key.len );
    ntlm_put32( b.buf + 60, msg->flags );
    if (msg->flags & NTLMSSP_NEGOTIATE_VERSION) memcpy( b.buf + AUTHENTICATE_FIXED, version, NTLM_VERSION_SIZE );
    return NTLM_OK;
}

enum ntlm_status ntlm_av_validate( const uint8_t *info, size_t len )
{
    size_t pos = 0;
    uint16_t id, av_len;

    for (;;)
    {
        if (len - pos < 4) return NTLM_BAD_FIELD;
        id = ntlm_get16( info + pos );
        av_len = ntlm_get16( info + pos + 2 );
        pos += 4;
        if (len - pos < av_len) return NTLM_BAD_FIELD;
        if (id == MSV_AV_EOL) return av_len ? NTLM_BAD_FIELD : NTLM_OK;
        if (id == MSV_AV_FLAGS && av_len != 4) return NTLM_BAD_FIELD;
        if (id == MSV_AV_TIMESTAMP && av_len != 8) return NTLM_BAD_FIELD;
        if (id == MSV_AV_CHANNEL_BINDINGS && av_len != 16) return NTLM_BAD_FIELD;
        pos += av_len;
    }
}

int ntlm_av_find( const uint8_t *info, size_t len, uint16_t id, struct ntlm_bytes *value )
{
    size_t pos = 0;
    uint16_t av_id, av_len;

    while (len - pos >= 4)
    {
        av_id = ntlm_get16( info + pos );
        av_len = ntlm_get16( info + pos + 2 );
        if (av_id == MSV_AV_EOL || len - pos - 4 < av_len) break;
        if (av_id == id)
        {
            value->data = info + pos + 4;
            value->len = av_len;
            return 1;
        }
        pos += 4 + av_len;
    }
    return 0;
}

size_t ntlm_av_put( uint8_t *out, uint16_t id, const void *value, uint16_t len )
{
    if (out)
    {
        ntlm_put16( out, id );
        ntlm_put16( out + 2, len );
        if (len) memcpy( out + 4, value, len );
    }
    return 4 + len;
}
