/*
 * GetUserNameEx, GetComputerObjectName and TranslateName.
 */
#include <stdarg.h>
#include <stdio.h>
#include <windef.h>
#include <winbase.h>
#define SECURITY_WIN32
#include <security.h>
#include <secext.h>

#include "wine/test.h"

static const EXTENDED_NAME_FORMAT formats[] =
{
    NameUnknown, NameFullyQualifiedDN, NameSamCompatible, NameDisplay, NameUniqueId, NameCanonical,
    NameUserPrincipal, NameCanonicalEx, NameServicePrincipal, NameDnsDomain
};

static void test_user_name_formats(void)
{
    WCHAR name[256];
    ULONG size, i;
    BOOLEAN ret;

    for (i = 0; i < ARRAY_SIZE(formats); i++)
    {
        size = ARRAY_SIZE(name);
        SetLastError( 0xdeadbeef );
        ret = GetUserNameExW( formats[i], name, &size );
        ok( ret || (formats[i] == NameUnknown && GetLastError() == ERROR_NO_SUCH_USER) ||
            GetLastError() == ERROR_NONE_MAPPED, "format %u: error %lu\n", formats[i], GetLastError() );
    }
}

static void test_sam_compatible(void)
{
    WCHAR nameW[256], user[256], expected[512], computer[MAX_COMPUTERNAME_LENGTH + 1];
    char nameA[256];
    DWORD user_len = ARRAY_SIZE(user), computer_len = ARRAY_SIZE(computer);
    ULONG size;
    BOOLEAN ret;

    GetUserNameW( user, &user_len );
    GetComputerNameW( computer, &computer_len );
    swprintf( expected, ARRAY_SIZE(expected), L"%s\\%s", computer, user );

    size = ARRAY_SIZE(nameW);
    ret = GetUserNameExW( NameSamCompatible, nameW, &size );
    ok( ret, "failed: %lu\n", GetLastError() );
    /* a domain member shows its domain instead of the computer name */
    ok( !wcsicmp( nameW, expected ) || broken( wcschr( nameW, '\\' ) != NULL ), "got %s\n", wine_dbgstr_w(nameW) );
    ok( size == wcslen( nameW ), "size %lu, length %Iu\n", size, wcslen( nameW ) );

    /* too small: required size with the terminator, buffer untouched */
    size = 1;
    nameW[0] = 0xffff;
    SetLastError( 0xdeadbeef );
    ret = GetUserNameExW( NameSamCompatible, nameW, &size );
    ok( !ret && GetLastError() == ERROR_MORE_DATA, "got %d, error %lu\n", ret, GetLastError() );
    ok( size == wcslen( expected ) + 1 || broken( size > 1 ), "size %lu\n", size );
    ok( nameW[0] == 0xffff, "buffer changed\n" );

    size = 0;
    SetLastError( 0xdeadbeef );
    ret = GetUserNameExW( NameSamCompatible, NULL, &size );
    ok( !ret && GetLastError() == ERROR_MORE_DATA, "got %d, error %lu\n", ret, GetLastError() );
    ok( size > 1, "size %lu\n", size );

    size = sizeof(nameA);
    ret = GetUserNameExA( NameSamCompatible, nameA, &size );
    ok( ret, "A failed: %lu\n", GetLastError() );
    ok( size == strlen( nameA ), "A size %lu\n", size );
    ok( strchr( nameA, '\\' ) != NULL, "A name %s\n", nameA );
    size = 0;
    SetLastError( 0xdeadbeef );
    ret = GetUserNameExA( NameSamCompatible, nameA, &size );
    ok( !ret && GetLastError() == ERROR_MORE_DATA, "A too small: %d, error %lu\n", ret, GetLastError() );
    ok( size == strlen( nameA ) + 1, "A required size %lu\n", size );
}

static void test_computer_object_name(void)
{
    WCHAR name[256];
    ULONG size, i;
    BOOLEAN ret;

    for (i = 0; i < ARRAY_SIZE(formats); i++)
    {
        size = ARRAY_SIZE(name);
        SetLastError( 0xdeadbeef );
        ret = GetComputerObjectNameW( formats[i], name, &size );
        ok( ret || (formats[i] == NameUnknown && GetLastError() == ERROR_INVALID_PARAMETER) ||
            GetLastError() == ERROR_CANT_ACCESS_DOMAIN_INFO || GetLastError() == ERROR_NO_SUCH_DOMAIN ||
            GetLastError() == ERROR_NONE_MAPPED, "format %u: error %lu\n", formats[i], GetLastError() );
    }
}

static void test_translate_name(void)
{
    WCHAR name[256];
    ULONG size = ARRAY_SIZE(name);
    BOOLEAN ret;

    SetLastError( 0xdeadbeef );
    ret = TranslateNameW( NULL, NameSamCompatible, NameDisplay, name, &size );
    ok( !ret && GetLastError() == ERROR_INVALID_PARAMETER, "NULL name: %d, error %lu\n", ret, GetLastError() );
    SetLastError( 0xdeadbeef );
    ret = TranslateNameW( L"WORKGROUP\\nobody", NameSamCompatible, NameUnknown, name, &size );
    ok( !ret && GetLastError() == ERROR_INVALID_PARAMETER, "NameUnknown: %d, error %lu\n", ret, GetLastError() );
    SetLastError( 0xdeadbeef );
    ret = TranslateNameA( "WORKGROUP\\nobody", NameSamCompatible, NameDisplay, NULL, NULL );
    ok( !ret && GetLastError() == ERROR_INVALID_PARAMETER, "NULL size: %d, error %lu\n", ret, GetLastError() );
}

START_TEST(names)
{
    test_user_name_formats();
    test_sam_compatible();
    test_computer_object_name();
    test_translate_name();
}
