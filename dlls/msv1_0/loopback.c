/*
 * The logged-on user's NTLM on one machine when the account store has no
 * password for that user. Windows' LSA holds the user's credentials and
 * sees that client and server are on the same machine; each of our
 * processes has an LSA of its own. So a client without the password makes
 * a random key for the server's challenge and keeps it, while its context
 * lives, in a named section of the prefix's wineserver; a server verifying
 * that same user takes the key from there, as if it were the password's
 * hash. Only processes of this Wine prefix and Unix user reach the
 * section: the user logs on this way only on loopback, never from afar.
 */
#include "ntlm_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(ntlm);

static void section_name( const BYTE challenge[8], WCHAR *name, size_t size )
{
    swprintf( name, size, L"Local\\SspiNtlmLoopback-%02x%02x%02x%02x%02x%02x%02x%02x", challenge[0], challenge[1],
              challenge[2], challenge[3], challenge[4], challenge[5], challenge[6], challenge[7] );
}

BOOL ntlm_is_logged_on_user( const WCHAR *user, const WCHAR *domain )
{
    WCHAR name[257];
    DWORD len = ARRAYSIZE(name);

    if (domain[0] && wcscmp( domain, L"." ) && wcsicmp( domain, ntlm_host_names()->computer )) return FALSE;
    return GetUserNameW( name, &len ) && !wcsicmp( name, user );
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
    if (!(section = OpenFileMappingW( FILE_MAP_READ, FALSE, name ))) return FALSE;
    if ((view = MapViewOfFile( section, FILE_MAP_READ, 0, 0, 16 )))
    {
        memcpy( key, view, 16 );
        UnmapViewOfFile( view );
        ret = TRUE;
    }
    CloseHandle( section );
    TRACE( "a key from a client on this machine: %d\n", ret );
    return ret;
}
