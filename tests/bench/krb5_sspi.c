/*
 * Kerberos benchmark of our stack, a Windows program run under ./wine:
 * client and server contexts in one process, the client's tickets from the
 * user's cache and the server's keys from the keytab (see driver.h).
 *
 *   krb5_sspi SECONDS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <psapi.h>
#define SECURITY_WIN32
#include <sspi.h>

#include "sspi_pair.h"

/* Mutual authentication: AP-REQ, AP-REP. */
static BOOL pair_handshake( struct pair *pair )
{
    static BYTE buf1[16384], buf2[16384];
    SecBuffer to_server = { sizeof(buf1), SECBUFFER_TOKEN, buf1 }, to_client = { sizeof(buf2), SECBUFFER_TOKEN, buf2 };
    SecBufferDesc c_out = { SECBUFFER_VERSION, 1, &to_server }, s_out = { SECBUFFER_VERSION, 1, &to_client };
    ULONG attrs, req = ISC_REQ_MUTUAL_AUTH | ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY | ISC_REQ_CONNECTION;

    if (InitializeSecurityContextA( &client_cred, NULL, (char *)"host/localhost", req, 0, SECURITY_NATIVE_DREP, NULL,
                                    0, &pair->client, &c_out, &attrs, NULL ) != SEC_I_CONTINUE_NEEDED)
        return FALSE;
    if (AcceptSecurityContext( &server_cred, NULL, &c_out, ASC_REQ_CONNECTION, SECURITY_NATIVE_DREP, &pair->server,
                               &s_out, &attrs, NULL ) != SEC_E_OK)
        return FALSE;
    return InitializeSecurityContextA( NULL, &pair->client, (char *)"host/localhost", req, 0, SECURITY_NATIVE_DREP,
                                       &s_out, 0, &pair->client, &c_out, &attrs, NULL ) == SEC_E_OK;
}

#include "driver.h"

int main( int argc, char *argv[] )
{
    if (argc != 2) return 2;
    if (AcquireCredentialsHandleA( NULL, (char *)"Kerberos", SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL,
                                   &client_cred, NULL ) ||
        AcquireCredentialsHandleA( NULL, (char *)"Kerberos", SECPKG_CRED_INBOUND, NULL, NULL, NULL, NULL,
                                   &server_cred, NULL ))
        return 1;
    return run_bench( atof( argv[1] ) );
}
