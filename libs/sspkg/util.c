/*
 * What every package DLL needs around its SSPI calls: memory, the caller's
 * buffers, and copies the caller frees with FreeContextBuffer.
 */
#include "sspkg.h"

void *ssp_alloc( SIZE_T size )
{
    return HeapAlloc( GetProcessHeap(), HEAP_ZERO_MEMORY, size );
}

void ssp_free( void *ptr )
{
    if (ptr) HeapFree( GetProcessHeap(), 0, ptr );
}

WCHAR *ssp_strdup( const WCHAR *str )
{
    SIZE_T size;
    WCHAR *ret;

    if (!str) return NULL;
    size = (wcslen( str ) + 1) * sizeof(WCHAR);
    if ((ret = ssp_alloc( size ))) memcpy( ret, str, size );
    return ret;
}

WCHAR *ssp_strdup_us( const UNICODE_STRING *str )
{
    WCHAR *ret;

    if (!str || !str->Buffer || str->Length < sizeof(WCHAR)) return NULL;
    if ((ret = ssp_alloc( str->Length + sizeof(WCHAR) ))) memcpy( ret, str->Buffer, str->Length & ~1 );
    return ret;
}

char *ssp_utf8( const WCHAR *str )
{
    int len;
    char *ret;

    if (!str) return NULL;
    len = WideCharToMultiByte( CP_UTF8, 0, str, -1, NULL, 0, NULL, NULL );
    if ((ret = ssp_alloc( len ))) WideCharToMultiByte( CP_UTF8, 0, str, -1, ret, len, NULL, NULL );
    return ret;
}

SecBuffer *ssp_find_buffer( SecBufferDesc *desc, ULONG type )
{
    ULONG i;

    if (!desc || !desc->pBuffers) return NULL;
    for (i = 0; i < desc->cBuffers; i++)
        if ((desc->pBuffers[i].BufferType & ~SECBUFFER_ATTRMASK) == type) return &desc->pBuffers[i];
    return NULL;
}

const SecBuffer *ssp_input_token( SecBufferDesc *input )
{
    SecBuffer *token = ssp_find_buffer( input, SECBUFFER_TOKEN );
    return token && token->pvBuffer && token->cbBuffer ? token : NULL;
}

WCHAR *ssp_client_string( const WCHAR *str )
{
    SIZE_T size = (wcslen( str ) + 1) * sizeof(WCHAR);
    WCHAR *ret = ssp_dll ? ssp_dll->AllocateHeap( size ) : NULL;

    if (ret) memcpy( ret, str, size );
    return ret;
}

SecPkgInfoW *ssp_package_info( ULONG index )
{
    const SecPkgInfoW *info = &ssp_packages[index].info;
    SIZE_T name = (wcslen( info->Name ) + 1) * sizeof(WCHAR), comment = (wcslen( info->Comment ) + 1) * sizeof(WCHAR);
    SecPkgInfoW *ret = ssp_dll ? ssp_dll->AllocateHeap( sizeof(*ret) + name + comment ) : NULL;

    if (!ret) return NULL;
    *ret = *info;
    ret->Name = (WCHAR *)(ret + 1);
    memcpy( ret->Name, info->Name, name );
    ret->Comment = (WCHAR *)((char *)ret->Name + name);
    memcpy( ret->Comment, info->Comment, comment );
    return ret;
}

SECURITY_STATUS ssp_put_token( SecBuffer *token, BOOL allocate, const void *data, SIZE_T len, ULONG *attrs )
{
    if (!token) return SEC_E_BUFFER_TOO_SMALL;
    if (allocate)
    {
        if (ssp_lsa->AllocateClientBuffer( NULL, len, &token->pvBuffer )) return SEC_E_INSUFFICIENT_MEMORY;
        memcpy( token->pvBuffer, data, len );
        token->cbBuffer = len;
        if (attrs) *attrs |= ISC_RET_ALLOCATED_MEMORY;  /* the value of ASC_RET_ALLOCATED_MEMORY too */
        return SEC_E_OK;
    }
    if (token->cbBuffer < len) return SEC_E_BUFFER_TOO_SMALL;
    if (!token->pvBuffer) return SEC_E_INTERNAL_ERROR;
    memcpy( token->pvBuffer, data, len );
    token->cbBuffer = len;
    return SEC_E_OK;
}
