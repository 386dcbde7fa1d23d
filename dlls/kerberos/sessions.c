/*
 * The tickets of logon sessions the package made: LsaLogonUser's, and those
 * a client delegated to a server. A thread impersonating such a session's
 * token uses them as its default credentials, as on Windows.
 */
#include "krb_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(kerberos);

struct session
{
    struct session *next;
    LUID            id;
    krb_cred_t      cred;
};

static struct session *sessions;
static SRWLOCK sessions_lock = SRWLOCK_INIT;

static BOOL same_luid( const LUID *a, const LUID *b )
{
    return a->LowPart == b->LowPart && a->HighPart == b->HighPart;
}

void krb_session_add( const LUID *id, krb_cred_t cred )
{
    struct session *session = ssp_alloc( sizeof(*session) );
    struct cred_free_params params = { cred };

    if (!session)
    {
        WINE_UNIX_CALL( unix_cred_free, &params );
        return;
    }
    session->id = *id;
    session->cred = cred;
    AcquireSRWLockExclusive( &sessions_lock );
    session->next = sessions;
    sessions = session;
    ReleaseSRWLockExclusive( &sessions_lock );
}

/* The process's own logon session, whose tickets are the user's ticket cache. */
static BOOL own_session( const LUID *id )
{
    TOKEN_STATISTICS stats;
    HANDLE token;
    DWORD len;
    BOOL ret = FALSE;

    if (!OpenProcessToken( GetCurrentProcess(), TOKEN_QUERY, &token )) return FALSE;
    if (GetTokenInformation( token, TokenStatistics, &stats, sizeof(stats), &len ))
        ret = same_luid( &stats.AuthenticationId, id );
    CloseHandle( token );
    return ret;
}

/* Credentials of the tickets of session ID into PARAMS, for its use: of the
 * package's tickets of it, or of the user's for the process's own session.
 * FALSE, and no call made, for a session without tickets. */
BOOL krb_session_cred( const LUID *id, struct cred_acquire_params *params, NTSTATUS *status )
{
    struct session *session;
    BOOL found = FALSE;

    /* credentials of their own, so that no ticket call holds the lock */
    AcquireSRWLockShared( &sessions_lock );
    for (session = sessions; session; session = session->next)
    {
        if (!same_luid( &session->id, id )) continue;
        params->from = session->cred;
        *status = WINE_UNIX_CALL( unix_cred_acquire, params );
        found = TRUE;
        break;
    }
    ReleaseSRWLockShared( &sessions_lock );
    if (found || !own_session( id )) return found;
    params->from = 0;
    *status = WINE_UNIX_CALL( unix_cred_acquire, params );
    return TRUE;
}

/* The session a request names: the caller's for a zero LogonId (an
 * impersonated client's, or the process's). Another's takes SeTcbPrivilege,
 * as on Windows. */
NTSTATUS krb_request_session( const LUID *logon_id, LUID *session )
{
    SECPKG_CLIENT_INFO info;

    if (!ssp_lsa || ssp_lsa->GetClientInfo( &info )) return STATUS_INTERNAL_ERROR;
    if (!logon_id || (!logon_id->LowPart && !logon_id->HighPart))
    {
        *session = info.LogonId;
        return STATUS_SUCCESS;
    }
    if (!same_luid( logon_id, &info.LogonId ) && !info.HasTcbPrivilege) return STATUS_PRIVILEGE_NOT_HELD;
    *session = *logon_id;
    return STATUS_SUCCESS;
}

void NTAPI krb_SpLogonTerminated( LUID *id )
{
    struct session **p, *session = NULL;
    struct cred_free_params params;

    AcquireSRWLockExclusive( &sessions_lock );
    for (p = &sessions; *p; p = &(*p)->next)
    {
        if (!same_luid( &(*p)->id, id )) continue;
        session = *p;
        *p = session->next;
        break;
    }
    ReleaseSRWLockExclusive( &sessions_lock );
    if (!session) return;
    TRACE( "tickets of logon %08lx:%08lx dropped\n", id->HighPart, id->LowPart );
    params.cred = session->cred;
    WINE_UNIX_CALL( unix_cred_free, &params );
    ssp_free( session );
}
