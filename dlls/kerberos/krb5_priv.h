/*
 * kerberos.so internals: credentials and contexts over MIT krb5 and GSSAPI.
 */
#ifndef __KRB5_PRIV_H
#define __KRB5_PRIV_H

#include <pthread.h>
#include <stdint.h>
#include <krb5.h>
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>

#include "unixlib.h"
#include "core/krb_status.h"
#include "core/krb_token.h"

struct retired;

struct cred
{
    int             refs;            /* handles, and contexts made with it */
    pthread_mutex_t lock;            /* the TGT or keys fetched at first use */
    UINT32          use;             /* KRB_CRED_* */
    char           *principal;       /* an explicit identity's, or NULL */
    char           *name;            /* the client principal of outbound credentials */
    char           *password;        /* NULL without one; zeroed when freed */
    char           *ccache_name;     /* "MEMORY:..." owned by this credential, or NULL */
    struct cred    *from;            /* the credential whose cache this one uses */
    gss_cred_id_t   initiate;        /* GSS_C_NO_CREDENTIAL until first use */
    INT64           tgt_end;         /* when the TGT fetched with the password ends */
    INT64           retry_at;        /* a failed refresh of it: not again before then */
    int             initiators;      /* first steps using the initiator credentials now */
    struct retired *retired;         /* credentials of earlier TGTs, while those steps may use them */
    gss_cred_id_t   accept;
    char           *keytab_name;     /* a MEMORY keytab of keys derived from the password, */
    krb5_keytab     keytab;          /* kept open: MIT drops it with its last handle */
};

struct context
{
    pthread_mutex_t lock;            /* message calls share sequence numbers */
    struct cred    *cred;
    gss_ctx_id_t    gss;
    gss_name_t      target;          /* initiator: the target, which every step names */
    gss_cred_id_t   delegated;       /* acceptor: what the client delegated */
    gss_buffer_desc pending;         /* an output token the caller has not taken */
    char           *client_name;     /* the principals, as the steps learnt them */
    char           *target_name;
    gss_buffer_desc pac;             /* acceptor: the client's PAC */
    int             server;
};

/* krb5_unix.c: a krb5 context of the calling thread, kept for its life */
extern krb5_context krb5_thread_context( void );
extern gss_OID_set_desc krb5_mechs;
extern INT64 krb5_now( void );
extern char *krb5_strdup_buffer( const gss_buffer_desc *buf );
extern char *krb5_private_name( const char *type );
extern void krb5_destroy_ccache( krb5_context ctx, char *name );
extern krb5_error_code krb5_tgt_principal( krb5_context ctx, krb5_const_principal client, krb5_principal *tgt );

/* krb5_cred.c */
extern NTSTATUS cred_acquire( void *args );
extern NTSTATUS cred_free( void *args );
extern struct cred *cred_from_handle( krb_cred_t handle );
extern void cred_release( struct cred *cred );
extern NTSTATUS cred_initiator( struct cred *cred, gss_cred_id_t *gss, INT32 *krb_error );
extern void cred_initiator_done( struct cred *cred );
extern NTSTATUS cred_acceptor( struct cred *cred, const struct krb_ticket_info *ticket, gss_cred_id_t *gss,
                               INT32 *krb_error );
extern krb5_error_code cred_ccache( struct cred *cred, krb5_context ctx, krb5_ccache *ccache );
extern struct cred *cred_from_ccache( char *ccache_name, char *name, size_t size );

/* krb5_context.c */
extern NTSTATUS context_step( void *args );
extern NTSTATUS context_token( void *args );
extern NTSTATUS context_free( void *args );
extern NTSTATUS context_info( void *args );
extern NTSTATUS context_pac( void *args );
extern NTSTATUS context_delegated( void *args );
extern NTSTATUS context_export( void *args );
extern NTSTATUS context_import( void *args );
extern struct context *context_from_handle( krb_ctx_t handle );

/* krb5_message.c */
extern NTSTATUS krb5_wrap( void *args );
extern NTSTATUS krb5_unwrap( void *args );
extern NTSTATUS krb5_get_mic( void *args );
extern NTSTATUS krb5_verify_mic( void *args );

/* krb5_tickets.c */
extern NTSTATUS tickets_list( void *args );
extern NTSTATUS ticket_get( void *args );
extern NTSTATUS tickets_purge( void *args );

#endif
