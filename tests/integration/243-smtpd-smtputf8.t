#!/usr/bin/python3
# SMTPUTF8 (RFC 6531/6532/6533) in the SMTP server, end to end with clients
# nobody here wrote: Python smtplib (sendmail with mail_options SMTPUTF8, and
# send_message, which declares it by itself) to a local user whose ADDUSRSMTP
# alias is "jörg", fetched back with poplib; refusal (553 5.6.7) without the
# parameter, from a raw socket and from swaks (swaks 20201014 cannot declare
# SMTPUTF8, so it only shows the refusal); malformed UTF-8; relay through
# qsmtpc to aiosmtpd next hops, one offering SMTPUTF8 (it must see the
# parameter, also for an all-ASCII message sent with SMTPUTF8)
# and one without it (the recipients fail with 5.6.7 and the sender gets an
# RFC 6533 report: message/global-delivery-status, "utf-8;" address type);
# VRFY with the SMTPUTF8 parameter; a U-label domain matching the A-label
# ADDSMTPLE *DOMAIN; the QZMF journal and WRKSMTPEMM show the UTF-8 addresses.
import email
import email.message
import email.policy
import os
import poplib
import shutil
import smtplib
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from qsmail import BIN, Root, smtpd, pop3d, raw, ok, plan, done, no_verify_ctx  # noqa: E402

try:
    from aiosinks import start_sink
except ImportError:
    print("1..0 # skip python3-aiosmtpd not installed")
    sys.exit(0)

plan(28)
root = Root()
root.adm("addusrsmtp", "BOB", "jörg", "qshim.test")
root.adm("chgsmtpa", "KEEPUNTIL", "2")
root.adm("chgsmtpa", "VRFY", "*YES")
root.adm("addsmtple", "*DOMAIN", "xn--mnchen-3ya.test")          # münchen.test
root.adm("addusrsmtp", "ALICE", "zoë", "xn--mnchen-3ya.test")
u8, a7 = start_sink(smtputf8=True, dsn=True), start_sink(smtputf8=False)
with open(os.path.join(root.dir, "mail", "smtpc.conf"), "w") as f:
    f.write("TIMEOUT 10\nROUTE u8.test 127.0.0.1:%d\nROUTE a7.test 127.0.0.1:%d\n"
            % (u8.port, a7.port))
p, ports = smtpd(root)
pp, pports = pop3d(root)
P25, P587 = ports["smtp"], ports["submission"]

JORG = "jörg@qshim.test"
BODY = ("From: Jörg <jörg@qshim.test>\r\nTo: jörg@qshim.test\r\nSubject: Grüße aus Köln\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\nHallo Jörg, 日本語.\r\n").encode()

# --- EHLO and a message with smtplib.sendmail(..., mail_options=["SMTPUTF8"]) ---
with smtplib.SMTP("127.0.0.1", P25, timeout=20) as s:
    s.ehlo("client.test")
    ok(s.has_extn("smtputf8") and s.has_extn("8bitmime"), "EHLO advertises SMTPUTF8 and 8BITMIME",
       s.esmtp_features)
    refused = s.sendmail("rené@client.test", [JORG], BODY, mail_options=["SMTPUTF8", "BODY=8BITMIME"])
ok(refused == {}, "smtplib sendmail with SMTPUTF8: UTF-8 sender and recipient accepted", refused)
ok(root.wait_delivered("BOB", 1), "delivered into BOB's mailbox through the alias jörg")


def pop_all(user="bob"):
    m = poplib.POP3("127.0.0.1", pports["pop3"], timeout=20)
    m.stls(no_verify_ctx())
    m.user(user)
    m.pass_("secret1")
    msgs = [b"\r\n".join(m.retr(i + 1)[1]) for i in range(len(m.list()[1]))]
    m.quit()
    return msgs


msgs = pop_all()
got = email.message_from_bytes(msgs[0], policy=email.policy.SMTPUTF8) if msgs else {}
ok(msgs and got["Subject"] == "Grüße aus Köln" and "Hallo Jörg, 日本語." in got.get_content(),
   "poplib fetches it: UTF-8 header fields (RFC 6532) and body intact", msgs[:1])
ok(msgs and b"with UTF8SMTP id" in msgs[0] and "for <jörg@qshim.test>".encode() in msgs[0],
   "Received: says UTF8SMTP (RFC 6531 section 4.3)", msgs[0][:400] if msgs else None)

# --- send_message: the library declares SMTPUTF8 itself; Latin-1 case folding ---
m = email.message.EmailMessage(policy=email.policy.SMTPUTF8)
m["From"] = "Ünal <ünal@client.test>"
m["To"] = "JÖRG@qshim.test"
m["Subject"] = "zweite Nachricht"
m.set_content("ça va\n")
with smtplib.SMTP("127.0.0.1", P25, timeout=20) as s:
    refused = s.send_message(m)
ok(refused == {} and root.wait_delivered("BOB", 2),
   "send_message to JÖRG@ (ISO 8859-1 letters match either case) delivered", refused)

# --- a U-label domain finds its A-label spelling (local domain and directory) ---
with smtplib.SMTP("127.0.0.1", P25, timeout=20) as s:
    refused = s.sendmail("a@client.test", ["ZOË@MÜNCHEN.test"], b"Subject: idn\r\n\r\nx\r\n",
                         mail_options=["SMTPUTF8"])
ok(refused == {} and root.wait_delivered("ALICE", 1),
   "ZOË@MÜNCHEN.test reaches ALICE (alias zoë at xn--mnchen-3ya.test)", refused)

# --- refusals -------------------------------------------------------------------------
out = raw(P25, "EHLO c\r\nMAIL FROM:<jörg@client.test>\r\nMAIL FROM:<a@client.test>\r\n"
          "RCPT TO:<jörg@qshim.test>\r\nQUIT\r\n".encode())
ok("553 5.6.7 Must declare SMTPUTF8" in out and out.count("553 5.6.7") == 2,
   "no SMTPUTF8: UTF-8 reverse path and forward path refused 553 5.6.7", out)
bad = [b"j\xc3@q.test", b"\xc0\xafx@qshim.test", b"x\xed\xa0\x80@qshim.test",
       b"x\xc2\x85y@qshim.test", b"x@q\xf4\x90\x80\x80.test", b"\xe9t\xe9@qshim.test"]
payload = b"EHLO c\r\nMAIL FROM:<a@client.test> SMTPUTF8\r\n"
for a in bad:
    payload += b"RCPT TO:<" + a + b">\r\n"
out = raw(P25, payload + b"QUIT\r\n")
ok(out.count("553 5.1.3") == len(bad),
   "with SMTPUTF8: truncated, overlong, surrogate, C1 control, > U+10FFFF, Latin-1 bytes refused", out)
out = raw(P25, "EHLO c\r\nMAIL FROM:<a@client.test> SMTPUTF8=YES\r\nHELO c\r\n"
          "MAIL FROM:<a@client.test> SMTPUTF8\r\nEHLO c\r\nMAIL FROM:<a@client.test> SMTPUTF8\r\n"
          "RCPT TO:<δοκιμή@qshim.test>\r\nQUIT\r\n".encode())
ok("501 5.5.4 Bad MAIL parameter" in out and "555 5.5.4" in out and "550 5.1.1" in out,
   "SMTPUTF8=value 501, SMTPUTF8 after HELO 555, unknown UTF-8 local part 550 5.1.1", out)
out = raw(P25, "EHLO c\r\nVRFY jörg SMTPUTF8\r\nVRFY Jörg\r\nVRFY δ@qshim.test smtputf8\r\n"
          "QUIT\r\n".encode())
ok(out.count("250 2.1.5") == 1 and "553 5.6.7" in out and "550 5.1.1" in out,
   "VRFY name SMTPUTF8 finds the UTF-8 alias; without the parameter 553 5.6.7", out)
if shutil.which("swaks"):
    r = subprocess.run(["swaks", "--server", "127.0.0.1", "--port", str(P25), "--from",
                        "jörg@client.test", "--to", "bob@qshim.test"], capture_output=True,
                       timeout=60)
    sw = r.stdout.decode("utf-8", "replace")
    ok(r.returncode != 0 and "553 5.6.7" in sw, "swaks (no SMTPUTF8 support): 553 5.6.7", sw)
else:
    ok(True, "# skip swaks not installed")

# --- relay through the outbound client --------------------------------------------
def submit(sender, rcpts, body, opts=("SMTPUTF8",), ropts=()):
    with smtplib.SMTP("127.0.0.1", P587, timeout=20) as s:
        s.ehlo("client.test")
        s.starttls(context=no_verify_ctx())
        s.ehlo("client.test")
        s.login("bob", "secret1")
        return s.sendmail(sender, rcpts, body, mail_options=list(opts), rcpt_options=list(ropts))


def run_queue(until, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        subprocess.run([os.path.join(BIN, "qsmtpc"), "-q"], capture_output=True)
        if until():
            return True
        time.sleep(0.1)
    return until()


ok(submit(JORG, ["ünï@u8.test"], BODY) == {}, "SMTPUTF8 message for a remote UTF-8 address accepted")
ok(run_queue(lambda: u8.msgs), "relayed to the next hop offering SMTPUTF8")
mf, mopts, rc_, content, _ = u8.msgs[0] if u8.msgs else (None, [], [], b"", 0)
ok(mf == JORG and "SMTPUTF8" in mopts and [r for r, _ in rc_] == ["ünï@u8.test"] and
   "Grüße".encode() in content, "next hop saw MAIL FROM:<jörg@...> SMTPUTF8 and the UTF-8 recipient",
   (mf, mopts, rc_))
# RFC 6533 ORCPT: made by qsmtpc as utf-8-addr-xtext, and a unitext one
# given under SMTPUTF8 is accepted and passed on in xtext form
ok(rc_ and rc_[0][1] == ["ORCPT=UTF-8;\\X{FC}N\\X{EF}@U8.TEST"],
   "the DSN next hop gets ORCPT=utf-8;\\x{FC}n\\x{EF}@u8.test (aiosmtpd upper-cases it)", rc_)
n = len(u8.msgs)
ok(submit(JORG, ["zoë@u8.test"], BODY, ropts=["NOTIFY=FAILURE", "ORCPT=utf-8;Zoë@u8.test"]) == {}
   and run_queue(lambda: len(u8.msgs) > n) and
   u8.msgs[n][2] == [("zoë@u8.test", ["NOTIFY=FAILURE", "ORCPT=UTF-8;ZO\\X{EB}@U8.TEST"])],
   "ORCPT=utf-8;Zoë@… (unitext) accepted under SMTPUTF8, passed on as xtext", u8.msgs[n:])
try:
    submit(JORG, ["zoë@u8.test"], BODY, ropts=["ORCPT=utf-8;a+ë@u8.test"])
    refused = None
except smtplib.SMTPRecipientsRefused as e:
    refused = e.recipients
ok(refused and list(refused.values())[0][0] == 501, "a unitext ORCPT with '+' is refused 501",
   refused)
ascii = b"From: bob@qshim.test\r\nSubject: plain\r\n\r\nx\r\n"
submit("bob@qshim.test", ["plain@u8.test"], ascii)
submit("bob@qshim.test", ["plain@a7.test"], ascii)
ok(run_queue(lambda: len(u8.msgs) >= 2 and a7.msgs) and "SMTPUTF8" in u8.msgs[-1][1] and
   "SMTPUTF8" not in a7.msgs[-1][1],
   "all-ASCII message sent with SMTPUTF8: the flag travels through the queue to a next hop "
   "offering it, and needs no downgrade for one without", (u8.msgs[-1:], a7.msgs[-1:]))
before = len(root.maildir("BOB"))
submit(JORG, ["ünï@a7.test"], BODY)
ok(run_queue(lambda: len(root.maildir("BOB")) > before) and len(a7.msgs) == 1,
   "next hop without SMTPUTF8: nothing sent, a report comes back to jörg@ (BOB)")
ndr = pop_all()[-1]
rep = email.message_from_bytes(ndr, policy=email.policy.SMTPUTF8)
parts = {pt.get_content_type(): pt for pt in rep.walk()}
st = parts.get("message/global-delivery-status")
st_text = st.as_bytes().decode("utf-8", "replace") if st else ""
ok(rep.get_content_type() == "multipart/report" and st is not None,
   "the report is multipart/report with message/global-delivery-status (RFC 6533)", ndr[:1500])
ok("Final-Recipient: utf-8; ünï@a7.test" in st_text and "Status: 5.6.7" in st_text,
   "Final-Recipient uses the utf-8 address type; Status 5.6.7", st_text)
ok("message/global" in parts or "message/global-headers" in parts,
   "the returned message is message/global(-headers)", list(parts))

before = len(root.maildir("BOB"))
submit("bob@qshim.test", ["hdr@a7.test"], "From: bob@qshim.test\r\nSubject: Füße\r\n\r\nx\r\n".encode())
ok(run_queue(lambda: len(root.maildir("BOB")) > before) and len(a7.msgs) == 1 and
   b"5.6.7" in pop_all()[-1], "SMTPUTF8 message with UTF-8 header fields, next hop without "
   "SMTPUTF8: 5.6.7 report (no downgrade, as Postfix)", a7.msgs)

# a remote UTF-8 sender: the report about a refused recipient goes out
# through qsmtpc with SMTPUTF8, from <>, as message/global-delivery-status
n = len(u8.msgs)
submit("rené@u8.test", ["bad9@u8.test"], BODY)
ok(run_queue(lambda: any(m[0] in ("", "<>") for m in u8.msgs[n:])),
   "report to a remote UTF-8 sender sent", [m[:3] for m in u8.msgs])
rpt = [m for m in u8.msgs[n:] if m[0] in ("", "<>")][:1]
ok(rpt and "SMTPUTF8" in rpt[0][1] and [r for r, _ in rpt[0][2]] == ["rené@u8.test"] and
   b"message/global-delivery-status" in rpt[0][3] and b"Final-Recipient: rfc822; bad9@u8.test"
   in rpt[0][3] and b"Status: 5.1.1" in rpt[0][3],
   "it travels with SMTPUTF8 to rené@u8.test; ASCII recipient keeps the rfc822 type", rpt)

# --- journal and tracking -----------------------------------------------------------
j = root.adm("dspjrn")
ok("from=jörg@qshim.test" in j or "rcpt=jörg@qshim.test" in j,
   "QZMF journal entries hold the UTF-8 addresses legibly", j[-1500:])
r = subprocess.run([os.path.join(BIN, "qcl"), "WRKSMTPEMM QUEUE(*DLV) LISTBY(*RCP)"],
                   capture_output=True)
w = r.stdout.decode("utf-8", "replace")
ok(r.returncode == 0 and "ünï@u8.test" in w, "WRKSMTPEMM lists delivered UTF-8 mail",
   w + r.stderr.decode("utf-8", "replace"))
u8.stop()
a7.stop()
done()
