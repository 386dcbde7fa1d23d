/*
 * libFuzzer target for the SPNEGO core: every input is classified and read
 * as NegTokenInit and as NegTokenResp; what reads is written back and must
 * read back the same. Built natively with ASan and UBSan.
 *
 * Built with -DNEGOTIATE_SEEDS instead, main() writes a seed corpus of the
 * tokens Windows sends into the directory it is given.
 */
#include <stdlib.h>
#include <string.h>
#include "spnego.h"
#include "../unit/spnego_vectors.h"

#ifndef NEGOTIATE_SEEDS

static void check_init( const uint8_t *data, size_t size )
{
    enum spnego_mech mechs[32], again[32];
    struct spnego_init init, back;
    unsigned int count, i, kept = 0;
    uint8_t *out;
    size_t len;

    if (spnego_read_init( data, size, &init )) return;
    count = spnego_read_mechs( &init, mechs, 32 );
    for (i = 0; i < count; i++) if (mechs[i] != SPNEGO_MECH_OTHER) mechs[kept++] = mechs[i];
    if (!kept) return;
    len = spnego_write_init( mechs, kept, init.token, init.token_len, NULL, 0 );
    if (!(out = malloc( len ))) return;
    if (spnego_write_init( mechs, kept, init.token, init.token_len, out, len ) != len ||
        spnego_read_init( out, len, &back ) || spnego_read_mechs( &back, again, 32 ) != kept ||
        memcmp( again, mechs, kept * sizeof(*mechs) ) || back.token_len != init.token_len ||
        (init.token && memcmp( back.token, init.token, init.token_len )))
        abort();
    free( out );
}

static void check_resp( const uint8_t *data, size_t size )
{
    struct spnego_resp resp, back;
    uint8_t *out;
    size_t len;

    if (spnego_read_resp( data, size, &resp )) return;
    if (resp.mech == SPNEGO_MECH_OTHER) resp.mech = SPNEGO_MECH_NONE;
    len = spnego_write_resp( &resp, NULL, 0 );
    if (!(out = malloc( len ))) return;
    if (spnego_write_resp( &resp, out, len ) != len || spnego_read_resp( out, len, &back ) ||
        back.state != resp.state || back.mech != resp.mech || back.token_len != resp.token_len ||
        back.mic_len != resp.mic_len || (resp.token && memcmp( back.token, resp.token, resp.token_len )) ||
        (resp.mic && memcmp( back.mic, resp.mic, resp.mic_len )))
        abort();
    free( out );
}

int LLVMFuzzerTestOneInput( const uint8_t *data, size_t size )
{
    spnego_classify( data, size );
    check_init( data, size );
    check_resp( data, size );
    return 0;
}

#else
#include "seeds.h"

int main( int argc, char *argv[] )
{
    if (argc != 2) return 2;
    write_seed( argv[1], "windows-init", windows_init, sizeof(windows_init) );
    write_seed( argv[1], "server-init2", server_init2, sizeof(server_init2) );
    write_seed( argv[1], "server-mic", server_mic_resp, sizeof(server_mic_resp) );
    write_seed( argv[1], "accept-completed", accept_completed, sizeof(accept_completed) );
    return 0;
}

#endif
