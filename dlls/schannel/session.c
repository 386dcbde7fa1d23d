/*
 * The client's session cache: what resumes a session with a server it has
 * talked to before, kept with the credentials and found by the target name,
 * as Windows' client cache is.
 */
#include "schannel_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(schannel);

#define MAX_SAVED 64

static BOOL same_target( const WCHAR *a, const WCHAR *b )
{
    return !wcsicmp( a ? a : L"", b ? b : L"" );
}

/* Takes the entry for TARGET out of the list; NULL when there is none. */
static struct schan_saved *unlink_saved( struct schan_cred *cred, const WCHAR *target )
{
    struct schan_saved **p, *saved;

    for (p = &cred->saved; (saved = *p); p = &saved->next)
    {
        if (!same_target( saved->target, target )) continue;
        *p = saved->next;
        return saved;
    }
    return NULL;
}

static void free_saved( struct schan_saved *saved )
{
    SecureZeroMemory( saved->data, saved->len );
    ssp_free( saved->data );
    ssp_free( saved->target );
    ssp_free( saved );
}

void schan_save_session( struct schan_cred *cred, const WCHAR *target, tls_session_t session )
{
    struct session_data_params params = { session };
    struct schan_saved *saved, *old, **last;
    ULONG count = 0;

    if (schan_call( unix_session_data, &params ) != STATUS_BUFFER_TOO_SMALL || !params.output_len) return;
    if (!(saved = ssp_alloc( sizeof(*saved) )) || !(saved->data = ssp_alloc( params.output_len )) ||
        (target && !(saved->target = ssp_alloc( (wcslen( target ) + 1) * sizeof(WCHAR) ))))
        goto failed;
    if (target) wcscpy( saved->target, target );
    params.output = saved->data;
    params.output_size = params.output_len;
    if (schan_call( unix_session_data, &params )) goto failed;
    saved->len = params.output_len;

    EnterCriticalSection( &cred->cs );
    if ((old = unlink_saved( cred, target ))) free_saved( old );
    saved->next = cred->saved;
    cred->saved = saved;
    for (last = &cred->saved; *last && ++count < MAX_SAVED; last = &(*last)->next);
    if (*last)
    {
        free_saved( *last );
        *last = NULL;
    }
    LeaveCriticalSection( &cred->cs );
    TRACE( "saved %lu bytes for %s\n", saved->len, debugstr_w(target) );
    return;

failed:
    if (saved)
    {
        ssp_free( saved->data );
        ssp_free( saved->target );
        ssp_free( saved );
    }
}

void schan_forget_sessions( struct schan_cred *cred )
{
    struct schan_saved *saved;

    while ((saved = cred->saved))
    {
        cred->saved = saved->next;
        free_saved( saved );
    }
}

/* A copy of what was saved for TARGET; the caller frees it. */
BYTE *schan_saved_session( struct schan_cred *cred, const WCHAR *target, ULONG *len )
{
    struct schan_saved *saved;
    BYTE *ret = NULL;

    EnterCriticalSection( &cred->cs );
    for (saved = cred->saved; saved; saved = saved->next)
    {
        if (!same_target( saved->target, target )) continue;
        if ((ret = ssp_alloc( saved->len )))
        {
            memcpy( ret, saved->data, saved->len );
            *len = saved->len;
        }
        break;
    }
    LeaveCriticalSection( &cred->cs );
    return ret;
}
