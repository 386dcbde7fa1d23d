/*
 * Schannel as Windows behaves toward what programs hand it: the protocol
 * policy of the credentials and the registry, private keys in CryptoAPI
 * containers, AcquireCredentialsHandle's checks, output buffers, control
 * tokens, requirements that change from call to call, and the call sequences
 * of curl and of .NET's SslStream, each driven the way they drive it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <windef.h>
#include <winbase.h>
#include <winreg.h>
#include <wincrypt.h>
#define SECURITY_WIN32
#include <sspi.h>
#define SCHANNEL_USE_BLACKLISTS
#include <schannel.h>

#include "wine/test.h"
#include "tls_sides.h"

static const WCHAR tls10_client_key[] =
    L"SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Client";

/* What the server has sent a client driven by hand. */
static struct side *wire;

static void send_to_server( struct side *server, const void *data, ULONG len )
{
    memcpy( server->in + server->in_len, data, len );
    server->in_len += len;
    if (server->status != SEC_E_OK || !server->has_ctxt) step( server, wire );
}

static ULONG record_size( const BYTE *data, ULONG len )
{
    return len < 5 ? 0 : 5 + (data[3] << 8 | data[4]);
}

static DWORD client_protocols( DWORD requested, SECURITY_STATUS *status )
{
    SecPkgCred_SupportedProtocols protocols = { 0 };
    CredHandle cred;

    if ((*status = acquire( &cred, SECPKG_CRED_OUTBOUND, requested, SCH_CRED_NO_DEFAULT_CREDS, NULL ))) return 0;
    QueryCredentialsAttributesA( &cred, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protocols );
    FreeCredentialsHandle( &cred );
    return protocols.grbitProtocol;
}

static void set_policy( HKEY key, const WCHAR *name, DWORD value )
{
    ok( !RegSetValueExW( key, name, 0, REG_DWORD, (const BYTE *)&value, sizeof(value) ), "cannot set %s\n",
        wine_dbgstr_w(name) );
}

/* TLS 1.0 and 1.1 are only disabled by default: a program that names them
 * gets them; the registry turns a version off, or on by default. */
static void test_protocol_policy(void)
{
    struct side *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );
    SecPkgContext_ConnectionInfo info;
    SECURITY_STATUS status;
    DWORD protocols;
    HKEY key;

    protocols = client_protocols( 0, &status );
    ok( !status && (protocols & SP_PROT_TLS1_2_CLIENT), "defaults: %08lx %#lx\n", status, protocols );
    ok( !(protocols & (SP_PROT_TLS1_0_CLIENT | SP_PROT_TLS1_1_CLIENT)), "old versions by default: %#lx\n", protocols );
    protocols = client_protocols( SP_PROT_TLS1_0_CLIENT | SP_PROT_TLS1_1_CLIENT, &status );
    ok( !status && protocols == (SP_PROT_TLS1_0_CLIENT | SP_PROT_TLS1_1_CLIENT), "named: %08lx %#lx\n", status,
        protocols );

    init_side( client, FALSE, ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM | ISC_REQ_MANUAL_CRED_VALIDATION );
    init_side( server, TRUE, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM );
    ok( acquire( &client->cred, SECPKG_CRED_OUTBOUND, SP_PROT_TLS1_0_CLIENT, SCH_CRED_NO_DEFAULT_CREDS, NULL ) ==
        SEC_E_OK, "client credentials\n" );
    ok( acquire( &server->cred, SECPKG_CRED_INBOUND, SP_PROT_TLS1_0_SERVER | SP_PROT_TLS1_2_SERVER, 0,
                 server_cert ) == SEC_E_OK, "server credentials\n" );
    ok( handshake( client, server ), "TLS 1.0 handshake: %08lx %08lx\n", client->status, server->status );
    ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_CONNECTION_INFO, &info ) == SEC_E_OK &&
        info.dwProtocol == SP_PROT_TLS1_0_CLIENT, "protocol %#lx\n", info.dwProtocol );
    cleanup( client );
    cleanup( server );

    /* a server that does not name it does not speak it */
    init_side( client, FALSE, ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM | ISC_REQ_MANUAL_CRED_VALIDATION );
    init_side( server, TRUE, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM );
    acquire( &client->cred, SECPKG_CRED_OUTBOUND, SP_PROT_TLS1_0_CLIENT, SCH_CRED_NO_DEFAULT_CREDS, NULL );
    acquire( &server->cred, SECPKG_CRED_INBOUND, 0, 0, server_cert );
    ok( !handshake( client, server ), "TLS 1.0 with a server of the defaults\n" );
    free_pair( client, server );

    /* Windows reads the registry when the system starts; ours reads it at every AcquireCredentialsHandle */
    if (strcmp( winetest_platform, "wine" ) ||
        RegCreateKeyExW( HKEY_LOCAL_MACHINE, tls10_client_key, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL ))
    {
        skip( "the protocol policy of the registry\n" );
        return;
    }
    set_policy( key, L"Enabled", 0 );
    client_protocols( SP_PROT_TLS1_0_CLIENT, &status );
    ok( status == SEC_E_ALGORITHM_MISMATCH, "TLS 1.0 turned off and asked for: %08lx\n", status );
    protocols = client_protocols( SP_PROT_TLS1_0_CLIENT | SP_PROT_TLS1_2_CLIENT, &status );
    ok( !status && protocols == SP_PROT_TLS1_2_CLIENT, "what is left: %08lx %#lx\n", status, protocols );
    set_policy( key, L"Enabled", 1 );
    protocols = client_protocols( 0, &status );
    ok( !status && (protocols & SP_PROT_TLS1_0_CLIENT), "TLS 1.0 turned on: %08lx %#lx\n", status, protocols );
    set_policy( key, L"DisabledByDefault", 1 );
    protocols = client_protocols( 0, &status );
    ok( !status && !(protocols & SP_PROT_TLS1_0_CLIENT), "disabled by default: %08lx %#lx\n", status, protocols );
    protocols = client_protocols( SP_PROT_TLS1_0_CLIENT, &status );
    ok( !status && protocols == SP_PROT_TLS1_0_CLIENT, "named: %08lx %#lx\n", status, protocols );
    RegCloseKey( key );
    RegDeleteKeyW( HKEY_LOCAL_MACHINE, tls10_client_key );
}

/* A server whose key rsaenh will not export, as Windows' Schannel uses it. */
static void test_container_key( const struct key_place *place )
{
    struct side *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );
    PCCERT_CONTEXT cert = make_certificate_in( place );

    winetest_push_context( "%s", wine_dbgstr_w(place->container) );
    ok( cert != NULL, "no certificate\n" );
    init_side( client, FALSE, ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM | ISC_REQ_MANUAL_CRED_VALIDATION );
    init_side( server, TRUE, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM );
    ok( acquire( &client->cred, SECPKG_CRED_OUTBOUND, 0, SCH_CRED_NO_DEFAULT_CREDS, NULL ) == SEC_E_OK, "client\n" );
    ok( acquire( &server->cred, SECPKG_CRED_INBOUND, 0, 0, cert ) == SEC_E_OK, "server credentials\n" );
    ok( handshake( client, server ), "handshake: %08lx %08lx\n", client->status, server->status );
    free_pair( client, server );
    CertFreeCertificateContext( cert );
    delete_container_in( place );
    winetest_pop_context();
}

static void test_keys(void)
{
    /* both key specs in both rsaenh types, none of the keys exportable */
    static const struct key_place places[] =
    {
        { L"sspi-schannel-full-signature", MS_ENHANCED_PROV_W, PROV_RSA_FULL, AT_SIGNATURE, 0, szOID_RSA_SHA1RSA },
        { L"sspi-schannel-full-exchange", MS_ENHANCED_PROV_W, PROV_RSA_FULL, AT_KEYEXCHANGE, 0, szOID_RSA_SHA1RSA },
        { L"sspi-schannel-aes-signature", MS_ENH_RSA_AES_PROV_W, PROV_RSA_AES, AT_SIGNATURE, 0, szOID_RSA_SHA256RSA },
        { L"sspi-schannel-aes-exchange", MS_ENH_RSA_AES_PROV_W, PROV_RSA_AES, AT_KEYEXCHANGE, 0, szOID_RSA_SHA256RSA },
    };
    CRYPT_KEY_PROV_INFO missing = { (WCHAR *)L"sspi-schannel-no-such-container", (WCHAR *)MS_ENH_RSA_AES_PROV_W,
                                    PROV_RSA_AES, 0, 0, NULL, AT_KEYEXCHANGE };
    PCCERT_CONTEXT copy;
    CredHandle cred;
    SECURITY_STATUS status;
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(places); i++) test_container_key( &places[i] );

    /* no key at all, and a key provider without the key, are told apart */
    copy = CertCreateCertificateContext( X509_ASN_ENCODING, server_cert->pbCertEncoded, server_cert->cbCertEncoded );
    status = acquire( &cred, SECPKG_CRED_INBOUND, 0, 0, copy );
    ok( status == SEC_E_NO_CREDENTIALS, "without a key: %08lx\n", status );
    ok( CertSetCertificateContextProperty( copy, CERT_KEY_PROV_INFO_PROP_ID, 0, &missing ), "property\n" );
    status = acquire( &cred, SECPKG_CRED_INBOUND, 0, 0, copy );
    ok( status == SEC_E_UNKNOWN_CREDENTIALS, "a container that is not there: %08lx\n", status );
    status = acquire( &cred, SECPKG_CRED_OUTBOUND, 0, 0, copy );
    ok( status == SEC_E_UNKNOWN_CREDENTIALS, "a client's container that is not there: %08lx\n", status );
    CertFreeCertificateContext( copy );
}

/* What is wrong with the credentials is found before a missing handle is. */
static void test_acquire_checks(void)
{
    SCHANNEL_CRED bad = { 0 }, keyless = { SCHANNEL_CRED_VERSION };
    PCCERT_CONTEXT copy;
    SECURITY_STATUS status;

    status = AcquireCredentialsHandleA( NULL, (char *)UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL, &bad, NULL, NULL,
                                        NULL, NULL );
    ok( status == SEC_E_UNKNOWN_CREDENTIALS || broken( status == SEC_E_INTERNAL_ERROR ), "version 0: %08lx\n", status );
    status = AcquireCredentialsHandleA( NULL, (char *)UNISP_NAME_A, SECPKG_CRED_INBOUND, NULL, &bad, NULL, NULL,
                                        NULL, NULL );
    ok( status == SEC_E_UNKNOWN_CREDENTIALS || broken( status == SEC_E_INTERNAL_ERROR ), "version 0: %08lx\n", status );

    copy = CertCreateCertificateContext( X509_ASN_ENCODING, server_cert->pbCertEncoded, server_cert->cbCertEncoded );
    keyless.cCreds = 1;
    keyless.paCred = &copy;
    status = AcquireCredentialsHandleA( NULL, (char *)UNISP_NAME_A, SECPKG_CRED_INBOUND, NULL, &keyless, NULL, NULL,
                                        NULL, NULL );
    ok( status == SEC_E_NO_CREDENTIALS, "a certificate without a key: %08lx\n", status );
    CertFreeCertificateContext( copy );
}

static SECURITY_STATUS first_call( CredHandle *cred, ULONG req, SecBufferDesc *output, CtxtHandle *ctxt, ULONG *attrs )
{
    TimeStamp ts;
    return InitializeSecurityContextA( cred, NULL, (char *)"localhost", req, 0, 0, NULL, 0, ctxt, output, attrs,
                                       &ts );
}

/* What the first call of a client does with the buffers it is given. */
static void test_output_buffers(void)
{
    static BYTE token[16384], alert[512];
    ULONG req = ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM, attrs;
    SecBuffer out[2];
    SecBufferDesc output = { SECBUFFER_VERSION, 1, out };
    SECURITY_STATUS status;
    CredHandle cred;
    CtxtHandle ctxt;

    ok( acquire( &cred, SECPKG_CRED_OUTBOUND, 0, SCH_CRED_NO_DEFAULT_CREDS, NULL ) == SEC_E_OK, "credentials\n" );

    /* without ALLOCATE_MEMORY a token buffer of no size is too small, and so is an alert buffer */
    set_buffer( &out[0], SECBUFFER_TOKEN, token, 0 );
    status = first_call( &cred, req, &output, &ctxt, &attrs );
    ok( status == SEC_E_INSUFFICIENT_MEMORY, "a token of no size: %08lx\n", status );
    set_buffer( &out[0], SECBUFFER_TOKEN, token, sizeof(token) );
    set_buffer( &out[1], SECBUFFER_ALERT, alert, 0 );
    output.cBuffers = 2;
    status = first_call( &cred, req, &output, &ctxt, &attrs );
    ok( status == SEC_E_INSUFFICIENT_MEMORY, "an alert of no size: %08lx\n", status );

    /* one of some size comes back empty */
    out[1].cbBuffer = sizeof(alert);
    status = first_call( &cred, req, &output, &ctxt, &attrs );
    ok( status == SEC_I_CONTINUE_NEEDED, "got %08lx\n", status );
    ok( out[0].cbBuffer && token[0] == 0x16, "token of %lu bytes, %02x\n", out[0].cbBuffer, token[0] );
    ok( !out[1].cbBuffer, "alert of %lu bytes\n", out[1].cbBuffer );
    ok( !(attrs & ISC_RET_ALLOCATED_MEMORY), "attributes %#lx\n", attrs );
    if (status == SEC_I_CONTINUE_NEEDED) DeleteSecurityContext( &ctxt );

    /* a token buffer without memory gets some, ALLOCATE_MEMORY or not */
    output.cBuffers = 1;
    set_buffer( &out[0], SECBUFFER_TOKEN, NULL, 1000 );
    status = first_call( &cred, req, &output, &ctxt, &attrs );
    ok( status == SEC_I_CONTINUE_NEEDED, "got %08lx\n", status );
    ok( out[0].pvBuffer && out[0].cbBuffer && ((BYTE *)out[0].pvBuffer)[0] == 0x16, "token %p of %lu bytes\n",
        out[0].pvBuffer, out[0].cbBuffer );
    if (out[0].pvBuffer) FreeContextBuffer( out[0].pvBuffer );
    if (status == SEC_I_CONTINUE_NEEDED) DeleteSecurityContext( &ctxt );

    /* with ALLOCATE_MEMORY the buffer's own pointer is not used */
    set_buffer( &out[0], SECBUFFER_TOKEN, (void *)0xdeadbeef, sizeof(token) );
    status = first_call( &cred, req | ISC_REQ_ALLOCATE_MEMORY, &output, &ctxt, &attrs );
    ok( status == SEC_I_CONTINUE_NEEDED, "got %08lx\n", status );
    ok( out[0].pvBuffer != (void *)0xdeadbeef, "the caller's pointer written to\n" );
    ok( attrs & ISC_RET_ALLOCATED_MEMORY, "attributes %#lx\n", attrs );
    if (out[0].pvBuffer != (void *)0xdeadbeef) FreeContextBuffer( out[0].pvBuffer );
    if (status == SEC_I_CONTINUE_NEEDED) DeleteSecurityContext( &ctxt );

    /* and an EMPTY buffer takes the token, as curl has it */
    set_buffer( &out[0], SECBUFFER_EMPTY, NULL, 0 );
    status = first_call( &cred, req | ISC_REQ_ALLOCATE_MEMORY, &output, &ctxt, &attrs );
    ok( status == SEC_I_CONTINUE_NEEDED, "got %08lx\n", status );
    ok( out[0].pvBuffer && out[0].cbBuffer, "token %p of %lu bytes\n", out[0].pvBuffer, out[0].cbBuffer );
    ok( out[0].BufferType == SECBUFFER_TOKEN || broken( out[0].BufferType == SECBUFFER_EMPTY ), "type %lu\n",
        out[0].BufferType );
    if (out[0].pvBuffer) FreeContextBuffer( out[0].pvBuffer );
    if (status == SEC_I_CONTINUE_NEEDED) DeleteSecurityContext( &ctxt );
    FreeCredentialsHandle( &cred );
}

static SECURITY_STATUS control( CtxtHandle *ctxt, void *data, ULONG len, ULONG type, ULONG count )
{
    SecBuffer bufs[2];
    SecBufferDesc desc = { SECBUFFER_VERSION, count, bufs };

    set_buffer( &bufs[0], type, data, len );
    bufs[1] = bufs[0];
    return ApplyControlToken( ctxt, &desc );
}

/* ApplyControlToken's checks, and a shutdown before the handshake is done. */
static void test_control_tokens(void)
{
    SCHANNEL_SESSION_TOKEN no_resume = { SCHANNEL_SESSION, SSL_SESSION_DISABLE_RECONNECTS };
    DWORD shutdown[2] = { SCHANNEL_SHUTDOWN }, renegotiate = SCHANNEL_RENEGOTIATE;
    static const BYTE close_notify[] = { 0x00, 0x02, 0x01, 0x00 };
    static BYTE token[16384];
    SecBuffer out;
    SecBufferDesc output = { SECBUFFER_VERSION, 1, &out };
    CtxtHandle ctxt, new_ctxt;
    CredHandle cred;
    SECURITY_STATUS status;
    ULONG attrs;

    ok( acquire( &cred, SECPKG_CRED_OUTBOUND, 0, SCH_CRED_NO_DEFAULT_CREDS, NULL ) == SEC_E_OK, "credentials\n" );
    set_buffer( &out, SECBUFFER_TOKEN, token, sizeof(token) );
    status = first_call( &cred, ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM, &output, &ctxt, &attrs );
    ok( status == SEC_I_CONTINUE_NEEDED, "first call: %08lx\n", status );
    if (status != SEC_I_CONTINUE_NEEDED) return;

    ok( control( &ctxt, shutdown, sizeof(DWORD), SECBUFFER_TOKEN, 2 ) == SEC_E_INVALID_TOKEN, "two buffers\n" );
    ok( control( &ctxt, shutdown, sizeof(DWORD), SECBUFFER_DATA, 1 ) == SEC_E_INVALID_TOKEN, "a data buffer\n" );
    ok( control( &ctxt, shutdown, 2, SECBUFFER_TOKEN, 1 ) == SEC_E_UNSUPPORTED_FUNCTION, "two bytes\n" );
    ok( ApplyControlToken( &ctxt, NULL ) == SEC_E_INTERNAL_ERROR, "no descriptor\n" );
    ok( control( NULL, shutdown, sizeof(DWORD), SECBUFFER_TOKEN, 1 ) == SEC_E_INVALID_HANDLE, "no context\n" );
    ok( control( &ctxt, &renegotiate, sizeof(renegotiate), SECBUFFER_TOKEN, 1 ) == SEC_E_UNSUPPORTED_FUNCTION,
        "renegotiation in the handshake\n" );
    /* .NET turns resumption off so, after its first call */
    ok( control( &ctxt, &no_resume, sizeof(no_resume), SECBUFFER_TOKEN, 1 ) == SEC_E_OK, "SCHANNEL_SESSION\n" );

    /* a close_notify in clear, the same handle, and then the handshake still wants the server */
    ok( control( &ctxt, shutdown, sizeof(DWORD) + 1, SECBUFFER_TOKEN, 1 ) == SEC_E_OK, "five bytes\n" );
    new_ctxt.dwLower = new_ctxt.dwUpper = 0xdeadbeef;
    set_buffer( &out, SECBUFFER_TOKEN, token, sizeof(token) );
    status = InitializeSecurityContextA( &cred, &ctxt, NULL, 0, 0, 0, NULL, 0, &new_ctxt, &output, &attrs, NULL );
    ok( status == SEC_E_OK, "shutdown: %08lx\n", status );
    ok( new_ctxt.dwLower == ctxt.dwLower && new_ctxt.dwUpper == ctxt.dwUpper, "another handle\n" );
    ok( out.cbBuffer == 7 && token[0] == 0x15 && token[1] == 3 && !memcmp( token + 3, close_notify, 4 ),
        "alert of %lu bytes: %02x %02x %02x\n", out.cbBuffer, token[0], token[1], token[2] );
    new_ctxt.dwLower = new_ctxt.dwUpper = 0xdeadbeef;
    set_buffer( &out, SECBUFFER_TOKEN, token, sizeof(token) );
    status = InitializeSecurityContextA( &cred, &ctxt, NULL, 0, 0, 0, NULL, 0, &new_ctxt, &output, &attrs, NULL );
    ok( status == SEC_E_INCOMPLETE_MESSAGE, "then: %08lx\n", status );
    ok( out.cbBuffer == sizeof(token), "output of %lu bytes\n", out.cbBuffer );
    ok( new_ctxt.dwLower == 0xdeadbeef && new_ctxt.dwUpper == 0xdeadbeef, "new handle written\n" );
    DeleteSecurityContext( &ctxt );
    FreeCredentialsHandle( &cred );
}

/* Manual validation counts on the call that takes the server's certificate,
 * whatever the first call asked. */
static void test_requirements_per_call(void)
{
    struct side *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );
    int i;

    for (i = 0; i < 2; i++)
    {
        ULONG first = ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM | (i ? ISC_REQ_MANUAL_CRED_VALIDATION : 0);

        winetest_push_context( i ? "manual only first" : "manual only later" );
        init_side( client, FALSE, first );
        init_side( server, TRUE, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM );
        acquire( &client->cred, SECPKG_CRED_OUTBOUND, 0, SCH_CRED_NO_DEFAULT_CREDS, NULL );
        acquire( &server->cred, SECPKG_CRED_INBOUND, 0, 0, server_cert );
        step( client, server );
        ok( client->status == SEC_I_CONTINUE_NEEDED, "first call: %08lx\n", client->status );
        step( server, client );
        client->req ^= ISC_REQ_MANUAL_CRED_VALIDATION;
        if (!i)
        {
            ok( handshake( client, server ), "handshake: %08lx %08lx\n", client->status, server->status );
            ok( client->attrs & ISC_RET_MANUAL_CRED_VALIDATION, "attributes %#lx\n", client->attrs );
        }
        else ok( !handshake( client, server ) && FAILED( client->status ), "an untrusted server accepted: %08lx\n",
                 client->status );
        cleanup( client );
        cleanup( server );
        winetest_pop_context();
    }
    free( client );
    free( server );
}

/* DecryptMessage over all a client has, as curl and .NET read it, with the
 * handshake messages of an established context (tickets) answered by ISC. */
static ULONG receive( CredHandle *cred, CtxtHandle *ctxt, ULONG req, const WCHAR *target, BOOL one_record,
                      char *text, ULONG size )
{
    ULONG got = 0, len, extra, attrs;
    SECURITY_STATUS status;
    TimeStamp ts;
    int n;

    for (n = 0; n < 20 && wire->in_len; n++)
    {
        SecBuffer bufs[4] = { { 0 } }, in[2], out[3];
        SecBufferDesc msg = { SECBUFFER_VERSION, 4, bufs };
        SecBufferDesc in_desc = { SECBUFFER_VERSION, 2, in }, out_desc = { SECBUFFER_VERSION, 3, out };
        BYTE none;

        len = one_record ? record_size( wire->in, wire->in_len ) : wire->in_len;
        set_buffer( &bufs[0], SECBUFFER_DATA, wire->in, len );
        status = DecryptMessage( ctxt, &msg, 0, NULL );
        ok( status == SEC_E_OK || status == SEC_I_RENEGOTIATE, "DecryptMessage: %08lx\n", status );
        if (FAILED( status )) return got;
        if (bufs[1].BufferType == SECBUFFER_DATA && bufs[1].cbBuffer && got + bufs[1].cbBuffer <= size)
        {
            ok( (BYTE *)bufs[1].pvBuffer >= wire->in && (BYTE *)bufs[1].pvBuffer < wire->in + len,
                "plaintext outside the record\n" );
            memcpy( text + got, bufs[1].pvBuffer, bufs[1].cbBuffer );
            got += bufs[1].cbBuffer;
        }
        /* what is left of the input, where curl takes it from */
        extra = bufs[3].BufferType == SECBUFFER_EXTRA ? bufs[3].cbBuffer : 0;
        if (status == SEC_I_RENEGOTIATE)
        {
            /* the rest goes to the context as its token, as the documentation and both programs have it */
            set_buffer( &in[0], SECBUFFER_TOKEN, extra ? wire->in + len - extra : &none, extra );
            set_buffer( &in[1], SECBUFFER_EMPTY, NULL, 0 );
            set_buffer( &out[0], SECBUFFER_TOKEN, NULL, 0 );
            set_buffer( &out[1], SECBUFFER_ALERT, NULL, 0 );
            set_buffer( &out[2], SECBUFFER_EMPTY, NULL, 0 );
            status = InitializeSecurityContextW( cred, ctxt, (WCHAR *)target, req, 0, 0, &in_desc, 0, NULL,
                                                 &out_desc, &attrs, &ts );
            ok( status == SEC_E_OK, "after SEC_I_RENEGOTIATE: %08lx\n", status );
            ok( !out[0].cbBuffer, "a reply of %lu bytes to a ticket\n", out[0].cbBuffer );
            if (out[0].pvBuffer) FreeContextBuffer( out[0].pvBuffer );
            if (out[1].pvBuffer) FreeContextBuffer( out[1].pvBuffer );
            extra = in[1].BufferType == SECBUFFER_EXTRA ? in[1].cbBuffer : 0;
            /* .NET hands over one record and wants it all taken */
            ok( !one_record || !extra, "%lu bytes left of a record\n", extra );
        }
        memmove( wire->in, wire->in + len - extra, wire->in_len - (len - extra) );
        wire->in_len -= len - extra;
    }
    return got;
}

/* A server's message to a client driven by hand. */
static void server_says( struct side *server, const char *text )
{
    SecPkgContext_StreamSizes sizes;
    SecBuffer bufs[4];
    BYTE buf[2048];

    QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_STREAM_SIZES, &sizes );
    ok( encrypt_text( &server->ctxt, text, buf, sizes.cbHeader, sizes.cbTrailer, bufs ) == SEC_E_OK,
        "server's EncryptMessage\n" );
    memcpy( wire->in + wire->in_len, buf, bufs[0].cbBuffer + bufs[1].cbBuffer + bufs[2].cbBuffer );
    wire->in_len += bufs[0].cbBuffer + bufs[1].cbBuffer + bufs[2].cbBuffer;
}

/* A client's record sized from STREAM_SIZES taken literally, as curl and .NET
 * size theirs, and what the server reads of it. */
static void client_says( CtxtHandle *ctxt, struct side *server, const char *text )
{
    SecPkgContext_StreamSizes sizes;
    SecBuffer bufs[4];
    SecBufferDesc msg = { SECBUFFER_VERSION, 4, bufs };
    ULONG len = strlen( text ), total;
    BYTE buf[2048];

    ok( QueryContextAttributesA( ctxt, SECPKG_ATTR_STREAM_SIZES, &sizes ) == SEC_E_OK, "STREAM_SIZES\n" );
    ok( sizes.cbMaximumMessage == 16384, "cbMaximumMessage %lu\n", sizes.cbMaximumMessage );
    ok( encrypt_text( ctxt, text, buf, sizes.cbHeader, sizes.cbTrailer, bufs ) == SEC_E_OK, "EncryptMessage\n" );
    /* with AEAD suites, all of these, the sizes are exactly what a record takes */
    ok( bufs[0].cbBuffer == sizes.cbHeader, "header of %lu bytes, %lu said\n", bufs[0].cbBuffer, sizes.cbHeader );
    ok( bufs[2].cbBuffer == sizes.cbTrailer, "trailer of %lu bytes, %lu said\n", bufs[2].cbBuffer, sizes.cbTrailer );
    total = bufs[0].cbBuffer + bufs[1].cbBuffer + bufs[2].cbBuffer;
    ok( record_size( buf, total ) == total, "a record of %lu bytes in %lu\n", record_size( buf, total ), total );

    set_buffer( &bufs[0], SECBUFFER_DATA, buf, total );
    bufs[1].BufferType = bufs[2].BufferType = bufs[3].BufferType = SECBUFFER_EMPTY;
    ok( DecryptMessage( &server->ctxt, &msg, 0, NULL ) == SEC_E_OK, "the server cannot read it\n" );
    ok( bufs[1].cbBuffer == len && !memcmp( bufs[1].pvBuffer, text, len ), "the server read something else\n" );
}

static void start_server( struct side *server )
{
    init_side( server, TRUE, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM );
    ok( acquire( &server->cred, SECPKG_CRED_INBOUND, 0, 0, server_cert ) == SEC_E_OK, "server credentials\n" );
    wire = calloc( 1, sizeof(*wire) );
}

static void stop_server( struct side *server )
{
    cleanup( server );
    free( server );
    free( wire );
}

/* A record made from STREAM_SIZES taken literally is one record, whatever the AEAD suite. */
static void test_stream_sizes(void)
{
    static const struct { DWORD protocol; BOOL no_aes; } cases[] =
    {
        { SP_PROT_TLS1_2_CLIENT, FALSE }, { SP_PROT_TLS1_2_CLIENT, TRUE },
        { SP_PROT_TLS1_3_CLIENT, FALSE }, { SP_PROT_TLS1_3_CLIENT, TRUE },
    };
    struct side *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );
    CRYPTO_SETTINGS no_aes = { TlsParametersCngAlgUsageCipher, { 6, 8, (WCHAR *)L"AES" } };
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(cases); i++)
    {
        SCH_CREDENTIALS v5 = { SCH_CREDENTIALS_VERSION };
        TLS_PARAMETERS params = { 0 };
        SecPkgContext_CipherInfo cipher = { SECPKGCONTEXT_CIPHERINFO_V1 };

        winetest_push_context( "%#lx%s", cases[i].protocol, cases[i].no_aes ? " without AES" : "" );
        params.grbitDisabledProtocols = ~cases[i].protocol;
        if (cases[i].no_aes)
        {
            params.cDisabledCrypto = 1;
            params.pDisabledCrypto = &no_aes;
        }
        v5.dwFlags = SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS;
        v5.cTlsParameters = 1;
        v5.pTlsParameters = &params;
        init_side( client, FALSE, ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM );
        init_side( server, TRUE, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM );
        ok( AcquireCredentialsHandleA( NULL, (char *)UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL, &v5, NULL, NULL,
                                       &client->cred, NULL ) == SEC_E_OK, "client credentials\n" );
        acquire( &server->cred, SECPKG_CRED_INBOUND, 0, 0, server_cert );
        if (handshake( client, server ))
        {
            QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_CIPHER_INFO, &cipher );
            ok( !cases[i].no_aes || wcsstr( cipher.szCipherSuite, L"CHACHA20" ), "suite %s\n",
                wine_dbgstr_w(cipher.szCipherSuite) );
            client_says( &client->ctxt, server, "a message of some length" );
        }
        else ok( 0, "handshake: %08lx %08lx\n", client->status, server->status );
        cleanup( client );
        cleanup( server );
        winetest_pop_context();
    }
    free( client );
    free( server );
}

/* curl 8 on Windows 10 with -k: SCH_CREDENTIALS that disable all but TLS 1.2
 * and 1.3, the same flags on every call, an EMPTY buffer out first, then
 * TOKEN+EMPTY in and TOKEN+ALERT+EMPTY out with no new handle, the attributes
 * checked for equality with the flags, records from STREAM_SIZES, and the
 * shutdown through an EMPTY buffer on the same handle. */
static void test_curl(void)
{
    ULONG req = ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT | ISC_REQ_CONFIDENTIALITY | ISC_REQ_ALLOCATE_MEMORY |
                ISC_REQ_STREAM | ISC_REQ_USE_SUPPLIED_CREDS, attrs = 0, i, j;
    SCH_CREDENTIALS v5 = { SCH_CREDENTIALS_VERSION };
    TLS_PARAMETERS params = { 0 };
    CRYPTO_SETTINGS none[1] = { { 0 } };
    struct side *server = malloc( sizeof(*server) );
    DWORD shutdown = SCHANNEL_SHUTDOWN;
    SecBuffer in[2], out[3];
    SecBufferDesc in_desc = { SECBUFFER_VERSION, 2, in }, out_desc = { SECBUFFER_VERSION, 1, out };
    SECURITY_STATUS status;
    CredHandle cred;
    CtxtHandle ctxt;
    TimeStamp ts;
    char reply[64];
    BYTE *copy;

    start_server( server );
    params.pDisabledCrypto = none;
    params.grbitDisabledProtocols = ~(DWORD)(SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT);
    v5.dwFlags = SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_IGNORE_NO_REVOCATION_CHECK |
                 SCH_CRED_IGNORE_REVOCATION_OFFLINE | SCH_CRED_NO_DEFAULT_CREDS | SCH_USE_STRONG_CRYPTO;
    v5.cTlsParameters = 1;
    v5.pTlsParameters = &params;
    ok( AcquireCredentialsHandleA( NULL, (char *)UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL, &v5, NULL, NULL, &cred,
                                   &ts ) == SEC_E_OK, "credentials\n" );

    set_buffer( &out[0], SECBUFFER_EMPTY, NULL, 0 );
    status = InitializeSecurityContextA( &cred, NULL, (char *)"localhost", req, 0, 0, NULL, 0, &ctxt, &out_desc,
                                         &attrs, &ts );
    ok( status == SEC_I_CONTINUE_NEEDED, "first call: %08lx\n", status );
    if (status != SEC_I_CONTINUE_NEEDED) goto done;
    send_to_server( server, out[0].pvBuffer, out[0].cbBuffer );
    FreeContextBuffer( out[0].pvBuffer );

    out_desc.cBuffers = 3;
    for (i = 0; i < 10 && status == SEC_I_CONTINUE_NEEDED; i++)
    {
        copy = malloc( wire->in_len + 1 );
        memcpy( copy, wire->in, wire->in_len );
        set_buffer( &in[0], SECBUFFER_TOKEN, copy, wire->in_len );
        set_buffer( &in[1], SECBUFFER_EMPTY, NULL, 0 );
        set_buffer( &out[0], SECBUFFER_TOKEN, NULL, 0 );
        set_buffer( &out[1], SECBUFFER_ALERT, NULL, 0 );
        set_buffer( &out[2], SECBUFFER_EMPTY, NULL, 0 );
        status = InitializeSecurityContextA( &cred, &ctxt, (char *)"localhost", req, 0, 0, &in_desc, 0, NULL,
                                             &out_desc, &attrs, &ts );
        free( copy );
        ok( status == SEC_I_CONTINUE_NEEDED || status == SEC_E_OK, "call %lu: %08lx\n", i, status );
        if (status != SEC_I_CONTINUE_NEEDED && status != SEC_E_OK) break;
        if (in[1].BufferType == SECBUFFER_EXTRA && in[1].cbBuffer)
        {
            memmove( wire->in, wire->in + wire->in_len - in[1].cbBuffer, in[1].cbBuffer );
            wire->in_len = in[1].cbBuffer;
        }
        else wire->in_len = 0;
        for (j = 0; j < 3; j++)
        {
            if (out[j].BufferType == SECBUFFER_TOKEN && out[j].cbBuffer)
                send_to_server( server, out[j].pvBuffer, out[j].cbBuffer );
            if (out[j].pvBuffer) FreeContextBuffer( out[j].pvBuffer );
        }
    }
    ok( status == SEC_E_OK && server->status == SEC_E_OK, "handshake: %08lx %08lx\n", status, server->status );
    if (status != SEC_E_OK || server->status != SEC_E_OK) goto done;
    ok( attrs == req, "attributes %#lx, not %#lx as curl wants\n", attrs, req );

    client_says( &ctxt, server, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n" );
    server_says( server, "HTTP/1.1 204 No Content\r\n\r\n" );
    memset( reply, 0, sizeof(reply) );
    receive( &cred, &ctxt, req, L"localhost", FALSE, reply, sizeof(reply) - 1 );
    ok( !strcmp( reply, "HTTP/1.1 204 No Content\r\n\r\n" ), "reply %s\n", wine_dbgstr_a(reply) );

    set_buffer( &in[0], SECBUFFER_TOKEN, &shutdown, sizeof(shutdown) );
    in_desc.cBuffers = 1;
    ok( ApplyControlToken( &ctxt, &in_desc ) == SEC_E_OK, "ApplyControlToken\n" );
    out_desc.cBuffers = 1;
    set_buffer( &out[0], SECBUFFER_EMPTY, NULL, 0 );
    status = InitializeSecurityContextA( &cred, &ctxt, (char *)"localhost", req, 0, 0, NULL, 0, &ctxt, &out_desc,
                                         &attrs, &ts );
    ok( status == SEC_E_OK || status == SEC_I_CONTEXT_EXPIRED, "shutdown: %08lx\n", status );
    ok( out[0].pvBuffer && out[0].cbBuffer, "close_notify %p of %lu bytes\n", out[0].pvBuffer, out[0].cbBuffer );
    if (out[0].pvBuffer)
    {
        SecBuffer bufs[4] = { { out[0].cbBuffer, SECBUFFER_DATA, out[0].pvBuffer } };
        SecBufferDesc msg = { SECBUFFER_VERSION, 4, bufs };
        ok( DecryptMessage( &server->ctxt, &msg, 0, NULL ) == SEC_I_CONTEXT_EXPIRED, "the server got no close_notify\n" );
        FreeContextBuffer( out[0].pvBuffer );
    }
    DeleteSecurityContext( &ctxt );
done:
    FreeCredentialsHandle( &cred );
    stop_server( server );
}

/* .NET's SslStream client: flags 0x8011C on every call (no ISC_REQ_STREAM),
 * L"" as the target of an IP address, TOKEN(0,NULL)+EMPTY in on the first
 * call, resumption turned off after it and that call made again, whole records
 * one at a time, a zero-length write, and one record per DecryptMessage. */
static void test_dotnet(void)
{
    ULONG req = ISC_REQ_REPLAY_DETECT | ISC_REQ_SEQUENCE_DETECT | ISC_REQ_CONFIDENTIALITY | ISC_REQ_ALLOCATE_MEMORY |
                ISC_REQ_MANUAL_CRED_VALIDATION, attrs, len, i;
    SCHANNEL_SESSION_TOKEN no_resume = { SCHANNEL_SESSION, SSL_SESSION_DISABLE_RECONNECTS };
    SCH_CREDENTIALS v5 = { SCH_CREDENTIALS_VERSION };
    TLS_PARAMETERS params = { 0 };
    CRYPTO_SETTINGS none[2] = { { 0 } };
    struct side *server = malloc( sizeof(*server) );
    SecPkgContext_ConnectionInfo info;
    SecPkgContext_StreamSizes sizes;
    SecBuffer in[2], out, ctl, bufs[4];
    SecBufferDesc in_desc = { SECBUFFER_VERSION, 2, in }, out_desc = { SECBUFFER_VERSION, 1, &out };
    SecBufferDesc ctl_desc = { SECBUFFER_VERSION, 1, &ctl };
    SECURITY_STATUS status;
    CredHandle cred;
    CtxtHandle ctxt = { 0 };
    TimeStamp ts;
    BYTE buf[256];
    char reply[64];

    start_server( server );
    params.pDisabledCrypto = none;
    v5.dwFlags = SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS | SCH_SEND_AUX_RECORD |
                 SCH_USE_STRONG_CRYPTO;
    v5.cTlsParameters = 1;
    v5.pTlsParameters = &params;
    ok( AcquireCredentialsHandleW( NULL, (WCHAR *)UNISP_NAME_W, SECPKG_CRED_OUTBOUND, NULL, &v5, NULL, NULL, &cred,
                                   &ts ) == SEC_E_OK, "credentials\n" );

    for (i = 0; i < 2; i++)
    {
        set_buffer( &in[0], SECBUFFER_TOKEN, NULL, 0 );
        set_buffer( &in[1], SECBUFFER_EMPTY, NULL, 0 );
        set_buffer( &out, SECBUFFER_TOKEN, NULL, 0 );
        status = InitializeSecurityContextW( &cred, NULL, (WCHAR *)L"", req, 0, SECURITY_NATIVE_DREP, &in_desc, 0,
                                             &ctxt, &out_desc, &attrs, &ts );
        ok( status == SEC_I_CONTINUE_NEEDED, "first call: %08lx\n", status );
        if (status != SEC_I_CONTINUE_NEEDED) goto done;
        if (i) break;
        FreeContextBuffer( out.pvBuffer );
        set_buffer( &ctl, SECBUFFER_TOKEN, &no_resume, sizeof(no_resume) );
        ok( ApplyControlToken( &ctxt, &ctl_desc ) == SEC_E_OK, "SCHANNEL_SESSION\n" );
        DeleteSecurityContext( &ctxt );
    }
    send_to_server( server, out.pvBuffer, out.cbBuffer );
    FreeContextBuffer( out.pvBuffer );

    /* SslStream hands over whole records only; each gets CONTINUE, never INCOMPLETE */
    for (i = 0; i < 20 && status == SEC_I_CONTINUE_NEEDED && wire->in_len; i++)
    {
        len = record_size( wire->in, wire->in_len );
        set_buffer( &in[0], SECBUFFER_TOKEN, wire->in, len );
        set_buffer( &in[1], SECBUFFER_EMPTY, NULL, 0 );
        set_buffer( &out, SECBUFFER_TOKEN, NULL, 0 );
        status = InitializeSecurityContextW( &cred, &ctxt, (WCHAR *)L"", req, 0, SECURITY_NATIVE_DREP, &in_desc, 0,
                                             &ctxt, &out_desc, &attrs, &ts );
        ok( status == SEC_I_CONTINUE_NEEDED || status == SEC_E_OK, "record %lu: %08lx\n", i, status );
        if (in[1].BufferType == SECBUFFER_EXTRA) len -= in[1].cbBuffer;
        memmove( wire->in, wire->in + len, wire->in_len - len );
        wire->in_len -= len;
        if (out.cbBuffer) send_to_server( server, out.pvBuffer, out.cbBuffer );
        if (out.pvBuffer) FreeContextBuffer( out.pvBuffer );
    }
    ok( status == SEC_E_OK && server->status == SEC_E_OK, "handshake: %08lx %08lx\n", status, server->status );
    if (status != SEC_E_OK || server->status != SEC_E_OK) goto done;

    ok( QueryContextAttributesW( &ctxt, SECPKG_ATTR_CONNECTION_INFO, &info ) == SEC_E_OK &&
        (info.dwProtocol & (SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT)), "protocol %#lx\n", info.dwProtocol );
    client_says( &ctxt, server, "hello" );

    /* an empty write is a record too */
    ok( QueryContextAttributesW( &ctxt, SECPKG_ATTR_STREAM_SIZES, &sizes ) == SEC_E_OK, "STREAM_SIZES\n" );
    ok( encrypt_text( &ctxt, "", buf, sizes.cbHeader, sizes.cbTrailer, bufs ) == SEC_E_OK, "an empty write\n" );
    len = bufs[0].cbBuffer + bufs[1].cbBuffer + bufs[2].cbBuffer;
    /* Windows makes an empty record; ours sends none, which the peer cannot tell apart */
    ok( !len || (bufs[0].cbBuffer == sizes.cbHeader && record_size( buf, len ) == len ), "a record of %lu bytes\n",
        len );

    server_says( server, "world" );
    memset( reply, 0, sizeof(reply) );
    receive( &cred, &ctxt, req, L"", TRUE, reply, sizeof(reply) - 1 );
    ok( !strcmp( reply, "world" ), "reply %s\n", wine_dbgstr_a(reply) );
    DeleteSecurityContext( &ctxt );
done:
    FreeCredentialsHandle( &cred );
    stop_server( server );
}

START_TEST(schannel_calls)
{
    if (!(server_cert = make_certificate()))
    {
        skip( "no RSA key container\n" );
        return;
    }
    test_protocol_policy();
    test_keys();
    test_acquire_checks();
    test_output_buffers();
    test_control_tokens();
    test_requirements_per_call();
    test_stream_sizes();
    test_curl();
    test_dotnet();
    CertFreeCertificateContext( server_cert );
    delete_container();
}
