/*
 * The peer's certificates as a certificate context (with the rest of its chain
 * in the context's store, as Windows gives it), and the client's validation of
 * the server's through crypt32's chain engine and SSL policy.
 */
#include "schannel_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(schannel);

PCCERT_CONTEXT schan_peer_certificate( struct schan_context *ctx )
{
    struct peer_certificate_params params = { ctx->session };
    PCCERT_CONTEXT leaf = NULL, cert;
    HCERTSTORE store;
    ULONG pos = 0;
    BYTE *buf;

    if (schan_call( unix_peer_certificate, &params ) != STATUS_BUFFER_TOO_SMALL) return NULL;
    if (!(buf = ssp_alloc( params.output_len ))) return NULL;
    params.output = buf;
    params.output_size = params.output_len;
    if (schan_call( unix_peer_certificate, &params ) ||
        !(store = CertOpenStore( CERT_STORE_PROV_MEMORY, 0, 0, CERT_STORE_CREATE_NEW_FLAG, NULL )))
    {
        ssp_free( buf );
        return NULL;
    }
    while (params.output_len - pos >= 4)
    {
        ULONG len = buf[pos] | buf[pos + 1] << 8 | buf[pos + 2] << 16 | buf[pos + 3] << 24;
        pos += 4;
        if (len > params.output_len - pos) break;
        if (CertAddEncodedCertificateToStore( store, X509_ASN_ENCODING, buf + pos, len, CERT_STORE_ADD_ALWAYS,
                                              &cert ))
        {
            if (!leaf) leaf = cert;
            else CertFreeCertificateContext( cert );
        }
        pos += len;
    }
    CertCloseStore( store, 0 );  /* the contexts keep it */
    ssp_free( buf );
    return leaf;
}

static SECURITY_STATUS policy_status( DWORD error )
{
    switch (error)
    {
    case 0:                     return SEC_E_OK;
    case CERT_E_UNTRUSTEDROOT:
    case CERT_E_CHAINING:
    case CERT_E_UNTRUSTEDTESTROOT:
        return SEC_E_UNTRUSTED_ROOT;
    case CERT_E_EXPIRED:        return SEC_E_CERT_EXPIRED;
    case CERT_E_CN_NO_MATCH:    return SEC_E_WRONG_PRINCIPAL;
    case CRYPT_E_REVOKED:       return CRYPT_E_REVOKED;
    case CERT_E_WRONG_USAGE:    return SEC_E_CERT_WRONG_USAGE;
    default:                    return SEC_E_CERT_UNKNOWN;
    }
}

/* crypt32's verdict on CERT for USAGE under the SSL policy; 0 when it passes. */
DWORD schan_verify_chain( PCCERT_CONTEXT cert, const char *usage, DWORD auth_type, const WCHAR *server_name )
{
    char *usages[1] = { (char *)usage };
    CERT_CHAIN_PARA para = { sizeof(para) };
    SSL_EXTRA_CERT_CHAIN_POLICY_PARA ssl = { { sizeof(ssl) } };
    CERT_CHAIN_POLICY_PARA policy = { sizeof(policy) };
    CERT_CHAIN_POLICY_STATUS result = { sizeof(result) };
    PCCERT_CHAIN_CONTEXT chain;

    para.RequestedUsage.dwType = USAGE_MATCH_TYPE_AND;
    para.RequestedUsage.Usage.cUsageIdentifier = 1;
    para.RequestedUsage.Usage.rgpszUsageIdentifier = usages;
    if (!CertGetCertificateChain( NULL, cert, NULL, cert->hCertStore, &para, 0, NULL, &chain ))
        return CERT_E_CHAINING;
    ssl.dwAuthType = auth_type;
    ssl.pwszServerName = (WCHAR *)server_name;
    policy.pvExtraPolicyPara = &ssl;
    if (!CertVerifyCertificateChainPolicy( CERT_CHAIN_POLICY_SSL, chain, &policy, &result ))
        result.dwError = CERT_E_CHAINING;
    CertFreeCertificateChain( chain );
    return result.dwError;
}

SECURITY_STATUS schan_validate_server( struct schan_context *ctx )
{
    const WCHAR *name = (ctx->cred->flags & SCH_CRED_NO_SERVERNAME_CHECK) ? NULL : ctx->target;
    PCCERT_CONTEXT cert;
    SECURITY_STATUS status;
    DWORD error;

    if (!(cert = schan_peer_certificate( ctx )))
    {
        WARN( "the server sent no certificate\n" );
        return SEC_E_CERT_UNKNOWN;
    }
    error = schan_verify_chain( cert, szOID_PKIX_KP_SERVER_AUTH, AUTHTYPE_SERVER, name );
    if ((status = policy_status( error )))
        WARN( "the server's certificate failed validation: %08lx (%08lx)\n", status, error );
    CertFreeCertificateContext( cert );
    return status;
}
