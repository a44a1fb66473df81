#!/usr/bin/python3
# Outbound client against aiosmtpd next hops: TLS policy set with CHGSMTPA
# (opportunistic vs required with certificate-chain and host-name checks:
# a self-signed or misnamed server is deferred and nothing goes in the
# clear; a CA-issued one passes), relay credentials with ADDSMTPLE
# TYPE(*HOSTAUTH), SMTPUTF8 (RFC 6531), and several sessions per destination
# within CHGSMTPA CLTMAXCNN with several messages per session.
import os
import smtplib
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from qsmail import BIN, Root, smtpd, ok, plan, done, no_verify_ctx  # noqa: E402

try:
    from aiosinks import start_sink
except ImportError:
    print("1..0 # skip python3-aiosmtpd not installed")
    sys.exit(0)

plan(16)
root = Root()
CONF = os.path.join(root.dir, "mail", "smtpc.conf")
MSG = os.path.join(root.dir, "msg")
with open(MSG, "wb") as f:
    f.write(b"From: a@here.test\r\nTo: x@y.test\r\nSubject: t\r\n\r\nhello\r\n")


def qcl(cmd):
    r = subprocess.run([os.path.join(BIN, "qcl"), cmd], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def qsmtpc(*rcpts, sender="a@here.test"):
    with open(MSG, "rb") as f:
        r = subprocess.run([os.path.join(BIN, "qsmtpc"), "-f", sender, *rcpts], stdin=f,
                           capture_output=True)
    return r.stdout.decode("utf-8", "replace")


def routes(**kw):
    with open(CONF, "w") as f:
        f.write("TIMEOUT 10\n")
        for dom, (host, port) in kw.items():
            f.write("ROUTE %s.test %s:%d\n" % (dom, host, port))


# --- certificates: a test CA, a CA-issued "localhost", a self-signed one ---
tls = os.path.join(root.dir, "tls")
os.mkdir(tls)
sh = """
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=QshimTestCA
openssl req -new -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr -subj /CN=localhost
printf 'subjectAltName=DNS:localhost\\nextendedKeyUsage=serverAuth\\n' > srv.ext
openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile srv.ext -out srv.pem
openssl req -x509 -newkey rsa:2048 -nodes -keyout self.key -out self.pem -days 2 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost
"""
subprocess.run(["sh", "-c", sh], cwd=tls, check=True, capture_output=True)
T = lambda n: os.path.join(tls, n)  # noqa: E731

selfs = start_sink(tls=(T("self.pem"), T("self.key")), require_tls=False)
casig = start_sink(tls=(T("srv.pem"), T("srv.key")), require_tls=False)

routes(selfs=("localhost", selfs.port), casig=("localhost", casig.port),
       misnamed=("127.0.0.1", casig.port))
out = qsmtpc("r@selfs.test")
ok(out.startswith("r@selfs.test OK") and selfs.msgs and selfs.msgs[-1][4] == 1,
   "opportunistic (default): self-signed server, delivered over TLS", out)

rc, o = qcl("CHGSMTPA CLTTLS(*REQUIRED)")
with open(CONF) as f:
    conf = f.read()
ok(rc == 0 and "TLS *REQUIRED" in conf and "ROUTE selfs.test" in conf,
   "CHGSMTPA CLTTLS(*REQUIRED) sets the client policy, keeps the rest", o + conf)
n = len(selfs.msgs)
out = qsmtpc("r@selfs.test")
ok(out.startswith("r@selfs.test DEFER 4.7.5") and "not trusted" in out and len(selfs.msgs) == n,
   "required TLS: self-signed certificate deferred, nothing sent in the clear", out)
out = qsmtpc("r@casig.test")
ok(out.startswith("r@casig.test DEFER 4.7.5") and len(casig.msgs) == 0,
   "required TLS: CA not in the trusted set, deferred", out)
rc, o = qcl("CHGSMTPA CLTCAFILE('%s')" % T("ca.pem"))
out = qsmtpc("r@casig.test")
ok(rc == 0 and out.startswith("r@casig.test OK") and casig.msgs and casig.msgs[-1][4] == 1,
   "required TLS + CHGSMTPA CLTCAFILE: CA-issued certificate verified, delivered", o + out)
out = qsmtpc("r@misnamed.test")
ok(out.startswith("r@misnamed.test DEFER 4.7.5") and len(casig.msgs) == 1,
   "required TLS: trusted chain but wrong host name (127.0.0.1 vs localhost) deferred", out)
rc, o = qcl("CHGSMTPA CLTVFYCERT(*NO)")
out = qsmtpc("r@misnamed.test")
ok(out.startswith("r@misnamed.test OK") and len(casig.msgs) == 2,
   "CLTVFYCERT(*NO): encryption required, certificate not checked", out)
rc, o = qcl("CHGSMTPA CLTTLS(*OPTIONAL) CLTVFYCERT(*DFT) CLTCAFILE(*SYSTEM)")
with open(CONF) as f:
    conf = f.read()
ok(rc == 0 and "TLS *OPTIONAL" in conf and "TLSVERIFY" not in conf and "CAFILE" not in conf,
   "*DFT / *SYSTEM remove the settings again", conf)

# --- AUTH relay configured with ADDSMTPLE TYPE(*HOSTAUTH) ------------------
auth = start_sink(tls=(T("srv.pem"), T("srv.key")), require_tls=False)
routes(relay=("localhost", auth.port))
rc, o = qcl("ADDSMTPLE TYPE(*HOSTAUTH) HOSTNAME(localhost) USERNAME(relayuser) PASSWORD('pa55word')")
st = os.stat(os.path.join(root.dir, "mail", "hostauth"))
ok(rc == 0 and st.st_mode & 0o777 == 0o600, "ADDSMTPLE TYPE(*HOSTAUTH) stores the credentials 0600",
   o + oct(st.st_mode))

# --- SMTPUTF8 --------------------------------------------------------------
u8 = start_sink(smtputf8=True)
a7 = start_sink(smtputf8=False)
routes(u8=("127.0.0.1", u8.port), a7=("127.0.0.1", a7.port))
out = qsmtpc("jörg@u8.test", sender="zoë@here.test")
ok(out.startswith("jörg@u8.test OK") and u8.msgs and "SMTPUTF8" in u8.msgs[-1][1]
   and u8.msgs[-1][0] == "zoë@here.test" and u8.msgs[-1][2][0][0] == "jörg@u8.test",
   "UTF-8 addresses sent with SMTPUTF8 to a server offering it", (out, u8.msgs[-1:]))
out = qsmtpc("plain@u8.test")
ok(out.startswith("plain@u8.test OK") and "SMTPUTF8" not in u8.msgs[-1][1],
   "ASCII-only mail: no SMTPUTF8 parameter", u8.msgs[-1][1])
out = qsmtpc("jörg@a7.test")
ok(out.startswith("jörg@a7.test FAIL 5.6.7") and "SMTPUTF8" in out and not a7.msgs,
   "UTF-8 address, server without SMTPUTF8: permanent failure with a clear reason", out)
out = qsmtpc("bad\xff@u8.test".encode("latin-1").decode("utf-8", "surrogateescape"))
ok(" FAIL 5.1.7" in out, "an address that is not valid UTF-8 fails with 5.1.7", out)

# --- several sessions per destination, several messages per session --------
slow = start_sink(delay=0.3)
routes(slow=("127.0.0.1", slow.port))
rc, o = qcl("CHGSMTPA CLTMAXCNN(2)")
p, ports = smtpd(root)
N = 8
with smtplib.SMTP("127.0.0.1", ports["submission"], timeout=20) as s:
    s.starttls(context=no_verify_ctx())
    s.login("bob", "secret1")
    for i in range(N):
        s.sendmail("bob@qshim.test", ["r%d@slow.test" % i],
                   b"Subject: m%d\r\n\r\nbody\r\n" % i)
qdir = os.path.join(root.dir, "mail", "queue", "remote")


def jobs():
    return len([n for n in os.listdir(qdir) if len(n) == 32]) if os.path.isdir(qdir) else 0


end = time.time() + 20
while jobs() < N and time.time() < end:
    time.sleep(0.05)
r = subprocess.run([os.path.join(BIN, "qsmtpc"), "-q"], capture_output=True, text=True)
ok(jobs() == 0 and len(slow.msgs) == N, "all %d queued messages delivered in one run" % N,
   (jobs(), len(slow.msgs), r.stdout, r.stderr))
ok(slow.max_sessions == 2, "two sessions at once to the destination, never more (CLTMAXCNN 2)",
   slow.max_sessions)
ok(slow.connections == 2, "%d messages over 2 connections (sessions reused)" % N,
   slow.connections)
done()
