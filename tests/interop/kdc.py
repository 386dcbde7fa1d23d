#!/usr/bin/python3
"""A throwaway MIT KDC on loopback, all of its state in one directory
(../shared/PEERS.md). As a module: KDC(directory) with principals, keytabs
and tickets. As a command, a KDC with the principals the tests share around
another command, which gets the environment that points at it:

    kdc.py run -- COMMAND [ARGS...]

The realm is KRB.TEST; testuser@KRB.TEST has the password testpass (the
account the NTLM tests log on with too), otheruser@KRB.TEST otherpass, a
second client whose tickets no process holds; host/localhost and HTTP/localhost
have random keys in the keytab of KRB5_KTNAME, HTTP/password.localhost
the password svcpass, and KRB5CCNAME holds testuser's TGT."""
import os
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import free_port, wait_listening  # noqa: E402

REALM = "KRB.TEST"
USER, PASSWORD = "testuser", "testpass"
OTHER_USER, OTHER_PASSWORD = "otheruser", "otherpass"
SERVICES = ("host/localhost", "HTTP/localhost")
# a service whose server derives its keys from the password, as a Windows service account does
PASSWORD_SERVICE, SERVICE_PASSWORD = "HTTP/password.localhost", "svcpass"



def tool(name):
    """kadmin.local and kdb5_util live in /usr/sbin, which a user's PATH may lack."""
    return shutil.which(name) or os.path.join("/usr/sbin", name)


class KDC:
    """An MIT KDC of realm REALM whose files are all under DIRECTORY."""

    def __init__(self, directory, realm=REALM, clockskew=300, time_offset=0, timesync=True):
        """TIME_OFFSET sets the KDC's clock off by as many seconds; without TIMESYNC
        its clients do not take its time."""
        self.dir, self.realm, self.time_offset = directory, realm, time_offset
        os.makedirs(directory, exist_ok=True)
        self.port = free_port()
        self.conf = os.path.join(directory, "krb5.conf")
        self.kdc_conf = os.path.join(directory, "kdc.conf")
        self.keytab = os.path.join(directory, "service.keytab")
        self.ccache = os.path.join(directory, "ccache")
        self.proc = None
        self.write_conf(self.conf, clockskew, timesync)
        with open(self.kdc_conf, "w") as f:
            f.write(f"""[kdcdefaults]
    kdc_listen = 127.0.0.1:{self.port}
    kdc_tcp_listen = 127.0.0.1:{self.port}
[realms]
    {realm} = {{
        database_name = {directory}/principal
        key_stash_file = {directory}/stash
        acl_file = {directory}/kadm5.acl
        max_life = 1d
        max_renewable_life = 7d
    }}
[logging]
    kdc = FILE:{directory}/kdc.log
""")
        self.env = dict(os.environ, KRB5_CONFIG=self.conf, KRB5_KDC_PROFILE=self.kdc_conf,
                        KRB5CCNAME="FILE:" + self.ccache, KRB5_KTNAME="FILE:" + self.keytab,
                        KRB5RCACHEDIR=directory)

    def write_conf(self, path, clockskew=300, timesync=True):
        """A krb5.conf for this realm at PATH (a server may want another clock skew)."""
        with open(path, "w") as f:
            f.write(f"""[libdefaults]
    default_realm = {self.realm}
    dns_lookup_kdc = false
    dns_lookup_realm = false
    dns_canonicalize_hostname = false
    rdns = false
    udp_preference_limit = 1
    clockskew = {clockskew}
    kdc_timesync = {str(timesync).lower()}
    forwardable = true
[realms]
    {self.realm} = {{
        kdc = 127.0.0.1:{self.port}
    }}
[domain_realm]
    localhost = {self.realm}
""")
        return path

    def run(self, *args, input=None, env=None):
        r = subprocess.run(list(args), input=input, capture_output=True, text=True, env=env or self.env)
        if r.returncode:
            print(f"kdc: {' '.join(args)}: {r.stderr.strip()[-500:]}", flush=True)
        return r.returncode == 0

    def kadmin(self, query):
        return self.run(tool("kadmin.local"), "-q", query)

    def start(self, timeout=20):
        if not self.run(tool("kdb5_util"), "create", "-s", "-r", self.realm, "-P", "kdc-master-key"):
            return False
        offset = ["-T", str(self.time_offset)] if self.time_offset else []
        self.proc = subprocess.Popen([tool("krb5kdc"), "-n", *offset], env=self.env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        if wait_listening(self.port, self.proc, timeout):
            return True
        # why it did not start is in its log, which goes with the test's directory
        try:
            with open(os.path.join(self.dir, "kdc.log")) as f:
                print(f"kdc: krb5kdc on port {self.port} ({self.proc.poll()}): {f.read()[-800:]}", flush=True)
        except OSError:
            print(f"kdc: krb5kdc on port {self.port} ({self.proc.poll()}) left no log", flush=True)
        return False

    def add_principal(self, name, password=None):
        return self.kadmin(f"addprinc -pw {password} {name}" if password else f"addprinc -randkey {name}")

    def export(self, keytab, *names):
        """Adds the current keys of NAMES to KEYTAB, as ktadd does: a new kvno each time."""
        return all(self.kadmin(f"ktadd -k {keytab} {name}") for name in names)

    def export_current(self, keytab, *names):
        """The keys of NAMES at their current kvno, without changing them."""
        return all(self.kadmin(f"ktadd -norandkey -k {keytab} {name}") for name in names)

    def kinit(self, principal, password, ccache=None, *options):
        env = dict(self.env, KRB5CCNAME="FILE:" + (ccache or self.ccache))
        return self.run("kinit", *options, principal, input=password + "\n", env=env)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()

    def standard(self):
        """The principals, keytab and ticket the tests share (see the module's comment)."""
        return (self.start() and self.add_principal(USER, PASSWORD) and
                self.add_principal(OTHER_USER, OTHER_PASSWORD) and
                all(self.add_principal(s) for s in SERVICES) and self.export(self.keytab, *SERVICES) and
                self.add_principal(PASSWORD_SERVICE, SERVICE_PASSWORD) and self.kinit(USER, PASSWORD))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def main():
    if len(sys.argv) < 4 or sys.argv[1:3] != ["run", "--"]:
        print(__doc__, file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="sspi-kdc-")
    try:
        with KDC(tmp) as kdc:
            if not kdc.standard():
                print("kdc: the test KDC did not start", file=sys.stderr)
                return 1
            return subprocess.run(sys.argv[3:], env=kdc.env).returncode
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
