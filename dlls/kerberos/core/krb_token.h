/*
 * The Kerberos context tokens of SSPI (RFC 4121 4.1, RFC 4120 5.5 and 5.9.1):
 * AP-REQ, AP-REP and KRB-ERROR, framed as GSS-API tokens or raw (DCE style),
 * and what they say in the clear. Portable C, no Windows dependency; every
 * read is bounds-checked.
 */
#ifndef __KERBEROS_KRB_TOKEN_H
#define __KERBEROS_KRB_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "names.h"

enum krb_token_kind
{
    KRB_TOKEN_INVALID,
    KRB_TOKEN_AP_REQ,
    KRB_TOKEN_AP_REP,
    KRB_TOKEN_ERROR,
    KRB_TOKEN_SPNEGO,               /* not Kerberos: a Negotiate token (framed with the SPNEGO OID) */
};

struct krb_token
{
    enum krb_token_kind kind;
    int                 framed;     /* in a GSS-API token with the krb5 OID and a TOK_ID */
    const uint8_t      *msg;        /* the Kerberos message, [APPLICATION n] and all */
    size_t              msg_len;
};

/* What a context token is. Returns 0, or -1 when it is none of the three
 * Kerberos messages (OUT->kind is then KRB_TOKEN_SPNEGO or KRB_TOKEN_INVALID). */
int krb_token_parse( const uint8_t *buf, size_t len, struct krb_token *out );

/* The ticket of an AP-REQ, as far as it is in the clear. */
struct krb_ticket_info
{
    uint32_t ap_options;            /* RFC 4120 APOptions, bit 0 the most significant */
    int32_t  etype;                 /* of the ticket's encrypted part */
    uint32_t kvno;                  /* the key version, 0 when absent */
    char     realm[256];
    char     sname[KRB_MAX_NAME];   /* "comp/comp", '/', '@' and '\' escaped with '\' */
};

#define KRB_AP_OPTION_MUTUAL_REQUIRED 0x20000000

/* MSG is an AP-REQ (msg of a KRB_TOKEN_AP_REQ). Returns 0 or -1. */
int krb_ap_req_ticket( const uint8_t *msg, size_t len, struct krb_ticket_info *out );

/* A KRB-ERROR. */
struct krb_error_info
{
    int32_t error_code;             /* RFC 4120 7.5.9: KRB_AP_ERR_SKEW is 37 */
    int64_t stime;                  /* the server's time, seconds since 1970 */
    char    e_text[256];            /* empty when absent */
};

/* MSG is a KRB-ERROR (msg of a KRB_TOKEN_ERROR). Returns 0 or -1. */
int krb_error_parse( const uint8_t *msg, size_t len, struct krb_error_info *out );

#endif
