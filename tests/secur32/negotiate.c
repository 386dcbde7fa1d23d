/*
 * The Negotiate package, client and server in one process: NTLM bare and
 * inside SPNEGO with its mechListMICs, the package an identity's PackageList
 * leaves, bare NTLM and Kerberos tokens at a Negotiate server, a server that
 * speaks first, the attributes and messages of the chosen package, hostile
 * tokens, and the LSA's Negotiate messages. With Kerberos tickets (a realm
 * as in kerberos.c), Kerberos inside SPNEGO, its fallback to NTLM, and a
 * server without Kerberos that makes the client change mechanisms.
 *
 * It logs on as testuser/testpass, an account of the store (NTLM) and of
 * the realm.
 */
#include <stdarg.h>
#include <stdio.h>
#include <windef.h>
#include <winbase.h>
#include <ntstatus.h>
#define SECURITY_WIN32
#include <sspi.h>
#include <ntsecapi.h>
#include <rpc.h>

#include "wine/test.h"

#define NEGO_MAX_TOKEN 48256
#define SIDE_TOKEN_SIZE NEGO_MAX_TOKEN
#include "sides.h"

static const char test_user[] = "testuser", test_pass[] = "testpass";
static const char target[] = "host/localhost";

static SECURITY_STATUS acquire( struct side *side, ULONG use, void *id )
{
    return side_acquire( side, "Negotiate", use, id );
}

/* An identity that names the packages Negotiate may use. */
static SEC_WINNT_AUTH_IDENTITY_EXA make_id_ex( const char *user, const char *domain, const char *pass,
                                                const char *packages )
{
    SEC_WINNT_AUTH_IDENTITY_A base = make_id( user, domain, pass );
    SEC_WINNT_AUTH_IDENTITY_EXA id = { SEC_WINNT_AUTH_IDENTITY_VERSION, sizeof(id), base.User, base.UserLength,
                                       base.Domain, base.DomainLength, base.Password, base.PasswordLength,
                                       base.Flags, (unsigned char *)packages, packages ? strlen( packages ) : 0 };
    return id;
}

/* Legs until both sides are done or one fails; returns the last status, *LEGS how many there were. */
static SECURITY_STATUS handshake( struct side *client, struct side *server, const char *spn, ULONG creq, ULONG sreq,
                                  int *legs )
{
    *legs = 1;
    side_step( client, FALSE, spn, creq, NULL, NULL, 0 );
    if (FAILED( client->status )) return client->status;
    for (;;)
    {
        side_step( server, TRUE, NULL, sreq, client, NULL, 0 );
        (*legs)++;
        if (FAILED( server->status )) return server->status;
        /* a last token for a client that is done would never be read */
        if (server->status == SEC_E_OK && client->status == SEC_E_OK)
            return server->token_len ? SEC_E_INTERNAL_ERROR : SEC_E_OK;
        if (server->status == SEC_E_OK && !server->token_len) return SEC_E_INTERNAL_ERROR;
        side_step( client, FALSE, spn, creq, server, NULL, 0 );
        (*legs)++;
        if (FAILED( client->status )) return client->status;
        if (client->status == SEC_E_OK && server->status == SEC_E_OK) return SEC_E_OK;
        if (client->status == SEC_E_OK && !client->token_len) return SEC_E_INTERNAL_ERROR;
        if (*legs > 8) return SEC_E_INTERNAL_ERROR;
    }
}

static BOOL is_spnego_init( const struct side *side )
{
    static const BYTE spnego_oid[] = { 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02 };
    ULONG header = side->token[1] & 0x80 ? 2 + (side->token[1] & 0x7f) : 2;
    return side->token_len > header + 8 && side->token[0] == 0x60 && !memcmp( side->token + header, spnego_oid, 8 );
}

/* Whether TOKEN holds a mechListMIC of 16 bytes (NTLM's): [3] { OCTET STRING }. */
static BOOL has_ntlm_mic( const struct side *side )
{
    static const BYTE mic[] = { 0xa3, 0x12, 0x04, 0x10 };
    ULONG i;

    for (i = 0; i + sizeof(mic) + 16 <= side->token_len; i++)
        if (!memcmp( side->token + i, mic, sizeof(mic) ) && i + sizeof(mic) + 16 == side->token_len) return TRUE;
    return FALSE;
}

static void check_package( CtxtHandle *ctxt, const char *expected )
{
    SecPkgContext_NegotiationInfoA nego;
    SecPkgContext_PackageInfoA info;

    ok( QueryContextAttributesA( ctxt, SECPKG_ATTR_NEGOTIATION_INFO, &nego ) == SEC_E_OK, "negotiation info\n" );
    ok( nego.NegotiationState == SECPKG_NEGOTIATION_COMPLETE, "state %lu\n", nego.NegotiationState );
    ok( nego.PackageInfo && !strcmp( nego.PackageInfo->Name, expected ), "negotiated %s\n",
        nego.PackageInfo ? nego.PackageInfo->Name : "(null)" );
    if (nego.PackageInfo) FreeContextBuffer( nego.PackageInfo );
    ok( QueryContextAttributesA( ctxt, SECPKG_ATTR_PACKAGE_INFO, &info ) == SEC_E_OK, "package info\n" );
    ok( !strcmp( info.PackageInfo->Name, expected ), "package %s\n", info.PackageInfo->Name );
    FreeContextBuffer( info.PackageInfo );
    /* SECPKG_ATTR_NEGOTIATION_PACKAGE, which credssp.h names */
    ok( QueryContextAttributesA( ctxt, 0x80000081, &info ) == SEC_E_OK, "negotiation package\n" );
    ok( !strcmp( info.PackageInfo->Name, expected ), "negotiation package %s\n", info.PackageInfo->Name );
    FreeContextBuffer( info.PackageInfo );
}

/* Signatures and encryption both ways, with the sizes the chosen package reports. */
static void check_messages( struct side *client, struct side *server )
{
    char data[] = "through Negotiate", copy[sizeof(data)];
    BYTE token[128];
    SecBuffer bufs[2] = { { sizeof(data), SECBUFFER_DATA, data }, { sizeof(token), SECBUFFER_TOKEN, token } };
    SecBufferDesc msg = { SECBUFFER_VERSION, 2, bufs };
    SecPkgContext_Sizes sizes;
    ULONG qop;
    int i;

    ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_SIZES, &sizes ) == SEC_E_OK, "sizes\n" );
    ok( sizes.cbMaxSignature && sizes.cbMaxSignature <= sizeof(token), "signature %lu\n", sizes.cbMaxSignature );
    memcpy( copy, data, sizeof(data) );
    for (i = 0; i < 4; i++)
    {
        struct side *from = i & 1 ? server : client, *to = i & 1 ? client : server;
        winetest_push_context( "message %d", i );
        bufs[1].cbBuffer = sizeof(token);
        ok( MakeSignature( &from->ctxt, 0, &msg, 0 ) == SEC_E_OK, "MakeSignature\n" );
        ok( VerifySignature( &to->ctxt, &msg, 0, &qop ) == SEC_E_OK, "VerifySignature\n" );
        bufs[1].cbBuffer = sizeof(token);
        ok( EncryptMessage( &from->ctxt, 0, &msg, 0 ) == SEC_E_OK, "EncryptMessage\n" );
        /* NTLM without confidentiality only signs */
        ok( memcmp( data, copy, sizeof(data) ) || !(client->attrs & ISC_RET_CONFIDENTIALITY), "not encrypted\n" );
        ok( DecryptMessage( &to->ctxt, &msg, 0, &qop ) == SEC_E_OK, "DecryptMessage\n" );
        ok( !memcmp( data, copy, sizeof(data) ), "not decrypted\n" );
        winetest_pop_context();
    }
    data[0] ^= 1;
    bufs[1].cbBuffer = sizeof(token);
    ok( MakeSignature( &client->ctxt, 0, &msg, 0 ) == SEC_E_OK, "MakeSignature\n" );
    data[0] ^= 1;
    ok( VerifySignature( &server->ctxt, &msg, 0, &qop ) == SEC_E_MESSAGE_ALTERED, "altered message verified\n" );
}

static void check_impersonation( struct side *server )
{
    HANDLE token;

    ok( ImpersonateSecurityContext( &server->ctxt ) == SEC_E_OK, "ImpersonateSecurityContext\n" );
    ok( RevertSecurityContext( &server->ctxt ) == SEC_E_OK, "RevertSecurityContext\n" );
    ok( QuerySecurityContextToken( &server->ctxt, &token ) == SEC_E_OK, "QuerySecurityContextToken\n" );
    CloseHandle( token );
}

static void test_package_info(void)
{
    SecPkgInfoA *info;

    ok( QuerySecurityPackageInfoA( (char *)"Negotiate", &info ) == SEC_E_OK, "no Negotiate\n" );
    ok( (info->fCapabilities & 0x3bb3) == 0x3bb3, "caps %#lx\n", info->fCapabilities );
    ok( info->wVersion == 1 && info->wRPCID == RPC_C_AUTHN_GSS_NEGOTIATE, "version %u, RPC id %u\n", info->wVersion,
        info->wRPCID );
    ok( info->cbMaxToken >= 12256, "max token %lu\n", info->cbMaxToken );
    ok( !strcmp( info->Comment, "Microsoft Package Negotiator" ), "comment %s\n", info->Comment );
    FreeContextBuffer( info );
}

/* No target, no Kerberos: NTLM, bare, as Windows' Negotiate sends it between two local sides. */
static void test_ntlm_bare(void)
{
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( test_user, "WORKGROUP", test_pass );
    struct side client, server;
    SecPkgContext_Sizes sizes;

    ok( acquire( &client, SECPKG_CRED_OUTBOUND, &id ) == SEC_E_OK, "client credentials\n" );
    ok( acquire( &server, SECPKG_CRED_INBOUND, NULL ) == SEC_E_OK, "server credentials\n" );
    side_step( &client, FALSE, NULL, 0, NULL, NULL, 0 );
    ok( client.status == SEC_I_CONTINUE_NEEDED, "client leg 1: %08lx\n", client.status );
    ok( client.token_len > 8 && !memcmp( client.token, "NTLMSSP", 8 ), "not a bare NEGOTIATE\n" );
    side_step( &server, TRUE, NULL, 0, &client, NULL, 0 );
    ok( server.status == SEC_I_CONTINUE_NEEDED, "server leg 2: %08lx\n", server.status );
    ok( !memcmp( server.token, "NTLMSSP\0\2", 9 ), "not a bare CHALLENGE\n" );
    side_step( &client, FALSE, NULL, 0, &server, NULL, 0 );
    ok( client.status == SEC_E_OK, "client leg 3: %08lx\n", client.status );
    ok( !memcmp( client.token, "NTLMSSP\0\3", 9 ), "not a bare AUTHENTICATE\n" );
    side_step( &server, TRUE, NULL, 0, &client, NULL, 0 );
    ok( server.status == SEC_E_OK, "server leg 4: %08lx\n", server.status );
    ok( !server.token_len, "server token of %lu bytes\n", server.token_len );
    if (!server.status)
    {
        ok( QueryContextAttributesA( &client.ctxt, SECPKG_ATTR_SIZES, &sizes ) == SEC_E_OK, "sizes\n" );
        ok( (sizes.cbMaxToken == 2888 || sizes.cbMaxToken == 1904) && sizes.cbMaxSignature == 16 &&
            sizes.cbSecurityTrailer == 16 && !sizes.cbBlockSize, "NTLM's sizes: %lu %lu %lu %lu\n",
            sizes.cbMaxToken, sizes.cbMaxSignature, sizes.cbSecurityTrailer, sizes.cbBlockSize );
        check_package( &client.ctxt, "NTLM" );
        check_package( &server.ctxt, "NTLM" );
        check_impersonation( &server );
    }
    cleanup( &client );
    cleanup( &server );
}

/* PackageList "ntlm": SPNEGO with NTLM, its mechListMICs, and messages after them. */
static void test_ntlm_spnego(void)
{
    SEC_WINNT_AUTH_IDENTITY_EXA id = make_id_ex( test_user, "WORKGROUP", test_pass, "ntlm" );
    SecPkgContext_NegotiationInfoA nego;
    struct side client, server;
    SecBuffer packed;
    CtxtHandle imported;
    HANDLE token = NULL;

    ok( acquire( &client, SECPKG_CRED_OUTBOUND, &id ) == SEC_E_OK, "client credentials\n" );
    ok( acquire( &server, SECPKG_CRED_INBOUND, NULL ) == SEC_E_OK, "server credentials\n" );
    side_step( &client, FALSE, NULL, ISC_REQ_CONFIDENTIALITY, NULL, NULL, 0 );
    ok( client.status == SEC_I_CONTINUE_NEEDED, "client leg 1: %08lx\n", client.status );
    ok( is_spnego_init( &client ), "not a NegTokenInit: %02x\n", client.token[0] );
    ok( QueryContextAttributesA( &client.ctxt, SECPKG_ATTR_NEGOTIATION_INFO, &nego ) == SEC_E_OK, "info\n" );
    ok( nego.NegotiationState != SECPKG_NEGOTIATION_COMPLETE, "complete already\n" );
    ok( !strcmp( nego.PackageInfo->Name, "NTLM" ), "negotiating %s\n", nego.PackageInfo->Name );
    FreeContextBuffer( nego.PackageInfo );
    side_step( &server, TRUE, NULL, ASC_REQ_CONFIDENTIALITY, &client, NULL, 0 );
    ok( server.status == SEC_I_CONTINUE_NEEDED, "server leg 2: %08lx\n", server.status );
    ok( server.token[0] == 0xa1, "not a NegTokenResp: %02x\n", server.token[0] );
    side_step( &client, FALSE, NULL, ISC_REQ_CONFIDENTIALITY, &server, NULL, 0 );
    ok( client.status == SEC_I_CONTINUE_NEEDED, "client leg 3: %08lx\n", client.status );
    ok( has_ntlm_mic( &client ), "no mechListMIC with AUTHENTICATE\n" );
    /* the server's last token waits for a buffer it fits */
    {
        SecBuffer in_buf = { client.token_len, SECBUFFER_TOKEN, client.token }, out_buf = { 8, SECBUFFER_TOKEN,
                                                                                            server.token };
        SecBufferDesc in = { SECBUFFER_VERSION, 1, &in_buf }, out = { SECBUFFER_VERSION, 1, &out_buf };
        ULONG attrs;
        SECURITY_STATUS status = AcceptSecurityContext( &server.cred, &server.ctxt, &in, ASC_REQ_CONFIDENTIALITY,
                                                        SECURITY_NATIVE_DREP, &server.ctxt, &out, &attrs, NULL );
        ok( status == SEC_E_BUFFER_TOO_SMALL, "small buffer: %08lx\n", status );
    }
    side_step( &server, TRUE, NULL, ASC_REQ_CONFIDENTIALITY, &client, NULL, 0 );
    ok( server.status == SEC_E_OK, "server leg 4: %08lx\n", server.status );
    ok( server.token_len && server.token[0] == 0xa1, "no final token: %lu\n", server.token_len );
    ok( has_ntlm_mic( &server ), "no mechListMIC in the final token\n" );
    side_step( &client, FALSE, NULL, ISC_REQ_CONFIDENTIALITY, &server, NULL, 0 );
    ok( client.status == SEC_E_OK, "client leg 5: %08lx\n", client.status );
    ok( !client.token_len, "client token of %lu bytes\n", client.token_len );
    if (!client.status && !server.status)
    {
        check_package( &client.ctxt, "NTLM" );
        check_messages( &client, &server );
        check_impersonation( &server );
        /* export and import go through the chosen package */
        ok( ExportSecurityContext( &server.ctxt, 0, &packed, &token ) == SEC_E_OK, "export\n" );
        ok( ImportSecurityContextA( (char *)"Negotiate", &packed, token, &imported ) == SEC_E_OK, "import\n" );
        FreeContextBuffer( packed.pvBuffer );
        if (token) CloseHandle( token );
        DeleteSecurityContext( &server.ctxt );
        server.ctxt = imported;
        check_messages( &client, &server );
    }
    cleanup( &client );
    cleanup( &server );
}

/* A client's mechListMIC changed on the way: the server refuses the negotiation. */
static void test_tampered_mic(void)
{
    SEC_WINNT_AUTH_IDENTITY_EXA id = make_id_ex( test_user, "WORKGROUP", test_pass, "ntlm" );
    struct side client, server;

    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    side_step( &client, FALSE, NULL, 0, NULL, NULL, 0 );
    side_step( &server, TRUE, NULL, 0, &client, NULL, 0 );
    side_step( &client, FALSE, NULL, 0, &server, NULL, 0 );
    ok( client.status == SEC_I_CONTINUE_NEEDED && client.token_len > 20, "client leg 3: %08lx\n", client.status );
    client.token[client.token_len - 5] ^= 0x40;  /* in the MIC's checksum */
    side_step( &server, TRUE, NULL, 0, &client, NULL, 0 );
    ok( server.status == SEC_E_MESSAGE_ALTERED, "tampered MIC: %08lx\n", server.status );
    cleanup( &client );
    cleanup( &server );
}

/* A server's output with an empty SECBUFFER_ALERT beside the token, as .NET passes it. */
static void test_alert_buffer(void)
{
    SEC_WINNT_AUTH_IDENTITY_EXA id = make_id_ex( test_user, "WORKGROUP", test_pass, "ntlm" );
    SecBuffer in_buf, out_bufs[2];
    SecBufferDesc in = { SECBUFFER_VERSION, 1, &in_buf }, out = { SECBUFFER_VERSION, 2, out_bufs };
    struct side client, server;
    ULONG attrs;

    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    side_step( &client, FALSE, NULL, 0, NULL, NULL, 0 );
    in_buf.BufferType = SECBUFFER_TOKEN;
    in_buf.cbBuffer = client.token_len;
    in_buf.pvBuffer = client.token;
    out_bufs[0].BufferType = SECBUFFER_TOKEN;
    out_bufs[0].cbBuffer = sizeof(server.token);
    out_bufs[0].pvBuffer = server.token;
    out_bufs[1].BufferType = SECBUFFER_ALERT;
    out_bufs[1].cbBuffer = 0;
    out_bufs[1].pvBuffer = NULL;
    server.status = AcceptSecurityContext( &server.cred, NULL, &in, ASC_REQ_CONNECTION, SECURITY_NETWORK_DREP,
                                           &server.ctxt, &out, &attrs, NULL );
    ok( server.status == SEC_I_CONTINUE_NEEDED, "with an alert buffer: %08lx\n", server.status );
    ok( out_bufs[0].cbBuffer && out_bufs[0].cbBuffer < sizeof(server.token), "token of %lu bytes\n",
        out_bufs[0].cbBuffer );
    ok( !out_bufs[1].cbBuffer, "alert of %lu bytes\n", out_bufs[1].cbBuffer );
    server.has_ctxt = !FAILED( server.status );
    cleanup( &client );
    cleanup( &server );
}

/* A client of the NTLM package itself: a Negotiate server answers it bare. */
static void test_bare_client(void)
{
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( test_user, "WORKGROUP", test_pass );
    struct side client, server;
    int legs;

    side_acquire( &client, "NTLM", SECPKG_CRED_OUTBOUND, &id );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    ok( handshake( &client, &server, NULL, 0, 0, &legs ) == SEC_E_OK, "handshake: %08lx %08lx\n", client.status,
        server.status );
    ok( legs == 4, "%d legs\n", legs );
    if (!server.status) check_package( &server.ctxt, "NTLM" );
    cleanup( &client );
    cleanup( &server );
}

/* A server asked first: its NegTokenInit2 names its mechanisms; the client answers as usual. */
static void test_server_first(void)
{
    SEC_WINNT_AUTH_IDENTITY_EXA id = make_id_ex( test_user, "WORKGROUP", test_pass, "ntlm" );
    SecBuffer out_buf = { NEGO_MAX_TOKEN, SECBUFFER_TOKEN, NULL }, empty = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc in = { SECBUFFER_VERSION, 1, &empty }, out = { SECBUFFER_VERSION, 1, &out_buf };
    struct side client, server;
    ULONG attrs;
    int legs;

    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    out_buf.pvBuffer = server.token;
    server.status = AcceptSecurityContext( &server.cred, NULL, &in, 0, SECURITY_NATIVE_DREP, &server.ctxt, &out,
                                           &attrs, NULL );
    ok( server.status == SEC_I_CONTINUE_NEEDED, "server first: %08lx\n", server.status );
    server.has_ctxt = !FAILED( server.status );
    server.token_len = out_buf.cbBuffer;
    ok( is_spnego_init( &server ), "not a NegTokenInit2\n" );
    /* the client given it starts as it would have */
    side_step( &client, FALSE, NULL, 0, &server, NULL, 0 );
    ok( client.status == SEC_I_CONTINUE_NEEDED && is_spnego_init( &client ), "client first: %08lx\n",
        client.status );
    drop_context( &client );
    ok( handshake( &client, &server, NULL, 0, 0, &legs ) == SEC_E_OK, "handshake: %08lx %08lx\n", client.status,
        server.status );
    cleanup( &client );
    cleanup( &server );
}

static void test_hostile_tokens(void)
{
    static const BYTE garbage[] = { 0x60, 0x80, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02, 0xa0 };
    /* a NegTokenInit of NegoEx (1.3.6.1.4.1.311.2.2.30) alone */
    static const BYTE negoex_only[] = { 0x60, 0x1c, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02, 0xa0, 0x12,
                                        0x30, 0x10, 0xa0, 0x0e, 0x30, 0x0c, 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04,
                                        0x01, 0x82, 0x37, 0x02, 0x02, 0x1e };
    SEC_WINNT_AUTH_IDENTITY_EXA id = make_id_ex( test_user, "WORKGROUP", test_pass, "ntlm" );
    struct side client, server;
    ULONG len;

    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    memcpy( client.token, garbage, sizeof(garbage) );
    client.token_len = sizeof(garbage);
    side_step( &server, TRUE, NULL, 0, &client, NULL, 0 );
    ok( server.status == SEC_E_INVALID_TOKEN, "garbage: %08lx\n", server.status );
    memcpy( client.token, negoex_only, sizeof(negoex_only) );
    client.token_len = sizeof(negoex_only);
    side_step( &server, TRUE, NULL, 0, &client, NULL, 0 );
    ok( server.status == SEC_E_INVALID_TOKEN, "no common mechanism: %08lx\n", server.status );

    /* every truncation of a real NegTokenInit (nothing at all is a client waiting for the server to speak) */
    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    side_step( &client, FALSE, NULL, 0, NULL, NULL, 0 );
    for (len = client.token_len; len > 1; len--)
    {
        struct side cut = client;
        cut.token_len = len - 1;
        side_step( &server, TRUE, NULL, 0, &cut, NULL, 0 );
        ok( server.status == SEC_E_INVALID_TOKEN, "cut to %lu: %08lx\n", len - 1, server.status );
        if (server.has_ctxt) drop_context( &server );
    }
    cleanup( &client );
    cleanup( &server );
}

/* The LSA's Negotiate package: its id, the caller's name, a call with no message. */
static void test_lsa(void)
{
    NEGOTIATE_CALLER_NAME_REQUEST req = { NegGetCallerName };
    NEGOTIATE_CALLER_NAME_RESPONSE *resp;
    LSA_STRING name = { 9, 10, (char *)"Negotiate" };
    NTSTATUS status, protocol;
    ULONG package, len;
    HANDLE lsa;

    ok( !LsaConnectUntrusted( &lsa ), "LsaConnectUntrusted\n" );
    ok( !LsaLookupAuthenticationPackage( lsa, &name, &package ), "LsaLookupAuthenticationPackage\n" );
    ok( package == 0, "package id %lu\n", package );
    status = LsaCallAuthenticationPackage( lsa, package, &req, sizeof(req), (void **)&resp, &len, &protocol );
    ok( !status, "NegGetCallerName: %08lx\n", status );
    ok( protocol == STATUS_SUCCESS || protocol == STATUS_NO_SUCH_LOGON_SESSION, "protocol %08lx\n", protocol );
    if (!status && !protocol)
    {
        ok( resp->MessageType == NegGetCallerName, "message %lu\n", resp->MessageType );
        ok( (char *)resp->CallerName >= (char *)(resp + 1) &&
            len >= sizeof(*resp) + (wcslen( resp->CallerName ) + 1) * sizeof(WCHAR), "name outside the buffer\n" );
        ok( wcschr( resp->CallerName, '\\' ) != NULL, "name %s\n", wine_dbgstr_w(resp->CallerName) );
        LsaFreeReturnBuffer( resp );
    }
    status = LsaCallAuthenticationPackage( lsa, package, NULL, 0, (void **)&resp, &len, &protocol );
    ok( status == STATUS_INVALID_PARAMETER, "no message: %08lx\n", status );

    /* the packages Negotiate chooses from, each with the OID (as DER) its tokens start with */
    {
        static const BYTE krb5_oid[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02 };
        ULONG message = NegEnumPackagePrefixes, i;
        NEGOTIATE_PACKAGE_PREFIXES *prefixes;
        NEGOTIATE_PACKAGE_PREFIX *prefix;
        BOOL kerberos = FALSE;

        status = LsaCallAuthenticationPackage( lsa, package, &message, sizeof(message), (void **)&prefixes, &len,
                                               &protocol );
        ok( !status && !protocol, "NegEnumPackagePrefixes: %08lx %08lx\n", status, protocol );
        if (!status && !protocol)
        {
            ok( prefixes->MessageType == NegEnumPackagePrefixes && prefixes->PrefixCount >= 2, "%lu prefixes\n",
                prefixes->PrefixCount );
            ok( prefixes->Offset + prefixes->PrefixCount * sizeof(*prefix) <= len, "prefixes outside the buffer\n" );
            prefix = (NEGOTIATE_PACKAGE_PREFIX *)((BYTE *)prefixes + prefixes->Offset);
            for (i = 0; i < prefixes->PrefixCount; i++)
                if (prefix[i].PrefixLen == sizeof(krb5_oid) && !memcmp( prefix[i].Prefix, krb5_oid, sizeof(krb5_oid) ))
                    kerberos = TRUE;
            ok( kerberos, "no Kerberos prefix\n" );
            LsaFreeReturnBuffer( prefixes );
        }
    }
    LsaDeregisterLogonProcess( lsa );
}

/* The user's own credentials on both sides, for a server of this machine: Kerberos
 * when tickets serve it, else NTLM as the logged-on user. */
static void test_default_credentials(void)
{
    struct side client, server;
    int legs;

    ok( acquire( &client, SECPKG_CRED_OUTBOUND, NULL ) == SEC_E_OK, "client credentials\n" );
    ok( acquire( &server, SECPKG_CRED_INBOUND, NULL ) == SEC_E_OK, "server credentials\n" );
    ok( handshake( &client, &server, target, ISC_REQ_CONFIDENTIALITY, 0, &legs ) == SEC_E_OK,
        "handshake: %08lx %08lx\n", client.status, server.status );
    if (!client.status && !server.status) check_messages( &client, &server );
    cleanup( &client );
    cleanup( &server );
}

/* Whether this machine's user has Kerberos tickets (kinit in the realm kerberos.c describes). */
static BOOL have_tickets(void)
{
    SecPkgCredentials_NamesA names;
    struct side side;
    BOOL named = FALSE;

    /* the logged-on user has Kerberos credentials without tickets too, named once there are some */
    if (side_acquire( &side, "Kerberos", SECPKG_CRED_OUTBOUND, NULL )) return FALSE;
    if (QueryCredentialsAttributesA( &side.cred, SECPKG_CRED_ATTR_NAMES, &names ) == SEC_E_OK)
    {
        named = names.sUserName && strchr( names.sUserName, '@' );
        FreeContextBuffer( names.sUserName );
    }
    FreeCredentialsHandle( &side.cred );
    return named;
}

/* Kerberos inside SPNEGO: the AP-REQ optimistic, the AP-REP in the accept-completed reply. */
static void test_kerberos(void)
{
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( test_user, NULL, test_pass );
    struct side client, server;
    int legs;

    acquire( &client, SECPKG_CRED_OUTBOUND, NULL );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    side_step( &client, FALSE, target, ISC_REQ_CONFIDENTIALITY, NULL, NULL, 0 );
    ok( client.status == SEC_I_CONTINUE_NEEDED, "client leg 1: %08lx\n", client.status );
    ok( is_spnego_init( &client ), "not a NegTokenInit\n" );
    side_step( &server, TRUE, NULL, ASC_REQ_CONFIDENTIALITY, &client, NULL, 0 );
    ok( server.status == SEC_E_OK, "server leg 2: %08lx\n", server.status );
    ok( server.token_len && server.token[0] == 0xa1, "no final token\n" );
    side_step( &client, FALSE, target, ISC_REQ_CONFIDENTIALITY, &server, NULL, 0 );
    ok( client.status == SEC_E_OK, "client leg 3: %08lx\n", client.status );
    ok( !client.token_len, "client token of %lu bytes\n", client.token_len );
    ok( client.attrs & ISC_RET_MUTUAL_AUTH, "attrs %08lx\n", client.attrs );
    if (!client.status && !server.status)
    {
        check_package( &client.ctxt, "Kerberos" );
        check_package( &server.ctxt, "Kerberos" );
        check_messages( &client, &server );
        check_impersonation( &server );
    }
    cleanup( &client );
    cleanup( &server );

    /* a target the realm does not know: NTLM, inside SPNEGO (with a password: the user's
     * tickets are no NTLM credentials) */
    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    ok( handshake( &client, &server, "host/nosuchhost.localhost", 0, 0, &legs ) == SEC_E_OK, "fallback: %08lx %08lx\n",
        client.status, server.status );
    if (!server.status) check_package( &server.ctxt, "NTLM" );
    cleanup( &client );
    cleanup( &server );

    /* DCE style, as RPC asks for it: the client's AP-REP too, inside SPNEGO */
    acquire( &client, SECPKG_CRED_OUTBOUND, NULL );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    ok( handshake( &client, &server, target, ISC_REQ_USE_DCE_STYLE | ISC_REQ_MUTUAL_AUTH | ISC_REQ_CONFIDENTIALITY,
                   ASC_REQ_USE_DCE_STYLE, &legs ) == SEC_E_OK, "DCE style: %08lx %08lx\n", client.status,
        server.status );
    ok( client.attrs & ISC_RET_USED_DCE_STYLE, "attrs %08lx\n", client.attrs );
    if (!client.status && !server.status) check_messages( &client, &server );
    cleanup( &client );
    cleanup( &server );

    /* "!ntlm": Kerberos alone, NTLM not even listed */
    {
        static const BYTE ntlm_oid[] = { 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a };
        SEC_WINNT_AUTH_IDENTITY_EXA no_ntlm = make_id_ex( NULL, NULL, NULL, "!ntlm" );
        ULONG i;
        BOOL listed = FALSE;

        ok( acquire( &client, SECPKG_CRED_OUTBOUND, &no_ntlm ) == SEC_E_OK, "\"!ntlm\"\n" );
        side_step( &client, FALSE, target, 0, NULL, NULL, 0 );
        ok( client.status == SEC_I_CONTINUE_NEEDED && is_spnego_init( &client ), "\"!ntlm\": %08lx\n", client.status );
        for (i = 0; i + sizeof(ntlm_oid) <= client.token_len; i++)
            if (!memcmp( client.token + i, ntlm_oid, sizeof(ntlm_oid) )) listed = TRUE;
        ok( !listed, "NTLM offered\n" );
        cleanup( &client );
    }

    /* a server's first step with a buffer too small for its answer spends no AP-REQ (what
     * Windows answers is not known here) */
    if (!strcmp( winetest_platform, "wine" ))
    {
        SecBuffer in_buf, out_buf = { 64, SECBUFFER_TOKEN, NULL };
        SecBufferDesc in = { SECBUFFER_VERSION, 1, &in_buf }, out = { SECBUFFER_VERSION, 1, &out_buf };
        CtxtHandle ctxt;
        ULONG attrs;

        acquire( &client, SECPKG_CRED_OUTBOUND, NULL );
        acquire( &server, SECPKG_CRED_INBOUND, NULL );
        side_step( &client, FALSE, target, 0, NULL, NULL, 0 );
        in_buf.BufferType = SECBUFFER_TOKEN;
        in_buf.cbBuffer = client.token_len;
        in_buf.pvBuffer = client.token;
        out_buf.pvBuffer = server.token;
        ok( AcceptSecurityContext( &server.cred, NULL, &in, 0, SECURITY_NATIVE_DREP, &ctxt, &out, &attrs, NULL ) ==
            SEC_E_BUFFER_TOO_SMALL, "small buffer\n" );
        side_step( &server, TRUE, NULL, 0, &client, NULL, 0 );
        ok( server.status == SEC_E_OK, "the same token again: %08lx\n", server.status );
        cleanup( &client );
        cleanup( &server );
    }

    /* a bare Kerberos client: the AP-REP goes back bare */
    side_acquire( &client, "Kerberos", SECPKG_CRED_OUTBOUND, NULL );
    acquire( &server, SECPKG_CRED_INBOUND, NULL );
    ok( handshake( &client, &server, target, ISC_REQ_MUTUAL_AUTH, 0, &legs ) == SEC_E_OK, "bare: %08lx %08lx\n",
        client.status, server.status );
    ok( server.token[0] == 0x60, "not a bare AP-REP: %02x\n", server.token[0] );
    cleanup( &client );
    cleanup( &server );
}

/* A server without Kerberos: it answers request-mic with NTLM, and the client changes mechanisms. */
static void test_reselection(void)
{
    SEC_WINNT_AUTH_IDENTITY_EXA ntlm_only = make_id_ex( NULL, NULL, NULL, "ntlm" );
    SEC_WINNT_AUTH_IDENTITY_A id = make_id( test_user, NULL, test_pass );
    struct side client, server;
    int legs;

    acquire( &client, SECPKG_CRED_OUTBOUND, &id );
    ok( acquire( &server, SECPKG_CRED_INBOUND, &ntlm_only ) == SEC_E_OK, "NTLM-only server\n" );
    ok( handshake( &client, &server, target, 0, 0, &legs ) == SEC_E_OK, "handshake: %08lx %08lx\n", client.status,
        server.status );
    ok( legs == 7, "%d legs\n", legs );
    if (!client.status && !server.status)
    {
        check_package( &client.ctxt, "NTLM" );
        check_messages( &client, &server );
    }
    cleanup( &client );
    cleanup( &server );
}

START_TEST(negotiate)
{
    test_package_info();
    test_ntlm_bare();
    test_ntlm_spnego();
    test_tampered_mic();
    test_bare_client();
    test_alert_buffer();
    test_server_first();
    test_hostile_tokens();
    test_lsa();
    test_default_credentials();
    if (!have_tickets())
    {
        SEC_WINNT_AUTH_IDENTITY_EXA no_ntlm = make_id_ex( NULL, NULL, NULL, "!ntlm" );
        struct side side;
        SECURITY_STATUS status = acquire( &side, SECPKG_CRED_OUTBOUND, &no_ntlm );
        /* Kerberos' credentials without tickets fail at the first step */
        if (!status)
        {
            side_step( &side, FALSE, target, 0, NULL, NULL, 0 );
            status = side.status;
            if (side.has_ctxt) DeleteSecurityContext( &side.ctxt );
            FreeCredentialsHandle( &side.cred );
        }
        ok( status == SEC_E_NO_CREDENTIALS, "\"!ntlm\" without tickets: %08lx\n", status );
        skip( "no Kerberos tickets: run kinit in a realm as kerberos.c describes\n" );
        return;
    }
    test_kerberos();
    test_reselection();
}
