/*
 * Parser for Wine-syntax .spec files:
 *
 *   ORDINAL TYPE [-FLAG...] NAME[(ARG...)] [TARGET]
 *
 * ORDINAL is "@" or a number; TYPE is stdcall, cdecl, varargs, thiscall,
 * fastcall, stub or extern; TARGET is an internal symbol or a "dll.function"
 * forward. '#' starts a comment.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"

struct parser
{
    const char     *filename;
    int             line;
    enum spec_arch  arch;
    FILE           *err;
    char           *pos;
};

static int fail( struct parser *p, const char *fmt, ... )
{
    va_list args;

    fprintf( p->err, "%s:%d: ", p->filename, p->line );
    va_start( args, fmt );
    vfprintf( p->err, fmt, args );
    va_end( args );
    fputc( '\n', p->err );
    return -1;
}

static void skip_spaces( struct parser *p )
{
    while (*p->pos && isspace( (unsigned char)*p->pos )) p->pos++;
}

/* Next whitespace-delimited token; the line was expanded so that '(' and ')'
 * stand alone. */
static char *next_token( struct parser *p )
{
    char *start;

    skip_spaces( p );
    if (!*p->pos) return NULL;
    start = p->pos;
    while (*p->pos && !isspace( (unsigned char)*p->pos )) p->pos++;
    if (*p->pos) *p->pos++ = 0;
    return start;
}

/* Copies LINE into OUT (3 times its size) with blanks around parentheses. */
static void expand_parens( const char *line, char *out )
{
    for (; *line; line++)
    {
        if (*line == '(' || *line == ')')
        {
            *out++ = ' ';
            *out++ = *line;
            *out++ = ' ';
        }
        else *out++ = *line;
    }
    *out = 0;
}

static char *xstrdup( const char *s )
{
    char *r = strdup( s );
    if (!r) abort();
    return r;
}

static const struct { const char *name; enum spec_type type; } types[] =
{
    { "stdcall",  SPEC_STDCALL },
    { "cdecl",    SPEC_CDECL },
    { "varargs",  SPEC_VARARGS },
    { "thiscall", SPEC_THISCALL },
    { "fastcall", SPEC_FASTCALL },
    { "stub",     SPEC_STUB },
    { "extern",   SPEC_EXTERN },
};

/* Size of an argument on i386, or 0 for an unknown type. */
static int arg_size( const char *type )
{
    static const struct { const char *name; int size; } args[] =
    {
        { "word", 4 }, { "s_word", 4 }, { "long", 4 }, { "ptr", 4 }, { "str", 4 },
        { "wstr", 4 }, { "segptr", 4 }, { "segstr", 4 }, { "float", 4 },
        { "int64", 8 }, { "double", 8 }, { "int128", 16 },
    };
    size_t i;

    for (i = 0; i < sizeof(args) / sizeof(args[0]); i++)
        if (!strcmp( type, args[i].name )) return args[i].size;
    return 0;
}

static int arch_matches( const char *name, enum spec_arch arch )
{
    if (!strcmp( name, "win32" ) || !strcmp( name, "i386" )) return arch == ARCH_I386;
    if (!strcmp( name, "win64" ) || !strcmp( name, "x86_64" )) return arch == ARCH_X86_64;
    return 0;  /* arm, arm64, ...: not built here */
}

static int arch_known( const char *name )
{
    static const char *names[] = { "win32", "win64", "i386", "x86_64", "arm", "arm64", "arm64ec", "aarch64" };
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) if (!strcmp( name, names[i] )) return 1;
    return 0;
}

/* "-arch=win64,!i386": returns 1 when the entry is built for P->arch, 0 when not, -1 on error. */
static int parse_arch_flag( struct parser *p, char *list )
{
    int positive = 0, match = 0, excluded = 0;
    char *item, *save = NULL;

    for (item = strtok_r( list, ",", &save ); item; item = strtok_r( NULL, ",", &save ))
    {
        int negate = (*item == '!');
        if (negate) item++;
        if (!arch_known( item )) return fail( p, "unknown architecture '%s'", item );
        if (negate) excluded |= arch_matches( item, p->arch );
        else { positive = 1; match |= arch_matches( item, p->arch ); }
    }
    if (excluded) return 0;
    return positive ? match : 1;
}

static int parse_flags( struct parser *p, struct spec_entry *entry, char **tok, int *wanted )
{
    static const struct { const char *name; unsigned int flag; } flags[] =
    {
        { "-noname", FLAG_NONAME }, { "-private", FLAG_PRIVATE }, { "-ordinal", FLAG_ORDINAL },
        { "-norelay", FLAG_NORELAY }, { "-ret64", FLAG_RET64 },
        { "-import", 0 }, { "-register", 0 }, { "-syscall", 0 }, { "-hotpatch", 0 },
    };

    *wanted = 1;
    while (*tok && (*tok)[0] == '-')
    {
        size_t i;

        if (!strncmp( *tok, "-arch=", 6 ))
        {
            int r = parse_arch_flag( p, *tok + 6 );
            if (r < 0) return -1;
            if (!r) *wanted = 0;
        }
        else if (!strcmp( *tok, "-i386" )) *wanted = *wanted && p->arch == ARCH_I386;
        else
        {
            for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
                if (!strcmp( *tok, flags[i].name )) break;
            if (i == sizeof(flags) / sizeof(flags[0])) return fail( p, "unknown flag '%s'", *tok );
            entry->flags |= flags[i].flag;
        }
        *tok = next_token( p );
    }
    return 0;
}

static int parse_args( struct parser *p, struct spec_entry *entry )
{
    char *tok;

    while ((tok = next_token( p )) && strcmp( tok, ")" ))
    {
        int size;

        if (!strcmp( tok, "(" )) return fail( p, "nested '('" );
        if (!(size = arg_size( tok ))) return fail( p, "unknown argument type '%s'", tok );
        entry->argsize += size;
        entry->nargs++;
    }
    if (!tok) return fail( p, "missing ')'" );
    if (entry->type == SPEC_VARARGS && !entry->nargs)
        return fail( p, "varargs function '%s' needs at least one fixed argument", entry->name );
    return 0;
}

static int parse_line( struct parser *p, struct spec_entry *entry, int *wanted )
{
    char *tok, *end;
    size_t i;

    memset( entry, 0, sizeof(*entry) );
    entry->line = p->line;

    tok = next_token( p );
    if (!strcmp( tok, "@" )) entry->ordinal = -1;
    else
    {
        long ord = strtol( tok, &end, 10 );
        if (*end || ord < 1 || ord > 65535) return fail( p, "bad ordinal '%s'", tok );
        entry->ordinal = (int)ord;
    }

    if (!(tok = next_token( p ))) return fail( p, "missing type" );
    for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (!strcmp( tok, types[i].name )) break;
    if (i == sizeof(types) / sizeof(types[0])) return fail( p, "unknown type '%s'", tok );
    entry->type = types[i].type;

    tok = next_token( p );
    if (parse_flags( p, entry, &tok, wanted ) < 0) return -1;
    if (!tok || !strcmp( tok, "(" ) || !strcmp( tok, ")" )) return fail( p, "missing name" );
    entry->name = xstrdup( tok );

    switch (entry->type)
    {
    case SPEC_STUB:
    case SPEC_EXTERN:
        tok = next_token( p );
        if (tok && !strcmp( tok, "(" )) return fail( p, "%s '%s' takes no argument list",
                                                   types[i].name, entry->name );
        break;
    default:
        tok = next_token( p );
        if (!tok || strcmp( tok, "(" )) return fail( p, "missing argument list for '%s'", entry->name );
        if (parse_args( p, entry ) < 0) return -1;
        tok = next_token( p );
        break;
    }

    if (tok)
    {
        if (entry->type == SPEC_STUB) return fail( p, "stub '%s' cannot have a target", entry->name );
        entry->target = xstrdup( tok );
        if ((tok = next_token( p ))) return fail( p, "junk after target: '%s'", tok );
    }
    if ((entry->flags & FLAG_NONAME) && entry->ordinal < 0)
        return fail( p, "'%s' is -noname but has no ordinal", entry->name );
    return 0;
}

static int check_duplicates( struct parser *p, const struct spec_file *spec, const struct spec_entry *entry )
{
    int i;

    for (i = 0; i < spec->count; i++)
    {
        if (!strcmp( spec->entries[i].name, entry->name ))
            return fail( p, "'%s' already exported on line %d", entry->name, spec->entries[i].line );
        if (entry->ordinal > 0 && spec->entries[i].ordinal == entry->ordinal)
            return fail( p, "ordinal %d already used on line %d", entry->ordinal, spec->entries[i].line );
    }
    return 0;
}

static char *dll_name_from_path( const char *filename )
{
    const char *base = strrchr( filename, '/' );
    const char *dot;
    char *name;
    size_t len;

    base = base ? base + 1 : filename;
    dot = strrchr( base, '.' );
    len = (dot && !strcmp( dot, ".spec" )) ? (size_t)(dot - base) : strlen( base );
    if (!(name = malloc( len + 5 ))) abort();
    memcpy( name, base, len );
    /* a spec for an .exe or .drv names itself; everything else is a .dll */
    if (memchr( name, '.', len )) name[len] = 0;
    else strcpy( name + len, ".dll" );
    return name;
}

int spec_parse( FILE *in, const char *filename, enum spec_arch arch, struct spec_file *spec, FILE *err )
{
    struct parser p = { filename, 0, arch, err, NULL };
    char buffer[4096], expanded[3 * sizeof(buffer)];
    int ret = 0;

    memset( spec, 0, sizeof(*spec) );
    spec->dll_name = dll_name_from_path( filename );

    while (fgets( buffer, sizeof(buffer), in ))
    {
        struct spec_entry entry;
        char *comment;
        int wanted = 1;

        p.line++;
        if (!strchr( buffer, '\n' ) && !feof( in ))
        {
            ret = fail( &p, "line too long" );
            break;
        }
        if ((comment = strchr( buffer, '#' ))) *comment = 0;
        expand_parens( buffer, expanded );
        p.pos = expanded;
        skip_spaces( &p );
        if (!*p.pos) continue;

        if (parse_line( &p, &entry, &wanted ) < 0 || check_duplicates( &p, spec, &entry ) < 0)
        {
            free( entry.name );
            free( entry.target );
            ret = -1;
            break;
        }
        if (!wanted)
        {
            free( entry.name );
            free( entry.target );
            continue;
        }
        spec->entries = realloc( spec->entries, (spec->count + 1) * sizeof(*spec->entries) );
        if (!spec->entries) abort();
        spec->entries[spec->count++] = entry;
    }
    if (ret) spec_free( spec );
    return ret;
}

void spec_free( struct spec_file *spec )
{
    int i;

    for (i = 0; i < spec->count; i++)
    {
        free( spec->entries[i].name );
        free( spec->entries[i].target );
    }
    free( spec->entries );
    free( spec->dll_name );
    memset( spec, 0, sizeof(*spec) );
}

int spec_is_forward( const struct spec_entry *entry )
{
    return entry->target && strchr( entry->target, '.' ) != NULL;
}
