/*
 * TLS benchmark of our stack, a Windows program run under ./wine: client and
 * server Schannel contexts in one process over memory (see driver.h).
 *
 *   tls_sspi THUMBPRINT SECONDS
 *
 * THUMBPRINT: the server certificate, with its key, in the current user's MY store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <psapi.h>
#include <wincrypt.h>
#define SECURITY_WIN32
#include <sspi.h>
#include <schannel.h>

struct pair
{
    CtxtHandle client, server;
};

static CredHandle client_cred, server_cred;
static SecPkgContext_StreamSizes sizes;

/* One call of one side: IN is what the other sent (consumed), OUT gets what it sends. */
static SECURITY_STATUS call( BOOL server, CtxtHandle *ctxt, BOOL first, BYTE *in, ULONG *in_len, BYTE *out,
                             ULONG *out_len )
{
    SecBuffer in_bufs[2] = { { *in_len, SECBUFFER_TOKEN, in }, { 0, SECBUFFER_EMPTY, NULL } };
    SecBuffer out_buf = { 16384, SECBUFFER_TOKEN, out + *out_len };
    SecBufferDesc in_desc = { SECBUFFER_VERSION, 2, in_bufs }, out_desc = { SECBUFFER_VERSION, 1, &out_buf };
    SECURITY_STATUS status;
    ULONG attrs;

    if (server)
        status = AcceptSecurityContext( &server_cred, first ? NULL : ctxt, &in_desc,
                                        ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM, 0, ctxt, &out_desc, &attrs, NULL );
    else
        status = InitializeSecurityContextA( &client_cred, first ? NULL : ctxt, (char *)"localhost",
                                             ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM | ISC_REQ_MANUAL_CRED_VALIDATION,
                                             0, 0, first ? NULL : &in_desc, 0, ctxt, &out_desc, &attrs, NULL );
    if (FAILED( status )) return status;
    *out_len += out_buf.cbBuffer;
    if (in_bufs[1].BufferType == SECBUFFER_EXTRA)
    {
        memmove( in, in + *in_len - in_bufs[1].cbBuffer, in_bufs[1].cbBuffer );
        *in_len = in_bufs[1].cbBuffer;
    }
    else *in_len = 0;
    return status;
}

static BOOL pair_handshake( struct pair *pair )
{
    static BYTE to_server[65536], to_client[65536];
    ULONG server_len = 0, client_len = 0;
    SECURITY_STATUS c, s = SEC_I_CONTINUE_NEEDED;
    int i;

    if ((c = call( FALSE, &pair->client, TRUE, to_client, &client_len, to_server, &server_len )) != SEC_I_CONTINUE_NEEDED)
        return FALSE;
    if ((s = call( TRUE, &pair->server, TRUE, to_server, &server_len, to_client, &client_len )) != SEC_I_CONTINUE_NEEDED)
        return FALSE;
    for (i = 0; i < 4 && (c != SEC_E_OK || s != SEC_E_OK); i++)
    {
        if (c != SEC_E_OK && client_len) c = call( FALSE, &pair->client, FALSE, to_client, &client_len, to_server,
                                                   &server_len );
        if (s != SEC_E_OK && server_len) s = call( TRUE, &pair->server, FALSE, to_server, &server_len, to_client,
                                                   &client_len );
        if (FAILED( c ) || FAILED( s )) return FALSE;
    }
    /* the server's tickets: left unread, as a client that sends first may */
    return c == SEC_E_OK && s == SEC_E_OK;
}

static void pair_drop( struct pair *pair )
{
    DeleteSecurityContext( &pair->client );
    DeleteSecurityContext( &pair->server );
}

static BOOL pair_seal_unseal( struct pair *pair, unsigned char *data, size_t len )
{
    static BYTE record[16384 + 1024];
    SecBuffer bufs[4] = { { sizes.cbHeader, SECBUFFER_STREAM_HEADER, record },
                          { len, SECBUFFER_DATA, record + sizes.cbHeader },
                          { sizes.cbTrailer, SECBUFFER_STREAM_TRAILER, record + sizes.cbHeader + len },
                          { 0, SECBUFFER_EMPTY, NULL } };
    SecBufferDesc msg = { SECBUFFER_VERSION, 4, bufs };
    ULONG qop;

    memcpy( bufs[1].pvBuffer, data, len );
    if (EncryptMessage( &pair->client, 0, &msg, 0 )) return FALSE;
    bufs[0].cbBuffer += bufs[1].cbBuffer + bufs[2].cbBuffer;
    bufs[0].BufferType = SECBUFFER_DATA;
    bufs[1].BufferType = bufs[2].BufferType = bufs[3].BufferType = SECBUFFER_EMPTY;
    if (DecryptMessage( &pair->server, &msg, 0, &qop )) return FALSE;
    memcpy( data, bufs[1].pvBuffer, bufs[1].cbBuffer );
    return TRUE;
}

#include "driver.h"

int main( int argc, char *argv[] )
{
    SCHANNEL_CRED client = { SCHANNEL_CRED_VERSION }, server = { SCHANNEL_CRED_VERSION };
    BYTE hash[20];
    CRYPT_HASH_BLOB blob = { 20, hash };
    PCCERT_CONTEXT cert;
    struct pair pair;
    int i;

    if (argc != 3) return 2;
    for (i = 0; i < 20; i++)
    {
        char byte[3] = { argv[1][2 * i], argv[1][2 * i + 1], 0 };
        hash[i] = strtoul( byte, NULL, 16 );
    }
    if (!(cert = CertFindCertificateInStore( CertOpenSystemStoreA( 0, "MY" ), X509_ASN_ENCODING, 0,
                                             CERT_FIND_SHA1_HASH, &blob, NULL )))
        return 1;
    server.cCreds = 1;
    server.paCred = &cert;
    client.dwFlags = SCH_CRED_NO_DEFAULT_CREDS | SCH_CRED_MANUAL_CRED_VALIDATION;
    if (AcquireCredentialsHandleA( NULL, (char *)UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL, &client, NULL, NULL,
                                   &client_cred, NULL ) ||
        AcquireCredentialsHandleA( NULL, (char *)UNISP_NAME_A, SECPKG_CRED_INBOUND, NULL, &server, NULL, NULL,
                                   &server_cred, NULL ))
        return 1;
    if (!pair_handshake( &pair )) return 1;
    QueryContextAttributesA( &pair.client, SECPKG_ATTR_STREAM_SIZES, &sizes );
    pair_drop( &pair );
    return run_bench( atof( argv[2] ) );
}
