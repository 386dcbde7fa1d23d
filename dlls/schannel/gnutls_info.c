/*
 * schannel.so: what a session knows: versions and algorithms, the peer's
 * certificates, channel bindings, exported keys and resumption data.
 */
#include <stddef.h>
#include <string.h>

#include "gnutls_priv.h"

static UINT32 version_mask( gnutls_protocol_t version )
{
    switch (version)
    {
    case GNUTLS_TLS1_0: return TLS_VERSION_1_0;
    case GNUTLS_TLS1_1: return TLS_VERSION_1_1;
    case GNUTLS_TLS1_2: return TLS_VERSION_1_2;
    case GNUTLS_TLS1_3: return TLS_VERSION_1_3;
    case GNUTLS_DTLS1_0: return TLS_VERSION_DTLS_1_0;
    case GNUTLS_DTLS1_2: return TLS_VERSION_DTLS_1_2;
    default: return 0;
    }
}

static UINT32 group_bits( gnutls_group_t group )
{
    switch (group)
    {
    case GNUTLS_GROUP_SECP192R1: return 192;
    case GNUTLS_GROUP_SECP224R1: return 224;
    case GNUTLS_GROUP_SECP256R1: return 256;
    case GNUTLS_GROUP_SECP384R1: return 384;
    case GNUTLS_GROUP_SECP521R1: return 521;
    case GNUTLS_GROUP_X25519:    return 255;
    case GNUTLS_GROUP_X448:      return 448;
    case GNUTLS_GROUP_FFDHE2048: return 2048;
    case GNUTLS_GROUP_FFDHE3072: return 3072;
    case GNUTLS_GROUP_FFDHE4096: return 4096;
    case GNUTLS_GROUP_FFDHE6144: return 6144;
    case GNUTLS_GROUP_FFDHE8192: return 8192;
    default: return 0;
    }
}

/* The two-byte number of the session's cipher suite, from GnuTLS's table. */
static UINT16 suite_id( gnutls_session_t s )
{
    gnutls_cipher_algorithm_t cipher = gnutls_cipher_get( s ), c;
    gnutls_mac_algorithm_t mac = gnutls_mac_get( s ), m;
    gnutls_kx_algorithm_t kx = gnutls_kx_get( s ), k;
    gnutls_protocol_t version = gnutls_protocol_get_version( s ), min;
    unsigned char id[2];
    size_t i;

    for (i = 0; gnutls_cipher_suite_info( i, id, &k, &c, &m, &min ); i++)
    {
        if (c != cipher || m != mac) continue;
        if (version == GNUTLS_TLS1_3 ? min == GNUTLS_TLS1_3 : (min != GNUTLS_TLS1_3 && k == kx))
            return id[0] << 8 | id[1];
    }
    return 0;
}

static UINT32 cipher_kind( gnutls_cipher_algorithm_t cipher )
{
    switch (cipher)
    {
    case GNUTLS_CIPHER_AES_128_CBC: case GNUTLS_CIPHER_AES_256_CBC:
    case GNUTLS_CIPHER_AES_128_GCM: case GNUTLS_CIPHER_AES_256_GCM:
    case GNUTLS_CIPHER_AES_128_CCM: case GNUTLS_CIPHER_AES_256_CCM:
    case GNUTLS_CIPHER_AES_128_CCM_8: case GNUTLS_CIPHER_AES_256_CCM_8:
        return TLS_CIPHER_AES;
    case GNUTLS_CIPHER_3DES_CBC: return TLS_CIPHER_3DES;
    case GNUTLS_CIPHER_CHACHA20_POLY1305: return TLS_CIPHER_CHACHA20;
    default: return TLS_CIPHER_OTHER;
    }
}

static UINT32 exchange_kind( gnutls_session_t s )
{
    gnutls_group_t group = gnutls_group_get( s );
    gnutls_kx_algorithm_t kx = gnutls_kx_get( s );

    if (group) return group >= GNUTLS_GROUP_FFDHE2048 && group <= GNUTLS_GROUP_FFDHE8192 ? TLS_EXCHANGE_DH
                                                                                       : TLS_EXCHANGE_ECDH;
    if (kx == GNUTLS_KX_RSA) return TLS_EXCHANGE_RSA;
    if (kx == GNUTLS_KX_DHE_RSA || kx == GNUTLS_KX_DHE_DSS) return TLS_EXCHANGE_DH;
    return TLS_EXCHANGE_ECDH;
}

NTSTATUS connection_info( void *args )
{
    struct connection_info_params *params = args;
    struct tls_session *session = session_from_handle( params->session );
    gnutls_session_t s = session->s;
    gnutls_cipher_algorithm_t cipher = gnutls_cipher_get( s );
    gnutls_mac_algorithm_t mac = gnutls_mac_get( s );
    const char *name;
    gnutls_datum_t alpn;
    size_t len, id_len = sizeof(params->session_id);
    unsigned int type;

    memset( &params->version, 0, sizeof(*params) - offsetof( struct connection_info_params, version ) );
    params->version = version_mask( gnutls_protocol_get_version( s ) );
    if ((name = gnutls_ciphersuite_get( s )))
        strncpy( params->cipher_suite, name, sizeof(params->cipher_suite) - 1 );
    params->suite_id = suite_id( s );
    params->cipher = cipher_kind( cipher );
    params->cipher_bits = gnutls_cipher_get_key_size( cipher ) * 8;
    params->cipher_block = params->cipher == TLS_CIPHER_AES ? 16 : params->cipher == TLS_CIPHER_3DES ? 8 : 1;
    if (mac == GNUTLS_MAC_AEAD) params->hash_bits = gnutls_hash_get_len( (gnutls_digest_algorithm_t)gnutls_prf_hash_get( s ) ) * 8;
    else params->hash_bits = gnutls_hash_get_len( (gnutls_digest_algorithm_t)mac ) * 8;
    params->exchange = exchange_kind( s );
    params->exchange_bits = group_bits( gnutls_group_get( s ) );
    if (!params->exchange_bits && gnutls_dh_get_prime_bits( s ) > 0) params->exchange_bits = gnutls_dh_get_prime_bits( s );
    params->resumed = gnutls_session_is_resumed( s );
    params->header_size = record_header_size( s );
    /* a DTLS record fits in a datagram */
    params->max_data = session->datagram ? (size_t)gnutls_dtls_get_data_mtu( s ) : gnutls_record_get_max_size( s );
    params->trailer_size = gnutls_record_overhead_size( s ) - params->header_size;  /* the overhead has the header */
    if (!gnutls_session_get_id( s, params->session_id, &id_len )) params->session_id_len = id_len;
    if (!gnutls_alpn_get_selected_protocol( s, &alpn ))
    {
        len = alpn.size < sizeof(params->alpn) - 1 ? alpn.size : sizeof(params->alpn) - 1;
        memcpy( params->alpn, alpn.data, len );
    }
    len = sizeof(params->server_name) - 1;
    if (session->server) gnutls_server_name_get( s, params->server_name, &len, &type, 0 );
    params->cert_requested = session->cert_requested;
    params->identity = session->identity;
    return STATUS_SUCCESS;
}

NTSTATUS peer_certificate( void *args )
{
    struct peer_certificate_params *params = args;
    struct tls_session *session = session_from_handle( params->session );
    const gnutls_datum_t *certs;
    unsigned int count = 0, i;
    size_t need = 0, pos = 0;

    params->output_len = 0;
    if (!(certs = gnutls_certificate_get_peers( session->s, &count )) || !count) return STATUS_NOT_FOUND;
    for (i = 0; i < count; i++) need += 4 + certs[i].size;
    params->output_len = need;
    if (need > params->output_size) return STATUS_BUFFER_TOO_SMALL;
    for (i = 0; i < count; i++)
    {
        UINT8 *p = params->output + pos;
        p[0] = certs[i].size;
        p[1] = certs[i].size >> 8;
        p[2] = certs[i].size >> 16;
        p[3] = certs[i].size >> 24;
        memcpy( p + 4, certs[i].data, certs[i].size );
        pos += 4 + certs[i].size;
    }
    return STATUS_SUCCESS;
}

NTSTATUS channel_binding( void *args )
{
    struct channel_binding_params *params = args;
    struct tls_session *session = session_from_handle( params->session );
    gnutls_channel_binding_t type;
    gnutls_datum_t cb;

    params->len = 0;
    switch (params->type)
    {
    case TLS_BINDING_UNIQUE:     type = GNUTLS_CB_TLS_UNIQUE; break;
    case TLS_BINDING_SERVER_END: type = GNUTLS_CB_TLS_SERVER_END_POINT; break;
    case TLS_BINDING_EXPORTER:   type = GNUTLS_CB_TLS_EXPORTER; break;
    default: return STATUS_INVALID_PARAMETER;
    }
    if (gnutls_session_channel_binding( session->s, type, &cb )) return STATUS_NOT_SUPPORTED;
    if (cb.size > sizeof(params->data))
    {
        gnutls_free( cb.data );
        return STATUS_BUFFER_TOO_SMALL;
    }
    memcpy( params->data, cb.data, cb.size );
    params->len = cb.size;
    gnutls_free( cb.data );
    return STATUS_SUCCESS;
}

NTSTATUS keying_material( void *args )
{
    struct keying_material_params *params = args;
    struct tls_session *session = session_from_handle( params->session );

    if (gnutls_prf_rfc5705( session->s, strlen( params->label ), params->label,
                            params->context ? params->context_len : 0, (const char *)params->context,
                            params->output_len, (char *)params->output ))
        return STATUS_INTERNAL_ERROR;
    return STATUS_SUCCESS;
}

NTSTATUS session_data( void *args )
{
    struct session_data_params *params = args;
    struct tls_session *session = session_from_handle( params->session );
    gnutls_datum_t data;
    NTSTATUS status = STATUS_SUCCESS;

    params->output_len = 0;
    if (gnutls_session_get_data2( session->s, &data )) return STATUS_NOT_FOUND;
    params->output_len = data.size;
    if (data.size > params->output_size) status = STATUS_BUFFER_TOO_SMALL;
    else memcpy( params->output, data.data, data.size );
    gnutls_memset( data.data, 0, data.size );
    gnutls_free( data.data );
    return status;
}
