/*
 * Calls from msv1_0.dll to msv1_0.so: pass-through validation of NTLM
 * responses to Samba's winbind (libwbclient), for domain accounts.
 */
#ifndef __MSV1_0_UNIXLIB_H
#define __MSV1_0_UNIXLIB_H

#include "wine/unixlib.h"

enum msv1_0_funcs
{
    unix_winbind_validate,
    unix_funcs_count,
};

/* Returns STATUS_SUCCESS when winbind answered, with its verdict in
 * nt_status; STATUS_DLL_NOT_FOUND without libwbclient, and
 * STATUS_NO_LOGON_SERVERS when no winbind answers. */
struct winbind_validate_params
{
    const char  *user;          /* UTF-8, as the client named them */
    const char  *domain;
    const char  *workstation;
    const UINT8 *challenge;     /* the server challenge, 8 bytes */
    const UINT8 *lm_response;
    UINT32       lm_len;
    const UINT8 *nt_response;
    UINT32       nt_len;
    UINT32       nt_status;     /* out: the domain controller's verdict */
    UINT8        user_session_key[16];
    UINT8        lm_session_key[8];
    char         account[256];  /* out: the account's names, as the domain spells them */
    char         account_domain[256];
};

#endif
