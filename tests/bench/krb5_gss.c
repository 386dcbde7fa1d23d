/*
 * The native reference of the Kerberos benchmark: the measures of driver.h
 * through MIT GSSAPI, the client's tickets from the user's cache and the
 * server's keys from the keytab, messages in gss_wrap_iov's header and data.
 *
 *   krb5_gss SECONDS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>

#define GSS_PAIR_OWN_SEAL
#include "gss_pair.h"

static gss_cred_id_t client_cred, server_cred;
static gss_name_t target;

/* Mutual authentication: AP-REQ, AP-REP. */
static BOOL pair_handshake( struct pair *pair )
{
    gss_buffer_desc to_server = GSS_C_EMPTY_BUFFER, to_client = GSS_C_EMPTY_BUFFER;
    OM_uint32 major, minor, flags = GSS_C_MUTUAL_FLAG | GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG;

    pair->client = pair->server = GSS_C_NO_CONTEXT;
    major = gss_init_sec_context( &minor, client_cred, &pair->client, target, (gss_OID)gss_mech_krb5, flags, 0, NULL,
                                  GSS_C_NO_BUFFER, NULL, &to_server, NULL, NULL );
    if (major != GSS_S_CONTINUE_NEEDED) return 0;
    major = gss_accept_sec_context( &minor, &pair->server, server_cred, &to_server, NULL, NULL, NULL, &to_client,
                                    NULL, NULL, NULL );
    gss_release_buffer( &minor, &to_server );
    if (major != GSS_S_COMPLETE) return 0;
    major = gss_init_sec_context( &minor, client_cred, &pair->client, target, (gss_OID)gss_mech_krb5, flags, 0, NULL,
                                  &to_client, NULL, &to_server, NULL, NULL );
    gss_release_buffer( &minor, &to_client );
    gss_release_buffer( &minor, &to_server );
    return major == GSS_S_COMPLETE;
}

static BOOL pair_seal_unseal( struct pair *pair, unsigned char *data, size_t len )
{
    unsigned char header[76];
    gss_iov_buffer_desc iov[2];
    OM_uint32 minor;
    int conf;

    iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER;
    iov[0].buffer.length = sizeof(header);
    iov[0].buffer.value = header;
    iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
    iov[1].buffer.length = len;
    iov[1].buffer.value = data;
    if (GSS_ERROR( gss_wrap_iov( &minor, pair->client, 1, GSS_C_QOP_DEFAULT, &conf, iov, 2 ) )) return 0;
    return !GSS_ERROR( gss_unwrap_iov( &minor, pair->server, &conf, NULL, iov, 2 ) );
}

#include "driver.h"

int main( int argc, char *argv[] )
{
    gss_buffer_desc name = { 14, (void *)"host/localhost" };
    gss_OID_set_desc mechs = { 1, (gss_OID)gss_mech_krb5 };
    OM_uint32 minor;

    if (argc != 2) return 2;
    gss_import_name( &minor, &name, (gss_OID)GSS_KRB5_NT_PRINCIPAL_NAME, &target );
    if (GSS_ERROR( gss_acquire_cred( &minor, GSS_C_NO_NAME, 0, &mechs, GSS_C_INITIATE, &client_cred, NULL, NULL ) ) ||
        GSS_ERROR( gss_acquire_cred( &minor, GSS_C_NO_NAME, 0, &mechs, GSS_C_ACCEPT, &server_cred, NULL, NULL ) ))
        return 1;
    return run_bench( atof( argv[1] ) );
}
