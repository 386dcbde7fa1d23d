/*
 * NTLM and Negotiate driven the way widely used programs drive them: curl's
 * SSPI code (NTLM over HTTPS with the Schannel context's channel bindings on
 * the third message only, Negotiate with ISC_REQ_CONFIDENTIALITY alone and no
 * first input), and .NET's NegotiateAuthentication (an identity freed right
 * after AcquireCredentialsHandle, a first input descriptor of no buffers,
 * caller buffers of cbMaxToken, an ALERT buffer of nothing, the attributes of
 * the last call, and its wrap, unwrap and MIC layouts, signed only too); and
 * the client/server sample of Microsoft's SSPI documentation (a UPN as the
 * target, the server's requirements the attributes its last call returned).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <windef.h>
#include <winbase.h>
#include <wincrypt.h>
#define SECURITY_WIN32
#include <sspi.h>
#define SCHANNEL_USE_BLACKLISTS
#include <schannel.h>

#include "wine/test.h"
#include "tls_sides.h"

static const char test_user[] = "testuser", test_pass[] = "testpass";

static ULONG max_token( const char *package )
{
    SecPkgInfoA *info;
    ULONG ret = 0;

    if (QuerySecurityPackageInfoA( (char *)package, &info ) == SEC_E_OK)
    {
        ret = info->cbMaxToken;
        FreeContextBuffer( info );
    }
    return ret;
}

/* A server's step, as IIS-style servers call it: TOKEN and BINDINGS in, TOKEN out. */
static SECURITY_STATUS serve( CredHandle *cred, CtxtHandle *ctxt, BOOL *has_ctxt, ULONG req, void *token, ULONG len,
                              SecPkgContext_Bindings *bindings, BYTE *out, ULONG *out_len )
{
    SecBuffer in[2] = { { len, SECBUFFER_TOKEN, token } }, out_buf = { *out_len, SECBUFFER_TOKEN, out };
    SecBufferDesc input = { SECBUFFER_VERSION, 1, in }, output = { SECBUFFER_VERSION, 1, &out_buf };
    SECURITY_STATUS status;
    ULONG attrs;
    TimeStamp ts;

    if (bindings)
    {
        in[1].BufferType = SECBUFFER_CHANNEL_BINDINGS;
        in[1].cbBuffer = bindings->BindingsLength;
        in[1].pvBuffer = bindings->Bindings;
        input.cBuffers = 2;
    }
    status = AcceptSecurityContext( cred, *has_ctxt ? ctxt : NULL, &input, req, SECURITY_NETWORK_DREP, ctxt, &output,
                                    &attrs, &ts );
    if (!FAILED( status )) *has_ctxt = TRUE;
    *out_len = out_buf.cbBuffer;
    return status;
}

/* Schannel contexts of both ends of an HTTPS connection, for their channel bindings. */
static BOOL tls_pair( struct side *client, struct side *server )
{
    make_pair( client, server, 0, NULL, 0 );
    return handshake( client, server );
}

/* curl's NTLM over HTTPS: fContextReq 0, SECURITY_NETWORK_DREP, no first input, the
 * same handle in and out, bindings on the type-3 call only, which must be SEC_E_OK. */
static void test_curl_ntlm(void)
{
    struct side *tls_client = malloc( sizeof(*tls_client) ), *tls_server = malloc( sizeof(*tls_server) );
    SEC_WINNT_AUTH_IDENTITY_A id = { (BYTE *)test_user, 8, (BYTE *)"WORKGROUP", 9, (BYTE *)test_pass, 8,
                                     SEC_WINNT_AUTH_IDENTITY_ANSI };
    SecPkgContext_Bindings client_bindings, server_bindings;
    ULONG token_max = max_token( "NTLM" ), attrs, len;
    SecBuffer type1 = { token_max, SECBUFFER_TOKEN }, type2[2], type3 = { token_max, SECBUFFER_TOKEN };
    SecBufferDesc type1_desc = { SECBUFFER_VERSION, 1, &type1 }, type2_desc = { SECBUFFER_VERSION, 2, type2 };
    SecBufferDesc type3_desc = { SECBUFFER_VERSION, 1, &type3 };
    CredHandle cred, server_cred;
    CtxtHandle ctxt = { 0 }, server_ctxt;
    BOOL server_has = FALSE;
    SecPkgContext_NamesA names;
    SECURITY_STATUS status;
    TimeStamp ts;
    BYTE *out = malloc( token_max ), *reply = malloc( token_max );

    ok( token_max >= 1904, "cbMaxToken %lu\n", token_max );
    if (!tls_pair( tls_client, tls_server ))
    {
        ok( 0, "no TLS connection: %08lx %08lx\n", tls_client->status, tls_server->status );
        goto done;
    }
    ok( QueryContextAttributesA( &tls_client->ctxt, SECPKG_ATTR_ENDPOINT_BINDINGS, &client_bindings ) == SEC_E_OK,
        "client bindings\n" );
    ok( QueryContextAttributesA( &tls_server->ctxt, SECPKG_ATTR_ENDPOINT_BINDINGS, &server_bindings ) == SEC_E_OK,
        "server bindings\n" );
    ok( AcquireCredentialsHandleA( NULL, (char *)"NTLM", SECPKG_CRED_OUTBOUND, NULL, &id, NULL, NULL, &cred, &ts ) ==
        SEC_E_OK, "client credentials\n" );
    ok( AcquireCredentialsHandleA( NULL, (char *)"NTLM", SECPKG_CRED_INBOUND, NULL, NULL, NULL, NULL, &server_cred,
                                   &ts ) == SEC_E_OK, "server credentials\n" );

    type1.pvBuffer = out;
    status = InitializeSecurityContextA( &cred, NULL, (char *)"HTTP/localhost", 0, 0, SECURITY_NETWORK_DREP, NULL, 0,
                                         &ctxt, &type1_desc, &attrs, &ts );
    ok( status == SEC_I_CONTINUE_NEEDED, "type 1: %08lx\n", status );
    len = token_max;
    status = serve( &server_cred, &server_ctxt, &server_has, ASC_REQ_CONNECTION, out, type1.cbBuffer, NULL, reply,
                    &len );
    ok( status == SEC_I_CONTINUE_NEEDED, "type 2: %08lx\n", status );

    type2[0].BufferType = SECBUFFER_TOKEN;
    type2[0].cbBuffer = len;
    type2[0].pvBuffer = reply;
    type2[1].BufferType = SECBUFFER_CHANNEL_BINDINGS;
    type2[1].cbBuffer = client_bindings.BindingsLength;
    type2[1].pvBuffer = client_bindings.Bindings;
    type3.pvBuffer = out;
    status = InitializeSecurityContextA( &cred, &ctxt, (char *)"HTTP/localhost", 0, 0, SECURITY_NETWORK_DREP,
                                         &type2_desc, 0, &ctxt, &type3_desc, &attrs, &ts );
    ok( status == SEC_E_OK, "type 3: %08lx, not SEC_E_OK as curl wants\n", status );
    len = token_max;
    status = serve( &server_cred, &server_ctxt, &server_has, ASC_REQ_CONNECTION, out, type3.cbBuffer,
                    &server_bindings, reply, &len );
    ok( status == SEC_E_OK, "the server: %08lx\n", status );
    if (!status && QueryContextAttributesA( &server_ctxt, SECPKG_ATTR_NAMES, &names ) == SEC_E_OK)
    {
        ok( strstr( names.sUserName, test_user ) != NULL, "server name %s\n", names.sUserName );
        FreeContextBuffer( names.sUserName );
    }
    /* curl is done with its side at once */
    DeleteSecurityContext( &ctxt );
    FreeCredentialsHandle( &cred );
    if (server_has) DeleteSecurityContext( &server_ctxt );
    FreeCredentialsHandle( &server_cred );
    FreeContextBuffer( client_bindings.Bindings );
    FreeContextBuffer( server_bindings.Bindings );
done:
    free_pair( tls_client, tls_server );
    free( out );
    free( reply );
}

/* curl's Negotiate: ISC_REQ_CONFIDENTIALITY on every leg, SECURITY_NATIVE_DREP, no first input. */
static void test_curl_negotiate(void)
{
    SEC_WINNT_AUTH_IDENTITY_A id = { (BYTE *)test_user, 8, NULL, 0, (BYTE *)test_pass, 8,
                                     SEC_WINNT_AUTH_IDENTITY_ANSI };
    ULONG token_max = max_token( "Negotiate" ), attrs, len = 0;
    SecBuffer chlg = { 0, SECBUFFER_TOKEN }, resp = { 0, SECBUFFER_TOKEN };
    SecBufferDesc chlg_desc = { SECBUFFER_VERSION, 1, &chlg }, resp_desc = { SECBUFFER_VERSION, 1, &resp };
    CredHandle cred, server_cred;
    CtxtHandle ctxt = { 0 }, server_ctxt;
    BOOL server_has = FALSE, first = TRUE;
    SECURITY_STATUS status, server_status = SEC_I_CONTINUE_NEEDED;
    TimeStamp ts;
    BYTE *out = malloc( token_max ), *reply = malloc( token_max );
    int legs;

    ok( AcquireCredentialsHandleA( NULL, (char *)"Negotiate", SECPKG_CRED_OUTBOUND, NULL, &id, NULL, NULL, &cred,
                                   &ts ) == SEC_E_OK, "client credentials\n" );
    ok( AcquireCredentialsHandleA( NULL, (char *)"Negotiate", SECPKG_CRED_INBOUND, NULL, NULL, NULL, NULL,
                                   &server_cred, &ts ) == SEC_E_OK, "server credentials\n" );
    for (legs = 0; legs < 6; legs++)
    {
        chlg.cbBuffer = len;
        chlg.pvBuffer = reply;
        resp.cbBuffer = token_max;
        resp.pvBuffer = out;
        status = InitializeSecurityContextA( &cred, first ? NULL : &ctxt, (char *)"HTTP/localhost",
                                             ISC_REQ_CONFIDENTIALITY, 0, SECURITY_NATIVE_DREP,
                                             first ? NULL : &chlg_desc, 0, &ctxt, &resp_desc, &attrs, &ts );
        first = FALSE;
        ok( !FAILED( status ), "leg %d: %08lx\n", legs, status );
        if (FAILED( status ) || (status == SEC_E_OK && server_status == SEC_E_OK)) break;
        ok( resp.cbBuffer, "no token to send\n" );
        len = token_max;
        server_status = serve( &server_cred, &server_ctxt, &server_has, ASC_REQ_CONNECTION, out, resp.cbBuffer, NULL,
                               reply, &len );
        ok( !FAILED( server_status ), "server leg %d: %08lx\n", legs, server_status );
        if (FAILED( server_status ) || (server_status == SEC_E_OK && (status == SEC_E_OK || !len))) break;
    }
    ok( server_status == SEC_E_OK, "handshake: %08lx %08lx\n", status, server_status );
    DeleteSecurityContext( &ctxt );
    FreeCredentialsHandle( &cred );
    if (server_has) DeleteSecurityContext( &server_ctxt );
    FreeCredentialsHandle( &server_cred );
    free( out );
    free( reply );
}

/* .NET's context pair: client flags REQ, server flags SREQ, both on every call. */
struct dotnet
{
    CredHandle cred, server_cred;
    CtxtHandle ctxt, server_ctxt;
    ULONG attrs, server_attrs;
};

static SECURITY_STATUS dotnet_handshake( struct dotnet *d, const char *package, ULONG req, ULONG sreq )
{
    PSEC_WINNT_AUTH_IDENTITY_OPAQUE auth;
    ULONG token_max = max_token( package ), len = 0, cb;
    BYTE *token = malloc( token_max ), *reply = malloc( token_max ), junk[64];
    SecBuffer in, out, sout[2];
    SecBufferDesc in_desc = { SECBUFFER_VERSION, 0, (SecBuffer *)junk }, out_desc = { SECBUFFER_VERSION, 1, &out };
    SecBufferDesc sin_desc = { SECBUFFER_VERSION, 1, &in }, sout_desc = { SECBUFFER_VERSION, 2, sout };
    SECURITY_STATUS status = SEC_E_INTERNAL_ERROR, sstatus = SEC_I_CONTINUE_NEEDED;
    BOOL has = FALSE, shas = FALSE;
    TimeStamp ts;
    int legs;

    memset( d, 0, sizeof(*d) );
    memset( junk, 0xcc, sizeof(junk) );
    ok( SspiEncodeStringsAsAuthIdentity( L"testuser", L"", L"testpass", &auth ) == SEC_E_OK, "encode\n" );
    status = AcquireCredentialsHandleW( NULL, (WCHAR *)(package[0] == 'N' && package[1] == 'T' ? L"NTLM" : L"Negotiate"),
                                        SECPKG_CRED_OUTBOUND, NULL, auth, NULL, NULL, &d->cred, &ts );
    /* the package must have copied the identity */
    SspiFreeAuthIdentity( auth );
    ok( status == SEC_E_OK, "client credentials: %08lx\n", status );
    ok( AcquireCredentialsHandleA( NULL, (char *)package, SECPKG_CRED_INBOUND, NULL, NULL, NULL, NULL,
                                   &d->server_cred, &ts ) == SEC_E_OK, "server credentials\n" );
    for (legs = 0; legs < 6; legs++)
    {
        /* no input buffer at all on the first call, but a descriptor */
        if (len)
        {
            in.BufferType = SECBUFFER_TOKEN;
            in.cbBuffer = len;
            in.pvBuffer = reply;
            in_desc.pBuffers = &in;
            in_desc.cBuffers = 1;
        }
        out.BufferType = SECBUFFER_TOKEN;
        out.cbBuffer = token_max;
        out.pvBuffer = token;
        d->attrs = 0;
        status = InitializeSecurityContextW( &d->cred, has ? &d->ctxt : NULL, (WCHAR *)L"HOST/localhost", req, 0,
                                             SECURITY_NETWORK_DREP, &in_desc, 0, &d->ctxt, &out_desc, &d->attrs,
                                             &ts );
        if (FAILED( status )) break;
        has = TRUE;
        if (status == SEC_E_OK && sstatus == SEC_E_OK) break;
        cb = out.cbBuffer;
        in.BufferType = SECBUFFER_TOKEN;
        in.cbBuffer = cb;
        in.pvBuffer = token;
        sout[0].BufferType = SECBUFFER_TOKEN;
        sout[0].cbBuffer = token_max;
        sout[0].pvBuffer = reply;
        sout[1].BufferType = SECBUFFER_ALERT;
        sout[1].cbBuffer = 0;
        sout[1].pvBuffer = NULL;
        sstatus = AcceptSecurityContext( &d->server_cred, shas ? &d->server_ctxt : NULL, &sin_desc, sreq,
                                         SECURITY_NETWORK_DREP, &d->server_ctxt, &sout_desc, &d->server_attrs, &ts );
        ok( !sout[1].pvBuffer && !sout[1].cbBuffer, "an alert buffer of %lu bytes\n", sout[1].cbBuffer );
        if (FAILED( sstatus )) break;
        shas = TRUE;
        len = sout[0].cbBuffer;
        if (sstatus == SEC_E_OK && (status == SEC_E_OK || !len)) break;
    }
    free( token );
    free( reply );
    return FAILED( status ) ? status : sstatus;
}

static void dotnet_free( struct dotnet *d )
{
    DeleteSecurityContext( &d->ctxt );
    DeleteSecurityContext( &d->server_ctxt );
    FreeCredentialsHandle( &d->cred );
    FreeCredentialsHandle( &d->server_cred );
}

/* Wrap: TOKEN(cbSecurityTrailer)+DATA+PADDING; unwrap: STREAM+DATA, the data pointing into the stream. */
static void dotnet_wrap( struct dotnet *d, ULONG qop_in, ULONG expect_qop )
{
    static const char text[] = "NegotiateStream";
    SecPkgContext_Sizes sizes;
    BYTE buf[256];
    SecBuffer wrap[3], unwrap[2];
    SecBufferDesc wrap_desc = { SECBUFFER_VERSION, 3, wrap }, unwrap_desc = { SECBUFFER_VERSION, 2, unwrap };
    ULONG total, qop = 0;
    SECURITY_STATUS status;

    ok( QueryContextAttributesW( &d->ctxt, SECPKG_ATTR_SIZES, &sizes ) == SEC_E_OK, "sizes\n" );
    memcpy( buf + sizes.cbSecurityTrailer, text, sizeof(text) );
    wrap[0].BufferType = SECBUFFER_TOKEN; wrap[0].pvBuffer = buf; wrap[0].cbBuffer = sizes.cbSecurityTrailer;
    wrap[1].BufferType = SECBUFFER_DATA; wrap[1].pvBuffer = buf + sizes.cbSecurityTrailer; wrap[1].cbBuffer = sizeof(text);
    wrap[2].BufferType = SECBUFFER_PADDING; wrap[2].pvBuffer = buf + sizes.cbSecurityTrailer + sizeof(text);
    wrap[2].cbBuffer = sizes.cbBlockSize;
    status = EncryptMessage( &d->ctxt, qop_in, &wrap_desc, 0 );
    ok( status == SEC_E_OK, "wrap: %08lx\n", status );
    /* .NET moves the data down to the token's length and the padding after it */
    memmove( buf + wrap[0].cbBuffer, wrap[1].pvBuffer, wrap[1].cbBuffer );
    memmove( buf + wrap[0].cbBuffer + wrap[1].cbBuffer, wrap[2].pvBuffer, wrap[2].cbBuffer );
    total = wrap[0].cbBuffer + wrap[1].cbBuffer + wrap[2].cbBuffer;

    unwrap[0].BufferType = SECBUFFER_STREAM; unwrap[0].pvBuffer = buf; unwrap[0].cbBuffer = total;
    unwrap[1].BufferType = SECBUFFER_DATA; unwrap[1].pvBuffer = NULL; unwrap[1].cbBuffer = 0;
    status = DecryptMessage( &d->server_ctxt, &unwrap_desc, 0, &qop );
    ok( status == SEC_E_OK, "unwrap: %08lx\n", status );
    ok( unwrap[1].BufferType == SECBUFFER_DATA && (BYTE *)unwrap[1].pvBuffer >= buf &&
        (BYTE *)unwrap[1].pvBuffer < buf + total, "the data is not in the stream\n" );
    ok( unwrap[1].cbBuffer == sizeof(text) && !memcmp( unwrap[1].pvBuffer, text, sizeof(text) ), "unwrapped %lu bytes\n",
        unwrap[1].cbBuffer );
    ok( qop == expect_qop, "qop %#lx, expected %#lx\n", qop, expect_qop );
}

/* GetMIC and VerifyMIC: TOKEN(cbMaxSignature)+DATA. */
static void dotnet_mic( struct dotnet *d, ULONG qop )
{
    SecPkgContext_Sizes sizes;
    char data[] = "integrity";
    BYTE sig[64];
    SecBuffer bufs[2] = { { 0, SECBUFFER_TOKEN, sig }, { sizeof(data), SECBUFFER_DATA, data } };
    SecBufferDesc desc = { SECBUFFER_VERSION, 2, bufs };
    ULONG got;

    QueryContextAttributesW( &d->ctxt, SECPKG_ATTR_SIZES, &sizes );
    bufs[0].cbBuffer = sizes.cbMaxSignature;
    ok( MakeSignature( &d->ctxt, qop, &desc, 0 ) == SEC_E_OK, "GetMIC with qop %#lx\n", qop );
    ok( VerifySignature( &d->server_ctxt, &desc, 0, &got ) == SEC_E_OK, "VerifyMIC\n" );
}

static void test_dotnet( const char *package )
{
    struct dotnet d;
    SECURITY_STATUS status;

    winetest_push_context( "%s", package );
    /* NegotiateStream's default: EncryptAndSign, identification, mutual authentication */
    status = dotnet_handshake( &d, package, ISC_REQ_CONNECTION | ISC_REQ_INTEGRITY | ISC_REQ_CONFIDENTIALITY |
                               ISC_REQ_MUTUAL_AUTH | ISC_REQ_IDENTIFY,
                               ASC_REQ_INTEGRITY | ASC_REQ_CONFIDENTIALITY | ASC_REQ_CONNECTION );
    ok( status == SEC_E_OK, "handshake: %08lx\n", status );
    if (!status)
    {
        /* the last call reports what NegotiateAuthentication checks */
        ok( (d.attrs & (ISC_RET_INTEGRITY | ISC_RET_CONFIDENTIALITY)) == (ISC_RET_INTEGRITY | ISC_RET_CONFIDENTIALITY),
            "attributes %#lx\n", d.attrs );
        dotnet_wrap( &d, 0, 0 );
        dotnet_mic( &d, 0 );
        dotnet_mic( &d, SECQOP_WRAP_NO_ENCRYPT );
    }
    dotnet_free( &d );

    /* signed only: a wrap without encryption comes back saying so */
    status = dotnet_handshake( &d, package, ISC_REQ_CONNECTION | ISC_REQ_INTEGRITY,
                               ASC_REQ_INTEGRITY | ASC_REQ_CONNECTION );
    ok( status == SEC_E_OK, "signed only: %08lx\n", status );
    if (!status)
    {
        ok( d.attrs & ISC_RET_INTEGRITY, "attributes %#lx\n", d.attrs );
        dotnet_wrap( &d, SECQOP_WRAP_NO_ENCRYPT, SECQOP_WRAP_NO_ENCRYPT );
    }
    dotnet_free( &d );
    winetest_pop_context();
}

/* The sample: Negotiate, ISC_REQ_CONFIDENTIALITY and SECURITY_NATIVE_DREP on the client,
 * whose target is a UPN; the server passes the attributes of each call back as its
 * requirements for the next, impersonates, and encrypts with TOKEN(cbSecurityTrailer)+DATA. */
static void test_sample(void)
{
    SEC_WINNT_AUTH_IDENTITY_A id = { (BYTE *)test_user, 8, NULL, 0, (BYTE *)test_pass, 8,
                                     SEC_WINNT_AUTH_IDENTITY_ANSI };
    ULONG token_max = max_token( "Negotiate" ), client_attrs, attribs = 0, in_len = 0, qop;
    BYTE *out = malloc( token_max ), *in = malloc( token_max ), message[256];
    SecBuffer ob, ib, msg[2];
    SecBufferDesc obd = { SECBUFFER_VERSION, 1, &ob }, ibd = { SECBUFFER_VERSION, 1, &ib };
    SecBufferDesc msgd = { SECBUFFER_VERSION, 2, msg };
    SecPkgContext_Sizes sizes;
    SECURITY_STATUS status = SEC_I_CONTINUE_NEEDED, server = SEC_I_CONTINUE_NEEDED;
    CredHandle cred, scred;
    CtxtHandle ctxt, sctxt;
    BOOL first = TRUE;
    TimeStamp ts;
    int legs;

    ok( AcquireCredentialsHandleA( NULL, (char *)"Negotiate", SECPKG_CRED_OUTBOUND, NULL, &id, NULL, NULL, &cred,
                                   &ts ) == SEC_E_OK, "client credentials\n" );
    ok( AcquireCredentialsHandleA( NULL, (char *)"Negotiate", SECPKG_CRED_INBOUND, NULL, NULL, NULL, NULL, &scred,
                                   &ts ) == SEC_E_OK, "server credentials\n" );
    for (legs = 0; legs < 6 && (status != SEC_E_OK || server != SEC_E_OK); legs++)
    {
        ib.BufferType = SECBUFFER_TOKEN; ib.cbBuffer = in_len; ib.pvBuffer = in;
        ob.BufferType = SECBUFFER_TOKEN; ob.cbBuffer = token_max; ob.pvBuffer = out;
        if (status != SEC_E_OK)
        {
            status = InitializeSecurityContextA( &cred, first ? NULL : &ctxt, (char *)"testuser@WORKGROUP",
                                                 ISC_REQ_CONFIDENTIALITY, 0, SECURITY_NATIVE_DREP,
                                                 first ? NULL : &ibd, 0, &ctxt, &obd, &client_attrs, &ts );
            if (status == SEC_I_COMPLETE_NEEDED || status == SEC_I_COMPLETE_AND_CONTINUE)
                status = CompleteAuthToken( &ctxt, &obd ) ? status : SEC_I_CONTINUE_NEEDED;
            ok( !FAILED( status ), "client leg %d: %08lx\n", legs, status );
            if (FAILED( status ) || server == SEC_E_OK || !ob.cbBuffer) break;
        }
        memcpy( in, out, ob.cbBuffer );
        ib.cbBuffer = ob.cbBuffer;
        ob.cbBuffer = token_max;
        server = AcceptSecurityContext( &scred, first ? NULL : &sctxt, &ibd, attribs, SECURITY_NATIVE_DREP, &sctxt,
                                        &obd, &attribs, &ts );
        first = FALSE;
        ok( !FAILED( server ), "server leg %d: %08lx\n", legs, server );
        if (FAILED( server )) break;
        memcpy( in, out, ob.cbBuffer );
        in_len = ob.cbBuffer;
        if (server == SEC_E_OK && !in_len) break;
    }
    ok( server == SEC_E_OK, "handshake: %08lx %08lx\n", status, server );
    if (server == SEC_E_OK)
    {
        ok( ImpersonateSecurityContext( &sctxt ) == SEC_E_OK, "impersonation\n" );
        ok( RevertSecurityContext( &sctxt ) == SEC_E_OK, "revert\n" );
        ok( QueryContextAttributesA( &sctxt, SECPKG_ATTR_SIZES, &sizes ) == SEC_E_OK, "sizes\n" );
        msg[0].BufferType = SECBUFFER_TOKEN; msg[0].cbBuffer = sizes.cbSecurityTrailer; msg[0].pvBuffer = message;
        msg[1].BufferType = SECBUFFER_DATA; msg[1].cbBuffer = 12;
        msg[1].pvBuffer = message + sizes.cbSecurityTrailer;
        memcpy( msg[1].pvBuffer, "Hello client", 12 );
        ok( EncryptMessage( &sctxt, 0, &msgd, 0 ) == SEC_E_OK, "EncryptMessage\n" );
        ok( DecryptMessage( &ctxt, &msgd, 0, &qop ) == SEC_E_OK && !memcmp( msg[1].pvBuffer, "Hello client", 12 ),
            "the client cannot read it\n" );
        DeleteSecurityContext( &sctxt );
    }
    if (!first) DeleteSecurityContext( &ctxt );
    FreeCredentialsHandle( &cred );
    FreeCredentialsHandle( &scred );
    free( out );
    free( in );
}

START_TEST(auth_calls)
{
    if (!(server_cert = make_certificate()))
    {
        skip( "no RSA key container\n" );
        return;
    }
    test_curl_ntlm();
    test_curl_negotiate();
    test_dotnet( "NTLM" );
    test_dotnet( "Negotiate" );
    test_sample();
    CertFreeCertificateContext( server_cert );
    delete_container();
}
