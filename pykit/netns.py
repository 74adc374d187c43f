# SPDX-License-Identifier: GPL-2.0-or-later
"""
Network namespaces for the benchmarks and the labs: named namespaces (ip netns), veth links
between namespaces, and commands run inside one.

A namespace is given by its name (`ip netns add NAME`) or by the pid of a process that lives
in it (a container's or a topotest router's: `nsenter -t PID`).
"""

import os
import signal
import subprocess


class NetnsError(RuntimeError):
    "A command failed; the message has its command line, exit code and error output."


def run(argv, timeout=60):
    "Run argv; raise NetnsError unless it exits 0. Returns its output."
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=timeout)
    if p.returncode != 0:
        raise NetnsError("{} -> exit {}: {}".format(" ".join(argv), p.returncode, p.stderr))
    return p.stdout


def nsenter(pid, *namespaces):
    """The command prefix that runs a command in the namespaces (nsenter's flags, default
    -n: the network namespace) of process pid."""
    return ["nsenter", "-t", str(pid)] + list(namespaces or ("-n",))


def _ip(ns):
    "ip(8) in namespace ns (a name or a pid)."
    return nsenter(ns) + ["ip"] if isinstance(ns, int) else ["ip", "-n", ns]


def ip(ns, *args):
    "ip(8) in namespace ns (a name or a pid); returns its output."
    return run(_ip(ns) + list(args))


def add(ns):
    "A fresh named namespace (an old one of that name is removed first), its loopback up."
    subprocess.run(["ip", "netns", "del", ns], capture_output=True)
    run(["ip", "netns", "add", ns])
    ip(ns, "link", "set", "lo", "up")


def delete(ns):
    """Remove a named namespace, ending first whatever still runs in it (only processes the
    caller started live there: its daemons, by their pid)."""
    p = subprocess.run(["ip", "netns", "pids", ns], capture_output=True, text=True)
    for pid in p.stdout.split():
        for sig in (signal.SIGCONT, signal.SIGKILL):
            try:
                os.kill(int(pid), sig)
            except (OSError, ValueError):
                pass
    subprocess.run(["ip", "netns", "del", ns], capture_output=True)


def veth(a, a_if, b, b_if):
    """A veth pair made straight into two namespaces (names or pids): a_if in a, b_if in b.
    Both ends are down (link_up())."""
    run(["ip", "link", "add", a_if, "netns", str(a), "type", "veth",
         "peer", "name", b_if, "netns", str(b)])


def link_up(ns, ifname):
    ip(ns, "link", "set", ifname, "up")
