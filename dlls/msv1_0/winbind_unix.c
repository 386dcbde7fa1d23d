/*
 * msv1_0.so: hands NTLM responses for domain accounts to Samba's winbind,
 * which validates them with a domain controller (NetrLogonSamLogon). The
 * library is loaded when first needed, so the package works without Samba.
 */
#include <dlfcn.h>
#include <stdbool.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <wbclient.h>

#include "unixlib.h"

#define STATUS_DLL_NOT_FOUND    ((NTSTATUS)0xc0000135)
#define STATUS_NO_LOGON_SERVERS ((NTSTATUS)0xc000005e)

static wbcErr (*p_wbcAuthenticateUserEx)( const struct wbcAuthUserParams *, struct wbcAuthUserInfo **,
                                          struct wbcAuthErrorInfo ** );
static void (*p_wbcFreeMemory)( void * );
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load_wbclient( void )
{
    void *lib = dlopen( "libwbclient.so.0", RTLD_NOW );

    if (!lib) return;
    p_wbcFreeMemory = dlsym( lib, "wbcFreeMemory" );
    p_wbcAuthenticateUserEx = dlsym( lib, "wbcAuthenticateUserEx" );
    if (!p_wbcFreeMemory) p_wbcAuthenticateUserEx = NULL;
}

static void copy_name( char *dst, size_t size, const char *src )
{
    if (!src) src = "";
    strncpy( dst, src, size - 1 );
    dst[size - 1] = 0;
}

static NTSTATUS winbind_validate( void *args )
{
    struct winbind_validate_params *params = args;
    struct wbcAuthUserParams auth = { 0 };
    struct wbcAuthUserInfo *info = NULL;
    struct wbcAuthErrorInfo *error = NULL;
    wbcErr err;

    pthread_once( &load_once, load_wbclient );
    if (!p_wbcAuthenticateUserEx) return STATUS_DLL_NOT_FOUND;

    auth.account_name = params->user;
    auth.domain_name = params->domain;
    auth.workstation_name = params->workstation;
    auth.parameter_control = WBC_MSV1_0_ALLOW_WORKSTATION_TRUST_ACCOUNT | WBC_MSV1_0_ALLOW_SERVER_TRUST_ACCOUNT;
    auth.level = WBC_AUTH_USER_LEVEL_RESPONSE;
    memcpy( auth.password.response.challenge, params->challenge, 8 );
    auth.password.response.nt_length = params->nt_len;
    auth.password.response.nt_data = (uint8_t *)params->nt_response;
    auth.password.response.lm_length = params->lm_len;
    auth.password.response.lm_data = (uint8_t *)params->lm_response;

    err = p_wbcAuthenticateUserEx( &auth, &info, &error );
    switch (err)
    {
    case WBC_ERR_SUCCESS:
        params->nt_status = 0;
        memcpy( params->user_session_key, info->user_session_key, 16 );
        memcpy( params->lm_session_key, info->lm_session_key, 8 );
        copy_name( params->account, sizeof(params->account), info->account_name );
        copy_name( params->account_domain, sizeof(params->account_domain), info->domain_name );
        break;
    case WBC_ERR_AUTH_ERROR:
        params->nt_status = error ? error->nt_status : 0xc000006d;  /* STATUS_LOGON_FAILURE */
        break;
    default:
        params->nt_status = STATUS_NO_LOGON_SERVERS;
        break;
    }
    if (info) p_wbcFreeMemory( info );
    if (error) p_wbcFreeMemory( error );
    return err == WBC_ERR_SUCCESS || err == WBC_ERR_AUTH_ERROR ? STATUS_SUCCESS : STATUS_NO_LOGON_SERVERS;
}

UNIXLIB_EXPORT const unixlib_entry_t __wine_unix_call_funcs[] =
{
    winbind_validate,
};

_Static_assert( sizeof(__wine_unix_call_funcs) / sizeof(__wine_unix_call_funcs[0]) == unix_funcs_count,
                "unix call table size" );
