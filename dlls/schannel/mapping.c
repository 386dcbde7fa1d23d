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
    if (!schan_verify_chain( cert, szOID_PKIX_KP_CLIENT_AUTH, AUTHTYPE_CLIENT, NULL ) &&
        account_names( cert, user, ARRAYSIZE(user), domain, ARRAYSIZE(domain) ) &&
        ssp_find_account( user, domain, &account ))
    {
        if (!ssp_log_on( "Schannel", account.user, account.domain, SecurityImpersonation, &ctx->logon_id,
                         &ctx->token ))
        {
            size_t len = wcslen( account.domain ) + wcslen( account.user ) + 2;
            if ((ctx->account = schan_alloc( len * sizeof(WCHAR) )))
                swprintf( ctx->account, len, L"%ls\\%ls", account.domain, account.user );
            TRACE( "the client certificate maps to %s\n", debugstr_w(ctx->account) );
        }
        SecureZeroMemory( &account, sizeof(account) );
    }
    CertFreeCertificateContext( cert );
}
