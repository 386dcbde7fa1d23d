/*
 * Unit tests of the spec compiler (tools/winebuild), run natively.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spec.h"
#include "wine/test.h"

/* Parses TEXT; returns 0 or -1, with diagnostics in ERRBUF. */
static int parse( const char *text, enum spec_arch arch, struct spec_file *spec, char *errbuf, size_t size )
{
    FILE *in = fmemopen( (void *)text, strlen( text ), "r" );
    FILE *err = fmemopen( errbuf, size, "w" );
    int ret;

    memset( errbuf, 0, size );
    ret = spec_parse( in, "test.spec", arch, spec, err );
    fclose( in );
    fclose( err );
    return ret;
}

/* Runs OUTPUT over SPEC into a new string the caller frees. */
static char *render( const struct spec_file *spec, int def, enum spec_arch arch )
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream( &buf, &len );

    if (def) output_def( out, spec, arch );
    else output_stubs( out, spec );
    fclose( out );
    if (!buf) abort();
    return buf;
}

static const char sample[] =
    "# comment\n"
    "1 stdcall Close()\n"
    "@ stdcall Accept(ptr ptr long)  # trailing comment\n"
    "@ stdcall -private DllMain(ptr long ptr)\n"
    "@ cdecl Printf(str) impl_printf\n"
    "@ varargs Log(str)\n"
    "@ stdcall Forwarded(long) sspicli.Forwarded\n"
    "@ extern Data\n"
    "@ stub Missing\n"
    "5 stdcall -noname Hidden(int64 double)\n"
    "@ stdcall -arch=win64 Only64()\n"
    "@ stdcall -arch=win32 Only32()\n"
    "@ stdcall -arch=!i386 Not386()\n";

static const struct spec_entry *find( const struct spec_file *spec, const char *name )
{
    int i;
    for (i = 0; i < spec->count; i++) if (!strcmp( spec->entries[i].name, name )) return &spec->entries[i];
    return NULL;
}

static void test_parse(void)
{
    struct spec_file spec;
    const struct spec_entry *e;
    char err[256];

    ok( !parse( sample, ARCH_X86_64, &spec, err, sizeof(err) ), "parse failed: %s\n", err );
    ok( !strcmp( spec.dll_name, "test.dll" ), "dll name %s\n", spec.dll_name );
    ok( spec.count == 11, "%d entries\n", spec.count );

    e = find( &spec, "Close" );
    ok( e && e->ordinal == 1 && e->type == SPEC_STDCALL && !e->nargs, "Close\n" );
    e = find( &spec, "Accept" );
    ok( e && e->ordinal == -1 && e->nargs == 3 && e->argsize == 12, "Accept\n" );
    e = find( &spec, "DllMain" );
    ok( e && (e->flags & FLAG_PRIVATE), "DllMain\n" );
    e = find( &spec, "Printf" );
    ok( e && e->type == SPEC_CDECL && e->target && !strcmp( e->target, "impl_printf" ), "Printf\n" );
    e = find( &spec, "Forwarded" );
    ok( e && spec_is_forward( e ), "Forwarded\n" );
    e = find( &spec, "Data" );
    ok( e && e->type == SPEC_EXTERN, "Data\n" );
    e = find( &spec, "Missing" );
    ok( e && e->type == SPEC_STUB, "Missing\n" );
    e = find( &spec, "Hidden" );
    ok( e && (e->flags & FLAG_NONAME) && e->ordinal == 5 && e->argsize == 16, "Hidden\n" );
    ok( find( &spec, "Only64" ) != NULL, "Only64 missing\n" );
    ok( !find( &spec, "Only32" ), "Only32 present\n" );
    ok( find( &spec, "Not386" ) != NULL, "Not386 missing\n" );
    spec_free( &spec );

    ok( !parse( sample, ARCH_I386, &spec, err, sizeof(err) ), "parse failed: %s\n", err );
    ok( find( &spec, "Only32" ) && !find( &spec, "Only64" ) && !find( &spec, "Not386" ), "i386 selection\n" );
    spec_free( &spec );
}

static void test_errors(void)
{
    static const struct { const char *text; const char *message; } bad[] =
    {
        { "0 stdcall Foo()\n", "bad ordinal" },
        { "70000 stdcall Foo()\n", "bad ordinal" },
        { "@ fancycall Foo()\n", "unknown type" },
        { "@ stdcall Foo(ptr\n", "missing ')'" },
        { "@ stdcall Foo(widget)\n", "unknown argument type" },
        { "@ stdcall Foo\n", "missing argument list" },
        { "@ stdcall -bogus Foo()\n", "unknown flag" },
        { "@ stdcall -arch=vax Foo()\n", "unknown architecture" },
        { "@ stdcall Foo()\n@ stdcall Foo()\n", "already exported" },
        { "3 stdcall Foo()\n3 stdcall Bar()\n", "ordinal 3 already used" },
        { "@ stdcall -noname Foo()\n", "no ordinal" },
        { "@ stub Foo Bar\n", "cannot have a target" },
        { "@ extern Foo()\n", "takes no argument list" },
        { "@ varargs Foo()\n", "at least one fixed argument" },
        { "@ stdcall Foo() Bar Baz\n", "junk after target" },
        { "@ stdcall\n", "missing name" },
    };
    struct spec_file spec;
    char err[256];
    size_t i;

    for (i = 0; i < ARRAY_SIZE(bad); i++)
    {
        winetest_push_context( "%zu", i );
        ok( parse( bad[i].text, ARCH_X86_64, &spec, err, sizeof(err) ) == -1, "accepted\n" );
        ok( strstr( err, bad[i].message ) != NULL, "message %s\n", err );
        ok( !strncmp( err, "test.spec:", 10 ), "no location in %s\n", err );
        winetest_pop_context();
    }
}

static void test_def(void)
{
    struct spec_file spec;
    char err[256], *def;

    ok( !parse( sample, ARCH_X86_64, &spec, err, sizeof(err) ), "parse failed\n" );
    def = render( &spec, 1, ARCH_X86_64 );
    ok( strstr( def, "LIBRARY \"test.dll\"\n" ) != NULL, "no LIBRARY line\n" );
    ok( strstr( def, "  Close @1\n" ) != NULL, "Close\n" );
    ok( strstr( def, "  Accept\n" ) != NULL, "Accept\n" );
    ok( strstr( def, "  DllMain PRIVATE\n" ) != NULL, "DllMain\n" );
    ok( strstr( def, "  Printf = impl_printf\n" ) != NULL, "Printf\n" );
    ok( strstr( def, "  Forwarded = sspicli.Forwarded\n" ) != NULL, "Forwarded\n" );
    ok( strstr( def, "  Data DATA\n" ) != NULL, "Data\n" );
    ok( strstr( def, "  Missing = __wine_stub_Missing\n" ) != NULL, "Missing\n" );
    ok( strstr( def, "  Hidden @5 NONAME\n" ) != NULL, "Hidden\n" );
    free( def );
    spec_free( &spec );

    ok( !parse( sample, ARCH_I386, &spec, err, sizeof(err) ), "parse failed\n" );
    def = render( &spec, 1, ARCH_I386 );
    ok( strstr( def, "  Accept = Accept@12\n" ) != NULL, "i386 Accept\n" );
    ok( strstr( def, "  Close = Close@0 @1\n" ) != NULL, "i386 Close\n" );
    ok( strstr( def, "  Printf = impl_printf\n" ) != NULL, "i386 cdecl undecorated\n" );
    ok( strstr( def, "  Forwarded = sspicli.Forwarded\n" ) != NULL, "i386 forward undecorated\n" );
    free( def );
    spec_free( &spec );
}

static void test_stubs(void)
{
    struct spec_file spec;
    char err[256], *c;

    ok( !parse( sample, ARCH_X86_64, &spec, err, sizeof(err) ), "parse failed\n" );
    c = render( &spec, 0, ARCH_X86_64 );
    ok( strstr( c, "void __wine_stub_Missing(void) { stub_called( \"Missing\" ); }" ) != NULL, "stub\n" );
    ok( strstr( c, "\"test.dll\"" ) != NULL, "module name\n" );
    ok( strstr( c, "0x80000100" ) != NULL, "stub exception code\n" );
    free( c );
    spec_free( &spec );

    ok( !parse( "@ stdcall Foo()\n", ARCH_X86_64, &spec, err, sizeof(err) ), "parse failed\n" );
    c = render( &spec, 0, ARCH_X86_64 );
    ok( !strstr( c, "__wine_stub_" ), "unexpected stub\n" );
    free( c );
    spec_free( &spec );
}

/* Writes a minimal PE header with e_lfanew = LFANEW; returns the path. */
static void write_pe( const char *path, unsigned int lfanew, int valid )
{
    unsigned char buf[0x200] = { 'M', 'Z' };
    FILE *f = fopen( path, "wb" );

    buf[0x3c] = lfanew & 0xff;
    buf[0x3d] = lfanew >> 8;
    memset( buf + 0x40, 0xcc, 0x40 );   /* DOS stub */
    if (valid) memcpy( buf + lfanew, "PE\0\0", 4 );
    fwrite( buf, 1, sizeof(buf), f );
    fclose( f );
}

static void test_builtin(void)
{
    char path[] = "/tmp/winebuild-test-XXXXXX";
    char err[256];
    unsigned char buf[0x80];
    FILE *errf, *f;
    int fd = mkstemp( path );

    close( fd );
    write_pe( path, 0x80, 1 );
    ok( pe_is_builtin( path ) == 0, "marked before stamping\n" );
    errf = fmemopen( err, sizeof(err), "w" );
    ok( !pe_set_builtin( path, errf ), "stamping failed\n" );
    fclose( errf );
    ok( pe_is_builtin( path ) == 1, "not marked after stamping\n" );
    f = fopen( path, "rb" );
    ok( fread( buf, 1, sizeof(buf), f ) == sizeof(buf), "read failed\n" );
    fclose( f );
    ok( !memcmp( buf + 0x40, "Wine builtin DLL", 17 ), "signature not at 0x40\n" );
    ok( buf[0] == 'M' && buf[0x3c] == 0x80, "header damaged\n" );

    write_pe( path, 0x48, 1 );  /* PE header too close: no room */
    errf = fmemopen( err, sizeof(err), "w" );
    ok( pe_set_builtin( path, errf ) == -1, "stamped a PE with no room\n" );
    fclose( errf );
    ok( strstr( err, "no room" ) != NULL, "message %s\n", err );

    write_pe( path, 0x80, 0 );  /* no PE signature */
    errf = fmemopen( err, sizeof(err), "w" );
    ok( pe_set_builtin( path, errf ) == -1, "stamped a non-PE file\n" );
    fclose( errf );
    ok( pe_is_builtin( path ) == -1, "non-PE file accepted\n" );
    ok( pe_is_builtin( "/nonexistent/file" ) == -1, "missing file accepted\n" );
    unlink( path );
}

START_TEST(winebuild)
{
    test_parse();
    test_errors();
    test_def();
    test_stubs();
    test_builtin();
}
