#!/bin/sh
# The build and the ./wine runtime: builtin markers, our DLLs and Unix parts
# in use, WINEDEBUG, WINEPREFIX, the system's Wine untouched, make install.
# Runs from the top of the build tree.
script_name=runtime
. "$(dirname "$0")/checks.inc"

B=build
winebuild=$B/native/winebuild
wineserver=$(dirname "$(sed -n "s/^loader='\(.*\)'\$/\1/p" wine)")/wineserver
tmp=$(mktemp -d)
trap 'WINEPREFIX="$tmp/prefix" "$wineserver" -k 2>/dev/null; rm -rf "$tmp"' EXIT
not_builtin() { ! $winebuild --is-builtin "$1"; }

for dll in $B/x86_64-windows/*.dll; do
    check "$dll carries the builtin marker" $winebuild --is-builtin "$dll"
done
check "the test SSP is a plain DLL" not_builtin $B/tests/testssp.dll

# the packages a Windows program sees, with the Unix parts reached
WINEDEBUG=trace+kerberos,trace+schannel ./wine $B/programs/sspinfo.exe > "$tmp/raw" 2> "$tmp/err"
check "sspinfo runs" test $? -eq 0
tr -d '\r' < "$tmp/raw" > "$tmp/out"
for name in Negotiate Kerberos NTLM WDigest Schannel "Microsoft Unified Security Protocol Provider" \
            "Default TLS SSP" CREDSSP; do
    check "$name is listed" grep -q "^Name *: $name\$" "$tmp/out"
done
check "8 package names" grep -q "^8 security packages" "$tmp/out"
check "kerberos.so reached MIT krb5" grep -q "trace:kerberos:.*MIT krb5: [1-9][0-9]* GSSAPI mechanisms" "$tmp/err"
check "schannel.so reached GnuTLS" grep -q "trace:schannel:.*GnuTLS 3\." "$tmp/err"

# WINEDEBUG selects our channels as it does Wine's
WINEDEBUG=+secur32 ./wine $B/programs/sspinfo.exe > /dev/null 2> "$tmp/err"
check "+secur32 traces" grep -q "trace:secur32:EnumerateSecurityPackagesW" "$tmp/err"
WINEDEBUG=-all ./wine $B/programs/sspinfo.exe > /dev/null 2> "$tmp/err"
check "-all silences" sh -c "! grep -q ':secur32:' '$tmp/err'"

# the runtime points at this build, and the system's Wine keeps its own DLLs
runtime_dll=$(find $B/runtime -path '*x86_64-windows/secur32.dll')
check "the runtime's secur32.dll is this build's" test "$(readlink -f "$runtime_dll")" = "$(readlink -f $B/x86_64-windows/secur32.dll)"
wine_dlldir=$(sed -n 's/^WINE_ROOT *= *//p' Makefile)/$(sed -n 's/^WINE_DLLDIR_REL *= *//p' Makefile)
check "the system's secur32.dll is Wine's" sh -c "! cmp -s '$wine_dlldir/x86_64-windows/secur32.dll' $B/x86_64-windows/secur32.dll"

# WINEPREFIX is honoured: a new prefix gets our DLLs
WINEPREFIX="$tmp/prefix" WINEDEBUG=-all ./wine $B/programs/sspinfo.exe > "$tmp/out" 2>/dev/null
check "a new WINEPREFIX works" grep -q "^Name *: CREDSSP" "$tmp/out"
check "the new prefix has negotiate.dll" test -f "$tmp/prefix/drive_c/windows/system32/negotiate.dll"

# make install lays the files out as in Wine's DLL directory
make -s install DESTDIR="$tmp/dest" dlldir=/usr/lib/wine prefix=/usr > /dev/null 2>&1
check "make install: secur32.dll" test -f "$tmp/dest/usr/lib/wine/x86_64-windows/secur32.dll"
check "make install: kerberos.so" test -x "$tmp/dest/usr/lib/wine/x86_64-unix/kerberos.so"
check "make install: schannel.so" test -x "$tmp/dest/usr/lib/wine/x86_64-unix/schannel.so"
check "make install: msv1_0.so" test -x "$tmp/dest/usr/lib/wine/x86_64-unix/msv1_0.so"
check "make install: sspiuser" test -x "$tmp/dest/usr/bin/sspiuser"

summary
