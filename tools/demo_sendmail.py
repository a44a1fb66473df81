#!/usr/bin/env python3
"""Demo: an IBM i-style C program sends mail through QtmmSendMail and
QtmsCreateSendEmail (PDF attachment, S/MIME signed and encrypted); MSF
delivers it to Bob's mailbox; Bob fetches it over POP3 (Python poplib);
`openssl cms` decrypts it and verifies the signature.

Run from the source tree after `make`: python3 tools/demo_sendmail.py
Exit status 0 when every step worked.
"""
import email
import email.policy
import os
import poplib
import subprocess
import sys

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("QSHIM_BUILD", os.path.join(SRC, "build"))
os.environ.setdefault("QSHIM_BUILD", BUILD)
sys.path.insert(0, os.path.join(SRC, "tests", "integration", "lib"))
from qsmail import Root, pop3d, no_verify_ctx  # noqa: E402

BIN = os.path.join(BUILD, "bin")


def step(msg):
    print(f"\n== {msg}", flush=True)


def run(args, **kw):
    r = subprocess.run(args, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        print(f"FAILED: {' '.join(args)}\n{r.stdout}{r.stderr}")
        sys.exit(1)
    return r.stdout


root = Root()
d = root.dir
step("System root " + d + ": users ALICE and BOB, SMTP addresses alice@ and bob@qshim.test")

step("Certificates made with openssl req: a CA, Alice (PKCS#12), Bob")
sh = f"""cd '{d}' && set -e
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=DemoCA
printf 'basicConstraints=CA:FALSE\\nkeyUsage=digitalSignature,keyEncipherment\\nextendedKeyUsage=emailProtection\\nsubjectAltName=email:copy\\n' > leaf.ext
for u in alice bob; do
  openssl req -new -newkey rsa:2048 -nodes -keyout $u.key -out $u.csr -subj "/CN=$u/emailAddress=$u@qshim.test"
  openssl x509 -req -in $u.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile leaf.ext -out $u.pem
done
openssl pkcs12 -export -inkey alice.key -in alice.pem -certfile ca.pem -passout pass:alice-p12 -out alice.p12
"""
run(["bash", "-c", sh + " >/dev/null 2>&1"])
run([os.path.join(BIN, "qsmime"), "own", "ALICE", "alice@qshim.test", f"{d}/alice.p12"], input="alice-p12\n")
run([os.path.join(BIN, "qsmime"), "cert", "ALICE", "bob@qshim.test", f"{d}/bob.pem"])
run([os.path.join(BIN, "qsmime"), "cert", "ALICE", "alice@qshim.test", f"{d}/alice.pem"])
print("imported: ALICE's PKCS#12, certificates for bob@ and alice@qshim.test")

step("Compile the IBM-style samples with cc -Wall -Werror $(pkg-config --cflags --libs qshim)")
pc = run(["pkg-config", "--cflags", "--libs", "qshim"],
         env=dict(os.environ, PKG_CONFIG_PATH=os.path.join(BUILD, "pkgconfig"))).split()
for s in ("sendmime", "crtsndemail"):
    run(["cc", "-Wall", "-Werror", "-o", f"{d}/{s}", f"{SRC}/samples/{s}.c", *pc])
    print(f"samples/{s}.c compiled")

step("QtmmSendMail: the note file is written with fopen(\"w,ccsid=819,crln=Y\")")
print(run([f"{d}/sendmime", f"{d}/note.txt", "alice@qshim.test", "bob@qshim.test",
           "alice@qshim.test", "alice@qshim.test"]).strip())
print("note file unlinked:", not os.path.exists(f"{d}/note.txt"))

step("QtmsCreateSendEmail as ALICE: PDF attachment, security level 3 (sign + encrypt)")
with open(f"{d}/Invoice.pdf", "wb") as f:
    f.write(b"%PDF-1.4\n% demo invoice\n" + os.urandom(4000))
print(run([f"{d}/crtsndemail", "bob@qshim.test", "alice@qshim.test", f"{d}/Invoice.pdf", "3", "alice-p12"],
          env=dict(os.environ, QSHIM_USER="ALICE")).strip())

step("MSF runner (STRMSF, one pass): local delivery into Bob's Maildir")
run([os.path.join(BIN, "qmailadm"), "strmsf", "--once"])
if not root.wait_delivered("BOB", 2):
    print("FAILED: Bob's mailbox does not hold two messages")
    sys.exit(1)
print("Bob's mailbox:", len(root.maildir("BOB")), "messages")

step("Bob fetches his mail over POP3 (STLS, USER/PASS) with Python poplib")
p, ports = pop3d(root)
m = poplib.POP3("127.0.0.1", ports["pop3"], timeout=10)
m.stls(context=no_verify_ctx())
m.user("bob")
m.pass_("secret1")
msgs = []
for i in range(1, m.stat()[0] + 1):
    msgs.append(b"\r\n".join(m.retr(i)[1]) + b"\r\n")
m.quit()
for raw in msgs:
    e = email.message_from_bytes(raw, policy=email.policy.default)
    print(f"  From: {e['from']}  Subject: {e['subject']}  Type: {e.get_content_type()}")

step("openssl cms: Bob decrypts the S/MIME mail, then verifies Alice's signature")
enc = [r for r in msgs if b"application/pkcs7-mime" in r]
if not enc:
    print("FAILED: no S/MIME message")
    sys.exit(1)
with open(f"{d}/smime.eml", "wb") as f:
    f.write(enc[0])
run(["openssl", "cms", "-decrypt", "-in", f"{d}/smime.eml", "-recip", f"{d}/bob.pem",
     "-inkey", f"{d}/bob.key", "-out", f"{d}/signed.eml"])
r = subprocess.run(["openssl", "cms", "-verify", "-in", f"{d}/signed.eml", "-CAfile", f"{d}/ca.pem",
                    "-out", f"{d}/content.eml"], capture_output=True, text=True)
print(r.stderr.strip())
if r.returncode != 0:
    sys.exit(1)
c = email.message_from_bytes(open(f"{d}/content.eml", "rb").read(), policy=email.policy.default)
for part in c.iter_attachments():
    same = part.get_content() == open(f"{d}/Invoice.pdf", "rb").read()
    print(f"  attachment {part.get_filename()} ({part.get_content_type()}), identical to the original: {same}")
    if not same:
        sys.exit(1)
print("\nDemo complete.")
