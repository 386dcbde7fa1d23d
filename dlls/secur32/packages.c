/*
 * The LSA emulation's package loader: loads each SSP/AP DLL through
 * SpLsaModeInitialize and SpUserModeInitialize, as lsass and secur32 do on
 * Windows, and answers the package queries of SSPI.
 *
 * Which DLLs, in Windows' order: the built-in packages (Negotiate, Kerberos,
 * NTLM, WDigest, Schannel), then those the registry adds in
 *   HKLM\SYSTEM\CurrentControlSet\Control\Lsa "Security Packages" (REG_MULTI_SZ)
 *   HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders "SecurityProviders" (REG_SZ, comma-separated)
 * and CredSSP. As on Windows 8 and later, the registry adds to the built-in
 * packages rather than replacing them; a DLL is loaded once.
 */
#include "secur32_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(secur32);

static const WCHAR * const builtin_packages[] = { L"negotiate", L"kerberos", L"msv1_0", L"wdigest", L"schannel" };

static struct sec_package **packages;
static ULONG packages_len, packages_capacity;
static struct lsa_module **modules;
static ULONG modules_len;
/* recursive: a package may call back into the LSA while it is being loaded */
static CRITICAL_SECTION packages_cs;
static INIT_ONCE init_once = INIT_ONCE_STATIC_INIT;

/* Packages are only ever added, so a pointer, once found, stays valid. */
static BOOL add_package( struct sec_package *package )
{
    if (packages_len == packages_capacity)
    {
        ULONG capacity = packages_capacity ? packages_capacity * 2 : 16;
        struct sec_package **grown = packages ? HeapReAlloc( GetProcessHeap(), 0, packages, capacity * sizeof(*grown) )
                                              : HeapAlloc( GetProcessHeap(), 0, capacity * sizeof(*grown) );
        if (!grown) return FALSE;
        packages = grown;
        packages_capacity = capacity;
    }
    packages[packages_len++] = package;
    return TRUE;
}

static BOOL module_loaded( const WCHAR *path )
{
    const WCHAR *base = wcsrchr( path, '\\' ), *other;
    ULONG i;

    base = base ? base + 1 : path;
    for (i = 0; i < modules_len; i++)
    {
        other = wcsrchr( modules[i]->path, '\\' );
        other = other ? other + 1 : modules[i]->path;
        if (!wcsicmp( base, other )) return TRUE;
    }
    return FALSE;
}

static WCHAR *ap_name_to_unicode( const LSA_STRING *name )
{
    WCHAR *ret;
    int len;

    if (!name || !name->Buffer || !name->Length) return NULL;
    len = MultiByteToWideChar( CP_ACP, 0, name->Buffer, name->Length, NULL, 0 );
    if (!(ret = secur32_alloc( (len + 1) * sizeof(WCHAR) ))) return NULL;
    MultiByteToWideChar( CP_ACP, 0, name->Buffer, name->Length, ret, len );
    ret[len] = 0;
    return ret;
}

/* A standalone machine: the domain is the computer's own name. */
static void init_parameters( SECPKG_PARAMETERS *params, WCHAR *domain )
{
    memset( params, 0, sizeof(*params) );
    params->MachineState = SECPKG_STATE_ENCRYPTION_PERMITTED | SECPKG_STATE_STRONG_ENCRYPTION_PERMITTED |
                           SECPKG_STATE_STANDALONE;
    params->DomainName.Buffer = domain;
    params->DomainName.Length = wcslen( domain ) * sizeof(WCHAR);
    params->DomainName.MaximumLength = params->DomainName.Length + sizeof(WCHAR);
}

/* Initializes LSA-mode TABLE as package ID; fills PACKAGE on success. */
static BOOL init_package( struct lsa_module *module, SECPKG_FUNCTION_TABLE *table, ULONG id,
                          struct sec_package *package )
{
    WCHAR computer[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD len = ARRAYSIZE(computer);
    SECPKG_PARAMETERS params;
    SecPkgInfoW info;
    NTSTATUS status;

    if (!GetComputerNameW( computer, &len )) computer[0] = 0;
    init_parameters( &params, computer );
    if (!table->Initialize || !table->GetInfo)
    {
        WARN( "%s: table %lu lacks SpInitialize or SpGetInfo\n", debugstr_w(module->path), id );
        return FALSE;
    }
    if ((status = table->Initialize( id, &params, &lsa_functions )))
    {
        WARN( "%s: SpInitialize failed %08lx\n", debugstr_w(module->path), status );
        return FALSE;
    }
    memset( &info, 0, sizeof(info) );
    if ((status = table->GetInfo( &info )) || !info.Name)
    {
        WARN( "%s: SpGetInfo failed %08lx\n", debugstr_w(module->path), status );
        return FALSE;
    }
    memset( package, 0, sizeof(*package) );
    package->module = module;
    package->id = id;
    package->lsa = table;
    package->info = info;
    package->info.Name = secur32_strdupW( info.Name );
    package->info.Comment = secur32_strdupW( info.Comment ? info.Comment : L"" );
    if (!package->info.Name || !package->info.Comment) return FALSE;

    if (table->InitializePackage)
    {
        LSA_STRING *ap_name = NULL;
        status = table->InitializePackage( id, (LSA_DISPATCH_TABLE *)&lsa_functions, NULL, NULL, &ap_name );
        if (!status && ap_name)
        {
            package->ap_name = ap_name_to_unicode( ap_name );
            if (ap_name->Buffer) lsa_functions.FreeLsaHeap( ap_name->Buffer );
            lsa_functions.FreeLsaHeap( ap_name );
        }
        else if (status) WARN( "%s: LsaApInitializePackage failed %08lx\n", debugstr_w(info.Name), status );
    }
    TRACE( "package %lu: %s (%s) caps %08lx\n", id, debugstr_w(package->info.Name),
           debugstr_w(package->info.Comment), package->info.fCapabilities );
    return TRUE;
}

static void init_user_mode( struct lsa_module *module, struct sec_package **pkgs, ULONG count )
{
    SpUserModeInitializeFn init = (void *)GetProcAddress( module->module, SECPKG_USERMODEINIT_NAME );
    SECPKG_USER_FUNCTION_TABLE *tables;
    ULONG i, table_count;
    NTSTATUS status;

    if (!init) return;
    if ((status = init( SECPKG_INTERFACE_VERSION, &module->user_version, &tables, &table_count )))
    {
        WARN( "%s: SpUserModeInitialize failed %08lx\n", debugstr_w(module->path), status );
        return;
    }
    for (i = 0; i < count && i < table_count; i++)
    {
        void *user_functions = NULL;

        if (!pkgs[i]) continue;
        if (tables[i].InstanceInit &&
            (status = tables[i].InstanceInit( SECPKG_INTERFACE_VERSION, &dll_functions, &user_functions )))
        {
            WARN( "%s: SpInstanceInit failed %08lx\n", debugstr_w(pkgs[i]->info.Name), status );
            continue;
        }
        pkgs[i]->user = &tables[i];
    }
}

/* Loads one SSP/AP DLL and its packages; caller holds packages_cs. */
static SECURITY_STATUS load_module( const WCHAR *path )
{
    SpLsaModeInitializeFn init;
    SECPKG_FUNCTION_TABLE *tables;
    struct sec_package **pkgs;
    struct lsa_module *module;
    ULONG i, count, added = 0;
    HMODULE hmodule;
    NTSTATUS status;

    if (module_loaded( path )) return SEC_E_OK;
    if (!(hmodule = LoadLibraryW( path )))
    {
        WARN( "cannot load %s: %lu\n", debugstr_w(path), GetLastError() );
        return SEC_E_SECPKG_NOT_FOUND;
    }
    if (!(init = (void *)GetProcAddress( hmodule, SECPKG_LSAMODEINIT_NAME )))
    {
        FIXME( "%s is not an SSP/AP (no %s); plain SSP DLLs are not supported\n",
               debugstr_w(path), SECPKG_LSAMODEINIT_NAME );
        FreeLibrary( hmodule );
        return SEC_E_CANNOT_INSTALL;
    }
    if (!(module = secur32_alloc_zero( sizeof(*module) )) || !(module->path = secur32_strdupW( path )))
    {
        secur32_free( module );
        FreeLibrary( hmodule );
        return SEC_E_INSUFFICIENT_MEMORY;
    }
    module->module = hmodule;
    if ((status = init( SECPKG_INTERFACE_VERSION, &module->lsa_version, &tables, &count )) || !count)
    {
        WARN( "%s: SpLsaModeInitialize failed %08lx\n", debugstr_w(path), status );
        goto failed;
    }
    if (!(pkgs = secur32_alloc_zero( count * sizeof(*pkgs) ))) goto failed;
    for (i = 0; i < count; i++)
    {
        struct sec_package *package = secur32_alloc_zero( sizeof(*package) );
        if (!package) break;
        if (!init_package( module, &tables[i], packages_len + added, package ))
        {
            secur32_free( package->info.Name );
            secur32_free( package->info.Comment );
            secur32_free( package );
            continue;
        }
        pkgs[i] = package;
        added++;
    }
    if (!added)
    {
        secur32_free( pkgs );
        goto failed;
    }
    init_user_mode( module, pkgs, count );
    for (i = 0; i < count; i++) if (pkgs[i]) add_package( pkgs[i] );
    secur32_free( pkgs );

    {
        struct lsa_module **grown = modules ? HeapReAlloc( GetProcessHeap(), 0, modules, (modules_len + 1) * sizeof(*grown) )
                                            : HeapAlloc( GetProcessHeap(), 0, sizeof(*grown) );
        if (grown)
        {
            modules = grown;
            modules[modules_len++] = module;
        }
    }
    return SEC_E_OK;

failed:
    secur32_free( module->path );
    secur32_free( module );
    FreeLibrary( hmodule );
    return SEC_E_CANNOT_INSTALL;
}

static WCHAR *dll_path( const WCHAR *name, WCHAR *buf, SIZE_T size )
{
    SIZE_T len = wcslen( name );

    if (len + 5 > size) return NULL;
    wcscpy( buf, name );
    if (len < 4 || wcsicmp( name + len - 4, L".dll" )) wcscat( buf, L".dll" );
    return buf;
}

static void load_by_name( const WCHAR *name )
{
    WCHAR path[MAX_PATH];

    while (*name == ' ') name++;
    if (!*name || !dll_path( name, path, ARRAYSIZE(path) )) return;
    load_module( path );
}

static void load_security_packages( void )
{
    WCHAR *value = NULL, *p;
    DWORD size = 0, type;

    if (!RegGetValueW( HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Control\\Lsa", L"Security Packages",
                       RRF_RT_REG_MULTI_SZ, &type, NULL, &size ) &&
        size > sizeof(WCHAR) && (value = secur32_alloc_zero( size + 2 * sizeof(WCHAR) )) &&
        !RegGetValueW( HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Control\\Lsa", L"Security Packages",
                       RRF_RT_REG_MULTI_SZ, &type, value, &size ))
    {
        for (p = value; *p; p += wcslen( p ) + 1) load_by_name( p );
    }
    secur32_free( value );
}

static void load_security_providers( void )
{
    WCHAR *value = NULL, *p, *comma;
    DWORD size = 0;

    if (!RegGetValueW( HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Control\\SecurityProviders",
                       L"SecurityProviders", RRF_RT_REG_SZ, NULL, NULL, &size ) && size > sizeof(WCHAR) &&
        (value = secur32_alloc_zero( size + sizeof(WCHAR) )) &&
        !RegGetValueW( HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Control\\SecurityProviders",
                       L"SecurityProviders", RRF_RT_REG_SZ, NULL, value, &size ))
    {
        for (p = value; *p; p = comma ? comma + 1 : p + wcslen( p ))
        {
            if ((comma = wcschr( p, ',' ))) *comma = 0;
            load_by_name( p );
        }
    }
    secur32_free( value );
}

static BOOL WINAPI load_packages( INIT_ONCE *once, void *param, void **context )
{
    ULONG i;

    InitializeCriticalSection( &packages_cs );
    EnterCriticalSection( &packages_cs );
    for (i = 0; i < ARRAYSIZE(builtin_packages); i++) load_by_name( builtin_packages[i] );
    load_security_packages();
    load_security_providers();
    load_by_name( L"credssp" );
    LeaveCriticalSection( &packages_cs );
    TRACE( "%lu packages\n", packages_len );
    return TRUE;
}

void packages_init( void )
{
    InitOnceExecuteOnce( &init_once, load_packages, NULL, NULL );
}

SECURITY_STATUS load_package_module( const WCHAR *path )
{
    SECURITY_STATUS status;

    packages_init();
    EnterCriticalSection( &packages_cs );
    status = load_module( path );
    LeaveCriticalSection( &packages_cs );
    return status;
}

ULONG package_count( void )
{
    ULONG count;

    packages_init();
    EnterCriticalSection( &packages_cs );
    count = packages_len;
    LeaveCriticalSection( &packages_cs );
    return count;
}

struct sec_package *package_by_id( ULONG id )
{
    struct sec_package *package = NULL;

    packages_init();
    EnterCriticalSection( &packages_cs );
    if (id < packages_len) package = packages[id];
    LeaveCriticalSection( &packages_cs );
    return package;
}

/* Finds a package by its SSPI name, or by the name it gave as an authentication package. */
struct sec_package *find_package_w( const WCHAR *name )
{
    struct sec_package *package = NULL;
    ULONG i;

    if (!name) return NULL;
    packages_init();
    EnterCriticalSection( &packages_cs );
    for (i = 0; i < packages_len && !package; i++)
        if (!wcsicmp( packages[i]->info.Name, name )) package = packages[i];
    for (i = 0; i < packages_len && !package; i++)
        if (packages[i]->ap_name && !wcsicmp( packages[i]->ap_name, name )) package = packages[i];
    LeaveCriticalSection( &packages_cs );
    return package;
}

/* A logon session ended: each package drops what it kept for it. */
void packages_logon_terminated( const LUID *id )
{
    ULONG i, count = package_count();
    struct sec_package *package;
    LUID copy;

    for (i = 0; i < count; i++)
    {
        if (!(package = package_by_id( i )) || !package->lsa || !package->lsa->LogonTerminated) continue;
        copy = *id;
        package->lsa->LogonTerminated( &copy );
    }
}
