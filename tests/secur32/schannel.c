/*
 * The Schannel package, client and server in one process over memory
 * buffers: credentials, the handshake with Windows' buffer layouts, stream
 * messages, attributes, shutdown, and hostile input (tls_sides.h makes the
 * server's certificate).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <windef.h>
#include <winbase.h>
#include <wincrypt.h>
#define SECURITY_WIN32
#include <sspi.h>
#define SCHANNEL_USE_BLACKLISTS
#include <schannel.h>

#include "wine/test.h"
#include "tls_sides.h"

/* A message from one side to the other through EncryptMessage and DecryptMessage. */
static BOOL transfer( struct side *from, struct side *to, const char *text )
{
    SecPkgContext_StreamSizes sizes;
    BYTE buf[20000];
    SecBuffer bufs[4];
    SecBufferDesc msg = { SECBUFFER_VERSION, 4, bufs };
    SECURITY_STATUS status;
    ULONG len = strlen( text ), qop;

    ok( QueryContextAttributesA( &from->ctxt, SECPKG_ATTR_STREAM_SIZES, &sizes ) == SEC_E_OK, "STREAM_SIZES\n" );
    status = encrypt_text( &from->ctxt, text, buf, sizes.cbHeader, sizes.cbTrailer, bufs );
    ok( status == SEC_E_OK, "EncryptMessage: %08lx\n", status );
    if (status) return FALSE;
    ok( bufs[0].cbBuffer <= sizes.cbHeader && bufs[2].cbBuffer <= sizes.cbTrailer, "header %lu trailer %lu\n",
        bufs[0].cbBuffer, bufs[2].cbBuffer );
    ok( memcmp( bufs[1].pvBuffer, text, len ), "not encrypted\n" );

    memcpy( to->in + to->in_len, buf, sizes.cbHeader + len + bufs[2].cbBuffer );
    to->in_len += bufs[0].cbBuffer + len + bufs[2].cbBuffer;
    bufs[0].BufferType = SECBUFFER_DATA;
    bufs[0].cbBuffer = to->in_len;
    bufs[0].pvBuffer = to->in;
    bufs[1].BufferType = bufs[2].BufferType = bufs[3].BufferType = SECBUFFER_EMPTY;
    bufs[1].cbBuffer = bufs[2].cbBuffer = bufs[3].cbBuffer = 0;
    status = DecryptMessage( &to->ctxt, &msg, 0, &qop );
    ok( status == SEC_E_OK, "DecryptMessage: %08lx\n", status );
    if (status) return FALSE;
    ok( bufs[0].BufferType == SECBUFFER_STREAM_HEADER && bufs[1].BufferType == SECBUFFER_DATA &&
        bufs[2].BufferType == SECBUFFER_STREAM_TRAILER, "buffer types %lu %lu %lu\n", bufs[0].BufferType,
        bufs[1].BufferType, bufs[2].BufferType );
    to->in_len = bufs[3].BufferType == SECBUFFER_EXTRA ? bufs[3].cbBuffer : 0;
    if (to->in_len) memmove( to->in, bufs[3].pvBuffer, to->in_len );
    return bufs[1].cbBuffer == len && !memcmp( bufs[1].pvBuffer, text, len );
}

/* Records that carry no data after the handshake (TLS 1.3 tickets): DecryptMessage
 * says SEC_I_RENEGOTIATE and the context takes them in through a handshake call. */
static void take_tickets( struct side *side )
{
    while (side->in_len)
    {
        SecBuffer bufs[4] = { { side->in_len, SECBUFFER_DATA, side->in } };
        SecBufferDesc msg = { SECBUFFER_VERSION, 4, bufs };
        SECURITY_STATUS status;
        ULONG qop;

        status = DecryptMessage( &side->ctxt, &msg, 0, &qop );
        ok( status == SEC_I_RENEGOTIATE || status == SEC_E_OK, "ticket: %08lx\n", status );
        side->in_len = bufs[3].BufferType == SECBUFFER_EXTRA ? bufs[3].cbBuffer : 0;
        if (side->in_len) memmove( side->in, bufs[3].pvBuffer, side->in_len );
        if (status == SEC_I_RENEGOTIATE)
        {
            static struct side sink;
            sink.in_len = 0;
            side->status = SEC_I_CONTINUE_NEEDED;
            step( side, &sink );
            ok( side->status == SEC_E_OK, "after the ticket: %08lx\n", side->status );
        }
        if (FAILED( status )) break;
    }
}

static void test_credentials(void)
{
    SCHANNEL_CRED bad = { 0 };
    SCH_CREDENTIALS v5 = { SCH_CREDENTIALS_VERSION };
    TLS_PARAMETERS params = { 0 };
    SecPkgCred_SupportedProtocols protocols;
    CredHandle cred;
    PCCERT_CONTEXT no_key;
    SECURITY_STATUS status;

    ok( AcquireCredentialsHandleA( NULL, (char *)UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL, &cred,
                                   NULL ) == SEC_E_OK, "outbound with no data\n" );
    ok( QueryCredentialsAttributesA( &cred, SECPKG_ATTR_SUPPORTED_PROTOCOLS, NULL ) == SEC_E_INTERNAL_ERROR,
        "NULL buffer\n" );
    ok( QueryCredentialsAttributesA( &cred, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protocols ) == SEC_E_OK, "protocols\n" );
    ok( protocols.grbitProtocol & SP_PROT_TLS1_2_CLIENT, "protocols %#lx\n", protocols.grbitProtocol );
    ok( !(protocols.grbitProtocol & (SP_PROT_TLS1_0_CLIENT | SP_PROT_TLS1_1_CLIENT | SP_PROT_SSL3_CLIENT)) ||
        broken( TRUE ) /* older Windows */, "legacy protocols %#lx\n", protocols.grbitProtocol );
    FreeCredentialsHandle( &cred );

    status = AcquireCredentialsHandleA( NULL, (char *)UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL, &bad, NULL, NULL,
                                        &cred, NULL );
    ok( status == SEC_E_UNKNOWN_CREDENTIALS || broken( status == SEC_E_INTERNAL_ERROR ), "version 0: %08lx\n", status );
    status = acquire( &cred, SECPKG_CRED_INBOUND, 0, 0, NULL );
    ok( status == SEC_E_NO_CREDENTIALS || broken( status == SEC_E_OK ), "server without certificate: %08lx\n", status );
    if (!status) FreeCredentialsHandle( &cred );

    no_key = CertCreateCertificateContext( X509_ASN_ENCODING, server_cert->pbCertEncoded, server_cert->cbCertEncoded );
    status = acquire( &cred, SECPKG_CRED_INBOUND, 0, 0, no_key );
    ok( status == SEC_E_NO_CREDENTIALS || status == SEC_E_UNKNOWN_CREDENTIALS, "no private key: %08lx\n", status );
    CertFreeCertificateContext( no_key );

    /* SCH_CREDENTIALS: TLS 1.3 turned off */
    params.grbitDisabledProtocols = SP_PROT_TLS1_3_CLIENT;
    v5.cTlsParameters = 1;
    v5.pTlsParameters = &params;
    status = AcquireCredentialsHandleA( NULL, (char *)UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL, &v5, NULL, NULL,
                                        &cred, NULL );
    ok( status == SEC_E_OK, "SCH_CREDENTIALS: %08lx\n", status );
    if (!status)
    {
        ok( QueryCredentialsAttributesA( &cred, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protocols ) == SEC_E_OK, "protocols\n" );
        ok( !(protocols.grbitProtocol & SP_PROT_TLS1_3_CLIENT) && (protocols.grbitProtocol & SP_PROT_TLS1_2_CLIENT),
            "protocols %#lx\n", protocols.grbitProtocol );
        FreeCredentialsHandle( &cred );
    }
}

/* Server credentials of version 5 with CRYPTO_SETTINGS turned off. */
static SECURITY_STATUS acquire_without( CredHandle *cred, CRYPTO_SETTINGS *settings, ULONG count )
{
    SCH_CREDENTIALS v5 = { SCH_CREDENTIALS_VERSION };
    TLS_PARAMETERS params = { 0 };

    params.cDisabledCrypto = count;
    params.pDisabledCrypto = settings;
    v5.cTlsParameters = 1;
    v5.pTlsParameters = &params;
    v5.cCreds = 1;
    v5.paCred = &server_cert;
    return AcquireCredentialsHandleA( NULL, (char *)UNISP_NAME_A, SECPKG_CRED_INBOUND, NULL, &v5, NULL, NULL, cred,
                                      NULL );
}

static BOOL has_alg( CredHandle *cred, ALG_ID alg )
{
    SecPkgCred_SupportedAlgs algs;
    BOOL found = FALSE;
    ULONG i;

    if (QueryCredentialsAttributesA( cred, SECPKG_ATTR_SUPPORTED_ALGS, &algs )) return FALSE;
    for (i = 0; i < algs.cSupportedAlgs; i++) if (algs.palgSupportedAlgs[i] == alg) found = TRUE;
    FreeContextBuffer( algs.palgSupportedAlgs );
    return found;
}

/* Suites the server's credentials turned off are not negotiated; with none left, no handshake. */
static void test_disabled_crypto(void)
{
    struct side *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );
    UNICODE_STRING aes = { 6, 8, (WCHAR *)L"AES" }, chacha = { 34, 36, (WCHAR *)L"CHACHA20_POLY1305" };
    UNICODE_STRING gcm = { 30, 32, (WCHAR *)L"ChainingModeGCM" };
    CRYPTO_SETTINGS settings[2] = { { TlsParametersCngAlgUsageCipher, aes, 1, &gcm, 256, 256 },
                                    { TlsParametersCngAlgUsageCipher, chacha } };
    SecPkgCred_CipherStrengths strengths;
    SecPkgContext_CipherInfo cipher;
    SECURITY_STATUS status;

    /* AES-256-GCM off */
    init_side( client, FALSE, ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM | ISC_REQ_MANUAL_CRED_VALIDATION );
    init_side( server, TRUE, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM );
    ok( acquire( &client->cred, SECPKG_CRED_OUTBOUND, 0, SCH_CRED_NO_DEFAULT_CREDS, NULL ) == SEC_E_OK, "client\n" );
    ok( acquire_without( &server->cred, settings, 1 ) == SEC_E_OK, "server without AES-256-GCM\n" );
    ok( has_alg( &server->cred, CALG_AES_256 ), "AES-256 still on in CBC\n" );
    ok( handshake( client, server ), "handshake: %08lx %08lx\n", client->status, server->status );
    ok( QueryContextAttributesW( &server->ctxt, SECPKG_ATTR_CIPHER_INFO, &cipher ) == SEC_E_OK, "CIPHER_INFO\n" );
    ok( wcscmp( cipher.szCipherSuite, L"TLS_AES_256_GCM_SHA384" ), "%ls negotiated\n", cipher.szCipherSuite );
    cleanup( client );
    cleanup( server );

    /* every cipher of TLS 1.3 off, but for AES-CCM, which Windows does not offer */
    settings[0].cChainingModes = 0;
    settings[0].dwMinBitLength = settings[0].dwMaxBitLength = 0;
    init_side( client, FALSE, ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM | ISC_REQ_MANUAL_CRED_VALIDATION );
    init_side( server, TRUE, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM );
    ok( acquire( &client->cred, SECPKG_CRED_OUTBOUND, SP_PROT_TLS1_3_CLIENT, SCH_CRED_NO_DEFAULT_CREDS, NULL ) == SEC_E_OK,
        "client\n" );
    ok( acquire_without( &server->cred, settings, 2 ) == SEC_E_OK, "server without AES and ChaCha20\n" );
    ok( !has_alg( &server->cred, CALG_AES_128 ) && !has_alg( &server->cred, CALG_AES_256 ), "AES listed\n" );
    ok( !handshake( client, server ), "handshake without a cipher\n" );
    ok( server->status == SEC_E_ALGORITHM_MISMATCH, "server: %08lx\n", server->status );
    cleanup( client );
    cleanup( server );

    /* SCHANNEL_CRED: a minimum strength */
    {
        SCHANNEL_CRED sc = { SCHANNEL_CRED_VERSION };
        SecPkgContext_ConnectionInfo info;

        init_side( client, FALSE, ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM | ISC_REQ_MANUAL_CRED_VALIDATION );
        init_side( server, TRUE, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM );
        sc.dwFlags = SCH_CRED_NO_DEFAULT_CREDS;
        sc.dwMinimumCipherStrength = 256;
        status = AcquireCredentialsHandleA( NULL, (char *)UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL, &sc, NULL, NULL,
                                            &client->cred, NULL );
        ok( status == SEC_E_OK, "client with 256-bit ciphers: %08lx\n", status );
        ok( QueryCredentialsAttributesA( &client->cred, SECPKG_ATTR_CIPHER_STRENGTHS, &strengths ) == SEC_E_OK &&
            strengths.dwMinimumCipherStrength == 256, "strengths %lu-%lu\n", strengths.dwMinimumCipherStrength,
            strengths.dwMaximumCipherStrength );
        ok( !has_alg( &client->cred, CALG_AES_128 ), "AES-128 listed\n" );
        ok( acquire( &server->cred, SECPKG_CRED_INBOUND, 0, 0, server_cert ) == SEC_E_OK, "server\n" );
        ok( handshake( client, server ), "handshake: %08lx %08lx\n", client->status, server->status );
        ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_CONNECTION_INFO, &info ) == SEC_E_OK &&
            info.dwCipherStrength == 256, "cipher %#x of %lu bits\n", info.aiCipher, info.dwCipherStrength );
        cleanup( client );
        cleanup( server );

        /* and a list of algorithms: AES-128 only */
        {
            ALG_ID only = CALG_AES_128;
            SCHANNEL_CRED list = { SCHANNEL_CRED_VERSION };

            init_side( client, FALSE, ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM | ISC_REQ_MANUAL_CRED_VALIDATION );
            init_side( server, TRUE, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM );
            list.dwFlags = SCH_CRED_NO_DEFAULT_CREDS;
            list.cSupportedAlgs = 1;
            list.palgSupportedAlgs = &only;
            ok( AcquireCredentialsHandleA( NULL, (char *)UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL, &list, NULL, NULL,
                                           &client->cred, NULL ) == SEC_E_OK, "client with AES-128 only\n" );
            ok( has_alg( &client->cred, CALG_AES_128 ) && !has_alg( &client->cred, CALG_AES_256 ), "algorithms\n" );
            ok( acquire( &server->cred, SECPKG_CRED_INBOUND, 0, 0, server_cert ) == SEC_E_OK, "server\n" );
            ok( handshake( client, server ), "handshake: %08lx %08lx\n", client->status, server->status );
            ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_CONNECTION_INFO, &info ) == SEC_E_OK &&
                info.aiCipher == CALG_AES_128, "cipher %#x\n", info.aiCipher );
            cleanup( client );
            cleanup( server );
        }
    }
    free( client );
    free( server );
}

static void test_connection( DWORD protocols, DWORD expect_client, DWORD expect_server )
{
    ULONG req = ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM | ISC_REQ_MANUAL_CRED_VALIDATION;
    struct side *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );
    SecPkgContext_ConnectionInfo info;
    SecPkgContext_CipherInfo cipher;
    SecPkgContext_StreamSizes sizes;
    PCCERT_CONTEXT remote;
    int i;

    init_side( client, FALSE, req );
    init_side( server, TRUE, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM );
    ok( acquire( &client->cred, SECPKG_CRED_OUTBOUND, protocols, SCH_CRED_NO_DEFAULT_CREDS, NULL ) == SEC_E_OK,
        "client credentials\n" );
    ok( acquire( &server->cred, SECPKG_CRED_INBOUND, 0, 0, server_cert ) == SEC_E_OK, "server credentials\n" );
    if (!handshake( client, server ))
    {
        ok( 0, "handshake: client %08lx, server %08lx\n", client->status, server->status );
        goto done;
    }
    ok( client->attrs & ISC_RET_CONFIDENTIALITY, "client attrs %08lx\n", client->attrs );
    ok( server->attrs & ASC_RET_CONFIDENTIALITY, "server attrs %08lx\n", server->attrs );
    take_tickets( client );

    ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_CONNECTION_INFO, &info ) == SEC_E_OK, "client info\n" );
    ok( info.dwProtocol == expect_client, "client protocol %#lx\n", info.dwProtocol );
    ok( info.dwCipherStrength >= 128 && info.dwHashStrength >= 128, "strengths %lu %lu\n", info.dwCipherStrength,
        info.dwHashStrength );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_CONNECTION_INFO, &info ) == SEC_E_OK, "server info\n" );
    ok( info.dwProtocol == expect_server, "server protocol %#lx\n", info.dwProtocol );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_CIPHER_INFO, &cipher ) == SEC_E_OK, "cipher info\n" );
    ok( cipher.dwCipherSuite && cipher.szCipherSuite[0], "suite %#lx %ls\n", cipher.dwCipherSuite,
        cipher.szCipherSuite );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_STREAM_SIZES, &sizes ) == SEC_E_OK, "sizes\n" );
    ok( sizes.cbHeader >= 5 && sizes.cbTrailer >= 16 && sizes.cbMaximumMessage == 16384 && sizes.cBuffers == 4,
        "sizes %lu %lu %lu %lu\n", sizes.cbHeader, sizes.cbTrailer, sizes.cbMaximumMessage, sizes.cBuffers );
    ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &remote ) == SEC_E_OK,
        "remote certificate\n" );
    {
        SecPkgContext_ClientSpecifiedTarget target;
        SECURITY_STATUS status = QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_CLIENT_SPECIFIED_TARGET, &target );
        ok( status == SEC_E_OK || broken( status == SEC_E_UNSUPPORTED_FUNCTION ), "SNI: %08lx\n", status );
        if (!status)
        {
            ok( !strcmp( (char *)target.sTargetName, "localhost" ), "SNI %s\n", (char *)target.sTargetName );
            FreeContextBuffer( target.sTargetName );
        }
    }
    if (remote)
    {
        ok( CertCompareCertificate( X509_ASN_ENCODING, remote->pCertInfo, server_cert->pCertInfo ),
            "a different certificate\n" );
        CertFreeCertificateContext( remote );
    }

    for (i = 0; i < 3; i++)
    {
        ok( transfer( client, server, "GET / HTTP/1.1\r\n\r\n" ), "client to server %d\n", i );
        ok( transfer( server, client, "HTTP/1.1 200 OK\r\n\r\n" ), "server to client %d\n", i );
    }
done:
    cleanup( client );
    cleanup( server );
    free( client );
    free( server );
}

/* A client and server with their credentials; the server may ask for a client certificate. */
/* A handshake fed one byte at a time: SEC_E_INCOMPLETE_MESSAGE, with SECBUFFER_MISSING, until a record is whole. */
static void test_incomplete(void)
{
    struct side *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );
    ULONG full, n, bad = 0;

    make_pair( client, server, 0, NULL, 0 );
    step( client, server );
    ok( client->status == SEC_I_CONTINUE_NEEDED, "client hello: %08lx\n", client->status );
    full = server->in_len;
    for (n = 0; n < full; n++)
    {
        BYTE out[4096];
        SecBuffer in_bufs[2] = { { n, SECBUFFER_TOKEN, server->in }, { 0, SECBUFFER_EMPTY, NULL } };
        SecBuffer out_buf = { sizeof(out), SECBUFFER_TOKEN, out };
        SecBufferDesc in = { SECBUFFER_VERSION, 2, in_bufs }, output = { SECBUFFER_VERSION, 1, &out_buf };
        CtxtHandle ctxt;
        ULONG attrs, expect = n < 5 ? 5 - n : full - n;
        SECURITY_STATUS status;

        status = AcceptSecurityContext( &server->cred, NULL, &in, server->req, 0, &ctxt, &output, &attrs, NULL );
        if (status != SEC_E_INCOMPLETE_MESSAGE || (n && (in_bufs[1].BufferType != SECBUFFER_MISSING ||
                                                         in_bufs[1].cbBuffer != expect)))
        {
            if (!bad++) ok( 0, "%lu of %lu bytes: %08lx, buffer %lu of %lu\n", n, full, status,
                            in_bufs[1].BufferType, in_bufs[1].cbBuffer );
            if (!FAILED( status )) DeleteSecurityContext( &ctxt );
        }
    }
    ok( !bad, "%lu byte counts misreported\n", bad );
    step( server, client );
    ok( server->status == SEC_I_CONTINUE_NEEDED, "whole client hello: %08lx\n", server->status );
    free_pair( client, server );
}

static void test_garbage(void)
{
    static char http[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    struct side *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );

    make_pair( client, server, 0, NULL, 0 );
    memcpy( server->in, http, sizeof(http) - 1 );
    server->in_len = sizeof(http) - 1;
    step( server, client );
    ok( server->status == SEC_E_INVALID_TOKEN || server->status == SEC_E_ILLEGAL_MESSAGE, "plain HTTP: %08lx\n",
        server->status );

    /* a well-framed record that is not a client hello */
    server->in_len = 0;
    memcpy( server->in, "\x16\x03\x01\x00\x04\x0e\x00\x00\x00", 9 );
    server->in_len = 9;
    server->has_ctxt = FALSE;
    step( server, client );
    ok( FAILED( server->status ), "server hello done to a server: %08lx\n", server->status );
    free_pair( client, server );
}

static SECURITY_STATUS decrypt( struct side *side, SecBuffer *bufs, ULONG count )
{
    SecBufferDesc msg = { SECBUFFER_VERSION, count, bufs };
    ULONG qop;
    return DecryptMessage( &side->ctxt, &msg, 0, &qop );
}

/* Encrypts TEXT into BUF; returns the record's length. */
static ULONG seal( struct side *side, const char *text, BYTE *buf )
{
    SecPkgContext_StreamSizes sizes;
    SecBuffer bufs[4];

    QueryContextAttributesA( &side->ctxt, SECPKG_ATTR_STREAM_SIZES, &sizes );
    ok( encrypt_text( &side->ctxt, text, buf, sizes.cbHeader, sizes.cbTrailer, bufs ) == SEC_E_OK, "EncryptMessage\n" );
    ok( bufs[0].cbBuffer == sizes.cbHeader, "header %lu of %lu\n", bufs[0].cbBuffer, sizes.cbHeader );
    return bufs[0].cbBuffer + bufs[1].cbBuffer + bufs[2].cbBuffer;
}

static void test_messages(void)
{
    struct side *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );
    BYTE buf[2048];
    SecBuffer bufs[4];
    ULONG first, second;

    make_pair( client, server, 0, NULL, 0 );
    if (!handshake( client, server )) goto done;
    take_tickets( client );

    first = seal( client, "first", buf );
    second = seal( client, "second record", buf + first );
    memset( bufs, 0, sizeof(bufs) );

    bufs[0].BufferType = SECBUFFER_DATA;
    bufs[0].cbBuffer = first + second;
    bufs[0].pvBuffer = buf;
    ok( decrypt( server, bufs, 3 ) == SEC_E_INVALID_TOKEN, "three buffers\n" );
    bufs[1].BufferType = SECBUFFER_DATA;
    ok( decrypt( server, bufs, 4 ) == SEC_E_INVALID_TOKEN, "two data buffers\n" );
    bufs[1].BufferType = SECBUFFER_EXTRA;
    ok( decrypt( server, bufs, 4 ) == SEC_E_INVALID_TOKEN, "two empty buffers\n" );
    bufs[1].BufferType = SECBUFFER_EMPTY;
    bufs[0].BufferType = SECBUFFER_EMPTY;
    ok( decrypt( server, bufs, 4 ) == SEC_E_INVALID_TOKEN, "no data buffer\n" );

    /* a partial record */
    bufs[0].BufferType = SECBUFFER_DATA;
    bufs[0].cbBuffer = first - 3;
    ok( decrypt( server, bufs, 4 ) == SEC_E_INCOMPLETE_MESSAGE, "partial record\n" );
    ok( bufs[0].BufferType == SECBUFFER_MISSING && bufs[0].cbBuffer == 3, "missing: type %lu, %lu bytes\n",
        bufs[0].BufferType, bufs[0].cbBuffer );

    /* two records: the first decrypted, the second left over */
    bufs[0].BufferType = SECBUFFER_DATA;
    bufs[0].cbBuffer = first + second;
    bufs[0].pvBuffer = buf;
    ok( decrypt( server, bufs, 4 ) == SEC_E_OK, "first record\n" );
    ok( bufs[1].cbBuffer == 5 && !memcmp( bufs[1].pvBuffer, "first", 5 ), "first: %lu bytes\n", bufs[1].cbBuffer );
    ok( bufs[3].BufferType == SECBUFFER_EXTRA && bufs[3].cbBuffer == second && bufs[3].pvBuffer == buf + first,
        "extra: type %lu, %lu bytes\n", bufs[3].BufferType, bufs[3].cbBuffer );
    bufs[0].BufferType = SECBUFFER_DATA;
    bufs[0].cbBuffer = second;
    bufs[0].pvBuffer = buf + first;
    bufs[1].BufferType = bufs[2].BufferType = bufs[3].BufferType = SECBUFFER_EMPTY;
    ok( decrypt( server, bufs, 4 ) == SEC_E_OK, "second record\n" );
    ok( bufs[1].cbBuffer == 13 && !memcmp( bufs[1].pvBuffer, "second record", 13 ), "second\n" );
    ok( bufs[3].BufferType == SECBUFFER_EMPTY, "extra after the last record: %lu\n", bufs[3].BufferType );

    /* header, data and trailer apart from each other */
    {
        BYTE header[64], data[16], trailer[64];
        SecBufferDesc msg = { SECBUFFER_VERSION, 4, bufs };
        ULONG len;

        memcpy( data, "apart", 5 );
        set_buffer( &bufs[0], SECBUFFER_STREAM_HEADER, header, sizeof(header) );
        set_buffer( &bufs[1], SECBUFFER_DATA, data, 5 );
        set_buffer( &bufs[2], SECBUFFER_STREAM_TRAILER, trailer, sizeof(trailer) );
        set_buffer( &bufs[3], SECBUFFER_EMPTY, NULL, 0 );
        ok( EncryptMessage( &client->ctxt, 0, &msg, 0 ) == SEC_E_OK, "EncryptMessage into buffers apart\n" );
        ok( memcmp( data, "apart", 5 ), "not encrypted\n" );
        memcpy( buf, header, bufs[0].cbBuffer );
        memcpy( buf + bufs[0].cbBuffer, data, 5 );
        memcpy( buf + bufs[0].cbBuffer + 5, trailer, bufs[2].cbBuffer );
        len = bufs[0].cbBuffer + 5 + bufs[2].cbBuffer;
        memset( bufs, 0, sizeof(bufs) );
        set_buffer( &bufs[0], SECBUFFER_DATA, buf, len );
        ok( decrypt( server, bufs, 4 ) == SEC_E_OK, "record from buffers apart\n" );
        ok( bufs[1].cbBuffer == 5 && !memcmp( bufs[1].pvBuffer, "apart", 5 ), "apart: %lu bytes\n", bufs[1].cbBuffer );
    }

    /* a record altered on the way */
    first = seal( client, "altered", buf );
    buf[first - 1] ^= 1;
    memset( bufs, 0, sizeof(bufs) );
    bufs[0].BufferType = SECBUFFER_DATA;
    bufs[0].cbBuffer = first;
    bufs[0].pvBuffer = buf;
    ok( decrypt( server, bufs, 4 ) == SEC_E_DECRYPT_FAILURE, "altered record accepted\n" );
done:
    free_pair( client, server );
}

static void test_shutdown(void)
{
    struct side *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );
    DWORD type = SCHANNEL_SHUTDOWN;
    SecBuffer token = { sizeof(type), SECBUFFER_TOKEN, &type }, bufs[4];
    SecBufferDesc desc = { SECBUFFER_VERSION, 1, &token };

    make_pair( client, server, 0, NULL, 0 );
    if (!handshake( client, server )) goto done;
    take_tickets( client );
    ok( ApplyControlToken( &client->ctxt, &desc ) == SEC_E_OK, "ApplyControlToken\n" );
    client->status = SEC_I_CONTINUE_NEEDED;
    step( client, server );
    ok( client->status == SEC_E_OK && server->in_len, "close_notify: %08lx, %lu bytes\n", client->status,
        server->in_len );
    memset( bufs, 0, sizeof(bufs) );
    bufs[0].BufferType = SECBUFFER_DATA;
    bufs[0].cbBuffer = server->in_len;
    bufs[0].pvBuffer = server->in;
    ok( decrypt( server, bufs, 4 ) == SEC_I_CONTEXT_EXPIRED, "the server saw no close_notify\n" );
done:
    free_pair( client, server );
}

/* The side's SECBUFFER_APPLICATION_PROTOCOLS: one ALPN list of LEN bytes. */
static void set_alpn( struct side *side, const char *list, USHORT len )
{
    SEC_APPLICATION_PROTOCOLS *p = (SEC_APPLICATION_PROTOCOLS *)side->alpn;

    p->ProtocolListsSize = offsetof( SEC_APPLICATION_PROTOCOL_LIST, ProtocolList ) + len;
    p->ProtocolLists[0].ProtoNegoExt = SecApplicationProtocolNegotiationExt_ALPN;
    p->ProtocolLists[0].ProtocolListSize = len;
    memcpy( p->ProtocolLists[0].ProtocolList, list, len );
    side->alpn_len = offsetof( SEC_APPLICATION_PROTOCOLS, ProtocolLists ) + p->ProtocolListsSize;
}

static void test_alpn(void)
{
    static const char client_list[] = "\x02h2\x08http/1.1", server_list[] = "\x08http/1.1";
    struct side *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );
    SecPkgContext_ApplicationProtocol proto;

    make_pair( client, server, 0, NULL, 0 );
    set_alpn( client, client_list, sizeof(client_list) - 1 );
    set_alpn( server, server_list, sizeof(server_list) - 1 );

    if (handshake( client, server ))
    {
        ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_APPLICATION_PROTOCOL, &proto ) == SEC_E_OK, "query\n" );
        ok( proto.ProtoNegoStatus == SecApplicationProtocolNegotiationStatus_Success && proto.ProtocolIdSize == 8 &&
            !memcmp( proto.ProtocolId, "http/1.1", 8 ), "client: status %u, %u bytes\n", proto.ProtoNegoStatus,
            proto.ProtocolIdSize );
        ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_APPLICATION_PROTOCOL, &proto ) == SEC_E_OK, "query\n" );
        ok( proto.ProtocolIdSize == 8 && !memcmp( proto.ProtocolId, "http/1.1", 8 ), "server: %u bytes\n",
            proto.ProtocolIdSize );
    }
    else ok( 0, "handshake: %08lx %08lx\n", client->status, server->status );
    free_pair( client, server );
}

/* A server that asks for a client certificate: SEC_I_INCOMPLETE_CREDENTIALS once for a client without one. */
static void test_client_certificate(void)
{
    struct side *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );
    PCCERT_CONTEXT remote = NULL;
    BOOL incomplete = FALSE;
    int i;

    make_pair( client, server, SP_PROT_TLS1_2_CLIENT, NULL, ASC_REQ_MUTUAL_AUTH );
    for (i = 0; i < 10 && !(client->has_ctxt && server->has_ctxt && client->status == SEC_E_OK &&
                            server->status == SEC_E_OK); i++)
    {
        if (client->status != SEC_E_OK || !client->has_ctxt) step( client, server );
        if (client->status == SEC_I_INCOMPLETE_CREDENTIALS)
        {
            incomplete = TRUE;
            step( client, server );   /* go on without one */
        }
        if (FAILED( client->status )) break;
        if (server->status != SEC_E_OK || !server->has_ctxt) step( server, client );
        if (FAILED( server->status )) break;
    }
    ok( incomplete, "no SEC_I_INCOMPLETE_CREDENTIALS\n" );
    ok( client->status == SEC_E_OK && server->status == SEC_E_OK, "handshake: %08lx %08lx\n", client->status,
        server->status );
    ok( server->attrs & ASC_RET_MUTUAL_AUTH, "server attrs %08lx\n", server->attrs );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &remote ) != SEC_E_OK,
        "a client certificate from nowhere\n" );
    free_pair( client, server );

    client = malloc( sizeof(*client) );
    server = malloc( sizeof(*server) );
    make_pair( client, server, 0, server_cert, ASC_REQ_MUTUAL_AUTH );
    if (handshake( client, server ))
    {
        take_tickets( client );
        ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &remote ) == SEC_E_OK,
            "no client certificate\n" );
        if (remote) CertFreeCertificateContext( remote );
    }
    else ok( 0, "handshake with a client certificate: %08lx %08lx\n", client->status, server->status );
    free_pair( client, server );
}

/* Without SCH_CRED_NO_DEFAULT_CREDS a client presents a certificate of the
 * user's MY store when the server asks, unless ISC_REQ_USE_SUPPLIED_CREDS. */
static void test_default_client_certificate(void)
{
    struct side *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );
    HCERTSTORE my = CertOpenStore( CERT_STORE_PROV_SYSTEM_W, 0, 0, CERT_SYSTEM_STORE_CURRENT_USER, L"MY" );
    PCCERT_CONTEXT added = NULL, remote = NULL, local = NULL;
    ULONG req = ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM | ISC_REQ_MANUAL_CRED_VALIDATION;
    BOOL incomplete = FALSE;
    int i;

    ok( my && CertAddCertificateContextToStore( my, server_cert, CERT_STORE_ADD_REPLACE_EXISTING, &added ),
        "certificate into MY: %lu\n", GetLastError() );
    CertControlStore( my, 0, CERT_STORE_CTRL_COMMIT, NULL );  /* Wine writes the registry store back only then */
    init_side( client, FALSE, req );
    init_side( server, TRUE, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM | ASC_REQ_MUTUAL_AUTH );
    ok( acquire( &client->cred, SECPKG_CRED_OUTBOUND, 0, 0, NULL ) == SEC_E_OK, "client credentials\n" );
    ok( acquire( &server->cred, SECPKG_CRED_INBOUND, 0, 0, server_cert ) == SEC_E_OK, "server credentials\n" );
    ok( handshake( client, server ), "handshake: %08lx %08lx\n", client->status, server->status );
    take_tickets( client );
    /* the store may hold others the client could have chosen */
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &remote ) == SEC_E_OK && remote,
        "the server got no certificate\n" );
    ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_LOCAL_CERT_CONTEXT, &local ) == SEC_E_OK && local &&
        remote && CertCompareCertificate( X509_ASN_ENCODING, remote->pCertInfo, local->pCertInfo ),
        "the client presented another certificate than it says\n" );
    if (remote) CertFreeCertificateContext( remote );
    if (local) CertFreeCertificateContext( local );
    cleanup( client );
    cleanup( server );

    init_side( client, FALSE, req | ISC_REQ_USE_SUPPLIED_CREDS );
    init_side( server, TRUE, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM | ASC_REQ_MUTUAL_AUTH );
    ok( acquire( &client->cred, SECPKG_CRED_OUTBOUND, 0, 0, NULL ) == SEC_E_OK, "client credentials\n" );
    ok( acquire( &server->cred, SECPKG_CRED_INBOUND, 0, 0, server_cert ) == SEC_E_OK, "server credentials\n" );
    for (i = 0; i < 10 && !(client->has_ctxt && server->has_ctxt && client->status == SEC_E_OK &&
                            server->status == SEC_E_OK); i++)
    {
        if (client->status != SEC_E_OK || !client->has_ctxt) step( client, server );
        if (client->status == SEC_I_INCOMPLETE_CREDENTIALS)
        {
            incomplete = TRUE;
            step( client, server );   /* go on without one: TLS 1.3's last flight */
        }
        if (FAILED( client->status )) break;
        if (server->status != SEC_E_OK || !server->has_ctxt) step( server, client );
        if (FAILED( server->status )) break;
    }
    ok( incomplete, "ISC_REQ_USE_SUPPLIED_CREDS: %08lx\n", client->status );
    ok( client->status == SEC_E_OK && server->status == SEC_E_OK, "handshake: %08lx %08lx\n", client->status,
        server->status );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &remote ) != SEC_E_OK,
        "a client certificate unasked-for\n" );
    free_pair( client, server );
    if (added) CertDeleteCertificateFromStore( added );
    if (my) CertControlStore( my, 0, CERT_STORE_CTRL_COMMIT, NULL );  /* or the next run finds it with another key */
    if (my) CertCloseStore( my, 0 );
}

/* A server with several certificates presents one of them. */
static void test_server_certificates(void)
{
    struct side *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );
    PCCERT_CONTEXT certs[2] = { server_cert, server_cert }, local = NULL;
    SCHANNEL_CRED sc = { SCHANNEL_CRED_VERSION };

    init_side( client, FALSE, ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM | ISC_REQ_MANUAL_CRED_VALIDATION );
    init_side( server, TRUE, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM );
    ok( acquire( &client->cred, SECPKG_CRED_OUTBOUND, 0, SCH_CRED_NO_DEFAULT_CREDS, NULL ) == SEC_E_OK, "client\n" );
    sc.cCreds = 2;
    sc.paCred = certs;
    ok( AcquireCredentialsHandleA( NULL, (char *)UNISP_NAME_A, SECPKG_CRED_INBOUND, NULL, &sc, NULL, NULL,
                                   &server->cred, NULL ) == SEC_E_OK, "server with two certificates\n" );
    ok( handshake( client, server ), "handshake: %08lx %08lx\n", client->status, server->status );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_LOCAL_CERT_CONTEXT, &local ) == SEC_E_OK && local &&
        CertCompareCertificate( X509_ASN_ENCODING, local->pCertInfo, server_cert->pCertInfo ), "local certificate\n" );
    if (local) CertFreeCertificateContext( local );
    free_pair( client, server );
}

static void test_bindings_and_keys(void)
{
    struct side *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );
    SecPkgContext_Bindings cb, sb;
    SecPkgContext_KeyingMaterialInfo info = { 13, (char *)"EXPERIMENTAL1", 0, NULL, 32 };
    SecPkgContext_KeyingMaterial ck, sk;

    make_pair( client, server, SP_PROT_TLS1_2_CLIENT, NULL, 0 );
    if (!handshake( client, server )) goto done;
    ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_ENDPOINT_BINDINGS, &cb ) == SEC_E_OK, "client bindings\n" );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_ENDPOINT_BINDINGS, &sb ) == SEC_E_OK, "server bindings\n" );
    ok( cb.BindingsLength == sb.BindingsLength && !memcmp( cb.Bindings, sb.Bindings, cb.BindingsLength ),
        "endpoint bindings differ\n" );
    ok( cb.Bindings->cbApplicationDataLength == 21 + 32 &&
        !memcmp( (BYTE *)cb.Bindings + cb.Bindings->dwApplicationDataOffset, "tls-server-end-point:", 21 ),
        "endpoint bindings: %lu bytes\n", cb.Bindings->cbApplicationDataLength );
    FreeContextBuffer( cb.Bindings );
    FreeContextBuffer( sb.Bindings );
    ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_UNIQUE_BINDINGS, &cb ) == SEC_E_OK, "client unique\n" );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_UNIQUE_BINDINGS, &sb ) == SEC_E_OK, "server unique\n" );
    ok( cb.BindingsLength == sb.BindingsLength && !memcmp( cb.Bindings, sb.Bindings, cb.BindingsLength ),
        "unique bindings differ\n" );
    FreeContextBuffer( cb.Bindings );
    FreeContextBuffer( sb.Bindings );

    ok( SetContextAttributesA( &client->ctxt, SECPKG_ATTR_KEYING_MATERIAL_INFO, &info, sizeof(info) ) == SEC_E_OK,
        "client keying material info\n" );
    ok( SetContextAttributesA( &server->ctxt, SECPKG_ATTR_KEYING_MATERIAL_INFO, &info, sizeof(info) ) == SEC_E_OK,
        "server keying material info\n" );
    ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_KEYING_MATERIAL, &ck ) == SEC_E_OK, "client keys\n" );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_KEYING_MATERIAL, &sk ) == SEC_E_OK, "server keys\n" );
    ok( ck.cbKeyingMaterial == 32 && sk.cbKeyingMaterial == 32 && !memcmp( ck.pbKeyingMaterial, sk.pbKeyingMaterial, 32 ),
        "exported keys differ\n" );
    FreeContextBuffer( ck.pbKeyingMaterial );
    FreeContextBuffer( sk.pbKeyingMaterial );
done:
    free_pair( client, server );
}

/* A second connection with the same credentials resumes the first's session. */
static void test_resumption( DWORD protocols )
{
    struct side *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );
    SecPkgContext_SessionInfo info;
    CredHandle client_cred, server_cred;

    make_pair( client, server, protocols, NULL, 0 );
    client_cred = client->cred;
    server_cred = server->cred;
    ok( handshake( client, server ), "first handshake\n" );
    take_tickets( client );
    DeleteSecurityContext( &client->ctxt );
    DeleteSecurityContext( &server->ctxt );

    init_side( client, FALSE, ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM | ISC_REQ_MANUAL_CRED_VALIDATION );
    init_side( server, TRUE, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM );
    client->cred = client_cred;
    server->cred = server_cred;
    if (handshake( client, server ))
    {
        ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_SESSION_INFO, &info ) == SEC_E_OK, "session info\n" );
        ok( info.dwFlags & SSL_SESSION_RECONNECT, "client did not resume\n" );
        ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_SESSION_INFO, &info ) == SEC_E_OK, "session info\n" );
        ok( info.dwFlags & SSL_SESSION_RECONNECT, "server did not resume\n" );
    }
    else ok( 0, "second handshake: %08lx %08lx\n", client->status, server->status );
    free_pair( client, server );
}

static void apply_control( struct side *side, DWORD type )
{
    SecBuffer token = { sizeof(type), SECBUFFER_TOKEN, &type };
    SecBufferDesc desc = { SECBUFFER_VERSION, 1, &token };
    ok( ApplyControlToken( &side->ctxt, &desc ) == SEC_E_OK, "ApplyControlToken %lu\n", type );
}

/* What the peer sent after the handshake, through DecryptMessage; handshake
 * records go back to ISC or ASC, as SEC_I_RENEGOTIATE asks. */
static void take_records( struct side *side, struct side *peer )
{
    while (side->in_len)
    {
        SecBuffer bufs[4] = { { side->in_len, SECBUFFER_DATA, side->in } };
        SECURITY_STATUS status = decrypt( side, bufs, 4 );

        side->in_len = bufs[3].BufferType == SECBUFFER_EXTRA ? bufs[3].cbBuffer : 0;
        if (side->in_len) memmove( side->in, bufs[3].pvBuffer, side->in_len );
        if (status == SEC_I_RENEGOTIATE)
        {
            side->status = SEC_I_CONTINUE_NEEDED;
            step( side, peer );
        }
        else ok( status == SEC_E_OK, "DecryptMessage: %08lx\n", status );
        if (FAILED( status ) || FAILED( side->status )) break;
    }
}

/* SCHANNEL_RENEGOTIATE: a new handshake in TLS 1.2 from either side, a key update in TLS 1.3. */
static void test_renegotiate( DWORD protocols, BOOL from_server )
{
    struct side *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );
    struct side *from, *to;
    int i;

    winetest_push_context( "protocols %#lx%s", protocols, from_server ? ", from the server" : "" );
    make_pair( client, server, protocols, NULL, 0 );
    if (!handshake( client, server )) goto done;
    take_tickets( client );
    from = from_server ? server : client;
    to = from_server ? client : server;
    apply_control( from, SCHANNEL_RENEGOTIATE );
    from->status = SEC_I_CONTINUE_NEEDED;
    step( from, to );
    ok( from->status == (protocols == SP_PROT_TLS1_2_CLIENT ? SEC_I_CONTINUE_NEEDED : SEC_E_OK),
        "after the control token: %08lx\n", from->status );
    for (i = 0; i < 10 && (to->in_len || from->in_len); i++)
    {
        if (to->in_len)
        {
            if (to->status == SEC_I_CONTINUE_NEEDED && to->has_ctxt) step( to, from );
            else take_records( to, from );
        }
        if (from->in_len)
        {
            if (from->status == SEC_I_CONTINUE_NEEDED) step( from, to );
            else take_records( from, to );
        }
    }
    ok( client->status == SEC_E_OK && server->status == SEC_E_OK, "after renegotiation: %08lx %08lx\n",
        client->status, server->status );
    ok( transfer( client, server, "after renegotiation" ), "client to server\n" );
    ok( transfer( server, client, "after renegotiation" ), "server to client\n" );
done:
    winetest_pop_context();
    free_pair( client, server );
}

/* .NET's NegotiateClientCertificateAsync: a server that did not ask at first asks on
 * the established context, with no input and ASC_REQ_MUTUAL_AUTH. SEC_E_OK comes with
 * the request (TLS 1.2: a HelloRequest, 1.3: a CertificateRequest), the client's
 * answer goes to the next calls, and then the server has the client's certificate. */
static void test_later_client_cert( DWORD protocols )
{
    struct side *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );
    PCCERT_CONTEXT remote = NULL;
    int i;

    winetest_push_context( "protocols %#lx", protocols );
    make_pair( client, server, protocols, server_cert, 0 );
    if (!handshake( client, server )) goto done;
    take_tickets( client );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &remote ) != SEC_E_OK,
        "a certificate unasked-for\n" );
    server->req |= ASC_REQ_MUTUAL_AUTH;
    server->status = SEC_I_CONTINUE_NEEDED;
    step( server, client );
    ok( server->status == SEC_E_OK, "the request: %08lx\n", server->status );
    ok( client->in_len, "no request sent\n" );
    server->status = SEC_I_CONTINUE_NEEDED;  /* what comes back goes to AcceptSecurityContext */
    for (i = 0; i < 10 && (client->in_len || server->in_len); i++)
    {
        if (client->in_len)
        {
            if (client->status == SEC_I_CONTINUE_NEEDED) step( client, server );
            else take_records( client, server );
        }
        if (server->in_len) step( server, client );
    }
    ok( client->status == SEC_E_OK && server->status == SEC_E_OK, "after the request: %08lx %08lx\n",
        client->status, server->status );
    ok( server->attrs & ASC_RET_MUTUAL_AUTH, "server attributes %#lx\n", server->attrs );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &remote ) == SEC_E_OK && remote,
        "no client certificate\n" );
    if (remote) CertFreeCertificateContext( remote );
    ok( transfer( client, server, "with a certificate" ), "client to server\n" );
    ok( transfer( server, client, "with a certificate" ), "server to client\n" );
done:
    winetest_pop_context();
    free_pair( client, server );
}

/* No common version: the server fails with an alert for the client in SECBUFFER_ALERT. */
static void test_alert(void)
{
    struct side *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );
    SCH_CREDENTIALS v5 = { SCH_CREDENTIALS_VERSION };
    TLS_PARAMETERS params = { 0 };
    SecBuffer in_bufs[2], out_bufs[2];
    SecBufferDesc in = { SECBUFFER_VERSION, 2, in_bufs }, out = { SECBUFFER_VERSION, 2, out_bufs };
    CtxtHandle ctxt;
    ULONG attrs;
    SECURITY_STATUS status;

    init_side( client, FALSE, ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM | ISC_REQ_MANUAL_CRED_VALIDATION );
    ok( acquire( &client->cred, SECPKG_CRED_OUTBOUND, SP_PROT_TLS1_2_CLIENT, SCH_CRED_NO_DEFAULT_CREDS, NULL ) ==
        SEC_E_OK, "client credentials\n" );
    init_side( server, TRUE, 0 );
    params.grbitDisabledProtocols = SP_PROT_TLS1_2_SERVER;
    v5.cCreds = 1;
    v5.paCred = &server_cert;
    v5.cTlsParameters = 1;
    v5.pTlsParameters = &params;
    ok( AcquireCredentialsHandleA( NULL, (char *)UNISP_NAME_A, SECPKG_CRED_INBOUND, NULL, &v5, NULL, NULL,
                                   &server->cred, NULL ) == SEC_E_OK, "TLS 1.3 only server\n" );
    step( client, server );
    in_bufs[0].BufferType = SECBUFFER_TOKEN;
    in_bufs[0].cbBuffer = server->in_len;
    in_bufs[0].pvBuffer = server->in;
    in_bufs[1].BufferType = SECBUFFER_EMPTY;
    in_bufs[1].cbBuffer = 0;
    in_bufs[1].pvBuffer = NULL;
    out_bufs[0].BufferType = SECBUFFER_TOKEN;
    out_bufs[1].BufferType = SECBUFFER_ALERT;
    out_bufs[0].cbBuffer = out_bufs[1].cbBuffer = 0;
    out_bufs[0].pvBuffer = out_bufs[1].pvBuffer = NULL;
    status = AcceptSecurityContext( &server->cred, NULL, &in, ASC_REQ_ALLOCATE_MEMORY | ASC_REQ_EXTENDED_ERROR |
                                    ASC_REQ_STREAM, 0, &ctxt, &out, &attrs, NULL );
    ok( status == SEC_E_ALGORITHM_MISMATCH || status == SEC_E_UNSUPPORTED_FUNCTION, "no common version: %08lx\n",
        status );
    ok( out_bufs[1].cbBuffer >= 7 && out_bufs[1].pvBuffer && ((BYTE *)out_bufs[1].pvBuffer)[0] == 21,
        "alert: %lu bytes\n", out_bufs[1].cbBuffer );
    if (out_bufs[1].pvBuffer) FreeContextBuffer( out_bufs[1].pvBuffer );
    if (out_bufs[0].pvBuffer) FreeContextBuffer( out_bufs[0].pvBuffer );
    free_pair( client, server );
}

/* Without manual validation the client checks the server's certificate: ours is trusted by no one. */
static void test_validation(void)
{
    struct side *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );

    make_pair( client, server, 0, NULL, 0 );
    client->req &= ~ISC_REQ_MANUAL_CRED_VALIDATION;
    ok( !handshake( client, server ), "handshake with an untrusted certificate\n" );
    ok( client->status == SEC_E_UNTRUSTED_ROOT, "client: %08lx\n", client->status );
    free_pair( client, server );
}

START_TEST(schannel)
{
    if (!(server_cert = make_certificate()))
    {
        skip( "no RSA key container\n" );
        return;
    }
    test_credentials();
    test_disabled_crypto();
    test_connection( 0, SP_PROT_TLS1_3_CLIENT, SP_PROT_TLS1_3_SERVER );
    test_connection( SP_PROT_TLS1_2_CLIENT, SP_PROT_TLS1_2_CLIENT, SP_PROT_TLS1_2_SERVER );
    test_incomplete();
    test_garbage();
    test_messages();
    test_shutdown();
    test_alpn();
    test_client_certificate();
    test_default_client_certificate();
    test_server_certificates();
    test_bindings_and_keys();
    test_resumption( SP_PROT_TLS1_2_CLIENT );
    test_resumption( 0 );
    test_validation();
    test_alert();
    test_renegotiate( SP_PROT_TLS1_2_CLIENT, FALSE );
    test_renegotiate( SP_PROT_TLS1_2_CLIENT, TRUE );
    test_renegotiate( 0, FALSE );
    test_later_client_cert( SP_PROT_TLS1_2_CLIENT );
    test_later_client_cert( 0 );
    CertFreeCertificateContext( server_cert );
    delete_container();
}
