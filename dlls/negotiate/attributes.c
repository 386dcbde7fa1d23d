/*
 * Attributes of Negotiate contexts: before the handshake is done, what
 * Negotiate itself says (its package, its sizes, which package it is
 * negotiating); after it, the chosen package's, as Windows answers.
 */
#include "nego_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(negotiate);

/* The package being negotiated, or chosen: Negotiate's own before there is one. */
static SECURITY_STATUS package_info( struct nego_context *ctx, SecPkgInfoW **info )
{
    if (ctx->package != NEGO_NONE) return QuerySecurityPackageInfoW( (WCHAR *)nego_package_name( ctx->package ), info );
    SSP_ALLOC_OR_FAIL( *info = ssp_package_info( 0 ) );
    return SEC_E_OK;
}

static SECURITY_STATUS negotiation_info( struct nego_context *ctx, SecPkgContext_NegotiationInfoW *info )
{
    SECURITY_STATUS status;

    if ((status = package_info( ctx, &info->PackageInfo ))) return status;
    /* a client's optimistic token is out until the server's first reply */
    info->NegotiationState = ctx->first_reply && !ctx->server ? SECPKG_NEGOTIATION_OPTIMISTIC
                                                               : SECPKG_NEGOTIATION_IN_PROGRESS;
    return SEC_E_OK;
}

NTSTATUS NTAPI nego_SpQueryContextAttributes( LSA_SEC_HANDLE handle, ULONG attr, void *buffer )
{
    struct nego_context *ctx = nego_context_from_handle( handle );

    TRACE( "%p %lu %p\n", (void *)handle, attr, buffer );
    if (!ctx) return SEC_E_INVALID_HANDLE;
    if (!buffer) return SEC_E_INVALID_PARAMETER;
    if (attr == SECPKG_ATTR_NEGOTIATION_PACKAGE)
        return package_info( ctx, &((SecPkgContext_PackageInfoW *)buffer)->PackageInfo );
    if (ctx->state == NEGO_DONE) return QueryContextAttributesW( &ctx->sub, attr, buffer );
    if (!ssp_attr_before_done( attr )) return SEC_E_INVALID_HANDLE;

    switch (attr)
    {
    case SECPKG_ATTR_SIZES:
    {
        SecPkgContext_Sizes *sizes = buffer;
        sizes->cbMaxToken = NEGO_MAX_TOKEN;
        sizes->cbMaxSignature = sizes->cbBlockSize = sizes->cbSecurityTrailer = 0;
        return SEC_E_OK;
    }
    case SECPKG_ATTR_NEGOTIATION_INFO:
        return negotiation_info( ctx, buffer );
    default:
        return ssp_common_attribute( attr, buffer, FALSE );
    }
}
