/*
 * SPNEGO tokens (see spnego.h).
 */
#include <string.h>

#include "der.h"
#include "gss.h"
#include "spnego.h"

/* What Windows puts in negHints (MS-SPNG 2.2.1). */
static const char hint_name[] = "not_defined_in_RFC4178@please_ignore";

static const struct
{
    enum spnego_mech mech;
    const uint8_t   *oid;
    size_t           len;
}
mech_oids[] =
{
    { SPNEGO_MECH_KRB5,    gss_oid_krb5,    sizeof(gss_oid_krb5) },
    { SPNEGO_MECH_KRB5_MS, gss_oid_krb5_ms, sizeof(gss_oid_krb5_ms) },
    { SPNEGO_MECH_NTLM,    gss_oid_ntlm,    sizeof(gss_oid_ntlm) },
};

static enum spnego_mech mech_of_oid( const struct der *oid )
{
    size_t i;

    for (i = 0; i < sizeof(mech_oids) / sizeof(mech_oids[0]); i++)
        if (gss_oid_equal( oid, mech_oids[i].oid, mech_oids[i].len )) return mech_oids[i].mech;
    return SPNEGO_MECH_OTHER;
}

static const uint8_t *oid_of_mech( enum spnego_mech mech, size_t *len )
{
    size_t i;

    for (i = 0; i < sizeof(mech_oids) / sizeof(mech_oids[0]); i++)
    {
        if (mech_oids[i].mech != mech) continue;
        *len = mech_oids[i].len;
        return mech_oids[i].oid;
    }
    return NULL;
}

enum spnego_token_kind spnego_classify( const uint8_t *buf, size_t len )
{
    struct der token, oid, inner, value;
    uint8_t tag;

    if (!buf || !len) return SPNEGO_INVALID;
    if (len >= 8 && !memcmp( buf, "NTLMSSP", 8 )) return SPNEGO_RAW_NTLM;

    if (!gss_token_unwrap( buf, len, &oid, &inner ))
    {
        if (gss_oid_equal( &oid, gss_oid_spnego, sizeof(gss_oid_spnego) ))
            return der_peek_tag( &inner ) == DER_CONTEXT(0) ? SPNEGO_NEG_TOKEN_INIT : SPNEGO_INVALID;
        if (gss_oid_equal( &oid, gss_oid_krb5, sizeof(gss_oid_krb5) ) ||
            gss_oid_equal( &oid, gss_oid_krb5_ms, sizeof(gss_oid_krb5_ms) ))
            return SPNEGO_RAW_KERBEROS;
        return SPNEGO_INVALID;
    }

    der_init( &token, buf, len );
    if (!der_read( &token, &tag, &value ) && der_empty( &token ) && tag == DER_CONTEXT(1) &&
        der_peek_tag( &value ) == DER_SEQUENCE)
        return SPNEGO_NEG_TOKEN_RESP;
    return SPNEGO_INVALID;
}

/* The body of an explicitly tagged [n] SEQUENCE that is all of D. */
static int read_tagged_sequence( struct der *d, uint8_t tag, struct der *seq )
{
    struct der outer;

    if (der_expect( d, tag, &outer ) || !der_empty( d )) return -1;
    if (der_expect( &outer, DER_SEQUENCE, seq ) || !der_empty( &outer )) return -1;
    return 0;
}

/* The next field of a SPNEGO SEQUENCE: [n] with n above the last one read,
 * and its one element inside. Returns 1 at the end, 0 or -1. */
static int next_field( struct der *seq, int *last, int *n, struct der *field, const uint8_t **start )
{
    uint8_t tag;

    if (der_empty( seq )) return 1;
    if (der_read( seq, &tag, field ) || (tag & 0xe0) != 0xa0 || (int)(tag & 0x1f) <= *last) return -1;
    *last = *n = tag & 0x1f;
    *start = field->p;
    return 0;
}

/* An OCTET STRING that is all of FIELD. */
static int read_octets( struct der *field, const uint8_t **data, size_t *len )
{
    struct der value;

    if (der_expect( field, DER_OCTET_STRING, &value ) || !der_empty( field )) return -1;
    *data = value.p;
    *len = value.end - value.p;
    return 0;
}

/* A MechTypeList that is all of FIELD: one or more OIDs. */
static int read_mech_list( struct der *field, const uint8_t *start, struct spnego_init *init )
{
    struct der list, oid;

    if (der_expect( field, DER_SEQUENCE, &list ) || !der_empty( field ) || der_empty( &list )) return -1;
    init->mech_list = start;
    init->mech_list_len = list.end - start;
    while (!der_empty( &list ))
        if (der_expect( &list, DER_OID, &oid ) || der_empty( &oid )) return -1;
    return 0;
}

int spnego_read_init( const uint8_t *buf, size_t len, struct spnego_init *init )
{
    struct der oid, inner, seq, field;
    const uint8_t *start;
    int last = -1, n, ret;

    memset( init, 0, sizeof(*init) );
    if (gss_token_unwrap( buf, len, &oid, &inner ) || !gss_oid_equal( &oid, gss_oid_spnego, sizeof(gss_oid_spnego) ))
        return -1;
    if (read_tagged_sequence( &inner, DER_CONTEXT(0), &seq )) return -1;
    while (!(ret = next_field( &seq, &last, &n, &field, &start )))
    {
        switch (n)
        {
        case 0:
            if (read_mech_list( &field, start, init )) return -1;
            break;
        case 1:  /* reqFlags: not protected, to be ignored (RFC 4178 4.2.1) */
            break;
        case 2:
            if (read_octets( &field, &init->token, &init->token_len )) return -1;
            break;
        case 3:  /* mechListMIC of NegTokenInit, or the negHints of NegTokenInit2 */
            if (der_peek_tag( &field ) == DER_SEQUENCE) init->hints = 1;
            else if (read_octets( &field, &init->mic, &init->mic_len )) return -1;
            break;
        case 4:  /* mechListMIC of NegTokenInit2; of a NegTokenInit, a field of a later revision */
            if (init->hints && read_octets( &field, &init->mic, &init->mic_len )) return -1;
            break;
        default:  /* what a later revision adds */
            break;
        }
    }
    if (ret < 0) return -1;
    return init->mech_list || init->hints ? 0 : -1;
}

unsigned int spnego_read_mechs( const struct spnego_init *init, enum spnego_mech *mechs, unsigned int max )
{
    struct der list, items, oid;
    unsigned int count = 0;

    if (!init->mech_list) return 0;
    der_init( &list, init->mech_list, init->mech_list_len );
    if (der_expect( &list, DER_SEQUENCE, &items )) return 0;
    while (count < max && !der_expect( &items, DER_OID, &oid )) mechs[count++] = mech_of_oid( &oid );
    return count;
}

int spnego_read_resp( const uint8_t *buf, size_t len, struct spnego_resp *resp )
{
    struct der token, seq, field, value;
    const uint8_t *start;
    int last = -1, n, ret;

    memset( resp, 0, sizeof(*resp) );
    resp->state = SPNEGO_NO_STATE;
    der_init( &token, buf, len );
    if (read_tagged_sequence( &token, DER_CONTEXT(1), &seq )) return -1;
    while (!(ret = next_field( &seq, &last, &n, &field, &start )))
    {
        switch (n)
        {
        case 0:
            if (der_expect( &field, DER_ENUMERATED, &value ) || !der_empty( &field ) || value.end - value.p != 1 ||
                value.p[0] > SPNEGO_REQUEST_MIC)
                return -1;
            resp->state = value.p[0];
            break;
        case 1:
            if (der_expect( &field, DER_OID, &value ) || !der_empty( &field ) || der_empty( &value )) return -1;
            resp->mech = mech_of_oid( &value );
            break;
        case 2:
            if (read_octets( &field, &resp->token, &resp->token_len )) return -1;
            break;
        case 3:
            if (read_octets( &field, &resp->mic, &resp->mic_len )) return -1;
            break;
        default:
            break;
        }
    }
    return ret < 0 ? -1 : 0;
}

/* Writing: each writer measures first, then writes from the outside in. */

static size_t tlv_size( size_t len )
{
    return der_header_size( len ) + len;
}

/* [TAG] { INNER data }: an explicitly tagged element. */
static size_t tagged_size( size_t len )
{
    return tlv_size( tlv_size( len ) );
}

static uint8_t *put_tagged( uint8_t *p, uint8_t tag, uint8_t inner, const void *data, size_t len )
{
    p += der_write_header( p, tag, tlv_size( len ) );
    p += der_write_header( p, inner, len );
    memcpy( p, data, len );
    return p + len;
}

size_t spnego_write_mech_list( const enum spnego_mech *mechs, unsigned int count, uint8_t *out, size_t size )
{
    const uint8_t *oid;
    size_t len = 0, oid_len, total;
    unsigned int i;
    uint8_t *p;

    for (i = 0; i < count; i++) if ((oid = oid_of_mech( mechs[i], &oid_len ))) len += tlv_size( oid_len );
    total = tlv_size( len );
    if (!out || size < total) return total;
    p = out + der_write_header( out, DER_SEQUENCE, len );
    for (i = 0; i < count; i++)
    {
        if (!(oid = oid_of_mech( mechs[i], &oid_len ))) continue;
        p += der_write_header( p, DER_OID, oid_len );
        memcpy( p, oid, oid_len );
        p += oid_len;
    }
    return total;
}

/* 60 { OID 1.3.6.1.5.5.2, [0] SEQUENCE { [0] mechs, BODY } }, BODY BODY_LEN bytes
 * that the caller writes at the returned pointer. */
static uint8_t *put_init_header( uint8_t *p, const enum spnego_mech *mechs, unsigned int count, size_t list_len,
                                 size_t body_len )
{
    size_t seq = tlv_size( list_len ) + body_len;

    p += der_write_header( p, DER_APPLICATION0, tlv_size( sizeof(gss_oid_spnego) ) + tagged_size( seq ) );
    p += der_write_header( p, DER_OID, sizeof(gss_oid_spnego) );
    memcpy( p, gss_oid_spnego, sizeof(gss_oid_spnego) );
    p += sizeof(gss_oid_spnego);
    p += der_write_header( p, DER_CONTEXT(0), tlv_size( seq ) );
    p += der_write_header( p, DER_SEQUENCE, seq );
    p += der_write_header( p, DER_CONTEXT(0), list_len );
    return p + spnego_write_mech_list( mechs, count, p, list_len );
}

static size_t init_size( size_t list_len, size_t body_len )
{
    return tlv_size( tlv_size( sizeof(gss_oid_spnego) ) + tagged_size( tlv_size( list_len ) + body_len ) );
}

size_t spnego_write_init( const enum spnego_mech *mechs, unsigned int count, const uint8_t *token, size_t token_len,
                          uint8_t *out, size_t size )
{
    size_t list_len = spnego_write_mech_list( mechs, count, NULL, 0 );
    size_t body_len = token ? tagged_size( token_len ) : 0, total = init_size( list_len, body_len );
    uint8_t *p;

    if (!out || size < total) return total;
    p = put_init_header( out, mechs, count, list_len, body_len );
    if (token) put_tagged( p, DER_CONTEXT(2), DER_OCTET_STRING, token, token_len );
    return total;
}

size_t spnego_write_init2( const enum spnego_mech *mechs, unsigned int count, uint8_t *out, size_t size )
{
    size_t list_len = spnego_write_mech_list( mechs, count, NULL, 0 );
    size_t hints = tlv_size( tagged_size( sizeof(hint_name) - 1 ) );   /* SEQUENCE { [0] GeneralString } */
    size_t body_len = tlv_size( hints ), total = init_size( list_len, body_len );
    uint8_t *p;

    if (!out || size < total) return total;
    p = put_init_header( out, mechs, count, list_len, body_len );
    p += der_write_header( p, DER_CONTEXT(3), hints );
    p += der_write_header( p, DER_SEQUENCE, tagged_size( sizeof(hint_name) - 1 ) );
    put_tagged( p, DER_CONTEXT(0), DER_GENERAL_STRING, hint_name, sizeof(hint_name) - 1 );
    return total;
}

size_t spnego_write_resp( const struct spnego_resp *resp, uint8_t *out, size_t size )
{
    size_t oid_len = 0, seq, total;
    const uint8_t *oid = resp->mech ? oid_of_mech( resp->mech, &oid_len ) : NULL;
    uint8_t *p;

    seq = (resp->state != SPNEGO_NO_STATE ? 5 : 0) + (oid ? tagged_size( oid_len ) : 0) +
          (resp->token ? tagged_size( resp->token_len ) : 0) + (resp->mic ? tagged_size( resp->mic_len ) : 0);
    total = tagged_size( seq );
    if (!out || size < total) return total;
    p = out + der_write_header( out, DER_CONTEXT(1), tlv_size( seq ) );
    p += der_write_header( p, DER_SEQUENCE, seq );
    if (resp->state != SPNEGO_NO_STATE)
    {
        uint8_t state = resp->state;
        p = put_tagged( p, DER_CONTEXT(0), DER_ENUMERATED, &state, 1 );
    }
    if (oid) p = put_tagged( p, DER_CONTEXT(1), DER_OID, oid, oid_len );
    if (resp->token) p = put_tagged( p, DER_CONTEXT(2), DER_OCTET_STRING, resp->token, resp->token_len );
    if (resp->mic) put_tagged( p, DER_CONTEXT(3), DER_OCTET_STRING, resp->mic, resp->mic_len );
    return total;
}
