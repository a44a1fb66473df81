#!/usr/bin/env python3
"""Demo: burst an invoice run by customer and mail each invoice as a PDF.

A batch job's invoice run (5 customers, 1-3 pages each) is printed by an
IBM i-style C program with record I/O (samples/invprint.c), the whole run is turned into one PDF with CPYSPLF, then BRSSPLF
splits it by the customer number, writes one PDF per customer and mails
it; MSF delivers to the customers' local mailboxes and one customer fetches
the mail over POP3 with Python poplib; pdftotext shows the attached PDF.

Run from the source tree after `make`: python3 tools/demo_burst.py
Exit status 0 when every step worked.
"""
import email
import email.policy
import os
import poplib
import re
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


def run(args, env=None, **kw):
    r = subprocess.run(args, capture_output=True, text=True,
                       env=dict(os.environ, **(env or {})), **kw)
    if r.returncode != 0:
        print(f"FAILED: {' '.join(args)}\n{r.stdout}{r.stderr}")
        sys.exit(1)
    return r.stdout + r.stderr


root = Root(journal=False)
d = root.dir
AR = {"QSHIM_USER": "AR"}
step("System root " + d + ": user AR (accounts receivable, ar@qshim.test), customers C0001-C0005")
root.adm("crtusrprf", "AR", "secret1")
root.adm("addusrsmtp", "AR", "ar", "qshim.test")
for k in range(1, 6):
    root.adm("crtusrprf", f"C{k:04d}", "secret1")
    root.adm("addusrsmtp", f"C{k:04d}", f"c{k:04d}", "qshim.test")
print("done")

step("The nightly invoice run: samples/invprint.c prints it with record I/O (_Ropen/_Rwrite, *FCFC)")
pc = run(["pkg-config", "--cflags", "--libs", "qshim"],
         env={"PKG_CONFIG_PATH": os.path.join(BUILD, "pkgconfig")}).split()
run(["cc", "-Wall", "-Werror", "-o", f"{d}/invprint", f"{SRC}/samples/invprint.c", *pc])
with open(f"{d}/inv.fcfc", "w") as f:
    subprocess.run(["python3", os.path.join(SRC, "tests/integration/lib/mkinvoices.py"), "5", "--seed", "5"],
                   stdout=f, check=True)
with open(f"{d}/inv.fcfc") as f:
    print(run([f"{d}/invprint"], env=AR, stdin=f).rstrip())
lst = run([os.path.join(BIN, "qcl"), "WRKSPLF SELECT(*ALL)"]).rstrip()
print(lst)
mm = re.search(r"^INVOICES .* (\d+) +(\S+) +(\S+) +(\d{6}) ", lst, re.M)
if not mm:
    print("FAILED: no INVOICES spooled file")
    sys.exit(1)
num, job = mm.group(1), f"{mm.group(4)}/{mm.group(3)}/{mm.group(2)}"
print(f"spooled file INVOICES number {num} in job {job}")

step("CPYSPLF ... WSCST(*PDF): the whole run as one PDF")
run([os.path.join(BIN, "qcl"), f"CPYSPLF FILE(INVOICES) TOFILE(*TOSTMF) JOB({job}) SPLNBR({num}) "
     f"TOSTMF('{d}/run.pdf') WSCST(*PDF) STMFOPT(*REPLACE)"])
print([ln for ln in run(["pdfinfo", f"{d}/run.pdf"]).splitlines() if ln.startswith("Pages")][0])

step("BRSSPLF: burst by the customer number (line 2, position 11), address from line 3")
cmd = (f"BRSSPLF FILE(INVOICES) JOB({job}) SPLNBR({num}) SPLIT(*KEYPOS) KEYPOS(2 11 8) "
       "MAILTO(*POS) ADDRPOS(3 8 40) SUBJECT('Your invoice &KEY') "
       "NOTE('Dear customer &KEY, your invoice (&PAGES pages) is attached.') PDFNAME('Invoice-&KEY.pdf')")
print("  " + cmd)
print(run([os.path.join(BIN, "qcl"), cmd], env=AR).rstrip())
print("  again (a rerun after a crash would resume; a finished run mails nothing):")
print(run([os.path.join(BIN, "qcl"), cmd], env=AR).rstrip())

step("MSF runner (STRMSF, one pass): local delivery")
run([os.path.join(BIN, "qmailadm"), "strmsf", "--once"])
for k in range(1, 6):
    u = f"C{k:04d}"
    if not root.wait_delivered(u, 1):
        print(f"FAILED: no mail for {u}")
        sys.exit(1)
    print(f"  {u}: {len(root.maildir(u))} message(s)")

step("Customer C0003 fetches the mail over POP3 (STLS) with Python poplib")
p, ports = pop3d(root)
m = poplib.POP3("127.0.0.1", ports["pop3"], timeout=10)
m.stls(context=no_verify_ctx())
m.user("c0003")
m.pass_("secret1")
raw = b"\r\n".join(m.retr(1)[1]) + b"\r\n"
m.quit()
e = email.message_from_bytes(raw, policy=email.policy.default)
print(f"  From: {e['from']}  To: {e['to']}  Subject: {e['subject']}")
print("  " + e.get_body(preferencelist=("plain",)).get_content().strip())
att = next(e.iter_attachments())
print(f"  attachment: {att.get_filename()} ({att.get_content_type()}, {len(att.get_content())} bytes)")
open(f"{d}/c3.pdf", "wb").write(att.get_content())
run(["qpdf", "--check", f"{d}/c3.pdf"])
print("  qpdf --check: ok; pdftotext -layout of the attachment:")
for line in run(["pdftotext", "-layout", f"{d}/c3.pdf", "-"]).splitlines()[:8]:
    if line.strip():
        print("    " + line.rstrip())
print("\nDemo complete.")
