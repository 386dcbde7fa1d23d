#!/usr/bin/python3
"""Kerberos against peers this project did not write, on loopback, through a
throwaway MIT KDC (tests/interop/kdc.py). The conformance test (client and
server in one process); MIT's gss-client and python3-gssapi against our
server (sspipeer.exe --server), our client against gss-server and a
python3-gssapi acceptor; delegation through our server to a second
service; clock skew, expired tickets, stale keys, wrong services, replays
and channel bindings; and a Samba AD DC, whose PAC names the client."""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "interop"))
from harness import (Checks, Prefix, b64, check_signatures, drive, free_port,  # noqa: E402
                     run_conformance, test_domain, unb64)
from kdc import KDC, OTHER_PASSWORD, OTHER_USER, PASSWORD, REALM, USER  # noqa: E402

t = Checks("kerberos")
PRINCIPAL = f"{USER}@{REALM}"
NAMED = f"{REALM}\\{USER}"         # our server names a client without a PAC by its realm and user
SEC_E_OK, TIME_SKEW, CONTEXT_EXPIRED = "00000000", "80090324", "80090317"
LOGON_DENIED, WRONG_PRINCIPAL, BAD_BINDINGS = "8009030c", "80090322", "80090346"
NO_CREDENTIALS = "8009030e"
ASC_RET_DELEGATE = 0x1

# MIT's gss-sample protocol: a flag byte, a 4-byte big-endian length, the token
TOKEN_NOOP, TOKEN_CONTEXT, TOKEN_DATA, TOKEN_MIC = 1, 2, 4, 8
TOKEN_CONTEXT_NEXT, TOKEN_WRAPPED, TOKEN_ENCRYPTED, TOKEN_SEND_MIC = 16, 32, 64, 128


def send_token(sock, flags, data=b""):
    sock.sendall(bytes([flags]) + len(data).to_bytes(4, "big") + data)


def recv_all(sock, n):
    data = b""
    while len(data) < n:
        part = sock.recv(n - len(data))
        if not part:
            raise EOFError
        data += part
    return data


def recv_token(sock):
    flags = recv_all(sock, 1)[0]
    return flags, recv_all(sock, int.from_bytes(recv_all(sock, 4), "big"))



def our_server(prefix, req="mutual,conf,integ,replay,sequence", extra=(), env=None):
    return prefix.start("tests/sspipeer.exe", "--package", "Kerberos", "--server", "--req", req, *extra, env=env)


def our_client(prefix, target="host/localhost", req="mutual,conf,integ,replay,sequence", extra=()):
    return prefix.start("tests/sspipeer.exe", "--package", "Kerberos", "--target", target, "--req", req, *extra)


def accept(peer, token):
    """A client's token to our server; its last line (DONE or ERROR) and the tokens it answered with."""
    peer.send("TOKEN " + b64(token))
    tokens = []
    while True:
        line = peer.recv() or "ERROR no answer"
        if not line.startswith("TOKEN "):
            return line, tokens
        tokens.append(unb64(line[6:]))


def gssapi_client(target="host@localhost", flags=None, bindings=None, creds=None):
    import gssapi
    f = gssapi.RequirementFlag
    if flags is None:
        flags = f.mutual_authentication | f.confidentiality | f.integrity | f.replay_detection | f.out_of_sequence_detection
    cb = gssapi.raw.ChannelBindings(application_data=bindings) if bindings else None
    return gssapi.SecurityContext(name=gssapi.Name(target, gssapi.NameType.hostbased_service), usage="initiate",
                                  flags=flags, channel_bindings=cb, creds=creds, mech=gssapi.MechType.kerberos)


def login(ctx, server):
    """python3-gssapi's initiator against our server; our DONE line."""
    done, tokens = accept(server, ctx.step())
    for token in tokens:
        ctx.step(token)
    return done


def relay_to_gssapi(peer, prefix=""):
    """A handshake of our client (PEER's lines starting with PREFIX) with a
    python3-gssapi acceptor: PEER's last line, and the acceptor."""
    import gssapi
    acceptor = gssapi.SecurityContext(creds=gssapi.Credentials(usage="accept"), usage="accept")
    return drive(peer, acceptor.step, prefix), acceptor


def test_gss_client(prefix):
    """MIT's gss-client, with a wrapped message and a MIC back, against our acceptor."""
    for name, options in (("gss-client", []), ("gss-client -d (delegation)", ["-d"])):
        server = our_server(prefix)
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        client = subprocess.Popen(["gss-client", "-port", str(port), *options, "127.0.0.1", "host@localhost",
                                   "hello from gss-client"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True)
        done, message = "", None
        try:
            listener.settimeout(60)
            sock, _ = listener.accept()
            sock.settimeout(60)
            recv_token(sock)                              # NOOP | CONTEXT_NEXT
            flags, token = recv_token(sock)
            server.send("TOKEN " + b64(token))
            while True:
                line = server.recv() or "ERROR no answer"
                if not line.startswith("TOKEN "):
                    done = line
                    break
                send_token(sock, TOKEN_CONTEXT, unb64(line[6:]))
            flags, data = recv_token(sock)
            if flags & TOKEN_WRAPPED:
                server.send("UNWRAP " + b64(data))
                reply = (server.recv() or "").split(" ")
                message = unb64(reply[2]) if reply[:2] == ["STATUS", SEC_E_OK] else None
            if flags & TOKEN_SEND_MIC and message:
                server.send("SIGN " + b64(message))
                send_token(sock, TOKEN_MIC, unb64((server.recv() or "SIG ").split(" ")[1]))
            recv_token(sock)                              # NOOP: the end
            sock.close()
        except (OSError, EOFError) as e:
            done = done or f"ERROR {e}"
        out = client.communicate(timeout=60)[0]
        listener.close()
        t.check(f"{name} logs on to our acceptor as {PRINCIPAL}", done.startswith("DONE ") and done.endswith(NAMED),
                done)
        if options:
            t.check(f"{name}: our acceptor got the delegated TGT",
                    done.startswith("DONE ") and int(done.split()[1], 16) & ASC_RET_DELEGATE, done)
        t.check(f"{name}: our DecryptMessage opens its wrapped message", message == b"hello from gss-client", message)
        t.check(f"{name} verifies our MakeSignature and exits 0", client.returncode == 0 and
                "Signature verified" in out, out[-500:])
        server.close()


def test_gss_server(prefix, kdc):
    """Our initiator against MIT's gss-server: a sealed message, and the MIC gss-server signs back."""
    port = free_port()
    server = subprocess.Popen(["gss-server", "-port", str(port), "-once", "-keytab", kdc.keytab, "host@localhost"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sock = None
    for _ in range(100):
        try:
            sock = socket.create_connection(("127.0.0.1", port), 1)
            break
        except OSError:
            threading.Event().wait(0.1)
    if not t.check("gss-server listens", sock):
        server.kill()
        return
    sock.settimeout(60)
    client = our_client(prefix)
    done, verified = "", ""
    try:
        send_token(sock, TOKEN_NOOP | TOKEN_CONTEXT_NEXT)
        while True:
            line = client.recv() or "ERROR no answer"
            if not line.startswith("TOKEN "):
                done = line
                break
            send_token(sock, TOKEN_CONTEXT, unb64(line[6:]))
            flags, token = recv_token(sock)    # mutual authentication: the AP-REP
            client.send("TOKEN " + b64(token))
        message = b"hello from our client"
        client.send("SEAL " + b64(message))
        sealed = (client.recv() or "").split(" ")
        send_token(sock, TOKEN_DATA | TOKEN_WRAPPED | TOKEN_ENCRYPTED | TOKEN_SEND_MIC,
                   unb64(sealed[1]) + unb64(sealed[2]))
        flags, mic = recv_token(sock)
        client.send(f"VERIFY {b64(message)} {b64(mic)}")
        verified = client.recv() or ""
        send_token(sock, TOKEN_NOOP)
    except (OSError, EOFError, IndexError) as e:
        done = done or f"ERROR {e}"
    sock.close()
    out = server.communicate(timeout=60)[0]
    t.check("our client logs on to gss-server", done.startswith("DONE "), done)
    t.check("gss-server names our client", f'Accepted connection: "{PRINCIPAL}"' in out, out[-500:])
    t.check("gss-server unwraps our EncryptMessage", 'Received message: "hello from our client"' in out, out[-500:])
    t.check("our VerifySignature accepts gss-server's MIC", verified == "STATUS " + SEC_E_OK, verified)
    client.close()


def exchange(peer, ctx, label):
    """Messages both ways between our side and python3-gssapi's, in the forms peers send them."""
    from gssapi.raw import IOV, IOVBufferType, unwrap, wrap_iov
    message = f"{label}: from the peer".encode()
    peer.send("UNWRAP " + b64(ctx.wrap(message, True).message))
    reply = (peer.recv() or "").split(" ")
    t.check(f"{label}: our DecryptMessage opens gss_wrap's token (SECBUFFER_STREAM)",
            reply[:2] == ["STATUS", SEC_E_OK] and unb64(reply[2]) == message and reply[3] == "0", reply)
    iov = IOV(IOVBufferType.header, message, std_layout=False)
    wrap_iov(ctx, iov, confidential=True)
    peer.send(f"UNSEAL {b64(iov[0].value)} {b64(iov[1].value)}")
    reply = (peer.recv() or "").split(" ")
    t.check(f"{label}: our DecryptMessage opens gss_wrap_iov's header and data",
            reply[:2] == ["STATUS", SEC_E_OK] and unb64(reply[2]) == message, reply)
    peer.send("UNWRAP " + b64(ctx.wrap(message, False).message))
    reply = (peer.recv() or "").split(" ")
    t.check(f"{label}: our DecryptMessage opens an integrity-only token, with SECQOP_WRAP_NO_ENCRYPT",
            reply[:2] == ["STATUS", SEC_E_OK] and unb64(reply[2]) == message and reply[3] == "80000001", reply)

    message = f"{label}: from us".encode()
    peer.send("SEAL " + b64(message))
    reply = (peer.recv() or "").split(" ")
    res = unwrap(ctx, unb64(reply[1]) + unb64(reply[2])) if reply[0] == "SEALED" else None
    t.check(f"{label}: gss_unwrap opens our EncryptMessage, token then data", res and res.message == message and
            res.encrypted, reply)
    peer.send(f"SEAL {b64(message)} 80000001")
    reply = (peer.recv() or "").split(" ")
    res = unwrap(ctx, unb64(reply[1]) + unb64(reply[2])) if reply[0] == "SEALED" else None
    t.check(f"{label}: gss_unwrap opens our SECQOP_WRAP_NO_ENCRYPT message, not encrypted",
            res and res.message == message and not res.encrypted and unb64(reply[2]) == message, reply)
    check_signatures(t, peer, ctx, message, label)


def test_gssapi_to_our_server(prefix):
    import gssapi
    f = gssapi.RequirementFlag
    ctx = gssapi_client()
    server = our_server(prefix)
    done = login(ctx, server)
    if t.check("python3-gssapi logs on to our acceptor, mutually", done.startswith("DONE ") and done.endswith(NAMED)
               and ctx.complete, done):
        exchange(server, ctx, "python3-gssapi initiator")
    server.close()

    for name, client_cb, server_cb, expect in (("the same channel bindings", b"tls-server-end-point:ab",
                                                "tls-server-end-point:ab", SEC_E_OK),
                                               ("other channel bindings", b"tls-server-end-point:ab",
                                                "tls-server-end-point:cd", BAD_BINDINGS),
                                               ("no client bindings", None, "tls-server-end-point:ab", SEC_E_OK)):
        ctx = gssapi_client(bindings=client_cb)
        server = our_server(prefix, extra=("--bindings", server_cb))
        done, _ = accept(server, ctx.step())
        t.check(f"python3-gssapi with {name}: {expect}", done.startswith("DONE ") if expect == SEC_E_OK else
                done == "ERROR " + expect, done)
        server.close()

    # integrity only, as an initiator asking for nothing more
    ctx = gssapi_client(flags=f.mutual_authentication | f.integrity)
    server = our_server(prefix, req="mutual,integ")
    done = login(ctx, server)
    t.check("python3-gssapi without confidentiality logs on", done.startswith("DONE "), done)
    server.close()


def test_our_client_to_gssapi(prefix):
    for label, extra in (("default credentials", ()),
                         ("an explicit identity", ("--user", USER, "--domain", REALM, "--password", PASSWORD))):
        client = our_client(prefix, extra=extra)
        done, ctx = relay_to_gssapi(client)
        if t.check(f"our client ({label}) logs on to python3-gssapi's acceptor", done.startswith("DONE ") and
                   ctx.complete and str(ctx.initiator_name) == PRINCIPAL, (done, ctx.initiator_name)):
            exchange(client, ctx, f"python3-gssapi acceptor, {label}")
        client.close()


def test_our_processes(prefix):
    """A Windows program with kinit's tickets against a server of ours in another process."""
    client, server = our_client(prefix), our_server(prefix)
    line, done = client.recv() or "", ""
    while line.startswith("TOKEN "):
        server.send(line)
        reply = server.recv() or ""
        if reply.startswith("TOKEN "):
            client.send(reply)
            reply = server.recv() or ""
        done = reply
        line = client.recv() or ""
    t.check("our client logs on to our server in another process", done.startswith("DONE ") and done.endswith(NAMED)
            and line.startswith("DONE "), (done, line))
    server.send("WHO")
    who = server.recv() or ""
    t.check("the logon session of the impersonating thread names the client", who == f"WHO {NAMED} -", who)
    client.send("SEAL " + b64(b"between two processes"))
    sealed = (client.recv() or "").split(" ")
    if len(sealed) == 3:
        server.send(f"UNSEAL {sealed[1]} {sealed[2]}")
        reply = (server.recv() or "").split(" ")
        t.check("messages between our two processes", reply[:2] == ["STATUS", SEC_E_OK] and
                unb64(reply[2]) == b"between two processes", reply)
    client.close()
    server.close()


def test_double_hop(prefix):
    """python3-gssapi delegates to our server, which, impersonating it, logs on to a second service as it."""
    import gssapi
    f = gssapi.RequirementFlag
    # the server has no tickets of its own: a hop can only be the client's
    no_tickets = {"KRB5CCNAME": "FILE:" + os.path.join(prefix.tmp, "no-such-ccache")}
    ctx = gssapi_client(flags=f.mutual_authentication | f.delegate_to_peer | f.integrity)
    server = our_server(prefix, req="mutual", env=no_tickets)
    done = login(ctx, server)
    t.check("our acceptor gets the delegated TGT", done.startswith("DONE ") and
            int(done.split()[1], 16) & ASC_RET_DELEGATE, done)
    server.send("HOP HTTP/localhost")
    hop, second = relay_to_gssapi(server, "HOP ")
    t.check("the second hop authenticates the client, not the server", hop.startswith("HOP DONE ") and
            second.complete and str(second.initiator_name) == PRINCIPAL, (hop, second.initiator_name))
    server.close()

    # without delegation the client's logon session has no tickets, whatever the server's own
    for label, env in (("", no_tickets), (" though the server has tickets of its own", None)):
        ctx = gssapi_client(flags=f.mutual_authentication)
        server = our_server(prefix, req="mutual", env=env)
        done = login(ctx, server)
        server.send("HOP HTTP/localhost")
        hop = server.recv() or ""
        t.check(f"without delegation the impersonating server has no credentials{label}",
                done.startswith("DONE ") and not (int(done.split()[1], 16) & ASC_RET_DELEGATE) and
                hop == "HOP ERROR " + NO_CREDENTIALS, (done, hop))
        server.close()


def test_tgt_refresh(prefix, kdc):
    """An explicit identity's TGT near its end is fetched again with the password, for the next context."""
    log = os.path.join(kdc.dir, "kdc.log")

    def tgts_issued():
        with open(log, errors="replace") as f:
            return sum(1 for line in f if "AS_REQ" in line and "ISSUE" in line and f"{OTHER_USER}@{REALM} for" in line)

    kdc.kadmin(f'modprinc -maxlife "4 minutes" {OTHER_USER}')
    before = tgts_issued()
    client = our_client(prefix, req="mutual", extra=("--user", OTHER_USER, "--domain", REALM,
                                                     "--password", OTHER_PASSWORD))
    first, _ = relay_to_gssapi(client)
    after_first = tgts_issued()
    client.send("AGAIN")
    second, _ = relay_to_gssapi(client, "AGAIN ")
    client.close()
    t.check("an explicit identity gets its TGT at its first handshake", first.startswith("DONE ") and
            after_first == before + 1, (first, before, after_first))
    t.check("a TGT within minutes of its end is fetched again for the next handshake",
            second.startswith("AGAIN DONE ") and tgts_issued() == after_first + 1, (second, tgts_issued()))
    kdc.kadmin(f'modprinc -maxlife "1 day" {OTHER_USER}')


def test_failures(prefix, kdc):
    import gssapi
    # a replayed AP-REQ, to a server in another process: the replay cache is on disk
    token = gssapi_client(flags=gssapi.RequirementFlag.integrity).step()
    for n, expect in ((1, "DONE "), (2, "ERROR " + LOGON_DENIED)):
        server = our_server(prefix, req="")
        done, _ = accept(server, token)
        t.check(f"an AP-REQ the {'first' if n == 1 else 'second'} time: {expect.strip()}", done.startswith(expect),
                done)
        server.close()

    # the service's keys changed since the client's ticket: our client learns it from the KRB-ERROR
    tmp = tempfile.mkdtemp(dir=prefix.tmp)
    stale, other = os.path.join(tmp, "stale.keytab"), os.path.join(tmp, "other.keytab")
    kdc.run("kvno", "host/localhost")
    kdc.export(stale, "host/localhost")
    kdc.export(other, "HTTP/localhost")
    for label, keytab, expect in (("a key of a newer kvno than the ticket's", stale, LOGON_DENIED),
                                  ("a keytab without the service", other, LOGON_DENIED)):
        ctx = gssapi_client()
        server = our_server(prefix, req="mutual,exterr", env={"KRB5_KTNAME": "FILE:" + keytab})
        done, tokens = accept(server, ctx.step())
        t.check(f"our acceptor with {label}: {expect}", done == "ERROR " + expect, done)
        t.check(f"our acceptor with {label} answers a KRB-ERROR", tokens and tokens[0][13:16] == b"\x03\x00\x7e",
                tokens)
        client, server2 = our_client(prefix, req="mutual,exterr"), our_server(prefix, req="mutual,exterr",
                                                                                env={"KRB5_KTNAME": "FILE:" + keytab})
        line = client.recv() or ""
        done, tokens = accept(server2, unb64(line[6:])) if line.startswith("TOKEN ") else (line, [])
        if tokens:
            client.send("TOKEN " + b64(tokens[0]))
        answer = client.recv() or ""
        t.check(f"our client, told so by our acceptor: {WRONG_PRINCIPAL}", answer == "ERROR " + WRONG_PRINCIPAL,
                (done, answer))
        client.close()
        server.close()
        server2.close()
    kdc.export(kdc.keytab, "host/localhost")   # the keytab the other tests use knows the new key
    shutil.rmtree(tmp, ignore_errors=True)


def test_clocks(prefix):
    """Tickets of a KDC whose clock is off: an authenticator from the future, a ticket long expired."""
    for label, offset, expect in (("a client an hour ahead", 3600, TIME_SKEW),
                                  ("a ticket that expired hours ago", -10800, CONTEXT_EXPIRED)):
        directory = tempfile.mkdtemp(dir=prefix.tmp)
        # the clients of the late KDC accept its answers and do not take its time
        skewed = KDC(directory, clockskew=300 if offset > 0 else 14400, time_offset=offset, timesync=offset > 0)
        try:
            if not t.check(f"the KDC of {label} starts", skewed.standard()):
                continue
            if offset < 0:
                skewed.kinit(USER, PASSWORD, None, "-l", "10m")
            env = dict(os.environ, **skewed.env)
            script = ("import gssapi, base64, sys; sys.stdout.write(base64.b64encode(gssapi.SecurityContext("
                      "name=gssapi.Name('host@localhost', gssapi.NameType.hostbased_service), usage='initiate', "
                      "flags=gssapi.RequirementFlag.integrity).step()).decode())")
            r = subprocess.run(["/usr/bin/python3", "-c", script], env=env, capture_output=True, text=True)
            if not t.check(f"{label}: the client makes its AP-REQ", r.returncode == 0, r.stderr[-500:]):
                continue
            server_conf = skewed.write_conf(os.path.join(directory, "server.conf"), clockskew=300)
            server = our_server(prefix, req="", env={"KRB5_CONFIG": server_conf,
                                                     "KRB5_KTNAME": "FILE:" + skewed.keytab,
                                                     "KRB5RCACHEDIR": directory})
            done, _ = accept(server, unb64(r.stdout))
            t.check(f"our acceptor refuses {label}: {expect}", done == "ERROR " + expect, done)
            server.close()
        finally:
            skewed.stop()


def test_samba_pac(prefix):
    """A Samba AD DC's service ticket carries a PAC: our server names the client DOMAIN\\user from it."""
    if not (dc := test_domain(t, prefix.tmp)):
        return
    user, password, service = "carol", "Dom-Pass-2", "websvc"
    keytab = os.path.join(prefix.tmp, "dc.keytab")
    conf = os.path.join(prefix.tmp, "dc-krb5.conf")
    try:
        if not (t.check("the test domain is provisioned", dc.provision()) and
                t.check("a domain user and a service account are created", dc.add_user(user, password) and
                        dc.add_user(service, "Svc-Pass-3")) and
                t.check("the service account has its SPN", dc.tool("spn", "add", "HTTP/dc1.sspi.test", service)) and
                t.check("its keytab is exported", dc.tool("domain", "exportkeytab", keytab,
                                                          "--principal=HTTP/dc1.sspi.test", database=False)) and
                t.check("the domain controller starts", dc.start())):
            return
        with open(conf, "w") as f:
            f.write(f"[libdefaults]\n default_realm = {dc.realm}\n dns_lookup_kdc = false\n rdns = false\n"
                    f" dns_canonicalize_hostname = false\n udp_preference_limit = 1\n"
                    f"[realms]\n {dc.realm} = {{\n  kdc = 127.0.0.1\n }}\n[domain_realm]\n dc1.sspi.test = {dc.realm}\n")
        ccache = os.path.join(prefix.tmp, "dc.ccache")
        env = dict(os.environ, KRB5_CONFIG=conf, KRB5CCNAME="FILE:" + ccache)
        r = subprocess.run(["kinit", f"{user}@{dc.realm}"], input=password + "\n", env=env, capture_output=True,
                           text=True)
        if not t.check("kinit at the domain controller", r.returncode == 0, r.stderr):
            return
        script = ("import gssapi, base64, sys; sys.stdout.write(base64.b64encode(gssapi.SecurityContext("
                  "name=gssapi.Name('HTTP@dc1.sspi.test', gssapi.NameType.hostbased_service), usage='initiate', "
                  "flags=gssapi.RequirementFlag.integrity).step()).decode())")
        r = subprocess.run(["/usr/bin/python3", "-c", script], env=env, capture_output=True, text=True)
        if not t.check("a service ticket with a PAC", r.returncode == 0, r.stderr[-500:]):
            return
        server = our_server(prefix, req="", env={"KRB5_CONFIG": conf, "KRB5_KTNAME": "FILE:" + keytab})
        done, _ = accept(server, unb64(r.stdout))
        t.check(f"the PAC names the client {dc.domain}\\{user}", done.lower().endswith(f"{dc.domain}\\{user}".lower())
                and done.startswith("DONE "), done)
        r = subprocess.run(["samba-tool", "user", "show", user, "-s", dc.conf, "-H",
                            os.path.join(dc.dir, "private", "sam.ldb")], capture_output=True, text=True)
        sid = re.search(r"^objectSid: (S-[0-9-]+)$", r.stdout, re.M)
        server.send("WHO")
        who = server.recv() or ""
        t.check("the client's logon session has the domain's name and the SID of the PAC",
                sid and who.lower() == f"who {dc.domain}\\{user} {sid.group(1)}".lower(), (who, sid))
        server.close()
    finally:
        dc.stop()


with tempfile.TemporaryDirectory(prefix="sspi-krb-") as tmp, KDC(os.path.join(tmp, "kdc")) as realm_kdc:
    if not t.check("the test KDC starts with its principals", realm_kdc.standard()):
        t.summary()
    os.environ.update(realm_kdc.env)
    with Prefix() as prefix:
        run_conformance(t, prefix, "kerberos")
        test_gss_client(prefix)
        test_gss_server(prefix, realm_kdc)
        test_gssapi_to_our_server(prefix)
        test_our_client_to_gssapi(prefix)
        test_our_processes(prefix)
        test_double_hop(prefix)
        test_tgt_refresh(prefix, realm_kdc)
        test_failures(prefix, realm_kdc)
        test_clocks(prefix)
        test_samba_pac(prefix)
t.summary()
