/*
 * Ticket caches, for LsaCallAuthenticationPackage: listing, retrieving and
 * purging the tickets of a credential's cache or the user's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "krb5_priv.h"
#include "core/names.h"

static void put_principal( krb5_context ctx, krb5_const_principal principal, char *out, size_t size )
{
    char *str;

    out[0] = 0;
    if (krb5_unparse_name( ctx, principal, &str )) return;
    snprintf( out, size, "%s", str );
    krb5_free_unparsed_name( ctx, str );
}

/* What the cache holds of a ticket. A server stored without its realm (the
 * answer to a referral) is named as the ticket itself names it. */
static void ticket_info( krb5_context ctx, const krb5_creds *creds, struct krb_ticket *out )
{
    krb5_ticket *ticket = NULL;

    memset( out, 0, sizeof(*out) );
    put_principal( ctx, creds->client, out->client, sizeof(out->client) );
    out->start = creds->times.starttime ? creds->times.starttime : creds->times.authtime;
    out->end = creds->times.endtime;
    out->renew_until = creds->times.renew_till;
    out->flags = creds->ticket_flags;
    out->enctype = creds->keyblock.enctype;
    if (!krb5_decode_ticket( &creds->ticket, &ticket ))
    {
        out->ticket_enctype = ticket->enc_part.enctype;
        put_principal( ctx, creds->server->realm.length ? creds->server : ticket->server, out->server,
                       sizeof(out->server) );
        krb5_free_ticket( ctx, ticket );
    }
    else put_principal( ctx, creds->server, out->server, sizeof(out->server) );
}

/* Calls FUNC for each ticket of the cache, config entries aside; stops when it returns nonzero. */
static krb5_error_code for_each_ticket( krb5_context ctx, krb5_ccache cc,
                                        int (*func)( krb5_context, krb5_creds *, void * ), void *arg )
{
    krb5_cc_cursor cursor;
    krb5_creds creds;
    krb5_error_code err;
    int stop = 0;

    if ((err = krb5_cc_start_seq_get( ctx, cc, &cursor ))) return err;
    while (!stop && !krb5_cc_next_cred( ctx, cc, &cursor, &creds ))
    {
        if (!krb5_is_config_principal( ctx, creds.server )) stop = func( ctx, &creds, arg );
        krb5_free_cred_contents( ctx, &creds );
    }
    krb5_cc_end_seq_get( ctx, cc, &cursor );
    return 0;
}

static int list_one( krb5_context ctx, krb5_creds *creds, void *arg )
{
    struct tickets_list_params *params = arg;

    if (params->count < params->size) ticket_info( ctx, creds, &params->tickets[params->count] );
    params->count++;
    return 0;
}

/* The credential's cache; no tickets at all is no error for the LSA's callers. */
static NTSTATUS open_cache( UINT64 handle, krb5_context *ctx, krb5_ccache *cc )
{
    struct cred *cred = cred_from_handle( handle );

    if (!(*ctx = krb5_thread_context())) return STATUS_INTERNAL_ERROR;
    return cred_ccache( cred, *ctx, cc ) ? STATUS_NOT_FOUND : STATUS_SUCCESS;
}

NTSTATUS tickets_list( void *args )
{
    struct tickets_list_params *params = args;
    krb5_context ctx;
    krb5_ccache cc;

    params->count = 0;
    if (open_cache( params->cred, &ctx, &cc )) return STATUS_SUCCESS;
    for_each_ticket( ctx, cc, list_one, params );
    krb5_cc_close( ctx, cc );
    return params->count > params->size ? STATUS_BUFFER_TOO_SMALL : STATUS_SUCCESS;
}

/* The server a request names: TARGET, in the client's realm when it names
 * none, or the TGT of the client's realm. */
static krb5_error_code request_server( krb5_context ctx, krb5_const_principal client, const char *target,
                                       krb5_principal *server )
{
    char realm[256];
    krb5_error_code err;

    if (!target) return krb5_tgt_principal( ctx, client, server );
    if (strchr( target, '@' )) return krb5_parse_name( ctx, target, server );
    if (client->realm.length >= sizeof(realm)) return KRB5_REALM_UNKNOWN;
    memcpy( realm, client->realm.data, client->realm.length );
    realm[client->realm.length] = 0;
    if ((err = krb5_parse_name_flags( ctx, target, KRB5_PRINCIPAL_PARSE_NO_REALM, server ))) return err;
    return krb5_set_principal_realm( ctx, *server, realm );
}

/* A fresh ticket, leaving the cache as it is: from a copy of the cache holding only its TGT. */
static krb5_error_code fresh_ticket( krb5_context ctx, krb5_ccache cc, krb5_creds *in, krb5_creds **out )
{
    krb5_creds match, tgt;
    krb5_ccache tmp;
    krb5_error_code err;

    memset( &match, 0, sizeof(match) );
    match.client = in->client;
    if ((err = krb5_tgt_principal( ctx, in->client, &match.server ))) return err;
    err = krb5_cc_retrieve_cred( ctx, cc, 0, &match, &tgt );
    krb5_free_principal( ctx, match.server );
    if (err) return err;
    if (!(err = krb5_cc_new_unique( ctx, "MEMORY", NULL, &tmp )))
    {
        if (!(err = krb5_cc_initialize( ctx, tmp, in->client )) && !(err = krb5_cc_store_cred( ctx, tmp, &tgt )))
            err = krb5_get_credentials( ctx, 0, tmp, in, out );
        krb5_cc_destroy( ctx, tmp );
    }
    krb5_free_cred_contents( ctx, &tgt );
    return err;
}

/* A KRB-CRED of the ticket with its session key, unencrypted as Windows exports tickets. */
static krb5_error_code make_kerb_cred( krb5_context ctx, krb5_creds *creds, krb5_data **out )
{
    krb5_auth_context auth;
    krb5_error_code err;

    if ((err = krb5_auth_con_init( ctx, &auth ))) return err;
    krb5_auth_con_setflags( ctx, auth, 0 );
    err = krb5_mk_1cred( ctx, auth, creds, out, NULL );
    krb5_auth_con_free( ctx, auth );
    return err;
}

static int is_tgt( krb5_const_principal server )
{
    return server->length == 2 && server->data[0].length == 6 && !memcmp( server->data[0].data, "krbtgt", 6 );
}

static NTSTATUS get_ticket( krb5_context ctx, krb5_ccache cc, struct ticket_get_params *params )
{
    krb5_creds in, *out = NULL;
    krb5_data *encoded = NULL;
    const krb5_data *ticket;
    krb5_error_code err;
    NTSTATUS status;

    memset( &in, 0, sizeof(in) );
    if ((err = krb5_cc_get_principal( ctx, cc, &in.client ))) return SEC_E_NO_CREDENTIALS;
    if ((err = request_server( ctx, in.client, params->target, &in.server ))) goto done;
    in.keyblock.enctype = params->enctype;
    if (params->flags & KRB_TICKET_NO_CACHE) err = fresh_ticket( ctx, cc, &in, &out );
    else err = krb5_get_credentials( ctx, (params->flags & KRB_TICKET_CACHE_ONLY) ? KRB5_GC_CACHED : 0, cc, &in,
                                     &out );
    /* the policy's word: the copy of the cache's ticket gives no key */
    if (!err && (params->flags & KRB_TICKET_HIDE_TGT_KEY) && is_tgt( out->server ))
        memset( out->keyblock.contents, 0, out->keyblock.length );
    if (!err && (params->flags & KRB_TICKET_AS_CRED)) err = make_kerb_cred( ctx, out, &encoded );
done:
    if (err)
    {
        status = (params->flags & KRB_TICKET_CACHE_ONLY) && err == KRB5_CC_NOTFOUND ? STATUS_OBJECT_NAME_NOT_FOUND
                                                                                    : krb_sec_status( 0, err );
    }
    else
    {
        ticket_info( ctx, out, &params->info );
        ticket = encoded ? encoded : &out->ticket;
        params->encoded_len = ticket->length;
        params->key_len = out->keyblock.length;
        status = STATUS_SUCCESS;
        if ((UINT64)ticket->length + out->keyblock.length > params->size) status = STATUS_BUFFER_TOO_SMALL;
        else
        {
            memcpy( params->data, ticket->data, ticket->length );
            memcpy( params->data + ticket->length, out->keyblock.contents, out->keyblock.length );
        }
    }
    if (encoded) explicit_bzero( encoded->data, encoded->length );  /* the key, in the clear */
    krb5_free_data( ctx, encoded );
    krb5_free_creds( ctx, out );
    krb5_free_cred_contents( ctx, &in );
    return status;
}

NTSTATUS ticket_get( void *args )
{
    struct ticket_get_params *params = args;
    krb5_context ctx;
    krb5_ccache cc;
    NTSTATUS status;

    params->encoded_len = params->key_len = 0;
    if (open_cache( params->cred, &ctx, &cc )) return SEC_E_NO_CREDENTIALS;
    status = get_ticket( ctx, cc, params );
    krb5_cc_close( ctx, cc );
    return status;
}

struct purge
{
    const char   *server;      /* NULL: all */
    krb5_creds  **found;
    unsigned int  count, size;
};

/* SERVER names the ticket's server; without a realm it names it in any. */
static int same_server( const char *ticket_server, const char *server )
{
    size_t len = krb_principal_name_len( ticket_server );

    if (krb_principal_realm( server )) return !strcmp( ticket_server, server );
    return strlen( server ) == len && !strncmp( ticket_server, server, len );
}

static int match_one( krb5_context ctx, krb5_creds *creds, void *arg )
{
    struct purge *purge = arg;
    struct krb_ticket info;
    krb5_creds **grown;

    if (purge->server)
    {
        ticket_info( ctx, creds, &info );
        if (!same_server( info.server, purge->server )) return 0;
    }
    if (purge->count == purge->size)
    {
        if (!(grown = realloc( purge->found, (purge->size * 2 + 8) * sizeof(*grown) ))) return 1;
        purge->found = grown;
        purge->size = purge->size * 2 + 8;
    }
    if (!krb5_copy_creds( ctx, creds, &purge->found[purge->count] )) purge->count++;
    return 0;
}

NTSTATUS tickets_purge( void *args )
{
    struct tickets_purge_params *params = args;
    struct purge purge = { params->server };
    krb5_context ctx;
    krb5_ccache cc;
    unsigned int i;

    params->removed = 0;
    if (open_cache( params->cred, &ctx, &cc )) return SEC_E_NO_CREDENTIALS;
    for_each_ticket( ctx, cc, match_one, &purge );
    for (i = 0; i < purge.count; i++)
    {
        if (!krb5_cc_remove_cred( ctx, cc, 0, purge.found[i] )) params->removed++;
        krb5_free_creds( ctx, purge.found[i] );
    }
    free( purge.found );
    krb5_cc_close( ctx, cc );
    return params->removed ? STATUS_SUCCESS : SEC_E_NO_CREDENTIALS;
}
