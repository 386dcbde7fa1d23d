/*
 * NTLM message integrity and confidentiality (MS-NLMP 3.4): the signing and
 * sealing keys of each direction, and MAC, SEAL and their checks over a
 * message made of several pieces, as SSPI hands them over.
 * Portable C, no Windows dependency.
 */
#ifndef __NTLM_SIGN_H
#define __NTLM_SIGN_H

#include "crypto.h"
#include "ntlm_msg.h"

#define NTLM_SIGNATURE_SIZE 16

/* One direction of a session. */
struct ntlm_direction
{
    uint8_t    sign_key[16];
    uint8_t    seal_key[16];
    size_t     seal_key_len;
    struct rc4 seal;            /* the continuing RC4 handle of connection-oriented sessions */
    uint32_t   seq;
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

void ntlm_session_init( struct ntlm_session *session, uint32_t flags, const uint8_t session_key[16], int client );
void ntlm_session_clear( struct ntlm_session *session );

/* MakeSignature: SEQ is used for datagram sessions, the session's own count otherwise. */
void ntlm_sign( struct ntlm_session *session, uint32_t seq, const struct ntlm_piece *pieces, int count,
                uint8_t sig[NTLM_SIGNATURE_SIZE] );
/* What a check of a received signature found. */
enum ntlm_check
{
    NTLM_CHECK_OK,
    NTLM_CHECK_ALTERED,         /* the message or its signature was changed */
    NTLM_CHECK_OUT_OF_SEQUENCE, /* a replayed, dropped or reordered message */
};

/* VerifySignature; the receive count advances either way. */
enum ntlm_check ntlm_verify( struct ntlm_session *session, uint32_t seq, const struct ntlm_piece *pieces, int count,
                 const uint8_t sig[NTLM_SIGNATURE_SIZE] );
/* EncryptMessage: encrypts the writable pieces in place and signs the plaintext. */
void ntlm_seal( struct ntlm_session *session, uint32_t seq, struct ntlm_piece *pieces, int count,
                uint8_t sig[NTLM_SIGNATURE_SIZE] );
/* DecryptMessage: decrypts in place, then checks the signature. */
enum ntlm_check ntlm_unseal( struct ntlm_session *session, uint32_t seq, struct ntlm_piece *pieces, int count,
                 const uint8_t sig[NTLM_SIGNATURE_SIZE] );

#endif
