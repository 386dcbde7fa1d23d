/*
 * Unit tests of the Kerberos package's SSPI <-> GSS-API flag mapping.
 */
#include "flags.h"
#include "wine/test.h"

static void test_flags(void)
{
    /* ISC_REQ_MUTUAL_AUTH | ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY | ISC_REQ_ALLOCATE_MEMORY */
    ok( isc_req_to_gss( 0x2 | 0x10 | 0x10000 | 0x100 ) == (0x2 | 0x10 | 0x20), "isc req %#x\n",
        isc_req_to_gss( 0x2 | 0x10 | 0x10000 | 0x100 ) );
    ok( gss_to_isc_ret( 0x1 | 0x4 | 0x8 | 0x20 ) == (0x1 | 0x4 | 0x8 | 0x10000), "isc ret\n" );
    /* ASC_REQ_INTEGRITY is 0x20000, not ISC's 0x10000 */
    ok( asc_req_to_gss( 0x20000 | 0x8000 ) == (0x20 | 0x4000), "asc req %#x\n", asc_req_to_gss( 0x20000 | 0x8000 ) );
    ok( gss_to_asc_ret( 0x20 | 0x1000 ) == (0x20000 | 0x200), "asc ret\n" );
    ok( !isc_req_to_gss( 0x100 | 0x800 ), "memory and connection flags are not GSS flags\n" );
}

START_TEST(krb_flags)
{
    test_flags();
}
