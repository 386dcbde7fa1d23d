/*
 * Context attributes for ANSI callers, and the size-checked Ex queries.
 *
 * Packages answer in Unicode; QueryContextAttributesA converts the strings of
 * the attributes that carry any, replacing the package's allocations with
 * ANSI ones the caller frees with FreeContextBuffer as usual.
 */
#include "secur32_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(secur32);

static SECURITY_STATUS convert_pkg_info( void *ptr )
{
    SecPkgInfoW **info = ptr;
    SecPkgInfoA *ansi;
    SECURITY_STATUS status;

    if (!*info) return SEC_E_OK;
    if ((status = sec_pkg_info_WtoA( *info, 1, &ansi ))) return status;
    secur32_free( *info );
    *info = (SecPkgInfoW *)ansi;
    return SEC_E_OK;
}

static SECURITY_STATUS convert_context_attribute( ULONG attr, void *buffer )
{
    SECURITY_STATUS status;

    switch (attr)
    {
    case SECPKG_ATTR_NAMES:
        return string_to_ansi( &((SecPkgContext_NamesW *)buffer)->sUserName );
    case SECPKG_ATTR_AUTHORITY:
        return string_to_ansi( &((SecPkgContext_AuthorityW *)buffer)->sAuthorityName );
    case SECPKG_ATTR_KEY_INFO:
        if ((status = string_to_ansi( &((SecPkgContext_KeyInfoW *)buffer)->sSignatureAlgorithmName ))) return status;
        return string_to_ansi( &((SecPkgContext_KeyInfoW *)buffer)->sEncryptAlgorithmName );
    case SECPKG_ATTR_PROTO_INFO:
        return string_to_ansi( &((SecPkgContext_ProtoInfoW *)buffer)->sProtocolName );
    case SECPKG_ATTR_PACKAGE_INFO:
    case SECPKG_ATTR_NEGOTIATION_PACKAGE:
        return convert_pkg_info( &((SecPkgContext_PackageInfoW *)buffer)->PackageInfo );
    case SECPKG_ATTR_NEGOTIATION_INFO:
        return convert_pkg_info( &((SecPkgContext_NegotiationInfoW *)buffer)->PackageInfo );
    case SECPKG_ATTR_NATIVE_NAMES:
        if ((status = string_to_ansi( &((SecPkgContext_NativeNamesW *)buffer)->sClientName ))) return status;
        return string_to_ansi( &((SecPkgContext_NativeNamesW *)buffer)->sServerName );
    case SECPKG_ATTR_CREDENTIAL_NAME:
        return string_to_ansi( &((SecPkgContext_CredentialNameW *)buffer)->sCredentialName );
    case SECPKG_ATTR_CLIENT_SPECIFIED_TARGET:
        return string_to_ansi( &((SecPkgContext_ClientSpecifiedTarget *)buffer)->sTargetName );
    default:
        return SEC_E_OK;
    }
}

SECURITY_STATUS SEC_ENTRY QueryContextAttributesA( CtxtHandle *ctxt, ULONG attr, void *buffer )
{
    SECURITY_STATUS status = QueryContextAttributesW( ctxt, attr, buffer );

    if (status != SEC_E_OK) return status;
    return convert_context_attribute( attr, buffer );
}

/* Size of the structure an attribute fills, or 0 when the caller's size is trusted. */
static ULONG context_attr_size( ULONG attr )
{
    switch (attr)
    {
    case SECPKG_ATTR_SIZES:                  return sizeof(SecPkgContext_Sizes);
    case SECPKG_ATTR_NAMES:                  return sizeof(SecPkgContext_NamesW);
    case SECPKG_ATTR_LIFESPAN:               return sizeof(SecPkgContext_Lifespan);
    case SECPKG_ATTR_DCE_INFO:               return sizeof(SecPkgContext_DceInfo);
    case SECPKG_ATTR_STREAM_SIZES:           return sizeof(SecPkgContext_StreamSizes);
    case SECPKG_ATTR_KEY_INFO:               return sizeof(SecPkgContext_KeyInfoW);
    case SECPKG_ATTR_AUTHORITY:              return sizeof(SecPkgContext_AuthorityW);
    case SECPKG_ATTR_PROTO_INFO:             return sizeof(SecPkgContext_ProtoInfoW);
    case SECPKG_ATTR_PASSWORD_EXPIRY:        return sizeof(SecPkgContext_PasswordExpiry);
    case SECPKG_ATTR_SESSION_KEY:            return sizeof(SecPkgContext_SessionKey);
    case SECPKG_ATTR_PACKAGE_INFO:           return sizeof(SecPkgContext_PackageInfoW);
    case SECPKG_ATTR_NEGOTIATION_INFO:       return sizeof(SecPkgContext_NegotiationInfoW);
    case SECPKG_ATTR_NATIVE_NAMES:           return sizeof(SecPkgContext_NativeNamesW);
    case SECPKG_ATTR_FLAGS:                  return sizeof(SecPkgContext_Flags);
    case SECPKG_ATTR_CREDENTIAL_NAME:        return sizeof(SecPkgContext_CredentialNameW);
    case SECPKG_ATTR_ACCESS_TOKEN:           return sizeof(SecPkgContext_AccessToken);
    case SECPKG_ATTR_CLIENT_SPECIFIED_TARGET: return sizeof(SecPkgContext_ClientSpecifiedTarget);
    default:                                 return 0;
    }
}

SECURITY_STATUS SEC_ENTRY QueryContextAttributesExW( CtxtHandle *ctxt, ULONG attr, void *buffer, ULONG size )
{
    ULONG needed = context_attr_size( attr );

    TRACE( "%p %lu %p %lu\n", ctxt, attr, buffer, size );
    if (needed && size < needed) return SEC_E_BUFFER_TOO_SMALL;
    return QueryContextAttributesW( ctxt, attr, buffer );
}

SECURITY_STATUS SEC_ENTRY QueryContextAttributesExA( CtxtHandle *ctxt, ULONG attr, void *buffer, ULONG size )
{
    ULONG needed = context_attr_size( attr );

    TRACE( "%p %lu %p %lu\n", ctxt, attr, buffer, size );
    if (needed && size < needed) return SEC_E_BUFFER_TOO_SMALL;
    return QueryContextAttributesA( ctxt, attr, buffer );
}
