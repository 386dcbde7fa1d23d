/*
 * What the conformance tests of the packages with a context handshake share:
 * a side (credentials, context, its last token) and its legs, and the count
 * of logon sessions. Define SIDE_TOKEN_SIZE, the package's cbMaxToken, and
 * include ntsecapi.h before this.
 */
#ifndef __SIDES_H
#define __SIDES_H

struct side
{
    CredHandle cred;
    CtxtHandle ctxt;
    BOOL has_ctxt;
    BYTE token[SIDE_TOKEN_SIZE];
    ULONG token_len;
    ULONG attrs;
    SECURITY_STATUS status;
};

static inline SEC_WINNT_AUTH_IDENTITY_A make_id( const char *user, const char *domain, const char *pass )
{
    SEC_WINNT_AUTH_IDENTITY_A id;

    id.User = (unsigned char *)user;
    id.UserLength = user ? strlen( user ) : 0;
    id.Domain = (unsigned char *)domain;
    id.DomainLength = domain ? strlen( domain ) : 0;
    id.Password = (unsigned char *)pass;
    id.PasswordLength = pass ? strlen( pass ) : 0;
    id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
    return id;
}

static inline SECURITY_STATUS side_acquire( struct side *side, const char *package, ULONG use, void *id )
{
    TimeStamp ts;

    memset( side, 0, sizeof(*side) );
    return AcquireCredentialsHandleA( NULL, (char *)package, use, NULL, id, NULL, NULL, &side->cred, &ts );
}

/* One leg: the peer's last token in, ours out, with channel bindings when given. */
static inline void side_step( struct side *side, BOOL server, const char *spn, ULONG req, const struct side *peer,
                              void *bindings, ULONG bindings_len )
{
    SecBuffer in_bufs[2], out_buf;
    SecBufferDesc in = { SECBUFFER_VERSION, 1, in_bufs }, out = { SECBUFFER_VERSION, 1, &out_buf };
    TimeStamp ts;

    in_bufs[0].BufferType = SECBUFFER_TOKEN;
    in_bufs[0].cbBuffer = peer ? peer->token_len : 0;
    in_bufs[0].pvBuffer = peer ? (void *)peer->token : NULL;
    if (bindings)
    {
        in.cBuffers = 2;
        in_bufs[1].BufferType = SECBUFFER_CHANNEL_BINDINGS;
        in_bufs[1].cbBuffer = bindings_len;
        in_bufs[1].pvBuffer = bindings;
    }
    out_buf.BufferType = SECBUFFER_TOKEN;
    out_buf.cbBuffer = sizeof(side->token);
    out_buf.pvBuffer = side->token;
    if (server)
        side->status = AcceptSecurityContext( &side->cred, side->has_ctxt ? &side->ctxt : NULL, &in, req,
                                              SECURITY_NATIVE_DREP, &side->ctxt, &out, &side->attrs, &ts );
    else
        side->status = InitializeSecurityContextA( side->has_ctxt ? NULL : &side->cred,
                                                   side->has_ctxt ? &side->ctxt : NULL, (char *)spn, req, 0,
                                                   SECURITY_NATIVE_DREP, peer || bindings ? &in : NULL, 0,
                                                   &side->ctxt, &out, &side->attrs, &ts );
    if (side->status == SEC_E_OK || side->status == SEC_I_CONTINUE_NEEDED) side->has_ctxt = TRUE;
    side->token_len = out_buf.cbBuffer;
}

static inline void drop_context( struct side *side )
{
    if (side->has_ctxt) ok( DeleteSecurityContext( &side->ctxt ) == SEC_E_OK, "DeleteSecurityContext\n" );
    side->has_ctxt = FALSE;
}

static inline void cleanup( struct side *side )
{
    drop_context( side );
    ok( FreeCredentialsHandle( &side->cred ) == SEC_E_OK, "FreeCredentialsHandle\n" );
}

static inline ULONG count_logon_sessions(void)
{
    ULONG count = 0;
    LUID *list;

    if (!LsaEnumerateLogonSessions( &count, &list )) LsaFreeReturnBuffer( list );
    return count;
}

#endif
