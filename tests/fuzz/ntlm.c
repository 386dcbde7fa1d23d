/*
 * libFuzzer target for the NTLM core: every input goes through each message
 * parser and the AV-pair walker, is answered as a CHALLENGE by the client
 * side, checked as an AUTHENTICATE by the server side, and opened as a signed
 * or sealed message. Built natively with ASan and UBSan.
 *
 * Built with -DNTLM_SEEDS instead, main() writes a seed corpus of real
 * messages from the core's own builders into the directory it is given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ntlm_auth.h"
#include "ntlm_msg.h"
#include "ntlm_sign.h"

static const uint8_t user[] = { 'U', 0, 's', 0, 'e', 0, 'r', 0 };
static const uint8_t user_upper[] = { 'U', 0, 'S', 0, 'E', 0, 'R', 0 };
static const uint8_t domain[] = { 'D', 0, 'o', 0, 'm', 0 };
static const uint8_t password[] = { 'P', 0, 'w', 0 };
static const uint8_t version[8] = { 10, 0, 0x61, 0x4a, 0, 0, 0, 15 };
static const uint8_t server_challenge[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const uint8_t session_key[16] = { 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55,
                                         0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55 };
static const uint8_t bindings[16] = { 0xbb };

static uint8_t negotiate[64];
static size_t negotiate_len;

/* The client's answer to DATA taken as the server's CHALLENGE; FLAGS gets the session's flags. */
static void client_answer( const uint8_t *data, size_t size, int level, struct ntlm_client_output *out,
                           uint32_t *flags )
{
    struct ntlm_challenge challenge;
    struct ntlm_client_input in;

    memset( out, 0, sizeof(*out) );
    if (ntlm_parse_challenge( data, size, &challenge )) return;
    memset( &in, 0, sizeof(in) );
    in.flags = ntlm_client_flags( ntlm_client_request_flags( 1, 1, 0, 0, level ), challenge.flags );
    in.negotiate.data = negotiate;
    in.negotiate.len = negotiate_len;
    in.challenge.data = data;
    in.challenge.len = size;
    in.user.data = user;
    in.user.len = sizeof(user);
    in.domain.data = domain;
    in.domain.len = sizeof(domain);
    in.user_upper.data = user_upper;
    in.user_upper.len = sizeof(user_upper);
    in.domain_utf16 = in.domain;
    ntlm_nt_hash( password, sizeof(password), in.nt_hash );
    in.lm_compat_level = level;
    in.channel_bindings = level & 1 ? bindings : NULL;
    in.target_spn.data = user;
    in.target_spn.len = sizeof(user);
    in.version = version;
    *flags = in.flags;
    ntlm_make_authenticate( &in, out );
}

/* The server's verdict on DATA taken as the client's AUTHENTICATE. */
static enum ntlm_verify server_verdict( const uint8_t *data, size_t size, const uint8_t *challenge,
                                        size_t challenge_len, int level, uint32_t flags )
{
    struct ntlm_authenticate auth;
    struct ntlm_server_input in;
    struct ntlm_server_output out;

    if (ntlm_parse_authenticate( data, size, &auth )) return NTLM_VERIFY_MALFORMED;
    memset( &in, 0, sizeof(in) );
    in.negotiate.data = negotiate;
    in.negotiate.len = negotiate_len;
    in.challenge.data = challenge;
    in.challenge.len = challenge_len;
    in.authenticate.data = data;
    in.authenticate.len = size;
    in.auth = &auth;
    in.flags = flags;
    memcpy( in.server_challenge, server_challenge, 8 );
    in.user_upper.data = user_upper;
    in.user_upper.len = sizeof(user_upper);
    in.domain_utf16 = auth.domain;
    ntlm_nt_hash( password, sizeof(password), in.nt_hash );
    in.has_lm_hash = level < 2;
    in.lm_compat_level = level;
    in.channel_bindings = level & 1 ? bindings : NULL;
    in.require_bindings = level == 5;
    in.now = 0x01d4d200fdc80b80ull;
    if (ntlm_is_anonymous( &auth )) return NTLM_VERIFY_ANONYMOUS;
    return ntlm_server_verify( &in, &out );
}

/* DATA as a signature and message pieces, for a session with FLAGS. */
static void open_message( const uint8_t *data, size_t size, uint32_t flags )
{
    struct ntlm_session session;
    struct ntlm_piece pieces[2];
    uint8_t *copy;
    size_t half;

    if (size < NTLM_SIGNATURE_SIZE) return;
    if (!(copy = malloc( size ))) return;
    memcpy( copy, data, size );
    half = (size - NTLM_SIGNATURE_SIZE) / 2;
    pieces[0].data = copy + NTLM_SIGNATURE_SIZE;
    pieces[0].len = half;
    pieces[0].readonly = 1;
    pieces[1].data = copy + NTLM_SIGNATURE_SIZE + half;
    pieces[1].len = size - NTLM_SIGNATURE_SIZE - half;
    pieces[1].readonly = 0;

    if (ntlm_session_init( &session, flags, session_key, 0 ))
    {
        free( copy );
        return;
    }
    ntlm_verify( &session, 0, pieces, 2, copy );
    ntlm_unseal( &session, 1, pieces, 2, copy );
    ntlm_session_clear( &session );
    free( copy );
}

static void init_negotiate(void)
{
    uint8_t *msg;

    if (negotiate_len || ntlm_build_negotiate( ntlm_client_request_flags( 1, 1, 0, 0, 3 ), version, &msg,
                                               &negotiate_len ))
        return;
    memcpy( negotiate, msg, negotiate_len < sizeof(negotiate) ? negotiate_len : sizeof(negotiate) );
    free( msg );
}

int LLVMFuzzerInitialize( int *argc, char ***argv )
{
    return ssp_crypt_init();
}

int LLVMFuzzerTestOneInput( const uint8_t *data, size_t size )
{
    static const uint32_t session_flags[] =
    {
        NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL | NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY |
            NTLMSSP_NEGOTIATE_KEY_EXCH | NTLMSSP_NEGOTIATE_128,
        NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL | NTLMSSP_NEGOTIATE_DATAGRAM |
            NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | NTLMSSP_NEGOTIATE_56,
        NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL | NTLMSSP_NEGOTIATE_LM_KEY,
        NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL,
    };
    struct ntlm_negotiate neg;
    struct ntlm_client_output answer;
    struct ntlm_bytes value;
    uint32_t type, flags;
    int level = size ? data[size - 1] % 6 : 3;
    size_t i;

    init_negotiate();
    ntlm_message_type( data, size, &type );
    ntlm_parse_negotiate( data, size, &neg );
    if (!ntlm_av_validate( data, size )) ntlm_av_find( data, size, MSV_AV_TIMESTAMP, &value );

    /* as CHALLENGE, then the server's check of the client's own answer to it */
    client_answer( data, size, level, &answer, &flags );
    if (answer.message)
    {
        server_verdict( answer.message, answer.message_len, data, size, level, flags );
        free( answer.message );
    }

    /* as AUTHENTICATE for a challenge of ours */
    server_verdict( data, size, negotiate, negotiate_len, level, session_flags[0] | NTLMSSP_NEGOTIATE_UNICODE );

    for (i = 0; i < sizeof(session_flags) / sizeof(session_flags[0]); i++) open_message( data, size, session_flags[i] );
    return 0;
}

#ifdef NTLM_SEEDS
#include "seeds.h"

int main( int argc, char *argv[] )
{
    static const uint8_t ts_le[8] = { 0x80, 0x0b, 0xc8, 0xfd, 0x00, 0xd4, 0xd2, 0x01 };
    static const uint8_t curl_negotiate[] = "NTLMSSP\0\1\0\0\0\6\202\010\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
    struct ntlm_bytes target_name = { domain, sizeof(domain) }, info;
    struct ntlm_client_output answer;
    uint8_t target_info[96], *challenge, sealed[64];
    uint32_t flags;
    size_t challenge_len, pos;
    struct ntlm_session session;
    struct ntlm_piece piece = { sealed + 16, 32, 0 };
    int level;

    if (argc != 2 || ssp_crypt_init()) return 2;
    init_negotiate();
    write_seed( argv[1], "negotiate", negotiate, negotiate_len );
    write_seed( argv[1], "negotiate-curl", curl_negotiate, sizeof(curl_negotiate) - 1 );

    pos = ntlm_av_put( target_info, MSV_AV_NB_DOMAIN_NAME, domain, sizeof(domain) );
    pos += ntlm_av_put( target_info + pos, MSV_AV_DNS_COMPUTER_NAME, user, sizeof(user) );
    pos += ntlm_av_put( target_info + pos, MSV_AV_TIMESTAMP, ts_le, 8 );
    pos += ntlm_av_put( target_info + pos, MSV_AV_EOL, NULL, 0 );
    info.data = target_info;
    info.len = pos;
    write_seed( argv[1], "av-pairs", target_info, pos );
    if (ntlm_build_challenge( ntlm_server_flags( ntlm_client_request_flags( 1, 1, 0, 0, 3 ), 3 ), server_challenge,
                              &target_name, &info, version, &challenge, &challenge_len ))
        return 1;
    write_seed( argv[1], "challenge", challenge, challenge_len );
    for (level = 0; level < 6; level += 3)
    {
        client_answer( challenge, challenge_len, level, &answer, &flags );
        if (answer.message)
            write_seed( argv[1], level ? "authenticate-v2" : "authenticate-v1", answer.message, answer.message_len );
        free( answer.message );
    }
    free( challenge );

    memset( sealed, 'm', sizeof(sealed) );
    ntlm_session_init( &session, NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL |
                       NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | NTLMSSP_NEGOTIATE_KEY_EXCH |
                       NTLMSSP_NEGOTIATE_128, session_key, 1 );
    ntlm_seal( &session, 0, &piece, 1, sealed );
    ntlm_session_clear( &session );
    write_seed( argv[1], "sealed", sealed, 48 );
    return 0;
}
#endif
