/*
 * Writes what the MinGW linker takes from a parsed spec: a .def file, and C code
 * for the "stub" entries.
 */
#include <string.h>

#include "spec.h"

static int is_decorated( const struct spec_entry *entry, enum spec_arch arch )
{
    if (arch != ARCH_I386) return 0;
    return entry->type == SPEC_STDCALL || entry->type == SPEC_THISCALL || entry->type == SPEC_FASTCALL;
}

static void output_symbol( FILE *out, const struct spec_entry *entry, enum spec_arch arch )
{
    const char *symbol = entry->target ? entry->target : entry->name;

    if (entry->type == SPEC_STUB)
    {
        fprintf( out, " = __wine_stub_%s", entry->name );
        return;
    }
    if (spec_is_forward( entry ))
    {
        fprintf( out, " = %s", entry->target );
        return;
    }
    if (is_decorated( entry, arch ))
    {
        fprintf( out, " = %s%s@%d", entry->type == SPEC_FASTCALL ? "@" : "", symbol, entry->argsize );
        return;
    }
    if (entry->target) fprintf( out, " = %s", entry->target );
}

void output_def( FILE *out, const struct spec_file *spec, enum spec_arch arch )
{
    int i;

    fprintf( out, "; generated from the spec file of %s; do not edit\n", spec->dll_name );
    fprintf( out, "LIBRARY \"%s\"\n\nEXPORTS\n", spec->dll_name );
    for (i = 0; i < spec->count; i++)
    {
        const struct spec_entry *entry = &spec->entries[i];

        fprintf( out, "  %s", entry->name );
        output_symbol( out, entry, arch );
        if (entry->ordinal > 0) fprintf( out, " @%d", entry->ordinal );
        if (entry->flags & FLAG_NONAME) fputs( " NONAME", out );
        if (entry->type == SPEC_EXTERN) fputs( " DATA", out );
        if (entry->flags & FLAG_PRIVATE) fputs( " PRIVATE", out );
        fputc( '\n', out );
    }
}

void output_stubs( FILE *out, const struct spec_file *spec )
{
    int i, count = 0;

    fprintf( out, "/* generated from the spec file of %s; do not edit */\n", spec->dll_name );
    for (i = 0; i < spec->count; i++) if (spec->entries[i].type == SPEC_STUB) count++;
    if (!count)
    {
        fputs( "typedef int no_stubs;\n", out );
        return;
    }
    fputs( "#include <windows.h>\n\n"
           "/* Raises Wine's EXCEPTION_WINE_STUB, which Wine reports as a call to an\n"
           " * unimplemented function. */\n"
           "static void __attribute__((noreturn)) stub_called( const char *function )\n"
           "{\n"
           "    ULONG_PTR args[2];\n\n", out );
    fprintf( out, "    args[0] = (ULONG_PTR)\"%s\";\n", spec->dll_name );
    fputs( "    args[1] = (ULONG_PTR)function;\n"
           "    for (;;) RaiseException( 0x80000100, EXCEPTION_NONCONTINUABLE, 2, args );\n"
           "}\n\n", out );
    for (i = 0; i < spec->count; i++)
    {
        const struct spec_entry *entry = &spec->entries[i];
        if (entry->type != SPEC_STUB) continue;
        fprintf( out, "void __wine_stub_%s(void);\n", entry->name );
        fprintf( out, "void __wine_stub_%s(void) { stub_called( \"%s\" ); }\n", entry->name, entry->name );
    }
}
