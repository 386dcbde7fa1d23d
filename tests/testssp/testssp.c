/*
 * A third-party SSP/AP for the tests of the LSA emulation, written against
 * the documented interface only (ntsecpkg.h), as a vendor would write one.
 *
 * Its toy protocol: the client sends "HELLO:<user>", the server answers
 * "WELCOME"; signatures are a byte sum, encryption is XOR with the user name.
 * It also answers package calls and logs users on whose password is "secret".
 */
#include <stdarg.h>
#include <string.h>
#define UNICODE
#define SECURITY_WIN32
#include <windows.h>
#include <ntstatus.h>
#include <sspi.h>
#include <ntsecapi.h>
#include <ntsecpkg.h>

#define TESTSSP_NAME      L"TestSSP"
#define TESTSSP_AP_NAME   "TESTSSP_AUTHENTICATION_PACKAGE"
#define TESTSSP_SIG_SIZE  4

static LSA_SECPKG_FUNCTION_TABLE *lsa;
static SECPKG_DLL_FUNCTIONS *dll;
static ULONG_PTR package_id;

struct cred
{
    ULONG use;
    WCHAR user[64];
};

struct context
{
    BOOL  server;
    BOOL  done;
    WCHAR user[64];
    ULONG seq;
};

/* what the LSA mode hands to user mode for a finished context */
struct packed_context
{
    BOOL  server;
    WCHAR user[64];
};

static NTSTATUS NTAPI test_Initialize( ULONG_PTR id, SECPKG_PARAMETERS *params, LSA_SECPKG_FUNCTION_TABLE *table )
{
    package_id = id;
    lsa = table;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI test_GetInfo( SecPkgInfoW *info )
{
    info->fCapabilities = SECPKG_FLAG_INTEGRITY | SECPKG_FLAG_PRIVACY | SECPKG_FLAG_CONNECTION |
                          SECPKG_FLAG_IMPERSONATION | SECPKG_FLAG_LOGON;
    info->wVersion = 1;
    info->wRPCID = SECPKG_ID_NONE;
    info->cbMaxToken = 256;
    info->Name = (WCHAR *)TESTSSP_NAME;
    info->Comment = (WCHAR *)L"Test Security Package";
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI test_InitializePackage( ULONG id, LSA_DISPATCH_TABLE *dispatch, LSA_STRING *database,
                                              LSA_STRING *confidentiality, LSA_STRING **name )
{
    LSA_STRING *str = lsa->AllocateLsaHeap( sizeof(*str) );
    USHORT len = strlen( TESTSSP_AP_NAME );

    if (!str || !(str->Buffer = lsa->AllocateLsaHeap( len ))) return STATUS_NO_MEMORY;
    memcpy( str->Buffer, TESTSSP_AP_NAME, len );
    str->Length = str->MaximumLength = len;
    *name = str;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI test_AcquireCredentialsHandle( UNICODE_STRING *principal, ULONG use, LUID *logon_id,
                                                     void *auth_data, void *get_key, void *get_key_arg,
                                                     LSA_SEC_HANDLE *handle, TimeStamp *expiry )
{
    SEC_WINNT_AUTH_IDENTITY_W id;
    struct cred *cred;

    if (!(use & (SECPKG_CRED_INBOUND | SECPKG_CRED_OUTBOUND)) || (use & ~SECPKG_CRED_BOTH))
        return SEC_E_UNKNOWN_CREDENTIALS;
    if (!(cred = lsa->AllocateLsaHeap( sizeof(*cred) ))) return SEC_E_INSUFFICIENT_MEMORY;
    cred->use = use;
    wcscpy( cred->user, L"anonymous" );
    if (auth_data)
    {
        if (lsa->CopyFromClientBuffer( NULL, sizeof(id), &id, auth_data ) || !(id.Flags & SEC_WINNT_AUTH_IDENTITY_UNICODE) ||
            id.UserLength >= ARRAYSIZE(cred->user))
        {
            lsa->FreeLsaHeap( cred );
            return SEC_E_UNKNOWN_CREDENTIALS;
        }
        lsa->CopyFromClientBuffer( NULL, id.UserLength * sizeof(WCHAR), cred->user, id.User );
        cred->user[id.UserLength] = 0;
    }
    *handle = (LSA_SEC_HANDLE)cred;
    expiry->QuadPart = 0x7fffffffffffffff;
    return SEC_E_OK;
}

static NTSTATUS NTAPI test_FreeCredentialsHandle( LSA_SEC_HANDLE handle )
{
    lsa->FreeLsaHeap( (void *)handle );
    return SEC_E_OK;
}

static NTSTATUS NTAPI test_QueryCredentialsAttributes( LSA_SEC_HANDLE handle, ULONG attr, void *buffer )
{
    struct cred *cred = (struct cred *)handle;
    SecPkgCredentials_NamesW names;
    ULONG size = (wcslen( cred->user ) + 1) * sizeof(WCHAR);
    NTSTATUS status;

    if (attr != SECPKG_CRED_ATTR_NAMES) return SEC_E_UNSUPPORTED_FUNCTION;
    if ((status = lsa->AllocateClientBuffer( NULL, size, (void **)&names.sUserName ))) return status;
    lsa->CopyToClientBuffer( NULL, size, names.sUserName, cred->user );
    return lsa->CopyToClientBuffer( NULL, sizeof(names), buffer, &names );
}

static SecBuffer *find_buffer( SecBufferDesc *desc, ULONG type )
{
    ULONG i;
    if (!desc) return NULL;
    for (i = 0; i < desc->cBuffers; i++)
        if ((desc->pBuffers[i].BufferType & ~SECBUFFER_ATTRMASK) == type) return &desc->pBuffers[i];
    return NULL;
}

static NTSTATUS write_token( SecBufferDesc *output, ULONG req, const void *data, ULONG len )
{
    SecBuffer *buf = find_buffer( output, SECBUFFER_TOKEN );

    if (!buf) return SEC_E_BUFFER_TOO_SMALL;
    if (req & ISC_REQ_ALLOCATE_MEMORY)
    {
        if (!(buf->pvBuffer = lsa->AllocateLsaHeap( len ))) return SEC_E_INSUFFICIENT_MEMORY;
    }
    else if (buf->cbBuffer < len) return SEC_E_BUFFER_TOO_SMALL;
    memcpy( buf->pvBuffer, data, len );
    buf->cbBuffer = len;
    return SEC_E_OK;
}

static void pack_context( const struct context *ctx, SecBuffer *data )
{
    struct packed_context *packed = lsa->AllocateLsaHeap( sizeof(*packed) );

    if (!packed) return;
    packed->server = ctx->server;
    wcscpy( packed->user, ctx->user );
    data->pvBuffer = packed;
    data->cbBuffer = sizeof(*packed);
    data->BufferType = SECBUFFER_TOKEN;
}

static NTSTATUS NTAPI test_InitLsaModeContext( LSA_SEC_HANDLE cred_handle, LSA_SEC_HANDLE ctxt_handle,
                                               UNICODE_STRING *target, ULONG req, ULONG data_rep,
                                               SecBufferDesc *input, LSA_SEC_HANDLE *new_handle,
                                               SecBufferDesc *output, ULONG *attrs, TimeStamp *expiry,
                                               BOOLEAN *mapped, SecBuffer *data )
{
    struct cred *cred = (struct cred *)cred_handle;
    struct context *ctx = (struct context *)ctxt_handle;
    char hello[80];
    SecBuffer *in;
    NTSTATUS status;

    if (!ctx)
    {
        if (!cred || !(cred->use & SECPKG_CRED_OUTBOUND)) return SEC_E_NO_CREDENTIALS;
        strcpy( hello, "HELLO:" );
        WideCharToMultiByte( CP_UTF8, 0, cred->user, -1, hello + 6, sizeof(hello) - 6, NULL, NULL );
        if ((status = write_token( output, req, hello, strlen( hello ) ))) return status;
        if (!(ctx = lsa->AllocateLsaHeap( sizeof(*ctx) ))) return SEC_E_INSUFFICIENT_MEMORY;
        wcscpy( ctx->user, cred->user );
        *new_handle = (LSA_SEC_HANDLE)ctx;
        *attrs = req & ~ISC_REQ_ALLOCATE_MEMORY;
        if (req & ISC_REQ_ALLOCATE_MEMORY) *attrs |= ISC_RET_ALLOCATED_MEMORY;
        return SEC_I_CONTINUE_NEEDED;
    }
    if (ctx->done || ctx->server) return SEC_E_OUT_OF_SEQUENCE;
    if (!(in = find_buffer( input, SECBUFFER_TOKEN )) || in->cbBuffer != 7 || memcmp( in->pvBuffer, "WELCOME", 7 ))
        return SEC_E_INVALID_TOKEN;
    if (output) { SecBuffer *out = find_buffer( output, SECBUFFER_TOKEN ); if (out) out->cbBuffer = 0; }
    ctx->done = TRUE;
    *new_handle = (LSA_SEC_HANDLE)ctx;
    *mapped = TRUE;
    pack_context( ctx, data );
    return SEC_E_OK;
}

static NTSTATUS NTAPI test_AcceptLsaModeContext( LSA_SEC_HANDLE cred_handle, LSA_SEC_HANDLE ctxt_handle,
                                                 SecBufferDesc *input, ULONG req, ULONG data_rep,
                                                 LSA_SEC_HANDLE *new_handle, SecBufferDesc *output,
                                                 ULONG *attrs, TimeStamp *expiry, BOOLEAN *mapped,
                                                 SecBuffer *data )
{
    struct cred *cred = (struct cred *)cred_handle;
    struct context *ctx;
    SecBuffer *in = find_buffer( input, SECBUFFER_TOKEN );
    NTSTATUS status;
    int len;

    if (ctxt_handle) return SEC_E_OUT_OF_SEQUENCE;
    if (!cred || !(cred->use & SECPKG_CRED_INBOUND)) return SEC_E_NO_CREDENTIALS;
    if (!in || in->cbBuffer < 7 || in->cbBuffer > 70 || memcmp( in->pvBuffer, "HELLO:", 6 )) return SEC_E_INVALID_TOKEN;
    if (!(ctx = lsa->AllocateLsaHeap( sizeof(*ctx) ))) return SEC_E_INSUFFICIENT_MEMORY;
    len = MultiByteToWideChar( CP_UTF8, 0, (char *)in->pvBuffer + 6, in->cbBuffer - 6, ctx->user, 63 );
    ctx->user[len] = 0;
    if ((status = write_token( output, req, "WELCOME", 7 )))
    {
        lsa->FreeLsaHeap( ctx );
        return status;
    }
    ctx->server = ctx->done = TRUE;
    *new_handle = (LSA_SEC_HANDLE)ctx;
    *attrs = req & ~ASC_REQ_ALLOCATE_MEMORY;
    if (req & ASC_REQ_ALLOCATE_MEMORY) *attrs |= ASC_RET_ALLOCATED_MEMORY;
    *mapped = TRUE;
    pack_context( ctx, data );
    return SEC_E_OK;
}

static NTSTATUS NTAPI test_DeleteContext( LSA_SEC_HANDLE handle )
{
    lsa->FreeLsaHeap( (void *)handle );
    return SEC_E_OK;
}

static NTSTATUS NTAPI test_LsaQueryContextAttributes( LSA_SEC_HANDLE handle, ULONG attr, void *buffer )
{
    SecPkgContext_Sizes sizes = { 256, TESTSSP_SIG_SIZE, 0, TESTSSP_SIG_SIZE };

    if (attr != SECPKG_ATTR_SIZES) return SEC_E_UNSUPPORTED_FUNCTION;
    return lsa->CopyToClientBuffer( NULL, sizeof(sizes), buffer, &sizes );
}

static LUID ended[16];   /* the last logon sessions the LSA said ended */
static LONG ended_count;

static void NTAPI test_LogonTerminated( LUID *id )
{
    ended[(InterlockedIncrement( &ended_count ) - 1) % ARRAYSIZE(ended)] = *id;
}

/* "ENDED" and a LUID: one byte, whether that session ended lately. */
static NTSTATUS answer_ended( const BYTE *request, void **ret, ULONG *ret_len )
{
    BYTE *out;
    ULONG i;

    if (lsa->AllocateClientBuffer( NULL, 1, (void **)&out )) return STATUS_NO_MEMORY;
    *out = 0;
    for (i = 0; i < ARRAYSIZE(ended); i++) if (!memcmp( &ended[i], request + 5, sizeof(LUID) )) *out = 1;
    *ret = out;
    *ret_len = 1;
    return STATUS_SUCCESS;
}

/* Echoes the request reversed, but for "ENDED" (answer_ended); ProtocolStatus
 * tells which entry point answered. */
static NTSTATUS call_package( void *buffer, ULONG len, void **ret, ULONG *ret_len, NTSTATUS *status, NTSTATUS which )
{
    BYTE *out;
    ULONG i;

    *status = which;
    if (len == 5 + sizeof(LUID) && !memcmp( buffer, "ENDED", 5 )) return answer_ended( buffer, ret, ret_len );
    if (!len) return STATUS_INVALID_PARAMETER;
    if (lsa->AllocateClientBuffer( NULL, len, (void **)&out )) return STATUS_NO_MEMORY;
    for (i = 0; i < len; i++) out[i] = ((BYTE *)buffer)[len - 1 - i];
    *ret = out;
    *ret_len = len;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI test_CallPackage( PLSA_CLIENT_REQUEST req, void *buffer, void *base, ULONG len,
                                        void **ret, ULONG *ret_len, NTSTATUS *status )
{
    return call_package( buffer, len, ret, ret_len, status, 1 );
}

static NTSTATUS NTAPI test_CallPackageUntrusted( PLSA_CLIENT_REQUEST req, void *buffer, void *base, ULONG len,
                                                 void **ret, ULONG *ret_len, NTSTATUS *status )
{
    return call_package( buffer, len, ret, ret_len, status, 2 );
}

/* Logon information: MSV1_0_INTERACTIVE_LOGON-like, with the strings after it. */
static NTSTATUS NTAPI test_LogonUserEx2( PLSA_CLIENT_REQUEST req, SECURITY_LOGON_TYPE type, void *info, void *base,
                                        ULONG len, void **profile, ULONG *profile_len, LUID *logon_id,
                                        NTSTATUS *substatus, LSA_TOKEN_INFORMATION_TYPE *token_type,
                                        void **token_info, UNICODE_STRING **account, UNICODE_STRING **authority,
                                        UNICODE_STRING **machine, SECPKG_PRIMARY_CRED *primary,
                                        SECPKG_SUPPLEMENTAL_CRED_ARRAY **supplemental )
{
    MSV1_0_INTERACTIVE_LOGON *logon = info;
    UNICODE_STRING *name;
    NTSTATUS status;

    if (len < sizeof(*logon) || logon->Password.Length != 12 || memcmp( logon->Password.Buffer, L"secret", 12 ))
    {
        *substatus = STATUS_WRONG_PASSWORD;
        return STATUS_LOGON_FAILURE;
    }
    if (!AllocateLocallyUniqueId( logon_id )) return STATUS_NO_MEMORY;
    if ((status = lsa->CreateLogonSession( logon_id ))) return status;
    if (!(name = lsa->AllocateLsaHeap( sizeof(*name) )) ||
        !(name->Buffer = lsa->AllocateLsaHeap( logon->UserName.Length + sizeof(WCHAR) )))
        return STATUS_NO_MEMORY;
    memcpy( name->Buffer, logon->UserName.Buffer, logon->UserName.Length );
    name->Length = logon->UserName.Length;
    name->MaximumLength = logon->UserName.Length + sizeof(WCHAR);
    *account = name;
    *token_type = LsaTokenInformationNull;
    *token_info = NULL;
    if ((*profile = lsa->AllocateLsaHeap( 4 ))) memcpy( *profile, "PROF", 4 );
    *profile_len = 4;
    *substatus = STATUS_SUCCESS;
    return STATUS_SUCCESS;
}

static SECPKG_FUNCTION_TABLE lsa_table =
{
    .InitializePackage = test_InitializePackage,
    .CallPackage = test_CallPackage,
    .CallPackageUntrusted = test_CallPackageUntrusted,
    .LogonUserEx2 = test_LogonUserEx2,
    .LogonTerminated = test_LogonTerminated,
    .Initialize = test_Initialize,
    .GetInfo = test_GetInfo,
    .AcquireCredentialsHandle = test_AcquireCredentialsHandle,
    .QueryCredentialsAttributes = test_QueryCredentialsAttributes,
    .FreeCredentialsHandle = test_FreeCredentialsHandle,
    .InitLsaModeContext = test_InitLsaModeContext,
    .AcceptLsaModeContext = test_AcceptLsaModeContext,
    .DeleteContext = test_DeleteContext,
    .QueryContextAttributes = test_LsaQueryContextAttributes,
};

NTSTATUS NTAPI SpLsaModeInitialize( ULONG version, ULONG *package_version, SECPKG_FUNCTION_TABLE **table, ULONG *count )
{
    *package_version = SECPKG_INTERFACE_VERSION;
    *table = &lsa_table;
    *count = 1;
    return STATUS_SUCCESS;
}

/* user mode: contexts live in this table, keyed by the LSA handle */
struct user_context
{
    LSA_SEC_HANDLE handle;
    struct packed_context ctx;
    HANDLE token;
};

static struct user_context user_contexts[16];

static struct user_context *find_user_context( LSA_SEC_HANDLE handle )
{
    ULONG i;
    for (i = 0; i < ARRAYSIZE(user_contexts); i++) if (user_contexts[i].handle == handle) return &user_contexts[i];
    return NULL;
}

static NTSTATUS NTAPI test_InstanceInit( ULONG version, SECPKG_DLL_FUNCTIONS *functions, void **user_functions )
{
    dll = functions;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI test_InitUserModeContext( LSA_SEC_HANDLE handle, SecBuffer *packed )
{
    struct user_context *ctx = find_user_context( 0 );

    if (!ctx || !packed || packed->cbBuffer != sizeof(ctx->ctx)) return SEC_E_INVALID_TOKEN;
    ctx->handle = handle;
    memcpy( &ctx->ctx, packed->pvBuffer, sizeof(ctx->ctx) );
    return SEC_E_OK;
}

static NTSTATUS NTAPI test_DeleteUserModeContext( LSA_SEC_HANDLE handle )
{
    struct user_context *ctx = find_user_context( handle );

    if (!ctx) return SEC_E_INVALID_HANDLE;
    if (ctx->token) CloseHandle( ctx->token );
    memset( ctx, 0, sizeof(*ctx) );
    return SEC_E_OK;
}

static BYTE checksum( SecBufferDesc *msg )
{
    BYTE sum = 0;
    ULONG i, j;

    for (i = 0; i < msg->cBuffers; i++)
        if ((msg->pBuffers[i].BufferType & ~SECBUFFER_ATTRMASK) == SECBUFFER_DATA)
            for (j = 0; j < msg->pBuffers[i].cbBuffer; j++) sum += ((BYTE *)msg->pBuffers[i].pvBuffer)[j];
    return sum;
}

static NTSTATUS NTAPI test_MakeSignature( LSA_SEC_HANDLE handle, ULONG qop, SecBufferDesc *msg, ULONG seq )
{
    SecBuffer *sig = find_buffer( msg, SECBUFFER_TOKEN );

    if (!find_user_context( handle )) return SEC_E_INVALID_HANDLE;
    if (!sig || sig->cbBuffer < TESTSSP_SIG_SIZE) return SEC_E_BUFFER_TOO_SMALL;
    memset( sig->pvBuffer, 0, TESTSSP_SIG_SIZE );
    ((BYTE *)sig->pvBuffer)[0] = checksum( msg );
    sig->cbBuffer = TESTSSP_SIG_SIZE;
    return SEC_E_OK;
}

static NTSTATUS NTAPI test_VerifySignature( LSA_SEC_HANDLE handle, SecBufferDesc *msg, ULONG seq, ULONG *qop )
{
    SecBuffer *sig = find_buffer( msg, SECBUFFER_TOKEN );

    if (!find_user_context( handle )) return SEC_E_INVALID_HANDLE;
    if (!sig || sig->cbBuffer < TESTSSP_SIG_SIZE) return SEC_E_INVALID_TOKEN;
    return ((BYTE *)sig->pvBuffer)[0] == checksum( msg ) ? SEC_E_OK : SEC_E_MESSAGE_ALTERED;
}

static NTSTATUS xor_data( LSA_SEC_HANDLE handle, SecBufferDesc *msg )
{
    struct user_context *ctx = find_user_context( handle );
    SecBuffer *data = find_buffer( msg, SECBUFFER_DATA );
    ULONG i, len;

    if (!ctx) return SEC_E_INVALID_HANDLE;
    if (!data) return SEC_E_INVALID_TOKEN;
    len = wcslen( ctx->ctx.user );
    for (i = 0; i < data->cbBuffer && len; i++) ((BYTE *)data->pvBuffer)[i] ^= (BYTE)ctx->ctx.user[i % len];
    return SEC_E_OK;
}

static NTSTATUS NTAPI test_SealMessage( LSA_SEC_HANDLE handle, ULONG qop, SecBufferDesc *msg, ULONG seq )
{
    return xor_data( handle, msg );
}

static NTSTATUS NTAPI test_UnsealMessage( LSA_SEC_HANDLE handle, SecBufferDesc *msg, ULONG seq, ULONG *qop )
{
    return xor_data( handle, msg );
}

static NTSTATUS NTAPI test_GetContextToken( LSA_SEC_HANDLE handle, HANDLE *token )
{
    struct user_context *ctx = find_user_context( handle );
    HANDLE process;

    if (!ctx) return SEC_E_INVALID_HANDLE;
    if (!ctx->ctx.server) return SEC_E_NO_IMPERSONATION;
    if (!ctx->token)
    {
        if (!OpenProcessToken( GetCurrentProcess(), TOKEN_DUPLICATE, &process )) return SEC_E_NO_IMPERSONATION;
        DuplicateTokenEx( process, TOKEN_ALL_ACCESS, NULL, SecurityImpersonation, TokenImpersonation, &ctx->token );
        CloseHandle( process );
    }
    *token = ctx->token;
    return ctx->token ? SEC_E_OK : SEC_E_NO_IMPERSONATION;
}

static NTSTATUS NTAPI test_UserQueryContextAttributes( LSA_SEC_HANDLE handle, ULONG attr, void *buffer )
{
    struct user_context *ctx = find_user_context( handle );
    SecPkgContext_NamesW *names = buffer;
    SecPkgContext_Sizes *sizes = buffer;

    if (!ctx) return SEC_E_INVALID_HANDLE;
    switch (attr)
    {
    case SECPKG_ATTR_NAMES:
        if (!(names->sUserName = dll->AllocateHeap( (wcslen( ctx->ctx.user ) + 1) * sizeof(WCHAR) )))
            return SEC_E_INSUFFICIENT_MEMORY;
        wcscpy( names->sUserName, ctx->ctx.user );
        return SEC_E_OK;
    case SECPKG_ATTR_SIZES:
        sizes->cbMaxToken = 256;
        sizes->cbMaxSignature = TESTSSP_SIG_SIZE;
        sizes->cbBlockSize = 0;
        sizes->cbSecurityTrailer = TESTSSP_SIG_SIZE;
        return SEC_E_OK;
    default:
        return SEC_E_UNSUPPORTED_FUNCTION;
    }
}

static NTSTATUS NTAPI test_CompleteAuthToken( LSA_SEC_HANDLE handle, SecBufferDesc *input )
{
    return find_user_context( handle ) ? SEC_E_OK : SEC_E_INVALID_HANDLE;
}

static NTSTATUS NTAPI test_ExportContext( LSA_SEC_HANDLE handle, ULONG flags, SecBuffer *packed, HANDLE *token )
{
    struct user_context *ctx = find_user_context( handle );

    if (!ctx) return SEC_E_INVALID_HANDLE;
    if (!(packed->pvBuffer = dll->AllocateHeap( sizeof(ctx->ctx) ))) return SEC_E_INSUFFICIENT_MEMORY;
    memcpy( packed->pvBuffer, &ctx->ctx, sizeof(ctx->ctx) );
    packed->cbBuffer = sizeof(ctx->ctx);
    packed->BufferType = SECBUFFER_EMPTY;
    if (token) *token = NULL;
    return SEC_E_OK;
}

static NTSTATUS NTAPI test_ImportContext( SecBuffer *packed, HANDLE token, LSA_SEC_HANDLE *handle )
{
    static LSA_SEC_HANDLE next_imported = 0x1000;
    struct user_context *ctx = find_user_context( 0 );

    if (!ctx || packed->cbBuffer != sizeof(ctx->ctx)) return SEC_E_INVALID_TOKEN;
    ctx->handle = next_imported++;
    memcpy( &ctx->ctx, packed->pvBuffer, sizeof(ctx->ctx) );
    *handle = ctx->handle;
    return SEC_E_OK;
}

static SECPKG_USER_FUNCTION_TABLE user_table =
{
    .InstanceInit = test_InstanceInit,
    .InitUserModeContext = test_InitUserModeContext,
    .MakeSignature = test_MakeSignature,
    .VerifySignature = test_VerifySignature,
    .SealMessage = test_SealMessage,
    .UnsealMessage = test_UnsealMessage,
    .GetContextToken = test_GetContextToken,
    .QueryContextAttributes = test_UserQueryContextAttributes,
    .CompleteAuthToken = test_CompleteAuthToken,
    .DeleteUserModeContext = test_DeleteUserModeContext,
    .ExportContext = test_ExportContext,
    .ImportContext = test_ImportContext,
};

NTSTATUS NTAPI SpUserModeInitialize( ULONG version, ULONG *package_version, SECPKG_USER_FUNCTION_TABLE **table,
                                     ULONG *count )
{
    *package_version = SECPKG_INTERFACE_VERSION;
    *table = &user_table;
    *count = 1;
    return STATUS_SUCCESS;
}
