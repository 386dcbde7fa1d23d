/*
 * schannel.so: the Unix side of the Schannel package, over GnuTLS.
 */
#include <string.h>

#include "gnutls_priv.h"

static NTSTATUS process_attach( void *args )
{
    struct process_attach_params *params = args;
    const char *version;

    memset( params, 0, sizeof(*params) );
    if (gnutls_global_init() != GNUTLS_E_SUCCESS) return STATUS_INTERNAL_ERROR;
    if (!(version = gnutls_check_version( "3.6.0" ))) return STATUS_NOT_IMPLEMENTED;
    strncpy( params->version, version, sizeof(params->version) - 1 );
    return STATUS_SUCCESS;
}

UNIXLIB_EXPORT const unixlib_entry_t __wine_unix_call_funcs[] =
{
    process_attach,
    cred_create,
    cred_free,
    session_create,
    session_free,
    tls_handshake,
    tls_encrypt,
    tls_decrypt,
    tls_shutdown,
    connection_info,
    peer_certificate,
    channel_binding,
    keying_material,
    session_data,
    tls_renegotiate,
    tls_set_mtu,
    dtls_cookie,
};

_Static_assert( sizeof(__wine_unix_call_funcs) / sizeof(__wine_unix_call_funcs[0]) == unix_funcs_count,
                "unix call table size" );
