/*
 * Common glue of the project's SSP/AP DLLs (libs/sspkg).
 *
 * A package DLL describes its packages in ssp_packages[]; the glue exports
 * SpLsaModeInitialize and SpUserModeInitialize, builds the function tables
 * from the packages' own entries, and answers SpInitialize, SpGetInfo and
 * SpShutdown. A NULL entry is an operation the package does not support: the
 * LSA answers SEC_E_UNSUPPORTED_FUNCTION for it.
 */
#ifndef __SSPKG_H
#define __SSPKG_H

#ifndef UNICODE
#define UNICODE     /* packages speak UTF-16: SecPkgInfo is SecPkgInfoW */
#endif
#include <windows.h>
#include <ntstatus.h>
#ifndef SECURITY_WIN32
#define SECURITY_WIN32
#endif
#include <sspi.h>
#include <ntsecapi.h>
#include <ntsecpkg.h>

#define SSP_MAX_PACKAGES 4

struct ssp_package
{
    SecPkgInfoW                       info;    /* exactly what Windows' package reports */
    const char                       *ap_name; /* authentication package name, NULL when not an AP */
    const SECPKG_FUNCTION_TABLE      *lsa;     /* LSA-mode entries, NULL for none */
    const SECPKG_USER_FUNCTION_TABLE *user;    /* user-mode entries, NULL for none */
};

/* Provided by each package DLL. */
extern const struct ssp_package ssp_packages[];
extern const ULONG ssp_package_count;
/* Called once, from the first SpInitialize, when not NULL; a failure keeps
 * the packages out of the LSA. */
extern NTSTATUS (*const ssp_process_attach)( void );

/* Initializes the DLL's Unix library and makes its first call (libs/sspkg/unix.c). */
extern NTSTATUS ssp_unix_attach( unsigned int code, void *params );

/* The account USER of DOMAIN in the store (libs/sspkg/logon.c). */
struct sam_credentials;
extern BOOL ssp_find_account( const WCHAR *user, const WCHAR *domain, struct sam_credentials *found );
/* A logon session and a token for an account (with its SID when known), as far as Wine allows. */
extern SECURITY_STATUS ssp_log_on( const char *source, const WCHAR *user, const WCHAR *domain, PSID sid,
                                   SECURITY_IMPERSONATION_LEVEL level, LUID *logon_id, HANDLE *token );

/* Memory, strings and buffers (libs/sspkg/util.c). */
extern void *ssp_alloc( SIZE_T size );          /* zeroed, from the process heap */
extern void ssp_free( void *ptr );
extern WCHAR *ssp_strdup( const WCHAR *str );
/* A NUL-terminated copy of STR's whole WCHARs; NULL for none, or an empty one. */
extern WCHAR *ssp_strdup_us( const UNICODE_STRING *str );
extern char *ssp_utf8( const WCHAR *str );      /* NULL for NULL */
/* The first buffer of TYPE, whatever its attribute flags; NULL when there is none. */
extern SecBuffer *ssp_find_buffer( SecBufferDesc *desc, ULONG type );
/* The token buffer of a step's input; NULL when it has none, or an empty one. */
extern const SecBuffer *ssp_input_token( SecBufferDesc *input );
/* Copies the caller frees with FreeContextBuffer. */
extern WCHAR *ssp_client_string( const WCHAR *str );
extern SecPkgInfoW *ssp_package_info( ULONG index );
/* A step's token into the caller's buffer, or into one allocated for it
 * (ISC_REQ_ALLOCATE_MEMORY, ASC_REQ_ALLOCATE_MEMORY), which adds
 * ISC_RET_ALLOCATED_MEMORY to *ATTRS when not NULL. */
extern SECURITY_STATUS ssp_put_token( SecBuffer *token, BOOL allocate, const void *data, SIZE_T len, ULONG *attrs );

/* Context attributes (libs/sspkg/attributes.c). Those a context answers before
 * its handshake is done (SEC_E_INVALID_HANDLE for the others, as Windows);
 * those every package answers alike, SEC_E_UNSUPPORTED_FUNCTION with a FIXME
 * for any other. */
#define SSP_ALLOC_OR_FAIL(x) do { if (!(x)) return SEC_E_INSUFFICIENT_MEMORY; } while (0)
extern BOOL ssp_attr_before_done( ULONG attr );
extern SECURITY_STATUS ssp_common_attribute( ULONG attr, void *buffer, BOOL done );

/* Between Negotiate and the packages it chooses from, private to this stack.
 * SSP_ATTR_AUTHENTICATE_MIC: a ULONG, whether the NTLM AUTHENTICATE of the
 * context carried a MIC, which makes the mechListMIC mandatory (MS-SPNG
 * 3.1.5.1). A SECBUFFER_PKG_PARAMS buffer holding SSP_MECHLISTMIC_MARKER in
 * MakeSignature or VerifySignature: the signature is a mechListMIC, after
 * which NTLM's RC4 state is what it was before (MS-SPNG 3.2.5.1, 3.3.5.1). */
#define SSP_ATTR_AUTHENTICATE_MIC 0x7f000001
#define SSP_MECHLISTMIC_MARKER    "mechListMIC"

/* What the LSA handed over. */
extern LSA_SECPKG_FUNCTION_TABLE *ssp_lsa;
extern SECPKG_DLL_FUNCTIONS *ssp_dll;
extern ULONG_PTR ssp_package_ids[SSP_MAX_PACKAGES];

#endif
