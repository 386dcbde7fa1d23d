/*
 * Debug channels for the project's PE DLLs, with Wine's API and output format:
 *
 *   WINE_DEFAULT_DEBUG_CHANNEL(ntlm);
 *   TRACE( "%p %s\n", handle, debugstr_w(name) );   ->  0024:trace:ntlm:func 0x1234 L"name"
 *
 * WINEDEBUG selects what is printed, as in Wine ("+ntlm", "warn+all", "-all",
 * "trace-secur32", ...); fixme and err are on by default. Lines go to Wine's
 * debug output when running under Wine, else to stderr.
 *
 * Never pass a secret (password, hash, key, session key) to these macros.
 */
#ifndef __WINE_WINE_DEBUG_H
#define __WINE_WINE_DEBUG_H

#include <stdarg.h>
#include <windef.h>

#ifdef __WINE_WINE_TEST_H
# error wine/test.h should not be used with wine/debug.h
#endif

enum __wine_debug_class
{
    __WINE_DBCL_FIXME,
    __WINE_DBCL_ERR,
    __WINE_DBCL_WARN,
    __WINE_DBCL_TRACE,
    __WINE_DBCL_INIT = 7  /* flags not computed yet */
};

struct __wine_debug_channel
{
    unsigned char flags;
    char name[15];
};

#ifdef __GNUC__
# define __WINE_PRINTF_ATTR(fmt, args) __attribute__((format(printf, fmt, args)))
#else
# define __WINE_PRINTF_ATTR(fmt, args)
#endif

extern unsigned char __wine_dbg_get_channel_flags( struct __wine_debug_channel *channel );
extern int __wine_dbg_log( enum __wine_debug_class cls, struct __wine_debug_channel *channel,
                           const char *function, const char *format, ... ) __WINE_PRINTF_ATTR(4, 5);
extern const char *wine_dbg_sprintf( const char *format, ... ) __WINE_PRINTF_ATTR(1, 2);
extern const char *wine_dbgstr_an( const char *str, int n );
extern const char *wine_dbgstr_wn( const WCHAR *str, int n );
extern const char *wine_dbgstr_guid( const GUID *guid );

static inline const char *wine_dbgstr_a( const char *s ) { return wine_dbgstr_an( s, -1 ); }
static inline const char *wine_dbgstr_w( const WCHAR *s ) { return wine_dbgstr_wn( s, -1 ); }
static inline const char *debugstr_an( const char *s, int n ) { return wine_dbgstr_an( s, n ); }
static inline const char *debugstr_wn( const WCHAR *s, int n ) { return wine_dbgstr_wn( s, n ); }
static inline const char *debugstr_a( const char *s ) { return wine_dbgstr_an( s, -1 ); }
static inline const char *debugstr_w( const WCHAR *s ) { return wine_dbgstr_wn( s, -1 ); }
static inline const char *debugstr_guid( const GUID *id ) { return wine_dbgstr_guid( id ); }

static inline int __wine_dbg_on( enum __wine_debug_class cls, struct __wine_debug_channel *channel )
{
    unsigned char flags = channel->flags;
    if (flags == (1 << __WINE_DBCL_INIT)) flags = __wine_dbg_get_channel_flags( channel );
    return (flags >> cls) & 1;
}

/* "TRACE_(ch)( fmt, ... )": the macro opens a block that __WINE_DBG_LOG closes. */
#define __WINE_DPRINTF(cls, ch) \
    do { if (__wine_dbg_on( cls, ch )) { \
        struct __wine_debug_channel * const __dbch = (ch); \
        const enum __wine_debug_class __dbcl = (cls); \
        __WINE_DBG_LOG

#define __WINE_DBG_LOG(...) \
        __wine_dbg_log( __dbcl, __dbch, __func__, __VA_ARGS__ ); } } while (0)

#define WINE_DEFAULT_DEBUG_CHANNEL(ch) \
    static struct __wine_debug_channel __wine_dbch_##ch = { 1 << __WINE_DBCL_INIT, #ch }; \
    static struct __wine_debug_channel * const __wine_dbch___default = &__wine_dbch_##ch
#define WINE_DECLARE_DEBUG_CHANNEL(ch) \
    static struct __wine_debug_channel __wine_dbch_##ch = { 1 << __WINE_DBCL_INIT, #ch }

#define TRACE_ON(ch)  __wine_dbg_on( __WINE_DBCL_TRACE, &__wine_dbch_##ch )
#define WARN_ON(ch)   __wine_dbg_on( __WINE_DBCL_WARN, &__wine_dbch_##ch )

#define TRACE   __WINE_DPRINTF( __WINE_DBCL_TRACE, __wine_dbch___default )
#define WARN    __WINE_DPRINTF( __WINE_DBCL_WARN, __wine_dbch___default )
#define FIXME   __WINE_DPRINTF( __WINE_DBCL_FIXME, __wine_dbch___default )
#define ERR     __WINE_DPRINTF( __WINE_DBCL_ERR, __wine_dbch___default )
#define TRACE_(ch) __WINE_DPRINTF( __WINE_DBCL_TRACE, &__wine_dbch_##ch )
#define WARN_(ch)  __WINE_DPRINTF( __WINE_DBCL_WARN, &__wine_dbch_##ch )
#define FIXME_(ch) __WINE_DPRINTF( __WINE_DBCL_FIXME, &__wine_dbch_##ch )
#define ERR_(ch)   __WINE_DPRINTF( __WINE_DBCL_ERR, &__wine_dbch_##ch )

#endif /* __WINE_WINE_DEBUG_H */
