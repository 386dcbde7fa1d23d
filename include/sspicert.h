/*
 * Shared by schannel.dll and sspicert: where a certificate's private key goes
 * when this Wine's crypt32 cannot keep it (elliptic-curve keys in Wine 8).
 * As Wine keeps CryptoAPI keys, in the user's registry, protected with
 * CryptProtectData: the value "Key" of SSPI_KEY_ROOT\<container>, holding
 * PKCS#8 (or PKCS#1, SEC1) DER. The certificate's CERT_KEY_PROV_INFO names
 * the container and SSPI_KEY_PROVIDER as its provider.
 */
#ifndef __SSPICERT_H
#define __SSPICERT_H

#define SSPI_KEY_PROVIDER L"SSPI Key Storage"
#define SSPI_KEY_ROOT     L"Software\\Wine\\Crypto\\SSPI"

#endif
