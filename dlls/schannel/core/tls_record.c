/*
 * TLS and DTLS record framing (see tls_record.h).
 */
#include "tls_record.h"

/* Where the two framings differ. */
struct framing
{
    size_t  header;      /* bytes before the body */
    uint8_t major;       /* the version's first byte: 3 for TLS, 254 for DTLS */
    size_t  length_at;   /* where the body's length is */
};

static const struct framing tls = { TLS_RECORD_HEADER, 3, 3 }, dtls = { DTLS_RECORD_HEADER, 254, 11 };

/* ChangeCipherSpec, Alert, Handshake, ApplicationData, Heartbeat */
static int valid_type( uint8_t type )
{
    return type >= 20 && type <= 24;
}

static enum tls_record_status scan( const struct framing *f, const uint8_t *buf, size_t len, size_t *used,
                                    size_t *missing )
{
    size_t pos = 0, body;

    *used = 0;
    *missing = 0;
    for (;;)
    {
        if (len - pos < f->header)
        {
            if (pos) break;
            if (len && !valid_type( buf[0] )) return TLS_RECORD_INVALID;
            if (len >= 2 && buf[1] != f->major) return TLS_RECORD_INVALID;
            *missing = f->header - len;
            return TLS_RECORD_INCOMPLETE;
        }
        if (!valid_type( buf[pos] ) || buf[pos + 1] != f->major) return TLS_RECORD_INVALID;
        body = (size_t)buf[pos + f->length_at] << 8 | buf[pos + f->length_at + 1];
        if (body > TLS_MAX_RECORD_BODY) return TLS_RECORD_INVALID;
        if (len - pos - f->header < body)
        {
            if (pos) break;
            *missing = f->header + body - len;
            return TLS_RECORD_INCOMPLETE;
        }
        pos += f->header + body;
        if (pos == len) break;
    }
    *used = pos;
    return TLS_RECORD_COMPLETE;
}

enum tls_record_status tls_record_scan( const uint8_t *buf, size_t len, int datagram, size_t *used, size_t *missing )
{
    return scan( datagram ? &dtls : &tls, buf, len, used, missing );
}

size_t tls_record_size( const uint8_t *buf, int datagram )
{
    const struct framing *f = datagram ? &dtls : &tls;
    return f->header + ((size_t)buf[f->length_at] << 8 | buf[f->length_at + 1]);
}

uint64_t dtls_record_number( const uint8_t *buf )
{
    uint64_t number = 0;
    int i;

    for (i = 3; i < 11; i++) number = number << 8 | buf[i];
    return number;
}
