#!/usr/bin/python3
# Delivery status notifications (RFC 3461 / RFC 3464) end to end: a message
# submitted to qsmtpd with NOTIFY/ORCPT/ENVID/RET, delivered by qsmtpc to two
# aiosmtpd servers (one offering DSN, one not) and to a dead port; the reports
# land in the sender's mailbox and are parsed back with Python's email package.
#   DSN-capable next hop: the parameters are passed on, no local report;
#   next hop without DSN: NOTIFY=SUCCESS gives a local "relayed" report;
#   local mailbox: NOTIFY=SUCCESS gives a "delivered" report;
#   deferral: NOTIFY=DELAY gives one "delayed" report (not repeated);
#   NOTIFY=NEVER: no report for a refused recipient, FAILURE: an NDR.
import email
import email.policy
import os
import smtplib
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from qsmail import BIN, Root, smtpd, ok, plan, done, no_verify_ctx  # noqa: E402

try:
    from aiosinks import start_sink, free_port
except ImportError:
    print("1..0 # skip python3-aiosmtpd not installed")
    sys.exit(0)

plan(15)
sinks = {"dsn": start_sink(dsn=True), "plain": start_sink()}
root = Root()
with open(os.path.join(root.dir, "mail", "smtpc.conf"), "w") as f:
    f.write("TIMEOUT 10\nROUTE dsn.test 127.0.0.1:%d\nROUTE plain.test 127.0.0.1:%d\n"
            "ROUTE down.test 127.0.0.1:%d\n" % (sinks["dsn"].port, sinks["plain"].port, free_port()))
p, ports = smtpd(root)

body = (b"From: bob@qshim.test\r\nTo: many\r\nSubject: dsn test\r\n"
        b"Message-ID: <dsn-test-1@qshim.test>\r\n\r\nhello\r\n")
with smtplib.SMTP("127.0.0.1", ports["submission"], timeout=20) as s:
    s.ehlo("client.test")
    s.starttls(context=no_verify_ctx())
    s.ehlo("client.test")
    s.login("bob", "secret1")
    s.ehlo_or_helo_if_needed()
    s.mail("bob@qshim.test", ["RET=HDRS", "ENVID=QS+2BENV42"])
    rcpts = [("a@dsn.test", ["NOTIFY=SUCCESS,FAILURE", "ORCPT=rfc822;a@dsn.test"]),
             ("b@plain.test", ["NOTIFY=SUCCESS", "ORCPT=rfc822;orig-b@qshim.test"]),
             ("c@down.test", ["NOTIFY=DELAY,FAILURE"]),
             ("bad1@plain.test", ["NOTIFY=NEVER"]),
             ("bad2@plain.test", ["NOTIFY=FAILURE", "ORCPT=rfc822;bad2@plain.test"]),
             ("d@plain.test", []),
             ("alice@qshim.test", ["NOTIFY=SUCCESS"])]
    codes = [s.rcpt(a, o)[0] for a, o in rcpts]
    code, _ = s.data(body)
ok(codes == [250] * len(rcpts) and code == 250, "submitted with DSN parameters", codes)


def run_queue(until, timeout=15):
    end = time.time() + timeout
    while time.time() < end:
        subprocess.run([os.path.join(BIN, "qsmtpc"), "-q"], capture_output=True)
        if until():
            return True
        time.sleep(0.1)
    return until()


run_queue(lambda: sinks["dsn"].msgs and len(sinks["plain"].msgs) >= 1)
dmsgs, pmsgs = sinks["dsn"].msgs, sinks["plain"].msgs
ok(len(dmsgs) == 1 and len(pmsgs) == 1, "delivered once to each next hop", (dmsgs, pmsgs))
mail_opts = dmsgs[0][1] if dmsgs else []
ok("RET=HDRS" in mail_opts and "ENVID=QS+2BENV42" in mail_opts,
   "DSN next hop gets RET and ENVID on MAIL", mail_opts)
ropts = dict(dmsgs[0][2]) if dmsgs else {}
ok(ropts.get("a@dsn.test") == ["NOTIFY=SUCCESS,FAILURE", "ORCPT=RFC822;A@DSN.TEST"],
   "DSN next hop gets NOTIFY and ORCPT on RCPT", ropts)
ok(pmsgs and all(o == [] for _, o in pmsgs[0][2]) and
   [o for o in pmsgs[0][1] if not o.startswith("SIZE=")] == [],
   "no DSN parameters to a next hop without DSN", pmsgs[0][1:3] if pmsgs else None)


def reports():
    out = []
    for path in root.maildir("BOB"):
        with open(path, "rb") as f:
            m = email.message_from_binary_file(f, policy=email.policy.compat32)
        if m.get_content_type() != "multipart/report":
            continue
        parts = m.get_payload()
        ds = next(p for p in parts if p.get_content_type() == "message/delivery-status")
        blocks = ds.get_payload()          # [per-message, per-recipient...]
        out.append((m, blocks[0], blocks[1:]))
    return out


root.wait_delivered("BOB", 4, timeout=15)
reps = reports()
by_action = {}
for m, permsg, perrcpt in reps:
    for r in perrcpt:
        by_action.setdefault(r["Action"], []).append((m, permsg, r))
ok(len(reps) == 4 and m.get_param("report-type") == "delivery-status",
   "four multipart/report messages: relayed, delivered, delayed, failed",
   [(m["Subject"], [r["Action"] + " " + r["Final-Recipient"] for r in pr]) for m, _, pr in reps])

rel = by_action.get("relayed", [])
ok(len(rel) == 1 and rel[0][2]["Final-Recipient"] == "rfc822; b@plain.test"
   and rel[0][2]["Original-Recipient"] == "rfc822;orig-b@qshim.test"
   and rel[0][2]["Status"].startswith("2.") and rel[0][1]["Original-Envelope-Id"] == "QS+2BENV42",
   "relayed report for the next hop without DSN, with ORCPT and ENVID",
   [(r.items(), pm.items()) for _, pm, r in rel])
ok(not any("dsn.test" in r["Final-Recipient"] for a in by_action.values() for _, _, r in a),
   "no local success report where the next hop took the DSN request")
dlv = by_action.get("delivered", [])
ok(len(dlv) == 1 and dlv[0][2]["Final-Recipient"] == "rfc822; alice@qshim.test"
   and dlv[0][0]["Subject"] == "Successful Mail Delivery Report",
   "local mailbox delivery: delivered report", [r.items() for _, _, r in dlv])
dly = by_action.get("delayed", [])
ok(len(dly) == 1 and dly[0][2]["Final-Recipient"] == "rfc822; c@down.test"
   and dly[0][2]["Status"].startswith("4.") and dly[0][0]["Auto-Submitted"] == "auto-replied",
   "NOTIFY=DELAY: a delayed report for the unreachable host", [r.items() for _, _, r in dly])
fl = by_action.get("failed", [])
ok(len(fl) == 1 and fl[0][2]["Final-Recipient"] == "rfc822; bad2@plain.test"
   and fl[0][2]["Status"] == "5.1.1" and fl[0][2]["Original-Recipient"] == "rfc822;bad2@plain.test",
   "NOTIFY=FAILURE: NDR with Status 5.1.1; NOTIFY=NEVER: none", [r.items() for _, _, r in fl])
ok(all(m["From"].startswith("Mail Delivery Subsystem") and
       any(pp.get_content_type() == "text/rfc822-headers" for pp in m.get_payload())
       for m, _, _ in reps), "reports come from MAILER-DAEMON and return the headers")

# the deferred recipient stays queued with its DSN request and one attempt
# counted (the delay warning is tied to the first deferral only)
qdir = os.path.join(root.dir, "mail", "queue", "remote")
envs = []
for n in sorted(os.listdir(qdir)) if os.path.isdir(qdir) else []:
    if len(n) == 32:
        with open(os.path.join(qdir, n)) as f:
            envs.append(f.read())
ok(len(envs) == 1 and "attempts 1\n" in envs[0] and " 12 6 - - c@down.test\n" in envs[0]
   and "envid QS+2BENV42\n" in envs[0], "deferred recipient kept with NOTIFY=DELAY,FAILURE and ENVID",
   envs)
# without RET=HDRS a failure report returns the whole message (message/rfc822)
with smtplib.SMTP("127.0.0.1", ports["submission"], timeout=20) as s:
    s.ehlo("client.test")
    s.starttls(context=no_verify_ctx())
    s.ehlo("client.test")
    s.login("bob", "secret1")
    s.sendmail("bob@qshim.test", ["bad3@plain.test"],
               b"From: bob@qshim.test\r\nTo: bad3@plain.test\r\nSubject: full return\r\n"
               b"\r\nbody line that comes back\r\n")
run_queue(lambda: len(root.maildir("BOB")) >= 5)
root.wait_delivered("BOB", 5, timeout=15)
full = [m for m, _, _ in reports() if any(pp.get_content_type() == "message/rfc822"
                                         for pp in m.get_payload())]
ret = full[0].get_payload()[2].get_payload()[0] if full else None
ok(len(full) == 1 and ret["Subject"] == "full return" and
   "body line that comes back" in ret.get_payload(),
   "no RET=HDRS: the NDR returns the whole message", [m["Subject"] for m, _, _ in reports()])
ok(p.poll() is None, "qsmtpd still running")

for s in sinks.values():
    s.stop()
done()
