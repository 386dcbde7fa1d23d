/*
 * ExportSecurityContext / ImportSecurityContext for NTLM: an authenticated
 * context, with its session state, as one blob another process of the same
 * user can take over.
 */
#include "ntlm_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(ntlm);

#define EXPORT_MAGIC   0x4e544c45  /* "NTLE" */
#define EXPORT_VERSION 2

struct exported
{
    ULONG               magic;
    ULONG               version;
    ULONG               server;
    ULONG               anonymous;
    ULONG               ntlmv2;
    ULONG               attrs;
    uint32_t            flags;
    BYTE                session_key[16];
    struct ntlm_position position;
    TimeStamp           start;
    LUID                logon_id;
    WCHAR               user[257];
    WCHAR               domain[256];
    WCHAR               target[512];
};

static void copy_name( WCHAR *dst, size_t size, const WCHAR *src )
{
    lstrcpynW( dst, src ? src : L"", size );
}

NTSTATUS NTAPI ntlm_SpExportSecurityContext( LSA_SEC_HANDLE handle, ULONG flags, SecBuffer *packed, HANDLE *token )
{
    struct ntlm_context *ctx = ntlm_context_from_handle( handle );
    struct exported *out;

    TRACE( "%p %#lx\n", (void *)handle, flags );
    if (!ctx || ctx->state != STATE_DONE) return SEC_E_INVALID_HANDLE;
    if (!(out = ssp_dll->AllocateHeap( sizeof(*out) ))) return SEC_E_INSUFFICIENT_MEMORY;
    memset( out, 0, sizeof(*out) );
    out->magic = EXPORT_MAGIC;
    out->version = EXPORT_VERSION;
    out->server = ctx->server;
    out->anonymous = ctx->anonymous;
    out->ntlmv2 = ctx->ntlmv2;
    out->attrs = ctx->attrs;
    out->flags = ctx->flags;
    memcpy( out->session_key, ctx->session_key, 16 );
    EnterCriticalSection( &ctx->cs );
    ntlm_session_position( &ctx->session, &out->position );
    LeaveCriticalSection( &ctx->cs );
    out->start = ctx->start;
    out->logon_id = ctx->logon_id;
    copy_name( out->user, ARRAYSIZE(out->user), ctx->user );
    copy_name( out->domain, ARRAYSIZE(out->domain), ctx->domain );
    copy_name( out->target, ARRAYSIZE(out->target), ctx->target );

    if (token)
    {
        *token = NULL;
        if (ctx->token && !DuplicateHandle( GetCurrentProcess(), ctx->token, GetCurrentProcess(), token, 0, FALSE,
                                            DUPLICATE_SAME_ACCESS ))
        {
            SecureZeroMemory( out, sizeof(*out) );
            ssp_dll->FreeHeap( out );
            return SEC_E_INSUFFICIENT_MEMORY;
        }
    }
    packed->BufferType = SECBUFFER_EMPTY;
    packed->cbBuffer = sizeof(*out);
    packed->pvBuffer = out;
    return SEC_E_OK;
}

NTSTATUS NTAPI ntlm_SpImportSecurityContext( SecBuffer *packed, HANDLE token, LSA_SEC_HANDLE *handle )
{
    const struct exported *in = packed ? packed->pvBuffer : NULL;
    struct ntlm_context *ctx;

    TRACE( "%p %p\n", packed, token );
    if (!in || packed->cbBuffer != sizeof(*in) || in->magic != EXPORT_MAGIC || in->version != EXPORT_VERSION ||
        in->position.send_sealed > NTLM_MAX_RESUMED || in->position.recv_sealed > NTLM_MAX_RESUMED)
        return SEC_E_INVALID_TOKEN;
    if (!(ctx = ntlm_context_new( in->server, NULL ))) return SEC_E_INSUFFICIENT_MEMORY;
    ctx->lsa_mode = FALSE;
    ctx->user_mode = TRUE;
    ctx->state = STATE_DONE;
    ctx->anonymous = in->anonymous;
    ctx->ntlmv2 = in->ntlmv2;
    ctx->attrs = in->attrs;
    ctx->flags = in->flags;
    memcpy( ctx->session_key, in->session_key, 16 );
    ctx->start = in->start;
    ctx->logon_id = in->logon_id;
    ctx->user = ssp_strdup( in->user );
    ctx->domain = ssp_strdup( in->domain );
    if (in->target[0]) ctx->target = ssp_strdup( in->target );
    if (token && !DuplicateHandle( GetCurrentProcess(), token, GetCurrentProcess(), &ctx->token, 0, FALSE,
                                   DUPLICATE_SAME_ACCESS ))
        ctx->token = NULL;
    if (!ctx->user || !ctx->domain ||
        ntlm_session_resume( &ctx->session, ctx->flags, ctx->session_key, !ctx->server, &in->position ))
    {
        ntlm_context_release( ctx, FALSE );
        return SEC_E_INSUFFICIENT_MEMORY;
    }
    *handle = (LSA_SEC_HANDLE)ctx;
    return SEC_E_OK;
}
