/*
 * secur32 internals: security packages loaded by the LSA emulation, and the
 * handle table that maps SSPI handles to the packages' own handles.
 */
#ifndef __SECUR32_PRIV_H
#define __SECUR32_PRIV_H

#define UNICODE                   /* packages speak UTF-16: SecPkgInfo is SecPkgInfoW */
#define SECURITY_WIN32
#define _NO_KSECDD_IMPORT_        /* these are our exports, not imports */
#define _SEC_WINNT_AUTH_TYPES
#include <stdio.h>
#include <windows.h>
#include <ntstatus.h>
#include <sspi.h>
#include <ntsecapi.h>
#include <ntsecpkg.h>

/* One security package as SSPI callers see it. A DLL may provide several
 * (Schannel answers to three names), each with its own function tables. */
struct sec_package
{
    struct lsa_module            *module;
    ULONG_PTR                     id;        /* package id given to SpInitialize */
    SECPKG_FUNCTION_TABLE        *lsa;       /* LSA-mode functions */
    SECPKG_USER_FUNCTION_TABLE   *user;      /* user-mode functions, may be NULL */
    SecPkgInfoW                   info;      /* from SpGetInfo, strings owned here */
    WCHAR                        *ap_name;   /* from LsaApInitializePackage, may be NULL */
};

/* A loaded SSP/AP DLL. */
struct lsa_module
{
    HMODULE  module;
    WCHAR   *path;
    ULONG    lsa_version;    /* package's interface version, LSA mode */
    ULONG    user_version;   /* user mode */
};

#ifndef SECPKG_ATTR_NEGOTIATION_PACKAGE
#define SECPKG_ATTR_NEGOTIATION_PACKAGE 0x80000081  /* credssp.h: the package Negotiate chose */
#endif

/* packages.c */
extern void packages_init( void );
extern struct sec_package *find_package_w( const WCHAR *name );
extern struct sec_package *package_by_id( ULONG id );
extern ULONG package_count( void );
extern SECURITY_STATUS load_package_module( const WCHAR *path );
extern void packages_logon_terminated( const LUID *id );

/* lsa_funcs.c: what the LSA emulation hands to packages */
extern LSA_SECPKG_FUNCTION_TABLE lsa_functions;
extern SECPKG_DLL_FUNCTIONS dll_functions;
extern void *secur32_alloc( SIZE_T size );
extern void *secur32_alloc_zero( SIZE_T size );
extern void secur32_free( void *ptr );
extern WCHAR *secur32_strdupW( const WCHAR *str );

/* names.c */
extern const WCHAR *secur32_computer_name( void );

/* handles.c */
enum handle_kind
{
    HANDLE_CREDENTIALS = 1,
    HANDLE_CONTEXT     = 2,
};

struct handle_info
{
    struct sec_package *package;
    LSA_SEC_HANDLE      lsa_handle;
    BOOL                user_mapped;   /* context initialized in the user-mode table */
    BOOL                user_only;     /* imported: no LSA-mode context behind it */
};

extern SECURITY_STATUS handle_alloc( enum handle_kind kind, const struct handle_info *info, SecHandle *handle );
extern SECURITY_STATUS handle_get( enum handle_kind kind, const SecHandle *handle, struct handle_info *info );
extern SECURITY_STATUS handle_update( enum handle_kind kind, const SecHandle *handle, const struct handle_info *info );
extern SECURITY_STATUS handle_free( enum handle_kind kind, const SecHandle *handle, struct handle_info *info );

/* strings.c */
extern WCHAR *strdupAW( const char *str );
extern char *strdupWA( const WCHAR *str );
extern SECURITY_STATUS string_to_ansi( void *ptr );
extern SECURITY_STATUS sec_pkg_info_WtoA( const SecPkgInfoW *info, ULONG count, SecPkgInfoA **ret );
extern SECURITY_STATUS sec_pkg_info_copyW( const SecPkgInfoW *info, ULONG count, SecPkgInfoW **ret );

/* sam.c: the account store */
extern NTSTATUS NTAPI sam_open_user( SECURITY_STRING *name, SECPKG_NAME_TYPE type, SECURITY_STRING *prefix,
                                     BOOLEAN guest, ULONG reserved, void **handle );
extern NTSTATUS NTAPI sam_get_user_credentials( void *handle, void **primary, ULONG *primary_size,
                                                void **supplemental, ULONG *supplemental_size );
extern NTSTATUS NTAPI sam_close_user( void *handle );

/* misc.c */
extern ULONG call_context_flags( void );

/* credentials.c */
extern BOOL init_unicode_string( UNICODE_STRING *us, const WCHAR *str, UNICODE_STRING **ret );

/* context.c: the user-mode or LSA-mode query for a context */
extern SECURITY_STATUS query_context_attributes( const struct handle_info *info, ULONG attr, void *buffer );

/* package status codes as SSPI returns them */
static inline SECURITY_STATUS sec_status( NTSTATUS status )
{
    switch (status)
    {
    case STATUS_NOT_IMPLEMENTED:        return SEC_E_UNSUPPORTED_FUNCTION;
    case STATUS_NO_MEMORY:              return SEC_E_INSUFFICIENT_MEMORY;
    case STATUS_INVALID_HANDLE:         return SEC_E_INVALID_HANDLE;
    case STATUS_INVALID_PARAMETER:      return SEC_E_INVALID_PARAMETER;
    case STATUS_ACCESS_DENIED:          return SEC_E_NOT_OWNER;
    case STATUS_NO_SUCH_PACKAGE:        return SEC_E_SECPKG_NOT_FOUND;
    default:                            return status;
    }
}

#endif
