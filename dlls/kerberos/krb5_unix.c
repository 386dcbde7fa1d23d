/*
 * kerberos.so: the Unix side of the Kerberos package, over MIT krb5 and GSSAPI.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "krb5_priv.h"

gss_OID_set_desc krb5_mechs;

static pthread_key_t context_key;

static void free_thread_context( void *ptr )
{
    krb5_free_context( ptr );
}

/* krb5_init_context reads the configuration: once a thread, not once a call. */
krb5_context krb5_thread_context( void )
{
    krb5_context ctx = pthread_getspecific( context_key );

    if (!ctx && !krb5_init_context( &ctx )) pthread_setspecific( context_key, ctx );
    return ctx;
}

INT64 krb5_now( void )
{
    return time( NULL );
}

char *krb5_strdup_buffer( const gss_buffer_desc *buf )
{
    char *ret = malloc( buf->length + 1 );

    if (!ret) return NULL;
    memcpy( ret, buf->value, buf->length );
    ret[buf->length] = 0;
    return ret;
}

/* A name for a MEMORY cache or keytab private to this process. */
char *krb5_private_name( const char *type )
{
    static UINT64 counter;
    char name[64];

    snprintf( name, sizeof(name), "MEMORY:sspi-%s-%d-%llu", type, (int)getpid(),
              (unsigned long long)__atomic_add_fetch( &counter, 1, __ATOMIC_RELAXED ) );
    return strdup( name );
}

/* Destroys the cache NAME, if there is one, and frees NAME. */
void krb5_destroy_ccache( krb5_context ctx, char *name )
{
    krb5_ccache cc;

    if (name && ctx && !krb5_cc_resolve( ctx, name, &cc )) krb5_cc_destroy( ctx, cc );
    free( name );
}

/* krbtgt/REALM@REALM of the client's realm. */
krb5_error_code krb5_tgt_principal( krb5_context ctx, krb5_const_principal client, krb5_principal *tgt )
{
    return krb5_build_principal_ext( ctx, tgt, client->realm.length, client->realm.data, 6, "krbtgt",
                                     client->realm.length, client->realm.data, 0 );
}

static NTSTATUS process_attach( void *args )
{
    struct process_attach_params *params = args;
    OM_uint32 minor;
    gss_OID_set mechs = GSS_C_NO_OID_SET;
    krb5_context ctx;
    char *realm = NULL;
    int present = 0;

    memset( params, 0, sizeof(*params) );
    if (pthread_key_create( &context_key, free_thread_context )) return STATUS_NO_MEMORY;
    if (gss_indicate_mechs( &minor, &mechs ) != GSS_S_COMPLETE) return STATUS_INTERNAL_ERROR;
    params->mech_count = mechs->count;
    gss_test_oid_set_member( &minor, (gss_OID)gss_mech_krb5, mechs, &present );
    params->has_krb5 = present;
    gss_release_oid_set( &minor, &mechs );
    krb5_mechs.count = 1;
    krb5_mechs.elements = (gss_OID)gss_mech_krb5;

    if ((ctx = krb5_thread_context()) && !krb5_get_default_realm( ctx, &realm ))
    {
        strncpy( params->realm, realm, sizeof(params->realm) - 1 );
        krb5_free_default_realm( ctx, realm );
    }
    return params->has_krb5 ? STATUS_SUCCESS : STATUS_NOT_IMPLEMENTED;
}

UNIXLIB_EXPORT const unixlib_entry_t __wine_unix_call_funcs[] =
{
    process_attach,
    cred_acquire,
    cred_free,
    context_step,
    context_token,
    context_free,
    context_info,
    context_pac,
    context_delegated,
    context_export,
    context_import,
    krb5_wrap,
    krb5_unwrap,
    krb5_get_mic,
    krb5_verify_mic,
    tickets_list,
    ticket_get,
    tickets_purge,
};

_Static_assert( sizeof(__wine_unix_call_funcs) / sizeof(__wine_unix_call_funcs[0]) == unix_funcs_count,
                "unix call table size" );
