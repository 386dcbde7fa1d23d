/*
 * What the LSA emulation's account store gives an authentication package
 * through LSA OpenSamUser / GetUserCredentials: the primary credentials of a
 * local account (dlls/secur32/sam.c).
 */
#ifndef __SAMCRED_H
#define __SAMCRED_H

#define SAM_CREDENTIALS_VERSION 1
#define SAM_HAS_NT_HASH  0x1
#define SAM_HAS_LM_HASH  0x2

struct sam_credentials
{
    ULONG version;
    ULONG flags;
    BYTE  nt_hash[16];
    BYTE  lm_hash[16];
    WCHAR user[257];      /* as the store spells it */
    WCHAR domain[256];    /* the account's domain: the computer name for a local account */
};

/* The store: one account a line, "user:domain:lmhash:nthash:::" (the SAM file
 * format of FreeRDP's winpr-hash), in the prefix directory. */
#define SAM_FILE_NAME L"sspi.sam"

#endif
