/*
 * Name formats: GetUserNameEx, GetComputerObjectName, TranslateName.
 *
 * The machine is a workgroup member as far as these calls know: the names a
 * directory would provide (DNs, UPNs, canonical names) are not mapped, and
 * translations that need a domain controller fail, as on a workgroup Windows.
 */
#include "secur32_priv.h"
#include <secext.h>
#include <lmcons.h>
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(secur32);

static INIT_ONCE computer_once = INIT_ONCE_STATIC_INIT;
static WCHAR computer_name[MAX_COMPUTERNAME_LENGTH + 1];

static BOOL WINAPI init_computer_name( INIT_ONCE *once, void *param, void **context )
{
    DWORD len = ARRAYSIZE(computer_name);
    if (!GetComputerNameW( computer_name, &len )) computer_name[0] = 0;
    return TRUE;
}

/* The NetBIOS name of this machine, which changes only with a restart. */
const WCHAR *secur32_computer_name( void )
{
    InitOnceExecuteOnce( &computer_once, init_computer_name, NULL, NULL );
    return computer_name;
}

/* Copies NAME to BUF of *SIZE characters with GetUserNameEx's conventions. */
static BOOLEAN return_nameW( const WCHAR *name, WCHAR *buf, ULONG *size )
{
    ULONG len = wcslen( name );

    if (!buf || *size <= len)
    {
        *size = len + 1;
        SetLastError( ERROR_MORE_DATA );
        return FALSE;
    }
    memcpy( buf, name, (len + 1) * sizeof(WCHAR) );
    *size = len;
    return TRUE;
}

static BOOLEAN return_nameA( const WCHAR *name, char *buf, ULONG *size )
{
    int len = WideCharToMultiByte( CP_ACP, 0, name, -1, NULL, 0, NULL, NULL );

    if (!buf || *size < (ULONG)len)
    {
        *size = len;
        SetLastError( ERROR_MORE_DATA );
        return FALSE;
    }
    WideCharToMultiByte( CP_ACP, 0, name, -1, buf, *size, NULL, NULL );
    *size = len - 1;
    return TRUE;
}

/* The caller's name in FORMAT, or FALSE with the last error set. */
static BOOLEAN user_name( EXTENDED_NAME_FORMAT format, WCHAR *name, ULONG size )
{
    WCHAR user[UNLEN + 1], computer[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD user_len = ARRAYSIZE(user), computer_len = ARRAYSIZE(computer);

    switch (format)
    {
    case NameSamCompatible:
        if (!GetUserNameW( user, &user_len ) || !GetComputerNameW( computer, &computer_len )) return FALSE;
        _snwprintf( name, size, L"%ls\\%ls", computer, user );
        name[size - 1] = 0;
        return TRUE;
    case NameDisplay:
        return GetUserNameW( name, &(DWORD){ size } );
    case NameUnknown:
        SetLastError( ERROR_NO_SUCH_USER );
        return FALSE;
    default:
        SetLastError( ERROR_NONE_MAPPED );
        return FALSE;
    }
}

static BOOLEAN get_user_name( EXTENDED_NAME_FORMAT format, ULONG *size, WCHAR *name, ULONG name_size )
{
    if (!size)
    {
        SetLastError( ERROR_INVALID_PARAMETER );
        return FALSE;
    }
    return user_name( format, name, name_size );
}

BOOLEAN WINAPI GetUserNameExW( EXTENDED_NAME_FORMAT format, WCHAR *buf, ULONG *size )
{
    WCHAR name[UNLEN + MAX_COMPUTERNAME_LENGTH + 2];

    TRACE( "%u %p %p\n", format, buf, size );
    return get_user_name( format, size, name, ARRAYSIZE(name) ) && return_nameW( name, buf, size );
}

BOOLEAN WINAPI GetUserNameExA( EXTENDED_NAME_FORMAT format, char *buf, ULONG *size )
{
    WCHAR name[UNLEN + MAX_COMPUTERNAME_LENGTH + 2];

    TRACE( "%u %p %p\n", format, buf, size );
    return get_user_name( format, size, name, ARRAYSIZE(name) ) && return_nameA( name, buf, size );
}

static BOOLEAN computer_object_name( EXTENDED_NAME_FORMAT format )
{
    SetLastError( format == NameUnknown ? ERROR_INVALID_PARAMETER : ERROR_CANT_ACCESS_DOMAIN_INFO );
    return FALSE;
}

BOOLEAN WINAPI GetComputerObjectNameW( EXTENDED_NAME_FORMAT format, WCHAR *buf, ULONG *size )
{
    TRACE( "%u %p %p\n", format, buf, size );
    return computer_object_name( format );
}

BOOLEAN WINAPI GetComputerObjectNameA( EXTENDED_NAME_FORMAT format, char *buf, ULONG *size )
{
    TRACE( "%u %p %p\n", format, buf, size );
    return computer_object_name( format );
}

static BOOLEAN translate_name( const void *name, EXTENDED_NAME_FORMAT offered, EXTENDED_NAME_FORMAT desired,
                               const void *size )
{
    if (!name || !size || offered == NameUnknown || desired == NameUnknown)
    {
        SetLastError( ERROR_INVALID_PARAMETER );
        return FALSE;
    }
    TRACE( "no domain controller to translate names with\n" );
    SetLastError( ERROR_NO_SUCH_DOMAIN );
    return FALSE;
}

BOOLEAN WINAPI TranslateNameW( const WCHAR *name, EXTENDED_NAME_FORMAT offered, EXTENDED_NAME_FORMAT desired,
                               WCHAR *buf, ULONG *size )
{
    TRACE( "%s %u %u %p %p\n", debugstr_w(name), offered, desired, buf, size );
    return translate_name( name, offered, desired, size );
}

BOOLEAN WINAPI TranslateNameA( const char *name, EXTENDED_NAME_FORMAT offered, EXTENDED_NAME_FORMAT desired,
                               char *buf, ULONG *size )
{
    TRACE( "%s %u %u %p %p\n", debugstr_a(name), offered, desired, buf, size );
    return translate_name( name, offered, desired, size );
}

BOOLEAN WINAPI SecpTranslateName( WCHAR *domain, const WCHAR *name, EXTENDED_NAME_FORMAT offered,
                                  EXTENDED_NAME_FORMAT desired, WCHAR *buf, ULONG *size )
{
    TRACE( "%s %s %u %u\n", debugstr_w(domain), debugstr_w(name), offered, desired );
    return translate_name( name, offered, desired, size );
}

BOOLEAN WINAPI SecpTranslateNameEx( WCHAR *domain, const WCHAR *name, EXTENDED_NAME_FORMAT offered,
                                    EXTENDED_NAME_FORMAT *desired, ULONG count, WCHAR ***translated )
{
    TRACE( "%s %s %u %p %lu\n", debugstr_w(domain), debugstr_w(name), offered, desired, count );
    if (!desired || !count || !translated)
    {
        SetLastError( ERROR_INVALID_PARAMETER );
        return FALSE;
    }
    return translate_name( name, offered, desired[0], translated );
}

void WINAPI SecpFreeMemory( void *ptr )
{
    secur32_free( ptr );
}
