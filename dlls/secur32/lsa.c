/*
 * The client side of the LSA: connections, authentication package calls,
 * LsaLogonUser and logon session queries, served by the LSA emulation.
 */
#include "secur32_priv.h"
#include "logon.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(secur32);

#define LSA_CONNECTION_MAGIC 0x4c534163  /* "LSAc" */

struct lsa_connection
{
    ULONG magic;
    BOOL  trusted;   /* registered as a logon process */
};

static NTSTATUS new_connection( BOOL trusted, HANDLE *handle )
{
    struct lsa_connection *conn;

    if (!handle) return STATUS_INVALID_PARAMETER;
    packages_init();
    if (!(conn = secur32_alloc( sizeof(*conn) ))) return STATUS_NO_MEMORY;
    conn->magic = LSA_CONNECTION_MAGIC;
    conn->trusted = trusted;
    *handle = conn;
    return STATUS_SUCCESS;
}

/* Connection handles are only ever created here; checks the magic under an
 * exception handler so that a bogus handle fails instead of crashing. */
static struct lsa_connection *get_connection( HANDLE handle )
{
    struct lsa_connection *conn = handle;
    MEMORY_BASIC_INFORMATION mbi;

    if (!conn || ((ULONG_PTR)conn & (sizeof(ULONG) - 1))) return NULL;
    if (!VirtualQuery( conn, &mbi, sizeof(mbi) ) || mbi.State != MEM_COMMIT ||
        (mbi.Protect & (PAGE_NOACCESS | PAGE_GUARD)) ||
        (char *)mbi.BaseAddress + mbi.RegionSize < (char *)(conn + 1))
        return NULL;
    return conn->magic == LSA_CONNECTION_MAGIC ? conn : NULL;
}

NTSTATUS WINAPI LsaConnectUntrusted( HANDLE *handle )
{
    TRACE( "%p\n", handle );
    return new_connection( FALSE, handle );
}

NTSTATUS WINAPI LsaRegisterLogonProcess( LSA_STRING *name, HANDLE *handle, LSA_OPERATIONAL_MODE *mode )
{
    NTSTATUS status;

    TRACE( "%s %p %p\n", name ? debugstr_an( name->Buffer, name->Length ) : "(null)", handle, mode );
    if (!name) return STATUS_INVALID_PARAMETER;
    if (!(status = new_connection( TRUE, handle )) && mode) *mode = 0;
    return status;
}

NTSTATUS WINAPI LsaDeregisterLogonProcess( HANDLE handle )
{
    struct lsa_connection *conn = get_connection( handle );

    TRACE( "%p\n", handle );
    if (!conn) return STATUS_INVALID_HANDLE;
    conn->magic = 0;
    secur32_free( conn );
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI LsaLookupAuthenticationPackage( HANDLE handle, LSA_STRING *name, ULONG *id )
{
    struct sec_package *package;
    WCHAR nameW[128];
    int len;

    TRACE( "%p %s %p\n", handle, name ? debugstr_an( name->Buffer, name->Length ) : "(null)", id );
    if (!get_connection( handle )) return STATUS_INVALID_HANDLE;
    if (!name || !id || !name->Buffer) return STATUS_INVALID_PARAMETER;
    len = MultiByteToWideChar( CP_ACP, 0, name->Buffer, name->Length, nameW, ARRAYSIZE(nameW) - 1 );
    if (len <= 0) return STATUS_NO_SUCH_PACKAGE;
    nameW[len] = 0;
    if (!(package = find_package_w( nameW ))) return STATUS_NO_SUCH_PACKAGE;
    *id = package->id;
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI LsaCallAuthenticationPackage( HANDLE handle, ULONG id, void *buffer, ULONG len, void **ret,
                                              ULONG *ret_len, NTSTATUS *protocol_status )
{
    struct lsa_connection *conn = get_connection( handle );
    struct sec_package *package;
    void *dummy_ret = NULL;
    ULONG dummy_len = 0;
    NTSTATUS dummy_status, status;

    TRACE( "%p %lu %p %lu %p %p %p\n", handle, id, buffer, len, ret, ret_len, protocol_status );
    if (!conn) return STATUS_INVALID_HANDLE;
    if (!(package = package_by_id( id ))) return STATUS_NO_SUCH_PACKAGE;
    if (!ret) ret = &dummy_ret;
    if (!ret_len) ret_len = &dummy_len;
    if (!protocol_status) protocol_status = &dummy_status;
    *ret = NULL;
    *ret_len = 0;

    if (conn->trusted && package->lsa->CallPackage)
        status = package->lsa->CallPackage( NULL, buffer, buffer, len, ret, ret_len, protocol_status );
    else if (package->lsa->CallPackageUntrusted)
        status = package->lsa->CallPackageUntrusted( NULL, buffer, buffer, len, ret, ret_len, protocol_status );
    else
    {
        FIXME( "%s takes no package calls\n", debugstr_w(package->info.Name) );
        status = STATUS_NOT_IMPLEMENTED;
    }
    /* a package that did not take the call leaves no status of its own */
    if (status) *protocol_status = status;
    if (ret == &dummy_ret) secur32_free( dummy_ret );
    return status;
}

static void free_unicode_string( UNICODE_STRING *str )
{
    if (!str) return;
    secur32_free( str->Buffer );
    secur32_free( str );
}

/* Token information from a package, as its LsaApLogonUser allocated it. */
static void free_token_info( LSA_TOKEN_INFORMATION_TYPE type, void *info )
{
    LSA_TOKEN_INFORMATION_V1 *v1 = info;

    if (!info) return;
    if (type == LsaTokenInformationV1 || type == LsaTokenInformationV2)
    {
        secur32_free( v1->User.User.Sid );
        secur32_free( v1->Groups );
        secur32_free( v1->PrimaryGroup.PrimaryGroup );
        secur32_free( v1->Privileges );
        secur32_free( v1->Owner.Owner );
        secur32_free( v1->DefaultDacl.DefaultDacl );
    }
    else if (type == LsaTokenInformationNull) secur32_free( ((LSA_TOKEN_INFORMATION_NULL *)info)->Groups );
    secur32_free( info );
}

NTSTATUS WINAPI LsaLogonUser( HANDLE handle, LSA_STRING *origin, SECURITY_LOGON_TYPE type, ULONG id,
                              void *auth_info, ULONG auth_len, TOKEN_GROUPS *groups, TOKEN_SOURCE *source,
                              void **profile, ULONG *profile_len, LUID *logon_id, HANDLE *token,
                              QUOTA_LIMITS *quotas, NTSTATUS *substatus )
{
    struct lsa_connection *conn = get_connection( handle );
    struct sec_package *package;
    LSA_TOKEN_INFORMATION_TYPE info_type = LsaTokenInformationNull;
    UNICODE_STRING *account = NULL, *authority = NULL, *machine = NULL;
    SECPKG_PRIMARY_CRED primary;
    SECPKG_SUPPLEMENTAL_CRED_ARRAY *supplemental = NULL;
    void *token_info = NULL, *profile_buf = NULL;
    ULONG profile_size = 0;
    NTSTATUS status, sub = STATUS_SUCCESS, token_sub = STATUS_SUCCESS;
    LUID luid = { 0 };

    TRACE( "%p %s %u %lu %p %lu\n", handle, origin ? debugstr_an( origin->Buffer, origin->Length ) : "(null)",
           type, id, auth_info, auth_len );
    if (!conn) return STATUS_INVALID_HANDLE;
    if (!(package = package_by_id( id ))) return STATUS_NO_SUCH_PACKAGE;
    if (!profile || !profile_len || !logon_id || !token || !quotas || !substatus) return STATUS_INVALID_PARAMETER;

    memset( &primary, 0, sizeof(primary) );
    if (package->lsa->LogonUserEx2)
        status = package->lsa->LogonUserEx2( NULL, type, auth_info, auth_info, auth_len, &profile_buf, &profile_size,
                                             &luid, &sub, &info_type, &token_info, &account, &authority, &machine,
                                             &primary, &supplemental );
    else if (package->lsa->LogonUserEx)
        status = package->lsa->LogonUserEx( NULL, type, auth_info, auth_info, auth_len, &profile_buf, &profile_size,
                                            &luid, &sub, &info_type, &token_info, &account, &authority, &machine );
    else if (package->lsa->LogonUser)
        status = package->lsa->LogonUser( NULL, type, auth_info, auth_info, auth_len, &profile_buf, &profile_size,
                                          &luid, &sub, &info_type, &token_info, &account, &authority );
    else
    {
        FIXME( "%s does not log users on\n", debugstr_w(package->info.Name) );
        return STATUS_NOT_IMPLEMENTED;
    }
    *substatus = sub;

    if (!status)
    {
        status = lsa_functions.CreateToken( &luid, source, type, SecurityImpersonation, info_type, token_info, groups,
                                            account, authority, machine, NULL, token, &token_sub );
        if (!status) logon_session_set_identity( &luid, type, account, authority, package->info.Name,
                                                 NULL );
    }
    if (!status)
    {
        *profile = profile_buf;
        *profile_len = profile_size;
        *logon_id = luid;
        memset( quotas, 0, sizeof(*quotas) );
        profile_buf = NULL;
    }
    else if (luid.LowPart || luid.HighPart)
    {
        packages_logon_terminated( &luid );
        logon_session_delete( &luid );
    }

    secur32_free( profile_buf );
    free_token_info( info_type, token_info );
    free_unicode_string( account );
    free_unicode_string( authority );
    free_unicode_string( machine );
    secur32_free( supplemental );
    if (primary.Password.Buffer) SecureZeroMemory( primary.Password.Buffer, primary.Password.MaximumLength );
    return status;
}

NTSTATUS WINAPI LsaFreeReturnBuffer( void *buffer )
{
    TRACE( "%p\n", buffer );
    secur32_free( buffer );
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI LsaEnumerateLogonSessions( ULONG *count, LUID **list )
{
    TRACE( "%p %p\n", count, list );
    if (!count || !list) return STATUS_INVALID_PARAMETER;
    return logon_sessions_enumerate( count, list );
}

NTSTATUS WINAPI LsaGetLogonSessionData( LUID *id, SECURITY_LOGON_SESSION_DATA **data )
{
    TRACE( "%p %p\n", id, data );
    if (!id || !data) return STATUS_INVALID_PARAMETER;
    return logon_session_get_data( id, data );
}

/* Nothing here changes the policy, so a registered event is never signaled. */
NTSTATUS WINAPI LsaRegisterPolicyChangeNotification( POLICY_NOTIFICATION_INFORMATION_CLASS class, HANDLE event )
{
    TRACE( "%u %p\n", class, event );
    if (class < PolicyNotifyAuditEventsInformation || class >= PolicyNotifyMax) return STATUS_INVALID_PARAMETER;
    if (!event) return STATUS_INVALID_HANDLE;
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI LsaUnregisterPolicyChangeNotification( POLICY_NOTIFICATION_INFORMATION_CLASS class, HANDLE event )
{
    TRACE( "%u %p\n", class, event );
    if (class < PolicyNotifyAuditEventsInformation || class >= PolicyNotifyMax) return STATUS_INVALID_PARAMETER;
    if (!event) return STATUS_INVALID_HANDLE;
    return STATUS_SUCCESS;
}

/* The logon session of the calling thread's token. */
static BOOL caller_logon_id( LUID *id )
{
    TOKEN_STATISTICS stats;
    HANDLE token;
    DWORD len;
    BOOL ret;

    if (!OpenThreadToken( GetCurrentThread(), TOKEN_QUERY, TRUE, &token ) &&
        !OpenProcessToken( GetCurrentProcess(), TOKEN_QUERY, &token ))
        return FALSE;
    ret = GetTokenInformation( token, TokenStatistics, &stats, sizeof(stats), &len );
    CloseHandle( token );
    if (ret) *id = logon_id_of_token( &stats );
    return ret;
}

NTSTATUS WINAPI GetSecurityUserInfo( LUID *logon_id, ULONG flags, PSecurityUserData *info )
{
    SECURITY_LOGON_SESSION_DATA *data;
    SecurityUserData *ret;
    NTSTATUS status;
    LUID id;
    SIZE_T size;
    char *pos;

    TRACE( "%p %#lx %p\n", logon_id, flags, info );
    if (!info) return STATUS_INVALID_PARAMETER;
    if (logon_id) id = *logon_id;
    else if (!caller_logon_id( &id )) return STATUS_NO_TOKEN;
    if ((status = logon_session_get_data( &id, &data ))) return status;

    size = sizeof(*ret) + data->UserName.MaximumLength + data->LogonDomain.MaximumLength +
           data->LogonServer.MaximumLength + (data->Sid ? GetLengthSid( data->Sid ) : 0);
    if (!(ret = secur32_alloc_zero( size )))
    {
        secur32_free( data );
        return STATUS_NO_MEMORY;
    }
    pos = (char *)(ret + 1);
#define COPY_STRING(dst, src) \
    do { dst.Buffer = (WCHAR *)pos; dst.Length = src.Length; dst.MaximumLength = src.MaximumLength; \
         memcpy( pos, src.Buffer, src.MaximumLength ); pos += src.MaximumLength; } while (0)
    COPY_STRING( ret->UserName, data->UserName );
    COPY_STRING( ret->LogonDomainName, data->LogonDomain );
    COPY_STRING( ret->LogonServer, data->LogonServer );
#undef COPY_STRING
    if (data->Sid)
    {
        ret->pSid = pos;
        CopySid( GetLengthSid( data->Sid ), ret->pSid, data->Sid );
    }
    secur32_free( data );
    *info = ret;
    return STATUS_SUCCESS;
}
