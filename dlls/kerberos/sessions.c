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

/* Makes the call CODE with *CRED the credentials of session ID, or 0 when
 * the package has none for it (the user's own tickets); the session stays
 * while the call runs. */
NTSTATUS krb_session_call( const LUID *id, unsigned int code, void *params, krb_cred_t *cred )
{
    struct session *session;
    NTSTATUS status;

    AcquireSRWLockShared( &sessions_lock );
    *cred = 0;
    for (session = sessions; session; session = session->next)
        if (same_luid( &session->id, id )) *cred = session->cred;
    status = WINE_UNIX_CALL( code, params );
    ReleaseSRWLockShared( &sessions_lock );
    return status;
}

/* The logon session of the caller: an impersonated client's, or the process's. */
BOOL krb_caller_session( LUID *id )
{
    SECPKG_CLIENT_INFO info;

    if (!ssp_lsa || ssp_lsa->GetClientInfo( &info )) return FALSE;
    *id = info.LogonId;
    return TRUE;
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
