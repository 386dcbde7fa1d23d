/*
 * Credential handles: AcquireCredentialsHandle, FreeCredentialsHandle and the
 * credential attribute calls, dispatched to the package's LSA-mode table.
 */
#include "secur32_priv.h"
#include <schannel.h>
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(secur32);

/* UNICODE_STRING over STR, or NULL when STR is NULL; FALSE when too long. */
BOOL init_unicode_string( UNICODE_STRING *us, const WCHAR *str, UNICODE_STRING **ret )
{
    SIZE_T len;

    *ret = NULL;
    if (!str) return TRUE;
    len = wcslen( str ) * sizeof(WCHAR);
    if (len > 0xfffc) return FALSE;
    us->Buffer = (WCHAR *)str;
    us->Length = len;
    us->MaximumLength = len + sizeof(WCHAR);
    *ret = us;
    return TRUE;
}

SECURITY_STATUS SEC_ENTRY AcquireCredentialsHandleW( SEC_WCHAR *principal, SEC_WCHAR *package_name, ULONG use,
                                                     void *logon_id, void *auth_data, SEC_GET_KEY_FN get_key,
                                                     void *get_key_arg, CredHandle *cred, TimeStamp *expiry )
{
    struct handle_info info = { 0 };
    UNICODE_STRING principal_us, *pprincipal;
    TimeStamp ts = { 0 };
    SECURITY_STATUS status;

    TRACE( "%s %s %#lx %p %p %p %p %p %p\n", debugstr_w(principal), debugstr_w(package_name), use, logon_id,
           auth_data, get_key, get_key_arg, cred, expiry );

    if (!(info.package = find_package_w( package_name ))) return SEC_E_SECPKG_NOT_FOUND;
    if (!init_unicode_string( &principal_us, principal, &pprincipal )) return SEC_E_INVALID_PARAMETER;
    if (!info.package->lsa->AcquireCredentialsHandle)
    {
        FIXME( "%s has no AcquireCredentialsHandle\n", debugstr_w(package_name) );
        return SEC_E_UNSUPPORTED_FUNCTION;
    }
    status = sec_status( info.package->lsa->AcquireCredentialsHandle( pprincipal, use, logon_id, auth_data, get_key,
                                                                      get_key_arg, &info.lsa_handle, &ts ) );
    if (status != SEC_E_OK) return status;
    /* the package judges what it was given first, as on Windows, even with nowhere to put the handle */
    if (!cred) status = SEC_E_INVALID_HANDLE;
    else status = handle_alloc( HANDLE_CREDENTIALS, &info, cred );
    if (status)
    {
        if (info.package->lsa->FreeCredentialsHandle) info.package->lsa->FreeCredentialsHandle( info.lsa_handle );
        return status;
    }
    if (expiry) *expiry = ts;
    return SEC_E_OK;
}

SECURITY_STATUS SEC_ENTRY AcquireCredentialsHandleA( SEC_CHAR *principal, SEC_CHAR *package_name, ULONG use,
                                                     void *logon_id, void *auth_data, SEC_GET_KEY_FN get_key,
                                                     void *get_key_arg, CredHandle *cred, TimeStamp *expiry )
{
    WCHAR *principalW = NULL, *packageW = NULL;
    SECURITY_STATUS status = SEC_E_INSUFFICIENT_MEMORY;

    if (!package_name) return SEC_E_SECPKG_NOT_FOUND;
    if ((principal && !(principalW = strdupAW( principal ))) || !(packageW = strdupAW( package_name ))) goto done;
    status = AcquireCredentialsHandleW( principalW, packageW, use, logon_id, auth_data, get_key, get_key_arg,
                                        cred, expiry );
done:
    secur32_free( principalW );
    secur32_free( packageW );
    return status;
}

SECURITY_STATUS SEC_ENTRY FreeCredentialsHandle( CredHandle *cred )
{
    struct handle_info info;
    SECURITY_STATUS status;

    TRACE( "%p\n", cred );
    if ((status = handle_free( HANDLE_CREDENTIALS, cred, &info ))) return status;
    if (!info.package->lsa->FreeCredentialsHandle) return SEC_E_OK;
    return sec_status( info.package->lsa->FreeCredentialsHandle( info.lsa_handle ) );
}

SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesW( CredHandle *cred, ULONG attr, void *buffer )
{
    struct handle_info info;
    SECURITY_STATUS status;

    TRACE( "%p %lu %p\n", cred, attr, buffer );
    if ((status = handle_get( HANDLE_CREDENTIALS, cred, &info ))) return status;
    if (!info.package->lsa->QueryCredentialsAttributes) return SEC_E_UNSUPPORTED_FUNCTION;
    return sec_status( info.package->lsa->QueryCredentialsAttributes( info.lsa_handle, attr, buffer ) );
}

SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesA( CredHandle *cred, ULONG attr, void *buffer )
{
    SECURITY_STATUS status = QueryCredentialsAttributesW( cred, attr, buffer );

    if (status != SEC_E_OK) return status;
    switch (attr)
    {
    case SECPKG_CRED_ATTR_NAMES:
        return string_to_ansi( &((SecPkgCredentials_NamesW *)buffer)->sUserName );
    default:
        return status;
    }
}

static ULONG cred_attr_size( ULONG attr )
{
    switch (attr)
    {
    case SECPKG_CRED_ATTR_NAMES:            return sizeof(SecPkgCredentials_NamesW);
    case SECPKG_ATTR_SUPPORTED_ALGS:        return sizeof(SecPkgCred_SupportedAlgs);
    case SECPKG_ATTR_CIPHER_STRENGTHS:      return sizeof(SecPkgCred_CipherStrengths);
    case SECPKG_ATTR_SUPPORTED_PROTOCOLS:   return sizeof(SecPkgCred_SupportedProtocols);
    default:                                return 0;
    }
}

SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesExW( CredHandle *cred, ULONG attr, void *buffer, ULONG size )
{
    ULONG needed = cred_attr_size( attr );

    if (needed && size < needed) return SEC_E_BUFFER_TOO_SMALL;
    return QueryCredentialsAttributesW( cred, attr, buffer );
}

SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesExA( CredHandle *cred, ULONG attr, void *buffer, ULONG size )
{
    ULONG needed = cred_attr_size( attr );

    if (needed && size < needed) return SEC_E_BUFFER_TOO_SMALL;
    return QueryCredentialsAttributesA( cred, attr, buffer );
}

SECURITY_STATUS SEC_ENTRY SetCredentialsAttributesW( CredHandle *cred, ULONG attr, void *buffer, ULONG size )
{
    struct handle_info info;
    SECURITY_STATUS status;

    TRACE( "%p %lu %p %lu\n", cred, attr, buffer, size );
    if ((status = handle_get( HANDLE_CREDENTIALS, cred, &info ))) return status;
    if (!info.package->lsa->SetCredentialsAttributes) return SEC_E_UNSUPPORTED_FUNCTION;
    return sec_status( info.package->lsa->SetCredentialsAttributes( info.lsa_handle, attr, buffer, size ) );
}

SECURITY_STATUS SEC_ENTRY SetCredentialsAttributesA( CredHandle *cred, ULONG attr, void *buffer, ULONG size )
{
    SecPkgCredentials_NamesW names;
    SECURITY_STATUS status;

    if (attr != SECPKG_CRED_ATTR_NAMES || !buffer) return SetCredentialsAttributesW( cred, attr, buffer, size );
    if (!(names.sUserName = strdupAW( (char *)((SecPkgCredentials_NamesA *)buffer)->sUserName )) &&
        ((SecPkgCredentials_NamesA *)buffer)->sUserName)
        return SEC_E_INSUFFICIENT_MEMORY;
    status = SetCredentialsAttributesW( cred, attr, &names, sizeof(names) );
    secur32_free( names.sUserName );
    return status;
}

SECURITY_STATUS SEC_ENTRY AddCredentialsW( CredHandle *cred, SEC_WCHAR *principal, SEC_WCHAR *package_name,
                                           ULONG use, void *auth_data, SEC_GET_KEY_FN get_key, void *get_key_arg,
                                           TimeStamp *expiry )
{
    UNICODE_STRING principal_us, package_us, *pprincipal, *ppackage;
    struct handle_info info;
    TimeStamp ts = { 0 };
    SECURITY_STATUS status;

    TRACE( "%p %s %s %#lx %p %p %p %p\n", cred, debugstr_w(principal), debugstr_w(package_name), use, auth_data,
           get_key, get_key_arg, expiry );
    if ((status = handle_get( HANDLE_CREDENTIALS, cred, &info ))) return status;
    if (!init_unicode_string( &principal_us, principal, &pprincipal ) ||
        !init_unicode_string( &package_us, package_name, &ppackage ))
        return SEC_E_INVALID_PARAMETER;
    if (!info.package->lsa->AddCredentials) return SEC_E_UNSUPPORTED_FUNCTION;
    status = sec_status( info.package->lsa->AddCredentials( info.lsa_handle, pprincipal, ppackage, use, auth_data,
                                                            get_key, get_key_arg, &ts ) );
    if (status == SEC_E_OK && expiry) *expiry = ts;
    return status;
}

SECURITY_STATUS SEC_ENTRY AddCredentialsA( CredHandle *cred, SEC_CHAR *principal, SEC_CHAR *package_name,
                                           ULONG use, void *auth_data, SEC_GET_KEY_FN get_key, void *get_key_arg,
                                           TimeStamp *expiry )
{
    WCHAR *principalW = NULL, *packageW = NULL;
    SECURITY_STATUS status = SEC_E_INSUFFICIENT_MEMORY;

    if ((principal && !(principalW = strdupAW( principal ))) || (package_name && !(packageW = strdupAW( package_name ))))
        goto done;
    status = AddCredentialsW( cred, principalW, packageW, use, auth_data, get_key, get_key_arg, expiry );
done:
    secur32_free( principalW );
    secur32_free( packageW );
    return status;
}
