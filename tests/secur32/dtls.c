/*
 * Schannel's DTLS, client and server in one process, datagrams handed over
 * in memory: credentials, SECBUFFER_DTLS_MTU, one datagram per token with
 * SEC_I_MESSAGE_FRAGMENT for the rest of a flight, retransmission on a call
 * without input, records that fit the MTU, replays, and the MTU changed
 * with SetContextAttributes.
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

#define MAX_DATAGRAMS 32
#define DATAGRAM_SIZE 2048
/* no certificate picked by default and no automatic check of the peer's */
#define DTLS_FLAGS (SCH_CRED_NO_DEFAULT_CREDS | SCH_CRED_MANUAL_CRED_VALIDATION)

/* One end of a DTLS association: what it has been sent, a datagram at a time. */
struct end
{
    CredHandle cred;
    CtxtHandle ctxt;
    BOOL server, has_ctxt;
    ULONG req, attrs, mtu;
    SECURITY_STATUS status;
    BYTE inbox[MAX_DATAGRAMS][DATAGRAM_SIZE];
    ULONG inbox_len[MAX_DATAGRAMS];
    unsigned int count;
    unsigned int sent;       /* datagrams it sent */
    const char *address;     /* server: the client's, as SECBUFFER_EXTRA, when set */
    ULONG largest;           /* the largest of them */
};

static void deliver( struct end *to, const void *data, ULONG len )
{
    if (to->count == MAX_DATAGRAMS || len > DATAGRAM_SIZE) return;
    memcpy( to->inbox[to->count], data, len );
    to->inbox_len[to->count++] = len;
}

/* One ISC or ASC call with DATAGRAM (or none); its token goes to PEER. */
static SECURITY_STATUS call( struct end *end, struct end *peer, const BYTE *datagram, ULONG len )
{
    BYTE token[DATAGRAM_SIZE], alert[512];
    WORD mtu = end->mtu;
    SecBuffer in[4], out[2] = { { sizeof(token), SECBUFFER_TOKEN, token }, { sizeof(alert), SECBUFFER_ALERT, alert } };
    SecBufferDesc input = { SECBUFFER_VERSION, 2, in }, output = { SECBUFFER_VERSION, 2, out };
    TimeStamp ts;

    set_buffer( &in[0], SECBUFFER_TOKEN, (void *)datagram, len );
    set_buffer( &in[1], SECBUFFER_EMPTY, NULL, 0 );
    set_buffer( &in[2], SECBUFFER_DTLS_MTU, &mtu, sizeof(mtu) );
    /* the MTU goes with the first call: alone for a client, after the hello for a server */
    if (!end->has_ctxt && !end->server)
    {
        in[0] = in[2];
        input.cBuffers = 1;
    }
    else if (!end->has_ctxt && end->mtu) input.cBuffers = 3;
    if (end->server && end->address) set_buffer( &in[input.cBuffers++], SECBUFFER_EXTRA, (void *)end->address,
                                                 strlen( end->address ) );
    if (end->server)
        end->status = AcceptSecurityContext( &end->cred, end->has_ctxt ? &end->ctxt : NULL, &input, end->req, 0,
                                             &end->ctxt, &output, &end->attrs, &ts );
    else
        end->status = InitializeSecurityContextA( &end->cred, end->has_ctxt ? &end->ctxt : NULL, (char *)"localhost",
                                                  end->req, 0, 0, datagram || !end->has_ctxt ? &input : NULL, 0,
                                                  &end->ctxt, &output, &end->attrs, &ts );
    if (!FAILED( end->status )) end->has_ctxt = TRUE;
    if ((!FAILED( end->status ) || out[0].cbBuffer) && out[0].cbBuffer && peer)
    {
        deliver( peer, token, out[0].cbBuffer );
        end->sent++;
        if (out[0].cbBuffer > end->largest) end->largest = out[0].cbBuffer;
    }
    return end->status;
}

/* A call, then the rest of its flight. */
static void flight( struct end *end, struct end *peer, const BYTE *datagram, ULONG len )
{
    int i;

    call( end, peer, datagram, len );
    for (i = 0; i < MAX_DATAGRAMS && end->status == SEC_I_MESSAGE_FRAGMENT; i++) call( end, peer, NULL, 0 );
}

/* Each end takes the datagrams it was sent, one call each, until both are done. */
static BOOL associate_from( struct end *client, struct end *server )
{
    unsigned int round, i;

    for (round = 0; round < 16; round++)
    {
        struct end *ends[2] = { server, client };
        for (i = 0; i < 2; i++)
        {
            struct end *end = ends[i], *peer = ends[!i];
            unsigned int n;

            for (n = 0; n < end->count && !FAILED( end->status ); n++)
                flight( end, peer, end->inbox[n], end->inbox_len[n] );
            end->count = 0;
            if (FAILED( end->status )) return FALSE;
        }
        if (client->status == SEC_E_OK && server->status == SEC_E_OK) return TRUE;
    }
    return FALSE;
}

static BOOL associate( struct end *client, struct end *server )
{
    flight( client, server, NULL, 0 );
    return associate_from( client, server );
}

static void init_ends( struct end *client, struct end *server, DWORD protocols, ULONG mtu )
{
    memset( client, 0, sizeof(*client) );
    memset( server, 0, sizeof(*server) );
    client->req = ISC_REQ_CONFIDENTIALITY | ISC_REQ_DATAGRAM | ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT |
                  ISC_REQ_EXTENDED_ERROR;
    client->mtu = mtu;
    server->server = TRUE;
    server->req = ASC_REQ_CONFIDENTIALITY | ASC_REQ_DATAGRAM | ASC_REQ_SEQUENCE_DETECT | ASC_REQ_REPLAY_DETECT |
                  ASC_REQ_EXTENDED_ERROR;
    ok( acquire( &client->cred, SECPKG_CRED_OUTBOUND, protocols & SP_PROT_DTLS1_X_CLIENT, DTLS_FLAGS, NULL ) ==
        SEC_E_OK, "client credentials\n" );
    ok( acquire( &server->cred, SECPKG_CRED_INBOUND, protocols & SP_PROT_DTLS1_X_SERVER, DTLS_FLAGS, server_cert ) ==
        SEC_E_OK, "server credentials\n" );
}

static void free_ends( struct end *client, struct end *server )
{
    struct end *ends[2] = { client, server };
    int i;

    for (i = 0; i < 2; i++)
    {
        if (ends[i]->has_ctxt) DeleteSecurityContext( &ends[i]->ctxt );
        FreeCredentialsHandle( &ends[i]->cred );
    }
}

static void test_credentials(void)
{
    static const DWORD mixed[] =
    {
        SP_PROT_DTLS1_X_CLIENT | SP_PROT_TLS1_2_CLIENT, SP_PROT_DTLS1_X_CLIENT | SP_PROT_TLS1_SERVER,
        SP_PROT_DTLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT,
    };
    SecPkgCred_SupportedProtocols protocols;
    CredHandle cred;
    unsigned int i;

    ok( acquire( &cred, SECPKG_CRED_OUTBOUND, SP_PROT_DTLS1_X_CLIENT, DTLS_FLAGS, NULL ) == SEC_E_OK, "DTLS client\n" );
    ok( QueryCredentialsAttributesA( &cred, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protocols ) == SEC_E_OK &&
        protocols.grbitProtocol == SP_PROT_DTLS1_X_CLIENT, "protocols %#lx\n", protocols.grbitProtocol );
    FreeCredentialsHandle( &cred );
    /* never with TLS, and not by default */
    for (i = 0; i < ARRAY_SIZE(mixed); i++)
        ok( acquire( &cred, SECPKG_CRED_OUTBOUND, mixed[i], DTLS_FLAGS, NULL ) == SEC_E_ALGORITHM_MISMATCH, "%#lx\n",
            mixed[i] );
    ok( acquire( &cred, SECPKG_CRED_OUTBOUND, 0, DTLS_FLAGS, NULL ) == SEC_E_OK, "defaults\n" );
    ok( QueryCredentialsAttributesA( &cred, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protocols ) == SEC_E_OK &&
        !(protocols.grbitProtocol & SP_PROT_DTLS1_X), "DTLS by default: %#lx\n", protocols.grbitProtocol );
    FreeCredentialsHandle( &cred );
}

/* The ClientHello, then the same datagram again on a call without input, but for its record number. */
static void test_retransmission(void)
{
    struct end *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );
    ULONG expected = ISC_RET_CONFIDENTIALITY | ISC_RET_DATAGRAM | ISC_RET_SEQUENCE_DETECT | ISC_RET_REPLAY_DETECT |
                     ISC_RET_EXTENDED_ERROR | ISC_RET_STREAM;

    init_ends( client, server, SP_PROT_DTLS1_X, 1024 );
    call( client, server, NULL, 0 );
    ok( client->status == SEC_I_CONTINUE_NEEDED, "first call: %08lx\n", client->status );
    ok( client->attrs == expected, "attributes %#lx\n", client->attrs );
    ok( server->count == 1 && server->inbox[0][0] == 22 && server->inbox[0][1] == 0xfe && !server->inbox[0][10],
        "ClientHello of %lu bytes\n", server->inbox_len[0] );
    call( client, server, NULL, 0 );
    ok( client->status == SEC_I_CONTINUE_NEEDED, "resent: %08lx\n", client->status );
    ok( server->count == 2 && server->inbox_len[1] == server->inbox_len[0], "resent %u datagrams\n", server->count );
    ok( server->inbox[1][10] == 1 && !memcmp( server->inbox[0], server->inbox[1], 10 ) &&
        !memcmp( server->inbox[0] + 11, server->inbox[1] + 11, server->inbox_len[0] - 11 ),
        "not the same datagram numbered 1\n" );

    /* the server answers the copy as it answers the first */
    ok( associate( client, server ), "handshake after a resend: %08lx %08lx\n", client->status, server->status );
    free_ends( client, server );
    free( client );
    free( server );
}

/* DecryptMessage of a datagram; the status, the plaintext in TEXT. */
static SECURITY_STATUS receive( struct end *end, BYTE *datagram, ULONG len, char *text, ULONG size )
{
    SecBuffer bufs[4] = { { len, SECBUFFER_DATA, datagram } };
    SecBufferDesc msg = { SECBUFFER_VERSION, 4, bufs };
    SECURITY_STATUS status = DecryptMessage( &end->ctxt, &msg, 0, NULL );

    if (!status && bufs[1].BufferType == SECBUFFER_DATA && bufs[1].cbBuffer < size)
    {
        memcpy( text, bufs[1].pvBuffer, bufs[1].cbBuffer );
        text[bufs[1].cbBuffer] = 0;
    }
    return status;
}

/* EncryptMessage into one datagram, sized from DATAGRAM_SIZES. */
static ULONG seal( struct end *end, const char *text, BYTE *datagram )
{
    SecPkgContext_DatagramSizes sizes;
    SecBuffer bufs[4];

    QueryContextAttributesA( &end->ctxt, SECPKG_ATTR_DATAGRAM_SIZES, &sizes );
    if (encrypt_text( &end->ctxt, text, datagram, sizes.cbHeader, sizes.cbTrailer, bufs )) return 0;
    return bufs[0].cbBuffer + bufs[1].cbBuffer + bufs[2].cbBuffer;
}

static void test_association( DWORD protocols, DWORD expect_client, DWORD expect_server )
{
    struct end *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );
    SecPkgContext_ConnectionInfo info;
    SecPkgContext_DatagramSizes sizes, smaller;
    BYTE datagram[DATAGRAM_SIZE], copy[DATAGRAM_SIZE];
    char text[DATAGRAM_SIZE], big[1200];
    ULONG len, mtu = 600;
    USHORT short_mtu = 400;

    winetest_push_context( "%#lx", protocols );
    init_ends( client, server, protocols, 1024 );
    if (!associate( client, server ))
    {
        ok( 0, "handshake: %08lx %08lx\n", client->status, server->status );
        goto done;
    }
    ok( client->largest <= 1024 && server->largest <= 1024, "datagrams of %lu and %lu bytes for an MTU of 1024\n",
        client->largest, server->largest );
    ok( client->attrs & ISC_RET_DATAGRAM, "client attributes %#lx\n", client->attrs );
    ok( server->attrs & ASC_RET_DATAGRAM, "server attributes %#lx\n", server->attrs );
    ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_CONNECTION_INFO, &info ) == SEC_E_OK &&
        info.dwProtocol == expect_client, "client protocol %#lx\n", info.dwProtocol );
    ok( QueryContextAttributesA( &server->ctxt, SECPKG_ATTR_CONNECTION_INFO, &info ) == SEC_E_OK &&
        info.dwProtocol == expect_server, "server protocol %#lx\n", info.dwProtocol );

    /* a record a datagram, within the MTU */
    ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_DATAGRAM_SIZES, &sizes ) == SEC_E_OK, "sizes\n" );
    ok( sizes.cbHeader >= 13 && sizes.cbHeader + sizes.cbTrailer + sizes.cbMaximumMessage <= 1024,
        "sizes %lu %lu %lu\n", sizes.cbHeader, sizes.cbTrailer, sizes.cbMaximumMessage );
    len = seal( client, "over UDP", datagram );
    ok( len && datagram[0] == 23 && datagram[1] == 0xfe, "a record of %lu bytes\n", len );
    memcpy( copy, datagram, len );
    ok( receive( server, datagram, len, text, sizeof(text) ) == SEC_E_OK && !strcmp( text, "over UDP" ),
        "the server read %s\n", wine_dbgstr_a(text) );

    /* a replay is refused, and the association goes on */
    memcpy( datagram, copy, len );
    ok( receive( server, datagram, len, text, sizeof(text) ) == SEC_E_OUT_OF_SEQUENCE, "replay taken\n" );
    len = seal( client, "altered", datagram );
    datagram[len - 1] ^= 1;
    ok( receive( server, datagram, len, text, sizeof(text) ) == SEC_E_DECRYPT_FAILURE, "altered record taken\n" );
    len = seal( server, "and back", datagram );
    ok( receive( client, datagram, len, text, sizeof(text) ) == SEC_E_OK && !strcmp( text, "and back" ),
        "the client read %s\n", wine_dbgstr_a(text) );

    /* the MTU from SetContextAttributes, as a ULONG or as SEC_DTLS_MTU's USHORT */
    ok( SetContextAttributesA( &client->ctxt, SECPKG_ATTR_DTLS_MTU, &mtu, sizeof(mtu) ) == SEC_E_OK, "MTU\n" );
    memset( &smaller, 0, sizeof(smaller) );
    ok( QueryContextAttributesA( &client->ctxt, SECPKG_ATTR_DATAGRAM_SIZES, &smaller ) == SEC_E_OK, "sizes\n" );
    ok( smaller.cbMaximumMessage < sizes.cbMaximumMessage && smaller.cbMaximumMessage < sizeof(big), "sizes %lu %lu %lu\n",
        smaller.cbHeader, smaller.cbTrailer, smaller.cbMaximumMessage );
    /* a record of the most it may carry fits, one more byte does not */
    memset( big, 'x', sizeof(big) );
    big[smaller.cbMaximumMessage] = 0;
    len = seal( client, big, datagram );
    ok( len && len <= 600, "a record of %lu bytes\n", len );
    big[smaller.cbMaximumMessage] = 'x';
    big[smaller.cbMaximumMessage + 1] = 0;
    ok( !seal( client, big, datagram ), "a record larger than the MTU\n" );
    ok( SetContextAttributesA( &client->ctxt, SECPKG_ATTR_DTLS_MTU, &short_mtu, sizeof(short_mtu) ) == SEC_E_OK,
        "MTU as SEC_DTLS_MTU\n" );
    mtu = 10;
    ok( SetContextAttributesA( &client->ctxt, SECPKG_ATTR_DTLS_MTU, &mtu, sizeof(mtu) ) == SEC_E_INVALID_PARAMETER,
        "an MTU of 10\n" );
done:
    free_ends( client, server );
    free( client );
    free( server );
    winetest_pop_context();
}

/* A flight larger than the MTU comes out a datagram at a time. */
static void test_fragments(void)
{
    struct end *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );

    init_ends( client, server, SP_PROT_DTLS1_2, 300 );
    server->mtu = 300;
    ok( associate( client, server ), "handshake: %08lx %08lx\n", client->status, server->status );
    ok( server->largest <= 300 && server->sent > 3, "%u datagrams of up to %lu bytes\n", server->sent,
        server->largest );
    free_ends( client, server );
    free( client );
    free( server );
}

/* A shutdown between the datagrams of a flight sends the alert alone, and no more of the flight. */
static void test_shutdown_in_flight(void)
{
    struct end *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );
    DWORD type = SCHANNEL_SHUTDOWN;
    SecBuffer buf = { sizeof(type), SECBUFFER_TOKEN, &type };
    SecBufferDesc desc = { SECBUFFER_VERSION, 1, &buf };

    init_ends( client, server, SP_PROT_DTLS1_2, 300 );
    server->mtu = 300;
    call( client, server, NULL, 0 );
    call( server, client, server->inbox[0], server->inbox_len[0] );
    ok( server->status == SEC_I_MESSAGE_FRAGMENT, "the server's first datagram: %08lx\n", server->status );
    ok( ApplyControlToken( &server->ctxt, &desc ) == SEC_E_OK, "ApplyControlToken\n" );
    client->count = 0;
    call( server, client, NULL, 0 );
    ok( server->status == SEC_E_OK, "shutdown: %08lx\n", server->status );
    ok( client->count == 1 && client->inbox[0][0] == 21 && client->inbox_len[0] == 13 + 2, "%u datagrams, %lu bytes\n",
        client->count, client->inbox_len[0] );
    call( server, client, NULL, 0 );
    ok( client->count <= 2, "more of the flight after the alert\n" );
    free_ends( client, server );
    free( client );
    free( server );
}

/* A server told the client's address asks for a cookie first (HelloVerifyRequest),
 * bound to that address, and sends its flight only to a hello that has it. */
static void test_cookie(void)
{
    struct end *client = malloc( sizeof(*client) ), *server = malloc( sizeof(*server) );

    init_ends( client, server, SP_PROT_DTLS1_2, 1024 );
    server->address = "127.0.0.1:4433";
    call( client, server, NULL, 0 );
    server->count = 0;
    call( server, client, server->inbox[0], server->inbox_len[0] );
    ok( server->status == SEC_I_CONTINUE_NEEDED, "first hello: %08lx\n", server->status );
    /* handshake record, hello_verify_request, small: no amplification */
    ok( client->count == 1 && client->inbox[0][0] == 22 && client->inbox[0][13] == 3 && client->inbox_len[0] < 100,
        "%u datagrams, type %u, %lu bytes\n", client->count, client->inbox[0][13], client->inbox_len[0] );
    client->count = 0;
    call( client, server, client->inbox[0], client->inbox_len[0] );
    ok( client->status == SEC_I_CONTINUE_NEEDED && server->count == 1, "second hello: %08lx\n", client->status );

    /* from another address the cookie is no good */
    server->address = "10.0.0.1:4433";
    call( server, client, server->inbox[0], server->inbox_len[0] );
    ok( server->status == SEC_I_CONTINUE_NEEDED && client->count == 1 && client->inbox[0][13] == 3,
        "the cookie of another address: %08lx, type %u\n", server->status, client->inbox[0][13] );
    client->count = 0;
    server->address = "127.0.0.1:4433";
    server->count = 1;
    ok( associate_from( client, server ), "handshake: %08lx %08lx\n", client->status, server->status );
    free_ends( client, server );
    free( client );
    free( server );
}

START_TEST(dtls)
{
    if (!(server_cert = make_certificate()))
    {
        skip( "no RSA key container\n" );
        return;
    }
    test_credentials();
    test_retransmission();
    test_association( SP_PROT_DTLS1_X, SP_PROT_DTLS1_2_CLIENT, SP_PROT_DTLS1_2_SERVER );
    test_association( SP_PROT_DTLS1_0, SP_PROT_DTLS1_0_CLIENT, SP_PROT_DTLS1_0_SERVER );
    test_fragments();
    test_shutdown_in_flight();
    test_cookie();
    CertFreeCertificateContext( server_cert );
    delete_container();
}
