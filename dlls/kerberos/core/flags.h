/*
 * SSPI context flags of the Kerberos package and the GSS-API flags
 * (RFC 2744, MIT extensions) they stand for, both ways.
 * Portable C, no Windows dependency: the values are those of sspi.h.
 */
#ifndef __KERBEROS_FLAGS_H
#define __KERBEROS_FLAGS_H

#include <stdint.h>

/* ISC_REQ_* -> GSS_C_*_FLAG requested by gss_init_sec_context */
uint32_t isc_req_to_gss( uint32_t req );
/* GSS_C_*_FLAG granted -> ISC_RET_* */
uint32_t gss_to_isc_ret( uint32_t gss );
/* ASC_REQ_* -> GSS_C_*_FLAG the server asks for */
uint32_t asc_req_to_gss( uint32_t req );
/* GSS_C_*_FLAG granted -> ASC_RET_* */
uint32_t gss_to_asc_ret( uint32_t gss );

#endif
