#!/usr/bin/env python3
"""BRSSPLF: a 20-customer invoice run (1-3 pages each) burst by the customer
key at a position, the address from the spool data; MSF delivers one mail
per customer into local Maildirs.  Each mail is parsed with Python `email`,
its PDF checked with `qpdf --check` and `pdftotext -layout` (text equals
that customer's pages); the customer without an address lands on the error
output queue; a rerun mails nothing.  Then an encrypted burst with a CSV
mapping (key,address,password): `qpdf --show-encryption`, `pdftotext -upw`
with the right and the wrong password."""
import email
import email.policy
import glob
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from qsmail import BIN, Root, ok, plan, done  # noqa: E402

SRC = os.environ.get("QSHIM_SRC", ".")
MK = os.path.join(SRC, "tests", "integration", "lib", "mkinvoices.py")
root = Root(journal=False)
d = root.dir


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def qcl(cmd, user="AR"):
    return run([os.path.join(BIN, "qcl"), cmd], env=dict(os.environ, QSHIM_USER=user))


def squeeze(text):
    out = []
    for line in text.replace("\f", "\n").splitlines():
        s = " ".join(line.split())
        if s:
            out.append(s)
    return out


plan(14)
root.adm("crtusrprf", "AR", "secret1")
root.adm("addusrsmtp", "AR", "ar", "qshim.test")
N = 20
for k in range(1, N + 1):
    u = f"C{k:04d}"
    root.adm("crtusrprf", u, "secret1")
    root.adm("addusrsmtp", u, u.lower(), "qshim.test")

with open(f"{d}/inv.fcfc", "w") as f:
    subprocess.run(["python3", MK, str(N), "--json", f"{d}/inv.json", "--noaddr", "C0007"], stdout=f, check=True)
meta = json.load(open(f"{d}/inv.json"))
r = run([os.path.join(BIN, "qsplfput"), "--ctlchar", "fcfc", "--file", "INVOICES", f"{d}/inv.fcfc"],
        env=dict(os.environ, QSHIM_USER="AR"))
fname, num, job = r.stdout.split()
BURST = (f"BRSSPLF FILE(INVOICES) JOB({job}) SPLNBR({num}) SPLIT(*KEYPOS) KEYPOS(2 11 8) "
         "MAILTO(*POS) ADDRPOS(3 8 40) SUBJECT('Invoice &KEY (&PAGES pages)') "
         "NOTE('Dear customer &KEY, your invoice is attached. Part &PART of &PARTS.') "
         "PDFNAME('INV-&KEY.pdf')")
r = qcl(BURST)
ok(r.returncode == 0 and "20 parts, 19 mailed, 0 mailed earlier, 1 to the error queue" in r.stdout + r.stderr,
   "BRSSPLF bursts 20 customers: 19 mailed, 1 to the error queue", r.stdout + r.stderr)
ok("key 'C0007'" in r.stdout and "no address" in r.stdout, "the part without an address is reported", r.stdout)

run([os.path.join(BIN, "qmailadm"), "strmsf", "--once"])
got = {}
for k in range(1, N + 1):
    u = f"C{k:04d}"
    got[u] = root.maildir(u)
ok(all(len(got[u]) == (0 if u == "C0007" else 1) for u in got),
   "MSF delivers exactly one mail to each customer's Maildir",
   {u: len(v) for u, v in got.items()})

bad_hdr, bad_pdf, bad_text = [], [], []
for u, files in got.items():
    if not files:
        continue
    m = email.message_from_bytes(open(files[0], "rb").read(), policy=email.policy.default)
    pages = len(meta[u]["pages"])
    if (m["subject"] != f"Invoice {u} ({pages} pages)" or m["to"] != f"{u.lower()}@qshim.test"
            or m["from"] != "ar@qshim.test"):
        bad_hdr.append((u, m["subject"], m["to"], m["from"]))
    body = m.get_body(preferencelist=("plain",)).get_content()
    if f"Dear customer {u}" not in body or "Part " not in body:
        bad_hdr.append((u, body))
    atts = list(m.iter_attachments())
    if (len(atts) != 1 or atts[0].get_content_type() != "application/pdf"
            or atts[0].get_filename() != f"INV-{u}.pdf"):
        bad_hdr.append((u, [(a.get_content_type(), a.get_filename()) for a in atts]))
        continue
    pdf = f"{d}/{u}.pdf"
    open(pdf, "wb").write(atts[0].get_content())
    if run(["qpdf", "--check", pdf]).returncode != 0:
        bad_pdf.append(u)
    info = run(["pdfinfo", pdf]).stdout
    if not re.search(rf"^Pages:\s+{pages}$", info, re.M):
        bad_pdf.append((u, "pages"))
    text = run(["pdftotext", "-layout", pdf, "-"]).stdout
    want = squeeze("\n".join("\n".join(p) for p in meta[u]["pages"]))
    if squeeze(text) != want:
        bad_text.append((u, squeeze(text)[:3], want[:3]))
ok(not bad_hdr, "subject/body templates, From/To, one application/pdf attachment named INV-<key>.pdf", bad_hdr)
ok(not bad_pdf, "every PDF passes qpdf --check and has the customer's page count", bad_pdf)
ok(not bad_text, "pdftotext of every PDF equals that customer's pages", bad_text)

r = qcl("WRKOUTQ QBRSERR")
n7 = len(meta["C0007"]["pages"])
ok(re.search(rf"^INVOICES .* NOADDR +RDY +{n7} ", r.stdout, re.M) is not None,
   "error queue QGPL/QBRSERR holds a spooled file with C0007's pages", r.stdout)
m = re.search(r"^INVOICES +\S+ +QBRSERR .* (\d+) +QCL +(\S+) +(\d+) ", r.stdout, re.M)
if m:
    r2 = qcl(f"DSPSPLF INVOICES JOB({m.group(3)}/{m.group(2)}/QCL) SPLNBR({m.group(1)})")
    ok("CUSTOMER: C0007" in r2.stdout and "CUSTOMER: C0006" not in r2.stdout,
       "the error spooled file holds only C0007's pages", r2.stdout[:500])
else:
    ok(False, "the error spooled file holds only C0007's pages", r.stdout)

r = qcl(BURST)
ok("0 mailed, 19 mailed earlier" in r.stdout + r.stderr, "a rerun mails nothing", r.stdout + r.stderr)
def queued_files():   # messages, not the queue's pool of used files (msg/.s*)
    q = f"{d}/mail/queue/msg"
    return [f for f in os.listdir(q) if not f.startswith(".")] if os.path.isdir(q) else []
ok(not queued_files(), "and queues nothing", queued_files())

# --- encrypted parts, addresses and passwords from a CSV mapping ---------
with open(f"{d}/enc.fcfc", "w") as f:
    subprocess.run(["python3", MK, "3", "--seed", "3", "--json", f"{d}/enc.json"], stdout=f, check=True)
with open(f"{d}/map.csv", "w") as f:
    f.write("# customer,address,password\n")
    f.write("C0001, c0001@qshim.test , \"pw,one\"\n")
    f.write("C0002,c0002@qshim.test,pw-two\n")
    f.write("C0003,c0003@qshim.test,pw-three\n")
r = run([os.path.join(BIN, "qsplfput"), "--ctlchar", "fcfc", "--file", "STMTS", f"{d}/enc.fcfc"],
        env=dict(os.environ, QSHIM_USER="AR"))
_, num2, job2 = r.stdout.split()
r = qcl(f"BRSSPLF FILE(STMTS) JOB({job2}) SPLNBR({num2}) SPLIT(*KEYSTR) KEYSTR('CUSTOMER:') "
        f"MAILTO(*MAPFILE) MAPFILE('{d}/map.csv') ENCRYPT(*YES) SUBJECT('Statement &KEY')")
ok(r.returncode == 0 and "3 parts, 3 mailed" in r.stdout + r.stderr, "encrypted burst by key string with a CSV map",
   r.stdout + r.stderr)
run([os.path.join(BIN, "qmailadm"), "strmsf", "--once"])
box = [f for f in root.maildir("C0001")
       if email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)["subject"] == "Statement C0001"]
pdf = f"{d}/enc1.pdf"
if box:
    m = email.message_from_bytes(open(box[0], "rb").read(), policy=email.policy.default)
    open(pdf, "wb").write(next(m.iter_attachments()).get_content())
enc = run(["qpdf", "--show-encryption", "--password=pw,one", pdf])
ok(enc.returncode == 0 and "AESv3" in enc.stdout and re.search(r"R = 6", enc.stdout) is not None,
   "qpdf --show-encryption: AES-256 (R6)", enc.stdout + enc.stderr)
t = run(["pdftotext", "-layout", "-upw", "pw,one", pdf, "-"])
want = squeeze("\n".join("\n".join(p) for p in json.load(open(f"{d}/enc.json"))["C0001"]["pages"]))
ok(t.returncode == 0 and squeeze(t.stdout) == want, "pdftotext -upw with the mapped password gives the pages",
   t.stderr)
t = run(["pdftotext", "-upw", "pw-two", pdf, "-"])
ok(t.returncode != 0, "pdftotext with another customer's password fails", t.stdout[:200])
done()
