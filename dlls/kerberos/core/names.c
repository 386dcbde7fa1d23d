/*
 * SSPI names to Kerberos principals (see names.h).
 */
#include <string.h>

#include "names.h"

static char upper( char c )
{
    return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

static int same_ignoring_case( const char *a, const char *b, size_t len )
{
    size_t i;

    for (i = 0; i < len; i++) if (upper( a[i] ) != upper( b[i] )) return 0;
    return 1;
}

/* The realm DOMAIN names: itself upper-cased, or DEFAULT_REALM for its NetBIOS form. */
static const char *realm_of( const char *domain, size_t len, const char *default_realm, size_t *realm_len )
{
    size_t dlen = default_realm ? strlen( default_realm ) : 0;

    if (!len || (!memchr( domain, '.', len ) && dlen > len && default_realm[len] == '.' &&
                 same_ignoring_case( domain, default_realm, len )))
    {
        *realm_len = dlen;
        return default_realm;
    }
    *realm_len = len;
    return domain;
}

/* "NAME@REALM" into OUT, the realm upper-cased, none when it is empty. */
static int join( const char *name, size_t name_len, const char *realm, size_t realm_len, char *out, size_t size )
{
    size_t i, len = name_len + (realm_len ? realm_len + 1 : 0);

    if (!name_len || len >= size) return -1;
    memcpy( out, name, name_len );
    if (realm_len)
    {
        out[name_len] = '@';
        for (i = 0; i < realm_len; i++) out[name_len + 1 + i] = upper( realm[i] );
    }
    out[len] = 0;
    return 0;
}

const char *krb_principal_realm( const char *principal )
{
    const char *at = NULL, *p;

    for (p = principal; *p; p++)
    {
        if (*p == '\\' && p[1]) p++;
        else if (*p == '@') at = p;
    }
    return at ? at + 1 : NULL;
}

size_t krb_principal_name_len( const char *principal )
{
    const char *realm = krb_principal_realm( principal );
    return realm ? (size_t)(realm - 1 - principal) : strlen( principal );
}

/* "NAME@DOMAIN", the domain as a realm (see realm_of) */
static int join_domain( const char *name, size_t name_len, const char *domain, size_t domain_len,
                        const char *default_realm, char *out, size_t size )
{
    size_t realm_len;
    const char *realm = realm_of( domain, domain_len, default_realm, &realm_len );

    return join( name, name_len, realm, realm_len, out, size );
}

/* "DOMAIN\name" and "name@domain", the forms of users and of targets that are not SPNs */
static int account_form( const char *name, const char *default_realm, char *out, size_t size )
{
    const char *at = strrchr( name, '@' ), *sep = strchr( name, '\\' );

    if (at) return at == name || !at[1] ? -1 : join_domain( name, at - name, at + 1, strlen( at + 1 ), default_realm,
                                                            out, size );
    if (!sep) return 1;
    if (sep == name || !sep[1]) return -1;
    return join_domain( sep + 1, strlen( sep + 1 ), name, sep - name, default_realm, out, size );
}

int krb_target_principal( const char *target, const char *default_realm, char *out, size_t size )
{
    const char *slash, *at;
    int ret;

    if (!target || !target[0]) return -1;
    if ((slash = strchr( target, '/' )))
    {
        at = strrchr( target, '@' );
        if (slash == target || !slash[1] || slash[1] == '@') return -1;
        if (!at) return join( target, strlen( target ), NULL, 0, out, size );
        if (at < slash || !at[1]) return -1;
        return join_domain( target, at - target, at + 1, strlen( at + 1 ), default_realm, out, size );
    }
    if ((ret = account_form( target, default_realm, out, size )) <= 0) return ret;
    return join( target, strlen( target ), NULL, 0, out, size );
}

int krb_user_principal( const char *user, const char *domain, const char *default_realm, char *out, size_t size )
{
    int ret;

    if (!user || !user[0]) return -1;
    if ((ret = account_form( user, default_realm, out, size )) <= 0) return ret;
    if (!domain) domain = "";
    return join_domain( user, strlen( user ), domain, strlen( domain ), default_realm, out, size );
}

int krb_principal_host( const char *principal, char *out, size_t size )
{
    const char *host = strchr( principal, '/' ), *end;
    size_t len;

    if (!host) return -1;
    host++;
    for (end = host; *end && *end != ':' && *end != '/' && *end != '@'; end++);
    len = end - host;
    if (!len || len >= size) return -1;
    memcpy( out, host, len );
    out[len] = 0;
    return 0;
}

int krb_principal_without_port( const char *principal, char *out, size_t size )
{
    const char *host = strchr( principal, '/' ), *colon, *end;
    size_t len;

    if (!host) return -1;
    for (colon = host + 1; *colon && *colon != ':' && *colon != '/' && *colon != '@'; colon++);
    if (*colon != ':') return -1;
    for (end = colon; *end && *end != '/' && *end != '@'; end++);
    len = (colon - principal) + strlen( end );
    if (len >= size) return -1;
    memcpy( out, principal, colon - principal );
    strcpy( out + (colon - principal), end );
    return 0;
}
