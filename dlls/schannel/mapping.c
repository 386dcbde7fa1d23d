/*
 * Client certificates to accounts, for QuerySecurityContextToken and
 * impersonation on a server context. The rule: the certificate must chain to
 * a trusted root for client authentication; its user principal name
 * (user@domain) or, without one, its subject's common name names an account
 * of the store; that account is logged on. Otherwise the context has no token.
 */
#include "schannel_priv.h"
#include "samcred.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(schannel);

static BOOL trusted_client( PCCERT_CONTEXT cert )
{
    static char *client_auth[] = { (char *)szOID_PKIX_KP_CLIENT_AUTH };
    CERT_CHAIN_PARA para = { sizeof(para) };
    SSL_EXTRA_CERT_CHAIN_POLICY_PARA ssl = { { sizeof(ssl) } };
    CERT_CHAIN_POLICY_PARA policy = { sizeof(policy) };
    CERT_CHAIN_POLICY_STATUS result = { sizeof(result) };
    PCCERT_CHAIN_CONTEXT chain;
    BOOL ret;

    para.RequestedUsage.dwType = USAGE_MATCH_TYPE_AND;
    para.RequestedUsage.Usage.cUsageIdentifier = 1;
    para.RequestedUsage.Usage.rgpszUsageIdentifier = client_auth;
    if (!CertGetCertificateChain( NULL, cert, NULL, cert->hCertStore, &para, 0, NULL, &chain )) return FALSE;
    ssl.dwAuthType = AUTHTYPE_CLIENT;
    policy.pvExtraPolicyPara = &ssl;
    ret = CertVerifyCertificateChainPolicy( CERT_CHAIN_POLICY_SSL, chain, &policy, &result ) && !result.dwError;
    if (!ret) TRACE( "the client certificate is not trusted: %08lx\n", result.dwError );
    CertFreeCertificateChain( chain );
    return ret;
}

/* USER and DOMAIN from the UPN, or USER from the common name. */
static BOOL account_names( PCCERT_CONTEXT cert, WCHAR *user, DWORD user_size, WCHAR *domain, DWORD domain_size )
{
    WCHAR upn[512], *at;

    domain[0] = 0;
    if (CertGetNameStringW( cert, CERT_NAME_UPN_TYPE, 0, NULL, upn, ARRAYSIZE(upn) ) > 1 && (at = wcsrchr( upn, '@' )))
    {
        *at = 0;
        lstrcpynW( user, upn, user_size );
        lstrcpynW( domain, at + 1, domain_size );
        return user[0] != 0;
    }
    return CertGetNameStringW( cert, CERT_NAME_ATTR_TYPE, 0, (void *)szOID_COMMON_NAME, user, user_size ) > 1;
}

void schan_map_client( struct schan_context *ctx )
{
    struct sam_credentials account;
    WCHAR user[257], domain[256];
    PCCERT_CONTEXT cert;

    if (!(cert = schan_peer_certificate( ctx ))) return;
    if (trusted_client( cert ) && account_names( cert, user, ARRAYSIZE(user), domain, ARRAYSIZE(domain) ) &&
        ssp_find_account( user, domain, &account ))
    {
        if (!ssp_log_on( "Schannel", account.user, account.domain, SecurityImpersonation, &ctx->logon_id,
                         &ctx->token ))
        {
            swprintf( ctx->account, ARRAYSIZE(ctx->account), L"%ls\\%ls", account.domain, account.user );
            TRACE( "the client certificate maps to %s\n", debugstr_w(ctx->account) );
        }
        SecureZeroMemory( &account, sizeof(account) );
    }
    CertFreeCertificateContext( cert );
}
