/*
 * LsaCallAuthenticationPackage for msv1_0: the challenge a caller that does
 * NTLM itself asks for; the other MSV1_0 messages are not supported yet and
 * say so through ProtocolStatus, as the call reached the package.
 */
#include "ntlm_priv.h"
#include "msv1_0_calls.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(ntlm);

static NTSTATUS challenge( void **out, ULONG *out_len )
{
    MSV1_0_LM20_CHALLENGE_RESPONSE response = { MsV1_0Lm20ChallengeRequest };
    NTSTATUS status;

    if (!ntlm_random( response.ChallengeToClient, sizeof(response.ChallengeToClient) )) return STATUS_INTERNAL_ERROR;
    if ((status = ssp_lsa->AllocateClientBuffer( NULL, sizeof(response), out ))) return status;
    if ((status = ssp_lsa->CopyToClientBuffer( NULL, sizeof(response), *out, &response )))
    {
        ssp_lsa->FreeClientBuffer( NULL, *out );
        *out = NULL;
        return status;
    }
    *out_len = sizeof(response);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI ntlm_SpCallPackage( PLSA_CLIENT_REQUEST request, void *in, void *base, ULONG in_len, void **out,
                                   ULONG *out_len, NTSTATUS *status )
{
    MSV1_0_PROTOCOL_MESSAGE_TYPE type;

    *out = NULL;
    *out_len = 0;
    if (!in || in_len < sizeof(type)) return STATUS_INVALID_PARAMETER;
    type = *(MSV1_0_PROTOCOL_MESSAGE_TYPE *)in;
    TRACE( "message %u\n", type );
    switch (type)
    {
    case MsV1_0Lm20ChallengeRequest:
        *status = challenge( out, out_len );
        break;
    default:
        FIXME( "message %u not supported\n", type );
        *status = STATUS_NOT_SUPPORTED;
        break;
    }
    return STATUS_SUCCESS;
}
