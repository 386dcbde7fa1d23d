/*
 * The remaining exports: the per-thread call context (Seci*), performance
 * data, credential target marshaling and the SASL wrappers.
 */
#include "secur32_priv.h"
#include <wincred.h>
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(secur32);

/* What a caller tells the LSA about the call it is about to make. */
struct call_context
{
    ULONG flags;
    BYTE  address[32];
    ULONG address_len;
};

static __thread struct call_context *call_context;

static NTSTATUS get_call_context( BOOL *allocated )
{
    if (allocated) *allocated = FALSE;
    if (call_context) return STATUS_SUCCESS;
    if (!(call_context = secur32_alloc_zero( sizeof(*call_context) ))) return STATUS_NO_MEMORY;
    if (allocated) *allocated = TRUE;
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI SeciAllocateAndSetCallFlags( ULONG flags, BOOL *allocated )
{
    NTSTATUS status;

    TRACE( "%#lx %p\n", flags, allocated );
    if ((status = get_call_context( allocated ))) return status;
    call_context->flags = flags;
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI SeciAllocateAndSetIPAddress( BYTE *address, ULONG len, BOOL *allocated )
{
    NTSTATUS status;

    TRACE( "%p %lu %p\n", address, len, allocated );
    if (len > sizeof(call_context->address) || (len && !address)) return STATUS_INVALID_PARAMETER;
    if ((status = get_call_context( allocated ))) return status;
    memcpy( call_context->address, address, len );
    call_context->address_len = len;
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI SeciFreeCallContext( void )
{
    TRACE( "\n" );
    secur32_free( call_context );
    call_context = NULL;
    return STATUS_SUCCESS;
}

/* The LSA emulation publishes no performance counters. */
DWORD WINAPI OpenLsaPerformanceData( WCHAR *device )
{
    TRACE( "%s\n", debugstr_w(device) );
    return ERROR_SUCCESS;
}

DWORD WINAPI CollectLsaPerformanceData( WCHAR *values, void **data, DWORD *bytes, DWORD *objects )
{
    TRACE( "%s %p %p %p\n", debugstr_w(values), data, bytes, objects );
    if (bytes) *bytes = 0;
    if (objects) *objects = 0;
    return ERROR_SUCCESS;
}

DWORD WINAPI CloseLsaPerformanceData( void )
{
    TRACE( "\n" );
    return ERROR_SUCCESS;
}

NTSTATUS WINAPI CredMarshalTargetInfo( CREDENTIAL_TARGET_INFORMATIONW *info, USHORT **buffer, ULONG *size )
{
    FIXME( "%p %p %p: credential manager target info not supported\n", info, buffer, size );
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS WINAPI CredUnmarshalTargetInfo( USHORT *buffer, ULONG size, CREDENTIAL_TARGET_INFORMATIONW **info,
                                         ULONG *actual )
{
    FIXME( "%p %lu %p %p: credential manager target info not supported\n", buffer, size, info, actual );
    return STATUS_NOT_IMPLEMENTED;
}

/* SASL wrapping (RFC 4422 over Kerberos, Negotiate and Digest) is not there yet. */
#define SASL_UNSUPPORTED(name) \
    FIXME( "%s: SASL wrappers not supported\n", name ); \
    return SEC_E_UNSUPPORTED_FUNCTION

SECURITY_STATUS SEC_ENTRY SaslEnumerateProfilesA( char **profiles, ULONG *count )
{
    SASL_UNSUPPORTED( "SaslEnumerateProfilesA" );
}

SECURITY_STATUS SEC_ENTRY SaslEnumerateProfilesW( WCHAR **profiles, ULONG *count )
{
    SASL_UNSUPPORTED( "SaslEnumerateProfilesW" );
}

SECURITY_STATUS SEC_ENTRY SaslGetProfilePackageA( char *profile, SecPkgInfoA **info )
{
    SASL_UNSUPPORTED( "SaslGetProfilePackageA" );
}

SECURITY_STATUS SEC_ENTRY SaslGetProfilePackageW( WCHAR *profile, SecPkgInfoW **info )
{
    SASL_UNSUPPORTED( "SaslGetProfilePackageW" );
}

SECURITY_STATUS SEC_ENTRY SaslIdentifyPackageA( SecBufferDesc *input, SecPkgInfoA **info )
{
    SASL_UNSUPPORTED( "SaslIdentifyPackageA" );
}

SECURITY_STATUS SEC_ENTRY SaslIdentifyPackageW( SecBufferDesc *input, SecPkgInfoW **info )
{
    SASL_UNSUPPORTED( "SaslIdentifyPackageW" );
}

SECURITY_STATUS SEC_ENTRY SaslInitializeSecurityContextA( CredHandle *cred, CtxtHandle *ctxt, char *target, ULONG req,
                                                          ULONG reserved1, ULONG data_rep, SecBufferDesc *input,
                                                          ULONG reserved2, CtxtHandle *new_ctxt,
                                                          SecBufferDesc *output, ULONG *attrs, TimeStamp *expiry )
{
    SASL_UNSUPPORTED( "SaslInitializeSecurityContextA" );
}

SECURITY_STATUS SEC_ENTRY SaslInitializeSecurityContextW( CredHandle *cred, CtxtHandle *ctxt, WCHAR *target, ULONG req,
                                                          ULONG reserved1, ULONG data_rep, SecBufferDesc *input,
                                                          ULONG reserved2, CtxtHandle *new_ctxt,
                                                          SecBufferDesc *output, ULONG *attrs, TimeStamp *expiry )
{
    SASL_UNSUPPORTED( "SaslInitializeSecurityContextW" );
}

SECURITY_STATUS SEC_ENTRY SaslAcceptSecurityContext( CredHandle *cred, CtxtHandle *ctxt, SecBufferDesc *input,
                                                     ULONG req, ULONG data_rep, CtxtHandle *new_ctxt,
                                                     SecBufferDesc *output, ULONG *attrs, TimeStamp *expiry )
{
    SASL_UNSUPPORTED( "SaslAcceptSecurityContext" );
}

SECURITY_STATUS SEC_ENTRY SaslSetContextOption( CtxtHandle *ctxt, ULONG option, void *value, ULONG size )
{
    SASL_UNSUPPORTED( "SaslSetContextOption" );
}

SECURITY_STATUS SEC_ENTRY SaslGetContextOption( CtxtHandle *ctxt, ULONG option, void *value, ULONG size,
                                                ULONG *needed )
{
    SASL_UNSUPPORTED( "SaslGetContextOption" );
}

/* SECPKG_CALL_* flags a caller set for its calls, for LSA GetCallInfo. */
ULONG call_context_flags( void )
{
    return call_context ? call_context->flags : 0;
}
