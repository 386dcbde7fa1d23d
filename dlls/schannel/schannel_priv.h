/*
 * schannel.dll internals: credentials and contexts around schannel.so's
 * GnuTLS sessions.
 */
#ifndef __SCHANNEL_PRIV_H
#define __SCHANNEL_PRIV_H

#include <stdio.h>
#include "sspkg.h"
#include <wincrypt.h>
#define SCHANNEL_USE_BLACKLISTS  /* SCH_CREDENTIALS */
#include <schannel.h>
#include "unixlib.h"

#define SCHAN_CRED_MAGIC   0x53434843  /* "SCHC" */
#define SCHAN_CTXT_MAGIC   0x53434858  /* "SCHX" */
#define SCHAN_MAX_TOKEN    24576
#define SCHAN_TICKET_KEY   64
#define SCHAN_MAX_CERTS    16
#define SCHAN_DTLS_MTU     1096  /* Windows' default path MTU for DTLS */
#define SCHAN_DTLS_MIN_MTU 200   /* and the least it takes */

/* A client's saved session, to resume with the same server (session.c). */
struct schan_saved
{
    struct schan_saved *next;
    WCHAR              *target;
    BYTE               *data;
    ULONG               len;
};

struct schan_cred
{
    ULONG              magic;
    LONG               refs;          /* the handle, and each context made with it */
    ULONG              use;           /* SECPKG_CRED_INBOUND or OUTBOUND */
    DWORD              protocols;     /* SP_PROT_* in force */
    DWORD              flags;         /* SCH_CRED_* and SCH_USE_STRONG_CRYPTO */
    UINT32             off;           /* TLS_OFF_*: the algorithms turned off */
    PCCERT_CONTEXT     certs[SCHAN_MAX_CERTS]; /* ours to present: the caller's, or a client's defaults */
    ULONG              cert_count;
    BOOL               defaults;      /* client: certs are the MY store's, presented by the server's issuers */
    tls_cred_t         unix_cred;
    BYTE               ticket_key[SCHAN_TICKET_KEY];
    BYTE               cookie_key[32]; /* server: DTLS cookies' */
    CRITICAL_SECTION   cs;            /* the saved sessions */
    struct schan_saved *saved;
};

enum schan_state
{
    SCHAN_HANDSHAKE,
    SCHAN_ESTABLISHED,
    SCHAN_CLOSED,      /* close_notify sent or received */
    SCHAN_FAILED,
};

struct schan_context
{
    ULONG              magic;
    BOOL               server;
    enum schan_state   state;
    struct schan_cred *cred;
    tls_session_t      session;
    ULONG              req;
    ULONG              attrs;
    WCHAR             *target;         /* client: the name the server must have */
    UINT32             alert;          /* the last alert sent or received */
    BOOL               incomplete_creds_told; /* client: SEC_I_INCOMPLETE_CREDENTIALS given once */
    BOOL               renegotiating;  /* a post-handshake message awaits ISC/ASC */
    ULONG              skip;           /* its record, at the start of the EXTRA we returned, already taken in */
    BYTE              *held;           /* client: output kept back with SEC_I_INCOMPLETE_CREDENTIALS */
    ULONG              held_len;
    SECURITY_STATUS    held_status;    /* what the call that sends it returns */
    BOOL               control;        /* ApplyControlToken asked for a message to the peer */
    BOOL               renegotiate_asked; /* ApplyControlToken asked for SCHANNEL_RENEGOTIATE */
    BOOL               no_reconnect;      /* SCHANNEL_SESSION turned reconnects off */
    BOOL               cert_asked;     /* server: the client was asked for a certificate */
    BOOL               datagram;       /* DTLS */
    UINT64             last_record;    /* DTLS: the highest record number DecryptMessage took */
    BOOL               fragments;      /* DTLS: datagrams of a flight wait for the next calls */
    BOOL               cookie_ok;      /* DTLS server: the client answered our HelloVerifyRequest, or had none */
    TimeStamp          give_up;        /* DTLS: when the handshake times out */
    UINT32             control_level;  /* 1 warning, 2 fatal */
    UINT32             control_alert;  /* 0 with level 1: close_notify */
    HANDLE             token;          /* server: the mapped client certificate's account's (mapping.c) */
    LUID               logon_id;
    WCHAR             *account;        /* its name, DOMAIN\user */
    char              *export_label;   /* SECPKG_ATTR_KEYING_MATERIAL_INFO */
    BYTE              *export_context;
    ULONG              export_context_len;
    ULONG              export_len;
    struct connection_info_params info;  /* after the handshake */
    CRITICAL_SECTION   cs;
    BOOL               lsa_mode;
    BOOL               user_mode;
};

/* main.c */
extern NTSTATUS schan_call( unsigned int code, void *params );

/* config.c */
extern DWORD schan_enabled_protocols( BOOL server, DWORD requested, DWORD disabled );
extern UINT32 schan_versions( DWORD protocols );
extern DWORD schan_protocol_of( UINT32 version, BOOL server );

/* algorithms.c */
extern SECURITY_STATUS schan_crypto_settings_off( const CRYPTO_SETTINGS *settings, ULONG count, UINT32 *off );
extern UINT32 schan_supported_algs_off( const ALG_ID *algs, ULONG count );
extern UINT32 schan_strength_off( DWORD min, DWORD max );
extern ULONG schan_supported_algs( UINT32 off, ALG_ID *algs );
extern void schan_cipher_strengths( UINT32 off, DWORD *min, DWORD *max );
#define SCHAN_MAX_ALGS 32

/* keys.c */
extern SECURITY_STATUS schan_private_key( PCCERT_CONTEXT cert, BYTE **der, ULONG *len );
extern BYTE *schan_chain( PCCERT_CONTEXT cert, ULONG *len );

/* credentials.c */
extern SpAcquireCredentialsHandleFn schan_SpAcquireCredentialsHandle;
extern SpFreeCredentialsHandleFn schan_SpFreeCredentialsHandle;
extern SpQueryCredentialsAttributesFn schan_SpQueryCredentialsAttributes;
extern struct schan_cred *schan_cred_from_handle( LSA_SEC_HANDLE handle );
extern void schan_cred_release( struct schan_cred *cred );

/* session.c */
extern void schan_save_session( struct schan_cred *cred, const WCHAR *target, tls_session_t session );
extern BYTE *schan_saved_session( struct schan_cred *cred, const WCHAR *target, ULONG *len );
extern void schan_forget_sessions( struct schan_cred *cred );

/* context.c */
extern SpInitLsaModeContextFn schan_SpInitLsaModeContext;
extern SpAcceptLsaModeContextFn schan_SpAcceptLsaModeContext;
extern SpDeleteContextFn schan_SpDeleteContext;
extern SpApplyControlTokenFn schan_SpApplyControlToken;
extern struct schan_context *schan_context_from_handle( LSA_SEC_HANDLE handle );
extern void schan_context_release( struct schan_context *ctx, BOOL lsa_mode );
extern SECURITY_STATUS schan_put_token( SecBuffer *token, BOOL allocate, const BYTE *data, ULONG len );

/* validate.c */
extern SECURITY_STATUS schan_validate_server( struct schan_context *ctx );
extern DWORD schan_verify_chain( PCCERT_CONTEXT cert, const char *usage, DWORD auth_type, const WCHAR *server_name );
extern PCCERT_CONTEXT schan_peer_certificate( struct schan_context *ctx );

/* mapping.c */
extern void schan_map_client( struct schan_context *ctx );

/* messages.c */
extern SpInitUserModeContextFn schan_SpInitUserModeContext;
extern SpSealMessageFn schan_SpSealMessage;
extern SpUnsealMessageFn schan_SpUnsealMessage;
extern SpDeleteContextFn schan_SpDeleteUserModeContext;
extern SpGetContextTokenFn schan_SpGetContextToken;

/* attributes.c */
extern SpQueryContextAttributesFn schan_SpQueryContextAttributes;
extern SpSetContextAttributesFn schan_SpSetContextAttributes;

#endif
