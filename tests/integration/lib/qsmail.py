"""Helpers for the mail-engine integration tests (TAP output, a throwaway
system root with users and a certificate, servers that are always killed)."""
import atexit
import os
import shutil
import signal
import smtplib
import socket
import ssl
import subprocess
import sys
import tempfile
import time

BIN = os.path.join(os.environ.get("QSHIM_BUILD", "build"), "bin")
_procs = []
_n = 0
_failed = 0


def plan(n):
    print(f"1..{n}", flush=True)


def ok(cond, name, diag=""):
    global _n, _failed
    _n += 1
    if cond:
        print(f"ok {_n} - {name}", flush=True)
    else:
        _failed += 1
        print(f"not ok {_n} - {name}", flush=True)
        for line in str(diag).splitlines()[:30]:
            print(f"# {line}", flush=True)
    return cond


def _cleanup():
    for p in _procs:
        if p.poll() is None:
            p.kill()
            p.wait()


atexit.register(_cleanup)
signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))


class Root:
    """A temp QSYS_ROOT with profiles BOB/ALICE (password secret1), their
    SMTP directory entries at qshim.test, and a self-signed certificate."""

    def __init__(self, journal=True):
        self.dir = tempfile.mkdtemp(prefix="qshim-mail.")
        atexit.register(shutil.rmtree, self.dir, True)
        os.environ["QSYS_ROOT"] = self.dir
        self.cert = os.path.join(self.dir, "cert.pem")
        self.key = os.path.join(self.dir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-keyout", self.key, "-out", self.cert, "-days", "2",
                        "-subj", "/CN=qshim.test"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.chmod(self.key, 0o600)
        self.adm("chgsmtpa", "HOSTNAME", "qshim.test")
        if journal:
            self.adm("chgsmtpa", "JOURNAL", "*YES")
        for u in ("BOB", "ALICE"):
            self.adm("crtusrprf", u, "secret1")
            self.adm("addusrsmtp", u, u.lower(), "qshim.test")

    def adm(self, *args):
        r = subprocess.run([os.path.join(BIN, "qmailadm"), *args], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"qmailadm {args}: {r.stderr}")
        return r.stdout

    def maildir(self, user):
        d = os.path.join(self.dir, "mail", "box", user, "Maildir")
        out = []
        for sub in ("new", "cur"):
            p = os.path.join(d, sub)
            if os.path.isdir(p):
                out += [os.path.join(p, f) for f in sorted(os.listdir(p))]
        return out

    def wait_delivered(self, user, n, timeout=60.0):
        end = time.time() + timeout
        while time.time() < end:
            if len(self.maildir(user)) >= n:
                return True
            time.sleep(0.05)
        return len(self.maildir(user)) >= n


def start(args, ready_prefix, timeout=10.0):
    """Start a server that prints 'name: listening k=v ...'; return (proc, {k: port})."""
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _procs.append(p)
    line = p.stdout.readline()
    if not line.startswith(ready_prefix):
        raise RuntimeError(f"{args[0]} did not start: {line} {p.stderr.read() if p.poll() is not None else ''}")
    ports = {}
    for kv in line.split()[2:]:
        k, v = kv.split("=")
        ports[k] = int(v)
    return p, ports


def stop(p):
    if p.poll() is None:
        p.terminate()
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def smtpd(root, extra=(), msf=True):
    args = [os.path.join(BIN, "qsmtpd"), "--port", "0", "--submission", "0", "--smtps", "0",
            "--bind", "127.0.0.1", "--cert", root.cert, "--key", root.key]
    if msf:
        args.append("--msf")
    return start(args + list(extra), "qsmtpd: listening")


def pop3d(root, extra=()):
    args = [os.path.join(BIN, "qpop3d"), "--port", "0", "--pop3s", "0", "--bind", "127.0.0.1",
            "--cert", root.cert, "--key", root.key, "--fail-delay", "200"]
    return start(args + list(extra), "qpop3d: listening")


def raw(port, payload, wait=0.5, tls=False):
    """Send payload after the greeting, return everything read until idle."""
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    if tls:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        s = ctx.wrap_socket(s)
    s.settimeout(wait + 2)
    out = s.recv(4096)
    s.sendall(payload)
    s.settimeout(wait)
    try:
        while True:
            d = s.recv(65536)
            if not d:
                break
            out += d
    except (socket.timeout, ConnectionResetError):
        pass
    s.close()
    return out.decode("latin-1")


def free_port():
    """A loopback port nobody listens on (for routes to a dead host)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def submission(ports, user="bob", password="secret1"):
    """An SMTP session on qsmtpd's submission port, after STARTTLS and AUTH."""
    s = smtplib.SMTP("127.0.0.1", ports["submission"], timeout=20)
    s.ehlo("client.test")
    s.starttls(context=no_verify_ctx())
    s.ehlo("client.test")
    s.login(user, password)
    s.ehlo_or_helo_if_needed()
    return s


def no_verify_ctx():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def done():
    sys.exit(1 if _failed else 0)
