/*
 * Spec file model: what a Wine-syntax .spec file declares about a DLL's exports.
 */
#ifndef WINEBUILD_SPEC_H
#define WINEBUILD_SPEC_H

#include <stdio.h>

enum spec_type
{
    SPEC_STDCALL,
    SPEC_CDECL,
    SPEC_VARARGS,
    SPEC_THISCALL,
    SPEC_FASTCALL,
    SPEC_STUB,
    SPEC_EXTERN,
};

enum spec_arch
{
    ARCH_X86_64,
    ARCH_I386,
};

#define FLAG_NONAME   0x01  /* exported by ordinal only */
#define FLAG_PRIVATE  0x02  /* not in the import library */
#define FLAG_ORDINAL  0x04  /* imported by ordinal */
#define FLAG_NORELAY  0x08
#define FLAG_RET64    0x10

struct spec_entry
{
    int             line;
    enum spec_type  type;
    int             ordinal;    /* -1 when "@" */
    unsigned int    flags;
    char           *name;       /* exported name */
    char           *target;     /* internal symbol or "dll.func" forward; NULL when same as name */
    int             argsize;    /* bytes of arguments on i386, for stdcall decoration */
    int             nargs;
};

struct spec_file
{
    char              *dll_name;  /* e.g. "secur32.dll" */
    struct spec_entry *entries;
    int                count;
};

/* Parses SPEC for ARCH; entries for other architectures are dropped. Returns 0 on
 * success, or -1 after printing "file:line: message" to ERR. */
int spec_parse( FILE *in, const char *filename, enum spec_arch arch,
                struct spec_file *spec, FILE *err );
void spec_free( struct spec_file *spec );

int spec_is_forward( const struct spec_entry *entry );

void output_def( FILE *out, const struct spec_file *spec, enum spec_arch arch );
void output_stubs( FILE *out, const struct spec_file *spec );

/* Stamps the "Wine builtin DLL" marker into a PE file. Returns 0 or -1 (message in ERR). */
int pe_set_builtin( const char *path, FILE *err );
/* 1 when PATH carries the marker, 0 when not, -1 when not a PE file. */
int pe_is_builtin( const char *path );

#endif
