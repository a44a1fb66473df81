#!/usr/bin/env python3
# fetchmail (a real POP3 client nobody here wrote) against qpop3d: STLS on
# the pop3 port and implicit TLS on pop3s, the server certificate checked
# against the test CA file (sslcertck), messages handed to an MDA
# (`cat >> file`), deleted on the server at QUIT, nothing fetched twice.
# CHGPOPA ALWSSL(*ONLY) too: fetchmail still logs in, over STLS.
import os
import shutil
import smtplib
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from qsmail import Root, smtpd, pop3d, stop, ok, plan, done  # noqa: E402

FM = shutil.which("fetchmail")
if not FM:
    print("1..0 # SKIP fetchmail not installed (tools/deps.sh installs it)")
    sys.exit(0)

plan(7)
root = Root()
# fetchmail checks the certificate against the name it connects to: a
# certificate for 127.0.0.1 (CN and subjectAltName) replaces the test one
subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", root.key,
                "-out", root.cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:127.0.0.1"],
               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
home = os.path.join(root.dir, "fmhome")
os.mkdir(home, 0o700)


def fetch(port, implicit, out):
    rc = os.path.join(home, "fetchmailrc")
    with open(rc, "w") as f:
        f.write(f'''set no syslog
poll 127.0.0.1 with proto POP3 service {port}
  user "bob" there with password "secret1" is "nobody" here
  {"ssl " if implicit else ""}sslproto "tls1.2+" sslcertck sslcertfile "{root.cert}"
  mda "cat >> {out}"
''')
    os.chmod(rc, 0o600)
    env = dict(os.environ, FETCHMAILHOME=home, HOME=home)
    r = subprocess.run([FM, "-f", rc, "--nodetach", "-v"], capture_output=True, text=True,
                       env=env, timeout=60)
    return r.returncode, r.stdout + r.stderr


def send(port, subjects):
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as s:
        for sub in subjects:
            s.sendmail("alice@example.com", ["bob@qshim.test"],
                       f"Subject: {sub}\r\n\r\nline\r\n.leading dot\r\n".encode())


ps, sp = smtpd(root)
send(sp["smtp"], ["stls one", "stls two"])
ok(root.wait_delivered("BOB", 2, timeout=60), "two messages delivered to BOB")
pp, pport = pop3d(root)
out1 = os.path.join(root.dir, "stls.out")
rc, log = fetch(pport["pop3"], False, out1)
got = open(out1).read() if os.path.exists(out1) else ""
ok(rc == 0 and "Subject: stls one" in got and "Subject: stls two" in got and "\n.leading dot" in got,
   "fetchmail over STLS (certificate checked) hands both messages to the MDA", log[-2000:])
ok("STLS" in log and root.maildir("BOB") == [], "it used STLS, and the messages were deleted at QUIT",
   (root.maildir("BOB"), log[-800:]))
rc, log = fetch(pport["pop3"], False, out1)
ok(rc == 1 and got == open(out1).read(), "a second poll finds no mail (fetchmail exit 1)", (rc, log[-500:]))

send(sp["smtp"], ["pop3s one"])
root.wait_delivered("BOB", 1, timeout=60)
out2 = os.path.join(root.dir, "pop3s.out")
rc, log = fetch(pport["pop3s"], True, out2)
got = open(out2).read() if os.path.exists(out2) else ""
ok(rc == 0 and "Subject: pop3s one" in got, "fetchmail over implicit TLS (pop3s) fetches the message", log[-2000:])
stop(pp)

root.adm("chgpopa", "ALWSSL", "*ONLY")
pp, pport = pop3d(root)
send(sp["smtp"], ["only tls"])
root.wait_delivered("BOB", 1, timeout=60)
out3 = os.path.join(root.dir, "only.out")
rc, log = fetch(pport["pop3"], False, out3)
got = open(out3).read() if os.path.exists(out3) else ""
ok(rc == 0 and "Subject: only tls" in got, "ALWSSL(*ONLY): fetchmail logs in after STLS", log[-2000:])
ok(root.maildir("BOB") == [], "mailbox empty at the end", root.maildir("BOB"))
stop(pp)
stop(ps)
done()
