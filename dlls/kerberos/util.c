/*
 * What the Kerberos package's files share: strings from kerberos.so and from
 * callers' submit buffers, times.
 */
#include "krb_priv.h"

/* A string of a submit buffer (LsaLogonUser's, LsaCallAuthenticationPackage's),
 * whose Buffer is an address within it or, packed as credential providers
 * pass it, an offset from its start. */
BOOL krb_submitted_string( const UNICODE_STRING *str, const void *base, ULONG size, WCHAR **out )
{
    ULONG_PTR value = (ULONG_PTR)str->Buffer, offset;

    *out = NULL;
    if (str->Length & 1) return FALSE;
    if (!str->Length) return TRUE;
    if (value < size) offset = value;
    else if (value >= (ULONG_PTR)base && value - (ULONG_PTR)base < size) offset = value - (ULONG_PTR)base;
    else return FALSE;
    if (str->Length > size - offset) return FALSE;
    if (!(*out = ssp_alloc( str->Length + sizeof(WCHAR) ))) return FALSE;
    memcpy( *out, (const BYTE *)base + offset, str->Length );
    return TRUE;
}

WCHAR *krb_wide_n( const char *str, int size )
{
    int len;
    WCHAR *ret;

    if (!str) return NULL;
    len = size ? MultiByteToWideChar( CP_UTF8, 0, str, size, NULL, 0 ) : 0;
    if ((ret = ssp_alloc( (len + 1) * sizeof(WCHAR) )) && len) MultiByteToWideChar( CP_UTF8, 0, str, size, ret, len );
    return ret;
}

WCHAR *krb_wide( const char *str )
{
    return str ? krb_wide_n( str, strlen( str ) ) : NULL;
}

const TimeStamp krb_never = { .LowPart = 0xffffffff, .HighPart = 0x7fffffff };

/* Seconds since 1970 as the local FILETIME SSPI returns. */
TimeStamp krb_timestamp( INT64 seconds )
{
    LARGE_INTEGER utc, local;
    TimeStamp ret;

    if (seconds <= 0 || seconds >= 0x7fffffff00LL) return krb_never;
    utc.QuadPart = seconds * 10000000 + 116444736000000000LL;
    if (!FileTimeToLocalFileTime( (FILETIME *)&utc, (FILETIME *)&local )) local = utc;
    ret.LowPart = local.LowPart;
    ret.HighPart = local.HighPart;
    return ret;
}
