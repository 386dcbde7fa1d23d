/*
 * Security contexts: gss_init_sec_context and gss_accept_sec_context steps,
 * what an established context knows, export and import.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "krb5_priv.h"

struct context *context_from_handle( krb_ctx_t handle )
{
    return (struct context *)(uintptr_t)handle;
}

static struct context *context_new( struct cred *cred, int server )
{
    struct context *ctx = calloc( 1, sizeof(*ctx) );

    if (!ctx) return NULL;
    pthread_mutex_init( &ctx->lock, NULL );
    ctx->gss = GSS_C_NO_CONTEXT;
    ctx->target = GSS_C_NO_NAME;
    ctx->delegated = GSS_C_NO_CREDENTIAL;
    ctx->server = server;
    if ((ctx->cred = cred)) __atomic_add_fetch( &cred->refs, 1, __ATOMIC_RELAXED );
    return ctx;
}

static void context_release( struct context *ctx )
{
    OM_uint32 minor;

    gss_delete_sec_context( &minor, &ctx->gss, GSS_C_NO_BUFFER );
    gss_release_name( &minor, &ctx->target );
    gss_release_cred( &minor, &ctx->delegated );
    gss_release_buffer( &minor, &ctx->pending );
    gss_release_buffer( &minor, &ctx->pac );
    free( ctx->client_name );
    free( ctx->target_name );
    if (ctx->cred) cred_release( ctx->cred );
    pthread_mutex_destroy( &ctx->lock );
    free( ctx );
}

/* The target as a GSS name: the principal, in the realm of its host when it names none. */
static NTSTATUS import_target( struct context *ctx, const char *target )
{
    krb5_context kctx = krb5_thread_context();
    char host[256], full[KRB_MAX_NAME + 256], **realms = NULL, *realm = NULL;
    gss_buffer_desc buf;
    OM_uint32 major, minor;

    if (krb_principal_realm( target )) snprintf( full, sizeof(full), "%s", target );
    else
    {
        if (!kctx) return SEC_E_INTERNAL_ERROR;
        if (!krb_principal_host( target, host, sizeof(host) ) && !krb5_get_host_realm( kctx, host, &realms ) &&
            realms[0] && realms[0][0])
            snprintf( full, sizeof(full), "%s@%s", target, realms[0] );
        else if (!krb5_get_default_realm( kctx, &realm ))
        {
            snprintf( full, sizeof(full), "%s@%s", target, realm );
            krb5_free_default_realm( kctx, realm );
        }
        else snprintf( full, sizeof(full), "%s", target );
        if (realms) krb5_free_host_realm( kctx, realms );
    }
    buf.value = full;
    buf.length = strlen( full );
    gss_release_name( &minor, &ctx->target );
    major = gss_import_name( &minor, &buf, (gss_OID)GSS_KRB5_NT_PRINCIPAL_NAME, &ctx->target );
    if (GSS_ERROR( major )) return SEC_E_TARGET_UNKNOWN;
    free( ctx->target_name );
    return (ctx->target_name = strdup( full )) ? SEC_E_OK : SEC_E_INSUFFICIENT_MEMORY;
}

/* Hands the step's token to the caller, or holds it until context_token. */
static void put_output( struct context *ctx, gss_buffer_desc *token, struct context_step_params *params )
{
    OM_uint32 minor;

    params->output_len = token->length;
    if (token->length && token->length <= params->output_size && params->output)
    {
        memcpy( params->output, token->value, token->length );
        gss_release_buffer( &minor, token );
    }
    else ctx->pending = *token;
}

/* Room for an AP-REP under any enctype krb5.conf permits: its encrypted part
 * (a time, a subkey and a sequence number: the key and under 80 bytes) and
 * the framing of the AP-REP and of the GSS token (under 64). */
static size_t ap_rep_room( krb5_context ctx )
{
    static size_t room;
    size_t ret = __atomic_load_n( &room, __ATOMIC_RELAXED ), keybytes, keylength, len;
    krb5_enctype *etypes;
    int i;

    if (ret) return ret;
    if (!ctx || krb5_get_permitted_enctypes( ctx, &etypes )) return 512;
    for (i = 0; etypes[i]; i++)
        if (!krb5_c_keylengths( ctx, etypes[i], &keybytes, &keylength ) &&
            !krb5_c_encrypt_length( ctx, etypes[i], keylength + 80, &len ) && len + 64 > ret)
            ret = len + 64;
    krb5_free_enctypes( ctx, etypes );
    if (!ret) return 512;
    __atomic_store_n( &room, ret, __ATOMIC_RELAXED );
    return ret;
}

static OM_uint32 init_step( struct context *ctx, struct context_step_params *params, gss_cred_id_t cred,
                            gss_channel_bindings_t bindings, gss_buffer_desc *input, gss_buffer_desc *output,
                            OM_uint32 *minor, OM_uint32 *ret_flags, OM_uint32 *lifetime, NTSTATUS *status )
{
    char without_port[KRB_MAX_NAME];
    OM_uint32 major, tmp;

    if (ctx->gss != GSS_C_NO_CONTEXT)
        return gss_init_sec_context( minor, cred, &ctx->gss, ctx->target, (gss_OID)gss_mech_krb5, params->gss_req,
                                     0, bindings, input, NULL, output, ret_flags, lifetime );
    if (!params->target || (*status = import_target( ctx, params->target ))) return GSS_S_FAILURE;
    major = gss_init_sec_context( minor, cred, &ctx->gss, ctx->target, (gss_OID)gss_mech_krb5, params->gss_req, 0,
                                  bindings, GSS_C_NO_BUFFER, NULL, output, ret_flags, lifetime );
    /* an SPN with a port the realm does not know: the service of the host, as it is registered most often */
    if (major == GSS_S_FAILURE && *minor == (OM_uint32)KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN &&
        !krb_principal_without_port( params->target, without_port, sizeof(without_port) ))
    {
        gss_delete_sec_context( &tmp, &ctx->gss, GSS_C_NO_BUFFER );
        if ((*status = import_target( ctx, without_port ))) return GSS_S_FAILURE;
        major = gss_init_sec_context( minor, cred, &ctx->gss, ctx->target, (gss_OID)gss_mech_krb5, params->gss_req,
                                      0, bindings, GSS_C_NO_BUFFER, NULL, output, ret_flags, lifetime );
    }
    return major;
}

/* A KRB-ERROR the server sent back ends the client's context with the error it names. */
static int peer_error( const struct context_step_params *params, INT32 *krb_error )
{
    struct krb_token token;
    struct krb_error_info error;

    if (krb_token_parse( params->input, params->input_len, &token ) || token.kind != KRB_TOKEN_ERROR) return 0;
    if (krb_error_parse( token.msg, token.msg_len, &error )) return 0;
    *krb_error = krb_error_from_protocol( error.error_code );
    return 1;
}

static gss_buffer_desc pac_attribute = { 10, (void *)"urn:mspac:" };

/* The client's PAC; MIT gives one only when its server checksum verified. */
static void read_pac( struct context *ctx, gss_name_t client )
{
    gss_buffer_desc display = GSS_C_EMPTY_BUFFER;
    int authenticated = 0, complete = 0, more = -1;
    OM_uint32 major, minor;

    gss_release_buffer( &minor, &ctx->pac );
    major = gss_get_name_attribute( &minor, client, &pac_attribute, &authenticated, &complete, &ctx->pac, &display,
                                    &more );
    gss_release_buffer( &minor, &display );
    if (!GSS_ERROR( major ) && !authenticated) gss_release_buffer( &minor, &ctx->pac );
}

/* The string form of NAME, or NULL. */
static char *display_name( gss_name_t name )
{
    gss_buffer_desc buf = GSS_C_EMPTY_BUFFER;
    OM_uint32 minor;
    char *ret;

    if (GSS_ERROR( gss_display_name( &minor, name, &buf, NULL ) )) return NULL;
    ret = krb5_strdup_buffer( &buf );
    gss_release_buffer( &minor, &buf );
    return ret;
}

/* The acceptor's name, as the client's ticket names it. */
static NTSTATUS ticket_server( struct context *ctx, const struct krb_ticket_info *ticket )
{
    size_t len = strlen( ticket->sname ) + strlen( ticket->realm ) + 2;

    if (!(ctx->target_name = malloc( len ))) return SEC_E_INSUFFICIENT_MEMORY;
    snprintf( ctx->target_name, len, "%s@%s", ticket->sname, ticket->realm );
    return SEC_E_OK;
}

/* A client's first token must be an AP-REQ. Windows answers a Negotiate token so. */
static NTSTATUS first_request( const struct context_step_params *params, struct krb_ticket_info *ticket )
{
    struct krb_token token;

    if (krb_token_parse( params->input, params->input_len, &token ))
        return token.kind == KRB_TOKEN_SPNEGO ? SEC_E_INSUFFICIENT_MEMORY : SEC_E_INVALID_TOKEN;
    if (token.kind != KRB_TOKEN_AP_REQ || krb_ap_req_ticket( token.msg, token.msg_len, ticket ))
        return SEC_E_INVALID_TOKEN;
    return SEC_E_OK;
}

/* Who the two sides are, for the step that completes the context: the names
 * are the caller's from then on, and no later step needs the target's. */
static void report_names( struct context *ctx, struct context_step_params *params )
{
    const struct cred *cred = ctx->cred->from ? ctx->cred->from : ctx->cred;
    const char *client = ctx->server ? ctx->client_name : cred->name;
    OM_uint32 minor;

    snprintf( params->initiator, sizeof(params->initiator), "%s", client ? client : "" );
    snprintf( params->acceptor, sizeof(params->acceptor), "%s", ctx->target_name ? ctx->target_name : "" );
    free( ctx->client_name );
    free( ctx->target_name );
    ctx->client_name = ctx->target_name = NULL;
    gss_release_name( &minor, &ctx->target );
}

static NTSTATUS step( struct context *ctx, struct context_step_params *params )
{
    gss_buffer_desc input = { params->input_len, (void *)params->input }, output = GSS_C_EMPTY_BUFFER;
    struct gss_channel_bindings_struct cb;
    const struct krb_bindings *b = params->bindings;
    gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
    gss_name_t client = GSS_C_NO_NAME;
    struct krb_ticket_info ticket;
    OM_uint32 major, minor = 0, ret_flags = 0, lifetime = 0;
    NTSTATUS status = SEC_E_OK;

    if (b)
    {
        cb.initiator_addrtype = b->initiator_type;
        cb.initiator_address.length = b->initiator_len;
        cb.initiator_address.value = (void *)b->initiator;
        cb.acceptor_addrtype = b->acceptor_type;
        cb.acceptor_address.length = b->acceptor_len;
        cb.acceptor_address.value = (void *)b->acceptor;
        cb.application_data.length = b->data_len;
        cb.application_data.value = (void *)b->data;
    }
    if (ctx->server)
    {
        if (ctx->gss == GSS_C_NO_CONTEXT)
        {
            if ((status = first_request( params, &ticket ))) return status;
            /* accepting spends the AP-REQ (the replay cache): a reply that could
             * not reach the caller's buffer would be lost with it */
            if ((ticket.ap_options & KRB_AP_OPTION_MUTUAL_REQUIRED) &&
                params->output_size < ap_rep_room( krb5_thread_context() ))
                return SEC_E_BUFFER_TOO_SMALL;
            if ((status = ticket_server( ctx, &ticket ))) return status;
            status = cred_acceptor( ctx->cred, &ticket, &cred, &params->krb_error );
        }
        else cred = ctx->cred->accept;
        if (status) return status;
        major = gss_accept_sec_context( &minor, &ctx->gss, cred, &input, b ? &cb : GSS_C_NO_CHANNEL_BINDINGS,
                                        &client, NULL, &output, &ret_flags, &lifetime,
                                        ctx->delegated ? NULL : &ctx->delegated );
        /* what the name says, kept without it: MIT's names carry the whole of their authorization data */
        if (client != GSS_C_NO_NAME)
        {
            free( ctx->client_name );
            ctx->client_name = display_name( client );
            read_pac( ctx, client );
            gss_release_name( &minor, &client );
        }
    }
    else
    {
        if (ctx->gss != GSS_C_NO_CONTEXT && peer_error( params, &params->krb_error ))
            return krb_peer_status( params->krb_error );
        /* the credentials make the first token; MIT reads none after it */
        int first = ctx->gss == GSS_C_NO_CONTEXT;

        if (first && (status = cred_initiator( ctx->cred, &cred, &params->krb_error ))) return status;
        major = init_step( ctx, params, cred, b ? &cb : GSS_C_NO_CHANNEL_BINDINGS, &input, &output, &minor,
                           &ret_flags, &lifetime, &status );
        if (first) cred_initiator_done( ctx->cred );
        if (status) return status;
    }
    if (output.length) put_output( ctx, &output, params );
    params->gss_ret = ret_flags;
    params->expiry = lifetime == GSS_C_INDEFINITE ? INT64_MAX : krb5_now() + lifetime;
    if (major == GSS_S_COMPLETE)
    {
        report_names( ctx, params );
        return SEC_E_OK;
    }
    if (major == GSS_S_CONTINUE_NEEDED) return SEC_I_CONTINUE_NEEDED;
    params->krb_error = minor;
    return krb_sec_status( major, minor );
}

NTSTATUS context_step( void *args )
{
    struct context_step_params *params = args;
    struct context *ctx = context_from_handle( params->ctx );
    int server = (params->flags & KRB_STEP_ACCEPT) != 0;
    OM_uint32 minor;
    NTSTATUS status;

    params->output_len = 0;
    params->gss_ret = 0;
    params->expiry = 0;
    params->krb_error = 0;
    params->initiator[0] = params->acceptor[0] = 0;
    if (!ctx)
    {
        struct cred *cred = cred_from_handle( params->cred );
        if (!cred) return SEC_E_INVALID_HANDLE;
        if (!(ctx = context_new( cred, server ))) return SEC_E_INSUFFICIENT_MEMORY;
    }
    else if (ctx->server != server) return SEC_E_INVALID_HANDLE;

    pthread_mutex_lock( &ctx->lock );
    gss_release_buffer( &minor, &ctx->pending );
    status = step( ctx, params );
    pthread_mutex_unlock( &ctx->lock );
    /* the first step's context lives on when it made one, or a token for the peer */
    if (!params->ctx && ctx->gss == GSS_C_NO_CONTEXT && !params->output_len)
    {
        context_release( ctx );
        return status;
    }
    params->ctx = (krb_ctx_t)(uintptr_t)ctx;
    return status;
}

NTSTATUS context_token( void *args )
{
    struct context_token_params *params = args;
    struct context *ctx = context_from_handle( params->ctx );
    OM_uint32 minor;

    if (!ctx) return SEC_E_INVALID_HANDLE;
    pthread_mutex_lock( &ctx->lock );
    params->output_len = ctx->pending.length;
    if (ctx->pending.length <= params->output_size)
    {
        memcpy( params->output, ctx->pending.value, ctx->pending.length );
        gss_release_buffer( &minor, &ctx->pending );
    }
    pthread_mutex_unlock( &ctx->lock );
    return params->output_len <= params->output_size ? SEC_E_OK : SEC_E_BUFFER_TOO_SMALL;
}

NTSTATUS context_free( void *args )
{
    struct context_free_params *params = args;
    struct context *ctx = context_from_handle( params->ctx );

    if (!ctx) return SEC_E_INVALID_HANDLE;
    context_release( ctx );
    return SEC_E_OK;
}

/* gss_inquire_sec_context_by_oid(GSS_C_INQ_SSPI_SESSION_KEY): the key, then an OID naming its enctype. */
static void session_key( struct context *ctx, struct context_info_params *params )
{
    static const UINT8 enctype_oid[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02, 0x04 };
    gss_buffer_set_t set = GSS_C_NO_BUFFER_SET;
    const UINT8 *p, *end;
    OM_uint32 minor;
    INT32 enctype = 0;

    if (GSS_ERROR( gss_inquire_sec_context_by_oid( &minor, ctx->gss, GSS_C_INQ_SSPI_SESSION_KEY, &set ) )) return;
    if (set->count >= 1 && set->elements[0].length <= sizeof(params->session_key))
    {
        if (params->want_key) memcpy( params->session_key, set->elements[0].value, set->elements[0].length );
        params->session_key_len = set->elements[0].length;
    }
    if (set->count >= 1) explicit_bzero( set->elements[0].value, set->elements[0].length );
    /* the enctype is the last arc of the OID, base 128 */
    if (set->count >= 2 && set->elements[1].length > sizeof(enctype_oid) &&
        !memcmp( set->elements[1].value, enctype_oid, sizeof(enctype_oid) ))
    {
        p = (const UINT8 *)set->elements[1].value + sizeof(enctype_oid);
        end = (const UINT8 *)set->elements[1].value + set->elements[1].length;
        for (; p < end && enctype < 0x1000000; p++) enctype = (enctype << 7) | (*p & 0x7f);
        params->enctype = enctype;
    }
    gss_release_buffer_set( &minor, &set );
}

/* What a sealed message and a MIC add, as gss_wrap_iov puts them for SSPI's layout. */
static void message_sizes( struct context *ctx, struct context_info_params *params )
{
    gss_iov_buffer_desc iov[3];
    OM_uint32 minor;

    memset( iov, 0, sizeof(iov) );
    iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER;
    iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
    iov[1].buffer.length = 1;
    iov[2].type = GSS_IOV_BUFFER_TYPE_PADDING;
    if (!GSS_ERROR( gss_wrap_iov_length( &minor, ctx->gss, 1, GSS_C_QOP_DEFAULT, NULL, iov, 3 ) ))
    {
        params->header_len = iov[0].buffer.length;
        params->padding_len = iov[2].buffer.length;
    }
    iov[1].type = GSS_IOV_BUFFER_TYPE_MIC_TOKEN;
    iov[1].buffer.length = 0;
    iov[0].type = GSS_IOV_BUFFER_TYPE_DATA;
    if (!GSS_ERROR( gss_get_mic_iov_length( &minor, ctx->gss, GSS_C_QOP_DEFAULT, iov, 2 ) ))
        params->mic_len = iov[1].buffer.length;
}

NTSTATUS context_info( void *args )
{
    struct context_info_params *params = args;
    struct context *ctx = context_from_handle( params->ctx );
    OM_uint32 major, minor, lifetime = 0;

    if (!ctx) return SEC_E_INVALID_HANDLE;
    memset( &params->enctype, 0, sizeof(*params) - offsetof( struct context_info_params, enctype ) );
    pthread_mutex_lock( &ctx->lock );
    major = gss_inquire_context( &minor, ctx->gss, NULL, NULL, &lifetime, NULL, NULL, NULL, NULL );
    if (!GSS_ERROR( major ))
    {
        session_key( ctx, params );
        message_sizes( ctx, params );
        params->expiry = lifetime == GSS_C_INDEFINITE ? INT64_MAX : krb5_now() + lifetime;
        params->pac_len = ctx->pac.length;
        params->delegated = ctx->delegated != GSS_C_NO_CREDENTIAL;
    }
    pthread_mutex_unlock( &ctx->lock );
    return GSS_ERROR( major ) ? SEC_E_INVALID_HANDLE : SEC_E_OK;
}

NTSTATUS context_pac( void *args )
{
    struct context_pac_params *params = args;
    struct context *ctx = context_from_handle( params->ctx );
    NTSTATUS status = SEC_E_NO_CREDENTIALS;
    OM_uint32 minor;

    if (!ctx) return SEC_E_INVALID_HANDLE;
    pthread_mutex_lock( &ctx->lock );
    if (ctx->pac.length)
    {
        status = ctx->pac.length == params->size ? SEC_E_OK : SEC_E_BUFFER_TOO_SMALL;
        if (!status) memcpy( params->pac, ctx->pac.value, ctx->pac.length );
        if (!status) gss_release_buffer( &minor, &ctx->pac );
    }
    pthread_mutex_unlock( &ctx->lock );
    return status;
}

NTSTATUS context_delegated( void *args )
{
    struct context_delegated_params *params = args;
    struct context *ctx = context_from_handle( params->ctx );
    gss_key_value_element_desc element = { "ccache", NULL };
    gss_key_value_set_desc store = { 1, &element };
    struct cred *cred;
    OM_uint32 major = GSS_S_NO_CRED, minor;
    char *ccache_name;

    params->name[0] = 0;
    params->cred = 0;
    if (!ctx) return SEC_E_INVALID_HANDLE;
    if (!(ccache_name = krb5_private_name( "deleg" ))) return SEC_E_INSUFFICIENT_MEMORY;
    element.value = ccache_name;
    pthread_mutex_lock( &ctx->lock );
    if (ctx->delegated != GSS_C_NO_CREDENTIAL)
        major = gss_store_cred_into( &minor, ctx->delegated, GSS_C_INITIATE, (gss_OID)gss_mech_krb5, 1, 0, &store,
                                     NULL, NULL );
    pthread_mutex_unlock( &ctx->lock );
    if (GSS_ERROR( major ))
    {
        krb5_destroy_ccache( krb5_thread_context(), ccache_name );  /* whatever it got of them */
        return SEC_E_NO_CREDENTIALS;
    }
    /* credentials of that cache, which they own and destroy */
    if (!(cred = cred_from_ccache( ccache_name, params->name, sizeof(params->name) ))) return SEC_E_NO_CREDENTIALS;
    params->cred = (krb_cred_t)(uintptr_t)cred;
    return SEC_E_OK;
}

NTSTATUS context_export( void *args )
{
    struct context_export_params *params = args;
    struct context *ctx = context_from_handle( params->ctx );
    gss_buffer_desc blob = GSS_C_EMPTY_BUFFER;
    OM_uint32 major, minor;
    NTSTATUS status = SEC_E_OK;

    if (!ctx) return SEC_E_INVALID_HANDLE;
    pthread_mutex_lock( &ctx->lock );
    major = gss_export_sec_context( &minor, &ctx->gss, &blob );
    /* exporting ends a GSS context: the one kept is the same, imported back */
    if (!GSS_ERROR( major ) && GSS_ERROR( gss_import_sec_context( &minor, &blob, &ctx->gss ) ))
        status = SEC_E_INTERNAL_ERROR;
    pthread_mutex_unlock( &ctx->lock );
    if (GSS_ERROR( major )) return SEC_E_UNSUPPORTED_FUNCTION;
    params->len = blob.length;
    if (!status && blob.length > params->size) status = SEC_E_BUFFER_TOO_SMALL;
    if (!status) memcpy( params->blob, blob.value, blob.length );
    if (blob.length) explicit_bzero( blob.value, blob.length );  /* the keys */
    gss_release_buffer( &minor, &blob );
    return status;
}

NTSTATUS context_import( void *args )
{
    struct context_import_params *params = args;
    gss_buffer_desc blob = { params->len, (void *)params->blob };
    struct context *ctx;
    OM_uint32 major, minor;
    int local = 0;

    if (!(ctx = context_new( NULL, 0 ))) return SEC_E_INSUFFICIENT_MEMORY;
    major = gss_import_sec_context( &minor, &blob, &ctx->gss );
    if (!GSS_ERROR( major )) major = gss_inquire_context( &minor, ctx->gss, NULL, NULL, NULL, NULL, NULL, &local, NULL );
    if (GSS_ERROR( major ))
    {
        context_release( ctx );
        return SEC_E_INVALID_TOKEN;
    }
    ctx->server = !local;
    params->ctx = (krb_ctx_t)(uintptr_t)ctx;
    return SEC_E_OK;
}
