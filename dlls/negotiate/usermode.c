/*
 * The user-mode side of Negotiate contexts: messages, tokens and the rest go
 * to the chosen package's context.
 */
#include "nego_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(negotiate);

/* A context ready for messages: done, and alive in user mode. */
static struct nego_context *user_context( LSA_SEC_HANDLE handle )
{
    struct nego_context *ctx = nego_context_from_handle( handle );
    return ctx && ctx->user_mode && ctx->state == NEGO_DONE ? ctx : NULL;
}

NTSTATUS NTAPI nego_SpInitUserModeContext( LSA_SEC_HANDLE handle, SecBuffer *packed )
{
    struct nego_context *ctx = nego_context_from_handle( handle );

    TRACE( "%p\n", (void *)handle );
    if (!ctx || ctx->state != NEGO_DONE) return SEC_E_INVALID_HANDLE;
    ctx->user_mode = TRUE;
    return SEC_E_OK;
}

NTSTATUS NTAPI nego_SpDeleteUserModeContext( LSA_SEC_HANDLE handle )
{
    struct nego_context *ctx = nego_context_from_handle( handle );

    TRACE( "%p\n", (void *)handle );
    if (!ctx || !ctx->user_mode) return SEC_E_INVALID_HANDLE;
    nego_context_release( ctx, FALSE );
    return SEC_E_OK;
}

NTSTATUS NTAPI nego_SpMakeSignature( LSA_SEC_HANDLE handle, ULONG qop, SecBufferDesc *msg, ULONG seq )
{
    struct nego_context *ctx = user_context( handle );
    return ctx ? MakeSignature( &ctx->sub, qop, msg, seq ) : SEC_E_INVALID_HANDLE;
}

NTSTATUS NTAPI nego_SpVerifySignature( LSA_SEC_HANDLE handle, SecBufferDesc *msg, ULONG seq, ULONG *qop )
{
    struct nego_context *ctx = user_context( handle );
    return ctx ? VerifySignature( &ctx->sub, msg, seq, qop ) : SEC_E_INVALID_HANDLE;
}

NTSTATUS NTAPI nego_SpSealMessage( LSA_SEC_HANDLE handle, ULONG qop, SecBufferDesc *msg, ULONG seq )
{
    struct nego_context *ctx = user_context( handle );
    return ctx ? EncryptMessage( &ctx->sub, qop, msg, seq ) : SEC_E_INVALID_HANDLE;
}

NTSTATUS NTAPI nego_SpUnsealMessage( LSA_SEC_HANDLE handle, SecBufferDesc *msg, ULONG seq, ULONG *qop )
{
    struct nego_context *ctx = user_context( handle );
    return ctx ? DecryptMessage( &ctx->sub, msg, seq, qop ) : SEC_E_INVALID_HANDLE;
}

/* The package's token of the client, which stays the package's. */
NTSTATUS NTAPI nego_SpGetContextToken( LSA_SEC_HANDLE handle, HANDLE *token )
{
    struct nego_context *ctx = user_context( handle );
    SecPkgContext_AccessToken access;
    SECURITY_STATUS status;

    TRACE( "%p %p\n", (void *)handle, token );
    if (!ctx) return SEC_E_INVALID_HANDLE;
    if (!ctx->server) return SEC_E_NO_IMPERSONATION;
    if ((status = QueryContextAttributesW( &ctx->sub, SECPKG_ATTR_ACCESS_TOKEN, &access )))
        return status == SEC_E_UNSUPPORTED_FUNCTION ? SEC_E_NO_IMPERSONATION : status;
    *token = access.AccessToken;
    return SEC_E_OK;
}

NTSTATUS NTAPI nego_SpCompleteAuthToken( LSA_SEC_HANDLE handle, SecBufferDesc *input )
{
    return nego_context_from_handle( handle ) ? SEC_E_OK : SEC_E_INVALID_HANDLE;
}
