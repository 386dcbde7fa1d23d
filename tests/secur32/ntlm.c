/*
 * The NTLM package, client and server in one process: every leg, flag and
 * buffer layout, message protection, tokens, export and import, and the
 * error paths of hostile input.
 *
 * The server checks passwords against the account store; make check adds the
 * account testuser/testpass to it. On Windows, use a local account of that
 * name and password, or expect SEC_E_LOGON_DENIED.
 */
#include <stdarg.h>
#include <stdio.h>
#include <windef.h>
#include <winbase.h>
#include <winreg.h>
#include <wincrypt.h>
#define SECURITY_WIN32
#include <sspi.h>
#include <rpc.h>

#include "wine/test.h"

#define NTLM_MAX_TOKEN 2888
#define SIDE_TOKEN_SIZE NTLM_MAX_TOKEN
#include "sides.h"

static const char test_user[] = "testuser", test_pass[] = "testpass";

static SECURITY_STATUS acquire( struct side *side, ULONG use, void *id )
{
    return side_acquire( side, "NTLM", use, id );
}

/* One leg: the peer's last token in, ours out; BINDINGS adds a SECBUFFER_CHANNEL_BINDINGS. */
static void step( struct side *side, BOOL server, ULONG req, const struct side *peer, void *bindings,
                  ULONG bindings_len )
{
    side_step( side, server, "HTTP/test.server", req, peer, bindings, bindings_len );
}

/* A whole three-leg exchange; returns the server's final status. */
static SECURITY_STATUS handshake( struct side *client, struct side *server, ULONG creq, ULONG sreq,
                                  void *cbind, ULONG cbind_len, void *sbind, ULONG sbind_len )
{
    step( client, FALSE, creq, NULL, NULL, 0 );
    ok( client->status == SEC_I_CONTINUE_NEEDED, "client leg 1: %08lx\n", client->status );
    step( server, TRUE, sreq, client, NULL, 0 );
    ok( server->status == SEC_I_CONTINUE_NEEDED, "server leg 2: %08lx\n", server->status );
    step( client, FALSE, creq, server, cbind, cbind_len );
    ok( client->status == SEC_E_OK, "client leg 3: %08lx\n", client->status );
    step( server, TRUE, sreq, client, sbind, sbind_len );
    return server->status;
}

static void test_acquire(void)
{
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( test_user, "WORKGROUP", test_pass );
    SEC_WINNT_AUTH_IDENTITY_W idw = { (unsigned short *)L"testuser", 8, NULL, 0, (unsigned short *)L"x", 1,
                                      SEC_WINNT_AUTH_IDENTITY_UNICODE };
    SecPkgCredentials_NamesA names;
    struct side side;

    ok( acquire( &side, SECPKG_CRED_OUTBOUND, &id ) == SEC_E_OK, "full identity\n" );
    ok( QueryCredentialsAttributesA( &side.cred, SECPKG_CRED_ATTR_NAMES, &names ) == SEC_E_OK, "names\n" );
    ok( !strcmp( names.sUserName, "WORKGROUP\\testuser" ), "name %s\n", names.sUserName );
    FreeContextBuffer( names.sUserName );
    FreeCredentialsHandle( &side.cred );
    id.DomainLength = 0;
    ok( acquire( &side, SECPKG_CRED_OUTBOUND, &id ) == SEC_E_OK, "empty domain\n" );
    FreeCredentialsHandle( &side.cred );
    id.Domain = NULL;
    ok( acquire( &side, SECPKG_CRED_OUTBOUND, &id ) == SEC_E_OK, "NULL domain\n" );
    FreeCredentialsHandle( &side.cred );
    id = make_id( NULL, "WORKGROUP", test_pass );
    ok( acquire( &side, SECPKG_CRED_OUTBOUND, &id ) == SEC_E_OK, "NULL user\n" );
    FreeCredentialsHandle( &side.cred );
    id = make_id( test_user, "WORKGROUP", NULL );
    ok( acquire( &side, SECPKG_CRED_OUTBOUND, &id ) == SEC_E_OK, "NULL password\n" );
    FreeCredentialsHandle( &side.cred );
    ok( acquire( &side, SECPKG_CRED_OUTBOUND, &idw ) == SEC_E_OK, "Unicode identity\n" );
    FreeCredentialsHandle( &side.cred );
    ok( acquire( &side, SECPKG_CRED_OUTBOUND, NULL ) == SEC_E_OK, "default credentials\n" );
    FreeCredentialsHandle( &side.cred );
    ok( acquire( &side, SECPKG_CRED_INBOUND, NULL ) == SEC_E_OK, "inbound\n" );
    FreeCredentialsHandle( &side.cred );
    ok( acquire( &side, SECPKG_CRED_BOTH, NULL ) == SEC_E_OK, "both\n" );
    FreeCredentialsHandle( &side.cred );
}

/* NEGOTIATE asks for signing and sealing only when the caller does. */
static void test_negotiate_flags(void)
{
    static const struct { ULONG req; BYTE sign; BYTE seal; } tests[] =
    {
        { 0, 0, 0 }, { ISC_REQ_CONNECTION, 0, 0 }, { ISC_REQ_EXTENDED_ERROR, 0, 0 }, { ISC_REQ_MUTUAL_AUTH, 0, 0 },
        { ISC_REQ_USE_DCE_STYLE, 0, 0 }, { ISC_REQ_DELEGATE, 0, 0 }, { ISC_REQ_INTEGRITY, 1, 0 },
        { ISC_REQ_REPLAY_DETECT, 1, 0 }, { ISC_REQ_SEQUENCE_DETECT, 1, 0 }, { ISC_REQ_CONFIDENTIALITY, 1, 1 },
    };
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( test_user, "WORKGROUP", test_pass );
    struct side client;
    ULONG i;

    ok( acquire( &client, SECPKG_CRED_OUTBOUND, &id ) == SEC_E_OK, "acquire\n" );
    for (i = 0; i < ARRAY_SIZE(tests); i++)
    {
        winetest_push_context( "req %#lx", tests[i].req );
        client.has_ctxt = FALSE;
        step( &client, FALSE, tests[i].req, NULL, NULL, 0 );
        ok( client.status == SEC_I_CONTINUE_NEEDED, "status %08lx\n", client.status );
        ok( !memcmp( client.token, "NTLMSSP\0\1\0\0\0", 12 ), "not a NEGOTIATE\n" );
        ok( !!(client.token[12] & 0x10) == tests[i].sign, "sign bit in %02x\n", client.token[12] );
        ok( !!(client.token[12] & 0x20) == tests[i].seal, "seal bit in %02x\n", client.token[12] );
        ok( !(client.attrs & ISC_RET_MUTUAL_AUTH) && !(client.attrs & ISC_RET_DELEGATE), "attrs %08lx\n", client.attrs );
        DeleteSecurityContext( &client.ctxt );
        winetest_pop_context();
    }
    FreeCredentialsHandle( &client.cred );
}

static void test_output_buffers(void)
{
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( test_user, "WORKGROUP", test_pass );
    SecBuffer buf;
    SecBufferDesc desc = { SECBUFFER_VERSION, 1, &buf };
    BYTE data[NTLM_MAX_TOKEN];
    struct side client;
    CtxtHandle ctxt;
    ULONG attrs;
    SECURITY_STATUS status;

    ok( acquire( &client, SECPKG_CRED_OUTBOUND, &id ) == SEC_E_OK, "acquire\n" );
    status = InitializeSecurityContextA( &client.cred, NULL, NULL, 0, 0, SECURITY_NETWORK_DREP, NULL, 0, &ctxt,
                                         NULL, &attrs, NULL );
    ok( status == SEC_E_BUFFER_TOO_SMALL, "NULL output: %08lx\n", status );

    buf.BufferType = SECBUFFER_TOKEN;
    buf.cbBuffer = 0;
    buf.pvBuffer = data;
    status = InitializeSecurityContextA( &client.cred, NULL, NULL, 0, 0, SECURITY_NETWORK_DREP, NULL, 0, &ctxt,
                                         &desc, &attrs, NULL );
    ok( status == SEC_E_BUFFER_TOO_SMALL, "empty buffer: %08lx\n", status );
    ok( !buf.cbBuffer, "size changed to %lu\n", buf.cbBuffer );

    buf.cbBuffer = sizeof(data);
    buf.BufferType = SECBUFFER_DATA;
    status = InitializeSecurityContextA( &client.cred, NULL, NULL, 0, 0, SECURITY_NETWORK_DREP, NULL, 0, &ctxt,
                                         &desc, &attrs, NULL );
    ok( status == SEC_E_BUFFER_TOO_SMALL, "no token buffer: %08lx\n", status );

    buf.BufferType = SECBUFFER_TOKEN;
    buf.cbBuffer = 0;
    buf.pvBuffer = NULL;
    status = InitializeSecurityContextA( &client.cred, NULL, NULL, ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NETWORK_DREP,
                                         NULL, 0, &ctxt, &desc, &attrs, NULL );
    ok( status == SEC_I_CONTINUE_NEEDED, "allocated: %08lx\n", status );
    ok( attrs & ISC_RET_ALLOCATED_MEMORY, "attrs %08lx\n", attrs );
    ok( buf.pvBuffer && buf.cbBuffer >= 32, "token %p %lu\n", buf.pvBuffer, buf.cbBuffer );
    FreeContextBuffer( buf.pvBuffer );
    DeleteSecurityContext( &ctxt );
    FreeCredentialsHandle( &client.cred );
}

static void check_sizes( CtxtHandle *ctxt )
{
    SecPkgContext_Sizes sizes;

    ok( QueryContextAttributesA( ctxt, SECPKG_ATTR_SIZES, &sizes ) == SEC_E_OK, "sizes\n" );
    ok( sizes.cbMaxToken == NTLM_MAX_TOKEN, "max token %lu\n", sizes.cbMaxToken );
    ok( sizes.cbMaxSignature == 16, "max signature %lu\n", sizes.cbMaxSignature );
    ok( sizes.cbSecurityTrailer == 16, "trailer %lu\n", sizes.cbSecurityTrailer );
    ok( !sizes.cbBlockSize, "block size %lu\n", sizes.cbBlockSize );
}

static void check_attributes( struct side *client, struct side *server )
{
    SecPkgContext_NegotiationInfoA nego;
    SecPkgContext_PackageInfoW pkg;
    SecPkgContext_SessionKey ckey, skey;
    SecPkgContext_NamesA names;
    SecPkgContext_AccessToken token;
    SecPkgContext_Flags flags;
    SecPkgContext_Lifespan span;
    SecPkgContext_KeyInfoA key;
    char computer[MAX_COMPUTERNAME_LENGTH + 1], expected[256];
    DWORD len = sizeof(computer);

    check_sizes( &client->ctxt );
    check_sizes( &server->ctxt );

    GetComputerNameA( computer, &len );
    sprintf( expected, "%s\\%s", computer, test_user );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_NAMES, &names ) == SEC_E_OK, "server names\n" );
    ok( !_stricmp( names.sUserName, expected ), "server name %s, expected %s\n", names.sUserName, expected );
    FreeContextBuffer( names.sUserName );
    ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_NAMES, &names ) == SEC_E_OK, "client names\n" );
    ok( !strcmp( names.sUserName, "WORKGROUP\\testuser" ), "client name %s\n", names.sUserName );
    FreeContextBuffer( names.sUserName );

    ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_NEGOTIATION_INFO, &nego ) == SEC_E_OK, "nego info\n" );
    ok( nego.NegotiationState == SECPKG_NEGOTIATION_COMPLETE, "state %lu\n", nego.NegotiationState );
    ok( !strcmp( nego.PackageInfo->Name, "NTLM" ), "package %s\n", nego.PackageInfo->Name );
    ok( nego.PackageInfo->wRPCID == RPC_C_AUTHN_WINNT, "rpcid %u\n", nego.PackageInfo->wRPCID );
    FreeContextBuffer( nego.PackageInfo );
    ok( QueryContextAttributesW( &server->ctxt, SECPKG_ATTR_PACKAGE_INFO, &pkg ) == SEC_E_OK, "package info\n" );
    ok( !wcscmp( pkg.PackageInfo->Name, L"NTLM" ), "package %s\n", wine_dbgstr_w(pkg.PackageInfo->Name) );
    FreeContextBuffer( pkg.PackageInfo );

    ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_SESSION_KEY, &ckey ) == SEC_E_OK, "client key\n" );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_SESSION_KEY, &skey ) == SEC_E_OK, "server key\n" );
    ok( ckey.SessionKeyLength == 16 && skey.SessionKeyLength == 16, "key lengths %lu %lu\n", ckey.SessionKeyLength,
        skey.SessionKeyLength );
    ok( !memcmp( ckey.SessionKey, skey.SessionKey, 16 ), "session keys differ\n" );
    FreeContextBuffer( ckey.SessionKey );
    FreeContextBuffer( skey.SessionKey );

    /* as Windows names them, with the checksum types of Kerberos' numbering */
    ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_KEY_INFO, &key ) == SEC_E_OK, "key info\n" );
    ok( !strcmp( key.sSignatureAlgorithmName, "HMAC-MD5" ), "signature %s\n", key.sSignatureAlgorithmName );
    ok( !strcmp( key.sEncryptAlgorithmName, "RSADSI RC4" ), "encryption %s\n", key.sEncryptAlgorithmName );
    ok( key.SignatureAlgorithm == 0xffffff76 && key.EncryptAlgorithm == CALG_RC4 && key.KeySize == 128,
        "algorithms %#lx %#lx, key size %lu\n", key.SignatureAlgorithm, key.EncryptAlgorithm, key.KeySize );
    FreeContextBuffer( key.sSignatureAlgorithmName );
    FreeContextBuffer( key.sEncryptAlgorithmName );

    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_FLAGS, &flags ) == SEC_E_OK, "flags\n" );
    ok( flags.Flags == server->attrs, "flags %08lx, returned %08lx\n", flags.Flags, server->attrs );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_LIFESPAN, &span ) == SEC_E_OK, "lifespan\n" );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_ACCESS_TOKEN, &token ) == SEC_E_OK, "access token\n" );
    ok( token.AccessToken != NULL, "no access token\n" );
}

static BOOL ensure_authenticated( SECURITY_STATUS status )
{
    ok( status == SEC_E_OK || broken( status == SEC_E_LOGON_DENIED ) /* no testuser account */,
        "server leg 3: %08lx\n", status );
    if (status) skip( "testuser cannot log on\n" );
    return status == SEC_E_OK;
}

static void test_messages( struct side *client, struct side *server )
{
    static char header[] = "header";
    char data[] = "Hello, world!", copy[sizeof(data)];
    BYTE sig[16], saved[16];
    SecBuffer bufs[3];
    SecBufferDesc msg = { SECBUFFER_VERSION, 3, bufs };
    ULONG qop;
    int i;

    bufs[0].BufferType = SECBUFFER_DATA | SECBUFFER_READONLY_WITH_CHECKSUM;
    bufs[0].cbBuffer = sizeof(header);
    bufs[0].pvBuffer = header;
    bufs[1].BufferType = SECBUFFER_DATA;
    bufs[1].cbBuffer = sizeof(data);
    bufs[1].pvBuffer = data;
    bufs[2].BufferType = SECBUFFER_TOKEN;
    bufs[2].cbBuffer = sizeof(sig);
    bufs[2].pvBuffer = sig;
    memcpy( copy, data, sizeof(data) );

    for (i = 0; i < 2; i++)
    {
        struct side *from = i ? server : client, *to = i ? client : server;
        winetest_push_context( i ? "server to client" : "client to server" );
        ok( MakeSignature( &from->ctxt, 0, &msg, 0 ) == SEC_E_OK, "MakeSignature\n" );
        ok( bufs[2].cbBuffer == 16 && sig[0] == 1, "signature %lu %02x\n", bufs[2].cbBuffer, sig[0] );
        /* Windows leaves the QOP of a checked message as it was */
        qop = 0xdeadbeef;
        ok( VerifySignature( &to->ctxt, &msg, 0, &qop ) == SEC_E_OK, "VerifySignature\n" );
        ok( qop == 0xdeadbeef, "VerifySignature set qop %#lx\n", qop );
        /* older .NET signs with the QOP it wraps with */
        ok( MakeSignature( &from->ctxt, SECQOP_WRAP_NO_ENCRYPT, &msg, 0 ) == SEC_E_OK, "MakeSignature no-encrypt\n" );
        ok( VerifySignature( &to->ctxt, &msg, 0, &qop ) == SEC_E_OK, "VerifySignature\n" );
        ok( MakeSignature( &from->ctxt, 1, &msg, 0 ) == SEC_E_QOP_NOT_SUPPORTED, "MakeSignature qop 1\n" );

        ok( EncryptMessage( &from->ctxt, 0, &msg, 0 ) == SEC_E_OK, "EncryptMessage\n" );
        ok( memcmp( data, copy, sizeof(data) ), "not encrypted\n" );
        ok( !strcmp( header, "header" ), "read-only buffer encrypted\n" );
        ok( DecryptMessage( &to->ctxt, &msg, 0, &qop ) == SEC_E_OK, "DecryptMessage\n" );
        ok( qop == 0xdeadbeef, "DecryptMessage set qop %#lx\n", qop );
        ok( !memcmp( data, copy, sizeof(data) ), "not decrypted\n" );

        /* altered data, then a replay of the last message */
        ok( MakeSignature( &from->ctxt, 0, &msg, 0 ) == SEC_E_OK, "MakeSignature\n" );
        memcpy( saved, sig, 16 );
        data[0] ^= 1;
        ok( VerifySignature( &to->ctxt, &msg, 0, &qop ) == SEC_E_MESSAGE_ALTERED, "altered message verified\n" );
        data[0] ^= 1;
        memcpy( sig, saved, 16 );
        ok( VerifySignature( &to->ctxt, &msg, 0, &qop ) == SEC_E_OUT_OF_SEQUENCE, "replay verified\n" );
        winetest_pop_context();
    }

    /* no signature buffer */
    bufs[2].BufferType = SECBUFFER_DATA;
    ok( MakeSignature( &client->ctxt, 0, &msg, 0 ) == SEC_E_INVALID_TOKEN, "no token buffer\n" );
    bufs[2].BufferType = SECBUFFER_TOKEN;
    bufs[2].cbBuffer = 8;
    ok( MakeSignature( &client->ctxt, 0, &msg, 0 ) == SEC_E_BUFFER_TOO_SMALL, "short token buffer\n" );
}

static void test_tokens( struct side *client, struct side *server )
{
    char buf[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    HANDLE token;
    DWORD len;

    ok( ImpersonateSecurityContext( &server->ctxt ) == SEC_E_OK, "ImpersonateSecurityContext\n" );
    ok( OpenThreadToken( GetCurrentThread(), TOKEN_QUERY, TRUE, &token ), "OpenThreadToken: %lu\n", GetLastError() );
    ok( GetTokenInformation( token, TokenUser, buf, sizeof(buf), &len ), "TokenUser: %lu\n", GetLastError() );
    CloseHandle( token );
    ok( RevertSecurityContext( &server->ctxt ) == SEC_E_OK, "RevertSecurityContext\n" );
    ok( QuerySecurityContextToken( &server->ctxt, &token ) == SEC_E_OK, "QuerySecurityContextToken\n" );
    ok( GetTokenInformation( token, TokenUser, buf, sizeof(buf), &len ), "TokenUser: %lu\n", GetLastError() );
    CloseHandle( token );
    ok( ImpersonateSecurityContext( &client->ctxt ) == SEC_E_NO_IMPERSONATION, "client impersonated\n" );
}

static void test_export( struct side *client, struct side *server )
{
    char data[] = "exported", copy[sizeof(data)];
    BYTE sig[16];
    SecBuffer bufs[2] = { { sizeof(data), SECBUFFER_DATA, data }, { sizeof(sig), SECBUFFER_TOKEN, sig } };
    SecBufferDesc msg = { SECBUFFER_VERSION, 2, bufs };
    SecBuffer packed;
    CtxtHandle imported;
    HANDLE token = NULL;
    ULONG qop;

    ok( ExportSecurityContext( &server->ctxt, SECPKG_CONTEXT_EXPORT_DELETE_OLD, &packed, &token ) == SEC_E_OK,
        "export\n" );
    server->has_ctxt = FALSE;
    ok( ImportSecurityContextA( (char *)"NTLM", &packed, token, &imported ) == SEC_E_OK, "import\n" );
    FreeContextBuffer( packed.pvBuffer );
    if (token) CloseHandle( token );

    memcpy( copy, data, sizeof(data) );
    ok( EncryptMessage( &client->ctxt, 0, &msg, 0 ) == SEC_E_OK, "EncryptMessage\n" );
    ok( DecryptMessage( &imported, &msg, 0, &qop ) == SEC_E_OK, "imported context cannot decrypt\n" );
    ok( !memcmp( data, copy, sizeof(data) ), "not decrypted\n" );
    /* the imported context serves on in place of the exported one */
    server->ctxt = imported;
    server->has_ctxt = TRUE;
}

static void test_authentication(void)
{
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( test_user, "WORKGROUP", test_pass );
    ULONG req = ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY | ISC_REQ_REPLAY_DETECT | ISC_REQ_SEQUENCE_DETECT |
                ISC_REQ_CONNECTION;
    struct side client, server;

    ok( acquire( &client, SECPKG_CRED_OUTBOUND, &id ) == SEC_E_OK, "client credentials\n" );
    ok( acquire( &server, SECPKG_CRED_INBOUND, NULL ) == SEC_E_OK, "server credentials\n" );
    if (ensure_authenticated( handshake( &client, &server, req, ASC_REQ_CONNECTION, NULL, 0, NULL, 0 ) ))
    {
        ok( (client.attrs & (ISC_RET_CONFIDENTIALITY | ISC_RET_INTEGRITY)) ==
            (ISC_RET_CONFIDENTIALITY | ISC_RET_INTEGRITY), "client attrs %08lx\n", client.attrs );
        ok( server.attrs & ASC_RET_CONFIDENTIALITY, "server attrs %08lx\n", server.attrs );
        check_attributes( &client, &server );
        test_export( &client, &server );
        test_messages( &client, &server );
        test_tokens( &client, &server );
    }
    cleanup( &client );
    cleanup( &server );
}

static void test_wrong_password(void)
{
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( test_user, "WORKGROUP", "wrong" );
    struct side client, server;

    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    ok( handshake( &client, &server, 0, 0, NULL, 0, NULL, 0 ) == SEC_E_LOGON_DENIED, "wrong password accepted\n" );
    cleanup( &client );
    cleanup( &server );

    id = make_id( "nosuchuser", "WORKGROUP", test_pass );
    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    ok( handshake( &client, &server, 0, 0, NULL, 0, NULL, 0 ) == SEC_E_LOGON_DENIED, "unknown user accepted\n" );
    cleanup( &client );
    cleanup( &server );
}

/* SEC_CHANNEL_BINDINGS with application data only, as TLS channels give it. */
static SEC_CHANNEL_BINDINGS *make_bindings( const char *app, ULONG *len )
{
    SEC_CHANNEL_BINDINGS *b;

    *len = sizeof(*b) + strlen( app );
    b = calloc( 1, *len );
    b->cbApplicationDataLength = strlen( app );
    b->dwApplicationDataOffset = sizeof(*b);
    memcpy( b + 1, app, strlen( app ) );
    return b;
}

static void test_channel_bindings(void)
{
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( test_user, "WORKGROUP", test_pass );
    struct side client, server;
    SEC_CHANNEL_BINDINGS *a, *b;
    ULONG a_len, b_len;
    SECURITY_STATUS status;

    a = make_bindings( "tls-server-end-point:aaaa", &a_len );
    b = make_bindings( "tls-server-end-point:bbbb", &b_len );
    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    status = handshake( &client, &server, 0, 0, a, a_len, a, a_len );
    ok( status == SEC_E_OK || broken( status == SEC_E_LOGON_DENIED ), "same bindings: %08lx\n", status );
    cleanup( &client );
    cleanup( &server );

    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    status = handshake( &client, &server, 0, 0, a, a_len, b, b_len );
    ok( status == SEC_E_BAD_BINDINGS || broken( status == SEC_E_LOGON_DENIED ), "other bindings: %08lx\n", status );
    cleanup( &client );
    cleanup( &server );

    /* a client that knows no channel is let in by default */
    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    status = handshake( &client, &server, 0, 0, NULL, 0, b, b_len );
    ok( status == SEC_E_OK || broken( status == SEC_E_LOGON_DENIED ), "no client bindings: %08lx\n", status );
    cleanup( &client );
    cleanup( &server );
    free( a );
    free( b );
}

static void test_anonymous(void)
{
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( "", "", "" );
    struct side client, server;
    SECURITY_STATUS status;

    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    status = handshake( &client, &server, 0, 0, NULL, 0, NULL, 0 );
    ok( status == SEC_E_LOGON_DENIED || broken( status == SEC_E_OK ), "anonymous without null sessions: %08lx\n",
        status );
    cleanup( &client );
    cleanup( &server );

    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    status = handshake( &client, &server, 0, ASC_REQ_ALLOW_NULL_SESSION, NULL, 0, NULL, 0 );
    ok( status == SEC_E_OK, "anonymous: %08lx\n", status );
    ok( server.attrs & ASC_RET_NULL_SESSION, "server attrs %08lx\n", server.attrs );
    cleanup( &client );
    cleanup( &server );
}

/* Bytes from the network that are not what the leg expects. */
static void test_hostile_input(void)
{
    static const BYTE garbage[] = "this is not NTLM at all";
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( test_user, "WORKGROUP", test_pass );
    struct side client, server, client2, server2, fake;
    ULONG len;

    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    memcpy( fake.token, garbage, sizeof(garbage) );
    fake.token_len = sizeof(garbage);
    step( &server, TRUE, 0, &fake, NULL, 0 );
    ok( server.status == SEC_E_INVALID_TOKEN, "garbage NEGOTIATE: %08lx\n", server.status );
    fake.token_len = 0;
    step( &server, TRUE, 0, &fake, NULL, 0 );
    ok( server.status == SEC_E_INVALID_TOKEN, "empty NEGOTIATE: %08lx\n", server.status );
    cleanup( &server );

    /* a CHALLENGE where a NEGOTIATE belongs */
    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    acquire( &server2, SECPKG_CRED_INBOUND, NULL );
    step( &client, FALSE, 0, NULL, NULL, 0 );
    step( &server, TRUE, 0, &client, NULL, 0 );
    step( &server2, TRUE, 0, &server, NULL, 0 );
    ok( server2.status == SEC_E_INVALID_TOKEN, "CHALLENGE as NEGOTIATE: %08lx\n", server2.status );

    /* a truncated AUTHENTICATE, then the whole one: the context survives bad input */
    step( &client, FALSE, 0, &server, NULL, 0 );
    len = client.token_len;
    client.token_len = 40;
    step( &server, TRUE, 0, &client, NULL, 0 );
    ok( server.status == SEC_E_INVALID_TOKEN, "truncated AUTHENTICATE: %08lx\n", server.status );
    cleanup( &client );
    cleanup( &server );
    cleanup( &server2 );

    /* an AUTHENTICATE made for another server's challenge */
    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    acquire( &client2, SECPKG_CRED_OUTBOUND, &id );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    acquire( &server2, SECPKG_CRED_INBOUND, NULL );
    step( &client, FALSE, 0, NULL, NULL, 0 );
    step( &client2, FALSE, 0, NULL, NULL, 0 );
    step( &server, TRUE, 0, &client, NULL, 0 );
    step( &server2, TRUE, 0, &client2, NULL, 0 );
    step( &client, FALSE, 0, &server, NULL, 0 );
    step( &server2, TRUE, 0, &client, NULL, 0 );
    ok( server2.status == SEC_E_LOGON_DENIED || server2.status == SEC_E_INVALID_TOKEN,
        "cross-context AUTHENTICATE: %08lx\n", server2.status );
    step( &client, FALSE, 0, &server2, NULL, 0 );
    ok( client.status == SEC_E_OUT_OF_SEQUENCE, "fourth client leg: %08lx\n", client.status );
    (void)len;
    cleanup( &client );
    cleanup( &client2 );
    cleanup( &server );
    cleanup( &server2 );

    /* a client leg with garbage for a CHALLENGE */
    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    step( &client, FALSE, 0, NULL, NULL, 0 );
    memcpy( fake.token, garbage, sizeof(garbage) );
    fake.token_len = sizeof(garbage);
    step( &client, FALSE, 0, &fake, NULL, 0 );
    ok( client.status == SEC_E_INVALID_TOKEN, "garbage CHALLENGE: %08lx\n", client.status );
    cleanup( &client );
}

static void set_level( DWORD level )
{
    HKEY key;

    RegCreateKeyExA( HKEY_LOCAL_MACHINE, "SYSTEM\\CurrentControlSet\\Control\\Lsa", 0, NULL, 0, KEY_SET_VALUE, NULL,
                     &key, NULL );
    if (level == ~0u) RegDeleteValueA( key, "LmCompatibilityLevel" );
    else RegSetValueExA( key, "LmCompatibilityLevel", 0, REG_DWORD, (BYTE *)&level, sizeof(level) );
    RegCloseKey( key );
}

/* The policy applies shortly after it changes, as on Windows: wait until a
 * client's NEGOTIATE shows it (LM_KEY is asked for below level 2). */
static BOOL wait_for_level( DWORD level )
{
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( test_user, "WORKGROUP", test_pass );
    struct side probe;
    BOOL lm_key = FALSE;
    int i;

    for (i = 0; i < 100; i++)
    {
        acquire( &probe, SECPKG_CRED_OUTBOUND, &id );
        step( &probe, FALSE, 0, NULL, NULL, 0 );
        lm_key = probe.token_len >= 16 && (probe.token[12] & 0x80);
        /* no ok() here: the number of tries must not change the count of tests */
        if (probe.has_ctxt) DeleteSecurityContext( &probe.ctxt );
        FreeCredentialsHandle( &probe.cred );
        if (lm_key == (level < 2)) return TRUE;
        Sleep( 20 );
    }
    return FALSE;
}

/* NTLMv1 only when configured: a client set to level 1 is refused by a server at the default. */
static void test_lm_compat_level(void)
{
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( test_user, "WORKGROUP", test_pass );
    struct side client, server;

    if (strcmp( winetest_platform, "wine" ))
    {
        skip( "not changing the NTLM policy of this Windows\n" );
        return;
    }
    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    step( &client, FALSE, 0, NULL, NULL, 0 );
    step( &server, TRUE, 0, &client, NULL, 0 );
    set_level( 1 );
    ok( wait_for_level( 1 ), "level 1 not in force\n" );
    step( &client, FALSE, 0, &server, NULL, 0 );
    ok( client.token_len && client.token[20] == 24, "NT response of %u bytes\n", client.token[20] );
    set_level( ~0u );
    ok( wait_for_level( 5 ), "default level not in force\n" );
    step( &server, TRUE, 0, &client, NULL, 0 );
    ok( server.status == SEC_E_LOGON_DENIED, "NTLMv1 accepted by default: %08lx\n", server.status );
    cleanup( &client );
    cleanup( &server );

    set_level( 1 );
    ok( wait_for_level( 1 ), "level 1 not in force\n" );
    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    ok( handshake( &client, &server, ISC_REQ_CONFIDENTIALITY, 0, NULL, 0, NULL, 0 ) == SEC_E_OK,
        "NTLMv1 refused at level 1\n" );
    if (server.status == SEC_E_OK) test_messages( &client, &server );
    cleanup( &client );
    cleanup( &server );
    set_level( ~0u );
    ok( wait_for_level( 5 ), "default level not in force\n" );
}

/* SEC_WINNT_AUTH_IDENTITY_EX logs on like the plain structure. */
static void test_identity_ex(void)
{
    SEC_WINNT_AUTH_IDENTITY_EXW idw = { SEC_WINNT_AUTH_IDENTITY_VERSION, sizeof(idw), (unsigned short *)L"testuser", 8,
                                        (unsigned short *)L"WORKGROUP", 9, (unsigned short *)L"testpass", 8,
                                        SEC_WINNT_AUTH_IDENTITY_UNICODE, NULL, 0 };
    SEC_WINNT_AUTH_IDENTITY_EXA ida = { SEC_WINNT_AUTH_IDENTITY_VERSION, sizeof(ida), (unsigned char *)test_user,
                                        strlen( test_user ), NULL, 0, (unsigned char *)test_pass, strlen( test_pass ),
                                        SEC_WINNT_AUTH_IDENTITY_ANSI, NULL, 0 };
    struct side client, server;
    SECURITY_STATUS status;

    ok( acquire( &client, SECPKG_CRED_OUTBOUND, &idw ) == SEC_E_OK, "EXW identity\n" );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    status = handshake( &client, &server, 0, 0, NULL, 0, NULL, 0 );
    ok( status == SEC_E_OK || broken( status == SEC_E_LOGON_DENIED ), "EXW logon: %08lx\n", status );
    cleanup( &client );
    cleanup( &server );

    ok( acquire( &client, SECPKG_CRED_OUTBOUND, &ida ) == SEC_E_OK, "EXA identity\n" );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    status = handshake( &client, &server, 0, 0, NULL, 0, NULL, 0 );
    ok( status == SEC_E_OK || broken( status == SEC_E_LOGON_DENIED ), "EXA logon: %08lx\n", status );
    cleanup( &client );
    cleanup( &server );
}

/* Datagram contexts: messages carry their own sequence numbers and may arrive out of order. */
static void test_datagram(void)
{
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( test_user, "WORKGROUP", test_pass );
    char first[] = "first message", second[] = "second message";
    BYTE sig1[16], sig2[16];
    SecBuffer bufs1[2] = { { sizeof(first), SECBUFFER_DATA, first }, { sizeof(sig1), SECBUFFER_TOKEN, sig1 } };
    SecBuffer bufs2[2] = { { sizeof(second), SECBUFFER_DATA, second }, { sizeof(sig2), SECBUFFER_TOKEN, sig2 } };
    SecBufferDesc msg1 = { SECBUFFER_VERSION, 2, bufs1 }, msg2 = { SECBUFFER_VERSION, 2, bufs2 };
    struct side client, server;
    ULONG qop;

    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    if (ensure_authenticated( handshake( &client, &server, ISC_REQ_DATAGRAM | ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY,
                                         ASC_REQ_DATAGRAM, NULL, 0, NULL, 0 ) ))
    {
        ok( client.attrs & ISC_RET_DATAGRAM, "client attrs %08lx\n", client.attrs );
        ok( server.attrs & ASC_RET_DATAGRAM, "server attrs %08lx\n", server.attrs );
        ok( EncryptMessage( &client.ctxt, 0, &msg1, 1 ) == SEC_E_OK, "encrypt 1\n" );
        ok( EncryptMessage( &client.ctxt, 0, &msg2, 2 ) == SEC_E_OK, "encrypt 2\n" );
        /* the second arrives first */
        ok( DecryptMessage( &server.ctxt, &msg2, 2, &qop ) == SEC_E_OK, "decrypt 2\n" );
        ok( DecryptMessage( &server.ctxt, &msg1, 1, &qop ) == SEC_E_OK, "decrypt 1\n" );
        ok( !strcmp( first, "first message" ) && !strcmp( second, "second message" ), "not decrypted\n" );
    }
    cleanup( &client );
    cleanup( &server );
}

/* ISC_REQ_IDENTIFY: the server may identify the client, not impersonate it. */
static void test_identify(void)
{
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( test_user, "WORKGROUP", test_pass );
    struct side client, server;

    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    if (ensure_authenticated( handshake( &client, &server, ISC_REQ_IDENTIFY, 0, NULL, 0, NULL, 0 ) ))
    {
        SECURITY_IMPERSONATION_LEVEL level = SecurityAnonymous;
        HANDLE token;
        DWORD len;

        ok( client.attrs & ISC_RET_IDENTIFY, "client attrs %08lx\n", client.attrs );
        ok( server.attrs & ASC_RET_IDENTIFY, "server attrs %08lx\n", server.attrs );
        ok( QuerySecurityContextToken( &server.ctxt, &token ) == SEC_E_OK, "QuerySecurityContextToken\n" );
        ok( GetTokenInformation( token, TokenImpersonationLevel, &level, sizeof(level), &len ), "level\n" );
        ok( level == SecurityIdentification, "impersonation level %u\n", level );
        CloseHandle( token );
    }
    cleanup( &client );
    cleanup( &server );
}

/* Each authenticated client is a logon session, which ends with the last
 * handle to its token: a server's sessions do not pile up. */
static void test_logon_sessions(void)
{
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( test_user, "WORKGROUP", test_pass );
    struct side client, server;
    ULONG before, after;
    HANDLE token = NULL;
    int i;

    before = count_logon_sessions();
    for (i = 0; i < 65; i++)
    {
        acquire( &client, SECPKG_CRED_OUTBOUND, &id );
        acquire( &server, SECPKG_CRED_INBOUND, NULL );
        if (!ensure_authenticated( handshake( &client, &server, 0, 0, NULL, 0, NULL, 0 ) )) i = 65;
        /* one client's token outlives its context */
        else if (!i) ok( QuerySecurityContextToken( &server.ctxt, &token ) == SEC_E_OK, "QuerySecurityContextToken\n" );
        cleanup( &client );
        cleanup( &server );
    }
    after = count_logon_sessions();
    ok( after < before + 16, "%lu logon sessions before, %lu after 65 clients\n", before, after );
    if (token) CloseHandle( token );
}

/* The logged-on user's default credentials log on to a server on this machine,
 * as on Windows, whether or not the account store has that user. */
static void test_default_credentials(void)
{
    char user[257], computer[MAX_COMPUTERNAME_LENGTH + 1], expected[300];
    DWORD len = sizeof(user), computer_len = sizeof(computer);
    SecPkgContext_NamesA names;
    struct side client, server;

    GetUserNameA( user, &len );
    GetComputerNameA( computer, &computer_len );
    ok( acquire( &client, SECPKG_CRED_OUTBOUND, NULL ) == SEC_E_OK, "client credentials\n" );
    ok( acquire( &server, SECPKG_CRED_INBOUND, NULL ) == SEC_E_OK, "server credentials\n" );
    /* a server of this machine, which the target names */
    side_step( &client, FALSE, "HTTP/localhost", ISC_REQ_CONFIDENTIALITY, NULL, NULL, 0 );
    side_step( &server, TRUE, NULL, 0, &client, NULL, 0 );
    side_step( &client, FALSE, "HTTP/localhost", ISC_REQ_CONFIDENTIALITY, &server, NULL, 0 );
    side_step( &server, TRUE, NULL, 0, &client, NULL, 0 );
    ok( client.status == SEC_E_OK && server.status == SEC_E_OK, "handshake: %08lx %08lx\n", client.status,
        server.status );
    if (!server.status && QueryContextAttributesA( &server.ctxt, SECPKG_ATTR_NAMES, &names ) == SEC_E_OK)
    {
        /* the store may spell the account's domain as it likes */
        const char *name = strchr( names.sUserName, '\\' );
        sprintf( expected, "%s\\%s", computer, user );
        ok( name && !_stricmp( name + 1, user ), "server name %s, expected %s\n", names.sUserName, expected );
        FreeContextBuffer( names.sUserName );
    }
    cleanup( &client );
    cleanup( &server );
}

START_TEST(ntlm)
{
    test_acquire();
    test_negotiate_flags();
    test_output_buffers();
    test_authentication();
    test_default_credentials();
    test_identity_ex();
    test_datagram();
    test_identify();
    test_logon_sessions();
    test_wrong_password();
    test_channel_bindings();
    test_anonymous();
    test_hostile_input();
    test_lm_compat_level();
}
