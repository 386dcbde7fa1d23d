/*
 * What the native references of the benchmarks share (see driver.h): a pair
 * of GSSAPI contexts, and messages through gss_wrap and gss_unwrap (unless
 * the includer defines GSS_PAIR_OWN_SEAL and its own pair_seal_unseal).
 */
typedef int BOOL;

struct pair
{
    gss_ctx_id_t client, server;
};

static void pair_drop( struct pair *pair )
{
    OM_uint32 minor;
    gss_delete_sec_context( &minor, &pair->client, NULL );
    gss_delete_sec_context( &minor, &pair->server, NULL );
}

#ifndef GSS_PAIR_OWN_SEAL
static BOOL pair_seal_unseal( struct pair *pair, unsigned char *data, size_t len )
{
    gss_buffer_desc in = { len, data }, out, plain;
    OM_uint32 minor;
    BOOL ok;

    if (GSS_ERROR( gss_wrap( &minor, pair->client, 1, GSS_C_QOP_DEFAULT, &in, NULL, &out ) )) return 0;
    ok = !GSS_ERROR( gss_unwrap( &minor, pair->server, &out, &plain, NULL, NULL ) );
    gss_release_buffer( &minor, &out );
    gss_release_buffer( &minor, &plain );
    return ok;
}
#endif
