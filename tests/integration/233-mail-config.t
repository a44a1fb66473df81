#!/usr/bin/env python3
# CHGSMTPA KEEPUNTIL, COLDSTART, DIRTYPE and VFYID with real clients (Python
# smtplib) and the CL commands a user types: tracked mail in WRKSMTPEMM
# QUEUE(*DLV) and its expiry; a cold start at STRTCPSVR that clears the queue
# (and a warm start that keeps it); local recipients resolved through the
# system distribution directory (ADDDIRE) with DIRTYPE(*SDD); an
# authenticated client that may only send as its own directory address.
import atexit
import os
import smtplib
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from qsmail import BIN, Root, smtpd, stop, ok, plan, done, no_verify_ctx  # noqa: E402

plan(18)
root = Root()
os.environ["QSHIM_BIN"] = BIN


def _kill_daemons():
    pf = os.path.join(root.dir, "run", "qsmtpd.pid")
    try:
        os.kill(int(open(pf).read()), 9)
    except (OSError, ValueError):
        pass


atexit.register(_kill_daemons)


def qcl(cmd):
    r = subprocess.run([os.path.join(BIN, "qcl"), cmd], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def track_files():
    d = os.path.join(root.dir, "mail", "track")
    return sorted(f for f in os.listdir(d) if not f.startswith(".")) if os.path.isdir(d) else []


def send(port, frm, to, subject, login=None):
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as s:
        if login:
            s.starttls(context=no_verify_ctx())
            s.login(*login)
        s.sendmail(frm, to, f"Subject: {subject}\r\n\r\nbody\r\n".encode())


# --- KEEPUNTIL: tracking history and its expiry -----------------------------
rc, out = qcl("CHGSMTPA KEEPUNTIL(2)")
ok(rc == 0, "CHGSMTPA KEEPUNTIL(2)", out)
p, ports = smtpd(root)
send(ports["smtp"], "alice@example.com", ["bob@qshim.test"], "tracked one")
ok(root.wait_delivered("BOB", 1), "a message is delivered to BOB")
for _ in range(100):
    if track_files():
        break
    time.sleep(0.05)
rc, out = qcl("WRKSMTPEMM QUEUE(*DLV) LISTBY(*RCP)")
ok(rc == 0 and "*LCD *DLV" in out and "bob@qshim.test" in out,
   "WRKSMTPEMM QUEUE(*DLV) lists the delivered message from its tracking record", out)
stop(p)
tf = track_files()
old = time.time() - 3 * 86400
for f in tf:
    os.utime(os.path.join(root.dir, "mail", "track", f), (old, old))
r = subprocess.run([os.path.join(BIN, "qmailadm"), "strmsf", "--once"], capture_output=True, text=True)
rc, out = qcl("WRKSMTPEMM QUEUE(*DLV)")
ok(tf and track_files() == [] and "bob@qshim.test" not in out,
   "a record older than KEEPUNTIL(2) days is removed when MSF runs", (tf, track_files(), out))
qcl("CHGSMTPA KEEPUNTIL(*NONE)")
p, ports = smtpd(root)
send(ports["smtp"], "alice@example.com", ["bob@qshim.test"], "untracked")
ok(root.wait_delivered("BOB", 2), "second message delivered")
time.sleep(0.3)
ok(track_files() == [], "KEEPUNTIL(*NONE): nothing is kept after delivery", track_files())
stop(p)

# --- COLDSTART at STRTCPSVR ------------------------------------------------------
ss = [socket.socket() for _ in range(2)]
for s in ss:
    s.bind(("127.0.0.1", 0))
P25, P587 = (s.getsockname()[1] for s in ss)
for s in ss:
    s.close()
for svc, dft, port in (("smtp", 25, P25), ("submission", 587, P587)):
    qcl(f"RMVSRVTBLE SERVICE('{svc}') PORT({dft}) PROTOCOL('tcp')")
    qcl(f"ADDSRVTBLE SERVICE('{svc}') PORT({port}) PROTOCOL('tcp')")
p, ports = smtpd(root, msf=False)            # queue only: nothing is delivered
for i in range(3):
    send(ports["smtp"], "alice@example.com", ["bob@qshim.test"], f"queued {i}")
stop(p)


def queued():
    return root.adm("queue").split()[1]


ok(queued() == "3", "three messages wait in the MSF queue", queued())
rc, out = qcl("STRTCPSVR SERVER(*SMTP)")
rc2, out2 = qcl("ENDTCPSVR SERVER(*SMTP)")
ok(rc == 0 and rc2 == 0 and queued() == "3", "a warm start (COLDSTART *NO) keeps the queue", out + out2)
rc, out = qcl("CHGSMTPA COLDSTART(*YES)")
ok(rc == 0 and "COLDSTART *YES" in open(os.path.join(root.dir, "mail", "smtpa.conf")).read(),
   "CHGSMTPA COLDSTART(*YES)", out)
rc, out = qcl("STRTCPSVR SERVER(*SMTP)")
ok(rc == 0 and queued() == "0", "STRTCPSVR with COLDSTART(*YES) clears the queue", out + queued())
conf = open(os.path.join(root.dir, "mail", "smtpa.conf")).read()
ok("COLDSTART *NO" in conf, "after the cold start COLDSTART is *NO again", conf)
with smtplib.SMTP("127.0.0.1", P25, timeout=10) as s:
    code = s.noop()[0]
qcl("ENDTCPSVR SERVER(*SMTP)")
ok(code == 250, "the cold-started server answers", code)

# --- DIRTYPE(*SDD) --------------------------------------------------------------
rc, out = qcl("CRTUSRPRF USRPRF(CAROL) PASSWORD(Secret9x)")
# MSFSRVLVL(*SYSMS): the mailbox (POP) rather than the distribution queue,
# where *USRIDX users' Internet mail goes (docs/snads.md)
rc2, out2 = qcl("ADDDIRE USRID(CAROL HQ) USRD('Carol') USER(CAROL) MSFSRVLVL(*SYSMS) "
                "USRDFNFLD((SMTPAUSRID SMTP 'carol.c') (SMTPDMN SMTP 'qshim.test'))")
rc3, out3 = qcl("CHGSMTPA DIRTYPE(*SDD)")
ok(rc == 0 and rc2 == 0 and rc3 == 0, "ADDDIRE with an SMTP name; CHGSMTPA DIRTYPE(*SDD)", out + out2 + out3)
p, ports = smtpd(root)
send(ports["smtp"], "alice@example.com", ["carol.c@qshim.test"], "via the SDD")
refused = None
try:
    send(ports["smtp"], "alice@example.com", ["bob@qshim.test"], "smtp dir only")
except smtplib.SMTPRecipientsRefused as e:
    refused = e.recipients["bob@qshim.test"][0]
ok(root.wait_delivered("CAROL", 1) and refused == 550,
   "*SDD: carol.c@ (SDD only) is delivered to CAROL; bob@ (ADDUSRSMTP only) is unknown", refused)
stop(p)
qcl("CHGSMTPA DIRTYPE(*SMTP)")
p, ports = smtpd(root)
refused = None
try:
    send(ports["smtp"], "alice@example.com", ["carol.c@qshim.test"], "again")
except smtplib.SMTPRecipientsRefused as e:
    refused = e.recipients["carol.c@qshim.test"][0]
ok(refused == 550, "back to *SMTP: the SDD name is not a mailbox any more", refused)

# --- VFYID ----------------------------------------------------------------------
stop(p)
root.adm("chgsmtpa", "ALWAUTH", "*LOCAL *RELAY")
qcl("CHGSMTPA VFYID(*YES)")
p, ports = smtpd(root)
code = None
try:
    send(ports["submission"], "alice@qshim.test", ["bob@qshim.test"], "forged", login=("bob", "secret1"))
except smtplib.SMTPSenderRefused as e:
    code = e.smtp_code
ok(code == 553, "VFYID(*YES): BOB authenticated may not send as alice@qshim.test (553)", code)
n = len(root.maildir("BOB"))
send(ports["submission"], "bob@qshim.test", ["bob@qshim.test"], "own address", login=("bob", "secret1"))
ok(root.wait_delivered("BOB", n + 1), "BOB may send as bob@qshim.test")
stop(p)
qcl("CHGSMTPA VFYID(*NO)")
p, ports = smtpd(root)
send(ports["submission"], "alice@qshim.test", ["bob@qshim.test"], "not checked", login=("bob", "secret1"))
ok(root.wait_delivered("BOB", n + 2), "VFYID(*NO): the originator is not checked")
stop(p)
done()
