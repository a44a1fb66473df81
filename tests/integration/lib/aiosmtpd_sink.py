#!/usr/bin/python3
"""Test SMTP server built on aiosmtpd (a real, independent implementation).

usage: aiosmtpd_sink.py MODE PORT OUTDIR [CERT KEY]
  MODE plain  accept everything
       auth   AUTH PLAIN/LOGIN required (user relayuser / pa55word), no TLS needed
       tls    STARTTLS required (CERT/KEY), then accept
Each message is written to OUTDIR/msgN with X-Env-*/X-TLS/X-Auth lines on
top; OUTDIR/ready appears once the server listens.  Stop it with SIGTERM.
"""
import os, signal, ssl, sys, threading
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

mode, port, outdir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lock = threading.Lock()


class Handler:
    async def handle_DATA(self, server, session, envelope):
        with lock:
            n = len([f for f in os.listdir(outdir) if f.startswith("msg")])
            with open(os.path.join(outdir, "msg%d" % n), "wb") as f:
                f.write(b"X-Env-From: " + envelope.mail_from.encode() + b"\r\n")
                for r in envelope.rcpt_tos:
                    f.write(b"X-Env-To: " + r.encode() + b"\r\n")
                f.write(b"X-TLS: %d\r\n" % (1 if session.ssl else 0))
                f.write(b"X-Auth: %d\r\n" % (1 if session.authenticated else 0))
                f.write(envelope.original_content)
        return "250 2.0.0 queued as %d" % n


def authenticator(server, session, envelope, mechanism, auth_data):
    if (isinstance(auth_data, LoginPassword) and auth_data.login == b"relayuser"
            and auth_data.password == b"pa55word"):
        return AuthResult(success=True)
    return AuthResult(success=False, handled=False)


kw = {}
if mode == "auth":
    kw = dict(auth_required=True, auth_require_tls=False, authenticator=authenticator)
elif mode == "tls":
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(sys.argv[4], sys.argv[5])
    kw = dict(tls_context=ctx, require_starttls=True)
ctl = Controller(Handler(), hostname="127.0.0.1", port=port, server_hostname="sink.test", **kw)
ctl.start()
open(os.path.join(outdir, "ready"), "w").close()
signal.signal(signal.SIGTERM, lambda *a: (ctl.stop(), os._exit(0)))
while True:
    signal.pause()
