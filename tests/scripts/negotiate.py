#!/usr/bin/python3
"""Negotiate against peers this project did not write, on loopback, through a
throwaway MIT KDC (tests/interop/kdc.py). The conformance test in the realm;
our server (sspiserver.exe --auth Negotiate, sspipeer.exe --server) against
curl --negotiate with Kerberos and with NTLM (gss-ntlmssp), python3-gssapi's
SPNEGO initiator with each mechanism, and Samba's gss-spnego-client; our
client (sspipeer.exe) against python3-gssapi's SPNEGO acceptor, Samba's
gss-spnego server and Apache with mod_auth_gssapi; and Wine's WinHTTP,
which calls our secur32, against Apache."""
import http.client
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "interop"))
from harness import (BUILD, TOP, Checks, Peer, Prefix, b64, check_signatures, drive, free_port,  # noqa: E402
                     run_conformance, start_sspiserver, unb64, wait_listening)
from kdc import KDC, PASSWORD, REALM, USER  # noqa: E402

t = Checks("negotiate")
PRINCIPAL = f"{USER}@{REALM}"
SPNEGO_OID, NTLM_OID = "1.3.6.1.5.5.2", "1.3.6.1.4.1.311.2.2.10"
ACCEPT_COMPLETED = b"\x0a\x01\x00"     # negState accept-completed, as DER



def ntlm_env(prefix):
    """gss-ntlmssp's users: the one account, for clients and acceptors alike."""
    users = os.path.join(prefix.tmp, "ntlm_users")
    with open(users, "w") as f:
        f.write(f"WORKGROUP:{USER}:{PASSWORD}\n")
    return {"NTLM_USER_FILE": users, "KRB5CCNAME": "FILE:" + os.path.join(prefix.tmp, "no-ccache")}


def check_wrapping(peer, ctx, label):
    """EncryptMessage and DecryptMessage of a stream, against gss_wrap and gss_unwrap, both ways, twice."""
    for i in range(2):
        message = f"{label}: message {i} from the peer".encode()
        peer.send("UNWRAP " + b64(ctx.wrap(message, True).message))
        reply = (peer.recv() or "").split(" ")
        t.check(f"{label}: our DecryptMessage opens gss_wrap's message {i}",
                reply[:2] == ["STATUS", "00000000"] and unb64(reply[2]) == message, reply)
        message = f"{label}: message {i} from us".encode()
        peer.send("SEAL " + b64(message))
        reply = (peer.recv() or "").split(" ")
        res = ctx.unwrap(unb64(reply[1]) + unb64(reply[2])) if reply[0] == "SEALED" else None
        t.check(f"{label}: gss_unwrap opens our EncryptMessage {i}", res and res.message == message and res.encrypted,
                reply)
    check_signatures(t, peer, ctx, f"{label}: signed".encode(), label)


def spnego_creds(usage, mechs):
    """python3-gssapi credentials of SPNEGO that offer only MECHS."""
    import gssapi
    creds = gssapi.Credentials(usage=usage, mechs=[gssapi.OID.from_int_seq(SPNEGO_OID)])
    gssapi.raw.set_neg_mechs(creds, mechs)
    return creds


def mech_oids(which):
    import gssapi
    return [gssapi.MechType.kerberos] if which == "krb5" else [gssapi.OID.from_int_seq(NTLM_OID)]


def spnego_initiator(which):
    import gssapi
    f = gssapi.RequirementFlag
    return gssapi.SecurityContext(name=gssapi.Name("host@localhost", gssapi.NameType.hostbased_service),
                                  creds=spnego_creds("initiate", mech_oids(which)), usage="initiate",
                                  mech=gssapi.OID.from_int_seq(SPNEGO_OID),
                                  flags=f.mutual_authentication | f.integrity | f.confidentiality)


def our_server(prefix, env=None, extra=()):
    return prefix.start("tests/sspipeer.exe", "--package", "Negotiate", "--server", "--req", "conf,integ", *extra,
                        env=env)


def our_client(prefix, target="host/localhost", extra=(), env=None):
    return prefix.start("tests/sspipeer.exe", "--package", "Negotiate", "--target", target, "--req", "conf,integ",
                        *extra, env=env)


def with_env(env, fn):
    """FN() with ENV in this process's environment (python3-gssapi reads it), restored after."""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        return fn()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def test_gssapi_to_our_server(prefix):
    """python3-gssapi's SPNEGO initiator, with Kerberos and with NTLM, logs on to our server; messages after."""
    for which, env, named in (("krb5", {}, f"{REALM}\\{USER}"), ("ntlm", ntlm_env(prefix), f"\\{USER}")):
        def run():
            ctx = spnego_initiator(which)
            server = our_server(prefix, env=env)
            done = drive(server, ctx.step)
            if t.check(f"python3-gssapi's SPNEGO/{which} logs on to our server", done.startswith("DONE ") and
                       done.lower().endswith(named.lower()) and ctx.complete, (done, ctx.complete)):
                check_wrapping(server, ctx, f"SPNEGO/{which}, our server")
            server.close()
        with_env(env, run)


def test_gssapi_to_our_client(prefix):
    """Our client logs on to python3-gssapi's SPNEGO acceptor; one that does only NTLM makes it change mechanisms."""
    import gssapi
    for which, env in (("krb5", {}), ("ntlm", ntlm_env(prefix))):
        def run():
            acceptor = gssapi.SecurityContext(creds=spnego_creds("accept", mech_oids(which)), usage="accept")
            client = our_client(prefix, extra=("--user", USER, "--password", PASSWORD), env=env)
            done = drive(client, acceptor.step)
            if t.check(f"our client logs on to python3-gssapi's SPNEGO/{which} acceptor", done.startswith("DONE ") and
                       acceptor.complete and USER in str(acceptor.initiator_name).lower(),
                       (done, acceptor.complete, acceptor.initiator_name)):
                check_wrapping(client, acceptor, f"SPNEGO/{which}, our client")
            client.close()
        with_env(env, run)


def test_kerberos_mics(prefix):
    """Kerberos that is not the client's first choice: mechListMICs both ways, around the AP-REP.
    python3-gssapi offers NTLM first to our server that has only Kerberos; and a server after
    Windows' manner (python3-gssapi's krb5 acceptor in hand-made SPNEGO) sends its MIC with the
    AP-REP to our client."""
    import gssapi
    env = ntlm_env(prefix)
    env.pop("KRB5CCNAME")

    def ours_accepts():
        ctx = gssapi.SecurityContext(name=gssapi.Name("host@localhost", gssapi.NameType.hostbased_service),
                                     creds=spnego_creds("initiate", mech_oids("ntlm") + mech_oids("krb5")),
                                     usage="initiate", mech=gssapi.OID.from_int_seq(SPNEGO_OID),
                                     flags=gssapi.RequirementFlag.mutual_authentication |
                                     gssapi.RequirementFlag.integrity | gssapi.RequirementFlag.confidentiality)
        server = our_server(prefix, extra=("--packages", "kerberos"))
        done = drive(server, ctx.step)
        if t.check("our Kerberos-only server, NTLM offered first: mechListMICs both ways", done.startswith("DONE ")
                   and ctx.complete, (done, ctx.complete)):
            check_wrapping(server, ctx, "SPNEGO/krb5 after mechListMICs, our server")
        server.close()
    with_env(env, ours_accepts)

    client = our_client(prefix)
    line = client.recv() or ""
    init = unb64(line[6:]) if line.startswith("TOKEN ") else b""
    mech_list, token = negtokeninit_parts(init)
    acceptor = gssapi.SecurityContext(creds=gssapi.Credentials(usage="accept", mechs=mech_oids("krb5")),
                                      usage="accept")
    ap_rep = acceptor.step(token) if token else None
    mic = acceptor.get_signature(mech_list) if acceptor.complete else b""
    client.send("TOKEN " + b64(negtokenresp(1, KRB5_MS_OID_DER, ap_rep or b"", mic)))
    line = client.recv() or ""
    ours = negtokenresp_mic(unb64(line[6:])) if line.startswith("TOKEN ") else None
    try:
        acceptor.verify_signature(mech_list, ours or b"")
        verified = True
    except Exception as e:  # noqa: BLE001 - any failure is the finding
        verified = e
    done = client.recv() or ""
    t.check("our client checks a server's MIC that came with the AP-REP, and answers with its own",
            done.startswith("DONE ") and verified is True, (line[:60], done, verified))
    if done.startswith("DONE "):
        check_wrapping(client, acceptor, "SPNEGO/krb5 after mechListMICs, our client")
    client.close()


KRB5_MS_OID_DER = bytes.fromhex("06092a864882f712010202")


def der(tag, body):
    n = len(body)
    if n < 0x80:
        return bytes([tag, n]) + body
    size = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(size)]) + size + body


def tlv(buf, pos):
    """The tag, the body's start and end, of the element at POS."""
    tag, n, pos = buf[pos], buf[pos + 1], pos + 2
    if n & 0x80:
        count, n = n & 0x7f, int.from_bytes(buf[pos:pos + (n & 0x7f)], "big")
        pos += count
    return tag, pos, pos + n


def negtokeninit_parts(token):
    """The MechTypeList (tag and all) and the mechToken of a NegTokenInit."""
    _, body, _ = tlv(token, 0)
    _, _, oid_end = tlv(token, body)
    _, pos, _ = tlv(token, oid_end)           # [0]
    _, pos, end = tlv(token, pos)             # SEQUENCE
    mech_list, mech_token = b"", b""
    while pos < end:
        tag, start, stop = tlv(token, pos)
        if tag == 0xa0:
            mech_list = token[start:stop]
        elif tag == 0xa2:
            _, s2, e2 = tlv(token, start)
            mech_token = token[s2:e2]
        pos = stop
    return mech_list, mech_token


def negtokenresp(state, mech, token, mic):
    body = der(0xa0, der(0x0a, bytes([state]))) + der(0xa1, mech) + der(0xa2, der(0x04, token)) + \
        (der(0xa3, der(0x04, mic)) if mic else b"")
    return der(0xa1, der(0x30, body))


def negtokenresp_mic(token):
    _, pos, _ = tlv(token, 0)
    _, pos, end = tlv(token, pos)
    while pos < end:
        tag, start, stop = tlv(token, pos)
        if tag == 0xa3:
            _, s2, e2 = tlv(token, start)
            return token[s2:e2]
        pos = stop
    return None


def samba_client(which_features):
    args = ["ntlm_auth", "--helper-protocol=gss-spnego-client", f"--username={USER}", f"--password={PASSWORD}",
            "--domain=WORKGROUP"]
    helper = Peer(args)
    if which_features:
        helper.send("SF NTLMSSP_FEATURE_SIGN NTLMSSP_FEATURE_SEAL NTLMSSP_FEATURE_SESSION_KEY")
        helper.recv()
    return helper


def test_samba_to_our_server(prefix):
    """Samba's gss-spnego-client, with and without a mechListMIC (signing), logs on to our server."""
    for features, label in ((True, "signing, with mechListMICs"), (False, "without signing")):
        helper = samba_client(features)
        server = our_server(prefix)
        helper.send("YR")
        line = helper.recv() or ""
        done = ""
        while line[:2] in ("YR", "KK") and len(line) > 3:
            server.send("TOKEN " + line[3:])
            reply = server.recv() or ""
            if not reply.startswith("TOKEN "):
                done = reply
                break
            helper.send("TT " + reply[6:])
            line = helper.recv() or ""
        if not done:
            done = server.recv() or ""
        t.check(f"Samba's gss-spnego-client ({label}) logs on to our server", done.startswith("DONE ") and
                line.startswith("AF"), (done, line))
        helper.close()
        server.close()


def test_samba_to_our_client(prefix):
    """Our client logs on to Samba's gss-spnego server (NTLM only): it answers request-mic, and we change."""
    helper = Peer(["ntlm_auth", "--helper-protocol=gss-spnego", f"--password={PASSWORD}"])
    client = our_client(prefix, extra=("--user", USER, "--password", PASSWORD))
    line, answer, first = client.recv() or "", "", True
    while line.startswith("TOKEN "):
        helper.send(("YR " if first else "KK ") + line[6:])
        first = False
        answer = helper.recv() or ""
        parts = answer.split(" ")
        if parts[0] not in ("TT", "AF") or len(parts) < 2:
            break
        if parts[1] != "*":
            client.send("TOKEN " + parts[1])
        elif parts[0] == "AF":
            break
        line = client.recv() or ""
    done = line if line.startswith("DONE") else client.recv() or ""
    t.check("our client logs on to Samba's gss-spnego server", answer.startswith("AF ") and
            answer.lower().endswith(f"\\{USER}") and done.startswith("DONE "), (answer, done))
    helper.close()
    client.close()


def curl(url, port, env=None):
    r = subprocess.run(["curl", "-sv", "--negotiate", "-u", ":", "--resolve", f"localhost:{port}:127.0.0.1", url],
                       capture_output=True, text=True, timeout=60, env=dict(os.environ, **(env or {})))
    return r.stdout, r.stderr


def final_token(verbose):
    """The token of the WWW-Authenticate: Negotiate of a 200, from curl -v."""
    m = re.search(r"^< HTTP/1\.1 200.*?^< WWW-Authenticate: Negotiate (\S+)", verbose, re.M | re.S)
    return unb64(m.group(1)) if m else b""


def test_curl(prefix):
    """curl --negotiate logs on to sspiserver --auth Negotiate with Kerberos, and with NTLM through gss-ntlmssp."""
    server, port = start_sspiserver(prefix, auth="Negotiate")
    if not t.check("sspiserver --auth Negotiate listens", port):
        return
    url = f"http://localhost:{port}/"
    body, verbose = curl(url, port)
    t.check("curl --negotiate with Kerberos gets in", f"user: {REALM}\\{USER}".lower() in body.lower(),
            (body, verbose[-800:]))
    token = final_token(verbose)
    t.check("the 200 carries our last token: accept-completed and the AP-REP", token[:1] == b"\xa1" and
            ACCEPT_COMPLETED in token[:12] and b"\x02\x00\x6f" in token, token[:40])
    body, verbose = curl(url, port, env=ntlm_env(prefix))
    t.check("curl --negotiate with NTLM (gss-ntlmssp) gets in", f"\\{USER}" in body.lower(), (body, verbose[-800:]))
    token = final_token(verbose)
    t.check("the 200 carries our mechListMIC", token[:1] == b"\xa1" and b"\xa3\x12\x04\x10" in token, token)
    server.close()


APACHE_CONF = """ServerRoot "{dir}"
ServerName localhost
Listen 127.0.0.1:{port}
PidFile {dir}/httpd.pid
ErrorLog {dir}/error.log
LogLevel warn
DefaultRuntimeDir {dir}
Mutex file:{dir} default
LoadModule mpm_prefork_module {mods}/mod_mpm_prefork.so
LoadModule authn_core_module {mods}/mod_authn_core.so
LoadModule authz_core_module {mods}/mod_authz_core.so
LoadModule authz_user_module {mods}/mod_authz_user.so
LoadModule auth_gssapi_module {mods}/mod_auth_gssapi.so
LoadModule headers_module {mods}/mod_headers.so
DocumentRoot "{dir}/htdocs"
KeepAlive On
<Location /krb5>
    AuthType GSSAPI
    AuthName "Kerberos"
    GssapiAllowedMech krb5
    GssapiBasicAuth Off
    Require valid-user
    Header always set X-Remote-User "expr=%{{REMOTE_USER}}"
</Location>
<Location /ntlm>
    AuthType GSSAPI
    AuthName "NTLM"
    GssapiAllowedMech ntlmssp
    GssapiConnectionBound On
    GssapiBasicAuth Off
    Require valid-user
    Header always set X-Remote-User "expr=%{{REMOTE_USER}}"
</Location>
"""


class Apache:
    """Apache with mod_auth_gssapi in the foreground, unprivileged: /krb5 with the keytab, /ntlm with gss-ntlmssp."""

    def __init__(self, tmp, env):
        self.dir = tempfile.mkdtemp(dir=tmp)
        self.port = free_port()
        self.env = env
        for sub in ("krb5", "ntlm"):
            os.makedirs(os.path.join(self.dir, "htdocs", sub))
            with open(os.path.join(self.dir, "htdocs", sub, "index.html"), "w") as f:
                f.write("hello\n")
        with open(os.path.join(self.dir, "httpd.conf"), "w") as f:
            f.write(APACHE_CONF.format(dir=self.dir, port=self.port, mods="/usr/lib/apache2/modules"))
        self.proc = None

    def start(self):
        cmd = ["apache2", "-X", "-f", os.path.join(self.dir, "httpd.conf")]
        # its own copies of the keytab, the users and krb5.conf, which it can read whoever it runs as
        for key in ("KRB5_KTNAME", "NTLM_USER_FILE", "KRB5_CONFIG"):
            path = self.env.get(key, "").replace("FILE:", "")
            if path and os.path.exists(path):
                copy = os.path.join(self.dir, key.lower())
                shutil.copy(path, copy)
                self.env[key] = ("FILE:" if key == "KRB5_KTNAME" else "") + copy
        self.env["KRB5RCACHEDIR"] = self.dir
        if os.getuid() == 0:
            # Apache will not serve as root: what it reads and writes is nobody's
            for root, dirs, files in os.walk(self.dir):
                for name in dirs + files:
                    shutil.chown(os.path.join(root, name), "nobody", "nogroup")
            shutil.chown(self.dir, "nobody", "nogroup")
            os.chmod(os.path.dirname(self.dir), 0o755)
            cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] + cmd
        self.proc = subprocess.Popen(cmd, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        return wait_listening(self.port, self.proc, 10)

    def log(self):
        with open(os.path.join(self.dir, "error.log"), errors="replace") as f:
            return f.read()[-1500:]

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(10)


def http_login(client, port, path):
    """Our client's tokens in Authorization headers of one connection to Apache, its answers back; the
    last response's status, and the client's last line."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    line, status = client.recv() or "", 0
    while line.startswith("TOKEN "):
        conn.request("GET", path, headers={"Host": "localhost", "Authorization": "Negotiate " + line[6:]})
        resp = conn.getresponse()
        resp.read()
        status = resp.status
        answer = (resp.getheader("WWW-Authenticate") or "").split(" ")
        if len(answer) < 2 or answer[0] != "Negotiate":
            break
        client.send("TOKEN " + answer[1])  # the 200's last token too: mutual authentication
        line = client.recv() or ""
    conn.close()
    return status, line


def test_apache(prefix, kdc):
    """Our client, and Wine's WinHTTP through our stack, log on to Apache with mod_auth_gssapi."""
    env = dict(os.environ, **ntlm_env(prefix))
    env["KRB5_KTNAME"] = kdc.env["KRB5_KTNAME"]
    apache = Apache(prefix.tmp, env)
    if not t.check("Apache with mod_auth_gssapi starts", apache.start(), apache.log()):
        return
    client = our_client(prefix, target="HTTP/localhost")
    status, line = http_login(client, apache.port, "/krb5/index.html")
    t.check("our client logs on to Apache with Kerberos and checks its AP-REP", status == 200 and
            line.startswith("DONE "), (status, line, apache.log()))
    client.close()
    client = our_client(prefix, target="HTTP/localhost", extra=("--user", USER, "--password", PASSWORD,
                                                                "--packages", "ntlm"))
    status, line = http_login(client, apache.port, "/ntlm/index.html")
    t.check("our client logs on to Apache with NTLM and checks its mechListMIC", status == 200 and
            line.startswith("DONE "), (status, line, apache.log()))
    client.close()

    out = subprocess.run([os.path.join(TOP, "wine"), os.path.join(BUILD, "tests", "winhttp_client.exe"), "localhost",
                          str(apache.port), "/ntlm/index.html", f"WORKGROUP\\{USER}", PASSWORD],
                         env=prefix.env, capture_output=True, text=True, timeout=120).stdout.replace("\r", "")
    t.check("Wine's WinHTTP logs on to Apache with Negotiate through our stack", "STATUS 200" in out, out[-1000:])
    apache.stop()


with tempfile.TemporaryDirectory(prefix="sspi-nego-") as tmp, KDC(os.path.join(tmp, "kdc")) as realm_kdc:
    if not t.check("the test KDC starts with its principals", realm_kdc.standard()):
        t.summary()
    os.environ.update(realm_kdc.env)
    with Prefix() as prefix:
        prefix.add_user(USER, PASSWORD)
        prefix.add_user(pwd.getpwuid(os.getuid()).pw_name, PASSWORD)  # default credentials: the logged-on user's
        run_conformance(t, prefix, "negotiate")
        test_gssapi_to_our_server(prefix)
        test_gssapi_to_our_client(prefix)
        test_kerberos_mics(prefix)
        test_samba_to_our_server(prefix)
        test_samba_to_our_client(prefix)
        test_curl(prefix)
        test_apache(prefix, realm_kdc)
t.summary()
