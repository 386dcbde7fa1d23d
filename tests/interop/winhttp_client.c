/*
 * winhttp_client: a GET through WinHTTP (Wine's own winhttp, which calls
 * our secur32) with Negotiate and explicit credentials, the way a Windows
 * HTTP client asks: the request, the 401's schemes, the credentials, the
 * request again.
 *
 *   winhttp_client HOST PORT PATH DOMAIN\USER PASSWORD
 *
 * Prints "STATUS <code>" for each response and "SCHEMES <supported>" for
 * each 401; exits 0 on a 200.
 */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>
#include <winhttp.h>

int wmain( int argc, WCHAR *argv[] )
{
    HINTERNET session, connection, request;
    DWORD status = 0, size, supported, first, target, tries;

    if (argc != 6)
    {
        fprintf( stderr, "usage: winhttp_client HOST PORT PATH DOMAIN\\USER PASSWORD\n" );
        return 2;
    }
    session = WinHttpOpen( L"winhttp_client", WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME,
                           WINHTTP_NO_PROXY_BYPASS, 0 );
    connection = session ? WinHttpConnect( session, argv[1], _wtoi( argv[2] ), 0 ) : NULL;
    request = connection ? WinHttpOpenRequest( connection, L"GET", argv[3], NULL, WINHTTP_NO_REFERER,
                                               WINHTTP_DEFAULT_ACCEPT_TYPES, 0 ) : NULL;
    if (!request)
    {
        printf( "ERROR open %lu\n", GetLastError() );
        return 1;
    }
    for (tries = 0; tries < 3; tries++)
    {
        if (!WinHttpSendRequest( request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0 ) ||
            !WinHttpReceiveResponse( request, NULL ))
        {
            printf( "ERROR request %lu\n", GetLastError() );
            break;
        }
        size = sizeof(status);
        WinHttpQueryHeaders( request, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                             WINHTTP_HEADER_NAME_BY_INDEX, &status, &size, WINHTTP_NO_HEADER_INDEX );
        printf( "STATUS %lu\n", status );
        if (status != 401) break;
        if (!WinHttpQueryAuthSchemes( request, &supported, &first, &target )) break;
        printf( "SCHEMES %#lx\n", supported );
        if (!(supported & WINHTTP_AUTH_SCHEME_NEGOTIATE) ||
            !WinHttpSetCredentials( request, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_NEGOTIATE, argv[4],
                                    argv[5], NULL ))
            break;
    }
    fflush( stdout );
    WinHttpCloseHandle( request );
    WinHttpCloseHandle( connection );
    WinHttpCloseHandle( session );
    return status == 200 ? 0 : 1;
}
