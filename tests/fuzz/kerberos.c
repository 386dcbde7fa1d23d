/*
 * libFuzzer target for the Kerberos core: every input goes through the
 * context token parser, the AP-REQ ticket and KRB-ERROR readers, the PAC
 * parser with its SID accessors, and, as a string, the name conversions.
 * Built natively with ASan and UBSan.
 *
 * Built with -DKERBEROS_SEEDS instead, main() writes a seed corpus of real
 * tokens and a PAC into the directory it is given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "krb_token.h"
#include "names.h"
#include "pac.h"
#include "../unit/krb_vectors.h"

#ifndef KERBEROS_SEEDS

static void read_pac( const uint8_t *data, size_t size )
{
    struct pac_sid sid;
    struct pac pac;
    uint32_t i, attributes;

    if (pac_parse( data, size, &pac ) || !pac.has_logon_info) return;
    pac_user_sid( &pac.logon, &sid );
    for (i = 0; i < pac.logon.extra_sid_count; i++) pac_extra_sid( &pac.logon, i, &sid, &attributes );
}

static void read_names( const uint8_t *data, size_t size )
{
    char *str = malloc( size + 1 ), out[KRB_MAX_NAME], *sep;

    if (!str) return;
    memcpy( str, data, size );
    str[size] = 0;
    krb_target_principal( str, "EXAMPLE.COM", out, sizeof(out) );
    if ((sep = strchr( str, '|' ))) *sep++ = 0;
    krb_user_principal( str, sep, "EXAMPLE.COM", out, sizeof(out) );
    krb_principal_host( str, out, sizeof(out) );
    krb_principal_without_port( str, out, sizeof(out) );
    krb_principal_name_len( str );
    free( str );
}

int LLVMFuzzerTestOneInput( const uint8_t *data, size_t size )
{
    struct krb_ticket_info ticket;
    struct krb_error_info error;
    struct krb_token token;

    if (!krb_token_parse( data, size, &token ))
    {
        if (token.kind == KRB_TOKEN_AP_REQ) krb_ap_req_ticket( token.msg, token.msg_len, &ticket );
        if (token.kind == KRB_TOKEN_ERROR) krb_error_parse( token.msg, token.msg_len, &error );
    }
    krb_ap_req_ticket( data, size, &ticket );
    krb_error_parse( data, size, &error );
    read_pac( data, size );
    read_names( data, size );
    return 0;
}

#else
#include "seeds.h"

int main( int argc, char *argv[] )
{
    static const char names[] = "MSSQLSvc/db.example.com:1433@example.com|CORP";
    uint8_t pac[4096];

    if (argc != 2) return 2;
    write_seed( argv[1], "ap-req", ap_req, sizeof(ap_req) );
    write_seed( argv[1], "ap-req-raw", ap_req + 17, sizeof(ap_req) - 17 );
    write_seed( argv[1], "krb-error", krb_error, sizeof(krb_error) );
    write_seed( argv[1], "pac", pac, make_pac( pac ) );
    write_seed( argv[1], "pac-samba", samba_pac, sizeof(samba_pac) );
    write_seed( argv[1], "names", names, sizeof(names) - 1 );
    return 0;
}

#endif
