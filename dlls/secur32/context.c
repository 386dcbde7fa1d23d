/*
 * Security contexts: InitializeSecurityContext and AcceptSecurityContext run
 * in the package's LSA-mode table; when the package maps a context to user
 * mode, the user-mode table serves the calls on it afterwards (attributes,
 * tokens, messages), as on Windows.
 */
#include "secur32_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(secur32);

/* The call created or advanced a context the caller now holds. */
static BOOL keeps_context( SECURITY_STATUS status )
{
    return status >= 0 || status == SEC_E_INCOMPLETE_MESSAGE;
}

static void map_user_context( struct handle_info *info, BOOLEAN mapped, SecBuffer *data )
{
    NTSTATUS status;

    if (mapped && info->package->user && info->package->user->InitUserModeContext)
    {
        if ((status = info->package->user->InitUserModeContext( info->lsa_handle, data )))
            WARN( "InitUserModeContext failed %08lx\n", status );
        else info->user_mapped = TRUE;
    }
    if (data->pvBuffer) lsa_functions.FreeLsaHeap( data->pvBuffer );
}

static void delete_lsa_context( const struct handle_info *info, LSA_SEC_HANDLE handle )
{
    if (info->package->lsa->DeleteContext) info->package->lsa->DeleteContext( handle );
}

/* Records the outcome of an Initialize/Accept call in the handle table. */
static SECURITY_STATUS finish_context_call( SECURITY_STATUS status, struct handle_info *info, CtxtHandle *ctxt,
                                            LSA_SEC_HANDLE new_handle, CtxtHandle *new_ctxt, BOOLEAN mapped,
                                            SecBuffer *data )
{
    SECURITY_STATUS ret;

    if (!keeps_context( status ))
    {
        if (!ctxt && new_handle) delete_lsa_context( info, new_handle );
        if (data->pvBuffer) lsa_functions.FreeLsaHeap( data->pvBuffer );
        return status;
    }
    if (new_handle) info->lsa_handle = new_handle;
    map_user_context( info, mapped, data );

    if (!ctxt)
    {
        if (!info->lsa_handle) return status;
        if (!new_ctxt) ret = SEC_E_INVALID_HANDLE;
        else ret = handle_alloc( HANDLE_CONTEXT, info, new_ctxt );
        if (ret)
        {
            delete_lsa_context( info, info->lsa_handle );
            return ret;
        }
        return status;
    }
    handle_update( HANDLE_CONTEXT, ctxt, info );
    /* a call that waits for more input leaves the new handle alone, as on Windows */
    if (new_ctxt && new_ctxt != ctxt && status != SEC_E_INCOMPLETE_MESSAGE) *new_ctxt = *ctxt;
    return status;
}

/* Looks up the context and/or credentials of a context call. */
static SECURITY_STATUS context_call_handles( CredHandle *cred, CtxtHandle *ctxt, struct handle_info *info,
                                             LSA_SEC_HANDLE *cred_handle )
{
    struct handle_info cred_info;
    SECURITY_STATUS status;

    *cred_handle = 0;
    memset( info, 0, sizeof(*info) );
    if (!cred && !ctxt) return SEC_E_INVALID_HANDLE;
    if (ctxt && (status = handle_get( HANDLE_CONTEXT, ctxt, info ))) return status;
    if (info->user_only) return SEC_E_INVALID_HANDLE;  /* imported: no handshake to continue */
    if (cred)
    {
        if ((status = handle_get( HANDLE_CREDENTIALS, cred, &cred_info ))) return status;
        if (ctxt && cred_info.package != info->package) return SEC_E_INVALID_HANDLE;
        info->package = cred_info.package;
        *cred_handle = cred_info.lsa_handle;
    }
    return SEC_E_OK;
}

SECURITY_STATUS SEC_ENTRY InitializeSecurityContextW( CredHandle *cred, CtxtHandle *ctxt, SEC_WCHAR *target,
                                                      ULONG req, ULONG reserved1, ULONG data_rep, SecBufferDesc *input,
                                                      ULONG reserved2, CtxtHandle *new_ctxt, SecBufferDesc *output,
                                                      ULONG *attrs, TimeStamp *expiry )
{
    UNICODE_STRING target_us, *ptarget;
    struct handle_info info;
    LSA_SEC_HANDLE cred_handle, new_handle = 0;
    SecBuffer data = { 0 };
    BOOLEAN mapped = FALSE;
    ULONG ret_attrs = 0;
    TimeStamp ts = { 0 };
    SECURITY_STATUS status;

    TRACE( "%p %p %s %#lx %lu %lu %p %lu %p %p %p %p\n", cred, ctxt, debugstr_w(target), req, reserved1, data_rep,
           input, reserved2, new_ctxt, output, attrs, expiry );

    if ((status = context_call_handles( cred, ctxt, &info, &cred_handle ))) return status;
    if (!init_unicode_string( &target_us, target, &ptarget )) return SEC_E_INVALID_PARAMETER;
    if (!info.package->lsa->InitLsaModeContext)
    {
        FIXME( "%s has no InitializeSecurityContext\n", debugstr_w(info.package->info.Name) );
        return SEC_E_UNSUPPORTED_FUNCTION;
    }
    status = sec_status( info.package->lsa->InitLsaModeContext( cred_handle, info.lsa_handle, ptarget, req, data_rep,
                                                                input, &new_handle, output, &ret_attrs, &ts,
                                                                &mapped, &data ) );
    if (attrs) *attrs = ret_attrs;
    if (expiry) *expiry = ts;
    status = finish_context_call( status, &info, ctxt, new_handle, new_ctxt, mapped, &data );
    TRACE( "-> %08lx\n", status );
    return status;
}

SECURITY_STATUS SEC_ENTRY InitializeSecurityContextA( CredHandle *cred, CtxtHandle *ctxt, SEC_CHAR *target,
                                                      ULONG req, ULONG reserved1, ULONG data_rep, SecBufferDesc *input,
                                                      ULONG reserved2, CtxtHandle *new_ctxt, SecBufferDesc *output,
                                                      ULONG *attrs, TimeStamp *expiry )
{
    WCHAR *targetW = NULL;
    SECURITY_STATUS status;

    if (target && !(targetW = strdupAW( target ))) return SEC_E_INSUFFICIENT_MEMORY;
    status = InitializeSecurityContextW( cred, ctxt, targetW, req, reserved1, data_rep, input, reserved2, new_ctxt,
                                         output, attrs, expiry );
    secur32_free( targetW );
    return status;
}

SECURITY_STATUS SEC_ENTRY AcceptSecurityContext( CredHandle *cred, CtxtHandle *ctxt, SecBufferDesc *input, ULONG req,
                                                 ULONG data_rep, CtxtHandle *new_ctxt, SecBufferDesc *output,
                                                 ULONG *attrs, TimeStamp *expiry )
{
    struct handle_info info;
    LSA_SEC_HANDLE cred_handle, new_handle = 0;
    SecBuffer data = { 0 };
    BOOLEAN mapped = FALSE;
    ULONG ret_attrs = 0;
    TimeStamp ts = { 0 };
    SECURITY_STATUS status;

    TRACE( "%p %p %p %#lx %lu %p %p %p %p\n", cred, ctxt, input, req, data_rep, new_ctxt, output, attrs, expiry );

    if ((status = context_call_handles( cred, ctxt, &info, &cred_handle ))) return status;
    if (!info.package->lsa->AcceptLsaModeContext)
    {
        FIXME( "%s has no AcceptSecurityContext\n", debugstr_w(info.package->info.Name) );
        return SEC_E_UNSUPPORTED_FUNCTION;
    }
    status = sec_status( info.package->lsa->AcceptLsaModeContext( cred_handle, info.lsa_handle, input, req, data_rep,
                                                                  &new_handle, output, &ret_attrs, &ts, &mapped,
                                                                  &data ) );
    if (attrs) *attrs = ret_attrs;
    if (expiry) *expiry = ts;
    status = finish_context_call( status, &info, ctxt, new_handle, new_ctxt, mapped, &data );
    TRACE( "-> %08lx\n", status );
    return status;
}

SECURITY_STATUS SEC_ENTRY DeleteSecurityContext( CtxtHandle *ctxt )
{
    struct handle_info info;
    SECURITY_STATUS status;

    TRACE( "%p\n", ctxt );
    if ((status = handle_free( HANDLE_CONTEXT, ctxt, &info ))) return status;
    if (info.user_mapped && info.package->user->DeleteUserModeContext)
        info.package->user->DeleteUserModeContext( info.lsa_handle );
    if (info.user_only || !info.package->lsa->DeleteContext) return SEC_E_OK;
    return sec_status( info.package->lsa->DeleteContext( info.lsa_handle ) );
}

SECURITY_STATUS SEC_ENTRY ApplyControlToken( CtxtHandle *ctxt, SecBufferDesc *input )
{
    struct handle_info info;
    SECURITY_STATUS status;

    TRACE( "%p %p\n", ctxt, input );
    if ((status = handle_get( HANDLE_CONTEXT, ctxt, &info ))) return status;
    if (info.user_only || !info.package->lsa->ApplyControlToken) return SEC_E_UNSUPPORTED_FUNCTION;
    return sec_status( info.package->lsa->ApplyControlToken( info.lsa_handle, input ) );
}

SECURITY_STATUS SEC_ENTRY CompleteAuthToken( CtxtHandle *ctxt, SecBufferDesc *token )
{
    struct handle_info info;
    SECURITY_STATUS status;

    TRACE( "%p %p\n", ctxt, token );
    if ((status = handle_get( HANDLE_CONTEXT, ctxt, &info ))) return status;
    if (!info.user_mapped || !info.package->user->CompleteAuthToken) return SEC_E_UNSUPPORTED_FUNCTION;
    return sec_status( info.package->user->CompleteAuthToken( info.lsa_handle, token ) );
}

SECURITY_STATUS query_context_attributes( const struct handle_info *info, ULONG attr, void *buffer )
{
    if (!buffer) return SEC_E_INVALID_PARAMETER;
    if (info->user_mapped && info->package->user->QueryContextAttributes)
        return sec_status( info->package->user->QueryContextAttributes( info->lsa_handle, attr, buffer ) );
    if (info->user_only || !info->package->lsa->QueryContextAttributes) return SEC_E_UNSUPPORTED_FUNCTION;
    return sec_status( info->package->lsa->QueryContextAttributes( info->lsa_handle, attr, buffer ) );
}

SECURITY_STATUS SEC_ENTRY QueryContextAttributesW( CtxtHandle *ctxt, ULONG attr, void *buffer )
{
    struct handle_info info;
    SECURITY_STATUS status;

    TRACE( "%p %lu %p\n", ctxt, attr, buffer );
    if ((status = handle_get( HANDLE_CONTEXT, ctxt, &info ))) return status;
    return query_context_attributes( &info, attr, buffer );
}

SECURITY_STATUS SEC_ENTRY SetContextAttributesW( CtxtHandle *ctxt, ULONG attr, void *buffer, ULONG size )
{
    struct handle_info info;
    SECURITY_STATUS status;

    TRACE( "%p %lu %p %lu\n", ctxt, attr, buffer, size );
    if ((status = handle_get( HANDLE_CONTEXT, ctxt, &info ))) return status;
    if (info.user_only || !info.package->lsa->SetContextAttributes) return SEC_E_UNSUPPORTED_FUNCTION;
    return sec_status( info.package->lsa->SetContextAttributes( info.lsa_handle, attr, buffer, size ) );
}

SECURITY_STATUS SEC_ENTRY SetContextAttributesA( CtxtHandle *ctxt, ULONG attr, void *buffer, ULONG size )
{
    return SetContextAttributesW( ctxt, attr, buffer, size );
}

/* The context's token, owned by the package. */
static SECURITY_STATUS context_token( CtxtHandle *ctxt, HANDLE *token )
{
    struct handle_info info;
    SecPkgContext_AccessToken access;
    SECURITY_STATUS status;

    if ((status = handle_get( HANDLE_CONTEXT, ctxt, &info ))) return status;
    if (info.user_mapped && info.package->user->GetContextToken)
        status = sec_status( info.package->user->GetContextToken( info.lsa_handle, token ) );
    else if ((status = query_context_attributes( &info, SECPKG_ATTR_ACCESS_TOKEN, &access )) == SEC_E_OK)
        *token = access.AccessToken;
    if (status == SEC_E_UNSUPPORTED_FUNCTION) status = SEC_E_NO_IMPERSONATION;
    if (status == SEC_E_OK && !*token) status = SEC_E_NO_IMPERSONATION;
    return status;
}

SECURITY_STATUS SEC_ENTRY ImpersonateSecurityContext( CtxtHandle *ctxt )
{
    HANDLE token = NULL;
    SECURITY_STATUS status;

    TRACE( "%p\n", ctxt );
    if ((status = context_token( ctxt, &token ))) return status;
    if (!SetThreadToken( NULL, token ))
    {
        WARN( "SetThreadToken failed %lu\n", GetLastError() );
        return SEC_E_NO_IMPERSONATION;
    }
    return SEC_E_OK;
}

SECURITY_STATUS SEC_ENTRY RevertSecurityContext( CtxtHandle *ctxt )
{
    struct handle_info info;
    SECURITY_STATUS status;

    TRACE( "%p\n", ctxt );
    if ((status = handle_get( HANDLE_CONTEXT, ctxt, &info ))) return status;
    RevertToSelf();
    return SEC_E_OK;
}

SECURITY_STATUS SEC_ENTRY QuerySecurityContextToken( CtxtHandle *ctxt, HANDLE *token )
{
    HANDLE context = NULL;
    SECURITY_STATUS status;

    TRACE( "%p %p\n", ctxt, token );
    if ((status = context_token( ctxt, &context ))) return status;
    if (!token) return SEC_E_INVALID_PARAMETER;
    if (!DuplicateHandle( GetCurrentProcess(), context, GetCurrentProcess(), token, 0, FALSE, DUPLICATE_SAME_ACCESS ))
        return SEC_E_INSUFFICIENT_MEMORY;
    return SEC_E_OK;
}

SECURITY_STATUS SEC_ENTRY ExportSecurityContext( CtxtHandle *ctxt, ULONG flags, SecBuffer *packed, void **token )
{
    struct handle_info info;
    SECURITY_STATUS status;

    TRACE( "%p %#lx %p %p\n", ctxt, flags, packed, token );
    if ((status = handle_get( HANDLE_CONTEXT, ctxt, &info ))) return status;
    if (!packed) return SEC_E_INVALID_PARAMETER;
    if (!info.package->user || !info.package->user->ExportContext) return SEC_E_UNSUPPORTED_FUNCTION;
    status = sec_status( info.package->user->ExportContext( info.lsa_handle, flags, packed, token ) );
    if (status == SEC_E_OK && (flags & SECPKG_CONTEXT_EXPORT_DELETE_OLD)) DeleteSecurityContext( ctxt );
    return status;
}

SECURITY_STATUS SEC_ENTRY ImportSecurityContextW( SEC_WCHAR *package_name, SecBuffer *packed, void *token,
                                                  CtxtHandle *ctxt )
{
    struct handle_info info = { 0 };
    SECURITY_STATUS status;

    TRACE( "%s %p %p %p\n", debugstr_w(package_name), packed, token, ctxt );
    if (!(info.package = find_package_w( package_name ))) return SEC_E_SECPKG_NOT_FOUND;
    if (!packed || !ctxt) return SEC_E_INVALID_PARAMETER;
    if (!info.package->user || !info.package->user->ImportContext) return SEC_E_UNSUPPORTED_FUNCTION;
    if ((status = sec_status( info.package->user->ImportContext( packed, token, &info.lsa_handle ) ))) return status;
    info.user_mapped = info.user_only = TRUE;
    if ((status = handle_alloc( HANDLE_CONTEXT, &info, ctxt )) && info.package->user->DeleteUserModeContext)
        info.package->user->DeleteUserModeContext( info.lsa_handle );
    return status;
}

SECURITY_STATUS SEC_ENTRY ImportSecurityContextA( SEC_CHAR *package_name, SecBuffer *packed, void *token,
                                                  CtxtHandle *ctxt )
{
    SECURITY_STATUS status;
    WCHAR *nameW;

    if (!package_name) return SEC_E_SECPKG_NOT_FOUND;
    if (!(nameW = strdupAW( package_name ))) return SEC_E_INSUFFICIENT_MEMORY;
    status = ImportSecurityContextW( nameW, packed, token, ctxt );
    secur32_free( nameW );
    return status;
}

SECURITY_STATUS SEC_ENTRY ChangeAccountPasswordW( SEC_WCHAR *package, SEC_WCHAR *domain, SEC_WCHAR *account,
                                                  SEC_WCHAR *old_password, SEC_WCHAR *new_password,
                                                  BOOLEAN impersonating, ULONG reserved, SecBufferDesc *output )
{
    struct sec_package *pkg;

    TRACE( "%s %s %s\n", debugstr_w(package), debugstr_w(domain), debugstr_w(account) );
    if (!(pkg = find_package_w( package ))) return SEC_E_SECPKG_NOT_FOUND;
    FIXME( "password change through %s not supported\n", debugstr_w(pkg->info.Name) );
    return SEC_E_UNSUPPORTED_FUNCTION;
}

SECURITY_STATUS SEC_ENTRY ChangeAccountPasswordA( SEC_CHAR *package, SEC_CHAR *domain, SEC_CHAR *account,
                                                  SEC_CHAR *old_password, SEC_CHAR *new_password,
                                                  BOOLEAN impersonating, ULONG reserved, SecBufferDesc *output )
{
    SECURITY_STATUS status;
    WCHAR *packageW;

    if (!package) return SEC_E_SECPKG_NOT_FOUND;
    if (!(packageW = strdupAW( package ))) return SEC_E_INSUFFICIENT_MEMORY;
    status = ChangeAccountPasswordW( packageW, NULL, NULL, NULL, NULL, impersonating, reserved, output );
    secur32_free( packageW );
    return status;
}
