/*
 * The project's test framework: source-compatible with Wine's <wine/test.h> API
 * (ok, todo_wine, broken, skip, win_skip, trace, winetest_push_context,
 * START_TEST, ...), so a Wine-style conformance test written for Windows builds
 * against it unchanged. It also builds natively (no <windows.h>) for the unit
 * tests of the portable protocol cores.
 *
 * Each test source defines START_TEST(name). One generated file defines
 * STANDALONE, lists the tests in winetest_testlist[] and includes this header,
 * which then also provides the runner: "prog NAME" runs one test and ends with
 *   NNNN:NAME: N tests executed (N marked as todo, N failures), N skipped.
 */
#ifndef __WINE_WINE_TEST_H
#define __WINE_WINE_TEST_H

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
# include <windef.h>
# include <winbase.h>
#else
# include <stdint.h>
typedef uint16_t WCHAR;
typedef int LONG;
typedef unsigned long long ULONGLONG;
#endif

#ifdef __WINE_WINE_DEBUG_H
# error wine/debug.h should not be used in tests
#endif

extern int winetest_debug;              /* WINETEST_DEBUG */
extern int winetest_interactive;        /* WINETEST_INTERACTIVE */
extern int winetest_report_success;     /* WINETEST_REPORT_SUCCESS */
extern const char *winetest_platform;   /* WINETEST_PLATFORM: "windows" (default) or "wine" */

#if defined(__GNUC__) && defined(__MINGW_PRINTF_FORMAT)
# define WINETEST_PRINTF_ATTR(fmt, args) __attribute__((format(__MINGW_PRINTF_FORMAT, fmt, args)))
#elif defined(__GNUC__)
# define WINETEST_PRINTF_ATTR(fmt, args) __attribute__((format(printf, fmt, args)))
#else
# define WINETEST_PRINTF_ATTR(fmt, args)
#endif

extern void winetest_set_location( const char *file, int line );
extern void winetest_subtest( const char *name );
extern void winetest_start_todo( int is_todo );
extern int winetest_loop_todo( void );
extern void winetest_end_todo( void );
extern void winetest_start_flaky( int is_flaky );
extern int winetest_loop_flaky( void );
extern void winetest_end_flaky( void );
extern void winetest_push_context( const char *fmt, ... ) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_pop_context( void );
extern int winetest_get_mainargs( char ***pargv );
extern LONG winetest_get_failures( void );
extern void winetest_add_failures( LONG new_failures );
extern int broken( int condition );

extern int winetest_vok( int condition, const char *msg, va_list args );
extern void winetest_vskip( const char *msg, va_list args );
extern void winetest_ok( int condition, const char *msg, ... ) WINETEST_PRINTF_ATTR(2, 3);
extern void winetest_skip( const char *msg, ... ) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_win_skip( const char *msg, ... ) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_trace( const char *msg, ... ) WINETEST_PRINTF_ATTR(1, 2);

extern const char *wine_dbgstr_an( const char *str, int n );
extern const char *wine_dbgstr_wn( const WCHAR *str, int n );
extern const char *wine_dbgstr_longlong( ULONGLONG ll );
static inline const char *wine_dbgstr_a( const char *s ) { return wine_dbgstr_an( s, -1 ); }
static inline const char *wine_dbgstr_w( const WCHAR *s ) { return wine_dbgstr_wn( s, -1 ); }

#ifdef _WIN32
extern void winetest_wait_child_process( HANDLE process );
extern const char *wine_dbgstr_guid( const GUID *guid );
extern const char *wine_dbgstr_rect( const RECT *rect );
extern const char *wine_dbgstr_point( const POINT *point );
#endif

static inline int winetest_strcmpW( const WCHAR *str1, const WCHAR *str2 )
{
    while (*str1 && *str1 == *str2) { str1++; str2++; }
    return *str1 - *str2;
}

#ifdef STANDALONE
# define START_TEST(name) \
    static void func_##name(void); \
    const struct test winetest_testlist[] = { { #name, func_##name }, { 0, 0 } }; \
    static void func_##name(void)
#else
# define START_TEST(name) void func_##name(void)
#endif

#define subtest_(file, line)  (winetest_set_location(file, line), 0) ? (void)0 : winetest_subtest
#define ok_(file, line)       (winetest_set_location(file, line), 0) ? (void)0 : winetest_ok
#define skip_(file, line)     (winetest_set_location(file, line), 0) ? (void)0 : winetest_skip
#define win_skip_(file, line) (winetest_set_location(file, line), 0) ? (void)0 : winetest_win_skip
#define trace_(file, line)    (winetest_set_location(file, line), 0) ? (void)0 : winetest_trace
#define wait_child_process_(file, line) \
    (winetest_set_location(file, line), 0) ? (void)0 : winetest_wait_child_process

#define subtest  subtest_(__FILE__, __LINE__)
#define ok       ok_(__FILE__, __LINE__)
#define skip     skip_(__FILE__, __LINE__)
#define win_skip win_skip_(__FILE__, __LINE__)
#define trace    trace_(__FILE__, __LINE__)
#define wait_child_process wait_child_process_(__FILE__, __LINE__)

#define todo_if(is_todo) for (winetest_start_todo(is_todo); winetest_loop_todo(); winetest_end_todo())
#define todo_wine              todo_if(!strcmp(winetest_platform, "wine"))
#define todo_wine_if(is_todo)  todo_if((is_todo) && !strcmp(winetest_platform, "wine"))

#define flaky_if(is_flaky) for (winetest_start_flaky(is_flaky); winetest_loop_flaky(); winetest_end_flaky())
#define flaky                  flaky_if(1)
#define flaky_wine             flaky_if(!strcmp(winetest_platform, "wine"))
#define flaky_wine_if(is_flaky) flaky_if((is_flaky) && !strcmp(winetest_platform, "wine"))

#ifndef ARRAY_SIZE
# define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

/************************************************************************
 * The implementation, compiled once: in the file that defines STANDALONE.
 */
#ifdef STANDALONE

#include <stdio.h>
#ifndef _WIN32
# include <errno.h>
# include <unistd.h>
#endif

struct test
{
    const char *name;
    void (*func)(void);
};

extern const struct test winetest_testlist[];

int winetest_debug = 1;
int winetest_interactive = 0;
int winetest_report_success = 0;
const char *winetest_platform = "windows";

static int winetest_argc;
static char **winetest_argv;
static const struct test *winetest_current;

static LONG winetest_successes, winetest_failures, winetest_skipped;
static LONG winetest_todo_successes, winetest_todo_failures, winetest_flaky_failures;

#define WINETEST_MAX_CONTEXT 8

struct winetest_thread_data
{
    const char *file;
    int line;
    unsigned int todo_level;
    int todo_do_loop;
    unsigned int flaky_level;
    int flaky_do_loop;
    unsigned int context_count;
    char context[WINETEST_MAX_CONTEXT][128];
    unsigned int str_pos;
    char strings[4096];                 /* ring of wine_dbgstr_* results */
};

static _Thread_local struct winetest_thread_data winetest_thread;

/* Thread-local storage goes through TlsGetValue on Windows, which resets the
 * last error: keep the caller's, which the checks are often about. */
#ifdef _WIN32
# define WINETEST_SAVE_ERROR    DWORD winetest_saved_error = GetLastError()
# define WINETEST_RESTORE_ERROR SetLastError( winetest_saved_error )
#else
# define WINETEST_SAVE_ERROR    int winetest_saved_error = errno
# define WINETEST_RESTORE_ERROR errno = winetest_saved_error
#endif
static LONG winetest_increment( LONG *value )
{
    return __atomic_add_fetch( value, 1, __ATOMIC_SEQ_CST );
}

static char *winetest_temp_buffer( size_t size )
{
    struct winetest_thread_data *data = &winetest_thread;
    char *res;

    if (size > sizeof(data->strings)) size = sizeof(data->strings);
    if (data->str_pos + size > sizeof(data->strings)) data->str_pos = 0;
    res = data->strings + data->str_pos;
    data->str_pos += size;
    return res;
}

/* Formats one whole line and writes it at once, so threads do not interleave. */
static void winetest_print( const char *prefix, const char *msg, va_list args )
{
    struct winetest_thread_data *data = &winetest_thread;
    char line[4096];
    int len = 0, n;
    unsigned int i;

    if (data->file) len = snprintf( line, sizeof(line), "%s:%d: ", data->file, data->line );
    for (i = 0; i < data->context_count && len < (int)sizeof(line); i++)
        len += snprintf( line + len, sizeof(line) - len, "%s: ", data->context[i] );
    if (len < (int)sizeof(line)) len += snprintf( line + len, sizeof(line) - len, "%s", prefix );
    if (len < (int)sizeof(line))
    {
        n = vsnprintf( line + len, sizeof(line) - len, msg, args );
        if (n > 0) len += n;
    }
    if (len >= (int)sizeof(line))
    {
        len = sizeof(line) - 1;
        line[len - 1] = '\n';
    }
    fwrite( line, 1, len, stdout );
    fflush( stdout );
}

static void winetest_printf( const char *prefix, const char *msg, ... )
{
    va_list args;
    va_start( args, msg );
    winetest_print( prefix, msg, args );
    va_end( args );
}

void winetest_set_location( const char *file, int line )
{
    const char *p = file, *base = file;
    WINETEST_SAVE_ERROR;

    for (; *p; p++) if (*p == '/' || *p == '\\') base = p + 1;
    winetest_thread.file = base;
    winetest_thread.line = line;
    WINETEST_RESTORE_ERROR;
}

void winetest_subtest( const char *name )
{
    winetest_printf( "", "Subtest %s\n", name );
}

int broken( int condition )
{
    return !strcmp( winetest_platform, "windows" ) && condition;
}

int winetest_vok( int condition, const char *msg, va_list args )
{
    struct winetest_thread_data *data = &winetest_thread;

    if (data->todo_level)
    {
        if (condition)
        {
            winetest_print( "Test succeeded inside todo block: ", msg, args );
            winetest_increment( &winetest_todo_failures );
            return 0;
        }
        if (winetest_debug > 0) winetest_print( "Test marked todo: ", msg, args );
        winetest_increment( &winetest_todo_successes );
        return 1;
    }
    if (!condition)
    {
        if (data->flaky_level)
        {
            winetest_print( "Test marked flaky: ", msg, args );
            winetest_increment( &winetest_flaky_failures );
            return 0;
        }
        winetest_print( "Test failed: ", msg, args );
        winetest_increment( &winetest_failures );
        return 0;
    }
    if (winetest_report_success) winetest_printf( "", "Test succeeded\n" );
    winetest_increment( &winetest_successes );
    return 1;
}

void winetest_ok( int condition, const char *msg, ... )
{
    va_list args;
    va_start( args, msg );
    winetest_vok( condition, msg, args );
    va_end( args );
}

void winetest_trace( const char *msg, ... )
{
    va_list args;

    if (winetest_debug <= 0) return;
    va_start( args, msg );
    winetest_print( "", msg, args );
    va_end( args );
}

void winetest_vskip( const char *msg, va_list args )
{
    winetest_print( "Tests skipped: ", msg, args );
    winetest_increment( &winetest_skipped );
}

void winetest_skip( const char *msg, ... )
{
    va_list args;
    va_start( args, msg );
    winetest_vskip( msg, args );
    va_end( args );
}

void winetest_win_skip( const char *msg, ... )
{
    va_list args;
    va_start( args, msg );
    if (!strcmp( winetest_platform, "windows" )) winetest_vskip( msg, args );
    else winetest_vok( 0, msg, args );
    va_end( args );
}

/* todo and flaky blocks nest: one bit per level, and a loop that runs once */
static void winetest_start_block( unsigned int *level, int *do_loop, int on )
{
    WINETEST_SAVE_ERROR;
    *level = (*level << 1) | (on != 0);
    *do_loop = 1;
    WINETEST_RESTORE_ERROR;
}

static int winetest_loop_block( int *do_loop )
{
    WINETEST_SAVE_ERROR;
    int ret = *do_loop;
    *do_loop = 0;
    WINETEST_RESTORE_ERROR;
    return ret;
}

static void winetest_end_block( unsigned int *level )
{
    WINETEST_SAVE_ERROR;
    *level >>= 1;
    WINETEST_RESTORE_ERROR;
}

void winetest_start_todo( int is_todo )
{
    winetest_start_block( &winetest_thread.todo_level, &winetest_thread.todo_do_loop, is_todo );
}

int winetest_loop_todo( void )
{
    return winetest_loop_block( &winetest_thread.todo_do_loop );
}

void winetest_end_todo( void )
{
    winetest_end_block( &winetest_thread.todo_level );
}

void winetest_start_flaky( int is_flaky )
{
    winetest_start_block( &winetest_thread.flaky_level, &winetest_thread.flaky_do_loop, is_flaky );
}

int winetest_loop_flaky( void )
{
    return winetest_loop_block( &winetest_thread.flaky_do_loop );
}

void winetest_end_flaky( void )
{
    winetest_end_block( &winetest_thread.flaky_level );
}

void winetest_push_context( const char *fmt, ... )
{
    struct winetest_thread_data *data = &winetest_thread;
    va_list args;

    if (data->context_count < WINETEST_MAX_CONTEXT)
    {
        va_start( args, fmt );
        vsnprintf( data->context[data->context_count], sizeof(data->context[0]), fmt, args );
        va_end( args );
    }
    data->context_count++;
}

void winetest_pop_context( void )
{
    if (winetest_thread.context_count) winetest_thread.context_count--;
}

int winetest_get_mainargs( char ***pargv )
{
    *pargv = winetest_argv;
    return winetest_argc;
}

LONG winetest_get_failures( void )
{
    return winetest_failures;
}

void winetest_add_failures( LONG new_failures )
{
    while (new_failures-- > 0) winetest_increment( &winetest_failures );
}

const char *wine_dbgstr_an( const char *str, int n )
{
    char *res, *dst;
    size_t size;

    if (!str) return "(null)";
    if (n < 0) n = (int)strlen( str );
    size = 12 + (n < 300 ? n : 300) * 4;
    dst = res = winetest_temp_buffer( size );
    *dst++ = '"';
    while (n > 0 && dst < res + size - 9)
    {
        unsigned char c = (unsigned char)*str++;
        n--;
        switch (c)
        {
        case '\n': *dst++ = '\\'; *dst++ = 'n'; break;
        case '\r': *dst++ = '\\'; *dst++ = 'r'; break;
        case '\t': *dst++ = '\\'; *dst++ = 't'; break;
        case '"':  *dst++ = '\\'; *dst++ = '"'; break;
        case '\\': *dst++ = '\\'; *dst++ = '\\'; break;
        default:
            if (c >= ' ' && c <= 126) *dst++ = (char)c;
            else dst += sprintf( dst, "\\x%02x", c );
        }
    }
    *dst++ = '"';
    if (n > 0) { *dst++ = '.'; *dst++ = '.'; *dst++ = '.'; }
    *dst = 0;
    return res;
}

const char *wine_dbgstr_wn( const WCHAR *str, int n )
{
    char *res, *dst;
    size_t size;

    if (!str) return "(null)";
    if (n < 0) for (n = 0; str[n]; n++) ;
    size = 13 + (n < 300 ? n : 300) * 6;
    dst = res = winetest_temp_buffer( size );
    *dst++ = 'L';
    *dst++ = '"';
    while (n > 0 && dst < res + size - 11)
    {
        WCHAR c = *str++;
        n--;
        switch (c)
        {
        case '\n': *dst++ = '\\'; *dst++ = 'n'; break;
        case '\r': *dst++ = '\\'; *dst++ = 'r'; break;
        case '\t': *dst++ = '\\'; *dst++ = 't'; break;
        case '"':  *dst++ = '\\'; *dst++ = '"'; break;
        case '\\': *dst++ = '\\'; *dst++ = '\\'; break;
        default:
            if (c >= ' ' && c <= 126) *dst++ = (char)c;
            else dst += sprintf( dst, "\\x%04x", c );
        }
    }
    *dst++ = '"';
    if (n > 0) { *dst++ = '.'; *dst++ = '.'; *dst++ = '.'; }
    *dst = 0;
    return res;
}

const char *wine_dbgstr_longlong( ULONGLONG ll )
{
    char *res = winetest_temp_buffer( 20 );
    if (ll >> 32) sprintf( res, "%lx%08lx", (unsigned long)(ll >> 32), (unsigned long)(ll & 0xffffffff) );
    else sprintf( res, "%lx", (unsigned long)ll );
    return res;
}

#ifdef _WIN32
void winetest_wait_child_process( HANDLE process )
{
    DWORD exit_code = 1;

    if (WaitForSingleObject( process, 30000 ))
        winetest_printf( "", "%s: child process wait failed\n", winetest_current->name );
    else
        GetExitCodeProcess( process, &exit_code );

    if (exit_code > 255)
    {
        winetest_printf( "", "%s: exception 0x%08lx in child process\n", winetest_current->name, exit_code );
        winetest_increment( &winetest_failures );
    }
    else if (exit_code)
    {
        winetest_printf( "", "%s: %lu failures in child process\n", winetest_current->name, exit_code );
        winetest_add_failures( exit_code );
    }
}

const char *wine_dbgstr_guid( const GUID *id )
{
    char *res;

    if (!id) return "(null)";
    res = winetest_temp_buffer( 39 );
    sprintf( res, "{%08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
             (unsigned long)id->Data1, id->Data2, id->Data3, id->Data4[0], id->Data4[1],
             id->Data4[2], id->Data4[3], id->Data4[4], id->Data4[5], id->Data4[6], id->Data4[7] );
    return res;
}

const char *wine_dbgstr_rect( const RECT *rect )
{
    char *res;

    if (!rect) return "(null)";
    res = winetest_temp_buffer( 60 );
    sprintf( res, "(%ld,%ld)-(%ld,%ld)", rect->left, rect->top, rect->right, rect->bottom );
    return res;
}

const char *wine_dbgstr_point( const POINT *pt )
{
    char *res;

    if (!pt) return "(null)";
    res = winetest_temp_buffer( 30 );
    sprintf( res, "(%ld,%ld)", pt->x, pt->y );
    return res;
}
#endif

static int winetest_env_int( const char *name, int def )
{
    const char *value = getenv( name );
    return value ? atoi( value ) : def;
}

static void winetest_list( const char *prog )
{
    const struct test *test;

    fprintf( stdout, "Usage: %s test_name\n\nValid test names:\n", prog );
    for (test = winetest_testlist; test->name; test++) fprintf( stdout, "    %s\n", test->name );
}

static int winetest_run( const struct test *test )
{
    LONG failures;
    unsigned int pid;

#ifdef _WIN32
    pid = GetCurrentProcessId();
#else
    pid = (unsigned int)getpid();
#endif
    winetest_current = test;
    test->func();
    failures = winetest_failures + winetest_todo_failures;
    fprintf( stdout, "%04x:%s: %ld tests executed (%ld marked as todo, %ld %s), %ld skipped.\n",
             pid, test->name,
             (long)(winetest_successes + failures + winetest_todo_successes + winetest_flaky_failures),
             (long)winetest_todo_successes, (long)failures, failures == 1 ? "failure" : "failures",
             (long)winetest_skipped );
    fflush( stdout );
    return failures > 255 ? 255 : (int)failures;
}

int main( int argc, char **argv )
{
    const struct test *test;
    const char *platform = getenv( "WINETEST_PLATFORM" );

    winetest_argc = argc;
    winetest_argv = argv;
    if (platform) winetest_platform = platform;
    winetest_debug = winetest_env_int( "WINETEST_DEBUG", 1 );
    winetest_interactive = winetest_env_int( "WINETEST_INTERACTIVE", 0 );
    winetest_report_success = winetest_env_int( "WINETEST_REPORT_SUCCESS", 0 );

    if (argc < 2)
    {
        if (winetest_testlist[0].name && !winetest_testlist[1].name)
            return winetest_run( &winetest_testlist[0] );
        winetest_list( argv[0] );
        return 1;
    }
    if (!strcmp( argv[1], "--list" ))
    {
        for (test = winetest_testlist; test->name; test++) fprintf( stdout, "%s\n", test->name );
        return 0;
    }
    for (test = winetest_testlist; test->name; test++)
        if (!strcmp( test->name, argv[1] )) return winetest_run( test );
    fprintf( stderr, "%s: no test named '%s'\n", argv[0], argv[1] );
    winetest_list( argv[0] );
    return 1;
}

#endif  /* STANDALONE */

#endif  /* __WINE_WINE_TEST_H */
