#!/usr/bin/python3
"""NTLM against peers this project did not write, on loopback.
Server side: sspiserver.exe under ./wine with curl --ntlm, Samba's ntlm_auth
client, python3-ntlm-auth, impacket and npm httpntlm; sspipeer.exe's
acceptor with python3-ntlm-auth's and gss-ntlmssp's sealing. Client side:
sspipeer.exe against ntlm_auth's squid helper and gss-ntlmssp's acceptor."""
import http.client
import os
import subprocess
import sys

# python3-ntlm-auth and impacket need MD4 from OpenSSL's legacy provider
HERE = os.path.dirname(os.path.abspath(__file__))
if "OPENSSL_CONF" not in os.environ:
    os.environ["OPENSSL_CONF"] = os.path.join(HERE, "..", "interop", "openssl-legacy.cnf")
    os.execv(sys.executable, [sys.executable] + sys.argv)
sys.path.insert(0, os.path.join(HERE, "..", "interop"))
from harness import (BUILD, Checks, Peer, Prefix, b64, check_signatures, drive, start_sspiserver,  # noqa: E402
                     test_domain, unb64)

USER, PASSWORD, DOMAIN = "alice", "Secret-1", "WORKGROUP"
NTLM_OID = "1.3.6.1.4.1.311.2.2.10"
t = Checks("ntlm")


def http_login(port, step):
    """The NTLM handshake over one keep-alive connection; STEP maps the
    server's challenge (None at first) to the next token. Returns (status, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    token = step(None)
    try:
        while True:
            conn.request("GET", "/", headers={"Authorization": "NTLM " + b64(token)})
            resp = conn.getresponse()
            body = resp.read().decode()
            offer = resp.getheader("WWW-Authenticate") or ""
            if resp.status != 401 or not offer.startswith("NTLM "):
                return resp.status, body
            token = step(unb64(offer[5:]))
    finally:
        conn.close()


def authenticated(result, user=USER):
    status, body = result
    return status == 200 and ("\\" + user + "\n") in body.split("impersonated")[0]


def curl(port, password, user=USER):
    out = subprocess.run(["curl", "-s", "--ntlm", "-u", f"{user}:{password}", "-w", "\n%{http_code}",
                          f"http://127.0.0.1:{port}/"], capture_output=True, text=True, timeout=60).stdout
    body, _, code = out.rpartition("\n")
    return int(code or 0), body + "\n"


def samba_client(port, password):
    helper = Peer(["ntlm_auth", "--helper-protocol=ntlmssp-client-1", f"--username={USER}",
                   f"--password={password}", f"--domain={DOMAIN}"])

    def step(challenge):
        helper.send("YR" if challenge is None else "TT " + b64(challenge))
        reply = helper.recv() or ""
        return unb64(reply.split(" ", 1)[1]) if reply[:2] in ("YR", "KK", "AF") and " " in reply else b""
    try:
        return http_login(port, step)
    finally:
        helper.close()


def python_ntlm_auth_client(port, password):
    from ntlm_auth.ntlm import NtlmContext
    ctx = NtlmContext(USER, password, DOMAIN, "PYTHON", ntlm_compatibility=3)
    return http_login(port, ctx.step)


def impacket_client(port, password):
    from impacket import ntlm
    negotiate = ntlm.getNTLMSSPType1("IMPACKET", "", signingRequired=True)

    def step(challenge):
        if challenge is None:
            return negotiate.getData()
        authenticate, _ = ntlm.getNTLMSSPType3(negotiate, challenge, USER, password, DOMAIN)
        return authenticate.getData()
    return http_login(port, step)


def httpntlm_client(port, password):
    node_path = os.path.join(BUILD, "npm", "node_modules")
    out = subprocess.run(["node", os.path.join(HERE, "..", "interop", "httpntlm.js"), f"http://127.0.0.1:{port}/",
                          USER, password, DOMAIN], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, NODE_PATH=node_path)).stdout
    code, _, body = out.partition("\n")
    return int(code) if code.isdigit() else 0, body


def test_server(prefix):
    server, port = start_sspiserver(prefix)
    if not t.check("sspiserver listens", port):
        return
    clients = [("curl --ntlm", curl), ("Samba ntlm_auth", samba_client),
               ("python3-ntlm-auth", python_ntlm_auth_client), ("impacket", impacket_client),
               ("npm httpntlm", httpntlm_client)]
    for name, client in clients:
        result = client(port, PASSWORD)
        t.check(f"{name}: the right password gets 200 with the user", authenticated(result), result)
        result = client(port, "wrong")
        t.check(f"{name}: a wrong password gets 401", result[0] == 401, result)
    for name, value in (("bad base64", "NTLM !!!!"), ("garbage token", "NTLM " + b64(os.urandom(300))),
                        ("truncated NEGOTIATE", "NTLM " + b64(b"NTLMSSP\0\1\0\0\0")),
                        ("AUTHENTICATE out of turn", "NTLM " + b64(b"NTLMSSP\0\3\0\0\0" + bytes(80))),
                        ("no token", "NTLM")):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", "/", headers={"Authorization": value})
        resp = conn.getresponse()
        resp.read()
        conn.close()
        t.check(f"hostile Authorization ({name}) gets 401", resp.status == 401, resp.status)
    result = curl(port, PASSWORD)
    t.check("the server still serves after hostile requests", authenticated(result), result)
    server.close()
    log = []
    while (line := server.recv(1)) is not None:
        log.append(line)
    t.check("sspiserver logged the authenticated user", any(line.endswith("\\" + USER) for line in log), log)


def our_server(prefix, req="conf,integ,replay,sequence"):
    return prefix.start("tests/sspipeer.exe", "--package", "NTLM", "--server", "--req", req)


def exchange_sealed(peer, wrap, unwrap, label):
    """Messages both ways: the peer's WRAP (header + data) to our
    DecryptMessage, our EncryptMessage to the peer's UNWRAP."""
    for i in range(3):
        message = f"message {i} from the peer".encode()
        sealed = wrap(message)
        peer.send(f"UNSEAL {b64(sealed[:16])} {b64(sealed[16:])}")
        reply = (peer.recv() or "").split(" ")
        t.check(f"{label}: our DecryptMessage opens the peer's message {i}",
                reply[:2] == ["STATUS", "00000000"] and unb64(reply[2]) == message, reply)
        message = f"message {i} from us".encode()
        peer.send("SEAL " + b64(message))
        reply = (peer.recv() or "").split(" ")
        ok = reply[0] == "SEALED"
        t.check(f"{label}: the peer opens our EncryptMessage {i}",
                ok and unwrap(unb64(reply[1]) + unb64(reply[2])) == message, reply)


def test_python_ntlm_auth_to_our_server(prefix):
    from ntlm_auth.ntlm import NtlmContext
    ctx = NtlmContext(USER, PASSWORD, DOMAIN, "PYTHON", ntlm_compatibility=3)
    peer = our_server(prefix)
    done = drive(peer, lambda challenge: ctx.step(challenge) if challenge is not None else ctx.step())
    if t.check("python3-ntlm-auth logs on to our acceptor", done.startswith("DONE ") and done.endswith("\\" + USER),
               done):
        exchange_sealed(peer, ctx.wrap, ctx.unwrap, "python3-ntlm-auth")
    peer.close()


def gss_ntlmssp_env(prefix):
    users = os.path.join(prefix.tmp, "ntlm_users")
    with open(users, "w") as f:
        f.write(f"{DOMAIN}:{USER}:{PASSWORD}\n")
    os.environ["NTLM_USER_FILE"] = users


def gss_wrap(ctx):
    return lambda data: ctx.wrap(data, True).message


def gss_unwrap(ctx):
    return lambda data: ctx.unwrap(data).message


def test_gss_ntlmssp_to_our_server(prefix):
    import gssapi
    mech = gssapi.OID.from_int_seq(NTLM_OID)
    name = gssapi.Name(f"{DOMAIN}\\{USER}", gssapi.NameType.user)
    creds = gssapi.Credentials(gssapi.raw.acquire_cred_with_password(name, PASSWORD.encode(), usage="initiate",
                                                                     mechs=[mech]).creds)
    ctx = gssapi.SecurityContext(name=gssapi.Name("host@server", gssapi.NameType.hostbased_service),
                                 creds=creds, mech=mech, usage="initiate",
                                 flags=gssapi.RequirementFlag.confidentiality | gssapi.RequirementFlag.integrity)
    peer = our_server(prefix)
    done = drive(peer, lambda token: ctx.step(token))
    if t.check("gss-ntlmssp logs on to our acceptor", done.startswith("DONE ") and done.endswith("\\" + USER), done):
        exchange_sealed(peer, gss_wrap(ctx), gss_unwrap(ctx), "gss-ntlmssp initiator")
    peer.close()


def our_client(prefix, password, req="conf,integ,replay,sequence", user=USER, domain=DOMAIN):
    return prefix.start("tests/sspipeer.exe", "--package", "NTLM", "--user", user, "--domain", domain,
                        "--password", password, "--target", "host/server", "--req", req)


def test_our_client_to_samba(prefix):
    for password, expect in ((PASSWORD, "AF"), ("wrong", "NA")):
        helper = Peer(["ntlm_auth", "--helper-protocol=squid-2.5-ntlmssp", f"--password={PASSWORD}"])
        peer = our_client(prefix, password)
        negotiate = peer.recv() or ""
        helper.send("YR " + negotiate[6:])
        challenge = helper.recv() or ""
        peer.send("TOKEN " + challenge[3:])
        authenticate = peer.recv() or ""
        helper.send("KK " + authenticate[6:])
        verdict = helper.recv() or ""
        t.check(f"ntlm_auth squid helper answers {expect} to our client with {'the right' if expect == 'AF' else 'a wrong'}"
                " password", negotiate.startswith("TOKEN ") and challenge.startswith("TT ") and
                verdict.startswith(expect), (negotiate[:20], challenge[:20], verdict))
        peer.close()
        helper.close()


def test_our_client_to_gss_ntlmssp(prefix):
    import gssapi
    mech = gssapi.OID.from_int_seq(NTLM_OID)
    for password in (PASSWORD, "wrong"):
        creds = gssapi.Credentials(usage="accept", mechs=[mech])
        ctx = gssapi.SecurityContext(creds=creds, usage="accept")
        peer = our_client(prefix, password)
        error = None

        def step(token):
            nonlocal error
            try:
                return ctx.step(token)
            except gssapi.exceptions.GSSError as e:
                error = e
                return None
        done = drive(peer, step)
        if password != PASSWORD:
            t.check("gss-ntlmssp rejects our client's wrong password", error is not None and not ctx.complete, done)
            peer.close()
            continue
        if not t.check("gss-ntlmssp accepts our client", ctx.complete and done.startswith("DONE "), (done, error)):
            peer.close()
            continue
        t.check("gss-ntlmssp sees our user", str(ctx.initiator_name).rstrip("\0 ").lower().endswith(USER), ctx.initiator_name)
        exchange_sealed(peer, gss_wrap(ctx), gss_unwrap(ctx), "gss-ntlmssp acceptor")
        for i in range(2):
            check_signatures(t, peer, ctx, f"signed {i}".encode(), f"gss-ntlmssp acceptor, message {i}")
        peer.close()


DOMAIN_USER, DOMAIN_PASSWORD = "bob", "Dom-Pass-1"
PASS_THROUGH_KEY = r"HKLM\System\CurrentControlSet\Control\Lsa\MSV1_0"


def our_pair(prefix, user, domain, password):
    """Our client against our server, through the whole handshake and sealed messages both ways."""
    client, server = our_client(prefix, password, user=user, domain=domain), our_server(prefix)
    done = ""
    while True:
        line = client.recv() or ""
        if not line.startswith("TOKEN "):
            break
        server.send(line)
        reply = server.recv() or ""
        if reply.startswith("DONE ") or not reply.startswith("TOKEN "):
            done = reply
            break
        client.send(reply)
    sealed_ok = False
    if done.startswith("DONE ") and (client.recv() or "").startswith("DONE "):
        client.send("SEAL " + b64(b"sealed with the DC's key"))
        reply = (client.recv() or "").split(" ")
        if reply[0] == "SEALED":
            server.send(f"UNSEAL {reply[1]} {reply[2]}")
            answer = (server.recv() or "").split(" ")
            sealed_ok = answer[:2] == ["STATUS", "00000000"] and unb64(answer[2]) == b"sealed with the DC's key"
    client.close()
    server.close()
    return done, sealed_ok


def test_pass_through(prefix):
    """Domain accounts validated by a Samba AD DC through winbind."""
    if not (dc := test_domain(t, prefix.tmp)):
        return
    try:
        if not (t.check("the test domain is provisioned", dc.provision()) and
                t.check("a domain user is created", dc.add_user(DOMAIN_USER, DOMAIN_PASSWORD)) and
                t.check("the domain controller and its winbind start", dc.start())):
            return
        full = f"{dc.domain}\\{DOMAIN_USER}"
        server, port = start_sspiserver(prefix)
        result = curl(port, DOMAIN_PASSWORD, full)
        t.check("without pass-through a domain account gets 401", result[0] == 401, result)
        server.close()

        t.check("pass-through switched on", prefix.run("reg", "add", PASS_THROUGH_KEY, "/v", "WinbindPassThrough",
                                                       "/t", "REG_DWORD", "/d", "1", "/f") == 0)
        server, port = start_sspiserver(prefix)
        result = curl(port, DOMAIN_PASSWORD, full)
        t.check("curl --ntlm: the domain validates the right password", result[0] == 200 and
                f"user: {dc.domain}\\{DOMAIN_USER}\n".lower() in result[1].lower(), result)
        result = curl(port, "wrong", full)
        t.check("curl --ntlm: the domain refuses a wrong password", result[0] == 401, result)
        result = curl(port, PASSWORD)
        t.check("curl --ntlm: local accounts still log on", authenticated(result), result)
        server.close()

        done, sealed = our_pair(prefix, DOMAIN_USER, dc.domain, DOMAIN_PASSWORD)
        t.check("our client logs on to our server as a domain user", done.lower().endswith(full.lower()), done)
        t.check("sealing works with the session key the domain gave", sealed)
        done, _ = our_pair(prefix, DOMAIN_USER, dc.domain, "wrong")
        t.check("a wrong domain password is refused", done.startswith("ERROR 8009030c"), done)
    finally:
        prefix.run("reg", "delete", PASS_THROUGH_KEY, "/v", "WinbindPassThrough", "/f")
        dc.stop()


with Prefix() as prefix:
    prefix.add_user(USER, PASSWORD)
    test_server(prefix)
    test_python_ntlm_auth_to_our_server(prefix)
    gss_ntlmssp_env(prefix)
    test_gss_ntlmssp_to_our_server(prefix)
    test_our_client_to_samba(prefix)
    test_our_client_to_gss_ntlmssp(prefix)
    test_pass_through(prefix)
t.summary()
