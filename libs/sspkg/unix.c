/*
 * The Unix side of a package DLL, reached once at process attach.
 */
#include "sspkg.h"
#include "wine/unixlib.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sspkg);

NTSTATUS ssp_unix_attach( unsigned int code, void *params )
{
    NTSTATUS status;

    if ((status = __wine_init_unix_call()))
    {
        ERR( "no Unix library: %08lx\n", status );
        return status;
    }
    if ((status = WINE_UNIX_CALL( code, params ))) ERR( "Unix library unusable: %08lx\n", status );
    return status;
}
