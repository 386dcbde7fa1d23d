/*
 * NTLM messages (MS-NLMP 2.2): parsing and building NEGOTIATE, CHALLENGE and
 * AUTHENTICATE, and the AV pairs of the target information. Parsers only
 * return views into the buffer they were given, each checked to lie inside it.
 * Portable C, no Windows dependency.
 */
#ifndef __NTLM_MSG_H
#define __NTLM_MSG_H

#include <stddef.h>
#include <stdint.h>

enum ntlm_message_type
{
    NTLM_NEGOTIATE    = 1,
    NTLM_CHALLENGE    = 2,
    NTLM_AUTHENTICATE = 3,
};

enum ntlm_status
{
    NTLM_OK = 0,
    NTLM_TRUNCATED,       /* shorter than its fixed part or a field runs past the end */
    NTLM_BAD_SIGNATURE,   /* not "NTLMSSP\0" */
    NTLM_BAD_TYPE,        /* not the message type expected */
    NTLM_BAD_FIELD,       /* a field is malformed: odd Unicode length, bad AV pairs, ... */
    NTLM_NO_MEMORY,
};

/* NEGOTIATE flags (MS-NLMP 2.2.2.5) */
#define NTLMSSP_NEGOTIATE_UNICODE                  0x00000001
#define NTLMSSP_NEGOTIATE_OEM                      0x00000002
#define NTLMSSP_REQUEST_TARGET                     0x00000004
#define NTLMSSP_NEGOTIATE_SIGN                     0x00000010
#define NTLMSSP_NEGOTIATE_SEAL                     0x00000020
#define NTLMSSP_NEGOTIATE_DATAGRAM                 0x00000040
#define NTLMSSP_NEGOTIATE_LM_KEY                   0x00000080
#define NTLMSSP_NEGOTIATE_NTLM                     0x00000200
#define NTLMSSP_NEGOTIATE_ANONYMOUS                0x00000800
#define NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED      0x00001000
#define NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED 0x00002000
#define NTLMSSP_NEGOTIATE_ALWAYS_SIGN              0x00008000
#define NTLMSSP_TARGET_TYPE_DOMAIN                 0x00010000
#define NTLMSSP_TARGET_TYPE_SERVER                 0x00020000
#define NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY 0x00080000
#define NTLMSSP_NEGOTIATE_IDENTIFY                 0x00100000
#define NTLMSSP_REQUEST_NON_NT_SESSION_KEY         0x00400000
#define NTLMSSP_NEGOTIATE_TARGET_INFO              0x00800000
#define NTLMSSP_NEGOTIATE_VERSION                  0x02000000
#define NTLMSSP_NEGOTIATE_128                      0x20000000
#define NTLMSSP_NEGOTIATE_KEY_EXCH                 0x40000000
#define NTLMSSP_NEGOTIATE_56                       0x80000000

/* AV pair identifiers (MS-NLMP 2.2.2.1) */
#define MSV_AV_EOL               0
#define MSV_AV_NB_COMPUTER_NAME  1
#define MSV_AV_NB_DOMAIN_NAME    2
#define MSV_AV_DNS_COMPUTER_NAME 3
#define MSV_AV_DNS_DOMAIN_NAME   4
#define MSV_AV_DNS_TREE_NAME     5
#define MSV_AV_FLAGS             6
#define MSV_AV_TIMESTAMP         7
#define MSV_AV_SINGLE_HOST       8
#define MSV_AV_TARGET_NAME       9
#define MSV_AV_CHANNEL_BINDINGS  10

/* MsvAvFlags */
#define MSV_AV_FLAG_CONSTRAINED  0x1
#define MSV_AV_FLAG_MIC          0x2
#define MSV_AV_FLAG_UNTRUSTED_SPN 0x4

#define NTLM_HEADER_SIZE   12   /* signature and type */
#define NTLM_VERSION_SIZE  8
#define NTLM_MIC_SIZE      16
#define NTLM_MIC_OFFSET    72   /* after the fixed fields and the version */

struct ntlm_bytes
{
    const uint8_t *data;
    size_t         len;
};

struct ntlm_negotiate
{
    uint32_t          flags;
    struct ntlm_bytes domain;        /* OEM, when NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED */
    struct ntlm_bytes workstation;   /* OEM, when NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED */
};

struct ntlm_challenge
{
    uint32_t          flags;
    uint8_t           server_challenge[8];
    struct ntlm_bytes target_name;
    struct ntlm_bytes target_info;   /* AV pairs, validated */
};

struct ntlm_authenticate
{
    uint32_t          flags;
    struct ntlm_bytes lm_response;
    struct ntlm_bytes nt_response;
    struct ntlm_bytes domain;
    struct ntlm_bytes user;
    struct ntlm_bytes workstation;
    struct ntlm_bytes session_key;   /* EncryptedRandomSessionKey */
    int               has_mic;       /* the payload leaves room for a MIC at NTLM_MIC_OFFSET */
    uint8_t           mic[NTLM_MIC_SIZE];
};

enum ntlm_status ntlm_message_type( const uint8_t *buf, size_t len, uint32_t *type );
/* The field descriptor at OFFSET (length, allocated, offset) as a view into BUF. */
enum ntlm_status ntlm_field( const uint8_t *buf, size_t len, size_t offset, const uint8_t **data,
                             uint16_t *field_len );

enum ntlm_status ntlm_parse_negotiate( const uint8_t *buf, size_t len, struct ntlm_negotiate *msg );
enum ntlm_status ntlm_parse_challenge( const uint8_t *buf, size_t len, struct ntlm_challenge *msg );
enum ntlm_status ntlm_parse_authenticate( const uint8_t *buf, size_t len, struct ntlm_authenticate *msg );

/* Builders return a malloc'ed message in *out and its length in *out_len.
 * VERSION (8 bytes) is written when FLAGS has NTLMSSP_NEGOTIATE_VERSION. */
enum ntlm_status ntlm_build_negotiate( uint32_t flags, const uint8_t *version, uint8_t **out, size_t *out_len );
enum ntlm_status ntlm_build_challenge( uint32_t flags, const uint8_t challenge[8], const struct ntlm_bytes *target_name,
                                       const struct ntlm_bytes *target_info, const uint8_t *version,
                                       uint8_t **out, size_t *out_len );
/* With WITH_MIC, a zeroed MIC is reserved at NTLM_MIC_OFFSET for the caller to fill. */
enum ntlm_status ntlm_build_authenticate( const struct ntlm_authenticate *msg, const uint8_t *version, int with_mic,
                                          uint8_t **out, size_t *out_len );

/* AV pairs: a list of (id, length, value) ending with MsvAvEOL. */
enum ntlm_status ntlm_av_validate( const uint8_t *info, size_t len );
/* Finds ID in a validated list; 1 when found. */
int ntlm_av_find( const uint8_t *info, size_t len, uint16_t id, struct ntlm_bytes *value );
/* Writes one pair at OUT (NULL to measure); returns its size. */
size_t ntlm_av_put( uint8_t *out, uint16_t id, const void *value, uint16_t len );

static inline uint16_t ntlm_get16( const uint8_t *p ) { return p[0] | p[1] << 8; }
static inline uint32_t ntlm_get32( const uint8_t *p )
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline void ntlm_put16( uint8_t *p, uint16_t v ) { p[0] = v; p[1] = v >> 8; }
static inline void ntlm_put32( uint8_t *p, uint32_t v ) { p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24; }

#endif
