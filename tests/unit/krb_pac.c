/*
 * Unit tests of PAC parsing: a PAC as MS-PAC and MS-RPCE's NDR describe it
 * (krb_vectors.h), whole, cut and altered.
 */
#include <string.h>

#include "pac.h"
#include "krb_vectors.h"
#include "wine/test.h"

static int same_string( const struct pac_string *str, const char *expected )
{
    uint8_t chars[256];
    size_t len = utf16( expected, chars );
    return str->len == len && (!len || !memcmp( str->data, chars, len ));
}

static void test_parse(void)
{
    uint8_t buf[4096];
    size_t len = make_pac( buf );
    struct pac_sid user, extra;
    uint32_t attributes;
    struct pac pac;

    ok( !pac_parse( buf, len, &pac ), "PAC not parsed\n" );
    ok( pac.has_logon_info && pac.has_client_info && pac.has_upn, "buffers %d %d %d\n", pac.has_logon_info,
        pac.has_client_info, pac.has_upn );
    ok( same_string( &pac.logon.effective_name, "alice" ), "name\n" );
    ok( same_string( &pac.logon.full_name, "Alice Example" ), "full name\n" );
    ok( same_string( &pac.logon.logon_domain, "EXAMPLE" ), "domain\n" );
    ok( same_string( &pac.logon.logon_server, "DC1" ), "server\n" );
    ok( same_string( &pac.logon.profile_path, "" ) && !pac.logon.logon_script.len, "empty strings\n" );
    ok( pac.logon.user_id == 1104 && pac.logon.primary_group_id == 513, "rids %u %u\n", pac.logon.user_id,
        pac.logon.primary_group_id );
    ok( pac.logon.logon_count == 12 && pac.logon.bad_password_count == 1, "counts\n" );
    ok( pac.logon.logon_time == 0x01d0000001d90000ull, "logon time %llx\n",
        (unsigned long long)pac.logon.logon_time );
    ok( pac.logon.group_count == 2 && pac.logon.groups && pac.logon.groups[8] == 0 && pac.logon.groups[9] == 2,
        "groups\n" );
    ok( pac.logon.has_domain_sid && pac.logon.domain_sid.count == 4 && pac.logon.domain_sid.sub[3] == 3,
        "domain SID\n" );
    ok( !pac_user_sid( &pac.logon, &user ) && user.count == 5 && user.sub[4] == 1104 && user.authority[5] == 5,
        "user SID\n" );
    ok( pac.logon.extra_sid_count == 2, "extra SIDs %u\n", pac.logon.extra_sid_count );
    pac_extra_sid( &pac.logon, 0, &extra, &attributes );
    ok( extra.count == 1 && extra.sub[0] == 9 && attributes == 7, "extra SID 0: %u %u %u\n", extra.count,
        extra.sub[0], attributes );
    pac_extra_sid( &pac.logon, 1, &extra, &attributes );
    ok( !extra.count && attributes == 3, "extra SID 1: %u %u\n", extra.count, attributes );
    ok( same_string( &pac.client_name, "alice" ) && pac.client_id == 0x01d9000012345678ull, "client info\n" );
    ok( same_string( &pac.upn, "alice@example.com" ) && same_string( &pac.dns_domain, "EXAMPLE.COM" ), "UPN\n" );
}

static void test_samba(void)
{
    struct pac_sid user;
    struct pac pac;

    ok( !pac_parse( samba_pac, sizeof(samba_pac), &pac ), "Samba's PAC not parsed\n" );
    ok( pac.has_logon_info && pac.has_client_info && pac.has_upn, "buffers %d %d %d\n", pac.has_logon_info,
        pac.has_client_info, pac.has_upn );
    ok( same_string( &pac.logon.effective_name, "carol" ), "name\n" );
    ok( same_string( &pac.logon.logon_domain, "SSPITEST" ), "domain\n" );
    ok( same_string( &pac.client_name, "carol" ), "client name\n" );
    ok( same_string( &pac.dns_domain, "SSPI.TEST" ), "DNS domain\n" );
    ok( !pac_user_sid( &pac.logon, &user ), "no user SID\n" );
    ok( user.count == 5 && user.sub[0] == 21 && user.sub[1] == 2267127072u && user.sub[2] == 2581281257u &&
        user.sub[3] == 2719066206u && user.sub[4] == 1102 && user.authority[5] == 5, "user SID\n" );
    ok( pac.logon.group_count >= 1, "groups %u\n", pac.logon.group_count );
}

static void test_malformed(void)
{
    uint8_t buf[4096], bad[4096];
    size_t len = make_pac( buf ), i, cut;
    struct pac pac;
    int read = 0;

    memcpy( bad, buf, len );
    bad[4] = 1;
    ok( pac_parse( bad, len, &pac ), "version 1\n" );
    memcpy( bad, buf, len );
    bad[0] = 200;
    ok( pac_parse( bad, len, &pac ), "more buffers than fit\n" );
    memcpy( bad, buf, len );
    bad[8 + 8] += 4;
    ok( pac_parse( bad, len, &pac ), "misaligned offset\n" );
    memcpy( bad, buf, len );
    bad[8 + 4] = 0xff; bad[8 + 5] = 0xff;
    ok( pac_parse( bad, len, &pac ), "buffer past the end\n" );
    memcpy( bad, buf, len );
    bad[56 + 1] = 0x20;
    ok( pac_parse( bad, len, &pac ), "big-endian NDR\n" );
    ok( pac_parse( NULL, 0, &pac ), "no PAC\n" );

    /* cut anywhere: the buffers no longer fit */
    for (cut = 0; cut < len; cut++) if (!pac_parse( buf, cut, &pac )) read++;
    ok( !read, "%d cut PACs read\n", read );
    /* any byte altered: parsed or refused, read within bounds either way */
    for (i = 0; i < len; i++)
    {
        memcpy( bad, buf, len );
        bad[i] ^= 0x5a;
        if (!pac_parse( bad, len, &pac ) && pac.has_logon_info && pac.logon.extra_sid_count)
        {
            struct pac_sid sid;
            uint32_t attributes;
            pac_extra_sid( &pac.logon, pac.logon.extra_sid_count - 1, &sid, &attributes );
        }
    }
}

START_TEST(krb_pac)
{
    test_parse();
    test_samba();
    test_malformed();
}
