# SPDX-License-Identifier: GPL-2.0-or-later
"""erpolicyd benchmarks (the performance issue, items 1-5 and 7; item 6 comes from the lab).

Run through bench/run.sh, which builds what is needed first. This script sets up the
benchmark router R1 (mgmtd, zebra, staticd, bgpd, erpolicyd) in its own network namespace
and pathspace, an Azure VPN gateway peer in a second one, runs every measurement, keeps
every run in bench/results.json and regenerates bench/RESULTS.md (bench/report.py).

Every comparison is a ratio against a baseline measured in the same run, interleaved
(baseline, candidate, baseline, candidate, ...); figures are medians.
"""

import argparse
import contextlib
import fcntl
import json
import os
import platform
import random
import re
import resource
import signal
import subprocess
import sys
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, TOP)

import benchlib as bl  # noqa: E402
import intent as gen  # noqa: E402
from pykit import netns  # noqa: E402
from pykit.vty import Vty, VtyClosed  # noqa: E402

ASN = 65501  # bench/compile_bench.c renders for this AS too
AZ_ASN = 65515

R1_CONF = """frr defaults traditional
hostname bench-r1
!
router bgp 65501
 bgp router-id 10.10.10.1
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor 192.168.100.2 remote-as 12076
 neighbor 2001:db8:100::2 remote-as 12076
 neighbor 169.254.21.2 remote-as 65515
 neighbor 169.254.22.2 remote-as 65515
 neighbor fd00:21::2 remote-as 65515
 address-family ipv4 unicast
  network 10.10.10.1/32
  network 10.1.0.0/16
  no neighbor 2001:db8:100::2 activate
  no neighbor fd00:21::2 activate
 exit-address-family
 address-family ipv6 unicast
  neighbor 2001:db8:100::2 activate
  neighbor fd00:21::2 activate
  network 2001:db8:10::1/128
  network 2001:db8:1::/48
 exit-address-family
exit
"""

# The link between R1 and the Azure side: the ExpressRoute MSEE, and the VPN gateway's
# APIPA peers (reached here over the same link; the lab carries them over IPsec).
R1_ADDRS = ["192.168.100.1/30", "169.254.21.1/30", "169.254.22.1/30"]
R1_ADDRS6 = ["2001:db8:100::1/126", "fd00:21::1/64"]
AZ_ADDRS = ["192.168.100.2/30", "169.254.21.2/30", "169.254.22.2/30"]
AZ_ADDRS6 = ["2001:db8:100::2/126", "fd00:21::2/64"]


def az_conf(azure):
    """The Azure VPN gateway peer: announces every azure-prefix to R1."""
    v4 = [p for p in azure if ":" not in p]
    v6 = [p for p in azure if ":" in p]
    lines = [
        "frr defaults traditional",
        "hostname bench-azure-vpngw",
        "!",
        "router bgp %d" % AZ_ASN,
        " bgp router-id 169.254.21.2",
        " no bgp ebgp-requires-policy",
        " no bgp network import-check",
        " neighbor 169.254.21.1 remote-as %d" % ASN,
        " neighbor 169.254.21.1 advertisement-interval 0",
        " neighbor fd00:21::1 remote-as %d" % ASN,
        " neighbor fd00:21::1 advertisement-interval 0",
        " address-family ipv4 unicast",
        "  no neighbor fd00:21::1 activate",
    ]
    lines += ["  network " + p for p in v4]
    lines += [" exit-address-family", " address-family ipv6 unicast",
              "  neighbor fd00:21::1 activate"]
    lines += ["  network " + p for p in v6]
    lines += [" exit-address-family", "exit", ""]
    return "\n".join(lines)


def log(msg):
    try:
        sys.stderr.write("bench: %s\n" % msg)
        sys.stderr.flush()
    except OSError:  # stderr piped into a tee that Ctrl-C ended: go on cleaning up
        pass


def cpu_children():
    """CPU of the waited-for children (and theirs), microsecond resolution."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def verdicts(j):
    """The per-prefix verdicts of `show expressroute-policy json` (key "prefix"; "prefixes"
    in older erpolicyd)."""
    v = j.get("prefix", j.get("prefixes", []))
    return v if isinstance(v, list) else []


# The applyState in `show expressroute-policy json` (the first instance: the bench has one).
APPLY_STATE = re.compile(r'"applyState":\s*"([^"]*)"')


class PhaseTimeout(Exception):
    pass


class Bench:
    def __init__(self, a):
        self.a = a
        self.prefix = a.prefix
        self.out = a.out
        os.makedirs(self.out, exist_ok=True)
        self.r1 = bl.Frr(self.prefix, a.ns, a.ns)
        self.az = bl.Frr(self.prefix, a.ns + "-az", a.ns + "-az")
        self.rng = random.Random(a.seed)
        self.res = {"meta": {}, "items": {}}
        self.t_start = time.time()
        self.perf = a.profile and subprocess.run(["which", "perf"],
                                                 capture_output=True).returncode == 0
        self.failed = set()

    # ------------------------------------------------------------------ phases
    @contextlib.contextmanager
    def phase(self, key, limit):
        """One measurement, capped at limit seconds (SIGALRM). Its failure or timeout is
        recorded in items.errors[key] (RESULTS.md reports it) and the run goes on with
        the next measurement. Phases do not nest."""
        def on_alarm(*_):
            raise PhaseTimeout("timed out after %.0f s (cap of this measurement)" % limit)

        old = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, max(1.0, limit))
        t0 = time.monotonic()
        log("%s (cap %.0f s)" % (key, limit))
        try:
            yield
        except Exception as e:  # BenchError, PhaseTimeout, TimeoutExpired, ...: go on
            signal.setitimer(signal.ITIMER_REAL, 0)
            log("%s failed after %.0f s: %s" % (key, time.monotonic() - t0, e))
            traceback.print_exc()
            self.item("errors")[key] = {"error": "%s: %s" % (type(e).__name__, e),
                                        "timeout": isinstance(e, (PhaseTimeout,
                                                                  subprocess.TimeoutExpired)),
                                        "after_s": round(time.monotonic() - t0, 1),
                                        "cap_s": limit}
            self.failed.add(key)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
            self.res["meta"].setdefault("phases_s", {})[key] = round(time.monotonic() - t0, 2)
            self.save()

    def cap(self, n, base):
        """A phase's time cap: base seconds at 1k, growing with the size."""
        return self.a.cap_scale * base * max(1.0, n / 1000.0)

    # ------------------------------------------------------------------ files
    def save(self):
        path = os.path.join(self.out, "results.json")
        with open(path + ".tmp", "w") as f:
            json.dump(self.res, f, indent=1, sort_keys=True)
        os.replace(path + ".tmp", path)

    def item(self, key):
        return self.res["items"].setdefault(key, {})

    def files(self, n):
        """Intent (config block and items form) and generated configuration for size n."""
        base = os.path.join(self.out, "intent-%d" % n)
        # Regenerated whenever the generator or the renderer (erpolicyd's core) is newer.
        newest = max(os.path.getmtime(x) for x in (self.a.compile_bench,
                                                   os.path.join(HERE, "intent.py")))
        if not os.path.exists(base + ".gen.conf") or \
                os.path.getmtime(base + ".gen.conf") < newest:
            it = gen.intent(n, self.a.seed)
            with open(base + ".conf", "w") as f:
                f.write("\n".join(gen.block_lines(it)) + "\n")
            with open(base + ".items", "w") as f:
                f.write("\n".join(gen.item_lines(it)) + "\n")
            with open(base + ".gen.conf", "w") as f:
                subprocess.run([self.a.compile_bench, "--render", base + ".items"], stdout=f,
                               check=True)
            text = open(base + ".gen.conf").read().splitlines()
            pins = [l for l in text if l.startswith(("ip route ", "ipv6 route "))]
            rest = [l for l in text if not l.startswith(("ip route ", "ipv6 route "))]
            with open(base + ".gen-bgpd.conf", "w") as f:
                f.write("\n".join(rest) + "\n")
            with open(base + ".gen-mgmtd.conf", "w") as f:
                f.write("\n".join(pins) + "\n")
        return {
            "intent": base + ".conf",
            "items": base + ".items",
            "gen": base + ".gen.conf",
            "gen_bgpd": base + ".gen-bgpd.conf",
            "gen_mgmtd": base + ".gen-mgmtd.conf",
        }

    # ------------------------------------------------------------------ meta
    def meta(self):
        m = self.res["meta"]
        cpu = "?"
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) * 1024
        pin = {}
        with open(os.path.join(TOP, "tools", "frr-pin.env")) as f:
            for line in f:
                if "=" in line and not line.startswith("#"):
                    k, v = line.strip().split("=", 1)
                    pin[k] = v
        frrv = subprocess.run([self.prefix + "/lib/frr/bgpd", "--version"], capture_output=True,
                              text=True).stdout.splitlines()
        pkg = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "frr"], capture_output=True,
                             text=True).stdout.strip()
        git = subprocess.run(["git", "-C", TOP, "describe", "--always", "--dirty"],
                             capture_output=True, text=True).stdout.strip()
        hw = subprocess.run(["perf", "stat", "-e", "instructions", "true"], capture_output=True,
                            text=True) if self.perf else None
        m.update({
            "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
            "cpu": cpu,
            "cores": os.cpu_count(),
            "mem_bytes": mem,
            "kernel": platform.release(),
            "debian": open("/etc/debian_version").read().strip(),
            "frr": frrv[0] if frrv else "?",
            "frr_package": pkg or "?",
            "libyang": pin.get("LIBYANG_UPSTREAM"),
            "erpolicyd_git": git,
            "python": sys.version.split()[0],
            "argv": " ".join(sys.argv[1:]),
            "mode": "quick" if self.a.quick else "full",
            "sizes": self.a.sizes,
            "runs": self.a.runs,
            "loadavg_start": open("/proc/loadavg").read().split()[:3],
            "hw_counters": bool(hw and "<not supported>" not in hw.stderr),
            "reconcile_interval_ms": self.header_int("erpolicy_apply.h",
                                                     "ERPOLICY_RECONCILE_INTERVAL_MS"),
            "verify_interval_ms": self.header_int("erpolicy_verify.h",
                                                  "ERPOLICY_VERIFY_INTERVAL_MS"),
            # None since erpolicyd has no fixed settle (it waits only while a daemon loads).
            "load_settle_ms": self.header_int("erpolicy_apply.c", "ERPOLICY_LOAD_SETTLE_MS"),
            "startup_grace_ms": self.header_int("erpolicy_apply.c",
                                                "ERPOLICY_STARTUP_GRACE_MS"),
            "estimate_full_s": estimate_full(),
        })

    def header_int(self, header, name):
        with open(os.path.join(TOP, "erpolicyd", header)) as f:
            for line in f:
                if line.startswith("#define " + name):
                    return int(line.split()[2])
        return None

    # ------------------------------------------------------------------ rig
    def net_up(self):
        r1, az = self.r1.ns, self.az.ns
        netns.add(r1)
        netns.add(az)
        netns.veth(r1, "er0", az, "er0")
        for ns, a4, a6 in ((r1, R1_ADDRS, R1_ADDRS6), (az, AZ_ADDRS, AZ_ADDRS6)):
            for a in a4:
                netns.ip(ns, "addr", "add", a, "dev", "er0")
            for a in a6:
                netns.ip(ns, "addr", "add", a, "dev", "er0", "nodad")
            netns.link_up(ns, "er0")

    def down(self):
        for f in (self.az, self.r1):
            f.stop_all()
            f.remove_dirs()
        netns.delete(self.r1.ns)
        netns.delete(self.az.ns)

    def r1_fresh(self):
        """R1 with mgmtd, zebra, staticd and bgpd freshly started on the base configuration."""
        r = self.r1
        r.stop_all()
        r.remove_dirs()
        r.setup_dirs(R1_CONF)
        for d in ("mgmtd", "zebra", "staticd", "bgpd"):
            r.start(d)
        r.vtysh("-b")
        if "router bgp %d" % ASN not in r.q("bgpd", "show running-config"):
            raise bl.BenchError("bgpd did not take the base configuration")

    def pids(self, names=("erpolicyd", "bgpd", "zebra", "mgmtd", "staticd")):
        return {d: self.r1.pid(d) for d in names if self.r1.pid(d)}

    def cpu_snapshot(self, pids):
        out = {}
        for d, p in pids.items():
            try:
                out[d] = bl.proc_schedstat(p)
            except OSError:
                pass
        out["_children"] = cpu_children()
        return out

    @staticmethod
    def cpu_delta(a, b):
        return {k: round(b[k] - a[k], 6) for k in a if k in b}

    def show(self, timeout_ok=False):
        """erpolicyd's `show expressroute-policy json` for the default VRF ({} if none)."""
        j = self.r1.qjson("erpolicyd", "show expressroute-policy json")
        return j.get("default", {}) if isinstance(j, dict) else {}

    def wait_applied(self, timeout, latencies=None):
        """Poll erpolicyd until applyState is applied (poll interval adapts to the cost of a
        query, which grows with the intent). Returns (show json, monotonic time). With
        latencies (a list), each query's round trip (send to last byte, without the JSON
        parsing) is appended to it: how long erpolicyd's vty took to answer meanwhile."""
        deadline = time.monotonic() + timeout
        interval = 0.02
        while True:
            t = time.monotonic()
            text = self.r1.q("erpolicyd", "show expressroute-policy json")
            now = time.monotonic()
            if latencies is not None:
                latencies.append(now - t)
            # The state is in the answer's head (the lists of 100k entries follow): the
            # whole answer is parsed only once it is there. Parsing 20 MB of JSON on every
            # poll would take this harness a core that the daemons it measures need.
            m = APPLY_STATE.search(text, 0, 65536)
            if m and m.group(1) not in ("applied", "failed"):
                j = {"applyState": m.group(1)}
            else:
                try:
                    j = json.loads(text) if text.strip() else {}
                except ValueError:
                    j = {}
                j = j.get("default", {}) if isinstance(j, dict) else {}
            if j.get("applyState") == "applied":
                return j, now
            if j.get("applyState") == "failed":
                raise bl.BenchError("apply failed: %s" % j.get("applyReason"))
            if now > deadline:
                raise bl.BenchError("not applied within %.0f s (state %s)" %
                                    (timeout, j.get("applyState")))
            interval = max(0.02, 2 * (now - t))
            time.sleep(interval)

    def erpolicyd_start(self, f, timeout=3600, profile=None):
        """Start erpolicyd over a router that holds its plan and load the intent (vtysh -f,
        at once: after the start-up grace period an erpolicyd without configuration
        removes owned objects). vtysh -f brackets the file with XFRR_start/
        end_configuration, one northbound transaction (FRR patch 0007), and erpolicyd
        reconciles nothing in between, so it never acts on a part of the intent. Returns
        the load wall time and erpolicyd's CPU for it."""
        self.r1.start("erpolicyd")
        pid = self.r1.pid("erpolicyd")
        prof = self.perf_start(pid, profile[0], 99) if profile else None
        c0 = bl.proc_schedstat(pid)
        t0 = time.monotonic()
        self.r1.vtysh("-d", "erpolicyd", "-f", f["intent"], timeout=timeout)
        load = time.monotonic() - t0
        cpu = bl.proc_schedstat(pid) - c0
        if profile:
            self.perf_stop(prof, profile[1])
        self.kick_verifier()
        return load, cpu

    def kick_verifier(self):
        """Work around an erpolicyd bug: a verifier run that finds no policy instance does
        not schedule the next one, and creating an instance does not either, so when zebra
        connects (which runs the verifier at once) before the intent is in, the verifier
        stays off until the next route change. Make one: an operator static route (not
        erpolicyd's: no tag 4242) added and removed again through mgmtd."""
        ev = bl.event_cpu(self.r1.q("erpolicyd", "show event cpu"))
        self.res["meta"].setdefault("verifier_kicks", 0)
        self.res["meta"]["verifier_kicks"] += 1
        if ev.get("erpolicy_verify_run", {}).get("runtime_ms", 0) < 0.1:
            self.res["meta"]["verifier_found_off"] = \
                self.res["meta"].get("verifier_found_off", 0) + 1
        def runs():
            return bl.event_cpu(self.r1.q("erpolicyd", "show event cpu")).get(
                "erpolicy_verify_run", {}).get("invoked", 0)

        for no in ("", "no "):
            before = runs()
            self.r1.vtysh("-d", "mgmtd", "-c", "configure terminal", "-c",
                          no + "ip route 192.0.2.255/32 blackhole")
            # One change at a time: zebra would fold an add and a delete together.
            bl.wait_for(lambda: runs() > before, 600, 0.05, "the verifier to run")

    def owned(self, text):
        """Owned lines of a configuration text (erpolicyd's objects and pins), stripped."""
        out = set()
        for line in text.splitlines():
            s = line.strip()
            if "ERPOL-" in s or s.endswith(" tag 4242") or " tag 4242 " in s:
                out.add(s)
        return out

    def plan_held(self, f):
        """(the owned lines of the generated configuration, the owned lines bgpd and mgmtd
        hold)."""
        want = self.owned(open(f["gen"]).read())
        have = self.owned(self.r1.q("bgpd", "show running-config"))
        have |= self.owned(self.r1.q("mgmtd", "show running-config"))
        return want, have

    def holds_plan(self, f):
        """Do bgpd and mgmtd hold every object of the generated configuration?"""
        want, have = self.plan_held(f)
        return len(want - have) == 0, len(want), len(want - have)

    def steady(self, n, f, profile=None):
        """R1 holding the plan of size n, erpolicyd running with the intent and verified.
        bgpd and mgmtd get the generated objects straight (vtysh -d: no copies in zebra),
        so erpolicyd starts over a correct router and has nothing to push."""
        self.r1_fresh()
        self.r1.vtysh("-d", "bgpd", "-f", f["gen_bgpd"], timeout=3600)
        self.r1.vtysh("-d", "mgmtd", "-f", f["gen_mgmtd"], timeout=3600)
        load, cpu = self.erpolicyd_start(f, profile=profile)
        j, _ = self.wait_applied(3600)
        self.wait_verified(n, 600)
        return load, cpu, j

    def wait_verified(self, n, timeout):
        """Until the verifier has a verdict for every azure-prefix, then two more passes."""
        def ok():
            return sum(1 for p in verdicts(self.show()) if p.get("role") == "azure-prefix") >= n

        bl.wait_for(ok, timeout, 0.5, "verdicts")
        time.sleep(2.5 * self.res["meta"]["verify_interval_ms"] / 1000)

    # ------------------------------------------------------------------ profiles
    def perf_start(self, pid, name, freq=499):
        if not self.perf:
            return None
        path = os.path.join(self.out, "profile-%s.data" % name)
        p = subprocess.Popen(["perf", "record", "-F", str(freq), "--call-graph", "dwarf,8192",
                              "-p", str(pid), "-o", path], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        time.sleep(0.3)
        return (p, path, name)

    def perf_stop(self, h, what):
        if not h:
            return
        p, path, name = h
        p.send_signal(2)
        p.wait()
        rep = subprocess.run(["perf", "report", "-i", path, "--children", "--stdio", "-g",
                              "none", "--percent-limit", "2", "--sort", "symbol"],
                             capture_output=True, text=True).stdout
        rows = []
        for line in rep.splitlines():
            parts = line.split()
            if len(parts) >= 4 and parts[0].endswith("%") and parts[1].endswith("%"):
                sym = parts[3]
                if sym.startswith("0x") or sym == "[unknown]":
                    continue
                rows.append({"children": float(parts[0][:-1]), "self": float(parts[1][:-1]),
                             "symbol": sym})
        samples = None
        for line in rep.splitlines():
            if line.startswith("# Samples:"):
                samples = line.split(":", 1)[1].strip()
        self.res.setdefault("profiles", {})[name] = {"what": what, "rows": rows[:40],
                                                     "samples": samples}
        try:
            os.unlink(path)
        except OSError:
            pass
        self.save()

    # ------------------------------------------------------------------ item 1
    def item1(self):
        res = self.item("compile")
        for n in self.a.sizes:
            with self.phase("item 1: compile %d" % n, self.cap(n, 60)):
                f = self.files(n)
                runs = max(self.a.runs, 5)
                p = subprocess.run([self.a.compile_bench, "-r", str(runs), f["items"]],
                                   capture_output=True, text=True, check=True,
                                   timeout=self.cap(n, 60))
                rows = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
                summ = [r for r in rows if r.get("summary")][0]
                phases = {}
                for r in rows:
                    if "phase" in r:
                        phases.setdefault(r["phase"], []).append(r["cpu_s"])
                res[str(n)] = {"summary": summ, "cpu_s": phases}
                log("item 1: %d: compile %.6f s (median cpu)" % (
                    n, bl.median(phases["compile"])))

    # ------------------------------------------------------------------ item 2
    def apply_floor(self, n, f):
        self.r1_fresh()
        pids = self.pids()
        c0 = self.cpu_snapshot(pids)
        t0 = time.monotonic()
        self.r1.vtysh("-f", f["gen"], timeout=7200)
        t1 = time.monotonic()
        c1 = self.cpu_snapshot(pids)
        # vtysh -f returns once every daemon answered: the objects are in. Check it (and
        # should they ever come later, count the wait).
        ok, want, missing = self.holds_plan(f)
        wall = t1 - t0
        if not ok:
            (ok, want, missing), t2 = bl.wait_for(lambda: (lambda r: r if r[0] else None)(
                self.holds_plan(f)), 600, 0.05, "bgpd holding the plan")
            wall = t2 - t0
        return {"wall_s": wall, "vtysh_s": t1 - t0, "cpu": self.cpu_delta(c0, c1),
                "objects": want}

    def commit_probe(self, n):
        """Cost of one single-line configuration commit into the loaded bgpd: what each line
        of an erpolicyd push costs at this size (it sends one line per commit)."""
        v = Vty(self.r1.sock("bgpd"))
        v.cmd("enable")
        v.cmd("configure terminal")
        pid = self.r1.pid("bgpd")
        walls, cpus = [], []
        for k in range(5):
            for line in ("ip prefix-list ERPOL-PROBE-V4 seq %d permit 198.19.%d.0/24" % (k + 1, k),
                         "no ip prefix-list ERPOL-PROBE-V4 seq %d permit 198.19.%d.0/24" %
                         (k + 1, k)):
                c0 = bl.proc_schedstat(pid)
                t0 = time.monotonic()
                v.cmd(line)
                walls.append(time.monotonic() - t0)
                cpus.append(bl.proc_schedstat(pid) - c0)
        v.cmd("end")
        v.close()
        return {"wall_s": walls, "bgpd_cpu_s": cpus}

    def apply_candidate(self, n, f, cap, profile=None):
        self.r1_fresh()
        self.r1.start("erpolicyd")
        pids = self.pids()
        prof = self.perf_start(pids[profile[0]], profile[1]) if profile else None
        c0 = self.cpu_snapshot(pids)
        t0 = time.monotonic()
        try:
            self.r1.vtysh("-f", f["intent"], timeout=cap)
        except subprocess.TimeoutExpired:
            t = time.monotonic() - t0
            self.perf_stop(prof, "")
            have = self.r1.q("bgpd", "show ip prefix-list summary ERPOL-AZURE-V4") \
                if self.r1.pid("bgpd") else ""
            self.r1.stop("erpolicyd")
            return {"timeout_s": cap, "elapsed_s": t, "cpu": self.cpu_delta(
                c0, self.cpu_snapshot({k: v for k, v in pids.items() if k != "erpolicyd"})),
                "bgpd_plist_summary": have.strip()[:300]}
        t1 = time.monotonic()
        # Item 4b: erpolicyd's vty answering while it applies (after its own load).
        lat = []
        j, t2 = self.wait_applied(max(60, cap - (t1 - t0)), lat)
        c1 = self.cpu_snapshot(pids)
        if profile:
            self.perf_stop(prof, profile[2])
        want, have = self.plan_held(f)
        if want - have:
            # The lines missing, and (marked +) the owned lines held instead.
            raise bl.BenchError("applied, but %d of %d owned lines missing: %s" % (
                len(want - have), len(want), "; ".join((sorted(want - have) + [
                    "+" + x for x in sorted(have - want)])[:10])))
        want = len(want)
        ev = bl.event_cpu(self.r1.q("erpolicyd", "show event cpu"))
        # erpolicyd was started for this run: its longest push and full pass are this apply's.
        st = self.stats()
        return {"wall_s": t2 - t0, "vtysh_s": t1 - t0, "cpu": self.cpu_delta(c0, c1),
                "push_wall_s": st.get("longestPushMs", 0) / 1e3 if st else None,
                "full_pass_wall_max_s": st.get("longestFullPassMs", 0) / 1e3 if st else None,
                "full_passes": st.get("fullPasses"), "pushes": st.get("pushes"),
                "objects": want, "applies": j.get("applies"), "show_latency_s": lat,
                "intent_commit_cpu_s": ev.get("vtysh_read", {}).get("cpu_max_us", 0) / 1e6,
                "reconcile_wall_max_s": ev.get("erpolicy_reconcile", {}).get("wall_max_us",
                                                                             0) / 1e6,
                "reconcile_cpu_s": ev.get("erpolicy_reconcile", {}).get("runtime_ms", 0) / 1e3,
                "reconcile": ev.get("erpolicy_reconcile", {}),
                "verify": ev.get("erpolicy_verify_run", {})}

    def apply_runs(self, n):
        """(floor runs, erpolicyd runs at most) for size n."""
        if n >= 100000:
            return self.a.big_runs, 1
        return self.a.runs, self.a.runs

    def item2(self):
        res = self.item("apply")
        for n in self.a.sizes:
            with self.phase("item 2: generate %d" % n, self.cap(n, 60)):
                f = self.files(n)
            if "item 2: generate %d" % n in self.failed:
                continue
            big = n >= 100000
            cap = self.a.apply_cap_big if big else self.a.apply_cap
            budget = self.a.apply_budget
            floor_runs, cand_runs = self.apply_runs(n)
            r = res.setdefault(str(n), {"floor": [], "erpolicyd": [], "pairs": []})
            r["budget_s"] = budget
            r["cap_s"] = cap
            spent = 0.0
            for i in range(floor_runs):
                fl = None
                with self.phase("item 2: %d: floor run %d" % (n, i), self.cap(n, 60) +
                                (3 * 180 if big else 0)):
                    fl = self.apply_floor(n, f)
                    r["floor"].append(fl)
                    log("item 2: %d: floor run %d: %.2f s" % (n, i, fl["wall_s"]))
                    if "commit_probe" not in r:
                        r["commit_probe"] = self.commit_probe(n)
                # erpolicyd after its floor run (interleaved); the first always, the next
                # ones while the size's budget lasts.
                if fl is None or i >= cand_runs or (i > 0 and spent >= budget):
                    continue
                prof = None
                if i == 0 and n == self.a.profile_apply_size:
                    prof = ("bgpd", "apply-bgpd-%d" % n,
                            "bgpd while erpolicyd applies a %d-prefix intent" % n)
                t0 = time.monotonic()
                c = {"error": "did not run"}
                with self.phase("item 2: %d: erpolicyd run %d" % (n, i), cap + 300):
                    try:
                        c = self.apply_candidate(n, f, cap, prof)
                    except (bl.BenchError, VtyClosed) as e:
                        c = {"error": str(e)}
                spent += time.monotonic() - t0
                if c.get("error") == "did not run":
                    c["error"] = str(self.item("errors").get(
                        "item 2: %d: erpolicyd run %d" % (n, i), {}).get("error"))
                r["erpolicyd"].append(c)
                if "wall_s" in c:
                    r["pairs"].append(c["wall_s"] / fl["wall_s"])
                log("item 2: %d: erpolicyd run %d: %s" % (
                    n, i, "%.2f s" % c["wall_s"] if "wall_s" in c else c))
                self.save()
        self.r1.stop_all()

    # ------------------------------------------------------------------ items 3, 4, 5, 7
    def reload_sockdir(self):
        """A vty socket folder for frr-reload.py's vtysh: every daemon of R1 but erpolicyd."""
        top = os.path.join(self.r1.rundir, "frr-reload-vty")
        d = os.path.join(top, self.r1.ps)
        os.makedirs(d, exist_ok=True)
        for daemon in ("mgmtd", "zebra", "staticd", "bgpd"):
            link = os.path.join(d, daemon + ".vty")
            if not os.path.lexists(link):
                os.symlink(self.r1.sock(daemon), link)
        return top

    def frr_reload(self, target):
        pids = self.pids()
        c0 = self.cpu_snapshot(pids)
        t0 = time.monotonic()
        p = subprocess.run(
            ["/usr/bin/python3", self.prefix + "/lib/frr/frr-reload.py", "--reload", "--daemon",
             "bgpd", "--stdout", "--bindir", self.prefix + "/bin", "--confdir", "/etc/frr",
             "--rundir", self.r1.rundir, "--vty_socket", self.reload_sockdir(), "-N",
             self.r1.ps, target],
            capture_output=True, text=True, timeout=3600)
        t1 = time.monotonic()
        c1 = self.cpu_snapshot(pids)
        if p.returncode != 0:
            raise bl.BenchError("frr-reload.py: rc %d: %s" % (p.returncode, p.stdout[-800:]))
        d = self.cpu_delta(c0, c1)
        return {"wall_s": t1 - t0, "cpu": d, "tool_cpu_s": d["_children"]}

    def plist_has(self, name, seq, prefix):
        """Does bgpd hold entry seq of the prefix-list with this prefix? Looked up by prefix:
        `show ip prefix-list NAME seq N` finds no entry numbered 2^31 or more (FRR 10.3
        passes the number on as an int), and half of erpolicyd's numbers are."""
        afi = "ipv6" if ":" in prefix else "ip"
        return ("seq %d permit %s" % (seq, prefix)) in self.r1.q(
            "bgpd", "show %s prefix-list %s %s" % (afi, name, prefix))

    def incremental(self, x, seq, add):
        """Add (or remove) one azure-prefix through vtysh; time until bgpd has (or no longer
        has) its prefix-list entry, then until erpolicyd says applied."""
        t0 = time.monotonic()
        self.r1.config("router expressroute-policy", ("" if add else "no ") + "azure-prefix " + x)
        t1 = time.monotonic()
        _, t2 = bl.wait_for(lambda: self.plist_has("ERPOL-AZURE-V4", seq, x) == add, 300, 0.005,
                            "bgpd to %s %s" % ("get" if add else "lose", x))
        _, t3 = self.wait_applied(300)
        return {"wall_s": t2 - t0, "vtysh_s": t1 - t0, "applied_s": t3 - t0}

    def window(self, seconds):
        """erpolicyd left alone for a while: its CPU and the daemons', and FRR's own per-event
        accounting of erpolicyd (reconcile and verify passes)."""
        self.r1.q("erpolicyd", "clear event cpu")
        pids = self.pids()
        c0 = self.cpu_snapshot(pids)
        t0 = time.monotonic()
        time.sleep(seconds)
        t1 = time.monotonic()
        c1 = self.cpu_snapshot(pids)
        ev = bl.event_cpu(self.r1.q("erpolicyd", "show event cpu"))
        d = self.cpu_delta(c0, c1)
        rec = ev.get("erpolicy_reconcile", {})
        ver = ev.get("erpolicy_verify_run", {})
        return {
            "seconds": t1 - t0,
            "cpu": d,
            "core_share": {k: v / (t1 - t0) for k, v in d.items() if not k.startswith("_")},
            "reconcile": rec,
            "verify": ver,
            "reconcile_cpu_per_pass_s": rec["runtime_ms"] / 1e3 / rec["invoked"]
            if rec.get("invoked") else None,
            "verify_cpu_per_pass_s": ver["runtime_ms"] / 1e3 / ver["invoked"]
            if ver.get("invoked") else None,
        }

    def stats(self):
        """`show expressroute-policy statistics json` (small at any size)."""
        return self.r1.qjson("erpolicyd", "show expressroute-policy statistics json") or {}

    def pass_replay(self, k=5):
        """What one steady reconcile pass costs the daemons it asks: the same questions (a
        fresh session, enable, show configuration version json: FRR patch 0005) of bgpd,
        mgmtd and zebra, k times. (Before that patch a pass read show running-config.)"""
        out = {}
        for d in ("bgpd", "mgmtd", "zebra"):
            pid = self.r1.pid(d)
            walls, cpus, size = [], [], 0
            for _ in range(k):
                c0 = bl.proc_schedstat(pid)
                t0 = time.monotonic()
                v = Vty(self.r1.sock(d))
                v.cmd("enable")
                size = len(v.cmd("show configuration version json")[1])
                v.close()
                walls.append(time.monotonic() - t0)
                cpus.append(bl.proc_schedstat(pid) - c0)
            out[d] = {"wall_s": bl.median(walls), "cpu_s": bl.median(cpus), "bytes": size}
        return out

    def drift(self, n, f, trials):
        """Delete one owned object behind erpolicyd's back (vtysh -d bgpd), at a random phase
        of the reconcile timer; time until bgpd holds it again."""
        gen_lines = open(f["gen"]).read().splitlines()
        plist = [l for l in gen_lines if l.startswith("ip prefix-list ERPOL-AZURE-V4 ")]
        out = []
        res = {"trials": out, "interval_s": self.res["meta"]["reconcile_interval_ms"] / 1000}
        dr = self.item("drift")
        dr[str(n)] = res
        before = self.show().get("driftRepairs", 0)
        period = self.res["meta"]["reconcile_interval_ms"] / 1000
        def pushes():
            return self.stats().get("pushes", 0)

        for i in range(trials):
            # A push counter, not `show expressroute-policy json`: that one holds a verdict
            # per prefix (most of a second at 100k).
            pushed = pushes()
            bl.random_phase(self.rng, period)
            if i % 2 == 0:
                line = self.rng.choice(plist)
                w = line.split()
                seq, pfx = int(w[4]), w[6]
                check = lambda: self.plist_has("ERPOL-AZURE-V4", seq, pfx)  # noqa: E731
                kind = "prefix-list entry"
            else:
                line = "route-map ERPOL-VPN-IN-V4 permit 20"
                check = lambda: "permit, sequence 20" in self.r1.q(  # noqa: E731
                    "bgpd", "show route-map ERPOL-VPN-IN-V4")
                kind = "route-map entry"
            prof = None
            if i == 0 and n == self.a.profile_steady_size:
                prof = self.perf_start(self.r1.pid("bgpd"), "drift-bgpd-%d" % n)
            self.r1.vtysh("-d", "bgpd", "-c", "configure terminal", "-c", "no " + line)
            t0 = time.monotonic()
            if check():
                self.perf_stop(prof, "bgpd while erpolicyd repairs a deleted prefix-list "
                               "entry at %d prefixes" % n)
                # Back at the first look: repaired by a pass that began right after the
                # deletion (a small intent), or the deletion did not take. Whether
                # erpolicyd pushed since tells which (counted once the push's replies
                # are in: a moment after bgpd has the line).
                t1 = time.monotonic()
                try:
                    bl.wait_for(lambda: pushes() != pushed, 2.0, 0.01, "erpolicyd's push")
                except bl.BenchError:
                    raise bl.BenchError("deleting %r did not take" % line) from None
                out.append({"kind": kind, "latency_s": t1 - t0, "at_first_look": True})
                continue
            _, t1 = bl.wait_for(check, 300, 0.005, "repair of " + line)
            self.perf_stop(prof, "bgpd while erpolicyd repairs a deleted prefix-list entry at "
                           "%d prefixes" % n)
            out.append({"kind": kind, "latency_s": t1 - t0})
        time.sleep(0.5)
        after = self.show().get("driftRepairs", 0)
        res["drift_repairs_counted"] = after - before
        return res

    def peer_up(self, n):
        """The Azure VPN gateway peer, announcing every azure-prefix; wait until R1's zebra
        has them all and erpolicyd verified them."""
        az = self.az
        az.stop_all()
        az.remove_dirs()
        az.setup_dirs(az_conf(gen.intent(n, self.a.seed)["azure-prefix"]))
        for d in ("mgmtd", "zebra", "bgpd"):
            az.start(d)
        az.vtysh("-b", timeout=3600)

        def learned():
            s = self.r1.qjson("zebra", "show ip route summary json")
            s6 = self.r1.qjson("zebra", "show ipv6 route summary json")
            cnt = 0
            for x in (s, s6):
                for r in x.get("routes", []):
                    if r.get("type") == "ebgp":
                        cnt += r.get("fib", 0)
            return cnt >= n

        t0 = time.monotonic()
        bl.wait_for(learned, 1800, 0.5, "R1 learning the azure-prefixes")
        conv = time.monotonic() - t0
        self.wait_verified(n, 1800)

        def settled():
            # IPv4: via the VPN peer. IPv6: routed (zebra holds them via the peer's
            # link-local next hop, which the verifier reports as "other").
            return all(p.get("actual") == ("vpn" if ":" not in p["prefix"] else "other")
                       or (":" in p["prefix"] and p.get("actual") != "none")
                       for p in verdicts(self.show())
                       if p.get("role") == "azure-prefix")

        bl.wait_for(settled, 600, 1.0, "verdicts vpn")
        return conv

    def verdict(self, x):
        """erpolicyd's verdict ("actual") for a prefix, and when its reply was in (before the
        JSON is parsed here)."""
        text = self.r1.q("erpolicyd", "show expressroute-policy json")
        t = time.monotonic()
        try:
            j = json.loads(text).get("default", {})
        except ValueError:
            return None, t
        for p in verdicts(j):
            if p.get("prefix") == x:
                return p.get("actual"), t
        return None, t

    def verifier_latency(self, n, trials, out=None):
        """Withdraw (then announce again) one azure-prefix at the VPN peer: time from the
        route change in R1's zebra to `show expressroute-policy json` reflecting it. Trials
        go into out as they are done (a timeout keeps the finished ones)."""
        # IPv4 azure-prefixes: their verdict is "vpn" while announced (see peer_up).
        azure = [p for p in gen.intent(n, self.a.seed)["azure-prefix"][1:] if ":" not in p]
        out = [] if out is None else out
        period = self.res["meta"]["verify_interval_ms"] / 1000
        for i in range(trials):
            if i % 2 == 0:
                x = self.rng.choice(azure)
            withdraw = i % 2 == 0
            v6 = ":" in x
            bl.random_phase(self.rng, period)
            zcmd = "show %s route %s json" % ("ipv6" if v6 else "ip", x)
            state = {}

            def zwatch():
                while True:
                    present = x in zq.cmd(zcmd)[1]
                    if present != withdraw:
                        state["t_zebra"] = time.monotonic()
                        return
                    if time.monotonic() - t0 > 300:
                        return
                    time.sleep(0.002)

            zq = Vty(self.r1.sock("zebra"))
            zq.cmd("enable")
            self.az.vtysh("-d", "bgpd", "-c", "configure terminal", "-c",
                          "router bgp %d" % AZ_ASN, "-c",
                          "address-family %s unicast" % ("ipv6" if v6 else "ipv4"), "-c",
                          ("no " if withdraw else "") + "network " + x)
            t0 = time.monotonic()
            th = threading.Thread(target=zwatch, daemon=True)
            th.start()
            want = "vpn"

            # Poll as often as a query allows (its cost grows with the intent).
            while True:
                q0 = time.monotonic()
                a, t_show = self.verdict(x)
                if (a != want) if withdraw else (a == want):
                    break
                if t_show - t0 > 300:
                    raise bl.BenchError("verdict for %s did not change" % x)
                time.sleep(max(0.005, t_show - q0))
            th.join()
            zq.close()
            tz = state.get("t_zebra")
            out.append({"prefix": x, "withdraw": withdraw, "zebra_s": tz - t0 if tz else None,
                        "latency_s": t_show - tz if tz else None,
                        "from_peer_s": t_show - t0})
        return out

    def steady_items(self):
        for n in self.a.steady_sizes:
            try:
                self.steady_size(n)
            finally:
                self.az.stop_all()
                self.r1.stop_all()
        for n in self.a.memory_sizes:
            try:
                # The cap is for erpolicyd; bgpd's load of the plan comes on top.
                with self.phase("item 7: memory %d" % n, self.a.memory_cap + self.cap(n, 3)):
                    self.memory_only(n)
            finally:
                self.r1.stop_all()

    def memory_only(self, n):
        """Item 7 above --steady-max: erpolicyd's RSS over a router holding the plan (bgpd and
        mgmtd loaded straight, as for the steady-state router), once applied and two more
        reconcile passes; no verifier wait, no other measurement."""
        f = self.files(n)
        mem = self.item("memory").setdefault(str(n), {"memory_only": True})
        self.r1_fresh()
        t0 = time.monotonic()
        self.r1.vtysh("-d", "bgpd", "-f", f["gen_bgpd"], timeout=self.a.memory_cap)
        self.r1.vtysh("-d", "mgmtd", "-f", f["gen_mgmtd"], timeout=self.a.memory_cap)
        mem["router_load_s"] = time.monotonic() - t0
        # erpolicyd's RSS every 5 s from here on: should the phase run over its cap (the
        # intent commit grows faster than linearly), the last sample is a lower bound.
        samples = mem.setdefault("rss_samples", [])
        stop = threading.Event()
        t_load = time.monotonic()

        def sample():
            while not stop.wait(5.0):
                pid = self.r1.pid("erpolicyd")
                try:
                    samples.append([round(time.monotonic() - t_load, 1),
                                    bl.proc_status(pid, "VmRSS"), bl.proc_status(pid, "VmHWM")])
                except (OSError, TypeError, bl.BenchError):
                    pass

        th = threading.Thread(target=sample, daemon=True)
        th.start()
        try:
            load, load_cpu = self.erpolicyd_start(f, timeout=self.a.memory_cap)
            j, _ = self.wait_applied(self.a.memory_cap)
        finally:
            stop.set()
        time.sleep(2.5 * self.res["meta"]["reconcile_interval_ms"] / 1000)
        pid = self.r1.pid("erpolicyd")
        ev = bl.event_cpu(self.r1.q("erpolicyd", "show event cpu"))
        mem.update({"rss": bl.proc_status(pid, "VmRSS"), "hwm": bl.proc_status(pid, "VmHWM"),
                    "intent_load_s": load, "intent_load_cpu_s": load_cpu,
                    "applies_at_start": j.get("applies"), "memory_only": True,
                    "reconcile": ev.get("erpolicy_reconcile", {}),
                    "intent_commit_cpu_s": ev.get("vtysh_read", {}).get("cpu_max_us", 0) / 1e6})
        log("memory %d: rss %.1f MB, hwm %.1f MB, intent load %.1f s" % (
            n, mem["rss"] / 1e6, mem["hwm"] / 1e6, load))

    def steady_size(self, n):
        key = str(n)
        setup = "steady %d: setup" % n
        with self.phase(setup, self.cap(n, 120)):
            f = self.files(n)
            mem = self.item("memory").setdefault(key, {})
            prof = None
            if n == self.a.profile_steady_size:
                prof = ("intent-commit-%d" % n,
                        "erpolicyd while it commits a %d-prefix intent (vtysh -f)" % n)
            load, load_cpu, j = self.steady(n, f, prof)
            pid = self.r1.pid("erpolicyd")
            ev = bl.event_cpu(self.r1.q("erpolicyd", "show event cpu"))
            mem.update({"rss": bl.proc_status(pid, "VmRSS"), "hwm": bl.proc_status(pid, "VmHWM"),
                        "intent_load_s": load, "intent_load_cpu_s": load_cpu,
                        "applies_at_start": j.get("applies"),
                        "intent_commit_cpu_s": ev.get("vtysh_read", {}).get("cpu_max_us",
                                                                            0) / 1e6})
            log("steady %d: rss %.1f MB, intent load %.2f s" % (n, mem["rss"] / 1e6, load))
            # Item 4b's baseline: what one `show expressroute-policy json` costs an idle
            # erpolicyd at this size (the answer holds a verdict per prefix).
            idle = []
            prof = None
            if n == self.a.profile_steady_size:
                prof = self.perf_start(self.r1.pid("erpolicyd"), "show-%d" % n, 999)
            for _ in range(10):
                t = time.monotonic()
                self.r1.q("erpolicyd", "show expressroute-policy json")
                idle.append(time.monotonic() - t)
            self.perf_stop(prof, "erpolicyd answering `show expressroute-policy json` ten "
                           "times, idle, at %d prefixes" % n)
            self.item("show_idle")[key] = idle
            # One-prefix changes: fresh IPv4 /24s, with their exact sequence numbers.
            fresh = gen.fresh_prefixes(n, self.a.runs, self.a.seed)
            seqs = {}
            items = open(f["items"]).read()
            for x in fresh:
                tmp = os.path.join(self.out, "probe.items")
                with open(tmp, "w") as fh:
                    fh.write(items + "azure-prefix %s\n" % x)
                text = subprocess.run([self.a.compile_bench, "--render", tmp],
                                      capture_output=True, text=True, check=True).stdout
                for line in text.splitlines():
                    if line.startswith("ip prefix-list ERPOL-AZURE-V4 ") and \
                            line.split()[6] == x:
                        seqs[x] = (int(line.split()[4]), line)
        if setup in self.failed:
            return
        inc = self.item("incremental").setdefault(key, {"frr_reload_add": [],
                                                        "frr_reload_del": [],
                                                        "erpolicyd_add": [],
                                                        "erpolicyd_del": [], "pairs": []})
        ss = self.item("steady").setdefault(key, {"frr_reload_noop": [], "windows": [],
                                                  "pairs": []})
        for i in range(self.a.runs):
            with self.phase("steady %d: round %d" % (n, i), self.cap(n, 60) + 2 * self.a.window):
                self.steady_round(n, i, fresh[i], seqs[fresh[i]], inc, ss)
        with self.phase("steady %d: pass replay" % n, self.cap(n, 30)):
            ss["pass_replay"] = self.pass_replay()

        with self.phase("steady %d: drift" % n, self.cap(n, 10) + 8 * self.a.drift_trials):
            dr = self.item("drift")
            dr[key] = self.drift(n, f, self.a.drift_trials)
            log("steady %d: drift repair median %.3f s" % (
                n, bl.median([t["latency_s"] for t in dr[key]["trials"]])))
            mem["rss_after"] = bl.proc_status(self.r1.pid("erpolicyd"), "VmRSS")
            mem["hwm_after"] = bl.proc_status(self.r1.pid("erpolicyd"), "VmHWM")

        if n > self.a.peer_max:
            self.item("verifier")[key] = {"skipped": "peer phase limited to %d prefixes" %
                                          self.a.peer_max}
            return
        with self.phase("steady %d: verifier" % n, self.cap(n, 120) + 10 * self.a.verify_trials +
                        2 * self.a.window):
            log("steady %d: peer announcing %d prefixes" % (n, n))
            conv = self.peer_up(n)
            vr = self.item("verifier")
            vr[key] = {"convergence_s": conv, "trials": []}
            vr[key]["trials"] = self.verifier_latency(n, self.a.verify_trials, vr[key]["trials"])
            w = self.window(self.a.window)
            vr[key]["window_with_routes"] = w
            mem["rss_with_routes"] = bl.proc_status(self.r1.pid("erpolicyd"), "VmRSS")
            mem["hwm_with_routes"] = bl.proc_status(self.r1.pid("erpolicyd"), "VmHWM")
            log("steady %d: verifier latency median %s s, idle with routes %.1f %%" % (
                n, bl.median([t["latency_s"] for t in vr[key]["trials"] if t["latency_s"]]),
                100 * w["core_share"]["erpolicyd"]))

    def steady_round(self, n, i, x, seq_line, inc, ss):
        """One interleaved round on the steady-state router: frr-reload.py's no-op, add and
        remove (erpolicyd frozen), then erpolicyd's idle window and its own add and remove."""
        seq, line = seq_line
        # -- baseline: frr-reload.py on the same bgpd, erpolicyd frozen (SIGSTOP: it would
        # undo the change); frr-reload.py's vtysh gets a socket folder without erpolicyd's
        # (it would wait on the frozen daemon).
        repairs0 = self.show().get("driftRepairs", 0)
        full0 = self.stats().get("fullPasses", 0)
        epid = self.r1.pid("erpolicyd")
        if not epid:
            raise bl.BenchError("erpolicyd is not running")
        os.kill(epid, signal.SIGSTOP)
        try:
            running = self.r1.vtysh("-d", "bgpd", "-c",
                                    "show running-config bgpd no-header").stdout
            target = os.path.join(self.r1.rundir, "bench-target.conf")
            target_add = os.path.join(self.r1.rundir, "bench-target-add.conf")
            with open(target, "w") as fh:
                fh.write(running)
            lines = running.splitlines()
            at = max(k for k, l in enumerate(lines)
                     if l.startswith("ip prefix-list ERPOL-AZURE-V4 "))
            with open(target_add, "w") as fh:
                fh.write("\n".join(lines[:at + 1] + [line] + lines[at + 1:]) + "\n")
            noop = self.frr_reload(target)
            add = self.frr_reload(target_add)
            if not self.plist_has("ERPOL-AZURE-V4", seq, x):
                raise bl.BenchError("frr-reload.py did not add %s" % line)
            dele = self.frr_reload(target)
            if self.plist_has("ERPOL-AZURE-V4", seq, x):
                raise bl.BenchError("frr-reload.py did not remove %s" % line)
        finally:
            os.kill(epid, signal.SIGCONT)
        log("steady %d: frr-reload no-op %.2f s (%.3f s CPU), add %.2f s, del %.2f s" % (
            n, noop["wall_s"], noop["tool_cpu_s"], add["wall_s"], dele["wall_s"]))
        # -- candidate: erpolicyd going on, on the same router (nothing changed). Resumed,
        # it sees bgpd's configuration version changed and reads bgpd again (seconds at
        # 100k): wait until that full pass has ended, which a pass begun after it shows (one
        # pass runs at a time), so that the window below has erpolicyd left alone. The pass
        # must find nothing to repair.
        bl.wait_for(lambda: self.stats().get("fullPasses", 0) > full0, self.cap(n, 5), 0.02,
                    "erpolicyd's full pass after frr-reload.py")
        passes = self.stats().get("passes", 0)
        bl.wait_for(lambda: self.stats().get("passes", 0) > passes, self.cap(n, 5), 0.02,
                    "the pass after erpolicyd's full pass")
        try:
            j, _ = self.wait_applied(self.cap(n, 5))
        except bl.BenchError:
            j = self.show()
        if j.get("applyState") != "applied" or j.get("driftRepairs", 0) != repairs0:
            raise bl.BenchError("erpolicyd after the frr-reload.py runs: %s, %s repairs" %
                                (j.get("applyState"), j.get("driftRepairs", 0) - repairs0))
        prof = None
        if i == 0 and n == self.a.profile_steady_size:
            prof = self.perf_start(self.r1.pid("erpolicyd"), "steady-%d" % n)
        w = self.window(self.a.window)
        if prof:
            self.perf_stop(prof, "erpolicyd left alone at %d prefixes (%.0f s)" % (
                n, self.a.window))
        prof = None
        if i == 0 and n == self.a.profile_steady_size:
            prof = self.perf_start(self.r1.pid("erpolicyd"), "incremental-%d" % n, 999)
        a = self.incremental(x, seq, True)
        d = self.incremental(x, seq, False)
        if prof:
            self.perf_stop(prof, "erpolicyd while one azure-prefix is added and removed at "
                           "%d prefixes" % n)
        # Recorded together: a round counts whole or not at all (pairs stay pairs).
        ss["frr_reload_noop"].append(noop)
        inc["frr_reload_add"].append(add)
        inc["frr_reload_del"].append(dele)
        ss["windows"].append(w)
        if w["reconcile_cpu_per_pass_s"]:
            ss["pairs"].append(noop["tool_cpu_s"] / w["reconcile_cpu_per_pass_s"])
        inc["erpolicyd_add"].append(a)
        inc["erpolicyd_del"].append(d)
        inc["pairs"].append(add["wall_s"] / a["wall_s"])
        log("steady %d: erpolicyd pass %.4f s CPU, idle %.1f %%; add %.3f s, del %.3f s" % (
            n, w["reconcile_cpu_per_pass_s"] or -1, 100 * w["core_share"]["erpolicyd"],
            a["wall_s"], d["wall_s"]))

    # ------------------------------------------------------------------ main
    def run(self):
        self.meta()
        est = estimate(self.a)
        self.res["meta"]["estimate_s"] = est
        log("estimated duration of this run: %s" % fmt_min(est["total"]))
        self.save()
        try:
            self.down()
            self.net_up()
            steps = [("compile", self.item1), ("apply", self.item2),
                     ("steady", self.steady_items)]
            for name, fn in steps:
                if name in self.a.skip:
                    continue
                t0 = time.monotonic()
                try:
                    fn()
                except Exception as e:
                    log("item %s failed: %s" % (name, e))
                    traceback.print_exc()
                    self.item("errors")["item " + name] = {"error": "%s: %s" % (
                        type(e).__name__, e), "timeout": False}
                self.res["meta"].setdefault("durations_s", {})[name] = time.monotonic() - t0
                self.save()
        except KeyboardInterrupt:
            self.res["meta"]["interrupted"] = True
            log("interrupted: cleaning up")
            raise
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            self.down()
            self.res["meta"]["duration_s"] = time.time() - self.t_start
            self.res["meta"]["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
            self.save()


# ---------------------------------------------------------------------- duration estimate
# Seconds of the primitives on this kind of machine (2 cores, other work running), measured
# by earlier runs of this harness; sizes in between are interpolated log-log. "cand" is one
# erpolicyd full apply, "reload" one
# frr-reload.py run, "setup" the steady-state router up to verified, "peer" the VPN peer
# announcing every prefix until verified, "incr" one erpolicyd one-prefix change,
# "membig" the memory-only phase (bgpd loaded straight, erpolicyd applied).
COSTS = {
    # Stopping the previous run's daemons (SIGTERM, their shutdown) and starting afresh.
    "fresh": {10: 9.0, 10000: 10.0, 100000: 15.0},
    # 100k: FRR patches 0007 and 0008 make a vtysh -f file one transaction that is no
    # longer quadratic in bgpd (177 s before them).
    "floor": {10: 0.05, 1000: 0.38, 10000: 3.6, 100000: 45},
    "probe": {10: 0.005, 1000: 0.055, 10000: 0.55, 100000: 9.0},
    # An erpolicyd full apply: the intent load, the push, the confirming pass.
    "cand": {10: 0.3, 1000: 0.8, 10000: 8, 100000: 80},
    "reload": {10: 0.15, 1000: 0.22, 10000: 1.3, 100000: 15},
    # Up to verified: bgpd and mgmtd loaded straight, erpolicyd's intent, the verifier.
    "setup": {10: 8.5, 1000: 9.0, 10000: 39, 100000: 150},
    "incr": {10: 0.03, 1000: 0.045, 10000: 0.33, 100000: 4},
    "peer": {10: 5, 1000: 8, 10000: 12, 100000: 120},
    "membig": {10: 15, 1000: 18, 10000: 45, 100000: 150},
    "compile": {10: 0.05, 1000: 0.1, 10000: 1, 100000: 25},
}


def cost(kind, n):
    import math
    t = COSTS[kind]
    ks = sorted(t)
    if n <= ks[0]:
        return t[ks[0]] * (n / ks[0] if kind not in ("fresh", "setup", "peer", "membig",
                                                      "cand") else 1)
    if n >= ks[-1]:
        return t[ks[-1]] * n / ks[-1]
    for lo, hi in zip(ks, ks[1:]):
        if lo <= n <= hi:
            e = math.log(t[hi] / t[lo]) / math.log(hi / lo)
            return t[lo] * (n / lo) ** e
    return t[ks[-1]]


def estimate(a):
    """Expected seconds of each part of a run with these options (the caps included)."""
    out = {"compile": 0.0, "apply": 0.0, "steady": 0.0, "memory": 0.0}
    if "compile" not in a.skip:
        out["compile"] = sum(cost("compile", n) + 1 for n in a.sizes)
    if "apply" not in a.skip:
        for n in a.sizes:
            floor_runs = a.big_runs if n >= 100000 else a.runs
            cand_runs = 1 if n >= 100000 else a.runs
            cap = a.apply_cap_big if n >= 100000 else a.apply_cap
            # A capped run also waits up to 30 s for erpolicyd to stop.
            c = min(cost("cand", n), cap) + cost("fresh", n) + 1 + (30 if cost("cand", n) > cap
                                                                     else 0)
            k = 1
            while k < cand_runs and (k * c) < a.apply_budget:
                k += 1
            out["apply"] += floor_runs * (cost("floor", n) + cost("fresh", n) + 0.5) + \
                k * c + 10 * cost("probe", n)
    if "steady" not in a.skip:
        for n in a.steady_sizes:
            rnd = 3 * cost("reload", n) + 2.5 * 2 + a.window + 2 * (cost("incr", n) + 0.3)
            drift = a.drift_trials * (1.0 + 1.5)
            ver = (cost("peer", n) + a.verify_trials * (1.0 + 1.5) + a.window) \
                if n <= a.peer_max else 0
            out["steady"] += cost("setup", n) + a.runs * rnd + 5 + drift + ver + 3
        for n in a.memory_sizes:
            out["memory"] += min(cost("membig", n), a.memory_cap) + cost("floor", n) + 35
    out["total"] = sum(out.values()) + 15
    return {k: round(v) for k, v in out.items()}


def estimate_full():
    """The estimate of a full run: the default options."""
    return estimate(parse_args([]))


def fmt_min(sec):
    return "%d s (%.0f min)" % (sec, sec / 60)


def parse_args(argv=None):
    ap = argparse.ArgumentParser(
        description="erpolicyd benchmarks (run through bench/run.sh)",
        epilog="Full run (default options): sizes 10, 1k, 10k, 100k, 5 runs; at 100k one "
        "floor run and one erpolicyd run capped at --apply-cap-big, and every steady-state "
        "measurement but the verifier's (--peer-max); erpolicyd full applies after the "
        "first at a size only within --apply-budget. RESULTS.md says over how many runs "
        "each median is. --estimate prints the expected duration and exits.")
    ap.add_argument("--prefix", default="/usr",
                    help="FRR's installation prefix: vtysh in PREFIX/bin, the daemons in PREFIX/lib/frr "
                    "(default /usr, where its packages install it)")
    ap.add_argument("--quick", action="store_true",
                    help="sizes 10 and 1k, 3 runs, shorter windows and caps (a few minutes)")
    ap.add_argument("--sizes", help="comma-separated intent sizes (default 10,1000,10000,100000)")
    ap.add_argument("--runs", type=int, help="runs per measurement (default 5, quick 3)")
    ap.add_argument("--ns", default="erpolicy-bench", help="namespace and pathspace of R1")
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--seed", type=int, default=gen.SEED)
    ap.add_argument("--skip", default="",
                    help="comma-separated steps to skip: compile (item 1), apply (item 2), "
                    "steady (items 3, 4, 5 and 7)")
    ap.add_argument("--no-profile", dest="profile", action="store_false")
    ap.add_argument("--apply-budget", type=float, default=300,
                    help="seconds of erpolicyd full applies per size after which no further "
                    "erpolicyd run starts (the first always runs; default 300: one run at 10k)")
    ap.add_argument("--apply-cap", type=float, default=1200,
                    help="longest one erpolicyd full apply may take (default 1200 s)")
    ap.add_argument("--apply-cap-big", type=float, default=600,
                    help="the same at 100k (default 600 s; should it not finish, the report "
                    "says how far it got)")
    ap.add_argument("--big-runs", type=int, default=1, help="floor runs at 100k (default 1)")
    ap.add_argument("--window", type=float, help="idle window in s (default 12, quick 6)")
    ap.add_argument("--peer-max", type=int, default=10000,
                    help="largest size with the VPN peer (verifier latency)")
    ap.add_argument("--steady-max", type=int, default=100000,
                    help="largest size for items 3-5 (larger sizes: memory only)")
    ap.add_argument("--memory-cap", type=float, default=300,
                    help="cap of the memory-only phase at sizes above --steady-max (default "
                    "300 s; at 100k erpolicyd's intent commit takes far longer, so the report "
                    "gives the RSS reached by then as a lower bound)")
    ap.add_argument("--cap-scale", type=float, default=1.0,
                    help="multiply every per-measurement time cap")
    ap.add_argument("--drift-trials", type=int, help="drift trials per size (default 4x runs)")
    ap.add_argument("--estimate", action="store_true",
                    help="print the expected duration of the run and exit")
    a = ap.parse_args(argv)
    # built by bench/run.sh in the build tree (make bench/compile_bench)
    a.compile_bench = os.path.join(os.environ.get("ERPOLICYD_BUILD_DIR")
                                   or os.path.join(os.path.dirname(HERE), "build"),
                                   "bench", "compile_bench")
    if a.sizes:
        a.sizes = [int(x) for x in a.sizes.split(",")]
    else:
        a.sizes = [10, 1000] if a.quick else [10, 1000, 10000, 100000]
    a.runs = a.runs or (3 if a.quick else 5)
    a.window = a.window or (6.0 if a.quick else 12.0)
    a.steady_sizes = [n for n in a.sizes if n <= a.steady_max]
    a.memory_sizes = [n for n in a.sizes if n > a.steady_max]
    # Drift repair latency is spread over the reconcile interval: more trials than runs.
    a.drift_trials = a.drift_trials or 4 * a.runs
    a.verify_trials = 2 * a.runs
    a.skip = [s.strip() for s in a.skip.split(",") if s.strip()]
    a.profile_apply_size = 1000 if 1000 in a.sizes else a.sizes[0]
    a.profile_steady_size = max(a.steady_sizes) if a.steady_sizes else None
    return a


def main():
    a = parse_args()
    if a.estimate:
        est = estimate(a)
        print("estimated duration: %s (%s)" % (fmt_min(est["total"]), ", ".join(
            "%s %s" % (k, fmt_min(v)) for k, v in est.items() if k != "total")))
        return
    if os.geteuid() != 0:
        sys.exit("bench: run as root (network namespaces, FRR daemons)")
    # SIGTERM, SIGHUP: clean up (namespaces, daemons) like on any other exit; SIGINT
    # (Ctrl-C) raises KeyboardInterrupt, which does the same.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda *_: sys.exit("bench: terminated"))
    # One run per namespace at a time: a second one would tear down the first one's router.
    lock = open("/run/erpolicy-bench-%s.lock" % a.ns, "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        sys.exit("bench: another run uses namespace %s (lock /run/erpolicy-bench-%s.lock)" %
                 (a.ns, a.ns))
    Bench(a).run()


if __name__ == "__main__":
    main()
