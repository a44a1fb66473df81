#!/usr/bin/env python3
# CHGPOPA MSGSPLIT and MIMECCSID with Python poplib: a message larger than
# MSGSPLIT is listed as RFC 2046 message/partial parts whose LIST sizes are
# exact, whose bodies join back into the stored message, with UIDs
# <uid>.<n>; the Maildir file goes only when every part is deleted.
# MIMECCSID labels mail without MIME headers: *BESTFIT only 8-bit text,
# *ALWAYS all of it; mail that has MIME headers is never touched.
import email
import os
import poplib
import smtplib
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from qsmail import Root, smtpd, pop3d, stop, ok, plan, done, no_verify_ctx  # noqa: E402

plan(12)
root = Root()
ps, sp = smtpd(root)
big = (b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\nSubject: big one\r\n\r\n" +
       b"".join(b"line %05d " % i + b"x" * 60 + b"\r\n" for i in range(2200)) +
       b".dot at the start\r\nend\r\n")
latin = b"Subject: latin\r\n\r\ncaf\xe9 cr\xe8me\r\n"
plain = b"Subject: plain\r\n\r\njust ascii\r\n"
with smtplib.SMTP("127.0.0.1", sp["smtp"], timeout=10) as s:
    for m in (big, latin, plain):
        s.sendmail("alice@example.com", ["bob@qshim.test"], m, mail_options=["BODY=8BITMIME"])
ok(root.wait_delivered("BOB", 3), "three messages delivered")
stored = {}
for f in root.maildir("BOB"):
    data = open(f, "rb").read()
    stored[data.split(b"Subject: ")[1].split(b"\r\n")[0].decode()] = data
root.adm("chgpopa", "MSGSPLIT", "64")
root.adm("chgpopa", "MIMECCSID", "912 *BESTFIT")


def session():
    m = poplib.POP3("127.0.0.1", pport["pop3"], timeout=10)
    m.stls(context=no_verify_ctx())
    m.user("bob")
    m.pass_("secret1")
    return m


def retr(m, i):
    return b"\r\n".join(m.retr(i)[1]) + b"\r\n"


pp, pport = pop3d(root)
m = session()
sizes = [(int(a), int(b)) for a, b in (x.split() for x in m.list()[1])]
msgs = {n: retr(m, n) for n, _ in sizes}
ok(len(sizes) == 5 and all(len(msgs[n]) == sz for n, sz in sizes),
   "5 POP messages (the big one in 3 parts); every LIST size is the RETR size", sizes)
parts = [email.message_from_bytes(msgs[n]) for n in (1, 2, 3)]
ok([p.get_content_type() for p in parts] == ["message/partial"] * 3 and
   [p.get_param("number") for p in parts] == ["1", "2", "3"] and
   {p.get_param("total") for p in parts} == {"3"} and len({p.get_param("id") for p in parts}) == 1,
   "parts are message/partial number=1..3 total=3 with one id", [dict(p.items()) for p in parts])
ok(all(sz <= 64 * 1024 + 400 for _, sz in sizes[:3]) and "big one (part 2/3)" in parts[1]["Subject"],
   "each part holds at most 64 KB of the message; Subject says which part", sizes)
joined = b"".join(msgs[n].split(b"\r\n\r\n", 1)[1] for n in (1, 2, 3))
ok(joined == stored["big one"], "the parts' bodies join into the stored message, byte for byte",
   (len(joined), len(stored["big one"])))
uids = [x.split()[1].decode() for x in m.uidl()[1]]
ok(uids[0].endswith(".1") and uids[2].endswith(".3") and uids[0][:-2] == uids[1][:-2],
   "UIDL of the parts: <uid>.1 .. <uid>.3", uids)
lat, pl = email.message_from_bytes(msgs[4]), email.message_from_bytes(msgs[5])
ok(lat.get_content_charset() == "iso-8859-2" and msgs[4].endswith(latin.split(b"\r\n\r\n")[1]) and
   pl.get_content_charset() is None and msgs[5] == stored["plain"],
   "MIMECCSID(912 *BESTFIT): the 8-bit note is labelled ISO-8859-2, the ASCII one is not",
   (msgs[4][:200], msgs[5][:200]))
top = m.top(2, 0)[1]
ok(any(b"message/partial" in x for x in top) and not any(x.startswith(b"line ") for x in top),
   "TOP 2 0 gives the part's header only", top[-3:])
m.dele(1)
m.dele(2)
m.quit()
ok(len(root.maildir("BOB")) == 3, "two of three parts deleted: the message stays", root.maildir("BOB"))
m = session()
ok(len(m.list()[1]) == 5, "the next session lists it (all parts) again")
for n in (1, 2, 3):
    m.dele(n)
m.quit()
ok(len(root.maildir("BOB")) == 2, "all parts deleted: the Maildir file is removed at QUIT", root.maildir("BOB"))
stop(pp)
root.adm("chgpopa", "MSGSPLIT", "*NOMAX")
root.adm("chgpopa", "MIMECCSID", "819 *ALWAYS")
pp, pport = pop3d(root)
m = session()
got = [retr(m, 1), retr(m, 2)]
labels = [email.message_from_bytes(g).get_content_charset() for g in got]
ok(labels == ["iso-8859-1", "iso-8859-1"] and b"Content-Transfer-Encoding: 7bit" in got[1],
   "MIMECCSID(819 *ALWAYS): every non-MIME message is labelled (7bit when it is ASCII)", got)
m.quit()
stop(pp)
stop(ps)
done()
