/*
 * The algorithms a credential turns off: SCH_CREDENTIALS' CRYPTO_SETTINGS,
 * SCHANNEL_CRED's supported algorithms and cipher strengths, and
 * SCH_USE_STRONG_CRYPTO, as TLS_OFF_* bits for schannel.so; and what is left,
 * for QueryCredentialsAttributes.
 */
#include "schannel_priv.h"
#include <bcrypt.h>
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(schannel);

#define TLS_OFF_ECDHE (TLS_OFF_ECDHE_P256 | TLS_OFF_ECDHE_P384 | TLS_OFF_ECDHE_P521 | TLS_OFF_X25519)

static const struct cipher
{
    const WCHAR *cng;
    const WCHAR *mode;   /* NULL: the algorithm has none */
    ULONG        bits;
    ALG_ID       alg;    /* 0: none for it */
    UINT32       off;
}
ciphers[] =
{
    { BCRYPT_AES_ALGORITHM, BCRYPT_CHAIN_MODE_GCM, 128, CALG_AES_128, TLS_OFF_AES_128_GCM },
    { BCRYPT_AES_ALGORITHM, BCRYPT_CHAIN_MODE_GCM, 256, CALG_AES_256, TLS_OFF_AES_256_GCM },
    { BCRYPT_AES_ALGORITHM, BCRYPT_CHAIN_MODE_CBC, 128, CALG_AES_128, TLS_OFF_AES_128_CBC },
    { BCRYPT_AES_ALGORITHM, BCRYPT_CHAIN_MODE_CBC, 256, CALG_AES_256, TLS_OFF_AES_256_CBC },
    { BCRYPT_AES_ALGORITHM, BCRYPT_CHAIN_MODE_CCM, 128, CALG_AES_128, TLS_OFF_AES_128_CCM },
    { BCRYPT_AES_ALGORITHM, BCRYPT_CHAIN_MODE_CCM, 256, CALG_AES_256, TLS_OFF_AES_256_CCM },
    { BCRYPT_3DES_ALGORITHM, BCRYPT_CHAIN_MODE_CBC, 168, CALG_3DES, TLS_OFF_3DES },
    { BCRYPT_RC4_ALGORITHM, NULL, 128, CALG_RC4, TLS_OFF_RC4 },
    { L"CHACHA20_POLY1305", NULL, 256, 0, TLS_OFF_CHACHA20 },
};

static const struct other
{
    eTlsAlgorithmUsage usage;
    const WCHAR       *cng;
    ALG_ID             alg;
    UINT32             off;
}
others[] =
{
    { TlsParametersCngAlgUsageKeyExchange, BCRYPT_RSA_ALGORITHM, CALG_RSA_KEYX, TLS_OFF_RSA_KX },
    { TlsParametersCngAlgUsageKeyExchange, BCRYPT_DH_ALGORITHM, CALG_DH_EPHEM, TLS_OFF_DHE },
    { TlsParametersCngAlgUsageKeyExchange, L"ECDH", CALG_ECDH_EPHEM, TLS_OFF_ECDHE },
    { TlsParametersCngAlgUsageKeyExchange, BCRYPT_ECDH_P256_ALGORITHM, 0, TLS_OFF_ECDHE_P256 },
    { TlsParametersCngAlgUsageKeyExchange, BCRYPT_ECDH_P384_ALGORITHM, 0, TLS_OFF_ECDHE_P384 },
    { TlsParametersCngAlgUsageKeyExchange, BCRYPT_ECDH_P521_ALGORITHM, 0, TLS_OFF_ECDHE_P521 },
    { TlsParametersCngAlgUsageKeyExchange, L"curve25519", 0, TLS_OFF_X25519 },
    { TlsParametersCngAlgUsageSignature, BCRYPT_RSA_ALGORITHM, CALG_RSA_SIGN, TLS_OFF_SIGN_RSA_PKCS1 | TLS_OFF_SIGN_RSA_PSS },
    { TlsParametersCngAlgUsageSignature, L"SCH_RSA_PKCS_PAD", 0, TLS_OFF_SIGN_RSA_PKCS1 },
    { TlsParametersCngAlgUsageSignature, L"SCH_RSA_PSS_PAD", 0, TLS_OFF_SIGN_RSA_PSS },
    { TlsParametersCngAlgUsageSignature, L"ECDSA", CALG_ECDSA, TLS_OFF_SIGN_ECDSA },
    { TlsParametersCngAlgUsageDigest, BCRYPT_SHA1_ALGORITHM, CALG_SHA1, TLS_OFF_SHA1 },
    { TlsParametersCngAlgUsageDigest, BCRYPT_SHA256_ALGORITHM, CALG_SHA_256, TLS_OFF_SHA256 },
    { TlsParametersCngAlgUsageDigest, BCRYPT_SHA384_ALGORITHM, CALG_SHA_384, TLS_OFF_SHA384 },
};

static BOOL same( const UNICODE_STRING *str, const WCHAR *name )
{
    return str->Buffer && str->Length == wcslen( name ) * sizeof(WCHAR) &&
           !wcsnicmp( str->Buffer, name, str->Length / sizeof(WCHAR) );
}

static BOOL mode_named( const CRYPTO_SETTINGS *setting, const WCHAR *mode )
{
    DWORD i;

    if (!setting->cChainingModes) return TRUE;
    for (i = 0; i < setting->cChainingModes; i++) if (mode && same( &setting->rgstrChainingModes[i], mode )) return TRUE;
    return FALSE;
}

static UINT32 setting_off( const CRYPTO_SETTINGS *setting )
{
    UINT32 off = 0;
    ULONG i;

    if (setting->eAlgorithmUsage == TlsParametersCngAlgUsageCipher)
    {
        /* the bit lengths, where given, bound what is turned off */
        ULONG min = setting->dwMinBitLength, max = setting->dwMaxBitLength ? setting->dwMaxBitLength : ~0u;
        for (i = 0; i < ARRAYSIZE(ciphers); i++)
            if (same( &setting->strCngAlgId, ciphers[i].cng ) && mode_named( setting, ciphers[i].mode ) &&
                ciphers[i].bits >= min && ciphers[i].bits <= max)
                off |= ciphers[i].off;
    }
    else
    {
        for (i = 0; i < ARRAYSIZE(others); i++)
            if (setting->eAlgorithmUsage == others[i].usage && same( &setting->strCngAlgId, others[i].cng ))
                off |= others[i].off;
    }
    /* as Windows, a setting for an algorithm no suite uses changes nothing */
    if (!off) FIXME( "usage %u, %s: not an algorithm of ours, ignored\n", setting->eAlgorithmUsage,
                     debugstr_wn( setting->strCngAlgId.Buffer, setting->strCngAlgId.Length / sizeof(WCHAR) ) );
    return off;
}

SECURITY_STATUS schan_crypto_settings_off( const CRYPTO_SETTINGS *settings, ULONG count, UINT32 *off )
{
    ULONG i;

    if (count > SCH_CRED_MAX_SUPPORTED_CRYPTO_SETTINGS) return SEC_E_INVALID_PARAMETER;
    for (i = 0; i < count; i++)
    {
        if (settings[i].cChainingModes > SCH_CRED_MAX_SUPPORTED_CHAINING_MODES) return SEC_E_INVALID_PARAMETER;
        if (settings[i].cChainingModes && !settings[i].rgstrChainingModes) return SEC_E_INVALID_PARAMETER;
        *off |= setting_off( &settings[i] );
    }
    return SEC_E_OK;
}

/* SCHANNEL_CRED's list: in each kind (cipher, key exchange, signature, digest)
 * it names, the algorithms it does not name are off. */
UINT32 schan_supported_algs_off( const ALG_ID *algs, ULONG count )
{
    UINT32 named[TlsParametersCngAlgUsageCertSig + 1] = { 0 }, all[TlsParametersCngAlgUsageCertSig + 1] = { 0 };
    UINT32 off = 0;
    ULONG i, j, usage;

    for (i = 0; i < ARRAYSIZE(ciphers); i++)
    {
        all[TlsParametersCngAlgUsageCipher] |= ciphers[i].off;
        for (j = 0; j < count; j++)
            if (ciphers[i].alg && algs[j] == ciphers[i].alg) named[TlsParametersCngAlgUsageCipher] |= ciphers[i].off;
    }
    for (i = 0; i < ARRAYSIZE(others); i++)
    {
        all[others[i].usage] |= others[i].off;
        for (j = 0; j < count; j++)
            if (others[i].alg && algs[j] == others[i].alg) named[others[i].usage] |= others[i].off;
    }
    for (usage = 0; usage < ARRAYSIZE(named); usage++) if (named[usage]) off |= all[usage] & ~named[usage];
    return off;
}

/* Ciphers whose strength lies outside [MIN, MAX] (0: no bound). */
UINT32 schan_strength_off( DWORD min, DWORD max )
{
    UINT32 off = 0;
    ULONG i;

    for (i = 0; i < ARRAYSIZE(ciphers); i++)
        if (ciphers[i].bits < min || (max && ciphers[i].bits > max)) off |= ciphers[i].off;
    return off;
}

/* The CALG_* ids still on, into ALGS (SCHAN_MAX_ALGS of them); returns their count. */
ULONG schan_supported_algs( UINT32 off, ALG_ID *algs )
{
    ULONG i, j, count = 0;
    ALG_ID alg;
    BOOL on;

    C_ASSERT( ARRAYSIZE(ciphers) + ARRAYSIZE(others) <= SCHAN_MAX_ALGS );
    for (i = 0; i < ARRAYSIZE(ciphers) + ARRAYSIZE(others); i++)
    {
        alg = i < ARRAYSIZE(ciphers) ? ciphers[i].alg : others[i - ARRAYSIZE(ciphers)].alg;
        if (!alg) continue;
        /* an id stands for every cipher or use it names: listed while one of them is on */
        on = FALSE;
        for (j = 0; j < ARRAYSIZE(ciphers); j++) if (ciphers[j].alg == alg && !(off & ciphers[j].off)) on = TRUE;
        for (j = 0; j < ARRAYSIZE(others); j++) if (others[j].alg == alg && (others[j].off & ~off)) on = TRUE;
        for (j = 0; j < count; j++) if (algs[j] == alg) on = FALSE;
        if (on) algs[count++] = alg;
    }
    return count;
}

/* The strengths of the ciphers still on. */
void schan_cipher_strengths( UINT32 off, DWORD *min, DWORD *max )
{
    ULONG i;

    *min = *max = 0;
    for (i = 0; i < ARRAYSIZE(ciphers); i++)
    {
        if (off & ciphers[i].off) continue;
        if (!*min || ciphers[i].bits < *min) *min = ciphers[i].bits;
        if (ciphers[i].bits > *max) *max = ciphers[i].bits;
    }
}
