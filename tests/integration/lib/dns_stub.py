#!/usr/bin/python3
"""Authoritative DNS stub on 127.0.0.1 (UDP) for MX tests, built on dnspython.

usage: dns_stub.py PORT READYFILE   (PORT 0: a free port, written to READYFILE)
Zone (fixed):
  mx.test        MX 10 127.0.0.3.  MX 20 127.0.0.1.   (best MX refuses, second works)
  nomx.test, localhost   A only (NODATA for MX) -> implicit MX
  nullmx.test    MX 0 .                               (RFC 7505)
  broken.test    SERVFAIL
  1.0.0.127.rbl.test   A 127.0.0.2  (DNSBL: 127.0.0.1 listed)
  1.0.0.127.odd.test   A 10.0.0.1   (answer outside 127/8: not a listing)
  2.0.0.127.slow.test  A 127.0.0.2, but held back until the file READYFILE.release
                       exists (READYFILE.held is created when it arrives): a DNSBL
                       that is slow for one client only
  1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.rbl.test
                       A 127.0.0.2  (DNSBL: ::1 listed)
  anything else  NXDOMAIN
"""
import os
import socket
import sys

import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset

port, ready = int(sys.argv[1]), sys.argv[2]
MX = {"mx.test.": ["10 127.0.0.3.", "20 127.0.0.1."], "nullmx.test.": ["0 ."]}
A = {"nomx.test.": "127.0.0.1", "mx.test.": "127.0.0.1", "localhost.": "127.0.0.1",
     "1.0.0.127.rbl.test.": "127.0.0.2", "1.0.0.127.odd.test.": "10.0.0.1",
     "2.0.0.127.slow.test.": "127.0.0.2",
     "1." + "0." * 31 + "rbl.test.": "127.0.0.2"}
HOLD = {"2.0.0.127.slow.test."}
held = []
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", port))
with open(ready + ".tmp", "w") as f:
    f.write(f"{s.getsockname()[1]}\n")
os.rename(ready + ".tmp", ready)


def answer(data, peer):
    try:
        q = dns.message.from_wire(data)
    except Exception:
        return
    r = dns.message.make_response(q)
    r.flags |= dns.flags.AA
    name = q.question[0].name.to_text().lower()
    qtype = q.question[0].rdtype
    if name in HOLD and not os.path.exists(ready + ".release"):
        held.append((data, peer))
        open(ready + ".held", "w").close()
        return
    if name == "broken.test.":
        r.set_rcode(dns.rcode.SERVFAIL)
    elif name not in MX and name not in A:
        r.set_rcode(dns.rcode.NXDOMAIN)
    elif qtype == dns.rdatatype.MX and name in MX:
        r.answer.append(dns.rrset.from_text_list(name, 60, "IN", "MX", MX[name]))
    elif qtype == dns.rdatatype.A and name in A:
        r.answer.append(dns.rrset.from_text(name, 60, "IN", "A", A[name]))
    s.sendto(r.to_wire(), peer)


s.settimeout(0.05)
while True:
    if held and os.path.exists(ready + ".release"):
        for d, p in held:
            answer(d, p)
        held.clear()
    try:
        data, peer = s.recvfrom(4096)
    except socket.timeout:
        continue
    answer(data, peer)
