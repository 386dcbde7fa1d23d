/*
 * The "Wine builtin DLL" marker: Wine treats a PE file as one of its builtins
 * when these bytes follow the DOS header, and only then pairs it with a Unix
 * library of the same name.
 */
#include <stdint.h>
#include <string.h>

#include "spec.h"

static const char builtin_signature[] = "Wine builtin DLL";

#define DOS_HEADER_SIZE 0x40
#define E_LFANEW_OFFSET 0x3c

/* Reads the DOS header; returns e_lfanew, or -1 when F is not a PE file. */
static long read_pe_header_offset( FILE *f )
{
    unsigned char dos[DOS_HEADER_SIZE], sig[4];
    uint32_t lfanew;

    if (fseek( f, 0, SEEK_SET ) || fread( dos, 1, sizeof(dos), f ) != sizeof(dos)) return -1;
    if (dos[0] != 'M' || dos[1] != 'Z') return -1;
    lfanew = dos[E_LFANEW_OFFSET] | dos[E_LFANEW_OFFSET + 1] << 8 |
             dos[E_LFANEW_OFFSET + 2] << 16 | (uint32_t)dos[E_LFANEW_OFFSET + 3] << 24;
    if (lfanew > 0x10000000 || fseek( f, lfanew, SEEK_SET ) || fread( sig, 1, 4, f ) != 4) return -1;
    if (memcmp( sig, "PE\0\0", 4 )) return -1;
    return lfanew;
}

int pe_set_builtin( const char *path, FILE *err )
{
    FILE *f = fopen( path, "r+b" );
    long lfanew;

    if (!f)
    {
        fprintf( err, "%s: cannot open\n", path );
        return -1;
    }
    lfanew = read_pe_header_offset( f );
    if (lfanew < 0)
    {
        fprintf( err, "%s: not a PE file\n", path );
        fclose( f );
        return -1;
    }
    if (lfanew < DOS_HEADER_SIZE + (long)sizeof(builtin_signature))
    {
        fprintf( err, "%s: no room for the builtin marker before the PE header\n", path );
        fclose( f );
        return -1;
    }
    if (fseek( f, DOS_HEADER_SIZE, SEEK_SET ) ||
        fwrite( builtin_signature, 1, sizeof(builtin_signature), f ) != sizeof(builtin_signature))
    {
        fprintf( err, "%s: write failed\n", path );
        fclose( f );
        return -1;
    }
    if (fclose( f ))
    {
        fprintf( err, "%s: write failed\n", path );
        return -1;
    }
    return 0;
}

int pe_is_builtin( const char *path )
{
    char buf[sizeof(builtin_signature)];
    FILE *f = fopen( path, "rb" );
    int ret = -1;

    if (!f) return -1;
    if (read_pe_header_offset( f ) >= 0)
        ret = !fseek( f, DOS_HEADER_SIZE, SEEK_SET ) && fread( buf, 1, sizeof(buf), f ) == sizeof(buf) &&
              !memcmp( buf, builtin_signature, sizeof(buf) );
    fclose( f );
    return ret;
}
