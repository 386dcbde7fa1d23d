/*
 * The names Windows programs give the Kerberos package, as Kerberos
 * principals (RFC 1964 2.1.1 string form, "comp/comp@REALM").
 * Portable C, no Windows dependency; strings are UTF-8.
 */
#ifndef __KERBEROS_NAMES_H
#define __KERBEROS_NAMES_H

#include <stddef.h>

#define KRB_MAX_NAME 1024   /* a principal's string form, with its NUL */

/* A target name: "service/host", "service/host:port", "service/host/name",
 * any of them with "@REALM", a UPN "user@dns.domain", or "DOMAIN\name".
 * An SPN is taken as it is, port and all; a realm is upper-cased (a NetBIOS
 * domain is DEFAULT_REALM, as for users), and an SPN without one gets none
 * (the realm of its host is looked up later). Returns 0, or -1 for an empty
 * or malformed name or one that does not fit. */
int krb_target_principal( const char *target, const char *default_realm, char *out, size_t size );

/* The user of an explicit identity: "user" with DOMAIN as its realm,
 * "user@domain" (a UPN: DOMAIN is ignored), or "DOMAIN\user". A NetBIOS
 * domain, without dots, stands for DEFAULT_REALM when that realm's first
 * label is the domain; an empty domain is DEFAULT_REALM. Returns 0 or -1. */
int krb_user_principal( const char *user, const char *domain, const char *default_realm, char *out, size_t size );

/* The host part of a principal of the form "service/host[:port][/...][@REALM]",
 * into OUT; -1 when it has no host part. */
int krb_principal_host( const char *principal, char *out, size_t size );

/* PRINCIPAL without the port of its host part ("HTTP/host:8080" -> "HTTP/host"):
 * 0, or -1 when it has no port or the result does not fit. */
int krb_principal_without_port( const char *principal, char *out, size_t size );

/* The realm of PRINCIPAL (after its last unescaped '@'), or NULL. */
const char *krb_principal_realm( const char *principal );
/* The length of PRINCIPAL before its realm. */
size_t krb_principal_name_len( const char *principal );

#endif
