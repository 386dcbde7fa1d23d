/*
 * Kerberos credentials: the user's tickets (kinit's cache), an explicit
 * identity's (a private cache, its TGT fetched with the password at first
 * use), a logon session's (LsaLogonUser, delegation), and a server's keys
 * (a keytab, or derived from a service account's password).
 */
#include "krb_priv.h"
#include "authid.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(kerberos);

struct krb_cred *krb_cred_from_handle( LSA_SEC_HANDLE handle )
{
    struct krb_cred *cred = (struct krb_cred *)handle;
    return cred && cred->magic == KRB_CRED_MAGIC ? cred : NULL;
}

void krb_cred_release( struct krb_cred *cred )
{
    struct cred_free_params params;

    if (InterlockedDecrement( &cred->refs )) return;
    cred->magic = 0;
    params.cred = cred->unix_cred;
    if (params.cred) WINE_UNIX_CALL( unix_cred_free, &params );
    ssp_free( cred->name );
    ssp_free( cred );
}

static void free_password( char *password )
{
    if (!password) return;
    SecureZeroMemory( password, strlen( password ) );
    ssp_free( password );
}

/* The principal of an explicit identity, and its password. */
static SECURITY_STATUS identity_principal( void *auth_data, char **principal, char **password )
{
    struct auth_identity id;
    char name[KRB_MAX_NAME], *user = NULL, *domain = NULL;
    SECURITY_STATUS status;

    *principal = *password = NULL;
    if ((status = auth_identity_parse( auth_data, &id )))
        return status == SEC_E_INVALID_TOKEN ? SEC_E_UNKNOWN_CREDENTIALS : status;
    /* a user without a password stands for the credentials the user already has */
    if (id.user && id.user[0] && id.password)
    {
        status = SEC_E_INSUFFICIENT_MEMORY;
        if ((user = ssp_utf8( id.user )) && (!id.domain || (domain = ssp_utf8( id.domain ))) &&
            (*password = ssp_utf8( id.password )))
        {
            status = SEC_E_UNKNOWN_CREDENTIALS;
            if (!krb_user_principal( user, domain, krb_default_realm, name, sizeof(name) ))
                status = (*principal = ssp_alloc( strlen( name ) + 1 )) ? SEC_E_OK : SEC_E_INSUFFICIENT_MEMORY;
            if (*principal) strcpy( *principal, name );
        }
    }
    ssp_free( user );
    ssp_free( domain );
    auth_identity_free( &id );
    if (status)
    {
        free_password( *password );
        *password = NULL;
    }
    return status;
}

NTSTATUS NTAPI krb_SpAcquireCredentialsHandle( UNICODE_STRING *principal, ULONG use, LUID *logon_id,
                                               void *auth_data, void *get_key, void *get_key_arg,
                                               LSA_SEC_HANDLE *handle, TimeStamp *expiry )
{
    struct cred_acquire_params params = { 0 };
    struct krb_cred *cred;
    char *name = NULL, *password = NULL;
    LUID session;
    NTSTATUS status;

    TRACE( "%#lx %p %p\n", use, logon_id, auth_data );
    if (!(use & SECPKG_CRED_BOTH) || (use & ~(SECPKG_CRED_BOTH | SECPKG_CRED_AUTOLOGON_RESTRICTED)))
        return SEC_E_UNKNOWN_CREDENTIALS;
    if (auth_data && (status = identity_principal( auth_data, &name, &password ))) return status;

    if (use & SECPKG_CRED_INBOUND) params.use |= KRB_CRED_ACCEPT;
    if (use & SECPKG_CRED_OUTBOUND) params.use |= KRB_CRED_INITIATE;
    params.principal = name;
    params.password = password;
    /* without an identity: the logon session's tickets, the one named or the caller's */
    if (!name && (use & SECPKG_CRED_OUTBOUND))
    {
        if ((status = krb_request_session( logon_id, &session )))
            status = status == STATUS_PRIVILEGE_NOT_HELD ? SEC_E_NOT_OWNER : SEC_E_INTERNAL_ERROR;
        else if (!krb_session_cred( &session, &params, &status )) status = SEC_E_NO_CREDENTIALS;
    }
    else status = WINE_UNIX_CALL( unix_cred_acquire, &params );
    ssp_free( name );
    free_password( password );
    if (status)
    {
        WARN( "no credentials: %08lx (krb5 error %d)\n", status, params.krb_error );
        return status;
    }
    if (!(cred = ssp_alloc( sizeof(*cred) )))
    {
        struct cred_free_params free_params = { params.cred };
        WINE_UNIX_CALL( unix_cred_free, &free_params );
        return SEC_E_INSUFFICIENT_MEMORY;
    }
    cred->magic = KRB_CRED_MAGIC;
    cred->use = use;
    cred->refs = 1;
    cred->unix_cred = params.cred;
    cred->name = krb_wide( params.name );
    cred->expiry = params.expiry ? krb_timestamp( params.expiry ) : krb_never;
    TRACE( "credentials of %s\n", debugstr_a(params.name) );
    *handle = (LSA_SEC_HANDLE)cred;
    *expiry = cred->expiry;
    return SEC_E_OK;
}

NTSTATUS NTAPI krb_SpFreeCredentialsHandle( LSA_SEC_HANDLE handle )
{
    struct krb_cred *cred = krb_cred_from_handle( handle );

    TRACE( "%p\n", (void *)handle );
    if (!cred) return SEC_E_INVALID_HANDLE;
    krb_cred_release( cred );
    return SEC_E_OK;
}

NTSTATUS NTAPI krb_SpQueryCredentialsAttributes( LSA_SEC_HANDLE handle, ULONG attr, void *buffer )
{
    struct krb_cred *cred = krb_cred_from_handle( handle );
    SecPkgCredentials_NamesW names;
    NTSTATUS status;
    ULONG size;

    TRACE( "%p %lu %p\n", (void *)handle, attr, buffer );
    if (!cred) return SEC_E_INVALID_HANDLE;
    if (attr != SECPKG_CRED_ATTR_NAMES)
    {
        FIXME( "attribute %lu not supported\n", attr );
        return SEC_E_UNSUPPORTED_FUNCTION;
    }
    if (!cred->name || !cred->name[0]) return SEC_E_NO_CREDENTIALS;
    size = (wcslen( cred->name ) + 1) * sizeof(WCHAR);
    if (!(status = ssp_lsa->AllocateClientBuffer( NULL, size, (void **)&names.sUserName )))
    {
        memcpy( names.sUserName, cred->name, size );
        status = ssp_lsa->CopyToClientBuffer( NULL, sizeof(names), buffer, &names );
    }
    return status;
}
