/*
 * SSPI context flags of the Kerberos package and the GSS-API flags
 * (RFC 2744, MIT extensions) they stand for, both ways.
 * Portable C, no Windows dependency: the values are those of sspi.h.
 */
#ifndef __KERBEROS_FLAGS_H
#define __KERBEROS_FLAGS_H

#include <stdint.h>

/* GSS-API context flags (gssapi.h, and MIT's Microsoft extensions) */
#define GSS_FLAG_DELEG          0x0001
#define GSS_FLAG_MUTUAL         0x0002
#define GSS_FLAG_REPLAY         0x0004
#define GSS_FLAG_SEQUENCE       0x0008
#define GSS_FLAG_CONF           0x0010
#define GSS_FLAG_INTEG          0x0020
#define GSS_FLAG_DCE_STYLE      0x1000
#define GSS_FLAG_IDENTIFY       0x2000
#define GSS_FLAG_EXTENDED_ERROR 0x4000

/* ISC_REQ_* -> GSS_C_*_FLAG requested by gss_init_sec_context */
uint32_t isc_req_to_gss( uint32_t req );
/* GSS_C_*_FLAG granted -> ISC_RET_* */
uint32_t gss_to_isc_ret( uint32_t gss );
/* ASC_REQ_* -> GSS_C_*_FLAG the server asks for */
uint32_t asc_req_to_gss( uint32_t req );
/* GSS_C_*_FLAG granted -> ASC_RET_* */
uint32_t gss_to_asc_ret( uint32_t gss );

#endif
