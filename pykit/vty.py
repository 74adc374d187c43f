#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
A client of an FRR daemon's vty socket, as vtysh talks to it: a command and a NUL go in, the
reply comes back followed by 00 00 00 and the command's return code (0 success).

As a command, it sends commands to one daemon and prints the replies (the session is put in
ENABLE mode first); the exit status is the last reply's return code:

    python3 pykit/vty.py /var/run/frr/erpolicyd.vty "show yang operational-data /x:y"

The topotests use it for what vtysh does not pass on (lib's `show yang operational-data`),
running it inside a router's namespaces; the benchmarks hold sessions with Vty.
"""

import socket
import sys


class VtyClosed(ConnectionError):
    "The daemon closed the connection before its reply was complete."


class Vty:
    """One session on a daemon's vty socket."""

    def __init__(self, path, timeout=1800):
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self.sock.settimeout(timeout)
            self.sock.connect(path)
        except OSError:
            self.sock.close()
            raise

    def cmd(self, command):
        """(return code, reply text) of one command."""
        self.sock.sendall(command.encode() + b"\0")
        chunks = []
        tail = b""
        while True:
            data = self.sock.recv(1 << 20)
            if not data:
                raise VtyClosed("%s closed the connection at %r" % (self.path, command))
            chunks.append(data)
            tail = (tail + data)[-4:]
            if len(tail) == 4 and tail[:3] == b"\0\0\0":
                break
        out = b"".join(chunks)
        return out[-1], out[:-4].decode(errors="replace")

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    path, cmds = argv[0], argv[1:]
    with Vty(path, timeout=30) as vty:
        vty.cmd("enable")
        rc = 0
        for cmd in cmds:
            rc, out = vty.cmd(cmd)
            sys.stdout.write(out)
    return rc


if __name__ == "__main__":
    sys.exit(main())
