/*
 * GSSAPI and krb5 failures as Windows' statuses (see krb_status.h).
 */
#include <stddef.h>

#include "krb_status.h"

/* GSS routine errors (RFC 2744 3.9.1), shifted as in gssapi.h */
#define GSS_ROUTINE(n) ((uint32_t)(n) << 16)
#define GSS_S_BAD_MECH             GSS_ROUTINE(1)
#define GSS_S_BAD_NAME             GSS_ROUTINE(2)
#define GSS_S_BAD_NAMETYPE         GSS_ROUTINE(3)
#define GSS_S_BAD_BINDINGS         GSS_ROUTINE(4)
#define GSS_S_BAD_SIG              GSS_ROUTINE(6)
#define GSS_S_NO_CRED              GSS_ROUTINE(7)
#define GSS_S_NO_CONTEXT           GSS_ROUTINE(8)
#define GSS_S_DEFECTIVE_TOKEN      GSS_ROUTINE(9)
#define GSS_S_DEFECTIVE_CREDENTIAL GSS_ROUTINE(10)
#define GSS_S_CREDENTIALS_EXPIRED  GSS_ROUTINE(11)
#define GSS_S_CONTEXT_EXPIRED      GSS_ROUTINE(12)
#define GSS_S_BAD_QOP              GSS_ROUTINE(14)
#define GSS_S_UNAVAILABLE          GSS_ROUTINE(16)
#define GSS_ROUTINE_MASK           GSS_ROUTINE(0xff)

#define ENOMEM_CODE 12

struct code_status { int offset; int32_t status; };

/* krb5 codes by their offset from KRB5_ERROR_BASE (krb5.h) */
static const struct code_status local_statuses[] =
{
    { 6,   SEC_E_LOGON_DENIED },                 /* KDC_ERR_C_PRINCIPAL_UNKNOWN */
    { 7,   SEC_E_TARGET_UNKNOWN },               /* KDC_ERR_S_PRINCIPAL_UNKNOWN */
    { 12,  SEC_E_LOGON_DENIED },                 /* KDC_ERR_POLICY */
    { 13,  SEC_E_LOGON_DENIED },                 /* KDC_ERR_BADOPTION */
    { 14,  SEC_E_ETYPE_NOT_SUPP },               /* KDC_ERR_ETYPE_NOSUPP */
    { 18,  SEC_E_LOGON_DENIED },                 /* KDC_ERR_CLIENT_REVOKED */
    { 19,  SEC_E_TARGET_UNKNOWN },               /* KDC_ERR_SERVICE_REVOKED */
    { 21,  SEC_E_LOGON_DENIED },                 /* KDC_ERR_CLIENT_NOTYET */
    { 23,  SEC_E_LOGON_DENIED },                 /* KDC_ERR_KEY_EXP */
    { 24,  SEC_E_LOGON_DENIED },                 /* KDC_ERR_PREAUTH_FAILED */
    { 29,  SEC_E_NO_AUTHENTICATING_AUTHORITY },  /* KDC_ERR_SVC_UNAVAILABLE */
    { 31,  SEC_E_LOGON_DENIED },                 /* AP_ERR_BAD_INTEGRITY: a KDC reply or ticket that does not decrypt */
    { 32,  SEC_E_CONTEXT_EXPIRED },              /* AP_ERR_TKT_EXPIRED */
    { 33,  SEC_E_TIME_SKEW },                    /* AP_ERR_TKT_NYV */
    { 34,  SEC_E_LOGON_DENIED },                 /* AP_ERR_REPEAT: a replayed AP-REQ */
    { 35,  SEC_E_LOGON_DENIED },                 /* AP_ERR_NOT_US */
    { 36,  SEC_E_LOGON_DENIED },                 /* AP_ERR_BADMATCH */
    { 37,  SEC_E_TIME_SKEW },                    /* AP_ERR_SKEW */
    { 41,  SEC_E_LOGON_DENIED },                 /* AP_ERR_MODIFIED */
    { 44,  SEC_E_LOGON_DENIED },                 /* AP_ERR_BADKEYVER */
    { 45,  SEC_E_LOGON_DENIED },                 /* AP_ERR_NOKEY */
    { 46,  SEC_E_WRONG_PRINCIPAL },              /* AP_ERR_MUT_FAIL: the AP-REP is not the target's */
    { 68,  SEC_E_NO_AUTHENTICATING_AUTHORITY },  /* KDC_ERR_WRONG_REALM */
    { 141, SEC_E_NO_CREDENTIALS },               /* CC_NOTFOUND */
    { 143, SEC_E_NO_CREDENTIALS },               /* NO_TKT_SUPPLIED */
    { 146, SEC_E_WRONG_PRINCIPAL },              /* PRINC_NOMATCH */
    { 148, SEC_E_TIME_SKEW },                    /* KDCREP_SKEW */
    { 150, SEC_E_ETYPE_NOT_SUPP },               /* PROG_ETYPE_NOSUPP */
    { 154, SEC_E_NO_AUTHENTICATING_AUTHORITY },  /* REALM_UNKNOWN */
    { 156, SEC_E_NO_AUTHENTICATING_AUTHORITY },  /* KDC_UNREACH */
    { 181, SEC_E_LOGON_DENIED },                 /* KT_NOTFOUND: no key for the ticket's service */
    { 188, SEC_E_ETYPE_NOT_SUPP },               /* BAD_ENCTYPE */
    { 195, SEC_E_NO_CREDENTIALS },               /* FCC_NOFILE */
    { 210, SEC_E_LOGON_DENIED },                 /* PREAUTH_FAILED */
    { 220, SEC_E_NO_AUTHENTICATING_AUTHORITY },  /* REALM_CANT_RESOLVE */
    { 224, SEC_E_NO_AUTHENTICATING_AUTHORITY },  /* CONFIG_NODEFREALM */
    { 230, SEC_E_LOGON_DENIED },                 /* KT_KVNONOTFOUND: a stale key version */
};

/* A server's KRB-ERROR as its client sees it (see krb_peer_status). */
static const struct code_status peer_statuses[] =
{
    { 31, SEC_E_WRONG_PRINCIPAL },   /* AP_ERR_BAD_INTEGRITY */
    { 32, SEC_E_CONTEXT_EXPIRED },   /* AP_ERR_TKT_EXPIRED */
    { 33, SEC_E_TIME_SKEW },         /* AP_ERR_TKT_NYV */
    { 35, SEC_E_WRONG_PRINCIPAL },   /* AP_ERR_NOT_US */
    { 36, SEC_E_WRONG_PRINCIPAL },   /* AP_ERR_BADMATCH */
    { 37, SEC_E_TIME_SKEW },         /* AP_ERR_SKEW */
    { 41, SEC_E_WRONG_PRINCIPAL },   /* AP_ERR_MODIFIED */
    { 44, SEC_E_WRONG_PRINCIPAL },   /* AP_ERR_BADKEYVER */
    { 45, SEC_E_WRONG_PRINCIPAL },   /* AP_ERR_NOKEY */
};

static int32_t lookup( const struct code_status *table, size_t count, int32_t code )
{
    size_t i;

    for (i = 0; i < count; i++)
        if (code == KRB5_ERROR_BASE + table[i].offset) return table[i].status;
    return 0;
}

int32_t krb_error_from_protocol( int32_t error )
{
    return error >= 0 && error < 128 ? KRB5_ERROR_BASE + error : KRB5_ERROR_BASE + 60;  /* KRB_ERR_GENERIC */
}

int32_t krb_sec_status( uint32_t major, int32_t minor )
{
    int32_t status;

    /* what the GSS status alone says */
    switch (major & GSS_ROUTINE_MASK)
    {
    case GSS_S_BAD_MECH:        return SEC_E_SECPKG_NOT_FOUND;
    case GSS_S_BAD_BINDINGS:    return SEC_E_BAD_BINDINGS;
    case GSS_S_BAD_SIG:         return SEC_E_MESSAGE_ALTERED;
    case GSS_S_NO_CONTEXT:      return SEC_E_INVALID_HANDLE;
    case GSS_S_DEFECTIVE_TOKEN: return SEC_E_INVALID_TOKEN;
    case GSS_S_BAD_QOP:         return SEC_E_QOP_NOT_SUPPORTED;
    }
    /* GSS_S_FAILURE and the credential errors: the krb5 code tells */
    if ((status = lookup( local_statuses, sizeof(local_statuses) / sizeof(local_statuses[0]), minor ))) return status;
    if (minor == ENOMEM_CODE) return SEC_E_INSUFFICIENT_MEMORY;
    if (minor >= ASN1_ERROR_BASE && minor < ASN1_ERROR_BASE + 256) return SEC_E_INVALID_TOKEN;
    switch (major & GSS_ROUTINE_MASK)
    {
    case GSS_S_BAD_NAME:
    case GSS_S_BAD_NAMETYPE:         return SEC_E_TARGET_UNKNOWN;
    case GSS_S_NO_CRED:
    case GSS_S_DEFECTIVE_CREDENTIAL: return SEC_E_NO_CREDENTIALS;
    case GSS_S_CREDENTIALS_EXPIRED:
    case GSS_S_CONTEXT_EXPIRED:      return SEC_E_CONTEXT_EXPIRED;
    case GSS_S_UNAVAILABLE:          return SEC_E_UNSUPPORTED_FUNCTION;
    default:                         return SEC_E_INTERNAL_ERROR;
    }
}

int32_t krb_peer_status( int32_t code )
{
    int32_t status = lookup( peer_statuses, sizeof(peer_statuses) / sizeof(peer_statuses[0]), code );
    return status ? status : SEC_E_LOGON_DENIED;
}

int32_t krb_logon_status( int32_t code, int32_t *substatus )
{
    *substatus = 0;
    switch (code - KRB5_ERROR_BASE)
    {
    case 6:                                      /* KDC_ERR_C_PRINCIPAL_UNKNOWN */
        *substatus = STATUS_NO_SUCH_USER;
        return STATUS_LOGON_FAILURE;
    case 18:                                     /* KDC_ERR_CLIENT_REVOKED */
        *substatus = STATUS_ACCOUNT_DISABLED;
        return STATUS_ACCOUNT_RESTRICTION;
    case 23:                                     /* KDC_ERR_KEY_EXP */
        *substatus = STATUS_PASSWORD_EXPIRED;
        return STATUS_ACCOUNT_RESTRICTION;
    case 37:                                     /* AP_ERR_SKEW */
    case 148:                                    /* KDCREP_SKEW */
        return STATUS_TIME_DIFFERENCE_AT_DC;
    case 154:                                    /* REALM_UNKNOWN */
    case 156:                                    /* KDC_UNREACH */
    case 220:                                    /* REALM_CANT_RESOLVE */
    case 224:                                    /* CONFIG_NODEFREALM */
        return STATUS_NO_LOGON_SERVERS;
    case 24:                                     /* KDC_ERR_PREAUTH_FAILED */
    case 31:                                     /* AP_ERR_BAD_INTEGRITY */
    case 210:                                    /* PREAUTH_FAILED */
        *substatus = STATUS_WRONG_PASSWORD;
        return STATUS_LOGON_FAILURE;
    default:
        return STATUS_LOGON_FAILURE;
    }
}
