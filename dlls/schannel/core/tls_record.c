/*
 * TLS record framing (see tls_record.h).
 */
#include "tls_record.h"

/* ChangeCipherSpec, Alert, Handshake, ApplicationData, Heartbeat */
static int valid_type( uint8_t type )
{
    return type >= 20 && type <= 24;
}

enum tls_record_status tls_record_scan( const uint8_t *buf, size_t len, size_t *used, size_t *missing )
{
    size_t pos = 0, body;

    *used = 0;
    *missing = 0;
    for (;;)
    {
        if (len - pos < TLS_RECORD_HEADER)
        {
            if (pos) break;
            if (len && !valid_type( buf[0] )) return TLS_RECORD_INVALID;
            if (len >= 2 && buf[1] != 3) return TLS_RECORD_INVALID;
            *missing = TLS_RECORD_HEADER - len;
            return TLS_RECORD_INCOMPLETE;
        }
        if (!valid_type( buf[pos] ) || buf[pos + 1] != 3) return TLS_RECORD_INVALID;
        body = (size_t)buf[pos + 3] << 8 | buf[pos + 4];
        if (body > TLS_MAX_RECORD_BODY) return TLS_RECORD_INVALID;
        if (len - pos - TLS_RECORD_HEADER < body)
        {
            if (pos) break;
            *missing = TLS_RECORD_HEADER + body - len;
            return TLS_RECORD_INCOMPLETE;
        }
        pos += TLS_RECORD_HEADER + body;
        if (pos == len) break;
    }
    *used = pos;
    return TLS_RECORD_COMPLETE;
}
