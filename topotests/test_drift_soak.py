#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Drift soak: every kind of change to every kind of object erpolicyd owns, repaired again
and again while routes flow and sessions flap, in both modes, IPv4 and IPv6.

    msee (AS 12076)  192.168.100.2 2001:db8:100::2 --s1-- r1 (AS 65501, erpolicyd)
    vpngw (AS 65515) 169.254.21.2  fd00:21::2      --s2-- r1
                     169.254.22.2  fd00:22::2      --s3-- r1

The engine topology, dual-stack (drift_soak/): an IPv4 and an IPv6 session on each link,
and a dual-stack intent. Each repair of the soak:
  - the peers add or withdraw an Azure prefix (routes flow);
  - one change behind erpolicyd's back on r1, of one kind (DRIFT_KINDS: a prefix-list,
    one of its entries, a route-map, one of its entries, a match or a set deleted or
    changed; a binding removed or another map bound in its slot; the pin route deleted),
    to an object of one family, picked from what erpolicyd generated;
  - every other pair of repairs, a session reset right after the change, while the repair
    is under way (`clear bgp` of a neighbor the changed map is bound to, else of one of the
    family's, from r1's side or the peer's);
  - then, within REPAIR_TIMEOUT: bgpd's running configuration has erpolicyd's objects
    exactly as generated, erpolicyd reports the policy applied and the repair counted,
    and no daemon of r1 died or wrote a sanitizer report.
After each mode, the verifier's verdicts are right again once the sessions are up.

ERPOLICYD_SOAK_REPAIRS (default 20) is the number of repairs, half in each mode.
ERPOLICYD_SOAK_REPORT names a JSON file for the figures (tools/run-soak.sh).
ERPOLICYD_TOPOTEST_DAEMONDIR runs r1 on the daemons of that folder (zebra, mgmtd,
staticd, bgpd, erpolicyd: tools/run-soak.sh puts sanitizer builds there).
"""

import collections
import glob
import json
import os
import re
import sys
import time

import pytest

CWD = os.path.dirname(os.path.realpath(__file__))

# pylint: disable=C0413
from lib.topogen import Topogen, TopoRouter, get_topogen

import erpolicy_lib as erp

pytestmark = erp.DAEMON_MARKS

REPAIRS = int(os.environ.get("ERPOLICYD_SOAK_REPAIRS", "20"))
REPORT = os.environ.get("ERPOLICYD_SOAK_REPORT")
DAEMONDIR = os.environ.get("ERPOLICYD_TOPOTEST_DAEMONDIR")
REPAIR_TIMEOUT = 30.0

ER_NBR = {4: "192.168.100.2", 6: "2001:db8:100::2"}
VPN_NBRS = {4: ["169.254.21.2", "169.254.22.2"], 6: ["fd00:21::2", "fd00:22::2"]}
ALL_NBRS = [ER_NBR[4], ER_NBR[6]] + VPN_NBRS[4] + VPN_NBRS[6]
AZURE = {4: ["10.64.0.0/23", "172.16.0.0/16"], 6: ["2001:db8:64::/48", "2001:db8:172::/48"]}
GWSUBNET = {4: "10.64.0.0/26", 6: "2001:db8:64::/64"}
ONPREM = {4: "10.1.0.0/16", 6: "2001:db8:1::/48"}
FALLBACK = {4: "10.0.0.0/8", 6: "2001:db8::/32"}
# The peers' side of each session, for a reset from there.
PEER_SIDE = {
    "192.168.100.2": ("msee", 12076, "192.168.100.1"),
    "2001:db8:100::2": ("msee", 12076, "2001:db8:100::1"),
    "169.254.21.2": ("vpngw", 65515, "169.254.21.1"),
    "169.254.22.2": ("vpngw", 65515, "169.254.22.1"),
    "fd00:21::2": ("vpngw", 65515, "fd00:21::1"),
    "fd00:22::2": ("vpngw", 65515, "fd00:22::1"),
}

INTENT = erp.engine_intent((4, 6))
MODE_CMDS = {
    "prefer-vpn": ["router expressroute-policy", "mode prefer-vpn"]
    + ["expressroute-fallback {}".format(FALLBACK[f]) for f in (4, 6)],
    "require-encryption": ["router expressroute-policy"]
    + ["no expressroute-fallback {}".format(FALLBACK[f]) for f in (4, 6)]
    + ["mode require-encryption"],
}

STATS = {"repairs": [], "flaps": 0, "route_changes": 0, "start": time.monotonic()}


def build_topo(tgen):
    "The engine topology."
    tgen.add_router("r1")
    tgen.add_router("msee")
    tgen.add_router("vpngw")
    for switch, peer in (("s1", "msee"), ("s2", "vpngw"), ("s3", "vpngw")):
        tgen.add_switch(switch).add_link(tgen.gears["r1"])
        tgen.gears[switch].add_link(tgen.gears[peer])


def setup_module(mod):
    tgen = Topogen(build_topo, mod.__name__)
    tgen.start_topology()
    if DAEMONDIR:
        # The framework takes its frrdir (pytest.ini) when it configures the hosts.
        tgen.gears["r1"].net.daemondir = DAEMONDIR
    daemons = [
        (d, None)
        for d in (TopoRouter.RD_ZEBRA, TopoRouter.RD_MGMTD, TopoRouter.RD_STATIC, TopoRouter.RD_BGP)
    ]
    for name, router in tgen.routers().items():
        router.load_frr_config(os.path.join(CWD, "drift_soak", name, "frr.conf"), daemons)
    erp.add_erpolicyd(tgen.gears["r1"])
    tgen.start_router()


def teardown_module(mod):
    _write_report()
    get_topogen().stop_topology()


def _gears():
    tgen = get_topogen()
    if tgen.routers_have_failure():
        pytest.skip(tgen.errors)
    return tgen.gears["r1"], tgen.gears["msee"], tgen.gears["vpngw"]


def sanitizer_reports(router):
    "The sanitizer reports of the router's daemons (non-empty <router>.asan.<daemon>.* files)."
    pattern = os.path.join(router.net.logdir, "{}.asan.*".format(router.name))
    return [f for f in sorted(glob.glob(pattern)) if os.path.getsize(f) > 0]


def assert_sound(r1, what):
    "No daemon of r1 died, none wrote a sanitizer report."
    reports = sanitizer_reports(r1)
    if reports:
        with open(reports[0]) as f:
            head = f.read()[:6000]
        pytest.fail("{}: sanitizer report {}:\n{}".format(what, reports[0], head))
    dead = r1.check_router_running()
    assert dead == "", "{}: {}".format(what, dead)


def _sessions_up(r1):
    def _up():
        down = []
        for afi in ("ipv4", "ipv6"):
            out = json.loads(r1.vtysh_cmd("show bgp {} unicast summary json".format(afi)))
            peers = out.get("peers", {})
            down += [p for p in peers if peers[p].get("state") != "Established"]
        return down or None

    erp.wait_for(_up, "BGP sessions not Established", count=120, wait=0.5)


# --- what erpolicyd generated, parsed from bgpd's running configuration ----------------------
def generated(r1):
    """erpolicyd's objects in r1's running configuration: route-maps {name: {(action, seq):
    [lines]}}, prefix-lists {name: [(seq, rest)]}, bindings [(family, neighbor, map, dir)],
    pins [line]."""
    out = r1.vtysh_cmd("show running-config").splitlines()
    rmaps = collections.defaultdict(dict)
    plists = collections.defaultdict(list)
    bindings, pins = [], []
    entry = None
    for line in out:
        m = re.match(r"^route-map (ERPOL-\S+) (permit|deny) (\d+)$", line)
        if m:
            entry = rmaps[m.group(1)].setdefault((m.group(2), int(m.group(3))), [])
            continue
        if line == "exit":
            entry = None
            continue
        if entry is not None and line.startswith(" "):
            entry.append(line.strip())
            continue
        m = re.match(r"^(ip|ipv6) prefix-list (ERPOL-\S+) seq (\d+) (.*)$", line)
        if m:
            plists[m.group(2)].append((int(m.group(3)), m.group(4)))
            continue
        m = re.match(r"^\s+neighbor (\S+) route-map (ERPOL-\S+) (in|out)$", line)
        if m:
            fam = 6 if ":" in m.group(1) else 4
            bindings.append((fam, m.group(1), m.group(2), m.group(3)))
            continue
        if re.match(r"^(ip|ipv6) route .* tag 4242$", line):
            pins.append(line)
    return {"rmaps": rmaps, "plists": plists, "bindings": bindings, "pins": pins}


def _fam_of(name):
    return 6 if name.endswith("-V6") else 4


def _pick(items, n):
    items = sorted(items)
    return items[n % len(items)] if items else None


def _ip(fam):
    return "ipv6" if fam == 6 else "ip"


def _af(fam):
    return "address-family {} unicast".format("ipv6" if fam == 6 else "ipv4")


def _rmap_entries(gen, fam, want=None):
    "(map, action, seq, lines) of the family's route-map entries, those with a `want` line."
    return [
        (name, action, seq, lines)
        for name, entries in gen["rmaps"].items()
        if _fam_of(name) == fam
        for (action, seq), lines in entries.items()
        if want is None or any(l.startswith(want) for l in lines)
    ]


def _other_plist(gen, fam, name):
    return _pick([p for p in gen["plists"] if _fam_of(p) == fam and p != name], 0)


# Each kind: a function (gen, fam, n) -> the config lines of the change, or None when there
# is no such object in that family (then the next kind is taken).
def _plist_deleted(gen, fam, n):
    name = _pick([p for p in gen["plists"] if _fam_of(p) == fam], n)
    return name and ["no {} prefix-list {}".format(_ip(fam), name)]


def _plist_entry_deleted(gen, fam, n):
    name = _pick([p for p in gen["plists"] if _fam_of(p) == fam], n)
    if not name:
        return None
    seq, _ = _pick(gen["plists"][name], n)
    return ["no {} prefix-list {} seq {}".format(_ip(fam), name, seq)]


def _plist_entry_changed(gen, fam, n):
    name = _pick([p for p in gen["plists"] if _fam_of(p) == fam], n)
    if not name:
        return None
    seq, rest = _pick(gen["plists"][name], n)
    action, prefix = rest.split()[:2]
    other = "deny" if action == "permit" else "permit"
    return ["{} prefix-list {} seq {} {} {}".format(_ip(fam), name, seq, other, prefix)]


def _rmap_deleted(gen, fam, n):
    # Bound maps, the ones bgpd holds pointers to: outbound ones first (bgpd 10.7.1 still
    # applies the cached pointer of those), then inbound ones.
    bound = sorted({(b[3] != "out", b[2]) for b in gen["bindings"] if b[0] == fam})
    if not bound:
        return None
    return ["no route-map {}".format(bound[n % len(bound)][1])]


def _rmap_entry_deleted(gen, fam, n):
    e = _pick(_rmap_entries(gen, fam), n)
    return e and ["no route-map {} {} {}".format(e[0], e[1], e[2])]


def _rmap_entry_changed(gen, fam, n):
    e = _pick(_rmap_entries(gen, fam), n)
    if not e:
        return None
    other = "deny" if e[1] == "permit" else "permit"
    return ["route-map {} {} {}".format(e[0], other, e[2])]


def _match_deleted(gen, fam, n):
    e = _pick(_rmap_entries(gen, fam, "match "), n)
    if not e:
        return None
    match = [l for l in e[3] if l.startswith("match ")][0]
    return ["route-map {} {} {}".format(*e[:3]), "no " + match]


def _match_changed(gen, fam, n):
    e = _pick(_rmap_entries(gen, fam, "match "), n)
    if not e:
        return None
    match = [l for l in e[3] if l.startswith("match ")][0]
    m = re.match(r"^(match \S+ address prefix-list) (\S+)$", match)
    if not m or not _other_plist(gen, fam, m.group(2)):
        return None
    return [
        "route-map {} {} {}".format(*e[:3]),
        "{} {}".format(m.group(1), _other_plist(gen, fam, m.group(2))),
    ]


def _set_deleted(gen, fam, n):
    e = _pick(_rmap_entries(gen, fam, "set "), n)
    if not e:
        return None
    st = [l for l in e[3] if l.startswith("set ")][0]
    return ["route-map {} {} {}".format(*e[:3]), "no " + st]


def _set_changed(gen, fam, n):
    e = _pick(_rmap_entries(gen, fam, "set local-preference"), n)
    if not e:
        return None
    return ["route-map {} {} {}".format(*e[:3]), "set local-preference 150"]


def _unbound(gen, fam, n):
    b = _pick([b for b in gen["bindings"] if b[0] == fam], n)
    return b and [
        "router bgp 65501",
        _af(fam),
        "no neighbor {} route-map {} {}".format(b[1], b[2], b[3]),
    ]


def _other_bound(gen, fam, n):
    b = _pick([b for b in gen["bindings"] if b[0] == fam], n)
    if not b:
        return None
    others = sorted({x[2] for x in gen["bindings"] if x[0] == fam and x[2] != b[2]})
    if not others:
        return None
    return [
        "router bgp 65501",
        _af(fam),
        "neighbor {} route-map {} {}".format(b[1], others[n % len(others)], b[3]),
    ]


def _pin_deleted(gen, fam, n):
    pin = _pick([p for p in gen["pins"] if p.startswith(_ip(fam) + " ")], n)
    return pin and ["no " + pin]


DRIFT_KINDS = [
    ("prefix-list deleted", _plist_deleted),
    ("prefix-list entry deleted", _plist_entry_deleted),
    ("prefix-list entry changed", _plist_entry_changed),
    ("route-map deleted", _rmap_deleted),
    ("route-map entry deleted", _rmap_entry_deleted),
    ("route-map entry changed", _rmap_entry_changed),
    ("match deleted", _match_deleted),
    ("match changed", _match_changed),
    ("set deleted", _set_deleted),
    ("set changed", _set_changed),
    ("binding removed", _unbound),
    ("other map bound", _other_bound),
    ("pin route deleted", _pin_deleted),
]


def _route_flow(msee, vpngw, i):
    "The peers advertise a new Azure prefix, or withdraw the one they advertised before."
    fam = 4 if i % 4 < 2 else 6
    k = (i // 4) % 200
    prefix = "172.16.{}.0/24".format(k) if fam == 4 else "2001:db8:172:{:x}::/64".format(k)
    no = "" if i % 2 == 0 else "no "
    for router, asn in ((msee, 12076), (vpngw, 65515)):
        erp.vtysh_config(router, ["router bgp {}".format(asn), _af(fam), "{}network {}".format(no, prefix)])
    STATS["route_changes"] += 1


def _flap(r1, gen, fam, cmds, i):
    """A hard reset of one session, from r1's side or from the peer's: of a neighbor the
    changed map is bound to (a new update group then takes the peer's map pointer), else
    of one of the family's neighbors in turn."""
    text = " ".join(cmds)
    nbrs = sorted({b[1] for b in gen["bindings"] if re.search(r"\b{}\b".format(b[2]), text)})
    nbrs = nbrs or [ER_NBR[fam]] + VPN_NBRS[fam]
    nbr = nbrs[(i // 4) % len(nbrs)]
    if (i // 4) % 2 == 0:
        r1.vtysh_cmd("clear bgp {}".format(nbr))
    else:
        peer, _, addr = PEER_SIDE[nbr]
        get_topogen().gears[peer].vtysh_cmd("clear bgp {}".format(addr))
    STATS["flaps"] += 1
    return nbr


def _repaired(r1, owned, before):
    diff = erp.owned_differs(r1, owned)
    if diff:
        return diff
    st = erp.show_policy(r1)
    if st.get("applyState") != "applied" or st.get("driftRepairs", 0) <= before:
        return {k: st.get(k) for k in ("applyState", "applyReason", "driftRepairs")}
    return None


def _good_verdicts(r1, mode):
    if mode == "prefer-vpn":
        azure = {"expected": "vpn", "actual": "vpn", "status": "ok", "localPreference": 200}
    else:
        azure = {"expected": "vpn", "actual": "vpn", "status": "ok"}
    expected = {("azure-prefix", p): azure for f in (4, 6) for p in AZURE[f]}
    expected.update({("gateway-subnet", GWSUBNET[f]): {"pinned": True, "status": "ok"} for f in (4, 6)})
    return erp.expect_verdicts(r1, expected)


def _write_report():
    if not REPORT:
        return
    reps = STATS["repairs"]
    times = sorted(r["seconds"] for r in reps)
    by = collections.Counter((r["mode"], r["family"], r["kind"]) for r in reps)
    report = {
        "repairs": len(reps),
        "flaps": STATS["flaps"],
        "routeChanges": STATS["route_changes"],
        "seconds": round(time.monotonic() - STATS["start"], 1),
        "repairSeconds": {
            "median": times[len(times) // 2] if times else None,
            "max": times[-1] if times else None,
        },
        "byMode": dict(collections.Counter(r["mode"] for r in reps)),
        "byFamily": dict(collections.Counter("ipv{}".format(r["family"]) for r in reps)),
        "byKind": dict(collections.Counter(r["kind"] for r in reps)),
        "byModeFamilyKind": {"{} ipv{} {}".format(*k): v for k, v in sorted(by.items())},
        "withFlap": sum(1 for r in reps if r["flap"]),
        "failed": STATS.get("failed"),
    }
    with open(REPORT, "w") as f:
        json.dump(report, f, indent=1, sort_keys=True)


def test_sessions_up_and_intent_applied():
    "Six sessions up (IPv4 and IPv6 on each link); the dual-stack intent applied."
    r1, _, _ = _gears()
    _sessions_up(r1)
    out = erp.vtysh_config(r1, INTENT)
    assert "%" not in out, out
    erp.wait_applied(r1)
    assert_sound(r1, "intent applied")


@pytest.mark.parametrize("mode", ["prefer-vpn", "require-encryption"])
def test_drift_soak(mode):
    """Half of ERPOLICYD_SOAK_REPAIRS repairs in this mode, each kind of change in turn,
    IPv4 and IPv6 in turn, every other pair with a session reset during the repair."""
    r1, msee, vpngw = _gears()
    out = erp.vtysh_config(r1, MODE_CMDS[mode])
    assert "%" not in out, out
    _sessions_up(r1)
    erp.wait_applied(r1)
    erp.wait_for(lambda: _good_verdicts(r1, mode), "{}: verdicts before the soak".format(mode), count=120)
    owned = sorted(erp.owned_config(r1))
    gen = generated(r1)
    assert gen["bindings"] and gen["pins"] and gen["plists"] and gen["rmaps"], gen

    count = REPAIRS // 2 if mode == "prefer-vpn" else REPAIRS - REPAIRS // 2
    # Kinds in turn and families in turn: as the number of kinds is odd, every (kind,
    # family) comes in 2 * len(DRIFT_KINDS) repairs. The second mode goes on where the
    # first stopped: a short soak covers every kind.
    offset = 0 if mode == "prefer-vpn" else REPAIRS // 2
    n = 0
    for i in range(count):
        fam = 4 if (offset + i) % 2 == 0 else 6
        k = (offset + i) % len(DRIFT_KINDS)
        for step in range(len(DRIFT_KINDS)):
            kind, make = DRIFT_KINDS[(k + step) % len(DRIFT_KINDS)]
            cmds = make(gen, fam, (offset + i) // len(DRIFT_KINDS))
            if cmds:
                break
        assert cmds, "no object to change in ipv{}".format(fam)

        _route_flow(msee, vpngw, n)
        before = erp.show_policy(r1).get("driftRepairs", 0)
        out = erp.vtysh_config(r1, cmds)
        assert "%" not in out, "{}: {}: {}".format(kind, cmds, out)
        start = time.monotonic()
        flapped = _flap(r1, gen, fam, cmds, i) if (i // 2) % 2 == 1 else None
        what = "{} {} ipv{} ({}){}".format(mode, kind, fam, "; ".join(cmds),
                                           ", reset " + flapped if flapped else "")
        try:
            erp.wait_for(lambda: _repaired(r1, owned, before), "{}: not repaired".format(what),
                         count=int(REPAIR_TIMEOUT / 0.1), wait=0.1)
            assert_sound(r1, what)
        except BaseException:
            STATS["failed"] = what
            raise
        STATS["repairs"].append({
            "mode": mode, "family": fam, "kind": kind, "flap": bool(flapped),
            "seconds": round(time.monotonic() - start, 2),
        })
        n += 1

    # The effect is right again once the sessions are back.
    _sessions_up(r1)
    erp.wait_for(lambda: _good_verdicts(r1, mode), "{}: verdicts after the soak".format(mode), count=120)
    assert_sound(r1, "{}: end".format(mode))


def test_soak_figures():
    "Print the figures (and write them to ERPOLICYD_SOAK_REPORT)."
    r1, _, _ = _gears()
    assert_sound(r1, "the end of the soak")
    reps = STATS["repairs"]
    print("\ndrift soak: {} repairs ({}), {} with a session reset, {} route changes, {:.0f} s".format(
        len(reps),
        ", ".join("{} {}".format(v, k) for k, v in sorted(
            collections.Counter("{} ipv{}".format(r["mode"], r["family"]) for r in reps).items())),
        sum(1 for r in reps if r["flap"]), STATS["route_changes"],
        time.monotonic() - STATS["start"]))
    _write_report()
    assert len(reps) == REPAIRS


if __name__ == "__main__":
    args = ["-s"] + sys.argv[1:]
    sys.exit(pytest.main(args))
