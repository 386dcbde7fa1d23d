/*
 * The Kerberos package, client and server in one process through a KDC:
 * credentials, every flag and buffer layout, message protection, attributes,
 * delegation, export and import, the LSA's ticket cache messages and
 * LsaLogonUser, and the error paths of hostile input.
 *
 * It needs a realm: the user's TGT (kinit as testuser, password testpass),
 * a second user otheruser (password otherpass) whose tickets no one holds,
 * keys for host/localhost and HTTP/localhost in the keytab the server finds,
 * and HTTP/password.localhost with the password svcpass. tests/scripts/kerberos.py
 * runs it against a throwaway MIT KDC that has them; without a TGT it skips.
 */
#include <stdarg.h>
#include <stdio.h>
#include <windef.h>
#include <winbase.h>
#include <winreg.h>
#include <ntstatus.h>
#define SECURITY_WIN32
#include <sspi.h>
#include <ntsecapi.h>
#include <ntsecpkg.h>
#include <rpc.h>

#include "wine/test.h"

NTSTATUS WINAPI GetSecurityUserInfo( LUID *logon_id, ULONG flags, PSecurityUserData *info );

#define KRB_MAX_TOKEN 48000
#define SIDE_TOKEN_SIZE KRB_MAX_TOKEN
#include "sides.h"

static const char test_user[] = "testuser", test_pass[] = "testpass";
static const char other_user[] = "otheruser", other_pass[] = "otherpass";
static const char target[] = "host/localhost", target2[] = "HTTP/localhost";
static const char password_target[] = "HTTP/password.localhost", service_pass[] = "svcpass";
static char realm[256];

static SECURITY_STATUS acquire( struct side *side, ULONG use, void *id )
{
    return side_acquire( side, "Kerberos", use, id );
}

/* Legs until both sides are done or one fails; returns the server's last status. */
static SECURITY_STATUS handshake_to( struct side *client, struct side *server, const char *spn, ULONG creq,
                                     ULONG sreq, void *cbind, ULONG cbind_len, void *sbind, ULONG sbind_len )
{
    int legs;

    side_step( client, FALSE, spn, creq, NULL, cbind, cbind_len );
    if (FAILED( client->status )) return client->status;
    for (legs = 0; legs < 4; legs++)
    {
        side_step( server, TRUE, NULL, sreq, client, sbind, sbind_len );
        if (server->status != SEC_I_CONTINUE_NEEDED && (server->status || client->status == SEC_E_OK))
            return server->status;
        side_step( client, FALSE, spn, creq, server, cbind, cbind_len );
        if (FAILED( client->status )) return client->status;
        if (client->status == SEC_E_OK && server->status == SEC_E_OK) return SEC_E_OK;
    }
    return SEC_E_INTERNAL_ERROR;
}

static SECURITY_STATUS handshake( struct side *client, struct side *server, ULONG creq, ULONG sreq )
{
    return handshake_to( client, server, target, creq, sreq, NULL, 0, NULL, 0 );
}

/* The realm of the user's tickets, and whether there are any. */
static BOOL have_tickets(void)
{
    SecPkgCredentials_NamesA names;
    struct side side;
    char *at;

    if (acquire( &side, SECPKG_CRED_OUTBOUND, NULL ) != SEC_E_OK) return FALSE;
    if (QueryCredentialsAttributesA( &side.cred, SECPKG_CRED_ATTR_NAMES, &names ) == SEC_E_OK)
    {
        if ((at = strrchr( names.sUserName, '@' ))) lstrcpynA( realm, at + 1, sizeof(realm) );
        FreeContextBuffer( names.sUserName );
    }
    FreeCredentialsHandle( &side.cred );
    return realm[0] != 0;
}

static void test_package_info(void)
{
    SecPkgInfoA *info;

    ok( QuerySecurityPackageInfoA( (char *)"Kerberos", &info ) == SEC_E_OK, "QuerySecurityPackageInfo\n" );
    ok( info->wRPCID == RPC_C_AUTHN_GSS_KERBEROS, "rpcid %u\n", info->wRPCID );
    ok( info->cbMaxToken >= 12000, "max token %lu\n", info->cbMaxToken );
    ok( !strcmp( info->Comment, "Microsoft Kerberos V1.0" ), "comment %s\n", info->Comment );
    ok( (info->fCapabilities & (SECPKG_FLAG_MUTUAL_AUTH | SECPKG_FLAG_DELEGATION | SECPKG_FLAG_EXTENDED_ERROR |
                                SECPKG_FLAG_READONLY_WITH_CHECKSUM)) ==
        (SECPKG_FLAG_MUTUAL_AUTH | SECPKG_FLAG_DELEGATION | SECPKG_FLAG_EXTENDED_ERROR |
         SECPKG_FLAG_READONLY_WITH_CHECKSUM), "capabilities %08lx\n", info->fCapabilities );
    FreeContextBuffer( info );
}

static void check_cred_name( const struct side *side, const char *expected )
{
    SecPkgCredentials_NamesA names;

    ok( QueryCredentialsAttributesA( (CredHandle *)&side->cred, SECPKG_CRED_ATTR_NAMES, &names ) == SEC_E_OK,
        "names\n" );
    ok( !_stricmp( names.sUserName, expected ), "name %s, expected %s\n", names.sUserName, expected );
    FreeContextBuffer( names.sUserName );
}

static void test_acquire(void)
{
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( test_user, realm, test_pass );
    SEC_WINNT_AUTH_IDENTITY_EXA idex;
    PSEC_WINNT_AUTH_IDENTITY_OPAQUE opaque;
    char principal[512], upn[512], lower[256], netbios[256], *dot;
    struct side side;
    TimeStamp ts;

    sprintf( principal, "%s@%s", test_user, realm );
    ok( acquire( &side, SECPKG_CRED_OUTBOUND, NULL ) == SEC_E_OK, "default\n" );
    check_cred_name( &side, principal );
    FreeCredentialsHandle( &side.cred );
    ok( acquire( &side, SECPKG_CRED_INBOUND, NULL ) == SEC_E_OK, "inbound\n" );
    FreeCredentialsHandle( &side.cred );
    ok( acquire( &side, SECPKG_CRED_BOTH, NULL ) == SEC_E_OK, "both\n" );
    check_cred_name( &side, principal );
    FreeCredentialsHandle( &side.cred );
    ok( acquire( &side, 0, NULL ) == SEC_E_UNKNOWN_CREDENTIALS, "no use\n" );

    ok( acquire( &side, SECPKG_CRED_OUTBOUND, &id ) == SEC_E_OK, "explicit identity\n" );
    check_cred_name( &side, principal );
    FreeCredentialsHandle( &side.cred );

    /* the forms of a user name: a UPN, DOMAIN\user with the NetBIOS domain, user@REALM */
    lstrcpyA( lower, realm );
    CharLowerA( lower );
    sprintf( upn, "%s@%s", test_user, lower );
    id = make_id( upn, NULL, test_pass );
    ok( acquire( &side, SECPKG_CRED_OUTBOUND, &id ) == SEC_E_OK, "UPN\n" );
    check_cred_name( &side, principal );
    FreeCredentialsHandle( &side.cred );
    lstrcpyA( netbios, realm );
    if ((dot = strchr( netbios, '.' ))) *dot = 0;
    sprintf( upn, "%s\\%s", netbios, test_user );
    id = make_id( upn, NULL, test_pass );
    ok( acquire( &side, SECPKG_CRED_OUTBOUND, &id ) == SEC_E_OK, "DOMAIN\\user\n" );
    check_cred_name( &side, principal );
    FreeCredentialsHandle( &side.cred );
    id = make_id( test_user, netbios, test_pass );
    ok( acquire( &side, SECPKG_CRED_OUTBOUND, &id ) == SEC_E_OK, "NetBIOS domain\n" );
    check_cred_name( &side, principal );
    FreeCredentialsHandle( &side.cred );

    ok( SspiEncodeStringsAsAuthIdentity( L"testuser", NULL, L"testpass", &opaque ) == SEC_E_OK, "encode\n" );
    ok( AcquireCredentialsHandleA( NULL, (char *)"Kerberos", SECPKG_CRED_OUTBOUND, NULL, opaque, NULL, NULL,
                                   &side.cred, &ts ) == SEC_E_OK, "an Sspi* identity\n" );
    check_cred_name( &side, principal );
    FreeCredentialsHandle( &side.cred );
    SspiFreeAuthIdentity( opaque );

    memset( &idex, 0, sizeof(idex) );
    idex.Version = SEC_WINNT_AUTH_IDENTITY_VERSION;
    idex.Length = sizeof(idex);
    idex.User = (unsigned char *)test_user;
    idex.UserLength = strlen( test_user );
    idex.Domain = (unsigned char *)realm;
    idex.DomainLength = strlen( realm );
    idex.Password = (unsigned char *)test_pass;
    idex.PasswordLength = strlen( test_pass );
    idex.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
    ok( AcquireCredentialsHandleA( NULL, (char *)"Kerberos", SECPKG_CRED_OUTBOUND, NULL, &idex, NULL, NULL,
                                   &side.cred, &ts ) == SEC_E_OK, "SEC_WINNT_AUTH_IDENTITY_EX\n" );
    check_cred_name( &side, principal );
    FreeCredentialsHandle( &side.cred );
}

static void check_sizes( CtxtHandle *ctxt )
{
    SecPkgContext_Sizes sizes;

    ok( QueryContextAttributesA( ctxt, SECPKG_ATTR_SIZES, &sizes ) == SEC_E_OK, "sizes\n" );
    ok( sizes.cbMaxToken == KRB_MAX_TOKEN, "max token %lu\n", sizes.cbMaxToken );
    ok( sizes.cbMaxSignature == 28, "max signature %lu\n", sizes.cbMaxSignature );
    ok( sizes.cbBlockSize == 1, "block size %lu\n", sizes.cbBlockSize );
    ok( sizes.cbSecurityTrailer == 76, "trailer %lu\n", sizes.cbSecurityTrailer );
}

/* Mutual authentication: three legs; without it, one. */
static void test_handshakes(void)
{
    static const struct { ULONG creq; ULONG sreq; int client_legs; ULONG cret; ULONG sret; } tests[] =
    {
        { 0, 0, 1, 0, 0 },
        { ISC_REQ_MUTUAL_AUTH, 0, 2, ISC_RET_MUTUAL_AUTH, ASC_RET_MUTUAL_AUTH },
        { ISC_REQ_MUTUAL_AUTH | ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY | ISC_REQ_REPLAY_DETECT |
          ISC_REQ_SEQUENCE_DETECT | ISC_REQ_CONNECTION, ASC_REQ_CONNECTION, 2,
          ISC_RET_MUTUAL_AUTH | ISC_RET_CONFIDENTIALITY | ISC_RET_INTEGRITY | ISC_RET_REPLAY_DETECT |
          ISC_RET_SEQUENCE_DETECT | ISC_RET_CONNECTION,
          ASC_RET_MUTUAL_AUTH | ASC_RET_CONFIDENTIALITY | ASC_RET_INTEGRITY | ASC_RET_REPLAY_DETECT |
          ASC_RET_SEQUENCE_DETECT | ASC_RET_CONNECTION },
        { ISC_REQ_INTEGRITY, 0, 1, ISC_RET_INTEGRITY, ASC_RET_INTEGRITY },
        { ISC_REQ_CONFIDENTIALITY, 0, 1, ISC_RET_CONFIDENTIALITY, ASC_RET_CONFIDENTIALITY },
        { ISC_REQ_EXTENDED_ERROR | ISC_REQ_MUTUAL_AUTH, ASC_REQ_EXTENDED_ERROR, 2,
          ISC_RET_EXTENDED_ERROR | ISC_RET_MUTUAL_AUTH, ASC_RET_EXTENDED_ERROR },
        { ISC_REQ_IDENTIFY, 0, 1, ISC_RET_IDENTIFY, ASC_RET_IDENTIFY },
    };
    struct side client, server;
    ULONG i;

    ok( acquire( &client, SECPKG_CRED_OUTBOUND, NULL ) == SEC_E_OK, "client credentials\n" );
    ok( acquire( &server, SECPKG_CRED_INBOUND, NULL ) == SEC_E_OK, "server credentials\n" );
    for (i = 0; i < ARRAY_SIZE(tests); i++)
    {
        winetest_push_context( "req %#lx", tests[i].creq );
        side_step( &client, FALSE, target, tests[i].creq, NULL, NULL, 0 );
        ok( client.status == (tests[i].client_legs == 1 ? SEC_E_OK : SEC_I_CONTINUE_NEEDED), "client leg 1: %08lx\n",
            client.status );
        ok( client.token_len > 100, "token %lu\n", client.token_len );
        /* a GSS-API initial context token, Kerberos mechanism, AP-REQ */
        ok( client.token[0] == 0x60 && client.token[client.token[1] & 0x80 ? 2 + (client.token[1] & 0x7f) : 2] == 6,
            "not a GSS-API token\n" );
        side_step( &server, TRUE, NULL, tests[i].sreq, &client, NULL, 0 );
        ok( server.status == SEC_E_OK, "server: %08lx\n", server.status );
        ok( (server.token_len != 0) == (tests[i].client_legs == 2), "server token %lu\n", server.token_len );
        ok( (server.attrs & tests[i].sret) == tests[i].sret, "server attrs %08lx\n", server.attrs );
        if (tests[i].client_legs == 2)
        {
            side_step( &client, FALSE, target, tests[i].creq, &server, NULL, 0 );
            ok( client.status == SEC_E_OK, "client leg 2: %08lx\n", client.status );
            ok( !client.token_len, "client token %lu\n", client.token_len );
        }
        ok( (client.attrs & ~ISC_RET_ALLOCATED_MEMORY) == tests[i].cret, "client attrs %08lx\n", client.attrs );
        ok( !(server.attrs & ASC_RET_DELEGATE), "delegated\n" );
        drop_context( &client );
        drop_context( &server );
        winetest_pop_context();
    }
    /* the context is done: no more legs */
    ok( handshake( &client, &server, ISC_REQ_MUTUAL_AUTH, 0 ) == SEC_E_OK, "handshake\n" );
    side_step( &client, FALSE, target, ISC_REQ_MUTUAL_AUTH, &server, NULL, 0 );
    ok( client.status == SEC_E_OUT_OF_SEQUENCE, "extra leg: %08lx\n", client.status );
    client.has_ctxt = TRUE;
    cleanup( &client );
    cleanup( &server );
}

/* RPC's three legs: the client answers the server's AP-REP. */
static void test_dce_style(void)
{
    ULONG req = ISC_REQ_USE_DCE_STYLE | ISC_REQ_MUTUAL_AUTH | ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY;
    char data[] = "DCE-style message", copy[sizeof(data)];
    BYTE token[128];
    SecBuffer bufs[2] = { { sizeof(data), SECBUFFER_DATA, data }, { sizeof(token), SECBUFFER_TOKEN, token } };
    SecBufferDesc msg = { SECBUFFER_VERSION, 2, bufs };
    BYTE stream[256];
    SecBuffer in[2];
    SecBufferDesc in_msg = { SECBUFFER_VERSION, 2, in };
    struct side client, server;
    ULONG qop;

    acquire( &client, SECPKG_CRED_OUTBOUND, NULL );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    side_step( &client, FALSE, target, req, NULL, NULL, 0 );
    ok( client.status == SEC_I_CONTINUE_NEEDED, "client leg 1: %08lx\n", client.status );
    ok( client.token[0] == 0x6e, "not a raw AP-REQ: %02x\n", client.token[0] );
    side_step( &server, TRUE, NULL, ASC_REQ_USE_DCE_STYLE, &client, NULL, 0 );
    ok( server.status == SEC_I_CONTINUE_NEEDED, "server leg 2: %08lx\n", server.status );
    ok( server.token[0] == 0x6f, "not a raw AP-REP: %02x\n", server.token[0] );
    /* the client's AP-REP waits for a buffer it fits */
    {
        SecBuffer in_buf = { server.token_len, SECBUFFER_TOKEN, server.token }, out_buf = { 8, SECBUFFER_TOKEN,
                                                                                            client.token };
        SecBufferDesc in = { SECBUFFER_VERSION, 1, &in_buf }, out = { SECBUFFER_VERSION, 1, &out_buf };
        SECURITY_STATUS status = InitializeSecurityContextA( NULL, &client.ctxt, (char *)target, req, 0, 0, &in, 0,
                                                             &client.ctxt, &out, &client.attrs, NULL );
        ok( status == SEC_E_BUFFER_TOO_SMALL, "small buffer: %08lx\n", status );
        ok( EncryptMessage( &client.ctxt, 0, &msg, 0 ) == SEC_E_UNSUPPORTED_FUNCTION, "encrypted before done\n" );
    }
    side_step( &client, FALSE, target, req, &server, NULL, 0 );
    ok( client.status == SEC_E_OK, "client leg 3: %08lx\n", client.status );
    ok( client.token_len && client.token[0] == 0x6f, "client AP-REP %lu\n", client.token_len );
    ok( client.attrs & ISC_RET_USED_DCE_STYLE, "attrs %08lx\n", client.attrs );
    side_step( &server, TRUE, NULL, ASC_REQ_USE_DCE_STYLE, &client, NULL, 0 );
    ok( server.status == SEC_E_OK, "server leg 4: %08lx\n", server.status );
    ok( !server.token_len, "server token %lu\n", server.token_len );
    ok( server.attrs & ASC_RET_USED_DCE_STYLE, "attrs %08lx\n", server.attrs );
    if (!server.status)
    {
        check_sizes( &client.ctxt );
        memcpy( copy, data, sizeof(data) );
        ok( EncryptMessage( &client.ctxt, 0, &msg, 0 ) == SEC_E_OK, "EncryptMessage\n" );
        ok( bufs[1].cbBuffer == 76, "DCE-style token %lu\n", bufs[1].cbBuffer );
        ok( DecryptMessage( &server.ctxt, &msg, 0, &qop ) == SEC_E_OK, "DecryptMessage\n" );
        ok( !memcmp( data, copy, sizeof(data) ), "not decrypted\n" );

        /* a DCE-style message as one stream */
        bufs[1].cbBuffer = sizeof(token);
        ok( EncryptMessage( &server.ctxt, 0, &msg, 0 ) == SEC_E_OK, "EncryptMessage\n" );
        memcpy( stream, token, bufs[1].cbBuffer );
        memcpy( stream + bufs[1].cbBuffer, data, sizeof(data) );
        in[0].BufferType = SECBUFFER_STREAM;
        in[0].cbBuffer = bufs[1].cbBuffer + sizeof(data);
        in[0].pvBuffer = stream;
        in[1].BufferType = SECBUFFER_DATA;
        in[1].cbBuffer = 0;
        in[1].pvBuffer = NULL;
        ok( DecryptMessage( &client.ctxt, &in_msg, 0, &qop ) == SEC_E_OK, "DecryptMessage of a stream\n" );
        ok( in[1].cbBuffer == sizeof(data) && !memcmp( in[1].pvBuffer, copy, sizeof(data) ), "stream data\n" );
    }
    cleanup( &client );
    cleanup( &server );
}

static void test_output_buffers(void)
{
    SecBuffer buf;
    SecBufferDesc desc = { SECBUFFER_VERSION, 1, &buf };
    BYTE data[KRB_MAX_TOKEN];
    struct side client;
    CtxtHandle ctxt;
    ULONG attrs;
    SECURITY_STATUS status;

    acquire( &client, SECPKG_CRED_OUTBOUND, NULL );
    status = InitializeSecurityContextA( &client.cred, NULL, (char *)target, 0, 0, 0, NULL, 0, &ctxt, NULL, &attrs,
                                         NULL );
    ok( status == SEC_E_BUFFER_TOO_SMALL, "NULL output: %08lx\n", status );
    buf.BufferType = SECBUFFER_TOKEN;
    buf.cbBuffer = 10;
    buf.pvBuffer = data;
    status = InitializeSecurityContextA( &client.cred, NULL, (char *)target, 0, 0, 0, NULL, 0, &ctxt, &desc, &attrs,
                                         NULL );
    ok( status == SEC_E_BUFFER_TOO_SMALL, "small buffer: %08lx\n", status );

    buf.cbBuffer = 0;
    buf.pvBuffer = NULL;
    status = InitializeSecurityContextA( &client.cred, NULL, (char *)target, ISC_REQ_ALLOCATE_MEMORY, 0, 0, NULL, 0,
                                         &ctxt, &desc, &attrs, NULL );
    ok( status == SEC_E_OK, "allocated: %08lx\n", status );
    ok( attrs & ISC_RET_ALLOCATED_MEMORY, "attrs %08lx\n", attrs );
    ok( buf.pvBuffer && buf.cbBuffer > 100, "token %p %lu\n", buf.pvBuffer, buf.cbBuffer );
    FreeContextBuffer( buf.pvBuffer );
    DeleteSecurityContext( &ctxt );

    /* the target names Windows programs pass */
    buf.cbBuffer = sizeof(data);
    buf.pvBuffer = data;
    status = InitializeSecurityContextA( &client.cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctxt, &desc, &attrs, NULL );
    ok( status == SEC_E_TARGET_UNKNOWN, "no target: %08lx\n", status );
    status = InitializeSecurityContextA( &client.cred, NULL, (char *)"host/nosuchhost.localhost", 0, 0, 0, NULL, 0,
                                         &ctxt, &desc, &attrs, NULL );
    ok( status == SEC_E_TARGET_UNKNOWN, "unknown service: %08lx\n", status );
    {
        char spn[512];
        static const char *forms[] = { "%s@%s", "%s:8080", "%s:8080@%s" };
        ULONG i;
        for (i = 0; i < ARRAY_SIZE(forms); i++)
        {
            sprintf( spn, forms[i], target, realm );
            buf.cbBuffer = sizeof(data);
            status = InitializeSecurityContextA( &client.cred, NULL, spn, 0, 0, 0, NULL, 0, &ctxt, &desc, &attrs,
                                                 NULL );
            ok( status == SEC_E_OK, "%s: %08lx\n", spn, status );
            if (!status) DeleteSecurityContext( &ctxt );
        }
    }
    FreeCredentialsHandle( &client.cred );
}

/* Accepting spends an AP-REQ (the replay cache): a server's first step that
 * owes the client an AP-REP fails on a buffer too small for it before it
 * accepts, so that the same AP-REQ serves again. */
static void test_server_output_buffers(void)
{
    struct side client, server;
    BYTE small[16];
    SecBuffer in_buf, out_buf;
    SecBufferDesc in = { SECBUFFER_VERSION, 1, &in_buf }, out = { SECBUFFER_VERSION, 1, &out_buf };
    CtxtHandle ctxt;
    ULONG attrs;
    SECURITY_STATUS status;

    acquire( &client, SECPKG_CRED_OUTBOUND, NULL );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    side_step( &client, FALSE, target, ISC_REQ_MUTUAL_AUTH, NULL, NULL, 0 );
    ok( client.status == SEC_I_CONTINUE_NEEDED, "client leg 1: %08lx\n", client.status );
    in_buf.BufferType = SECBUFFER_TOKEN;
    in_buf.cbBuffer = client.token_len;
    in_buf.pvBuffer = client.token;
    out_buf.BufferType = SECBUFFER_TOKEN;
    out_buf.cbBuffer = sizeof(small);
    out_buf.pvBuffer = small;
    status = AcceptSecurityContext( &server.cred, NULL, &in, 0, SECURITY_NATIVE_DREP, &ctxt, &out, &attrs, NULL );
    ok( status == SEC_E_BUFFER_TOO_SMALL, "small buffer: %08lx\n", status );
    out_buf.cbBuffer = 0;
    out_buf.pvBuffer = NULL;
    status = AcceptSecurityContext( &server.cred, NULL, &in, 0, SECURITY_NATIVE_DREP, &ctxt, &out, &attrs, NULL );
    ok( status == SEC_E_BUFFER_TOO_SMALL, "no buffer: %08lx\n", status );
    /* a buffer of room enough for any AP-REP */
    out_buf.cbBuffer = 300;
    out_buf.pvBuffer = server.token;
    status = AcceptSecurityContext( &server.cred, NULL, &in, 0, SECURITY_NATIVE_DREP, &server.ctxt, &out, &attrs,
                                    NULL );
    ok( status == SEC_E_OK, "the same AP-REQ again: %08lx\n", status );
    server.has_ctxt = !status;
    server.token_len = out_buf.cbBuffer;
    ok( server.token_len > 100 && server.token_len < 300, "AP-REP of %lu bytes\n", server.token_len );
    side_step( &client, FALSE, target, ISC_REQ_MUTUAL_AUTH, &server, NULL, 0 );
    ok( client.status == SEC_E_OK, "client leg 3: %08lx\n", client.status );
    cleanup( &client );
    cleanup( &server );
}

static void check_name( CtxtHandle *ctxt, ULONG attr, const char *expected )
{
    SecPkgContext_NamesA names;

    ok( QueryContextAttributesA( ctxt, attr, &names ) == SEC_E_OK, "names\n" );
    ok( !strcmp( names.sUserName, expected ), "name %s, expected %s\n", names.sUserName, expected );
    FreeContextBuffer( names.sUserName );
}

static void check_attributes( struct side *client, struct side *server )
{
    SecPkgContext_NativeNamesA native;
    SecPkgContext_NegotiationInfoA nego;
    SecPkgContext_SessionKey ckey, skey;
    SecPkgContext_AccessToken token;
    SecPkgContext_AuthorityA authority;
    SecPkgContext_KeyInfoA key;
    SecPkgContext_Lifespan span;
    SecPkgContext_Flags flags;
    SecPkgContext_DceInfo dce;
    SecPkgContext_LastClientTokenStatus last;
    char expected[512], principal[512];
    SYSTEMTIME now;
    FILETIME ft;

    check_sizes( &client->ctxt );
    check_sizes( &server->ctxt );
    sprintf( expected, "%s\\%s", realm, test_user );
    check_name( &server->ctxt, SECPKG_ATTR_NAMES, expected );
    check_name( &client->ctxt, SECPKG_ATTR_NAMES, expected );
    sprintf( principal, "%s@%s", test_user, realm );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_NATIVE_NAMES, &native ) == SEC_E_OK, "native names\n" );
    ok( !strcmp( native.sClientName, principal ), "client %s\n", native.sClientName );
    sprintf( expected, "%s@%s", target, realm );
    ok( !strcmp( native.sServerName, expected ), "server %s\n", native.sServerName );
    FreeContextBuffer( native.sClientName );
    FreeContextBuffer( native.sServerName );
    ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_AUTHORITY, &authority ) == SEC_E_OK, "authority\n" );
    ok( !strcmp( authority.sAuthorityName, realm ), "authority %s\n", authority.sAuthorityName );
    FreeContextBuffer( authority.sAuthorityName );

    ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_SESSION_KEY, &ckey ) == SEC_E_OK, "client key\n" );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_SESSION_KEY, &skey ) == SEC_E_OK, "server key\n" );
    ok( ckey.SessionKeyLength == 32 && skey.SessionKeyLength == 32, "key lengths %lu %lu\n", ckey.SessionKeyLength,
        skey.SessionKeyLength );
    ok( !memcmp( ckey.SessionKey, skey.SessionKey, 32 ), "session keys differ\n" );
    FreeContextBuffer( ckey.SessionKey );
    FreeContextBuffer( skey.SessionKey );
    ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_KEY_INFO, &key ) == SEC_E_OK, "key info\n" );
    ok( key.KeySize == 256 && key.EncryptAlgorithm == 18 /* aes256-cts-hmac-sha1-96 */, "key %lu %lu\n", key.KeySize,
        key.EncryptAlgorithm );
    ok( !strcmp( key.sEncryptAlgorithmName, "AES256-CTS-HMAC-SHA1-96" ), "%s\n", key.sEncryptAlgorithmName );
    FreeContextBuffer( key.sSignatureAlgorithmName );
    FreeContextBuffer( key.sEncryptAlgorithmName );

    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_LIFESPAN, &span ) == SEC_E_OK, "lifespan\n" );
    GetLocalTime( &now );
    SystemTimeToFileTime( &now, &ft );
    ok( CompareFileTime( (FILETIME *)&span.tsExpiry, &ft ) > 0, "expired context\n" );
    ok( CompareFileTime( (FILETIME *)&span.tsStart, (FILETIME *)&span.tsExpiry ) < 0, "start after expiry\n" );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_FLAGS, &flags ) == SEC_E_OK, "flags\n" );
    ok( flags.Flags == server->attrs, "flags %08lx, returned %08lx\n", flags.Flags, server->attrs );
    ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_NEGOTIATION_INFO, &nego ) == SEC_E_OK, "nego info\n" );
    ok( nego.NegotiationState == SECPKG_NEGOTIATION_COMPLETE, "state %lu\n", nego.NegotiationState );
    ok( !strcmp( nego.PackageInfo->Name, "Kerberos" ), "package %s\n", nego.PackageInfo->Name );
    FreeContextBuffer( nego.PackageInfo );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_ACCESS_TOKEN, &token ) == SEC_E_OK, "access token\n" );
    ok( token.AccessToken != NULL, "no access token\n" );
    ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_ACCESS_TOKEN, &token ) == SEC_E_UNSUPPORTED_FUNCTION,
        "client access token\n" );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_DCE_INFO, &dce ) == SEC_E_OK, "DCE info\n" );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_LAST_CLIENT_TOKEN_STATUS, &last ) == SEC_E_OK,
        "last token\n" );
    ok( last.LastClientTokenStatus == SecPkgAttrLastClientTokenYes, "status %u\n", last.LastClientTokenStatus );
}

static void test_messages( struct side *client, struct side *server )
{
    static char header[] = "header";
    char data[] = "Hello, world!", copy[sizeof(data)], more[] = "second piece", more_copy[sizeof(more)];
    BYTE token[128], saved[128];
    SecBuffer bufs[4];
    SecBufferDesc msg = { SECBUFFER_VERSION, 4, bufs };
    ULONG qop, saved_len;
    int i;

    bufs[0].BufferType = SECBUFFER_DATA | SECBUFFER_READONLY_WITH_CHECKSUM;
    bufs[0].cbBuffer = sizeof(header);
    bufs[0].pvBuffer = header;
    bufs[1].BufferType = SECBUFFER_DATA;
    bufs[1].cbBuffer = sizeof(data);
    bufs[1].pvBuffer = data;
    bufs[2].BufferType = SECBUFFER_DATA;
    bufs[2].cbBuffer = sizeof(more);
    bufs[2].pvBuffer = more;
    bufs[3].BufferType = SECBUFFER_TOKEN;
    bufs[3].cbBuffer = sizeof(token);
    bufs[3].pvBuffer = token;
    memcpy( copy, data, sizeof(data) );
    memcpy( more_copy, more, sizeof(more) );

    for (i = 0; i < 2; i++)
    {
        struct side *from = i ? server : client, *to = i ? client : server;
        winetest_push_context( i ? "server to client" : "client to server" );
        bufs[3].cbBuffer = sizeof(token);
        ok( MakeSignature( &from->ctxt, 0, &msg, 0 ) == SEC_E_OK, "MakeSignature\n" );
        ok( bufs[3].cbBuffer == 28, "signature %lu\n", bufs[3].cbBuffer );
        ok( VerifySignature( &to->ctxt, &msg, 0, &qop ) == SEC_E_OK, "VerifySignature\n" );

        bufs[3].cbBuffer = sizeof(token);
        ok( EncryptMessage( &from->ctxt, 0, &msg, 0 ) == SEC_E_OK, "EncryptMessage\n" );
        ok( bufs[3].cbBuffer == 60, "token %lu\n", bufs[3].cbBuffer );
        ok( memcmp( data, copy, sizeof(data) ) && memcmp( more, more_copy, sizeof(more) ), "not encrypted\n" );
        ok( !strcmp( header, "header" ), "read-only buffer encrypted\n" );
        ok( DecryptMessage( &to->ctxt, &msg, 0, &qop ) == SEC_E_OK, "DecryptMessage\n" );
        ok( !qop, "qop %lx\n", qop );
        ok( !memcmp( data, copy, sizeof(data) ) && !memcmp( more, more_copy, sizeof(more) ), "not decrypted\n" );

        /* altered data, an altered read-only buffer, then a replay */
        bufs[3].cbBuffer = sizeof(token);
        ok( MakeSignature( &from->ctxt, 0, &msg, 0 ) == SEC_E_OK, "MakeSignature\n" );
        memcpy( saved, token, sizeof(token) );
        saved_len = bufs[3].cbBuffer;
        data[0] ^= 1;
        ok( VerifySignature( &to->ctxt, &msg, 0, &qop ) == SEC_E_MESSAGE_ALTERED, "altered message verified\n" );
        data[0] ^= 1;
        ok( VerifySignature( &to->ctxt, &msg, 0, &qop ) == SEC_E_OK, "message verified\n" );
        memcpy( token, saved, saved_len );
        ok( VerifySignature( &to->ctxt, &msg, 0, &qop ) == SEC_E_OUT_OF_SEQUENCE, "replay verified\n" );
        bufs[3].cbBuffer = sizeof(token);
        ok( EncryptMessage( &from->ctxt, 0, &msg, 0 ) == SEC_E_OK, "EncryptMessage\n" );
        header[0] = 'H';
        ok( DecryptMessage( &to->ctxt, &msg, 0, &qop ) == SEC_E_MESSAGE_ALTERED, "altered header decrypted\n" );
        header[0] = 'h';
        /* the receiver still waits for the altered message: the next shows the gap, the one after follows */
        memcpy( data, copy, sizeof(data) );
        memcpy( more, more_copy, sizeof(more) );
        bufs[3].cbBuffer = sizeof(token);
        ok( EncryptMessage( &from->ctxt, 0, &msg, 0 ) == SEC_E_OK, "EncryptMessage\n" );
        ok( DecryptMessage( &to->ctxt, &msg, 0, &qop ) == SEC_E_OUT_OF_SEQUENCE, "message after a gap\n" );
        ok( !memcmp( data, copy, sizeof(data) ), "not decrypted\n" );
        bufs[3].cbBuffer = sizeof(token);
        ok( EncryptMessage( &from->ctxt, 0, &msg, 0 ) == SEC_E_OK, "EncryptMessage\n" );
        ok( DecryptMessage( &to->ctxt, &msg, 0, &qop ) == SEC_E_OK, "message in sequence\n" );
        winetest_pop_context();
    }

    /* no token buffer, a short one, no data */
    bufs[3].BufferType = SECBUFFER_EMPTY;
    ok( MakeSignature( &client->ctxt, 0, &msg, 0 ) == SEC_E_INVALID_TOKEN, "no token buffer\n" );
    ok( EncryptMessage( &client->ctxt, 0, &msg, 0 ) == SEC_E_INVALID_TOKEN, "no token buffer\n" );
    bufs[3].BufferType = SECBUFFER_TOKEN;
    bufs[3].cbBuffer = 20;
    ok( MakeSignature( &client->ctxt, 0, &msg, 0 ) == SEC_E_BUFFER_TOO_SMALL, "short signature buffer\n" );
    bufs[3].cbBuffer = 40;
    ok( EncryptMessage( &client->ctxt, 0, &msg, 0 ) == SEC_E_BUFFER_TOO_SMALL, "short token buffer\n" );
    bufs[3].cbBuffer = sizeof(token);
    msg.cBuffers = 1;
    msg.pBuffers = &bufs[3];
    ok( EncryptMessage( &client->ctxt, 0, &msg, 0 ) == SEC_E_INVALID_TOKEN, "no data\n" );
    msg.cBuffers = 4;
    msg.pBuffers = bufs;
    /* data without memory, but for a stream's */
    {
        void *saved = bufs[1].pvBuffer;
        bufs[1].pvBuffer = NULL;
        ok( EncryptMessage( &client->ctxt, 0, &msg, 0 ) == SEC_E_INVALID_TOKEN, "data without memory\n" );
        ok( MakeSignature( &client->ctxt, 0, &msg, 0 ) == SEC_E_INVALID_TOKEN, "data without memory\n" );
        bufs[1].pvBuffer = saved;
    }
}

/* SECQOP_WRAP_NO_ENCRYPT: signed and readable; the receiver learns it from the QOP. */
static void test_integrity_only( struct side *client, struct side *server )
{
    char data[] = "in the clear", copy[sizeof(data)];
    BYTE token[128];
    SecBuffer bufs[2] = { { sizeof(data), SECBUFFER_DATA, data }, { sizeof(token), SECBUFFER_TOKEN, token } };
    SecBufferDesc msg = { SECBUFFER_VERSION, 2, bufs };
    SECURITY_STATUS status;
    ULONG qop = 0;

    memcpy( copy, data, sizeof(data) );
    ok( EncryptMessage( &client->ctxt, SECQOP_WRAP_NO_ENCRYPT, &msg, 0 ) == SEC_E_OK, "EncryptMessage\n" );
    ok( !memcmp( data, copy, sizeof(data) ), "encrypted\n" );
    ok( bufs[1].cbBuffer == 28, "token %lu\n", bufs[1].cbBuffer );
    status = DecryptMessage( &server->ctxt, &msg, 0, &qop );
    ok( status == SEC_E_OK, "DecryptMessage: %08lx\n", status );
    ok( qop == SECQOP_WRAP_NO_ENCRYPT, "qop %lx\n", qop );
    bufs[1].cbBuffer = sizeof(token);
    ok( EncryptMessage( &client->ctxt, SECQOP_WRAP_NO_ENCRYPT, &msg, 0 ) == SEC_E_OK, "EncryptMessage\n" );
    data[1] ^= 1;
    ok( DecryptMessage( &server->ctxt, &msg, 0, &qop ) == SEC_E_MESSAGE_ALTERED, "altered message accepted\n" );
    data[1] ^= 1;
    /* a PADDING buffer, as the SSPI/GSSAPI interoperability sample passes: AES needs none */
    {
        BYTE padding[16];
        SecBuffer padded[3] = { { sizeof(data), SECBUFFER_DATA, data }, { sizeof(token), SECBUFFER_TOKEN, token },
                                { sizeof(padding), SECBUFFER_PADDING, padding } };
        SecBufferDesc padded_msg = { SECBUFFER_VERSION, 3, padded };
        ok( EncryptMessage( &client->ctxt, 0, &padded_msg, 0 ) == SEC_E_OK, "EncryptMessage with padding\n" );
        ok( !padded[2].cbBuffer, "padding %lu\n", padded[2].cbBuffer );
        status = DecryptMessage( &server->ctxt, &padded_msg, 0, &qop );
        ok( status == SEC_E_OUT_OF_SEQUENCE, "DecryptMessage with padding: %08lx\n", status );  /* after the gap */
        ok( !memcmp( data, copy, sizeof(data) ), "not decrypted\n" );
    }

    /* an unknown QOP is ignored, as on Windows */
    bufs[1].cbBuffer = sizeof(token);
    ok( EncryptMessage( &client->ctxt, 0x1234, &msg, 0 ) == SEC_E_OK, "EncryptMessage\n" );
    ok( memcmp( data, copy, sizeof(data) ), "not encrypted\n" );
    status = DecryptMessage( &server->ctxt, &msg, 0, &qop );
    ok( status == SEC_E_OK && !qop, "DecryptMessage: %08lx %lx\n", status, qop );
    ok( !memcmp( data, copy, sizeof(data) ), "not decrypted\n" );
}

/* A token and its data in one buffer, as a peer sends them. */
static void test_stream( struct side *client, struct side *server )
{
    char data[] = "streamed message";
    BYTE stream[256], token[128];
    SecBuffer bufs[2] = { { sizeof(data), SECBUFFER_DATA, data }, { sizeof(token), SECBUFFER_TOKEN, token } };
    SecBufferDesc msg = { SECBUFFER_VERSION, 2, bufs };
    SecBuffer in[2];
    SecBufferDesc in_msg = { SECBUFFER_VERSION, 2, in };
    SECURITY_STATUS status;
    ULONG qop, len;

    ok( EncryptMessage( &server->ctxt, 0, &msg, 0 ) == SEC_E_OK, "EncryptMessage\n" );
    len = bufs[1].cbBuffer + bufs[0].cbBuffer;
    memcpy( stream, token, bufs[1].cbBuffer );
    memcpy( stream + bufs[1].cbBuffer, data, bufs[0].cbBuffer );
    in[0].BufferType = SECBUFFER_STREAM;
    in[0].cbBuffer = len;
    in[0].pvBuffer = stream;
    in[1].BufferType = SECBUFFER_DATA;
    in[1].cbBuffer = 0;
    in[1].pvBuffer = NULL;
    status = DecryptMessage( &client->ctxt, &in_msg, 0, &qop );
    ok( status == SEC_E_OK, "DecryptMessage: %08lx\n", status );
    ok( in[1].cbBuffer == sizeof(data) && in[1].pvBuffer &&
        !memcmp( in[1].pvBuffer, "streamed message", sizeof(data) ), "data %lu\n", in[1].cbBuffer );
    ok( (BYTE *)in[1].pvBuffer > stream && (BYTE *)in[1].pvBuffer < stream + len, "data not in the stream\n" );

    in[0].cbBuffer = 10;
    in[1].cbBuffer = 0;
    in[1].pvBuffer = NULL;
    ok( DecryptMessage( &client->ctxt, &in_msg, 0, &qop ) == SEC_E_INCOMPLETE_MESSAGE, "truncated stream\n" );
}

/* Messages out of order: Windows checks their sequence whatever the flags. */
static void test_sequence( struct side *client, struct side *server )
{
    char one[] = "first", two[] = "second";
    BYTE tok1[128], tok2[128];
    SecBuffer b1[2] = { { sizeof(one), SECBUFFER_DATA, one }, { sizeof(tok1), SECBUFFER_TOKEN, tok1 } };
    SecBuffer b2[2] = { { sizeof(two), SECBUFFER_DATA, two }, { sizeof(tok2), SECBUFFER_TOKEN, tok2 } };
    SecBufferDesc m1 = { SECBUFFER_VERSION, 2, b1 }, m2 = { SECBUFFER_VERSION, 2, b2 };
    ULONG qop;

    ok( EncryptMessage( &client->ctxt, 0, &m1, 0 ) == SEC_E_OK, "EncryptMessage\n" );
    ok( EncryptMessage( &client->ctxt, 0, &m2, 0 ) == SEC_E_OK, "EncryptMessage\n" );
    ok( DecryptMessage( &server->ctxt, &m2, 0, &qop ) == SEC_E_OUT_OF_SEQUENCE, "second first\n" );
    ok( !strcmp( two, "second" ), "not decrypted\n" );
    ok( DecryptMessage( &server->ctxt, &m1, 0, &qop ) == SEC_E_OUT_OF_SEQUENCE || broken( 1 ), "first late\n" );
}

static void test_tokens( struct side *client, struct side *server )
{
    char buf[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    PSecurityUserData user;
    HANDLE token;
    DWORD len;

    ok( ImpersonateSecurityContext( &server->ctxt ) == SEC_E_OK, "ImpersonateSecurityContext\n" );
    ok( OpenThreadToken( GetCurrentThread(), TOKEN_QUERY, TRUE, &token ), "OpenThreadToken: %lu\n", GetLastError() );
    ok( GetTokenInformation( token, TokenUser, buf, sizeof(buf), &len ), "TokenUser: %lu\n", GetLastError() );
    CloseHandle( token );
    /* the impersonating thread's logon session is the client's */
    ok( GetSecurityUserInfo( NULL, 0, &user ) == STATUS_SUCCESS, "GetSecurityUserInfo\n" );
    ok( !wcscmp( user->UserName.Buffer, L"testuser" ), "user %s\n", wine_dbgstr_w(user->UserName.Buffer) );
    LsaFreeReturnBuffer( user );
    ok( RevertSecurityContext( &server->ctxt ) == SEC_E_OK, "RevertSecurityContext\n" );
    ok( QuerySecurityContextToken( &server->ctxt, &token ) == SEC_E_OK, "QuerySecurityContextToken\n" );
    CloseHandle( token );
    ok( ImpersonateSecurityContext( &client->ctxt ) == SEC_E_NO_IMPERSONATION, "client impersonated\n" );
}

static void test_export( struct side *client, struct side *server )
{
    char data[] = "exported", copy[sizeof(data)];
    BYTE token[128];
    SecBuffer bufs[2] = { { sizeof(data), SECBUFFER_DATA, data }, { sizeof(token), SECBUFFER_TOKEN, token } };
    SecBufferDesc msg = { SECBUFFER_VERSION, 2, bufs };
    SecBuffer packed;
    CtxtHandle imported, imported_client;
    HANDLE handle = NULL;
    char name[512];
    ULONG qop;

    /* exporting a context keeps it usable */
    ok( ExportSecurityContext( &client->ctxt, 0, &packed, NULL ) == SEC_E_OK, "export client\n" );
    ok( ImportSecurityContextA( (char *)"Kerberos", &packed, NULL, &imported_client ) == SEC_E_OK,
        "import client\n" );
    FreeContextBuffer( packed.pvBuffer );
    memcpy( copy, data, sizeof(data) );
    ok( EncryptMessage( &client->ctxt, 0, &msg, 0 ) == SEC_E_OK, "exported context cannot encrypt\n" );
    ok( DecryptMessage( &server->ctxt, &msg, 0, &qop ) == SEC_E_OK, "DecryptMessage\n" );
    DeleteSecurityContext( &imported_client );

    ok( ExportSecurityContext( &server->ctxt, SECPKG_CONTEXT_EXPORT_DELETE_OLD, &packed, &handle ) == SEC_E_OK,
        "export\n" );
    server->has_ctxt = FALSE;
    packed.cbBuffer--;
    ok( ImportSecurityContextA( (char *)"Kerberos", &packed, handle, &imported ) == SEC_E_INVALID_TOKEN,
        "truncated import\n" );
    packed.cbBuffer++;
    ok( ImportSecurityContextA( (char *)"Kerberos", &packed, handle, &imported ) == SEC_E_OK, "import\n" );
    FreeContextBuffer( packed.pvBuffer );
    if (handle) CloseHandle( handle );

    bufs[1].cbBuffer = sizeof(token);
    ok( EncryptMessage( &client->ctxt, 0, &msg, 0 ) == SEC_E_OK, "EncryptMessage\n" );
    ok( DecryptMessage( &imported, &msg, 0, &qop ) == SEC_E_OK, "imported context cannot decrypt\n" );
    ok( !memcmp( data, copy, sizeof(data) ), "not decrypted\n" );
    sprintf( name, "%s\\%s", realm, test_user );
    check_name( &imported, SECPKG_ATTR_NAMES, name );
    server->ctxt = imported;
    server->has_ctxt = TRUE;
}

static void test_authentication(void)
{
    ULONG req = ISC_REQ_MUTUAL_AUTH | ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY | ISC_REQ_REPLAY_DETECT |
                ISC_REQ_SEQUENCE_DETECT | ISC_REQ_CONNECTION;
    struct side client, server;

    ok( acquire( &client, SECPKG_CRED_OUTBOUND, NULL ) == SEC_E_OK, "client credentials\n" );
    ok( acquire( &server, SECPKG_CRED_INBOUND, NULL ) == SEC_E_OK, "server credentials\n" );
    if (handshake( &client, &server, req, ASC_REQ_CONNECTION ) == SEC_E_OK)
    {
        check_attributes( &client, &server );
        test_messages( &client, &server );
        test_integrity_only( &client, &server );
        test_stream( &client, &server );
        test_sequence( &client, &server );
        test_tokens( &client, &server );
        test_export( &client, &server );
    }
    cleanup( &client );
    cleanup( &server );
}

/* Without ISC_REQ_CONFIDENTIALITY a context signs but does not encrypt. */
static void test_no_confidentiality(void)
{
    char data[] = "secret";
    BYTE token[128];
    SecBuffer bufs[2] = { { sizeof(data), SECBUFFER_DATA, data }, { sizeof(token), SECBUFFER_TOKEN, token } };
    SecBufferDesc msg = { SECBUFFER_VERSION, 2, bufs };
    struct side client, server;
    ULONG qop;

    acquire( &client, SECPKG_CRED_OUTBOUND, NULL );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    if (handshake( &client, &server, ISC_REQ_MUTUAL_AUTH, 0 ) == SEC_E_OK)
    {
        ok( !(server.attrs & ASC_RET_CONFIDENTIALITY), "server attrs %08lx\n", server.attrs );
        ok( EncryptMessage( &client.ctxt, 0, &msg, 0 ) == SEC_E_UNSUPPORTED_FUNCTION, "encrypted\n" );
        ok( MakeSignature( &client.ctxt, 0, &msg, 0 ) == SEC_E_OK, "MakeSignature\n" );
        ok( VerifySignature( &server.ctxt, &msg, 0, &qop ) == SEC_E_OK, "VerifySignature\n" );
        bufs[1].cbBuffer = sizeof(token);
        ok( EncryptMessage( &client.ctxt, SECQOP_WRAP_NO_ENCRYPT, &msg, 0 ) == SEC_E_OK, "integrity only\n" );
    }
    cleanup( &client );
    cleanup( &server );
}

static void test_wrong_password(void)
{
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( test_user, realm, "wrong" );
    struct side client, server;

    ok( acquire( &client, SECPKG_CRED_OUTBOUND, &id ) == SEC_E_OK, "acquire with a wrong password\n" );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    ok( handshake( &client, &server, 0, 0 ) == SEC_E_LOGON_DENIED, "wrong password: %08lx\n", client.status );
    cleanup( &client );
    cleanup( &server );

    id = make_id( "nosuchuser", realm, test_pass );
    ok( acquire( &client, SECPKG_CRED_OUTBOUND, &id ) == SEC_E_OK, "acquire an unknown user\n" );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    ok( handshake( &client, &server, 0, 0 ) == SEC_E_LOGON_DENIED, "unknown user: %08lx\n", client.status );
    cleanup( &client );
    cleanup( &server );

    id = make_id( test_user, "NO.SUCH.REALM", test_pass );
    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    side_step( &client, FALSE, target, 0, NULL, NULL, 0 );
    ok( client.status == SEC_E_NO_AUTHENTICATING_AUTHORITY, "unknown realm: %08lx\n", client.status );
    cleanup( &client );
}

/* An explicit identity's TGT and tickets stay out of the user's ticket cache. */
static void test_explicit_identity(void)
{
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( test_user, realm, test_pass );
    struct side client, server;
    char name[512];

    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    ok( handshake( &client, &server, ISC_REQ_MUTUAL_AUTH, 0 ) == SEC_E_OK, "handshake\n" );
    sprintf( name, "%s\\%s", realm, test_user );
    check_name( &server.ctxt, SECPKG_ATTR_NAMES, name );
    cleanup( &client );
    cleanup( &server );
}

/* A service whose keys come from its password, not a keytab. */
static void test_service_password(void)
{
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( password_target, realm, service_pass );
    struct side client, server;
    SECURITY_STATUS status;
    char upn[512], lower[256];

    lstrcpyA( lower, realm );
    CharLowerA( lower );
    acquire( &client, SECPKG_CRED_OUTBOUND, NULL );
    ok( acquire( &server, SECPKG_CRED_INBOUND, &id ) == SEC_E_OK, "service credentials\n" );
    status = handshake_to( &client, &server, password_target, ISC_REQ_MUTUAL_AUTH, 0, NULL, 0, NULL, 0 );
    ok( status == SEC_E_OK, "handshake with a password's keys: %08lx\n", status );
    cleanup( &server );
    drop_context( &client );

    id = make_id( password_target, realm, "wrong" );
    acquire( &server, SECPKG_CRED_INBOUND, &id );
    status = handshake_to( &client, &server, password_target, 0, 0, NULL, 0, NULL, 0 );
    ok( status == SEC_E_LOGON_DENIED, "wrong service password: %08lx\n", status );
    cleanup( &server );
    drop_context( &client );

    /* a service running as a user, named by its UPN */
    sprintf( upn, "%s@%s", test_user, lower );
    id = make_id( test_user, realm, test_pass );
    acquire( &server, SECPKG_CRED_INBOUND, &id );
    status = handshake_to( &client, &server, upn, ISC_REQ_MUTUAL_AUTH, 0, NULL, 0, NULL, 0 );
    ok( status == SEC_E_OK, "a user's service by its UPN: %08lx\n", status );
    cleanup( &client );
    cleanup( &server );
}

static SEC_CHANNEL_BINDINGS *make_bindings( const char *data, ULONG *len )
{
    SEC_CHANNEL_BINDINGS *b;

    *len = sizeof(*b) + strlen( data );
    b = calloc( 1, *len );
    b->dwApplicationDataOffset = sizeof(*b);
    b->cbApplicationDataLength = strlen( data );
    memcpy( b + 1, data, strlen( data ) );
    return b;
}

static void test_channel_bindings(void)
{
    ULONG len1, len2;
    SEC_CHANNEL_BINDINGS *b1 = make_bindings( "tls-server-end-point:abcdef", &len1 );
    SEC_CHANNEL_BINDINGS *b2 = make_bindings( "tls-server-end-point:ABCDEF", &len2 );
    struct side client, server;

    acquire( &client, SECPKG_CRED_OUTBOUND, NULL );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    ok( handshake_to( &client, &server, target, ISC_REQ_MUTUAL_AUTH, 0, b1, len1, b1, len1 ) == SEC_E_OK,
        "same bindings\n" );
    drop_context( &client );
    drop_context( &server );
    ok( handshake_to( &client, &server, target, ISC_REQ_MUTUAL_AUTH, 0, b1, len1, b2, len2 ) == SEC_E_BAD_BINDINGS,
        "other bindings: %08lx\n", server.status );
    drop_context( &client );
    drop_context( &server );
    ok( handshake_to( &client, &server, target, ISC_REQ_MUTUAL_AUTH, 0, NULL, 0, b1, len1 ) == SEC_E_OK,
        "client without bindings\n" );
    drop_context( &client );
    drop_context( &server );
    b1->cbApplicationDataLength = 1000;
    side_step( &client, FALSE, target, 0, NULL, b1, len1 );
    ok( client.status == SEC_E_BAD_BINDINGS, "malformed bindings: %08lx\n", client.status );
    cleanup( &client );
    cleanup( &server );
    free( b1 );
    free( b2 );
}

/* A replayed AP-REQ, garbage and tokens of other mechanisms. */
static void test_hostile_input(void)
{
    static const BYTE spnego[] = { 0x60, 0x0c, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02, 0xa0, 0x02, 0x30, 0x00 };
    struct side client, server, replay;
    BYTE saved[KRB_MAX_TOKEN];
    ULONG saved_len, i;

    acquire( &client, SECPKG_CRED_OUTBOUND, NULL );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    side_step( &client, FALSE, target, 0, NULL, NULL, 0 );
    memcpy( saved, client.token, client.token_len );
    saved_len = client.token_len;
    side_step( &server, TRUE, NULL, 0, &client, NULL, 0 );
    ok( server.status == SEC_E_OK, "first accept: %08lx\n", server.status );
    drop_context( &server );
    side_step( &server, TRUE, NULL, 0, &client, NULL, 0 );
    ok( server.status == SEC_E_LOGON_DENIED, "replayed AP-REQ: %08lx\n", server.status );
    ok( !server.has_ctxt, "context of a replay\n" );

    /* with extended errors, the server answers with a KRB-ERROR for the client */
    side_step( &server, TRUE, NULL, ASC_REQ_EXTENDED_ERROR, &client, NULL, 0 );
    ok( server.status == SEC_E_LOGON_DENIED, "replayed AP-REQ: %08lx\n", server.status );
    drop_context( &client );

    side_step( &client, FALSE, target, ISC_REQ_MUTUAL_AUTH, NULL, NULL, 0 );
    memcpy( &replay, &client, sizeof(client) );
    side_step( &server, TRUE, NULL, ASC_REQ_EXTENDED_ERROR, &client, NULL, 0 );
    ok( server.status == SEC_E_OK, "accept: %08lx\n", server.status );
    drop_context( &server );
    side_step( &server, TRUE, NULL, ASC_REQ_EXTENDED_ERROR, &replay, NULL, 0 );
    ok( server.status == SEC_E_LOGON_DENIED, "replayed AP-REQ: %08lx\n", server.status );
    ok( server.token_len > 0, "no KRB-ERROR\n" );
    if (server.token_len)
    {
        side_step( &client, FALSE, target, ISC_REQ_MUTUAL_AUTH, &server, NULL, 0 );
        ok( client.status == SEC_E_LOGON_DENIED, "client given the KRB-ERROR: %08lx\n", client.status );
    }
    client.has_ctxt = TRUE;
    drop_context( &client );

    /* truncated and altered tokens */
    for (i = 0; i < 4; i++)
    {
        struct side bad = client;
        winetest_push_context( "case %lu", i );
        memcpy( bad.token, saved, saved_len );
        bad.token_len = i == 0 ? saved_len / 2 : i == 1 ? 1 : saved_len;
        if (i == 2) bad.token[saved_len - 20] ^= 0x55;
        if (i == 3) bad.token[20] ^= 0xff;
        side_step( &server, TRUE, NULL, 0, &bad, NULL, 0 );
        ok( server.status == SEC_E_INVALID_TOKEN || server.status == SEC_E_LOGON_DENIED, "status %08lx\n",
            server.status );
        ok( !server.has_ctxt, "context of a bad token\n" );
        winetest_pop_context();
    }
    memcpy( replay.token, spnego, sizeof(spnego) );
    replay.token_len = sizeof(spnego);
    side_step( &server, TRUE, NULL, 0, &replay, NULL, 0 );
    ok( server.status == SEC_E_INSUFFICIENT_MEMORY, "SPNEGO token: %08lx\n", server.status );
    replay.token_len = 0;
    side_step( &server, TRUE, NULL, 0, &replay, NULL, 0 );
    ok( server.status == SEC_E_INVALID_TOKEN, "no token: %08lx\n", server.status );
    cleanup( &client );
    cleanup( &server );
}

/* The client's TGT, forwarded to the server: the server, impersonating the
 * client, authenticates as the client to a second service. */
/* A client of another user than the process's delegates to the server: a
 * thread impersonating it has its tickets, and only when it delegated. */
static void test_delegation(void)
{
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( other_user, realm, other_pass );
    ULONG req = ISC_REQ_MUTUAL_AUTH | ISC_REQ_DELEGATE;
    struct side client, server, hop, second;
    char principal[512];
    SECURITY_STATUS status;

    sprintf( principal, "%s@%s", other_user, realm );
    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    ok( handshake( &client, &server, req, 0 ) == SEC_E_OK, "handshake\n" );
    ok( client.attrs & ISC_RET_DELEGATE, "client attrs %08lx\n", client.attrs );
    ok( server.attrs & ASC_RET_DELEGATE, "server attrs %08lx\n", server.attrs );

    ok( ImpersonateSecurityContext( &server.ctxt ) == SEC_E_OK, "ImpersonateSecurityContext\n" );
    ok( acquire( &hop, SECPKG_CRED_OUTBOUND, NULL ) == SEC_E_OK, "delegated credentials\n" );
    RevertSecurityContext( &server.ctxt );
    check_cred_name( &hop, principal );
    acquire( &second, SECPKG_CRED_INBOUND, NULL );
    ok( handshake_to( &hop, &second, target2, ISC_REQ_MUTUAL_AUTH, 0, NULL, 0, NULL, 0 ) == SEC_E_OK,
        "second hop: %08lx %08lx\n", hop.status, second.status );
    if (!second.status)
    {
        SecPkgContext_NativeNamesA native;
        QueryContextAttributesA( &second.ctxt, SECPKG_ATTR_NATIVE_NAMES, &native );
        ok( !strcmp( native.sClientName, principal ), "second hop's client %s\n", native.sClientName );
        FreeContextBuffer( native.sClientName );
        FreeContextBuffer( native.sServerName );
    }
    cleanup( &hop );
    cleanup( &second );
    cleanup( &client );
    cleanup( &server );

    /* without delegation the client's logon session has no tickets, nor the process's */
    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    ok( handshake( &client, &server, ISC_REQ_MUTUAL_AUTH, 0 ) == SEC_E_OK, "handshake\n" );
    ok( !(server.attrs & ASC_RET_DELEGATE), "server attrs %08lx\n", server.attrs );
    ok( ImpersonateSecurityContext( &server.ctxt ) == SEC_E_OK, "ImpersonateSecurityContext\n" );
    status = acquire( &hop, SECPKG_CRED_OUTBOUND, NULL );
    RevertSecurityContext( &server.ctxt );
    ok( status == SEC_E_NO_CREDENTIALS, "credentials without delegation: %08lx\n", status );
    if (!status) FreeCredentialsHandle( &hop.cred );
    cleanup( &client );
    cleanup( &server );
}

static HANDLE lsa_connect( ULONG *package )
{
    LSA_STRING name = { 8, 9, (char *)"Kerberos" };
    HANDLE lsa;

    ok( LsaConnectUntrusted( &lsa ) == STATUS_SUCCESS, "LsaConnectUntrusted\n" );
    ok( LsaLookupAuthenticationPackage( lsa, &name, package ) == STATUS_SUCCESS, "LsaLookupAuthenticationPackage\n" );
    return lsa;
}

/* Whether the user's cache has a ticket for SERVER (no realm), through KerbQueryTicketCacheExMessage. */
static BOOL cached( HANDLE lsa, ULONG package, const LUID *logon, const WCHAR *server )
{
    KERB_QUERY_TKT_CACHE_REQUEST req = { KerbQueryTicketCacheExMessage };
    KERB_QUERY_TKT_CACHE_EX_RESPONSE *resp;
    ULONG len, i;
    NTSTATUS status, protocol;
    BOOL found = FALSE;

    if (logon) req.LogonId = *logon;
    status = LsaCallAuthenticationPackage( lsa, package, &req, sizeof(req), (void **)&resp, &len, &protocol );
    ok( !status && !protocol, "query: %08lx %08lx\n", status, protocol );
    if (status || protocol) return FALSE;
    for (i = 0; i < resp->CountOfTickets; i++)
        if (!wcsncmp( resp->Tickets[i].ServerName.Buffer, server, resp->Tickets[i].ServerName.Length / 2 ) &&
            resp->Tickets[i].ServerName.Length == wcslen( server ) * 2)
            found = TRUE;
    LsaFreeReturnBuffer( resp );
    return found;
}

static BOOL contains( const BYTE *buf, ULONG len, const BYTE *what, ULONG what_len )
{
    ULONG i;

    for (i = 0; what_len && i + what_len <= len; i++) if (!memcmp( buf + i, what, what_len )) return TRUE;
    return FALSE;
}

static KERB_RETRIEVE_TKT_RESPONSE *retrieve_as( HANDLE lsa, ULONG package, KERB_RETRIEVE_TKT_REQUEST *req,
                                                 ULONG size, ULONG options )
{
    KERB_RETRIEVE_TKT_RESPONSE *ticket;
    NTSTATUS status, protocol;
    ULONG len;

    req->CacheOptions = options;
    status = LsaCallAuthenticationPackage( lsa, package, req, size, (void **)&ticket, &len, &protocol );
    ok( !status && !protocol, "retrieve %#lx: %08lx %08lx\n", options, status, protocol );
    return status || protocol ? NULL : ticket;
}

/* AllowTgtSessionKey shows a TGT's session key; without it the key is in no
 * form of the ticket, the KRB-CRED's neither. REQ names the TGT. */
static void test_tgt_key_policy( HANDLE lsa, ULONG package, KERB_RETRIEVE_TKT_REQUEST *req, ULONG size )
{
    static const WCHAR key_path[] = L"System\\CurrentControlSet\\Control\\Lsa\\Kerberos\\Parameters";
    KERB_RETRIEVE_TKT_RESPONSE *ticket;
    DWORD one = 1;
    BYTE key[64];
    ULONG key_len = 0, i;
    HKEY hkey;

    if (RegCreateKeyExW( HKEY_LOCAL_MACHINE, key_path, 0, NULL, 0, KEY_SET_VALUE, NULL, &hkey, NULL ))
    {
        skip( "no access to the Kerberos parameters\n" );
        return;
    }
    RegSetValueExW( hkey, L"AllowTgtSessionKey", 0, REG_DWORD, (BYTE *)&one, sizeof(one) );
    if ((ticket = retrieve_as( lsa, package, req, size, KERB_RETRIEVE_TICKET_USE_CACHE_ONLY )))
    {
        key_len = min( ticket->Ticket.SessionKey.Length, sizeof(key) );
        memcpy( key, ticket->Ticket.SessionKey.Value, key_len );
        LsaFreeReturnBuffer( ticket );
    }
    for (i = 0; i < key_len && !key[i]; i++);
    ok( i < key_len, "the policy shows no key\n" );
    if ((ticket = retrieve_as( lsa, package, req, size, KERB_RETRIEVE_TICKET_AS_KERB_CRED )))
    {
        ok( contains( ticket->Ticket.EncodedTicket, ticket->Ticket.EncodedTicketSize, key, key_len ),
            "the KRB-CRED has no key\n" );
        LsaFreeReturnBuffer( ticket );
    }
    RegDeleteValueW( hkey, L"AllowTgtSessionKey" );
    RegCloseKey( hkey );
    if ((ticket = retrieve_as( lsa, package, req, size, KERB_RETRIEVE_TICKET_AS_KERB_CRED )))
    {
        ok( ticket->Ticket.EncodedTicket[0] == 0x76, "not a KRB-CRED\n" );
        ok( key_len && !contains( ticket->Ticket.EncodedTicket, ticket->Ticket.EncodedTicketSize, key, key_len ),
            "the TGT's key in its KRB-CRED\n" );
        ok( !contains( (BYTE *)ticket->Ticket.SessionKey.Value, ticket->Ticket.SessionKey.Length, key, key_len ),
            "the TGT's key shown\n" );
        LsaFreeReturnBuffer( ticket );
    }
}

static void test_ticket_cache(void)
{
    static const KERB_PROTOCOL_MESSAGE_TYPE queries[] = { KerbQueryTicketCacheMessage, KerbQueryTicketCacheExMessage,
                                                         KerbQueryTicketCacheEx2Message, KerbQueryTicketCacheEx3Message };
    KERB_QUERY_TKT_CACHE_REQUEST query = { 0 };
    KERB_QUERY_TKT_CACHE_EX3_RESPONSE *resp;
    KERB_RETRIEVE_TKT_RESPONSE *ticket;
    struct { KERB_RETRIEVE_TKT_REQUEST req; WCHAR name[64]; } retrieve;
    struct { KERB_PURGE_TKT_CACHE_REQUEST req; WCHAR name[64]; } purge;
    struct { KERB_PURGE_TKT_CACHE_EX_REQUEST req; WCHAR name[64]; WCHAR realm[256]; } purge_ex;
    WCHAR realmW[256], tgt[300];
    NTSTATUS status, protocol;
    struct side client, server;
    HANDLE lsa;
    ULONG package, len, i;

    /* get a ticket for HTTP/localhost into the cache */
    acquire( &client, SECPKG_CRED_OUTBOUND, NULL );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    handshake_to( &client, &server, target2, 0, 0, NULL, 0, NULL, 0 );
    cleanup( &client );
    cleanup( &server );

    MultiByteToWideChar( CP_ACP, 0, realm, -1, realmW, ARRAY_SIZE(realmW) );
    swprintf( tgt, ARRAY_SIZE(tgt), L"krbtgt/%s", realmW );
    lsa = lsa_connect( &package );
    for (i = 0; i < ARRAY_SIZE(queries); i++)
    {
        winetest_push_context( "message %u", queries[i] );
        query.MessageType = queries[i];
        resp = NULL;
        status = LsaCallAuthenticationPackage( lsa, package, &query, sizeof(query), (void **)&resp, &len, &protocol );
        ok( !status && !protocol, "query: %08lx %08lx\n", status, protocol );
        ok( resp && resp->CountOfTickets >= 2, "tickets %lu\n", resp ? resp->CountOfTickets : 0 );
        if (resp && queries[i] != KerbQueryTicketCacheMessage)
        {
            ok( !wcsncmp( resp->Tickets[0].ClientName.Buffer, L"testuser", 8 ), "client %s\n",
                wine_dbgstr_wn( resp->Tickets[0].ClientName.Buffer, resp->Tickets[0].ClientName.Length / 2 ) );
            ok( !wcscmp( resp->Tickets[0].ClientRealm.Buffer, realmW ), "realm %s\n",
                wine_dbgstr_w( resp->Tickets[0].ClientRealm.Buffer ) );
            ok( resp->Tickets[0].EncryptionType == 18, "enctype %ld\n", resp->Tickets[0].EncryptionType );
            ok( resp->Tickets[0].TicketFlags & KERB_TICKET_FLAGS_forwardable, "flags %08lx\n",
                resp->Tickets[0].TicketFlags );
        }
        if (resp) LsaFreeReturnBuffer( resp );
        winetest_pop_context();
    }
    ok( cached( lsa, package, NULL, tgt ), "no TGT\n" );
    ok( cached( lsa, package, NULL, L"HTTP/localhost" ), "no ticket for HTTP/localhost\n" );

    /* the TGT, its key hidden */
    query.MessageType = KerbRetrieveTicketMessage;
    status = LsaCallAuthenticationPackage( lsa, package, &query, sizeof(query), (void **)&ticket, &len, &protocol );
    ok( !status && !protocol, "retrieve TGT: %08lx %08lx\n", status, protocol );
    if (!status && !protocol)
    {
        BYTE zero[32] = { 0 };
        ok( ticket->Ticket.EncodedTicketSize > 100 && ticket->Ticket.EncodedTicket[0] == 0x61, "ticket %lu\n",
            ticket->Ticket.EncodedTicketSize );
        ok( ticket->Ticket.ServiceName->NameCount == 2, "names %u\n", ticket->Ticket.ServiceName->NameCount );
        ok( !wcscmp( ticket->Ticket.ServiceName->Names[0].Buffer, L"krbtgt" ), "service %s\n",
            wine_dbgstr_w(ticket->Ticket.ServiceName->Names[0].Buffer) );
        ok( ticket->Ticket.SessionKey.Length == 32 && !memcmp( ticket->Ticket.SessionKey.Value, zero, 32 ),
            "TGT key shown\n" );
        LsaFreeReturnBuffer( ticket );
    }

    /* an encoded service ticket, from the cache and as a KRB-CRED */
    memset( &retrieve, 0, sizeof(retrieve) );
    retrieve.req.MessageType = KerbRetrieveEncodedTicketMessage;
    lstrcpyW( retrieve.name, L"HTTP/localhost" );
    retrieve.req.TargetName.Buffer = retrieve.name;
    retrieve.req.TargetName.Length = wcslen( retrieve.name ) * sizeof(WCHAR);
    retrieve.req.TargetName.MaximumLength = sizeof(retrieve.name);
    retrieve.req.CacheOptions = KERB_RETRIEVE_TICKET_USE_CACHE_ONLY;
    status = LsaCallAuthenticationPackage( lsa, package, &retrieve, sizeof(retrieve), (void **)&ticket, &len,
                                           &protocol );
    ok( !status && !protocol, "retrieve: %08lx %08lx\n", status, protocol );
    if (!status && !protocol)
    {
        ok( ticket->Ticket.EncodedTicket[0] == 0x61, "not a Ticket\n" );
        ok( ticket->Ticket.SessionKey.Length == 32, "key length %lu\n", ticket->Ticket.SessionKey.Length );
        ok( !wcscmp( ticket->Ticket.DomainName.Buffer, realmW ), "domain %s\n",
            wine_dbgstr_w(ticket->Ticket.DomainName.Buffer) );
        ok( !wcscmp( ticket->Ticket.ClientName->Names[0].Buffer, L"testuser" ), "client %s\n",
            wine_dbgstr_w(ticket->Ticket.ClientName->Names[0].Buffer) );
        LsaFreeReturnBuffer( ticket );
    }
    retrieve.req.CacheOptions = KERB_RETRIEVE_TICKET_AS_KERB_CRED;
    status = LsaCallAuthenticationPackage( lsa, package, &retrieve, sizeof(retrieve), (void **)&ticket, &len,
                                           &protocol );
    ok( !status && !protocol, "retrieve KRB-CRED: %08lx %08lx\n", status, protocol );
    if (!status && !protocol)
    {
        ok( ticket->Ticket.EncodedTicket[0] == 0x76, "not a KRB-CRED: %02x\n", ticket->Ticket.EncodedTicket[0] );
        LsaFreeReturnBuffer( ticket );
    }
    retrieve.req.CacheOptions = KERB_RETRIEVE_TICKET_DONT_USE_CACHE;
    status = LsaCallAuthenticationPackage( lsa, package, &retrieve, sizeof(retrieve), (void **)&ticket, &len,
                                           &protocol );
    ok( !status && !protocol, "retrieve fresh: %08lx %08lx\n", status, protocol );
    if (!status && !protocol) LsaFreeReturnBuffer( ticket );

    /* the TGT by its name: its key hidden all the same */
    lstrcpyW( retrieve.name, tgt );
    retrieve.req.TargetName.Length = wcslen( retrieve.name ) * sizeof(WCHAR);
    retrieve.req.CacheOptions = KERB_RETRIEVE_TICKET_USE_CACHE_ONLY;
    status = LsaCallAuthenticationPackage( lsa, package, &retrieve, sizeof(retrieve), (void **)&ticket, &len,
                                           &protocol );
    ok( !status && !protocol, "retrieve TGT by name: %08lx %08lx\n", status, protocol );
    if (!status && !protocol)
    {
        BYTE zero[32] = { 0 };
        ok( ticket->Ticket.SessionKey.Length && ticket->Ticket.SessionKey.Length <= sizeof(zero) &&
            !memcmp( ticket->Ticket.SessionKey.Value, zero, ticket->Ticket.SessionKey.Length ), "TGT key shown\n" );
        LsaFreeReturnBuffer( ticket );
    }
    test_tgt_key_policy( lsa, package, &retrieve.req, sizeof(retrieve) );
    lstrcpyW( retrieve.name, L"HTTP/localhost" );
    retrieve.req.TargetName.Length = wcslen( retrieve.name ) * sizeof(WCHAR);

    /* purge the service ticket: gone, and a second purge finds none */
    memset( &purge, 0, sizeof(purge) );
    purge.req.MessageType = KerbPurgeTicketCacheMessage;
    lstrcpyW( purge.name, L"HTTP/localhost" );
    purge.req.ServerName.Buffer = purge.name;
    purge.req.ServerName.Length = wcslen( purge.name ) * sizeof(WCHAR);
    purge.req.ServerName.MaximumLength = sizeof(purge.name);
    purge.req.RealmName.Buffer = realmW;
    purge.req.RealmName.Length = wcslen( realmW ) * sizeof(WCHAR);
    purge.req.RealmName.MaximumLength = purge.req.RealmName.Length;
    status = LsaCallAuthenticationPackage( lsa, package, &purge.req, sizeof(purge), NULL, NULL, &protocol );
    ok( status == STATUS_INVALID_PARAMETER, "realm outside the buffer: %08lx\n", status );
    purge.req.RealmName.Length = purge.req.RealmName.MaximumLength = 0;
    status = LsaCallAuthenticationPackage( lsa, package, &purge.req, sizeof(purge), NULL, NULL, &protocol );
    ok( !status && !protocol, "purge: %08lx %08lx\n", status, protocol );
    ok( !cached( lsa, package, NULL, L"HTTP/localhost" ), "ticket still cached\n" );
    ok( cached( lsa, package, NULL, tgt ), "TGT purged\n" );
    status = LsaCallAuthenticationPackage( lsa, package, &purge.req, sizeof(purge), NULL, NULL, &protocol );
    ok( !status && protocol == SEC_E_NO_CREDENTIALS, "second purge: %08lx %08lx\n", status, protocol );

    retrieve.req.CacheOptions = KERB_RETRIEVE_TICKET_USE_CACHE_ONLY;
    status = LsaCallAuthenticationPackage( lsa, package, &retrieve, sizeof(retrieve), (void **)&ticket, &len,
                                           &protocol );
    ok( !status && protocol == STATUS_OBJECT_NAME_NOT_FOUND, "retrieve uncached: %08lx %08lx\n", status, protocol );

    /* the Ex form, by a template naming the server and its realm */
    retrieve.req.CacheOptions = 0;
    status = LsaCallAuthenticationPackage( lsa, package, &retrieve, sizeof(retrieve), (void **)&ticket, &len,
                                           &protocol );
    if (!status && !protocol) LsaFreeReturnBuffer( ticket );
    ok( cached( lsa, package, NULL, L"HTTP/localhost" ), "ticket not cached\n" );
    memset( &purge_ex, 0, sizeof(purge_ex) );
    purge_ex.req.MessageType = KerbPurgeTicketCacheExMessage;
    lstrcpyW( purge_ex.name, L"HTTP/localhost" );
    lstrcpyW( purge_ex.realm, realmW );
    purge_ex.req.TicketTemplate.ServerName.Buffer = purge_ex.name;
    purge_ex.req.TicketTemplate.ServerName.Length = wcslen( purge_ex.name ) * sizeof(WCHAR);
    purge_ex.req.TicketTemplate.ServerName.MaximumLength = sizeof(purge_ex.name);
    purge_ex.req.TicketTemplate.ServerRealm.Buffer = purge_ex.realm;
    purge_ex.req.TicketTemplate.ServerRealm.Length = wcslen( purge_ex.realm ) * sizeof(WCHAR);
    purge_ex.req.TicketTemplate.ServerRealm.MaximumLength = sizeof(purge_ex.realm);
    status = LsaCallAuthenticationPackage( lsa, package, &purge_ex.req, sizeof(purge_ex), NULL, NULL, &protocol );
    ok( !status && !protocol, "purge Ex: %08lx %08lx\n", status, protocol );
    ok( !cached( lsa, package, NULL, L"HTTP/localhost" ), "ticket still cached\n" );
    retrieve.req.CacheOptions = 0;
    status = LsaCallAuthenticationPackage( lsa, package, &retrieve, sizeof(retrieve), (void **)&ticket, &len,
                                           &protocol );
    ok( !status && !protocol, "retrieve from the KDC: %08lx %08lx\n", status, protocol );
    if (!status && !protocol) LsaFreeReturnBuffer( ticket );
    ok( cached( lsa, package, NULL, L"HTTP/localhost" ), "ticket not cached\n" );

    query.MessageType = 0x7fff;
    status = LsaCallAuthenticationPackage( lsa, package, &query, sizeof(query), (void **)&resp, &len, &protocol );
    ok( !status && protocol == STATUS_NOT_SUPPORTED, "unknown message: %08lx %08lx\n", status, protocol );
    LsaDeregisterLogonProcess( lsa );
}

static BOOL set_privilege( const WCHAR *name, BOOL enable )
{
    TOKEN_PRIVILEGES privs = { 1 };
    HANDLE token;
    BOOL ret;

    if (!OpenProcessToken( GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES, &token )) return FALSE;
    ret = LookupPrivilegeValueW( NULL, name, &privs.Privileges[0].Luid );
    privs.Privileges[0].Attributes = enable ? SE_PRIVILEGE_ENABLED : 0;
    ret = ret && AdjustTokenPrivileges( token, FALSE, &privs, 0, NULL, NULL ) && GetLastError() == ERROR_SUCCESS;
    CloseHandle( token );
    return ret;
}

static BOOL session_exists( const LUID *logon )
{
    SECURITY_LOGON_SESSION_DATA *data;

    if (LsaGetLogonSessionData( (LUID *)logon, &data )) return FALSE;
    LsaFreeReturnBuffer( data );
    return TRUE;
}

/* LsaLogonUser of USER with PASSWORD in a KERB_INTERACTIVE_LOGON (or TYPE's
 * message); *PROFILE_TYPE the profile's, which is freed. */
static NTSTATUS log_on( HANDLE lsa, ULONG package, ULONG type, const WCHAR *user, const WCHAR *password, LUID *logon,
                        HANDLE *token, NTSTATUS *substatus, KERB_PROFILE_BUFFER_TYPE *profile_type )
{
    struct { KERB_INTERACTIVE_LOGON logon; WCHAR strings[128]; } auth;
    LSA_STRING origin = { 4, 5, (char *)"test" };
    TOKEN_SOURCE source = { "test", { 0, 0 } };
    const WCHAR *values[3] = { user, L"", password };
    UNICODE_STRING *fields[3] = { &auth.logon.UserName, &auth.logon.LogonDomainName, &auth.logon.Password };
    KERB_INTERACTIVE_PROFILE *profile;
    QUOTA_LIMITS quotas;
    WCHAR *pos = auth.strings;
    NTSTATUS status;
    ULONG len, i;

    memset( &auth, 0, sizeof(auth) );
    auth.logon.MessageType = type;
    for (i = 0; i < 3; i++)
    {
        lstrcpyW( pos, values[i] );
        fields[i]->Buffer = pos;
        fields[i]->Length = wcslen( values[i] ) * sizeof(WCHAR);
        fields[i]->MaximumLength = fields[i]->Length + sizeof(WCHAR);
        pos += wcslen( values[i] ) + 1;
    }
    status = LsaLogonUser( lsa, &origin, type == KerbInteractiveLogon ? Interactive : Network, package, &auth,
                           sizeof(auth), NULL, &source, (void **)&profile, &len, logon, token, &quotas, substatus );
    if (status) return status;
    if (profile_type) *profile_type = profile->MessageType;
    LsaFreeReturnBuffer( profile );
    return status;
}

/* Logons that come and go, their tokens closed at once: the LSA looks at a few sessions at each. */
static void log_on_and_off( HANDLE lsa, ULONG package, ULONG count, const LUID *until_gone )
{
    NTSTATUS substatus;
    HANDLE token;
    LUID logon;
    ULONG i;

    for (i = 0; i < count && (!until_gone || session_exists( until_gone )); i++)
    {
        if (until_gone) Sleep( 10 );
        if (log_on( lsa, package, KerbInteractiveLogon, L"testuser", L"testpass", &logon, &token, &substatus, NULL ))
            continue;
        CloseHandle( token );
    }
}

/* Another session's tickets by its LogonId take SeTcbPrivilege. */
static void test_logon_id( HANDLE lsa, ULONG package )
{
    char principal[512];
    struct side client;
    NTSTATUS status, substatus;
    HANDLE token;
    LUID logon;

    status = log_on( lsa, package, KerbInteractiveLogon, L"otheruser", L"otherpass", &logon, &token, &substatus,
                     NULL );
    ok( status == STATUS_SUCCESS, "other logon: %08lx %08lx\n", status, substatus );
    if (status) return;
    memset( &client, 0, sizeof(client) );
    status = AcquireCredentialsHandleA( NULL, (char *)"Kerberos", SECPKG_CRED_OUTBOUND, &logon, NULL, NULL, NULL,
                                        &client.cred, NULL );
    ok( status == SEC_E_NOT_OWNER, "another session's credentials: %08lx\n", status );
    if (!status) FreeCredentialsHandle( &client.cred );
    if (set_privilege( L"SeTcbPrivilege", TRUE ))
    {
        status = AcquireCredentialsHandleA( NULL, (char *)"Kerberos", SECPKG_CRED_OUTBOUND, &logon, NULL, NULL, NULL,
                                            &client.cred, NULL );
        set_privilege( L"SeTcbPrivilege", FALSE );
        ok( status == SEC_E_OK, "another session's credentials with SeTcbPrivilege: %08lx\n", status );
        sprintf( principal, "%s@%s", other_user, realm );
        if (!status) check_cred_name( &client, principal );
        if (!status) FreeCredentialsHandle( &client.cred );
    }
    else skip( "SeTcbPrivilege is not the process's\n" );
    CloseHandle( token );
}

/* LsaLogonUser validates the password with the KDC; the logon's TGT serves
 * the threads impersonating its token, and the session ends with the last
 * reference to it. */
static void test_logon(void)
{
    KERB_QUERY_TKT_CACHE_REQUEST query = { KerbQueryTicketCacheExMessage };
    KERB_PROFILE_BUFFER_TYPE profile_type = 0;
    NTSTATUS status, substatus, protocol;
    WCHAR tgt[300], realmW[256];
    struct side client, server;
    char principal[512];
    ULONG package, len, rounds;
    HANDLE lsa, token;
    void *resp;
    LUID logon;

    lsa = lsa_connect( &package );
    status = log_on( lsa, package, KerbInteractiveLogon, L"testuser", L"wrong", &logon, &token, &substatus, NULL );
    ok( status == STATUS_LOGON_FAILURE, "wrong password: %08lx\n", status );
    ok( substatus == STATUS_WRONG_PASSWORD, "substatus %08lx\n", substatus );
    status = log_on( lsa, package, KerbInteractiveLogon, L"nosuchuser", L"testpass", &logon, &token, &substatus,
                     NULL );
    ok( status == STATUS_LOGON_FAILURE, "unknown user: %08lx\n", status );
    ok( substatus == STATUS_NO_SUCH_USER, "substatus %08lx\n", substatus );
    status = log_on( lsa, package, KerbS4ULogon, L"testuser", L"testpass", &logon, &token, &substatus, NULL );
    ok( status == STATUS_NOT_SUPPORTED, "S4U logon: %08lx\n", status );

    status = log_on( lsa, package, KerbInteractiveLogon, L"testuser", L"testpass", &logon, &token, &substatus,
                     &profile_type );
    ok( status == STATUS_SUCCESS, "logon: %08lx %08lx\n", status, substatus );
    if (status) goto done;
    ok( profile_type == KerbInteractiveProfile, "profile %u\n", profile_type );
    /* another session's tickets take SeTcbPrivilege; the session's own threads see them */
    query.LogonId = logon;
    status = LsaCallAuthenticationPackage( lsa, package, &query, sizeof(query), (void **)&resp, &len, &protocol );
    ok( !status && protocol == STATUS_PRIVILEGE_NOT_HELD, "other session: %08lx %08lx\n", status, protocol );
    MultiByteToWideChar( CP_ACP, 0, realm, -1, realmW, ARRAY_SIZE(realmW) );
    swprintf( tgt, ARRAY_SIZE(tgt), L"krbtgt/%s", realmW );
    ok( ImpersonateLoggedOnUser( token ), "ImpersonateLoggedOnUser: %lu\n", GetLastError() );
    ok( cached( lsa, package, NULL, tgt ), "no TGT in the logon session\n" );
    ok( !cached( lsa, package, NULL, L"host/localhost" ), "the user's tickets in the logon session\n" );
    ok( acquire( &client, SECPKG_CRED_OUTBOUND, NULL ) == SEC_E_OK, "logon's credentials\n" );
    RevertToSelf();
    sprintf( principal, "%s@%s", test_user, realm );
    check_cred_name( &client, principal );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    ok( handshake( &client, &server, ISC_REQ_MUTUAL_AUTH, 0 ) == SEC_E_OK, "handshake with the logon's TGT\n" );
    cleanup( &client );
    cleanup( &server );
    test_logon_id( lsa, package );

    /* a thread impersonating the token keeps the session; other logons come and go */
    ok( ImpersonateLoggedOnUser( token ), "ImpersonateLoggedOnUser: %lu\n", GetLastError() );
    CloseHandle( token );
    rounds = 2 * count_logon_sessions() + 8;
    log_on_and_off( lsa, package, rounds, NULL );
    ok( session_exists( &logon ), "the session ended while impersonated\n" );
    ok( cached( lsa, package, NULL, tgt ), "no TGT in the impersonated session\n" );
    RevertToSelf();
    log_on_and_off( lsa, package, rounds, &logon );
    ok( !session_exists( &logon ), "the session outlived its token\n" );
done:
    LsaDeregisterLogonProcess( lsa );
}

/* The logged-on user has credentials without tickets, as on Windows; a first step finds none. */
static void test_no_tickets(void)
{
    struct side client;

    ok( acquire( &client, SECPKG_CRED_OUTBOUND, NULL ) == SEC_E_OK, "credentials without tickets\n" );
    side_step( &client, FALSE, target, ISC_REQ_CONFIDENTIALITY, NULL, NULL, 0 );
    ok( client.status == SEC_E_NO_CREDENTIALS, "first step: %08lx\n", client.status );
    if (client.has_ctxt) DeleteSecurityContext( &client.ctxt );
    FreeCredentialsHandle( &client.cred );
}

START_TEST(kerberos)
{
    test_package_info();
    if (!have_tickets())
    {
        test_no_tickets();
        skip( "no Kerberos tickets: run kinit in a realm with the principals this test needs\n" );
        return;
    }
    test_acquire();
    test_handshakes();
    test_dce_style();
    test_output_buffers();
    /* what Windows answers a server's first step with a small buffer is not known here */
    if (!strcmp( winetest_platform, "wine" )) test_server_output_buffers();
    test_authentication();
    test_no_confidentiality();
    test_wrong_password();
    test_explicit_identity();
    test_service_password();
    test_channel_bindings();
    test_hostile_input();
    test_delegation();
    test_ticket_cache();
    test_logon();
}
