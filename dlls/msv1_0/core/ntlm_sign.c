/*
 * NTLM signing and sealing (see ntlm_sign.h).
 */
#include <string.h>

#include "ntlm_sign.h"

static const char client_sign_magic[] = "session key to client-to-server signing key magic constant";
static const char server_sign_magic[] = "session key to server-to-client signing key magic constant";
static const char client_seal_magic[] = "session key to client-to-server sealing key magic constant";
static const char server_seal_magic[] = "session key to server-to-client sealing key magic constant";

/* MD5 of the key and a magic constant, its NUL included. */
static int derive( const uint8_t *key, size_t key_len, const char *magic, uint8_t out[16] )
{
    struct ssp_piece pieces[] = { { key, key_len }, { magic, strlen( magic ) + 1 } };
    return ssp_digest( SSP_MD5, pieces, 2, out );
}

/* SIGNKEY and SEALKEY (MS-NLMP 3.4.5.2, 3.4.5.3) for one direction. */
static int direction_init( uint32_t flags, const uint8_t session_key[16], const char *sign_magic,
                           const char *seal_magic, struct ntlm_direction *dir )
{
    size_t len = (flags & NTLMSSP_NEGOTIATE_128) ? 16 : (flags & NTLMSSP_NEGOTIATE_56) ? 7 : 5;

    if (flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY)
    {
        dir->seal_key_len = 16;
        return derive( session_key, len, seal_magic, dir->seal_key ) ||
               derive( session_key, 16, sign_magic, dir->sign_key );
    }
    if (flags & NTLMSSP_NEGOTIATE_LM_KEY)
    {
        memcpy( dir->seal_key, session_key, 8 );
        if (flags & NTLMSSP_NEGOTIATE_56) dir->seal_key[7] = 0xa0;
        else
        {
            dir->seal_key[5] = 0xe5;
            dir->seal_key[6] = 0x38;
            dir->seal_key[7] = 0xb0;
        }
        dir->seal_key_len = 8;
    }
    else
    {
        memcpy( dir->seal_key, session_key, 16 );
        dir->seal_key_len = 16;
    }
    return 0;
}

/* The handles of a direction, made on its first message: most NTLM contexts
 * (HTTP authentication) never sign or seal, and the handles are most of a
 * context's memory. */
static int direction_ready( struct ntlm_session *session, struct ntlm_direction *dir )
{
    int ess = (session->flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) != 0;

    if (dir->seal.h) return 0;
    if (ssp_rc4_open( &dir->seal, dir->seal_key, dir->seal_key_len )) return -1;
    /* without extended session security the checksum is a CRC-32 */
    if (!ssp_hash_open( &dir->sign, ess ? SSP_MD5 : SSP_CRC32, ess ? dir->sign_key : NULL, 16 )) return 0;
    ssp_rc4_close( &dir->seal );
    return -1;
}

int ntlm_session_init( struct ntlm_session *session, uint32_t flags, const uint8_t session_key[16], int client )
{
    struct ntlm_direction *c2s = client ? &session->send : &session->recv;
    struct ntlm_direction *s2c = client ? &session->recv : &session->send;

    memset( session, 0, sizeof(*session) );
    session->flags = flags;
    session->datagram = (flags & NTLMSSP_NEGOTIATE_DATAGRAM) != 0;
    if (!direction_init( flags, session_key, client_sign_magic, client_seal_magic, c2s ) &&
        !direction_init( flags, session_key, server_sign_magic, server_seal_magic, s2c ))
        return 0;
    ntlm_session_clear( session );
    return -1;
}

void ntlm_session_clear( struct ntlm_session *session )
{
    ssp_hash_close( &session->send.sign );
    ssp_hash_close( &session->recv.sign );
    ssp_rc4_close( &session->send.seal );
    ssp_rc4_close( &session->recv.seal );
    ssp_zero( session, sizeof(*session) );
}

void ntlm_session_position( const struct ntlm_session *session, struct ntlm_position *pos )
{
    pos->send_seq = session->send.seq;
    pos->recv_seq = session->recv.seq;
    pos->send_sealed = session->send.seal.used;
    pos->recv_sealed = session->recv.seal.used;
}

/* Back to the start of the stream, the direction is as before its first message:
 * its handles come again with the next (SPNEGO's mechListMIC leaves it so). */
static void direction_idle( struct ntlm_direction *dir )
{
    ssp_hash_close( &dir->sign );
    ssp_rc4_close( &dir->seal );
    dir->seal.used = 0;
}

static int seek( struct ntlm_session *session, struct ntlm_direction *dir, uint64_t sealed )
{
    if (dir->seal.used == sealed) return 0;
    if (!sealed)
    {
        direction_idle( dir );
        return 0;
    }
    if (direction_ready( session, dir )) return -1;
    ssp_rc4_rekey( &dir->seal, dir->seal_key, dir->seal_key_len );
    ssp_rc4_skip( &dir->seal, sealed );
    return 0;
}

int ntlm_session_rewind( struct ntlm_session *session, const struct ntlm_position *pos )
{
    if (session->datagram) return 0;  /* each message has a stream of its own */
    return seek( session, &session->send, pos->send_sealed ) || seek( session, &session->recv, pos->recv_sealed );
}

int ntlm_session_resume( struct ntlm_session *session, uint32_t flags, const uint8_t session_key[16], int client,
                         const struct ntlm_position *pos )
{
    if (pos->send_sealed > NTLM_MAX_RESUMED || pos->recv_sealed > NTLM_MAX_RESUMED) return -1;
    if (ntlm_session_init( session, flags, session_key, client )) return -1;
    session->send.seq = pos->send_seq;
    session->recv.seq = pos->recv_seq;
    if (!ntlm_session_rewind( session, pos )) return 0;
    ntlm_session_clear( session );
    return -1;
}

/* Datagram sessions start a new RC4 stream for every message. */
static void rekey( struct ntlm_session *session, struct ntlm_direction *dir, uint32_t seq )
{
    uint8_t key[16], le[4];
    struct ssp_piece pieces[] = { { dir->seal_key, dir->seal_key_len }, { le, 4 } };

    if (!session->datagram) return;
    if (!(session->flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY))
    {
        ssp_rc4_rekey( &dir->seal, dir->seal_key, dir->seal_key_len );
        return;
    }
    ntlm_put32( le, seq );
    /* MD5 fails only without memory; the stream then stays, and the peer rejects the message */
    if (!ssp_digest( SSP_MD5, pieces, 2, key )) ssp_rc4_rekey( &dir->seal, key, 16 );
    ssp_zero( key, sizeof(key) );
}

/* The checksum of MAC (MS-NLMP 3.4.4) over the plaintext: HMAC-MD5 of the
 * sequence number and the message with extended session security, else the
 * message's CRC-32 as a little-endian number. Uses no RC4. */
static void checksum( struct ntlm_session *session, struct ntlm_direction *dir, uint32_t seq,
                      const struct ntlm_piece *pieces, int count, uint8_t digest[16] )
{
    int ess = (session->flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) != 0;
    uint8_t le[4];
    int i;

    ntlm_put32( le, seq );
    if (ess) ssp_hash_write( &dir->sign, le, 4 );
    for (i = 0; i < count; i++) ssp_hash_write( &dir->sign, pieces[i].data, pieces[i].len );
    ssp_hash_final( &dir->sign, digest );
    if (ess) return;
    memcpy( le, digest, 4 );
    digest[0] = le[3]; digest[1] = le[2]; digest[2] = le[1]; digest[3] = le[0];
}

/* The rest of MAC: the signature from the checksum, with the RC4 stream. */
static void finish( struct ntlm_session *session, struct ntlm_direction *dir, uint32_t seq, const uint8_t digest[16],
                    uint8_t sig[NTLM_SIGNATURE_SIZE] )
{
    uint8_t le[4];
    int i;

    ntlm_put32( sig, 1 );
    ntlm_put32( le, seq );
    if (session->flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY)
    {
        if (session->flags & NTLMSSP_NEGOTIATE_KEY_EXCH) ssp_rc4_crypt( &dir->seal, digest, sig + 4, 8 );
        else memcpy( sig + 4, digest, 8 );
        memcpy( sig + 12, le, 4 );
    }
    else
    {
        uint8_t pad[4] = { 0 }, seq_mask[4] = { 0 };

        ssp_rc4_crypt( &dir->seal, pad, pad, 4 );
        ssp_rc4_crypt( &dir->seal, digest, sig + 8, 4 );
        ssp_rc4_crypt( &dir->seal, seq_mask, seq_mask, 4 );
        for (i = 0; i < 4; i++) sig[12 + i] = seq_mask[i] ^ le[i];
        memset( sig + 4, 0, 4 );
    }
}

/* The sequence number of the next message, its handles ready: 0 on success. */
static int next_seq( struct ntlm_session *session, struct ntlm_direction *dir, uint32_t *seq )
{
    if (direction_ready( session, dir )) return -1;
    if (!session->datagram) *seq = dir->seq++;
    rekey( session, dir, *seq );
    return 0;
}

static void crypt_pieces( struct ntlm_direction *dir, struct ntlm_piece *pieces, int count )
{
    int i;
    for (i = 0; i < count; i++)
        if (!pieces[i].readonly) ssp_rc4_crypt( &dir->seal, pieces[i].data, pieces[i].data, pieces[i].len );
}

int ntlm_sign( struct ntlm_session *session, uint32_t seq, const struct ntlm_piece *pieces, int count,
               uint8_t sig[NTLM_SIGNATURE_SIZE] )
{
    uint8_t digest[16];

    if (next_seq( session, &session->send, &seq )) return -1;
    checksum( session, &session->send, seq, pieces, count, digest );
    finish( session, &session->send, seq, digest, sig );
    return 0;
}

/* With extended session security the sequence number travels in clear, which
 * tells a message out of sequence from an altered one. */
static enum ntlm_check compare( const struct ntlm_session *session, const uint8_t expected[NTLM_SIGNATURE_SIZE],
                                const uint8_t sig[NTLM_SIGNATURE_SIZE] )
{
    if (!ssp_const_time_cmp( expected, sig, NTLM_SIGNATURE_SIZE )) return NTLM_CHECK_OK;
    if ((session->flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) && memcmp( expected + 12, sig + 12, 4 ))
        return NTLM_CHECK_OUT_OF_SEQUENCE;
    return NTLM_CHECK_ALTERED;
}

enum ntlm_check ntlm_verify( struct ntlm_session *session, uint32_t seq, const struct ntlm_piece *pieces, int count,
                             const uint8_t sig[NTLM_SIGNATURE_SIZE] )
{
    uint8_t digest[16], expected[NTLM_SIGNATURE_SIZE];

    if (next_seq( session, &session->recv, &seq )) return NTLM_CHECK_NO_MEMORY;
    checksum( session, &session->recv, seq, pieces, count, digest );
    finish( session, &session->recv, seq, digest, expected );
    return compare( session, expected, sig );
}

/* SEAL: the checksum of the plaintext, then RC4 over the data, then over the checksum. */
int ntlm_seal( struct ntlm_session *session, uint32_t seq, struct ntlm_piece *pieces, int count,
               uint8_t sig[NTLM_SIGNATURE_SIZE] )
{
    uint8_t digest[16];

    if (next_seq( session, &session->send, &seq )) return -1;
    checksum( session, &session->send, seq, pieces, count, digest );
    crypt_pieces( &session->send, pieces, count );
    finish( session, &session->send, seq, digest, sig );
    return 0;
}

enum ntlm_check ntlm_unseal( struct ntlm_session *session, uint32_t seq, struct ntlm_piece *pieces, int count,
                             const uint8_t sig[NTLM_SIGNATURE_SIZE] )
{
    uint8_t digest[16], expected[NTLM_SIGNATURE_SIZE];

    if (next_seq( session, &session->recv, &seq )) return NTLM_CHECK_NO_MEMORY;
    crypt_pieces( &session->recv, pieces, count );
    checksum( session, &session->recv, seq, pieces, count, digest );
    finish( session, &session->recv, seq, digest, expected );
    return compare( session, expected, sig );
}
