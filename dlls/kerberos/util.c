/*
 * What the Kerberos package's files share: strings in UTF-8 for kerberos.so, times.
 */
#include "krb_priv.h"

char *krb_utf8( const WCHAR *str )
{
    int len;
    char *ret;

    if (!str) return NULL;
    len = WideCharToMultiByte( CP_UTF8, 0, str, -1, NULL, 0, NULL, NULL );
    if ((ret = ssp_alloc( len ))) WideCharToMultiByte( CP_UTF8, 0, str, -1, ret, len, NULL, NULL );
    return ret;
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
