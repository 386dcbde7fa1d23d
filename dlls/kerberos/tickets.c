/*
 * LsaCallAuthenticationPackage for Kerberos: the ticket cache messages klist
 * and programs send (query, retrieve, purge), answered from the ticket cache
 * of the logon session they name.
 */
#include "krb_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(kerberos);

static LARGE_INTEGER filetime( INT64 seconds )
{
    LARGE_INTEGER ret;
    ret.QuadPart = seconds > 0 ? seconds * 10000000 + 116444736000000000LL : 0;
    return ret;
}

/* Makes the ticket call CODE with *CRED the tickets of SESSION: the
 * package's of it, else the user's for the process's own session. FALSE for
 * a session without tickets. */
static BOOL session_call( const LUID *session, unsigned int code, void *params, krb_cred_t *cred, NTSTATUS *status )
{
    struct cred_acquire_params acquire = { .use = KRB_CRED_INITIATE };
    struct cred_free_params free_params;

    if (!krb_session_cred( session, &acquire, status )) return FALSE;
    if (*status) return TRUE;
    *cred = acquire.cred;
    *status = WINE_UNIX_CALL( code, params );
    free_params.cred = acquire.cred;
    WINE_UNIX_CALL( unix_cred_free, &free_params );
    *cred = 0;
    return TRUE;
}

/* The tickets of a session, in a heap array. */
static NTSTATUS list_tickets( const LUID *session, struct krb_ticket **tickets, ULONG *count )
{
    struct tickets_list_params params = { 0 };
    NTSTATUS status;

    *tickets = NULL;
    *count = 0;
    params.size = 32;
    for (;;)
    {
        if (!(params.tickets = ssp_alloc( params.size * sizeof(*params.tickets) ))) return STATUS_NO_MEMORY;
        if (!session_call( session, unix_tickets_list, &params, &params.cred, &status )) params.count = 0;
        else if (status == STATUS_BUFFER_TOO_SMALL)
        {
            ssp_free( params.tickets );
            params.size = params.count;
            continue;
        }
        break;
    }
    *tickets = params.tickets;
    *count = params.count;
    return STATUS_SUCCESS;
}

/* UTF-8 as a counted string of a response, at *POS. */
static void put_string( UNICODE_STRING *str, const char *utf8, int len, WCHAR **pos )
{
    int chars = len ? MultiByteToWideChar( CP_UTF8, 0, utf8, len, *pos, len ) : 0;  /* room for LEN chars */

    str->Buffer = *pos;
    str->Length = chars * sizeof(WCHAR);
    str->MaximumLength = str->Length + sizeof(WCHAR);
    (*pos)[chars] = 0;
    *pos += chars + 1;
}

/* "name@REALM" split at its realm, into counted strings of a response. */
static void put_principal( UNICODE_STRING *name, UNICODE_STRING *realm, const char *principal, WCHAR **pos )
{
    const char *at = krb_principal_realm( principal );

    put_string( name, principal, krb_principal_name_len( principal ), pos );
    if (realm) put_string( realm, at ? at : "", at ? strlen( at ) : 0, pos );
}

/* Room for a ticket's names, as UTF-16: at most a WCHAR a byte, and the NULs. */
static SIZE_T names_size( const struct krb_ticket *ticket )
{
    return (strlen( ticket->client ) + strlen( ticket->server ) + 8) * sizeof(WCHAR);
}

static NTSTATUS query_cache( KERB_PROTOCOL_MESSAGE_TYPE type, const KERB_QUERY_TKT_CACHE_REQUEST *req, void **out,
                             ULONG *out_len )
{
    static const SIZE_T entry_sizes[] = { sizeof(KERB_TICKET_CACHE_INFO), sizeof(KERB_TICKET_CACHE_INFO_EX),
                                          sizeof(KERB_TICKET_CACHE_INFO_EX2), sizeof(KERB_TICKET_CACHE_INFO_EX3) };
    int level = type == KerbQueryTicketCacheMessage ? 0 : type == KerbQueryTicketCacheExMessage ? 1 :
                type == KerbQueryTicketCacheEx2Message ? 2 : 3;
    KERB_QUERY_TKT_CACHE_EX3_RESPONSE *resp;
    struct krb_ticket *tickets;
    ULONG count, i;
    SIZE_T size;
    NTSTATUS status;
    LUID session;
    WCHAR *pos;

    if ((status = krb_request_session( &req->LogonId, &session ))) return status;
    if ((status = list_tickets( &session, &tickets, &count ))) return status;
    size = offsetof( KERB_QUERY_TKT_CACHE_EX3_RESPONSE, Tickets ) + count * entry_sizes[level];
    for (i = 0; i < count; i++) size += names_size( &tickets[i] );
    if ((status = ssp_lsa->AllocateClientBuffer( NULL, size, (void **)&resp )))
    {
        ssp_free( tickets );
        return status;
    }
    memset( resp, 0, size );
    resp->MessageType = type;
    resp->CountOfTickets = count;
    pos = (WCHAR *)((BYTE *)resp->Tickets + count * entry_sizes[level]);
    for (i = 0; i < count; i++)
    {
        const struct krb_ticket *t = &tickets[i];
        /* each level extends the one before it, but the first */
        KERB_TICKET_CACHE_INFO_EX3 *ex = (KERB_TICKET_CACHE_INFO_EX3 *)((BYTE *)resp->Tickets + i * entry_sizes[level]);
        KERB_TICKET_CACHE_INFO *basic = (KERB_TICKET_CACHE_INFO *)ex;

        if (!level)
        {
            put_principal( &basic->ServerName, &basic->RealmName, t->server, &pos );
            basic->StartTime = filetime( t->start );
            basic->EndTime = filetime( t->end );
            basic->RenewTime = filetime( t->renew_until );
            basic->EncryptionType = t->ticket_enctype;
            basic->TicketFlags = t->flags;
            continue;
        }
        put_principal( &ex->ClientName, &ex->ClientRealm, t->client, &pos );
        put_principal( &ex->ServerName, &ex->ServerRealm, t->server, &pos );
        ex->StartTime = filetime( t->start );
        ex->EndTime = filetime( t->end );
        ex->RenewTime = filetime( t->renew_until );
        ex->EncryptionType = t->ticket_enctype;
        ex->TicketFlags = t->flags;
        if (level >= 2) ex->SessionKeyType = t->enctype;
        if (level >= 3)
        {
            ex->CacheFlags = !strncmp( t->server, "krbtgt/", 7 ) ? 1 : 0;   /* klist's PRIMARY: the TGT */
            put_string( &ex->KdcCalled, "", 0, &pos );
        }
    }
    ssp_free( tickets );
    *out = resp;
    *out_len = size;
    return STATUS_SUCCESS;
}

/* A principal's components as a KERB_EXTERNAL_NAME at *POS, its strings after it. */
static KERB_EXTERNAL_NAME *put_external_name( const char *principal, SHORT type, BYTE **pos )
{
    KERB_EXTERNAL_NAME *name = (KERB_EXTERNAL_NAME *)*pos;
    const char *end = principal + krb_principal_name_len( principal );
    const char *comp = principal, *p;
    USHORT count = 1, i = 0;
    WCHAR *str;

    for (p = principal; p < end; p++) if (*p == '/') count++;
    name->NameType = type;
    name->NameCount = count;
    str = (WCHAR *)&name->Names[count];
    for (p = principal; ; p++)
    {
        if (p < end && *p != '/') continue;
        put_string( &name->Names[i++], comp, p - comp, &str );
        comp = p + 1;
        if (p >= end) break;
    }
    *pos = (BYTE *)(((ULONG_PTR)str + 7) & ~(ULONG_PTR)7);
    return name;
}

static SIZE_T external_name_size( const char *principal )
{
    SIZE_T comps = 1;
    const char *p;

    for (p = principal; *p; p++) if (*p == '/') comps++;
    return offsetof( KERB_EXTERNAL_NAME, Names[comps] ) + (strlen( principal ) + comps) * sizeof(WCHAR) * 2 + 8;
}

/* Whether programs may see a TGT's session key (Lsa\Kerberos\Parameters\AllowTgtSessionKey). */
static BOOL tgt_key_allowed( void )
{
    DWORD value = 0, size = sizeof(value);

    return !RegGetValueW( HKEY_LOCAL_MACHINE, L"System\\CurrentControlSet\\Control\\Lsa\\Kerberos\\Parameters",
                          L"AllowTgtSessionKey", RRF_RT_REG_DWORD, NULL, &value, &size ) && value;
}

static NTSTATUS retrieve( const LUID *logon_id, const char *target, UINT32 flags, INT32 enctype, void **out,
                          ULONG *out_len )
{
    struct ticket_get_params params = { 0 };
    KERB_RETRIEVE_TKT_RESPONSE *resp;
    KERB_EXTERNAL_TICKET *ticket;
    const char *realm;
    NTSTATUS status;
    LUID session;
    SIZE_T size;
    BYTE *pos;
    WCHAR *str;

    if ((status = krb_request_session( logon_id, &session ))) return status;
    params.target = target;
    /* a TGT's key stays hidden unless the policy allows it, as on Windows */
    params.flags = flags | (tgt_key_allowed() ? 0 : KRB_TICKET_HIDE_TGT_KEY);
    params.enctype = enctype;
    params.size = 16384;
    for (;;)
    {
        if (!(params.data = ssp_alloc( params.size ))) return STATUS_NO_MEMORY;
        if (!session_call( &session, unix_ticket_get, &params, &params.cred, &status )) status = SEC_E_NO_CREDENTIALS;
        if (status != STATUS_BUFFER_TOO_SMALL) break;
        ssp_free( params.data );
        params.size = params.encoded_len + params.key_len;
    }
    if (status) goto done;

    size = sizeof(*resp) + 2 * external_name_size( params.info.server ) + external_name_size( params.info.client ) +
           (strlen( params.info.server ) + strlen( params.info.client ) + 4) * sizeof(WCHAR) * 3 +
           params.key_len + params.encoded_len + 16;
    if ((status = ssp_lsa->AllocateClientBuffer( NULL, size, (void **)&resp ))) goto done;
    memset( resp, 0, size );
    ticket = &resp->Ticket;
    pos = (BYTE *)(resp + 1);
    ticket->ServiceName = put_external_name( params.info.server, KRB_NT_SRV_INST, &pos );
    ticket->TargetName = put_external_name( params.info.server, KRB_NT_SRV_INST, &pos );
    ticket->ClientName = put_external_name( params.info.client, KRB_NT_PRINCIPAL, &pos );
    str = (WCHAR *)pos;
    realm = krb_principal_realm( params.info.server );
    put_string( &ticket->DomainName, realm ? realm : "", realm ? strlen( realm ) : 0, &str );
    put_string( &ticket->TargetDomainName, realm ? realm : "", realm ? strlen( realm ) : 0, &str );
    realm = krb_principal_realm( params.info.client );
    put_string( &ticket->AltTargetDomainName, realm ? realm : "", realm ? strlen( realm ) : 0, &str );
    pos = (BYTE *)str;
    ticket->SessionKey.KeyType = params.info.enctype;
    ticket->SessionKey.Length = params.key_len;
    ticket->SessionKey.Value = pos;
    memcpy( pos, params.data + params.encoded_len, params.key_len );
    pos += params.key_len;
    ticket->TicketFlags = params.info.flags;
    ticket->KeyExpirationTime = filetime( params.info.end );
    ticket->StartTime = filetime( params.info.start );
    ticket->EndTime = filetime( params.info.end );
    ticket->RenewUntil = filetime( params.info.renew_until );
    ticket->EncodedTicketSize = params.encoded_len;
    ticket->EncodedTicket = pos;
    memcpy( pos, params.data, params.encoded_len );
    *out = resp;
    *out_len = size;
done:
    SecureZeroMemory( params.data, params.size );
    ssp_free( params.data );
    return status;
}

static NTSTATUS retrieve_encoded( const KERB_RETRIEVE_TKT_REQUEST *req, ULONG in_len, void **out, ULONG *out_len )
{
    WCHAR *target;
    char principal[KRB_MAX_NAME], *name;
    UINT32 flags = 0;
    NTSTATUS status;

    if (in_len < sizeof(*req) || !krb_submitted_string( &req->TargetName, req, in_len, &target ))
        return STATUS_INVALID_PARAMETER;
    if (req->CacheOptions & KERB_RETRIEVE_TICKET_USE_CREDHANDLE)
    {
        FIXME( "tickets of a credentials handle not supported\n" );
        ssp_free( target );
        return STATUS_NOT_SUPPORTED;
    }
    if (req->CacheOptions & KERB_RETRIEVE_TICKET_DONT_USE_CACHE) flags |= KRB_TICKET_NO_CACHE;
    if (req->CacheOptions & KERB_RETRIEVE_TICKET_USE_CACHE_ONLY) flags |= KRB_TICKET_CACHE_ONLY;
    if (req->CacheOptions & KERB_RETRIEVE_TICKET_AS_KERB_CRED) flags |= KRB_TICKET_AS_CRED;
    if (req->TicketFlags) FIXME( "ticket flags %#lx ignored\n", req->TicketFlags );
    if (!target) return retrieve( &req->LogonId, NULL, flags, req->EncryptionType, out, out_len );
    name = ssp_utf8( target );
    ssp_free( target );
    if (!name) return STATUS_NO_MEMORY;
    if (krb_target_principal( name, krb_default_realm, principal, sizeof(principal) )) status = STATUS_INVALID_PARAMETER;
    else status = retrieve( &req->LogonId, principal, flags, req->EncryptionType, out, out_len );
    ssp_free( name );
    return status;
}

static NTSTATUS purge( const LUID *logon_id, const WCHAR *server, const WCHAR *realm )
{
    struct tickets_purge_params params = { 0 };
    WCHAR *full = NULL;
    char *name = NULL;
    NTSTATUS status;
    LUID session;
    SIZE_T len;

    if ((status = krb_request_session( logon_id, &session ))) return status;
    if (server && server[0])
    {
        len = wcslen( server ) + (realm ? wcslen( realm ) : 0) + 2;
        if (!(full = ssp_alloc( len * sizeof(WCHAR) ))) return STATUS_NO_MEMORY;
        swprintf( full, len, realm && realm[0] ? L"%ls@%ls" : L"%ls%ls", server, realm ? realm : L"" );
        if (!(name = ssp_utf8( full ))) status = STATUS_NO_MEMORY;
        params.server = name;
    }
    if (!status && !session_call( &session, unix_tickets_purge, &params, &params.cred, &status ))
        status = SEC_E_NO_CREDENTIALS;
    TRACE( "%u tickets purged\n", params.removed );
    ssp_free( full );
    ssp_free( name );
    return status;
}

NTSTATUS NTAPI krb_SpCallPackage( PLSA_CLIENT_REQUEST request, void *in, void *base, ULONG in_len, void **out,
                                  ULONG *out_len, NTSTATUS *status )
{
    KERB_PROTOCOL_MESSAGE_TYPE type;
    WCHAR *server = NULL, *realm = NULL;

    *out = NULL;
    *out_len = 0;
    if (!in || in_len < sizeof(type)) return STATUS_INVALID_PARAMETER;
    type = *(KERB_PROTOCOL_MESSAGE_TYPE *)in;
    TRACE( "message %u\n", type );
    switch (type)
    {
    case KerbQueryTicketCacheMessage:
    case KerbQueryTicketCacheExMessage:
    case KerbQueryTicketCacheEx2Message:
    case KerbQueryTicketCacheEx3Message:
        if (in_len < sizeof(KERB_QUERY_TKT_CACHE_REQUEST)) return STATUS_INVALID_PARAMETER;
        *status = query_cache( type, in, out, out_len );
        break;
    case KerbRetrieveTicketMessage:
        if (in_len < sizeof(KERB_QUERY_TKT_CACHE_REQUEST)) return STATUS_INVALID_PARAMETER;
        *status = retrieve( &((KERB_QUERY_TKT_CACHE_REQUEST *)in)->LogonId, NULL, KRB_TICKET_CACHE_ONLY, 0, out,
                            out_len );
        break;
    case KerbRetrieveEncodedTicketMessage:
        *status = retrieve_encoded( in, in_len, out, out_len );
        break;
    case KerbPurgeTicketCacheMessage:
    {
        KERB_PURGE_TKT_CACHE_REQUEST *req = in;
        if (in_len < sizeof(*req) || !krb_submitted_string( &req->ServerName, in, in_len, &server ) ||
            !krb_submitted_string( &req->RealmName, in, in_len, &realm ))
        {
            ssp_free( server );
            return STATUS_INVALID_PARAMETER;
        }
        *status = purge( &req->LogonId, server, realm );
        break;
    }
    case KerbPurgeTicketCacheExMessage:
    {
        KERB_PURGE_TKT_CACHE_EX_REQUEST *req = in;
        if (in_len < sizeof(*req)) return STATUS_INVALID_PARAMETER;
        if (!(req->Flags & KERB_PURGE_ALL_TICKETS) &&
            (!krb_submitted_string( &req->TicketTemplate.ServerName, in, in_len, &server ) ||
             !krb_submitted_string( &req->TicketTemplate.ServerRealm, in, in_len, &realm )))
        {
            ssp_free( server );
            return STATUS_INVALID_PARAMETER;
        }
        *status = purge( &req->LogonId, server, realm );
        break;
    }
    default:
        FIXME( "message %u not supported\n", type );
        *status = STATUS_NOT_SUPPORTED;
        return STATUS_SUCCESS;
    }
    ssp_free( server );
    ssp_free( realm );
    if (*status && *out)
    {
        ssp_lsa->FreeClientBuffer( NULL, *out );
        *out = NULL;
        *out_len = 0;
    }
    return STATUS_SUCCESS;
}
