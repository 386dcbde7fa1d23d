/*
 * The native reference of the Negotiate benchmark: the measures of driver.h
 * through MIT's SPNEGO, with Kerberos (the user's tickets, the keytab) or
 * NTLM (gss-ntlmssp, NTLM_USER_FILE for the acceptor) under it.
 *
 *   nego_gss krb5|ntlm DOMAIN\\USER PASSWORD SECONDS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>

#include "gss_pair.h"

static gss_OID_desc spnego_oid = { 6, (void *)"\x2b\x06\x01\x05\x05\x02" };
static gss_OID_desc ntlm_oid = { 10, (void *)"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a" };
static gss_cred_id_t client_cred, server_cred;
static gss_name_t target;

/* The legs until both sides are done. */
static BOOL pair_handshake( struct pair *pair )
{
    gss_buffer_desc to_server = GSS_C_EMPTY_BUFFER, to_client = GSS_C_EMPTY_BUFFER;
    OM_uint32 c, s = GSS_S_CONTINUE_NEEDED, minor, flags = GSS_C_MUTUAL_FLAG | GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG;
    int legs;

    pair->client = pair->server = GSS_C_NO_CONTEXT;
    c = gss_init_sec_context( &minor, client_cred, &pair->client, target, &spnego_oid, flags, 0, NULL,
                              GSS_C_NO_BUFFER, NULL, &to_server, NULL, NULL );
    for (legs = 0; legs < 4 && !GSS_ERROR( c ) && to_server.length; legs++)
    {
        s = gss_accept_sec_context( &minor, &pair->server, server_cred, &to_server, NULL, NULL, NULL, &to_client,
                                    NULL, NULL, NULL );
        gss_release_buffer( &minor, &to_server );
        if (GSS_ERROR( s ) || c == GSS_S_COMPLETE || !to_client.length) break;
        c = gss_init_sec_context( &minor, client_cred, &pair->client, target, &spnego_oid, flags, 0, NULL,
                                  &to_client, NULL, &to_server, NULL, NULL );
        gss_release_buffer( &minor, &to_client );
    }
    gss_release_buffer( &minor, &to_server );
    gss_release_buffer( &minor, &to_client );
    return c == GSS_S_COMPLETE && s == GSS_S_COMPLETE;
}

#include "driver.h"

int main( int argc, char *argv[] )
{
    gss_buffer_desc name = { 14, (void *)"host@localhost" }, user_name, password;
    gss_OID_set_desc spnego = { 1, &spnego_oid }, mech = { 1, (gss_OID)gss_mech_krb5 };
    gss_name_t user;
    OM_uint32 minor, major;
    BOOL ntlm;

    if (argc != 5) return 2;
    ntlm = !strcmp( argv[1], "ntlm" );
    if (ntlm) mech.elements = &ntlm_oid;
    gss_import_name( &minor, &name, GSS_C_NT_HOSTBASED_SERVICE, &target );
    if (ntlm)
    {
        user_name.value = argv[2];
        user_name.length = strlen( argv[2] );
        password.value = argv[3];
        password.length = strlen( argv[3] );
        gss_import_name( &minor, &user_name, GSS_C_NT_USER_NAME, &user );
        major = gss_acquire_cred_with_password( &minor, user, &password, 0, &spnego, GSS_C_INITIATE, &client_cred,
                                                NULL, NULL );
    }
    else major = gss_acquire_cred( &minor, GSS_C_NO_NAME, 0, &spnego, GSS_C_INITIATE, &client_cred, NULL, NULL );
    /* SPNEGO with only the mechanism measured, on both sides */
    if (GSS_ERROR( major ) || GSS_ERROR( gss_set_neg_mechs( &minor, client_cred, &mech ) ) ||
        GSS_ERROR( gss_acquire_cred( &minor, GSS_C_NO_NAME, 0, &spnego, GSS_C_ACCEPT, &server_cred, NULL, NULL ) ) ||
        GSS_ERROR( gss_set_neg_mechs( &minor, server_cred, &mech ) ))
        return 1;
    return run_bench( atof( argv[4] ) );
}
