/*
 * What the seed writers of the fuzz targets share (built with NAME_SEEDS):
 * one seed file in the corpus directory.
 */
#include <stdio.h>

static void write_seed( const char *dir, const char *name, const void *data, size_t len )
{
    char path[4096];
    FILE *f;

    snprintf( path, sizeof(path), "%s/%s", dir, name );
    if (!(f = fopen( path, "wb" ))) return;
    fwrite( data, 1, len, f );
    fclose( f );
}
