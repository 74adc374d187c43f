#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Send commands to one FRR daemon's vty socket, as vtysh does, and print the replies.

    vtyclient.py /var/run/frr/erpolicyd.vty "show yang operational-data /x:y"

The session is put in ENABLE mode first. Used by the topotests for the commands vtysh
does not pass on (lib's `show yang operational-data`). Exit status: the last reply's
return code (0 success).
"""

import socket
import sys


def command(sock, cmd):
    "Send one command; return (reply text, return code)."
    sock.sendall(cmd.encode() + b"\0")
    buf = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("daemon closed the connection")
        buf += chunk
        if len(buf) >= 4 and buf[-4:-1] == b"\0\0\0":
            return buf[:-4].decode(errors="replace"), buf[-1]


def main():
    path, cmds = sys.argv[1], sys.argv[2:]
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(30)
        sock.connect(path)
        command(sock, "enable")
        rc = 0
        for cmd in cmds:
            out, rc = command(sock, cmd)
            sys.stdout.write(out)
    return rc


if __name__ == "__main__":
    sys.exit(main())
