/*
 * The logged-on user's NTLM on one machine when the account store has no
 * password for that user. Windows' LSA holds the user's credentials and
 * sees that client and server are on the same machine; each of our
 * processes has an LSA of its own. So a client without the password makes
 * a random key for the server's challenge and keeps it, while its context
 * lives, in a named section of the prefix's wineserver; a server verifying
 * that same user takes the key from there, as if it were the password's
 * hash. Only processes of this Wine prefix and Unix user reach the
 * section, and a client makes one only for a target that names this
 * machine, so that a server elsewhere cannot relay our client to a server
 * here (the reflection Windows stopped in MS08-068). A server takes a key
 * once.
 */
#include "ntlm_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(ntlm);

static void section_name( const BYTE challenge[8], WCHAR *name, size_t size )
{
    swprintf( name, size, L"Local\\SspiNtlmLoopback-%02x%02x%02x%02x%02x%02x%02x%02x", challenge[0], challenge[1],
              challenge[2], challenge[3], challenge[4], challenge[5], challenge[6], challenge[7] );
}

/* "service/host[:port][/name]" or a bare host: whether the host is this machine. */
BOOL ntlm_is_local_target( const WCHAR *target )
{
    const struct ntlm_host_names *names = ntlm_host_names();
    const WCHAR *start, *end;
    WCHAR host[256];

    if (!target) return FALSE;
    start = wcschr( target, '/' ) ? wcschr( target, '/' ) + 1 : target;
    if (*start == '[') end = wcschr( start, ']' ) ? wcschr( start, ']' ) + 1 : start + wcslen( start );
    else for (end = start; *end && *end != '/' && *end != ':'; end++) ;
    if (end == start || (size_t)(end - start) >= ARRAYSIZE(host)) return FALSE;
    memcpy( host, start, (end - start) * sizeof(WCHAR) );
    host[end - start] = 0;
    return !wcsicmp( host, L"localhost" ) || !wcsicmp( host, names->computer ) ||
           (names->dns_host[0] && !wcsicmp( host, names->dns_host )) || !wcsncmp( host, L"127.", 4 ) ||
           !wcscmp( host, L"::1" ) || !wcscmp( host, L"[::1]" );
}

BOOL ntlm_is_logged_on_user( const WCHAR *user, const WCHAR *domain )
{
    WCHAR name[257];
    DWORD len = ARRAYSIZE(name);

    return ntlm_is_local_domain( domain ) && GetUserNameW( name, &len ) && !wcsicmp( name, user );
}

HANDLE ntlm_loopback_create( const BYTE challenge[8], BYTE key[16] )
{
    WCHAR name[64];
    HANDLE section;
    BYTE *view;

    section_name( challenge, name, ARRAYSIZE(name) );
    if (!ntlm_random( key, 16 )) return NULL;
    if (!(section = CreateFileMappingW( INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 16, name ))) return NULL;
    /* a section someone else made for this challenge is not ours to trust */
    if (GetLastError() == ERROR_ALREADY_EXISTS || !(view = MapViewOfFile( section, FILE_MAP_WRITE, 0, 0, 16 )))
    {
        CloseHandle( section );
        return NULL;
    }
    memcpy( view, key, 16 );
    UnmapViewOfFile( view );
    return section;
}

BOOL ntlm_loopback_key( const BYTE challenge[8], BYTE key[16] )
{
    WCHAR name[64];
    HANDLE section;
    BYTE *view;
    BOOL ret = FALSE;

    section_name( challenge, name, ARRAYSIZE(name) );
    if (!(section = OpenFileMappingW( FILE_MAP_WRITE, FALSE, name ))) return FALSE;
    if ((view = MapViewOfFile( section, FILE_MAP_WRITE, 0, 0, 16 )))
    {
        static const BYTE zero[16];

        /* a key is good for one logon: what replays it finds none */
        if ((ret = memcmp( view, zero, 16 ) != 0)) memcpy( key, view, 16 );
        SecureZeroMemory( view, 16 );
        UnmapViewOfFile( view );
    }
    CloseHandle( section );
    TRACE( "a key from a client on this machine: %d\n", ret );
    return ret;
}
