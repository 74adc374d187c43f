#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
A broken or hostile FRR daemon vty socket, for erpolicyd's bad-input topotest.

Binds the unix socket SOCKET (e.g. /var/run/frr/bgpd.vty inside a router's mount
namespace) and answers what a vty client sends (a command plus NUL) the way MODE
says. A real vty reply is text plus the trailer 00 00 00 <rc>.

    fake_vty.py MODE SOCKET STATE [UPSTREAM [TRIGGER INJECT]]

MODE
  notrailer  reply text without a trailer, then close
  badrc      reply text with a trailer carrying an unknown return code (200)
  oversize   stream an endless reply (no trailer) until the client gives up
  garbage    every command gets rc 0 and bytes that are neither config nor JSON
  lying      like bgpd: rc 0, a router bgp in show running-config, but nothing
             pushed is ever kept
  silent     accept and never answer
  noaccept   listen (backlog 1) and never accept
  dies       like lying, and the process dies in the middle of the first batch
             of configuration (after DIE_AFTER lines)
  rejects    like lying, but refuses one configuration line of erpolicyd's
             objects (the first from the REJECT_AT-th line of the first
             batch on), every time it is sent, as bgpd refuses a line: rc 13
             (CMD_WARNING_CONFIG_FAILED) and "% Configuration failed"
  proxy-cut  pass everything to the real daemon at UPSTREAM, but cut erpolicyd's
             first configuration batch (the client is told by SO_PEERCRED)
             after CUT_AFTER lines, closing both ends: the real daemon is left
             half-applied
  proxy-inject  pass everything to UPSTREAM; the first time erpolicyd reads a
             show running-config holding TRIGGER, first configure the real
             daemon with INJECT (lines separated by ';'), as an operator's
             configuration that arrives between erpolicyd's read and its push

STATE is a JSON file rewritten after every event: {"ready", "connections",
"commands" (the last 200), "config_lines", "sent_bytes", "died", "cut",
"cut_after" (lines of the cut batch the real daemon got), "rejected" (the line
refused), "max_ahead" (the most commands received before the first of them was
answered: above 1, the client pipelines)}. Only the
Python standard library is used.
"""

import grp
import json
import os
import pwd
import socket
import struct
import sys
import threading

DIE_AFTER = 5
REJECT_AT = 40
CUT_AFTER = 5
CHUNK = b"x" * (1 << 20)
# Safety stop for oversize: far above erpolicyd's ERPOLICY_REPLY_MAX (256 MiB).
OVERSIZE_LIMIT = 2 << 30

# What "show running-config" of the lying daemons holds (bgpd of r1, no policy).
RUNNING = """Building configuration...

Current configuration:
!
frr version 10.3
frr defaults traditional
hostname r1
!
router bgp 65501
 bgp router-id 10.10.10.1
 no bgp ebgp-requires-policy
 neighbor 169.254.21.2 remote-as 65515
 neighbor 169.254.22.2 remote-as 65515
 neighbor 192.168.100.2 remote-as 12076
 neighbor 2001:db8:100::2 remote-as 12076
exit
!
router bgp 65501 vrf BLUE
 bgp router-id 10.10.10.1
 no bgp ebgp-requires-policy
 neighbor 192.168.200.2 remote-as 12076
exit
!
end
"""

# Neither configuration nor JSON, no three NULs in a row (that would look like a trailer).
GARBAGE = b"\xff\xfe{\"paths\": [\x00\x01garbage\x80\x81 <<<not json\n" * 64


def reply(rc=0, text=b""):
    return text + bytes([0, 0, 0, rc])


class Fake:
    def __init__(self, mode, path, state, upstream=None, trigger=None, inject=None):
        self.mode, self.path, self.state_path, self.upstream = mode, path, state, upstream
        self.trigger = trigger
        self.inject_lines = inject.split(";") if inject else []
        self.lock = threading.Lock()
        self.state = {
            "mode": mode,
            "ready": False,
            "connections": 0,
            "commands": [],
            "config_lines": 0,
            "sent_bytes": 0,
            "died": False,
            "cut": False,
            "rejected": "",
            "max_ahead": 0,
        }
        self.cut_done = False

    def save(self, **changes):
        with self.lock:
            self.state.update(changes)
            tmp = self.state_path + ".tmp"
            with open(tmp, "w") as f:
                json.dump(self.state, f)
            os.replace(tmp, self.state_path)

    def note_command(self, cmd, in_config):
        with self.lock:
            self.state["commands"] = (self.state["commands"] + [cmd[:200]])[-200:]
            if in_config:
                self.state["config_lines"] += 1
        self.save()

    def serve(self):
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
        srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        srv.bind(self.path)
        # As FRR's own vty sockets: the daemons (user frr) and vtysh (group frrvty).
        os.chown(self.path, pwd.getpwnam("frr").pw_uid, grp.getgrnam("frrvty").gr_gid)
        os.chmod(self.path, 0o770)
        if self.mode == "noaccept":
            srv.listen(1)
            self.save(ready=True)
            threading.Event().wait()
        srv.listen(16)
        self.save(ready=True)
        while True:
            conn, _ = srv.accept()
            with self.lock:
                self.state["connections"] += 1
            threading.Thread(target=self.connection, args=(conn,), daemon=True).start()

    def commands(self, conn):
        "Yield each NUL-terminated command a client sends."
        buf = b""
        while True:
            try:
                data = conn.recv(65536)
            except OSError:
                return
            if not data:
                return
            buf += data
            ahead = buf.count(b"\0")
            if ahead > self.state["max_ahead"]:
                self.save(max_ahead=ahead)
            while b"\0" in buf:
                cmd, buf = buf.split(b"\0", 1)
                yield cmd.decode(errors="replace")

    def connection(self, conn):
        try:
            if self.mode.startswith("proxy"):
                self.proxy(conn)
            else:
                self.answer(conn)
        finally:
            conn.close()

    def answer(self, conn):
        in_config = False
        for cmd in self.commands(conn):
            if cmd.startswith("conf"):
                in_config = True
            elif cmd == "end":
                in_config = False
            self.note_command(cmd, in_config and not cmd.startswith("conf"))
            mode = self.mode
            if mode == "notrailer":
                conn.sendall(b"% a reply that never ends properly")
                return
            if mode == "badrc":
                conn.sendall(reply(200, b"% unknown rc follows"))
                continue
            if mode == "oversize":
                sent = 0
                try:
                    while sent < OVERSIZE_LIMIT:
                        sent += conn.send(CHUNK)
                except OSError:
                    pass
                self.save(sent_bytes=self.state["sent_bytes"] + sent)
                return
            if mode == "garbage":
                conn.sendall(reply(0, GARBAGE))
                continue
            if mode == "silent":
                continue
            if mode == "rejects" and in_config and self.refuse(cmd):
                conn.sendall(reply(13, b"% Configuration failed.\n\nrefused by the fake bgpd\n"))
                continue
            # lying, dies and rejects: a plausible bgpd that keeps nothing.
            if mode == "dies" and in_config and self.state["config_lines"] >= DIE_AFTER:
                self.save(died=True)
                os._exit(1)
            conn.sendall(reply(0, RUNNING.encode() if cmd == "show running-config" else b""))

    def refuse(self, cmd):
        "Is cmd the configuration line to refuse (chosen the first time one qualifies)?"
        with self.lock:
            if (not self.state["rejected"] and self.state["config_lines"] >= REJECT_AT
                    and "ERPOL-" in cmd):
                self.state["rejected"] = cmd
            return cmd == self.state["rejected"]

    @staticmethod
    def peer_name(conn):
        "The program name of the client (SO_PEERCRED), '' if unknown."
        try:
            pid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED,
                                                      struct.calcsize("3i")))[0]
            with open("/proc/{}/comm".format(pid)) as f:
                return f.read().strip()
        except (OSError, struct.error):
            return ""

    def proxy(self, conn):
        up = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        up.connect(self.upstream)
        in_config = False
        cutting = False
        erpolicyd = self.peer_name(conn) == "erpolicyd"
        for cmd in self.commands(conn):
            if cmd.startswith("conf"):
                in_config = True
                with self.lock:
                    # Only erpolicyd's first configuration session is cut.
                    cutting = erpolicyd and not self.cut_done
                    self.cut_done = self.cut_done or erpolicyd
            elif cmd == "end":
                in_config = False
            self.note_command(cmd, in_config and not cmd.startswith("conf"))
            if cutting and in_config and self.state["config_lines"] > CUT_AFTER:
                # The line that would come next is never delivered: close both ends.
                self.save(cut=True, cut_after=self.state["config_lines"] - 1)
                up.close()
                return
            up.sendall(cmd.encode() + b"\0")
            # The reply, up to and including its trailer.
            got = self.read_reply(up)
            if got is None:
                up.close()
                return
            if (self.mode == "proxy-inject" and erpolicyd and cmd == "show running-config"
                    and not self.state.get("injected") and self.trigger.encode() in got):
                # What erpolicyd just read is already out of date when it acts on it.
                self.inject()
            conn.sendall(got)
        up.close()

    @staticmethod
    def read_reply(sock):
        got = b""
        while not (len(got) >= 4 and got[-4:-1] == b"\0\0\0"):
            data = sock.recv(65536)
            if not data:
                return None
            got += data
        return got

    def inject(self):
        "Configure the real daemon behind erpolicyd's back: enable, configure, the lines, end."
        up = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        up.connect(self.upstream)
        replies = []
        for line in ["enable", "configure terminal"] + self.inject_lines + ["end"]:
            up.sendall(line.encode() + b"\0")
            replies.append((line, (self.read_reply(up) or b"")[:-4].decode(errors="replace")))
        up.close()
        self.save(injected=True, inject_replies=replies)


def main():
    mode, path, state = sys.argv[1:4]
    extra = sys.argv[4:7] + [None] * (7 - len(sys.argv))
    Fake(mode, path, state, *extra[:3]).serve()


if __name__ == "__main__":
    main()
