/*
 * Unit tests of the NTLM core: the MS-NLMP 4.2 test vectors, a message
 * captured from another implementation, and client/server round trips.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sspcrypt.h"
#include "ntlm_auth.h"
#include "ntlm_sign.h"
#include "wine/test.h"
#include "hex.h"

static const uint8_t password[] = { 'P', 0, 'a', 0, 's', 0, 's', 0, 'w', 0, 'o', 0, 'r', 0, 'd', 0 };
static const uint8_t user[] = { 'U', 0, 's', 0, 'e', 0, 'r', 0 };
static const uint8_t user_upper[] = { 'U', 0, 'S', 0, 'E', 0, 'R', 0 };
static const uint8_t domain[] = { 'D', 0, 'o', 0, 'm', 0, 'a', 0, 'i', 0, 'n', 0 };
static const uint8_t server_challenge[8] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };
static const uint8_t client_challenge[8] = { 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa };
static const uint8_t random_session_key[16] =
    { 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55 };

/* MS-NLMP 4.2.4: the AV pairs of the server (domain "Domain", computer "Server") */
static const uint8_t spec_target_info[] =
{
    0x02, 0x00, 0x0c, 0x00, 'D', 0, 'o', 0, 'm', 0, 'a', 0, 'i', 0, 'n', 0,
    0x01, 0x00, 0x0c, 0x00, 'S', 0, 'e', 0, 'r', 0, 'v', 0, 'e', 0, 'r', 0,
    0x00, 0x00, 0x00, 0x00,
};

static void test_v1_vectors(void)
{
    static const uint8_t oem_upper[] = "PASSWORD";
    uint8_t nt_hash[16], lm_hash[16], response[24], lm[24], both[16], digest[16];

    ntlm_nt_hash( password, sizeof(password), nt_hash );
    ok( !strcmp( hex( nt_hash, 16 ), "a4f49c406510bdcab6824ee7c30fd852" ), "NTOWFv1 %s\n", hex( nt_hash, 16 ) );
    ntlm_lm_hash( oem_upper, 8, lm_hash );
    ok( !strcmp( hex( lm_hash, 16 ), "e52cac67419a9a224a3b108f3fa6cb6d" ), "LMOWFv1 %s\n", hex( lm_hash, 16 ) );
    ntlm_desl( nt_hash, server_challenge, response );
    ok( !strcmp( hex( response, 24 ), "67c43011f30298a2ad35ece64f16331c44bdbed927841f94" ), "NTLMv1 %s\n",
        hex( response, 24 ) );
    ntlm_desl( lm_hash, server_challenge, lm );
    ok( !strcmp( hex( lm, 24 ), "98def7b87f88aa5dafe2df779688a172def11c7d5ccdef13" ), "LMv1 %s\n", hex( lm, 24 ) );

    /* with extended session security (MS-NLMP 4.2.3) */
    memcpy( both, server_challenge, 8 );
    memcpy( both + 8, client_challenge, 8 );
    ssp_digest( SSP_MD5, &(struct ssp_piece){ both, 16 }, 1, digest );
    ntlm_desl( nt_hash, digest, response );
    ok( !strcmp( hex( response, 24 ), "7537f803ae367128ca458204bde7caf81e97ed2683267232" ), "NTLM2 %s\n",
        hex( response, 24 ) );
}

static void test_v2_vectors(void)
{
    struct ntlm_bytes u = { user_upper, sizeof(user_upper) }, d = { domain, sizeof(domain) };
    uint8_t nt_hash[16], v2_hash[16], blob[128], proof[16], base_key[16], encrypted[16], lm[16], both[16];
    struct ssp_rc4 rc4;
    size_t len;

    ntlm_nt_hash( password, sizeof(password), nt_hash );
    ntlm_v2_hash( nt_hash, &u, &d, v2_hash );
    ok( !strcmp( hex( v2_hash, 16 ), "0c868a403bfd7a93a3001ef22ef02e3f" ), "NTOWFv2 %s\n", hex( v2_hash, 16 ) );

    len = ntlm_v2_blob( blob, 0, client_challenge, spec_target_info, sizeof(spec_target_info) );
    ok( len == 28 + sizeof(spec_target_info) + 4, "blob size %zu\n", len );
    ntlm_v2_proof( v2_hash, server_challenge, blob, len, proof, base_key );
    ok( !strcmp( hex( proof, 16 ), "68cd0ab851e51c96aabc927bebef6a1c" ), "NTProofStr %s\n", hex( proof, 16 ) );
    ok( !strcmp( hex( base_key, 16 ), "8de40ccadbc14a82f15cb0ad0de95ca3" ), "SessionBaseKey %s\n", hex( base_key, 16 ) );

    memcpy( both, server_challenge, 8 );
    memcpy( both + 8, client_challenge, 8 );
    ssp_hmac( SSP_MD5, v2_hash, 16, &(struct ssp_piece){ both, 16 }, 1, lm );
    ok( !strcmp( hex( lm, 16 ), "86c35097ac9cec102554764a57cccc19" ), "LMv2 %s\n", hex( lm, 16 ) );

    ok( !ssp_rc4_open( &rc4, base_key, 16 ), "RC4 failed\n" );
    ssp_rc4_crypt( &rc4, random_session_key, encrypted, 16 );
    ssp_rc4_close( &rc4 );
    ok( !strcmp( hex( encrypted, 16 ), "c5dad2544fc9799094ce1ce90bc9d03e" ), "EncryptedRandomSessionKey %s\n",
        hex( encrypted, 16 ) );
}

/* MS-NLMP 4.2.4.4: GSS_WrapEx of "Plaintext" by the client. */
static void test_v2_seal_vector(void)
{
    static const uint8_t plaintext[] = { 'P', 0, 'l', 0, 'a', 0, 'i', 0, 'n', 0, 't', 0, 'e', 0, 'x', 0, 't', 0 };
    uint8_t data[sizeof(plaintext)], sig[16];
    struct ntlm_piece piece = { data, sizeof(data), 0 };
    struct ntlm_session client, server;

    memcpy( data, plaintext, sizeof(data) );
    ntlm_session_init( &client, 0xe28a8233, random_session_key, 1 );
    ntlm_seal( &client, 0, &piece, 1, sig );
    ok( !strcmp( hex( data, sizeof(data) ), "54e50165bf1936dc996020c1811b0f06fb5f" ), "sealed %s\n",
        hex( data, sizeof(data) ) );
    ok( !strcmp( hex( sig, 16 ), "010000007fb38ec5c55d497600000000" ), "signature %s\n", hex( sig, 16 ) );

    ntlm_session_init( &server, 0xe28a8233, random_session_key, 0 );
    ok( !ntlm_unseal( &server, 0, &piece, 1, sig ), "server cannot unseal\n" );
    ok( !memcmp( data, plaintext, sizeof(data) ), "unsealed %s\n", hex( data, sizeof(data) ) );
    ntlm_session_clear( &client );
    ntlm_session_clear( &server );
}

/* An NTLMv2 AUTHENTICATE with MIC and channel bindings made by Chromium for the
 * MS-NLMP 4.2 inputs, with its NEGOTIATE and the spec's CHALLENGE. */
static const uint8_t chromium_negotiate[] =
{
    'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 0x01, 0x00, 0x00, 0x00, 0x07, 0x82, 0x08, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00,
};

static const uint8_t spec_challenge[] =
{
    0x4e, 0x54, 0x4c, 0x4d, 0x53, 0x53, 0x50, 0x00, 0x02, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x0c, 0x00,
    0x38, 0x00, 0x00, 0x00, 0x33, 0x82, 0x8a, 0xe2, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x24, 0x00, 0x24, 0x00, 0x44, 0x00, 0x00, 0x00,
    0x06, 0x00, 0x70, 0x17, 0x00, 0x00, 0x00, 0x0f, 0x53, 0x00, 0x65, 0x00, 0x72, 0x00, 0x76, 0x00,
    0x65, 0x00, 0x72, 0x00, 0x02, 0x00, 0x0c, 0x00, 0x44, 0x00, 0x6f, 0x00, 0x6d, 0x00, 0x61, 0x00,
    0x69, 0x00, 0x6e, 0x00, 0x01, 0x00, 0x0c, 0x00, 0x53, 0x00, 0x65, 0x00, 0x72, 0x00, 0x76, 0x00,
    0x65, 0x00, 0x72, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static const uint8_t chromium_authenticate[] =
{
    'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 0x03, 0x00, 0x00, 0x00, 0x18, 0x00, 0x18, 0x00,
    0x58, 0x00, 0x00, 0x00, 0x8a, 0x00, 0x8a, 0x00, 0x70, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x0c, 0x00,
    0xfa, 0x00, 0x00, 0x00, 0x08, 0x00, 0x08, 0x00, 0x06, 0x01, 0x00, 0x00, 0x10, 0x00, 0x10, 0x00,
    0x0e, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x58, 0x00, 0x00, 0x00, 0x03, 0x82, 0x08, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf7, 0x36, 0x16, 0x33, 0xf0, 0xad, 0x9b, 0xdf,
    0x4a, 0x7c, 0x42, 0x1b, 0xc6, 0xb8, 0x24, 0xa3, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x8c, 0x02, 0x60, 0xdb, 0xef, 0x69, 0x06, 0x62, 0xaf, 0x9c, 0x42, 0xd5, 0x07, 0x82, 0xd2, 0xed,
    0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x0b, 0xc8, 0xfd, 0x00, 0xd4, 0xd2, 0x01,
    0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x0c, 0x00,
    'D', 0, 'o', 0, 'm', 0, 'a', 0, 'i', 0, 'n', 0, 0x01, 0x00, 0x0c, 0x00, 'S', 0, 'e', 0,
    'r', 0, 'v', 0, 'e', 0, 'r', 0, 0x06, 0x00, 0x04, 0x00, 0x02, 0x00, 0x00, 0x00, 0x0a, 0x00,
    0x10, 0x00, 0x65, 0x86, 0xe9, 0x9d, 0x81, 0xc2, 0xfc, 0x98, 0x4e, 0x47, 0x17, 0x2f, 0xd4, 0xdd,
    0x03, 0x10, 0x09, 0x00, 0x16, 0x00, 'H', 0, 'T', 0, 'T', 0, 'P', 0, '/', 0, 'S', 0, 'e', 0,
    'r', 0, 'v', 0, 'e', 0, 'r', 0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 'D', 0,
    'o', 0, 'm', 0, 'a', 0, 'i', 0, 'n', 0, 'U', 0, 's', 0, 'e', 0, 'r', 0, 'C', 0, 'O', 0,
    'M', 0, 'P', 0, 'U', 0, 'T', 0, 'E', 0, 'R', 0,
};

static const uint8_t chromium_bindings[16] =
    { 0x65, 0x86, 0xe9, 0x9d, 0x81, 0xc2, 0xfc, 0x98, 0x4e, 0x47, 0x17, 0x2f, 0xd4, 0xdd, 0x03, 0x10 };
static const uint64_t chromium_timestamp = 131400439870000000ull;

static enum ntlm_verify verify_chromium( uint8_t *auth_msg, const uint8_t *bindings, int require, uint64_t now,
                                         const uint8_t *pass, size_t pass_len, struct ntlm_server_output *out )
{
    struct ntlm_authenticate auth;
    struct ntlm_server_input in;

    ok( !ntlm_parse_authenticate( auth_msg, sizeof(chromium_authenticate), &auth ), "parse failed\n" );
    memset( &in, 0, sizeof(in) );
    in.negotiate.data = chromium_negotiate;
    in.negotiate.len = sizeof(chromium_negotiate);
    in.challenge.data = spec_challenge;
    in.challenge.len = sizeof(spec_challenge);
    in.authenticate.data = auth_msg;
    in.authenticate.len = sizeof(chromium_authenticate);
    in.auth = &auth;
    in.flags = auth.flags;
    memcpy( in.server_challenge, server_challenge, 8 );
    in.user_upper.data = user_upper;
    in.user_upper.len = sizeof(user_upper);
    in.domain_utf16 = auth.domain;
    ntlm_nt_hash( pass, pass_len, in.nt_hash );
    in.lm_compat_level = 5;
    in.channel_bindings = bindings;
    in.require_bindings = require;
    in.now = now;
    return ntlm_server_verify( &in, out );
}

static void test_verify_captured(void)
{
    static const uint8_t wrong[] = { 'p', 0, 'a', 0, 's', 0, 's', 0 };
    static const uint8_t other_bindings[16] = { 1 };
    struct ntlm_server_output out;
    uint8_t msg[sizeof(chromium_authenticate)];

    memcpy( msg, chromium_authenticate, sizeof(msg) );
    ok( verify_chromium( msg, NULL, 0, 0, password, sizeof(password), &out ) == NTLM_VERIFY_OK, "not verified\n" );
    ok( out.ntlmv2, "not NTLMv2\n" );
    ok( !strcmp( hex( out.session_key, 16 ), "623dbd071be7a530b6a95c2eb4982470" ), "session key %s\n",
        hex( out.session_key, 16 ) );
    ok( verify_chromium( msg, chromium_bindings, 1, 0, password, sizeof(password), &out ) == NTLM_VERIFY_OK,
        "matching bindings refused\n" );
    ok( verify_chromium( msg, other_bindings, 0, 0, password, sizeof(password), &out ) == NTLM_VERIFY_BAD_BINDINGS,
        "other bindings accepted\n" );
    ok( verify_chromium( msg, NULL, 0, 0, wrong, sizeof(wrong), &out ) == NTLM_VERIFY_WRONG_PASSWORD,
        "wrong password accepted\n" );
    ok( verify_chromium( msg, NULL, 0, chromium_timestamp + 3600ull * 10000000, password, sizeof(password), &out ) ==
        NTLM_VERIFY_OK, "an hour of skew refused\n" );
    ok( verify_chromium( msg, NULL, 0, chromium_timestamp + 37ull * 3600 * 10000000, password, sizeof(password),
                         &out ) == NTLM_VERIFY_EXPIRED, "37 hours of skew accepted\n" );

    msg[NTLM_MIC_OFFSET] ^= 1;
    ok( verify_chromium( msg, NULL, 0, 0, password, sizeof(password), &out ) == NTLM_VERIFY_BAD_MIC,
        "bad MIC accepted\n" );
    msg[NTLM_MIC_OFFSET] ^= 1;
    msg[250] ^= 1;  /* the domain: covered by the MIC, not by the proof */
    ok( verify_chromium( msg, NULL, 0, 0, password, sizeof(password), &out ) != NTLM_VERIFY_OK,
        "altered message accepted\n" );
}

/* A whole exchange between our client and our server, and a session after it. */
struct exchange
{
    uint32_t client_flags, server_flags;
    uint8_t *negotiate, *challenge;
    size_t negotiate_len, challenge_len;
    struct ntlm_client_output client;
    struct ntlm_authenticate auth;     /* the client's, parsed */
    struct ntlm_server_input sin;      /* what the server checked it with */
    struct ntlm_server_output server;
    enum ntlm_verify result;
};

/* Bytes of junk after the EOL of the CHALLENGE's target info, which both sides must ignore. */
static size_t challenge_junk;

static void run_exchange( struct exchange *x, int seal, int datagram, int client_level, int server_level,
                          const uint8_t *client_password, size_t client_password_len )
{
    static const uint8_t version[8] = { 10, 0, 0x61, 0x4a, 0, 0, 0, 15 };
    uint8_t target_info[96], ts_le[8] = { 0x80, 0x0b, 0xc8, 0xfd, 0x00, 0xd4, 0xd2, 0x01 };
    struct ntlm_bytes target_name = { domain, sizeof(domain) }, info;
    struct ntlm_client_input in;
    struct ntlm_server_input *sin = &x->sin;
    struct ntlm_negotiate neg;
    struct ntlm_authenticate *auth = &x->auth;
    size_t pos;

    memset( x, 0, sizeof(*x) );
    x->client_flags = ntlm_client_request_flags( 1, seal, datagram, 0, client_level );
    ok( !ntlm_build_negotiate( x->client_flags, version, &x->negotiate, &x->negotiate_len ), "negotiate\n" );

    ok( !ntlm_parse_negotiate( x->negotiate, x->negotiate_len, &neg ), "parse negotiate\n" );
    x->server_flags = ntlm_server_flags( neg.flags, server_level );
    pos = ntlm_av_put( target_info, MSV_AV_NB_DOMAIN_NAME, domain, sizeof(domain) );
    pos += ntlm_av_put( target_info + pos, MSV_AV_TIMESTAMP, ts_le, 8 );
    pos += ntlm_av_put( target_info + pos, MSV_AV_EOL, NULL, 0 );
    memset( target_info + pos, 0xff, challenge_junk );
    pos += challenge_junk;
    info.data = target_info;
    info.len = pos;
    ok( !ntlm_build_challenge( x->server_flags, server_challenge, &target_name, &info, version, &x->challenge,
                               &x->challenge_len ), "challenge\n" );

    memset( &in, 0, sizeof(in) );
    in.flags = ntlm_client_flags( x->client_flags, x->server_flags );
    in.negotiate.data = x->negotiate;
    in.negotiate.len = x->negotiate_len;
    in.challenge.data = x->challenge;
    in.challenge.len = x->challenge_len;
    in.user.data = user;
    in.user.len = sizeof(user);
    in.domain.data = domain;
    in.domain.len = sizeof(domain);
    in.user_upper.data = user_upper;
    in.user_upper.len = sizeof(user_upper);
    in.domain_utf16 = in.domain;
    ntlm_nt_hash( client_password, client_password_len, in.nt_hash );
    in.lm_compat_level = client_level;
    memcpy( in.client_challenge, client_challenge, 8 );
    memcpy( in.random_session_key, random_session_key, 16 );
    in.version = version;
    ok( !ntlm_make_authenticate( &in, &x->client ), "authenticate\n" );

    ok( !ntlm_parse_authenticate( x->client.message, x->client.message_len, auth ), "parse authenticate\n" );
    memset( sin, 0, sizeof(*sin) );
    sin->negotiate.data = x->negotiate;
    sin->negotiate.len = x->negotiate_len;
    sin->challenge.data = x->challenge;
    sin->challenge.len = x->challenge_len;
    sin->authenticate.data = x->client.message;
    sin->authenticate.len = x->client.message_len;
    sin->auth = auth;
    sin->flags = in.flags;
    memcpy( sin->server_challenge, server_challenge, 8 );
    sin->user_upper.data = user_upper;
    sin->user_upper.len = sizeof(user_upper);
    sin->domain_utf16 = auth->domain;
    ntlm_nt_hash( password, sizeof(password), sin->nt_hash );
    sin->lm_compat_level = server_level;
    x->result = ntlm_server_verify( sin, &x->server );
}

static void free_exchange( struct exchange *x )
{
    free( x->negotiate );
    free( x->challenge );
    free( x->client.message );
}

static void test_session( struct exchange *x, int seal )
{
    uint8_t data[] = "the quick brown fox", copy[sizeof(data)], header[] = "readonly", sig[16];
    struct ntlm_piece pieces[2] = { { header, sizeof(header), 1 }, { data, sizeof(data), 0 } };
    uint32_t flags = ntlm_client_flags( x->client_flags, x->server_flags );
    struct ntlm_session client, server;
    int i;

    ntlm_session_init( &client, flags, x->client.session_key, 1 );
    ntlm_session_init( &server, flags, x->server.session_key, 0 );
    memcpy( copy, data, sizeof(data) );
    for (i = 0; i < 3; i++)
    {
        winetest_push_context( "message %d", i );
        if (seal)
        {
            ntlm_seal( &client, i, pieces, 2, sig );
            ok( memcmp( data, copy, sizeof(data) ), "not encrypted\n" );
            ok( !memcmp( header, "readonly", 8 ), "read-only piece encrypted\n" );
            ok( !ntlm_unseal( &server, i, pieces, 2, sig ), "server cannot unseal\n" );
            ok( !memcmp( data, copy, sizeof(data) ), "not decrypted\n" );
        }
        ntlm_sign( &server, i, pieces, 2, sig );
        ok( !ntlm_verify( &client, i, pieces, 2, sig ), "client cannot verify\n" );
        winetest_pop_context();
    }
    /* a replayed or altered message fails */
    ok( ntlm_verify( &client, 2, pieces, 2, sig ) || (flags & NTLMSSP_NEGOTIATE_DATAGRAM), "replay verified\n" );
    ntlm_sign( &server, 3, pieces, 2, sig );
    data[0] ^= 1;
    ok( ntlm_verify( &client, 3, pieces, 2, sig ), "altered message verified\n" );
    ntlm_session_clear( &client );
    ntlm_session_clear( &server );
}

static void test_round_trips(void)
{
    static const uint8_t wrong[] = { 'x', 0 };
    struct exchange x;

    /* NTLMv2 with key exchange, MIC and sealing: the default */
    run_exchange( &x, 1, 0, 3, 5, password, sizeof(password) );
    ok( x.result == NTLM_VERIFY_OK, "v2: result %d\n", x.result );
    ok( !memcmp( x.client.session_key, x.server.session_key, 16 ), "v2: keys differ\n" );
    ok( !memcmp( x.client.session_key, random_session_key, 16 ), "v2: not the exchanged key\n" );
    test_session( &x, 1 );
    free_exchange( &x );

    run_exchange( &x, 0, 0, 3, 5, wrong, sizeof(wrong) );
    ok( x.result == NTLM_VERIFY_WRONG_PASSWORD, "wrong password: result %d\n", x.result );
    free_exchange( &x );

    /* NTLMv1 is refused unless the server is configured for it */
    run_exchange( &x, 1, 0, 1, 5, password, sizeof(password) );
    ok( x.result == NTLM_VERIFY_REFUSED, "v1 at level 5: result %d\n", x.result );
    free_exchange( &x );
    run_exchange( &x, 1, 0, 1, 3, password, sizeof(password) );
    ok( x.result == NTLM_VERIFY_OK, "v1 at level 3: result %d\n", x.result );
    ok( !memcmp( x.client.session_key, x.server.session_key, 16 ), "v1: keys differ\n" );
    test_session( &x, 1 );
    free_exchange( &x );

    /* datagram sessions re-key every message */
    run_exchange( &x, 1, 1, 3, 5, password, sizeof(password) );
    ok( x.result == NTLM_VERIFY_OK, "datagram: result %d\n", x.result );
    test_session( &x, 1 );
    free_exchange( &x );
}

/* A response a domain controller validated: its session keys do what the hash would. */
static void test_validated(void)
{
    uint8_t v2_hash[16], nt_hash[16];
    struct exchange x;

    run_exchange( &x, 1, 0, 3, 5, password, sizeof(password) );
    ok( x.result == NTLM_VERIFY_OK, "result %d\n", x.result );
    ntlm_nt_hash( password, sizeof(password), nt_hash );
    ntlm_v2_hash( nt_hash, &x.sin.user_upper, &x.sin.domain_utf16, v2_hash );
    ssp_hmac( SSP_MD5, v2_hash, 16, &(struct ssp_piece){ x.auth.nt_response.data, 16 }, 1, x.sin.user_session_key );
    memset( x.sin.nt_hash, 0, 16 );
    x.sin.validated = 1;
    ok( ntlm_server_verify( &x.sin, &x.server ) == NTLM_VERIFY_OK, "validated response refused\n" );
    ok( !memcmp( x.server.session_key, x.client.session_key, 16 ), "session keys differ\n" );
    x.sin.user_session_key[0] ^= 1;
    ok( ntlm_server_verify( &x.sin, &x.server ) == NTLM_VERIFY_BAD_MIC, "wrong session key accepted\n" );
    free_exchange( &x );

    run_exchange( &x, 1, 0, 1, 3, password, sizeof(password) );
    ok( x.result == NTLM_VERIFY_OK, "v1: result %d\n", x.result );
    ssp_digest( SSP_MD4, &(struct ssp_piece){ nt_hash, 16 }, 1, x.sin.user_session_key );
    memset( x.sin.nt_hash, 0, 16 );
    x.sin.validated = 1;
    ok( ntlm_server_verify( &x.sin, &x.server ) == NTLM_VERIFY_OK, "v1: validated response refused\n" );
    ok( !memcmp( x.server.session_key, x.client.session_key, 16 ), "v1: session keys differ\n" );
    free_exchange( &x );
}

/* Bytes after the EOL of the server's AV pairs stay out of the client's (a fuzzer finding). */
static void test_junk_after_eol(void)
{
    struct exchange x;
    size_t plain_len;

    run_exchange( &x, 1, 0, 3, 5, password, sizeof(password) );
    plain_len = x.client.message_len;
    free_exchange( &x );

    challenge_junk = 40;
    run_exchange( &x, 1, 0, 3, 5, password, sizeof(password) );
    challenge_junk = 0;
    ok( x.result == NTLM_VERIFY_OK, "result %d\n", x.result );
    ok( x.client.message_len == plain_len, "AUTHENTICATE of %zu bytes, expected %zu\n", x.client.message_len,
        plain_len );
    free_exchange( &x );
}

static void test_sign_without_ess(void)
{
    uint8_t key[16] = { 1, 2, 3 }, data[] = "payload", sig[16];
    struct ntlm_piece piece = { data, sizeof(data), 0 };
    struct ntlm_session a, b;
    uint32_t flags = NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL | NTLMSSP_NEGOTIATE_128;

    ntlm_session_init( &a, flags, key, 1 );
    ntlm_session_init( &b, flags, key, 0 );
    ntlm_seal( &a, 0, &piece, 1, sig );
    ok( sig[0] == 1 && !sig[4] && !sig[5] && !sig[6] && !sig[7], "CRC signature layout %s\n", hex( sig, 16 ) );
    ok( !ntlm_unseal( &b, 0, &piece, 1, sig ), "cannot unseal\n" );
    ok( !memcmp( data, "payload", 8 ), "not decrypted\n" );
    ntlm_session_clear( &a );
    ntlm_session_clear( &b );
}

/* A session taken up elsewhere from its position, and one put back to where it
 * stood before a message that must not count, go on as the original. */
static void test_position(void)
{
    uint8_t key[16] = { 9, 8, 7 }, data[40], sig[16], expect[40], expect_sig[16];
    uint32_t flags = NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL | NTLMSSP_NEGOTIATE_128 |
                     NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | NTLMSSP_NEGOTIATE_KEY_EXCH;
    struct ntlm_piece piece = { data, sizeof(data), 0 };
    struct ntlm_session a, b, resumed;
    struct ntlm_position pos;
    int i;

    ok( !ntlm_session_init( &a, flags, key, 1 ), "init failed\n" );
    ok( !ntlm_session_init( &b, flags, key, 0 ), "init failed\n" );
    for (i = 0; i < 3; i++)
    {
        memset( data, i, sizeof(data) );
        ntlm_seal( &a, 0, &piece, 1, sig );
        ok( !ntlm_unseal( &b, 0, &piece, 1, sig ), "message %d not unsealed\n", i );
    }
    ntlm_session_position( &a, &pos );
    ok( pos.send_seq == 3 && pos.send_sealed == 3 * (sizeof(data) + 8), "position %u %llu\n", pos.send_seq,
        (unsigned long long)pos.send_sealed );

    pos.recv_sealed = NTLM_MAX_RESUMED + 1;
    ok( ntlm_session_resume( &resumed, flags, key, 1, &pos ), "a stream beyond the limit resumed\n" );
    pos.recv_sealed = 0;
    ok( !ntlm_session_resume( &resumed, flags, key, 1, &pos ), "resume failed\n" );
    memset( data, 7, sizeof(data) );
    ntlm_seal( &resumed, 0, &piece, 1, sig );
    memcpy( expect, data, sizeof(data) );
    memcpy( expect_sig, sig, 16 );
    ok( !ntlm_unseal( &b, 0, &piece, 1, sig ), "resumed session's message not unsealed\n" );

    /* a message sealed and then rewound leaves the stream where it was */
    ntlm_session_position( &a, &pos );
    memset( data, 1, sizeof(data) );
    ntlm_sign( &a, 0, &piece, 1, sig );
    ntlm_session_rewind( &a, &pos );
    memset( data, 7, sizeof(data) );
    ntlm_seal( &a, 0, &piece, 1, sig );
    ok( !memcmp( data, expect, sizeof(data) ), "rewound stream differs\n" );
    ok( memcmp( sig, expect_sig, 16 ), "sequence number went back too\n" );
    ntlm_session_clear( &a );

    /* back to the start after a first signature (a mechListMIC): as a fresh session but for the sequence */
    ok( !ntlm_session_init( &a, flags, key, 1 ), "init failed\n" );
    ntlm_session_position( &a, &pos );
    ntlm_sign( &a, 0, &piece, 1, sig );
    ok( !ntlm_session_rewind( &a, &pos ), "rewind failed\n" );
    ok( !a.send.seal.h, "the handles stayed\n" );
    memset( data, 3, sizeof(data) );
    ntlm_seal( &a, 0, &piece, 1, sig );
    memcpy( expect, data, sizeof(data) );
    ntlm_session_clear( &a );
    ok( !ntlm_session_init( &a, flags, key, 1 ), "init failed\n" );
    memset( data, 3, sizeof(data) );
    ntlm_seal( &a, 0, &piece, 1, sig );
    ok( !memcmp( data, expect, sizeof(data) ), "the stream did not start again\n" );
    ntlm_session_clear( &a );
    ntlm_session_clear( &b );
    ntlm_session_clear( &resumed );
}

static void test_anonymous(void)
{
    static const uint8_t zero = 0;
    struct ntlm_authenticate auth;

    memset( &auth, 0, sizeof(auth) );
    auth.lm_response.data = &zero;
    auth.lm_response.len = 1;
    ok( ntlm_is_anonymous( &auth ), "not anonymous\n" );
    auth.user.data = user;
    auth.user.len = sizeof(user);
    ok( !ntlm_is_anonymous( &auth ), "a user is anonymous\n" );
}

static void test_av_pairs(void)
{
    static const uint8_t bad_lengths[][12] =
    {
        { 0x06, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 },  /* MsvAvFlags of 2 bytes */
        { 0x01, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00 },              /* value runs past the end */
        { 0x01, 0x00, 0x00, 0x00 },                                      /* no EOL */
        { 0x00, 0x00, 0x01, 0x00, 0x00 },                                /* EOL with a value */
    };
    static const size_t bad_sizes[] = { 10, 8, 4, 5 };
    struct ntlm_bytes value;
    size_t i;

    ok( !ntlm_av_validate( spec_target_info, sizeof(spec_target_info) ), "spec pairs refused\n" );
    ok( ntlm_av_find( spec_target_info, sizeof(spec_target_info), MSV_AV_NB_COMPUTER_NAME, &value ) &&
        value.len == 12 && !memcmp( value.data, "S\0e\0r\0v\0e\0r\0", 12 ), "computer name\n" );
    ok( !ntlm_av_find( spec_target_info, sizeof(spec_target_info), MSV_AV_TIMESTAMP, &value ), "timestamp found\n" );
    for (i = 0; i < ARRAY_SIZE(bad_sizes); i++)
        ok( ntlm_av_validate( bad_lengths[i], bad_sizes[i] ), "%zu: accepted\n", i );
}

static void test_parse_bad(void)
{
    uint8_t msg[sizeof(chromium_authenticate)];
    struct ntlm_authenticate auth;
    struct ntlm_challenge chal;
    struct ntlm_negotiate neg;

    ok( ntlm_parse_authenticate( chromium_authenticate, 63, &auth ) == NTLM_TRUNCATED, "short authenticate\n" );
    memcpy( msg, chromium_authenticate, sizeof(msg) );
    msg[20] = 0xff;  /* NT response longer than the message */
    ok( ntlm_parse_authenticate( msg, sizeof(msg), &auth ) == NTLM_TRUNCATED, "overlong field\n" );
    memcpy( msg, chromium_authenticate, sizeof(msg) );
    msg[16] = 8;     /* LM response inside the fixed part */
    ok( ntlm_parse_authenticate( msg, sizeof(msg), &auth ) == NTLM_BAD_FIELD, "field in the header\n" );
    ok( ntlm_parse_challenge( chromium_authenticate, sizeof(chromium_authenticate), &chal ) == NTLM_BAD_TYPE,
        "wrong type\n" );
    ok( ntlm_parse_challenge( spec_challenge, sizeof(spec_challenge) - 2, &chal ) == NTLM_TRUNCATED,
        "truncated target info\n" );
    ok( !ntlm_parse_negotiate( chromium_negotiate, 16, &neg ), "16-byte negotiate refused\n" );
    ok( neg.flags == 0x00088207, "flags %08x\n", neg.flags );
}

START_TEST(ntlm)
{
    if (ssp_crypt_init()) { skip( "no libgcrypt\n" ); return; }
    test_v1_vectors();
    test_v2_vectors();
    test_v2_seal_vector();
    test_verify_captured();
    test_round_trips();
    test_junk_after_eol();
    test_validated();
    test_sign_without_ess();
    test_position();
    test_anonymous();
    test_av_pairs();
    test_parse_bad();
}
