/*
 * The MSV1_0 package-call structures Windows' ntsecapi.h has and MinGW's
 * lacks, for msv1_0.dll and the tests that call it.
 */
#ifndef __MSV1_0_CALLS_H
#define __MSV1_0_CALLS_H

#ifndef MSV1_0_CHALLENGE_LENGTH
#define MSV1_0_CHALLENGE_LENGTH 8
#endif

typedef struct _MSV1_0_LM20_CHALLENGE_REQUEST
{
    MSV1_0_PROTOCOL_MESSAGE_TYPE MessageType;
} MSV1_0_LM20_CHALLENGE_REQUEST;

typedef struct _MSV1_0_LM20_CHALLENGE_RESPONSE
{
    MSV1_0_PROTOCOL_MESSAGE_TYPE MessageType;
    UCHAR ChallengeToClient[MSV1_0_CHALLENGE_LENGTH];
} MSV1_0_LM20_CHALLENGE_RESPONSE;

#endif
