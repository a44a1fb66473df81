#!/usr/bin/env python3
"""Generate a multi-customer invoice run as *FCFC print data (for the burst
tests, bench and demo).

  mkinvoices.py N [--seed S] [--pages 1-3] [--json OUT] [--noaddr C0003,...]
                  [--domain qshim.test] > invoices.fcfc

Customer k is C0001.. with address c0001@<domain>; each invoice has 1-3
pages (from the seed) and every page carries "CUSTOMER: Cnnnn" on line 2
(key at column 11, 8 long) and "EMAIL: addr" on line 3 (column 8).
--json writes {customer: {"addr":..., "pages": [[line,...], ...]}}.
"""
import argparse
import json
import random
import sys

ap = argparse.ArgumentParser()
ap.add_argument("n", type=int)
ap.add_argument("--seed", type=int, default=7)
ap.add_argument("--pages", default="1-3")
ap.add_argument("--json")
ap.add_argument("--noaddr", default="")
ap.add_argument("--domain", default="qshim.test")
a = ap.parse_args()
lo, hi = (int(x) for x in a.pages.split("-"))
rnd = random.Random(a.seed)
noaddr = set(x for x in a.noaddr.split(",") if x)
out = []
meta = {}
for k in range(1, a.n + 1):
    cust = f"C{k:04d}"
    addr = "" if cust in noaddr else f"{cust.lower()}@{a.domain}"
    npages = rnd.randint(lo, hi)
    pages = []
    total = 0
    for p in range(1, npages + 1):
        lines = [f"ACME SUPPLY CO.{'':36}INVOICE {k:06d}",
                 f"CUSTOMER: {cust:<8}  PAGE {p} OF {npages}",
                 f"EMAIL: {addr}" if addr else "EMAIL:",
                 "",
                 "ITEM    DESCRIPTION               QTY      PRICE"]
        for i in range(1, 11):
            qty = rnd.randint(1, 20)
            price = rnd.randint(100, 99999)
            total += qty * price
            lines.append(f"{i + (p - 1) * 10:04d}    Widget model {rnd.randint(100, 999):<12} {qty:5d} {price / 100:10.2f}")
        if p == npages:
            lines += ["", f"INVOICE TOTAL {total / 100:33.2f}"]
        pages.append(lines)
        for j, l in enumerate(lines):
            out.append(("1" if j == 0 else " ") + l)
    meta[cust] = {"addr": addr, "pages": pages}
sys.stdout.write("\n".join(out) + "\n")
if a.json:
    with open(a.json, "w") as f:
        json.dump(meta, f)
