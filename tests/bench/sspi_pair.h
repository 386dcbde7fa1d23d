/*
 * What the benchmarks of our stack share (see driver.h): a pair of SSPI
 * contexts, their credentials, and messages through EncryptMessage and
 * DecryptMessage in a token and a data buffer.
 */
struct pair
{
    CtxtHandle client, server;
};

static CredHandle client_cred, server_cred;

static void pair_drop( struct pair *pair )
{
    DeleteSecurityContext( &pair->client );
    DeleteSecurityContext( &pair->server );
}

static BOOL pair_seal_unseal( struct pair *pair, unsigned char *data, size_t len )
{
    BYTE token[76];  /* Kerberos' header and padding, NTLM's signature */
    SecBuffer bufs[2] = { { len, SECBUFFER_DATA, data }, { sizeof(token), SECBUFFER_TOKEN, token } };
    SecBufferDesc msg = { SECBUFFER_VERSION, 2, bufs };
    ULONG qop;

    return !EncryptMessage( &pair->client, 0, &msg, 0 ) && !DecryptMessage( &pair->server, &msg, 0, &qop );
}
