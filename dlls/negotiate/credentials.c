/*
 * Negotiate credentials: those of each package Negotiate may choose, as the
 * identity's PackageList allows ("kerberos", "ntlm", "!ntlm", ...), acquired
 * from the packages themselves with the caller's arguments.
 */
#include "nego_priv.h"
#include "authid.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(negotiate);

static const WCHAR * const package_names[NEGO_PACKAGES] = { L"Kerberos", L"NTLM" };

const WCHAR *nego_package_name( enum nego_package package )
{
    return package < NEGO_PACKAGES ? package_names[package] : L"Negotiate";
}

enum nego_package nego_package_of_mech( enum spnego_mech mech )
{
    if (spnego_mech_is_krb5( mech )) return NEGO_KERBEROS;
    if (mech == SPNEGO_MECH_NTLM) return NEGO_NTLM;
    return NEGO_NONE;
}

struct nego_cred *nego_cred_from_handle( LSA_SEC_HANDLE handle )
{
    struct nego_cred *cred = (struct nego_cred *)handle;
    return cred && cred->magic == NEGO_CRED_MAGIC ? cred : NULL;
}

void nego_cred_release( struct nego_cred *cred )
{
    int i;

    if (InterlockedDecrement( &cred->refs )) return;
    cred->magic = 0;
    for (i = 0; i < NEGO_PACKAGES; i++) if (cred->has[i]) FreeCredentialsHandle( &cred->sub[i] );
    ssp_free( cred );
}

static enum nego_package package_of_name( const WCHAR *name, size_t len )
{
    int i;

    for (i = 0; i < NEGO_PACKAGES; i++)
        if (wcslen( package_names[i] ) == len && !_wcsnicmp( name, package_names[i], len )) return i;
    return NEGO_NONE;
}

/* The packages a PackageList leaves: the ones it names, else all but those it excludes with "!". */
static void read_package_list( const WCHAR *list, BOOL allowed[NEGO_PACKAGES] )
{
    BOOL named[NEGO_PACKAGES] = { 0 }, excluded[NEGO_PACKAGES] = { 0 }, any_named = FALSE;
    const WCHAR *p = list, *end;
    enum nego_package package;
    BOOL exclude;
    int i;

    while (*p)
    {
        while (*p == ' ' || *p == ',') p++;
        if (!*p) break;
        if ((exclude = *p == '!')) p++;
        for (end = p; *end && *end != ','; end++);
        if ((package = package_of_name( p, end - p )) == NEGO_NONE) FIXME( "package %s not supported\n", debugstr_wn(p, end - p) );
        else if (exclude) excluded[package] = TRUE;
        else named[package] = any_named = TRUE;
        p = end;
    }
    for (i = 0; i < NEGO_PACKAGES; i++) allowed[i] = (any_named ? named[i] : TRUE) && !excluded[i];
}

NTSTATUS NTAPI nego_SpAcquireCredentialsHandle( UNICODE_STRING *principal, ULONG use, LUID *logon_id,
                                                void *auth_data, void *get_key, void *get_key_arg,
                                                LSA_SEC_HANDLE *handle, TimeStamp *expiry )
{
    BOOL allowed[NEGO_PACKAGES] = { TRUE, TRUE };
    struct auth_identity id;
    struct nego_cred *cred;
    SECURITY_STATUS status = SEC_E_NO_CREDENTIALS, sub_status;
    TimeStamp sub_expiry;
    WCHAR *name;
    int i;

    TRACE( "%#lx %p %p\n", use, logon_id, auth_data );
    if (!(use & SECPKG_CRED_BOTH) ||
        (use & ~(SECPKG_CRED_BOTH | SECPKG_CRED_AUTOLOGON_RESTRICTED | SECPKG_CRED_PROCESS_POLICY_ONLY)))
        return SEC_E_UNKNOWN_CREDENTIALS;
    if (use & SECPKG_CRED_PROCESS_POLICY_ONLY) return SEC_E_NO_CREDENTIALS;  /* the policy asks for a prompt */
    if (!(cred = ssp_alloc( sizeof(*cred) ))) return SEC_E_INSUFFICIENT_MEMORY;
    if (auth_data)
    {
        if ((status = auth_identity_parse( auth_data, &id )))
        {
            ssp_free( cred );
            return status == SEC_E_INVALID_TOKEN ? SEC_E_UNKNOWN_CREDENTIALS : status;
        }
        if (id.packages && id.packages[0])
        {
            read_package_list( id.packages, allowed );
            cred->listed = TRUE;
        }
        auth_identity_free( &id );
        status = SEC_E_NO_CREDENTIALS;
    }
    name = ssp_strdup_us( principal );
    *expiry = (TimeStamp){ .LowPart = 0xffffffff, .HighPart = 0x7fffffff };
    for (i = 0; i < NEGO_PACKAGES; i++)
    {
        if (!allowed[i]) continue;
        sub_status = AcquireCredentialsHandleW( name, (WCHAR *)package_names[i], use & ~SECPKG_CRED_AUTOLOGON_RESTRICTED,
                                                logon_id, auth_data, NULL, NULL, &cred->sub[i], &sub_expiry );
        TRACE( "%s: %08lx\n", debugstr_w(package_names[i]), sub_status );
        if (sub_status)
        {
            if (status == SEC_E_NO_CREDENTIALS) status = sub_status;
            continue;
        }
        cred->has[i] = TRUE;
        if (sub_expiry.QuadPart < expiry->QuadPart) *expiry = sub_expiry;
    }
    ssp_free( name );
    if (!cred->has[NEGO_KERBEROS] && !cred->has[NEGO_NTLM])
    {
        ssp_free( cred );
        return status;
    }
    cred->magic = NEGO_CRED_MAGIC;
    cred->refs = 1;
    cred->use = use;
    *handle = (LSA_SEC_HANDLE)cred;
    return SEC_E_OK;
}

NTSTATUS NTAPI nego_SpFreeCredentialsHandle( LSA_SEC_HANDLE handle )
{
    struct nego_cred *cred = nego_cred_from_handle( handle );

    TRACE( "%p\n", (void *)handle );
    if (!cred) return SEC_E_INVALID_HANDLE;
    nego_cred_release( cred );
    return SEC_E_OK;
}

/* Attributes of the credentials of the package Negotiate would choose first. */
NTSTATUS NTAPI nego_SpQueryCredentialsAttributes( LSA_SEC_HANDLE handle, ULONG attr, void *buffer )
{
    struct nego_cred *cred = nego_cred_from_handle( handle );

    TRACE( "%p %lu %p\n", (void *)handle, attr, buffer );
    if (!cred) return SEC_E_INVALID_HANDLE;
    return QueryCredentialsAttributesW( &cred->sub[cred->has[NEGO_KERBEROS] ? NEGO_KERBEROS : NEGO_NTLM], attr, buffer );
}
