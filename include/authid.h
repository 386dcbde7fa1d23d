/*
 * Authentication identities (SEC_WINNT_AUTH_IDENTITY_A/W, _EXA/_EXW, _EX2):
 * one parser for secur32's Sspi* functions and the packages'
 * AcquireCredentialsHandle, and one writer of the packed _EX2 form.
 */
#ifndef __AUTHID_H
#define __AUTHID_H

#include <windows.h>
#ifndef SECURITY_WIN32
#define SECURITY_WIN32
#endif
#include <sspi.h>

struct auth_identity
{
    WCHAR *user;        /* NUL-terminated copies, NULL when absent */
    WCHAR *domain;
    WCHAR *password;
    WCHAR *packages;    /* comma-separated package list, "!name" excludes */
    ULONG  flags;       /* SEC_WINNT_AUTH_IDENTITY_FLAGS_* other than ANSI/UNICODE */
};

/* Reads any identity form; SEC_E_INVALID_TOKEN when malformed. Decrypts an
 * identity encrypted by SspiEncryptAuthIdentity. */
SECURITY_STATUS auth_identity_parse( const void *id, struct auth_identity *out );
/* Frees the strings, zeroing the password first. */
void auth_identity_free( struct auth_identity *id );
/* Packs ID as a SEC_WINNT_AUTH_IDENTITY_EX2 in one LocalAlloc block. */
SECURITY_STATUS auth_identity_pack( const struct auth_identity *id, SEC_WINNT_AUTH_IDENTITY_EX2 **out );
/* Size of a packed identity that passes validation, or 0. */
ULONG auth_identity_packed_size( const void *id, ULONG max_size );

#endif
