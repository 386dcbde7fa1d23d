/*
 * The call interface between a PE DLL and its Unix library under Wine.
 *
 * The Unix side (NAME.so, in Wine's x86_64-unix directory next to the PE's
 * x86_64-windows/NAME.dll) exports
 *
 *     const unixlib_entry_t __wine_unix_call_funcs[];
 *
 * indexed by the package's own enum of calls; each entry takes a pointer to
 * that call's params struct. The PE side calls __wine_init_unix_call() once,
 * then WINE_UNIX_CALL( code, &params ).
 *
 * Params structs cross the boundary as they are: use fixed-size types
 * (UINT32, UINT64, pointers) and never "long", whose size differs between the
 * PE (LLP64) and Unix (LP64) ABIs.
 */
#ifndef __WINE_WINE_UNIXLIB_H
#define __WINE_WINE_UNIXLIB_H

#include <stdint.h>

typedef uint64_t unixlib_handle_t;

#ifdef _WIN32

#include <windef.h>
#include <winternl.h>

/* Initializes the handle of the calling module's Unix library.
 * Returns STATUS_DLL_NOT_FOUND when not running under Wine or when the .so is missing. */
extern NTSTATUS __wine_init_unix_call( void );
extern NTSTATUS __wine_unix_call( unixlib_handle_t handle, unsigned int code, void *args );
extern unixlib_handle_t __wine_unixlib_handle;

#define WINE_UNIX_CALL(code, args) __wine_unix_call( __wine_unixlib_handle, (code), (args) )

#else  /* the Unix side */

typedef int32_t NTSTATUS;
typedef uint8_t UINT8;
typedef uint16_t UINT16;
typedef uint32_t UINT32;
typedef uint64_t UINT64;
typedef int32_t INT32;
typedef int64_t INT64;
typedef NTSTATUS (*unixlib_entry_t)( void *args );

/* The Unix libraries build with hidden visibility; this exports the table. */
#define UNIXLIB_EXPORT __attribute__((visibility("default")))

#ifndef STATUS_SUCCESS
# define STATUS_SUCCESS              ((NTSTATUS)0x00000000)
# define STATUS_NOT_IMPLEMENTED      ((NTSTATUS)0xC0000002)
# define STATUS_INVALID_PARAMETER    ((NTSTATUS)0xC000000D)
# define STATUS_NO_MEMORY            ((NTSTATUS)0xC0000017)
# define STATUS_BUFFER_TOO_SMALL     ((NTSTATUS)0xC0000023)
# define STATUS_INTERNAL_ERROR       ((NTSTATUS)0xC00000E5)
# define STATUS_NOT_SUPPORTED        ((NTSTATUS)0xC00000BB)
# define STATUS_NOT_FOUND            ((NTSTATUS)0xC0000225)
# define STATUS_OBJECT_NAME_NOT_FOUND ((NTSTATUS)0xC0000034)
#endif

#endif

#endif /* __WINE_WINE_UNIXLIB_H */
