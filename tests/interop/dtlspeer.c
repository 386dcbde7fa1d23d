/*
 * dtlspeer: one end of a DTLS association over Schannel on loopback UDP, for
 * the interop tests to put against gnutls-cli/-serv --udp and openssl -dtls1_2.
 *
 *   dtlspeer client PORT [--dtls10]   validates the server as "localhost"
 *   dtlspeer server THUMBPRINT        a certificate of the current user's MY store
 *
 * The client sends "hello from schannel" and prints "HANDSHAKE <protocol>", then
 * "DATA <text>" for each datagram of data it gets within a few seconds, then
 * shuts down. The server prints "listening on PORT", answers each datagram of
 * data with "hello from schannel" and prints "DATA <text>", and ends with the
 * client's close_notify or after a few idle seconds. Both use the handshake
 * as Windows programs do: a datagram per call, SEC_I_MESSAGE_FRAGMENT for more,
 * and a call without input when the peer is silent, which sends again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <wincrypt.h>
#define SECURITY_WIN32
#include <sspi.h>
#include <schannel.h>

#define DATAGRAM_SIZE 65536
#define WAIT_MS 500          /* the retransmission timer */
#define IDLE_ROUNDS 10

static BYTE in_buf[DATAGRAM_SIZE], out_buf[DATAGRAM_SIZE];
static SOCKET sock;
static struct sockaddr_in peer;
static int peer_len = sizeof(peer);
static BOOL server;

/* A datagram within WAIT_MS: its length, or 0. */
static int receive( void )
{
    fd_set fds;
    struct timeval tv = { 0, WAIT_MS * 1000 };
    int n;

    FD_ZERO( &fds );
    FD_SET( sock, &fds );
    if (select( 0, &fds, NULL, NULL, &tv ) <= 0) return 0;
    n = recvfrom( sock, (char *)in_buf, sizeof(in_buf), 0, (struct sockaddr *)&peer, &peer_len );
    return n > 0 ? n : 0;
}

static void transmit( const void *data, ULONG len )
{
    if (len) sendto( sock, data, len, 0, (struct sockaddr *)&peer, sizeof(peer) );
}

/* One handshake call with a datagram (LEN 0: none, the timer ran out). */
static SECURITY_STATUS call( CredHandle *cred, CtxtHandle *ctxt, BOOL *has_ctxt, ULONG len )
{
    SecBuffer in[3], out[2];
    SecBufferDesc input = { SECBUFFER_VERSION, server ? 3 : 2, in }, output = { SECBUFFER_VERSION, 2, out };
    ULONG attrs;
    TimeStamp ts;
    SECURITY_STATUS status;

    in[0].BufferType = SECBUFFER_TOKEN; in[0].pvBuffer = len ? in_buf : NULL; in[0].cbBuffer = len;
    in[1].BufferType = SECBUFFER_EMPTY; in[1].pvBuffer = NULL; in[1].cbBuffer = 0;
    /* servers pass the client's address, which Windows binds its cookies to */
    in[2].BufferType = SECBUFFER_EXTRA; in[2].pvBuffer = &peer; in[2].cbBuffer = sizeof(peer);
    out[0].BufferType = SECBUFFER_TOKEN; out[0].pvBuffer = out_buf; out[0].cbBuffer = sizeof(out_buf);
    out[1].BufferType = SECBUFFER_ALERT; out[1].pvBuffer = out_buf; out[1].cbBuffer = sizeof(out_buf);
    if (server)
        status = AcceptSecurityContext( cred, *has_ctxt ? ctxt : NULL, &input,
                                        ASC_REQ_CONFIDENTIALITY | ASC_REQ_DATAGRAM | ASC_REQ_EXTENDED_ERROR, 0, ctxt,
                                        &output, &attrs, &ts );
    else
        status = InitializeSecurityContextA( cred, *has_ctxt ? ctxt : NULL, (char *)"localhost",
                                             ISC_REQ_CONFIDENTIALITY | ISC_REQ_DATAGRAM | ISC_REQ_EXTENDED_ERROR, 0, 0,
                                             len ? &input : NULL, 0, ctxt, &output, &attrs, &ts );
    if (!FAILED( status )) *has_ctxt = TRUE;
    if (out[0].cbBuffer && (!FAILED( status ) || out[0].BufferType == SECBUFFER_TOKEN)) transmit( out_buf, out[0].cbBuffer );
    return status;
}

static SECURITY_STATUS handshake( CredHandle *cred, CtxtHandle *ctxt )
{
    SECURITY_STATUS status = SEC_I_CONTINUE_NEEDED;
    BOOL has_ctxt = FALSE;
    int len, rounds = 0;

    if (server)
    {
        while (!(len = receive())) ;
        status = call( cred, ctxt, &has_ctxt, len );
    }
    else status = call( cred, ctxt, &has_ctxt, 0 );
    /* a server that asks for a certificate we have not: on without one, as curl and .NET go on */
    while (status == SEC_I_CONTINUE_NEEDED || status == SEC_I_MESSAGE_FRAGMENT || status == SEC_I_INCOMPLETE_CREDENTIALS)
    {
        if (status != SEC_I_CONTINUE_NEEDED) len = 0;
        else if (!(len = receive()) && ++rounds > 40) return SEC_E_INCOMPLETE_MESSAGE;  /* the peer went silent */
        status = call( cred, ctxt, &has_ctxt, len );
    }
    return status;
}

static void send_text( CtxtHandle *ctxt, const char *text )
{
    SecPkgContext_StreamSizes sizes;
    SecBuffer bufs[4];
    SecBufferDesc msg = { SECBUFFER_VERSION, 4, bufs };
    ULONG len = strlen( text );

    QueryContextAttributesA( ctxt, SECPKG_ATTR_STREAM_SIZES, &sizes );
    bufs[0].BufferType = SECBUFFER_STREAM_HEADER; bufs[0].pvBuffer = out_buf; bufs[0].cbBuffer = sizes.cbHeader;
    bufs[1].BufferType = SECBUFFER_DATA; bufs[1].pvBuffer = out_buf + sizes.cbHeader; bufs[1].cbBuffer = len;
    bufs[2].BufferType = SECBUFFER_STREAM_TRAILER; bufs[2].pvBuffer = out_buf + sizes.cbHeader + len;
    bufs[2].cbBuffer = sizes.cbTrailer;
    bufs[3].BufferType = SECBUFFER_EMPTY; bufs[3].pvBuffer = NULL; bufs[3].cbBuffer = 0;
    memcpy( bufs[1].pvBuffer, text, len );
    if (EncryptMessage( ctxt, 0, &msg, 0 )) printf( "ERROR EncryptMessage\n" );
    else transmit( out_buf, bufs[0].cbBuffer + bufs[1].cbBuffer + bufs[2].cbBuffer );
}

/* The records of a datagram, how many held data in *DATA: FALSE once the peer closed. */
static BOOL read_datagram( CtxtHandle *ctxt, int len, int *data )
{
    BYTE *pos = in_buf;

    while (len > 0)
    {
        SecBuffer bufs[4] = { { len, SECBUFFER_DATA, pos } };
        SecBufferDesc msg = { SECBUFFER_VERSION, 4, bufs };
        SECURITY_STATUS status = DecryptMessage( ctxt, &msg, 0, NULL );
        ULONG i;

        if (status == SEC_I_CONTEXT_EXPIRED) return FALSE;
        if (status == SEC_E_OK && bufs[1].BufferType == SECBUFFER_DATA && bufs[1].cbBuffer)
        {
            char *text = bufs[1].pvBuffer;
            ULONG n = bufs[1].cbBuffer;
            while (n && (text[n - 1] == '\n' || text[n - 1] == '\r')) n--;
            printf( "DATA %.*s\n", (int)n, text );
            fflush( stdout );
            (*data)++;
        }
        else if (status != SEC_E_OK && status != SEC_I_RENEGOTIATE) printf( "DECRYPT %08lx\n", status );
        len = 0;
        for (i = 0; i < 4; i++)
            if (bufs[i].BufferType == SECBUFFER_EXTRA)
            {
                pos = bufs[i].pvBuffer;
                len = bufs[i].cbBuffer;
            }
    }
    return TRUE;
}

static void shut_down( CredHandle *cred, CtxtHandle *ctxt )
{
    DWORD type = SCHANNEL_SHUTDOWN;
    SecBuffer buf = { sizeof(type), SECBUFFER_TOKEN, &type };
    SecBufferDesc desc = { SECBUFFER_VERSION, 1, &buf };
    BOOL has_ctxt = TRUE;

    ApplyControlToken( ctxt, &desc );
    call( cred, ctxt, &has_ctxt, 0 );
}

static void print_protocol( CtxtHandle *ctxt )
{
    SecPkgContext_ConnectionInfo info;

    QueryContextAttributesA( ctxt, SECPKG_ATTR_CONNECTION_INFO, &info );
    printf( "HANDSHAKE %s\n", info.dwProtocol & (SP_PROT_DTLS1_0_CLIENT | SP_PROT_DTLS1_0_SERVER) ? "DTLS1.0" :
            info.dwProtocol & (SP_PROT_DTLS1_2_CLIENT | SP_PROT_DTLS1_2_SERVER) ? "DTLS1.2" : "other" );
    fflush( stdout );
}

static PCCERT_CONTEXT find_certificate( const char *thumbprint )
{
    HCERTSTORE store = CertOpenStore( CERT_STORE_PROV_SYSTEM_A, 0, 0, CERT_SYSTEM_STORE_CURRENT_USER, "MY" );
    BYTE hash[20];
    CRYPT_HASH_BLOB blob = { sizeof(hash), hash };
    unsigned int i, byte;

    for (i = 0; i < 20 && sscanf( thumbprint + 2 * i, "%2x", &byte ) == 1; i++) hash[i] = byte;
    if (!store || i != 20) return NULL;
    return CertFindCertificateInStore( store, X509_ASN_ENCODING, 0, CERT_FIND_SHA1_HASH, &blob, NULL );
}

int main( int argc, char *argv[] )
{
    SCHANNEL_CRED sc = { SCHANNEL_CRED_VERSION };
    PCCERT_CONTEXT cert = NULL;
    CredHandle cred;
    CtxtHandle ctxt;
    SECURITY_STATUS status;
    struct sockaddr_in addr = { AF_INET };
    WSADATA wsa;
    BOOL open = TRUE;
    int len, idle = 0, addr_len = sizeof(addr);

    if (argc < 3) return 2;
    server = !strcmp( argv[1], "server" );
    WSAStartup( MAKEWORD( 2, 2 ), &wsa );
    sock = socket( AF_INET, SOCK_DGRAM, 0 );
    addr.sin_addr.s_addr = htonl( INADDR_LOOPBACK );
    peer = addr;
    if (server)
    {
        if (!(cert = find_certificate( argv[2] ))) return 2;
        sc.cCreds = 1;
        sc.paCred = &cert;
        sc.grbitEnabledProtocols = SP_PROT_DTLS1_X_SERVER;
        bind( sock, (struct sockaddr *)&addr, sizeof(addr) );
        getsockname( sock, (struct sockaddr *)&addr, &addr_len );
        printf( "listening on %u\n", ntohs( addr.sin_port ) );
        fflush( stdout );
    }
    else
    {
        peer.sin_port = htons( atoi( argv[2] ) );
        sc.grbitEnabledProtocols = argc > 3 && !strcmp( argv[3], "--dtls10" ) ? SP_PROT_DTLS1_0_CLIENT
                                                                             : SP_PROT_DTLS1_2_CLIENT;
        sc.dwFlags = SCH_CRED_NO_DEFAULT_CREDS;
    }
    status = AcquireCredentialsHandleA( NULL, (char *)UNISP_NAME_A, server ? SECPKG_CRED_INBOUND : SECPKG_CRED_OUTBOUND,
                                        NULL, &sc, NULL, NULL, &cred, NULL );
    if (status)
    {
        printf( "ERROR AcquireCredentialsHandle %08lx\n", status );
        return 1;
    }
    if ((status = handshake( &cred, &ctxt )))
    {
        printf( "ERROR %08lx\n", status );
        return 1;
    }
    print_protocol( &ctxt );
    if (!server) send_text( &ctxt, "hello from schannel\n" );
    while (open && idle < IDLE_ROUNDS)
    {
        int data = 0;

        if (!(len = receive()))
        {
            idle++;
            continue;
        }
        idle = 0;
        open = read_datagram( &ctxt, len, &data );
        if (server && data) send_text( &ctxt, "hello from schannel\n" );
    }
    printf( open ? "IDLE\n" : "CLOSED\n" );
    if (open) shut_down( &cred, &ctxt );
    DeleteSecurityContext( &ctxt );
    FreeCredentialsHandle( &cred );
    if (cert) CertFreeCertificateContext( cert );
    return 0;
}
