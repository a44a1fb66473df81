"""In-process aiosmtpd servers for the outbound-client tests (aiosmtpd is a
real, independent SMTP implementation; these only add what it lacks).

    s = start_sink(dsn=True, smtputf8=False, tls=None)   # (cert, key) for STARTTLS
    s.port, s.msgs -> [(mail_from, mail_options, [(rcpt, rcpt_options)], content, tls)]
    s.stop()

Options: dsn - offer DSN and take RET/ENVID/NOTIFY/ORCPT; smtputf8 - offer
SMTPUTF8; tls - (cert, key): offer STARTTLS and (require_tls) refuse MAIL before it;
delay - seconds to wait before answering the final dot.
RCPT addresses starting with "bad" get 550 5.1.1.  Connections and
concurrent sessions are counted (max_sessions) for the concurrency tests.
"""
import logging
import ssl
import threading
import time

from qsmail import free_port  # noqa: F401 (the tests import it from here too)
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP


logging.getLogger("mail.log").setLevel(logging.CRITICAL)   # handshake failures are expected


class _DsnSMTP(SMTP):
    def _getparams(self, params):
        d = super()._getparams(params)
        if d is not None and self.event_handler.dsn:
            for k in ("RET", "ENVID", "NOTIFY", "ORCPT"):
                d.pop(k, None)
        return d

    def connection_made(self, transport):
        self.event_handler.opened()
        super().connection_made(transport)

    def connection_lost(self, error):
        self.event_handler.closed()
        super().connection_lost(error)


class Sink:
    def __init__(self, dsn, delay):
        self.dsn = dsn
        self.delay = delay
        self.msgs = []
        self.connections = 0
        self.sessions = 0
        self.max_sessions = 0
        self.lock = threading.Lock()

    def opened(self):
        with self.lock:
            self.connections += 1
            self.sessions += 1
            self.max_sessions = max(self.max_sessions, self.sessions)

    def closed(self):
        with self.lock:
            self.sessions -= 1

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.dsn:
            responses.insert(-1, "250-DSN")
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("bad"):
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.append((address, list(rcpt_options)))
        return "250 2.1.5 ok"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            import asyncio
            await asyncio.sleep(self.delay)
        with self.lock:
            self.msgs.append((envelope.mail_from, list(envelope.mail_options),
                              list(envelope.rcpt_options), envelope.original_content,
                              1 if session.ssl else 0))
        return "250 2.0.0 accepted"


class _Ctl(Controller):
    def factory(self):
        return _DsnSMTP(self.handler, **self.SMTP_kwargs)


def start_sink(dsn=False, smtputf8=False, tls=None, delay=0, require_tls=True):
    h = Sink(dsn, delay)
    kw = {"enable_SMTPUTF8": smtputf8}
    if tls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(tls[0], tls[1])
        kw.update(tls_context=ctx, require_starttls=require_tls)
    port = free_port()
    c = _Ctl(h, hostname="127.0.0.1", port=port, server_hostname="sink.test", **kw)
    c.start()
    # Controller.start() makes one connection of its own to check the server
    for _ in range(100):
        if h.sessions == 0:
            break
        time.sleep(0.01)
    with h.lock:
        h.connections = h.max_sessions = 0
    h.port = port
    h.stop = c.stop
    return h
