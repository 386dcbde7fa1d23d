/*
 * Debug channels of the PE DLLs: WINEDEBUG parsing and output (see wine/debug.h).
 */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "wine/debug.h"
#include "wine/escape.h"

static const char * const class_names[] = { "fixme", "err", "warn", "trace" };

#define MAX_OPTIONS 32

struct debug_option
{
    unsigned char set;     /* classes turned on */
    unsigned char clear;   /* classes turned off */
    char name[15];         /* channel, or "all" */
};

static struct debug_option options[MAX_OPTIONS];
static int option_count;
static INIT_ONCE options_once = INIT_ONCE_STATIC_INIT;

static int (__cdecl *wine_dbg_output)( const char *str );

/* Parses one "[class][+|-]channel" item. */
static void parse_option( const char *item, size_t len )
{
    struct debug_option *opt;
    unsigned char classes = 0;
    const char *op;
    size_t i;

    if (option_count == MAX_OPTIONS) return;
    for (op = item; op < item + len && *op != '+' && *op != '-'; op++) ;
    if (op == item + len) return;
    if (op == item) classes = (1 << __WINE_DBCL_FIXME) | (1 << __WINE_DBCL_ERR) |
                              (1 << __WINE_DBCL_WARN) | (1 << __WINE_DBCL_TRACE);
    else
    {
        for (i = 0; i < ARRAYSIZE(class_names); i++)
            if (strlen( class_names[i] ) == (size_t)(op - item) && !memcmp( item, class_names[i], op - item ))
                classes = 1 << i;
        if (!classes) return;
    }
    len -= op + 1 - item;
    if (!len || len >= sizeof(opt->name)) return;
    opt = &options[option_count++];
    opt->set = *op == '+' ? classes : 0;
    opt->clear = *op == '-' ? classes : 0;
    memcpy( opt->name, op + 1, len );
    opt->name[len] = 0;
}

static BOOL WINAPI init_options( INIT_ONCE *once, void *param, void **context )
{
    char value[1024];
    const char *p, *end;
    HMODULE ntdll = GetModuleHandleW( L"ntdll.dll" );
    DWORD len = GetEnvironmentVariableA( "WINEDEBUG", value, sizeof(value) );

    if (ntdll) wine_dbg_output = (void *)GetProcAddress( ntdll, "__wine_dbg_output" );
    if (!len || len >= sizeof(value)) return TRUE;
    for (p = value; *p; p = *end ? end + 1 : end)
    {
        for (end = p; *end && *end != ',' && *end != ';'; end++) ;
        parse_option( p, end - p );
    }
    return TRUE;
}

/* Tracing never changes the caller's last error. */
unsigned char __wine_dbg_get_channel_flags( struct __wine_debug_channel *channel )
{
    unsigned char flags = (1 << __WINE_DBCL_FIXME) | (1 << __WINE_DBCL_ERR);
    DWORD error = GetLastError();
    int i;

    InitOnceExecuteOnce( &options_once, init_options, NULL, NULL );
    for (i = 0; i < option_count; i++)
    {
        if (strcmp( options[i].name, "all" ) && strcmp( options[i].name, channel->name )) continue;
        flags = (flags | options[i].set) & ~options[i].clear;
    }
    channel->flags = flags;
    SetLastError( error );
    return flags;
}

static void output( const char *str, int len )
{
    if (wine_dbg_output) wine_dbg_output( str );
    else
    {
        DWORD written;
        HANDLE err = GetStdHandle( STD_ERROR_HANDLE );
        if (err && err != INVALID_HANDLE_VALUE) WriteFile( err, str, len, &written, NULL );
        else OutputDebugStringA( str );
    }
}

int __wine_dbg_log( enum __wine_debug_class cls, struct __wine_debug_channel *channel,
                    const char *function, const char *format, ... )
{
    char buffer[1024];
    va_list args;
    int len, n;
    DWORD error = GetLastError();

    len = snprintf( buffer, sizeof(buffer), "%04lx:%s:%s:%s ", GetCurrentThreadId(),
                    class_names[cls], channel->name, function );
    va_start( args, format );
    n = vsnprintf( buffer + len, sizeof(buffer) - len, format, args );
    va_end( args );
    if (n < 0) n = 0;
    len += n;
    if (len >= (int)sizeof(buffer))
    {
        len = sizeof(buffer) - 1;
        buffer[len - 1] = '\n';
    }
    output( buffer, len );
    SetLastError( error );
    return len;
}

/* Results live in a per-thread ring, valid for a few calls, as in Wine. */
static char *temp_buffer( size_t size )
{
    static __thread char ring[4096];
    static __thread size_t pos;
    DWORD error = GetLastError();
    char *res;

    if (size > sizeof(ring)) size = sizeof(ring);
    if (pos + size > sizeof(ring)) pos = 0;
    res = ring + pos;
    pos += size;
    SetLastError( error );
    return res;
}

const char *wine_dbg_sprintf( const char *format, ... )
{
    char buffer[512], *res;
    va_list args;
    int len;

    va_start( args, format );
    len = vsnprintf( buffer, sizeof(buffer), format, args );
    va_end( args );
    if (len < 0) len = 0;
    if (len >= (int)sizeof(buffer)) len = sizeof(buffer) - 1;
    res = temp_buffer( len + 1 );
    memcpy( res, buffer, len );
    res[len] = 0;
    return res;
}

const char *wine_dbgstr_an( const char *str, int n )
{
    char buffer[300], *dst = buffer;

    if (!str) return "(null)";
    if (!((ULONG_PTR)str >> 16)) return wine_dbg_sprintf( "#%04x", (WORD)(ULONG_PTR)str );
    if (n < 0) n = strlen( str );
    *dst++ = '"';
    while (n > 0 && dst < buffer + sizeof(buffer) - 10)
    {
        dst = wine_escape_char( dst, (unsigned char)*str++, 0 );
        n--;
    }
    *dst++ = '"';
    if (n > 0) { *dst++ = '.'; *dst++ = '.'; *dst++ = '.'; }
    *dst = 0;
    return wine_dbg_sprintf( "%s", buffer );
}

const char *wine_dbgstr_wn( const WCHAR *str, int n )
{
    char buffer[300], *dst = buffer;

    if (!str) return "(null)";
    if (!((ULONG_PTR)str >> 16)) return wine_dbg_sprintf( "#%04x", (WORD)(ULONG_PTR)str );
    if (n < 0) n = wcslen( str );
    *dst++ = 'L';
    *dst++ = '"';
    while (n > 0 && dst < buffer + sizeof(buffer) - 10)
    {
        dst = wine_escape_char( dst, *str++, 1 );
        n--;
    }
    *dst++ = '"';
    if (n > 0) { *dst++ = '.'; *dst++ = '.'; *dst++ = '.'; }
    *dst = 0;
    return wine_dbg_sprintf( "%s", buffer );
}

const char *wine_dbgstr_guid( const GUID *id )
{
    if (!id) return "(null)";
    return wine_dbg_sprintf( "{%08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
                             id->Data1, id->Data2, id->Data3, id->Data4[0], id->Data4[1], id->Data4[2],
                             id->Data4[3], id->Data4[4], id->Data4[5], id->Data4[6], id->Data4[7] );
}
