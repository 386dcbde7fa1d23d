/*
 * The Sspi* authentication identity functions.
 */
#include <stdarg.h>
#include <windef.h>
#include <winbase.h>
#define SECURITY_WIN32
#define _SEC_WINNT_AUTH_TYPES  /* the packed layouts */
#include <sspi.h>
#include <wincred.h>

#include "wine/test.h"

static void test_encode_strings(void)
{
    const WCHAR *user, *domain, *password;
    PSEC_WINNT_AUTH_IDENTITY_OPAQUE id;
    SECURITY_STATUS status;

    status = SspiEncodeStringsAsAuthIdentity( NULL, NULL, NULL, NULL );
    ok( status == SEC_E_INVALID_TOKEN, "got %08lx\n", status );
    id = (void *)0xdeadbeef;
    status = SspiEncodeStringsAsAuthIdentity( NULL, NULL, NULL, &id );
    ok( status == SEC_E_INVALID_TOKEN, "got %08lx\n", status );
    ok( id == (void *)0xdeadbeef, "id set\n" );

    id = NULL;
    status = SspiEncodeStringsAsAuthIdentity( L"username", L"domainname", L"password", &id );
    ok( status == SEC_E_OK, "got %08lx\n", status );
    ok( id != NULL, "id not set\n" );
    ok( !SspiIsAuthIdentityEncrypted( id ), "encrypted\n" );
    ok( SspiValidateAuthIdentity( id ) == SEC_E_OK, "invalid\n" );

    user = domain = password = NULL;
    status = SspiEncodeAuthIdentityAsStrings( id, &user, &domain, &password );
    ok( status == SEC_E_OK, "got %08lx\n", status );
    ok( user && !wcscmp( user, L"username" ), "user %s\n", wine_dbgstr_w(user) );
    ok( domain && !wcscmp( domain, L"domainname" ), "domain %s\n", wine_dbgstr_w(domain) );
    ok( password && !wcscmp( password, L"password" ), "password differs\n" );
    SspiLocalFree( (void *)user );
    SspiLocalFree( (void *)domain );
    SspiLocalFree( (void *)password );
    SspiZeroAuthIdentity( id );
    SspiFreeAuthIdentity( id );

    /* a missing domain comes back as NULL */
    status = SspiEncodeStringsAsAuthIdentity( L"username", NULL, L"password", &id );
    ok( status == SEC_E_OK, "got %08lx\n", status );
    domain = (void *)0xdeadbeef;
    status = SspiEncodeAuthIdentityAsStrings( id, &user, &domain, &password );
    ok( status == SEC_E_OK, "got %08lx\n", status );
    ok( domain == NULL, "domain %p\n", domain );
    SspiLocalFree( (void *)user );
    SspiLocalFree( (void *)password );
    SspiFreeAuthIdentity( id );
}

/* Plain SEC_WINNT_AUTH_IDENTITY structures are read too, in both character sets. */
static void test_plain_identities(void)
{
    SEC_WINNT_AUTH_IDENTITY_A a = { (unsigned char *)"alice", 5, (unsigned char *)"WORK", 4,
                                    (unsigned char *)"pw1", 3, SEC_WINNT_AUTH_IDENTITY_ANSI };
    SEC_WINNT_AUTH_IDENTITY_W w = { (unsigned short *)L"ALICE", 5, (unsigned short *)L"work", 4,
                                    (unsigned short *)L"pw1", 3, SEC_WINNT_AUTH_IDENTITY_UNICODE };
    SEC_WINNT_AUTH_IDENTITY_W other = w;
    BOOLEAN same_user = FALSE, same_identity = FALSE;
    const WCHAR *user, *domain, *password;
    SECURITY_STATUS status;

    status = SspiEncodeAuthIdentityAsStrings( &a, &user, &domain, &password );
    ok( status == SEC_E_OK, "got %08lx\n", status );
    ok( !wcscmp( user, L"alice" ) && !wcscmp( domain, L"WORK" ), "%s %s\n", wine_dbgstr_w(user), wine_dbgstr_w(domain) );
    SspiLocalFree( (void *)user );
    SspiLocalFree( (void *)domain );
    SspiLocalFree( (void *)password );

    /* user and domain compare without case, passwords exactly */
    status = SspiCompareAuthIdentities( &a, &w, &same_user, &same_identity );
    ok( status == SEC_E_OK, "got %08lx\n", status );
    ok( same_user, "not the same user\n" );
    ok( same_identity, "not the same identity\n" );
    other.Password = (unsigned short *)L"PW1";
    status = SspiCompareAuthIdentities( &w, &other, &same_user, &same_identity );
    ok( status == SEC_E_OK, "got %08lx\n", status );
    ok( same_user && !same_identity, "user %d identity %d\n", same_user, same_identity );
    other.User = (unsigned short *)L"bob";
    other.UserLength = 3;
    status = SspiCompareAuthIdentities( &w, &other, &same_user, &same_identity );
    ok( status == SEC_E_OK && !same_user, "different users compare equal\n" );
}

static void test_copy_marshal_encrypt(void)
{
    PSEC_WINNT_AUTH_IDENTITY_OPAQUE id, copy, unmarshaled;
    BOOLEAN same_user, same_identity;
    const WCHAR *user, *domain, *password;
    char *bytes;
    ULONG len;
    SECURITY_STATUS status;

    status = SspiEncodeStringsAsAuthIdentity( L"carol", L"DOM", L"s3cr3t!", &id );
    ok( status == SEC_E_OK, "got %08lx\n", status );

    status = SspiCopyAuthIdentity( id, &copy );
    ok( status == SEC_E_OK, "copy: %08lx\n", status );
    status = SspiCompareAuthIdentities( id, copy, &same_user, &same_identity );
    ok( status == SEC_E_OK && same_user && same_identity, "copy differs\n" );

    status = SspiMarshalAuthIdentity( id, &len, &bytes );
    ok( status == SEC_E_OK, "marshal: %08lx\n", status );
    status = SspiUnmarshalAuthIdentity( len, bytes, &unmarshaled );
    ok( status == SEC_E_OK, "unmarshal: %08lx\n", status );
    status = SspiCompareAuthIdentities( id, unmarshaled, &same_user, &same_identity );
    ok( status == SEC_E_OK && same_user && same_identity, "unmarshaled differs\n" );
    SspiFreeAuthIdentity( unmarshaled );

    /* truncated or garbled bytes are refused */
    status = SspiUnmarshalAuthIdentity( len - 1, bytes, &unmarshaled );
    ok( status != SEC_E_OK, "truncated identity accepted\n" );
    bytes[0] ^= 0xff;
    status = SspiUnmarshalAuthIdentity( len, bytes, &unmarshaled );
    ok( status != SEC_E_OK, "garbled identity accepted\n" );
    SspiLocalFree( bytes );

    status = SspiEncryptAuthIdentity( copy );
    ok( status == SEC_E_OK, "encrypt: %08lx\n", status );
    ok( SspiIsAuthIdentityEncrypted( copy ), "not marked encrypted\n" );
    status = SspiDecryptAuthIdentity( copy );
    ok( status == SEC_E_OK, "decrypt: %08lx\n", status );
    ok( !SspiIsAuthIdentityEncrypted( copy ), "still marked encrypted\n" );
    status = SspiEncodeAuthIdentityAsStrings( copy, &user, &domain, &password );
    ok( status == SEC_E_OK, "got %08lx\n", status );
    ok( !wcscmp( password, L"s3cr3t!" ), "password lost in encryption\n" );
    SspiLocalFree( (void *)user );
    SspiLocalFree( (void *)domain );
    SspiLocalFree( (void *)password );
    SspiFreeAuthIdentity( copy );
    SspiFreeAuthIdentity( id );
}

static void test_exclude_package(void)
{
    PSEC_WINNT_AUTH_IDENTITY_OPAQUE id, excluded;
    SEC_WINNT_AUTH_IDENTITY_EX2 *ex2;
    SECURITY_STATUS status;
    WCHAR list[64];

    status = SspiEncodeStringsAsAuthIdentity( L"dave", L"DOM", L"pw", &id );
    ok( status == SEC_E_OK, "got %08lx\n", status );
    status = SspiExcludePackage( id, L"NTLM", &excluded );
    ok( status == SEC_E_OK, "got %08lx\n", status );
    ex2 = excluded;
    ok( ex2->Version == SEC_WINNT_AUTH_IDENTITY_VERSION_2, "version %lx\n", ex2->Version );
    ok( ex2->PackageListLength == 10, "package list length %u\n", ex2->PackageListLength );
    if (ex2->PackageListLength == 10)
    {
        memcpy( list, (char *)ex2 + ex2->PackageListOffset, 10 );
        list[5] = 0;
        ok( !wcscmp( list, L"!NTLM" ), "package list %s\n", wine_dbgstr_w(list) );
    }
    SspiFreeAuthIdentity( excluded );
    SspiFreeAuthIdentity( id );
}

static void test_target_host_name(void)
{
    static const struct { const WCHAR *target, *host; } tests[] =
    {
        { L"HTTP/www.example.com", L"www.example.com" },
        { L"HTTP/www.example.com:8080", L"www.example.com" },
        { L"ldap/dc.example.com/example.com", L"dc.example.com" },
        { L"plainhost", L"plainhost" },
    };
    WCHAR *host;
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(tests); i++)
    {
        host = NULL;
        ok( SspiGetTargetHostName( tests[i].target, &host ) == SEC_E_OK, "%lu: failed\n", i );
        ok( host && !wcscmp( host, tests[i].host ), "%lu: got %s\n", i, wine_dbgstr_w(host) );
        SspiLocalFree( host );
    }
}

static void test_cred_write(void)
{
    PSEC_WINNT_AUTH_IDENTITY_OPAQUE id;
    const WCHAR *target, *user;
    BYTE *blob;
    ULONG type, size;
    SECURITY_STATUS status;

    status = SspiEncodeStringsAsAuthIdentity( L"erin", L"CORP", L"hunter2", &id );
    ok( status == SEC_E_OK, "got %08lx\n", status );
    status = SspiPrepareForCredWrite( id, L"server.corp", &type, &target, &user, &blob, &size );
    ok( status == SEC_E_OK, "got %08lx\n", status );
    if (!status)
    {
        ok( type == CRED_TYPE_DOMAIN_PASSWORD, "type %lu\n", type );
        ok( !wcscmp( target, L"server.corp" ), "target %s\n", wine_dbgstr_w(target) );
        ok( !wcscmp( user, L"CORP\\erin" ), "user %s\n", wine_dbgstr_w(user) );
        ok( size == 14 && !memcmp( blob, L"hunter2", 14 ), "blob size %lu\n", size );
        SspiLocalFree( (void *)target );
        SspiLocalFree( (void *)user );
        SspiLocalFree( blob );
    }
    /* without a target, the credential is named after its user */
    status = SspiPrepareForCredWrite( id, NULL, &type, &target, &user, &blob, &size );
    ok( status == SEC_E_OK, "got %08lx\n", status );
    if (!status)
    {
        ok( !wcscmp( target, L"CORP\\erin" ), "target %s\n", wine_dbgstr_w(target) );
        ok( !wcscmp( user, L"CORP\\erin" ), "user %s\n", wine_dbgstr_w(user) );
        SspiLocalFree( (void *)target );
        SspiLocalFree( (void *)user );
        SspiLocalFree( blob );
    }
    SspiFreeAuthIdentity( id );
}

/* The layout Windows returns: a packed SEC_WINNT_AUTH_IDENTITY_EX2 of Unicode strings
 * with the password as packed credentials, which marshaling copies as it is. */
static void test_layout(void)
{
    PSEC_WINNT_AUTH_IDENTITY_OPAQUE id;
    SEC_WINNT_AUTH_IDENTITY_EX2 *ex2;
    SEC_WINNT_AUTH_PACKED_CREDENTIALS *creds;
    char *bytes;
    ULONG len;

    ok( SspiEncodeStringsAsAuthIdentity( L"frank", L"CORP", L"pw1", &id ) == SEC_E_OK, "encode\n" );
    ex2 = id;
    ok( ex2->Version == SEC_WINNT_AUTH_IDENTITY_VERSION_2 && ex2->cbHeaderLength == sizeof(*ex2),
        "version %#lx, header %u\n", ex2->Version, ex2->cbHeaderLength );
    ok( ex2->Flags & SEC_WINNT_AUTH_IDENTITY_UNICODE, "flags %#lx\n", ex2->Flags );
    ok( ex2->UserLength == 10 && !memcmp( (char *)ex2 + ex2->UserOffset, L"frank", 10 ), "user of %u bytes\n",
        ex2->UserLength );
    ok( ex2->DomainLength == 8 && !memcmp( (char *)ex2 + ex2->DomainOffset, L"CORP", 8 ), "domain of %u bytes\n",
        ex2->DomainLength );
    ok( ex2->PackedCredentialsLength >= sizeof(*creds), "packed credentials of %u bytes\n",
        ex2->PackedCredentialsLength );
    if (ex2->PackedCredentialsLength >= sizeof(*creds))
    {
        creds = (void *)((char *)ex2 + ex2->PackedCredentialsOffset);
        ok( IsEqualGUID( &creds->AuthData.CredType, &SEC_WINNT_AUTH_DATA_TYPE_PASSWORD ), "not a password\n" );
        /* padded to the block of CryptProtectMemory, which encrypts it in place */
        ok( creds->AuthData.CredData.ByteArrayLength >= 6 &&
            !memcmp( (char *)creds + creds->AuthData.CredData.ByteArrayOffset, L"pw1", 6 ), "password of %u bytes\n",
            creds->AuthData.CredData.ByteArrayLength );
    }
    ok( SspiMarshalAuthIdentity( id, &len, &bytes ) == SEC_E_OK, "marshal\n" );
    ok( len == ex2->cbStructureLength && !memcmp( bytes, ex2, len ), "marshaled %lu bytes of %lu\n", len,
        ex2->cbStructureLength );
    SspiLocalFree( bytes );
    SspiFreeAuthIdentity( id );
}

START_TEST(authid)
{
    test_encode_strings();
    test_layout();
    test_plain_identities();
    test_copy_marshal_encrypt();
    test_exclude_package();
    test_target_host_name();
    test_cred_write();
}
