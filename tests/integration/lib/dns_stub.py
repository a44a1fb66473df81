#!/usr/bin/python3
"""Authoritative DNS stub on 127.0.0.1 (UDP) for MX tests, built on dnspython.

usage: dns_stub.py PORT READYFILE
Zone (fixed):
  mx.test        MX 10 127.0.0.3.  MX 20 127.0.0.1.   (best MX refuses, second works)
  nomx.test, localhost   A only (NODATA for MX) -> implicit MX
  nullmx.test    MX 0 .                               (RFC 7505)
  broken.test    SERVFAIL
  anything else  NXDOMAIN
"""
import socket
import sys

import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset

port, ready = int(sys.argv[1]), sys.argv[2]
MX = {"mx.test.": ["10 127.0.0.3.", "20 127.0.0.1."], "nullmx.test.": ["0 ."]}
A = {"nomx.test.": "127.0.0.1", "mx.test.": "127.0.0.1", "localhost.": "127.0.0.1"}
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", port))
open(ready, "w").close()
while True:
    data, peer = s.recvfrom(4096)
    try:
        q = dns.message.from_wire(data)
    except Exception:
        continue
    r = dns.message.make_response(q)
    r.flags |= dns.flags.AA
    name = q.question[0].name.to_text().lower()
    qtype = q.question[0].rdtype
    if name == "broken.test.":
        r.set_rcode(dns.rcode.SERVFAIL)
    elif name not in MX and name not in A:
        r.set_rcode(dns.rcode.NXDOMAIN)
    elif qtype == dns.rdatatype.MX and name in MX:
        r.answer.append(dns.rrset.from_text_list(name, 60, "IN", "MX", MX[name]))
    elif qtype == dns.rdatatype.A and name in A:
        r.answer.append(dns.rrset.from_text(name, 60, "IN", "A", A[name]))
    s.sendto(r.to_wire(), peer)
