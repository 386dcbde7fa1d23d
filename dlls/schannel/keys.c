/*
 * What a server (or a client that presents a certificate) hands GnuTLS: the
 * certificate's chain, and its private key exported from wherever Windows
 * keeps it, as DER (core/tls_keys.c converts the blobs).
 */
#include "schannel_priv.h"
#include <ncrypt.h>
#include "sspicert.h"
#include "core/tls_keys.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(schannel);

static BYTE *der_from_blob( const BYTE *blob, ULONG blob_len, BOOL capi, ULONG *len )
{
    size_t size = capi ? tls_key_from_capi_rsa( blob, blob_len, NULL ) : tls_key_from_bcrypt( blob, blob_len, NULL );
    BYTE *der;

    if (!size || !(der = ssp_alloc( size ))) return NULL;
    if (capi) tls_key_from_capi_rsa( blob, blob_len, der );
    else tls_key_from_bcrypt( blob, blob_len, der );
    *len = size;
    return der;
}

static BYTE *from_ncrypt( NCRYPT_KEY_HANDLE key, ULONG *len )
{
    static const WCHAR * const types[] = { BCRYPT_RSAFULLPRIVATE_BLOB, BCRYPT_ECCPRIVATE_BLOB };
    BYTE *blob, *der = NULL;
    DWORD size;
    ULONG i;

    for (i = 0; i < ARRAYSIZE(types) && !der; i++)
    {
        if (NCryptExportKey( key, 0, types[i], NULL, NULL, 0, &size, 0 ) || !(blob = ssp_alloc( size ))) continue;
        if (!NCryptExportKey( key, 0, types[i], NULL, blob, size, &size, 0 )) der = der_from_blob( blob, size, FALSE, len );
        SecureZeroMemory( blob, size );
        ssp_free( blob );
    }
    return der;
}

static BYTE *from_capi( HCRYPTPROV prov, DWORD spec, ULONG *len )
{
    DWORD specs[2] = { spec == AT_SIGNATURE ? AT_SIGNATURE : AT_KEYEXCHANGE,
                       spec == AT_SIGNATURE ? AT_KEYEXCHANGE : AT_SIGNATURE };
    BYTE *blob, *der = NULL;
    HCRYPTKEY key;
    DWORD size;
    ULONG i;

    for (i = 0; i < ARRAYSIZE(specs) && !der; i++)
    {
        if (!CryptGetUserKey( prov, specs[i], &key )) continue;
        if (CryptExportKey( key, 0, PRIVATEKEYBLOB, 0, NULL, &size ) && (blob = ssp_alloc( size )))
        {
            if (CryptExportKey( key, 0, PRIVATEKEYBLOB, 0, blob, &size )) der = der_from_blob( blob, size, TRUE, len );
            SecureZeroMemory( blob, size );
            ssp_free( blob );
        }
        CryptDestroyKey( key );
    }
    return der;
}

/* A registry value that CryptProtectData protected, unprotected into OUT, which
 * free_unprotected() wipes and frees; FALSE when it is not there or not readable. */
static BOOL unprotect_value( HKEY root, const WCHAR *path, const WCHAR *name, DATA_BLOB *out )
{
    DATA_BLOB in;
    DWORD size = 0;
    BOOL ret;

    if (RegGetValueW( root, path, name, RRF_RT_REG_BINARY, NULL, NULL, &size ) || !(in.pbData = ssp_alloc( size )))
        return FALSE;
    in.cbData = size;
    ret = !RegGetValueW( root, path, name, RRF_RT_REG_BINARY, NULL, in.pbData, &size ) &&
          CryptUnprotectData( &in, NULL, NULL, NULL, NULL, CRYPTPROTECT_UI_FORBIDDEN, out );
    ssp_free( in.pbData );
    return ret;
}

static void free_unprotected( DATA_BLOB *blob )
{
    SecureZeroMemory( blob->pbData, blob->cbData );
    LocalFree( blob->pbData );
}

/* A key sspicert keeps for crypt32 (see sspicert.h): the container's protected DER. */
static BYTE *from_sspi_storage( const CRYPT_KEY_PROV_INFO *info, ULONG *len )
{
    WCHAR path[128];
    DATA_BLOB out;
    BYTE *der = NULL;

    if (!info->pwszContainerName || wcslen( info->pwszContainerName ) > 64) return NULL;
    swprintf( path, ARRAYSIZE(path), L"%ls\\%ls", SSPI_KEY_ROOT, info->pwszContainerName );
    if (!unprotect_value( HKEY_CURRENT_USER, path, L"Key", &out )) return NULL;
    if ((der = ssp_alloc( out.cbData )))
    {
        memcpy( der, out.pbData, out.cbData );
        *len = out.cbData;
    }
    free_unprotected( &out );
    return der;
}

static CRYPT_KEY_PROV_INFO *prov_info( PCCERT_CONTEXT cert )
{
    CRYPT_KEY_PROV_INFO *info;
    DWORD size = 0;

    if (!CertGetCertificateContextProperty( cert, CERT_KEY_PROV_INFO_PROP_ID, NULL, &size ) ||
        !(info = ssp_alloc( size )))
        return NULL;
    if (CertGetCertificateContextProperty( cert, CERT_KEY_PROV_INFO_PROP_ID, info, &size )) return info;
    ssp_free( info );
    return NULL;
}

/* A key rsaenh holds but will not export (imported or made without
 * CRYPT_EXPORTABLE), which Windows' Schannel uses all the same from the LSA:
 * rsaenh keeps each pair as a PRIVATEKEYBLOB protected for the user (or the
 * machine) under Software\Wine\Crypto\RSA\CONTAINER. */
static BYTE *from_rsaenh_storage( const CRYPT_KEY_PROV_INFO *info, ULONG *len )
{
    const WCHAR *names[2] = { L"KeyExchangeKeyPair", L"SignatureKeyPair" };
    HKEY root = (info->dwFlags & CRYPT_MACHINE_KEYSET) ? HKEY_LOCAL_MACHINE : HKEY_CURRENT_USER;
    WCHAR path[MAX_PATH + 32];
    DATA_BLOB out;
    BYTE *der = NULL;
    ULONG i;

    if (info->dwProvType != PROV_RSA_FULL && info->dwProvType != PROV_RSA_AES &&
        info->dwProvType != PROV_RSA_SCHANNEL && info->dwProvType != PROV_RSA_SIG)
        return NULL;
    if (!info->pwszContainerName || wcslen( info->pwszContainerName ) >= MAX_PATH) return NULL;
    swprintf( path, ARRAYSIZE(path), L"Software\\Wine\\Crypto\\RSA\\%ls", info->pwszContainerName );
    if (info->dwKeySpec == AT_SIGNATURE)
    {
        names[0] = L"SignatureKeyPair";
        names[1] = L"KeyExchangeKeyPair";
    }
    for (i = 0; i < ARRAYSIZE(names) && !der; i++)
    {
        if (!unprotect_value( root, path, names[i], &out )) continue;
        der = der_from_blob( out.pbData, out.cbData, TRUE, len );
        free_unprotected( &out );
    }
    return der;
}

static BYTE *from_provider( PCCERT_CONTEXT cert, ULONG *len )
{
    HCRYPTPROV_OR_NCRYPT_KEY_HANDLE key;
    DWORD spec;
    BOOL must_free;
    BYTE *der;

    if (!CryptAcquireCertificatePrivateKey( cert, CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG | CRYPT_ACQUIRE_SILENT_FLAG,
                                            NULL, &key, &spec, &must_free ))
    {
        WARN( "no private key: %#lx\n", GetLastError() );
        return NULL;
    }
    if (spec == CERT_NCRYPT_KEY_SPEC) der = from_ncrypt( key, len );
    else der = from_capi( key, spec, len );
    if (must_free)
    {
        if (spec == CERT_NCRYPT_KEY_SPEC) NCryptFreeObject( key );
        else CryptReleaseContext( key, 0 );
    }
    return der;
}

/* SEC_E_NO_CREDENTIALS for a certificate without a key, SEC_E_UNKNOWN_CREDENTIALS
 * for one whose key provider has no such key, as Windows tells them apart. */
SECURITY_STATUS schan_private_key( PCCERT_CONTEXT cert, BYTE **der, ULONG *len )
{
    CRYPT_KEY_PROV_INFO *info = prov_info( cert );
    BOOL has_provider = info != NULL;

    if (info && info->pwszProvName && !wcscmp( info->pwszProvName, SSPI_KEY_PROVIDER ))
    {
        if (!(*der = from_sspi_storage( info, len ))) WARN( "the key sspicert stored is gone\n" );
    }
    else if (!(*der = from_provider( cert, len )) && info) *der = from_rsaenh_storage( info, len );
    ssp_free( info );
    if (*der) return SEC_E_OK;
    WARN( "the private key cannot be had\n" );
    return has_provider ? SEC_E_UNKNOWN_CREDENTIALS : SEC_E_NO_CREDENTIALS;
}

static BOOL self_signed( PCCERT_CONTEXT cert )
{
    return CertCompareCertificateName( X509_ASN_ENCODING, &cert->pCertInfo->Subject, &cert->pCertInfo->Issuer );
}

/* Our certificate and the intermediates the chain engine finds for it, each
 * a 4-byte little-endian length and DER, as schannel.so takes them. */
BYTE *schan_chain( PCCERT_CONTEXT cert, ULONG *len )
{
    CERT_CHAIN_PARA para = { sizeof(para) };
    PCCERT_CHAIN_CONTEXT chain = NULL;
    PCCERT_CONTEXT certs[16];
    ULONG count = 1, i, pos = 0, size = 0;
    BYTE *out;

    certs[0] = cert;
    if (CertGetCertificateChain( NULL, cert, NULL, cert->hCertStore, &para, 0, NULL, &chain ) && chain->cChain)
    {
        const CERT_SIMPLE_CHAIN *simple = chain->rgpChain[0];
        for (count = 0; count < simple->cElement && count < ARRAYSIZE(certs); count++)
            certs[count] = simple->rgpElement[count]->pCertContext;
        /* the peer has the root, or will not trust it anyway */
        if (count > 1 && self_signed( certs[count - 1] )) count--;
    }
    for (i = 0; i < count; i++) size += 4 + certs[i]->cbCertEncoded;
    if ((out = ssp_alloc( size )))
    {
        for (i = 0; i < count; i++)
        {
            DWORD n = certs[i]->cbCertEncoded;
            out[pos] = n; out[pos + 1] = n >> 8; out[pos + 2] = n >> 16; out[pos + 3] = n >> 24;
            memcpy( out + pos + 4, certs[i]->pbCertEncoded, n );
            pos += 4 + n;
        }
        *len = size;
    }
    if (chain) CertFreeCertificateChain( chain );
    return out;
}
