/*
 * LsaCallAuthenticationPackage for Negotiate (NEGOTIATE_MESSAGES of
 * ntsecapi.h): the name of the caller's logon session, and the mechanism
 * prefixes of the packages Negotiate chooses from.
 */
#include "nego_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(negotiate);

static NTSTATUS caller_name( const NEGOTIATE_CALLER_NAME_REQUEST *req, void **out, ULONG *out_len )
{
    NEGOTIATE_CALLER_NAME_RESPONSE *resp;
    SECURITY_LOGON_SESSION_DATA *data;
    SECPKG_CLIENT_INFO info;
    LUID id = req->LogonId;
    NTSTATUS status;
    ULONG size;
    WCHAR *name;

    if (!ssp_lsa || ssp_lsa->GetClientInfo( &info )) return STATUS_INTERNAL_ERROR;
    if (!id.LowPart && !id.HighPart) id = info.LogonId;
    else if ((id.LowPart != info.LogonId.LowPart || id.HighPart != info.LogonId.HighPart) && !info.HasTcbPrivilege)
        return STATUS_PRIVILEGE_NOT_HELD;
    if (LsaGetLogonSessionData( &id, &data )) return STATUS_NO_SUCH_LOGON_SESSION;
    status = STATUS_NO_SUCH_LOGON_SESSION;
    if (data->UserName.Length)
    {
        size = sizeof(*resp) + data->LogonDomain.Length + data->UserName.Length + 2 * sizeof(WCHAR);
        if (!(status = ssp_lsa->AllocateClientBuffer( NULL, size, (void **)&resp )))
        {
            resp->MessageType = NegGetCallerName;
            resp->CallerName = name = (WCHAR *)(resp + 1);
            memcpy( name, data->LogonDomain.Buffer, data->LogonDomain.Length );
            name += data->LogonDomain.Length / sizeof(WCHAR);
            *name++ = '\\';
            memcpy( name, data->UserName.Buffer, data->UserName.Length );
            name[data->UserName.Length / sizeof(WCHAR)] = 0;
            *out = resp;
            *out_len = size;
        }
    }
    LsaFreeReturnBuffer( data );
    return status;
}

/* The packages' ids, and the DER of the OID their tokens start with. */
static NTSTATUS package_prefixes( void **out, ULONG *out_len )
{
    static const struct { const char *ap_name; enum spnego_mech mech; } packages[] =
    {
        { "Kerberos", SPNEGO_MECH_KRB5 },
        { MSV1_0_PACKAGE_NAME, SPNEGO_MECH_NTLM },
    };
    NEGOTIATE_PACKAGE_PREFIXES *resp;
    NEGOTIATE_PACKAGE_PREFIX *prefix;
    LSA_STRING name;
    HANDLE lsa;
    ULONG size = sizeof(*resp) + ARRAYSIZE(packages) * sizeof(*prefix), id, i;
    BYTE list[64];
    NTSTATUS status;

    if ((status = ssp_lsa->AllocateClientBuffer( NULL, size, (void **)&resp ))) return status;
    memset( resp, 0, size );
    resp->MessageType = NegEnumPackagePrefixes;
    resp->Offset = sizeof(*resp);
    prefix = (NEGOTIATE_PACKAGE_PREFIX *)(resp + 1);
    if (LsaConnectUntrusted( &lsa )) lsa = NULL;
    for (i = 0; i < ARRAYSIZE(packages); i++)
    {
        name.Buffer = (char *)packages[i].ap_name;
        name.Length = name.MaximumLength = strlen( packages[i].ap_name );
        if (!lsa || LsaLookupAuthenticationPackage( lsa, &name, &id )) continue;
        /* the OID as DER, as it follows the GSS header of a token: a one-mechanism list without its own */
        spnego_write_mech_list( &packages[i].mech, 1, list, sizeof(list) );
        prefix->PackageId = id;
        prefix->PrefixLen = list[1];
        memcpy( prefix->Prefix, list + 2, list[1] );
        prefix++;
        resp->PrefixCount++;
    }
    if (lsa) LsaDeregisterLogonProcess( lsa );
    *out = resp;
    *out_len = size;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI nego_SpCallPackage( PLSA_CLIENT_REQUEST request, void *in, void *base, ULONG in_len, void **out,
                                   ULONG *out_len, NTSTATUS *status )
{
    *out = NULL;
    *out_len = 0;
    if (!in || in_len < sizeof(ULONG)) return STATUS_INVALID_PARAMETER;
    TRACE( "message %lu\n", *(ULONG *)in );
    switch (*(ULONG *)in)
    {
    case NegEnumPackagePrefixes:
        *status = package_prefixes( out, out_len );
        break;
    case NegGetCallerName:
        if (in_len < sizeof(NEGOTIATE_CALLER_NAME_REQUEST)) return STATUS_INVALID_PARAMETER;
        *status = caller_name( in, out, out_len );
        break;
    default:
        FIXME( "message %lu not supported\n", *(ULONG *)in );
        *status = STATUS_NOT_SUPPORTED;
        break;
    }
    return STATUS_SUCCESS;
}
