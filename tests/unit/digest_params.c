/*
 * Unit tests of Digest auth-param parsing.
 */
#include <string.h>

#include "digest_params.h"
#include "wine/test.h"

static void test_params(void)
{
    static const char challenge[] =
        "realm=\"test@example.com\", qop=\"auth,auth-int\",algorithm=SHA-256, "
        "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"a\\\"b\", ,stale=FALSE";
    static const struct { const char *name, *value; } expected[] =
    {
        { "realm", "test@example.com" }, { "qop", "auth,auth-int" }, { "algorithm", "SHA-256" },
        { "nonce", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v" }, { "opaque", "a\"b" }, { "stale", "FALSE" },
    };
    struct digest_parser parser;
    const char *name;
    size_t name_len, value_len, i;
    char value[64];

    digest_parser_init( &parser, challenge, strlen( challenge ) );
    for (i = 0; i < ARRAY_SIZE(expected); i++)
    {
        ok( digest_next_param( &parser, &name, &name_len, value, sizeof(value), &value_len ) == 1, "%zu: no param\n", i );
        ok( name_len == strlen( expected[i].name ) && !memcmp( name, expected[i].name, name_len ), "%zu: name\n", i );
        ok( !strcmp( value, expected[i].value ), "%zu: value %s\n", i, value );
    }
    ok( digest_next_param( &parser, &name, &name_len, value, sizeof(value), &value_len ) == 0, "not at the end\n" );
}

static void test_bad(void)
{
    static const char * const bad[] =
    {
        "realm", "realm=", "=value", "realm=\"unterminated", "realm=\"x\\", "a=b c=d", "a=\"x\"y",
        "realm=\"0123456789012345678901234567890123456789\"",   /* longer than the value buffer */
    };
    struct digest_parser parser;
    const char *name;
    size_t name_len, value_len, i;
    char value[32];

    for (i = 0; i < ARRAY_SIZE(bad); i++)
    {
        int ret;
        digest_parser_init( &parser, bad[i], strlen( bad[i] ) );
        while ((ret = digest_next_param( &parser, &name, &name_len, value, sizeof(value), &value_len )) == 1) ;
        ok( ret == -1, "%zu: %s accepted\n", i, bad[i] );
    }
}

START_TEST(digest_params)
{
    test_params();
    test_bad();
}
