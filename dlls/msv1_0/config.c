/*
 * Policy and platform bits of the NTLM package: the registry settings Windows
 * uses, our version, randomness and time.
 */
#include "ntlm_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(ntlm);

const TimeStamp ntlm_never = { .LowPart = 0xffffffff, .HighPart = 0x7fffffff };

static DWORD read_dword( const WCHAR *key, const WCHAR *value, DWORD def )
{
    DWORD data, size = sizeof(data);

    if (RegGetValueW( HKEY_LOCAL_MACHINE, key, value, RRF_RT_REG_DWORD, NULL, &data, &size )) return def;
    return data;
}

/* Unlike Windows (3), the default refuses LM and NTLMv1 as a server and sends
 * NTLMv2 only as a client: security by default; the registry can lower it. */
void ntlm_read_config( struct ntlm_config *config )
{
    static const WCHAR lsa[] = L"SYSTEM\\CurrentControlSet\\Control\\Lsa";
    static const WCHAR msv1_0[] = L"SYSTEM\\CurrentControlSet\\Control\\Lsa\\MSV1_0";

    config->lm_compat_level = read_dword( lsa, L"LmCompatibilityLevel", 5 );
    if (config->lm_compat_level > 5) config->lm_compat_level = 5;
    config->min_client_sec = read_dword( msv1_0, L"NtlmMinClientSec", NTLMSSP_NEGOTIATE_128 );
    config->min_server_sec = read_dword( msv1_0, L"NtlmMinServerSec", NTLMSSP_NEGOTIATE_128 );
    TRACE( "level %lu, min client %08lx, min server %08lx\n", config->lm_compat_level, config->min_client_sec,
           config->min_server_sec );
}

/* The VERSION field: Windows 10 (10.0.19041), NTLM revision 15. */
void ntlm_version( BYTE version[8] )
{
    static const BYTE win10[8] = { 10, 0, 0x61, 0x4a, 0, 0, 0, 15 };
    memcpy( version, win10, 8 );
}

BOOL ntlm_random( void *buf, ULONG len )
{
    if (RtlGenRandom( buf, len )) return TRUE;
    ERR( "no random numbers\n" );
    return FALSE;
}

uint64_t ntlm_now( void )
{
    FILETIME ft;
    GetSystemTimeAsFileTime( &ft );
    return (uint64_t)ft.dwHighDateTime << 32 | ft.dwLowDateTime;
}
