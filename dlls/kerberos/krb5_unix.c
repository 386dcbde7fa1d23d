/*
 * kerberos.so: the Unix side of the Kerberos package, over MIT krb5 and GSSAPI.
 */
#include <stdint.h>
#include <string.h>
#include <krb5.h>
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_krb5.h>

#include "unixlib.h"

static NTSTATUS process_attach( void *args )
{
    struct process_attach_params *params = args;
    OM_uint32 minor;
    gss_OID_set mechs = GSS_C_NO_OID_SET;
    krb5_context ctx;
    char *realm = NULL;
    int present = 0;

    memset( params, 0, sizeof(*params) );
    if (gss_indicate_mechs( &minor, &mechs ) != GSS_S_COMPLETE) return STATUS_INTERNAL_ERROR;
    params->mech_count = mechs->count;
    gss_test_oid_set_member( &minor, (gss_OID)gss_mech_krb5, mechs, &present );
    params->has_krb5 = present;
    gss_release_oid_set( &minor, &mechs );

    if (!krb5_init_context( &ctx ))
    {
        if (!krb5_get_default_realm( ctx, &realm ))
        {
            strncpy( params->realm, realm, sizeof(params->realm) - 1 );
            krb5_free_default_realm( ctx, realm );
        }
        krb5_free_context( ctx );
    }
    return params->has_krb5 ? STATUS_SUCCESS : STATUS_NOT_IMPLEMENTED;
}

UNIXLIB_EXPORT const unixlib_entry_t __wine_unix_call_funcs[] =
{
    process_attach,
};

_Static_assert( sizeof(__wine_unix_call_funcs) / sizeof(__wine_unix_call_funcs[0]) == unix_funcs_count,
                "unix call table size" );
