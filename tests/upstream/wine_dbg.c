/*
 * The one debug helper Wine's wine/test.h and wine/debug.h need at link time.
 *
 * Wine links its tests with its own ntdll, which exports __wine_dbg_strdup; MinGW's
 * ntdll import library has no such export. Under Wine the export is used, so the
 * strings live in Wine's per-thread buffers; elsewhere a ring of buffers stands in.
 */
#include <windows.h>

#define RING_SIZE 64
#define STRING_SIZE 1024

const char * __cdecl __wine_dbg_strdup( const char *str );

const char * __cdecl __wine_dbg_strdup( const char *str )
{
    static const char * (__cdecl *wine_strdup)( const char * );
    static BOOL looked_up;
    static char ring[RING_SIZE][STRING_SIZE];
    static LONG next;
    char *copy;

    if (!looked_up)
    {
        DWORD error = GetLastError();  /* tests format messages between a call and its check */
        wine_strdup = (void *)GetProcAddress( GetModuleHandleA( "ntdll.dll" ), "__wine_dbg_strdup" );
        looked_up = TRUE;
        SetLastError( error );
    }
    if (wine_strdup) return wine_strdup( str );

    copy = ring[(ULONG)InterlockedIncrement( &next ) % RING_SIZE];
    lstrcpynA( copy, str, STRING_SIZE );
    return copy;
}
