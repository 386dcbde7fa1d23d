/*
 * sspipeer: one side of an SSPI package driven over stdin/stdout, so that
 * interop tests can put our client in front of a peer's acceptor, or a peer's
 * initiator in front of our server.
 *
 *   sspipeer --package NAME [--server] [--user U] [--domain D] [--password P] [--target SPN] [--req FLAGS]
 *
 * FLAGS: comma-separated conf, integ, replay, sequence, mutual, delegate. The
 * handshake: "TOKEN <base64>" lines out and in (the client speaks first), then
 * "DONE <attributes> <user>" or "ERROR <status>". Then, one reply per command line:
 *   SIGN <data>             -> SIG <signature>
 *   VERIFY <data> <sig>     -> STATUS <status>
 *   SEAL <data>             -> SEALED <token> <data>     (EncryptMessage, token and data buffers)
 *   UNSEAL <token> <data>   -> STATUS <status> <data>
 * all values base64.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <wincrypt.h>
#define SECURITY_WIN32
#include <sspi.h>

#define MAX_LINE (256 * 1024)

static char line[MAX_LINE];

static void put_b64( const void *data, DWORD len )
{
    static char out[MAX_LINE];
    DWORD size = sizeof(out);

    if (!len) out[0] = 0;
    else if (!CryptBinaryToStringA( data, len, CRYPT_STRING_BASE64 | CRYPT_STRING_NOCRLF, out, &size )) out[0] = 0;
    fputs( out, stdout );
}

/* Decodes a base64 word into a new buffer; *len gets its size. */
static BYTE *get_b64( const char *word, DWORD *len )
{
    BYTE *buf = malloc( strlen( word ) + 1 );

    *len = strlen( word );
    if (!*len) return buf;
    if (!CryptStringToBinaryA( word, 0, CRYPT_STRING_BASE64, buf, len, NULL, NULL )) *len = 0;
    return buf;
}

static char *next_line(void)
{
    if (!fgets( line, sizeof(line), stdin )) return NULL;
    line[strcspn( line, "\r\n" )] = 0;
    return line;
}

static ULONG parse_req( const char *list, BOOL server )
{
    static const struct { const char *name; ULONG isc, asc; } names[] =
    {
        { "conf", ISC_REQ_CONFIDENTIALITY, ASC_REQ_CONFIDENTIALITY },
        { "integ", ISC_REQ_INTEGRITY, ASC_REQ_INTEGRITY },
        { "replay", ISC_REQ_REPLAY_DETECT, ASC_REQ_REPLAY_DETECT },
        { "sequence", ISC_REQ_SEQUENCE_DETECT, ASC_REQ_SEQUENCE_DETECT },
        { "mutual", ISC_REQ_MUTUAL_AUTH, ASC_REQ_MUTUAL_AUTH },
        { "delegate", ISC_REQ_DELEGATE, ASC_REQ_DELEGATE },
    };
    char copy[256], *name, *next;
    ULONG req = 0, i;

    lstrcpynA( copy, list, sizeof(copy) );
    for (name = copy; name && *name; name = next)
    {
        if ((next = strchr( name, ',' ))) *next++ = 0;
        for (i = 0; i < ARRAYSIZE(names); i++)
            if (!strcmp( name, names[i].name )) req |= server ? names[i].asc : names[i].isc;
    }
    return req;
}

static SECURITY_STATUS step( BOOL server, CredHandle *cred, CtxtHandle *ctxt, BOOL first, char *target, ULONG req,
                             SecBufferDesc *in, SecBufferDesc *out, ULONG *attrs )
{
    if (server)
        return AcceptSecurityContext( cred, first ? NULL : ctxt, in, req | ASC_REQ_ALLOCATE_MEMORY,
                                      SECURITY_NATIVE_DREP, ctxt, out, attrs, NULL );
    return InitializeSecurityContextA( first ? cred : NULL, first ? NULL : ctxt, target,
                                       req | ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NATIVE_DREP,
                                       first ? NULL : in, 0, ctxt, out, attrs, NULL );
}

static BOOL read_token( SecBuffer *buf )
{
    if (!next_line() || strncmp( line, "TOKEN ", 6 )) return FALSE;
    buf->pvBuffer = get_b64( line + 6, &buf->cbBuffer );
    return TRUE;
}

static BOOL handshake( BOOL server, CredHandle *cred, CtxtHandle *ctxt, char *target, ULONG req )
{
    SecBuffer in_buf = { 0, SECBUFFER_TOKEN, NULL }, out_buf;
    SecBufferDesc in = { SECBUFFER_VERSION, 1, &in_buf }, out = { SECBUFFER_VERSION, 1, &out_buf };
    SECURITY_STATUS status;
    ULONG attrs;
    BOOL first = TRUE;

    if (server && !read_token( &in_buf )) return FALSE;
    for (;;)
    {
        out_buf.BufferType = SECBUFFER_TOKEN;
        out_buf.cbBuffer = 0;
        out_buf.pvBuffer = NULL;
        status = step( server, cred, ctxt, first, target, req, &in, &out, &attrs );
        free( in_buf.pvBuffer );
        in_buf.pvBuffer = NULL;
        first = FALSE;
        if (status != SEC_E_OK && status != SEC_I_CONTINUE_NEEDED)
        {
            printf( "ERROR %08lx\n", status );
            return FALSE;
        }
        if (out_buf.cbBuffer)
        {
            fputs( "TOKEN ", stdout );
            put_b64( out_buf.pvBuffer, out_buf.cbBuffer );
            fputs( "\n", stdout );
        }
        FreeContextBuffer( out_buf.pvBuffer );
        if (status == SEC_E_OK)
        {
            SecPkgContext_NamesA names;
            BOOL named = QueryContextAttributesA( ctxt, SECPKG_ATTR_NAMES, &names ) == SEC_E_OK;
            printf( "DONE %08lx %s\n", attrs, named ? names.sUserName : "?" );
            if (named) FreeContextBuffer( names.sUserName );
            return TRUE;
        }
        fflush( stdout );
        if (!read_token( &in_buf )) return FALSE;
    }
}

static void messages( CtxtHandle *ctxt, const SecPkgContext_Sizes *sizes )
{
    while (next_line())
    {
        char *arg1 = strchr( line, ' ' ), *arg2 = arg1 ? strchr( arg1 + 1, ' ' ) : NULL;
        SecBuffer bufs[2];
        SecBufferDesc msg = { SECBUFFER_VERSION, 2, bufs };
        SECURITY_STATUS status;
        ULONG qop;

        if (arg1) *arg1++ = 0;
        if (arg2) *arg2++ = 0;
        bufs[0].BufferType = SECBUFFER_DATA;
        bufs[1].BufferType = SECBUFFER_TOKEN;
        if (!strcmp( line, "SIGN" ) || !strcmp( line, "SEAL" ))
        {
            BOOL seal = !strcmp( line, "SEAL" );
            if (!arg1) break;
            bufs[0].pvBuffer = get_b64( arg1, &bufs[0].cbBuffer );
            bufs[1].cbBuffer = seal ? sizes->cbSecurityTrailer : sizes->cbMaxSignature;
            bufs[1].pvBuffer = malloc( bufs[1].cbBuffer );
            status = seal ? EncryptMessage( ctxt, 0, &msg, 0 ) : MakeSignature( ctxt, 0, &msg, 0 );
            if (status) printf( "ERROR %08lx\n", status );
            else
            {
                fputs( seal ? "SEALED " : "SIG ", stdout );
                put_b64( bufs[1].pvBuffer, bufs[1].cbBuffer );
                if (seal)
                {
                    fputs( " ", stdout );
                    put_b64( bufs[0].pvBuffer, bufs[0].cbBuffer );
                }
                fputs( "\n", stdout );
            }
        }
        else if (!strcmp( line, "VERIFY" ) || !strcmp( line, "UNSEAL" ))
        {
            BOOL unseal = !strcmp( line, "UNSEAL" );
            if (!arg2) break;
            bufs[0].pvBuffer = get_b64( unseal ? arg2 : arg1, &bufs[0].cbBuffer );
            bufs[1].pvBuffer = get_b64( unseal ? arg1 : arg2, &bufs[1].cbBuffer );
            status = unseal ? DecryptMessage( ctxt, &msg, 0, &qop ) : VerifySignature( ctxt, &msg, 0, &qop );
            printf( "STATUS %08lx", status );
            if (unseal)
            {
                fputs( " ", stdout );
                put_b64( bufs[0].pvBuffer, bufs[0].cbBuffer );
            }
            fputs( "\n", stdout );
        }
        else break;
        free( bufs[0].pvBuffer );
        free( bufs[1].pvBuffer );
        fflush( stdout );
    }
}

int main( int argc, char *argv[] )
{
    SEC_WINNT_AUTH_IDENTITY_A id = { 0 };
    char *package = NULL, *target = NULL;
    SecPkgContext_Sizes sizes;
    CredHandle cred;
    CtxtHandle ctxt;
    ULONG req = ISC_REQ_CONNECTION;  /* the same bit as ASC_REQ_CONNECTION */
    BOOL server = FALSE;
    int i;

    for (i = 1; i < argc && strcmp( argv[i], "--server" ); i++);
    if (i < argc)
    {
        server = TRUE;
        memmove( argv + i, argv + i + 1, (argc - i) * sizeof(*argv) );
        argc--;
    }

    for (i = 1; i + 1 < argc; i += 2)
    {
        if (!strcmp( argv[i], "--package" )) package = argv[i + 1];
        else if (!strcmp( argv[i], "--user" )) id.User = (unsigned char *)argv[i + 1];
        else if (!strcmp( argv[i], "--domain" )) id.Domain = (unsigned char *)argv[i + 1];
        else if (!strcmp( argv[i], "--password" )) id.Password = (unsigned char *)argv[i + 1];
        else if (!strcmp( argv[i], "--target" )) target = argv[i + 1];
        else if (!strcmp( argv[i], "--req" )) req |= parse_req( argv[i + 1], server );
    }
    if (!package || i != argc)
    {
        fprintf( stderr, "usage: sspipeer --package NAME [--server] [--user U] [--domain D] [--password P] "
                         "[--target SPN] [--req FLAGS]\n" );
        return 2;
    }
    id.UserLength = id.User ? strlen( (char *)id.User ) : 0;
    id.DomainLength = id.Domain ? strlen( (char *)id.Domain ) : 0;
    id.PasswordLength = id.Password ? strlen( (char *)id.Password ) : 0;
    id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;

    if (AcquireCredentialsHandleA( NULL, package, server ? SECPKG_CRED_INBOUND : SECPKG_CRED_OUTBOUND, NULL,
                                   id.User ? &id : NULL, NULL, NULL, &cred, NULL ) != SEC_E_OK)
    {
        printf( "ERROR credentials\n" );
        return 1;
    }
    if (!handshake( server, &cred, &ctxt, target, req )) return 1;
    fflush( stdout );
    if (QueryContextAttributesA( &ctxt, SECPKG_ATTR_SIZES, &sizes ) != SEC_E_OK) return 1;
    messages( &ctxt, &sizes );
    DeleteSecurityContext( &ctxt );
    FreeCredentialsHandle( &cred );
    return 0;
}
