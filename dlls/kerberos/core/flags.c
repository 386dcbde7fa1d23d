/*
 * SSPI <-> GSS-API context flags (see flags.h).
 */
#include <stddef.h>

#include "flags.h"

struct flag_map { uint32_t sspi, gss; };

/* ISC_REQ_* and ISC_RET_* share values for these */
static const struct flag_map isc_map[] =
{
    { 0x00000001, GSS_FLAG_DELEG },           /* DELEGATE */
    { 0x00000002, GSS_FLAG_MUTUAL },          /* MUTUAL_AUTH */
    { 0x00000004, GSS_FLAG_REPLAY },          /* REPLAY_DETECT */
    { 0x00000008, GSS_FLAG_SEQUENCE },        /* SEQUENCE_DETECT */
    { 0x00000010, GSS_FLAG_CONF },            /* CONFIDENTIALITY */
    { 0x00000200, GSS_FLAG_DCE_STYLE },       /* USE_DCE_STYLE / USED_DCE_STYLE */
    { 0x00004000, GSS_FLAG_EXTENDED_ERROR },  /* EXTENDED_ERROR */
    { 0x00010000, GSS_FLAG_INTEG },           /* INTEGRITY */
    { 0x00020000, GSS_FLAG_IDENTIFY },        /* IDENTIFY */
};

/* ASC_REQ_* and ASC_RET_* share values for these */
static const struct flag_map asc_map[] =
{
    { 0x00000001, GSS_FLAG_DELEG },
    { 0x00000002, GSS_FLAG_MUTUAL },
    { 0x00000004, GSS_FLAG_REPLAY },
    { 0x00000008, GSS_FLAG_SEQUENCE },
    { 0x00000010, GSS_FLAG_CONF },
    { 0x00000200, GSS_FLAG_DCE_STYLE },
    { 0x00008000, GSS_FLAG_EXTENDED_ERROR },
    { 0x00020000, GSS_FLAG_INTEG },
    { 0x00080000, GSS_FLAG_IDENTIFY },
};

static uint32_t map( const struct flag_map *table, size_t count, uint32_t flags, int to_gss )
{
    uint32_t ret = 0;
    size_t i;

    for (i = 0; i < count; i++)
    {
        if (to_gss && (flags & table[i].sspi)) ret |= table[i].gss;
        if (!to_gss && (flags & table[i].gss)) ret |= table[i].sspi;
    }
    return ret;
}

uint32_t isc_req_to_gss( uint32_t req )
{
    return map( isc_map, sizeof(isc_map) / sizeof(isc_map[0]), req, 1 );
}

uint32_t gss_to_isc_ret( uint32_t gss )
{
    return map( isc_map, sizeof(isc_map) / sizeof(isc_map[0]), gss, 0 );
}

uint32_t asc_req_to_gss( uint32_t req )
{
    return map( asc_map, sizeof(asc_map) / sizeof(asc_map[0]), req, 1 );
}

uint32_t gss_to_asc_ret( uint32_t gss )
{
    return map( asc_map, sizeof(asc_map) / sizeof(asc_map[0]), gss, 0 );
}
