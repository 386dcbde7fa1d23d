/*
 * mechListMICs (RFC 4178 5): the chosen package's signature over the
 * client's MechTypeList as it went on the wire, which tells both sides no
 * one changed the list to steer the choice. NTLM keeps its RC4 state across
 * them (MS-SPNG 3.2.5.1, 3.3.5.1): see SSP_MECHLISTMIC_MARKER.
 */
#include "nego_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(negotiate);

static void mic_buffers( struct nego_context *ctx, SecBuffer bufs[3], BYTE *mic, ULONG len )
{
    bufs[0].BufferType = SECBUFFER_DATA;  /* only read, and signed */
    bufs[0].cbBuffer = ctx->mech_list_len;
    bufs[0].pvBuffer = ctx->mech_list;
    bufs[1].BufferType = SECBUFFER_TOKEN;
    bufs[1].cbBuffer = len;
    bufs[1].pvBuffer = mic;
    bufs[2].BufferType = SECBUFFER_PKG_PARAMS;
    bufs[2].cbBuffer = sizeof(SSP_MECHLISTMIC_MARKER) - 1;
    bufs[2].pvBuffer = (void *)SSP_MECHLISTMIC_MARKER;
}

SECURITY_STATUS nego_mic_make( struct nego_context *ctx, BYTE mic[NEGO_MAX_MIC], ULONG *len )
{
    SecBuffer bufs[3];
    SecBufferDesc desc = { SECBUFFER_VERSION, 3, bufs };
    SECURITY_STATUS status;

    mic_buffers( ctx, bufs, mic, NEGO_MAX_MIC );
    if ((status = MakeSignature( &ctx->sub, 0, &desc, 0 ))) WARN( "no mechListMIC: %08lx\n", status );
    *len = bufs[1].cbBuffer;
    return status;
}

SECURITY_STATUS nego_mic_check( struct nego_context *ctx, const BYTE *mic, ULONG len )
{
    SecBuffer bufs[3];
    SecBufferDesc desc = { SECBUFFER_VERSION, 3, bufs };
    BYTE copy[NEGO_MAX_MIC];
    SECURITY_STATUS status;
    ULONG qop;

    /* an NTLM signature is 16 bytes, no more (MS-NLMP 2.2.2.9) */
    if (len > sizeof(copy) || (ctx->package == NEGO_NTLM && len != 16)) return SEC_E_INVALID_TOKEN;
    memcpy( copy, mic, len );
    mic_buffers( ctx, bufs, copy, len );
    if ((status = VerifySignature( &ctx->sub, &desc, 0, &qop ))) WARN( "mechListMIC refused: %08lx\n", status );
    return status;
}
