#!/usr/bin/env python3
"""Demo: burst an invoice run by customer and mail each invoice as a PDF.

A batch job's invoice run (5 customers, 1-3 pages each) is printed by an
IBM i-style C program with record I/O (samples/invprint.c), the whole run
is turned into one PDF with CPYSPLF, then BRSSPLF splits it by the
customer number, writes one PDF per customer and mails it.  A second run
(the credit notes) comes from another system by LPR: the Debian client
rlpr drops it into output queue QGPL/INVOICES through qlpd (STRTCPSVR
SERVER(*LPD)); CPYSPLF makes a PDF of it that SNDSMTPEMM mails to the
accounts manager, and BRSSPLF bursts it by customer too.  MSF delivers to
the local mailboxes and one customer fetches the mail over POP3 with
Python poplib; pdftotext shows the attached PDF.

rlpr talks only to port 515, so that step runs in a private network
namespace (unshare -n, as root) where 515 is free and nothing else can
see it; without one, the same job is sent by a small RFC 1179 client in
Python to qlpd on a free loopback port instead (and the demo says so).

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

step("A second report arrives by LPR: rlpr → qlpd (STRTCPSVR SERVER(*LPD)) → output queue QGPL/INVOICES")
root.adm("crtusrprf", "BOSS", "secret1")
root.adm("addusrsmtp", "BOSS", "boss", "qshim.test")
run([os.path.join(BIN, "qcl"), "CRTOUTQ OUTQ(QGPL/INVOICES) TEXT('Reports from other systems')"], env=AR)
fcfc = subprocess.run(["python3", os.path.join(SRC, "tests/integration/lib/mkinvoices.py"), "5", "--seed", "11"],
                      capture_output=True, text=True, check=True).stdout
text = []
for ln in fcfc.splitlines():        # the other system prints plain text: a form feed starts a page
    if ln[:1] == "1" and text:
        text.append("\f")
    text.append(ln[1:] + "\n")
with open(f"{d}/notes.txt", "w") as f:
    f.write("".join(text).replace("INVOICE ", "CREDIT  "))
lpd_env = dict(os.environ, QSHIM_BIN=BIN)
ns = (os.environ.get("QSHIM_DEMO_NO_NETNS") != "1" and
      subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0)
if ns and subprocess.run(["which", "rlpr"], capture_output=True).returncode == 0:
    script = (f"ip link set lo up && {BIN}/qcl 'STRTCPSVR SERVER(*LPD)' && "
              f"rlpr -N -H 127.0.0.1 -P INVOICES -U AR {d}/notes.txt; rc=$?; "
              f"{BIN}/qcl 'ENDTCPSVR SERVER(*LPD)'; exit $rc")
    print("  unshare -n: STRTCPSVR SERVER(*LPD); rlpr -N -H 127.0.0.1 -P INVOICES -U AR notes.txt; ENDTCPSVR")
    r = subprocess.run(["unshare", "-n", "bash", "-c", script], capture_output=True, text=True, env=lpd_env)
    print("  " + (r.stdout + r.stderr).strip().replace("\n", "\n  "))
    if r.returncode != 0:
        print("FAILED: the LPR step")
        sys.exit(1)
else:
    import socket
    import time
    print("  (no private network namespace here: rlpr needs port 515; an RFC 1179 client in Python "
          "sends the job to qlpd on a free port instead)")
    lp = subprocess.Popen([os.path.join(BIN, "qlpd"), "--port", "0"], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True, env=lpd_env)
    try:
        port = int(re.search(r"lpd=(\d+)", lp.stdout.readline()).group(1))
        data = open(f"{d}/notes.txt", "rb").read()
        ctl = b"Hdemo\nPAR\nNnotes.txt\nldfA001demo\n"
        s = socket.create_connection(("127.0.0.1", port), timeout=20)
        for chunk in (b"\x02INVOICES\n", b"\x02%d cfA001demo\n" % len(ctl), ctl + b"\0",
                      b"\x03%d dfA001demo\n" % len(data), data + b"\0"):
            s.sendall(chunk)
            if s.recv(1) != b"\0":
                print("FAILED: qlpd refused the job")
                sys.exit(1)
        s.close()
        for _ in range(100):
            if "QLPD" in run([os.path.join(BIN, "qcl"), "WRKOUTQ INVOICES"]):
                break
            time.sleep(0.05)
    finally:
        lp.terminate()
        lp.wait()
lst = run([os.path.join(BIN, "qcl"), "WRKOUTQ INVOICES"]).rstrip()
print(lst)
mm = re.search(r"^QLPD .* (\d+) +(\S+) +(\S+) +(\d{6}) ", lst, re.M)
if not mm:
    print("FAILED: the LPR job is not on QGPL/INVOICES")
    sys.exit(1)
lnum, ljob = mm.group(1), f"{mm.group(4)}/{mm.group(3)}/{mm.group(2)}"

step("The IBM flow on it: CPYSPLF ... WSCST(*PDF), SNDSMTPEMM with the PDF attached to the accounts manager")
for c in (f"CPYSPLF FILE(QLPD) TOFILE(*TOSTMF) JOB({ljob}) SPLNBR({lnum}) TOSTMF('{d}/credit-notes.pdf') "
          "WSCST(*PDF) STMFOPT(*REPLACE)",
          "SNDSMTPEMM RCP((boss@qshim.test)) SUBJECT('Credit notes of today') "
          f"NOTE('The credit note run from the branch office is attached.') ATTACH(('{d}/credit-notes.pdf' *PDF *BIN))"):
    print("  " + c)
    out = run([os.path.join(BIN, "qcl"), c], env=AR).strip()
    if out:
        print("  " + out)
print("  " + [ln for ln in run(["pdfinfo", f"{d}/credit-notes.pdf"]).splitlines() if ln.startswith("Pages")][0])

step("BRSSPLF on the LPR job: one credit note per customer")
cmd2 = (f"BRSSPLF FILE(QLPD) JOB({ljob}) SPLNBR({lnum}) SPLIT(*KEYPOS) KEYPOS(2 11 8) "
        "MAILTO(*POS) ADDRPOS(3 8 40) SUBJECT('Your credit note &KEY') "
        "NOTE('Dear customer &KEY, your credit note is attached.') PDFNAME('Credit-&KEY.pdf')")
print("  " + cmd2)
print(run([os.path.join(BIN, "qcl"), cmd2], env=AR).rstrip())

step("MSF runner (STRMSF, one pass): local delivery")
run([os.path.join(BIN, "qmailadm"), "strmsf", "--once"])
for k in range(1, 6):
    u = f"C{k:04d}"
    if not root.wait_delivered(u, 2):
        print(f"FAILED: not both mails for {u}")
        sys.exit(1)
    print(f"  {u}: {len(root.maildir(u))} message(s): invoice and credit note")
if not root.wait_delivered("BOSS", 1):
    print("FAILED: no mail for BOSS")
    sys.exit(1)
print(f"  BOSS: {len(root.maildir('BOSS'))} message(s): the credit note run")

step("Customer C0003 fetches the mail over POP3 (STLS) with Python poplib")
p, ports = pop3d(root)
m = poplib.POP3("127.0.0.1", ports["pop3"], timeout=10)
m.stls(context=no_verify_ctx())
m.user("c0003")
m.pass_("secret1")
raws = [b"\r\n".join(m.retr(i)[1]) + b"\r\n" for i in (1, 2)]
raws.sort(key=lambda r: b"Subject: Your credit note" in r)      # the invoice first
raw, raw2 = raws
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
e2 = email.message_from_bytes(raw2, policy=email.policy.default)
att2 = next(e2.iter_attachments())
print(f"  second mail: {e2['subject']}, attachment {att2.get_filename()}")
open(f"{d}/c3-credit.pdf", "wb").write(att2.get_content())
run(["qpdf", "--check", f"{d}/c3-credit.pdf"])
if "CREDIT" not in run(["pdftotext", "-layout", f"{d}/c3-credit.pdf", "-"]):
    print("FAILED: the credit note PDF does not hold the LPR text")
    sys.exit(1)
print("  qpdf --check: ok; pdftotext finds the credit note text that came in by LPR")
print("\nDemo complete.")
