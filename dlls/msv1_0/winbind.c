/*
 * Pass-through validation of domain accounts: the client's responses go to
 * Samba's winbind (through msv1_0.so), which asks a domain controller, as
 * Windows' msv1_0 on a domain member asks its DC through Netlogon.
 * Configured by Lsa\MSV1_0\WinbindPassThrough (DWORD 1).
 */
#include "ntlm_priv.h"
#include "unixlib.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(ntlm);

static INIT_ONCE unix_once = INIT_ONCE_STATIC_INIT;
static NTSTATUS unix_status;

static BOOL WINAPI init_unix( INIT_ONCE *once, void *param, void **context )
{
    if ((unix_status = __wine_init_unix_call())) ERR( "no msv1_0.so: %08lx\n", unix_status );
    return TRUE;
}

static void utf16( const char *str, WCHAR *out, int size )
{
    if (!MultiByteToWideChar( CP_UTF8, 0, str, -1, out, size )) out[0] = 0;
}

SECURITY_STATUS ntlm_winbind_validate( const WCHAR *user, const WCHAR *domain, const struct ntlm_authenticate *auth,
                                       struct ntlm_server_input *in, WCHAR *account, int account_size,
                                       WCHAR *account_domain, int domain_size )
{
    struct winbind_validate_params params = { 0 };
    SECURITY_STATUS ret = SEC_E_INSUFFICIENT_MEMORY;
    NTSTATUS status;

    InitOnceExecuteOnce( &unix_once, init_unix, NULL, NULL );
    if (unix_status) return SEC_E_NO_AUTHENTICATING_AUTHORITY;

    params.user = ssp_utf8( user );
    params.domain = ssp_utf8( domain );
    params.workstation = ssp_utf8( L"" );
    if (!params.user || !params.domain || !params.workstation) goto done;
    params.challenge = in->server_challenge;
    params.lm_response = auth->lm_response.data;
    params.lm_len = auth->lm_response.len;
    params.nt_response = auth->nt_response.data;
    params.nt_len = auth->nt_response.len;

    if ((status = WINE_UNIX_CALL( unix_winbind_validate, &params )))
    {
        WARN( "winbind did not answer for %s\\%s: %08lx\n", debugstr_w(domain), debugstr_w(user), status );
        ret = SEC_E_NO_AUTHENTICATING_AUTHORITY;
    }
    else if (params.nt_status)
    {
        WARN( "the domain refused %s\\%s: %08x\n", debugstr_w(domain), debugstr_w(user), params.nt_status );
        ret = params.nt_status == (UINT32)STATUS_NO_LOGON_SERVERS ? SEC_E_NO_AUTHENTICATING_AUTHORITY
                                                                   : SEC_E_LOGON_DENIED;
    }
    else
    {
        TRACE( "the domain validated %s\\%s\n", debugstr_a(params.account_domain), debugstr_a(params.account) );
        in->validated = 1;
        memcpy( in->user_session_key, params.user_session_key, 16 );
        memcpy( in->lm_session_key, params.lm_session_key, 8 );
        utf16( params.account, account, account_size );
        utf16( params.account_domain, account_domain, domain_size );
        ret = SEC_E_OK;
    }
done:
    SecureZeroMemory( &params.user_session_key, sizeof(params.user_session_key) + sizeof(params.lm_session_key) );
    ssp_free( (char *)params.user );
    ssp_free( (char *)params.domain );
    ssp_free( (char *)params.workstation );
    return ret;
}
