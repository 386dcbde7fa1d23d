/*
 * sspipeer: one side of an SSPI package driven over stdin/stdout, so that
 * interop tests can put our client in front of a peer's acceptor, or a peer's
 * initiator in front of our server.
 *
 *   sspipeer --package NAME [--server] [--user U] [--domain D] [--password P] [--packages LIST]
 *            [--target SPN] [--req FLAGS] [--bindings DATA]
 *
 * FLAGS: comma-separated conf, integ, replay, sequence, mutual, delegate, dce,
 * identify, exterr. LIST: the PackageList of the identity (Negotiate's
 * packages, "ntlm", "!kerberos", ...). DATA: the application data of channel bindings. The
 * handshake: "TOKEN <base64>" lines out and in (the client speaks first), then
 * "DONE <attributes> <user>" or "ERROR <status>" (after the token a failed step
 * left for the peer, if any). Then, one reply per command line:
 *   SIGN <data>              -> SIG <signature>
 *   VERIFY <data> <sig>      -> STATUS <status>
 *   SEAL <data> [qop]        -> SEALED <token> <data>     (EncryptMessage, token and data buffers)
 *   UNSEAL <token> <data>    -> STATUS <status> <data> <qop>
 *   UNWRAP <message>         -> STATUS <status> <data> <qop>  (DecryptMessage of a SECBUFFER_STREAM)
 *   HOP <target>             (server) impersonating the client, a handshake with the client's
 *                            credentials: "HOP TOKEN <base64>" lines both ways, then
 *                            "HOP DONE <attributes> <credentials' user>" or "HOP ERROR <status>"
 *   WHO                      (server) -> WHO <domain>\<user> <SID>: the logon session of the
 *                            thread impersonating the client (SID "-" when it has none)
 *   AGAIN                    (client) another handshake with the same credentials: "AGAIN TOKEN
 *                            <base64>" lines both ways, then "AGAIN DONE <attributes>" or "AGAIN ERROR"
 * all values base64, qop hex.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <wincrypt.h>
#include <sddl.h>
#include <ntstatus.h>
#define SECURITY_WIN32
#include <sspi.h>
#include <ntsecapi.h>
#include <ntsecpkg.h>

NTSTATUS WINAPI GetSecurityUserInfo( LUID *logon_id, ULONG flags, PSecurityUserData *info );

#define MAX_LINE (256 * 1024)

static char line[MAX_LINE];
static const char *package;
static SEC_CHANNEL_BINDINGS *bindings;
static ULONG bindings_len;
/* the client's, for AGAIN */
static CredHandle client_cred;
static char *client_target;
static ULONG client_req;

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
        { "dce", ISC_REQ_USE_DCE_STYLE, ASC_REQ_USE_DCE_STYLE },
        { "identify", ISC_REQ_IDENTIFY, ASC_REQ_IDENTIFY },
        { "exterr", ISC_REQ_EXTENDED_ERROR, ASC_REQ_EXTENDED_ERROR },
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

static void make_bindings( const char *data )
{
    bindings_len = sizeof(*bindings) + strlen( data );
    bindings = calloc( 1, bindings_len );
    bindings->dwApplicationDataOffset = sizeof(*bindings);
    bindings->cbApplicationDataLength = strlen( data );
    memcpy( bindings + 1, data, strlen( data ) );
}

static SECURITY_STATUS step( BOOL server, CredHandle *cred, CtxtHandle *ctxt, BOOL first, char *target, ULONG req,
                             SecBufferDesc *in, SecBufferDesc *out, ULONG *attrs )
{
    if (server)
        return AcceptSecurityContext( cred, first ? NULL : ctxt, in, req | ASC_REQ_ALLOCATE_MEMORY,
                                      SECURITY_NATIVE_DREP, ctxt, out, attrs, NULL );
    return InitializeSecurityContextA( first ? cred : NULL, first ? NULL : ctxt, target,
                                       req | ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NATIVE_DREP,
                                       first && !bindings ? NULL : in, 0, ctxt, out, attrs, NULL );
}

/* "[PREFIX ]TOKEN <base64>" into BUF. */
static BOOL read_token( const char *prefix, SecBuffer *buf )
{
    size_t skip = strlen( prefix );

    if (!next_line() || strncmp( line, prefix, skip ) || strncmp( line + skip, "TOKEN ", 6 )) return FALSE;
    buf->pvBuffer = get_b64( line + skip + 6, &buf->cbBuffer );
    return TRUE;
}

static void print_token( const char *prefix, const SecBuffer *buf )
{
    if (!buf->cbBuffer) return;
    printf( "%sTOKEN ", prefix );
    put_b64( buf->pvBuffer, buf->cbBuffer );
    fputs( "\n", stdout );
}

/* The legs of a handshake; lines start with PREFIX. Returns the final attributes, or -1. */
static LONG handshake( const char *prefix, BOOL server, CredHandle *cred, CtxtHandle *ctxt, char *target, ULONG req )
{
    SecBuffer in_bufs[2] = { { 0, SECBUFFER_TOKEN, NULL }, { bindings_len, SECBUFFER_CHANNEL_BINDINGS, bindings } },
              out_buf;
    SecBufferDesc in = { SECBUFFER_VERSION, bindings ? 2 : 1, in_bufs }, out = { SECBUFFER_VERSION, 1, &out_buf };
    SECURITY_STATUS status;
    ULONG attrs;
    BOOL first = TRUE;

    if (server && !read_token( prefix, &in_bufs[0] )) return -1;
    for (;;)
    {
        out_buf.BufferType = SECBUFFER_TOKEN;
        out_buf.cbBuffer = 0;
        out_buf.pvBuffer = NULL;
        status = step( server, cred, ctxt, first, target, req, &in, &out, &attrs );
        free( in_bufs[0].pvBuffer );
        in_bufs[0].pvBuffer = NULL;
        in_bufs[0].cbBuffer = 0;
        first = FALSE;
        print_token( prefix, &out_buf );
        FreeContextBuffer( out_buf.pvBuffer );
        if (status != SEC_E_OK && status != SEC_I_CONTINUE_NEEDED)
        {
            printf( "%sERROR %08lx\n", prefix, status );
            fflush( stdout );
            return -1;
        }
        if (status == SEC_E_OK) return attrs;
        fflush( stdout );
        if (!read_token( prefix, &in_bufs[0] )) return -1;
    }
}

/* The client's credentials, impersonating it, to TARGET. */
static void hop( CtxtHandle *server_ctxt, char *target )
{
    SecPkgCredentials_NamesA names;
    CredHandle cred;
    CtxtHandle ctxt;
    SECURITY_STATUS status;
    LONG attrs;

    if ((status = ImpersonateSecurityContext( server_ctxt )))
    {
        printf( "HOP ERROR %08lx\n", status );
        return;
    }
    status = AcquireCredentialsHandleA( NULL, (char *)package, SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL, &cred,
                                        NULL );
    RevertSecurityContext( server_ctxt );
    if (status)
    {
        printf( "HOP ERROR %08lx\n", status );
        return;
    }
    if ((attrs = handshake( "HOP ", FALSE, &cred, &ctxt, target, ISC_REQ_MUTUAL_AUTH )) >= 0)
    {
        BOOL named = QueryCredentialsAttributesA( &cred, SECPKG_CRED_ATTR_NAMES, &names ) == SEC_E_OK;
        printf( "HOP DONE %08lx %s\n", attrs, named ? names.sUserName : "?" );
        if (named) FreeContextBuffer( names.sUserName );
        DeleteSecurityContext( &ctxt );
    }
    FreeCredentialsHandle( &cred );
}

/* A second handshake of the client with its credentials. */
static void again(void)
{
    CtxtHandle ctxt;
    LONG attrs;

    if ((attrs = handshake( "AGAIN ", FALSE, &client_cred, &ctxt, client_target, client_req )) < 0) return;
    printf( "AGAIN DONE %08lx\n", attrs );
    DeleteSecurityContext( &ctxt );
}

/* Who the thread impersonating the client is, as its logon session says. */
static void who( CtxtHandle *ctxt )
{
    PSecurityUserData info = NULL;
    char *sid = NULL;
    NTSTATUS status;

    if (ImpersonateSecurityContext( ctxt ))
    {
        printf( "WHO ERROR\n" );
        return;
    }
    status = GetSecurityUserInfo( NULL, 0, &info );
    RevertSecurityContext( ctxt );
    if (status)
    {
        printf( "WHO ERROR %08lx\n", status );
        return;
    }
    if (info->pSid) ConvertSidToStringSidA( info->pSid, &sid );
    printf( "WHO %ls\\%ls %s\n", info->LogonDomainName.Buffer, info->UserName.Buffer, sid ? sid : "-" );
    LocalFree( sid );
    LsaFreeReturnBuffer( info );
}

static void print_qop( SECURITY_STATUS status, const SecBuffer *data, ULONG qop )
{
    printf( "STATUS %08lx ", status );
    put_b64( data->pvBuffer, status ? 0 : data->cbBuffer );
    printf( " %lx\n", qop );
}

static void messages( CtxtHandle *ctxt, const SecPkgContext_Sizes *sizes )
{
    while (next_line())
    {
        char *arg1 = strchr( line, ' ' ), *arg2 = arg1 ? strchr( arg1 + 1, ' ' ) : NULL;
        SecBuffer bufs[2];
        SecBufferDesc msg = { SECBUFFER_VERSION, 2, bufs };
        SECURITY_STATUS status;
        ULONG qop = 0;

        if (arg1) *arg1++ = 0;
        if (arg2) *arg2++ = 0;
        bufs[0].BufferType = SECBUFFER_DATA;
        bufs[0].pvBuffer = NULL;
        bufs[1].BufferType = SECBUFFER_TOKEN;
        bufs[1].pvBuffer = NULL;
        if (!strcmp( line, "SIGN" ) || !strcmp( line, "SEAL" ))
        {
            BOOL seal = !strcmp( line, "SEAL" );
            if (!arg1) break;
            bufs[0].pvBuffer = get_b64( arg1, &bufs[0].cbBuffer );
            bufs[1].cbBuffer = seal ? sizes->cbSecurityTrailer : sizes->cbMaxSignature;
            bufs[1].pvBuffer = malloc( bufs[1].cbBuffer );
            if (arg2) qop = strtoul( arg2, NULL, 16 );
            status = seal ? EncryptMessage( ctxt, qop, &msg, 0 ) : MakeSignature( ctxt, 0, &msg, 0 );
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
            if (unseal) print_qop( status, &bufs[0], qop );
            else printf( "STATUS %08lx\n", status );
        }
        else if (!strcmp( line, "UNWRAP" ))
        {
            BYTE *stream;
            if (!arg1) break;
            stream = get_b64( arg1, &bufs[1].cbBuffer );
            bufs[1].BufferType = SECBUFFER_STREAM;
            bufs[1].pvBuffer = stream;
            bufs[0].cbBuffer = 0;
            status = DecryptMessage( ctxt, &msg, 0, &qop );
            print_qop( status, &bufs[0], qop );
            bufs[0].pvBuffer = NULL;
        }
        else if (!strcmp( line, "HOP" ) && arg1) hop( ctxt, arg1 );
        else if (!strcmp( line, "WHO" )) who( ctxt );
        else if (!strcmp( line, "AGAIN" ) && client_target) again();
        else break;
        free( bufs[0].pvBuffer );
        free( bufs[1].pvBuffer );
        fflush( stdout );
    }
}

int main( int argc, char *argv[] )
{
    SEC_WINNT_AUTH_IDENTITY_EXA id = { SEC_WINNT_AUTH_IDENTITY_VERSION, sizeof(id) };
    char *target = NULL;
    SecPkgContext_Sizes sizes;
    SecPkgContext_NamesA names;
    CredHandle cred;
    CtxtHandle ctxt;
    ULONG req = ISC_REQ_CONNECTION;  /* the same bit as ASC_REQ_CONNECTION */
    BOOL server = FALSE, named;
    LONG attrs;
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
        else if (!strcmp( argv[i], "--packages" )) id.PackageList = (unsigned char *)argv[i + 1];
        else if (!strcmp( argv[i], "--target" )) target = argv[i + 1];
        else if (!strcmp( argv[i], "--req" )) req |= parse_req( argv[i + 1], server );
        else if (!strcmp( argv[i], "--bindings" )) make_bindings( argv[i + 1] );
    }
    if (!package || i != argc)
    {
        fprintf( stderr, "usage: sspipeer --package NAME [--server] [--user U] [--domain D] [--password P] "
                         "[--packages LIST] [--target SPN] [--req FLAGS] [--bindings DATA]\n" );
        return 2;
    }
    id.UserLength = id.User ? strlen( (char *)id.User ) : 0;
    id.DomainLength = id.Domain ? strlen( (char *)id.Domain ) : 0;
    id.PasswordLength = id.Password ? strlen( (char *)id.Password ) : 0;
    id.PackageListLength = id.PackageList ? strlen( (char *)id.PackageList ) : 0;
    id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;

    if (AcquireCredentialsHandleA( NULL, (char *)package, server ? SECPKG_CRED_INBOUND : SECPKG_CRED_OUTBOUND, NULL,
                                   id.User || id.PackageList ? &id : NULL, NULL, NULL, &cred, NULL ) != SEC_E_OK)
    {
        printf( "ERROR credentials\n" );
        return 1;
    }
    if (!server)
    {
        client_cred = cred;
        client_target = target;
        client_req = req;
    }
    if ((attrs = handshake( "", server, &cred, &ctxt, target, req )) < 0) return 1;
    named = QueryContextAttributesA( &ctxt, SECPKG_ATTR_NAMES, &names ) == SEC_E_OK;
    printf( "DONE %08lx %s\n", attrs, named ? names.sUserName : "?" );
    if (named) FreeContextBuffer( names.sUserName );
    fflush( stdout );
    if (QueryContextAttributesA( &ctxt, SECPKG_ATTR_SIZES, &sizes ) != SEC_E_OK) return 1;
    messages( &ctxt, &sizes );
    DeleteSecurityContext( &ctxt );
    FreeCredentialsHandle( &cred );
    return 0;
}
