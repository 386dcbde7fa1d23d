/*
 * String conversions and the SecPkgInfo blocks handed to callers.
 */
#include "secur32_priv.h"

WCHAR *strdupAW( const char *str )
{
    WCHAR *ret;
    int len;

    if (!str) return NULL;
    len = MultiByteToWideChar( CP_ACP, 0, str, -1, NULL, 0 );
    if ((ret = secur32_alloc( len * sizeof(WCHAR) ))) MultiByteToWideChar( CP_ACP, 0, str, -1, ret, len );
    return ret;
}

char *strdupWA( const WCHAR *str )
{
    char *ret;
    int len;

    if (!str) return NULL;
    len = WideCharToMultiByte( CP_ACP, 0, str, -1, NULL, 0, NULL, NULL );
    if ((ret = secur32_alloc( len ))) WideCharToMultiByte( CP_ACP, 0, str, -1, ret, len, NULL, NULL );
    return ret;
}

/* One block: the array, then the strings, freed at once by FreeContextBuffer. */
SECURITY_STATUS sec_pkg_info_copyW( const SecPkgInfoW *info, ULONG count, SecPkgInfoW **ret )
{
    SIZE_T size = count * sizeof(*info);
    SecPkgInfoW *out;
    WCHAR *pos;
    ULONG i;

    for (i = 0; i < count; i++)
        size += (wcslen( info[i].Name ) + wcslen( info[i].Comment ) + 2) * sizeof(WCHAR);
    if (!(out = secur32_alloc( size ))) return SEC_E_INSUFFICIENT_MEMORY;
    pos = (WCHAR *)(out + count);
    for (i = 0; i < count; i++)
    {
        out[i] = info[i];
        out[i].Name = pos;
        wcscpy( pos, info[i].Name );
        pos += wcslen( pos ) + 1;
        out[i].Comment = pos;
        wcscpy( pos, info[i].Comment );
        pos += wcslen( pos ) + 1;
    }
    *ret = out;
    return SEC_E_OK;
}

SECURITY_STATUS sec_pkg_info_WtoA( const SecPkgInfoW *info, ULONG count, SecPkgInfoA **ret )
{
    SIZE_T size = count * sizeof(SecPkgInfoA);
    SecPkgInfoA *out;
    char *pos, *end;
    ULONG i;
    int len;

    for (i = 0; i < count; i++)
        size += WideCharToMultiByte( CP_ACP, 0, info[i].Name, -1, NULL, 0, NULL, NULL ) +
                WideCharToMultiByte( CP_ACP, 0, info[i].Comment, -1, NULL, 0, NULL, NULL );
    if (!(out = secur32_alloc( size ))) return SEC_E_INSUFFICIENT_MEMORY;
    pos = (char *)(out + count);
    end = (char *)out + size;
    for (i = 0; i < count; i++)
    {
        out[i].fCapabilities = info[i].fCapabilities;
        out[i].wVersion = info[i].wVersion;
        out[i].wRPCID = info[i].wRPCID;
        out[i].cbMaxToken = info[i].cbMaxToken;
        out[i].Name = pos;
        len = WideCharToMultiByte( CP_ACP, 0, info[i].Name, -1, pos, end - pos, NULL, NULL );
        pos += len;
        out[i].Comment = pos;
        len = WideCharToMultiByte( CP_ACP, 0, info[i].Comment, -1, pos, end - pos, NULL, NULL );
        pos += len;
    }
    *ret = out;
    return SEC_E_OK;
}

/* Replaces the package-allocated Unicode string at *PTR with an ANSI copy. */
SECURITY_STATUS string_to_ansi( void *ptr )
{
    WCHAR **str = ptr;
    char *ansi;

    if (!*str) return SEC_E_OK;
    if (!(ansi = strdupWA( *str ))) return SEC_E_INSUFFICIENT_MEMORY;
    secur32_free( *str );
    *str = (WCHAR *)ansi;
    return SEC_E_OK;
}
