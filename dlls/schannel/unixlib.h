/*
 * Calls from schannel.dll to schannel.so (GnuTLS). Calls are coarse: one per
 * handshake step and one per record; records cross as byte buffers.
 */
#ifndef __SCHANNEL_UNIXLIB_H
#define __SCHANNEL_UNIXLIB_H

#include "wine/unixlib.h"

enum schannel_funcs
{
    unix_process_attach,
    unix_cred_create,
    unix_cred_free,
    unix_session_create,
    unix_session_free,
    unix_handshake,
    unix_encrypt,
    unix_decrypt,
    unix_shutdown,
    unix_connection_info,
    unix_peer_certificate,
    unix_channel_binding,
    unix_keying_material,
    unix_session_data,
    unix_renegotiate,
    unix_set_mtu,
    unix_dtls_cookie,
    unix_funcs_count,
};

typedef UINT64 tls_cred_t;
typedef UINT64 tls_session_t;

/* Initializes GnuTLS; reports its version. */
struct process_attach_params
{
    char version[32];
};

/* protocol versions, as a mask */
#define TLS_VERSION_1_0 0x1
#define TLS_VERSION_1_1 0x2
#define TLS_VERSION_1_2 0x4
#define TLS_VERSION_1_3 0x8
#define TLS_VERSION_DTLS_1_0 0x10
#define TLS_VERSION_DTLS_1_2 0x20
#define TLS_VERSIONS_DTLS    (TLS_VERSION_DTLS_1_0 | TLS_VERSION_DTLS_1_2)

/* A certificate chain and its key. */
struct tls_identity
{
    const UINT8  *certs;           /* leaf first: each a 4-byte little-endian length and DER */
    UINT32        certs_len;
    const UINT8  *key;             /* the leaf's private key: PKCS#1, SEC1 or PKCS#8 DER */
    UINT32        key_len;
};

/* cred_create flags */
#define TLS_CRED_BY_ISSUER  0x1  /* client: present only an identity under an issuer the server names */

/* Credentials: the identities we may present (a server's; a client's when
 * asked), shared by every session made with them. Each handshake takes one:
 * a server the first the client can verify and, with several, that has the
 * name the client asked for; a client the first under an issuer the server
 * accepts, or with TLS_CRED_BY_ISSUER none if none is. */
struct cred_create_params
{
    const struct tls_identity *ids;
    UINT32        count;
    UINT32        flags;
    tls_cred_t    cred;            /* out */
};

struct cred_free_params
{
    tls_cred_t cred;
};

/* session_create flags */
#define TLS_SERVER              0x01
#define TLS_REQUEST_CLIENT_CERT 0x02  /* server: ask for a client certificate (not required) */
#define TLS_NO_TICKETS          0x08  /* server: no session tickets */
#define TLS_SUPPLIED_ONLY       0x10  /* client: nothing of credentials made with TLS_CRED_BY_ISSUER */
#define TLS_DATAGRAM            0x20  /* DTLS: records in datagrams of at most mtu bytes */

/* session_create off: algorithms the credentials turned off */
#define TLS_OFF_AES_128_GCM     0x00000001
#define TLS_OFF_AES_256_GCM     0x00000002
#define TLS_OFF_AES_128_CBC     0x00000004
#define TLS_OFF_AES_256_CBC     0x00000008
#define TLS_OFF_AES_128_CCM     0x00000010
#define TLS_OFF_AES_256_CCM     0x00000020
#define TLS_OFF_3DES            0x00000040
#define TLS_OFF_RC4             0x00000080
#define TLS_OFF_CHACHA20        0x00000100
#define TLS_OFF_SHA1            0x00000200  /* as the MAC of a suite */
#define TLS_OFF_SHA256          0x00000400
#define TLS_OFF_SHA384          0x00000800
#define TLS_OFF_RSA_KX          0x00001000  /* RSA key transport */
#define TLS_OFF_DHE             0x00002000
#define TLS_OFF_ECDHE_P256      0x00004000
#define TLS_OFF_ECDHE_P384      0x00008000
#define TLS_OFF_ECDHE_P521      0x00010000
#define TLS_OFF_X25519          0x00020000
#define TLS_OFF_SIGN_RSA_PKCS1  0x00040000
#define TLS_OFF_SIGN_RSA_PSS    0x00080000
#define TLS_OFF_SIGN_ECDSA      0x00100000

/* STATUS_NOT_SUPPORTED: the versions and algorithms left make no suite. */
struct session_create_params
{
    tls_cred_t    cred;
    UINT32        flags;
    UINT32        versions;        /* TLS_VERSION_* enabled */
    UINT32        off;             /* TLS_OFF_* */
    const char   *server_name;     /* client: SNI, or NULL */
    const UINT8  *alpn;            /* protocols to offer or accept: each a 1-byte length and name */
    UINT32        alpn_len;
    const UINT8  *ticket_key;      /* server: the key tickets are sealed with (64 bytes), or NULL */
    const UINT8  *resume;          /* client: session data to resume, or NULL */
    UINT32        resume_len;
    UINT32        mtu;             /* TLS_DATAGRAM: the path MTU */
    tls_session_t session;         /* out */
};

struct session_free_params
{
    tls_session_t session;
};

enum tls_step
{
    TLS_STEP_CONTINUE,   /* send the output, then wait for more input */
    TLS_STEP_DONE,       /* handshake complete; send the output, if any */
    TLS_STEP_FAILED,     /* handshake failed; the output holds an alert for the peer */
};

/* One handshake step over whole records (the caller splits them). Output
 * accumulates inside the session: OUTPUT gets as much as fits, and
 * output_pending says what is left for the next call (which may pass no input).
 * A datagram session takes one datagram in and gives one out: the others of
 * a flight are pending. With no input and none pending it sends its last
 * flight again (the caller's timer ran out). */
struct handshake_params
{
    tls_session_t session;
    const UINT8  *input;
    UINT32        input_len;
    UINT32        consumed;        /* out: bytes of input used */
    UINT8        *output;
    UINT32        output_size;
    UINT32        output_len;      /* out */
    UINT32        output_pending;  /* out: bytes that did not fit */
    UINT32        step;            /* out: enum tls_step */
    UINT32        alert;           /* out: the alert sent or received on failure */
    UINT32        alert_received;  /* out: the peer sent it */
    UINT32        cert_requested;  /* out, client: the server asked for a certificate we did not have */
};

/* Encrypts DATA into one record in OUTPUT; header_len is where the
 * ciphertext of the data starts (record header and explicit nonce). */
struct encrypt_params
{
    tls_session_t session;
    const UINT8  *data;
    UINT32        data_len;
    UINT8        *output;
    UINT32        output_size;
    UINT32        output_len;      /* out */
    UINT32        header_len;      /* out */
};

enum tls_record_result
{
    TLS_RECORD_DATA,         /* application data in OUTPUT (maybe none) */
    TLS_RECORD_CLOSED,       /* the peer sent close_notify */
    TLS_RECORD_RENEGOTIATE,  /* a handshake message: TLS 1.2 renegotiation, TLS 1.3 ticket or key update */
    TLS_RECORD_ALERT,        /* a fatal alert, or a record that failed to decrypt */
    TLS_RECORD_DROPPED,      /* DTLS: a record thrown away, replayed or failing its check */
};

/* Decrypts one whole record. OUTPUT may be the input after its header: the
 * plaintext is written once the record is read and checked. */
struct decrypt_params
{
    tls_session_t session;
    const UINT8  *input;
    UINT32        input_len;       /* exactly one record */
    UINT8        *output;
    UINT32        output_size;     /* at least the record's length after its header */
    UINT32        output_len;      /* out */
    UINT32        result;          /* out: enum tls_record_result */
    UINT32        alert;           /* out */
};

/* Starts a new handshake (TLS 1.2: the client's hello or the server's hello
 * request) or, in TLS 1.3, a key update that asks the peer for one too. The
 * messages come out of the next handshake call. */
struct renegotiate_params
{
    tls_session_t session;
    UINT32        client_cert;     /* server: to ask for the client's certificate (TLS 1.3: post-handshake auth) */
    UINT32        handshake;       /* out: a handshake is under way */
    UINT32        refused;         /* out: TLS 1.3, the client takes no post-handshake auth */
};

/* close_notify (alert 0 at level 1), or another alert, into OUTPUT. */
struct shutdown_params
{
    tls_session_t session;
    UINT32        level;           /* 1 warning, 2 fatal */
    UINT32        alert;
    UINT8        *output;
    UINT32        output_size;
    UINT32        output_len;      /* out */
};

/* DTLS: the path MTU from now on. */
struct set_mtu_params
{
    tls_session_t session;
    UINT32        mtu;
};

/* DTLS server: whether a ClientHello carries the cookie of KEY for the client's
 * address; if not, OUTPUT gets the HelloVerifyRequest that asks for one
 * (RFC 6347 4.2.1), so that no flight goes to an address that did not ask. */
struct dtls_cookie_params
{
    tls_session_t session;
    const UINT8  *key;             /* 32 bytes */
    const UINT8  *client;          /* the client's address, as the caller has it */
    UINT32        client_len;
    const UINT8  *input;           /* the ClientHello's datagram */
    UINT32        input_len;
    UINT8        *output;
    UINT32        output_size;
    UINT32        output_len;      /* out */
    UINT32        verified;        /* out */
};

/* connection_info: the algorithms, in our own terms */
#define TLS_CIPHER_OTHER     0
#define TLS_CIPHER_AES       1
#define TLS_CIPHER_3DES      2
#define TLS_CIPHER_CHACHA20  3
#define TLS_EXCHANGE_RSA     1
#define TLS_EXCHANGE_DH      2
#define TLS_EXCHANGE_ECDH    3

struct connection_info_params
{
    tls_session_t session;
    UINT32        version;         /* out: TLS_VERSION_* */
    char          cipher_suite[64];/* out: IANA name */
    UINT16        suite_id;        /* out: the two-byte cipher suite number */
    UINT32        cipher;          /* out: TLS_CIPHER_* */
    UINT32        cipher_bits;
    UINT32        cipher_block;    /* block size in bytes, 1 for stream and AEAD-only ciphers */
    UINT32        hash_bits;       /* the MAC's, or for AEAD suites the PRF hash's */
    UINT32        exchange;        /* TLS_EXCHANGE_* */
    UINT32        exchange_bits;
    UINT32        resumed;
    UINT32        header_size;     /* record header and explicit nonce */
    UINT32        trailer_size;    /* the most a record adds after the data */
    UINT32        max_data;        /* the most data one record carries */
    UINT8         session_id[32];
    UINT32        session_id_len;
    char          alpn[256];       /* the protocol ALPN chose, empty for none */
    char          server_name[256];/* server: the SNI the client sent */
    UINT32        cert_requested;
    UINT32        identity;        /* out: 1 + the index of the identity we presented, 0 for none */
};

/* The peer's certificate chain, as session_create_params.certs. */
struct peer_certificate_params
{
    tls_session_t session;
    UINT8        *output;
    UINT32        output_size;
    UINT32        output_len;      /* out, or what is needed */
};

#define TLS_BINDING_UNIQUE       1 /* tls-unique */
#define TLS_BINDING_SERVER_END   2 /* tls-server-end-point */
#define TLS_BINDING_EXPORTER     3 /* tls-exporter (RFC 9266) */

struct channel_binding_params
{
    tls_session_t session;
    UINT32        type;
    UINT8         data[64];
    UINT32        len;             /* out */
};

/* RFC 5705 keying material. */
struct keying_material_params
{
    tls_session_t session;
    const char   *label;
    const UINT8  *context;         /* NULL for none */
    UINT32        context_len;
    UINT8        *output;
    UINT32        output_len;
};

/* Client: what resumes this session in a later one (session_create_params.resume). */
struct session_data_params
{
    tls_session_t session;
    UINT8        *output;
    UINT32        output_size;
    UINT32        output_len;      /* out, or what is needed */
};

#endif
