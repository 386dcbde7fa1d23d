/*
 * sspiuser: manages the local accounts that our NTLM server side checks
 * passwords against. The store is $WINEPREFIX/sspi.sam (default ~/.wine),
 * in the SAM file format of FreeRDP's winpr-hash, "user:domain:lmhash:nthash:::",
 * with owner-only permissions; it holds NT hashes, never passwords.
 *
 *   sspiuser add USER [DOMAIN]      add an account (password from the terminal or one line of stdin)
 *   sspiuser passwd USER [DOMAIN]   change its password
 *   sspiuser del USER [DOMAIN]      remove it
 *   sspiuser list                   list the accounts
 *   --file PATH                     another store
 *
 * An account without a domain is local: it matches whatever domain a client names.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "sspcrypt.h"

#define MAX_LINE 1024

static void usage( void )
{
    fputs( "usage: sspiuser [--file PATH] add|passwd|del USER [DOMAIN]\n"
           "       sspiuser [--file PATH] list\n", stderr );
    exit( 2 );
}

static void die( const char *msg )
{
    fprintf( stderr, "sspiuser: %s\n", msg );
    exit( 1 );
}

/* UTF-8 to UTF-16LE; returns the byte length, or -1 for invalid UTF-8. */
static int utf8_to_utf16le( const char *in, uint8_t *out, size_t size )
{
    const unsigned char *p = (const unsigned char *)in;
    size_t len = 0;

    while (*p)
    {
        uint32_t c;
        int extra;

        if (*p < 0x80) { c = *p++; extra = 0; }
        else if ((*p & 0xe0) == 0xc0) { c = *p++ & 0x1f; extra = 1; }
        else if ((*p & 0xf0) == 0xe0) { c = *p++ & 0x0f; extra = 2; }
        else if ((*p & 0xf8) == 0xf0) { c = *p++ & 0x07; extra = 3; }
        else return -1;
        while (extra--)
        {
            if ((*p & 0xc0) != 0x80) return -1;
            c = (c << 6) | (*p++ & 0x3f);
        }
        if (c >= 0x10000)
        {
            if (len + 4 > size) return -1;
            c -= 0x10000;
            out[len++] = (0xd800 | (c >> 10)) & 0xff;
            out[len++] = (0xd800 | (c >> 10)) >> 8;
            c = 0xdc00 | (c & 0x3ff);
        }
        if (len + 2 > size) return -1;
        out[len++] = c & 0xff;
        out[len++] = c >> 8;
    }
    return len;
}

static void read_password( char *buf, size_t size )
{
    char again[256];
    struct termios old, quiet;
    int tty = isatty( 0 ) && !tcgetattr( 0, &old );

    if (tty)
    {
        quiet = old;
        quiet.c_lflag &= ~ECHO;
        tcsetattr( 0, TCSAFLUSH, &quiet );
        fputs( "Password: ", stderr );
    }
    if (!fgets( buf, size, stdin )) buf[0] = 0;
    buf[strcspn( buf, "\r\n" )] = 0;
    if (tty)
    {
        fputs( "\nAgain: ", stderr );
        if (!fgets( again, sizeof(again), stdin )) again[0] = 0;
        again[strcspn( again, "\r\n" )] = 0;
        tcsetattr( 0, TCSAFLUSH, &old );
        fputc( '\n', stderr );
        if (strcmp( buf, again )) die( "the passwords differ" );
        ssp_zero( again, sizeof(again) );
    }
    if (!buf[0]) die( "empty password" );
}

static void nt_hash_hex( const char *password, char hex[33] )
{
    uint8_t utf16[1024], hash[16];
    int len = utf8_to_utf16le( password, utf16, sizeof(utf16) ), i;
    struct ssp_piece piece = { utf16, 0 };

    if (len < 0) die( "the password is not valid UTF-8" );
    piece.len = len;
    if (ssp_crypt_init() || ssp_digest( SSP_MD4, &piece, 1, hash )) die( "libgcrypt cannot make MD4" );
    for (i = 0; i < 16; i++) sprintf( hex + 2 * i, "%02x", hash[i] );
    ssp_zero( utf16, sizeof(utf16) );
    ssp_zero( hash, sizeof(hash) );
}

static const char *default_path( void )
{
    static char path[4096];
    const char *prefix = getenv( "WINEPREFIX" ), *home = getenv( "HOME" );

    if (prefix && *prefix) snprintf( path, sizeof(path), "%s/sspi.sam", prefix );
    else if (home) snprintf( path, sizeof(path), "%s/.wine/sspi.sam", home );
    else die( "neither WINEPREFIX nor HOME is set" );
    return path;
}

/* Does LINE hold the account USER of DOMAIN (case-insensitive, as Windows compares)? */
static int same_account( const char *line, const char *user, const char *domain )
{
    const char *colon = strchr( line, ':' ), *colon2;

    if (!colon || (size_t)(colon - line) != strlen( user ) || strncasecmp( line, user, colon - line )) return 0;
    if (!(colon2 = strchr( colon + 1, ':' ))) return 0;
    return (size_t)(colon2 - colon - 1) == strlen( domain ) && !strncasecmp( colon + 1, domain, colon2 - colon - 1 );
}

/* Rewrites the store: every line but USER's, plus NEW_LINE when given. Returns whether USER was there. */
static int rewrite( const char *path, const char *user, const char *domain, const char *new_line )
{
    char tmp[4200], line[MAX_LINE];
    FILE *in = fopen( path, "r" ), *out;
    int fd, found = 0;

    snprintf( tmp, sizeof(tmp), "%s.XXXXXX", path );
    if ((fd = mkstemp( tmp )) < 0 && errno == ENOENT)
    {
        /* a prefix Wine has not created yet */
        char *slash = strrchr( tmp, '/' );
        if (slash && slash != tmp)
        {
            *slash = 0;
            mkdir( tmp, 0700 );
        }
        snprintf( tmp, sizeof(tmp), "%s.XXXXXX", path );
        fd = mkstemp( tmp );
    }
    if (fd < 0) die( strerror( errno ) );
    fchmod( fd, 0600 );
    if (!(out = fdopen( fd, "w" ))) die( strerror( errno ) );
    if (in)
    {
        while (fgets( line, sizeof(line), in ))
        {
            if (line[0] != '#' && same_account( line, user, domain )) found = 1;
            else fputs( line, out );
        }
        fclose( in );
    }
    if (new_line) fputs( new_line, out );
    if (fflush( out ) || fsync( fd ) || fclose( out ) || rename( tmp, path ))
    {
        unlink( tmp );
        die( strerror( errno ) );
    }
    ssp_zero( line, sizeof(line) );
    return found;
}

static void list( const char *path )
{
    char line[MAX_LINE];
    FILE *in = fopen( path, "r" );

    if (!in) return;
    while (fgets( line, sizeof(line), in ))
    {
        char *colon = strchr( line, ':' ), *colon2 = colon ? strchr( colon + 1, ':' ) : NULL;
        if (line[0] == '#' || !colon2) continue;
        *colon = *colon2 = 0;
        printf( "%s%s%s\n", colon + 1, colon[1] ? "\\" : "", line );
    }
    fclose( in );
}

int main( int argc, char *argv[] )
{
    const char *path = NULL, *command, *user, *domain = "";
    char password[256], hex[33], line[MAX_LINE];
    struct stat st;
    int arg = 1;

    if (arg + 1 < argc && !strcmp( argv[arg], "--file" ))
    {
        path = argv[arg + 1];
        arg += 2;
    }
    if (arg >= argc) usage();
    if (!path) path = default_path();
    command = argv[arg++];
    if (!stat( path, &st ) && (st.st_mode & 077))
    {
        fprintf( stderr, "sspiuser: %s was readable by others; making it owner-only\n", path );
        chmod( path, 0600 );
    }

    if (!strcmp( command, "list" ))
    {
        if (arg != argc) usage();
        list( path );
        return 0;
    }
    if (arg >= argc || argc - arg > 2) usage();
    user = argv[arg];
    if (arg + 1 < argc) domain = argv[arg + 1];
    if (!*user || strpbrk( user, ":\n" ) || strpbrk( domain, ":\n" )) die( "names cannot hold ':' or newlines" );

    if (!strcmp( command, "add" ) || !strcmp( command, "passwd" ))
    {
        read_password( password, sizeof(password) );
        nt_hash_hex( password, hex );
        ssp_zero( password, sizeof(password) );
        snprintf( line, sizeof(line), "%s:%s::%s:::\n", user, domain, hex );
        if (rewrite( path, user, domain, line ) == !strcmp( command, "add" ))
            fprintf( stderr, "sspiuser: %s %s\n", user, !strcmp( command, "add" ) ? "replaced" : "added" );
        ssp_zero( line, sizeof(line) );
        return 0;
    }
    if (!strcmp( command, "del" ))
    {
        if (!rewrite( path, user, domain, NULL )) die( "no such account" );
        return 0;
    }
    usage();
    return 2;
}
