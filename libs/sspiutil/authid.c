/*
 * Authentication identity parsing and packing (see authid.h).
 *
 * The packed form is Windows' SEC_WINNT_AUTH_IDENTITY_EX2: a header, then the
 * user and domain (UTF-16, no terminator), a SEC_WINNT_AUTH_PACKED_CREDENTIALS
 * holding the password, and the package list, all at offsets from the start
 * and inside cbStructureLength. An encrypted identity has its password bytes
 * protected with RtlEncryptMemory, which needs a multiple of 8 bytes: the
 * password is zero-padded to that size.
 */
#define _SEC_WINNT_AUTH_TYPES
#include "authid.h"
#include <ntsecapi.h>

#define MAX_STRING_CHARS 0x7fff   /* what a USHORT byte length can hold */

static const GUID password_type = { 0x28bfc32f, 0x10f6, 0x4738, { 0x98, 0xd1, 0x1a, 0xc0, 0x61, 0xdf, 0x71, 0x6a } };

static void *alloc( SIZE_T size )
{
    return HeapAlloc( GetProcessHeap(), HEAP_ZERO_MEMORY, size );
}

/* Copies LEN characters of a Unicode or ANSI string into a new NUL-terminated string. */
static SECURITY_STATUS copy_string( const void *str, ULONG len, BOOL ansi, WCHAR **ret )
{
    WCHAR *out;
    int n;

    *ret = NULL;
    if (!str) return len ? SEC_E_INVALID_TOKEN : SEC_E_OK;
    if (len > MAX_STRING_CHARS) return SEC_E_INVALID_TOKEN;
    if (ansi)
    {
        n = len ? MultiByteToWideChar( CP_ACP, 0, str, len, NULL, 0 ) : 0;
        if (len && !n) return SEC_E_INVALID_TOKEN;
        if (!(out = alloc( (n + 1) * sizeof(WCHAR) ))) return SEC_E_INSUFFICIENT_MEMORY;
        if (n) MultiByteToWideChar( CP_ACP, 0, str, len, out, n );
    }
    else
    {
        if (!(out = alloc( (len + 1) * sizeof(WCHAR) ))) return SEC_E_INSUFFICIENT_MEMORY;
        memcpy( out, str, len * sizeof(WCHAR) );
    }
    *ret = out;
    return SEC_E_OK;
}

static SECURITY_STATUS parse_strings( const void *user, ULONG user_len, const void *domain, ULONG domain_len,
                                      const void *password, ULONG password_len, const void *packages,
                                      ULONG packages_len, BOOL ansi, struct auth_identity *out )
{
    SECURITY_STATUS status;

    if ((status = copy_string( user, user_len, ansi, &out->user )) ||
        (status = copy_string( domain, domain_len, ansi, &out->domain )) ||
        (status = copy_string( password, password_len, ansi, &out->password )) ||
        (status = copy_string( packages, packages_len, ansi, &out->packages )))
        auth_identity_free( out );
    return status;
}

/* A (offset, byte length) range inside a structure of SIZE bytes. */
static BOOL range_ok( ULONG offset, ULONG len, ULONG size )
{
    return offset <= size && len <= size - offset;
}

ULONG auth_identity_packed_size( const void *id, ULONG max_size )
{
    const SEC_WINNT_AUTH_IDENTITY_EX2 *ex2 = id;
    const SEC_WINNT_AUTH_PACKED_CREDENTIALS *creds;
    ULONG size;

    if (max_size < sizeof(*ex2) || ex2->Version != SEC_WINNT_AUTH_IDENTITY_VERSION_2) return 0;
    size = ex2->cbStructureLength;
    if (ex2->cbHeaderLength < sizeof(*ex2) || size < ex2->cbHeaderLength || size > max_size) return 0;
    if (!range_ok( ex2->UserOffset, ex2->UserLength, size ) || (ex2->UserLength & 1) ||
        !range_ok( ex2->DomainOffset, ex2->DomainLength, size ) || (ex2->DomainLength & 1) ||
        !range_ok( ex2->PackageListOffset, ex2->PackageListLength, size ) || (ex2->PackageListLength & 1) ||
        !range_ok( ex2->PackedCredentialsOffset, ex2->PackedCredentialsLength, size ))
        return 0;
    if (!ex2->PackedCredentialsLength) return size;
    if (ex2->PackedCredentialsLength < sizeof(*creds) || (ex2->PackedCredentialsOffset & 3)) return 0;
    creds = (const void *)((const char *)id + ex2->PackedCredentialsOffset);
    if (creds->cbHeaderLength < sizeof(*creds) || creds->cbStructureLength > ex2->PackedCredentialsLength ||
        creds->cbStructureLength < creds->cbHeaderLength ||
        !range_ok( creds->AuthData.CredData.ByteArrayOffset, creds->AuthData.CredData.ByteArrayLength,
                   creds->cbStructureLength ))
        return 0;
    return size;
}

static SECURITY_STATUS parse_ex2( const SEC_WINNT_AUTH_IDENTITY_EX2 *ex2, struct auth_identity *out )
{
    const char *base = (const char *)ex2;
    const SEC_WINNT_AUTH_PACKED_CREDENTIALS *creds;
    const void *password = NULL;
    ULONG password_len = 0, size = auth_identity_packed_size( ex2, ex2->cbStructureLength );
    SECURITY_STATUS status;
    WCHAR *p;

    if (!size) return SEC_E_INVALID_TOKEN;
    if (ex2->PackedCredentialsLength)
    {
        creds = (const void *)(base + ex2->PackedCredentialsOffset);
        if (!IsEqualGUID( &creds->AuthData.CredType, &password_type )) return SEC_E_UNKNOWN_CREDENTIALS;
        password = (const char *)creds + creds->AuthData.CredData.ByteArrayOffset;
        password_len = creds->AuthData.CredData.ByteArrayLength / sizeof(WCHAR);
    }
    status = parse_strings( ex2->UserLength ? base + ex2->UserOffset : (void *)L"", ex2->UserLength / sizeof(WCHAR),
                            ex2->DomainLength ? base + ex2->DomainOffset : (void *)L"", ex2->DomainLength / sizeof(WCHAR),
                            password ? password : L"", password_len,
                            ex2->PackageListLength ? base + ex2->PackageListOffset : NULL,
                            ex2->PackageListLength / sizeof(WCHAR), FALSE, out );
    if (status) return status;
    out->flags = ex2->Flags & ~(SEC_WINNT_AUTH_IDENTITY_ANSI | SEC_WINNT_AUTH_IDENTITY_UNICODE);
    if (out->flags & SEC_WINNT_AUTH_IDENTITY_FLAGS_PROCESS_ENCRYPTED)
    {
        if ((password_len * sizeof(WCHAR)) % RTL_ENCRYPT_MEMORY_SIZE ||
            RtlDecryptMemory( out->password, password_len * sizeof(WCHAR), 0 ))
        {
            auth_identity_free( out );
            return SEC_E_INVALID_TOKEN;
        }
        out->flags &= ~SEC_WINNT_AUTH_IDENTITY_FLAGS_PROCESS_ENCRYPTED;
    }
    /* drop the padding to the encryption block size */
    for (p = out->password + password_len; p > out->password && !p[-1]; p--) ;
    *p = 0;
    if (out->flags & SEC_WINNT_AUTH_IDENTITY_FLAGS_NULL_USER)
    {
        HeapFree( GetProcessHeap(), 0, out->user );
        out->user = NULL;
    }
    if (out->flags & SEC_WINNT_AUTH_IDENTITY_FLAGS_NULL_DOMAIN)
    {
        HeapFree( GetProcessHeap(), 0, out->domain );
        out->domain = NULL;
    }
    return SEC_E_OK;
}

SECURITY_STATUS auth_identity_parse( const void *id, struct auth_identity *out )
{
    memset( out, 0, sizeof(*out) );
    if (!id) return SEC_E_INVALID_TOKEN;

    switch (*(const ULONG *)id)
    {
    case SEC_WINNT_AUTH_IDENTITY_VERSION:
    {
        const SEC_WINNT_AUTH_IDENTITY_EXW *ex = id;
        BOOL ansi = (ex->Flags & SEC_WINNT_AUTH_IDENTITY_ANSI) != 0;

        if (ex->Length < sizeof(*ex)) return SEC_E_INVALID_TOKEN;
        out->flags = ex->Flags & ~(SEC_WINNT_AUTH_IDENTITY_ANSI | SEC_WINNT_AUTH_IDENTITY_UNICODE);
        return parse_strings( ex->User, ex->UserLength, ex->Domain, ex->DomainLength, ex->Password,
                              ex->PasswordLength, ex->PackageList, ex->PackageListLength, ansi, out );
    }
    case SEC_WINNT_AUTH_IDENTITY_VERSION_2:
        return parse_ex2( id, out );
    default:
    {
        const SEC_WINNT_AUTH_IDENTITY_W *plain = id;
        BOOL ansi = (plain->Flags & SEC_WINNT_AUTH_IDENTITY_ANSI) != 0;

        if (!(plain->Flags & (SEC_WINNT_AUTH_IDENTITY_ANSI | SEC_WINNT_AUTH_IDENTITY_UNICODE)))
            return SEC_E_INVALID_TOKEN;
        out->flags = plain->Flags & ~(SEC_WINNT_AUTH_IDENTITY_ANSI | SEC_WINNT_AUTH_IDENTITY_UNICODE);
        return parse_strings( plain->User, plain->UserLength, plain->Domain, plain->DomainLength, plain->Password,
                              plain->PasswordLength, NULL, 0, ansi, out );
    }
    }
}

void auth_identity_free( struct auth_identity *id )
{
    if (id->password) SecureZeroMemory( id->password, wcslen( id->password ) * sizeof(WCHAR) );
    HeapFree( GetProcessHeap(), 0, id->user );
    HeapFree( GetProcessHeap(), 0, id->domain );
    HeapFree( GetProcessHeap(), 0, id->password );
    HeapFree( GetProcessHeap(), 0, id->packages );
    memset( id, 0, sizeof(*id) );
}

static ULONG str_bytes( const WCHAR *str )
{
    return str ? wcslen( str ) * sizeof(WCHAR) : 0;
}

static ULONG put( char *base, ULONG *pos, const void *data, ULONG len )
{
    ULONG offset = *pos;
    if (len) memcpy( base + offset, data, len );
    *pos += len;
    return offset;
}

SECURITY_STATUS auth_identity_pack( const struct auth_identity *id, SEC_WINNT_AUTH_IDENTITY_EX2 **out )
{
    SEC_WINNT_AUTH_PACKED_CREDENTIALS *creds;
    SEC_WINNT_AUTH_IDENTITY_EX2 *ex2;
    ULONG user_len = str_bytes( id->user ), domain_len = str_bytes( id->domain );
    ULONG password_len = str_bytes( id->password ), packages_len = str_bytes( id->packages );
    ULONG padded = (password_len + RTL_ENCRYPT_MEMORY_SIZE - 1) & ~(RTL_ENCRYPT_MEMORY_SIZE - 1);
    ULONG pos, size, creds_offset;

    if (user_len > 0xfffe || domain_len > 0xfffe || packages_len > 0xfffe ||
        padded + sizeof(*creds) > 0xffff)
        return SEC_E_INVALID_TOKEN;
    creds_offset = (sizeof(*ex2) + user_len + domain_len + 7) & ~7;
    size = creds_offset + sizeof(*creds) + padded + packages_len;
    if (!(ex2 = (void *)LocalAlloc( LMEM_FIXED | LMEM_ZEROINIT, size ))) return SEC_E_INSUFFICIENT_MEMORY;

    ex2->Version = SEC_WINNT_AUTH_IDENTITY_VERSION_2;
    ex2->cbHeaderLength = sizeof(*ex2);
    ex2->cbStructureLength = size;
    ex2->Flags = id->flags | SEC_WINNT_AUTH_IDENTITY_UNICODE;
    if (!id->user) ex2->Flags |= SEC_WINNT_AUTH_IDENTITY_FLAGS_NULL_USER;
    if (!id->domain) ex2->Flags |= SEC_WINNT_AUTH_IDENTITY_FLAGS_NULL_DOMAIN;
    pos = sizeof(*ex2);
    ex2->UserLength = user_len;
    ex2->UserOffset = put( (char *)ex2, &pos, id->user, user_len );
    ex2->DomainLength = domain_len;
    ex2->DomainOffset = put( (char *)ex2, &pos, id->domain, domain_len );

    creds = (void *)((char *)ex2 + creds_offset);
    creds->cbHeaderLength = sizeof(*creds);
    creds->cbStructureLength = sizeof(*creds) + padded;
    creds->AuthData.CredType = password_type;
    creds->AuthData.CredData.ByteArrayOffset = sizeof(*creds);
    creds->AuthData.CredData.ByteArrayLength = padded;
    if (password_len) memcpy( creds + 1, id->password, password_len );
    ex2->PackedCredentialsOffset = creds_offset;
    ex2->PackedCredentialsLength = creds->cbStructureLength;

    pos = creds_offset + creds->cbStructureLength;
    ex2->PackageListLength = packages_len;
    ex2->PackageListOffset = packages_len ? put( (char *)ex2, &pos, id->packages, packages_len ) : 0;
    *out = ex2;
    return SEC_E_OK;
}
