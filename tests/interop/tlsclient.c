/*
 * tlsclient: a TLS client over Schannel, for the interop tests to put in front
 * of real servers (openssl s_server, gnutls-serv).
 *
 *   tlsclient HOST PORT [--target NAME] [--tls12|--tls13] [--manual] [--client-cert THUMBPRINT]
 *             [--alpn NAME] [--send TEXT] [--twice]
 *
 * Prints "HANDSHAKE <protocol> <cipher suite>" or "ERROR <status>", "ALPN <name>",
 * "RESUMED <yes|no>", then "DATA <n>" for what the server sent (its first line
 * after it) and "CLOSED" on close_notify. --twice connects again with the same
 * credentials, to resume.
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

static CredHandle cred;
static const char *target = "localhost", *host, *port, *to_send = "GET / HTTP/1.0\r\n\r\n";
static ULONG req = ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM | ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_SEQUENCE_DETECT |
                   ISC_REQ_REPLAY_DETECT | ISC_REQ_EXTENDED_ERROR;

static BYTE alpn_buf[64];
static ULONG alpn_len;

static BOOL send_all( SOCKET s, const void *data, ULONG len )
{
    const char *p = data;
    while (len)
    {
        int n = send( s, p, len, 0 );
        if (n <= 0) return FALSE;
        p += n;
        len -= n;
    }
    return TRUE;
}

static const char *protocol_name( DWORD protocol )
{
    if (protocol & SP_PROT_TLS1_3) return "TLS1.3";
    if (protocol & SP_PROT_TLS1_2) return "TLS1.2";
    if (protocol & SP_PROT_TLS1_1) return "TLS1.1";
    if (protocol & SP_PROT_TLS1_0) return "TLS1.0";
    return "?";
}

/* InitializeSecurityContext until done, from what IN holds. */
static SECURITY_STATUS handshake( SOCKET s, CtxtHandle *ctxt, BOOL *has_ctxt, BYTE *in, ULONG *in_len, ULONG size )
{
    for (;;)
    {
        SecBuffer in_bufs[3] = { { *in_len, SECBUFFER_TOKEN, in }, { 0, SECBUFFER_EMPTY, NULL },
                                 { alpn_len, SECBUFFER_APPLICATION_PROTOCOLS, alpn_buf } };
        SecBuffer out_buf = { 0, SECBUFFER_TOKEN, NULL };
        SecBufferDesc in_desc = { SECBUFFER_VERSION, alpn_len ? 3 : 2, in_bufs }, out = { SECBUFFER_VERSION, 1, &out_buf };
        SecBufferDesc alpn_only = { SECBUFFER_VERSION, 1, &in_bufs[2] };
        SECURITY_STATUS status;
        ULONG attrs;
        int got;

        status = InitializeSecurityContextA( &cred, *has_ctxt ? ctxt : NULL, (char *)target, req, 0, 0,
                                             *has_ctxt ? &in_desc : alpn_len ? &alpn_only : NULL, 0, ctxt, &out,
                                             &attrs, NULL );
        if (status == SEC_I_CONTINUE_NEEDED || status == SEC_E_OK || status == SEC_I_INCOMPLETE_CREDENTIALS)
            *has_ctxt = TRUE;
        if (out_buf.cbBuffer && out_buf.pvBuffer)
        {
            send_all( s, out_buf.pvBuffer, out_buf.cbBuffer );
            FreeContextBuffer( out_buf.pvBuffer );
        }
        if (status == SEC_I_INCOMPLETE_CREDENTIALS) continue;   /* go on without a certificate */
        if (status != SEC_E_OK && status != SEC_I_CONTINUE_NEEDED && status != SEC_E_INCOMPLETE_MESSAGE)
            return status;
        if (status != SEC_E_INCOMPLETE_MESSAGE)
        {
            if (in_bufs[1].BufferType == SECBUFFER_EXTRA)
            {
                memmove( in, in + *in_len - in_bufs[1].cbBuffer, in_bufs[1].cbBuffer );
                *in_len = in_bufs[1].cbBuffer;
            }
            else *in_len = 0;
            if (status == SEC_E_OK) return SEC_E_OK;
        }
        if ((got = recv( s, (char *)in + *in_len, size - *in_len, 0 )) <= 0) return SEC_E_INTERNAL_ERROR;
        *in_len += got;
    }
}

static int connect_once(void)
{
    static BYTE in[65536];
    ULONG in_len = 0, total = 0;
    struct addrinfo *ai;
    SecPkgContext_ConnectionInfo info;
    SecPkgContext_CipherInfo cipher;
    SecPkgContext_ApplicationProtocol proto;
    SecPkgContext_SessionInfo session;
    SecPkgContext_StreamSizes sizes;
    CtxtHandle ctxt;
    BOOL has_ctxt = FALSE, first_line = TRUE;
    SECURITY_STATUS status;
    SOCKET s;

    if (getaddrinfo( host, port, NULL, &ai ) || (s = socket( ai->ai_family, SOCK_STREAM, 0 )) == INVALID_SOCKET ||
        connect( s, ai->ai_addr, ai->ai_addrlen ))
    {
        printf( "ERROR connect\n" );
        return 1;
    }
    if ((status = handshake( s, &ctxt, &has_ctxt, in, &in_len, sizeof(in) )))
    {
        printf( "ERROR %08lx\n", status );
        return 1;
    }
    QueryContextAttributesA( &ctxt, SECPKG_ATTR_CONNECTION_INFO, &info );
    QueryContextAttributesA( &ctxt, SECPKG_ATTR_CIPHER_INFO, &cipher );
    printf( "HANDSHAKE %s %ls\n", protocol_name( info.dwProtocol ), cipher.szCipherSuite );
    if (QueryContextAttributesA( &ctxt, SECPKG_ATTR_APPLICATION_PROTOCOL, &proto ) == SEC_E_OK &&
        proto.ProtoNegoStatus == SecApplicationProtocolNegotiationStatus_Success)
        printf( "ALPN %.*s\n", proto.ProtocolIdSize, proto.ProtocolId );
    QueryContextAttributesA( &ctxt, SECPKG_ATTR_SESSION_INFO, &session );
    printf( "RESUMED %s\n", session.dwFlags & SSL_SESSION_RECONNECT ? "yes" : "no" );
    QueryContextAttributesA( &ctxt, SECPKG_ATTR_STREAM_SIZES, &sizes );
    fflush( stdout );

    if (to_send[0])
    {
        static BYTE record[20000];
        ULONG len = strlen( to_send );
        SecBuffer bufs[4] = { { sizes.cbHeader, SECBUFFER_STREAM_HEADER, record },
                              { len, SECBUFFER_DATA, record + sizes.cbHeader },
                              { sizes.cbTrailer, SECBUFFER_STREAM_TRAILER, record + sizes.cbHeader + len },
                              { 0, SECBUFFER_EMPTY, NULL } };
        SecBufferDesc msg = { SECBUFFER_VERSION, 4, bufs };

        memcpy( bufs[1].pvBuffer, to_send, len );
        if (EncryptMessage( &ctxt, 0, &msg, 0 ) || !send_all( s, record, bufs[0].cbBuffer + len + bufs[2].cbBuffer ))
            printf( "ERROR encrypt\n" );
    }

    for (;;)
    {
        SecBuffer bufs[4] = { { in_len, SECBUFFER_DATA, in } };
        SecBufferDesc msg = { SECBUFFER_VERSION, 4, bufs };
        ULONG qop, i;
        int got;

        if (in_len)
        {
            status = DecryptMessage( &ctxt, &msg, 0, &qop );
            if (status == SEC_I_CONTEXT_EXPIRED)
            {
                printf( "CLOSED\n" );
                break;
            }
            if (status == SEC_E_OK || status == SEC_I_RENEGOTIATE)
            {
                for (i = 1; i < 4; i++)
                    if (bufs[i].BufferType == SECBUFFER_DATA && bufs[i].cbBuffer)
                    {
                        if (first_line)
                        {
                            char *data = bufs[i].pvBuffer;
                            printf( "FIRST %.*s\n", (int)strcspn( data, "\r\n" ) < (int)bufs[i].cbBuffer ?
                                    (int)strcspn( data, "\r\n" ) : (int)bufs[i].cbBuffer, data );
                            first_line = FALSE;
                        }
                        total += bufs[i].cbBuffer;
                    }
                if (bufs[3].BufferType == SECBUFFER_EXTRA)
                {
                    memmove( in, bufs[3].pvBuffer, bufs[3].cbBuffer );
                    in_len = bufs[3].cbBuffer;
                }
                else in_len = 0;
                if (status == SEC_I_RENEGOTIATE &&
                    (status = handshake( s, &ctxt, &has_ctxt, in, &in_len, sizeof(in) )))
                {
                    printf( "ERROR renegotiate %08lx\n", status );
                    break;
                }
                continue;
            }
            if (status != SEC_E_INCOMPLETE_MESSAGE)
            {
                printf( "ERROR decrypt %08lx\n", status );
                break;
            }
        }
        if ((got = recv( s, (char *)in + in_len, sizeof(in) - in_len, 0 )) <= 0) break;
        in_len += got;
    }
    printf( "DATA %lu\n", total );
    fflush( stdout );
    DeleteSecurityContext( &ctxt );
    closesocket( s );
    freeaddrinfo( ai );
    return 0;
}

int main( int argc, char *argv[] )
{
    SCHANNEL_CRED sc = { SCHANNEL_CRED_VERSION };
    PCCERT_CONTEXT cert = NULL;
    BOOL twice = FALSE;
    WSADATA wsa;
    int i, ret;

    if (argc < 3) return 2;
    host = argv[1];
    port = argv[2];
    sc.dwFlags = SCH_CRED_NO_DEFAULT_CREDS;
    for (i = 3; i < argc; i++)
    {
        if (!strcmp( argv[i], "--target" ) && i + 1 < argc) target = argv[++i];
        else if (!strcmp( argv[i], "--tls12" )) sc.grbitEnabledProtocols = SP_PROT_TLS1_2_CLIENT;
        else if (!strcmp( argv[i], "--tls13" )) sc.grbitEnabledProtocols = SP_PROT_TLS1_3_CLIENT;
        else if (!strcmp( argv[i], "--manual" )) req |= ISC_REQ_MANUAL_CRED_VALIDATION;
        else if (!strcmp( argv[i], "--send" ) && i + 1 < argc) to_send = argv[++i];
        else if (!strcmp( argv[i], "--twice" )) twice = TRUE;
        else if (!strcmp( argv[i], "--alpn" ) && i + 1 < argc)
        {
            size_t n = strlen( argv[++i] );
            SEC_APPLICATION_PROTOCOLS *p = (SEC_APPLICATION_PROTOCOLS *)alpn_buf;
            p->ProtocolListsSize = offsetof( SEC_APPLICATION_PROTOCOL_LIST, ProtocolList ) + 1 + n;
            p->ProtocolLists[0].ProtoNegoExt = SecApplicationProtocolNegotiationExt_ALPN;
            p->ProtocolLists[0].ProtocolListSize = 1 + n;
            p->ProtocolLists[0].ProtocolList[0] = n;
            memcpy( p->ProtocolLists[0].ProtocolList + 1, argv[i], n );
            alpn_len = offsetof( SEC_APPLICATION_PROTOCOLS, ProtocolLists ) + p->ProtocolListsSize;
        }
        else if (!strcmp( argv[i], "--client-cert" ) && i + 1 < argc)
        {
            BYTE hash[20];
            CRYPT_HASH_BLOB blob = { 20, hash };
            HCERTSTORE my = CertOpenSystemStoreA( 0, "MY" );
            int j;
            for (j = 0; j < 20; j++)
            {
                char byte[3] = { argv[i + 1][2 * j], argv[i + 1][2 * j + 1], 0 };
                hash[j] = strtoul( byte, NULL, 16 );
            }
            cert = CertFindCertificateInStore( my, X509_ASN_ENCODING, 0, CERT_FIND_SHA1_HASH, &blob, NULL );
            i++;
        }
        else return 2;
    }
    if (cert)
    {
        sc.cCreds = 1;
        sc.paCred = &cert;
    }
    WSAStartup( MAKEWORD( 2, 2 ), &wsa );
    if (AcquireCredentialsHandleA( NULL, (char *)UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL, &sc, NULL, NULL, &cred,
                                   NULL ))
    {
        printf( "ERROR credentials\n" );
        return 1;
    }
    ret = connect_once();
    if (!ret && twice) ret = connect_once();
    return ret;
}
