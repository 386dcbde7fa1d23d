/*
 * negotiate.dll internals: the Negotiate package (SPNEGO, RFC 4178 and
 * MS-SPNG) over the Kerberos and NTLM packages, which it reaches through
 * SSPI itself, as any caller does.
 */
#ifndef __NEGO_PRIV_H
#define __NEGO_PRIV_H

#include "sspkg.h"
#include "core/spnego.h"

#ifndef SECPKG_ATTR_NEGOTIATION_PACKAGE
#define SECPKG_ATTR_NEGOTIATION_PACKAGE 0x80000081  /* credssp.h: SecPkgContext_PackageInfo of the chosen package */
#endif

#define NEGO_MAX_TOKEN  48256
#define NEGO_REPLY_ROOM 192         /* what SPNEGO adds to a package's token at most: the framing and a mechListMIC */
#define NEGO_ROOM_ANY   (~0u)       /* Kerberos' MaxTokenSize and 256, as Windows reports */
#define NEGO_CRED_MAGIC 0x4e45474f  /* "NEGO" */
#define NEGO_CTXT_MAGIC 0x4e454758  /* "NEGX" */

/* The packages Negotiate chooses from, in the order it prefers them. */
enum nego_package
{
    NEGO_KERBEROS,
    NEGO_NTLM,
    NEGO_PACKAGES,
    NEGO_NONE = NEGO_PACKAGES,
};

struct nego_cred
{
    ULONG      magic;
    LONG       refs;               /* the handle, and each context made with it */
    ULONG      use;                /* SECPKG_CRED_INBOUND / OUTBOUND */
    BOOL       has[NEGO_PACKAGES];
    CredHandle sub[NEGO_PACKAGES]; /* each package's credentials, where it has some */
    BOOL       listed;             /* the identity named its packages (PackageList) */
};

enum nego_state
{
    NEGO_STARTED,                  /* no package chosen yet (a server that spoke first) */
    NEGO_IN_PROGRESS,              /* the package's tokens are being exchanged */
    NEGO_MIC,                      /* the package is done; the peer's mechListMIC, or its last word, to come */
    NEGO_PENDING,                  /* a token waits for a buffer it fits */
    NEGO_DONE,
    NEGO_FAILED,
};

struct nego_context
{
    ULONG             magic;
    BOOL              server;
    enum nego_state   state;
    SECURITY_STATUS   pending_status;  /* NEGO_PENDING: the step's status, its state, and its token */
    enum nego_state   pending_state;
    BYTE             *pending;
    ULONG             pending_len;
    ULONG             room;            /* the caller's output buffer this call, NEGO_ROOM_ANY when allocated */
    struct nego_cred *cred;
    ULONG             req;             /* ISC_REQ_* / ASC_REQ_* of the caller */
    ULONG             attrs;
    enum nego_package package;         /* the chosen one */
    enum spnego_mech  mech;            /* its OID, as the client listed it */
    CtxtHandle        sub;             /* the chosen package's context */
    BOOL              has_sub;
    BOOL              sub_done;
    BOOL              raw;             /* the peer speaks the package bare, without SPNEGO */
    BOOL              first_reply;     /* client: the server's first reply is still to come */
    BOOL              hinted;          /* server: its NegTokenInit2 went first */
    BOOL              peer_done;       /* client: the server said accept-completed */
    BOOL              mic_needed;      /* mechListMICs are to be exchanged */
    BOOL              mic_sent;
    BOOL              mic_received;
    BOOL              no_mic;          /* the package has no integrity: no mechListMIC at all */
    BYTE             *mech_list;       /* the client's MechTypeList as sent: what a mechListMIC signs */
    ULONG             mech_list_len;
    WCHAR            *target;          /* client: the target of the first call */
    TimeStamp         expiry;
    BOOL              lsa_mode;        /* alive in the LSA-mode table */
    BOOL              user_mode;       /* alive in the user-mode table */
};

/* What a step sends the peer: a whole token, heap-allocated. */
struct nego_reply
{
    BYTE *data;
    ULONG len;
};

/* credentials.c */
extern SpAcquireCredentialsHandleFn nego_SpAcquireCredentialsHandle;
extern SpFreeCredentialsHandleFn nego_SpFreeCredentialsHandle;
extern SpQueryCredentialsAttributesFn nego_SpQueryCredentialsAttributes;
extern struct nego_cred *nego_cred_from_handle( LSA_SEC_HANDLE handle );
extern void nego_cred_release( struct nego_cred *cred );
extern const WCHAR *nego_package_name( enum nego_package package );
extern enum nego_package nego_package_of_mech( enum spnego_mech mech );

/* context.c */
extern SpInitLsaModeContextFn nego_SpInitLsaModeContext;
extern SpAcceptLsaModeContextFn nego_SpAcceptLsaModeContext;
extern SpDeleteContextFn nego_SpDeleteContext;
extern struct nego_context *nego_context_new( BOOL server, struct nego_cred *cred );
extern struct nego_context *nego_context_from_handle( LSA_SEC_HANDLE handle );
extern void nego_context_release( struct nego_context *ctx, BOOL lsa_mode );
extern SECURITY_STATUS nego_sub_step( struct nego_context *ctx, const void *token, ULONG token_len,
                                      SecBufferDesc *input, SecBuffer *out );
extern void nego_sub_drop( struct nego_context *ctx );
extern BOOL nego_extended_error( const struct nego_context *ctx );
extern BOOL nego_keep_mech_list( struct nego_context *ctx, const BYTE *list, ULONG len );
extern SECURITY_STATUS nego_reply_resp( struct nego_reply *reply, enum spnego_state state, enum spnego_mech mech,
                                        const SecBuffer *token, const BYTE *mic, ULONG mic_len );
extern SECURITY_STATUS nego_reply_copy( struct nego_reply *reply, const SecBuffer *token );
extern BYTE *nego_reply_alloc( struct nego_reply *reply, ULONG len );
extern void nego_sub_finished( struct nego_context *ctx );
extern SECURITY_STATUS nego_raw_step( struct nego_context *ctx, const SecBuffer *token, SecBufferDesc *input,
                                      struct nego_reply *reply );

/* client.c, server.c: one step each, its token for the peer in REPLY */
extern SECURITY_STATUS nego_client_first( struct nego_context *ctx, const WCHAR *target, SecBufferDesc *input,
                                          struct nego_reply *reply );
extern SECURITY_STATUS nego_client_next( struct nego_context *ctx, SecBufferDesc *input, struct nego_reply *reply );
extern SECURITY_STATUS nego_server_step( struct nego_context *ctx, SecBufferDesc *input, struct nego_reply *reply );

/* mic.c: mechListMICs over the client's MechTypeList, with the chosen package */
#define NEGO_MAX_MIC 128
extern SECURITY_STATUS nego_mic_make( struct nego_context *ctx, BYTE mic[NEGO_MAX_MIC], ULONG *len );
extern SECURITY_STATUS nego_mic_check( struct nego_context *ctx, const BYTE *mic, ULONG len );

/* attributes.c */
extern SpQueryContextAttributesFn nego_SpQueryContextAttributes;

/* usermode.c */
extern SpInitUserModeContextFn nego_SpInitUserModeContext;
extern SpDeleteContextFn nego_SpDeleteUserModeContext;
extern SpMakeSignatureFn nego_SpMakeSignature;
extern SpVerifySignatureFn nego_SpVerifySignature;
extern SpSealMessageFn nego_SpSealMessage;
extern SpUnsealMessageFn nego_SpUnsealMessage;
extern SpGetContextTokenFn nego_SpGetContextToken;
extern SpCompleteAuthTokenFn nego_SpCompleteAuthToken;

/* export.c */
extern SpExportSecurityContextFn nego_SpExportSecurityContext;
extern SpImportSecurityContextFn nego_SpImportSecurityContext;

/* lsa.c: LsaCallAuthenticationPackage */
extern LSA_AP_CALL_PACKAGE nego_SpCallPackage;

#endif
