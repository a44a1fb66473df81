#!/usr/bin/python3
# CHGSMTPA DLYWRN (qshim's own keyword): when the NOTIFY=DELAY warning is
# sent.  One message to an unreachable host (a closed port) is retried by
# `qsmtpc -q`; between runs the test moves the envelope's arrival time back
# instead of waiting, so nothing depends on timing:
#   DLYWRN(4): no warning at 0 h or 3 h of queueing, one at 5 h, none again;
#   only the recipient with NOTIFY=DELAY is in it; the record of the warning
#   goes when the message leaves the queue;
#   CHGSMTPA DLYWRN(*NONE|*DFT|n) writes smtpc.conf; 0 and 721 are refused.
import email
import email.utils
import email.policy
import os
import subprocess
import sys
import time
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from qsmail import BIN, Root, smtpd, ok, plan, done, free_port, submission  # noqa: E402

QCL = os.path.join(BIN, "qcl")
plan(14)


def qcl(cmd):
    r = subprocess.run([QCL, cmd], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


root = Root()
conf = os.path.join(root.dir, "mail", "smtpc.conf")
with open(conf, "w") as f:
    f.write("TIMEOUT 10\nRTYMIN 20 1\nROUTE down.test 127.0.0.1:%d\n" % free_port())
rc, out = qcl("CHGSMTPA DLYWRN(4)")
ok(rc == 0 and "DLYWRN 4\n" in open(conf).read(), "CHGSMTPA DLYWRN(4) writes smtpc.conf", out)
bad = [qcl("CHGSMTPA DLYWRN(%s)" % v) for v in ("0", "721")]
ok(all(r != 0 and "CPD" in o for r, o in bad) and "DLYWRN 4\n" in open(conf).read(),
   "DLYWRN(0) and DLYWRN(721) refused, the setting kept", bad)
p, ports = smtpd(root)

with submission(ports) as s:
    s.mail("bob@qshim.test", ["RET=HDRS"])
    codes = [s.rcpt("c@down.test", ["NOTIFY=DELAY,FAILURE"])[0],
             s.rcpt("d@down.test", ["NOTIFY=FAILURE"])[0]]
    code, _ = s.data(b"From: bob@qshim.test\r\nTo: c@down.test\r\nSubject: slow\r\n\r\nhi\r\n")
ok(codes == [250, 250] and code == 250, "submitted to an unreachable host", codes)

qdir = os.path.join(root.dir, "mail", "queue", "remote")


def envelope():
    """(path, text) of the one queued outbound envelope, or (None, "")."""
    names = [n for n in os.listdir(qdir) if len(n) == 32] if os.path.isdir(qdir) else []
    if len(names) != 1:
        return None, ""
    path = os.path.join(qdir, names[0])
    with open(path) as f:
        return path, f.read()


def attempts():
    _, t = envelope()
    for line in t.splitlines():
        if line.startswith("attempts "):
            return int(line.split()[1])
    return 0


def age_envelope(hours):
    """Received `hours` ago and due now; the trailer's CRC recomputed."""
    path, t = envelope()
    now = int(time.time())
    lines = [ln for ln in t.splitlines(True) if not ln.startswith("end ")]
    out = []
    for ln in lines:
        if ln.startswith("received "):
            ln = "received %d\n" % (now - int(hours * 3600))
        elif ln.startswith("next "):
            ln = "next 0\n"
        out.append(ln)
    body = "".join(out)
    body += "end %08x\n" % (zlib.crc32(body.encode()) & 0xffffffff)
    with open(path + ".t", "w") as f:
        f.write(body)
    os.rename(path + ".t", path)


def run_until(n, gone=False, timeout=20):
    """Run the queue until the envelope counts n attempts (gone: until it
    has left the queue)."""
    end = time.time() + timeout
    while time.time() < end:
        subprocess.run([os.path.join(BIN, "qsmtpc"), "-q"], capture_output=True)
        if envelope()[0] is None if gone else attempts() >= n:
            return True
        time.sleep(0.1)
    return False


def reports(with_age=False):
    """Per report: [(Action, Final-Recipient)...], with with_age also the
    hours from the message's Arrival-Date to the report's Date."""
    out = []
    for path in root.maildir("BOB"):
        with open(path, "rb") as f:
            m = email.message_from_binary_file(f, policy=email.policy.compat32)
        if m.get_content_type() != "multipart/report":
            continue
        ds = next(pp for pp in m.get_payload() if pp.get_content_type() == "message/delivery-status")
        blocks = ds.get_payload()
        r = [(b["Action"], b["Final-Recipient"]) for b in blocks[1:]]
        if with_age:
            age = (email.utils.parsedate_to_datetime(m["Date"]) -
                   email.utils.parsedate_to_datetime(blocks[0]["Arrival-Date"])).total_seconds()
            r = (r, round(age / 3600))
        out.append(r)
    return out


def local_mail(n):
    """A local mail to bob, waited for as bob's n-th message: a report made
    by an earlier queue run was queued before it."""
    with submission(ports) as s:
        s.sendmail("bob@qshim.test", ["bob@qshim.test"], b"Subject: marker\r\n\r\nx\r\n")
    return root.wait_delivered("BOB", n, timeout=20)


ok(run_until(1), "first attempt deferred (the message is new)", attempts())
age_envelope(3)
ok(run_until(2), "second attempt deferred at 3 hours", attempts())
ok(local_mail(1) and reports() == [], "no warning at 0 or 3 hours", reports())
age_envelope(5)
ok(run_until(3), "third attempt deferred at 5 hours", attempts())
ok(root.wait_delivered("BOB", 2, timeout=20), "a delay warning arrived")
mid = envelope()[1].split("\nid ")[1].split("\n")[0] if envelope()[0] else ""
marker = os.path.join(root.dir, "mail", "dlywrn", mid)
ok(mid and os.path.exists(marker), "the warning is recorded for the message", marker)
age_envelope(6)
ok(run_until(4), "fourth attempt deferred at 6 hours", attempts())
local_mail(3)
reps = reports(with_age=True)
ok(reps == [([("delayed", "rfc822; c@down.test")], 5)],
   "exactly one warning, made at 5 hours, for the NOTIFY=DELAY recipient only", reps)

# out of retries: the message fails, the record of its warning goes
with open(conf, "a") as f:
    f.write("RTYMIN 0 0\n")
age_envelope(7)
run_until(5, gone=True)
root.wait_delivered("BOB", 4, timeout=20)
ok(envelope()[0] is None and not os.path.exists(marker) and
   any(("failed", "rfc822; c@down.test") in r for r in reports()),
   "the message failed; its warning record removed", (envelope()[0], reports()))

r1 = qcl("CHGSMTPA DLYWRN(*NONE)")
t1 = open(conf).read()
r2 = qcl("CHGSMTPA DLYWRN(*DFT)")
t2 = open(conf).read()
ok(r1[0] == 0 and "DLYWRN *NONE\n" in t1 and r2[0] == 0 and "DLYWRN" not in t2,
   "DLYWRN(*NONE) written, DLYWRN(*DFT) removes the line", (r1, r2))
ok(p.poll() is None, "qsmtpd still running")
done()
