/*
 * The server side of Negotiate: the first mechanism of the client's list it
 * has credentials for, its optimistic token when it is for that one; bare
 * NTLM and Kerberos tokens, which Windows' Negotiate also takes; the
 * mechListMICs the choice calls for (RFC 4178 5, MS-SPNG 3.2); and the
 * NegTokenInit2 of a server that speaks first.
 */
#include "nego_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(negotiate);

#define MAX_MECHS 32

/* The package a bare token is of: NTLMSSP, or a Kerberos initial context token. */
static enum nego_package package_of_token( const BYTE *token, ULONG len )
{
    switch (spnego_classify( token, len ))
    {
    case SPNEGO_RAW_NTLM:     return NEGO_NTLM;
    case SPNEGO_RAW_KERBEROS: return NEGO_KERBEROS;
    default:                  return NEGO_NONE;
    }
}

/* A server asked before the client said anything names its mechanisms (MS-SPNG 3.2.5.2). */
static SECURITY_STATUS hints( struct nego_context *ctx, struct nego_reply *reply )
{
    enum spnego_mech mechs[3];
    unsigned int count = 0;

    if (ctx->cred->has[NEGO_KERBEROS])
    {
        mechs[count++] = SPNEGO_MECH_KRB5_MS;
        mechs[count++] = SPNEGO_MECH_KRB5;
    }
    if (ctx->cred->has[NEGO_NTLM]) mechs[count++] = SPNEGO_MECH_NTLM;
    if (!nego_reply_alloc( reply, spnego_write_init2( mechs, count, NULL, 0 ) )) return SEC_E_INSUFFICIENT_MEMORY;
    spnego_write_init2( mechs, count, reply->data, reply->len );
    return SEC_I_CONTINUE_NEEDED;
}

/* A mechanism token of the client, with its mechListMIC if any; MECH is
 * the supportedMech of a first reply, SPNEGO_MECH_NONE later. */
static SECURITY_STATUS server_continue( struct nego_context *ctx, const BYTE *token, ULONG token_len,
                                        const BYTE *mic, ULONG mic_len, enum spnego_mech mech, SecBufferDesc *input,
                                        struct nego_reply *reply )
{
    SecBuffer out = { 0, SECBUFFER_TOKEN, NULL };
    SECURITY_STATUS status;
    BYTE our_mic[NEGO_MAX_MIC];
    ULONG our_len = 0;

    if (ctx->state == NEGO_MIC)  /* the client's mechListMIC, which ours waited for */
    {
        if (!mic) return SEC_E_INVALID_TOKEN;
        return nego_mic_check( ctx, mic, mic_len );
    }
    if (!token) return SEC_E_INVALID_TOKEN;
    status = nego_sub_step( ctx, token, token_len, input, &out );
    if (FAILED( status ))
    {
        /* the package's error token for the client, when asked for and there is memory for it */
        if (out.cbBuffer && nego_extended_error( ctx ) &&
            nego_reply_resp( reply, SPNEGO_REJECT, mech, &out, NULL, 0 ))
            WARN( "no memory for the reject token\n" );
        goto done;
    }
    if (status == SEC_I_CONTINUE_NEEDED)
    {
        ctx->state = NEGO_IN_PROGRESS;
        if (!(status = nego_reply_resp( reply, SPNEGO_ACCEPT_INCOMPLETE, mech, &out, NULL, 0 )))
            status = SEC_I_CONTINUE_NEEDED;
        goto done;
    }

    nego_sub_finished( ctx );
    if (mic && !ctx->no_mic)
    {
        if ((status = nego_mic_check( ctx, mic, mic_len ))) goto done;
        ctx->mic_received = TRUE;
    }
    if (!ctx->no_mic && (ctx->mic_received || ctx->mic_needed))
    {
        if ((status = nego_mic_make( ctx, our_mic, &our_len ))) goto done;
        ctx->mic_sent = TRUE;
    }
    if (ctx->mic_needed && !ctx->mic_received)
    {
        /* ours with the last token, the client's to come (RFC 4178 5 b) */
        ctx->state = NEGO_MIC;
        if (!(status = nego_reply_resp( reply, SPNEGO_ACCEPT_INCOMPLETE, mech, &out, our_mic, our_len )))
            status = SEC_I_CONTINUE_NEEDED;
        goto done;
    }
    status = nego_reply_resp( reply, SPNEGO_ACCEPT_COMPLETED, mech, &out, ctx->mic_sent ? our_mic : NULL, our_len );

done:
    ssp_free( out.pvBuffer );
    return status;
}

/* The client's first token: the mechanism, and how the exchange goes on. */
static SECURITY_STATUS accept_first( struct nego_context *ctx, const SecBuffer *token, SecBufferDesc *input,
                                     struct nego_reply *reply )
{
    enum spnego_mech mechs[MAX_MECHS];
    struct spnego_init init;
    enum nego_package package, optimistic = NEGO_NONE;
    unsigned int count, i, j;

    if ((package = package_of_token( token->pvBuffer, token->cbBuffer )) != NEGO_NONE)
    {
        if (!ctx->cred->has[package]) return SEC_E_INVALID_TOKEN;
        TRACE( "a bare %s token\n", debugstr_w(nego_package_name( package )) );
        ctx->raw = TRUE;
        ctx->package = package;
        return nego_raw_step( ctx, token, input, reply );
    }
    if (spnego_classify( token->pvBuffer, token->cbBuffer ) != SPNEGO_NEG_TOKEN_INIT ||
        spnego_read_init( token->pvBuffer, token->cbBuffer, &init ) || !init.mech_list)
        return SEC_E_INVALID_TOKEN;
    if (!nego_keep_mech_list( ctx, init.mech_list, init.mech_list_len )) return SEC_E_INSUFFICIENT_MEMORY;
    count = spnego_read_mechs( &init, mechs, MAX_MECHS );
    if (init.token) optimistic = package_of_token( init.token, init.token_len );
    for (i = 0; i < count; i++)
        if ((package = nego_package_of_mech( mechs[i] )) != NEGO_NONE && ctx->cred->has[package]) break;
    /* the optimistic token is the first mechanism's, but some Windows clients list another before it */
    if (optimistic != NEGO_NONE && (i == count || optimistic != package) && ctx->cred->has[optimistic])
    {
        for (j = 0; j < count && nego_package_of_mech( mechs[j] ) != optimistic; j++);
        if (j < count)
        {
            i = j;
            package = optimistic;
        }
    }
    if (i == count)
    {
        WARN( "no mechanism in common\n" );
        if (nego_extended_error( ctx ) && nego_reply_resp( reply, SPNEGO_REJECT, SPNEGO_MECH_NONE, NULL, NULL, 0 ))
            WARN( "no memory for the reject token\n" );
        return SEC_E_INVALID_TOKEN;
    }
    TRACE( "%s, the client's choice %u\n", debugstr_w(nego_package_name( package )), i + 1 );
    ctx->package = package;
    ctx->mech = mechs[i];  /* answered as the client named it: Windows' clients want their legacy OID back */
    ctx->state = NEGO_IN_PROGRESS;
    /* another than the client's first choice is to be confirmed by mechListMICs */
    if (i) ctx->mic_needed = TRUE;
    if (init.token && (optimistic == package || (optimistic == NEGO_NONE && !i)))
        return server_continue( ctx, init.token, init.token_len, init.mic, init.mic_len, ctx->mech, input, reply );
    if (nego_reply_resp( reply, i ? SPNEGO_REQUEST_MIC : SPNEGO_ACCEPT_INCOMPLETE, ctx->mech, NULL, NULL, 0 ))
        return SEC_E_INSUFFICIENT_MEMORY;
    return SEC_I_CONTINUE_NEEDED;
}

SECURITY_STATUS nego_server_step( struct nego_context *ctx, SecBufferDesc *input, struct nego_reply *reply )
{
    const SecBuffer *token = ssp_input_token( input );
    struct spnego_resp resp;

    if (ctx->package == NEGO_NONE)
    {
        if (token) return accept_first( ctx, token, input, reply );
        if (ctx->hinted) return SEC_E_INVALID_TOKEN;
        ctx->hinted = TRUE;
        return hints( ctx, reply );
    }
    if (!token) return SEC_E_INVALID_TOKEN;
    if (ctx->raw) return nego_raw_step( ctx, token, input, reply );
    if (spnego_read_resp( token->pvBuffer, token->cbBuffer, &resp )) return SEC_E_INVALID_TOKEN;
    if (resp.state == SPNEGO_REJECT) return SEC_E_LOGON_DENIED;
    return server_continue( ctx, resp.token, resp.token_len, resp.mic, resp.mic_len, SPNEGO_MECH_NONE, input, reply );
}
