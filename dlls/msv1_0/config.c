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

static SRWLOCK config_lock = SRWLOCK_INIT;
static struct ntlm_config config_cache;
static INIT_ONCE config_once = INIT_ONCE_STATIC_INIT;
static HKEY lsa_key;
static HANDLE lsa_changed;   /* signalled when anything under the Lsa key changes */

/* Unlike Windows (3), the default refuses LM and NTLMv1 as a server and sends
 * NTLMv2 only as a client: security by default; the registry can lower it. */
static void load_config( struct ntlm_config *config )
{
    static const WCHAR lsa[] = L"SYSTEM\\CurrentControlSet\\Control\\Lsa";
    static const WCHAR msv1_0[] = L"SYSTEM\\CurrentControlSet\\Control\\Lsa\\MSV1_0";

    config->lm_compat_level = read_dword( lsa, L"LmCompatibilityLevel", 5 );
    if (config->lm_compat_level > 5) config->lm_compat_level = 5;
    config->min_client_sec = read_dword( msv1_0, L"NtlmMinClientSec", NTLMSSP_NEGOTIATE_128 );
    config->min_server_sec = read_dword( msv1_0, L"NtlmMinServerSec", NTLMSSP_NEGOTIATE_128 );
    config->winbind = read_dword( msv1_0, L"WinbindPassThrough", 0 );
    TRACE( "level %lu, min client %08lx, min server %08lx, winbind %lu\n", config->lm_compat_level,
           config->min_client_sec, config->min_server_sec, config->winbind );
}

static void reload_config( void )
{
    struct ntlm_config fresh;

    /* watch first, then read, so that no change falls in between */
    if (lsa_key && lsa_changed)
        RegNotifyChangeKeyValue( lsa_key, TRUE, REG_NOTIFY_CHANGE_NAME | REG_NOTIFY_CHANGE_LAST_SET, lsa_changed, TRUE );
    load_config( &fresh );
    AcquireSRWLockExclusive( &config_lock );
    config_cache = fresh;
    ReleaseSRWLockExclusive( &config_lock );
}

static void CALLBACK lsa_key_changed( void *param, BOOLEAN timed_out )
{
    reload_config();
}

static BOOL WINAPI init_config( INIT_ONCE *once, void *param, void **context )
{
    HANDLE wait;

    lsa_changed = CreateEventW( NULL, FALSE, FALSE, NULL );
    if (RegCreateKeyExW( HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Control\\Lsa", 0, NULL, 0, KEY_NOTIFY,
                         NULL, &lsa_key, NULL ))
        lsa_key = NULL;
    reload_config();
    if (lsa_key && lsa_changed &&
        !RegisterWaitForSingleObject( &wait, lsa_changed, lsa_key_changed, NULL, INFINITE, WT_EXECUTEDEFAULT ))
        WARN( "changes to the NTLM policy will apply only to new processes\n" );
    return TRUE;
}

/* The policy in force. Like Windows' LSA, a watcher reads the registry again
 * when it changes, so a handshake costs no registry reads; a change applies
 * to every handle shortly after it is made. */
void ntlm_read_config( struct ntlm_config *config )
{
    InitOnceExecuteOnce( &config_once, init_config, NULL, NULL );
    AcquireSRWLockShared( &config_lock );
    *config = config_cache;
    ReleaseSRWLockShared( &config_lock );
}

static INIT_ONCE names_once = INIT_ONCE_STATIC_INIT;
static struct ntlm_host_names host_names;

static BOOL WINAPI init_host_names( INIT_ONCE *once, void *param, void **context )
{
    DWORD size = ARRAYSIZE(host_names.computer), host_size = ARRAYSIZE(host_names.dns_host),
          domain_size = ARRAYSIZE(host_names.dns_domain);

    if (!GetComputerNameW( host_names.computer, &size )) host_names.computer[0] = 0;
    if (!GetComputerNameExW( ComputerNameDnsFullyQualified, host_names.dns_host, &host_size ) ||
        !host_names.dns_host[0])
        wcscpy( host_names.dns_host, host_names.computer );
    if (!GetComputerNameExW( ComputerNameDnsDomain, host_names.dns_domain, &domain_size ) ||
        !host_names.dns_domain[0])
        wcscpy( host_names.dns_domain, host_names.dns_host );
    return TRUE;
}

/* This machine's names, which change only with a restart, as on Windows. */
const struct ntlm_host_names *ntlm_host_names( void )
{
    InitOnceExecuteOnce( &names_once, init_host_names, NULL, NULL );
    return &host_names;
}

/* A domain this machine answers for: none, ".", or its own name. */
BOOL ntlm_is_local_domain( const WCHAR *domain )
{
    return !domain[0] || !wcscmp( domain, L"." ) || !wcsicmp( domain, ntlm_host_names()->computer );
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
