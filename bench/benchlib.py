# SPDX-License-Identifier: GPL-2.0-or-later
"""Building blocks of erpolicyd's benchmarks: the benchmark router (FRR daemons and
erpolicyd in a network namespace, with its own pathspace), an Azure VPN gateway peer in a
second namespace, and process CPU and memory readings. The vty client, the waits and the
namespaces are the project's Python kit's (pykit/).

Debian's python3 and its standard library only.
"""

import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from pykit import wait  # noqa: E402  pylint: disable=wrong-import-position
from pykit.vty import Vty  # noqa: E402  pylint: disable=wrong-import-position

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


class BenchError(Exception):
    pass


# ---------------------------------------------------------------------------
# Process readings


def proc_cpu(pid):
    """utime + stime of a process in seconds (clock-tick resolution)."""
    with open("/proc/%d/stat" % pid) as f:
        st = f.read()
    fields = st[st.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def proc_schedstat(pid):
    """Time on CPU in seconds from /proc/PID/schedstat (nanosecond resolution)."""
    try:
        with open("/proc/%d/schedstat" % pid) as f:
            return int(f.read().split()[0]) / 1e9
    except OSError:
        return proc_cpu(pid)


def proc_status(pid, key):
    """A kB field of /proc/PID/status (VmRSS, VmHWM, ...) in bytes."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    raise BenchError("no %s for pid %d" % (key, pid))


def pid_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


def children_cpu():
    """CPU of the waited-for children of this process (user + system)."""
    ru = os.times()
    return ru.children_user + ru.children_system


def median(v):
    return statistics.median(v) if v else None


# ---------------------------------------------------------------------------
# FRR instances


class Frr:
    """FRR daemons of one pathspace inside one network namespace."""

    def __init__(self, prefix, ns, pathspace):
        self.prefix = prefix
        self.ns = ns
        self.ps = pathspace
        self.rundir = "/var/run/frr/" + pathspace
        self.confdir = "/etc/frr/" + pathspace
        self.vtys = {}

    # -- paths and helpers
    def sock(self, daemon):
        return "%s/%s.vty" % (self.rundir, daemon)

    def pid(self, daemon):
        try:
            with open("%s/%s.pid" % (self.rundir, daemon)) as f:
                pid = int(f.read().strip())
            os.kill(pid, 0)
            return pid
        except (OSError, ValueError):
            return None

    def vty(self, daemon):
        """A cached enabled session on a daemon's vty."""
        v = self.vtys.get(daemon)
        if v is None:
            v = Vty(self.sock(daemon))
            v.cmd("enable")
            self.vtys[daemon] = v
        return v

    def drop_vty(self, daemon):
        v = self.vtys.pop(daemon, None)
        if v:
            v.close()

    def q(self, daemon, command):
        """Text of a command on a daemon's vty (a fresh session if the cached one broke)."""
        try:
            return self.vty(daemon).cmd(command)[1]
        except OSError:  # VtyClosed too
            self.drop_vty(daemon)
            return self.vty(daemon).cmd(command)[1]

    def qjson(self, daemon, command):
        text = self.q(daemon, command)
        try:
            return json.loads(text) if text.strip() else {}
        except ValueError:
            return {}

    def vtysh(self, *args, stdin=None, check=True, timeout=3600):
        cmd = [self.prefix + "/bin/vtysh", "-N", self.ps] + list(args)
        p = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=timeout)
        if check and p.returncode != 0:
            raise BenchError("vtysh %s: rc %d: %s%s" % (args, p.returncode, p.stdout[-500:],
                                                        p.stderr[-500:]))
        return p

    def config(self, *lines):
        """Configuration lines through vtysh (one -c each, in config mode)."""
        args = ["-c", "configure terminal"]
        for line in lines:
            args += ["-c", line]
        return self.vtysh(*args)

    # -- life cycle
    def setup_dirs(self, frr_conf):
        for d in (self.confdir, self.rundir, "/var/lib/frr/" + self.ps):
            os.makedirs(d, exist_ok=True)
        for d in (self.rundir, "/var/lib/frr", "/var/lib/frr/" + self.ps):
            shutil.chown(d, "frr", "frr")
        shutil.chown(self.confdir, "frr", "frrvty")
        with open(self.confdir + "/vtysh.conf", "w") as f:
            f.write("service integrated-vtysh-config\n")
        with open(self.confdir + "/frr.conf", "w") as f:
            f.write(frr_conf)
        shutil.chown(self.confdir + "/frr.conf", "frr", "frr")

    def start(self, daemon, *extra):
        """Start one daemon (-d) in the namespace and wait for its vty socket."""
        self.drop_vty(daemon)
        sock = self.sock(daemon)
        if os.path.exists(sock):
            os.unlink(sock)
        log = "%s/%s.log" % (self.rundir, daemon)
        with open("%s/%s.out" % (self.rundir, daemon), "ab") as out:
            subprocess.run(
                ["ip", "netns", "exec", self.ns, "%s/lib/frr/%s" % (self.prefix, daemon), "-d",
                 "-N", self.ps, "--log", "file:" + log] + list(extra),
                stdout=out, stderr=out, check=True)

        def up():
            if os.path.exists(sock) and self.pid(daemon):
                self.vty(daemon)
                return self.pid(daemon)
            return None

        try:
            return wait.until(up, daemon, 30, 0.02, done=bool, errors=(OSError,))[0]
        except wait.WaitTimeout:
            raise BenchError("%s (%s) did not come up" % (daemon, self.ps)) from None

    def stop(self, daemon, timeout=30):
        """SIGTERM (then SIGKILL) one daemon; its stale pid file and socket go too, so
        that vtysh does not try to reach it."""
        self.drop_vty(daemon)
        pid = self.pid(daemon)
        if pid:
            os.kill(pid, signal.SIGCONT)  # a daemon the benchmark froze (SIGSTOP)
            os.kill(pid, signal.SIGTERM)
            try:
                wait.until(lambda: not pid_alive(pid), daemon, timeout, 0.02, done=bool)
            except wait.WaitTimeout:
                os.kill(pid, signal.SIGKILL)
                time.sleep(0.1)
        for f in ("%s/%s.pid" % (self.rundir, daemon), self.sock(daemon)):
            try:
                os.unlink(f)
            except OSError:
                pass

    def stop_all(self):
        """Stop every daemon of the pathspace (erpolicyd first, so it reacts to nothing)."""
        if not os.path.isdir(self.rundir):
            return
        names = [f[:-4] for f in os.listdir(self.rundir) if f.endswith(".pid")]
        order = ["erpolicyd", "bgpd", "staticd", "zebra", "mgmtd"]
        for d in sorted(names, key=lambda d: order.index(d) if d in order else -1):
            self.stop(d)

    def remove_dirs(self):
        for d in (self.rundir, self.confdir, "/var/lib/frr/" + self.ps,
                  "/var/tmp/frr/" + self.ps):
            shutil.rmtree(d, ignore_errors=True)


# ---------------------------------------------------------------------------
# Polling


def wait_for(pred, timeout, interval=0.02, what="condition"):
    """Call pred() until it is truthy; returns (value, time.monotonic() when it was)."""
    try:
        return wait.until(pred, what, timeout, interval, done=bool)
    except wait.WaitTimeout:
        raise BenchError("timed out after %.0f s waiting for %s" % (timeout, what)) from None


def random_phase(rng, period):
    """Sleep a random fraction of a timer period, so events hit the timer at random phases."""
    time.sleep(rng.uniform(0, period))


# ---------------------------------------------------------------------------
# FRR's own per-event CPU accounting (`show event cpu`)

_EVENT_ROW = re.compile(
    r"^\s*(\d+)\s+([\d.]+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)"
    r"\s+(\S+)\s+(\S+)\s*$")


def event_cpu(text):
    """Parse `show event cpu`: {event name: {"runtime_ms", "invoked", "cpu_avg_us",
    "cpu_max_us", "wall_avg_us", "wall_max_us"}} (totals over the pthreads)."""
    out = {}
    for line in text.splitlines():
        m = _EVENT_ROW.match(line)
        if not m:
            continue
        name = m.group(12)
        e = out.setdefault(name, {"runtime_ms": 0.0, "invoked": 0, "cpu_avg_us": 0,
                                  "cpu_max_us": 0, "wall_avg_us": 0, "wall_max_us": 0})
        e["runtime_ms"] += float(m.group(2))
        e["invoked"] += int(m.group(3))
        e["cpu_avg_us"] = int(m.group(4))
        e["cpu_max_us"] = max(e["cpu_max_us"], int(m.group(5)))
        e["wall_avg_us"] = int(m.group(6))
        e["wall_max_us"] = max(e["wall_max_us"], int(m.group(7)))
    return out
