/*
 * NTLM authentication (MS-NLMP 3.1-3.3): the responses a client computes,
 * their verification by a server, and the session keys both derive.
 * Randomness and time are inputs, so that everything here is deterministic.
 * Portable C over sspcrypt.h, no Windows dependency; the functions returning
 * int return 0 on success, -1 when libgcrypt could not have the memory.
 */
#ifndef __NTLM_AUTH_H
#define __NTLM_AUTH_H

#include "ntlm_msg.h"

/* How far an NTLMv2 timestamp may be from the server's clock (MS-NLMP
 * 3.2.5.1.2 MaxLifetime, 36 hours), in FILETIME units. */
#define NTLM_MAX_CLOCK_SKEW (36ull * 3600 * 10000000)

/* The NTLMv2 blob before its AV pairs: RespType, HiRespType, reserved,
 * timestamp, client challenge, reserved (MS-NLMP 2.2.2.7). */
#define NTLM_V2_BLOB_HEADER 28

/* NTOWFv1: MD4 of the UTF-16LE password. */
int ntlm_nt_hash( const uint8_t *password, size_t len, uint8_t hash[16] );
/* LMOWFv1 of an upper-cased OEM password (longer than 14 bytes has no LM hash). */
int ntlm_lm_hash( const uint8_t *password, size_t len, uint8_t hash[16] );
/* NTOWFv2: HMAC-MD5 keyed with the NT hash over UPPER(user) and domain, both UTF-16LE. */
int ntlm_v2_hash( const uint8_t nt_hash[16], const struct ntlm_bytes *user_upper, const struct ntlm_bytes *domain,
                  uint8_t out[16] );
/* DESL: the 24-byte NTLMv1 response of KEY (16 bytes) to CHALLENGE. */
int ntlm_desl( const uint8_t key[16], const uint8_t challenge[8], uint8_t out[24] );

/* Writes the NTLMv2 blob (temp) for AV_PAIRS, which must end with MsvAvEOL;
 * OUT NULL measures. Returns its size. */
size_t ntlm_v2_blob( uint8_t *out, uint64_t timestamp, const uint8_t client_challenge[8],
                     const uint8_t *av_pairs, size_t av_len );
/* NTProofStr and SessionBaseKey of an NTLMv2 blob. */
int ntlm_v2_proof( const uint8_t v2_hash[16], const uint8_t server_challenge[8], const uint8_t *blob,
                   size_t blob_len, uint8_t proof[16], uint8_t session_base_key[16] );
/* The MD5 hash of gss_channel_bindings_struct that MsvAvChannelBindings carries. */
int ntlm_channel_bindings_hash( uint32_t initiator_type, const void *initiator, uint32_t initiator_len,
                                uint32_t acceptor_type, const void *acceptor, uint32_t acceptor_len,
                                const void *application, uint32_t application_len, uint8_t hash[16] );
/* The MIC over the three messages, with the MIC of AUTHENTICATE taken as zero. */
int ntlm_mic( const uint8_t session_key[16], const uint8_t *negotiate, size_t negotiate_len,
              const uint8_t *challenge, size_t challenge_len, const uint8_t *authenticate, size_t authenticate_len,
              uint8_t mic[16] );

/* What the client sends in NEGOTIATE, and keeps of what the CHALLENGE grants. */
uint32_t ntlm_client_request_flags( int sign, int seal, int datagram, int identify, int lm_compat_level );
uint32_t ntlm_client_flags( uint32_t requested, uint32_t challenge_flags );

struct ntlm_client_input
{
    uint32_t          flags;           /* from ntlm_client_flags */
    struct ntlm_bytes negotiate;       /* the NEGOTIATE we sent, for the MIC */
    struct ntlm_bytes challenge;       /* the server's CHALLENGE */
    struct ntlm_bytes user;            /* as they go on the wire: UTF-16LE, or OEM */
    struct ntlm_bytes domain;
    struct ntlm_bytes workstation;
    struct ntlm_bytes user_upper;      /* UTF-16LE, for NTOWFv2 */
    struct ntlm_bytes domain_utf16;    /* UTF-16LE, for NTOWFv2 */
    uint8_t           nt_hash[16];
    uint8_t           lm_hash[16];
    int               anonymous;
    int               lm_compat_level; /* 0-2 send NTLMv1, 3-5 NTLMv2 */
    uint8_t           client_challenge[8];
    uint64_t          timestamp;       /* FILETIME, when the server sends none */
    uint8_t           random_session_key[16];
    const uint8_t    *channel_bindings; /* 16-byte hash, NULL for none */
    struct ntlm_bytes target_spn;      /* UTF-16LE, for MsvAvTargetName */
    const uint8_t    *version;         /* 8 bytes, when NTLMSSP_NEGOTIATE_VERSION */
};

struct ntlm_client_output
{
    uint8_t *message;                  /* AUTHENTICATE, malloc'ed */
    size_t   message_len;
    uint8_t  session_key[16];          /* ExportedSessionKey */
    int      mic;                      /* AUTHENTICATE carries a MIC (MsvAvFlags 0x2) */
};

enum ntlm_status ntlm_make_authenticate( const struct ntlm_client_input *in, struct ntlm_client_output *out );

/* What the server grants in CHALLENGE for the client's NEGOTIATE flags. */
uint32_t ntlm_server_flags( uint32_t client_flags, int lm_compat_level );

enum ntlm_verify
{
    NTLM_VERIFY_OK,
    NTLM_VERIFY_ANONYMOUS,      /* a null session; no key */
    NTLM_VERIFY_WRONG_PASSWORD,
    NTLM_VERIFY_REFUSED,        /* LM or NTLMv1, which the policy refuses */
    NTLM_VERIFY_BAD_MIC,
    NTLM_VERIFY_BAD_BINDINGS,
    NTLM_VERIFY_EXPIRED,        /* timestamp beyond the allowed clock skew */
    NTLM_VERIFY_MALFORMED,
    NTLM_VERIFY_NO_MEMORY,
};

struct ntlm_server_input
{
    struct ntlm_bytes               negotiate;
    struct ntlm_bytes               challenge;
    struct ntlm_bytes               authenticate;
    const struct ntlm_authenticate *auth;            /* AUTHENTICATE, parsed */
    uint32_t                        flags;           /* granted in CHALLENGE */
    uint8_t                         server_challenge[8];
    struct ntlm_bytes               user_upper;      /* UTF-16LE */
    struct ntlm_bytes               domain_utf16;    /* UTF-16LE, as sent */
    uint8_t                         nt_hash[16];
    uint8_t                         lm_hash[16];
    int                             has_lm_hash;
    int                             lm_compat_level; /* 4 refuses LM, 5 also NTLMv1 */
    const uint8_t                  *channel_bindings; /* expected hash, NULL when the channel has none */
    int                             require_bindings;
    uint64_t                        now;             /* FILETIME; 0 skips the timestamp check */
    /* A response already validated by a domain controller (pass-through):
     * its session keys stand in for the hashes above, which go unused. */
    int                             validated;
    uint8_t                         user_session_key[16]; /* the session base key */
    uint8_t                         lm_session_key[8];    /* the LM hash's first half */
};

struct ntlm_server_output
{
    uint8_t session_key[16];   /* ExportedSessionKey */
    int     ntlmv2;
    int     mic;               /* AUTHENTICATE carried a MIC (MsvAvFlags 0x2), and it held */
};

/* 1 when AUTHENTICATE is an anonymous (null session) logon. */
int ntlm_is_anonymous( const struct ntlm_authenticate *auth );
enum ntlm_verify ntlm_server_verify( const struct ntlm_server_input *in, struct ntlm_server_output *out );

#endif
