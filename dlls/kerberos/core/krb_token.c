/*
 * Kerberos context tokens (see krb_token.h).
 */
#include <string.h>

#include "der.h"
#include "gss.h"
#include "krb_token.h"

#define KRB_AP_REQ    14
#define KRB_AP_REP    15
#define KRB_ERROR     30
#define KRB_TICKET     1

/* The message types and the TOK_IDs (RFC 4121 4.1) that frame them. */
static const struct { enum krb_token_kind kind; uint8_t tag; uint8_t tok_id[2]; } kinds[] =
{
    { KRB_TOKEN_AP_REQ, DER_APPLICATION(KRB_AP_REQ), { 0x01, 0x00 } },
    { KRB_TOKEN_AP_REP, DER_APPLICATION(KRB_AP_REP), { 0x02, 0x00 } },
    { KRB_TOKEN_ERROR,  DER_APPLICATION(KRB_ERROR),  { 0x03, 0x00 } },
};

/* The kind of a whole Kerberos message, by its outer tag; it must fill BUF exactly. */
static enum krb_token_kind message_kind( const uint8_t *buf, size_t len, const uint8_t *tok_id )
{
    struct der d, value;
    uint8_t tag;
    size_t i;

    der_init( &d, buf, len );
    if (der_read( &d, &tag, &value ) || !der_empty( &d ) || der_peek_tag( &value ) != DER_SEQUENCE)
        return KRB_TOKEN_INVALID;
    for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (tag == kinds[i].tag && (!tok_id || !memcmp( tok_id, kinds[i].tok_id, 2 ))) return kinds[i].kind;
    return KRB_TOKEN_INVALID;
}

int krb_token_parse( const uint8_t *buf, size_t len, struct krb_token *out )
{
    struct der oid, inner;

    memset( out, 0, sizeof(*out) );
    if (!buf || !len) return -1;
    if (!gss_token_unwrap( buf, len, &oid, &inner ))
    {
        if (gss_oid_equal( &oid, gss_oid_spnego, sizeof(gss_oid_spnego) )) out->kind = KRB_TOKEN_SPNEGO;
        if (!gss_oid_equal( &oid, gss_oid_krb5, sizeof(gss_oid_krb5) ) &&
            !gss_oid_equal( &oid, gss_oid_krb5_ms, sizeof(gss_oid_krb5_ms) ))
            return -1;
        if (inner.end - inner.p < 2) return -1;
        out->framed = 1;
        out->msg = inner.p + 2;
        out->msg_len = inner.end - inner.p - 2;
        out->kind = message_kind( out->msg, out->msg_len, inner.p );
    }
    else
    {
        out->msg = buf;
        out->msg_len = len;
        out->kind = message_kind( buf, len, NULL );
    }
    return out->kind == KRB_TOKEN_INVALID || out->kind == KRB_TOKEN_SPNEGO ? -1 : 0;
}

/* The SEQUENCE inside [APPLICATION TAG]. */
static int open_message( const uint8_t *msg, size_t len, uint8_t tag, struct der *seq )
{
    struct der d, app;

    der_init( &d, msg, len );
    if (der_expect( &d, DER_APPLICATION(tag), &app ) || der_expect( &app, DER_SEQUENCE, seq )) return -1;
    return 0;
}

/* The explicitly tagged field [N], skipping the fields before it; -1 when absent. */
static int field( struct der *seq, unsigned int n, struct der *value )
{
    uint8_t tag;

    while (!der_empty( seq ))
    {
        if (der_peek_tag( seq ) > (int)DER_CONTEXT(n)) return -1;
        if (der_read( seq, &tag, value )) return -1;
        if (tag == DER_CONTEXT(n)) return 0;
    }
    return -1;
}

static int field_int( struct der *seq, unsigned int n, int32_t *value )
{
    struct der v;
    return field( seq, n, &v ) || der_read_int( &v, value ) ? -1 : 0;
}

/* A KerberosString (GeneralString) into OUT, '/', '@' and '\' escaped when ESCAPE. */
static int put_string( const struct der *s, int escape, char **out, const char *end )
{
    const uint8_t *p;

    for (p = s->p; p < s->end; p++)
    {
        if (!*p) return -1;
        if (escape && (*p == '/' || *p == '@' || *p == '\\'))
        {
            if (end - *out < 2) return -1;
            *(*out)++ = '\\';
        }
        if (end - *out < 1) return -1;
        *(*out)++ = *p;
    }
    return 0;
}

static int read_string( struct der *d, char *out, size_t size, int escape )
{
    struct der s;
    char *pos = out;

    if (der_expect( d, DER_GENERAL_STRING, &s ) || put_string( &s, escape, &pos, out + size - 1 )) return -1;
    *pos = 0;
    return 0;
}

/* PrincipalName ::= SEQUENCE { name-type [0] Int32, name-string [1] SEQUENCE OF KerberosString } */
static int read_principal( struct der *d, char *out, size_t size )
{
    struct der seq, names, comp;
    char *pos = out, *end = out + size - 1;
    int32_t type;

    if (der_expect( d, DER_SEQUENCE, &seq ) || field_int( &seq, 0, &type ) || field( &seq, 1, &comp ) ||
        der_expect( &comp, DER_SEQUENCE, &names ) || der_empty( &names ))
        return -1;
    while (!der_empty( &names ))
    {
        if (der_expect( &names, DER_GENERAL_STRING, &comp )) return -1;
        if (pos != out)
        {
            if (pos == end) return -1;
            *pos++ = '/';
        }
        if (put_string( &comp, 1, &pos, end )) return -1;
    }
    *pos = 0;
    return 0;
}

int krb_ap_req_ticket( const uint8_t *msg, size_t len, struct krb_ticket_info *out )
{
    struct der req, v, ticket_app, ticket, enc, bits;
    int32_t pvno, type, tkt_vno;
    size_t i;

    memset( out, 0, sizeof(*out) );
    if (open_message( msg, len, KRB_AP_REQ, &req ) || field_int( &req, 0, &pvno ) || pvno != 5 ||
        field_int( &req, 1, &type ) || type != KRB_AP_REQ)
        return -1;
    /* ap-options [2] APOptions: a BIT STRING of at least 32 bits */
    if (field( &req, 2, &v ) || der_expect( &v, DER_BIT_STRING, &bits ) || bits.end - bits.p < 1) return -1;
    for (i = 1; i < 5; i++) out->ap_options = (out->ap_options << 8) | (bits.p + i < bits.end ? bits.p[i] : 0);

    /* ticket [3] Ticket ::= [APPLICATION 1] SEQUENCE { tkt-vno [0], realm [1], sname [2], enc-part [3] } */
    if (field( &req, 3, &ticket_app ) || der_expect( &ticket_app, DER_APPLICATION(KRB_TICKET), &v ) ||
        der_expect( &v, DER_SEQUENCE, &ticket ) || field_int( &ticket, 0, &tkt_vno ) || tkt_vno != 5)
        return -1;
    if (field( &ticket, 1, &v ) || read_string( &v, out->realm, sizeof(out->realm), 0 )) return -1;
    if (field( &ticket, 2, &v ) || read_principal( &v, out->sname, sizeof(out->sname) )) return -1;
    /* EncryptedData ::= SEQUENCE { etype [0] Int32, kvno [1] UInt32 OPTIONAL, cipher [2] OCTET STRING } */
    if (field( &ticket, 3, &v ) || der_expect( &v, DER_SEQUENCE, &enc ) || field_int( &enc, 0, &out->etype ))
        return -1;
    if (der_peek_tag( &enc ) == DER_CONTEXT(1) && (field( &enc, 1, &v ) || der_read_uint( &v, &out->kvno ))) return -1;
    if (field( &enc, 2, &v ) || der_expect( &v, DER_OCTET_STRING, &bits )) return -1;
    return 0;
}

/* KerberosTime, "YYYYMMDDHHMMSSZ", as seconds since 1970. */
static int read_time( struct der *d, int64_t *out )
{
    static const int days_before[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
    struct der t;
    int f[6], i, j, pos = 0;
    int64_t days;

    if (der_expect( d, DER_GENERALIZED_TIME, &t ) || t.end - t.p != 15 || t.p[14] != 'Z') return -1;
    for (i = 0; i < 6; i++)
    {
        int digits = i ? 2 : 4;
        for (f[i] = 0, j = 0; j < digits; j++, pos++)
        {
            if (t.p[pos] < '0' || t.p[pos] > '9') return -1;
            f[i] = f[i] * 10 + t.p[pos] - '0';
        }
    }
    if (f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31 || f[3] > 23 || f[4] > 59 || f[5] > 60) return -1;
    days = (int64_t)(f[0] - 1970) * 365 + (f[0] - 1969) / 4 - (f[0] - 1901) / 100 + (f[0] - 1601) / 400 +
           days_before[f[1] - 1] + f[2] - 1;
    if (f[1] > 2 && f[0] % 4 == 0 && (f[0] % 100 || f[0] % 400 == 0)) days++;
    *out = ((days * 24 + f[3]) * 60 + f[4]) * 60 + f[5];
    return 0;
}

/* KRB-ERROR ::= [APPLICATION 30] SEQUENCE { pvno [0], msg-type [1], ctime [2] OPTIONAL, cusec [3] OPTIONAL,
 *     stime [4], susec [5], error-code [6], crealm [7] OPTIONAL, cname [8] OPTIONAL, realm [9], sname [10],
 *     e-text [11] OPTIONAL, e-data [12] OPTIONAL } */
int krb_error_parse( const uint8_t *msg, size_t len, struct krb_error_info *out )
{
    struct der err, v;
    int32_t pvno, type;

    memset( out, 0, sizeof(*out) );
    if (open_message( msg, len, KRB_ERROR, &err ) || field_int( &err, 0, &pvno ) || pvno != 5 ||
        field_int( &err, 1, &type ) || type != KRB_ERROR)
        return -1;
    if (field( &err, 4, &v ) || read_time( &v, &out->stime )) return -1;
    if (field_int( &err, 6, &out->error_code )) return -1;
    if (field( &err, 9, &v ) || field( &err, 10, &v )) return -1;
    if (!der_empty( &err ) && der_peek_tag( &err ) == DER_CONTEXT(11) &&
        (field( &err, 11, &v ) || read_string( &v, out->e_text, sizeof(out->e_text), 0 )))
        return -1;
    return 0;
}
