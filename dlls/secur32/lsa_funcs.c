/*
 * The functions the LSA emulation gives to security packages
 * (LSA_SECPKG_FUNCTION_TABLE for LSA mode, SECPKG_DLL_FUNCTIONS for user mode).
 *
 * Packages run in the caller's process here, so the "client" of a call is the
 * current thread, client buffers are ordinary memory, and the LSA heap is the
 * process heap (what FreeContextBuffer frees).
 */
#include "secur32_priv.h"
#include "logon.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(secur32);

void *secur32_alloc( SIZE_T size )
{
    return HeapAlloc( GetProcessHeap(), 0, size );
}

void *secur32_alloc_zero( SIZE_T size )
{
    return HeapAlloc( GetProcessHeap(), HEAP_ZERO_MEMORY, size );
}

void secur32_free( void *ptr )
{
    if (ptr) HeapFree( GetProcessHeap(), 0, ptr );
}

WCHAR *secur32_strdupW( const WCHAR *str )
{
    WCHAR *ret;
    SIZE_T size;

    if (!str) return NULL;
    size = (wcslen( str ) + 1) * sizeof(WCHAR);
    if ((ret = secur32_alloc( size ))) memcpy( ret, str, size );
    return ret;
}

static NTSTATUS NTAPI lsa_CreateLogonSession( LUID *id )
{
    return logon_session_create( id );
}

static NTSTATUS NTAPI lsa_DeleteLogonSession( LUID *id )
{
    return logon_session_delete( id );
}

static NTSTATUS NTAPI lsa_AddCredential( LUID *id, ULONG package, LSA_STRING *key, LSA_STRING *value )
{
    return logon_credential_add( id, package, key, value );
}

static NTSTATUS NTAPI lsa_GetCredentials( LUID *id, ULONG package, ULONG *context, BOOLEAN all,
                                          LSA_STRING *key, ULONG *key_len, LSA_STRING *value )
{
    return logon_credential_get( id, package, context, all, key, key_len, value );
}

static NTSTATUS NTAPI lsa_DeleteCredential( LUID *id, ULONG package, LSA_STRING *key )
{
    return logon_credential_delete( id, package, key );
}

static void * NTAPI lsa_AllocateLsaHeap( ULONG size )
{
    return secur32_alloc_zero( size );
}

static void NTAPI lsa_FreeLsaHeap( void *ptr )
{
    secur32_free( ptr );
}

static void * NTAPI lsa_AllocatePrivateHeap( SIZE_T size )
{
    return secur32_alloc_zero( size );
}

static NTSTATUS NTAPI lsa_AllocateClientBuffer( PLSA_CLIENT_REQUEST req, ULONG size, void **ret )
{
    if (!ret) return STATUS_INVALID_PARAMETER;
    if (!(*ret = secur32_alloc_zero( size ? size : 1 ))) return STATUS_NO_MEMORY;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI lsa_FreeClientBuffer( PLSA_CLIENT_REQUEST req, void *ptr )
{
    secur32_free( ptr );
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI lsa_CopyToClientBuffer( PLSA_CLIENT_REQUEST req, ULONG size, void *client, void *local )
{
    if (size && (!client || !local)) return STATUS_INVALID_PARAMETER;
    if (size) memmove( client, local, size );
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI lsa_CopyFromClientBuffer( PLSA_CLIENT_REQUEST req, ULONG size, void *local, void *client )
{
    if (size && (!client || !local)) return STATUS_INVALID_PARAMETER;
    if (size) memmove( local, client, size );
    return STATUS_SUCCESS;
}

/* The client is the calling thread, whose token is already in effect. */
static NTSTATUS NTAPI lsa_ImpersonateClient( void )
{
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI lsa_UnloadPackage( void )
{
    FIXME( "packages stay loaded for the life of the process\n" );
    return STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS NTAPI lsa_DuplicateHandle( HANDLE source, HANDLE *dest )
{
    if (!DuplicateHandle( GetCurrentProcess(), source, GetCurrentProcess(), dest, 0, FALSE, DUPLICATE_SAME_ACCESS ))
        return STATUS_INVALID_HANDLE;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI lsa_SaveSupplementalCredentials( LUID *id, ULONG size, void *creds, BOOLEAN sync )
{
    FIXME( "no persistent supplemental credentials\n" );
    return STATUS_NOT_IMPLEMENTED;
}

static HANDLE NTAPI lsa_CreateThread( SEC_ATTRS attrs, ULONG stack, SEC_THREAD_START start, void *param,
                                      ULONG flags, ULONG *tid )
{
    DWORD id;
    HANDLE thread = CreateThread( attrs, stack, start, param, flags, &id );
    if (thread && tid) *tid = id;
    return thread;
}

static NTSTATUS NTAPI lsa_GetClientInfo( SECPKG_CLIENT_INFO *info )
{
    TOKEN_STATISTICS stats;
    HANDLE token;
    DWORD len;
    BOOL impersonating;
    PRIVILEGE_SET privs;
    BOOL has_tcb = FALSE;

    if (!info) return STATUS_INVALID_PARAMETER;
    memset( info, 0, sizeof(*info) );
    info->ProcessID = GetCurrentProcessId();
    info->ThreadID = GetCurrentThreadId();
    impersonating = OpenThreadToken( GetCurrentThread(), TOKEN_QUERY, TRUE, &token );
    if (!impersonating && !OpenProcessToken( GetCurrentProcess(), TOKEN_QUERY, &token ))
        return STATUS_ACCESS_DENIED;
    info->Impersonating = impersonating;
    if (GetTokenInformation( token, TokenStatistics, &stats, sizeof(stats), &len ))
    {
        info->LogonId = logon_id_of_token( &stats );
        info->ImpersonationLevel = stats.TokenType == TokenImpersonation ? stats.ImpersonationLevel
                                                                         : SecurityImpersonation;
    }
    privs.PrivilegeCount = 1;
    privs.Control = PRIVILEGE_SET_ALL_NECESSARY;
    privs.Privilege[0].Attributes = 0;
    if (LookupPrivilegeValueW( NULL, L"SeTcbPrivilege", &privs.Privilege[0].Luid ))
        PrivilegeCheck( token, &privs, &has_tcb );
    info->HasTcbPrivilege = has_tcb;
    info->Restricted = IsTokenRestricted( token );
    CloseHandle( token );
    return STATUS_SUCCESS;
}

struct notification
{
    SEC_THREAD_START func;
    void            *param;
    HANDLE           wait;     /* from RegisterWaitForSingleObject or CreateTimerQueueTimer */
    ULONG            type;
};

static void CALLBACK notification_callback( void *param, BOOLEAN timer )
{
    struct notification *n = param;
    n->func( n->param );
}

static HANDLE NTAPI lsa_RegisterNotification( SEC_THREAD_START func, void *param, ULONG type, ULONG class,
                                              ULONG flags, ULONG interval, HANDLE event )
{
    struct notification *n;
    ULONG once = (flags & NOTIFIER_FLAG_ONE_SHOT) ? WT_EXECUTEONLYONCE : 0;
    ULONG period = (flags & NOTIFIER_FLAG_SECONDS) ? interval * 1000 : interval * 60000;
    BOOL ok = FALSE;

    if (!func || !(n = secur32_alloc_zero( sizeof(*n) ))) return NULL;
    n->func = func;
    n->param = param;
    n->type = type;
    switch (type)
    {
    case NOTIFIER_TYPE_INTERVAL:
        ok = CreateTimerQueueTimer( &n->wait, NULL, notification_callback, n, period,
                                    once ? 0 : period, WT_EXECUTEDEFAULT );
        break;
    case NOTIFIER_TYPE_HANDLE_WAIT:
        ok = RegisterWaitForSingleObject( &n->wait, event, notification_callback, n, INFINITE, once );
        break;
    case NOTIFIER_TYPE_IMMEDIATE:
        ok = CreateTimerQueueTimer( &n->wait, NULL, notification_callback, n, 0, 0, WT_EXECUTEONLYONCE );
        break;
    default:
        FIXME( "notification type %lu class %lu not supported\n", type, class );
        break;
    }
    if (!ok)
    {
        secur32_free( n );
        return NULL;
    }
    return n;
}

static NTSTATUS NTAPI lsa_CancelNotification( HANDLE handle )
{
    struct notification *n = handle;

    if (!n) return STATUS_INVALID_HANDLE;
    if (n->type == NOTIFIER_TYPE_HANDLE_WAIT) UnregisterWaitEx( n->wait, INVALID_HANDLE_VALUE );
    else DeleteTimerQueueTimer( NULL, n->wait, INVALID_HANDLE_VALUE );
    secur32_free( n );
    return STATUS_SUCCESS;
}

/* Client buffers are already in this address space. */
static NTSTATUS NTAPI lsa_MapBuffer( SecBuffer *input, SecBuffer *output )
{
    if (!input || !output) return STATUS_INVALID_PARAMETER;
    *output = *input;
    return STATUS_SUCCESS;
}

/* The process token, opened once: each logon's token is a copy of it. */
static INIT_ONCE process_token_once = INIT_ONCE_STATIC_INIT;
static HANDLE process_token;
static LONG token_fixme_once;

static BOOL WINAPI open_process_token( INIT_ONCE *once, void *param, void **context )
{
    if (!OpenProcessToken( GetCurrentProcess(), TOKEN_DUPLICATE | TOKEN_QUERY, &process_token )) process_token = NULL;
    return TRUE;
}

/* Wine cannot create a token for another user (no NtCreateToken): the token is
 * a copy of the process token, at the requested impersonation level, and the
 * logon session records who authenticated. */
static NTSTATUS create_token( LUID *id, SECURITY_LOGON_TYPE type, SECURITY_IMPERSONATION_LEVEL level,
                              LSA_TOKEN_INFORMATION_TYPE info_type, void *info, UNICODE_STRING *account,
                              UNICODE_STRING *authority, HANDLE *token, NTSTATUS *substatus )
{
    PSID sid = NULL;

    if (!token) return STATUS_INVALID_PARAMETER;
    if (substatus) *substatus = STATUS_SUCCESS;
    InitOnceExecuteOnce( &process_token_once, open_process_token, NULL, NULL );
    if (!process_token) return STATUS_ACCESS_DENIED;
    if (!DuplicateTokenEx( process_token, TOKEN_ALL_ACCESS, NULL, level, TokenImpersonation, token ))
        return STATUS_NO_MEMORY;
    if (id && logon_session_set_token( id, *token ) == STATUS_NO_MEMORY)
    {
        CloseHandle( *token );
        *token = NULL;
        return STATUS_NO_MEMORY;
    }

    if ((info_type == LsaTokenInformationV1 || info_type == LsaTokenInformationV2) && info)
        sid = ((LSA_TOKEN_INFORMATION_V1 *)info)->User.User.Sid;
    if (id) logon_session_set_identity( id, type, account, authority, NULL, sid );
    if (!InterlockedExchange( &token_fixme_once, 1 ))
        FIXME( "tokens of the process user stand for logged-on users, here %s\n",
               account ? debugstr_wn( account->Buffer, account->Length / sizeof(WCHAR) ) : "(unknown)" );
    else TRACE( "token of the process user for %s\n",
                account ? debugstr_wn( account->Buffer, account->Length / sizeof(WCHAR) ) : "(unknown)" );
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI lsa_CreateToken( LUID *id, TOKEN_SOURCE *source, SECURITY_LOGON_TYPE type,
                                       SECURITY_IMPERSONATION_LEVEL level, LSA_TOKEN_INFORMATION_TYPE info_type,
                                       void *info, TOKEN_GROUPS *groups, UNICODE_STRING *account,
                                       UNICODE_STRING *authority, UNICODE_STRING *workstation,
                                       UNICODE_STRING *profile, HANDLE *token, NTSTATUS *substatus )
{
    return create_token( id, type, level, info_type, info, account, authority, token, substatus );
}

static NTSTATUS NTAPI lsa_CreateTokenEx( LUID *id, TOKEN_SOURCE *source, SECURITY_LOGON_TYPE type,
                                         SECURITY_IMPERSONATION_LEVEL level, LSA_TOKEN_INFORMATION_TYPE info_type,
                                         void *info, TOKEN_GROUPS *groups, UNICODE_STRING *workstation,
                                         UNICODE_STRING *profile, void *session_info,
                                         SECPKG_SESSIONINFO_TYPE session_type, HANDLE *token, NTSTATUS *substatus )
{
    return create_token( id, type, level, info_type, info, NULL, NULL, token, substatus );
}

static void NTAPI lsa_AuditLogon( NTSTATUS status, NTSTATUS substatus, UNICODE_STRING *account,
                                  UNICODE_STRING *authority, UNICODE_STRING *workstation, PSID sid,
                                  SECURITY_LOGON_TYPE type, TOKEN_SOURCE *source, LUID *id )
{
    TRACE( "logon of %s: %08lx\n",
           account ? debugstr_wn( account->Buffer, account->Length / sizeof(WCHAR) ) : "(unknown)", status );
}

static struct sec_package *package_by_unicode_name( const UNICODE_STRING *name )
{
    WCHAR buf[128];
    USHORT len;

    if (!name || !name->Buffer || name->Length >= sizeof(buf)) return NULL;
    len = name->Length / sizeof(WCHAR);
    memcpy( buf, name->Buffer, len * sizeof(WCHAR) );
    buf[len] = 0;
    return find_package_w( buf );
}

static NTSTATUS call_package( UNICODE_STRING *name, void *base, void *buffer, ULONG len,
                              void **ret, ULONG *ret_len, NTSTATUS *status )
{
    struct sec_package *package = package_by_unicode_name( name );
    NTSTATUS ret_status = STATUS_NO_SUCH_PACKAGE;

    *ret = NULL;
    *ret_len = 0;
    if (package && !package->lsa->CallPackage) ret_status = STATUS_NOT_IMPLEMENTED;
    else if (package) ret_status = package->lsa->CallPackage( NULL, buffer, base ? base : buffer, len, ret, ret_len,
                                                               status );
    if (ret_status) *status = ret_status;
    return ret_status;
}

static NTSTATUS NTAPI lsa_CallPackage( UNICODE_STRING *name, void *buffer, ULONG len, void **ret,
                                       ULONG *ret_len, NTSTATUS *status )
{
    return call_package( name, NULL, buffer, len, ret, ret_len, status );
}

static NTSTATUS NTAPI lsa_CallPackageEx( UNICODE_STRING *name, void *base, void *buffer, ULONG len,
                                         void **ret, ULONG *ret_len, NTSTATUS *status )
{
    return call_package( name, base, buffer, len, ret, ret_len, status );
}

static NTSTATUS NTAPI lsa_CallPackagePassthrough( UNICODE_STRING *name, void *base, void *buffer, ULONG len,
                                                  void **ret, ULONG *ret_len, NTSTATUS *status )
{
    struct sec_package *package = package_by_unicode_name( name );
    NTSTATUS ret_status = STATUS_NO_SUCH_PACKAGE;

    *ret = NULL;
    *ret_len = 0;
    if (package && !package->lsa->CallPackagePassthrough) ret_status = STATUS_NOT_IMPLEMENTED;
    else if (package) ret_status = package->lsa->CallPackagePassthrough( NULL, buffer, base ? base : buffer, len, ret,
                                                                          ret_len, status );
    if (ret_status) *status = ret_status;
    return ret_status;
}

static BOOLEAN NTAPI lsa_GetCallInfo( SECPKG_CALL_INFO *info )
{
    if (!info) return FALSE;
    info->ProcessId = GetCurrentProcessId();
    info->ThreadId = GetCurrentThreadId();
    info->Attributes = SECPKG_CALL_IN_PROC | call_context_flags();
    info->CallCount = 1;
    return TRUE;
}

static void * NTAPI lsa_CreateSharedMemory( ULONG max_size, ULONG initial_size )
{
    return HeapCreate( 0, initial_size, max_size );
}

static void * NTAPI lsa_AllocateSharedMemory( void *shared, ULONG size )
{
    return shared ? HeapAlloc( shared, HEAP_ZERO_MEMORY, size ) : NULL;
}

static void NTAPI lsa_FreeSharedMemory( void *shared, void *ptr )
{
    if (shared && ptr) HeapFree( shared, 0, ptr );
}

static BOOLEAN NTAPI lsa_DeleteSharedMemory( void *shared )
{
    return shared && HeapDestroy( shared );
}

static NTSTATUS NTAPI lsa_GetUserAuthData( void *handle, UCHAR **data, ULONG *size )
{
    FIXME( "no authorization data in the account store\n" );
    return STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS NTAPI lsa_ConvertAuthDataToToken( void *data, ULONG size, SECURITY_IMPERSONATION_LEVEL level,
                                                  TOKEN_SOURCE *source, SECURITY_LOGON_TYPE type,
                                                  UNICODE_STRING *authority, HANDLE *token, LUID *id,
                                                  UNICODE_STRING *account, NTSTATUS *substatus )
{
    FIXME( "no authorization data format yet\n" );
    return STATUS_NOT_IMPLEMENTED;
}

/* User-mode callbacks run in this process: CALLBACK is their address. */
static NTSTATUS NTAPI lsa_ClientCallback( char *callback, ULONG_PTR arg1, ULONG_PTR arg2,
                                          SecBuffer *input, SecBuffer *output )
{
    PLSA_CALLBACK_FUNCTION func = (PLSA_CALLBACK_FUNCTION)callback;

    if (!func) return STATUS_INVALID_PARAMETER;
    return func( arg1, arg2, input, output );
}

static NTSTATUS NTAPI lsa_UpdateCredentials( SECPKG_PRIMARY_CRED *primary, SECPKG_SUPPLEMENTAL_CRED_ARRAY *creds )
{
    FIXME( "credential updates are not propagated\n" );
    return STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS NTAPI lsa_GetAuthDataForUser( SECURITY_STRING *name, SECPKG_NAME_TYPE type, SECURITY_STRING *prefix,
                                              UCHAR **data, ULONG *size, UNICODE_STRING *flat_name )
{
    FIXME( "no authorization data in the account store\n" );
    return STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS NTAPI lsa_CrackSingleName( ULONG format, BOOLEAN gc, UNICODE_STRING *input, UNICODE_STRING *prefix,
                                           ULONG requested, UNICODE_STRING *cracked, UNICODE_STRING *dns_domain,
                                           ULONG *substatus )
{
    FIXME( "no directory to crack names with\n" );
    return STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS NTAPI lsa_AuditAccountLogon( ULONG id, BOOLEAN success, UNICODE_STRING *source,
                                             UNICODE_STRING *client, UNICODE_STRING *mapped, NTSTATUS status )
{
    return STATUS_SUCCESS;
}

/* Keeps secrets out of plain sight in memory: XOR with a per-process random pad,
 * so protecting twice restores the data. */
static BOOL WINAPI init_protect_pad( INIT_ONCE *once, void *pad, void **context )
{
    return RtlGenRandom( pad, 256 );
}

static void NTAPI lsa_ProtectMemory( void *buffer, ULONG size )
{
    static INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    static unsigned char pad[256];
    unsigned char *p = buffer;
    ULONG i;

    if (!p || !InitOnceExecuteOnce( &once, init_protect_pad, pad, NULL )) return;
    for (i = 0; i < size; i++) p[i] ^= pad[i % sizeof(pad)];
}

static NTSTATUS NTAPI lsa_OpenTokenByLogonId( LUID *id, HANDLE *token )
{
    TOKEN_STATISTICS stats;
    HANDLE process_token;
    DWORD len;
    NTSTATUS status = STATUS_NO_SUCH_LOGON_SESSION;

    if (!id || !token) return STATUS_INVALID_PARAMETER;
    if (!OpenProcessToken( GetCurrentProcess(), TOKEN_ALL_ACCESS, &process_token )) return STATUS_ACCESS_DENIED;
    if (GetTokenInformation( process_token, TokenStatistics, &stats, sizeof(stats), &len ) &&
        stats.AuthenticationId.LowPart == id->LowPart && stats.AuthenticationId.HighPart == id->HighPart)
    {
        *token = process_token;
        return STATUS_SUCCESS;
    }
    CloseHandle( process_token );
    return status;
}

static NTSTATUS NTAPI lsa_ExpandAuthDataForDomain( UCHAR *data, ULONG size, void *reserved,
                                                   UCHAR **expanded, ULONG *expanded_size )
{
    FIXME( "no domain to expand authorization data for\n" );
    return STATUS_NOT_IMPLEMENTED;
}

LSA_SECPKG_FUNCTION_TABLE lsa_functions =
{
    lsa_CreateLogonSession,
    lsa_DeleteLogonSession,
    lsa_AddCredential,
    lsa_GetCredentials,
    lsa_DeleteCredential,
    lsa_AllocateLsaHeap,
    lsa_FreeLsaHeap,
    lsa_AllocateClientBuffer,
    lsa_FreeClientBuffer,
    lsa_CopyToClientBuffer,
    lsa_CopyFromClientBuffer,
    lsa_ImpersonateClient,
    lsa_UnloadPackage,
    lsa_DuplicateHandle,
    lsa_SaveSupplementalCredentials,
    lsa_CreateThread,
    lsa_GetClientInfo,
    lsa_RegisterNotification,
    lsa_CancelNotification,
    lsa_MapBuffer,
    lsa_CreateToken,
    lsa_AuditLogon,
    lsa_CallPackage,
    lsa_FreeLsaHeap,            /* FreeReturnBuffer */
    lsa_GetCallInfo,
    lsa_CallPackageEx,
    lsa_CreateSharedMemory,
    lsa_AllocateSharedMemory,
    lsa_FreeSharedMemory,
    lsa_DeleteSharedMemory,
    sam_open_user,
    sam_get_user_credentials,
    lsa_GetUserAuthData,
    sam_close_user,
    lsa_ConvertAuthDataToToken,
    lsa_ClientCallback,
    lsa_UpdateCredentials,
    lsa_GetAuthDataForUser,
    lsa_CrackSingleName,
    lsa_AuditAccountLogon,
    lsa_CallPackagePassthrough,
    NULL, NULL, NULL,           /* credential manager hooks: packages check for NULL */
    lsa_ProtectMemory,
    lsa_ProtectMemory,          /* LsaUnprotectMemory */
    lsa_OpenTokenByLogonId,
    lsa_ExpandAuthDataForDomain,
    lsa_AllocatePrivateHeap,
    lsa_FreeLsaHeap,            /* FreePrivateHeap */
    lsa_CreateTokenEx,
    NULL,                       /* CrediWrite */
};

static NTSTATUS NTAPI dll_RegisterCallback( ULONG id, PLSA_CALLBACK_FUNCTION callback )
{
    TRACE( "%lu %p\n", id, callback );
    return STATUS_SUCCESS;
}

SECPKG_DLL_FUNCTIONS dll_functions =
{
    lsa_AllocateLsaHeap,
    lsa_FreeLsaHeap,
    dll_RegisterCallback,
};
