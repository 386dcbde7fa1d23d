/*
 * The protocol versions in force, as Windows decides them: every version is
 * enabled, TLS 1.0 and 1.1 only when the caller names them (disabled by
 * default); the registry keys Windows reads (SCHANNEL\Protocols\NAME\Server|Client)
 * turn a version off for everyone (Enabled = 0), on by default (Enabled = 1),
 * or to be named first (DisabledByDefault = 1).
 */
#include "schannel_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(schannel);

static const struct
{
    const WCHAR *name;
    DWORD        server, client;
    UINT32       version;
    BOOL         by_default;   /* used when the caller names no version, unless the registry says otherwise */
}
protocols[] =
{
    { L"TLS 1.0", SP_PROT_TLS1_0_SERVER, SP_PROT_TLS1_0_CLIENT, TLS_VERSION_1_0, FALSE },
    { L"TLS 1.1", SP_PROT_TLS1_1_SERVER, SP_PROT_TLS1_1_CLIENT, TLS_VERSION_1_1, FALSE },
    { L"TLS 1.2", SP_PROT_TLS1_2_SERVER, SP_PROT_TLS1_2_CLIENT, TLS_VERSION_1_2, TRUE },
    { L"TLS 1.3", SP_PROT_TLS1_3_SERVER, SP_PROT_TLS1_3_CLIENT, TLS_VERSION_1_3, TRUE },
    /* DTLS only for credentials that name it, and never with TLS */
    { L"DTLS 1.0", SP_PROT_DTLS1_0_SERVER, SP_PROT_DTLS1_0_CLIENT, TLS_VERSION_DTLS_1_0, FALSE },
    { L"DTLS 1.2", SP_PROT_DTLS1_2_SERVER, SP_PROT_DTLS1_2_CLIENT, TLS_VERSION_DTLS_1_2, FALSE },
};

static BOOL read_dword( const WCHAR *protocol, BOOL server, const WCHAR *value, DWORD *data )
{
    WCHAR key[160];
    DWORD size = sizeof(*data);

    swprintf( key, ARRAYSIZE(key), L"SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\%ls\\%ls",
              protocol, server ? L"Server" : L"Client" );
    return !RegGetValueW( HKEY_LOCAL_MACHINE, key, value, RRF_RT_REG_DWORD, NULL, data, &size );
}

/* REQUESTED: SP_PROT_* the caller named, 0 for the defaults; DISABLED: what it turned off. */
DWORD schan_enabled_protocols( BOOL server, DWORD requested, DWORD disabled )
{
    DWORD ret = 0, data;
    ULONG i;

    for (i = 0; i < ARRAYSIZE(protocols); i++)
    {
        DWORD bit = server ? protocols[i].server : protocols[i].client;
        BOOL enabled = TRUE, by_default = protocols[i].by_default;

        if (read_dword( protocols[i].name, server, L"Enabled", &data )) enabled = by_default = data != 0;
        if (read_dword( protocols[i].name, server, L"DisabledByDefault", &data ) && data) by_default = FALSE;
        if (!enabled || (disabled & bit)) continue;
        if (requested ? (requested & bit) != 0 : by_default) ret |= bit;
    }
    TRACE( "%s: requested %#lx, disabled %#lx -> %#lx\n", server ? "server" : "client", requested, disabled, ret );
    return ret;
}

UINT32 schan_versions( DWORD protocols_mask )
{
    UINT32 ret = 0;
    ULONG i;

    for (i = 0; i < ARRAYSIZE(protocols); i++)
        if (protocols_mask & (protocols[i].server | protocols[i].client)) ret |= protocols[i].version;
    return ret;
}

DWORD schan_protocol_of( UINT32 version, BOOL server )
{
    ULONG i;

    for (i = 0; i < ARRAYSIZE(protocols); i++)
        if (protocols[i].version == version) return server ? protocols[i].server : protocols[i].client;
    return 0;
}
