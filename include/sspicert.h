/*
 * Shared by schannel.dll and the sspicert tool: where a certificate's private
 * key goes when this Wine's crypt32 cannot keep it (elliptic-curve keys in
 * Wine 8): a property of the certificate in its store, holding the key as
 * PKCS#8 DER. schannel.dll looks there when crypt32 and CNG give no key.
 */
#ifndef __SSPICERT_H
#define __SSPICERT_H

#define SSPI_KEY_PROP_ID (CERT_FIRST_USER_PROP_ID + 0x5353)

#endif
