/*
 * Calls from kerberos.dll to kerberos.so (MIT krb5 / GSSAPI).
 */
#ifndef __KERBEROS_UNIXLIB_H
#define __KERBEROS_UNIXLIB_H

#include "wine/unixlib.h"

enum kerberos_funcs
{
    unix_process_attach,
    unix_funcs_count,
};

/* Initializes the library; reports what it found. */
struct process_attach_params
{
    UINT32 mech_count;     /* GSSAPI mechanisms available */
    UINT32 has_krb5;       /* the Kerberos 5 mechanism is one of them */
    char   realm[256];     /* default realm, empty when not configured */
};

#endif
