/*
 * Messages: gss_wrap_iov, gss_unwrap_iov and MICs over the caller's buffers,
 * in place.
 */
#include <stdlib.h>
#include <string.h>

#include "krb5_priv.h"

#define MAX_IOV 16

/* The caller's buffers as GSS buffers; for a MIC the token is its MIC_TOKEN. */
static int to_gss( const struct krb_iov *in, UINT32 count, gss_iov_buffer_desc *iov, int mic )
{
    UINT32 i;

    if (count > MAX_IOV) return 0;
    for (i = 0; i < count; i++)
    {
        iov[i].type = in[i].type;
        if (mic && iov[i].type == KRB_IOV_HEADER) iov[i].type = GSS_IOV_BUFFER_TYPE_MIC_TOKEN;
        iov[i].buffer.length = in[i].len;
        iov[i].buffer.value = in[i].data;
    }
    return 1;
}

static void from_gss( struct krb_iov *out, UINT32 count, const gss_iov_buffer_desc *iov )
{
    UINT32 i;

    for (i = 0; i < count; i++)
    {
        out[i].len = iov[i].buffer.length;
        out[i].data = iov[i].buffer.value;
    }
}

/* A successful unwrap or verify that found a message out of order. */
static NTSTATUS check_status( OM_uint32 major, OM_uint32 minor )
{
    if (GSS_ERROR( major )) return krb_sec_status( major, minor );
    if (GSS_SUPPLEMENTARY_INFO( major ) & (GSS_S_DUPLICATE_TOKEN | GSS_S_OLD_TOKEN | GSS_S_UNSEQ_TOKEN |
                                           GSS_S_GAP_TOKEN))
        return SEC_E_OUT_OF_SEQUENCE;
    return SEC_E_OK;
}

NTSTATUS krb5_wrap( void *args )
{
    struct message_params *params = args;
    struct context *ctx = context_from_handle( params->ctx );
    gss_iov_buffer_desc iov[MAX_IOV];
    OM_uint32 major, minor;
    int conf = 0;

    if (!ctx || !to_gss( params->iov, params->count, iov, 0 )) return SEC_E_INVALID_TOKEN;
    pthread_mutex_lock( &ctx->lock );
    major = gss_wrap_iov( &minor, ctx->gss, params->conf, GSS_C_QOP_DEFAULT, &conf, iov, params->count );
    pthread_mutex_unlock( &ctx->lock );
    if (GSS_ERROR( major )) return krb_sec_status( major, minor );
    from_gss( params->iov, params->count, iov );
    return SEC_E_OK;
}

/* A token split where the sender's rotation does not put it (RFC 4121 4.2.5):
 * the whole of it, token then data, unwrapped as one; the data back in place. */
static NTSTATUS unwrap_joined( struct context *ctx, struct message_params *params, gss_iov_buffer_desc *iov )
{
    gss_buffer_desc joined, plain = GSS_C_EMPTY_BUFFER;
    OM_uint32 major, minor;
    NTSTATUS status;
    int conf = 0;

    if (params->count != 2 || iov[0].type != GSS_IOV_BUFFER_TYPE_HEADER || iov[1].type != GSS_IOV_BUFFER_TYPE_DATA)
        return SEC_E_INVALID_TOKEN;
    joined.length = iov[0].buffer.length + iov[1].buffer.length;
    if (!(joined.value = malloc( joined.length ))) return SEC_E_INSUFFICIENT_MEMORY;
    memcpy( joined.value, iov[0].buffer.value, iov[0].buffer.length );
    memcpy( (char *)joined.value + iov[0].buffer.length, iov[1].buffer.value, iov[1].buffer.length );
    major = gss_unwrap( &minor, ctx->gss, &joined, &plain, &conf, NULL );
    free( joined.value );
    if (!(status = check_status( major, minor )) || status == SEC_E_OUT_OF_SEQUENCE)
    {
        if (plain.length > iov[1].buffer.length) status = SEC_E_INVALID_TOKEN;
        else
        {
            memcpy( iov[1].buffer.value, plain.value, plain.length );
            iov[1].buffer.length = plain.length;
            params->conf = conf;
            from_gss( params->iov, params->count, iov );
        }
    }
    gss_release_buffer( &minor, &plain );
    return status;
}

NTSTATUS krb5_unwrap( void *args )
{
    struct message_params *params = args;
    struct context *ctx = context_from_handle( params->ctx );
    gss_iov_buffer_desc iov[MAX_IOV];
    OM_uint32 major, minor;
    NTSTATUS status;
    int conf = 0;

    if (!ctx || !to_gss( params->iov, params->count, iov, 0 )) return SEC_E_INVALID_TOKEN;
    pthread_mutex_lock( &ctx->lock );
    major = gss_unwrap_iov( &minor, ctx->gss, &conf, NULL, iov, params->count );
    if (major == GSS_S_DEFECTIVE_TOKEN)
    {
        to_gss( params->iov, params->count, iov, 0 );
        status = unwrap_joined( ctx, params, iov );
    }
    else if (!(status = check_status( major, minor )) || status == SEC_E_OUT_OF_SEQUENCE)
    {
        params->conf = conf;
        from_gss( params->iov, params->count, iov );
    }
    pthread_mutex_unlock( &ctx->lock );
    return status;
}

/* gss_get_mic_iov or gss_verify_mic_iov. */
static NTSTATUS mic( struct message_params *params, int verify )
{
    struct context *ctx = context_from_handle( params->ctx );
    gss_iov_buffer_desc iov[MAX_IOV];
    OM_uint32 major, minor;

    if (!ctx || !to_gss( params->iov, params->count, iov, 1 )) return SEC_E_INVALID_TOKEN;
    pthread_mutex_lock( &ctx->lock );
    if (verify) major = gss_verify_mic_iov( &minor, ctx->gss, NULL, iov, params->count );
    else major = gss_get_mic_iov( &minor, ctx->gss, GSS_C_QOP_DEFAULT, iov, params->count );
    pthread_mutex_unlock( &ctx->lock );
    if (verify || GSS_ERROR( major )) return check_status( major, minor );
    from_gss( params->iov, params->count, iov );
    return SEC_E_OK;
}

NTSTATUS krb5_get_mic( void *args )
{
    return mic( args, 0 );
}

NTSTATUS krb5_verify_mic( void *args )
{
    return mic( args, 1 );
}
