/*
 * Calls from kerberos.dll to kerberos.so (MIT krb5 / GSSAPI). Calls are
 * coarse: one per context step, one per message; credentials, contexts and
 * ticket caches cross as opaque handles and nothing of MIT's types does.
 * Strings are UTF-8. Calls of the SSPI operations return SECURITY_STATUS
 * values, those of the ticket cache NTSTATUS values.
 */
#ifndef __KERBEROS_UNIXLIB_H
#define __KERBEROS_UNIXLIB_H

#include "wine/unixlib.h"

enum kerberos_funcs
{
    unix_process_attach,
    unix_cred_acquire,
    unix_cred_free,
    unix_context_step,
    unix_context_token,
    unix_context_free,
    unix_context_info,
    unix_context_pac,
    unix_context_delegated,
    unix_context_export,
    unix_context_import,
    unix_wrap,
    unix_unwrap,
    unix_get_mic,
    unix_verify_mic,
    unix_tickets_list,
    unix_ticket_get,
    unix_tickets_purge,
    unix_funcs_count,
};

typedef UINT64 krb_cred_t;
typedef UINT64 krb_ctx_t;

/* Initializes the library; reports what it found. */
struct process_attach_params
{
    UINT32 mech_count;     /* GSSAPI mechanisms available */
    UINT32 has_krb5;       /* the Kerberos 5 mechanism is one of them */
    char   realm[256];     /* default realm, empty when not configured */
};

#define KRB_CRED_INITIATE 0x1
#define KRB_CRED_ACCEPT   0x2

/* Credentials. Outbound: those of FROM (another credential's ticket cache:
 * a logon's, delegated ones), or of PRINCIPAL with PASSWORD (a private ticket
 * cache, its TGT fetched at first use), or the user's default ticket cache.
 * Inbound: keys derived from PASSWORD for PRINCIPAL, or the keytab: KRB5_KTNAME,
 * else the prefix's krb5.keytab when there is one, else the system's.
 * LOGON: get the TGT now (LsaLogonUser), failing with the KDC's answer.
 * SEC_E_NO_CREDENTIALS when there is nothing to use. */
struct cred_acquire_params
{
    UINT32      use;               /* KRB_CRED_* */
    UINT32      logon;
    krb_cred_t  from;
    const char *principal;         /* "user@REALM", or NULL */
    const char *password;          /* NULL with no explicit identity */
    char        name[1024];        /* out: the principal: the client's outbound, else the keytab's first */
    INT64       expiry;            /* out: when the TGT expires (seconds since 1970), 0 when unknown */
    INT32       krb_error;         /* out: the Kerberos error behind a failure (see context_step_params) */
    krb_cred_t  cred;              /* out */
};

struct cred_free_params
{
    krb_cred_t cred;
};

/* channel bindings, as in a SEC_CHANNEL_BINDINGS (RFC 2744 3.11) */
struct krb_bindings
{
    UINT32       initiator_type;
    UINT32       initiator_len;
    const UINT8 *initiator;
    UINT32       acceptor_type;
    UINT32       acceptor_len;
    const UINT8 *acceptor;
    UINT32       data_len;
    const UINT8 *data;
};

/* context_step flags, and the GSS flags asked and granted (core/flags.h) */
#define KRB_STEP_ACCEPT 0x1

/* One step of a context: gss_init_sec_context or gss_accept_sec_context.
 * The output token goes into OUTPUT when it fits; OUTPUT_LEN is its length
 * either way, and one that did not fit waits for context_token. A failed
 * step may leave a token for the peer (a KRB-ERROR) in the same way.
 * Returns SEC_E_OK, SEC_I_CONTINUE_NEEDED or the failure, with KRB_ERROR the
 * Kerberos error behind it (RFC 4120 7.5.9, or a krb5 library code). */
struct context_step_params
{
    krb_cred_t                 cred;
    krb_ctx_t                  ctx;          /* in: 0 at the first step; out */
    UINT32                     flags;        /* KRB_STEP_* */
    UINT32                     gss_req;
    const char                *target;       /* initiator: the target principal at the first step */
    const UINT8               *input;
    UINT32                     input_len;
    const struct krb_bindings *bindings;     /* NULL for none */
    UINT8                     *output;
    UINT32                     output_size;
    UINT32                     output_len;   /* out */
    UINT32                     gss_ret;      /* out: the flags in force */
    INT64                      expiry;       /* out: when the context expires (seconds since 1970) */
    INT32                      krb_error;    /* out */
    char                       initiator[1024]; /* out, from the step that completes the context: the */
    char                       acceptor[1024];  /* principals of the two sides */
};

/* The output token a step held back, into OUTPUT (OUTPUT_SIZE at least its length). */
struct context_token_params
{
    krb_ctx_t ctx;
    UINT8    *output;
    UINT32    output_size;
    UINT32    output_len;      /* out */
};

struct context_free_params
{
    krb_ctx_t ctx;
};

/* What an established context knows. */
struct context_info_params
{
    krb_ctx_t ctx;
    UINT32    want_key;              /* in: SESSION_KEY wanted, not only its length and enctype */
    INT32     enctype;               /* out: of the session key; the rest out too */
    UINT32    session_key_len;
    UINT8     session_key[64];       /* the key messages are protected with, when wanted */
    INT64     expiry;                /* out: seconds since 1970 */
    UINT32    pac_len;               /* out: size of the client's PAC, 0 without one */
    UINT32    delegated;             /* out: the client delegated credentials */
    UINT32    header_len;            /* out: gss_wrap_iov's header and padding for a sealed message */
    UINT32    padding_len;
    UINT32    mic_len;               /* out: size of a MIC token */
};

/* The client's PAC (MS-PAC), as the KDC signed it, into PAC (SIZE: context_info's pac_len);
 * it is the caller's then, and context_info's pac_len is 0 from then on. */
struct context_pac_params
{
    krb_ctx_t ctx;
    UINT8    *pac;
    UINT32    size;
};

/* The credentials the client delegated, as credentials of their own. */
struct context_delegated_params
{
    krb_ctx_t  ctx;
    char       name[1024];     /* out: their principal */
    krb_cred_t cred;           /* out */
};

/* gss_export_sec_context, the context staying usable: into BLOB when it fits;
 * LEN is the size either way (STATUS_BUFFER_TOO_SMALL). */
struct context_export_params
{
    krb_ctx_t ctx;
    UINT8    *blob;
    UINT32    size;
    UINT32    len;             /* out */
};

struct context_import_params
{
    const UINT8 *blob;
    UINT32       len;
    krb_ctx_t    ctx;          /* out */
};

/* A message buffer: the iov types of RFC 4121's gss_wrap_iov (GSS_IOV_BUFFER_TYPE_*). */
#define KRB_IOV_DATA       1
#define KRB_IOV_HEADER     2
#define KRB_IOV_PADDING    9
#define KRB_IOV_STREAM     10
#define KRB_IOV_SIGN_ONLY  11

struct krb_iov
{
    UINT32 type;
    UINT32 len;        /* in: the buffer's size; out: what it holds */
    UINT8 *data;       /* out, for the data of a STREAM: where it is in the stream */
};

/* The message calls, in place: gss_wrap_iov (CONF 0: integrity only) and
 * gss_unwrap_iov; gss_get_mic_iov and gss_verify_mic_iov over the DATA and
 * SIGN_ONLY buffers, the token the iov of type KRB_IOV_HEADER. */
struct message_params
{
    krb_ctx_t       ctx;
    UINT32          conf;          /* in for wrap, out for unwrap */
    struct krb_iov *iov;
    UINT32          count;
};

/* A ticket of a cache. */
struct krb_ticket
{
    char   client[256];
    char   server[512];
    INT64  start, end, renew_until;   /* seconds since 1970 */
    UINT32 flags;                     /* RFC 4120 TicketFlags, bit 0 the most significant */
    INT32  enctype;                   /* of the ticket's session key */
    INT32  ticket_enctype;            /* of the ticket's encrypted part */
};

/* The tickets of CRED's cache (0: the user's default cache), into TICKETS
 * when there is room for them all (COUNT is their number either way,
 * STATUS_BUFFER_TOO_SMALL). */
struct tickets_list_params
{
    krb_cred_t         cred;
    struct krb_ticket *tickets;
    UINT32             size;           /* entries */
    UINT32             count;          /* out */
};

#define KRB_TICKET_CACHE_ONLY 0x1      /* do not ask the KDC */
#define KRB_TICKET_NO_CACHE   0x2      /* ask the KDC even when the cache has one */
#define KRB_TICKET_AS_CRED    0x4      /* a KRB-CRED with the session key, not the bare Ticket */
#define KRB_TICKET_HIDE_TGT_KEY 0x8    /* a TGT's session key zeroed, in the KRB-CRED too */

/* A ticket for TARGET (a principal; NULL: the TGT) from CRED's cache or the
 * KDC: its encoding (DER Ticket or KRB-CRED) and session key into DATA,
 * encoding first; STATUS_BUFFER_TOO_SMALL, with the sizes, when they do not
 * fit; STATUS_OBJECT_NAME_NOT_FOUND with KRB_TICKET_CACHE_ONLY and none cached.
 * Other failures are SECURITY_STATUS values. */
struct ticket_get_params
{
    krb_cred_t        cred;
    const char       *target;
    UINT32            flags;           /* KRB_TICKET_* */
    INT32             enctype;         /* wanted, 0 for any */
    struct krb_ticket info;            /* out */
    UINT8            *data;
    UINT32            size;
    UINT32            encoded_len;     /* out */
    UINT32            key_len;         /* out */
};

/* Removes the tickets for SERVER (NULL: all of them) from CRED's cache. */
struct tickets_purge_params
{
    krb_cred_t  cred;
    const char *server;
    UINT32      removed;               /* out */
};

#endif
