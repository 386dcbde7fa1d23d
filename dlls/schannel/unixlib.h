/*
 * Calls from schannel.dll to schannel.so (GnuTLS).
 */
#ifndef __SCHANNEL_UNIXLIB_H
#define __SCHANNEL_UNIXLIB_H

#include "wine/unixlib.h"

enum schannel_funcs
{
    unix_process_attach,
    unix_funcs_count,
};

/* Initializes GnuTLS; reports its version. */
struct process_attach_params
{
    char version[32];
};

#endif
