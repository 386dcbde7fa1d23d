/*
 * Logon sessions of the LSA emulation (logon.c).
 */
#ifndef __SECUR32_LOGON_H
#define __SECUR32_LOGON_H

struct logon_session;

extern void logon_session_free( struct logon_session *session );
extern NTSTATUS logon_session_create( const LUID *id );
extern NTSTATUS logon_session_delete( const LUID *id );
extern NTSTATUS logon_session_set_identity( const LUID *id, SECURITY_LOGON_TYPE type, const UNICODE_STRING *user,
                                            const UNICODE_STRING *domain, const WCHAR *package, PSID sid );
extern NTSTATUS logon_session_set_token( const LUID *id, HANDLE token );
extern LUID logon_id_of_token( const TOKEN_STATISTICS *stats );
extern NTSTATUS logon_sessions_enumerate( ULONG *count, LUID **list );
extern NTSTATUS logon_session_get_data( const LUID *id, SECURITY_LOGON_SESSION_DATA **data );
extern NTSTATUS logon_credential_add( const LUID *id, ULONG package, const LSA_STRING *key, const LSA_STRING *value );
extern NTSTATUS logon_credential_get( const LUID *id, ULONG package, ULONG *context, BOOLEAN all,
                                      LSA_STRING *key, ULONG *key_len, LSA_STRING *value );
extern NTSTATUS logon_credential_delete( const LUID *id, ULONG package, const LSA_STRING *key );

#endif
