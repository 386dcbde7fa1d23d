"""Interop tests in the Wine test framework's terms, for the scripts of
tests/scripts: checks, a private Wine prefix with accounts, our programs
under ./wine, and line-protocol peers. Run from the top of the build tree."""
import base64
import os
import queue
import re
import signal
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

TOP = os.getcwd()
BUILD = os.path.join(TOP, "build")
SSPIUSER = os.path.join(BUILD, "native", "sspiuser")


class Checks:
    def __init__(self, name):
        self.name, self.run, self.failed, self.skipped = name, 0, 0, 0

    def check(self, desc, cond, detail=""):
        self.run += 1
        if not cond:
            self.failed += 1
            print(f"{self.name}: Test failed: {desc}{': ' + str(detail) if detail else ''}", flush=True)
        elif os.environ.get("WINETEST_REPORT_SUCCESS"):
            print(f"{self.name}: Test succeeded: {desc}", flush=True)
        return cond

    def skip(self, why):
        self.skipped += 1
        print(f"{self.name}: Tests skipped: {why}", flush=True)

    def summary(self):
        print(f"{os.getpid():04x}:{self.name}: {self.run} tests executed (0 marked as todo, "
              f"{self.failed} failures), {self.skipped} skipped.", flush=True)
        sys.exit(1 if self.failed else 0)


def wineserver():
    with open(os.path.join(TOP, "wine")) as f:
        for line in f:
            if line.startswith("loader='"):
                return os.path.join(os.path.dirname(line.strip()[8:-1]), "wineserver")
    return "wineserver"


class Prefix:
    """A Wine prefix of its own, with its account store, removed at the end."""

    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="sspi-interop-")
        self.path = os.path.join(self.tmp, "prefix")
        self.env = dict(os.environ, WINEPREFIX=self.path, WINEDEBUG=os.environ.get("WINEDEBUG", "-all"))
        self.procs = []

    def add_user(self, user, password, domain=""):
        args = [SSPIUSER, "--file", os.path.join(self.path, "sspi.sam"), "add", user] + ([domain] if domain else [])
        subprocess.run(args, input=password + "\n", text=True, check=True, stderr=subprocess.DEVNULL)

    def run(self, *args):
        """A Windows command under ./wine to its end; its exit code."""
        return subprocess.run([os.path.join(TOP, "wine")] + list(args), env=self.env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode

    def start(self, program, *args, env=None, stderr=subprocess.DEVNULL):
        """A Windows program of the build under ./wine, as a Peer; ENV adds to the prefix's environment."""
        peer = Peer([os.path.join(TOP, "wine"), os.path.join(BUILD, program)] + list(args),
                    env=dict(self.env, **(env or {})), stderr=stderr)
        self.procs.append(peer)
        return peer

    def close(self):
        for p in self.procs:
            p.close()
        subprocess.run([wineserver(), "-k"], env=self.env, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Peer:
    """A process spoken to in lines on stdin/stdout."""

    def __init__(self, args, env=None, stderr=subprocess.DEVNULL):
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, env=env)
        self.lines = queue.Queue()
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        for raw in self.proc.stdout:
            self.lines.put(raw.decode("utf-8", "replace").rstrip("\r\n"))
        self.lines.put(None)

    def send(self, line):
        try:
            self.proc.stdin.write((line + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass

    def recv(self, timeout=60):
        """The next line, or None at the end of output or after TIMEOUT seconds."""
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def free_port():
    """A port of loopback free for TCP and for UDP both, as a KDC listens on both."""
    while True:
        with socket.socket() as s, socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
            s.bind(("127.0.0.1", 0))
            try:
                u.bind(("127.0.0.1", s.getsockname()[1]))
            except OSError:
                continue
            return s.getsockname()[1]


def wait_listening(port, proc=None, timeout=20):
    """Until something listens on PORT of loopback; False after TIMEOUT seconds, or once PROC has ended."""
    for _ in range(int(timeout * 10)):
        try:
            with socket.create_connection(("127.0.0.1", port), 0.5):
                return True
        except OSError:
            if proc and proc.poll() is not None:
                return False
            time.sleep(0.1)
    return False


def run_conformance(checks, prefix, name):
    """secur32_test.exe NAME under ./wine in PREFIX, its counts added to CHECKS'; it must skip nothing."""
    r = subprocess.run([os.path.join(TOP, "wine"), os.path.join(BUILD, "tests", "secur32_test.exe"), name],
                       env=dict(prefix.env, WINETEST_PLATFORM="wine"), capture_output=True, text=True, timeout=600)
    out = r.stdout.replace("\r", "")
    for line in out.splitlines():
        if "Test failed" in line or "Test succeeded inside todo" in line:
            print(line, flush=True)
    m = re.search(name + r": (\d+) tests executed \((\d+) marked as todo, (\d+) failures?\), (\d+) skipped\.", out)
    if not checks.check(f"the {name} conformance test ends with its summary", m, out[-2000:] + r.stderr[-2000:]):
        return
    checks.check(f"the {name} conformance test skips nothing", int(m.group(4)) == 0, m.group(4))
    checks.run += int(m.group(1)) - 1
    checks.failed += int(m.group(3))


def b64(data):
    return base64.b64encode(data).decode()


def unb64(text):
    return base64.b64decode(text)


def drive(peer, step, prefix=""):
    """Runs a handshake between sspipeer.exe (its lines starting with PREFIX)
    and a peer's STEP (token in, token or None out, None first when sspipeer
    is the server); returns sspipeer's DONE line or its error, or the
    exception STEP raised."""
    try:
        token = step(None) if "--server" in peer.proc.args and not prefix else None
        while True:
            if token:
                peer.send(prefix + "TOKEN " + b64(token))
            line = peer.recv() or "ERROR no answer"
            if not line.startswith(prefix + "TOKEN "):
                return line
            token = step(unb64(line[len(prefix) + 6:]))
            if not token:
                return peer.recv() or "ERROR no answer"
    except Exception as e:  # noqa: BLE001 - the peer's failure is the outcome
        return f"ERROR {e}"


def check_signatures(checks, peer, ctx, message, label):
    """MakeSignature and VerifySignature of sspipeer PEER against a python3-gssapi context CTX."""
    peer.send("SIGN " + b64(message))
    reply = (peer.recv() or "").split(" ")
    try:
        ctx.verify_signature(message, unb64(reply[1]))
        verified = True
    except Exception as e:  # noqa: BLE001 - any failure is the finding
        verified = e
    checks.check(f"{label}: gss_verify_mic accepts our MakeSignature", verified is True, verified)
    peer.send(f"VERIFY {b64(message)} {b64(ctx.get_signature(message))}")
    checks.check(f"{label}: our VerifySignature accepts gss_get_mic's", peer.recv() == "STATUS 00000000")
    peer.send(f"VERIFY {b64(message + b'!')} {b64(ctx.get_signature(message))}")
    checks.check(f"{label}: our VerifySignature refuses an altered message", peer.recv() == "STATUS 8009030f")


def start_sspiserver(prefix, auth="NTLM"):
    """sspiserver.exe on a free port; returns (peer, port) or (peer, None)."""
    server = prefix.start("programs/sspiserver.exe", "--port", "0", "--auth", auth)
    line = server.recv(120) or ""
    if not line.startswith("listening on http://127.0.0.1:"):
        return server, None
    return server, int(line.split(":")[2].split("/")[0])


WINBIND_DIR = "/run/samba/winbindd"


def winbind_answers():
    return subprocess.run(["wbinfo", "-p"], capture_output=True).returncode == 0


def test_domain(checks, tmp):
    """A SambaDC for a test to provision, or None after skipping when it cannot run here."""
    if not shutil.which("samba") or not shutil.which("samba-tool"):
        checks.skip("no Samba AD DC (samba, samba-tool)")
        return None
    if winbind_answers():
        checks.skip("a winbind of this machine already answers; not starting a test domain")
        return None
    return SambaDC(tmp)


class SambaDC:
    """A throwaway Samba AD DC on loopback, whose winbind listens where
    libwbclient looks. REALM/DOMAIN are fixed; users are added before start."""

    realm, domain = "SSPI.TEST", "SSPITEST"

    def __init__(self, tmp):
        self.dir = os.path.join(tmp, "dc")
        self.conf = os.path.join(self.dir, "etc", "smb.conf")
        self.proc = None

    def provision(self):
        r = subprocess.run(["samba-tool", "domain", "provision", "--realm=" + self.realm, "--domain=" + self.domain,
                            "--server-role=dc", "--dns-backend=NONE", "--adminpass=Adm1n-Pass!",
                            "--targetdir=" + self.dir, "--host-name=dc1", "--option=interfaces=lo",
                            "--option=bind interfaces only=yes", "--option=log file=" + self.dir + "/log.%m",
                            "--option=winbindd socket directory=" + WINBIND_DIR],
                           capture_output=True, text=True)
        return r.returncode == 0 or print(r.stderr[-2000:])

    def tool(self, *args, database=True):
        """samba-tool with the domain's configuration (and database): True when it succeeds."""
        where = ["-H", os.path.join(self.dir, "private", "sam.ldb")] if database else []
        r = subprocess.run(["samba-tool", *args, "-s", self.conf, *where], capture_output=True, text=True)
        return r.returncode == 0 or print(r.stderr[-2000:])

    def add_user(self, user, password):
        return self.tool("user", "create", user, password)

    def start(self, timeout=60):
        os.makedirs(WINBIND_DIR, exist_ok=True)
        self.proc = subprocess.Popen(["samba", "-s", self.conf, "-i", "-M", "single"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        for _ in range(timeout * 2):
            if winbind_answers():
                return True
            if self.proc.poll() is not None:
                return False
            time.sleep(0.5)
        return False

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        # winbindd runs in a process group of its own
        subprocess.run(["pkill", "-f", "winbindd.*" + self.conf], stderr=subprocess.DEVNULL)


def make_pki(directory):
    """A test CA and certificates signed by it, as PEM files in DIRECTORY:
    ca, server-rsa (also as server-rsa.pfx, password "pfx"), server-ec (P-256), server-ec384 (P-384),
    client, client-upn (user principal name upnuser@EXAMPLE), expired, wrong-name; and self-signed,
    which no one trusts."""
    import datetime
    import ipaddress
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.utcnow()

    def name(cn):
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    def write(stem, cert, key):
        with open(os.path.join(directory, stem + ".pem"), "wb") as f:
            f.write(cert.public_bytes(serialization.Encoding.PEM))
        with open(os.path.join(directory, stem + ".key"), "wb") as f:
            f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))

    def issue(cn, key, issuer, issuer_key, usage, days=(-1, 30), sans=("localhost",), ca=False, upn=None):
        builder = (x509.CertificateBuilder().subject_name(name(cn)).issuer_name(issuer)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now + datetime.timedelta(days=days[0]))
                   .not_valid_after(now + datetime.timedelta(days=days[1]))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if usage:
            builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        if sans:
            alt = [x509.DNSName(s) for s in sans] + [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            builder = builder.add_extension(x509.SubjectAlternativeName(alt), critical=False)
        if upn:
            # otherName szOID_NT_PRINCIPAL_NAME, a UTF8String
            value = b"\x0c" + bytes([len(upn)]) + upn.encode()
            alt = [x509.OtherName(x509.ObjectIdentifier("1.3.6.1.4.1.311.20.2.3"), value)]
            builder = builder.add_extension(x509.SubjectAlternativeName(alt), critical=False)
        return builder.sign(issuer_key, hashes.SHA256())

    ca_key = rsa.generate_private_key(65537, 2048)
    ca = issue("SSPI Test CA", ca_key, name("SSPI Test CA"), ca_key, None, (-1, 365), (), True)
    write("ca", ca, ca_key)
    server = ExtendedKeyUsageOID.SERVER_AUTH
    for stem, key, cn, days, sans, usage in (
            ("server-rsa", rsa.generate_private_key(65537, 2048), "localhost", (-1, 30), ("localhost",), server),
            ("server-ec", ec.generate_private_key(ec.SECP256R1()), "localhost", (-1, 30), ("localhost",), server),
            ("server-ec384", ec.generate_private_key(ec.SECP384R1()), "localhost", (-1, 30), ("localhost",), server),
            ("client", ec.generate_private_key(ec.SECP256R1()), "client", (-1, 30), (),
             ExtendedKeyUsageOID.CLIENT_AUTH),
            ("expired", rsa.generate_private_key(65537, 2048), "localhost", (-60, -30), ("localhost",), server),
            ("wrong-name", rsa.generate_private_key(65537, 2048), "other.example", (-1, 30), ("other.example",),
             server)):
        cert = issue(cn, key, ca.subject, ca_key, usage, days, sans)
        write(stem, cert, key)
        if stem == "server-rsa":
            with open(os.path.join(directory, "server-rsa.pfx"), "wb") as f:
                f.write(pkcs12.serialize_key_and_certificates(b"server", key, cert, [ca],
                                                              serialization.BestAvailableEncryption(b"pfx")))
    key = ec.generate_private_key(ec.SECP256R1())
    write("client-upn", issue("someone else", key, ca.subject, ca_key, ExtendedKeyUsageOID.CLIENT_AUTH, sans=(),
                              upn="upnuser@EXAMPLE"), key)
    key = rsa.generate_private_key(65537, 2048)
    write("self-signed", issue("localhost", key, name("localhost"), key, server), key)
