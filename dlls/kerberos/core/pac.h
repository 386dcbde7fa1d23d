/*
 * The Privilege Attribute Certificate of a service ticket (MS-PAC): who the
 * client is as a Windows domain names it. Portable C, no Windows dependency;
 * every read is bounds-checked, and the strings point into the PAC.
 */
#ifndef __KERBEROS_PAC_H
#define __KERBEROS_PAC_H

#include <stddef.h>
#include <stdint.h>

/* UTF-16LE, LEN bytes, not NUL-terminated */
struct pac_string
{
    const uint8_t *data;
    uint32_t       len;
};

#define PAC_MAX_SUB_AUTHORITIES 15

struct pac_sid
{
    uint8_t  revision;
    uint8_t  count;
    uint8_t  authority[6];
    uint32_t sub[PAC_MAX_SUB_AUTHORITIES];
};

/* KERB_VALIDATION_INFO (MS-PAC 2.5), the part of it a logon uses */
struct pac_logon_info
{
    uint64_t          logon_time;          /* FILETIMEs */
    uint64_t          logoff_time;
    uint64_t          kickoff_time;
    uint64_t          password_last_set;
    uint64_t          password_can_change;
    uint64_t          password_must_change;
    struct pac_string effective_name;      /* the account name, "alice" */
    struct pac_string full_name;
    struct pac_string logon_script;
    struct pac_string profile_path;
    struct pac_string home_directory;
    struct pac_string home_drive;
    struct pac_string logon_server;
    struct pac_string logon_domain;        /* the NetBIOS domain, "CORP" */
    uint16_t          logon_count;
    uint16_t          bad_password_count;
    uint32_t          user_id;             /* the user's RID */
    uint32_t          primary_group_id;
    uint32_t          user_flags;
    uint32_t          group_count;
    const uint8_t    *groups;              /* GROUP_COUNT pairs of little-endian RID, attributes */
    int               has_domain_sid;
    struct pac_sid    domain_sid;
    uint32_t          extra_sid_count;     /* read with pac_extra_sid */
    size_t            extra_sids;          /* offsets within the logon info: the array of referents */
    size_t            extra_sid_data;      /* and the first SID */
    const uint8_t    *ndr;                 /* the logon info buffer, for pac_extra_sid */
    size_t            ndr_len;
};

struct pac
{
    int                   has_logon_info;
    struct pac_logon_info logon;
    int                   has_client_info;
    uint64_t              client_id;       /* PAC_CLIENT_INFO: the ticket's authtime, a FILETIME */
    struct pac_string     client_name;
    int                   has_upn;
    struct pac_string     upn;             /* UPN_DNS_INFO */
    struct pac_string     dns_domain;
};

/* Reads a PAC. Returns 0, or -1 when it, or a buffer of a type read here, is malformed. */
int pac_parse( const uint8_t *buf, size_t len, struct pac *out );

/* The extra SID INDEX (< extra_sid_count) of a parsed logon info, and its
 * attributes; a SID of no sub-authorities when its pointer is NULL. */
void pac_extra_sid( const struct pac_logon_info *info, uint32_t index, struct pac_sid *sid, uint32_t *attributes );

/* The user's SID: the domain SID and the user's RID. -1 without a domain SID. */
int pac_user_sid( const struct pac_logon_info *info, struct pac_sid *sid );

#endif
