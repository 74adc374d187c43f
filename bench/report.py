# SPDX-License-Identifier: GPL-2.0-or-later
"""Write bench/RESULTS.md from bench/results.json (bench/bench.py) and, for item 6, the
failover figures of the IPsec lab run.

    /usr/bin/python3 bench/report.py RESULTS-JSON RESULTS-MD [--failover FILE]

Item 6b: topotests/test_lab_silent.py writes lab-silent.json (silent failures, several runs
each); `report.py --import-silent FILE [FILE ...] OUT` makes bench/failover-silent.json of
it, which the report reads (--silent).

Item 6: the lab topotest (topotests/test_lab_ipsec.py) measures failover on real tunnels
and writes lab-failover.json in its run folder (<rundir>/test_lab_ipsec/, /tmp/topotests/
by default): {figure name: seconds}, one figure per lab run. `report.py --import-lab FILE
[FILE ...] OUT` turns one or more of them into bench/failover.json (what bench/run.sh
--with-lab and --failover do): the figures as lists, the source files and their dates,
and how the lab detects a tunnel going down. The report reads bench/failover.json (or the
file given with --failover, or in $ERPOLICY_BENCH_FAILOVER); without it item 6 is a
placeholder row.
"""

import argparse
import json
import os
import re
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# Stack frames under every sample of an FRR daemon: no information.
GENERIC_FRAMES = {
    "_start", "main", "__libc_start_call_main", "__libc_start_main_impl", "frr_run",
    "event_call", "do_syscall_64", "entry_SYSCALL_64_after_hwframe", "[unknown]",
}
# RSS per added prefix (10k -> 100k) before the event-driven engine: the target of item 7.
RSS_PER_PREFIX_BEFORE = 2110
SIZES_NAMED = {10: "10", 1000: "1k", 10000: "10k", 100000: "100k"}
# The lab's figures (topotests/test_lab_ipsec.py, _figure()): key, what it is, target.
LAB_FIGURES = [
    ("one tunnel down: r1 via r2's tunnel (iBGP) in zebra",
     "one tunnel down -> r1 via r2's tunnel (iBGP), in zebra", True),
    ("both tunnels down (prefer-vpn): Azure prefixes via ExpressRoute in zebra",
     "both tunnels down (prefer-vpn) -> Azure prefixes via ExpressRoute, in zebra", True),
    ("both tunnels down (require-encryption): Azure prefixes removed from zebra",
     "both tunnels down (require-encryption) -> Azure prefixes removed from zebra", True),
    ("one tunnel up again: r1 back on its own tunnel in zebra",
     "failback: one tunnel up again -> r1 on its own tunnel", False),
    ("both tunnels up again: Azure prefixes via the VPN in zebra",
     "failback: both tunnels up again -> Azure prefixes via the VPN", False),
    ("require-encryption: tunnels up again, Azure prefixes via the VPN",
     "failback (require-encryption): tunnels up again -> via the VPN", False),
]
# The silent failures (topotests/test_lab_silent.py, lab-silent.json): key, what, target.
SILENT_FIGURES = [
    ("clean: one tunnel down: r1 via r2's tunnel in the FIB",
     "clean teardown: one tunnel -> r1 via r2's tunnel", True),
    ("silent: one tunnel dead: r1 via r2's tunnel in the FIB",
     "silent: one tunnel dead -> r1 via r2's tunnel", True),
    ("clean: both tunnels down (prefer-vpn): both via ExpressRoute in the FIB",
     "clean teardown: both tunnels (prefer-vpn) -> both via ExpressRoute", True),
    ("silent: both tunnels dead (prefer-vpn): both via ExpressRoute in the FIB",
     "silent: both tunnels dead (prefer-vpn) -> both via ExpressRoute", True),
    ("silent: both tunnels dead (require-encryption): no Azure route in the FIB",
     "silent: both tunnels dead (require-encryption) -> no Azure route", True),
    ("silent: r1's ExpressRoute link dead: r1 via r2's tunnel in the FIB",
     "silent: r1's ExpressRoute link dead -> r1 via r2's tunnel", True),
    ("silent: r1's ExpressRoute link dead: h1 <-> hub1 again (Azure's return path)",
     "silent: r1's ExpressRoute link dead -> h1 <-> hub1 answers again (Azure's side)", False),
    ("silent: one tunnel back: r1 on its own tunnel in the FIB",
     "recovery: one tunnel -> r1 on its own tunnel", False),
    ("silent: both tunnels back (prefer-vpn): both on their tunnels in the FIB",
     "recovery: both tunnels (prefer-vpn) -> both on their tunnels", False),
    ("silent: both tunnels back (require-encryption): both on their tunnels in the FIB",
     "recovery: both tunnels (require-encryption) -> both on their tunnels", False),
    ("silent: r1's ExpressRoute link back: r1 on its own tunnel in the FIB",
     "recovery: r1's ExpressRoute link -> r1 on its own tunnel", False),
]
SILENT_DETECTION = (
    "packets dropped with nftables in the MSEE's namespace (no interface down, no IKE "
    "delete, no BGP notification); the tunnel probe (200 ms x 3) takes a dead tunnel's "
    "routes out of preference, BFD (300 ms x 3) takes down the MSEE session of a dead "
    "ExpressRoute link. Each figure is the time until the kernel's FIB on the router routes "
    "the hub prefix the new way (polled every 5 ms, no vtysh); BGP and zebra are checked "
    "after. The BGP session over a dead tunnel is still up when the routes have moved (the "
    "test checks it). The measuring runs use `tunnel-probe hold-down 0`, so "
    "a recovery is the time to the first reply after the drop is lifted (with the default "
    "hold-down, 5 s more)")

LAB_DETECTION = (
    "the tunnel interface follows the IPsec SA: charon's updown plugin removes the tunnel's "
    "address from `ipsec0` when the CHILD SA goes away (deleted by the peer, or given up by "
    "dead peer detection); zebra drops the connected route at once and bgpd (`bgp "
    "fast-convergence`) drops the session whose next hop it was, without waiting for the "
    "BGP hold timer (lab/ipsec.py). The lab takes a tunnel down with `swanctl --terminate` "
    "(IKE SA deleted at both ends), so these figures start at a clean teardown. A tunnel "
    "that dies silently is found by DPD first (lab/ipsec.py: `dpd_delay = 1s`, given up "
    "after 1 + 1.2 + 1.44 s of retransmits), i.e. several seconds before the figures above "
    "start; a silent loss is found by erpolicyd's tunnel probe and BFD, see the next table. "
    "These figures are taken by polling BGP and zebra through vtysh (four prefixes each "
    "round, about 0.4 s a round with FRR 10.7.1's vtysh), so they trail the change by up "
    "to that much; the next table times the kernel's FIB every 5 ms, clean teardowns "
    "included (one tunnel 163 ms, both 324 ms)")


def med(v):
    v = [x for x in v if x is not None]
    return statistics.median(v) if v else None


def quantile(v, q):
    """Linear-interpolated quantile of a sorted list."""
    if not v:
        return None
    k = (len(v) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def sz(n):
    n = int(n)
    return SIZES_NAMED.get(n, str(n))


def fmt_s(x):
    """Seconds, human scale."""
    if x is None:
        return "-"
    if x < 1e-3:
        return "%.1f µs" % (x * 1e6)
    if x < 1:
        return "%.1f ms" % (x * 1e3)
    if x < 120:
        return "%.2f s" % x
    return "%.0f s (%.1f min)" % (x, x / 60)


def fmt_b(x):
    if x is None:
        return "-"
    return "%.1f MB" % (x / 1e6)


def fmt_r(x):
    if x is None:
        return "-"
    if x >= 100:
        return "%.0f×" % x
    return "%.2f×" % x if x < 10 else "%.1f×" % x


def fmt_min(x):
    if x is None:
        return "?"
    return "%.0f min" % (x / 60) if x >= 90 else "%.0f s" % x


def pct(x):
    return "-" if x is None else "%.2f %%" % (100 * x)


def rng(v, f=fmt_s):
    v = [x for x in v if x is not None]
    if not v:
        return "-"
    return "%s .. %s" % (f(min(v)), f(max(v)))


def met(ok):
    if ok is None:
        return "not measured"
    return "**met**" if ok else "**missed**"


def frr_build(m):
    "Which FRR a run measured: the project's packages, or (before them) its 10.3 prefix."
    if m.get("frr_package"):
        return "%s (package frr %s, tools/build-debs.sh), libyang %s" % (
            m.get("frr"), m.get("frr_package"), m.get("libyang"))
    return "%s (Debian source %s), libyang %s, built into a prefix by tools/setup-frr.sh" % (
        m.get("frr"), m.get("frr_deb"), m.get("libyang"))


class Report:
    def __init__(self, res, failover, previous=None, silent=None):
        self.prev = previous  # (Report of an earlier run, its label): its results beside
        self.r = res
        self.m = res.get("meta", {})
        self.it = res.get("items", {})
        self.fo = failover
        self.silent_fo = silent
        self.out = []
        self.summary = []

    def w(self, s=""):
        self.out.append(s)

    def table(self, head, rows):
        self.w("| " + " | ".join(head) + " |")
        self.w("|" + "|".join(" --- " for _ in head) + "|")
        for r in rows:
            self.w("| " + " | ".join(str(c) for c in r) + " |")
        self.w()

    # ------------------------------------------------------------------ sections
    def header(self):
        m = self.m
        self.w("# erpolicyd benchmarks: results")
        self.w()
        if m.get("mode") == "quick":
            self.w("> **Quick run** (`bench/run.sh --quick`: sizes %s, %s runs, %s idle "
                   "windows). A check that the harness works end to end on this machine, "
                   "not the benchmark: the 10k and 100k figures the targets are stated at "
                   "are not measured here, and the other figures are medians of %s runs. "
                   "The full run is `bench/run.sh` (estimated %s on this machine)." % (
                       ", ".join(sz(n) for n in m.get("sizes", [])), m.get("runs"),
                       fmt_s(self.window_s()), m.get("runs"),
                       fmt_min(m.get("estimate_full_s", {}).get("total"))))
            self.w()
        if m.get("interrupted"):
            self.w("> **Interrupted run**: stopped before the end; only what was measured is "
                   "below.")
            self.w()
        self.w("Generated by `bench/run.sh%s` on %s; do not edit by hand, run it again. "
               "Raw figures of every run: `bench/results.json`." % (
                   " --quick" if m.get("mode") == "quick" else "", m.get("date", "?")))
        self.w()
        self.w("Every comparison below is a ratio against a baseline measured in the same "
               "run, interleaved with it (baseline, candidate, baseline, candidate, ...); a "
               "figure is the median of its runs (n says how many). CPU time is read from "
               "`/proc/PID/schedstat` of each daemon, from `getrusage` for tools the "
               "benchmark starts, and from FRR's own per-event accounting (`show event cpu`) "
               "for erpolicyd's passes; hardware counters are %s on this machine. Other work "
               "ran on the machine at the same time (load average %s at the start, %s at "
               "the end): wall-clock figures are noisy, ratios less so." % (
                   "available" if m.get("hw_counters") else "not available",
                   " ".join(m.get("loadavg_start", [])), " ".join(m.get("loadavg_end", []))))
        self.w()
        for x in m.get("reruns", []):
            self.w("> **Measured again after the run:** %s, on %s (load average %s at its "
                   "start). Why: %s." % (x.get("what"), x.get("date", "?"),
                                        " ".join(x.get("loadavg_start") or []), x.get("reason")))
            self.w()
        self.w("## Machine and software")
        self.w()
        rows = [
            ("machine", "%s, %s cores, %s RAM" % (m.get("cpu"), m.get("cores"),
                                                  fmt_b(m.get("mem_bytes")))),
            ("system", "Debian %s, Linux %s" % (m.get("debian"), m.get("kernel"))),
            ("FRR", frr_build(m)),
            ("erpolicyd", "`%s`; reconcile pass (version check) every %s ms, verifier every %s ms" % (
                m.get("erpolicyd_git"), m.get("reconcile_interval_ms"),
                m.get("verify_interval_ms"))),
            ("run", "%s mode, sizes %s, %s runs; took %s (estimated %s)" % (
                m.get("mode"), ", ".join(sz(n) for n in m.get("sizes", [])), m.get("runs"),
                fmt_s(m.get("duration_s")), fmt_min(m.get("estimate_s", {}).get("total")))),
            ("command", "`bench/bench.py %s`" % m.get("argv", "")),
            ("full run", "`bench/run.sh`: estimated %s (%s)" % (
                fmt_min(m.get("estimate_full_s", {}).get("total")), ", ".join(
                    "%s %s" % (k, fmt_min(v)) for k, v in m.get("estimate_full_s", {}).items()
                    if k != "total"))),
        ]
        self.table(["", ""], rows)

    def targets(self):
        self.w("## Targets")
        self.w()
        if not self.prev:
            self.table(["#", "measurement", "target", "result", "verdict"], self.summary)
        else:
            prev, label = self.prev
            before = {(r[0], r[1]): (r[3], re.split(r"; (?:profile|no profile|limit):?", r[4])[0])
                      for r in prev.summary}
            self.w("Beside each result, the same measurement in the run on %s (%s; raw "
                   "figures in `bench/%s`), by the code of that time: compare the two as "
                   "two runs, not as one interleaved ratio." % (
                       label, prev.m.get("date", "?"), os.path.basename(prev.path)))
            self.w()
            self.table(["#", "measurement", "target", "result", "verdict",
                        "%s result" % label, "%s verdict" % label],
                       [r + list(before.get((r[0], r[1]), ("-", "-"))) for r in self.summary])
        e = self.it.get("errors")
        if e:
            self.w("**Measurements that failed or ran over their cap in this run** (the run "
                   "went on without them; figures above and below are from the rest):")
            self.w()
            for k, v in sorted(e.items()):
                if isinstance(v, dict):
                    self.w("- %s: %s%s" % (k, "**timeout**: " if v.get("timeout") else
                                           "**failed**: ", v.get("error", "")[:400]))
                else:
                    self.w("- %s: **failed**: %s" % (k, str(v)[:400]))
            self.w()

    # ------------------------------------------------------------------ item 1
    def item1(self):
        c = self.it.get("compile", {})
        if not c:
            return
        self.w("## 1. Compile time of the intent (in process, no I/O)")
        self.w()
        self.w("`bench/compile_bench` links erpolicyd's pure core (intent, compiler, renderer, "
               "diff; no FRR) and times each phase on CPU. *build* parses and adds every item "
               "in the order the northbound hands them over (libyang keeps an ordered-by-"
               "system leaf-list of strings sorted by `strcmp`), and, as the baseline of the "
               "same run, in erpolicyd's own numeric order. *compare* is the in-process part "
               "of one steady-state pass (plan as owned lines, bgpd's text parsed back, the "
               "diff).")
        self.w()
        phases = ["build-daemon-order", "validate", "compile", "render", "compare"]
        rows = []
        for n in sorted(c, key=int):
            p = c[n]["cpu_s"]
            total = sum(med(p[k]) for k in ["build-daemon-order", "validate", "compile"])
            ratio = med(p["build-daemon-order"]) / med(p["build-sorted-order"])
            rows.append([sz(n), c[n]["summary"]["plist_entries"]] +
                        [fmt_s(med(p[k])) for k in phases] +
                        [fmt_s(total), fmt_r(ratio), len(p["compile"])])
        self.table(["size", "prefix-list entries", "build", "validate", "compile", "render",
                    "compare", "build+validate+compile", "build order cost (daemon / "
                    "sorted)", "n"], rows)
        sizes = sorted(int(n) for n in c)
        if 1000 in sizes and sizes[-1] > 1000:
            hi = str(sizes[-1])
            g, steep = [], []
            factor = int(hi) / 1000
            for k in phases:
                growth = med(c[hi]["cpu_s"][k]) / med(c["1000"]["cpu_s"][k])
                g.append("%s %s" % (k, fmt_r(growth)))
                # n log n from 1k to 100k is 1.67x the size factor: more is not
                if growth > 2 * factor:
                    steep.append(k)
            self.w("Growth from 1k to %s (%d× the prefixes): %s. %s The intent is built as "
                   "the daemon builds it from the northbound: every item appended, then each "
                   "list sorted once (`erpolicy_intent_append`, `erpolicy_intent_seal`); the "
                   "sorted-order baseline shows what the input order costs. The daemon builds "
                   "it twice per commit (pre_validate and apply_finish)." % (
                       sz(hi), int(hi) // 1000, ", ".join(g),
                       "Every phase grows close to linearly (n log n for the sorts)." if not steep
                       else "Growing faster than n log n: %s." % ", ".join(steep)))
            self.w()
        hi = str(sizes[-1])
        p = c[hi]["cpu_s"]
        total = sum(med(p[k]) for k in ["build-daemon-order", "validate", "compile"])
        self.summary.append(["1", "compile an intent (build, validate, compile), %s" % sz(hi),
                             "(none)", fmt_s(total), "-"])

    # ------------------------------------------------------------------ item 2
    def item2(self):
        a = self.it.get("apply", {})
        if not a:
            return
        self.w("## 2. Full apply into a running bgpd, against `vtysh -f`")
        self.w()
        self.w("Each run starts mgmtd, zebra, staticd and bgpd afresh on the base configuration "
               "(`router bgp 65501` with the intent's five neighbors, not established). "
               "*erpolicyd*: erpolicyd is started and the intent is loaded with `vtysh -f`; "
               "the time runs from the start of `vtysh -f` until `show expressroute-policy "
               "json` says `applied` and bgpd and mgmtd hold every owned line of the "
               "generated configuration. *Floor*: the same generated configuration "
               "(`show expressroute-policy generated-config`, rendered identically by "
               "`compile_bench --render`) applied with `vtysh -f` to the same fresh setup "
               "(without erpolicyd); the time runs until `vtysh -f` exits (the objects are "
               "checked to be there). Ratio: erpolicyd / floor per interleaved pair, median.")
        self.w()
        rows = []
        worst = None
        for n in sorted(a, key=int):
            r = a[n]
            fl = [x["wall_s"] for x in r["floor"]]
            ok = [x for x in r["erpolicyd"] if "wall_s" in x]
            to = [x for x in r["erpolicyd"] if "timeout_s" in x]
            er = [x for x in r["erpolicyd"] if "error" in x]
            cand = med([x["wall_s"] for x in ok])
            ratio = med(r["pairs"])
            note = []
            if to:
                held = re.search(r"count: (\d+)", to[0].get("bgpd_plist_summary", ""))
                note.append("did not finish within the %s cap (%d run%s): `vtysh -f` of "
                            "the intent had not returned (erpolicyd still committing it)%s" % (
                    fmt_s(to[0]["timeout_s"]), len(to), "s" if len(to) > 1 else "",
                    ": bgpd then held %s of the %d ERPOL-AZURE-V4 entries" % (
                        held.group(1), self.azure_v4(n)) if held else ""))
            if er:
                note.append("errors: " + "; ".join(x["error"][:80] for x in er))
            if len(ok) < len(r["floor"]) and ok:
                note.append("erpolicyd runs limited by the %s time budget" % fmt_s(
                    r.get("budget_s")))
            cpu_c = med([sum(v for k, v in x["cpu"].items() if not k.startswith("_")) +
                         x["cpu"].get("_children", 0) for x in ok])
            cpu_f = med([sum(v for k, v in x["cpu"].items() if not k.startswith("_")) +
                         x["cpu"].get("_children", 0) for x in r["floor"]])
            rows.append([sz(n), r["floor"][0].get("objects", "-"), fmt_s(cand), len(ok),
                         fmt_s(med(fl)), len(fl), fmt_r(ratio), fmt_s(cpu_c), fmt_s(cpu_f),
                         "; ".join(note) or "-"])
            # Target: at most the floor + 100 ms at 10, at most 1.15x the floor above.
            if ratio is not None and cand is not None and fl:
                ok_n = (cand - med(fl) <= 0.1) if int(n) <= 10 else ratio <= 1.15
                worst = (worst if worst is not None else True) and ok_n
            elif to:
                worst = False
        self.table(["size", "owned lines", "erpolicyd", "n", "floor (vtysh -f)", "n",
                    "ratio", "CPU erpolicyd+daemons", "CPU vtysh+daemons", "notes"], rows)
        # Where the time goes (used again by "What limits it" below).
        settle = (self.m.get("load_settle_ms") or 0) / 1e3

        def _push(x):
            # erpolicyd's own figure (show expressroute-policy statistics); results from
            # before it have the longest reconcile event, which was the push.
            p = x.get("push_wall_s")
            return p if p is not None else x["reconcile_wall_max_s"]

        # The push can start before vtysh -f has its last reply (the pass runs as soon as
        # the load ends, before the reply is flushed): then what follows vtysh -f is the
        # rest of the push and the other passes.
        def _rest(x):
            after = x["wall_s"] - x["vtysh_s"] - settle
            push = _push(x)
            return max(0.0, after - push if after >= push else after)

        rows = []
        for n in sorted(a, key=int):
            r = a[n]
            ok = [x for x in r["erpolicyd"] if "wall_s" in x]
            probe = r.get("commit_probe", {})
            pc = med(probe.get("wall_s", []))
            lines = r["floor"][0].get("objects", 0)
            rest = med([_rest(x) for x in ok])
            vw = med([x.get("verify", {}).get("wall_max_us", 0) / 1e6 for x in ok
                      if x.get("verify")])
            vi = med([x.get("verify", {}).get("invoked", 0) for x in ok if x.get("verify")])
            rows.append([sz(n), fmt_s(med([x["intent_commit_cpu_s"] for x in ok])),
                         fmt_s(settle) if ok else "-",
                         fmt_s(med([_push(x) for x in ok])),
                         fmt_s(rest), "%s, longest %s" % (vi, fmt_s(vw)) if vi else "-",
                         fmt_s(med([x["cpu"].get("bgpd") for x in ok])),
                         fmt_s(pc), fmt_s(pc * lines / 2 if pc else None),
                         fmt_s(med([x["cpu"].get("bgpd") for x in r["floor"]])),
                         fmt_s(med([x["cpu"].get("zebra") for x in r["floor"]]))])
        self.w("Where erpolicyd's time goes: its own commit of the intent (the longest "
               "`vtysh_read` event in `show event cpu`), the wait for a configuration load "
               "(*load settle*: erpolicyd pushes nothing while bgpd or mgmtd is loading; "
               "none here, the daemons were loaded before), then the push (erpolicyd's "
               "longest push in `show expressroute-policy statistics`, wall clock from its "
               "first line sent to the last reply: objects and bindings together), during "
               "which bgpd works; *rest* is what remains of the wall time: reading the "
               "daemons' running configurations before the push, the confirming pass after "
               "it, which reads them again, and the verifier passes the push schedules, which "
               "share erpolicyd's one event loop (their count and longest wall time from "
               "`show event cpu`); the "
               "commit probe is one single-line configuration commit into bgpd after the "
               "floor has loaded it (median of 10), which is what each pushed line costs at "
               "that size, and *probe × lines / 2* estimates the push from it (the cost "
               "grows linearly as the configuration fills up).%s" % (
                   "" if all(x.get("push_wall_s") is not None for r in a.values()
                             for x in r["erpolicyd"] if "wall_s" in x) else
                   " The erpolicyd of this run had no `show expressroute-policy statistics`: "
                   "its *push* is the longest single `erpolicy_reconcile` event, which "
                   "understates a push that spans many events of the loop."))
        self.w()
        self.table(["size", "intent commit (erpolicyd CPU)", "load settle", "push (wall)",
                    "rest (other passes)", "verifier passes meanwhile",
                    "bgpd CPU (erpolicyd run)", "commit probe", "probe × lines / 2",
                    "bgpd CPU (floor)", "zebra CPU (floor)"], rows)
        lim = []
        for n in sorted(a, key=int):
            r = a[n]
            ok = [x for x in r["erpolicyd"] if "wall_s" in x]
            pc = med(r.get("commit_probe", {}).get("wall_s", []))
            if ok:
                push = med([_push(x) for x in ok])
                lim.append("at %s erpolicyd's load of the intent (vtysh -f) took %s, its push "
                           "%s and the passes after it %s, against %s for the whole floor "
                           "(the floor's bgpd spends %s of CPU, the erpolicyd run's bgpd %s)" % (
                               sz(n), fmt_s(med([x["vtysh_s"] for x in ok])), fmt_s(push),
                               fmt_s(med([_rest(x) for x in ok])),
                               fmt_s(med([x["wall_s"] for x in r["floor"]])),
                               fmt_s(med([x["cpu"].get("bgpd") for x in r["floor"]
                                          if x.get("cpu")])),
                               fmt_s(med([x["cpu"].get("bgpd") for x in ok if x.get("cpu")]))))
            elif r["erpolicyd"]:
                err = r["erpolicyd"][0].get("error") or (
                    "over its cap of %s" % fmt_s(r["erpolicyd"][0].get("timeout_s")))
                lim.append("at %s the erpolicyd run gave no figure (%s)" % (sz(n), err))
        if settle:
            self.w("**A fixed floor under every erpolicyd run here:** `vtysh -f` brackets "
                   "the intent with `XFRR_start/end_configuration`, and erpolicyd reads and "
                   "pushes nothing until `ERPOLICY_LOAD_SETTLE_MS` (%s, "
                   "erpolicyd/erpolicy_apply.c: the other daemons may be loading their "
                   "configuration at the same moment) after the end marker; then the first "
                   "pass pushes and a confirming pass 100 ms later says *applied*. At sizes "
                   "where the floor takes less than that, erpolicyd cannot meet the target "
                   "by design of that settle time." % fmt_s(settle))
            self.w()
        if lim:
            self.w("**What limits it.** Each configuration commit in bgpd costs in "
                   "proportion to everything bgpd holds, so erpolicyd sends a list of 64 "
                   "lines or more as one `XFRR_start/end_configuration` batch, one commit, "
                   "as `vtysh -f` does (smaller changes go one line, one commit); unlike "
                   "`vtysh -f`, which waits for each line's reply before it sends the next, "
                   "erpolicyd pipelines a batch's lines, up to 128 ahead of their replies, so "
                   "bgpd never waits a round trip for the next line. Beyond the "
                   "floor's work erpolicyd has its own load of the intent (one line, one "
                   "vty round trip, as for any `vtysh -f`), the read of the daemons' running "
                   "configurations before the push, and the confirming pass after it, which "
                   "reads them again, with verifier passes in between on the same event "
                   "loop. In this run: %s." % "; ".join(lim))
            self.w()
        big = [n for n in a if any("timeout_s" in x for x in a[n]["erpolicyd"])]
        res = "erpolicyd / floor: " + ", ".join(
            "%s %s" % (sz(n), fmt_r(med(a[n]["pairs"])) if a[n]["pairs"] else "did not finish")
            for n in sorted(a, key=int))
        self.summary.append(["2", "full apply, from empty to policy active, vs `vtysh -f`",
                             "≤ 1.15× (10: floor + 100 ms)", res,
                             met(bool(worst)) if worst is not None else met(None)])
        self.apply_big = big

    # ------------------------------------------------------------------ item 3
    def item3(self):
        inc = self.it.get("incremental", {})
        if not inc:
            return
        self.w("## 3. Incremental change of one prefix, against `frr-reload.py`")
        self.w()
        self.w("On a router holding the whole plan, one azure-prefix (a fresh IPv4 /24) is "
               "added and then removed. *erpolicyd*: `vtysh -c 'router expressroute-policy' "
               "-c 'azure-prefix X'`; the time runs from the start of vtysh until bgpd holds "
               "(or no longer holds) the prefix-list entry (polled every 5 ms); *applied* is "
               "until `show` says `applied` again. *frr-reload.py*: `frr-reload.py --reload "
               "--daemon bgpd` with a target file equal to bgpd's running configuration plus "
               "(then without) that one line, on the same bgpd, erpolicyd frozen meanwhile "
               "(SIGSTOP: it would undo the change; frr-reload.py's vtysh gets a socket "
               "folder without erpolicyd's, `--vty_socket`); the time runs until "
               "frr-reload.py exits. Ratio: frr-reload.py / erpolicyd per interleaved pair.")
        self.w()
        rows = []
        judged = {}
        for n in sorted(inc, key=int):
            r = inc[n]
            if not r["erpolicyd_add"]:
                continue
            ea = med([x["wall_s"] for x in r["erpolicyd_add"]])
            ed = med([x["wall_s"] for x in r["erpolicyd_del"]])
            fa = med([x["wall_s"] for x in r["frr_reload_add"]])
            fd = med([x["wall_s"] for x in r["frr_reload_del"]])
            rd = med([f["wall_s"] / e["wall_s"] for f, e in zip(r["frr_reload_del"],
                                                                  r["erpolicyd_del"])])
            ra = med(r["pairs"])
            rows.append([sz(n), fmt_s(ea), rng([x["wall_s"] for x in r["erpolicyd_add"]]),
                         fmt_s(med([x["applied_s"] for x in r["erpolicyd_add"]])),
                         fmt_s(fa), fmt_r(ra), fmt_s(ed), fmt_s(fd), fmt_r(rd),
                         len(r["pairs"])])
            if n in ("10000", "100000"):
                judged[n] = (ra, rd)
        self.table(["size", "erpolicyd add", "range", "until applied", "frr-reload add",
                    "speed-up add", "erpolicyd remove", "frr-reload remove",
                    "speed-up remove", "n"], rows)
        ap = self.it.get("apply", {})
        lim = []
        for n in sorted(inc, key=int):
            r = inc[n]
            if not r["erpolicyd_add"]:
                continue
            v = med([x["vtysh_s"] for x in r["erpolicyd_add"]])
            tot = med([x["wall_s"] for x in r["erpolicyd_add"]])
            probe = med(ap.get(n, {}).get("commit_probe", {}).get("wall_s", []))
            lim.append("at %s: %s of the %s until bgpd has the line is vtysh committing the "
                       "change into erpolicyd, the rest erpolicyd's push of the one line "
                       "from the plan it holds (nothing read first) and bgpd's commit of "
                       "it%s" % (sz(n), fmt_s(v), fmt_s(tot),
                                 ", which costs %s at this size (item 2's commit probe)" %
                                 fmt_s(probe) if probe is not None else ""))
        if lim:
            lim.append("each commit, erpolicyd's of its intent and bgpd's of the line, "
                       "diffs and validates the daemon's whole configuration (FRR's "
                       "northbound), so both grow with the size, while frr-reload.py's "
                       "reads and diffs grow too")
        if lim:
            self.w("**What limits it.** " + "; ".join(lim) + ".")
            self.w()
        # Targets at 10k and at 100k.
        for n in ("10000", "100000"):
            if n in judged:
                ra, rd = judged[n]
                self.summary.append(["3", "one-prefix change at %s, vs frr-reload.py" % sz(n),
                                     "≥ 20× faster", "%s faster (add), %s (remove)" % (
                                         fmt_r(ra), fmt_r(rd)), met(min(ra, rd) >= 20)])
            else:
                self.summary.append(["3", "one-prefix change at %s, vs frr-reload.py" % sz(n),
                                     "≥ 20× faster", "%s not in this run" % sz(n), met(None)])

    # ------------------------------------------------------------------ item 4b
    def item4b(self):
        a = self.it.get("apply", {})
        got = {n: [x for c in a[n]["erpolicyd"] for x in c.get("show_latency_s", [])]
               for n in a}
        got = {n: v for n, v in got.items() if v}
        if not got:
            return
        self.w("## 4b. Responsiveness: erpolicyd's vty during a full apply")
        self.w()
        self.w("In each erpolicyd run of item 2, from the end of `vtysh -f` (erpolicyd's own "
               "load) until `applied`, `show expressroute-policy json` is asked on one kept "
               "session, again after twice the last answer's time (at least 20 ms): each "
               "figure is one query's round trip, sent to last byte, without parsing the "
               "JSON. During that time erpolicyd reads the daemons and pushes the plan.")
        self.w()
        rows = []
        for n in sorted(got, key=int):
            v = sorted(got[n])
            rows.append([sz(n), str(len(v)), fmt_s(med(v)), fmt_s(quantile(v, 0.99)),
                         fmt_s(max(v))])
        idle = self.it.get("show_idle", {})
        for r in rows:
            n = next(k for k in got if sz(k) == r[0])
            r.append(fmt_s(med(idle[n])) if idle.get(n) else "-")
        self.table(["prefixes", "queries", "median", "p99", "max",
                    "idle erpolicyd (median of 10)"], rows)
        self.w("*idle erpolicyd*: the same query on the steady-state router of items 3 to 5, "
               "nothing else running: what building and sending the answer (a verdict per "
               "prefix) costs at that size, apart from any wait behind the apply.")
        self.w()
        big = [n for n in got if int(n) >= 100000]
        if big:
            p99 = quantile(sorted(got[big[0]]), 0.99)
            verdict = met(p99 <= 0.1)
            if p99 > 0.1 and idle.get(big[0]):
                verdict += ("; limit: the answer itself, %s on an idle erpolicyd at %s" % (
                    fmt_s(med(idle[big[0]])), sz(big[0])))
            self.summary.append(["4b", "vty answers `show` during a 100k full apply, p99",
                                 "≤ 100 ms", fmt_s(p99), verdict])
        else:
            hi = max(got, key=int)
            self.summary.append(["4b", "vty answers `show` during a 100k full apply, p99",
                                 "≤ 100 ms", "100k not in this run (at %s: %s)" % (
                                     sz(hi), fmt_s(quantile(sorted(got[hi]), 0.99))), met(None)])

    # ------------------------------------------------------------------ item 4
    def item4(self):
        ss = self.it.get("steady", {})
        if not ss:
            return
        self.w("## 4. Steady-state check, against `frr-reload.py`'s no-op comparison")
        self.w()
        self.w("erpolicyd is left alone on a router that holds its plan (the window opens "
               "once the full pass that frr-reload.py's changes cause in erpolicyd has ended); "
               "over a %s window "
               "FRR's accounting gives the CPU of each reconcile pass (on a steady router: "
               "ask bgpd and mgmtd, and zebra once a second, `show configuration version json`, "
               "find nothing changed; the run records which the pass did) and of each "
               "verifier pass; `/proc` gives each process' CPU over the window (idle CPU). "
               "What a pass costs the daemons it asks is measured by doing the same "
               "(fresh session, `enable`, `show configuration version json`) five times. Baseline, "
               "interleaved: `frr-reload.py --reload --daemon bgpd` with a target equal to "
               "the running configuration (erpolicyd frozen), its own CPU and its vtysh "
               "children's (`getrusage`), and bgpd's, mgmtd's and zebra's." % fmt_s(
                   self.window_s()))
        self.w()
        rows = []
        judged = {}
        for n in sorted(ss, key=int):
            r = ss[n]
            if not r["windows"]:
                continue
            rec = med([w["reconcile_cpu_per_pass_s"] for w in r["windows"]])
            ver = med([w["verify_cpu_per_pass_s"] for w in r["windows"]])
            verw = med([w["verify"].get("wall_avg_us", 0) / 1e6 for w in r["windows"]])
            recw = med([w["reconcile"].get("wall_avg_us", 0) / 1e6 for w in r["windows"]])
            rp = r.get("pass_replay", {})
            dcpu = sum(rp[d]["cpu_s"] for d in rp) if rp else None
            tool = med([x["tool_cpu_s"] for x in r["frr_reload_noop"]])
            tool_d = med([x["tool_cpu_s"] + sum(v for k, v in x["cpu"].items()
                                                if not k.startswith("_"))
                          for x in r["frr_reload_noop"]])
            ratio = med(r["pairs"])
            ratio_d = tool_d / (rec + dcpu) if rec and dcpu else None
            idle = med([w["core_share"].get("erpolicyd") for w in r["windows"]])
            idle_all = med([sum(w["core_share"].values()) for w in r["windows"]])
            rows.append([sz(n), fmt_s(rec), fmt_s(recw), fmt_s(dcpu), fmt_s(tool),
                         fmt_s(med([x["wall_s"] for x in r["frr_reload_noop"]])),
                         fmt_r(ratio), fmt_r(ratio_d), fmt_s(ver), fmt_s(verw), pct(idle),
                         pct(idle_all), len(r["pairs"])])
            if n in ("10000", "100000"):
                judged[n] = (ratio, ratio_d, idle)
        self.table(["size", "reconcile pass CPU", "pass wall", "daemons' CPU per pass",
                    "frr-reload CPU", "frr-reload wall", "ratio (tools)",
                    "ratio (with daemons)", "verifier pass CPU", "verifier pass wall",
                    "erpolicyd idle CPU", "R1 total idle CPU", "n"], rows)
        self.w("*ratio (tools)*: frr-reload.py's and its vtysh processes' CPU / erpolicyd's "
               "reconcile pass CPU, per interleaved pair. *ratio (with daemons)*: the same "
               "with the daemons' CPU on both sides. *R1 total idle CPU*: erpolicyd, bgpd, "
               "zebra, mgmtd, staticd together, in share of one core.")
        self.w()
        lim = []
        for n in sorted(ss, key=int):
            r = ss[n]
            if not r["windows"]:
                continue
            tot = med([w["cpu"].get("erpolicyd") for w in r["windows"]])
            rec = med([w["reconcile"].get("runtime_ms", 0) / 1e3 for w in r["windows"]])
            ver = med([w["verify"].get("runtime_ms", 0) / 1e3 for w in r["windows"]])
            if tot:
                lim.append("at %s, of erpolicyd's %s of CPU in the window the verifier took "
                           "%.0f %% and the reconcile passes %.0f %%" % (
                               sz(n), fmt_s(tot), 100 * ver / tot, 100 * rec / tot))
        if lim:
            self.w("**What limits it.** Idle CPU: " + "; ".join(lim) + ". The verifier "
                   "reads routes from its zclient mirror of zebra (no query per prefix) and "
                   "asks bgpd for the neighbors' states, what is advertised to the Azure "
                   "peers, and a bounded number of azure-prefixes' best paths per pass "
                   "(erpolicyd/erpolicy_verify.c), and judges the verdicts again only when "
                   "a route, the intent, a best path or a fact of the neighbors the rules "
                   "read has changed. The reconcile pass asks each daemon its "
                   "configuration version (*daemons' CPU per pass*) and reads a running "
                   "configuration only when that changed.")
            self.w()
        # Targets at 10k and at 100k.
        for n in ("10000", "100000"):
            if n not in judged:
                self.summary.append(["4", "steady-state check at %s" % sz(n),
                                     "≥ 10× less CPU; idle < 1 %",
                                     "%s not in this run" % sz(n), met(None)])
                continue
            ratio, ratio_d, idle = judged[n]
            own = ratio is not None and ratio >= 10
            both = ratio_d is not None and ratio_d >= 10
            if own and not both and ratio_d is not None:
                verdict = ("**met** for the tools' own CPU; **missed** counting the daemons' "
                           "CPU each side causes (%s)" % fmt_r(ratio_d))
            else:
                verdict = met(own and (both or ratio_d is None))
            self.summary.append(["4", "steady-state check at %s, CPU vs frr-reload.py no-op" %
                                 sz(n), "≥ 10× less CPU", "%s less (tools), %s (with daemons)" % (
                                     fmt_r(ratio), fmt_r(ratio_d)), verdict])
            verdict = met(idle is not None and idle < 0.01)
            prof = self.r.get("profiles", {}).get("steady-%s" % n, {}).get("rows", [])
            look = [x for x in prof if x["symbol"] == "erpolicy_zebra_lookup"]
            if idle is not None and idle >= 0.01 and look:
                verdict += ("; limit: each periodic verifier pass (every %s) judges every "
                            "verdict again, and its route lookups (`erpolicy_zebra_lookup`) "
                            "are %.0f %% of erpolicyd's samples left alone" % (
                                fmt_s((self.m.get("verify_interval_ms") or 0) / 1e3),
                                look[0]["children"]))
            self.summary.append(["4", "erpolicyd idle CPU at %s" % sz(n), "< 1 % of a core",
                                 pct(idle), verdict])

    @staticmethod
    def azure_v4(n):
        """IPv4 azure-prefixes in bench/intent.py's intent of size n (a fifth are IPv6)."""
        return int(n) - round(int(n) * 0.2)

    def window_s(self):
        for r in self.it.get("steady", {}).values():
            for w in r.get("windows", []):
                return w["seconds"]
        return None

    # ------------------------------------------------------------------ item 5
    def item5(self):
        dr = self.it.get("drift", {})
        vr = self.it.get("verifier", {})
        if not dr and not vr:
            return
        self.w("## 5. Drift repair latency and verifier latency")
        self.w()
        self.w("*Drift repair*: at a random phase of the reconcile timer, one owned object is "
               "deleted behind erpolicyd's back with `vtysh -d bgpd` (alternately a "
               "prefix-list entry of ERPOL-AZURE-V4 and the route-map entry ERPOL-VPN-IN-V4 "
               "permit 20); the time runs from vtysh's return until bgpd holds it again "
               "(polled every 5 ms). *Verifier*: an Azure VPN gateway peer in a second "
               "namespace announces every azure-prefix to R1 (the VPN neighbors 169.254.21.2 "
               "and fd00:21::2 are Established); at a random phase of the verify timer it "
               "withdraws one IPv4 azure-prefix, then announces it again; the time runs from "
               "the route change in R1's zebra (polled every 2 ms) until `show "
               "expressroute-policy json` shows the prefix's new verdict (polled as fast as "
               "the query allows; the reply's arrival counts).")
        self.w()
        rows = []
        for n in sorted(set(dr) | set(vr), key=int):
            d = dr.get(n, {})
            lat = [t["latency_s"] for t in d.get("trials", [])]
            v = vr.get(n, {})
            vl = [t["latency_s"] for t in v.get("trials", [])]
            vz = [t["zebra_s"] for t in v.get("trials", [])]
            rows.append([sz(n), fmt_s(med(lat)), rng(lat), len(lat),
                         d.get("drift_repairs_counted", "-"),
                         fmt_s(med(vl)) if vl else v.get("skipped", "-"), rng(vl), len(vl),
                         fmt_s(med(vz)), fmt_s(v.get("convergence_s"))])
        self.table(["size", "drift repair", "range", "n", "repairs counted", "verifier",
                    "range", "n", "peer -> zebra", "R1 learning every prefix"], rows)
        # The distribution of drift repair latencies: uniform over the reconcile interval.
        iv = (self.m.get("reconcile_interval_ms") or 0) / 1e3
        rows = []
        edges = [0.5 * k for k in range(1, 6)]
        for n in sorted(dr, key=int):
            lat = sorted(t["latency_s"] for t in dr[n].get("trials", []))
            if not lat:
                continue
            hist = []
            lo = 0.0
            for e in edges + [float("inf")]:
                hist.append(str(sum(1 for x in lat if lo <= x < e)))
                lo = e
            rows.append([sz(n), len(lat), fmt_s(quantile(lat, 0.1)), fmt_s(quantile(lat, 0.5)),
                         fmt_s(quantile(lat, 0.9)), fmt_s(lat[-1]),
                         "%.0f %%" % (100.0 * sum(1 for x in lat if x < 1.0) / len(lat))] + hist)
        if rows:
            self.w("Drift repair latency distribution (reconcile interval %s, "
                   "`ERPOLICY_RECONCILE_INTERVAL_MS` in erpolicyd/erpolicy_apply.h, used by "
                   "`erpolicy_reconcile()` in erpolicyd/erpolicy_apply.c): a deletion at a "
                   "random moment is seen by the next pass, uniformly 0 to %s later, which asks "
                   "each daemon its configuration version (FRR patch 0005) and, the version "
                   "having changed, reads and repairs at once; the median is then about half "
                   "the interval plus a full pass." % (fmt_s(iv), fmt_s(iv)))
            self.w()
            self.table(["size", "n", "p10", "median", "p90", "max", "under 1 s",
                        "< 0.5 s", "0.5-1 s", "1-1.5 s", "1.5-2 s", "2-2.5 s", "≥ 2.5 s"],
                       rows)
        ss = self.it.get("steady", {})
        lim = []
        for n in sorted(ss, key=int):
            w = ss[n].get("windows", [])
            if not w:
                continue
            recw = med([x["reconcile"].get("wall_avg_us", 0) / 1e6 for x in w])
            verw = med([x["verify"].get("wall_avg_us", 0) / 1e6 for x in w])
            lim.append("at %s a reconcile pass takes %s and a verifier pass %s (wall)" % (
                sz(n), fmt_s(recw), fmt_s(verw)))
        if lim:
            self.w("**What limits it.** Drift is found by the next reconcile pass, "
                   "%s after the previous one ended, whose version check sees the daemon's "
                   "configuration changed: at a random moment the wait is uniform over that "
                   "interval, so the median repair cannot be much below %s plus a full pass "
                   "(the reads of the running configurations, the diff, the push); and a "
                   "verifier pass in progress holds the event loop. "
                   "A route change schedules the verifier 50 ms later, and its answer comes "
                   "after a whole pass (plus the rest of one in progress). In this run: %s." % (
                       fmt_s(iv), fmt_s(iv / 2), "; ".join(lim)))
            self.w()
        for key, name, src in (("drift", "drift repair latency", dr),
                               ("verifier", "verifier latency", vr)):
            vals = {n: med([t["latency_s"] for t in src[n].get("trials", [])])
                    for n in src if src[n].get("trials")}
            if not vals:
                continue
            res = ", ".join("%s %s" % (sz(n), fmt_s(vals[n])) for n in sorted(vals, key=int))
            # Targets: drift < 300 ms at 10k and < 1 s at 100k; verifier < 200 ms at 10k.
            limit = ({10000: 0.3, 100000: 1.0} if key == "drift" else {10000: 0.2})
            judged = {n: v for n, v in vals.items() if int(n) in limit}
            verdict = met(all(v < limit[int(n)] for n, v in judged.items())) if judged \
                else met(None)
            if any(0.9 * limit[int(n)] <= v <= 1.1 * limit[int(n)] for n, v in judged.items()):
                verdict += " (borderline: within 10 % of the target)"
            missing = [sz(n) for n in limit if str(n) not in vals and n not in vals]
            if missing:
                verdict += " (not measured at %s)" % ", ".join(missing)
            self.summary.append(["5", name, "median < 300 ms at 10k, < 1 s at 100k"
                                 if key == "drift" else "median < 200 ms at 10k", res, verdict])

    # ------------------------------------------------------------------ item 6
    def item6(self):
        self.w("## 6. Failover in the lab")
        self.w()
        fo = self.fo
        if not fo:
            self.w("*Comes from the lab run.* The IPsec lab topotest (real strongSwan tunnels "
                   "between namespaces, topotests/test_lab_ipsec.py) measures it and writes "
                   "lab-failover.json in its run folder; `bench/run.sh` runs it (unless `--no-lab`) and "
                   "imports the figures into `bench/failover.json`, `bench/run.sh --failover "
                   "FILE` imports those of an earlier lab run. Not measured in this run.")
            self.w()
            self.summary.append(["6", "failover in the lab (tunnels down -> azure-prefixes "
                                 "via r2 / via ExpressRoute / removed)", "< 1 s",
                                 "not in this run (`--no-lab` or `--quick`; `--failover FILE` imports one)",
                                 met(None)])
            return
        figs = fo.get("figures")
        if figs is None:  # the older hand-written shape
            figs = {LAB_FIGURES[1][0]: fo.get("prefer_vpn_install_s", []),
                    LAB_FIGURES[2][0]: fo.get("require_encryption_removal_s", [])}
        srcs = fo.get("files", [])
        self.w("From `%s`: %s. Each lab run gives one figure of each kind, so *n* is the "
               "number of lab runs imported (a median needs several: `bench/run.sh "
               "--failover FILE` takes the flag more than once)." % (
                   fo.get("source", "?"), "; ".join("%s (%s)" % (x.get("path"), x.get("date"))
                                                   for x in srcs) or fo.get("date", "?")))
        self.w()
        self.w("**Tunnel detection in the lab:** %s." % fo.get("detection", LAB_DETECTION))
        self.w()
        rows = []
        worst = None
        for key, what, target in LAB_FIGURES:
            v = figs.get(key, [])
            if not v:
                continue
            rows.append([what, fmt_s(med(v)), rng(v), len(v), "< 1 s" if target else "-"])
            if target:
                worst = max(worst or 0, med(v))
        self.table(["from the moment the tunnels are taken down", "median", "range", "n",
                    "target"], rows)
        res = ", ".join("%s %s" % (lbl, fmt_s(med(figs.get(k, []))))
                        for (k, _, t), lbl in zip(LAB_FIGURES[:3],
                                                  ("one tunnel down", "both down (prefer-vpn)",
                                                   "require-encryption removal"))
                        if figs.get(k))
        n = min([len(figs.get(k, [])) for k, _, t in LAB_FIGURES if t and figs.get(k)] or [0])
        verdict = met(worst < 1.0) if worst is not None else met(None)
        if worst is not None and n < 5:
            verdict += " (n = %d lab run%s, not 5)" % (n, "s" if n > 1 else "")
        self.summary.append(["6", "failover in the lab (clean tunnel teardown)", "< 1 s", res,
                             verdict])
        self.silent()

    def silent(self):
        fo = self.silent_fo
        if not fo:
            return
        figs = fo.get("figures", {})
        self.w("### Silent failures")
        self.w()
        self.w("From `%s`: %s; each figure is a list of runs in one lab run (n)." % (
            fo.get("source", "?"), "; ".join("%s (%s)" % (x.get("path"), x.get("date"))
                                            for x in fo.get("files", []))))
        self.w()
        self.w("**How:** %s." % fo.get("detection", SILENT_DETECTION))
        self.w()
        rows, worst, n = [], None, None
        for key, what, target in SILENT_FIGURES:
            v = figs.get(key, [])
            if not v:
                continue
            rows.append([what, fmt_s(med(v)), rng(v), len(v), "< 1 s" if target else "-"])
            if target and key.startswith("silent"):
                worst = max(worst or 0, med(v))
                n = len(v) if n is None else min(n, len(v))
        self.table(["from the moment the failure starts (or is lifted)", "median", "range",
                    "n", "target"], rows)
        if worst is None:
            return
        res = ", ".join("%s %s" % (lbl, fmt_s(med(figs[k])))
                        for k, lbl in (
                            (SILENT_FIGURES[1][0], "one tunnel"),
                            (SILENT_FIGURES[3][0], "both (prefer-vpn)"),
                            (SILENT_FIGURES[4][0], "both (require-encryption)"),
                            (SILENT_FIGURES[5][0], "ExpressRoute link"))
                        if figs.get(k))
        verdict = met(worst < 1.0)
        if n < 5:
            verdict += " (n = %d, not 5)" % n
        self.summary.append(["6b", "failover after a silent loss (probe 200 ms x 3, BFD "
                             "300 ms x 3)", "< 1 s", res, verdict])

    # ------------------------------------------------------------------ item 7
    def item7(self):
        allm = self.it.get("memory", {})
        mem = {n: m for n, m in allm.items() if m.get("rss")}
        partial = {n: m for n, m in allm.items() if not m.get("rss") and m.get("rss_samples")}
        if not mem and not partial:
            return
        self.w("## 7. erpolicyd resident memory")
        self.w()
        self.w("VmRSS of erpolicyd from `/proc` once it holds the intent and has verified it "
               "(no routes learned), after the drift trials, and with the peer's routes "
               "learned; VmHWM is the peak. *per prefix* is the increase over the next "
               "smaller size divided by the added prefixes.")
        self.w()
        rows = []
        prev = None
        for n in sorted(mem, key=int):
            m = mem[n]
            per = None
            if prev:
                per = (m["rss"] - prev[1]) / (int(n) - prev[0])
            rows.append([sz(n), fmt_b(m.get("rss")), fmt_b(m.get("rss_after")),
                         fmt_b(m.get("rss_with_routes")), fmt_b(m.get("hwm_with_routes") or
                                                                m.get("hwm_after")),
                         "%.0f B" % per if per is not None else "-",
                         fmt_s(m.get("intent_load_s"))])
            prev = (int(n), m["rss"])
        for n in sorted(partial, key=int):
            last = partial[n]["rss_samples"][-1]
            rows.append([sz(n), "≥ %s" % fmt_b(last[1]), "-", "-", "≥ %s" % fmt_b(last[2]),
                         "-", "not finished after %s" % fmt_s(last[0])])
        self.table(["size", "RSS", "RSS after drift trials", "RSS with routes", "peak (HWM)",
                    "per prefix", "intent load"], rows)
        if partial:
            self.w("At %s erpolicyd had not finished committing the intent when the phase's "
                   "cap ran out (the commit grows faster than linearly with the intent: "
                   "`nb_config_diff` looks up every leaf-list entry by XPath, see *intent "
                   "load* and the intent-commit profile); the RSS shown is the last 5-second "
                   "sample, a lower bound, and the 1k->%s growth cannot be given." % (
                       ", ".join(sz(n) for n in sorted(partial, key=int)),
                       sz(max(partial, key=int))))
            self.w()
        only = [n for n in mem if mem[n].get("memory_only")]
        if only:
            self.w("At %s only memory was measured (no steady-state items there: "
                   "`--steady-max`): erpolicyd over a router holding the plan, once applied "
                   "and two more reconcile passes, without waiting for the verifier." %
                   ", ".join(sz(n) for n in sorted(only, key=int)))
            self.w()
        s = sorted(mem, key=int)
        steps = []
        for lo, hi in zip(s, s[1:]):
            if int(lo) >= 1000:
                steps.append((lo, hi, (mem[hi]["rss"] - mem[lo]["rss"]) / (int(hi) - int(lo))))
        if len(steps) > 1:
            per = [x[2] for x in steps]
            linear = max(per) <= 1.3 * min(per) and min(per) > 0
            self.w("Bytes per added prefix: %s: %s. %s" % (
                ", ".join("%s->%s" % (sz(a), sz(b)) for a, b, _ in steps),
                ", ".join("%.0f B" % x for x in per),
                "Close to linear above the fixed part." if linear else
                "Not linear: the increment per prefix changes by more than 30 % between "
                "the steps. RSS counts what the allocator keeps after the largest "
                "transient (each reconcile pass holds bgpd's whole running configuration "
                "as text and parsed, the diff and the rendered plan), so it follows the "
                "peak of a pass more than the intent itself; VmHWM shows that peak."))
            self.w()
        if "1000" in mem and len(s) > 1 and int(s[-1]) > 1000:
            hi = s[-1]
            g = mem[hi]["rss"] / mem["1000"]["rss"]
            base = mem[s[0]]["rss"]
            gi = (mem[hi]["rss"] - base) / max(1, mem["1000"]["rss"] - base)
            self.w("From 1k to %s (%d× the prefixes) RSS grows %s; above the fixed part (the "
                   "RSS at %s) it grows %s." % (sz(hi), int(hi) // 1000, fmt_r(g), sz(s[0]),
                                                fmt_r(gi)))
            self.w()
        self.summary.append(["7", "erpolicyd RSS per size", "close to linear",
                             ", ".join("%s %s" % (sz(n), fmt_b(mem[n]["rss"])) for n in s),
                             "see section 7"])
        if steps:
            lo, hi, per = steps[-1]
            self.summary.append(["7", "erpolicyd RSS per added prefix, %s -> %s" % (sz(lo), sz(hi)),
                                 "≤ %d B (the 2.1 kB of the run before the engine's rework)" %
                                 RSS_PER_PREFIX_BEFORE, "%.0f B" % per,
                                 met(per <= RSS_PER_PREFIX_BEFORE * 1.05)])
        self.intent_load(mem)

    def intent_load(self, mem):
        """The issue's target 5: the largest intent loaded into erpolicyd with `vtysh -f`, until
        committed. Where the time goes: erpolicyd's CPU for the load, of it the one commit (the
        longest `vtysh_read` event: the file is one northbound transaction), and the rest per
        line, each line one round trip of vtysh's protocol."""
        if not mem:
            return
        n = max(mem, key=int)
        m = mem[n]
        load = m.get("intent_load_s")
        if load is None:
            return
        res = "%s at %s" % (fmt_s(load), sz(n))
        verdict = met(load <= 3.0 and int(n) >= 100000)
        cpu, commit = m.get("intent_load_cpu_s"), m.get("intent_commit_cpu_s")
        if int(n) < 100000:
            verdict = "not measured at 100k"
        elif load > 3.0 and cpu is not None and commit is not None:
            verdict += ("; limit: erpolicyd's CPU %s of the %s, of it %s the commit, the rest "
                        "%s per line for %d lines (parse, candidate edit, one vty round trip "
                        "each: vtysh -f sends a line and waits for its answer); profile: "
                        "*erpolicyd while it commits an intent* (Profiles)" % (
                            fmt_s(cpu), fmt_s(load), fmt_s(commit),
                            fmt_s((cpu - commit) / int(n)), int(n)))
        self.summary.append(["7", "load an intent into erpolicyd (`vtysh -f`, until "
                             "committed), 100k", "≤ 3 s", res, verdict])

    # ------------------------------------------------------------------ profiles
    def profiles(self):
        pr = self.r.get("profiles", {})
        if not pr:
            return
        self.w("## Profiles")
        self.w()
        self.w("`perf record --call-graph dwarf` (software clock, 99 or 499 Hz: no hardware "
               "counters here) on the process named, reported with `perf report --children`: "
               "*total* is the share of samples with the function on the stack, *self* in "
               "the function itself. Frames every sample has (`main`, `frr_run`, "
               "`event_call`, system call entry) are left out.")
        self.w()
        for name in sorted(pr):
            p = pr[name]
            if not p.get("rows"):
                continue
            self.w("### %s" % p.get("what") or name)
            self.w()
            few = re.match(r"\s*(\d+)\s*$", (p.get("samples") or "").split(" of ")[0])
            self.w("Samples: %s.%s" % (p.get("samples"), " Too few samples to say much (the "
                                       "process was mostly idle in the window)."
                                       if few and int(few.group(1)) < 50 else ""))
            self.w()
            rows = [[("%.1f %%" % x["children"]), ("%.1f %%" % x["self"]),
                     "`%s`" % x["symbol"].replace("|", "\\|")] for x in p["rows"]
                    if x["symbol"] not in GENERIC_FRAMES][:24]
            self.table(["total", "self", "function"], rows)

    def notes(self):
        m = self.m
        self.w("## Notes on the method")
        self.w()
        notes = [
            "The benchmark router R1 runs mgmtd, zebra, staticd, bgpd and erpolicyd in network "
            "namespace and FRR pathspace `erpolicy-bench`; its link `er0` carries the "
            "ExpressRoute (192.168.100.0/30, 2001:db8:100::/126) and VPN (169.254.21.0/30, "
            "169.254.22.0/30, fd00:21::/64) addresses, so the pins resolve. The Azure VPN "
            "gateway peer (AS 65515: mgmtd, zebra, bgpd) in `erpolicy-bench-az` runs only for "
            "the verifier latency and the *with routes* figures; otherwise no BGP session is "
            "up.",
            "Intents: `bench/intent.py` (seeded): N azure-prefixes, 80 % IPv4 (/22 to /29 in "
            "10/8, 172.16/12, 100.64/10) and 20 % IPv6 (/48 to /64 in fd64::/16), pairwise "
            "disjoint, on the seed guide's dual-stack skeleton (two GatewaySubnets, both "
            "pinned; ExpressRoute and VPN neighbors of both families; tunnel endpoints, "
            "on-prem prefixes and fallbacks of both families).",
            "`vtysh -f` (the floor of item 2) also gives every prefix-list line to mgmtd and, "
            "through it, to zebra, as it does for any file; erpolicyd configures only bgpd "
            "(and the pins through mgmtd). The steady-state router of items 3 to 5 and 7 is "
            "prepared with `vtysh -d bgpd -f` and `vtysh -d mgmtd -f` of the generated "
            "configuration, so erpolicyd starts over a correct router and has nothing to do.",
            "After loading the intent the benchmark makes one route change (an operator "
            "static route added and removed through mgmtd) so the verifier runs at once: "
            "an older erpolicyd stopped its verifier when a run found no policy yet. The "
            "verifier had not run yet (found off) %s time(s) in this run."
            % m.get("verifier_found_off", 0),
            "FRR 10.3's `show ip prefix-list NAME seq N` finds no entry numbered 2^31 or more "
            "(the number is passed on as an int), and erpolicyd numbers entries up to 2^32-1; "
            "entries are looked up by prefix instead.",
            "IPv6 azure-prefixes learned from the VPN peer have its link-local address as next "
            "hop in zebra; the verifier does not recognise it as the VPN neighbor and reports "
            "`actual: other`. The verifier latency is measured on IPv4 azure-prefixes.",
            "erpolicyd's *applied* comes from a confirming pass 100 ms after a push "
            "(`reconcile_again(100)`): a floor of about 100 ms under every full apply.",
        ]
        for n in notes:
            self.w("- " + n)
        self.w()

    def errors(self):
        e = self.it.get("errors")
        if not e:
            return
        self.w("## Errors in this run")
        self.w()
        for k, v in sorted(e.items()):
            self.w("- %s: %s" % (k, v))
        self.w()

    def render(self):
        self.header()
        body_start = len(self.out)
        self.item1()
        self.item2()
        self.item3()
        self.item4()
        self.item4b()
        self.item5()
        self.item6()
        self.item7()
        self.profiles()
        self.notes()
        body = self.out[body_start:]
        self.out = self.out[:body_start]
        pr = self.r.get("profiles", {})
        where = {"2": "apply-bgpd-", "3": "incremental-", "4": "steady-", "4b": "show-"}
        for row in self.summary:
            if "missed" not in row[4]:
                continue
            if row[1] == "drift repair latency":
                iv = (self.m.get("reconcile_interval_ms") or 0) / 1e3
                dr = self.it.get("drift", {})
                slow = [n for n in sorted(dr, key=int) if dr[n].get("trials") and
                        med([t["latency_s"] for t in dr[n]["trials"]]) > 5 * iv]
                if not slow:
                    row[4] += "; limit: the %s reconcile interval, not CPU (section 5)" % \
                        fmt_s(iv)
                    continue
                ap = self.it.get("apply", {})
                row[4] += "; limit: %s" % "; ".join(
                    "at %s a repair is a full pass (bgpd's, mgmtd's and zebra's running "
                    "configurations read, parsed and diffed) and bgpd's commit of the "
                    "repaired line, %s by item 2's commit probe; every commit into bgpd "
                    "validates its whole configuration" % (
                        sz(n), fmt_s(med(ap.get(n, {}).get("commit_probe", {}).get(
                            "wall_s", [])))) for n in slow)
                names = [pr[k]["what"] for k in sorted(pr)
                         if k.startswith("drift-bgpd-") and pr[k].get("rows")]
                if names:
                    row[4] += "; profile: *%s* (Profiles)" % names[0]
                continue
            names = [pr[k]["what"] for k in sorted(pr)
                     if k.startswith(where.get(row[0], "-")) and pr[k].get("rows")]
            if names:
                row[4] += "; profile: *%s* (Profiles)" % names[0]
            elif row[0] in where:
                row[4] += "; no profile in this run" + (
                    "" if pr else " (perf not available or --no-profile)")
        self.targets()
        self.out += body
        return "\n".join(self.out).rstrip() + "\n"


def import_lab(files, out):
    """lab-failover.json files of lab runs -> bench/failover.json."""
    figs, srcs = {}, []
    for path in files:
        with open(path) as f:
            one = json.load(f)
        for k, v in one.items():
            figs.setdefault(k, []).append(v)
        srcs.append({"path": os.path.abspath(path), "date": time.strftime(
            "%Y-%m-%d %H:%M:%S UTC", time.gmtime(os.path.getmtime(path)))})
    with open(out, "w") as f:
        json.dump({"source": "topotests/test_lab_ipsec.py", "files": srcs, "figures": figs,
                   "detection": LAB_DETECTION}, f, indent=1, sort_keys=True)


def import_silent(files, out):
    """lab-silent.json files (topotests/test_lab_silent.py) -> bench/failover-silent.json."""
    figs, srcs = {}, []
    for path in files:
        with open(path) as f:
            one = json.load(f)
        for k, v in one.items():
            figs.setdefault(k, []).extend(v.get("runs", []))
        srcs.append({"path": os.path.abspath(path), "date": time.strftime(
            "%Y-%m-%d %H:%M:%S UTC", time.gmtime(os.path.getmtime(path)))})
    with open(out, "w") as f:
        json.dump({"source": "topotests/test_lab_silent.py", "files": srcs, "figures": figs,
                   "detection": SILENT_DETECTION}, f, indent=1, sort_keys=True)


def load_optional(path):
    "The JSON in path, or None where there is no such file."
    if not path or not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--import-lab":
        if len(sys.argv) < 4:
            sys.exit("usage: report.py --import-lab LAB-FAILOVER-JSON [...] OUT")
        import_lab(sys.argv[2:-1], sys.argv[-1])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--import-silent":
        if len(sys.argv) < 4:
            sys.exit("usage: report.py --import-silent LAB-SILENT-JSON [...] OUT")
        import_silent(sys.argv[2:-1], sys.argv[-1])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("md")
    ap.add_argument("--failover", default=os.environ.get(
        "ERPOLICY_BENCH_FAILOVER", os.path.join(HERE, "failover.json")))
    ap.add_argument("--silent", default=os.path.join(HERE, "failover-silent.json"),
                    help="the silent-failure figures (report.py --import-silent)")
    ap.add_argument("--previous", default=os.path.join(HERE, "results-frr10.3.json"),
                    help="results.json of an earlier run to show beside the targets")
    ap.add_argument("--previous-failover", default=os.path.join(HERE, "failover-frr10.3.json"))
    ap.add_argument("--previous-label", default="FRR 10.3")
    a = ap.parse_args()
    with open(a.results) as f:
        res = json.load(f)
    fo = load_optional(a.failover)
    previous = None
    prev_res = load_optional(a.previous)
    if prev_res and os.path.abspath(a.previous) != os.path.abspath(a.results):
        prev = Report(prev_res, load_optional(a.previous_failover))
        prev.path = a.previous
        prev.render()
        previous = (prev, a.previous_label)
    text = Report(res, fo, previous, load_optional(a.silent)).render()
    with open(a.md, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
