/*
 * ExportSecurityContext / ImportSecurityContext for Negotiate: the chosen
 * package's exported context, with the package it is of.
 */
#include "nego_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(negotiate);

#define EXPORT_MAGIC   0x4e454745  /* "NEGE" */
#define EXPORT_VERSION 1

struct exported
{
    ULONG     magic;
    ULONG     version;
    ULONG     package;
    ULONG     server;
    ULONG     attrs;
    TimeStamp expiry;
    ULONG     sub_len;    /* of the package's exported context, after this */
};

NTSTATUS NTAPI nego_SpExportSecurityContext( LSA_SEC_HANDLE handle, ULONG flags, SecBuffer *packed, HANDLE *token )
{
    struct nego_context *ctx = nego_context_from_handle( handle );
    struct exported *out;
    SecBuffer sub = { 0 };
    SECURITY_STATUS status;
    ULONG size;

    TRACE( "%p %#lx\n", (void *)handle, flags );
    if (!ctx || ctx->state != NEGO_DONE) return SEC_E_INVALID_HANDLE;
    /* the package's context stays: it goes with this one, which the caller may delete */
    if ((status = ExportSecurityContext( &ctx->sub, flags & ~SECPKG_CONTEXT_EXPORT_DELETE_OLD, &sub, (void **)token )))
        return status;
    size = sizeof(*out) + sub.cbBuffer;
    if ((out = ssp_dll->AllocateHeap( size )))
    {
        out->magic = EXPORT_MAGIC;
        out->version = EXPORT_VERSION;
        out->package = ctx->package;
        out->server = ctx->server;
        out->attrs = ctx->attrs;
        out->expiry = ctx->expiry;
        out->sub_len = sub.cbBuffer;
        memcpy( out + 1, sub.pvBuffer, sub.cbBuffer );
        packed->BufferType = SECBUFFER_EMPTY;
        packed->cbBuffer = size;
        packed->pvBuffer = out;
    }
    else status = SEC_E_INSUFFICIENT_MEMORY;
    SecureZeroMemory( sub.pvBuffer, sub.cbBuffer );  /* the keys */
    FreeContextBuffer( sub.pvBuffer );
    if (status && token && *token)
    {
        CloseHandle( *token );
        *token = NULL;
    }
    return status;
}

NTSTATUS NTAPI nego_SpImportSecurityContext( SecBuffer *packed, HANDLE token, LSA_SEC_HANDLE *handle )
{
    const struct exported *in = packed ? packed->pvBuffer : NULL;
    SecBuffer sub;
    struct nego_context *ctx;
    SECURITY_STATUS status;

    TRACE( "%p %p\n", packed, token );
    if (!in || packed->cbBuffer < sizeof(*in) || in->magic != EXPORT_MAGIC || in->version != EXPORT_VERSION ||
        in->package >= NEGO_PACKAGES || in->sub_len != packed->cbBuffer - sizeof(*in))
        return SEC_E_INVALID_TOKEN;
    if (!(ctx = nego_context_new( in->server, NULL ))) return SEC_E_INSUFFICIENT_MEMORY;
    ctx->lsa_mode = FALSE;
    ctx->user_mode = TRUE;
    ctx->state = NEGO_DONE;
    ctx->package = in->package;
    ctx->attrs = in->attrs;
    ctx->expiry = in->expiry;
    sub.BufferType = SECBUFFER_EMPTY;
    sub.cbBuffer = in->sub_len;
    sub.pvBuffer = (void *)(in + 1);
    if ((status = ImportSecurityContextW( (WCHAR *)nego_package_name( ctx->package ), &sub, token, &ctx->sub )))
    {
        nego_context_release( ctx, FALSE );
        return status;
    }
    ctx->has_sub = ctx->sub_done = TRUE;
    *handle = (LSA_SEC_HANDLE)ctx;
    return SEC_E_OK;
}
