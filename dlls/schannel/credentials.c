/*
 * Schannel credentials: SCHANNEL_CRED (up to version 4) and SCH_CREDENTIALS
 * (version 5), the protocols in force, and a certificate with its private
 * key, handed to schannel.so once and shared by every context made with them.
 */
#include "schannel_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(schannel);

struct schan_cred *schan_cred_from_handle( LSA_SEC_HANDLE handle )
{
    struct schan_cred *cred = (struct schan_cred *)handle;
    return cred && cred->magic == SCHAN_CRED_MAGIC ? cred : NULL;
}

void schan_cred_release( struct schan_cred *cred )
{
    struct cred_free_params params;

    if (InterlockedDecrement( &cred->refs )) return;
    cred->magic = 0;
    params.cred = cred->unix_cred;
    schan_call( unix_cred_free, &params );
    while (cred->cert_count) CertFreeCertificateContext( cred->certs[--cred->cert_count] );
    schan_forget_sessions( cred );
    DeleteCriticalSection( &cred->cs );
    SecureZeroMemory( cred->ticket_key, sizeof(cred->ticket_key) );
    SecureZeroMemory( cred->cookie_key, sizeof(cred->cookie_key) );
    ssp_free( cred );
}

/* What the caller's structure says, whichever version it is. */
struct cred_request
{
    ULONG           cert_count;
    PCCERT_CONTEXT *certs;
    DWORD           protocols;   /* asked for, 0 for the defaults */
    DWORD           disabled;    /* turned off */
    DWORD           flags;
    UINT32          off;         /* TLS_OFF_* */
};

static SECURITY_STATUS parse_auth_data( const void *data, struct cred_request *req )
{
    DWORD version = *(const DWORD *)data;
    SECURITY_STATUS status;
    ULONG i;

    memset( req, 0, sizeof(*req) );
    if (version == SCH_CREDENTIALS_VERSION)
    {
        const SCH_CREDENTIALS *cred = data;

        req->cert_count = cred->cCreds;
        req->certs = cred->paCred;
        req->flags = cred->dwFlags;
        /* parameters limited to some ALPN protocols do not change the connection's versions or suites */
        for (i = 0; i < cred->cTlsParameters; i++)
        {
            const TLS_PARAMETERS *params = &cred->pTlsParameters[i];

            if (params->cAlpnIds)
            {
                FIXME( "parameters for %lu ALPN protocols ignored\n", params->cAlpnIds );
                continue;
            }
            req->disabled |= params->grbitDisabledProtocols;
            if ((status = schan_crypto_settings_off( params->pDisabledCrypto, params->cDisabledCrypto, &req->off )))
                return status;
        }
        return SEC_E_OK;
    }
    if (version == SCH_CRED_V3 || version == SCHANNEL_CRED_VERSION)
    {
        const SCHANNEL_CRED *cred = data;

        req->cert_count = cred->cCreds;
        req->certs = cred->paCred;
        req->protocols = cred->grbitEnabledProtocols;
        req->flags = cred->dwFlags;
        if (cred->cSupportedAlgs && cred->palgSupportedAlgs)
            req->off |= schan_supported_algs_off( cred->palgSupportedAlgs, cred->cSupportedAlgs );
        req->off |= schan_strength_off( cred->dwMinimumCipherStrength, cred->dwMaximumCipherStrength );
        return SEC_E_OK;
    }
    WARN( "unknown credential version %lu\n", version );
    return SEC_E_UNKNOWN_CREDENTIALS;
}

/* The certificates, their chains and their keys to schannel.so; a certificate
 * whose key cannot be had fails the whole unless SKIP_KEYLESS. */
static SECURITY_STATUS load_certificates( struct schan_cred *cred, PCCERT_CONTEXT *certs, ULONG count,
                                          BOOL skip_keyless )
{
    struct tls_identity ids[SCHAN_MAX_CERTS] = { { 0 } };
    struct cred_create_params params = { ids };
    SECURITY_STATUS status = SEC_E_OK;
    NTSTATUS ret;
    ULONG i, key_len, chain_len;

    for (i = 0; i < count && !status; i++)
    {
        struct tls_identity *id = &ids[params.count];
        SECURITY_STATUS key_status;
        BYTE *key;

        if ((key_status = schan_private_key( certs[i], &key, &key_len )))
        {
            if (!skip_keyless) status = key_status;
            continue;
        }
        id->key = key;
        id->key_len = key_len;
        if (!(id->certs = schan_chain( certs[i], &chain_len ))) status = SEC_E_INSUFFICIENT_MEMORY;
        id->certs_len = chain_len;
        cred->certs[params.count++] = CertDuplicateCertificateContext( certs[i] );
    }
    cred->cert_count = params.count;
    if (cred->defaults) params.flags |= TLS_CRED_BY_ISSUER;
    if (!status && (ret = schan_call( unix_cred_create, &params )))
    {
        WARN( "GnuTLS refused a certificate or its key: %08lx\n", ret );
        status = SEC_E_UNKNOWN_CREDENTIALS;
    }
    cred->unix_cred = params.cred;
    for (i = 0; i < params.count; i++)
    {
        SecureZeroMemory( (BYTE *)ids[i].key, ids[i].key_len );
        ssp_free( (BYTE *)ids[i].key );
        ssp_free( (BYTE *)ids[i].certs );
    }
    return status;
}

/* A client's default certificates, which Windows presents on its own when a
 * server wants one: the current user's in MY with a key, in their validity,
 * and good for client authentication. */
static ULONG default_client_certs( PCCERT_CONTEXT *certs )
{
    HCERTSTORE my = CertOpenStore( CERT_STORE_PROV_SYSTEM_W, 0, 0, CERT_SYSTEM_STORE_CURRENT_USER |
                                   CERT_STORE_OPEN_EXISTING_FLAG | CERT_STORE_READONLY_FLAG, L"MY" );
    PCCERT_CONTEXT cert = NULL;
    ULONG count = 0, size;

    if (!my) return 0;
    while (count < SCHAN_MAX_CERTS && (cert = CertEnumCertificatesInStore( my, cert )))
    {
        DWORD_PTR usage_buf[32];
        CERT_ENHKEY_USAGE *usage = (CERT_ENHKEY_USAGE *)usage_buf;
        BOOL client_auth = FALSE;
        DWORD i;

        size = sizeof(usage_buf);
        if (!CertGetCertificateContextProperty( cert, CERT_KEY_PROV_INFO_PROP_ID, NULL, &size ) ||
            CertVerifyTimeValidity( NULL, cert->pCertInfo ))
            continue;
        size = sizeof(usage_buf);
        if (!CertGetEnhancedKeyUsage( cert, 0, usage, &size )) continue;
        if (!usage->cUsageIdentifier) client_auth = GetLastError() == (DWORD)CRYPT_E_NOT_FOUND;  /* no restriction */
        for (i = 0; i < usage->cUsageIdentifier; i++)
            if (!strcmp( usage->rgpszUsageIdentifier[i], szOID_PKIX_KP_CLIENT_AUTH )) client_auth = TRUE;
        if (client_auth) certs[count++] = CertDuplicateCertificateContext( cert );
    }
    if (cert) CertFreeCertificateContext( cert );
    CertCloseStore( my, 0 );
    return count;
}

NTSTATUS NTAPI schan_SpAcquireCredentialsHandle( UNICODE_STRING *principal, ULONG use, LUID *logon_id,
                                                 void *auth_data, void *get_key, void *get_key_arg,
                                                 LSA_SEC_HANDLE *handle, TimeStamp *expiry )
{
    struct cred_request req = { 0 };
    struct schan_cred *cred;
    SECURITY_STATUS status;
    BOOL server = use == SECPKG_CRED_INBOUND;
    PCCERT_CONTEXT defaults[SCHAN_MAX_CERTS];
    ULONG i, count;

    TRACE( "%#lx %p\n", use, auth_data );
    if (use != SECPKG_CRED_INBOUND && use != SECPKG_CRED_OUTBOUND) return SEC_E_NO_CREDENTIALS;
    if (auth_data && (status = parse_auth_data( auth_data, &req ))) return status;
    if (server && !req.cert_count) return SEC_E_NO_CREDENTIALS;
    /* DTLS and TLS are never asked for together, whichever side the bits are of */
    if ((req.protocols & SP_PROT_DTLS1_X) && (req.protocols & ~SP_PROT_DTLS1_X))
    {
        WARN( "DTLS and TLS in %#lx\n", req.protocols );
        return SEC_E_ALGORITHM_MISMATCH;
    }
    if (req.cert_count > SCHAN_MAX_CERTS)
    {
        FIXME( "%lu certificates: only the first %u are used\n", req.cert_count, SCHAN_MAX_CERTS );
        req.cert_count = SCHAN_MAX_CERTS;
    }

    if (!(cred = ssp_alloc( sizeof(*cred) ))) return SEC_E_INSUFFICIENT_MEMORY;
    cred->magic = SCHAN_CRED_MAGIC;
    cred->refs = 1;
    cred->use = use;
    cred->flags = req.flags;
    /* GnuTLS's NORMAL set has neither, whatever the caller says */
    cred->off = req.off | TLS_OFF_3DES | TLS_OFF_RC4;
    InitializeCriticalSection( &cred->cs );
    cred->protocols = schan_enabled_protocols( server, req.protocols, req.disabled );
    if (!cred->protocols)
    {
        WARN( "no protocol left\n" );
        schan_cred_release( cred );
        return SEC_E_ALGORITHM_MISMATCH;
    }
    if (req.cert_count || server || (req.flags & SCH_CRED_NO_DEFAULT_CREDS))
        status = load_certificates( cred, req.certs, req.cert_count, FALSE );
    else
    {
        cred->defaults = TRUE;
        count = default_client_certs( defaults );
        TRACE( "%lu default client certificates\n", count );
        status = load_certificates( cred, defaults, count, TRUE );
        for (i = 0; i < count; i++) CertFreeCertificateContext( defaults[i] );
    }
    if (!status && server && (!RtlGenRandom( cred->ticket_key, sizeof(cred->ticket_key) ) ||
                              !RtlGenRandom( cred->cookie_key, sizeof(cred->cookie_key) )))
        status = SEC_E_INTERNAL_ERROR;
    if (status)
    {
        schan_cred_release( cred );
        return status;
    }
    *handle = (LSA_SEC_HANDLE)cred;
    if (expiry)
    {
        expiry->LowPart = 0xffffffff;
        expiry->HighPart = 0x7fffffff;
    }
    return SEC_E_OK;
}

NTSTATUS NTAPI schan_SpFreeCredentialsHandle( LSA_SEC_HANDLE handle )
{
    struct schan_cred *cred = schan_cred_from_handle( handle );

    TRACE( "%p\n", (void *)handle );
    if (!cred) return SEC_E_INVALID_HANDLE;
    schan_cred_release( cred );
    return SEC_E_OK;
}

NTSTATUS NTAPI schan_SpQueryCredentialsAttributes( LSA_SEC_HANDLE handle, ULONG attribute, void *buffer )
{
    struct schan_cred *cred = schan_cred_from_handle( handle );

    TRACE( "%p %lu\n", (void *)handle, attribute );
    if (!cred) return SEC_E_INVALID_HANDLE;
    if (!buffer) return SEC_E_INTERNAL_ERROR;
    switch (attribute)
    {
    case SECPKG_ATTR_SUPPORTED_PROTOCOLS:
        ((SecPkgCred_SupportedProtocols *)buffer)->grbitProtocol = cred->protocols;
        return SEC_E_OK;
    case SECPKG_ATTR_CIPHER_STRENGTHS:
    {
        SecPkgCred_CipherStrengths *strengths = buffer;
        schan_cipher_strengths( cred->off, &strengths->dwMinimumCipherStrength, &strengths->dwMaximumCipherStrength );
        return SEC_E_OK;
    }
    case SECPKG_ATTR_SUPPORTED_ALGS:
    {
        SecPkgCred_SupportedAlgs *algs = buffer;
        ALG_ID list[SCHAN_MAX_ALGS];
        ULONG count = schan_supported_algs( cred->off, list );

        if (ssp_lsa->AllocateClientBuffer( NULL, count * sizeof(ALG_ID), (void **)&algs->palgSupportedAlgs ))
            return SEC_E_INSUFFICIENT_MEMORY;
        memcpy( algs->palgSupportedAlgs, list, count * sizeof(ALG_ID) );
        algs->cSupportedAlgs = count;
        return SEC_E_OK;
    }
    default:
        FIXME( "attribute %lu\n", attribute );
        return SEC_E_UNSUPPORTED_FUNCTION;
    }
}
