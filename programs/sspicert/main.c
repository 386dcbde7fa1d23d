/*
 * sspicert: puts certificates where Windows programs look for them, in the
 * current user's stores of the Wine prefix, with their private keys.
 *
 *   sspicert import FILE.pfx [PASSWORD]   certificates and key of a PKCS#12 file into MY
 *   sspicert import CERT.pem KEY.pem      a certificate into MY, its key (PEM or DER) with it
 *   sspicert trust CA.pem                 a certificate authority into Root
 *   sspicert list                         the certificates in MY
 *
 * Prints the SHA-1 thumbprint of what it imported, which sspiserver --tls takes.
 * A key from PEM goes where the Schannel package finds keys this Wine's crypt32
 * cannot hold, such as elliptic-curve ones in Wine 8 (see sspicert.h).
 */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <wincrypt.h>
#include "sspicert.h"

static BYTE *read_file( const char *name, DWORD *len )
{
    HANDLE file = CreateFileA( name, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL );
    DWORD size, got;
    BYTE *buf;

    if (file == INVALID_HANDLE_VALUE) return NULL;
    size = GetFileSize( file, NULL );
    if ((buf = HeapAlloc( GetProcessHeap(), 0, size + 1 )) && ReadFile( file, buf, size, &got, NULL ) && got == size)
    {
        buf[size] = 0;
        *len = size;
    }
    else
    {
        HeapFree( GetProcessHeap(), 0, buf );
        buf = NULL;
    }
    CloseHandle( file );
    return buf;
}

/* DER from PEM (any BEGIN line) or the bytes themselves. */
static BYTE *der_of( BYTE *data, DWORD len, DWORD *der_len )
{
    BYTE *der;

    if (!strstr( (char *)data, "-----BEGIN" )) return *der_len = len, data;
    if (!CryptStringToBinaryA( (char *)data, len, CRYPT_STRING_BASE64HEADER, NULL, der_len, NULL, NULL ) ||
        !(der = HeapAlloc( GetProcessHeap(), 0, *der_len )) ||
        !CryptStringToBinaryA( (char *)data, len, CRYPT_STRING_BASE64HEADER, der, der_len, NULL, NULL ))
        return NULL;
    return der;
}

static void print_thumbprint( PCCERT_CONTEXT cert )
{
    BYTE hash[20];
    DWORD size = sizeof(hash), i;
    char name[256];

    if (!CertGetCertificateContextProperty( cert, CERT_SHA1_HASH_PROP_ID, hash, &size )) return;
    for (i = 0; i < size; i++) printf( "%02x", hash[i] );
    CertGetNameStringA( cert, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, name, sizeof(name) );
    printf( "  %s\n", name );
}

static int fail( const char *what )
{
    fprintf( stderr, "sspicert: %s (error %#lx)\n", what, GetLastError() );
    return 1;
}

static int import_pfx( const char *file, const char *password )
{
    CRYPT_DATA_BLOB blob;
    WCHAR pass[256];
    HCERTSTORE pfx, my;
    PCCERT_CONTEXT cert = NULL;
    DWORD len, size;
    int found = 0;

    if (!(blob.pbData = read_file( file, &len ))) return fail( "cannot read the file" );
    blob.cbData = len;
    MultiByteToWideChar( CP_UTF8, 0, password ? password : "", -1, pass, ARRAYSIZE(pass) );
    if (!(pfx = PFXImportCertStore( &blob, pass, CRYPT_EXPORTABLE | CRYPT_USER_KEYSET )))
        return fail( "this Wine cannot read the PKCS#12 file; import the certificate and key as PEM instead" );
    if (!(my = CertOpenSystemStoreA( 0, "MY" ))) return fail( "no MY store" );
    while ((cert = CertEnumCertificatesInStore( pfx, cert )))
    {
        if (!CertGetCertificateContextProperty( cert, CERT_KEY_PROV_INFO_PROP_ID, NULL, &size )) continue;
        if (!CertAddCertificateContextToStore( my, cert, CERT_STORE_ADD_REPLACE_EXISTING, NULL ))
            return fail( "cannot add the certificate" );
        print_thumbprint( cert );
        found++;
    }
    CertCloseStore( my, 0 );
    CertCloseStore( pfx, 0 );
    return found ? 0 : fail( "no certificate with a private key in the file" );
}

/* The key, protected, in the registry container named after the certificate. */
static BOOL store_key( PCCERT_CONTEXT cert, const BYTE *key, DWORD len )
{
    CRYPT_KEY_PROV_INFO info = { 0 };
    DATA_BLOB in = { len, (BYTE *)key }, out;
    WCHAR container[41], path[128];
    BYTE hash[20];
    DWORD size = sizeof(hash), i;
    HKEY hkey;
    LONG err;

    if (!CertGetCertificateContextProperty( cert, CERT_SHA1_HASH_PROP_ID, hash, &size )) return FALSE;
    for (i = 0; i < 20; i++) swprintf( container + 2 * i, 3, L"%02x", hash[i] );
    swprintf( path, ARRAYSIZE(path), L"%ls\\%ls", SSPI_KEY_ROOT, container );
    if (!CryptProtectData( &in, L"private key", NULL, NULL, NULL, CRYPTPROTECT_UI_FORBIDDEN, &out )) return FALSE;
    err = RegCreateKeyExW( HKEY_CURRENT_USER, path, 0, NULL, 0, KEY_SET_VALUE, NULL, &hkey, NULL );
    if (!err)
    {
        err = RegSetValueExW( hkey, L"Key", 0, REG_BINARY, out.pbData, out.cbData );
        RegCloseKey( hkey );
    }
    LocalFree( out.pbData );
    if (err) return FALSE;
    info.pwszContainerName = container;
    info.pwszProvName = (WCHAR *)SSPI_KEY_PROVIDER;
    info.dwKeySpec = AT_KEYEXCHANGE;
    return CertSetCertificateContextProperty( cert, CERT_KEY_PROV_INFO_PROP_ID, 0, &info );
}

static int import_pem( const char *cert_file, const char *key_file )
{
    BYTE *data, *der, *key_data, *key;
    DWORD len, der_len, key_len, key_der_len;
    PCCERT_CONTEXT cert;
    HCERTSTORE my;

    if (!(data = read_file( cert_file, &len )) || !(der = der_of( data, len, &der_len )))
        return fail( "cannot read the certificate" );
    if (!(key_data = read_file( key_file, &key_len )) || !(key = der_of( key_data, key_len, &key_der_len )))
        return fail( "cannot read the key" );
    if (!(my = CertOpenSystemStoreA( 0, "MY" ))) return fail( "no MY store" );
    if (!CertAddEncodedCertificateToStore( my, X509_ASN_ENCODING, der, der_len, CERT_STORE_ADD_REPLACE_EXISTING,
                                           &cert ))
        return fail( "not a certificate" );
    if (!store_key( cert, key, key_der_len )) return fail( "cannot keep the key" );
    SecureZeroMemory( key, key_der_len );
    SecureZeroMemory( key_data, key_len );
    print_thumbprint( cert );
    CertFreeCertificateContext( cert );
    CertCloseStore( my, 0 );
    return 0;
}

static int trust( const char *file )
{
    BYTE *data, *der;
    DWORD len, der_len;
    PCCERT_CONTEXT cert;
    HCERTSTORE root;

    if (!(data = read_file( file, &len )) || !(der = der_of( data, len, &der_len )))
        return fail( "cannot read the certificate" );
    if (!(root = CertOpenSystemStoreA( 0, "Root" ))) return fail( "no Root store" );
    if (!CertAddEncodedCertificateToStore( root, X509_ASN_ENCODING, der, der_len, CERT_STORE_ADD_REPLACE_EXISTING,
                                           &cert ))
        return fail( "not a certificate" );
    print_thumbprint( cert );
    CertFreeCertificateContext( cert );
    CertCloseStore( root, 0 );
    return 0;
}

static int list(void)
{
    HCERTSTORE my = CertOpenSystemStoreA( 0, "MY" );
    PCCERT_CONTEXT cert = NULL;

    if (!my) return fail( "no MY store" );
    while ((cert = CertEnumCertificatesInStore( my, cert ))) print_thumbprint( cert );
    CertCloseStore( my, 0 );
    return 0;
}

int main( int argc, char *argv[] )
{
    size_t len = argc > 2 ? strlen( argv[2] ) : 0;

    if (argc == 2 && !strcmp( argv[1], "list" )) return list();
    if (argc == 3 && !strcmp( argv[1], "trust" )) return trust( argv[2] );
    if ((argc == 3 || argc == 4) && !strcmp( argv[1], "import" ) && len > 4 &&
        (!_stricmp( argv[2] + len - 4, ".pfx" ) || !_stricmp( argv[2] + len - 4, ".p12" )))
        return import_pfx( argv[2], argc == 4 ? argv[3] : NULL );
    if (argc == 4 && !strcmp( argv[1], "import" )) return import_pem( argv[2], argv[3] );
    fprintf( stderr, "usage: sspicert import FILE.pfx [PASSWORD] | import CERT.pem KEY.pem | trust CA.pem | list\n" );
    return 2;
}
