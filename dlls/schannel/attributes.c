/*
 * QueryContextAttributes and SetContextAttributes for Schannel contexts.
 */
#include "schannel_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(schannel);

static ALG_ID cipher_alg( const struct connection_info_params *info )
{
    switch (info->cipher)
    {
    case TLS_CIPHER_AES:  return info->cipher_bits == 256 ? CALG_AES_256 : CALG_AES_128;
    case TLS_CIPHER_3DES: return CALG_3DES;
    default:              return 0;  /* ChaCha20-Poly1305 has no ALG_ID */
    }
}

/* For AEAD suites, the hash of the PRF, as Windows reports it. */
static ALG_ID hash_alg( const struct connection_info_params *info )
{
    switch (info->hash_bits)
    {
    case 160: return CALG_SHA1;
    case 256: return CALG_SHA_256;
    case 384: return CALG_SHA_384;
    default:  return 0;
    }
}

static ALG_ID exchange_alg( const struct connection_info_params *info )
{
    switch (info->exchange)
    {
    case TLS_EXCHANGE_RSA: return CALG_RSA_KEYX;
    case TLS_EXCHANGE_DH:  return CALG_DH_EPHEM;
    default:               return CALG_ECDH_EPHEM;
    }
}

static const WCHAR *alg_name( ALG_ID alg )
{
    switch (alg)
    {
    case CALG_AES_128: case CALG_AES_256: return L"AES";
    case CALG_3DES:      return L"3DES";
    case CALG_SHA1:      return L"SHA1";
    case CALG_SHA_256:   return L"SHA256";
    case CALG_SHA_384:   return L"SHA384";
    case CALG_RSA_KEYX:  return L"RSA";
    case CALG_DH_EPHEM:  return L"DH";
    case CALG_ECDH_EPHEM:return L"ECDH";
    default:             return L"CHACHA20_POLY1305";
    }
}

/* The certificate we presented, or the one we would have when the handshake did not ask. */
static PCCERT_CONTEXT local_certificate( struct schan_context *ctx )
{
    struct schan_cred *cred = ctx->cred;

    if (ctx->info.identity && ctx->info.identity <= cred->cert_count)
        return CertDuplicateCertificateContext( cred->certs[ctx->info.identity - 1] );
    return cred->cert_count && !cred->defaults ? CertDuplicateCertificateContext( cred->certs[0] ) : NULL;
}

/* The certificate the server authenticated with: ours, or the peer's. */
static const WCHAR *certificate_type( struct schan_context *ctx )
{
    PCCERT_CONTEXT cert = ctx->server ? local_certificate( ctx ) : schan_peer_certificate( ctx );
    const WCHAR *ret = L"";

    if (cert)
    {
        const char *oid = cert->pCertInfo->SubjectPublicKeyInfo.Algorithm.pszObjId;
        ret = !strcmp( oid, szOID_ECC_PUBLIC_KEY ) ? L"ECDSA" : L"RSA";
        CertFreeCertificateContext( cert );
    }
    return ret;
}

static SECURITY_STATUS bindings( struct schan_context *ctx, UINT32 type, SecPkgContext_Bindings *out )
{
    struct channel_binding_params params = { ctx->session, type };
    const char *prefix = type == TLS_BINDING_UNIQUE ? "tls-unique:" : "tls-server-end-point:";
    SEC_CHANNEL_BINDINGS *b;
    ULONG len;

    if (schan_call( unix_channel_binding, &params )) return SEC_E_UNSUPPORTED_FUNCTION;
    len = sizeof(*b) + strlen( prefix ) + params.len;
    if (!(b = ssp_dll->AllocateHeap( len ))) return SEC_E_INSUFFICIENT_MEMORY;
    memset( b, 0, sizeof(*b) );
    b->cbApplicationDataLength = strlen( prefix ) + params.len;
    b->dwApplicationDataOffset = sizeof(*b);
    memcpy( b + 1, prefix, strlen( prefix ) );
    memcpy( (BYTE *)(b + 1) + strlen( prefix ), params.data, params.len );
    out->BindingsLength = len;
    out->Bindings = b;
    return SEC_E_OK;
}

static SECURITY_STATUS keying_material( struct schan_context *ctx, SecPkgContext_KeyingMaterial *out )
{
    struct keying_material_params params = { ctx->session };

    if (!ctx->export_label) return SEC_E_UNSUPPORTED_FUNCTION;  /* SECPKG_ATTR_KEYING_MATERIAL_INFO first */
    if (!(out->pbKeyingMaterial = ssp_dll->AllocateHeap( ctx->export_len ))) return SEC_E_INSUFFICIENT_MEMORY;
    params.label = ctx->export_label;
    params.context = ctx->export_context;
    params.context_len = ctx->export_context_len;
    params.output = out->pbKeyingMaterial;
    params.output_len = ctx->export_len;
    if (schan_call( unix_keying_material, &params ))
    {
        ssp_dll->FreeHeap( out->pbKeyingMaterial );
        return SEC_E_INTERNAL_ERROR;
    }
    out->cbKeyingMaterial = ctx->export_len;
    return SEC_E_OK;
}

NTSTATUS NTAPI schan_SpQueryContextAttributes( LSA_SEC_HANDLE handle, ULONG attribute, void *buffer )
{
    struct schan_context *ctx = schan_context_from_handle( handle );
    const struct connection_info_params *info;

    TRACE( "%p %lu %p\n", (void *)handle, attribute, buffer );
    if (!ctx) return SEC_E_INVALID_HANDLE;
    if (!buffer) return SEC_E_INVALID_PARAMETER;
    info = &ctx->info;
    /* until the first handshake is through, only what the server asked for */
    if (!info->version && attribute != SECPKG_ATTR_ISSUER_LIST_EX) return SEC_E_INVALID_HANDLE;

    switch (attribute)
    {
    case SECPKG_ATTR_STREAM_SIZES:
    {
        SecPkgContext_StreamSizes *sizes = buffer;
        sizes->cbHeader = info->header_size;
        sizes->cbTrailer = info->trailer_size;
        sizes->cbMaximumMessage = info->max_data;
        sizes->cBuffers = 4;
        sizes->cbBlockSize = info->cipher_block;
        return SEC_E_OK;
    }
    case SECPKG_ATTR_CONNECTION_INFO:
    {
        SecPkgContext_ConnectionInfo *conn = buffer;
        conn->dwProtocol = schan_protocol_of( info->version, ctx->server );
        conn->aiCipher = cipher_alg( info );
        conn->dwCipherStrength = info->cipher_bits;
        conn->aiHash = hash_alg( info );
        conn->dwHashStrength = info->hash_bits;
        conn->aiExch = exchange_alg( info );
        conn->dwExchStrength = info->exchange_bits;
        return SEC_E_OK;
    }
    case SECPKG_ATTR_CIPHER_INFO:
    {
        SecPkgContext_CipherInfo *cipher = buffer;
        memset( cipher, 0, sizeof(*cipher) );
        cipher->dwVersion = SECPKGCONTEXT_CIPHERINFO_V1;
        cipher->dwProtocol = schan_protocol_of( info->version, ctx->server );
        cipher->dwCipherSuite = cipher->dwBaseCipherSuite = info->suite_id;
        MultiByteToWideChar( CP_ACP, 0, info->cipher_suite, -1, cipher->szCipherSuite, SZ_ALG_MAX_SIZE );
        lstrcpynW( cipher->szCipher, alg_name( cipher_alg( info ) ), SZ_ALG_MAX_SIZE );
        cipher->dwCipherLen = info->cipher_bits;
        cipher->dwCipherBlockLen = info->cipher_block;
        lstrcpynW( cipher->szHash, alg_name( hash_alg( info ) ), SZ_ALG_MAX_SIZE );
        cipher->dwHashLen = info->hash_bits;
        lstrcpynW( cipher->szExchange, alg_name( exchange_alg( info ) ), SZ_ALG_MAX_SIZE );
        cipher->dwMinExchangeLen = cipher->dwMaxExchangeLen = info->exchange_bits;
        lstrcpynW( cipher->szCertificate, certificate_type( ctx ), SZ_ALG_MAX_SIZE );
        return SEC_E_OK;
    }
    case SECPKG_ATTR_KEY_INFO:
    {
        SecPkgContext_KeyInfoW *key = buffer;
        key->sSignatureAlgorithmName = ssp_client_string( certificate_type( ctx ) );
        key->sEncryptAlgorithmName = ssp_client_string( alg_name( cipher_alg( info ) ) );
        key->KeySize = info->cipher_bits;
        key->SignatureAlgorithm = 0;
        key->EncryptAlgorithm = cipher_alg( info );
        return key->sSignatureAlgorithmName && key->sEncryptAlgorithmName ? SEC_E_OK : SEC_E_INSUFFICIENT_MEMORY;
    }
    case SECPKG_ATTR_SESSION_INFO:
    {
        SecPkgContext_SessionInfo *session = buffer;
        session->dwFlags = info->resumed ? SSL_SESSION_RECONNECT : 0;
        session->cbSessionId = info->session_id_len;
        memcpy( session->rgbSessionId, info->session_id, info->session_id_len );
        return SEC_E_OK;
    }
    case SECPKG_ATTR_REMOTE_CERT_CONTEXT:
        if (!(*(PCCERT_CONTEXT *)buffer = schan_peer_certificate( ctx ))) return SEC_E_NO_CREDENTIALS;
        return SEC_E_OK;
    case SECPKG_ATTR_LOCAL_CERT_CONTEXT:
        if (!(*(PCCERT_CONTEXT *)buffer = local_certificate( ctx ))) return SEC_E_NO_CREDENTIALS;
        return SEC_E_OK;
    case SECPKG_ATTR_ISSUER_LIST_EX:
    {
        SecPkgContext_IssuerListInfoEx *issuers = buffer;
        issuers->aIssuers = NULL;   /* our servers send no certificate authorities */
        issuers->cIssuers = 0;
        return SEC_E_OK;
    }
    case SECPKG_ATTR_ENDPOINT_BINDINGS:
        return bindings( ctx, TLS_BINDING_SERVER_END, buffer );
    case SECPKG_ATTR_UNIQUE_BINDINGS:
        return bindings( ctx, TLS_BINDING_UNIQUE, buffer );
    case SECPKG_ATTR_APPLICATION_PROTOCOL:
    {
        SecPkgContext_ApplicationProtocol *proto = buffer;
        size_t len = strlen( info->alpn );
        memset( proto, 0, sizeof(*proto) );
        if (len)
        {
            proto->ProtoNegoStatus = SecApplicationProtocolNegotiationStatus_Success;
            proto->ProtoNegoExt = SecApplicationProtocolNegotiationExt_ALPN;
            proto->ProtocolIdSize = len;
            memcpy( proto->ProtocolId, info->alpn, len );
        }
        return SEC_E_OK;
    }
    case SECPKG_ATTR_KEYING_MATERIAL:
        return keying_material( ctx, buffer );
    case SECPKG_ATTR_NAMES:
        /* the account a client certificate maps to */
        if (!ctx->account) return SEC_E_UNSUPPORTED_FUNCTION;
        if (!(((SecPkgContext_NamesW *)buffer)->sUserName = ssp_client_string( ctx->account ))) return SEC_E_INSUFFICIENT_MEMORY;
        return SEC_E_OK;
    case SECPKG_ATTR_CLIENT_SPECIFIED_TARGET:
        /* the server name the client sent (SNI) */
        if (!ctx->server || !info->server_name[0]) return SEC_E_UNSUPPORTED_FUNCTION;
        {
            WCHAR name[256];
            MultiByteToWideChar( CP_UTF8, 0, info->server_name, -1, name, ARRAYSIZE(name) );
            if (!(((SecPkgContext_ClientSpecifiedTarget *)buffer)->sTargetName = ssp_client_string( name )))
                return SEC_E_INSUFFICIENT_MEMORY;
        }
        return SEC_E_OK;
    default:
        FIXME( "attribute %lu\n", attribute );
        return SEC_E_UNSUPPORTED_FUNCTION;
    }
}

NTSTATUS NTAPI schan_SpSetContextAttributes( LSA_SEC_HANDLE handle, ULONG attribute, void *buffer, ULONG size )
{
    struct schan_context *ctx = schan_context_from_handle( handle );

    TRACE( "%p %lu %p %lu\n", (void *)handle, attribute, buffer, size );
    if (!ctx) return SEC_E_INVALID_HANDLE;
    if (attribute == SECPKG_ATTR_KEYING_MATERIAL_INFO)
    {
        const SecPkgContext_KeyingMaterialInfo *info = buffer;

        if (!info || size < sizeof(*info) || !info->pszLabel || !info->cbLabel || !info->cbKeyingMaterial)
            return SEC_E_INVALID_PARAMETER;
        ssp_free( ctx->export_label );
        ssp_free( ctx->export_context );
        ctx->export_context = NULL;
        if (!(ctx->export_label = ssp_alloc( info->cbLabel + 1 ))) return SEC_E_INSUFFICIENT_MEMORY;
        memcpy( ctx->export_label, info->pszLabel, info->cbLabel );
        if (info->pbContextValue && info->cbContextValue)
        {
            if (!(ctx->export_context = ssp_alloc( info->cbContextValue ))) return SEC_E_INSUFFICIENT_MEMORY;
            memcpy( ctx->export_context, info->pbContextValue, info->cbContextValue );
            ctx->export_context_len = info->cbContextValue;
        }
        ctx->export_len = info->cbKeyingMaterial;
        return SEC_E_OK;
    }
    if (attribute == SECPKG_ATTR_DTLS_MTU)
    {
        struct set_mtu_params params = { ctx->session };
        USHORT mtu;

        /* programs pass a ULONG or the USHORT of SEC_DTLS_MTU */
        if (!ctx->datagram) return SEC_E_UNSUPPORTED_FUNCTION;
        if (!buffer || (size != sizeof(ULONG) && size != sizeof(USHORT))) return SEC_E_INVALID_PARAMETER;
        params.mtu = size == sizeof(ULONG) ? *(const ULONG *)buffer : (memcpy( &mtu, buffer, sizeof(mtu) ), mtu);
        if (params.mtu < SCHAN_DTLS_MIN_MTU || params.mtu > 65536) return SEC_E_INVALID_PARAMETER;
        if (schan_call( unix_set_mtu, &params )) return SEC_E_INTERNAL_ERROR;
        /* what a record may carry follows the MTU */
        if (ctx->state == SCHAN_ESTABLISHED)
        {
            ctx->info.session = ctx->session;
            schan_call( unix_connection_info, &ctx->info );
        }
        return SEC_E_OK;
    }
    FIXME( "attribute %lu\n", attribute );
    return SEC_E_UNSUPPORTED_FUNCTION;
}
