/*
 * LsaLogonUser for Kerberos: an interactive logon (KERB_INTERACTIVE_LOGON)
 * validates the password with an AS exchange, and the TGT it gets becomes
 * the new logon session's tickets.
 */
#include "krb_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(kerberos);

static UNICODE_STRING *new_unicode_string( const WCHAR *str )
{
    UNICODE_STRING *ret = ssp_alloc( sizeof(*ret) );

    if (!ret) return NULL;
    if (!(ret->Buffer = ssp_strdup( str )))
    {
        ssp_free( ret );
        return NULL;
    }
    ret->Length = wcslen( str ) * sizeof(WCHAR);
    ret->MaximumLength = ret->Length + sizeof(WCHAR);
    return ret;
}

/* KERB_INTERACTIVE_PROFILE, its strings (the logon server) after it. */
static NTSTATUS make_profile( const WCHAR *server, void **profile, ULONG *size )
{
    KERB_INTERACTIVE_PROFILE *p;
    ULONG len = (wcslen( server ) + 1) * sizeof(WCHAR);
    FILETIME now;

    *size = sizeof(*p) + len;
    if (ssp_lsa->AllocateClientBuffer( NULL, *size, (void **)&p )) return STATUS_NO_MEMORY;
    memset( p, 0, *size );
    p->MessageType = KerbInteractiveProfile;
    GetSystemTimeAsFileTime( &now );
    p->LogonTime.LowPart = now.dwLowDateTime;
    p->LogonTime.HighPart = now.dwHighDateTime;
    p->LogoffTime.QuadPart = p->KickOffTime.QuadPart = p->PasswordMustChange.QuadPart = MAXLONGLONG;
    p->LogonServer.Buffer = (WCHAR *)(p + 1);
    p->LogonServer.Length = len - sizeof(WCHAR);
    p->LogonServer.MaximumLength = len;
    memcpy( p + 1, server, len );
    *profile = p;
    return STATUS_SUCCESS;
}

/* The TGT of USER with PASSWORD, as credentials. */
static NTSTATUS get_tgt( const WCHAR *user, const WCHAR *domain, const WCHAR *password, krb_cred_t *cred,
                         WCHAR **realm, NTSTATUS *substatus )
{
    struct cred_acquire_params params = { .use = KRB_CRED_INITIATE, .logon = 1 };
    char principal[KRB_MAX_NAME], *user8 = ssp_utf8( user ), *domain8 = ssp_utf8( domain );
    const char *at;
    NTSTATUS status;
    int32_t sub = 0;

    if (!user8 || !domain8 || !(params.password = ssp_utf8( password ))) status = STATUS_NO_MEMORY;
    else if (krb_user_principal( user8, domain8, krb_default_realm, principal, sizeof(principal) ))
        status = STATUS_NO_SUCH_USER;
    else
    {
        params.principal = principal;
        if ((status = WINE_UNIX_CALL( unix_cred_acquire, &params )))
        {
            WARN( "logon of %s failed: %08lx (krb5 error %d)\n", debugstr_a(principal), status, params.krb_error );
            status = STATUS_LOGON_FAILURE;
            if (params.krb_error) status = krb_logon_status( params.krb_error, &sub );
            *substatus = sub;
        }
        else
        {
            *cred = params.cred;
            at = krb_principal_realm( principal );
            if (!(*realm = krb_wide( at ? at : "" ))) status = STATUS_NO_MEMORY;
        }
    }
    if (params.password)
    {
        SecureZeroMemory( (char *)params.password, strlen( params.password ) );
        ssp_free( (char *)params.password );
    }
    ssp_free( user8 );
    ssp_free( domain8 );
    return status;
}

NTSTATUS NTAPI krb_SpLogonUserEx2( PLSA_CLIENT_REQUEST request, SECURITY_LOGON_TYPE type, void *submit, void *base,
                                   ULONG size, void **profile, ULONG *profile_size, LUID *logon_id,
                                   NTSTATUS *substatus, LSA_TOKEN_INFORMATION_TYPE *info_type, void **info,
                                   UNICODE_STRING **account, UNICODE_STRING **authority, UNICODE_STRING **machine,
                                   SECPKG_PRIMARY_CRED *primary, SECPKG_SUPPLEMENTAL_CRED_ARRAY **supplemental )
{
    const KERB_INTERACTIVE_LOGON *logon = submit;
    WCHAR *user = NULL, *domain = NULL, *password = NULL, *realm = NULL;
    LSA_TOKEN_INFORMATION_NULL *token_info;
    krb_cred_t cred = 0;
    NTSTATUS status;

    TRACE( "%u %p %lu\n", type, submit, size );
    *substatus = STATUS_SUCCESS;
    if (!submit || size < sizeof(*logon)) return STATUS_INVALID_PARAMETER;
    if (logon->MessageType != KerbInteractiveLogon && logon->MessageType != KerbWorkstationUnlockLogon)
    {
        FIXME( "logon message %u not supported\n", logon->MessageType );
        return STATUS_NOT_SUPPORTED;
    }
    if (!krb_submitted_string( &logon->UserName, submit, size, &user ) ||
        !krb_submitted_string( &logon->LogonDomainName, submit, size, &domain ) ||
        !krb_submitted_string( &logon->Password, submit, size, &password ) || !user || !user[0])
    {
        status = STATUS_INVALID_PARAMETER;
        goto done;
    }
    if ((status = get_tgt( user, domain ? domain : L"", password ? password : L"", &cred, &realm, substatus )))
        goto done;

    status = STATUS_NO_MEMORY;
    if (!AllocateLocallyUniqueId( logon_id ) || ssp_lsa->CreateLogonSession( logon_id )) goto done;
    krb_session_add( logon_id, cred );
    cred = 0;
    if (!(token_info = ssp_alloc( sizeof(*token_info) )) ||
        !(*account = new_unicode_string( user )) ||
        !(*authority = new_unicode_string( domain && domain[0] ? domain : realm )) ||
        make_profile( realm, profile, profile_size ))
    {
        ssp_free( token_info );
        goto done;
    }
    *info_type = LsaTokenInformationNull;
    *info = token_info;
    *machine = NULL;
    status = STATUS_SUCCESS;
    TRACE( "%s logged on\n", debugstr_w(user) );
done:
    if (cred)
    {
        struct cred_free_params params = { cred };
        WINE_UNIX_CALL( unix_cred_free, &params );
    }
    if (password) SecureZeroMemory( password, wcslen( password ) * sizeof(WCHAR) );
    ssp_free( user );
    ssp_free( domain );
    ssp_free( password );
    ssp_free( realm );
    return status;
}
