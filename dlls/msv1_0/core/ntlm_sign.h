/*
 * NTLM message integrity and confidentiality (MS-NLMP 3.4): the signing and
 * sealing keys of each direction, and MAC, SEAL and their checks over a
 * message made of several pieces, as SSPI hands them over.
 * Portable C, no Windows dependency.
 */
#ifndef __NTLM_SIGN_H
#define __NTLM_SIGN_H

#include "sspcrypt.h"
#include "ntlm_msg.h"

#define NTLM_SIGNATURE_SIZE 16

/* One direction of a session. */
struct ntlm_direction
{
    uint8_t         seal_key[16];
    size_t          seal_key_len;
    uint8_t         sign_key[16];  /* with extended session security */
    struct ssp_hash sign;          /* HMAC-MD5 keyed with the signing key, or CRC-32; from the first message on */
    struct ssp_rc4  seal;          /* the continuing RC4 handle of connection-oriented sessions; likewise */
    uint32_t        seq;
};

struct ntlm_session
{
    uint32_t              flags;
    int                   datagram;
    struct ntlm_direction send;
    struct ntlm_direction recv;
};

/* A piece of a message: signed always, encrypted unless READONLY. */
struct ntlm_piece
{
    uint8_t *data;
    size_t   len;
    int      readonly;
};

/* 0 on success; a session that failed to start needs no clear. */
int ntlm_session_init( struct ntlm_session *session, uint32_t flags, const uint8_t session_key[16], int client );
void ntlm_session_clear( struct ntlm_session *session );

/* Where a session stands, to take it up again elsewhere (Export/ImportSecurityContext),
 * or to go back to after a message that must not count (SPNEGO's mechListMIC). */
struct ntlm_position
{
    uint32_t send_seq, recv_seq;
    uint64_t send_sealed, recv_sealed;  /* RC4 bytes used since the keys were set */
};

void ntlm_session_position( const struct ntlm_session *session, struct ntlm_position *pos );
/* Puts the RC4 streams back where POS has them (the sequence numbers stay); 0 on success. */
int ntlm_session_rewind( struct ntlm_session *session, const struct ntlm_position *pos );
/* ntlm_session_init, then the sequence numbers and streams of POS, which takes as
 * long as the streams have run: a position past NTLM_MAX_RESUMED is refused. */
#define NTLM_MAX_RESUMED ((uint64_t)1 << 32)
int ntlm_session_resume( struct ntlm_session *session, uint32_t flags, const uint8_t session_key[16], int client,
                         const struct ntlm_position *pos );

/* MakeSignature: SEQ is used for datagram sessions, the session's own count otherwise.
 * It and ntlm_seal fail (-1) only without memory. */
int ntlm_sign( struct ntlm_session *session, uint32_t seq, const struct ntlm_piece *pieces, int count,
               uint8_t sig[NTLM_SIGNATURE_SIZE] );
/* What a check of a received signature found. */
enum ntlm_check
{
    NTLM_CHECK_OK,
    NTLM_CHECK_ALTERED,         /* the message or its signature was changed */
    NTLM_CHECK_OUT_OF_SEQUENCE, /* a replayed, dropped or reordered message */
    NTLM_CHECK_NO_MEMORY,
};

/* VerifySignature; the receive count advances unless memory ran out. */
enum ntlm_check ntlm_verify( struct ntlm_session *session, uint32_t seq, const struct ntlm_piece *pieces, int count,
                 const uint8_t sig[NTLM_SIGNATURE_SIZE] );
/* EncryptMessage: encrypts the writable pieces in place and signs the plaintext. */
int ntlm_seal( struct ntlm_session *session, uint32_t seq, struct ntlm_piece *pieces, int count,
               uint8_t sig[NTLM_SIGNATURE_SIZE] );
/* DecryptMessage: decrypts in place, then checks the signature. */
enum ntlm_check ntlm_unseal( struct ntlm_session *session, uint32_t seq, struct ntlm_piece *pieces, int count,
                 const uint8_t sig[NTLM_SIGNATURE_SIZE] );

#endif
