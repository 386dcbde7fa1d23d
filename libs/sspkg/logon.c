/*
 * What server-side packages share with the LSA emulation: finding an account
 * of the store, and logging it on (a logon session and a token).
 */
#include "sspkg.h"
#include "samcred.h"

BOOL ssp_find_account( const WCHAR *user, const WCHAR *domain, struct sam_credentials *found )
{
    SECURITY_STRING name, prefix;
    struct sam_credentials *creds;
    void *handle;
    ULONG size;
    BOOL ret = FALSE;

    name.Buffer = (WCHAR *)user;
    name.Length = name.MaximumLength = wcslen( user ) * sizeof(WCHAR);
    prefix.Buffer = (WCHAR *)domain;
    prefix.Length = prefix.MaximumLength = wcslen( domain ) * sizeof(WCHAR);
    if (ssp_lsa->OpenSamUser( &name, SecNameFlat, &prefix, FALSE, 0, &handle )) return FALSE;
    if (!ssp_lsa->GetUserCredentials( handle, (void **)&creds, &size, NULL, NULL ))
    {
        if (size == sizeof(*creds) && creds->version == SAM_CREDENTIALS_VERSION)
        {
            *found = *creds;
            ret = TRUE;
        }
        SecureZeroMemory( creds, size );
        ssp_lsa->FreeLsaHeap( creds );
    }
    ssp_lsa->CloseSamUser( handle );
    return ret;
}

SECURITY_STATUS ssp_log_on( const char *source_name, const WCHAR *user, const WCHAR *domain, PSID sid,
                            SECURITY_IMPERSONATION_LEVEL level, LUID *logon_id, HANDLE *token )
{
    TOKEN_SOURCE source = { { 0 }, { 0, 0 } };
    LSA_TOKEN_INFORMATION_V1 info;
    UNICODE_STRING account, authority;
    NTSTATUS status, substatus;

    memcpy( source.SourceName, source_name, min( strlen( source_name ), sizeof(source.SourceName) ) );
    if (!AllocateLocallyUniqueId( logon_id )) return SEC_E_INTERNAL_ERROR;
    if ((status = ssp_lsa->CreateLogonSession( logon_id ))) return SEC_E_INTERNAL_ERROR;
    account.Buffer = (WCHAR *)user;
    account.Length = account.MaximumLength = wcslen( user ) * sizeof(WCHAR);
    authority.Buffer = (WCHAR *)domain;
    authority.Length = authority.MaximumLength = wcslen( domain ) * sizeof(WCHAR);
    memset( &info, 0, sizeof(info) );
    info.User.User.Sid = sid;
    status = ssp_lsa->CreateToken( logon_id, &source, Network, level,
                                   sid ? LsaTokenInformationV1 : LsaTokenInformationNull, sid ? &info : NULL, NULL,
                                   &account, &authority, NULL, NULL, token, &substatus );
    return status ? SEC_E_INTERNAL_ERROR : SEC_E_OK;
}
