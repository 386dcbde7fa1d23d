/*
 * NTLM credentials: explicit identities, the logged-on user's account, and
 * credentials for the server side, which need none.
 */
#include "ntlm_priv.h"
#include "authid.h"
#include "samcred.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(ntlm);

struct ntlm_cred *ntlm_cred_from_handle( LSA_SEC_HANDLE handle )
{
    struct ntlm_cred *cred = (struct ntlm_cred *)handle;
    return cred && cred->magic == NTLM_CRED_MAGIC ? cred : NULL;
}

void ntlm_cred_release( struct ntlm_cred *cred )
{
    if (InterlockedDecrement( &cred->refs )) return;
    SecureZeroMemory( cred->nt_hash, sizeof(cred->nt_hash) );
    SecureZeroMemory( cred->lm_hash, sizeof(cred->lm_hash) );
    cred->magic = 0;
    ssp_free( cred->user );
    ssp_free( cred->domain );
    ssp_free( cred );
}

/* "DOMAIN\user" and "user@domain" name their domain when none is given apart. */
static void split_user( struct auth_identity *id )
{
    WCHAR *sep;

    if (id->domain && id->domain[0]) return;
    if (!id->user || !(sep = wcschr( id->user, '\\' ))) return;
    *sep = 0;
    ssp_free( id->domain );
    id->domain = id->user;
    id->user = ssp_strdup( sep + 1 );
}

/* The NT hash of the password; an LM hash when it has one (14 OEM characters at most). */
static BOOL hash_password( struct ntlm_cred *cred, const WCHAR *password )
{
    WCHAR upper[15];
    char oem[15];
    int len = wcslen( password ), oem_len;
    BOOL ret = TRUE;

    if (ntlm_nt_hash( (const BYTE *)password, len * sizeof(WCHAR), cred->nt_hash )) return FALSE;
    cred->has_hash = TRUE;
    if (len < 15 && LCMapStringW( LOCALE_INVARIANT, LCMAP_UPPERCASE, password, len + 1, upper, ARRAYSIZE(upper) ) &&
        (oem_len = WideCharToMultiByte( CP_OEMCP, 0, upper, -1, oem, sizeof(oem), NULL, NULL )) > 0)
    {
        ret = !ntlm_lm_hash( (const BYTE *)oem, oem_len - 1, cred->lm_hash );
        cred->has_lm_hash = ret;
    }
    SecureZeroMemory( upper, sizeof(upper) );
    SecureZeroMemory( oem, sizeof(oem) );
    return ret;
}

/* The logged-on user, when the account store has that user's password. */
BOOL ntlm_default_credentials( struct ntlm_cred *cred )
{
    struct sam_credentials *creds = NULL;
    WCHAR user[257];
    DWORD len = ARRAYSIZE(user), size;
    SECURITY_STRING name, prefix = { 0, 0, NULL };
    void *handle;
    BOOL ret = FALSE;

    if (!GetUserNameW( user, &len ) || !ssp_lsa) return FALSE;
    name.Buffer = user;
    name.Length = wcslen( user ) * sizeof(WCHAR);
    name.MaximumLength = name.Length;
    if (ssp_lsa->OpenSamUser( &name, SecNameFlat, &prefix, FALSE, 0, &handle )) return FALSE;
    if (!ssp_lsa->GetUserCredentials( handle, (void **)&creds, &size, NULL, NULL ) && size == sizeof(*creds))
    {
        memcpy( cred->nt_hash, creds->nt_hash, 16 );
        cred->has_hash = TRUE;
        if ((cred->has_lm_hash = (creds->flags & SAM_HAS_LM_HASH) != 0)) memcpy( cred->lm_hash, creds->lm_hash, 16 );
        cred->user = ssp_strdup( creds->user );
        cred->domain = ssp_strdup( creds->domain );
        ret = cred->user && cred->domain;
        SecureZeroMemory( creds, sizeof(*creds) );
        ssp_lsa->FreeLsaHeap( creds );
    }
    ssp_lsa->CloseSamUser( handle );
    return ret;
}

NTSTATUS NTAPI ntlm_SpAcquireCredentialsHandle( UNICODE_STRING *principal, ULONG use, LUID *logon_id,
                                                void *auth_data, void *get_key, void *get_key_arg,
                                                LSA_SEC_HANDLE *handle, TimeStamp *expiry )
{
    struct auth_identity id;
    struct ntlm_cred *cred;
    SECURITY_STATUS status;

    TRACE( "%#lx %p %p\n", use, logon_id, auth_data );
    if (!(use & SECPKG_CRED_BOTH) || (use & ~(SECPKG_CRED_BOTH | SECPKG_CRED_AUTOLOGON_RESTRICTED)))
        return SEC_E_UNKNOWN_CREDENTIALS;
    if (!(cred = ssp_alloc( sizeof(*cred) ))) return SEC_E_INSUFFICIENT_MEMORY;
    cred->magic = NTLM_CRED_MAGIC;
    cred->use = use;
    cred->refs = 1;

    if (auth_data)
    {
        if ((status = auth_identity_parse( auth_data, &id )))
        {
            ntlm_cred_release( cred );
            return status == SEC_E_INVALID_TOKEN ? SEC_E_UNKNOWN_CREDENTIALS : status;
        }
        split_user( &id );
        cred->anonymous = (!id.user || !id.user[0]) && (!id.domain || !id.domain[0]) &&
                          (!id.password || !id.password[0]);
        status = SEC_E_OK;
        if (id.user && id.user[0])
        {
            cred->user = ssp_strdup( id.user );
            cred->domain = ssp_strdup( id.domain ? id.domain : L"" );
            if (!cred->user || !cred->domain || (id.password && !hash_password( cred, id.password )))
                status = SEC_E_INSUFFICIENT_MEMORY;
        }
        auth_identity_free( &id );
        if (status)
        {
            ntlm_cred_release( cred );
            return status;
        }
    }
    *handle = (LSA_SEC_HANDLE)cred;
    *expiry = ntlm_never;
    return SEC_E_OK;
}

NTSTATUS NTAPI ntlm_SpFreeCredentialsHandle( LSA_SEC_HANDLE handle )
{
    struct ntlm_cred *cred = ntlm_cred_from_handle( handle );

    TRACE( "%p\n", (void *)handle );
    if (!cred) return SEC_E_INVALID_HANDLE;
    ntlm_cred_release( cred );
    return SEC_E_OK;
}

NTSTATUS NTAPI ntlm_SpQueryCredentialsAttributes( LSA_SEC_HANDLE handle, ULONG attr, void *buffer )
{
    struct ntlm_cred *cred = ntlm_cred_from_handle( handle );
    SecPkgCredentials_NamesW names;
    struct ntlm_cred dflt = { 0 };
    const WCHAR *user, *domain = L"";
    WCHAR logged_on[257];
    DWORD len = ARRAYSIZE(logged_on);
    NTSTATUS status;
    ULONG size;

    TRACE( "%p %lu %p\n", (void *)handle, attr, buffer );
    if (!cred) return SEC_E_INVALID_HANDLE;
    if (attr != SECPKG_CRED_ATTR_NAMES)
    {
        FIXME( "attribute %lu not supported\n", attr );
        return SEC_E_UNSUPPORTED_FUNCTION;
    }
    if (cred->user)
    {
        user = cred->user;
        domain = cred->domain;
    }
    else if (ntlm_default_credentials( &dflt ))
    {
        user = dflt.user;
        domain = dflt.domain;
    }
    else if (GetUserNameW( logged_on, &len )) user = logged_on;
    else return SEC_E_NO_CREDENTIALS;

    size = (wcslen( domain ) + wcslen( user ) + 2) * sizeof(WCHAR);
    if (!(status = ssp_lsa->AllocateClientBuffer( NULL, size, (void **)&names.sUserName )))
    {
        swprintf( names.sUserName, size / sizeof(WCHAR), domain[0] ? L"%ls\\%ls" : L"%ls%ls", domain, user );
        status = ssp_lsa->CopyToClientBuffer( NULL, sizeof(names), buffer, &names );
    }
    ssp_free( dflt.user );
    ssp_free( dflt.domain );
    SecureZeroMemory( &dflt, sizeof(dflt) );
    return status;
}
