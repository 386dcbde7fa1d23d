/*
 * The measures every benchmark of a package takes, the same for our stack
 * and for its native reference. The includer defines struct pair (a client
 * and a server context) and:
 *   static BOOL pair_handshake( struct pair *pair );    a full handshake
 *   static void pair_drop( struct pair *pair );         deletes both contexts
 *   static BOOL pair_seal_unseal( struct pair *pair, unsigned char *data, size_t len );
 * Prints "handshakes_per_s N", "seal_unseal_mb_per_s N" and "pair_bytes N".
 */
#ifdef _WIN32

static double now(void)
{
    LARGE_INTEGER count, freq;
    QueryPerformanceCounter( &count );
    QueryPerformanceFrequency( &freq );
    return (double)count.QuadPart / freq.QuadPart;
}

/* The working set, which is the resident set under Wine: the measure the native run takes. */
static double resident_bytes(void)
{
    PROCESS_MEMORY_COUNTERS pmc;
    GetProcessMemoryInfo( GetCurrentProcess(), &pmc, sizeof(pmc) );
    return pmc.WorkingSetSize;
}

#else

static double now(void)
{
    struct timespec ts;
    clock_gettime( CLOCK_MONOTONIC, &ts );
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double resident_bytes(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen( "/proc/self/statm", "r" );
    if (f && fscanf( f, "%ld %ld", &pages, &resident ) != 2) resident = 0;
    if (f) fclose( f );
    return resident * 4096.0;
}

#endif

#define BENCH_MESSAGE_SIZE 16384
#define BENCH_PAIRS 1000

static int run_bench( double seconds )
{
    static struct pair pairs[BENCH_PAIRS];
    static unsigned char data[BENCH_MESSAGE_SIZE];
    struct pair pair;
    double start, elapsed, before;
    long count;
    int i;

    for (i = 0; i < 20; i++)  /* warm up */
    {
        if (!pair_handshake( &pair )) return 1;
        pair_drop( &pair );
    }
    start = now();
    for (count = 0; (elapsed = now() - start) < seconds; count++)
    {
        if (!pair_handshake( &pair )) return 1;
        pair_drop( &pair );
    }
    printf( "handshakes_per_s %.0f\n", count / elapsed );

    memset( data, 'x', sizeof(data) );
    if (!pair_handshake( &pair )) return 1;
    start = now();
    for (count = 0; (elapsed = now() - start) < seconds; count++)
        if (!pair_seal_unseal( &pair, data, sizeof(data) )) return 1;
    if (data[0] != 'x') return 1;
    printf( "seal_unseal_mb_per_s %.1f\n", count * (double)sizeof(data) / elapsed / 1e6 );
    pair_drop( &pair );

    before = resident_bytes();
    for (i = 0; i < BENCH_PAIRS; i++) if (!pair_handshake( &pairs[i] )) return 1;
    printf( "pair_bytes %.0f\n", (resident_bytes() - before) / BENCH_PAIRS );
    for (i = 0; i < BENCH_PAIRS; i++) pair_drop( &pairs[i] );
    return 0;
}
