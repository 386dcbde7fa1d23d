/*
 * The client side of Negotiate: Kerberos when the credentials have tickets
 * and the target is an SPN the realm knows, its AP-REQ as the optimistic
 * token; else NTLM, bare as Windows sends it when it has no Kerberos at all,
 * inside SPNEGO otherwise; the server's choice, and the mechListMICs that
 * protect the negotiation (RFC 4178 5, MS-SPNG 3.3).
 */
#include "nego_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(negotiate);

/* The NegTokenInit of MECHS, TOKEN the first one's; the list kept for the mechListMIC. */
static SECURITY_STATUS init_reply( struct nego_context *ctx, const enum spnego_mech *mechs, unsigned int count,
                                   const SecBuffer *token, struct nego_reply *reply )
{
    BYTE list[64];
    ULONG len = spnego_write_mech_list( mechs, count, list, sizeof(list) );

    if (!nego_keep_mech_list( ctx, list, len )) return SEC_E_INSUFFICIENT_MEMORY;
    ctx->first_reply = TRUE;
    len = spnego_write_init( mechs, count, token->pvBuffer, token->cbBuffer, NULL, 0 );
    if (!nego_reply_alloc( reply, len )) return SEC_E_INSUFFICIENT_MEMORY;
    spnego_write_init( mechs, count, token->pvBuffer, token->cbBuffer, reply->data, len );
    return SEC_E_OK;
}

static SECURITY_STATUS start( struct nego_context *ctx, enum nego_package package, SecBufferDesc *input,
                              SecBuffer *out )
{
    ctx->package = package;
    return nego_sub_step( ctx, NULL, 0, input, out );
}

SECURITY_STATUS nego_client_first( struct nego_context *ctx, const WCHAR *target, SecBufferDesc *input,
                                   struct nego_reply *reply )
{
    static const enum spnego_mech kerberos_mechs[] = { SPNEGO_MECH_KRB5_MS, SPNEGO_MECH_KRB5, SPNEGO_MECH_NTLM };
    static const enum spnego_mech ntlm_mechs[] = { SPNEGO_MECH_NTLM };
    const struct nego_cred *cred = ctx->cred;
    BOOL kerberos = cred->has[NEGO_KERBEROS] && (target || !cred->has[NEGO_NTLM]);
    SECURITY_STATUS status = SEC_E_NO_CREDENTIALS, ret;
    SecBuffer out;

    /* a token of a server that spoke first (NegTokenInit2) says nothing the client must heed */
    if (kerberos)
    {
        status = start( ctx, NEGO_KERBEROS, input, &out );
        if (status == SEC_I_CONTINUE_NEEDED || status == SEC_E_OK)
        {
            ret = init_reply( ctx, kerberos_mechs, cred->has[NEGO_NTLM] ? 3 : 2, &out, reply );
            ssp_free( out.pvBuffer );
            ctx->state = NEGO_IN_PROGRESS;
            return ret ? ret : SEC_I_CONTINUE_NEEDED;
        }
        ssp_free( out.pvBuffer );
        nego_sub_drop( ctx );
        if (!cred->has[NEGO_NTLM]) return status;
        TRACE( "no Kerberos for %s (%08lx): NTLM\n", debugstr_w(target), status );
    }
    if (!cred->has[NEGO_NTLM]) return SEC_E_NO_CREDENTIALS;
    /* without Kerberos at all (no ticket to start from) Windows speaks NTLM bare, unless the
     * identity chose its packages */
    ctx->raw = (!kerberos || status == SEC_E_NO_CREDENTIALS) && !cred->listed;
    status = start( ctx, NEGO_NTLM, input, &out );
    if (FAILED( status ))
    {
        ssp_free( out.pvBuffer );
        return status;
    }
    ret = ctx->raw ? nego_reply_copy( reply, &out ) : init_reply( ctx, ntlm_mechs, 1, &out, reply );
    ssp_free( out.pvBuffer );
    ctx->state = NEGO_IN_PROGRESS;
    return ret ? ret : status;
}

/* A reject: the package's reading of the token that came with it says why, when it can. */
static SECURITY_STATUS rejected( struct nego_context *ctx, const struct spnego_resp *resp, SecBufferDesc *input )
{
    SECURITY_STATUS status = SEC_E_LOGON_DENIED, sub_status;
    SecBuffer out;

    if (resp->token && ctx->has_sub && !ctx->sub_done)
    {
        sub_status = nego_sub_step( ctx, resp->token, resp->token_len, input, &out );
        if (FAILED( sub_status )) status = sub_status;
        ssp_free( out.pvBuffer );
    }
    WARN( "rejected: %08lx\n", status );
    return status;
}

/* The server chose another mechanism of the list than the optimistic one's: start it (RFC 4178 3.2). */
static SECURITY_STATUS reselect( struct nego_context *ctx, enum nego_package package, SecBufferDesc *input,
                                 struct nego_reply *reply )
{
    SECURITY_STATUS status = SEC_E_NO_CREDENTIALS, ret;
    SecBuffer out;

    if (package != NEGO_NTLM || ctx->package != NEGO_KERBEROS || !ctx->cred->has[NEGO_NTLM])
        return SEC_E_INVALID_TOKEN;
    TRACE( "the server chose NTLM\n" );
    nego_sub_drop( ctx );
    ctx->mic_needed = TRUE;
    status = start( ctx, NEGO_NTLM, input, &out );
    ret = FAILED( status ) ? SEC_E_OK : nego_reply_resp( reply, SPNEGO_NO_STATE, SPNEGO_MECH_NONE, &out, NULL, 0 );
    ssp_free( out.pvBuffer );
    return ret ? ret : status;
}

/* The server's mechanism token and mechListMIC, and ours for it. */
static SECURITY_STATUS client_continue( struct nego_context *ctx, const struct spnego_resp *resp,
                                        SecBufferDesc *input, struct nego_reply *reply )
{
    SecBuffer out = { 0, SECBUFFER_TOKEN, NULL };
    SECURITY_STATUS status = SEC_I_CONTINUE_NEEDED;
    BYTE mic[NEGO_MAX_MIC];
    ULONG mic_len = 0;
    BOOL send_mic;

    if (resp->token_len && !ctx->sub_done)
    {
        if (FAILED( status = nego_sub_step( ctx, resp->token, resp->token_len, input, &out ) )) goto done;
        if (status == SEC_E_OK) nego_sub_finished( ctx );
    }
    else if (resp->token_len)  /* the package is done; old servers send an empty token, nothing else */
    {
        status = SEC_E_INVALID_TOKEN;
        goto done;
    }
    if (!ctx->sub_done)
    {
        if (ctx->peer_done || !out.cbBuffer) status = SEC_E_INVALID_TOKEN;
        else status = nego_reply_resp( reply, SPNEGO_NO_STATE, SPNEGO_MECH_NONE, &out, NULL, 0 );
        if (!status) status = SEC_I_CONTINUE_NEEDED;
        goto done;
    }

    if (resp->mic && !ctx->no_mic)
    {
        if (ctx->mic_received) status = SEC_E_INVALID_TOKEN;
        else status = nego_mic_check( ctx, resp->mic, resp->mic_len );
        if (status) goto done;
        ctx->mic_received = TRUE;
    }
    /* a server that is done has said its last word: its MIC is only checked (RFC 4178 5) */
    send_mic = !ctx->no_mic && !ctx->mic_sent && !ctx->peer_done && (ctx->mic_needed || ctx->mic_received);
    if (send_mic && (status = nego_mic_make( ctx, mic, &mic_len ))) goto done;
    ctx->mic_sent |= send_mic;
    if ((out.cbBuffer || send_mic) &&
        (status = nego_reply_resp( reply, SPNEGO_NO_STATE, SPNEGO_MECH_NONE, &out, send_mic ? mic : NULL, mic_len )))
        goto done;

    /* done once the server is, with the mechListMIC it owed; or once its MIC is answered, or
     * when there is nothing left to say: a caller does not send an empty token */
    if (ctx->peer_done || !reply->data)
        status = ctx->mic_needed && !ctx->mic_received ? SEC_E_INVALID_TOKEN : SEC_E_OK;
    else status = ctx->mic_received && send_mic ? SEC_E_OK : SEC_I_CONTINUE_NEEDED;
    if (status == SEC_I_CONTINUE_NEEDED) ctx->state = NEGO_MIC;

done:
    ssp_free( out.pvBuffer );
    return status;
}

SECURITY_STATUS nego_client_next( struct nego_context *ctx, SecBufferDesc *input, struct nego_reply *reply )
{
    const SecBuffer *token = ssp_input_token( input );
    struct spnego_resp resp;
    enum nego_package package;

    if (!token) return SEC_E_INVALID_TOKEN;
    if (ctx->raw) return nego_raw_step( ctx, token, input, reply );
    if (spnego_read_resp( token->pvBuffer, token->cbBuffer, &resp )) return SEC_E_INVALID_TOKEN;
    if (resp.state == SPNEGO_REJECT) return rejected( ctx, &resp, input );
    if (ctx->first_reply)
    {
        ctx->first_reply = FALSE;
        if (resp.state == SPNEGO_NO_STATE || !resp.mech) return SEC_E_INVALID_TOKEN;
        if ((package = nego_package_of_mech( resp.mech )) != ctx->package)
            return reselect( ctx, package, input, reply );
        if (resp.state == SPNEGO_REQUEST_MIC) ctx->mic_needed = TRUE;
    }
    if (resp.state == SPNEGO_ACCEPT_COMPLETED) ctx->peer_done = TRUE;
    return client_continue( ctx, &resp, input, reply );
}
