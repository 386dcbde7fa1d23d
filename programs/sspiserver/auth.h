/*
 * sspiserver: HTTP authentication schemes served by SSPI packages, and the
 * authentication state of one connection.
 */
#ifndef __SSPISERVER_AUTH_H
#define __SSPISERVER_AUTH_H

#include <windows.h>
#define SECURITY_WIN32
#include <sspi.h>

struct scheme;

struct auth_state
{
    const struct scheme *scheme;    /* of the context below */
    CtxtHandle           ctxt;
    BOOL                 has_ctxt;
    BOOL                 done;      /* the connection is authenticated */
    char                 user[512];         /* QueryContextAttributes NAMES */
    char                 impersonated[512]; /* the thread token's user while impersonating */
};

enum auth_result
{
    AUTH_OK,        /* authenticated; the header may carry a final token */
    AUTH_CONTINUE,  /* 401 with the header's challenge */
    AUTH_DENIED,    /* 401 with every scheme offered afresh */
};

/* Acquires inbound credentials for each scheme of LIST ("NTLM,Negotiate"). */
BOOL auth_init( const char *list );
/* The WWW-Authenticate headers offering every scheme. */
const char *auth_offer(void);
/* Feeds the value of an Authorization header to the scheme's package. */
enum auth_result auth_step( struct auth_state *state, const char *authorization, char *header, size_t size );
void auth_reset( struct auth_state *state );

#endif
