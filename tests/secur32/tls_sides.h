/*
 * What the Schannel conformance tests share: the server's certificate, made
 * here with its key in a CryptoAPI container, credentials, and client and
 * server sides that hand each other their records in memory.
 */
#ifndef __TLS_SIDES_H
#define __TLS_SIDES_H

#define CONTAINER L"sspi-schannel-test"

/* A self-signed RSA certificate for "localhost", its key in a CryptoAPI container. */
static PCCERT_CONTEXT server_cert;

/* Where a certificate's key is made: a CryptoAPI container of a provider and type. */
struct key_place
{
    const WCHAR *container, *provider;
    DWORD type, spec, flags;  /* key spec, and CryptGenKey's flags besides the size */
    const char *sig_oid;      /* the certificate's signature: what the provider can sign with */
};

static const struct key_place server_key_place =
    { CONTAINER, MS_ENH_RSA_AES_PROV_W, PROV_RSA_AES, AT_KEYEXCHANGE, CRYPT_EXPORTABLE, szOID_RSA_SHA256RSA };

static inline PCCERT_CONTEXT make_certificate_in( const struct key_place *place )
{
    CERT_NAME_BLOB name = { 0 };
    CRYPT_KEY_PROV_INFO prov_info = { (WCHAR *)place->container, (WCHAR *)place->provider, place->type, 0, 0, NULL,
                                      place->spec };
    CRYPT_ALGORITHM_IDENTIFIER sig_alg = { (char *)place->sig_oid };
    HCRYPTPROV prov;
    HCRYPTKEY key;
    PCCERT_CONTEXT cert;
    BYTE buf[256];
    DWORD size = sizeof(buf);

    CryptAcquireContextW( &prov, place->container, place->provider, place->type, CRYPT_DELETEKEYSET );
    if (!CryptAcquireContextW( &prov, place->container, place->provider, place->type, CRYPT_NEWKEYSET ))
        return NULL;
    ok( CryptGenKey( prov, place->spec, (2048 << 16) | place->flags, &key ), "CryptGenKey: %lu\n", GetLastError() );
    CryptDestroyKey( key );
    ok( CertStrToNameW( X509_ASN_ENCODING, L"CN=localhost", CERT_X500_NAME_STR, NULL, buf, &size, NULL ),
        "CertStrToName\n" );
    name.cbData = size;
    name.pbData = buf;
    cert = CertCreateSelfSignCertificate( prov, &name, 0, &prov_info, &sig_alg, NULL, NULL, NULL );
    ok( cert != NULL, "CertCreateSelfSignCertificate: %lu\n", GetLastError() );
    CryptReleaseContext( prov, 0 );
    return cert;
}

static inline void delete_container_in( const struct key_place *place )
{
    HCRYPTPROV prov;
    CryptAcquireContextW( &prov, place->container, place->provider, place->type, CRYPT_DELETEKEYSET );
}

static inline PCCERT_CONTEXT make_certificate(void)
{
    return make_certificate_in( &server_key_place );
}

static inline void delete_container(void)
{
    delete_container_in( &server_key_place );
}

static inline SECURITY_STATUS acquire( CredHandle *cred, ULONG use, DWORD protocols, DWORD flags, PCCERT_CONTEXT cert )
{
    SCHANNEL_CRED sc = { SCHANNEL_CRED_VERSION };

    sc.grbitEnabledProtocols = protocols;
    sc.dwFlags = flags;
    if (cert)
    {
        sc.cCreds = 1;
        sc.paCred = &cert;
    }
    return AcquireCredentialsHandleA( NULL, (char *)UNISP_NAME_A, use, NULL, &sc, NULL, NULL, cred, NULL );
}

/* One side of a connection: its context and the bytes the other sent it. */
struct side
{
    CredHandle cred;
    CtxtHandle ctxt;
    BOOL has_ctxt;
    BOOL server;
    BYTE in[65536];      /* from the peer, not yet consumed */
    ULONG in_len;
    ULONG req, attrs;
    SECURITY_STATUS status;
    const char *target;
    BYTE alpn[64];       /* SEC_APPLICATION_PROTOCOLS, when alpn_len */
    ULONG alpn_len;
};

static inline void init_side( struct side *side, BOOL server, ULONG req )
{
    memset( side, 0, sizeof(*side) );
    side->server = server;
    side->req = req;
    side->target = "localhost";
}

/* One handshake call: consumes what it can of IN, sends its output to PEER. */
static inline SECURITY_STATUS step( struct side *side, struct side *peer )
{
    static BYTE out[65536];
    SecBuffer in_bufs[3] = { { side->in_len, SECBUFFER_TOKEN, side->in }, { 0, SECBUFFER_EMPTY, NULL },
                             { side->alpn_len, SECBUFFER_APPLICATION_PROTOCOLS, side->alpn } };
    SecBuffer out_buf = { sizeof(out), SECBUFFER_TOKEN, out };
    SecBufferDesc in = { SECBUFFER_VERSION, side->alpn_len ? 3 : 2, in_bufs }, output = { SECBUFFER_VERSION, 1, &out_buf };
    SecBufferDesc alpn_only = { SECBUFFER_VERSION, 1, &in_bufs[2] };
    TimeStamp ts;

    if (side->server)
        side->status = AcceptSecurityContext( &side->cred, side->has_ctxt ? &side->ctxt : NULL, &in, side->req, 0,
                                              &side->ctxt, &output, &side->attrs, &ts );
    else
        side->status = InitializeSecurityContextA( &side->cred, side->has_ctxt ? &side->ctxt : NULL,
                                                   (char *)side->target, side->req, 0, 0,
                                                   side->has_ctxt ? &in : side->alpn_len ? &alpn_only : NULL, 0,
                                                   &side->ctxt, &output, &side->attrs, &ts );
    if (side->status == SEC_E_OK || side->status == SEC_I_CONTINUE_NEEDED ||
        side->status == SEC_I_INCOMPLETE_CREDENTIALS)
        side->has_ctxt = TRUE;
    if (side->status == SEC_E_INCOMPLETE_MESSAGE) return side->status;
    if (!FAILED( side->status ) && out_buf.cbBuffer)
    {
        memcpy( peer->in + peer->in_len, out, out_buf.cbBuffer );
        peer->in_len += out_buf.cbBuffer;
    }
    /* what the call did not consume stays for the next one */
    if (in_bufs[1].BufferType == SECBUFFER_EXTRA)
    {
        memmove( side->in, side->in + side->in_len - in_bufs[1].cbBuffer, in_bufs[1].cbBuffer );
        side->in_len = in_bufs[1].cbBuffer;
    }
    else if (side->has_ctxt) side->in_len = 0;
    return side->status;
}

static inline BOOL handshake( struct side *client, struct side *server )
{
    int i;

    for (i = 0; i < 10; i++)
    {
        if (client->status != SEC_E_OK || !client->has_ctxt) step( client, server );
        if (FAILED( client->status )) return FALSE;
        if (server->status != SEC_E_OK || !server->has_ctxt) step( server, client );
        if (FAILED( server->status )) return FALSE;
        if (client->status == SEC_E_OK && server->status == SEC_E_OK) return TRUE;
    }
    return FALSE;
}

static inline void cleanup( struct side *side )
{
    if (side->has_ctxt) DeleteSecurityContext( &side->ctxt );
    FreeCredentialsHandle( &side->cred );
}

static inline void set_buffer( SecBuffer *buf, ULONG type, void *ptr, ULONG len )
{
    buf->BufferType = type;
    buf->pvBuffer = ptr;
    buf->cbBuffer = len;
}

/* EncryptMessage of TEXT in BUF, laid out as HEADER and TRAILER bytes around it
 * with an EMPTY buffer after, as programs size a record from STREAM_SIZES. */
static inline SECURITY_STATUS encrypt_text( CtxtHandle *ctxt, const char *text, BYTE *buf, ULONG header,
                                            ULONG trailer, SecBuffer bufs[4] )
{
    SecBufferDesc msg = { SECBUFFER_VERSION, 4, bufs };
    ULONG len = strlen( text );

    set_buffer( &bufs[0], SECBUFFER_STREAM_HEADER, buf, header );
    set_buffer( &bufs[1], SECBUFFER_DATA, buf + header, len );
    set_buffer( &bufs[2], SECBUFFER_STREAM_TRAILER, buf + header + len, trailer );
    set_buffer( &bufs[3], SECBUFFER_EMPTY, NULL, 0 );
    memcpy( buf + header, text, len );
    return EncryptMessage( ctxt, 0, &msg, 0 );
}

static inline void make_pair( struct side *client, struct side *server, DWORD protocols, PCCERT_CONTEXT client_cert,
                       ULONG server_req )
{
    init_side( client, FALSE, ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM | ISC_REQ_MANUAL_CRED_VALIDATION );
    init_side( server, TRUE, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM | server_req );
    ok( acquire( &client->cred, SECPKG_CRED_OUTBOUND, protocols, SCH_CRED_NO_DEFAULT_CREDS, client_cert ) == SEC_E_OK,
        "client credentials\n" );
    ok( acquire( &server->cred, SECPKG_CRED_INBOUND, 0, 0, server_cert ) == SEC_E_OK, "server credentials\n" );
}

static inline void free_pair( struct side *client, struct side *server )
{
    cleanup( client );
    cleanup( server );
    free( client );
    free( server );
}

#endif
