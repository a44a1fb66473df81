#!/usr/bin/python3
# Content filters (ADDSMTPLE *FTRSUBJECT/*FTRORIGIN/*FTRFILNAME/*FTRTYPE with
# `*` wildcards) and the quarantine (CHGSMTPA FTRACN(*KEEP|*DISCARD),
# WRKSMTPQRN / RLSSMTPQRN / DLTSMTPQRN), driven by real clients: swaks and
# Python smtplib + email (which writes RFC 2047 subjects and RFC 2231 file
# names itself).  Filter hits and releases are journaled (OD/OQ/OR).
import os
import subprocess
import sys
import time
from email.message import EmailMessage
import smtplib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import qsmail  # noqa: E402
from qsmail import ok  # noqa: E402

qsmail.plan(24)
root = qsmail.Root()
QCL = os.path.join(qsmail.BIN, "qcl")


def qcl(cmd):
    r = subprocess.run([QCL, cmd], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def journal():
    return root.adm("dspjrn")


def wait_for(pred, timeout=30.0):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return True
        time.sleep(0.1)
    return pred()


def entries(code):
    return journal().count(f" L {code} ")


rc, out = qcl("ADDSMTPLE TYPE(*FTRSUBJECT) FTRDATA('*lottery*')")
ok(rc == 0, "ADDSMTPLE TYPE(*FTRSUBJECT) FTRDATA('*lottery*')", out)
rc, out = qcl("ADDSMTPLE TYPE(*FTRFILNAME) FTRDATA('*.exe')")
ok(rc == 0, "ADDSMTPLE TYPE(*FTRFILNAME) FTRDATA('*.exe')", out)
rc, out = qcl("ADDSMTPLE TYPE(*FTRTYPE) FTRDATA('application/x-msdownload')")
ok(rc == 0, "ADDSMTPLE TYPE(*FTRTYPE)", out)
rc, out = qcl("ADDSMTPLE TYPE(*FTRORIGIN) FTRDATA('*@spam.example')")
ok(rc == 0, "ADDSMTPLE TYPE(*FTRORIGIN)", out)
rc, out = qcl("ADDSMTPLE TYPE(*FTRSUBJECT)")
ok(rc != 0 and "FTRDATA" in out, "a filter without FTRDATA is refused", out)
rc, out = qcl("CHGSMTPA FTRACN(*DISCARD)")
ok(rc == 0, "CHGSMTPA FTRACN(*DISCARD)", out)

p, ports = qsmail.smtpd(root)
try:
    # 1. discard: swaks, subject with the word in another case
    r = subprocess.run(["swaks", "--server", "127.0.0.1", "--port", str(ports["smtp"]),
                        "--from", "carol@example.com", "--to", "bob@qshim.test",
                        "--header", "Subject: You won the LOTTERY, claim now"],
                       capture_output=True, text=True, timeout=60)
    ok(r.returncode == 0 and "250 2.0.0 Ok: queued" in r.stdout,
       "swaks: the filtered message is accepted (250)", r.stdout + r.stderr)
    ok(wait_for(lambda: entries("OD") >= 1), "QZMF journal: OD entry (filter hit, discarded)",
       journal())
    # a harmless message still goes through
    s = smtplib.SMTP("127.0.0.1", ports["smtp"], timeout=20)
    s.sendmail("carol@example.com", ["bob@qshim.test"],
               "From: carol@example.com\r\nSubject: minutes of the meeting\r\n\r\nhi\r\n")
    s.quit()
    ok(root.wait_delivered("BOB", 1, 30) and len(root.maildir("BOB")) == 1,
       "the discarded message never reaches the Maildir; a clean one does",
       repr(root.maildir("BOB")))

    # 2. keep: attachment with an RFC 2231 (UTF-8, non-ASCII) file name,
    #    nested inside multipart/alternative + multipart/mixed
    rc, out = qcl("CHGSMTPA FTRACN(*KEEP)")
    ok(rc == 0, "CHGSMTPA FTRACN(*KEEP)", out)
    m = EmailMessage()
    m["From"] = "Dave <dave@example.com>"
    m["To"] = "bob@qshim.test"
    m["Subject"] = "Rechnung für Oktober"
    m.set_content("see attachment")
    m.add_alternative("<p>see attachment</p>", subtype="html")
    m.add_attachment(b"MZ\x90\x00" * 64, maintype="application", subtype="octet-stream",
                     filename="Rechnung-Öktober 2026.pdf.exe")
    wire = m.as_bytes()
    ok(b"filename*=" in wire, "python email wrote an RFC 2231 file name", wire[:2000])
    s = smtplib.SMTP("127.0.0.1", ports["smtp"], timeout=20)
    s.send_message(m)
    s.quit()
    ok(wait_for(lambda: entries("OQ") >= 1), "QZMF journal: OQ entry (kept in quarantine)",
       journal())
    rc, out = qcl("WRKSMTPQRN")
    qid = ""
    for line in out.splitlines():
        if line.startswith(" ") and len(line.split()[0]) == 32:
            qid = line.split()[0]
    ok(rc == 0 and "1 message(s) in quarantine" in out and "*FTRFILNAME(*.exe)" in out and
       "Rechnung für Oktober" in out and "bob@qshim.test" in out,
       "WRKSMTPQRN lists it with the filter, decoded subject and recipient", out)
    ok(len(root.maildir("BOB")) == 1, "the kept message is not delivered", repr(root.maildir("BOB")))
    rc, out = qcl("WRKSMTPEMM QUEUE(*FTR)")
    ok(rc == 0 and qid and qid in out and "*LCD *FTR" in out, "WRKSMTPEMM QUEUE(*FTR) shows it too",
       out)

    rc, out = qcl(f"RLSSMTPQRN MSGID({qid})")
    ok(rc == 0 and "released as" in out, "RLSSMTPQRN releases it", out)
    ok(root.wait_delivered("BOB", 2, 30), "the released message is delivered", out)
    ok(wait_for(lambda: entries("OR") >= 1), "QZMF journal: OR entry (released)", journal())
    rc, out = qcl(f"RLSSMTPQRN MSGID({qid})")
    ok(rc != 0 and "CPF9898" in out, "releasing it again is refused (not in quarantine)", out)
    # the runner is done when the queue is empty; then count
    wait_for(lambda: root.adm("queue").startswith("queued 0 "))
    box = root.maildir("BOB")
    hits = [f for f in box if b"Rechnung" in open(f, "rb").read()]
    ok(len(box) == 2 and len(hits) == 1, "delivered exactly once", repr(box))

    # 3. keep + delete: origin filter on the From header
    s = smtplib.SMTP("127.0.0.1", ports["smtp"], timeout=20)
    s.sendmail("bounce@elsewhere.example", ["bob@qshim.test"],
               "From: Offers <deals@spam.example>\r\nSubject: offer\r\n\r\nbuy\r\n")
    s.quit()
    ok(wait_for(lambda: entries("OQ") >= 2), "a From-header origin filter keeps the message",
       journal())
    rc, out = qcl("DLTSMTPQRN MSGID(*ALL)")
    rc2, out2 = qcl("WRKSMTPQRN")
    ok(rc == 0 and "0 message(s) in quarantine" in out2 and len(root.maildir("BOB")) == 2,
       "DLTSMTPQRN MSGID(*ALL) empties the quarantine, nothing delivered", out + out2)

    # 4. RMVSMTPLE takes the subject filter away: the same subject now passes
    rc, out = qcl("RMVSMTPLE TYPE(*FTRSUBJECT) FTRDATA('*lottery*')")
    ok(rc == 0, "RMVSMTPLE TYPE(*FTRSUBJECT) FTRDATA('*lottery*')", out)
    s = smtplib.SMTP("127.0.0.1", ports["smtp"], timeout=20)
    s.sendmail("carol@example.com", ["bob@qshim.test"],
               "From: carol@example.com\r\nSubject: lottery results\r\n\r\nhi\r\n")
    s.quit()
    ok(root.wait_delivered("BOB", 3, 30), "without the filter the message is delivered",
       repr(root.maildir("BOB")))
finally:
    qsmail.stop(p)
qsmail.done()
