#!/usr/bin/python3
# DNS block lists: CHGSMTPA RBLSVR zones looked up through libresolv against a
# stub DNS server (RBLDNS); a listed client gets 554 at connect and a QZMF 9S
# journal entry; an answer outside 127/8, NXDOMAIN or a dead DNS server let
# the client in.  RBLSVR((zone answer mask)) lists only on a matching answer.
# Look-ups run on resolver threads: while a slow DNSBL holds one client's
# query, another client gets its greeting and finishes a whole transaction.
# Real client: smtplib.
import os
import smtplib
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.environ.get("QSHIM_SRC", "."), "tests", "integration", "lib"))
import qsmail
from qsmail import ok

try:
    import dns.message  # noqa: F401
except ImportError:
    print("1..0 # skip python3-dnspython not installed")
    sys.exit(0)

qsmail.plan(19)
root = qsmail.Root()
ready = os.path.join(root.dir, "dns.ready")
stub = subprocess.Popen([sys.executable, os.path.join(os.environ.get("QSHIM_SRC", "."), "tests",
                         "integration", "lib", "dns_stub.py"), "0", ready],
                        stderr=subprocess.DEVNULL)
qsmail._procs.append(stub)
for _ in range(100):
    if os.path.exists(ready):
        break
    time.sleep(0.05)
dns_port = int(open(ready).read())

# CL: CHGSMTPA RBLSVR(list) through qcl; a bad zone name is refused
r = subprocess.run([os.path.join(qsmail.BIN, "qcl"), "CHGSMTPA RBLSVR('clean.test' 'rbl.test')"],
                   capture_output=True, text=True)
conf = open(os.path.join(root.dir, "mail", "smtpa.conf")).read()
ok(r.returncode == 0 and "RBLSVR clean.test rbl.test" in conf,
   "CHGSMTPA RBLSVR stores the zone list", r.stdout + r.stderr + conf)
bad = subprocess.run([os.path.join(qsmail.BIN, "qmailadm"), "chgsmtpa", "RBLSVR", "bad_zone!"],
                     capture_output=True, text=True)
ok(bad.returncode != 0, "a zone with bad characters is refused", bad.stdout + bad.stderr)
root.adm("chgsmtpa", "RBLDNS", f"127.0.0.1:{dns_port}")

p, ports = qsmail.smtpd(root, msf=False)
try:
    smtplib.SMTP("127.0.0.1", ports["smtp"], timeout=10)
    ok(False, "listed client refused with 554 at connect")
    ok(False, "the reply names the zone")
except smtplib.SMTPConnectError as e:
    ok(e.smtp_code == 554, "listed client refused with 554 at connect", repr(e))
    ok(b"rbl.test" in e.smtp_error, "the reply names the zone", repr(e))
qsmail.stop(p)
j = root.adm("dspjrn")
ok(" L 9S " in j, "QZMF journal has a 9S entry for the refused connection", j)

def send_ok(label):
    q, qp = qsmail.smtpd(root, msf=False)
    try:
        s = smtplib.SMTP("127.0.0.1", qp["smtp"], timeout=20)
        s.sendmail("x@example.test", ["bob@qshim.test"], "Subject: t\r\n\r\nhello\r\n")
        s.quit()
        ok(True, label)
    except Exception as e:
        ok(False, label, repr(e))
    finally:
        qsmail.stop(q)

root.adm("chgsmtpa", "RBLSVR", "odd.test clean.test")
send_ok("an A answer outside 127/8 and NXDOMAIN do not list the client")
root.adm("chgsmtpa", "RBLDNS", "127.0.0.1:9")          # nothing answers: fail open
root.adm("chgsmtpa", "RBLSVR", "rbl.test")
send_ok("an unreachable DNS server lets the client in")
root.adm("chgsmtpa", "RBLSVR", "*NONE")
send_ok("RBLSVR(*NONE) turns the look-ups off")

# --- RBLSVR answer matching (CL form RBLSVR((zone answer mask))) -------------
root.adm("chgsmtpa", "RBLDNS", f"127.0.0.1:{dns_port}")
r = subprocess.run([os.path.join(qsmail.BIN, "qcl"), "CHGSMTPA RBLSVR(('rbl.test' '127.0.0.4'))"],
                   capture_output=True, text=True)
conf = open(os.path.join(root.dir, "mail", "smtpa.conf")).read()
ok(r.returncode == 0 and "RBLSVR rbl.test=127.0.0.4" in conf,
   "CHGSMTPA RBLSVR((zone answer)) stores the expected answer", r.stdout + r.stderr + conf)
send_ok("an answer that does not match the expected address does not list the client")


def refused(label):
    q, qp = qsmail.smtpd(root, msf=False)
    try:
        smtplib.SMTP("127.0.0.1", qp["smtp"], timeout=20)
        ok(False, label)
    except smtplib.SMTPConnectError as e:
        ok(e.smtp_code == 554 and b"rbl.test" in e.smtp_error, label, repr(e))
    finally:
        qsmail.stop(q)


n9s = root.adm("dspjrn").count(" L 9S ")
subprocess.run([os.path.join(qsmail.BIN, "qcl"), "CHGSMTPA RBLSVR(('rbl.test' '127.0.0.2'))"],
               check=True, capture_output=True)
refused("a matching answer (127.0.0.2) refuses with 554")
ok(root.adm("dspjrn").count(" L 9S ") == n9s + 1, "... and journals a 9S entry")
subprocess.run([os.path.join(qsmail.BIN, "qcl"),
                "CHGSMTPA RBLSVR(('rbl.test' '127.0.0.0' '255.255.255.252'))"],
               check=True, capture_output=True)
refused("an answer inside the expected address/mask refuses with 554")

# --- a slow DNSBL stalls only its own client -----------------------------------
def held_client(port, label):
    """Connect from 127.0.0.2, whose slow.test query the stub holds back."""
    c = socket.socket()
    c.settimeout(20)
    c.bind(("127.0.0.2", 0))
    c.connect(("127.0.0.1", port))
    for _ in range(400):
        if os.path.exists(ready + ".held"):
            break
        time.sleep(0.05)
    ok(os.path.exists(ready + ".held"), label)
    return c


root.adm("chgsmtpa", "RBLSVR", "slow.test")
root.adm("chgsmtpa", "RBLTIMO", "30")
q, qp = qsmail.smtpd(root, msf=False)
try:
    slow = held_client(qp["smtp"], "the DNS server holds the first client's query")
    try:
        s2 = smtplib.SMTP("127.0.0.1", qp["smtp"], timeout=20)
        s2.sendmail("x@example.test", ["bob@qshim.test"], "Subject: t\r\n\r\nhello\r\n")
        s2.quit()
        ok(True, "a second client is served while the first one's look-up waits")
    except Exception as e:
        ok(False, "a second client is served while the first one's look-up waits", repr(e))
    slow.setblocking(False)
    try:
        early = slow.recv(100)
    except BlockingIOError:
        early = None
    ok(early is None, "the first client has no greeting yet", repr(early))
    open(ready + ".release", "w").close()
    slow.settimeout(20)
    reply = b""
    try:
        while b"\n" not in reply:
            d = slow.recv(4096)
            if not d:
                break
            reply += d
    except OSError as e:
        reply += repr(e).encode()
    ok(reply.startswith(b"554 ") and b"slow.test" in reply,
       "once the answer comes, the first client is refused (554)", repr(reply))
    slow.close()
finally:
    qsmail.stop(q)

# --- shutdown does not wait for a look-up in flight -----------------------------
# The stub holds slow.test again; RBLTIMO 60 would keep a resolver thread in
# its query for a minute.  SIGTERM (what ENDTCPSVR sends) must end the server
# at once: the look-up is abandoned, not waited for.
os.remove(ready + ".release")
os.remove(ready + ".held")
root.adm("chgsmtpa", "RBLTIMO", "60")
q, qp = qsmail.smtpd(root, msf=False)
slow = held_client(qp["smtp"], "a look-up is held in the DNS server")
q.terminate()
try:
    rc = q.wait(30)                            # the held query alone would take 60 s
except subprocess.TimeoutExpired:
    rc = "still running"
    qsmail.stop(q)
ok(rc == 0, "SIGTERM ends qsmtpd without waiting for the look-up (exit 0)", repr(rc))
slow.close()
open(ready + ".release", "w").close()
qsmail.stop(stub)
qsmail.done()
