/*
 * The context attributes every package with a handshake answers alike.
 */
#include "sspkg.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sspkg);

BOOL ssp_attr_before_done( ULONG attr )
{
    return attr == SECPKG_ATTR_SIZES || attr == SECPKG_ATTR_PACKAGE_INFO || attr == SECPKG_ATTR_NEGOTIATION_INFO;
}

SECURITY_STATUS ssp_common_attribute( ULONG attr, void *buffer, BOOL done )
{
    switch (attr)
    {
    case SECPKG_ATTR_PACKAGE_INFO:
        SSP_ALLOC_OR_FAIL( ((SecPkgContext_PackageInfoW *)buffer)->PackageInfo = ssp_package_info( 0 ) );
        return SEC_E_OK;
    case SECPKG_ATTR_NEGOTIATION_INFO:
    {
        SecPkgContext_NegotiationInfoW *info = buffer;
        SSP_ALLOC_OR_FAIL( info->PackageInfo = ssp_package_info( 0 ) );
        info->NegotiationState = done ? SECPKG_NEGOTIATION_COMPLETE : SECPKG_NEGOTIATION_IN_PROGRESS;
        return SEC_E_OK;
    }
    case SECPKG_ATTR_DCE_INFO:
    {
        SecPkgContext_DceInfo *info = buffer;
        info->AuthzSvc = 0;
        info->pPac = NULL;
        return SEC_E_OK;
    }
    default:
        FIXME( "attribute %lu not supported\n", attr );
        return SEC_E_UNSUPPORTED_FUNCTION;
    }
}
