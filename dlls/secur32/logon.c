/*
 * Logon sessions of the LSA emulation: the process's own session, and those
 * that packages create (CreateLogonSession, CreateToken), with the
 * credentials packages attach to them (AddCredential, GetCredentials). A
 * session with a token ends, as on Windows, when no one holds its token.
 */
#include "secur32_priv.h"
#include <winternl.h>
#include "logon.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(secur32);

struct credential
{
    struct credential *next;
    ULONG              package;
    LSA_STRING         key;
    LSA_STRING         value;
};

struct logon_session
{
    struct logon_session *next;
    LUID                  id;
    ULONG                 logon_type;
    WCHAR                *user;
    WCHAR                *domain;
    WCHAR                *package;
    WCHAR                *server;
    PSID                  sid;
    LARGE_INTEGER         time;
    struct credential    *credentials;
    LUID                  token_id;      /* TokenId of the session's token (CreateToken), zero for none */
    HANDLE                token;         /* the LSA's own handle to it, NULL for none */
    BOOL                  ending;        /* its token is gone: the packages are being told */
};

/* Sessions looked at for their end each time one is created: enough to keep
 * up with any rate of logons, few enough to cost nothing. */
#define SWEEP_COUNT 2

static struct logon_session *sessions;
static ULONG sweep_next;                 /* where the next sweep starts: an index in the list */
static SRWLOCK sessions_lock = SRWLOCK_INIT;
static INIT_ONCE own_session_once = INIT_ONCE_STATIC_INIT;

static struct logon_session *find_session( const LUID *id )
{
    struct logon_session *session;

    for (session = sessions; session; session = session->next)
        if (session->id.LowPart == id->LowPart && session->id.HighPart == id->HighPart) return session;
    return NULL;
}

static PSID copy_sid( PSID sid )
{
    DWORD len;
    PSID ret;

    if (!sid || !IsValidSid( sid )) return NULL;
    len = GetLengthSid( sid );
    if ((ret = secur32_alloc( len ))) CopySid( len, ret, sid );
    return ret;
}

/* The session of the process token: the logged-on user of this machine. */
static BOOL WINAPI init_own_session( INIT_ONCE *once, void *param, void **context )
{
    struct logon_session *session;
    TOKEN_STATISTICS stats;
    char user_buf[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    TOKEN_USER *user = (TOKEN_USER *)user_buf;
    WCHAR name[256];
    DWORD len;
    HANDLE token;
    FILETIME create, dummy;

    if (!OpenProcessToken( GetCurrentProcess(), TOKEN_QUERY, &token )) return TRUE;
    if (!GetTokenInformation( token, TokenStatistics, &stats, sizeof(stats), &len ) ||
        !(session = secur32_alloc_zero( sizeof(*session) )))
    {
        CloseHandle( token );
        return TRUE;
    }
    session->id = stats.AuthenticationId;
    session->logon_type = Interactive;
    len = ARRAYSIZE(name);
    if (!GetUserNameW( name, &len )) name[0] = 0;
    session->user = secur32_strdupW( name );
    session->domain = secur32_strdupW( secur32_computer_name() );
    session->server = secur32_strdupW( secur32_computer_name() );
    session->package = secur32_strdupW( L"NTLM" );
    if (GetTokenInformation( token, TokenUser, user, sizeof(user_buf), &len ))
        session->sid = copy_sid( user->User.Sid );
    if (GetProcessTimes( GetCurrentProcess(), &create, &dummy, &dummy, &dummy ))
    {
        session->time.LowPart = create.dwLowDateTime;
        session->time.HighPart = create.dwHighDateTime;
    }
    CloseHandle( token );

    AcquireSRWLockExclusive( &sessions_lock );
    if (!find_session( &session->id ))
    {
        session->next = sessions;
        sessions = session;
        sweep_next++;
        session = NULL;
    }
    ReleaseSRWLockExclusive( &sessions_lock );
    if (session) logon_session_free( session );
    return TRUE;
}

static void init_sessions( void )
{
    InitOnceExecuteOnce( &own_session_once, init_own_session, NULL, NULL );
}

static void credential_free( struct credential *cred )
{
    if (cred->value.Buffer) SecureZeroMemory( cred->value.Buffer, cred->value.Length );
    secur32_free( cred->key.Buffer );
    secur32_free( cred->value.Buffer );
    secur32_free( cred );
}

void logon_session_free( struct logon_session *session )
{
    struct credential *cred, *next;

    for (cred = session->credentials; cred; cred = next)
    {
        next = cred->next;
        credential_free( cred );
    }
    secur32_free( session->user );
    secur32_free( session->domain );
    secur32_free( session->package );
    secur32_free( session->server );
    secur32_free( session->sid );
    if (session->token) CloseHandle( session->token );
    secur32_free( session );
}

/* Only the LSA's handle left, and no thread impersonating the token: each
 * handle and an impersonating thread hold a reference, and the object one. */
static BOOL token_unused( HANDLE token )
{
    PUBLIC_OBJECT_BASIC_INFORMATION info;
    ULONG len;

    if (NtQueryObject( token, ObjectBasicInformation, &info, sizeof(info), &len )) return FALSE;
    return info.HandleCount <= 1 && info.PointerCount <= info.HandleCount + 1;
}

/* The end of a session: every package is told, then it goes. Apart from the
 * call that found it: a package may hold its locks across that call. */
static void CALLBACK end_session( TP_CALLBACK_INSTANCE *instance, void *param )
{
    LUID *id = param;

    TRACE( "%08lx:%08lx ended\n", id->HighPart, id->LowPart );
    packages_logon_terminated( id );
    logon_session_delete( id );
    secur32_free( id );
}

/* Looks at a few sessions, round the list, for those whose token is gone. */
static void sweep_sessions( void )
{
    struct logon_session **p, *session;
    LUID ended[SWEEP_COUNT], *id;
    ULONG i, count = 0;

    AcquireSRWLockExclusive( &sessions_lock );
    for (p = &sessions, i = 0; *p && i < sweep_next; i++) p = &(*p)->next;
    for (i = 0; i < SWEEP_COUNT && sessions; i++)
    {
        if (!*p)  /* round again */
        {
            p = &sessions;
            sweep_next = 0;
        }
        session = *p;
        p = &session->next;
        sweep_next++;
        if (!session->token || session->ending || !token_unused( session->token )) continue;
        session->ending = TRUE;
        ended[count++] = session->id;
    }
    ReleaseSRWLockExclusive( &sessions_lock );

    for (i = 0; i < count; i++)
    {
        if (!(id = secur32_alloc( sizeof(*id) ))) continue;  /* the next round finds it again */
        *id = ended[i];
        if (TrySubmitThreadpoolCallback( end_session, id, NULL )) continue;
        secur32_free( id );
    }
}

NTSTATUS logon_session_create( const LUID *id )
{
    struct logon_session *session;
    NTSTATUS status = STATUS_SUCCESS;

    if (!id) return STATUS_INVALID_PARAMETER;
    init_sessions();
    sweep_sessions();
    if (!(session = secur32_alloc_zero( sizeof(*session) ))) return STATUS_NO_MEMORY;
    session->id = *id;
    session->logon_type = Network;
    GetSystemTimeAsFileTime( (FILETIME *)&session->time );

    AcquireSRWLockExclusive( &sessions_lock );
    if (find_session( id )) status = STATUS_LOGON_SESSION_COLLISION;
    else
    {
        session->next = sessions;
        sessions = session;
        sweep_next++;  /* the sweep stays where it was in the list */
    }
    ReleaseSRWLockExclusive( &sessions_lock );
    if (status) secur32_free( session );
    TRACE( "%08lx:%08lx -> %08lx\n", id->HighPart, id->LowPart, status );
    return status;
}

NTSTATUS logon_session_delete( const LUID *id )
{
    struct logon_session **p, *session = NULL;
    ULONG i;

    if (!id) return STATUS_INVALID_PARAMETER;
    AcquireSRWLockExclusive( &sessions_lock );
    for (p = &sessions, i = 0; *p; p = &(*p)->next, i++)
    {
        if ((*p)->id.LowPart != id->LowPart || (*p)->id.HighPart != id->HighPart) continue;
        session = *p;
        *p = session->next;
        if (i < sweep_next) sweep_next--;
        break;
    }
    ReleaseSRWLockExclusive( &sessions_lock );
    if (!session) return STATUS_NO_SUCH_LOGON_SESSION;
    logon_session_free( session );
    return STATUS_SUCCESS;
}

static WCHAR *strdup_us( const UNICODE_STRING *str )
{
    WCHAR *ret;

    if (!str || !str->Buffer) return NULL;
    if ((ret = secur32_alloc( str->Length + sizeof(WCHAR) )))
    {
        memcpy( ret, str->Buffer, str->Length );
        ret[str->Length / sizeof(WCHAR)] = 0;
    }
    return ret;
}

NTSTATUS logon_session_set_identity( const LUID *id, SECURITY_LOGON_TYPE type, const UNICODE_STRING *user,
                                     const UNICODE_STRING *domain, const WCHAR *package, PSID sid )
{
    struct logon_session *session;
    WCHAR *new_user = strdup_us( user ), *new_domain = strdup_us( domain ), *new_package = secur32_strdupW( package );
    PSID new_sid = copy_sid( sid );

    AcquireSRWLockExclusive( &sessions_lock );
    if ((session = find_session( id )))
    {
        session->logon_type = type;
        if (new_user) { secur32_free( session->user ); session->user = new_user; new_user = NULL; }
        if (new_domain) { secur32_free( session->domain ); session->domain = new_domain; new_domain = NULL; }
        if (new_package) { secur32_free( session->package ); session->package = new_package; new_package = NULL; }
        if (new_sid) { secur32_free( session->sid ); session->sid = new_sid; new_sid = NULL; }
    }
    ReleaseSRWLockExclusive( &sessions_lock );
    secur32_free( new_user );
    secur32_free( new_domain );
    secur32_free( new_package );
    secur32_free( new_sid );
    return session ? STATUS_SUCCESS : STATUS_NO_SUCH_LOGON_SESSION;
}

NTSTATUS logon_session_set_token( const LUID *id, HANDLE token )
{
    struct logon_session *session;
    TOKEN_STATISTICS stats;
    HANDLE copy, old = NULL;
    DWORD len;

    if (!GetTokenInformation( token, TokenStatistics, &stats, sizeof(stats), &len ) ||
        !DuplicateHandle( GetCurrentProcess(), token, GetCurrentProcess(), &copy, 0, FALSE, DUPLICATE_SAME_ACCESS ))
        return STATUS_NO_MEMORY;
    AcquireSRWLockExclusive( &sessions_lock );
    if ((session = find_session( id )))
    {
        session->token_id = stats.TokenId;
        old = session->token;
        session->token = copy;
        copy = NULL;
    }
    ReleaseSRWLockExclusive( &sessions_lock );
    if (old) CloseHandle( old );
    if (copy) CloseHandle( copy );
    return session ? STATUS_SUCCESS : STATUS_NO_SUCH_LOGON_SESSION;
}

/* Wine's tokens all have the process's authentication id; a token of a
 * logon keeps its TokenId when a thread impersonates it, which names the session. */
LUID logon_id_of_token( const TOKEN_STATISTICS *stats )
{
    struct logon_session *session;
    LUID ret = stats->AuthenticationId;

    if (!stats->TokenId.LowPart && !stats->TokenId.HighPart) return ret;
    AcquireSRWLockShared( &sessions_lock );
    for (session = sessions; session; session = session->next)
    {
        if (session->token_id.LowPart != stats->TokenId.LowPart ||
            session->token_id.HighPart != stats->TokenId.HighPart)
            continue;
        ret = session->id;
        break;
    }
    ReleaseSRWLockShared( &sessions_lock );
    return ret;
}

NTSTATUS logon_sessions_enumerate( ULONG *count, LUID **list )
{
    struct logon_session *session;
    ULONG n = 0;
    LUID *ids;

    init_sessions();
    sweep_sessions();
    AcquireSRWLockShared( &sessions_lock );
    for (session = sessions; session; session = session->next) n++;
    if ((ids = secur32_alloc( max( n, 1 ) * sizeof(LUID) )))
    {
        n = 0;
        for (session = sessions; session; session = session->next) ids[n++] = session->id;
    }
    ReleaseSRWLockShared( &sessions_lock );
    if (!ids) return STATUS_NO_MEMORY;
    *count = n;
    *list = ids;
    return STATUS_SUCCESS;
}

static SIZE_T string_size( const WCHAR *str )
{
    return str ? (wcslen( str ) + 1) * sizeof(WCHAR) : sizeof(WCHAR);
}

static void put_string( LSA_UNICODE_STRING *dst, const WCHAR *src, char **pos )
{
    SIZE_T len = src ? wcslen( src ) * sizeof(WCHAR) : 0;

    dst->Buffer = (WCHAR *)*pos;
    dst->Length = len;
    dst->MaximumLength = len + sizeof(WCHAR);
    if (len) memcpy( *pos, src, len );
    ((WCHAR *)*pos)[len / sizeof(WCHAR)] = 0;
    *pos += len + sizeof(WCHAR);
}

NTSTATUS logon_session_get_data( const LUID *id, SECURITY_LOGON_SESSION_DATA **ret )
{
    struct logon_session *session;
    SECURITY_LOGON_SESSION_DATA *data = NULL;
    SIZE_T size;
    char *pos;

    init_sessions();
    sweep_sessions();
    AcquireSRWLockShared( &sessions_lock );
    if ((session = find_session( id )))
    {
        size = sizeof(*data) + string_size( session->user ) + string_size( session->domain ) +
               string_size( session->package ) + string_size( session->server ) + 3 * sizeof(WCHAR) +
               (session->sid ? GetLengthSid( session->sid ) : 0);
        if ((data = secur32_alloc_zero( size )))
        {
            pos = (char *)(data + 1);
            data->Size = sizeof(*data);
            data->LogonId = session->id;
            data->LogonType = session->logon_type;
            data->Session = 1;
            data->LogonTime = session->time;
            put_string( &data->UserName, session->user, &pos );
            put_string( &data->LogonDomain, session->domain, &pos );
            put_string( &data->AuthenticationPackage, session->package, &pos );
            put_string( &data->LogonServer, session->server, &pos );
            put_string( &data->DnsDomainName, NULL, &pos );
            put_string( &data->Upn, NULL, &pos );
            put_string( &data->LogonScript, NULL, &pos );
            if (session->sid)
            {
                data->Sid = pos;
                CopySid( GetLengthSid( session->sid ), data->Sid, session->sid );
            }
            data->LogoffTime.QuadPart = data->KickOffTime.QuadPart = data->PasswordMustChange.QuadPart = MAXLONGLONG;
        }
    }
    ReleaseSRWLockShared( &sessions_lock );
    if (!session) return STATUS_NO_SUCH_LOGON_SESSION;
    if (!data) return STATUS_NO_MEMORY;
    *ret = data;
    return STATUS_SUCCESS;
}

static BOOL copy_lsa_string( LSA_STRING *dst, const LSA_STRING *src )
{
    USHORT len = src ? src->Length : 0;

    dst->Length = len;
    dst->MaximumLength = len;
    dst->Buffer = NULL;
    if (!len) return TRUE;
    if (!(dst->Buffer = secur32_alloc( len ))) return FALSE;
    memcpy( dst->Buffer, src->Buffer, len );
    return TRUE;
}

static BOOL key_matches( const struct credential *cred, ULONG package, const LSA_STRING *key )
{
    if (cred->package != package) return FALSE;
    if (!key || !key->Buffer) return TRUE;
    return cred->key.Length == key->Length && !memcmp( cred->key.Buffer, key->Buffer, key->Length );
}

NTSTATUS logon_credential_add( const LUID *id, ULONG package, const LSA_STRING *key, const LSA_STRING *value )
{
    struct logon_session *session;
    struct credential *cred;

    if (!id || !value) return STATUS_INVALID_PARAMETER;
    init_sessions();
    if (!(cred = secur32_alloc_zero( sizeof(*cred) ))) return STATUS_NO_MEMORY;
    cred->package = package;
    if (!copy_lsa_string( &cred->key, key ) || !copy_lsa_string( &cred->value, value ))
    {
        credential_free( cred );
        return STATUS_NO_MEMORY;
    }
    AcquireSRWLockExclusive( &sessions_lock );
    if ((session = find_session( id )))
    {
        cred->next = session->credentials;
        session->credentials = cred;
        cred = NULL;
    }
    ReleaseSRWLockExclusive( &sessions_lock );
    if (!cred) return STATUS_SUCCESS;
    credential_free( cred );
    return STATUS_NO_SUCH_LOGON_SESSION;
}

NTSTATUS logon_credential_get( const LUID *id, ULONG package, ULONG *context, BOOLEAN all,
                               LSA_STRING *key, ULONG *key_len, LSA_STRING *value )
{
    struct logon_session *session;
    struct credential *cred = NULL;
    NTSTATUS status = STATUS_NO_SUCH_LOGON_SESSION;
    ULONG index = 0;

    if (!id || !context || !value) return STATUS_INVALID_PARAMETER;
    AcquireSRWLockShared( &sessions_lock );
    if ((session = find_session( id )))
    {
        status = STATUS_NO_MORE_ENTRIES;
        for (cred = session->credentials; cred; cred = cred->next)
        {
            if (!key_matches( cred, package, all ? NULL : key )) continue;
            if (index++ == *context) break;
        }
        if (cred)
        {
            status = copy_lsa_string( value, &cred->value ) ? STATUS_SUCCESS : STATUS_NO_MEMORY;
            if (!status && all && key)
            {
                ULONG len = min( cred->key.Length, key->MaximumLength );
                if (key->Buffer) memcpy( key->Buffer, cred->key.Buffer, len );
                key->Length = len;
                if (key_len) *key_len = cred->key.Length;
            }
            (*context)++;
        }
    }
    ReleaseSRWLockShared( &sessions_lock );
    return status;
}

NTSTATUS logon_credential_delete( const LUID *id, ULONG package, const LSA_STRING *key )
{
    struct logon_session *session;
    struct credential **p, *cred = NULL;

    if (!id) return STATUS_INVALID_PARAMETER;
    AcquireSRWLockExclusive( &sessions_lock );
    if ((session = find_session( id )))
    {
        for (p = &session->credentials; *p; p = &(*p)->next)
        {
            if (!key_matches( *p, package, key )) continue;
            cred = *p;
            *p = cred->next;
            break;
        }
    }
    ReleaseSRWLockExclusive( &sessions_lock );
    if (!cred) return STATUS_NO_SUCH_LOGON_SESSION;
    credential_free( cred );
    return STATUS_SUCCESS;
}
