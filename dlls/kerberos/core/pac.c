/*
 * PAC parsing (see pac.h): PACTYPE and its buffers (MS-PAC 2.3, 2.4), the
 * NDR type serialization of KERB_VALIDATION_INFO (MS-PAC 2.5, MS-RPCE
 * 2.2.6), PAC_CLIENT_INFO (2.7) and UPN_DNS_INFO (2.10).
 */
#include <string.h>

#include "pac.h"

#define PAC_LOGON_INFO   1
#define PAC_CLIENT_INFO  10
#define PAC_UPN_DNS_INFO 12
#define PAC_MAX_BUFFERS  4096

static uint16_t get16( const uint8_t *p )
{
    return p[0] | (p[1] << 8);
}

static uint32_t get32( const uint8_t *p )
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint64_t get64( const uint8_t *p )
{
    return get32( p ) | ((uint64_t)get32( p + 4 ) << 32);
}

/* An NDR stream: 32-bit NDR, little-endian, 4-byte alignment at most. */
struct ndr
{
    const uint8_t *base;
    size_t         pos;
    size_t         len;
    int            bad;
};

static const uint8_t *take( struct ndr *n, size_t size )
{
    const uint8_t *ret;

    if (n->bad || size > n->len - n->pos)
    {
        n->bad = 1;
        return NULL;
    }
    ret = n->base + n->pos;
    n->pos += size;
    return ret;
}

static void align4( struct ndr *n )
{
    size_t pad = (4 - (n->pos & 3)) & 3;
    take( n, pad );
}

static uint32_t u32( struct ndr *n )
{
    const uint8_t *p;

    align4( n );
    return (p = take( n, 4 )) ? get32( p ) : 0;
}

static uint16_t u16( struct ndr *n )
{
    const uint8_t *p = take( n, 2 );
    return p ? get16( p ) : 0;
}

/* FILETIME: two ULONGs, 4-byte aligned */
static uint64_t filetime( struct ndr *n )
{
    uint64_t low = u32( n );
    return low | ((uint64_t)u32( n ) << 32);
}

/* RPC_UNICODE_STRING in the fixed part: the lengths, and whether its buffer follows. */
struct string_ref
{
    uint16_t length;
    uint16_t max_length;
    uint32_t referent;
    struct pac_string *out;
};

static void string_ref( struct ndr *n, struct string_ref *ref, struct pac_string *out )
{
    align4( n );
    ref->length = u16( n );
    ref->max_length = u16( n );
    ref->referent = u32( n );
    ref->out = out;
    if (ref->length > ref->max_length || (ref->length & 1) || (!ref->referent && ref->length)) n->bad = 1;
}

/* The deferred conformant varying array of a string. */
static void string_data( struct ndr *n, const struct string_ref *ref )
{
    uint32_t max, offset, actual;

    if (!ref->referent) return;
    max = u32( n );
    offset = u32( n );
    actual = u32( n );
    if (offset || actual > max || actual * 2 != ref->length)
    {
        n->bad = 1;
        return;
    }
    ref->out->data = take( n, ref->length );
    ref->out->len = ref->length;
}

/* RPC_SID, a conformant structure: its sub-authority count first. */
static void sid( struct ndr *n, struct pac_sid *out )
{
    const uint8_t *p;
    uint32_t max = u32( n ), i;

    if (!(p = take( n, 8 ))) return;
    out->revision = p[0];
    out->count = p[1];
    memcpy( out->authority, p + 2, 6 );
    if (out->revision != 1 || out->count != max || out->count > PAC_MAX_SUB_AUTHORITIES)
    {
        n->bad = 1;
        return;
    }
    for (i = 0; i < out->count; i++) out->sub[i] = u32( n );
}

/* A conformant array of COUNT elements of SIZE bytes; its start. */
static size_t array( struct ndr *n, uint32_t count, size_t size )
{
    size_t start;

    if (u32( n ) != count || count > (n->len - n->pos) / size)
    {
        n->bad = 1;
        return 0;
    }
    start = n->pos;
    take( n, (size_t)count * size );
    return start;
}

static int parse_logon_info( const uint8_t *buf, size_t len, struct pac_logon_info *info )
{
    struct ndr n = { buf, 0, len, 0 };
    struct string_ref names[6], server, domain;
    struct pac_string *names_out[6] = { &info->effective_name, &info->full_name, &info->logon_script,
                                        &info->profile_path, &info->home_directory, &info->home_drive };
    uint32_t groups_ref, domain_sid_ref, extra_ref, i, referent;
    struct pac_sid scratch;
    const uint8_t *p;
    size_t groups;

    memset( info, 0, sizeof(*info) );
    info->ndr = buf;
    info->ndr_len = len;
    /* common and private type serialization headers, then the top-level referent */
    if (!(p = take( &n, 16 )) || p[0] != 1 || p[1] != 0x10 || get16( p + 2 ) != 8 || get32( p + 8 ) > len - 16)
        return -1;
    n.len = 16 + get32( p + 8 );
    if (!u32( &n )) return -1;

    info->logon_time = filetime( &n );
    info->logoff_time = filetime( &n );
    info->kickoff_time = filetime( &n );
    info->password_last_set = filetime( &n );
    info->password_can_change = filetime( &n );
    info->password_must_change = filetime( &n );
    for (i = 0; i < 6; i++) string_ref( &n, &names[i], names_out[i] );
    info->logon_count = u16( &n );
    info->bad_password_count = u16( &n );
    info->user_id = u32( &n );
    info->primary_group_id = u32( &n );
    info->group_count = u32( &n );
    groups_ref = u32( &n );
    info->user_flags = u32( &n );
    take( &n, 16 );                       /* UserSessionKey */
    string_ref( &n, &server, &info->logon_server );
    string_ref( &n, &domain, &info->logon_domain );
    domain_sid_ref = u32( &n );
    take( &n, 8 + 4 + 4 + 8 + 8 + 4 + 4 );  /* Reserved1, UserAccountControl, SubAuthStatus, the interactive logon times */
    info->extra_sid_count = u32( &n );
    extra_ref = u32( &n );
    take( &n, 12 );                       /* the resource groups, which a logon here does not use */
    if (n.bad || (!groups_ref && info->group_count) || (!extra_ref && info->extra_sid_count)) return -1;

    /* the deferred pointers, in the order of the fields */
    for (i = 0; i < 6; i++) string_data( &n, &names[i] );
    if (groups_ref)
    {
        groups = array( &n, info->group_count, 8 );
        info->groups = n.bad ? NULL : buf + groups;
    }
    string_data( &n, &server );
    string_data( &n, &domain );
    if ((info->has_domain_sid = domain_sid_ref != 0)) sid( &n, &info->domain_sid );
    if (extra_ref)
    {
        info->extra_sids = array( &n, info->extra_sid_count, 8 );
        info->extra_sid_data = n.pos;
        for (i = 0; i < info->extra_sid_count && !n.bad; i++)
        {
            referent = get32( buf + info->extra_sids + 8 * i );
            if (referent) sid( &n, &scratch );
        }
    }
    return n.bad ? -1 : 0;
}

void pac_extra_sid( const struct pac_logon_info *info, uint32_t index, struct pac_sid *out, uint32_t *attributes )
{
    struct ndr n = { info->ndr, info->extra_sid_data, info->ndr_len, 0 };
    uint32_t i;

    memset( out, 0, sizeof(*out) );
    *attributes = get32( info->ndr + info->extra_sids + 8 * index + 4 );
    if (!get32( info->ndr + info->extra_sids + 8 * index )) return;
    for (i = 0; i <= index; i++)
        if (get32( info->ndr + info->extra_sids + 8 * i )) sid( &n, out );
}

int pac_user_sid( const struct pac_logon_info *info, struct pac_sid *out )
{
    if (!info->has_domain_sid || info->domain_sid.count >= PAC_MAX_SUB_AUTHORITIES) return -1;
    *out = info->domain_sid;
    out->sub[out->count++] = info->user_id;
    return 0;
}

/* A string of a buffer that locates its strings by offset and length. */
static int located_string( const uint8_t *buf, size_t len, uint16_t offset, uint16_t size, struct pac_string *out )
{
    if ((size & 1) || offset > len || size > len - offset) return -1;
    out->data = buf + offset;
    out->len = size;
    return 0;
}

static int parse_client_info( const uint8_t *buf, size_t len, struct pac *pac )
{
    uint16_t name_len;

    if (len < 10) return -1;
    pac->client_id = get64( buf );
    name_len = get16( buf + 8 );
    if ((name_len & 1) || name_len > len - 10) return -1;
    pac->client_name.data = buf + 10;
    pac->client_name.len = name_len;
    pac->has_client_info = 1;
    return 0;
}

static int parse_upn_dns_info( const uint8_t *buf, size_t len, struct pac *pac )
{
    if (len < 12 || located_string( buf, len, get16( buf + 2 ), get16( buf ), &pac->upn ) ||
        located_string( buf, len, get16( buf + 6 ), get16( buf + 4 ), &pac->dns_domain ))
        return -1;
    pac->has_upn = 1;
    return 0;
}

int pac_parse( const uint8_t *buf, size_t len, struct pac *pac )
{
    uint32_t count, i, type, size;
    uint64_t offset;
    const uint8_t *entry;
    int ret = 0;

    memset( pac, 0, sizeof(*pac) );
    if (!buf || len < 8 || get32( buf + 4 ) != 0) return -1;
    count = get32( buf );
    if (!count || count > PAC_MAX_BUFFERS || count > (len - 8) / 16) return -1;
    for (i = 0; i < count && !ret; i++)
    {
        entry = buf + 8 + 16 * i;
        type = get32( entry );
        size = get32( entry + 4 );
        offset = get64( entry + 8 );
        if ((offset & 7) || offset < 8 + 16 * (uint64_t)count || offset > len || size > len - offset) return -1;
        /* the first buffer of each type counts, as MS-PAC says */
        if (type == PAC_LOGON_INFO && !pac->has_logon_info)
        {
            ret = parse_logon_info( buf + offset, size, &pac->logon );
            pac->has_logon_info = !ret;
        }
        else if (type == PAC_CLIENT_INFO && !pac->has_client_info) ret = parse_client_info( buf + offset, size, pac );
        else if (type == PAC_UPN_DNS_INFO && !pac->has_upn) ret = parse_upn_dns_info( buf + offset, size, pac );
    }
    return ret;
}
