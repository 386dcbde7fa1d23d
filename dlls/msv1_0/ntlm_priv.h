/*
 * msv1_0 internals: the NTLM package's credentials and contexts around the
 * protocol core (core/).
 */
#ifndef __NTLM_PRIV_H
#define __NTLM_PRIV_H

#include <stdio.h>
#include "sspkg.h"
#include "core/ntlm_auth.h"
#include "core/ntlm_sign.h"

#define NTLM_MAX_TOKEN   2888
#define NTLM_CRED_MAGIC  0x4e544c43  /* "NTLC" */
#define NTLM_CTXT_MAGIC  0x4e544c58  /* "NTLX" */

/* Policy, from the registry keys Windows uses (config.c). */
struct ntlm_config
{
    DWORD lm_compat_level;   /* Lsa\LmCompatibilityLevel; default 5: NTLMv2 only */
    DWORD min_client_sec;    /* Lsa\MSV1_0\NtlmMinClientSec: NTLMSSP flags a client requires */
    DWORD min_server_sec;    /* Lsa\MSV1_0\NtlmMinServerSec */
    DWORD winbind;           /* Lsa\MSV1_0\WinbindPassThrough: domain accounts go to winbind */
};

/* This machine's names (config.c). */
struct ntlm_host_names
{
    WCHAR computer[MAX_COMPUTERNAME_LENGTH + 1];   /* NetBIOS */
    WCHAR dns_host[256];
    WCHAR dns_domain[256];
};

struct ntlm_cred
{
    ULONG  magic;
    ULONG  use;              /* SECPKG_CRED_INBOUND / OUTBOUND */
    LONG   refs;             /* the handle, and each context made with it */
    WCHAR *user;             /* NULL for the logged-on user */
    WCHAR *domain;
    BYTE   nt_hash[16];
    BYTE   lm_hash[16];
    BOOL   has_hash;
    BOOL   has_lm_hash;
    BOOL   anonymous;        /* explicitly empty user, domain and password */
};

enum ntlm_state
{
    STATE_NEGOTIATE_SENT,    /* client, after leg 1 */
    STATE_CHALLENGE_SENT,    /* server, after leg 2 */
    STATE_DONE,
    STATE_FAILED,
};

struct ntlm_context
{
    ULONG               magic;
    CRITICAL_SECTION    cs;           /* message calls share sequence numbers */
    BOOL                server;
    enum ntlm_state     state;
    ULONG               req;          /* ISC_REQ_* or ASC_REQ_* asked for */
    ULONG               attrs;        /* ISC_RET_* or ASC_RET_* granted */
    struct ntlm_cred   *cred;
    uint32_t            flags;        /* NTLMSSP flags in force */
    BYTE               *negotiate;    /* the messages so far, for the MIC */
    size_t              negotiate_len;
    BYTE               *challenge;
    size_t              challenge_len;
    BYTE                server_challenge[8];
    WCHAR              *target;       /* client: the target name; server: the one the client named */
    WCHAR              *user;         /* who authenticated (server) or authenticates (client) */
    WCHAR              *domain;
    BOOL                anonymous;
    BOOL                ntlmv2;
    BOOL                auth_mic;     /* AUTHENTICATE carried a MIC: Negotiate then exchanges mechListMICs */
    BYTE                session_key[16];
    struct ntlm_session session;
    HANDLE              token;        /* server: the client's, for impersonation */
    HANDLE              loopback;     /* client: the logged-on user's key for a server here (loopback.c) */
    LUID                logon_id;
    TimeStamp           start;
    BOOL                lsa_mode;     /* alive in the LSA-mode table */
    BOOL                user_mode;    /* alive in the user-mode table */
};

/* config.c */
extern void ntlm_read_config( struct ntlm_config *config );
extern const struct ntlm_host_names *ntlm_host_names( void );
extern BOOL ntlm_is_local_domain( const WCHAR *domain );
extern void ntlm_version( BYTE version[8] );
extern BOOL ntlm_random( void *buf, ULONG len );
extern uint64_t ntlm_now( void );
extern const TimeStamp ntlm_never;

/* calls.c */
extern NTSTATUS NTAPI ntlm_SpCallPackage( PLSA_CLIENT_REQUEST request, void *in, void *base, ULONG in_len,
                                          void **out, ULONG *out_len, NTSTATUS *status );

/* loopback.c */
extern BOOL ntlm_is_local_target( const WCHAR *target );
extern BOOL ntlm_is_logged_on_user( const WCHAR *user, const WCHAR *domain );
extern HANDLE ntlm_loopback_create( const BYTE challenge[8], BYTE key[16] );
extern BOOL ntlm_loopback_key( const BYTE challenge[8], BYTE key[16] );

/* winbind.c */
extern SECURITY_STATUS ntlm_winbind_validate( const WCHAR *user, const WCHAR *domain,
                                              const struct ntlm_authenticate *auth, struct ntlm_server_input *in,
                                              WCHAR *account, int account_size, WCHAR *account_domain,
                                              int domain_size );

/* credentials.c */
extern SpAcquireCredentialsHandleFn ntlm_SpAcquireCredentialsHandle;
extern SpFreeCredentialsHandleFn ntlm_SpFreeCredentialsHandle;
extern SpQueryCredentialsAttributesFn ntlm_SpQueryCredentialsAttributes;
extern struct ntlm_cred *ntlm_cred_from_handle( LSA_SEC_HANDLE handle );
extern void ntlm_cred_release( struct ntlm_cred *cred );
extern BOOL ntlm_default_credentials( struct ntlm_cred *cred );

/* context.c */
extern SpInitLsaModeContextFn ntlm_SpInitLsaModeContext;
extern SpAcceptLsaModeContextFn ntlm_SpAcceptLsaModeContext;
extern SpDeleteContextFn ntlm_SpDeleteContext;
extern struct ntlm_context *ntlm_context_new( BOOL server, struct ntlm_cred *cred );
extern struct ntlm_context *ntlm_context_from_handle( LSA_SEC_HANDLE handle );
extern void ntlm_context_release( struct ntlm_context *ctx, BOOL lsa_mode );

/* server.c */
extern SECURITY_STATUS ntlm_server_challenge( struct ntlm_context *ctx, const SecBuffer *input, SecBuffer *token );
extern SECURITY_STATUS ntlm_server_authenticate( struct ntlm_context *ctx, const SecBuffer *input,
                                                 const SecBuffer *bindings );

/* client.c */
extern SECURITY_STATUS ntlm_client_negotiate( struct ntlm_context *ctx, SecBuffer *token );
extern SECURITY_STATUS ntlm_client_authenticate( struct ntlm_context *ctx, const SecBuffer *input,
                                                 const SecBuffer *bindings, SecBuffer *token );

/* buffers */
extern BOOL ntlm_bindings_hash( const SecBuffer *bindings, BYTE hash[16] );

/* usermode.c */
extern SpInitUserModeContextFn ntlm_SpInitUserModeContext;
extern SpDeleteContextFn ntlm_SpDeleteUserModeContext;
extern SpMakeSignatureFn ntlm_SpMakeSignature;
extern SpVerifySignatureFn ntlm_SpVerifySignature;
extern SpSealMessageFn ntlm_SpSealMessage;
extern SpUnsealMessageFn ntlm_SpUnsealMessage;
extern SpGetContextTokenFn ntlm_SpGetContextToken;
extern SpCompleteAuthTokenFn ntlm_SpCompleteAuthToken;

/* attributes.c */
extern SpQueryContextAttributesFn ntlm_SpQueryContextAttributes;

/* export.c */
extern SpExportSecurityContextFn ntlm_SpExportSecurityContext;
extern SpImportSecurityContextFn ntlm_SpImportSecurityContext;

#endif
