/*
 * kerberos.dll internals: the Kerberos package's credentials and contexts,
 * whose Kerberos side lives in kerberos.so (unixlib.h).
 */
#ifndef __KRB_PRIV_H
#define __KRB_PRIV_H

#include <stdio.h>
#include "sspkg.h"
#include "unixlib.h"
#include "core/flags.h"
#include "core/krb_status.h"
#include "core/names.h"

#define KRB_MAX_TOKEN   48000    /* Windows' MaxTokenSize since Windows 8 */
#define KRB_CRED_MAGIC  0x4b524243  /* "KRBC" */
#define KRB_CTXT_MAGIC  0x4b524258  /* "KRBX" */

struct krb_cred
{
    ULONG      magic;
    ULONG      use;              /* SECPKG_CRED_INBOUND / OUTBOUND */
    LONG       refs;             /* the handle, and each context made with it */
    krb_cred_t unix_cred;
    WCHAR     *name;             /* the principal, for SECPKG_CRED_ATTR_NAMES */
    TimeStamp  expiry;
};

enum krb_state
{
    STATE_IN_PROGRESS,           /* tokens still to exchange */
    STATE_TOKEN_PENDING,         /* a step's token did not fit the caller's buffer */
    STATE_DONE,
    STATE_FAILED,
};

struct krb_context
{
    ULONG            magic;
    BOOL             server;
    enum krb_state   state;
    SECURITY_STATUS  pending_status;  /* STATE_TOKEN_PENDING: the step's status */
    ULONG            pending_len;
    ULONG            req;             /* ISC_REQ_* or ASC_REQ_* asked for */
    ULONG            attrs;           /* ISC_RET_* or ASC_RET_* granted */
    UINT32           gss_flags;       /* the GSS flags in force */
    struct krb_cred *cred;
    krb_ctx_t        unix_ctx;
    TimeStamp        expiry;
    /* established */
    WCHAR           *client;          /* principals ("user@REALM", "HTTP/host@REALM"): one allocation */
    WCHAR           *target;
    WCHAR           *user;            /* with these: the client as its PAC names it (DOMAIN\user), or NULL */
    WCHAR           *domain;
    INT32            enctype;
    ULONG            header_len;      /* EncryptMessage's token and padding, MakeSignature's token */
    ULONG            padding_len;
    ULONG            mic_len;
    TimeStamp        start;
    PSID             sid;             /* server: the client's, when its PAC names it */
    BOOL             delegated;       /* server: the client delegated its tickets */
    SECURITY_STATUS  logon_status;
    INIT_ONCE        logon_once;      /* server: the logon below, at first need */
    HANDLE           token;           /* server: the client's, for impersonation */
    LUID             logon_id;
    BOOL             lsa_mode;        /* alive in the LSA-mode table */
    BOOL             user_mode;       /* alive in the user-mode table */
};

/* main.c */
extern char krb_default_realm[256];

/* util.c */
extern BOOL krb_submitted_string( const UNICODE_STRING *str, const void *base, ULONG size, WCHAR **out );
extern WCHAR *krb_wide( const char *str );
extern WCHAR *krb_wide_n( const char *str, int size );
extern TimeStamp krb_timestamp( INT64 seconds );
extern const TimeStamp krb_never;

/* credentials.c */
extern SpAcquireCredentialsHandleFn krb_SpAcquireCredentialsHandle;
extern SpFreeCredentialsHandleFn krb_SpFreeCredentialsHandle;
extern SpQueryCredentialsAttributesFn krb_SpQueryCredentialsAttributes;
extern struct krb_cred *krb_cred_from_handle( LSA_SEC_HANDLE handle );
extern void krb_cred_release( struct krb_cred *cred );

/* sessions.c: the tickets of logon sessions (LsaLogonUser, delegation) */
extern void krb_session_add( const LUID *id, krb_cred_t cred );
extern BOOL krb_session_cred( const LUID *id, struct cred_acquire_params *params, NTSTATUS *status );
extern NTSTATUS krb_request_session( const LUID *logon_id, LUID *session );
extern LSA_AP_LOGON_TERMINATED krb_SpLogonTerminated;

/* context.c */
extern SpInitLsaModeContextFn krb_SpInitLsaModeContext;
extern SpAcceptLsaModeContextFn krb_SpAcceptLsaModeContext;
extern SpDeleteContextFn krb_SpDeleteContext;
extern struct krb_context *krb_context_new( BOOL server, struct krb_cred *cred );
extern struct krb_context *krb_context_from_handle( LSA_SEC_HANDLE handle );
extern void krb_context_release( struct krb_context *ctx, BOOL lsa_mode );
extern BOOL krb_context_set_names( struct krb_context *ctx, const WCHAR *const names[4], const ULONG lens[4] );
extern void krb_client_account( const struct krb_context *ctx, WCHAR *user, WCHAR *domain, ULONG size );

/* identity.c: who the client of a server context is, and its logon */
extern SECURITY_STATUS krb_identify_client( struct krb_context *ctx, UINT32 pac_len, BOOL delegated,
                                            const WCHAR *names[4], ULONG lens[4] );
extern SECURITY_STATUS krb_context_logon( struct krb_context *ctx );

/* usermode.c */
extern SpInitUserModeContextFn krb_SpInitUserModeContext;
extern SpDeleteContextFn krb_SpDeleteUserModeContext;
extern SpMakeSignatureFn krb_SpMakeSignature;
extern SpVerifySignatureFn krb_SpVerifySignature;
extern SpSealMessageFn krb_SpSealMessage;
extern SpUnsealMessageFn krb_SpUnsealMessage;
extern SpGetContextTokenFn krb_SpGetContextToken;
extern SpCompleteAuthTokenFn krb_SpCompleteAuthToken;

/* attributes.c */
extern SpQueryContextAttributesFn krb_SpQueryContextAttributes;

/* export.c */
extern SpExportSecurityContextFn krb_SpExportSecurityContext;
extern SpImportSecurityContextFn krb_SpImportSecurityContext;

/* tickets.c: LsaCallAuthenticationPackage */
extern LSA_AP_CALL_PACKAGE krb_SpCallPackage;

/* logon.c: LsaLogonUser */
extern LSA_AP_LOGON_USER_EX2 krb_SpLogonUserEx2;

#endif
