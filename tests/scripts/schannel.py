#!/usr/bin/python3
"""Schannel against TLS peers this project did not write, on loopback.
Server side: sspiserver.exe --tls under ./wine with openssl s_client,
gnutls-cli and curl (TLS 1.2 and 1.3, RSA and ECDSA P-256 and P-384, ALPN, resumption, key
update, renegotiation, client certificates, large transfers, close_notify).
Client side: tlsclient.exe against openssl s_server and gnutls-serv, with
certificates that must be refused. DTLS 1.2 and 1.0 both ways: dtlspeer.exe
against gnutls-serv --udp and openssl s_server -dtls1_2, and as a server for
gnutls-cli --udp and openssl s_client -dtls1_2."""
import os
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "interop"))
from harness import Checks, Prefix, free_port, make_pki  # noqa: E402

t = Checks("schannel")
REQUEST = b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"


def run(args, stdin=b"", timeout=60):
    try:
        r = subprocess.run(args, input=stdin, capture_output=True, timeout=timeout)
        return (r.stdout + r.stderr).decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        return ((e.stdout or b"") + (e.stderr or b"")).decode("utf-8", "replace") + "\nTIMEOUT"


def s_client(port, *args, stdin=REQUEST):
    return run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-servername", "localhost",
                "-CAfile", PKI + "/ca.pem", "-verify_return_error", "-ign_eof"] + list(args), stdin)


def s_client_commands(port, version, command):
    """s_client reads COMMAND (k: key update, R: renegotiate) as a command, then sends REQUEST."""
    proc = subprocess.Popen(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-servername", "localhost",
                             "-CAfile", PKI + "/ca.pem", "-verify_return_error", version],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        time.sleep(1)
        proc.stdin.write(command + b"\n")
        proc.stdin.flush()
        time.sleep(1)
        proc.stdin.write(REQUEST)
        proc.stdin.flush()
        time.sleep(2)
        proc.stdin.close()
        proc.wait(30)
        return proc.stdout.read().decode("utf-8", "replace")
    except (subprocess.TimeoutExpired, OSError):
        proc.kill()
        proc.wait()
        return proc.stdout.read().decode("utf-8", "replace") + "\nTIMEOUT"


def wine_out(prefix, *args):
    r = subprocess.run([os.path.join(os.getcwd(), "wine")] + list(args), env=prefix.env, capture_output=True,
                       timeout=120)
    return r.stdout.decode("utf-8", "replace").replace("\r", "")


def start_server(prefix, *args, log=None):
    """sspiserver.exe --tls ARGS; with LOG, its traces (warnings of schannel, errors) go there."""
    server = prefix.start("programs/sspiserver.exe", "--port", "0", "--auth", "none", *args,
                          env={"WINEDEBUG": "warn+schannel,err+all"} if log else None, stderr=log or subprocess.DEVNULL)
    line = server.recv(120) or ""
    if not line.startswith("listening on https://127.0.0.1:"):
        return server, None
    return server, int(line.split(":")[2].split("/")[0])


def test_server(prefix, thumbs):
    servers = {}
    for kind in ("rsa", "ec", "ec384"):
        server, port = start_server(prefix, "--tls", thumbs["server-" + kind])
        t.check(f"sspiserver --tls with the {kind.upper()} certificate listens", port)
        servers[kind] = (server, port)
    # its traces, for a check that has failed now and then (a hello retry answered by nothing)
    pfx_log = open(os.path.join(prefix.tmp, "pfx-server.log"), "w+")
    pfx_server, pfx_port = start_server(prefix, "--tls", PKI + "/server-rsa.pfx", "--tls-password", "pfx", log=pfx_log)
    t.check("sspiserver --tls with a PKCS#12 file listens", pfx_port)
    if not all(port for _, port in servers.values()):
        return

    for kind, (server, port) in servers.items():
        for version in ("1.2", "1.3"):
            label = f"{kind.upper()} TLS {version}"
            out = s_client(port, "-tls" + version.replace(".", "_"))
            t.check(f"openssl s_client, {label}: verified, HTTP 200",
                    "Verify return code: 0 (ok)" in out and "HTTP/1.1 200" in out and
                    f"TLSv{version}" in out, out[-600:])
            out = run(["gnutls-cli", "--x509cafile", PKI + "/ca.pem", "-p", str(port),
                       "--priority", f"NORMAL:-VERS-ALL:+VERS-TLS{version}", "localhost"], REQUEST)
            t.check(f"gnutls-cli, {label}: HTTP 200 and our close_notify",
                    "HTTP/1.1 200" in out and "Peer has closed the GnuTLS connection" in out, out[-600:])
            out = run(["curl", "-s", "--cacert", PKI + "/ca.pem", f"--tlsv{version}", "--tls-max", version,
                       "--resolve", f"localhost:{port}:127.0.0.1", f"https://localhost:{port}/"])
            t.check(f"curl, {label}: hello", out.strip() == "hello", out[-300:])

    port = servers["rsa"][1]
    out = s_client(port, "-alpn", "h2,http/1.1")
    t.check("ALPN chooses http/1.1", "ALPN protocol: http/1.1" in out, out[-400:])

    for version in ("1_2", "1_3"):
        session = os.path.join(PKI, f"session-{version}")
        s_client(port, "-tls" + version, "-sess_out", session)
        out = s_client(port, "-tls" + version, "-sess_in", session)
        t.check(f"resumption, TLS {version.replace('_', '.')}", "Reused, TLS" in out, out[-400:])

    out = s_client_commands(port, "-tls1_3", b"k")
    t.check("a TLS 1.3 key update, then HTTP 200", "KEYUPDATE" in out and "HTTP/1.1 200" in out, out[-500:])
    out = s_client_commands(port, "-tls1_2", b"R")
    t.check("a TLS 1.2 renegotiation, then HTTP 200", "RENEGOTIATING" in out and "HTTP/1.1 200" in out,
            out[-500:])

    size = 5 * 1000 * 1000
    out = run(["curl", "-s", "--cacert", PKI + "/ca.pem", "--resolve", f"localhost:{port}:127.0.0.1",
               "-o", "/dev/null", "-w", "%{size_download}", f"https://localhost:{port}/bytes/{size}"])
    t.check("a 5 MB download over many records", out.strip() == str(size), out[-200:])
    big = os.path.join(PKI, "upload")
    with open(big, "wb") as f:
        f.write(os.urandom(3 * 1000 * 1000))
    out = run(["curl", "-s", "--cacert", PKI + "/ca.pem", "--resolve", f"localhost:{port}:127.0.0.1",
               "--data-binary", "@" + big, f"https://localhost:{port}/"])
    t.check("a 3 MB upload over many records", out.strip() == "hello", out[-200:])

    out = run(["openssl", "s_client", "-connect", f"127.0.0.1:{pfx_port}", "-CAfile", PKI + "/ca.pem",
               "-verify_return_error", "-ign_eof"], REQUEST)
    pfx_log.flush()
    pfx_log.seek(0)
    t.check("the PKCS#12 server serves", "Verify return code: 0 (ok)" in out and "HTTP/1.1 200" in out,
            "server:\n" + pfx_log.read()[-2000:] + "\nclient:\n" + out[-1500:])

    # client certificates
    server, port = start_server(prefix, "--tls", thumbs["server-rsa"], "--tls-client-cert")
    if t.check("sspiserver --tls-client-cert listens", port):
        out = s_client(port, "-cert", PKI + "/client.pem", "-key", PKI + "/client.key")
        t.check("the server sees the client's certificate", "client: client" in out, out[-400:])
        t.check("the certificate maps to the store account it names", "\\client\n" in out.split("account: ")[-1][:80],
                out[-400:])
        out = s_client(port, "-cert", PKI + "/client-upn.pem", "-key", PKI + "/client-upn.key")
        t.check("a certificate's user principal name maps to that account, not its common name",
                "account: EXAMPLE\\upnuser\n" in out, out[-400:])
        out = s_client(port)
        t.check("a client without a certificate is served too", "client: none" in out, out[-400:])
    server.close()

    # a certificate asked for on the established connection, as .NET's NegotiateClientCertificateAsync asks
    server, port = start_server(prefix, "--tls", thumbs["server-rsa"])
    later = b"GET /client-cert/later HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    if t.check("sspiserver --tls listens for later certificates", port):
        out = s_client(port, "-tls1_3", "-enable_pha", "-cert", PKI + "/client.pem", "-key", PKI + "/client.key",
                       stdin=later)
        t.check("TLS 1.3: post-handshake authentication of openssl s_client", "client: client" in out, out[-600:])
    server.close()
    pfx_server.close()
    for server, _ in servers.values():
        server.close()

    # garbage: plain HTTP to the TLS port, and the server keeps serving
    server, port = start_server(prefix, "--tls", thumbs["server-rsa"])
    if port:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(REQUEST)
            try:
                reply = s.recv(100)
            except OSError:
                reply = b""
        t.check("plain HTTP gets no HTTP answer", b"HTTP" not in reply, reply)
        out = s_client(port)
        t.check("the server serves after garbage", "HTTP/1.1 200" in out, out[-300:])
    server.close()


def tlsclient(prefix, port, *args):
    return wine_out(prefix, os.path.join(os.getcwd(), "build", "tests", "tlsclient.exe"), "127.0.0.1", str(port),
                    *args)



def peer_server(args, port):
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    return proc


def s_server(stem, *args):
    port = free_port()
    proc = peer_server(["openssl", "s_server", "-accept", str(port), "-cert", f"{PKI}/{stem}.pem",
                        "-key", f"{PKI}/{stem}.key", "-www"] + list(args), port)
    return proc, port


def test_client(prefix, thumbs):
    for stem in ("server-rsa", "server-ec", "server-ec384"):
        proc, port = s_server(stem)
        for version in ("--tls12", "--tls13"):
            out = tlsclient(prefix, port, version)
            expect = "TLS1.2" if version == "--tls12" else "TLS1.3"
            t.check(f"our client, validating, against openssl s_server ({stem}, {expect})",
                    f"HANDSHAKE {expect}" in out and "FIRST HTTP/1.0 200" in out, out)
        proc.kill()

    proc, port = s_server("server-rsa", "-alpn", "http/1.1")
    out = tlsclient(prefix, port, "--alpn", "http/1.1")
    t.check("our client's ALPN", "ALPN http/1.1" in out, out)
    out = tlsclient(prefix, port, "--twice")
    t.check("our client resumes", out.count("HANDSHAKE") == 2 and "RESUMED yes" in out, out)
    proc.kill()

    proc, port = s_server("server-rsa", "-Verify", "1", "-CAfile", PKI + "/ca.pem")
    out = tlsclient(prefix, port, "--client-cert", thumbs["client"])
    t.check("our client presents its certificate", "FIRST HTTP/1.0 200" in out, out)
    out = tlsclient(prefix, port, "--tls12")
    t.check("without one, the server that requires it refuses", "FIRST HTTP/1.0 200" not in out, out)
    proc.kill()

    port = free_port()
    proc = peer_server(["gnutls-serv", "--http", "-p", str(port), "--x509certfile", PKI + "/server-ec.pem",
                        "--x509keyfile", PKI + "/server-ec.key"], port)
    for version in ("--tls12", "--tls13"):
        out = tlsclient(prefix, port, version)
        t.check(f"our client against gnutls-serv ({version[2:]})", "HANDSHAKE" in out and "FIRST HTTP/1.0 200" in out,
                out)
    proc.kill()

    for stem, status, why in (("expired", "80090328", "expired"), ("wrong-name", "80090322", "for another name"),
                              ("self-signed", "80090325", "untrusted")):
        proc, port = s_server(stem)
        out = tlsclient(prefix, port)
        t.check(f"our client refuses a certificate {why} with {status}", f"ERROR {status}" in out, out)
        out = tlsclient(prefix, port, "--manual")
        t.check(f"with manual validation it connects ({why})", "FIRST HTTP/1.0 200" in out, out)
        proc.kill()


def dtlspeer(prefix, *args):
    return wine_out(prefix, os.path.join(os.getcwd(), "build", "tests", "dtlspeer.exe"), *args)


def udp_peer(args, stdin=None):
    return subprocess.Popen(args, stdin=stdin or subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def finish(proc, timeout=20):
    """What PROC printed, once it ended or was ended after TIMEOUT seconds."""
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    return proc.stdout.read().decode("utf-8", "replace")


def dtls_client(prefix, peer_args, version=()):
    """Our DTLS client against a UDP server of PEER_ARGS (given the port): what each printed."""
    port = free_port()
    proc = udp_peer([a.replace("PORT", str(port)) for a in peer_args], stdin=subprocess.PIPE)
    time.sleep(1)
    out = dtlspeer(prefix, "client", str(port), *version)
    try:
        proc.stdin.close()
    except OSError:
        pass
    return out, finish(proc, 1)


def dtls_server(prefix, thumb, client_args, stdin):
    """A UDP client of CLIENT_ARGS (given the port) against our DTLS server."""
    server = prefix.start("tests/dtlspeer.exe", "server", thumb)
    line = server.recv(120) or ""
    if not line.startswith("listening on "):
        server.close()
        return "", line
    port = line.split()[2]
    proc = udp_peer([a.replace("PORT", port) for a in client_args], stdin=subprocess.PIPE)
    time.sleep(2)
    proc.stdin.write(stdin)
    proc.stdin.flush()
    time.sleep(3)
    proc.stdin.close()
    out = finish(proc)
    lines = []
    while True:
        got = server.recv(10)
        if got is None:
            break
        lines.append(got)
    server.close()
    return out, "\n".join(lines)


def test_dtls(prefix, thumbs):
    cert = ["--x509certfile", PKI + "/server-rsa.pem", "--x509keyfile", PKI + "/server-rsa.key"]
    out, peer = dtls_client(prefix, ["gnutls-serv", "--udp", "--echo", "-p", "PORT"] + cert)
    t.check("our DTLS client against gnutls-serv --udp", "HANDSHAKE DTLS1.2" in out and
            "DATA hello from schannel" in out, out + peer[-500:])
    out, peer = dtls_client(prefix, ["gnutls-serv", "--udp", "--echo", "-p", "PORT", "--priority",
                                     "NORMAL:-VERS-ALL:+VERS-DTLS1.0"] + cert, ("--dtls10",))
    t.check("our DTLS 1.0 client against gnutls-serv --udp", "HANDSHAKE DTLS1.0" in out and
            "DATA hello from schannel" in out, out + peer[-500:])
    out, peer = dtls_client(prefix, ["openssl", "s_server", "-dtls1_2", "-accept", "PORT", "-cert",
                                     PKI + "/server-rsa.pem", "-key", PKI + "/server-rsa.key"])
    t.check("our DTLS client against openssl s_server -dtls1_2", "HANDSHAKE DTLS1.2" in out and
            "hello from schannel" in peer, out + peer[-500:])

    out, ours = dtls_server(prefix, thumbs["server-rsa"], ["gnutls-cli", "--udp", "-p", "PORT", "--x509cafile",
                                                           PKI + "/ca.pem", "localhost"], b"hello from gnutls\n")
    t.check("gnutls-cli --udp against our DTLS server", "DATA hello from gnutls" in ours and
            "hello from schannel" in out, ours + out[-500:])
    out, ours = dtls_server(prefix, thumbs["server-rsa"], ["openssl", "s_client", "-dtls1_2", "-connect",
                                                           "127.0.0.1:PORT", "-CAfile", PKI + "/ca.pem",
                                                           "-verify_return_error", "-servername", "localhost"],
                            b"hello from openssl\n")
    t.check("openssl s_client -dtls1_2 against our DTLS server", "DATA hello from openssl" in ours and
            "hello from schannel" in out and "Verify return code: 0" in out, ours + out[-800:])


with Prefix() as prefix:
    PKI = os.path.join(prefix.tmp, "pki")
    os.makedirs(PKI)
    make_pki(PKI)
    prefix.add_user("client", "Unused-Pass-1")
    prefix.add_user("upnuser", "Unused-Pass-2", "EXAMPLE")
    thumbs = {}
    for stem in ("server-rsa", "server-ec", "server-ec384", "client"):
        out = wine_out(prefix, os.path.join(os.getcwd(), "build", "programs", "sspicert.exe"), "import",
                       f"{PKI}/{stem}.pem", f"{PKI}/{stem}.key")
        thumbs[stem] = out.split()[0] if out.split() else ""
        t.check(f"sspicert imports {stem}", len(thumbs[stem]) == 40, out)
    out = wine_out(prefix, os.path.join(os.getcwd(), "build", "programs", "sspicert.exe"), "trust", PKI + "/ca.pem")
    t.check("sspicert trusts the test CA", len(out.split()[0] if out.split() else "") == 40, out)
    test_server(prefix, thumbs)
    test_client(prefix, thumbs)
    test_dtls(prefix, thumbs)
t.summary()
