#!/usr/bin/env python3
# Crash safety of the MSF queue and delivery: 10 SMTP sessions send numbered
# messages while qsmtpd (with its MSF workers) is killed with SIGKILL at random
# moments and restarted.  Afterwards every message that got "250" is in the
# mailbox exactly once, and no message appears twice.  Every third message
# also goes to ALICE, so one queue entry carries two deliveries that the MSF
# worker makes durable in the same batch (and a kill can split).  (~20 s)
import os
import random
import re
import signal
import smtplib
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from qsmail import Root, smtpd, stop, ok, plan, done  # noqa: E402

plan(6)
root = Root(journal=False)
state = {"port": None, "proc": None}
lock = threading.Lock()
acked = set()
sent = set()
acked_alice = set()
stop_flag = threading.Event()
KILL_SECONDS = 12


def restart():
    p, ports = smtpd(root)
    state["proc"], state["port"] = p, ports["smtp"]


def client(cid):
    n = 0
    while not stop_flag.is_set():
        try:
            with smtplib.SMTP("127.0.0.1", state["port"], timeout=5) as s:
                s.ehlo("crash.example")
                while not stop_flag.is_set():
                    tok = f"T{cid:02d}-{n:06d}"
                    n += 1
                    with lock:
                        sent.add(tok)
                    msg = (f"Subject: {tok}\r\nX-Token: {tok}\r\n\r\n" +
                           "body line\r\n" * random.randint(1, 200)).encode()
                    both = n % 3 == 0
                    rcpts = ["bob@qshim.test"] + (["alice@qshim.test"] if both else [])
                    s.sendmail("load@example.com", rcpts, msg)
                    with lock:
                        acked.add(tok)
                        if both:
                            acked_alice.add(tok)
        except (OSError, smtplib.SMTPException):
            time.sleep(0.05)


restart()
threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(10)]
for t in threads:
    t.start()
kills = 0
end = time.time() + KILL_SECONDS
while time.time() < end:
    time.sleep(random.uniform(0.2, 1.2))
    state["proc"].send_signal(signal.SIGKILL)
    state["proc"].wait()
    kills += 1
    restart()
stop_flag.set()
for t in threads:
    t.join(10)
# let the last server drain the queue
deadline = time.time() + 30
while time.time() < deadline and root.adm("queue").split()[1] != "0":
    time.sleep(0.2)
stop(state["proc"])
ok(kills >= 5 and len(acked) > 100, f"{kills} SIGKILLs during load, {len(acked)} messages acknowledged")

pat = re.compile(rb"^X-Token: (T\d\d-\d{6})\r$", re.M)


def tokens(user):
    c = {}
    for f in root.maildir(user):
        with open(f, "rb") as fh:
            m = pat.search(fh.read(4096))
        if m:
            tok = m.group(1).decode()
            c[tok] = c.get(tok, 0) + 1
    return c


counts = tokens("BOB")
lost = sorted(t for t in acked if counts.get(t, 0) == 0)
dups = sorted(t for t, c in counts.items() if c > 1)
unknown = sorted(t for t in counts if t not in sent)
ok(not lost, "every acknowledged message was delivered", lost[:20])
ok(not dups, "no message was delivered twice", dups[:20])
ok(not unknown, "nothing was delivered that was not sent", unknown[:20])
acounts = tokens("ALICE")
alost = sorted(t for t in acked_alice if acounts.get(t, 0) == 0)
abad = sorted(t for t, c in acounts.items() if c > 1 or t not in sent)
ok(len(acked_alice) > 30 and not alost,
   f"every acknowledged two-recipient message reached ALICE too ({len(acked_alice)})", alost[:20])
ok(not abad, "ALICE got nothing twice and nothing unsent", abad[:20])
done()
