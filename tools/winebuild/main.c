/*
 * winebuild: the project's spec compiler.
 *
 *   winebuild --def [--arch=x86_64|i386] [-o OUT] SPEC   .def file for the MinGW linker
 *   winebuild --stubs [-o OUT] SPEC                      C code for the "stub" entries
 *   winebuild --builtin PE...                            stamp the Wine builtin marker
 *   winebuild --is-builtin PE                            exit 0 when the marker is there
 */
#include <stdlib.h>
#include <string.h>

#include "spec.h"

static void usage( void )
{
    fputs( "usage: winebuild --def [--arch=x86_64|i386] [-o OUT] SPEC\n"
           "       winebuild --stubs [-o OUT] SPEC\n"
           "       winebuild --builtin PE...\n"
           "       winebuild --is-builtin PE\n", stderr );
    exit( 2 );
}

static int compile_spec( int def, enum spec_arch arch, const char *output, const char *input )
{
    struct spec_file spec;
    FILE *in, *out;
    int ret;

    if (!(in = fopen( input, "r" )))
    {
        fprintf( stderr, "winebuild: cannot open %s\n", input );
        return 1;
    }
    ret = spec_parse( in, input, arch, &spec, stderr );
    fclose( in );
    if (ret) return 1;

    out = output ? fopen( output, "w" ) : stdout;
    if (!out)
    {
        fprintf( stderr, "winebuild: cannot create %s\n", output );
        spec_free( &spec );
        return 1;
    }
    if (def) output_def( out, &spec, arch );
    else output_stubs( out, &spec );
    spec_free( &spec );

    if ((output ? fclose( out ) : fflush( out )) != 0)
    {
        fprintf( stderr, "winebuild: write error\n" );
        if (output) remove( output );
        return 1;
    }
    return 0;
}

int main( int argc, char *argv[] )
{
    enum { MODE_NONE, MODE_DEF, MODE_STUBS, MODE_BUILTIN, MODE_IS_BUILTIN } mode = MODE_NONE;
    enum spec_arch arch = ARCH_X86_64;
    const char *output = NULL;
    int i, first_file = 0, ret = 0;

    for (i = 1; i < argc && !first_file; i++)
    {
        if (!strcmp( argv[i], "--def" )) mode = MODE_DEF;
        else if (!strcmp( argv[i], "--stubs" )) mode = MODE_STUBS;
        else if (!strcmp( argv[i], "--builtin" )) mode = MODE_BUILTIN;
        else if (!strcmp( argv[i], "--is-builtin" )) mode = MODE_IS_BUILTIN;
        else if (!strcmp( argv[i], "--arch=x86_64" )) arch = ARCH_X86_64;
        else if (!strcmp( argv[i], "--arch=i386" )) arch = ARCH_I386;
        else if (!strcmp( argv[i], "-o" ) && i + 1 < argc) output = argv[++i];
        else if (argv[i][0] == '-') usage();
        else first_file = i;
    }
    if (!first_file || mode == MODE_NONE) usage();

    switch (mode)
    {
    case MODE_DEF:
    case MODE_STUBS:
        if (first_file != argc - 1) usage();
        return compile_spec( mode == MODE_DEF, arch, output, argv[first_file] );
    case MODE_BUILTIN:
        for (i = first_file; i < argc; i++) if (pe_set_builtin( argv[i], stderr )) ret = 1;
        return ret;
    case MODE_IS_BUILTIN:
        if (first_file != argc - 1) usage();
        return pe_is_builtin( argv[first_file] ) == 1 ? 0 : 1;
    default:
        usage();
    }
    return 0;
}
