/*
 * The account store of the LSA emulation: local accounts with their NT (and
 * optionally LM) hashes, never passwords, in a file of the Wine prefix kept
 * with owner-only permissions by the sspiuser command. Packages read it
 * through LSA OpenSamUser and GetUserCredentials, as Windows' read the SAM.
 */
#include "secur32_priv.h"
#include "samcred.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(secur32);

#define MAX_SAM_FILE (1024 * 1024)

/* %WINECONFIGDIR%\sspi.sam; WINECONFIGDIR is the prefix as an NT path. */
static BOOL sam_path( WCHAR *path, DWORD size )
{
    WCHAR dir[MAX_PATH];
    DWORD len = GetEnvironmentVariableW( L"WINECONFIGDIR", dir, ARRAYSIZE(dir) );
    const WCHAR *p = dir;

    if (!len || len >= ARRAYSIZE(dir)) return FALSE;
    if (!wcsncmp( p, L"\\??\\", 4 )) p += 4;
    if (wcslen( p ) + wcslen( SAM_FILE_NAME ) + 2 > size) return FALSE;
    swprintf( path, size, L"%ls\\%ls", p, SAM_FILE_NAME );
    return TRUE;
}

static char *read_store( const WCHAR *path )
{
    LARGE_INTEGER size;
    HANDLE file;
    DWORD read;
    char *data = NULL;

    file = CreateFileW( path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL );
    if (file == INVALID_HANDLE_VALUE)
    {
        TRACE( "no account store at %s\n", debugstr_w(path) );
        return NULL;
    }
    if (GetFileSizeEx( file, &size ) && size.QuadPart < MAX_SAM_FILE &&
        (data = secur32_alloc( size.QuadPart + 1 )))
    {
        if (ReadFile( file, data, size.LowPart, &read, NULL )) data[read] = 0;
        else
        {
            secur32_free( data );
            data = NULL;
        }
    }
    CloseHandle( file );
    return data;
}

/* The store as last read, and the file's size and time then: a logon reads
 * the file again only when sspiuser has changed it. */
static SRWLOCK store_lock = SRWLOCK_INIT;
static char *store_data;
static WIN32_FILE_ATTRIBUTE_DATA store_attrs;

static void drop_store( void )
{
    if (store_data)
    {
        SecureZeroMemory( store_data, strlen( store_data ) );
        secur32_free( store_data );
        store_data = NULL;
    }
}

/* Takes the store lock shared, with the store up to date; NULL when there is none. */
static const char *lock_store( void )
{
    WIN32_FILE_ATTRIBUTE_DATA attrs;
    WCHAR path[MAX_PATH];

    if (!sam_path( path, ARRAYSIZE(path) ) || !GetFileAttributesExW( path, GetFileExInfoStandard, &attrs ))
        memset( &attrs, 0, sizeof(attrs) );
    AcquireSRWLockShared( &store_lock );
    if (!memcmp( &attrs, &store_attrs, sizeof(attrs) )) return store_data;
    ReleaseSRWLockShared( &store_lock );

    AcquireSRWLockExclusive( &store_lock );
    drop_store();
    store_data = attrs.nFileSizeLow || attrs.nFileSizeHigh ? read_store( path ) : NULL;
    store_attrs = attrs;
    ReleaseSRWLockExclusive( &store_lock );
    AcquireSRWLockShared( &store_lock );
    return store_data;
}

static BOOL parse_hex( const char *hex, size_t len, BYTE out[16] )
{
    size_t i;

    if (len != 32) return FALSE;
    for (i = 0; i < 32; i++)
    {
        char c = hex[i];
        int v = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 :
                (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
        if (v < 0) return FALSE;
        if (i % 2) out[i / 2] |= v;
        else out[i / 2] = v << 4;
    }
    return TRUE;
}

static BOOL utf8_field( const char *str, size_t len, WCHAR *out, int size )
{
    int n = len ? MultiByteToWideChar( CP_UTF8, MB_ERR_INVALID_CHARS, str, len, out, size - 1 ) : 0;

    if (len && !n) return FALSE;
    out[n] = 0;
    return TRUE;
}

static BOOL is_local_domain( const WCHAR *domain )
{
    return !domain[0] || !wcscmp( domain, L"." ) || !wcsicmp( domain, secur32_computer_name() );
}

/* Parses one "user:domain:lmhash:nthash:::" line into CREDS; FALSE when malformed. */
static BOOL parse_line( const char *line, const char *end, struct sam_credentials *creds )
{
    const char *fields[4], *p = line;
    size_t lens[4];
    int i;

    for (i = 0; i < 4; i++)
    {
        const char *colon = memchr( p, ':', end - p );
        if (!colon) return FALSE;
        fields[i] = p;
        lens[i] = colon - p;
        p = colon + 1;
    }
    memset( creds, 0, sizeof(*creds) );
    creds->version = SAM_CREDENTIALS_VERSION;
    if (!utf8_field( fields[0], lens[0], creds->user, ARRAYSIZE(creds->user) ) || !creds->user[0] ||
        !utf8_field( fields[1], lens[1], creds->domain, ARRAYSIZE(creds->domain) ))
        return FALSE;
    if (lens[2] && parse_hex( fields[2], lens[2], creds->lm_hash )) creds->flags |= SAM_HAS_LM_HASH;
    if (parse_hex( fields[3], lens[3], creds->nt_hash )) creds->flags |= SAM_HAS_NT_HASH;
    return (creds->flags & SAM_HAS_NT_HASH) != 0;
}

/* Finds USER of DOMAIN: an account without a domain is local and matches any
 * domain a client names; one with a domain matches that domain. */
static BOOL lookup( const WCHAR *user, const WCHAR *domain, struct sam_credentials *found )
{
    struct sam_credentials creds;
    const char *data = lock_store(), *line, *end;
    BOOL ret = FALSE;

    for (line = data ? data : ""; *line && !ret; line = *end ? end + 1 : end)
    {
        if (!(end = strchr( line, '\n' ))) end = line + strlen( line );
        if (*line == '#' || !parse_line( line, end, &creds )) continue;
        if (wcsicmp( creds.user, user )) continue;
        if (creds.domain[0] && domain[0] && wcsicmp( creds.domain, domain ) && !is_local_domain( domain )) continue;
        if (!creds.domain[0]) lstrcpynW( creds.domain, secur32_computer_name(), ARRAYSIZE(creds.domain) );
        *found = creds;
        ret = TRUE;
    }
    ReleaseSRWLockShared( &store_lock );
    SecureZeroMemory( &creds, sizeof(creds) );
    return ret;
}

static WCHAR *security_string( const SECURITY_STRING *str, WCHAR *buf, size_t size )
{
    size_t len = str && str->Buffer ? str->Length / sizeof(WCHAR) : 0;

    if (len >= size) return NULL;
    if (len) memcpy( buf, str->Buffer, len * sizeof(WCHAR) );
    buf[len] = 0;
    return buf;
}

NTSTATUS NTAPI sam_open_user( SECURITY_STRING *name, SECPKG_NAME_TYPE type, SECURITY_STRING *prefix,
                              BOOLEAN guest, ULONG reserved, void **handle )
{
    WCHAR user[257], domain[256];
    struct sam_credentials *creds;

    if (!handle || !security_string( name, user, ARRAYSIZE(user) ) ||
        !security_string( prefix, domain, ARRAYSIZE(domain) ) || !user[0])
        return STATUS_INVALID_PARAMETER;
    if (type != SecNameSamCompatible && type != SecNameFlat)
    {
        FIXME( "name type %u\n", type );
        return STATUS_NO_SUCH_USER;
    }
    if (!(creds = secur32_alloc( sizeof(*creds) ))) return STATUS_NO_MEMORY;
    if (!lookup( user, domain, creds ))
    {
        secur32_free( creds );
        TRACE( "no account %s\\%s\n", debugstr_w(domain), debugstr_w(user) );
        return STATUS_NO_SUCH_USER;
    }
    *handle = creds;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI sam_get_user_credentials( void *handle, void **primary, ULONG *primary_size,
                                         void **supplemental, ULONG *supplemental_size )
{
    struct sam_credentials *creds = handle, *copy;

    if (!creds || !primary || !primary_size) return STATUS_INVALID_PARAMETER;
    if (!(copy = secur32_alloc( sizeof(*copy) ))) return STATUS_NO_MEMORY;
    *copy = *creds;
    *primary = copy;
    *primary_size = sizeof(*copy);
    if (supplemental) *supplemental = NULL;
    if (supplemental_size) *supplemental_size = 0;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI sam_close_user( void *handle )
{
    if (!handle) return STATUS_INVALID_HANDLE;
    SecureZeroMemory( handle, sizeof(struct sam_credentials) );
    secur32_free( handle );
    return STATUS_SUCCESS;
}
