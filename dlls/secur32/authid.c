/*
 * The Sspi* authentication identity functions. Identities made here are
 * packed SEC_WINNT_AUTH_IDENTITY_EX2 blocks from LocalAlloc; the functions
 * that read identities accept every documented form.
 */
#include "secur32_priv.h"
#include "authid.h"
#include <wincred.h>
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(secur32);

static SEC_WINNT_AUTH_IDENTITY_EX2 *packed_identity( void *id )
{
    return id && *(ULONG *)id == SEC_WINNT_AUTH_IDENTITY_VERSION_2 ? id : NULL;
}

/* The password bytes of a packed identity, padded to the encryption block size. */
static BYTE *packed_password( SEC_WINNT_AUTH_IDENTITY_EX2 *ex2, ULONG *len )
{
    SEC_WINNT_AUTH_PACKED_CREDENTIALS *creds;

    if (!auth_identity_packed_size( ex2, ex2->cbStructureLength ) || !ex2->PackedCredentialsLength) return NULL;
    creds = (void *)((char *)ex2 + ex2->PackedCredentialsOffset);
    *len = creds->AuthData.CredData.ByteArrayLength;
    return (BYTE *)creds + creds->AuthData.CredData.ByteArrayOffset;
}

static WCHAR *local_strdup( const WCHAR *str )
{
    WCHAR *ret;
    SIZE_T size;

    if (!str) return NULL;
    size = (wcslen( str ) + 1) * sizeof(WCHAR);
    if ((ret = (WCHAR *)LocalAlloc( LMEM_FIXED, size ))) memcpy( ret, str, size );
    return ret;
}

SECURITY_STATUS SEC_ENTRY SspiEncodeStringsAsAuthIdentity( const WCHAR *user, const WCHAR *domain,
                                                           const WCHAR *password, PSEC_WINNT_AUTH_IDENTITY_OPAQUE *id )
{
    struct auth_identity ident = { (WCHAR *)user, (WCHAR *)domain, (WCHAR *)password, NULL, 0 };
    SEC_WINNT_AUTH_IDENTITY_EX2 *packed;
    SECURITY_STATUS status;

    TRACE( "%s %s %p %p\n", debugstr_w(user), debugstr_w(domain), password, id );
    if (!user && !domain && !password) return SEC_E_INVALID_TOKEN;
    if (!id) return SEC_E_INVALID_PARAMETER;
    if ((status = auth_identity_pack( &ident, &packed ))) return status;
    *id = packed;
    return SEC_E_OK;
}

SECURITY_STATUS SEC_ENTRY SspiEncodeAuthIdentityAsStrings( PSEC_WINNT_AUTH_IDENTITY_OPAQUE id, const WCHAR **user,
                                                           const WCHAR **domain, const WCHAR **password )
{
    struct auth_identity ident;
    WCHAR *out[3] = { NULL, NULL, NULL };
    SECURITY_STATUS status;
    int i;

    TRACE( "%p %p %p %p\n", id, user, domain, password );
    if ((status = auth_identity_parse( id, &ident ))) return status;
    if ((ident.user && !(out[0] = local_strdup( ident.user ))) ||
        (ident.domain && !(out[1] = local_strdup( ident.domain ))) ||
        (ident.password && !(out[2] = local_strdup( ident.password ))))
    {
        for (i = 0; i < 3; i++) LocalFree( out[i] );
        auth_identity_free( &ident );
        return SEC_E_INSUFFICIENT_MEMORY;
    }
    auth_identity_free( &ident );
    if (user) *user = out[0]; else LocalFree( out[0] );
    if (domain) *domain = out[1]; else LocalFree( out[1] );
    if (password) *password = out[2];
    else if (out[2])
    {
        SecureZeroMemory( out[2], wcslen( out[2] ) * sizeof(WCHAR) );
        LocalFree( out[2] );
    }
    return SEC_E_OK;
}

void SEC_ENTRY SspiZeroAuthIdentity( PSEC_WINNT_AUTH_IDENTITY_OPAQUE id )
{
    SEC_WINNT_AUTH_IDENTITY_EX2 *ex2 = packed_identity( id );
    SEC_WINNT_AUTH_IDENTITY_W *plain = id;
    SEC_WINNT_AUTH_IDENTITY_EXW *ex = id;
    ULONG size = ex2 ? auth_identity_packed_size( ex2, ex2->cbStructureLength ) : 0;

    TRACE( "%p\n", id );
    if (!id) return;
    if (ex2)
    {
        if (size) SecureZeroMemory( ex2, size );
        return;
    }
    if (*(ULONG *)id == SEC_WINNT_AUTH_IDENTITY_VERSION)
    {
        ULONG unit = (ex->Flags & SEC_WINNT_AUTH_IDENTITY_ANSI) ? 1 : sizeof(WCHAR);
        if (ex->Password) SecureZeroMemory( ex->Password, ex->PasswordLength * unit );
        if (ex->User) SecureZeroMemory( ex->User, ex->UserLength * unit );
        if (ex->Domain) SecureZeroMemory( ex->Domain, ex->DomainLength * unit );
    }
    else
    {
        ULONG unit = (plain->Flags & SEC_WINNT_AUTH_IDENTITY_ANSI) ? 1 : sizeof(WCHAR);
        if (plain->Password) SecureZeroMemory( plain->Password, plain->PasswordLength * unit );
        if (plain->User) SecureZeroMemory( plain->User, plain->UserLength * unit );
        if (plain->Domain) SecureZeroMemory( plain->Domain, plain->DomainLength * unit );
    }
}

void SEC_ENTRY SspiFreeAuthIdentity( PSEC_WINNT_AUTH_IDENTITY_OPAQUE id )
{
    TRACE( "%p\n", id );
    if (!id) return;
    if (packed_identity( id )) SspiZeroAuthIdentity( id );
    LocalFree( id );
}

void SEC_ENTRY SspiLocalFree( void *ptr )
{
    TRACE( "%p\n", ptr );
    LocalFree( ptr );
}

static SECURITY_STATUS encrypt_packed( SEC_WINNT_AUTH_IDENTITY_EX2 *ex2 )
{
    ULONG len = 0;
    BYTE *password = packed_password( ex2, &len );

    if (ex2->Flags & SEC_WINNT_AUTH_IDENTITY_FLAGS_PROCESS_ENCRYPTED) return SEC_E_OK;
    if (!password && ex2->PackedCredentialsLength) return SEC_E_INVALID_TOKEN;
    if (len % RTL_ENCRYPT_MEMORY_SIZE) return SEC_E_INVALID_TOKEN;
    if (len && RtlEncryptMemory( password, len, 0 )) return SEC_E_INTERNAL_ERROR;
    ex2->Flags |= SEC_WINNT_AUTH_IDENTITY_FLAGS_PROCESS_ENCRYPTED;
    return SEC_E_OK;
}

SECURITY_STATUS SEC_ENTRY SspiEncryptAuthIdentity( PSEC_WINNT_AUTH_IDENTITY_OPAQUE id )
{
    SEC_WINNT_AUTH_IDENTITY_EX2 *ex2 = packed_identity( id );

    TRACE( "%p\n", id );
    if (!id) return SEC_E_INVALID_PARAMETER;
    if (!ex2)
    {
        FIXME( "only packed identities can be encrypted\n" );
        return SEC_E_UNSUPPORTED_FUNCTION;
    }
    return encrypt_packed( ex2 );
}

SECURITY_STATUS SEC_ENTRY SspiDecryptAuthIdentity( PSEC_WINNT_AUTH_IDENTITY_OPAQUE id )
{
    SEC_WINNT_AUTH_IDENTITY_EX2 *ex2 = packed_identity( id );
    ULONG len = 0;
    BYTE *password;

    TRACE( "%p\n", id );
    if (!id) return SEC_E_INVALID_PARAMETER;
    if (!ex2 || !(ex2->Flags & SEC_WINNT_AUTH_IDENTITY_FLAGS_PROCESS_ENCRYPTED)) return SEC_E_OK;
    if (!(password = packed_password( ex2, &len )) || len % RTL_ENCRYPT_MEMORY_SIZE) return SEC_E_INVALID_TOKEN;
    if (len && RtlDecryptMemory( password, len, 0 )) return SEC_E_INTERNAL_ERROR;
    ex2->Flags &= ~SEC_WINNT_AUTH_IDENTITY_FLAGS_PROCESS_ENCRYPTED;
    return SEC_E_OK;
}

BOOLEAN SEC_ENTRY SspiIsAuthIdentityEncrypted( PSEC_WINNT_AUTH_IDENTITY_OPAQUE id )
{
    static const ULONG encrypted = SEC_WINNT_AUTH_IDENTITY_FLAGS_PROCESS_ENCRYPTED |
                                   SEC_WINNT_AUTH_IDENTITY_FLAGS_SYSTEM_PROTECTED |
                                   SEC_WINNT_AUTH_IDENTITY_FLAGS_USER_PROTECTED |
                                   SEC_WINNT_AUTH_IDENTITY_FLAGS_SYSTEM_ENCRYPTED;
    ULONG version;

    if (!id) return FALSE;
    version = *(ULONG *)id;
    if (version == SEC_WINNT_AUTH_IDENTITY_VERSION_2) return !!(((SEC_WINNT_AUTH_IDENTITY_EX2 *)id)->Flags & encrypted);
    if (version == SEC_WINNT_AUTH_IDENTITY_VERSION) return !!(((SEC_WINNT_AUTH_IDENTITY_EXW *)id)->Flags & encrypted);
    return !!(((SEC_WINNT_AUTH_IDENTITY_W *)id)->Flags & encrypted);
}

/* Parses ID and packs it anew, encrypted again when it was. */
static SECURITY_STATUS repack( void *id, const WCHAR *exclude, SEC_WINNT_AUTH_IDENTITY_EX2 **out )
{
    BOOL encrypted = SspiIsAuthIdentityEncrypted( id );
    struct auth_identity ident;
    SECURITY_STATUS status;
    WCHAR *packages = NULL;

    if ((status = auth_identity_parse( id, &ident ))) return status;
    if (exclude)
    {
        SIZE_T len = (ident.packages ? wcslen( ident.packages ) + 1 : 0) + wcslen( exclude ) + 2;
        if (!(packages = secur32_alloc( len * sizeof(WCHAR) )))
        {
            auth_identity_free( &ident );
            return SEC_E_INSUFFICIENT_MEMORY;
        }
        _snwprintf( packages, len, L"%ls%ls!%ls", ident.packages ? ident.packages : L"", ident.packages ? L"," : L"",
                    exclude );
        packages[len - 1] = 0;
        secur32_free( ident.packages );
        ident.packages = packages;
    }
    status = auth_identity_pack( &ident, out );
    auth_identity_free( &ident );
    if (!status && encrypted && (status = encrypt_packed( *out )))
    {
        SspiFreeAuthIdentity( *out );
        *out = NULL;
    }
    return status;
}

SECURITY_STATUS SEC_ENTRY SspiCopyAuthIdentity( PSEC_WINNT_AUTH_IDENTITY_OPAQUE id,
                                                PSEC_WINNT_AUTH_IDENTITY_OPAQUE *copy )
{
    SEC_WINNT_AUTH_IDENTITY_EX2 *out;
    SECURITY_STATUS status;

    TRACE( "%p %p\n", id, copy );
    if (!copy) return SEC_E_INVALID_PARAMETER;
    if ((status = repack( id, NULL, &out ))) return status;
    *copy = out;
    return SEC_E_OK;
}

SECURITY_STATUS SEC_ENTRY SspiExcludePackage( PSEC_WINNT_AUTH_IDENTITY_OPAQUE id, const WCHAR *package,
                                              PSEC_WINNT_AUTH_IDENTITY_OPAQUE *new_id )
{
    SEC_WINNT_AUTH_IDENTITY_EX2 *out;
    SECURITY_STATUS status;

    TRACE( "%p %s %p\n", id, debugstr_w(package), new_id );
    if (!package || !new_id) return SEC_E_INVALID_PARAMETER;
    if ((status = repack( id, package, &out ))) return status;
    *new_id = out;
    return SEC_E_OK;
}

SECURITY_STATUS SEC_ENTRY SspiValidateAuthIdentity( PSEC_WINNT_AUTH_IDENTITY_OPAQUE id )
{
    struct auth_identity ident;
    SECURITY_STATUS status;

    TRACE( "%p\n", id );
    if ((status = auth_identity_parse( id, &ident ))) return status;
    auth_identity_free( &ident );
    return SEC_E_OK;
}

static BOOL same_string( const WCHAR *a, const WCHAR *b )
{
    if (!a || !b) return !a && !b;
    return !wcsicmp( a, b );
}

/* Compares secrets in time independent of where they differ. */
static BOOL same_secret( const WCHAR *a, const WCHAR *b )
{
    SIZE_T len_a = a ? wcslen( a ) : 0, len_b = b ? wcslen( b ) : 0, i;
    WCHAR diff = len_a != len_b;

    for (i = 0; i < len_a && i < len_b; i++) diff |= a[i] ^ b[i];
    return !diff && !a == !b;
}

SECURITY_STATUS SEC_ENTRY SspiCompareAuthIdentities( PSEC_WINNT_AUTH_IDENTITY_OPAQUE id1,
                                                     PSEC_WINNT_AUTH_IDENTITY_OPAQUE id2, BOOLEAN *same_user,
                                                     BOOLEAN *same_identity )
{
    struct auth_identity a, b;
    SECURITY_STATUS status;
    BOOL user;

    TRACE( "%p %p %p %p\n", id1, id2, same_user, same_identity );
    if ((status = auth_identity_parse( id1, &a ))) return status;
    if ((status = auth_identity_parse( id2, &b )))
    {
        auth_identity_free( &a );
        return status;
    }
    user = same_string( a.user, b.user ) && same_string( a.domain, b.domain );
    if (same_user) *same_user = user;
    if (same_identity) *same_identity = user && same_secret( a.password, b.password );
    auth_identity_free( &a );
    auth_identity_free( &b );
    return SEC_E_OK;
}

SECURITY_STATUS SEC_ENTRY SspiMarshalAuthIdentity( PSEC_WINNT_AUTH_IDENTITY_OPAQUE id, ULONG *len, char **bytes )
{
    SEC_WINNT_AUTH_IDENTITY_EX2 *ex2 = packed_identity( id ), *packed = NULL;
    SECURITY_STATUS status;
    ULONG size;

    TRACE( "%p %p %p\n", id, len, bytes );
    if (!len || !bytes) return SEC_E_INVALID_PARAMETER;
    if (!ex2)
    {
        if ((status = repack( id, NULL, &packed ))) return status;
        ex2 = packed;
    }
    if (!(size = auth_identity_packed_size( ex2, ex2->cbStructureLength ))) return SEC_E_INVALID_TOKEN;
    if (packed) *bytes = (char *)packed;
    else
    {
        if (!(*bytes = (char *)LocalAlloc( LMEM_FIXED, size ))) return SEC_E_INSUFFICIENT_MEMORY;
        memcpy( *bytes, ex2, size );
    }
    *len = size;
    return SEC_E_OK;
}

SECURITY_STATUS SEC_ENTRY SspiUnmarshalAuthIdentity( ULONG len, char *bytes, PSEC_WINNT_AUTH_IDENTITY_OPAQUE *id )
{
    ULONG size;
    void *copy;

    TRACE( "%lu %p %p\n", len, bytes, id );
    if (!bytes || !id) return SEC_E_INVALID_PARAMETER;
    if (!(size = auth_identity_packed_size( bytes, len ))) return SEC_E_INVALID_TOKEN;
    if (!(copy = (void *)LocalAlloc( LMEM_FIXED, size ))) return SEC_E_INSUFFICIENT_MEMORY;
    memcpy( copy, bytes, size );
    *id = copy;
    return SEC_E_OK;
}

SECURITY_STATUS SEC_ENTRY SspiPrepareForCredRead( PSEC_WINNT_AUTH_IDENTITY_OPAQUE id, const WCHAR *target,
                                                  ULONG *type, const WCHAR **cred_target )
{
    TRACE( "%p %s %p %p\n", id, debugstr_w(target), type, cred_target );
    if (!target || !type || !cred_target) return SEC_E_INVALID_PARAMETER;
    if (!(*cred_target = local_strdup( target ))) return SEC_E_INSUFFICIENT_MEMORY;
    *type = CRED_TYPE_DOMAIN_PASSWORD;
    return SEC_E_OK;
}

SECURITY_STATUS SEC_ENTRY SspiPrepareForCredWrite( PSEC_WINNT_AUTH_IDENTITY_OPAQUE id, const WCHAR *target,
                                                   ULONG *type, const WCHAR **cred_target, const WCHAR **cred_user,
                                                   BYTE **blob, ULONG *blob_size )
{
    struct auth_identity ident;
    SECURITY_STATUS status;
    WCHAR *user = NULL, *target_copy = NULL;
    BYTE *secret = NULL;
    SIZE_T len, password_len;

    TRACE( "%p %s %p %p %p %p %p\n", id, debugstr_w(target), type, cred_target, cred_user, blob, blob_size );
    if (!type || !cred_target || !cred_user || !blob || !blob_size) return SEC_E_INVALID_PARAMETER;
    if ((status = auth_identity_parse( id, &ident ))) return status;
    if (!ident.user)
    {
        auth_identity_free( &ident );
        return SEC_E_INVALID_TOKEN;
    }
    len = wcslen( ident.user ) + (ident.domain ? wcslen( ident.domain ) + 1 : 0) + 1;
    password_len = ident.password ? wcslen( ident.password ) * sizeof(WCHAR) : 0;
    if ((user = (WCHAR *)LocalAlloc( LMEM_FIXED, len * sizeof(WCHAR) )))
    {
        if (ident.domain) _snwprintf( user, len, L"%ls\\%ls", ident.domain, ident.user );
        else wcscpy( user, ident.user );
        user[len - 1] = 0;
    }
    /* without a target, Windows names the credential after its user, "domain\user" */
    if (!user || !(target_copy = local_strdup( target ? target : user )) ||
        (password_len && !(secret = (BYTE *)LocalAlloc( LMEM_FIXED, password_len ))))
    {
        LocalFree( user );
        LocalFree( target_copy );
        auth_identity_free( &ident );
        return SEC_E_INSUFFICIENT_MEMORY;
    }
    if (password_len) memcpy( secret, ident.password, password_len );
    auth_identity_free( &ident );

    *type = CRED_TYPE_DOMAIN_PASSWORD;
    *cred_target = target_copy;
    *cred_user = user;
    *blob = secret;
    *blob_size = password_len;
    return SEC_E_OK;
}

/* "service/host:port/name" -> "host" */
SECURITY_STATUS SEC_ENTRY SspiGetTargetHostName( const WCHAR *target, WCHAR **host )
{
    const WCHAR *start, *end;
    WCHAR *ret;

    TRACE( "%s %p\n", debugstr_w(target), host );
    if (!target || !host) return SEC_E_INVALID_PARAMETER;
    start = wcschr( target, '/' );
    start = start ? start + 1 : target;
    for (end = start; *end && *end != '/' && *end != ':'; end++) ;
    if (!(ret = (WCHAR *)LocalAlloc( LMEM_FIXED, (end - start + 1) * sizeof(WCHAR) ))) return SEC_E_INSUFFICIENT_MEMORY;
    memcpy( ret, start, (end - start) * sizeof(WCHAR) );
    ret[end - start] = 0;
    *host = ret;
    return SEC_E_OK;
}
