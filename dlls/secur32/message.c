/*
 * Message protection: signatures and encryption run in the package's
 * user-mode table, on contexts the package mapped to user mode.
 */
#include "secur32_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(secur32);

static SECURITY_STATUS user_context( CtxtHandle *ctxt, struct handle_info *info )
{
    SECURITY_STATUS status;

    if ((status = handle_get( HANDLE_CONTEXT, ctxt, info ))) return status;
    if (!info->user_mapped) return SEC_E_UNSUPPORTED_FUNCTION;
    return SEC_E_OK;
}

SECURITY_STATUS SEC_ENTRY MakeSignature( CtxtHandle *ctxt, ULONG qop, SecBufferDesc *message, ULONG seq )
{
    struct handle_info info;
    SECURITY_STATUS status;

    TRACE( "%p %#lx %p %lu\n", ctxt, qop, message, seq );
    if ((status = user_context( ctxt, &info ))) return status;
    if (!info.package->user->MakeSignature) return SEC_E_UNSUPPORTED_FUNCTION;
    return sec_status( info.package->user->MakeSignature( info.lsa_handle, qop, message, seq ) );
}

SECURITY_STATUS SEC_ENTRY VerifySignature( CtxtHandle *ctxt, SecBufferDesc *message, ULONG seq, ULONG *qop )
{
    struct handle_info info;
    SECURITY_STATUS status;

    TRACE( "%p %p %lu %p\n", ctxt, message, seq, qop );
    if ((status = user_context( ctxt, &info ))) return status;
    if (!info.package->user->VerifySignature) return SEC_E_UNSUPPORTED_FUNCTION;
    return sec_status( info.package->user->VerifySignature( info.lsa_handle, message, seq, qop ) );
}

SECURITY_STATUS SEC_ENTRY EncryptMessage( CtxtHandle *ctxt, ULONG qop, SecBufferDesc *message, ULONG seq )
{
    struct handle_info info;
    SECURITY_STATUS status;

    TRACE( "%p %#lx %p %lu\n", ctxt, qop, message, seq );
    if ((status = user_context( ctxt, &info ))) return status;
    if (!info.package->user->SealMessage) return SEC_E_UNSUPPORTED_FUNCTION;
    return sec_status( info.package->user->SealMessage( info.lsa_handle, qop, message, seq ) );
}

SECURITY_STATUS SEC_ENTRY DecryptMessage( CtxtHandle *ctxt, SecBufferDesc *message, ULONG seq, ULONG *qop )
{
    struct handle_info info;
    SECURITY_STATUS status;

    TRACE( "%p %p %lu %p\n", ctxt, message, seq, qop );
    if ((status = user_context( ctxt, &info ))) return status;
    if (!info.package->user->UnsealMessage) return SEC_E_UNSUPPORTED_FUNCTION;
    return sec_status( info.package->user->UnsealMessage( info.lsa_handle, message, seq, qop ) );
}
