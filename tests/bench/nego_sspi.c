/*
 * Negotiate benchmark of our stack, a Windows program run under ./wine:
 * client and server contexts in one process through SPNEGO, with Kerberos
 * (the user's tickets, the keytab's keys) or NTLM (an account of the store,
 * and its mechListMICs) under it (see driver.h); and, as "bare", the same
 * handshakes with the package itself.
 *
 *   nego_sspi krb5|ntlm|krb5-bare|ntlm-bare USER PASSWORD SECONDS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <psapi.h>
#define SECURITY_WIN32
#include <sspi.h>

#include "sspi_pair.h"
static const char *target = "host/localhost";

static SECURITY_STATUS client_step( struct pair *pair, SecBufferDesc *in, SecBufferDesc *out, BOOL first )
{
    ULONG attrs, req = ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY | ISC_REQ_CONNECTION | ISC_REQ_MUTUAL_AUTH;

    out->pBuffers[0].cbBuffer = 16384;
    return InitializeSecurityContextA( first ? &client_cred : NULL, first ? NULL : &pair->client, (char *)target, req,
                                       0, SECURITY_NATIVE_DREP, in, 0, &pair->client, out, &attrs, NULL );
}

/* The legs until both sides are done. */
static BOOL pair_handshake( struct pair *pair )
{
    static BYTE buf1[16384], buf2[16384];
    SecBuffer to_server = { sizeof(buf1), SECBUFFER_TOKEN, buf1 }, to_client = { sizeof(buf2), SECBUFFER_TOKEN, buf2 };
    SecBufferDesc c_out = { SECBUFFER_VERSION, 1, &to_server }, s_out = { SECBUFFER_VERSION, 1, &to_client };
    SECURITY_STATUS c, s = SEC_I_CONTINUE_NEEDED;
    ULONG attrs;
    int legs;

    c = client_step( pair, NULL, &c_out, TRUE );
    for (legs = 0; legs < 4 && !FAILED( c ) && to_server.cbBuffer; legs++)
    {
        to_client.cbBuffer = sizeof(buf2);
        s = AcceptSecurityContext( &server_cred, legs ? &pair->server : NULL, &c_out, ASC_REQ_CONNECTION,
                                   SECURITY_NATIVE_DREP, &pair->server, &s_out, &attrs, NULL );
        if (FAILED( s ) || c == SEC_E_OK || !to_client.cbBuffer) break;
        c = client_step( pair, &s_out, &c_out, FALSE );
    }
    return c == SEC_E_OK && s == SEC_E_OK;
}

#include "driver.h"

int main( int argc, char *argv[] )
{
    SEC_WINNT_AUTH_IDENTITY_EXA id = { SEC_WINNT_AUTH_IDENTITY_VERSION, sizeof(id) };
    BOOL ntlm, bare;
    const char *package;

    if (argc != 5) return 2;
    ntlm = !strncmp( argv[1], "ntlm", 4 );
    bare = strstr( argv[1], "-bare" ) != NULL;
    package = bare ? (ntlm ? "NTLM" : "Kerberos") : "Negotiate";
    id.User = (unsigned char *)argv[2];
    id.UserLength = strlen( argv[2] );
    id.Password = (unsigned char *)argv[3];
    id.PasswordLength = strlen( argv[3] );
    id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
    id.PackageList = (unsigned char *)"ntlm";
    id.PackageListLength = 4;
    if (AcquireCredentialsHandleA( NULL, (char *)package, SECPKG_CRED_OUTBOUND, NULL, ntlm ? &id : NULL, NULL, NULL,
                                   &client_cred, NULL ) ||
        AcquireCredentialsHandleA( NULL, (char *)package, SECPKG_CRED_INBOUND, NULL, NULL, NULL, NULL,
                                   &server_cred, NULL ))
        return 1;
    return run_bench( atof( argv[4] ) );
}
