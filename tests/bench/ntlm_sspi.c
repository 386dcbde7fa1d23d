/*
 * NTLM benchmark of our stack, a Windows program run under ./wine: client
 * and server in one process (see driver.h for the measures).
 *
 *   ntlm_sspi USER PASSWORD SECONDS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <psapi.h>
#define SECURITY_WIN32
#include <sspi.h>

#include "sspi_pair.h"

static BOOL pair_handshake( struct pair *pair )
{
    static BYTE buf1[4096], buf2[4096];
    SecBuffer to_server = { 0, SECBUFFER_TOKEN, buf1 }, to_client = { 0, SECBUFFER_TOKEN, buf2 };
    SecBufferDesc c_out = { SECBUFFER_VERSION, 1, &to_server }, s_out = { SECBUFFER_VERSION, 1, &to_client };
    ULONG attrs, req = ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY | ISC_REQ_CONNECTION;
    SECURITY_STATUS status;
    int leg;

    for (leg = 0; leg < 2; leg++)
    {
        to_server.cbBuffer = sizeof(buf1);
        status = InitializeSecurityContextA( leg ? NULL : &client_cred, leg ? &pair->client : NULL,
                                             (char *)"HTTP/bench", req, 0, SECURITY_NATIVE_DREP, leg ? &s_out : NULL,
                                             0, &pair->client, &c_out, &attrs, NULL );
        if (status != (leg ? SEC_E_OK : SEC_I_CONTINUE_NEEDED)) return FALSE;
        to_client.cbBuffer = sizeof(buf2);
        status = AcceptSecurityContext( &server_cred, leg ? &pair->server : NULL, &c_out, ASC_REQ_CONNECTION,
                                        SECURITY_NATIVE_DREP, &pair->server, &s_out, &attrs, NULL );
        if (status != (leg ? SEC_E_OK : SEC_I_CONTINUE_NEEDED)) return FALSE;
    }
    return TRUE;
}

#include "driver.h"

int main( int argc, char *argv[] )
{
    SEC_WINNT_AUTH_IDENTITY_A id = { 0 };

    if (argc != 4) return 2;
    id.User = (unsigned char *)argv[1];
    id.UserLength = strlen( argv[1] );
    id.Password = (unsigned char *)argv[2];
    id.PasswordLength = strlen( argv[2] );
    id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
    if (AcquireCredentialsHandleA( NULL, (char *)"NTLM", SECPKG_CRED_OUTBOUND, NULL, &id, NULL, NULL, &client_cred,
                                   NULL ) ||
        AcquireCredentialsHandleA( NULL, (char *)"NTLM", SECPKG_CRED_INBOUND, NULL, NULL, NULL, NULL, &server_cred,
                                   NULL ))
        return 1;
    return run_bench( atof( argv[3] ) );
}
