/*
 * secur32: SSPI function tables, package enumeration and queries.
 */
#include "secur32_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(secur32);

static SecurityFunctionTableA table_a =
{
    SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION,
    EnumerateSecurityPackagesA,
    QueryCredentialsAttributesA,
    AcquireCredentialsHandleA,
    FreeCredentialsHandle,
    NULL,                           /* Reserved2 */
    InitializeSecurityContextA,
    AcceptSecurityContext,
    CompleteAuthToken,
    DeleteSecurityContext,
    ApplyControlToken,
    QueryContextAttributesA,
    ImpersonateSecurityContext,
    RevertSecurityContext,
    MakeSignature,
    VerifySignature,
    FreeContextBuffer,
    QuerySecurityPackageInfoA,
    EncryptMessage,                 /* Reserved3 */
    DecryptMessage,                 /* Reserved4 */
    ExportSecurityContext,
    ImportSecurityContextA,
    AddCredentialsA,
    NULL,                           /* Reserved8 */
    QuerySecurityContextToken,
    EncryptMessage,
    DecryptMessage,
    SetContextAttributesA,
    SetCredentialsAttributesA,
    ChangeAccountPasswordA,
    QueryContextAttributesExA,
    QueryCredentialsAttributesExA,
};

static SecurityFunctionTableW table_w =
{
    SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION,
    EnumerateSecurityPackagesW,
    QueryCredentialsAttributesW,
    AcquireCredentialsHandleW,
    FreeCredentialsHandle,
    NULL,                           /* Reserved2 */
    InitializeSecurityContextW,
    AcceptSecurityContext,
    CompleteAuthToken,
    DeleteSecurityContext,
    ApplyControlToken,
    QueryContextAttributesW,
    ImpersonateSecurityContext,
    RevertSecurityContext,
    MakeSignature,
    VerifySignature,
    FreeContextBuffer,
    QuerySecurityPackageInfoW,
    EncryptMessage,                 /* Reserved3 */
    DecryptMessage,                 /* Reserved4 */
    ExportSecurityContext,
    ImportSecurityContextW,
    AddCredentialsW,
    NULL,                           /* Reserved8 */
    QuerySecurityContextToken,
    EncryptMessage,
    DecryptMessage,
    SetContextAttributesW,
    SetCredentialsAttributesW,
    ChangeAccountPasswordW,
    QueryContextAttributesExW,
    QueryCredentialsAttributesExW,
};

PSecurityFunctionTableA SEC_ENTRY InitSecurityInterfaceA( void )
{
    TRACE( "\n" );
    return &table_a;
}

PSecurityFunctionTableW SEC_ENTRY InitSecurityInterfaceW( void )
{
    TRACE( "\n" );
    return &table_w;
}

SECURITY_STATUS SEC_ENTRY FreeContextBuffer( void *buffer )
{
    TRACE( "%p\n", buffer );
    secur32_free( buffer );
    return SEC_E_OK;
}

/* Snapshot of every package's SecPkgInfoW; pointers into package data. */
static SECURITY_STATUS collect_info( ULONG *count, SecPkgInfoW **infos )
{
    ULONG i, n = package_count();
    SecPkgInfoW *list;

    if (!(list = secur32_alloc( max( n, 1 ) * sizeof(*list) ))) return SEC_E_INSUFFICIENT_MEMORY;
    for (i = 0; i < n; i++) list[i] = package_by_id( i )->info;
    *count = n;
    *infos = list;
    return SEC_E_OK;
}

static SECURITY_STATUS copy_infoW( const SecPkgInfoW *list, ULONG count, void **info )
{
    return sec_pkg_info_copyW( list, count, (SecPkgInfoW **)info );
}

static SECURITY_STATUS copy_infoA( const SecPkgInfoW *list, ULONG count, void **info )
{
    return sec_pkg_info_WtoA( list, count, (SecPkgInfoA **)info );
}

static SECURITY_STATUS enumerate( ULONG *count, void **info,
                                  SECURITY_STATUS (*copy)( const SecPkgInfoW *, ULONG, void ** ) )
{
    SecPkgInfoW *list;
    SECURITY_STATUS status;
    ULONG n;

    if (!count || !info) return SEC_E_INVALID_PARAMETER;
    if ((status = collect_info( &n, &list ))) return status;
    if (!(status = copy( list, n, info ))) *count = n;
    secur32_free( list );
    return status;
}

SECURITY_STATUS SEC_ENTRY EnumerateSecurityPackagesW( ULONG *count, SecPkgInfoW **info )
{
    TRACE( "%p %p\n", count, info );
    return enumerate( count, (void **)info, copy_infoW );
}

SECURITY_STATUS SEC_ENTRY EnumerateSecurityPackagesA( ULONG *count, SecPkgInfoA **info )
{
    TRACE( "%p %p\n", count, info );
    return enumerate( count, (void **)info, copy_infoA );
}

SECURITY_STATUS SEC_ENTRY QuerySecurityPackageInfoW( SEC_WCHAR *name, SecPkgInfoW **info )
{
    struct sec_package *package;

    TRACE( "%s %p\n", debugstr_w(name), info );
    if (!(package = find_package_w( name ))) return SEC_E_SECPKG_NOT_FOUND;
    if (!info) return SEC_E_INVALID_PARAMETER;
    return sec_pkg_info_copyW( &package->info, 1, info );
}

SECURITY_STATUS SEC_ENTRY QuerySecurityPackageInfoA( SEC_CHAR *name, SecPkgInfoA **info )
{
    struct sec_package *package;
    WCHAR *nameW;

    TRACE( "%s %p\n", debugstr_a(name), info );
    if (!name) return SEC_E_SECPKG_NOT_FOUND;
    if (!(nameW = strdupAW( name ))) return SEC_E_INSUFFICIENT_MEMORY;
    package = find_package_w( nameW );
    secur32_free( nameW );
    if (!package) return SEC_E_SECPKG_NOT_FOUND;
    if (!info) return SEC_E_INVALID_PARAMETER;
    return sec_pkg_info_WtoA( &package->info, 1, info );
}

SECURITY_STATUS SEC_ENTRY AddSecurityPackageW( LPWSTR name, SECURITY_PACKAGE_OPTIONS *options )
{
    TRACE( "%s %p\n", debugstr_w(name), options );
    if (!name || !*name) return SEC_E_SECPKG_NOT_FOUND;
    if (options && options->Type != SECPKG_OPTIONS_TYPE_UNKNOWN && options->Type != SECPKG_OPTIONS_TYPE_LSA &&
        options->Type != SECPKG_OPTIONS_TYPE_SSPI)
        return SEC_E_INVALID_PARAMETER;
    return load_package_module( name );
}

SECURITY_STATUS SEC_ENTRY AddSecurityPackageA( LPSTR name, SECURITY_PACKAGE_OPTIONS *options )
{
    SECURITY_STATUS status;
    WCHAR *nameW;

    if (!name) return AddSecurityPackageW( NULL, options );
    if (!(nameW = strdupAW( name ))) return SEC_E_INSUFFICIENT_MEMORY;
    status = AddSecurityPackageW( nameW, options );
    secur32_free( nameW );
    return status;
}

/* The LSA never unloads a package, on Windows as here. */
SECURITY_STATUS SEC_ENTRY DeleteSecurityPackageW( LPWSTR name )
{
    TRACE( "%s\n", debugstr_w(name) );
    return SEC_E_UNSUPPORTED_FUNCTION;
}

SECURITY_STATUS SEC_ENTRY DeleteSecurityPackageA( LPSTR name )
{
    TRACE( "%s\n", debugstr_a(name) );
    return SEC_E_UNSUPPORTED_FUNCTION;
}
