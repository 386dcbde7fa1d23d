/*
 * Credentials: a client's tickets (the user's ticket cache, a private one
 * filled with an explicit identity's password, or the tickets a client
 * delegated) and a server's keys (a keytab, or keys derived from a service
 * account's password).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

#include "krb5_priv.h"

/* A TGT this close to its end is fetched again with the password; after a
 * failure, the old one serves until the next try. */
#define TGT_REFRESH 300
#define TGT_RETRY   30

/* The GSS credentials of an earlier TGT, and its cache, while first steps may use them. */
struct retired
{
    struct retired *next;
    gss_cred_id_t   gss;
    char           *ccache_name;
};

struct cred *cred_from_handle( krb_cred_t handle )
{
    return (struct cred *)(uintptr_t)handle;
}

static struct cred *cred_new( UINT32 use )
{
    struct cred *cred = calloc( 1, sizeof(*cred) );

    if (!cred) return NULL;
    cred->refs = 1;
    cred->use = use;
    pthread_mutex_init( &cred->lock, NULL );
    return cred;
}

static void free_retired( krb5_context ctx, struct cred *cred )
{
    struct retired *retired;
    OM_uint32 minor;

    while ((retired = cred->retired))
    {
        cred->retired = retired->next;
        gss_release_cred( &minor, &retired->gss );
        krb5_destroy_ccache( ctx, retired->ccache_name );
        free( retired );
    }
}

void cred_release( struct cred *cred )
{
    krb5_context ctx = krb5_thread_context();
    OM_uint32 minor;

    if (__atomic_sub_fetch( &cred->refs, 1, __ATOMIC_ACQ_REL )) return;
    if (cred->from) cred_release( cred->from );
    gss_release_cred( &minor, &cred->initiate );
    gss_release_cred( &minor, &cred->accept );
    free_retired( ctx, cred );
    krb5_destroy_ccache( ctx, cred->ccache_name );
    /* MIT drops a MEMORY keytab with its last handle */
    if (cred->keytab && ctx) krb5_kt_close( ctx, cred->keytab );
    if (cred->password)
    {
        explicit_bzero( cred->password, strlen( cred->password ) );
        free( cred->password );
    }
    pthread_mutex_destroy( &cred->lock );
    free( cred->principal );
    free( cred->name );
    free( cred->keytab_name );
    free( cred );
}

/* The keytab of a server without a password of its own: KRB5_KTNAME, else the
 * prefix's krb5.keytab when there is one, else the system's. NULL: krb5's default. */
static const char *acceptor_keytab( char *buf, size_t size )
{
    const char *env = getenv( "KRB5_KTNAME" ), *prefix = getenv( "WINEPREFIX" ), *home = getenv( "HOME" );

    if (env && env[0]) return NULL;
    if (prefix && prefix[0]) snprintf( buf, size, "FILE:%s/krb5.keytab", prefix );
    else if (home && home[0]) snprintf( buf, size, "FILE:%s/.wine/krb5.keytab", home );
    else return NULL;
    return access( buf + 5, R_OK ) ? NULL : buf;
}

static OM_uint32 acquire_from( OM_uint32 *minor, gss_cred_usage_t usage, const char *key, const char *value,
                               gss_cred_id_t *gss )
{
    gss_key_value_element_desc element = { key, value };
    gss_key_value_set_desc store = { 1, &element };

    if (!value) return gss_acquire_cred( minor, GSS_C_NO_NAME, GSS_C_INDEFINITE, &krb5_mechs, usage, gss, NULL, NULL );
    return gss_acquire_cred_from( minor, GSS_C_NO_NAME, GSS_C_INDEFINITE, &krb5_mechs, usage, &store, gss, NULL, NULL );
}

/* The first principal of the keytab, for the names of a server's credentials. */
static void keytab_principal( const char *name, char *out, size_t size )
{
    krb5_context ctx = krb5_thread_context();
    krb5_keytab kt;
    krb5_kt_cursor cursor;
    krb5_keytab_entry entry;
    char *str;

    out[0] = 0;
    if (!ctx || (name ? krb5_kt_resolve( ctx, name, &kt ) : krb5_kt_default( ctx, &kt ))) return;
    if (!krb5_kt_start_seq_get( ctx, kt, &cursor ))
    {
        if (!krb5_kt_next_entry( ctx, kt, &entry, &cursor ))
        {
            if (!krb5_unparse_name( ctx, entry.principal, &str ))
            {
                snprintf( out, size, "%s", str );
                krb5_free_unparsed_name( ctx, str );
            }
            krb5_free_keytab_entry_contents( ctx, &entry );
        }
        krb5_kt_end_seq_get( ctx, kt, &cursor );
    }
    krb5_kt_close( ctx, kt );
}

/* A TGT for the explicit identity, into a new private cache: *CCACHE_NAME. */
static krb5_error_code get_tgt( krb5_context ctx, struct cred *cred, char **ccache_name, INT64 *end )
{
    krb5_get_init_creds_opt *opt = NULL;
    krb5_principal client = NULL;
    krb5_creds creds;
    krb5_ccache cc;
    krb5_error_code err;

    *ccache_name = NULL;
    memset( &creds, 0, sizeof(creds) );
    if ((err = krb5_parse_name( ctx, cred->principal, &client ))) return err;
    if ((err = krb5_get_init_creds_opt_alloc( ctx, &opt ))) goto done;
    krb5_get_init_creds_opt_set_forwardable( opt, 1 );
    if ((err = krb5_get_init_creds_password( ctx, &creds, client, cred->password, NULL, NULL, 0, NULL, opt )))
        goto done;
    if (!(*ccache_name = krb5_private_name( "cc" )))
    {
        err = ENOMEM;
        goto done;
    }
    if (!(err = krb5_cc_resolve( ctx, *ccache_name, &cc )))
    {
        if (!(err = krb5_cc_initialize( ctx, cc, client ))) err = krb5_cc_store_cred( ctx, cc, &creds );
        if (err) krb5_cc_destroy( ctx, cc );
        else krb5_cc_close( ctx, cc );
    }
    *end = creds.times.endtime;
done:
    if (err)
    {
        free( *ccache_name );
        *ccache_name = NULL;
    }
    krb5_free_cred_contents( ctx, &creds );
    if (opt) krb5_get_init_creds_opt_free( ctx, opt );
    krb5_free_principal( ctx, client );
    return err;
}

/* GSS credentials for initiating with the tickets of CCACHE_NAME (NULL: the user's). */
static NTSTATUS initiator_from( const char *ccache_name, gss_cred_id_t *gss, INT32 *krb_error )
{
    gss_buffer_desc empty = GSS_C_EMPTY_BUFFER;
    OM_uint32 minor;

    if (GSS_ERROR( acquire_from( &minor, GSS_C_INITIATE, "ccache", ccache_name, gss ) ))
    {
        *krb_error = minor;
        return SEC_E_NO_CREDENTIALS;
    }
    /* integrity and confidentiality only when asked for: Windows reads them as requests */
    gss_set_cred_option( &minor, gss, GSS_KRB5_CRED_NO_CI_FLAGS_X, &empty );
    return SEC_E_OK;
}

/* A new TGT from the password, and credentials of it; those of the old one
 * stay for the first steps using them. Without a new one the old serves on. */
static NTSTATUS refresh( krb5_context ctx, struct cred *cred, INT32 *krb_error )
{
    gss_cred_id_t gss = GSS_C_NO_CREDENTIAL;
    struct retired *retired = NULL;
    char *ccache_name;
    krb5_error_code err;
    NTSTATUS status;
    OM_uint32 minor;
    INT64 end = 0;

    if ((err = get_tgt( ctx, cred, &ccache_name, &end )))
    {
        *krb_error = err;
        status = krb_sec_status( GSS_S_FAILURE, err );
    }
    else if ((status = initiator_from( ccache_name, &gss, krb_error ))) krb5_destroy_ccache( ctx, ccache_name );
    else if (cred->initiate != GSS_C_NO_CREDENTIAL && !(retired = malloc( sizeof(*retired) )))
    {
        status = SEC_E_INSUFFICIENT_MEMORY;
        gss_release_cred( &minor, &gss );
        krb5_destroy_ccache( ctx, ccache_name );
    }
    if (status)
    {
        cred->retry_at = krb5_now() + TGT_RETRY;
        return cred->initiate != GSS_C_NO_CREDENTIAL ? SEC_E_OK : status;
    }
    if (retired)
    {
        retired->gss = cred->initiate;
        retired->ccache_name = cred->ccache_name;
        retired->next = cred->retired;
        cred->retired = retired;
    }
    cred->initiate = gss;
    cred->ccache_name = ccache_name;
    cred->tgt_end = end;
    return SEC_E_OK;
}

/* The credentials a context's first step initiates with; the caller says
 * when the step is over (cred_initiator_done). */
NTSTATUS cred_initiator( struct cred *cred, gss_cred_id_t *gss, INT32 *krb_error )
{
    krb5_context ctx = krb5_thread_context();
    NTSTATUS status = SEC_E_OK;
    INT64 now = krb5_now();

    while (cred->from) cred = cred->from;
    if (!(cred->use & KRB_CRED_INITIATE)) return SEC_E_NO_CREDENTIALS;
    if (!ctx) return SEC_E_INSUFFICIENT_MEMORY;
    pthread_mutex_lock( &cred->lock );
    if (cred->password)
    {
        if (cred->initiate == GSS_C_NO_CREDENTIAL || (now >= cred->tgt_end - TGT_REFRESH && now >= cred->retry_at))
            status = refresh( ctx, cred, krb_error );
    }
    else if (cred->initiate == GSS_C_NO_CREDENTIAL) status = initiator_from( cred->ccache_name, &cred->initiate,
                                                                             krb_error );
    if (!status)
    {
        *gss = cred->initiate;
        cred->initiators++;
    }
    pthread_mutex_unlock( &cred->lock );
    return status;
}

void cred_initiator_done( struct cred *cred )
{
    while (cred->from) cred = cred->from;
    pthread_mutex_lock( &cred->lock );
    if (!--cred->initiators) free_retired( krb5_thread_context(), cred );
    pthread_mutex_unlock( &cred->lock );
}

/* The key the password gives for a ticket's enctype, once for each enctype
 * whatever tickets say of their service and key version: MIT's acceptor
 * without a name of its own tries every key of the enctype. */
static krb5_error_code add_password_key( krb5_context ctx, struct cred *cred, krb5_enctype etype )
{
    krb5_principal account = NULL;
    krb5_keytab_entry entry;
    krb5_data salt = { 0 }, password;
    krb5_error_code err;

    if (!krb5_c_valid_enctype( etype )) return KRB5_PROG_ETYPE_NOSUPP;
    memset( &entry, 0, sizeof(entry) );
    password.data = cred->password;
    password.length = strlen( cred->password );
    if (!cred->keytab_name && !(cred->keytab_name = krb5_private_name( "kt" ))) return ENOMEM;
    if (!cred->keytab && (err = krb5_kt_resolve( ctx, cred->keytab_name, &cred->keytab ))) return err;
    if ((err = krb5_parse_name( ctx, cred->principal, &account ))) return err;
    if (!krb5_kt_get_entry( ctx, cred->keytab, account, 0, etype, &entry ))
    {
        krb5_free_keytab_entry_contents( ctx, &entry );
        goto done;
    }
    if ((err = krb5_principal2salt( ctx, account, &salt )) ||
        (err = krb5_c_string_to_key( ctx, etype, &password, &salt, &entry.key )))
        goto done;
    entry.principal = account;
    entry.vno = 0;
    err = krb5_kt_add_entry( ctx, cred->keytab, &entry );
    krb5_free_keyblock_contents( ctx, &entry.key );
done:
    krb5_free_data_contents( ctx, &salt );
    krb5_free_principal( ctx, account );
    return err;
}

NTSTATUS cred_acceptor( struct cred *cred, const struct krb_ticket_info *ticket, gss_cred_id_t *gss,
                        INT32 *krb_error )
{
    krb5_context ctx = krb5_thread_context();
    NTSTATUS status = SEC_E_OK;
    krb5_error_code err;
    OM_uint32 minor;

    if (!(cred->use & KRB_CRED_ACCEPT)) return SEC_E_NO_CREDENTIALS;
    pthread_mutex_lock( &cred->lock );
    if (cred->password && ticket)
    {
        if (!ctx) status = SEC_E_INTERNAL_ERROR;
        else if ((err = add_password_key( ctx, cred, ticket->etype )))
        {
            *krb_error = err;
            status = krb_sec_status( GSS_S_FAILURE, err );
        }
        else if (cred->accept == GSS_C_NO_CREDENTIAL &&
                 GSS_ERROR( acquire_from( &minor, GSS_C_ACCEPT, "keytab", cred->keytab_name, &cred->accept ) ))
        {
            *krb_error = minor;
            status = SEC_E_NO_CREDENTIALS;
        }
    }
    *gss = cred->accept;
    pthread_mutex_unlock( &cred->lock );
    return status;
}

krb5_error_code cred_ccache( struct cred *cred, krb5_context ctx, krb5_ccache *ccache )
{
    krb5_error_code err;

    while (cred && cred->from) cred = cred->from;
    if (!cred) return krb5_cc_default( ctx, ccache );
    pthread_mutex_lock( &cred->lock );  /* a refresh changes the name */
    if (cred->ccache_name) err = krb5_cc_resolve( ctx, cred->ccache_name, ccache );
    else if (cred->password) err = KRB5_FCC_NOFILE;  /* no TGT yet */
    else err = krb5_cc_default( ctx, ccache );
    pthread_mutex_unlock( &cred->lock );
    return err;
}

/* The client principal and TGT end time of a credential's cache. */
static void ccache_info( struct cred *cred, char *name, size_t size, INT64 *expiry )
{
    krb5_context ctx = krb5_thread_context();
    krb5_principal client;
    krb5_ccache cc;
    krb5_creds match, creds;
    char *str;

    if (!ctx || cred_ccache( cred, ctx, &cc )) return;
    if (!krb5_cc_get_principal( ctx, cc, &client ))
    {
        if (!name[0] && !krb5_unparse_name( ctx, client, &str ))
        {
            snprintf( name, size, "%s", str );
            krb5_free_unparsed_name( ctx, str );
        }
        memset( &match, 0, sizeof(match) );
        match.client = client;
        if (!krb5_tgt_principal( ctx, client, &match.server ))
        {
            if (!krb5_cc_retrieve_cred( ctx, cc, 0, &match, &creds ))
            {
                *expiry = creds.times.endtime;
                krb5_free_cred_contents( ctx, &creds );
            }
            krb5_free_principal( ctx, match.server );
        }
        krb5_free_principal( ctx, client );
    }
    krb5_cc_close( ctx, cc );
}

static NTSTATUS acquire( struct cred_acquire_params *params, struct cred *cred )
{
    OM_uint32 major, minor;
    gss_cred_id_t gss;
    char keytab[4096];
    const char *kt;
    NTSTATUS status;

    if (params->principal && !(cred->principal = strdup( params->principal ))) return SEC_E_INSUFFICIENT_MEMORY;
    if (params->password && !(cred->password = strdup( params->password ))) return SEC_E_INSUFFICIENT_MEMORY;
    if (cred->principal) snprintf( params->name, sizeof(params->name), "%s", cred->principal );

    if (cred->use & KRB_CRED_INITIATE)
    {
        /* an explicit identity gets its TGT at first use, as on Windows; a logon now. The
         * logged-on user has credentials without tickets too: a first step looks again. */
        if (!cred->password || params->logon)
        {
            status = cred_initiator( cred, &gss, &params->krb_error );
            if (!status) cred_initiator_done( cred );
            else if (status != SEC_E_NO_CREDENTIALS || cred->password) return status;
        }
        ccache_info( cred, params->name, sizeof(params->name), &params->expiry );
    }
    if ((cred->use & KRB_CRED_ACCEPT) && !cred->password)
    {
        kt = acceptor_keytab( keytab, sizeof(keytab) );
        major = acquire_from( &minor, GSS_C_ACCEPT, "keytab", kt, &cred->accept );
        if (GSS_ERROR( major ))
        {
            params->krb_error = minor;
            return SEC_E_NO_CREDENTIALS;
        }
        if (!params->name[0]) keytab_principal( kt, params->name, sizeof(params->name) );
    }
    return SEC_E_OK;
}

NTSTATUS cred_acquire( void *args )
{
    struct cred_acquire_params *params = args;
    struct cred *cred, *from = cred_from_handle( params->from );
    NTSTATUS status;

    params->name[0] = 0;
    params->expiry = 0;
    params->krb_error = 0;
    if (!(cred = cred_new( params->use ))) return SEC_E_INSUFFICIENT_MEMORY;
    if (from)
    {
        __atomic_add_fetch( &from->refs, 1, __ATOMIC_RELAXED );
        cred->from = from;
        cred->use &= KRB_CRED_INITIATE;
        ccache_info( from, params->name, sizeof(params->name), &params->expiry );
        status = cred->use ? SEC_E_OK : SEC_E_NO_CREDENTIALS;
    }
    else status = acquire( params, cred );
    if (!status && (cred->use & KRB_CRED_INITIATE) && !(cred->name = strdup( params->name )))
        status = SEC_E_INSUFFICIENT_MEMORY;
    if (status)
    {
        cred_release( cred );
        return status;
    }
    params->cred = (krb_cred_t)(uintptr_t)cred;
    return SEC_E_OK;
}

/* Credentials of a MEMORY cache, which they own and destroy, even when this fails. */
struct cred *cred_from_ccache( char *ccache_name, char *name, size_t size )
{
    struct cred *cred = cred_new( KRB_CRED_INITIATE );
    INT64 expiry = 0;

    if (!cred)
    {
        krb5_destroy_ccache( krb5_thread_context(), ccache_name );
        return NULL;
    }
    cred->ccache_name = ccache_name;
    name[0] = 0;
    ccache_info( cred, name, size, &expiry );
    if (!name[0] || !(cred->name = strdup( name )))
    {
        cred_release( cred );
        return NULL;
    }
    return cred;
}

NTSTATUS cred_free( void *args )
{
    struct cred_free_params *params = args;
    struct cred *cred = cred_from_handle( params->cred );

    if (!cred) return SEC_E_INVALID_HANDLE;
    cred_release( cred );
    return SEC_E_OK;
}
