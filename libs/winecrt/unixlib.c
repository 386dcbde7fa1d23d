/*
 * PE side of the Unix call interface (see wine/unixlib.h).
 *
 * Wine hands out the Unix library of a builtin module through
 * NtQueryVirtualMemory( MemoryWineUnixFuncs ) and dispatches calls through the
 * function pointer that ntdll exports as __wine_unix_call_dispatcher.
 */
#include <windows.h>
#include <ntstatus.h>
#include <winternl.h>

#include "wine/unixlib.h"

#define MemoryWineUnixFuncs 1000

NTSTATUS NTAPI NtQueryVirtualMemory( HANDLE process, const void *addr, ULONG info_class, void *buffer,
                                     SIZE_T len, SIZE_T *ret_len );

extern IMAGE_DOS_HEADER __ImageBase;

typedef NTSTATUS (WINAPI *unix_call_dispatcher_t)( unixlib_handle_t, unsigned int, void * );

unixlib_handle_t __wine_unixlib_handle;
static unix_call_dispatcher_t dispatcher;

NTSTATUS __wine_init_unix_call( void )
{
    HMODULE ntdll = GetModuleHandleW( L"ntdll.dll" );
    unix_call_dispatcher_t *pdispatcher;
    NTSTATUS status;

    if (!ntdll || !(pdispatcher = (void *)GetProcAddress( ntdll, "__wine_unix_call_dispatcher" )))
        return STATUS_DLL_NOT_FOUND;
    status = NtQueryVirtualMemory( GetCurrentProcess(), &__ImageBase, MemoryWineUnixFuncs,
                                   &__wine_unixlib_handle, sizeof(__wine_unixlib_handle), NULL );
    if (status) return status;
    dispatcher = *pdispatcher;
    return STATUS_SUCCESS;
}

NTSTATUS __wine_unix_call( unixlib_handle_t handle, unsigned int code, void *args )
{
    if (!dispatcher) return STATUS_DLL_NOT_FOUND;
    return dispatcher( handle, code, args );
}
