#!/usr/bin/env python3
"""Generate an invoice-register report of N pages, 66 lines x 132 columns,
as plain text with form feeds (--text), as *FCFC records (--fcfc) or as an
SCS stream in CCSID 37 (--scs).  Used by spool_bench.sh and the spool tests."""
import sys

def page_lines(p):
    cust = 10000 + p
    lines = [
        "ACME WHOLESALE SUPPLY CO.".ljust(50) + "INVOICE REGISTER".center(32) + ("PAGE %6d" % (p + 1)).rjust(50),
        "RUN DATE 2026-11-25  PROGRAM INVR100  USER QPGMR".ljust(132),
        "",
        ("CUSTOMER %06d  NAME: CUSTOMER NUMBER %d LIMITED" % (cust, cust)).ljust(80) + ("INVOICE NO. %08d" % (500000 + p)).rjust(52),
        ("SHIP TO: %d INDUSTRIAL PARKWAY, SPRINGFIELD" % (100 + p % 900)).ljust(132),
        "",
        "LINE  ITEM NUMBER     DESCRIPTION                              QTY   UNIT PRICE   DISC %       AMOUNT   TAX CODE   WAREHOUSE  LOC",
        "-" * 132,
    ]
    total = 0
    for i in range(50):
        qty = (p * 7 + i * 13) % 97 + 1
        price = ((p * 31 + i * 17) % 9999 + 1) / 100.0
        disc = (i * 3) % 15
        amt = round(qty * price * (100 - disc) / 100.0, 2)
        total += amt
        lines.append("%4d  %-14s  %-38s %5d %12.2f %8d %12.2f   %-8s   %-9s  %-8s" % (
            i + 1, "ITM-%06d" % ((p * 50 + i) % 999999), "WIDGET TYPE %d GRADE %s" % (i % 17, "ABCDE"[i % 5]),
            qty, price, disc, amt, "T%d" % (i % 4), "WH%02d" % (i % 12), "A%02d-%02d" % (i % 40, p % 60)))
    lines.append("-" * 132)
    lines.append(("INVOICE TOTAL %14.2f" % total).rjust(132))
    lines.append("")
    lines.append("REMIT TO: ACME WHOLESALE SUPPLY CO., P.O. BOX 1234, SPRINGFIELD.  PAYMENT DUE WITHIN 30 DAYS OF INVOICE DATE.")
    while len(lines) < 66:
        lines.append("")
    return [l.rstrip() for l in lines[:66]]

def main():
    mode, n = sys.argv[1], int(sys.argv[2])
    out = sys.stdout.buffer
    for p in range(n):
        lines = page_lines(p)
        if mode == "--text":
            body = "\n".join(lines).rstrip("\n") + "\n"
            out.write((("\f" if p else "") + body).encode())
        elif mode == "--fcfc":
            recs = []
            for i, l in enumerate(lines):
                recs.append(("1" if i == 0 else " ") + l)
            out.write(("\n".join(recs) + "\n").encode())
        elif mode == "--scs":
            buf = bytearray()
            if p == 0:
                buf += bytes([0x2B, 0xD2, 0x04, 0x29, 0x00, 0x0A])   # SCD 10 cpi
                buf += bytes([0x2B, 0xC1, 0x02, 132])                # SHF MPP 132
                buf += bytes([0x2B, 0xC2, 0x02, 66])                 # SVF MPL 66
            else:
                buf += b"\x0c"
            last = max(i for i, l in enumerate(lines) if l) if any(lines) else 0
            for i, l in enumerate(lines[:last + 1]):
                buf += l.encode("cp037")
                buf += b"\x15"
            out.write(bytes(buf))
        else:
            sys.exit("mode?")

main()
