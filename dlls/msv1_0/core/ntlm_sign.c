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
static void derive( const uint8_t *key, size_t key_len, const char *magic, uint8_t out[16] )
{
    struct md_ctx ctx;

    md5_init( &ctx );
    md_update( &ctx, key, key_len );
    md_update( &ctx, magic, strlen( magic ) + 1 );
    md_final( &ctx, out );
}

/* SEALKEY (MS-NLMP 3.4.5.3) for one direction. */
static void seal_key( uint32_t flags, const uint8_t session_key[16], const char *magic, struct ntlm_direction *dir )
{
    size_t len = (flags & NTLMSSP_NEGOTIATE_128) ? 16 : (flags & NTLMSSP_NEGOTIATE_56) ? 7 : 5;

    if (flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY)
    {
        derive( session_key, len, magic, dir->seal_key );
        dir->seal_key_len = 16;
    }
    else if (flags & NTLMSSP_NEGOTIATE_LM_KEY)
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
    rc4_init( &dir->seal, dir->seal_key, dir->seal_key_len );
}

void ntlm_session_init( struct ntlm_session *session, uint32_t flags, const uint8_t session_key[16], int client )
{
    struct ntlm_direction *c2s = client ? &session->send : &session->recv;
    struct ntlm_direction *s2c = client ? &session->recv : &session->send;

    memset( session, 0, sizeof(*session) );
    session->flags = flags;
    session->datagram = (flags & NTLMSSP_NEGOTIATE_DATAGRAM) != 0;
    derive( session_key, 16, client_sign_magic, c2s->sign_key );
    derive( session_key, 16, server_sign_magic, s2c->sign_key );
    seal_key( flags, session_key, client_seal_magic, c2s );
    seal_key( flags, session_key, server_seal_magic, s2c );
}

void ntlm_session_clear( struct ntlm_session *session )
{
    secure_zero( session, sizeof(*session) );
}

/* Datagram sessions start a new RC4 stream for every message. */
static void rekey( struct ntlm_session *session, struct ntlm_direction *dir, uint32_t seq )
{
    uint8_t key[16], le[4];
    struct md_ctx ctx;

    if (!session->datagram) return;
    if (!(session->flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY))
    {
        rc4_init( &dir->seal, dir->seal_key, dir->seal_key_len );
        return;
    }
    ntlm_put32( le, seq );
    md5_init( &ctx );
    md_update( &ctx, dir->seal_key, dir->seal_key_len );
    md_update( &ctx, le, 4 );
    md_final( &ctx, key );
    rc4_init( &dir->seal, key, 16 );
    secure_zero( key, sizeof(key) );
}

/* The checksum of MAC (MS-NLMP 3.4.4) over the plaintext: HMAC-MD5 with
 * extended session security, CRC-32 without. Uses no RC4. */
static void checksum( struct ntlm_session *session, struct ntlm_direction *dir, uint32_t seq,
                      const struct ntlm_piece *pieces, int count, uint8_t digest[16] )
{
    uint8_t le[4];
    int i;

    if (session->flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY)
    {
        struct hmac_md5_ctx ctx;

        ntlm_put32( le, seq );
        hmac_md5_init( &ctx, dir->sign_key, 16 );
        hmac_md5_update( &ctx, le, 4 );
        for (i = 0; i < count; i++) hmac_md5_update( &ctx, pieces[i].data, pieces[i].len );
        hmac_md5_final( &ctx, digest );
    }
    else
    {
        uint32_t crc = 0;
        for (i = 0; i < count; i++) crc = crc32( crc, pieces[i].data, pieces[i].len );
        ntlm_put32( digest, crc );
    }
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
        if (session->flags & NTLMSSP_NEGOTIATE_KEY_EXCH) rc4_crypt( &dir->seal, digest, sig + 4, 8 );
        else memcpy( sig + 4, digest, 8 );
        memcpy( sig + 12, le, 4 );
    }
    else
    {
        uint8_t pad[4] = { 0 }, seq_mask[4] = { 0 };

        rc4_crypt( &dir->seal, pad, pad, 4 );
        rc4_crypt( &dir->seal, digest, sig + 8, 4 );
        rc4_crypt( &dir->seal, seq_mask, seq_mask, 4 );
        for (i = 0; i < 4; i++) sig[12 + i] = seq_mask[i] ^ le[i];
        memset( sig + 4, 0, 4 );
    }
}

static uint32_t next_seq( struct ntlm_session *session, struct ntlm_direction *dir, uint32_t seq )
{
    seq = session->datagram ? seq : dir->seq++;
    rekey( session, dir, seq );
    return seq;
}

static void crypt_pieces( struct ntlm_direction *dir, struct ntlm_piece *pieces, int count )
{
    int i;
    for (i = 0; i < count; i++)
        if (!pieces[i].readonly) rc4_crypt( &dir->seal, pieces[i].data, pieces[i].data, pieces[i].len );
}

void ntlm_sign( struct ntlm_session *session, uint32_t seq, const struct ntlm_piece *pieces, int count,
                uint8_t sig[NTLM_SIGNATURE_SIZE] )
{
    uint8_t digest[16];

    seq = next_seq( session, &session->send, seq );
    checksum( session, &session->send, seq, pieces, count, digest );
    finish( session, &session->send, seq, digest, sig );
}

/* With extended session security the sequence number travels in clear, which
 * tells a message out of sequence from an altered one. */
static enum ntlm_check compare( const struct ntlm_session *session, const uint8_t expected[NTLM_SIGNATURE_SIZE],
                                const uint8_t sig[NTLM_SIGNATURE_SIZE] )
{
    if (!const_time_cmp( expected, sig, NTLM_SIGNATURE_SIZE )) return NTLM_CHECK_OK;
    if ((session->flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) && memcmp( expected + 12, sig + 12, 4 ))
        return NTLM_CHECK_OUT_OF_SEQUENCE;
    return NTLM_CHECK_ALTERED;
}

enum ntlm_check ntlm_verify( struct ntlm_session *session, uint32_t seq, const struct ntlm_piece *pieces, int count,
                             const uint8_t sig[NTLM_SIGNATURE_SIZE] )
{
    uint8_t digest[16], expected[NTLM_SIGNATURE_SIZE];

    seq = next_seq( session, &session->recv, seq );
    checksum( session, &session->recv, seq, pieces, count, digest );
    finish( session, &session->recv, seq, digest, expected );
    return compare( session, expected, sig );
}

/* The checksum of the plaintext and RC4 over the writable pieces: with
 * extended session security in one pass over each piece (sealing's cost). */
static void checksum_crypt( struct ntlm_session *session, struct ntlm_direction *dir, uint32_t seq,
                            struct ntlm_piece *pieces, int count, int decrypt, uint8_t digest[16] )
{
    struct hmac_md5_ctx ctx;
    uint8_t le[4];
    int i;

    if (!(session->flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY))
    {
        if (decrypt) crypt_pieces( dir, pieces, count );
        checksum( session, dir, seq, pieces, count, digest );
        if (!decrypt) crypt_pieces( dir, pieces, count );
        return;
    }
    ntlm_put32( le, seq );
    hmac_md5_init( &ctx, dir->sign_key, 16 );
    hmac_md5_update( &ctx, le, 4 );
    for (i = 0; i < count; i++)
    {
        if (pieces[i].readonly) hmac_md5_update( &ctx, pieces[i].data, pieces[i].len );
        else md5_rc4_update( &ctx.inner, &dir->seal, pieces[i].data, pieces[i].len, decrypt );
    }
    hmac_md5_final( &ctx, digest );
}

/* SEAL: the checksum of the plaintext, then RC4 over the data, then over the checksum. */
void ntlm_seal( struct ntlm_session *session, uint32_t seq, struct ntlm_piece *pieces, int count,
                uint8_t sig[NTLM_SIGNATURE_SIZE] )
{
    uint8_t digest[16];

    seq = next_seq( session, &session->send, seq );
    checksum_crypt( session, &session->send, seq, pieces, count, 0, digest );
    finish( session, &session->send, seq, digest, sig );
}

enum ntlm_check ntlm_unseal( struct ntlm_session *session, uint32_t seq, struct ntlm_piece *pieces, int count,
                             const uint8_t sig[NTLM_SIGNATURE_SIZE] )
{
    uint8_t digest[16], expected[NTLM_SIGNATURE_SIZE];

    seq = next_seq( session, &session->recv, seq );
    checksum_crypt( session, &session->recv, seq, pieces, count, 1, digest );
    finish( session, &session->recv, seq, digest, expected );
    return compare( session, expected, sig );
}
