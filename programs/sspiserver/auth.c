/*
 * sspiserver: the server side of HTTP authentication through
 * AcceptSecurityContext, one context per connection.
 */
#include <stdio.h>
#include <string.h>
#include "auth.h"
#include <wincrypt.h>

struct scheme
{
    const char  *name;      /* as in WWW-Authenticate */
    const WCHAR *package;
    CredHandle   cred;
    BOOL         active;
};

static struct scheme schemes[] =
{
    { "Negotiate", L"Negotiate" },
    { "NTLM",      L"NTLM" },
};

static char offer[512];

BOOL auth_init( const char *list )
{
    char copy[256], *name, *next;
    size_t i, len = 0;

    if (strlen( list ) >= sizeof(copy)) return FALSE;
    strcpy( copy, list );
    for (name = copy; name; name = next)
    {
        TimeStamp expiry;
        SECURITY_STATUS status;
        struct scheme *scheme = NULL;

        if ((next = strchr( name, ',' ))) *next++ = 0;
        for (i = 0; i < ARRAYSIZE(schemes); i++)
            if (!_stricmp( schemes[i].name, name )) scheme = &schemes[i];
        if (!scheme)
        {
            fprintf( stderr, "sspiserver: unknown scheme %s\n", name );
            return FALSE;
        }
        status = AcquireCredentialsHandleW( NULL, (WCHAR *)scheme->package, SECPKG_CRED_INBOUND, NULL, NULL, NULL,
                                            NULL, &scheme->cred, &expiry );
        if (status != SEC_E_OK)
        {
            fprintf( stderr, "sspiserver: %s: AcquireCredentialsHandle failed with %08lx\n", scheme->name, status );
            return FALSE;
        }
        if (!scheme->active)
            len += snprintf( offer + len, sizeof(offer) - len, "WWW-Authenticate: %s\r\n", scheme->name );
        scheme->active = TRUE;
    }
    return len > 0;
}

const char *auth_offer(void)
{
    return offer;
}

void auth_reset( struct auth_state *state )
{
    if (state->has_ctxt) DeleteSecurityContext( &state->ctxt );
    memset( state, 0, sizeof(*state) );
}

static struct scheme *parse_authorization( const char *value, const char **token )
{
    size_t i, len;

    for (i = 0; i < ARRAYSIZE(schemes); i++)
    {
        if (!schemes[i].active) continue;
        len = strlen( schemes[i].name );
        if (!_strnicmp( value, schemes[i].name, len ) && value[len] == ' ')
        {
            for (*token = value + len; **token == ' '; (*token)++);
            return &schemes[i];
        }
    }
    return NULL;
}

static void utf8( const WCHAR *src, char *dst, size_t size )
{
    if (!WideCharToMultiByte( CP_UTF8, 0, src, -1, dst, size, NULL, NULL )) dst[0] = 0;
}

/* Who the context says authenticated, and who a thread impersonating it is. */
static void record_names( struct auth_state *state )
{
    SecPkgContext_NamesW names;
    char buf[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    WCHAR name[256], domain[256], full[520];
    DWORD name_len = ARRAYSIZE(name), domain_len = ARRAYSIZE(domain), len;
    SID_NAME_USE use;
    HANDLE token;

    strcpy( state->user, "?" );
    if (QueryContextAttributesW( &state->ctxt, SECPKG_ATTR_NAMES, &names ) == SEC_E_OK)
    {
        utf8( names.sUserName, state->user, sizeof(state->user) );
        FreeContextBuffer( names.sUserName );
    }

    strcpy( state->impersonated, "?" );
    if (ImpersonateSecurityContext( &state->ctxt ) != SEC_E_OK) return;
    if (OpenThreadToken( GetCurrentThread(), TOKEN_QUERY, TRUE, &token ))
    {
        if (GetTokenInformation( token, TokenUser, buf, sizeof(buf), &len ) &&
            LookupAccountSidW( NULL, ((TOKEN_USER *)buf)->User.Sid, name, &name_len, domain, &domain_len, &use ))
        {
            swprintf( full, ARRAYSIZE(full), L"%ls\\%ls", domain, name );
            utf8( full, state->impersonated, sizeof(state->impersonated) );
        }
        CloseHandle( token );
    }
    RevertSecurityContext( &state->ctxt );
}

/* "NAME base64" into HEADER; FALSE if it does not fit. */
static BOOL put_token( const char *name, const SecBuffer *token, char *header, size_t size )
{
    int len = snprintf( header, size, "WWW-Authenticate: %s", name );
    DWORD b64 = size - len - 2;

    if (len < 0 || (size_t)len + 3 > size) return FALSE;
    if (token->cbBuffer)
    {
        header[len++] = ' ';
        b64--;
        if (!CryptBinaryToStringA( token->pvBuffer, token->cbBuffer, CRYPT_STRING_BASE64 | CRYPT_STRING_NOCRLF,
                                   header + len, &b64 ))
            return FALSE;
        len += b64;
    }
    strcpy( header + len, "\r\n" );
    return TRUE;
}

enum auth_result auth_step( struct auth_state *state, const char *authorization, char *header, size_t size )
{
    const char *b64;
    struct scheme *scheme = parse_authorization( authorization, &b64 );
    SecBuffer in_buf = { 0, SECBUFFER_TOKEN, NULL }, out_buf = { 0, SECBUFFER_TOKEN, NULL };
    SecBufferDesc in = { SECBUFFER_VERSION, 1, &in_buf }, out = { SECBUFFER_VERSION, 1, &out_buf };
    ULONG attrs;
    TimeStamp expiry;
    SECURITY_STATUS status;
    DWORD len;

    header[0] = 0;
    if (!scheme) return AUTH_DENIED;
    /* a new handshake, or a client starting over */
    if (state->done || (state->has_ctxt && state->scheme != scheme)) auth_reset( state );

    in_buf.pvBuffer = HeapAlloc( GetProcessHeap(), 0, strlen( b64 ) );
    len = strlen( b64 );
    if (!in_buf.pvBuffer || !CryptStringToBinaryA( b64, 0, CRYPT_STRING_BASE64, in_buf.pvBuffer, &len, NULL, NULL ))
    {
        HeapFree( GetProcessHeap(), 0, in_buf.pvBuffer );
        auth_reset( state );
        return AUTH_DENIED;
    }
    in_buf.cbBuffer = len;

    status = AcceptSecurityContext( &scheme->cred, state->has_ctxt ? &state->ctxt : NULL, &in,
                                    ASC_REQ_ALLOCATE_MEMORY | ASC_REQ_CONNECTION, SECURITY_NATIVE_DREP,
                                    &state->ctxt, &out, &attrs, &expiry );
    HeapFree( GetProcessHeap(), 0, in_buf.pvBuffer );
    if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED)
    {
        state->has_ctxt = TRUE;
        state->scheme = scheme;
        if (!put_token( scheme->name, &out_buf, header, size )) status = SEC_E_INSUFFICIENT_MEMORY;
    }
    if (out_buf.pvBuffer) FreeContextBuffer( out_buf.pvBuffer );

    if (status == SEC_I_CONTINUE_NEEDED) return AUTH_CONTINUE;
    if (status != SEC_E_OK)
    {
        fprintf( stderr, "sspiserver: %s: AcceptSecurityContext failed with %08lx\n", scheme->name, status );
        header[0] = 0;
        auth_reset( state );
        return AUTH_DENIED;
    }
    state->done = TRUE;
    record_names( state );
    /* a final token goes with the 200 only when there is one */
    if (!out_buf.cbBuffer) header[0] = 0;
    return AUTH_OK;
}
