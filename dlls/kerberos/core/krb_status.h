/*
 * The statuses Windows' Kerberos package returns, for what GSSAPI and krb5
 * report: GSS major codes (RFC 2744) and krb5 error codes (com_err codes of
 * MIT's krb5 table: ERROR_TABLE_BASE_krb5 plus the RFC 4120 7.5.9 number for
 * protocol errors). Portable C, no Windows or krb5 dependency: the values
 * are those of winerror.h, ntstatus.h, gssapi.h and krb5.h.
 */
#ifndef __KERBEROS_KRB_STATUS_H
#define __KERBEROS_KRB_STATUS_H

#include <stdint.h>

#define KRB5_ERROR_BASE (-1765328384)   /* ERROR_TABLE_BASE_krb5 */
#define ASN1_ERROR_BASE 1859794432      /* ERROR_TABLE_BASE_asn1: a message that does not decode */

#ifndef SEC_E_OK
#define SEC_E_OK                          ((int32_t)0x00000000)
#define SEC_I_CONTINUE_NEEDED             ((int32_t)0x00090312)
#define SEC_E_INSUFFICIENT_MEMORY         ((int32_t)0x80090300)
#define SEC_E_INVALID_HANDLE              ((int32_t)0x80090301)
#define SEC_E_UNSUPPORTED_FUNCTION        ((int32_t)0x80090302)
#define SEC_E_TARGET_UNKNOWN              ((int32_t)0x80090303)
#define SEC_E_INTERNAL_ERROR              ((int32_t)0x80090304)
#define SEC_E_SECPKG_NOT_FOUND            ((int32_t)0x80090305)
#define SEC_E_INVALID_TOKEN               ((int32_t)0x80090308)
#define SEC_E_QOP_NOT_SUPPORTED           ((int32_t)0x8009030A)
#define SEC_E_LOGON_DENIED                ((int32_t)0x8009030C)
#define SEC_E_NO_CREDENTIALS              ((int32_t)0x8009030E)
#define SEC_E_MESSAGE_ALTERED             ((int32_t)0x8009030F)
#define SEC_E_OUT_OF_SEQUENCE             ((int32_t)0x80090310)
#define SEC_E_NO_AUTHENTICATING_AUTHORITY ((int32_t)0x80090311)
#define SEC_E_CONTEXT_EXPIRED             ((int32_t)0x80090317)
#define SEC_E_INCOMPLETE_MESSAGE          ((int32_t)0x80090318)
#define SEC_E_BUFFER_TOO_SMALL            ((int32_t)0x80090321)
#define SEC_E_WRONG_PRINCIPAL             ((int32_t)0x80090322)
#define SEC_E_TIME_SKEW                   ((int32_t)0x80090324)
#define SEC_E_ETYPE_NOT_SUPP              ((int32_t)0x80090341)
#define SEC_E_BAD_BINDINGS                ((int32_t)0x80090346)
#endif

#ifndef STATUS_LOGON_FAILURE
#define STATUS_NO_SUCH_USER               ((int32_t)0xC0000064)
#define STATUS_WRONG_PASSWORD             ((int32_t)0xC000006A)
#define STATUS_LOGON_FAILURE              ((int32_t)0xC000006D)
#define STATUS_ACCOUNT_RESTRICTION        ((int32_t)0xC000006E)
#define STATUS_PASSWORD_EXPIRED           ((int32_t)0xC0000071)
#define STATUS_ACCOUNT_DISABLED           ((int32_t)0xC0000072)
#define STATUS_NO_LOGON_SERVERS           ((int32_t)0xC000005E)
#define STATUS_TIME_DIFFERENCE_AT_DC      ((int32_t)0xC0000133)
#endif

/* The krb5 com_err code of a KRB-ERROR's error-code. */
int32_t krb_error_from_protocol( int32_t error );

/* The status of a failed GSS call: MAJOR its GSS status, MINOR the krb5 code
 * behind it (its minor status), as the side that failed reports it. */
int32_t krb_sec_status( uint32_t major, int32_t minor );

/* The client's status for the KRB-ERROR a server answered with (its krb5
 * code): a ticket the server cannot read means it is not the target. */
int32_t krb_peer_status( int32_t code );

/* The NTSTATUS and substatus of an LsaLogonUser whose AS exchange failed. */
int32_t krb_logon_status( int32_t code, int32_t *substatus );

#endif
