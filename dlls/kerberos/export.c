/*
 * ExportSecurityContext / ImportSecurityContext for Kerberos: an established
 * context as one blob, what the package knows of it and MIT's exported
 * context (keys, sequence numbers), for another process of the same user.
 */
#include "krb_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(kerberos);

#define EXPORT_MAGIC   0x4b524245  /* "KRBE" */
#define EXPORT_VERSION 1

struct exported
{
    ULONG     magic;
    ULONG     version;
    ULONG     server;
    ULONG     attrs;
    UINT32    gss_flags;
    INT32     enctype;
    ULONG     header_len;
    ULONG     padding_len;
    ULONG     mic_len;
    TimeStamp start;
    TimeStamp expiry;
    LUID      logon_id;
    ULONG     lens[4];        /* of the strings that follow, in WCHARs: client, target, user, domain */
    ULONG     gss_len;        /* of MIT's blob, after them */
};

static void string_fields( struct krb_context *ctx, WCHAR **out[4] )
{
    out[0] = &ctx->client;
    out[1] = &ctx->target;
    out[2] = &ctx->user;
    out[3] = &ctx->domain;
}

/* MIT's exported context, in a heap buffer. */
static SECURITY_STATUS export_gss( struct krb_context *ctx, BYTE **blob, ULONG *len )
{
    struct context_export_params params = { ctx->unix_ctx };
    SECURITY_STATUS status;

    params.size = 4096;
    for (;;)
    {
        if (!(params.blob = ssp_alloc( params.size ))) return SEC_E_INSUFFICIENT_MEMORY;
        if ((status = WINE_UNIX_CALL( unix_context_export, &params )) != SEC_E_BUFFER_TOO_SMALL) break;
        ssp_free( params.blob );
        params.size = params.len;
    }
    if (status)
    {
        ssp_free( params.blob );
        return status;
    }
    *blob = params.blob;
    *len = params.len;
    return SEC_E_OK;
}

NTSTATUS NTAPI krb_SpExportSecurityContext( LSA_SEC_HANDLE handle, ULONG flags, SecBuffer *packed, HANDLE *token )
{
    struct krb_context *ctx = krb_context_from_handle( handle );
    struct exported *out;
    WCHAR **names[4];
    BYTE *blob, *pos;
    ULONG blob_len, size, i;
    SECURITY_STATUS status;

    TRACE( "%p %#lx\n", (void *)handle, flags );
    if (!ctx || ctx->state != STATE_DONE) return SEC_E_INVALID_HANDLE;
    if (ctx->server) krb_context_logon( ctx );  /* the token goes with the context */
    if ((status = export_gss( ctx, &blob, &blob_len ))) return status;
    string_fields( ctx, names );
    size = sizeof(*out) + blob_len;
    for (i = 0; i < 4; i++) size += (*names[i] ? wcslen( *names[i] ) : 0) * sizeof(WCHAR);
    if (!(out = ssp_dll->AllocateHeap( size )))
    {
        SecureZeroMemory( blob, blob_len );
        ssp_free( blob );
        return SEC_E_INSUFFICIENT_MEMORY;
    }
    memset( out, 0, sizeof(*out) );
    out->magic = EXPORT_MAGIC;
    out->version = EXPORT_VERSION;
    out->server = ctx->server;
    out->attrs = ctx->attrs;
    out->gss_flags = ctx->gss_flags;
    out->enctype = ctx->enctype;
    out->header_len = ctx->header_len;
    out->padding_len = ctx->padding_len;
    out->mic_len = ctx->mic_len;
    out->start = ctx->start;
    out->expiry = ctx->expiry;
    out->logon_id = ctx->logon_id;
    pos = (BYTE *)(out + 1);
    for (i = 0; i < 4; i++)
    {
        out->lens[i] = *names[i] ? wcslen( *names[i] ) : 0;
        if (out->lens[i]) memcpy( pos, *names[i], out->lens[i] * sizeof(WCHAR) );
        pos += out->lens[i] * sizeof(WCHAR);
    }
    out->gss_len = blob_len;
    memcpy( pos, blob, blob_len );
    SecureZeroMemory( blob, blob_len );
    ssp_free( blob );

    if (token)
    {
        *token = NULL;
        if (ctx->token && !DuplicateHandle( GetCurrentProcess(), ctx->token, GetCurrentProcess(), token, 0, FALSE,
                                            DUPLICATE_SAME_ACCESS ))
        {
            SecureZeroMemory( out, size );
            ssp_dll->FreeHeap( out );
            return SEC_E_INSUFFICIENT_MEMORY;
        }
    }
    packed->BufferType = SECBUFFER_EMPTY;
    packed->cbBuffer = size;
    packed->pvBuffer = out;
    return SEC_E_OK;
}

NTSTATUS NTAPI krb_SpImportSecurityContext( SecBuffer *packed, HANDLE token, LSA_SEC_HANDLE *handle )
{
    const struct exported *in = packed ? packed->pvBuffer : NULL;
    struct context_import_params params = { 0 };
    struct krb_context *ctx;
    const WCHAR *names[4];
    const BYTE *pos;
    ULONG left, i;
    SECURITY_STATUS status;

    TRACE( "%p %p\n", packed, token );
    if (!in || packed->cbBuffer < sizeof(*in) || in->magic != EXPORT_MAGIC || in->version != EXPORT_VERSION)
        return SEC_E_INVALID_TOKEN;
    left = packed->cbBuffer - sizeof(*in);
    for (i = 0; i < 4; i++)
    {
        if (in->lens[i] > left / sizeof(WCHAR)) return SEC_E_INVALID_TOKEN;
        left -= in->lens[i] * sizeof(WCHAR);
    }
    if (in->gss_len != left) return SEC_E_INVALID_TOKEN;
    if (!(ctx = krb_context_new( in->server, NULL ))) return SEC_E_INSUFFICIENT_MEMORY;
    ctx->lsa_mode = FALSE;
    ctx->user_mode = TRUE;
    ctx->state = STATE_DONE;
    ctx->attrs = in->attrs;
    ctx->gss_flags = in->gss_flags;
    ctx->enctype = in->enctype;
    ctx->header_len = in->header_len;
    ctx->padding_len = in->padding_len;
    ctx->mic_len = in->mic_len;
    ctx->start = in->start;
    ctx->expiry = in->expiry;
    ctx->logon_id = in->logon_id;
    pos = (const BYTE *)(in + 1);
    for (i = 0; i < 4; i++)
    {
        names[i] = (const WCHAR *)pos;   /* unaligned reads are fine on x86 */
        pos += in->lens[i] * sizeof(WCHAR);
    }
    status = krb_context_set_names( ctx, names, in->lens ) ? SEC_E_OK : SEC_E_INSUFFICIENT_MEMORY;
    params.blob = pos;
    params.len = in->gss_len;
    if (!status) status = WINE_UNIX_CALL( unix_context_import, &params );
    if (status)
    {
        krb_context_release( ctx, FALSE );
        return status;
    }
    ctx->unix_ctx = params.ctx;
    if (token && !DuplicateHandle( GetCurrentProcess(), token, GetCurrentProcess(), &ctx->token, 0, FALSE,
                                   DUPLICATE_SAME_ACCESS ))
        ctx->token = NULL;
    *handle = (LSA_SEC_HANDLE)ctx;
    return SEC_E_OK;
}
