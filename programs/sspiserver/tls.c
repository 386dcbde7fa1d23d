/*
 * sspiserver: a TLS server over Schannel, as Windows servers write one:
 * AcceptSecurityContext until SEC_E_OK with SECBUFFER_EXTRA and
 * SEC_E_INCOMPLETE_MESSAGE handled, then DecryptMessage and EncryptMessage
 * on stream buffers, and close_notify at the end.
 */
#include <stdio.h>
#include <string.h>
#include "tls.h"
#include <wincrypt.h>
#include <schannel.h>

static CredHandle cred;
static ULONG asc_req = ASC_REQ_ALLOCATE_MEMORY | ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM | ASC_REQ_EXTENDED_ERROR;

/* ALPN: HTTP/1.1, which is all we speak */
static const struct
{
    ULONG size;
    SEC_APPLICATION_PROTOCOL_NEGOTIATION_EXT ext;
    USHORT list_size;
    char list[9];
} alpn = { sizeof(SEC_APPLICATION_PROTOCOL_NEGOTIATION_EXT) + sizeof(USHORT) + 9, SecApplicationProtocolNegotiationExt_ALPN,
            9, "\x08http/1.1" };

static PCCERT_CONTEXT find_by_thumbprint( const char *hex )
{
    BYTE hash[20];
    CRYPT_HASH_BLOB blob = { sizeof(hash), hash };
    HCERTSTORE my;
    PCCERT_CONTEXT cert;
    int i;

    for (i = 0; i < 20; i++) if (sscanf( hex + 2 * i, "%2hhx", &hash[i] ) != 1) return NULL;
    if (!(my = CertOpenSystemStoreA( 0, "MY" ))) return NULL;
    cert = CertFindCertificateInStore( my, X509_ASN_ENCODING, 0, CERT_FIND_SHA1_HASH, &blob, NULL );
    CertCloseStore( my, 0 );
    return cert;
}

static PCCERT_CONTEXT load_pfx( const char *file, const char *password )
{
    HANDLE handle = CreateFileA( file, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL );
    CRYPT_DATA_BLOB blob = { 0 };
    PCCERT_CONTEXT cert = NULL;
    WCHAR pass[256];
    HCERTSTORE store;
    DWORD size;

    if (handle == INVALID_HANDLE_VALUE) return NULL;
    blob.cbData = GetFileSize( handle, NULL );
    if ((blob.pbData = HeapAlloc( GetProcessHeap(), 0, blob.cbData )) &&
        ReadFile( handle, blob.pbData, blob.cbData, &size, NULL ))
    {
        MultiByteToWideChar( CP_UTF8, 0, password ? password : "", -1, pass, ARRAYSIZE(pass) );
        if ((store = PFXImportCertStore( &blob, pass, CRYPT_EXPORTABLE | CRYPT_USER_KEYSET )))
        {
            while ((cert = CertEnumCertificatesInStore( store, cert )))
                if (CertGetCertificateContextProperty( cert, CERT_KEY_PROV_INFO_PROP_ID, NULL, &size )) break;
            if (cert) cert = CertDuplicateCertificateContext( cert );
            CertCloseStore( store, 0 );
        }
    }
    HeapFree( GetProcessHeap(), 0, blob.pbData );
    CloseHandle( handle );
    return cert;
}

BOOL tls_init( const char *certificate, const char *password, BOOL request_client_cert )
{
    SCHANNEL_CRED sc = { SCHANNEL_CRED_VERSION };
    PCCERT_CONTEXT cert;
    SECURITY_STATUS status;

    if (strlen( certificate ) == 40 && strspn( certificate, "0123456789abcdefABCDEF" ) == 40)
        cert = find_by_thumbprint( certificate );
    else cert = load_pfx( certificate, password );
    if (!cert)
    {
        fprintf( stderr, "sspiserver: no certificate with a private key in %s\n", certificate );
        return FALSE;
    }
    sc.cCreds = 1;
    sc.paCred = &cert;
    if (request_client_cert) asc_req |= ASC_REQ_MUTUAL_AUTH;
    status = AcquireCredentialsHandleA( NULL, (char *)UNISP_NAME_A, SECPKG_CRED_INBOUND, NULL, &sc, NULL, NULL, &cred,
                                        NULL );
    CertFreeCertificateContext( cert );
    if (status != SEC_E_OK)
    {
        fprintf( stderr, "sspiserver: Schannel refused the certificate: %08lx\n", status );
        return FALSE;
    }
    return TRUE;
}

BOOL send_all( SOCKET sock, const void *data, size_t len )
{
    const char *p = data;

    while (len)
    {
        /* send() takes an int */
        int sent = send( sock, p, len > 65536 ? 65536 : len, 0 );
        if (sent <= 0) return FALSE;
        p += sent;
        len -= sent;
    }
    return TRUE;
}

static BOOL receive_more( SOCKET sock, struct tls_conn *tls )
{
    int got;

    if (tls->in_len == sizeof(tls->in)) return FALSE;
    if ((got = recv( sock, (char *)tls->in + tls->in_len, sizeof(tls->in) - tls->in_len, 0 )) <= 0) return FALSE;
    tls->in_len += got;
    return TRUE;
}

/* Keeps the bytes an EXTRA buffer says are left at the end of the input. */
static void keep_extra( struct tls_conn *tls, const SecBuffer *extra )
{
    if (extra->BufferType == SECBUFFER_EXTRA && extra->cbBuffer <= tls->in_len)
    {
        memmove( tls->in, tls->in + tls->in_len - extra->cbBuffer, extra->cbBuffer );
        tls->in_len = extra->cbBuffer;
    }
    else tls->in_len = 0;
}

/* AcceptSecurityContext until the handshake is through; what is in IN to start with goes first. */
static BOOL handshake( SOCKET sock, struct tls_conn *tls )
{
    for (;;)
    {
        SecBuffer in_bufs[3] = { { tls->in_len, SECBUFFER_TOKEN, tls->in }, { 0, SECBUFFER_EMPTY, NULL },
                                 { sizeof(alpn), SECBUFFER_APPLICATION_PROTOCOLS, (void *)&alpn } };
        SecBuffer out_bufs[2] = { { 0, SECBUFFER_TOKEN, NULL }, { 0, SECBUFFER_ALERT, NULL } };
        SecBufferDesc in = { SECBUFFER_VERSION, 3, in_bufs }, out = { SECBUFFER_VERSION, 2, out_bufs };
        ULONG attrs;
        SECURITY_STATUS status;

        if (!tls->in_len && !receive_more( sock, tls )) return FALSE;
        in_bufs[0].cbBuffer = tls->in_len;
        status = AcceptSecurityContext( &cred, tls->has_ctxt ? &tls->ctxt : NULL, &in, asc_req, 0, &tls->ctxt, &out,
                                        &attrs, NULL );
        if (status == SEC_E_INCOMPLETE_MESSAGE)
        {
            if (!receive_more( sock, tls )) return FALSE;
            continue;
        }
        if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED) tls->has_ctxt = TRUE;
        if (out_bufs[0].cbBuffer && out_bufs[0].pvBuffer)
        {
            BOOL sent = send_all( sock, out_bufs[0].pvBuffer, out_bufs[0].cbBuffer );
            FreeContextBuffer( out_bufs[0].pvBuffer );
            if (!sent) return FALSE;
        }
        if (out_bufs[1].cbBuffer && out_bufs[1].pvBuffer)
        {
            send_all( sock, out_bufs[1].pvBuffer, out_bufs[1].cbBuffer );
            FreeContextBuffer( out_bufs[1].pvBuffer );
        }
        if (status != SEC_E_OK && status != SEC_I_CONTINUE_NEEDED)
        {
            fprintf( stderr, "sspiserver: TLS handshake failed: %08lx\n", status );
            return FALSE;
        }
        keep_extra( tls, &in_bufs[1] );
        if (status == SEC_E_OK) return TRUE;
    }
}

BOOL tls_accept( SOCKET sock, struct tls_conn *tls )
{
    memset( tls, 0, sizeof(*tls) );
    if (!handshake( sock, tls )) return FALSE;
    return QueryContextAttributesA( &tls->ctxt, SECPKG_ATTR_STREAM_SIZES, &tls->sizes ) == SEC_E_OK;
}

int tls_recv( SOCKET sock, struct tls_conn *tls, char *buf, int len )
{
    while (!tls->plain_len)
    {
        SecBuffer bufs[4] = { { tls->in_len, SECBUFFER_DATA, tls->in } };
        SecBufferDesc msg = { SECBUFFER_VERSION, 4, bufs };
        SECURITY_STATUS status;
        ULONG qop, i;

        if (tls->closed) return 0;
        if (!tls->in_len && !receive_more( sock, tls )) return 0;
        bufs[0].cbBuffer = tls->in_len;
        status = DecryptMessage( &tls->ctxt, &msg, 0, &qop );
        if (status == SEC_E_INCOMPLETE_MESSAGE)
        {
            if (!receive_more( sock, tls )) return -1;
            continue;
        }
        if (status == SEC_I_CONTEXT_EXPIRED)
        {
            tls->closed = TRUE;
            return 0;
        }
        if (status != SEC_E_OK && status != SEC_I_RENEGOTIATE) return -1;
        for (i = 1; i < 4; i++)
        {
            if (bufs[i].BufferType == SECBUFFER_DATA && bufs[i].cbBuffer)
            {
                /* moved to the front, before any EXTRA */
                memmove( tls->in, bufs[i].pvBuffer, bufs[i].cbBuffer );
                tls->plain = tls->in;
                tls->plain_len = bufs[i].cbBuffer;
            }
        }
        if (bufs[3].BufferType == SECBUFFER_EXTRA)
        {
            ULONG extra = bufs[3].cbBuffer;
            memmove( tls->in + tls->plain_len, bufs[3].pvBuffer, extra );
            tls->in_len = tls->plain_len + extra;
        }
        else tls->in_len = tls->plain_len;
        if (status == SEC_I_RENEGOTIATE)
        {
            /* the handshake message goes back to AcceptSecurityContext */
            if (!handshake( sock, tls )) return -1;
        }
    }
    if ((ULONG)len > tls->plain_len) len = tls->plain_len;
    memcpy( buf, tls->plain, len );
    tls->plain += len;
    tls->plain_len -= len;
    if (!tls->plain_len)
    {
        /* the records after the data move up */
        ULONG used = tls->plain - tls->in;
        memmove( tls->in, tls->plain, tls->in_len - used );
        tls->in_len -= used;
    }
    return len;
}

BOOL tls_send( SOCKET sock, struct tls_conn *tls, const char *data, size_t len )
{
    BYTE record[TLS_BUFFER];

    while (len)
    {
        ULONG chunk = len < tls->sizes.cbMaximumMessage ? len : tls->sizes.cbMaximumMessage;
        SecBuffer bufs[4] = { { tls->sizes.cbHeader, SECBUFFER_STREAM_HEADER, record },
                              { chunk, SECBUFFER_DATA, record + tls->sizes.cbHeader },
                              { tls->sizes.cbTrailer, SECBUFFER_STREAM_TRAILER, record + tls->sizes.cbHeader + chunk },
                              { 0, SECBUFFER_EMPTY, NULL } };
        SecBufferDesc msg = { SECBUFFER_VERSION, 4, bufs };

        memcpy( bufs[1].pvBuffer, data, chunk );
        if (EncryptMessage( &tls->ctxt, 0, &msg, 0 ) != SEC_E_OK) return FALSE;
        if (!send_all( sock, record, bufs[0].cbBuffer + bufs[1].cbBuffer + bufs[2].cbBuffer )) return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}

/* As .NET's NegotiateClientCertificateAsync asks: AcceptSecurityContext on the
 * established context, with no input and ASC_REQ_MUTUAL_AUTH, makes the request;
 * the client's answer goes through the handshake loop. */
BOOL tls_ask_client_cert( SOCKET sock, struct tls_conn *tls )
{
    SecBuffer in_bufs[2] = { { 0, SECBUFFER_TOKEN, NULL }, { 0, SECBUFFER_EMPTY, NULL } };
    SecBuffer out_bufs[2] = { { 0, SECBUFFER_TOKEN, NULL }, { 0, SECBUFFER_ALERT, NULL } };
    SecBufferDesc in = { SECBUFFER_VERSION, 2, in_bufs }, out = { SECBUFFER_VERSION, 2, out_bufs };
    SECURITY_STATUS status;
    BOOL sent = TRUE;
    ULONG attrs;

    status = AcceptSecurityContext( &cred, &tls->ctxt, &in, asc_req | ASC_REQ_MUTUAL_AUTH, 0, &tls->ctxt, &out,
                                    &attrs, NULL );
    if (out_bufs[0].pvBuffer)
    {
        sent = send_all( sock, out_bufs[0].pvBuffer, out_bufs[0].cbBuffer );
        FreeContextBuffer( out_bufs[0].pvBuffer );
    }
    if (out_bufs[1].pvBuffer) FreeContextBuffer( out_bufs[1].pvBuffer );
    if (status != SEC_E_OK || !sent)
    {
        fprintf( stderr, "sspiserver: no certificate request: %08lx\n", status );
        return FALSE;
    }
    return handshake( sock, tls );
}

void tls_client_name( struct tls_conn *tls, char *buf, size_t size )
{
    SecPkgContext_NamesA names;
    PCCERT_CONTEXT cert;
    size_t len;

    lstrcpynA( buf, "none", size );
    if (QueryContextAttributesA( &tls->ctxt, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &cert ) != SEC_E_OK) return;
    CertGetNameStringA( cert, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, buf, size );
    CertFreeCertificateContext( cert );
    /* the account it maps to, if any */
    if (QueryContextAttributesA( &tls->ctxt, SECPKG_ATTR_NAMES, &names ) == SEC_E_OK)
    {
        len = strlen( buf );
        snprintf( buf + len, size - len, "\naccount: %s", names.sUserName );
        FreeContextBuffer( names.sUserName );
    }
}

void tls_close( SOCKET sock, struct tls_conn *tls )
{
    DWORD type = SCHANNEL_SHUTDOWN;
    SecBuffer token = { sizeof(type), SECBUFFER_TOKEN, &type }, out_buf = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc desc = { SECBUFFER_VERSION, 1, &token }, out = { SECBUFFER_VERSION, 1, &out_buf };
    ULONG attrs;

    if (!tls->has_ctxt) return;
    if (ApplyControlToken( &tls->ctxt, &desc ) == SEC_E_OK &&
        AcceptSecurityContext( &cred, &tls->ctxt, NULL, ASC_REQ_ALLOCATE_MEMORY | ASC_REQ_CONFIDENTIALITY |
                               ASC_REQ_STREAM, 0, NULL, &out, &attrs, NULL ) == SEC_E_OK &&
        out_buf.pvBuffer)
    {
        send_all( sock, out_buf.pvBuffer, out_buf.cbBuffer );
        FreeContextBuffer( out_buf.pvBuffer );
    }
    DeleteSecurityContext( &tls->ctxt );
    tls->has_ctxt = FALSE;
}
