#!/usr/bin/python3
"""Print N distinct free TCP ports on 127.0.0.1, one a line (default 1).

For servers that cannot bind port 0 and report it (smtp-sink): all N are
bound at once, so they differ, then released for the caller to use.
usage: freeport.py [N]
"""
import socket
import sys

socks = []
for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 1):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print("\n".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
