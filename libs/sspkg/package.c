/*
 * SpLsaModeInitialize / SpUserModeInitialize for the project's package DLLs
 * (see sspkg.h).
 */
#include "sspkg.h"

LSA_SECPKG_FUNCTION_TABLE *ssp_lsa;
SECPKG_DLL_FUNCTIONS *ssp_dll;
ULONG_PTR ssp_package_ids[SSP_MAX_PACKAGES];

static SECPKG_FUNCTION_TABLE lsa_tables[SSP_MAX_PACKAGES];
static SECPKG_USER_FUNCTION_TABLE user_tables[SSP_MAX_PACKAGES];
static INIT_ONCE attach_once = INIT_ONCE_STATIC_INIT;
static NTSTATUS attach_status;

static BOOL WINAPI attach( INIT_ONCE *once, void *param, void **context )
{
    attach_status = ssp_process_attach ? ssp_process_attach() : STATUS_SUCCESS;
    return TRUE;
}

static NTSTATUS initialize( ULONG index, ULONG_PTR id, SECPKG_PARAMETERS *params, LSA_SECPKG_FUNCTION_TABLE *lsa )
{
    if (!lsa) return STATUS_INVALID_PARAMETER;
    ssp_lsa = lsa;
    ssp_package_ids[index] = id;
    InitOnceExecuteOnce( &attach_once, attach, NULL, NULL );
    return attach_status;
}

static NTSTATUS get_info( ULONG index, SecPkgInfoW *info )
{
    if (!info) return STATUS_INVALID_PARAMETER;
    *info = ssp_packages[index].info;
    return STATUS_SUCCESS;
}

/* LsaApInitializePackage: hands the LSA the name LsaLookupAuthenticationPackage finds. */
static NTSTATUS initialize_ap( ULONG index, LSA_STRING **name )
{
    const char *ap_name = ssp_packages[index].ap_name;
    LSA_STRING *str;
    USHORT len;

    if (!name || !ssp_lsa) return STATUS_INVALID_PARAMETER;
    len = strlen( ap_name );
    if (!(str = ssp_lsa->AllocateLsaHeap( sizeof(*str) ))) return STATUS_NO_MEMORY;
    if (!(str->Buffer = ssp_lsa->AllocateLsaHeap( len + 1 )))
    {
        ssp_lsa->FreeLsaHeap( str );
        return STATUS_NO_MEMORY;
    }
    memcpy( str->Buffer, ap_name, len + 1 );
    str->Length = len;
    str->MaximumLength = len + 1;
    *name = str;
    return STATUS_SUCCESS;
}

/* SpInitialize, SpGetInfo and LsaApInitializePackage take no package context:
 * one entry point per table. */
#define PACKAGE_ENTRIES(n) \
    static NTSTATUS NTAPI initialize_##n( ULONG_PTR id, SECPKG_PARAMETERS *params, LSA_SECPKG_FUNCTION_TABLE *lsa ) \
    { return initialize( n, id, params, lsa ); } \
    static NTSTATUS NTAPI get_info_##n( SecPkgInfoW *info ) { return get_info( n, info ); } \
    static NTSTATUS NTAPI initialize_ap_##n( ULONG id, LSA_DISPATCH_TABLE *dispatch, LSA_STRING *database, \
                                             LSA_STRING *confidentiality, LSA_STRING **name ) \
    { return initialize_ap( n, name ); }

PACKAGE_ENTRIES(0)
PACKAGE_ENTRIES(1)
PACKAGE_ENTRIES(2)
PACKAGE_ENTRIES(3)

static SpInitializeFn * const initializers[SSP_MAX_PACKAGES] = { initialize_0, initialize_1, initialize_2, initialize_3 };
static SpGetInfoFn * const info_getters[SSP_MAX_PACKAGES] = { get_info_0, get_info_1, get_info_2, get_info_3 };
static PLSA_AP_INITIALIZE_PACKAGE const ap_initializers[SSP_MAX_PACKAGES] =
    { initialize_ap_0, initialize_ap_1, initialize_ap_2, initialize_ap_3 };

static NTSTATUS NTAPI package_shutdown( void )
{
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI SpLsaModeInitialize( ULONG lsa_version, ULONG *package_version, SECPKG_FUNCTION_TABLE **tables,
                                    ULONG *count )
{
    ULONG i;

    if (!package_version || !tables || !count || ssp_package_count > SSP_MAX_PACKAGES)
        return STATUS_INVALID_PARAMETER;
    for (i = 0; i < ssp_package_count; i++)
    {
        if (ssp_packages[i].lsa) lsa_tables[i] = *ssp_packages[i].lsa;
        lsa_tables[i].Initialize = initializers[i];
        lsa_tables[i].GetInfo = info_getters[i];
        if (ssp_packages[i].ap_name) lsa_tables[i].InitializePackage = ap_initializers[i];
        if (!lsa_tables[i].Shutdown) lsa_tables[i].Shutdown = package_shutdown;
    }
    *package_version = SECPKG_INTERFACE_VERSION;
    *tables = lsa_tables;
    *count = ssp_package_count;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI instance_init( ULONG version, SECPKG_DLL_FUNCTIONS *dll, void **user_functions )
{
    if (!dll) return STATUS_INVALID_PARAMETER;
    ssp_dll = dll;
    if (user_functions) *user_functions = NULL;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI SpUserModeInitialize( ULONG lsa_version, ULONG *package_version, SECPKG_USER_FUNCTION_TABLE **tables,
                                     ULONG *count )
{
    ULONG i;

    if (!package_version || !tables || !count || ssp_package_count > SSP_MAX_PACKAGES)
        return STATUS_INVALID_PARAMETER;
    for (i = 0; i < ssp_package_count; i++)
    {
        if (ssp_packages[i].user) user_tables[i] = *ssp_packages[i].user;
        if (!user_tables[i].InstanceInit) user_tables[i].InstanceInit = instance_init;
    }
    *package_version = SECPKG_INTERFACE_VERSION;
    *tables = user_tables;
    *count = ssp_package_count;
    return STATUS_SUCCESS;
}
