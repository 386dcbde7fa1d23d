/*
 * Unit tests of SSPI names as Kerberos principals.
 */
#include <string.h>

#include "names.h"
#include "wine/test.h"

static void test_targets(void)
{
    static const struct { const char *in; const char *out; } tests[] =
    {
        { "HTTP/web.example.com", "HTTP/web.example.com" },
        { "HTTP/web.example.com:8080", "HTTP/web.example.com:8080" },
        { "HTTP/web.example.com@example.com", "HTTP/web.example.com@EXAMPLE.COM" },
        { "MSSQLSvc/db.example.com:1433@EXAMPLE.COM", "MSSQLSvc/db.example.com:1433@EXAMPLE.COM" },
        { "ldap/dc.example.com/example.com", "ldap/dc.example.com/example.com" },
        { "alice@example.com", "alice@EXAMPLE.COM" },
        { "EXAMPLE\\svc", "svc@EXAMPLE.COM" },
        { "CORP\\svc", "svc@CORP" },
        { "server", "server" },
    };
    char out[KRB_MAX_NAME];
    size_t i;

    for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
    {
        ok( !krb_target_principal( tests[i].in, "EXAMPLE.COM", out, sizeof(out) ), "%s refused\n", tests[i].in );
        ok( !strcmp( out, tests[i].out ), "%s: %s\n", tests[i].in, out );
    }
    ok( krb_target_principal( "", "EXAMPLE.COM", out, sizeof(out) ), "empty target\n" );
    ok( krb_target_principal( NULL, "EXAMPLE.COM", out, sizeof(out) ), "no target\n" );
    ok( krb_target_principal( "/host", NULL, out, sizeof(out) ), "no service\n" );
    ok( krb_target_principal( "HTTP/", NULL, out, sizeof(out) ), "no host\n" );
    ok( krb_target_principal( "HTTP/host@", NULL, out, sizeof(out) ), "empty realm\n" );
    ok( krb_target_principal( "@realm", NULL, out, sizeof(out) ), "no name\n" );
    ok( krb_target_principal( "HTTP/web.example.com", NULL, out, 10 ), "does not fit\n" );
}

static void test_users(void)
{
    static const struct { const char *user; const char *domain; const char *out; } tests[] =
    {
        { "alice", "EXAMPLE.COM", "alice@EXAMPLE.COM" },
        { "alice", "example.com", "alice@EXAMPLE.COM" },
        { "alice", "EXAMPLE", "alice@EXAMPLE.COM" },     /* the NetBIOS name of the default realm */
        { "alice", "example", "alice@EXAMPLE.COM" },
        { "alice", "OTHER", "alice@OTHER" },
        { "alice", "", "alice@EXAMPLE.COM" },
        { "alice", NULL, "alice@EXAMPLE.COM" },
        { "alice@example.com", "IGNORED", "alice@EXAMPLE.COM" },
        { "EXAMPLE\\alice", NULL, "alice@EXAMPLE.COM" },
        { "HTTP/web.example.com", "EXAMPLE.COM", "HTTP/web.example.com@EXAMPLE.COM" },
    };
    char out[KRB_MAX_NAME];
    size_t i;

    for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
    {
        ok( !krb_user_principal( tests[i].user, tests[i].domain, "EXAMPLE.COM", out, sizeof(out) ), "%s refused\n",
            tests[i].user );
        ok( !strcmp( out, tests[i].out ), "%s %s: %s\n", tests[i].user, tests[i].domain, out );
    }
    ok( !krb_user_principal( "alice", NULL, NULL, out, sizeof(out) ) && !strcmp( out, "alice" ), "no realm: %s\n",
        out );
    ok( krb_user_principal( "", "EXAMPLE.COM", "EXAMPLE.COM", out, sizeof(out) ), "empty user\n" );
    ok( krb_user_principal( "\\alice", NULL, "EXAMPLE.COM", out, sizeof(out) ), "empty domain part\n" );
    ok( krb_user_principal( "alice@", NULL, "EXAMPLE.COM", out, sizeof(out) ), "empty realm part\n" );
}

static void test_parts(void)
{
    char out[KRB_MAX_NAME];

    ok( !krb_principal_host( "HTTP/web.example.com:8080/svc@EXAMPLE.COM", out, sizeof(out) ) &&
        !strcmp( out, "web.example.com" ), "host %s\n", out );
    ok( krb_principal_host( "alice@EXAMPLE.COM", out, sizeof(out) ), "a user has no host\n" );
    ok( !krb_principal_without_port( "HTTP/web:8080@EXAMPLE.COM", out, sizeof(out) ) &&
        !strcmp( out, "HTTP/web@EXAMPLE.COM" ), "without port %s\n", out );
    ok( !krb_principal_without_port( "HTTP/web:8080", out, sizeof(out) ) && !strcmp( out, "HTTP/web" ), "%s\n", out );
    ok( krb_principal_without_port( "HTTP/web@EXAMPLE.COM", out, sizeof(out) ), "no port\n" );
    ok( !strcmp( krb_principal_realm( "a\\@b@EXAMPLE.COM" ), "EXAMPLE.COM" ), "realm after an escaped @\n" );
    ok( !krb_principal_realm( "HTTP/web" ), "a realm without @\n" );
    ok( krb_principal_name_len( "alice@EXAMPLE.COM" ) == 5, "name length\n" );
    ok( krb_principal_name_len( "alice" ) == 5, "name length without a realm\n" );
}

START_TEST(krb_names)
{
    test_targets();
    test_users();
    test_parts();
}
