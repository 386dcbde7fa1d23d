/*
 * SPNEGO tokens (RFC 4178, MS-SPNG 2.2): what a token given to Negotiate is
 * (SPNEGO, or a bare mechanism token that Windows' Negotiate also takes),
 * NegTokenInit and NegTokenInit2 read and written, NegTokenResp read and
 * written. Portable C, no Windows dependency; every read is bounds-checked,
 * and what a read returns points into the token it read.
 */
#ifndef __SPNEGO_H
#define __SPNEGO_H

#include <stddef.h>
#include <stdint.h>

enum spnego_token_kind
{
    SPNEGO_INVALID,
    SPNEGO_NEG_TOKEN_INIT,   /* GSS initial context token of SPNEGO: the client's first leg */
    SPNEGO_NEG_TOKEN_RESP,   /* [1] NegTokenResp: every later leg */
    SPNEGO_RAW_NTLM,         /* a bare NTLMSSP message */
    SPNEGO_RAW_KERBEROS,     /* a bare Kerberos initial context token */
};

enum spnego_token_kind spnego_classify( const uint8_t *buf, size_t len );

enum spnego_mech
{
    SPNEGO_MECH_NONE,
    SPNEGO_MECH_OTHER,       /* one we do not have: NegoEx, PKU2U, ... */
    SPNEGO_MECH_KRB5,        /* 1.2.840.113554.1.2.2 */
    SPNEGO_MECH_KRB5_MS,     /* 1.2.840.48018.1.2.2, Windows' first choice */
    SPNEGO_MECH_NTLM,        /* 1.3.6.1.4.1.311.2.2.10 */
};

static inline int spnego_mech_is_krb5( enum spnego_mech mech )
{
    return mech == SPNEGO_MECH_KRB5 || mech == SPNEGO_MECH_KRB5_MS;
}

/* NegTokenInit, or the NegTokenInit2 of a server that speaks first (MS-SPNG 2.2.1). */
struct spnego_init
{
    const uint8_t *mech_list;     /* the MechTypeList, SEQUENCE tag and all: what a mechListMIC signs; */
    size_t         mech_list_len; /* NULL when absent (a NegTokenInit2 may leave it out) */
    const uint8_t *token;         /* mechToken: the optimistic token of the first mechanism, or NULL */
    size_t         token_len;
    const uint8_t *mic;           /* mechListMIC, or NULL */
    size_t         mic_len;
    int            hints;         /* negHints: a NegTokenInit2 */
};

/* BUF is a whole initial context token of SPNEGO. Returns 0, or -1 when it is malformed. */
int spnego_read_init( const uint8_t *buf, size_t len, struct spnego_init *init );
/* The mechanisms of INIT's list, in order, the first MAX of them; returns how many were read. */
unsigned int spnego_read_mechs( const struct spnego_init *init, enum spnego_mech *mechs, unsigned int max );

/* The negState of NegTokenResp. */
enum spnego_state
{
    SPNEGO_ACCEPT_COMPLETED  = 0,
    SPNEGO_ACCEPT_INCOMPLETE = 1,
    SPNEGO_REJECT            = 2,
    SPNEGO_REQUEST_MIC       = 3,
    SPNEGO_NO_STATE          = -1,  /* absent: the state of the mechanism's context says */
};

struct spnego_resp
{
    enum spnego_state state;
    enum spnego_mech  mech;       /* supportedMech, SPNEGO_MECH_NONE when absent */
    const uint8_t    *token;      /* responseToken, or NULL */
    size_t            token_len;
    const uint8_t    *mic;        /* mechListMIC, or NULL */
    size_t            mic_len;
};

/* BUF is a whole NegTokenResp ([1], as every token after the first goes). Returns 0 or -1. */
int spnego_read_resp( const uint8_t *buf, size_t len, struct spnego_resp *resp );

/* The writers return the size of the whole token, and write it only when it
 * fits OUT (SIZE bytes; OUT may be NULL to learn the size). MECH_OTHER is
 * never written. */
size_t spnego_write_mech_list( const enum spnego_mech *mechs, unsigned int count, uint8_t *out, size_t size );
/* A client's NegTokenInit: MECHS, and TOKEN (of the first of them) when not NULL. No reqFlags (MS-SPNG 3.1.5.5). */
size_t spnego_write_init( const enum spnego_mech *mechs, unsigned int count, const uint8_t *token, size_t token_len,
                          uint8_t *out, size_t size );
/* A server's NegTokenInit2: MECHS, and the hint Windows sends (MS-SPNG 3.2.5.2). */
size_t spnego_write_init2( const enum spnego_mech *mechs, unsigned int count, uint8_t *out, size_t size );
size_t spnego_write_resp( const struct spnego_resp *resp, uint8_t *out, size_t size );

#endif
