/*
 * Client certificates to accounts, for QuerySecurityContextToken and
 * impersonation on a server context. The rule: the certificate must chain to
 * a trusted root for client authentication; its user principal name
 * (user@domain) or, without one, its subject's common name names an account
 * of the store; that account is logged on. Otherwise the context has no token.
 */
#include "schannel_priv.h"
#include "samcred.h"
#include "der.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(schannel);

/* The user principal name among the subject's alternative names: an otherName
 * of type szOID_NT_PRINCIPAL_NAME holding a UTF8String. Read here, as Wine 8's
 * crypt32 decodes no otherName. */
static BOOL principal_name( PCCERT_CONTEXT cert, WCHAR *upn, DWORD size )
{
    static const BYTE upn_oid[] = { 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x14, 0x02, 0x03 };
    CERT_EXTENSION *ext = CertFindExtension( szOID_SUBJECT_ALT_NAME2, cert->pCertInfo->cExtension,
                                             cert->pCertInfo->rgExtension );
    struct der der, names, name, oid, value, str;
    uint8_t tag;
    int len;

    if (!ext) return FALSE;
    der_init( &der, ext->Value.pbData, ext->Value.cbData );
    if (der_expect( &der, DER_SEQUENCE, &names )) return FALSE;
    while (!der_empty( &names ))
    {
        if (der_read( &names, &tag, &name )) return FALSE;
        if (tag != DER_CONTEXT(0) || der_expect( &name, DER_OID, &oid ) || oid.end - oid.p != sizeof(upn_oid) ||
            memcmp( oid.p, upn_oid, sizeof(upn_oid) ) || der_expect( &name, DER_CONTEXT(0), &value ) ||
            der_expect( &value, DER_UTF8_STRING, &str ))
            continue;
        if ((len = MultiByteToWideChar( CP_UTF8, MB_ERR_INVALID_CHARS, (const char *)str.p, str.end - str.p, upn,
                                        size - 1 )) <= 0)
            continue;
        upn[len] = 0;
        return TRUE;
    }
    return FALSE;
}

/* USER and DOMAIN from the UPN, or USER from the common name. */
static BOOL account_names( PCCERT_CONTEXT cert, WCHAR *user, DWORD user_size, WCHAR *domain, DWORD domain_size )
{
    WCHAR upn[512], *at;

    domain[0] = 0;
    if (principal_name( cert, upn, ARRAYSIZE(upn) ) && (at = wcsrchr( upn, '@' )))
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
        if (!ssp_log_on( "Schannel", account.user, account.domain, NULL, SecurityImpersonation, &ctx->logon_id,
                         &ctx->token ))
        {
            size_t len = wcslen( account.domain ) + wcslen( account.user ) + 2;
            if ((ctx->account = ssp_alloc( len * sizeof(WCHAR) )))
                swprintf( ctx->account, len, L"%ls\\%ls", account.domain, account.user );
            TRACE( "the client certificate maps to %s\n", debugstr_w(ctx->account) );
        }
        SecureZeroMemory( &account, sizeof(account) );
    }
    CertFreeCertificateContext( cert );
}
