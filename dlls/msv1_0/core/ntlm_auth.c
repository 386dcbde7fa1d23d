/*
 * NTLM authentication (see ntlm_auth.h).
 */
#include <stdlib.h>
#include <string.h>

#include "sspcrypt.h"
#include "ntlm_auth.h"

#define ARRAY_SIZE(a) (int)(sizeof(a) / sizeof((a)[0]))

/* DES (MS-NLMP 6) with a 7-byte key: its 56 bits spread over 8 bytes, the
 * parity bits, which DES ignores, left 0. */
static int des7( const uint8_t key7[7], const uint8_t in[8], uint8_t out[8] )
{
    uint64_t bits = 0;
    uint8_t key[8];
    int i, ret;

    for (i = 0; i < 7; i++) bits = (bits << 8) | key7[i];
    for (i = 0; i < 8; i++) key[i] = ((bits >> (49 - 7 * i)) & 0x7f) << 1;
    ret = ssp_des_encrypt( key, in, out );
    ssp_zero( key, sizeof(key) );
    bits = 0;
    return ret;
}

int ntlm_nt_hash( const uint8_t *password, size_t len, uint8_t hash[16] )
{
    struct ssp_piece piece = { password, len };
    return ssp_digest( SSP_MD4, &piece, 1, hash );
}

int ntlm_lm_hash( const uint8_t *password, size_t len, uint8_t hash[16] )
{
    static const uint8_t magic[8] = { 'K', 'G', 'S', '!', '@', '#', '$', '%' };
    uint8_t key[14] = { 0 };
    int ret;

    memcpy( key, password, len < 14 ? len : 14 );
    ret = des7( key, magic, hash ) || des7( key + 7, magic, hash + 8 ) ? -1 : 0;
    ssp_zero( key, sizeof(key) );
    return ret;
}

int ntlm_v2_hash( const uint8_t nt_hash[16], const struct ntlm_bytes *user_upper, const struct ntlm_bytes *domain,
                  uint8_t out[16] )
{
    struct ssp_piece pieces[] = { { user_upper->data, user_upper->len }, { domain->data, domain->len } };
    return ssp_hmac( SSP_MD5, nt_hash, 16, pieces, 2, out );
}

int ntlm_desl( const uint8_t key[16], const uint8_t challenge[8], uint8_t out[24] )
{
    uint8_t last[7] = { key[14], key[15] };
    int ret = des7( key, challenge, out ) || des7( key + 7, challenge, out + 8 ) || des7( last, challenge, out + 16 );

    ssp_zero( last, sizeof(last) );
    return ret ? -1 : 0;
}

size_t ntlm_v2_blob( uint8_t *out, uint64_t timestamp, const uint8_t client_challenge[8],
                     const uint8_t *av_pairs, size_t av_len )
{
    size_t size = NTLM_V2_BLOB_HEADER + av_len + 4;
    int i;

    if (!out) return size;
    memset( out, 0, size );
    out[0] = out[1] = 1;
    for (i = 0; i < 8; i++) out[8 + i] = timestamp >> (8 * i);
    memcpy( out + 16, client_challenge, 8 );
    memcpy( out + NTLM_V2_BLOB_HEADER, av_pairs, av_len );
    return size;
}

int ntlm_v2_proof( const uint8_t v2_hash[16], const uint8_t server_challenge[8], const uint8_t *blob,
                   size_t blob_len, uint8_t proof[16], uint8_t session_base_key[16] )
{
    struct ssp_piece pieces[] = { { server_challenge, 8 }, { blob, blob_len } }, proof_piece = { proof, 16 };

    if (ssp_hmac( SSP_MD5, v2_hash, 16, pieces, 2, proof )) return -1;
    return ssp_hmac( SSP_MD5, v2_hash, 16, &proof_piece, 1, session_base_key );
}

int ntlm_channel_bindings_hash( uint32_t initiator_type, const void *initiator, uint32_t initiator_len,
                                uint32_t acceptor_type, const void *acceptor, uint32_t acceptor_len,
                                const void *application, uint32_t application_len, uint8_t hash[16] )
{
    uint8_t le[5][4];
    struct ssp_piece pieces[] =
    {
        { le[0], 4 }, { le[1], 4 }, { initiator, initiator_len },
        { le[2], 4 }, { le[3], 4 }, { acceptor, acceptor_len },
        { le[4], 4 }, { application, application_len },
    };

    ntlm_put32( le[0], initiator_type );
    ntlm_put32( le[1], initiator_len );
    ntlm_put32( le[2], acceptor_type );
    ntlm_put32( le[3], acceptor_len );
    ntlm_put32( le[4], application_len );
    return ssp_digest( SSP_MD5, pieces, ARRAY_SIZE(pieces), hash );
}

int ntlm_mic( const uint8_t session_key[16], const uint8_t *negotiate, size_t negotiate_len,
              const uint8_t *challenge, size_t challenge_len, const uint8_t *authenticate, size_t authenticate_len,
              uint8_t mic[16] )
{
    static const uint8_t zero[NTLM_MIC_SIZE];
    struct ssp_piece pieces[] =
    {
        { negotiate, negotiate_len }, { challenge, challenge_len }, { authenticate, NTLM_MIC_OFFSET },
        { zero, NTLM_MIC_SIZE },
        { authenticate + NTLM_MIC_OFFSET + NTLM_MIC_SIZE, authenticate_len - NTLM_MIC_OFFSET - NTLM_MIC_SIZE },
    };
    return ssp_hmac( SSP_MD5, session_key, 16, pieces, ARRAY_SIZE(pieces), mic );
}

/* RC4 of one 16-byte key with another: EncryptedRandomSessionKey, both ways. */
static int rc4_key( const uint8_t kx_key[16], const uint8_t in[16], uint8_t out[16] )
{
    struct ssp_rc4 rc4;

    if (ssp_rc4_open( &rc4, kx_key, 16 )) return -1;
    ssp_rc4_crypt( &rc4, in, out, 16 );
    ssp_rc4_close( &rc4 );
    return 0;
}

/* Windows' client asks for these, and for sealing, datagram or identify when the caller does. */
uint32_t ntlm_client_request_flags( int sign, int seal, int datagram, int identify, int lm_compat_level )
{
    uint32_t flags = NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_NEGOTIATE_OEM | NTLMSSP_REQUEST_TARGET |
                     NTLMSSP_NEGOTIATE_NTLM | NTLMSSP_NEGOTIATE_ALWAYS_SIGN |
                     NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | NTLMSSP_NEGOTIATE_VERSION |
                     NTLMSSP_NEGOTIATE_128 | NTLMSSP_NEGOTIATE_KEY_EXCH | NTLMSSP_NEGOTIATE_56;

    if (sign) flags |= NTLMSSP_NEGOTIATE_SIGN;
    if (seal) flags |= NTLMSSP_NEGOTIATE_SEAL;
    if (datagram) flags |= NTLMSSP_NEGOTIATE_DATAGRAM;
    if (identify) flags |= NTLMSSP_NEGOTIATE_IDENTIFY;
    if (lm_compat_level < 2) flags |= NTLMSSP_NEGOTIATE_LM_KEY;
    return flags;
}

/* The flags both sides keep: what one asked for and the other granted. */
static const uint32_t shared_flags =
    NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL | NTLMSSP_NEGOTIATE_DATAGRAM | NTLMSSP_NEGOTIATE_LM_KEY |
    NTLMSSP_NEGOTIATE_ALWAYS_SIGN | NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | NTLMSSP_NEGOTIATE_IDENTIFY |
    NTLMSSP_NEGOTIATE_VERSION | NTLMSSP_NEGOTIATE_128 | NTLMSSP_NEGOTIATE_KEY_EXCH | NTLMSSP_NEGOTIATE_56;

static uint32_t resolve_flags( uint32_t flags )
{
    /* extended session security wins over the LM key */
    if (flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) flags &= ~NTLMSSP_NEGOTIATE_LM_KEY;
    return flags;
}

uint32_t ntlm_client_flags( uint32_t requested, uint32_t challenge_flags )
{
    uint32_t flags = (requested & challenge_flags & shared_flags) | NTLMSSP_NEGOTIATE_NTLM;

    flags |= challenge_flags & (NTLMSSP_NEGOTIATE_TARGET_INFO | NTLMSSP_TARGET_TYPE_DOMAIN | NTLMSSP_TARGET_TYPE_SERVER);
    flags |= (challenge_flags & NTLMSSP_NEGOTIATE_UNICODE) ? NTLMSSP_NEGOTIATE_UNICODE : NTLMSSP_NEGOTIATE_OEM;
    return resolve_flags( flags );
}

uint32_t ntlm_server_flags( uint32_t client_flags, int lm_compat_level )
{
    uint32_t flags = (client_flags & shared_flags) | NTLMSSP_NEGOTIATE_NTLM | NTLMSSP_NEGOTIATE_TARGET_INFO;

    if (client_flags & NTLMSSP_NEGOTIATE_UNICODE) flags |= NTLMSSP_NEGOTIATE_UNICODE;
    else flags |= NTLMSSP_NEGOTIATE_OEM;
    if (client_flags & NTLMSSP_REQUEST_TARGET) flags |= NTLMSSP_REQUEST_TARGET | NTLMSSP_TARGET_TYPE_SERVER;
    if (lm_compat_level >= 3) flags &= ~NTLMSSP_NEGOTIATE_LM_KEY;
    return resolve_flags( flags );
}

/* KXKEY (MS-NLMP 3.4.5.1) for NTLMv1. */
static int v1_key_exchange_key( uint32_t flags, const uint8_t session_base_key[16], const uint8_t lm_hash[16],
                                const uint8_t server_challenge[8], const uint8_t *lm_response, uint8_t key[16] )
{
    if (flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY)
    {
        struct ssp_piece pieces[] = { { server_challenge, 8 }, { lm_response, 8 } };
        return ssp_hmac( SSP_MD5, session_base_key, 16, pieces, 2, key );
    }
    if (flags & NTLMSSP_NEGOTIATE_LM_KEY)
    {
        uint8_t second[7] = { lm_hash[7], 0xbd, 0xbd, 0xbd, 0xbd, 0xbd, 0xbd };
        int ret = des7( lm_hash, lm_response, key ) || des7( second, lm_response, key + 8 );
        ssp_zero( second, sizeof(second) );
        return ret ? -1 : 0;
    }
    if (flags & NTLMSSP_REQUEST_NON_NT_SESSION_KEY)
    {
        memcpy( key, lm_hash, 8 );
        memset( key + 8, 0, 8 );
    }
    else memcpy( key, session_base_key, 16 );
    return 0;
}

/* The NTLMv1 responses: with extended session security, NTLM2 session response. */
static int v1_responses( uint32_t flags, const uint8_t nt_hash[16], const uint8_t lm_hash[16],
                         const uint8_t server_challenge[8], const uint8_t client_challenge[8],
                         int lm_compat_level, uint8_t lm[24], uint8_t nt[24] )
{
    if (flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY)
    {
        struct ssp_piece pieces[] = { { server_challenge, 8 }, { client_challenge, 8 } };
        uint8_t digest[16];

        if (ssp_digest( SSP_MD5, pieces, 2, digest ) || ntlm_desl( nt_hash, digest, nt )) return -1;
        memset( lm, 0, 24 );
        memcpy( lm, client_challenge, 8 );
        return 0;
    }
    if (ntlm_desl( nt_hash, server_challenge, nt )) return -1;
    if (lm_compat_level >= 2) memcpy( lm, nt, 24 );   /* "send NTLM response only" */
    else if (ntlm_desl( lm_hash, server_challenge, lm )) return -1;
    return 0;
}

/* The client's AV pairs: the server's, with MsvAvFlags, channel bindings and
 * the target name added, as Windows does. Returns a malloc'ed list. */
static uint8_t *client_av_pairs( const struct ntlm_bytes *server_info, int mic, const uint8_t *bindings,
                                 const struct ntlm_bytes *spn, size_t *len )
{
    static const uint8_t zero[16];
    size_t pos = 0, server_len = 0, size;
    uint32_t flags = mic ? MSV_AV_FLAG_MIC : 0;
    uint8_t *out, flags_le[4];
    struct ntlm_bytes value;

    /* the server's pairs up to its EOL (validated when the CHALLENGE was parsed; bytes after it are
     * ignored), minus any flags pair we rewrite */
    while (server_len + 4 <= server_info->len && ntlm_get16( server_info->data + server_len ) != MSV_AV_EOL)
        server_len += 4 + ntlm_get16( server_info->data + server_len + 2 );
    if (ntlm_av_find( server_info->data, server_info->len, MSV_AV_FLAGS, &value )) flags |= ntlm_get32( value.data );
    size = server_len + ntlm_av_put( NULL, MSV_AV_FLAGS, NULL, 4 ) + ntlm_av_put( NULL, MSV_AV_CHANNEL_BINDINGS, NULL, 16 ) +
           (spn->len ? ntlm_av_put( NULL, MSV_AV_TARGET_NAME, NULL, spn->len ) : 0) + 4;
    if (!(out = malloc( size ))) return NULL;

    /* copy the pairs one by one, skipping MsvAvFlags */
    size = 0;
    for (pos = 0; pos < server_len; )
    {
        uint16_t id = ntlm_get16( server_info->data + pos ), av_len = ntlm_get16( server_info->data + pos + 2 );
        if (id != MSV_AV_FLAGS)
        {
            memcpy( out + size, server_info->data + pos, 4 + av_len );
            size += 4 + av_len;
        }
        pos += 4 + av_len;
    }
    if (flags)
    {
        ntlm_put32( flags_le, flags );
        size += ntlm_av_put( out + size, MSV_AV_FLAGS, flags_le, 4 );
    }
    size += ntlm_av_put( out + size, MSV_AV_CHANNEL_BINDINGS, bindings ? bindings : zero, 16 );
    if (spn->len) size += ntlm_av_put( out + size, MSV_AV_TARGET_NAME, spn->data, spn->len );
    size += ntlm_av_put( out + size, MSV_AV_EOL, NULL, 0 );
    *len = size;
    return out;
}

enum ntlm_status ntlm_make_authenticate( const struct ntlm_client_input *in, struct ntlm_client_output *out )
{
    struct ntlm_challenge chal;
    struct ntlm_authenticate msg;
    struct ntlm_bytes timestamp;
    uint8_t v2_hash[16], proof[16], base_key[16], kx_key[16], encrypted[16], lm[24], nt_v1[24], mic[16];
    uint8_t *av = NULL, *blob = NULL, *nt = NULL;
    size_t av_len = 0, blob_len;
    uint64_t ts = in->timestamp;
    enum ntlm_status status;
    int with_mic = 0, i;

    memset( out, 0, sizeof(*out) );
    if ((status = ntlm_parse_challenge( in->challenge.data, in->challenge.len, &chal ))) return status;
    memset( &msg, 0, sizeof(msg) );
    msg.flags = in->flags;
    msg.domain = in->domain;
    msg.user = in->user;
    msg.workstation = in->workstation;

    if (in->anonymous)
    {
        static const uint8_t zero_byte;
        msg.flags |= NTLMSSP_NEGOTIATE_ANONYMOUS;
        msg.lm_response.data = &zero_byte;
        msg.lm_response.len = 1;
        memset( base_key, 0, 16 );
        memcpy( kx_key, base_key, 16 );
    }
    else if (in->lm_compat_level >= 3)
    {
        if (ntlm_av_find( chal.target_info.data, chal.target_info.len, MSV_AV_TIMESTAMP, &timestamp ))
        {
            /* the server's clock: the client then sends a MIC and no LMv2 response */
            for (ts = 0, i = 7; i >= 0; i--) ts = (ts << 8) | timestamp.data[i];
            with_mic = 1;
        }
        if (!(av = client_av_pairs( &chal.target_info, with_mic, in->channel_bindings, &in->target_spn, &av_len )))
            return NTLM_NO_MEMORY;
        blob_len = ntlm_v2_blob( NULL, ts, in->client_challenge, av, av_len );
        if (!(nt = malloc( 16 + blob_len )))
        {
            free( av );
            return NTLM_NO_MEMORY;
        }
        blob = nt + 16;
        ntlm_v2_blob( blob, ts, in->client_challenge, av, av_len );
        if (ntlm_v2_hash( in->nt_hash, &in->user_upper, &in->domain_utf16, v2_hash ) ||
            ntlm_v2_proof( v2_hash, chal.server_challenge, blob, blob_len, proof, base_key ))
            status = NTLM_NO_MEMORY;
        memcpy( nt, proof, 16 );
        msg.nt_response.data = nt;
        msg.nt_response.len = 16 + blob_len;
        if (with_mic) memset( lm, 0, 24 );
        else
        {
            struct ssp_piece pieces[] = { { chal.server_challenge, 8 }, { in->client_challenge, 8 } };
            if (ssp_hmac( SSP_MD5, v2_hash, 16, pieces, 2, lm )) status = NTLM_NO_MEMORY;
            memcpy( lm + 16, in->client_challenge, 8 );
        }
        msg.lm_response.data = lm;
        msg.lm_response.len = 24;
        memcpy( kx_key, base_key, 16 );
        ssp_zero( v2_hash, sizeof(v2_hash) );
    }
    else
    {
        struct ssp_piece nt_hash = { in->nt_hash, 16 };

        if (v1_responses( msg.flags, in->nt_hash, in->lm_hash, chal.server_challenge, in->client_challenge,
                          in->lm_compat_level, lm, nt_v1 ) ||
            ssp_digest( SSP_MD4, &nt_hash, 1, base_key ) ||
            v1_key_exchange_key( msg.flags, base_key, in->lm_hash, chal.server_challenge, lm, kx_key ))
            status = NTLM_NO_MEMORY;
        msg.lm_response.data = lm;
        msg.lm_response.len = 24;
        msg.nt_response.data = nt_v1;
        msg.nt_response.len = 24;
    }

    if (status) ;
    else if ((msg.flags & NTLMSSP_NEGOTIATE_KEY_EXCH) && !in->anonymous)
    {
        if (rc4_key( kx_key, in->random_session_key, encrypted )) status = NTLM_NO_MEMORY;
        msg.session_key.data = encrypted;
        msg.session_key.len = 16;
        memcpy( out->session_key, in->random_session_key, 16 );
    }
    else memcpy( out->session_key, kx_key, 16 );

    if (!status) status = ntlm_build_authenticate( &msg, in->version, with_mic, &out->message, &out->message_len );
    if (!status && with_mic)
    {
        if (ntlm_mic( out->session_key, in->negotiate.data, in->negotiate.len, in->challenge.data,
                      in->challenge.len, out->message, out->message_len, mic ))
        {
            free( out->message );
            out->message = NULL;
            status = NTLM_NO_MEMORY;
        }
        else memcpy( out->message + NTLM_MIC_OFFSET, mic, NTLM_MIC_SIZE );
    }
    out->mic = with_mic;
    free( av );
    free( nt );
    ssp_zero( base_key, sizeof(base_key) );
    ssp_zero( kx_key, sizeof(kx_key) );
    if (status) ssp_zero( out->session_key, sizeof(out->session_key) );
    return status;
}

int ntlm_is_anonymous( const struct ntlm_authenticate *auth )
{
    if (auth->user.len || auth->nt_response.len) return 0;
    return !auth->lm_response.len || (auth->lm_response.len == 1 && !auth->lm_response.data[0]);
}

static int is_zero( const uint8_t *p, size_t len )
{
    while (len--) if (*p++) return 0;
    return 1;
}

/* Checks the AV pairs a client put in its NTLMv2 blob: channel bindings and
 * whether it sent a MIC. */
static enum ntlm_verify check_blob_pairs( const struct ntlm_server_input *in, const struct ntlm_bytes *pairs,
                                          int *mic )
{
    struct ntlm_bytes value;

    *mic = 0;
    if (ntlm_av_validate( pairs->data, pairs->len )) return NTLM_VERIFY_MALFORMED;
    if (ntlm_av_find( pairs->data, pairs->len, MSV_AV_FLAGS, &value ))
        *mic = (ntlm_get32( value.data ) & MSV_AV_FLAG_MIC) != 0;
    if (in->channel_bindings)
    {
        int present = ntlm_av_find( pairs->data, pairs->len, MSV_AV_CHANNEL_BINDINGS, &value ) &&
                      !is_zero( value.data, 16 );
        if (present && ssp_const_time_cmp( value.data, in->channel_bindings, 16 )) return NTLM_VERIFY_BAD_BINDINGS;
        if (!present && in->require_bindings) return NTLM_VERIFY_BAD_BINDINGS;
    }
    return NTLM_VERIFY_OK;
}

static enum ntlm_verify verify_v2( const struct ntlm_server_input *in, uint8_t base_key[16], int *mic )
{
    const struct ntlm_authenticate *auth = in->auth;
    const uint8_t *blob = auth->nt_response.data + 16;
    size_t blob_len = auth->nt_response.len - 16;
    struct ntlm_bytes pairs;
    uint8_t v2_hash[16], proof[16];
    uint64_t ts = 0, skew;
    enum ntlm_verify result;
    int i;

    if (blob_len < NTLM_V2_BLOB_HEADER + 4 || blob[0] != 1 || blob[1] != 1) return NTLM_VERIFY_MALFORMED;
    if (in->validated) memcpy( base_key, in->user_session_key, 16 );
    else
    {
        int failed = ntlm_v2_hash( in->nt_hash, &in->user_upper, &in->domain_utf16, v2_hash ) ||
                     ntlm_v2_proof( v2_hash, in->server_challenge, blob, blob_len, proof, base_key );
        ssp_zero( v2_hash, sizeof(v2_hash) );
        if (failed) return NTLM_VERIFY_NO_MEMORY;
        if (ssp_const_time_cmp( proof, auth->nt_response.data, 16 )) return NTLM_VERIFY_WRONG_PASSWORD;
    }

    /* the AV pairs run to the EOL; the blob may have padding after it */
    pairs.data = blob + NTLM_V2_BLOB_HEADER;
    pairs.len = blob_len - NTLM_V2_BLOB_HEADER;
    if ((result = check_blob_pairs( in, &pairs, mic ))) return result;

    for (i = 7; i >= 0; i--) ts = (ts << 8) | blob[8 + i];
    if (in->now)
    {
        skew = ts > in->now ? ts - in->now : in->now - ts;
        if (skew > NTLM_MAX_CLOCK_SKEW) return NTLM_VERIFY_EXPIRED;
    }
    return NTLM_VERIFY_OK;
}

/* The first half of the LM hash, all the key derivation needs of it. */
static void lm_key_half( const struct ntlm_server_input *in, uint8_t lm_hash[16] )
{
    memset( lm_hash, 0, 16 );
    memcpy( lm_hash, in->validated ? in->lm_session_key : in->lm_hash, 8 );
}

static enum ntlm_verify verify_v1( const struct ntlm_server_input *in, uint8_t kx_key[16] )
{
    const struct ntlm_authenticate *auth = in->auth;
    struct ssp_piece nt_hash = { in->nt_hash, 16 };
    uint8_t lm[24], nt[24], base_key[16], lm_hash[16];
    int failed;

    if (in->lm_compat_level >= 5) return NTLM_VERIFY_REFUSED;
    if (auth->lm_response.len != 24) return NTLM_VERIFY_MALFORMED;
    if (in->validated) memcpy( base_key, in->user_session_key, 16 );
    else
    {
        if (v1_responses( in->flags, in->nt_hash, in->lm_hash, in->server_challenge, auth->lm_response.data, 0,
                          lm, nt ))
            return NTLM_VERIFY_NO_MEMORY;
        if (ssp_const_time_cmp( nt, auth->nt_response.data, 24 )) return NTLM_VERIFY_WRONG_PASSWORD;
        if (ssp_digest( SSP_MD4, &nt_hash, 1, base_key )) return NTLM_VERIFY_NO_MEMORY;
    }
    lm_key_half( in, lm_hash );
    failed = v1_key_exchange_key( in->flags, base_key, lm_hash, in->server_challenge, auth->lm_response.data,
                                  kx_key );
    ssp_zero( base_key, sizeof(base_key) );
    ssp_zero( lm_hash, sizeof(lm_hash) );
    return failed ? NTLM_VERIFY_NO_MEMORY : NTLM_VERIFY_OK;
}

static enum ntlm_verify verify_lm( const struct ntlm_server_input *in, uint8_t kx_key[16] )
{
    const struct ntlm_authenticate *auth = in->auth;
    uint8_t lm[24], base_key[16], lm_hash[16];
    int failed;

    if (in->lm_compat_level >= 4) return NTLM_VERIFY_REFUSED;
    if (auth->lm_response.len != 24) return NTLM_VERIFY_MALFORMED;
    if (!in->validated)
    {
        if (!in->has_lm_hash) return NTLM_VERIFY_WRONG_PASSWORD;
        if (ntlm_desl( in->lm_hash, in->server_challenge, lm )) return NTLM_VERIFY_NO_MEMORY;
        if (ssp_const_time_cmp( lm, auth->lm_response.data, 24 )) return NTLM_VERIFY_WRONG_PASSWORD;
    }
    lm_key_half( in, lm_hash );
    memcpy( base_key, lm_hash, 16 );
    failed = v1_key_exchange_key( in->flags, base_key, lm_hash, in->server_challenge, auth->lm_response.data,
                                  kx_key );
    ssp_zero( base_key, sizeof(base_key) );
    ssp_zero( lm_hash, sizeof(lm_hash) );
    return failed ? NTLM_VERIFY_NO_MEMORY : NTLM_VERIFY_OK;
}

enum ntlm_verify ntlm_server_verify( const struct ntlm_server_input *in, struct ntlm_server_output *out )
{
    const struct ntlm_authenticate *auth = in->auth;
    uint8_t kx_key[16], mic[16];
    enum ntlm_verify result;
    int with_mic = 0, failed;

    memset( out, 0, sizeof(*out) );
    if (ntlm_is_anonymous( auth )) return NTLM_VERIFY_ANONYMOUS;

    if (auth->nt_response.len > 24)
    {
        out->ntlmv2 = 1;
        result = verify_v2( in, kx_key, &with_mic );
    }
    else if (auth->nt_response.len == 24) result = verify_v1( in, kx_key );
    else if (!auth->nt_response.len) result = verify_lm( in, kx_key );
    else result = NTLM_VERIFY_MALFORMED;
    if (result) return result;

    if (in->flags & NTLMSSP_NEGOTIATE_KEY_EXCH)
    {
        if (auth->session_key.len != 16)
        {
            ssp_zero( kx_key, sizeof(kx_key) );
            return NTLM_VERIFY_MALFORMED;
        }
        failed = rc4_key( kx_key, auth->session_key.data, out->session_key );
    }
    else
    {
        memcpy( out->session_key, kx_key, 16 );
        failed = 0;
    }
    ssp_zero( kx_key, sizeof(kx_key) );
    if (failed) return NTLM_VERIFY_NO_MEMORY;

    if (with_mic)
    {
        if (!auth->has_mic) return NTLM_VERIFY_BAD_MIC;
        if (ntlm_mic( out->session_key, in->negotiate.data, in->negotiate.len, in->challenge.data,
                      in->challenge.len, in->authenticate.data, in->authenticate.len, mic ))
            return NTLM_VERIFY_NO_MEMORY;
        if (ssp_const_time_cmp( mic, auth->mic, 16 )) return NTLM_VERIFY_BAD_MIC;
    }
    out->mic = with_mic;
    return NTLM_VERIFY_OK;
}
