/*
 * The native reference of the NTLM benchmark: the measures of driver.h
 * through GSSAPI with gss-ntlmssp. NTLM_USER_FILE must hold the account
 * for the acceptor.
 *
 *   ntlm_gss DOMAIN\\USER PASSWORD SECONDS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>

#include "gss_pair.h"

static gss_OID_desc ntlm_oid = { 10, (void *)"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a" };
static gss_cred_id_t client_cred, server_cred;
static gss_name_t target;

static BOOL pair_handshake( struct pair *pair )
{
    gss_buffer_desc to_server = GSS_C_EMPTY_BUFFER, to_client = GSS_C_EMPTY_BUFFER;
    OM_uint32 major = 0, minor, flags = GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG;
    int leg;

    pair->client = pair->server = GSS_C_NO_CONTEXT;
    for (leg = 0; leg < 2; leg++)
    {
        major = gss_init_sec_context( &minor, client_cred, &pair->client, target, &ntlm_oid, flags, 0, NULL,
                                      &to_client, NULL, &to_server, NULL, NULL );
        gss_release_buffer( &minor, &to_client );
        if (GSS_ERROR( major )) return 0;
        major = gss_accept_sec_context( &minor, &pair->server, server_cred, &to_server, NULL, NULL, NULL,
                                        &to_client, NULL, NULL, NULL );
        gss_release_buffer( &minor, &to_server );
        if (GSS_ERROR( major )) return 0;
        if (major == GSS_S_COMPLETE) break;
    }
    gss_release_buffer( &minor, &to_client );
    return major == GSS_S_COMPLETE;
}

#include "driver.h"

int main( int argc, char *argv[] )
{
    gss_buffer_desc name_buf, password;
    gss_OID_set_desc mechs = { 1, &ntlm_oid };
    gss_name_t user;
    OM_uint32 minor;

    if (argc != 4) return 2;
    name_buf.value = argv[1];
    name_buf.length = strlen( argv[1] );
    password.value = argv[2];
    password.length = strlen( argv[2] );
    gss_import_name( &minor, &name_buf, GSS_C_NT_USER_NAME, &user );
    name_buf.value = (void *)"HTTP@bench";
    name_buf.length = 10;
    gss_import_name( &minor, &name_buf, GSS_C_NT_HOSTBASED_SERVICE, &target );
    if (GSS_ERROR( gss_acquire_cred_with_password( &minor, user, &password, 0, &mechs, GSS_C_INITIATE, &client_cred,
                                                   NULL, NULL ) ) ||
        GSS_ERROR( gss_acquire_cred( &minor, GSS_C_NO_NAME, 0, &mechs, GSS_C_ACCEPT, &server_cred, NULL, NULL ) ))
        return 1;
    return run_bench( atof( argv[3] ) );
}
