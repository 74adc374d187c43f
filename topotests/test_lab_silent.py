#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
The IPsec lab (topotests/erpolicy_lab.py) with failures nobody announces: packets silently
dropped with nftables on the way (in the MSEE), no interface down, no IKE delete, no BGP
notification. Azure's VPN gateway runs neither BFD nor short BGP timers and its dead peer
detection takes 45 s, so only erpolicyd's tunnel probe notices a dead tunnel in time;
Microsoft runs BFD on ExpressRoute, and so does the lab (r1, r2, msee).

1. the probes and the BFD sessions show in `show expressroute-policy json` and in the YANG
   operational state;
2. one lost probe (a short drop) moves nothing;
3. r1's tunnel silently dead: r1 uses r2's tunnel (iBGP) while its own BGP session to the VPN
   gateway is still up; back when the drop is lifted;
4. both tunnels silently dead (prefer-vpn): both routers use ExpressRoute;
5. the same in require-encryption: no Azure route is left;
6. a flapping tunnel does not flap the routes: they come back only after the hold-down;
7. r1's ExpressRoute link silently dead: its MSEE session goes down through BFD, its tunnel
   (which rides on that link) through the probe, and r1 reaches Azure through r2, encrypted.

Each measurement runs ERPOLICYD_LAB_RUNS times (default 5), beside the same with the tunnels
torn down cleanly; the figures (each run and the median) are printed and written to
lab-silent.json in the run's folder, for bench/RESULTS.md. The measuring runs use
`tunnel-probe hold-down 0`, so that the return is the time to the first reply; test 6 shows
the hold-down at work.
"""

import contextlib
import os
import statistics
import sys
import time

import pytest

CWD = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, os.path.dirname(CWD))

# pylint: disable=C0413,wildcard-import,unused-wildcard-import
from lib.topogen import get_topogen

from erpolicy_lib import DAEMON_MARKS, show_policy, vtysh_config, wait_applied, yang_state
from erpolicy_lab import *  # noqa: F401,F403
import erpolicy_lab as lab
from lab_checks import (
    steady_vpn as _steady_vpn,
    via_own_er as _via_own_er,
    via_own_vpn as _via_own_vpn,
    via_partner as _via_partner,
)

pytestmark = DAEMON_MARKS

RUNS = int(os.environ.get("ERPOLICYD_LAB_RUNS", "5"))
FIGURES = {}
DATA_ADDRS = (H1, H1_6, HUB1, HUB1_6, SPOKE1, SPOKE1_6)


def setup_module(mod):
    lab.start_or_skip(mod.__name__)


def teardown_module(mod):
    tgen = get_topogen()
    try:
        lab.drop_lift(tgen.gears["msee"])
    except Exception:  # pylint: disable=broad-except
        pass
    if FIGURES:
        out = {k: {"runs": v, "median": round(statistics.median(v), 3)} for k, v in FIGURES.items()}
        lab.write_figures("lab-silent.json", out, "silent failure figures")
        print("\nfailover figures (median of {} runs):".format(RUNS))
        for k in sorted(out):
            print("  {}: {:.3f} s  {}".format(k, out[k]["median"], out[k]["runs"]))
    errors = lab.stop()
    assert not errors, errors


def _figure(name, seconds):
    FIGURES.setdefault(name, []).append(round(seconds, 3))
    print("{}: {:.3f} s".format(name, seconds))


def _hold_down(routers, secs):
    reconfigure(routers, ["router expressroute-policy", "tunnel-probe hold-down {}".format(secs)])


@contextlib.contextmanager
def _no_hold_down(routers):
    "tunnel-probe hold-down 0 on routers for the measurements, then 1 again."
    _hold_down(routers, 0)
    try:
        yield
    finally:
        _hold_down(routers, 1)


def _probes_up(router):
    side = ONPREM_SIDE[router.name]
    for nbr in (side["vpn_nbr"], side["vpn_nbr6"]):
        p = lab.probe(router, nbr)
        if p.get("state") != "up":
            return "{}: probe of {}: {}".format(router.name, nbr, p)
    return None


def _steady(g):
    return _steady_vpn(g) or _probes_up(g["r1"]) or _probes_up(g["r2"])


def _fib_via_partner(r):
    return kernel_via(r, HUB, gateway=ONPREM_SIDE[r.name]["ibgp"])


def _fib_via_er(r):
    return kernel_via(r, HUB, gateway=ONPREM_SIDE[r.name]["er_nbr"])


def _fib_via_vpn(r):
    return kernel_via(r, HUB, gateway=ONPREM_SIDE[r.name]["vpn_nbr"], dev="ipsec0")


def _timed(func, what, timeout):
    """Seconds until func() is None, polled every 5 ms: func is a kernel FIB check (no
    vtysh), so the figure is within a few milliseconds."""
    return poll(func, what, timeout, 0.005)


def _moved(start, figure, fib, routes, timeout, routes_timeout):
    """The routes moved: fib = (check, what) in the kernel within timeout s, recorded as
    figure (the seconds since start), then routes = (check, what) in BGP and zebra within
    routes_timeout s."""
    _timed(*fib, timeout)
    _figure(figure, time.monotonic() - start)
    poll(*routes, routes_timeout, 0.05)


def _silent_runs(g, drop, dead, back, then=None, steady=60):
    """One silent failure, RUNS times, each from a steady lab (within steady s): drop() drops
    packets at the MSEE; the routes move as _moved() checks dead = (figure, fib, routes),
    10 s each; then(start) checks the rest (start: when the drop began). drop and dead are
    None where then() drops and checks itself. Last the drop is lifted and the routes move
    back: _moved() with back = (figure, fib, routes, timeout), 30 s for the routes."""
    for _ in range(RUNS):
        poll(lambda: _steady(g), "lab not steady", steady, 0.25)
        try:
            start = time.monotonic()
            if drop:
                drop()
            if dead:
                _moved(start, *dead, 10, 10)
            if then:
                then(start)
        finally:
            start = time.monotonic()
            lab.drop_lift(g["msee"])
        figure, fib, routes, timeout = back
        _moved(start, figure, fib, routes, timeout, 30)


def _both_back(r1, r2, mode):
    "The way back of _silent_runs() when both tunnels were dead: both on their own tunnels."
    return ("silent: both tunnels back ({}): both on their tunnels in the FIB".format(mode),
            (lambda: _fib_via_vpn(r1) or _fib_via_vpn(r2), "not back on the tunnels"),
            (lambda: _via_own_vpn(r1) or _via_own_vpn(r2), "not back in BGP and zebra"), 60)


def _no_azure_route(routers):
    for r in routers:
        for p in AZURE_PREFIXES:
            err = no_route(r, p)
            if err:
                return err
    return None


# --- tests ------------------------------------------------------------------------------------


def test_probe_and_bfd_state():
    "The probes and the BFD sessions in show json and in the YANG operational state."
    g = gears()
    poll(lambda: _steady(g), "lab not steady", 90, 0.25)
    for name in ONPREM_ROUTERS:
        r, side = g[name], ONPREM_SIDE[name]
        st = show_policy(r)
        assert st["tunnelProbe"] == {"enabled": True, "interval": 200, "multiplier": 3, "holdDown": 1}, st
        for nbr in (side["vpn_nbr"], side["vpn_nbr6"]):
            p = lab.probe(r, nbr)
            assert p["target"] == nbr and p["state"] == "up" and p["rtt"] > 0, p
        for nbr in (side["er_nbr"], side["er_nbr6"]):
            poll(lambda r=r, nbr=nbr: None if lab.bfd_state(r, nbr) == "Up" else lab.bfd_state(r, nbr),
                 "{}: BFD with {}".format(name, nbr), 15, 0.2)
        assert not [w for w in st.get("warning", []) if "BFD" in w], st.get("warning")
        inst = yang_state(r)["default"]
        nbrs = {n["address"]: n for n in inst["neighbor"]}
        assert nbrs[side["vpn_nbr"]]["probe"]["state"] == "up", nbrs[side["vpn_nbr"]]
        assert nbrs[side["er_nbr"]]["bfd-state"] == "Up", nbrs[side["er_nbr"]]
    # An ExpressRoute neighbor without BFD is a warning.
    r1 = g["r1"]
    reconfigure([r1], ["router bgp 65501", "no neighbor 2001:db8:100::2 bfd"])
    try:
        poll(lambda: None if lab.bfd_state(r1, "2001:db8:100::2") == "none" else "still BFD",
             "r1: BFD off", 15, 0.2)
        warn = [w for w in show_policy(r1).get("warning", []) if "BFD" in w]
        assert warn == ["expressroute-neighbor 2001:db8:100::2 has no BFD: a silent loss of its link "
                        "is found by the BGP hold timer only"], warn
    finally:
        reconfigure([r1], ["router bgp 65501", "neighbor 2001:db8:100::2 bfd profile expressroute"])
    poll(lambda: None if lab.bfd_state(r1, "2001:db8:100::2") == "Up" else "BFD not up",
         "r1: BFD back", 15, 0.2)


def test_one_lost_probe_moves_nothing():
    "A drop shorter than one probe interval: no transition, the routes stay on the VPN."
    g = gears()
    r1, msee = g["r1"], g["msee"]
    poll(lambda: _steady(g), "lab not steady", 60, 0.25)
    downs = lab.probe(r1, "169.254.21.2")["transitions"]
    for _ in range(RUNS):
        # The scenario's timing, not waits for a condition: a drop of 0.15 s, then 1.5 s in
        # which the routes must not move.
        lab.drop_tunnels(msee, ["r1"])
        time.sleep(0.15)
        lab.drop_lift(msee)
        end = time.monotonic() + 1.5
        while time.monotonic() < end:
            assert _via_own_vpn(r1) is None, "r1 left its tunnel after one lost probe"
            time.sleep(0.05)
    p = lab.probe(r1, "169.254.21.2")
    assert p["transitions"] == downs and p["state"] == "up", p


def test_silent_tunnel_loss():
    "r1's tunnel silently dead: r1 via r2's tunnel before BGP or DPD notice; back when lifted."
    g = gears()
    r1, r2, msee, h1 = g["r1"], g["r2"], g["msee"], g["h1"]

    def _probe_did_it(_start):
        # The probe did it: the BGP session over the dead tunnel is still up.
        assert peer_state(r1, "169.254.21.2") == "Established"
        assert lab.probe(r1, "169.254.21.2")["state"] == "down"
        assert _via_own_vpn(r2) is None
        poll(lambda: ping_ok(h1, HUB1), "h1 cannot reach hub1 over r2's tunnel", 10, 0.1)

    with _no_hold_down([r1, r2]):
        _silent_runs(
            g, lambda: lab.drop_tunnels(msee, ["r1"]),
            ("silent: one tunnel dead: r1 via r2's tunnel in the FIB",
             (lambda: _fib_via_partner(r1), "r1 did not move to r2's tunnel"),
             (lambda: _via_partner(r1), "r1 not via r2's tunnel in BGP and zebra")),
            ("silent: one tunnel back: r1 on its own tunnel in the FIB",
             (lambda: _fib_via_vpn(r1), "r1 not back on its own tunnel"),
             (lambda: _via_own_vpn(r1), "r1 not back on its own tunnel in BGP and zebra"), 60),
            then=_probe_did_it)


def test_silent_both_tunnels_prefer_vpn():
    "Both tunnels silently dead (prefer-vpn): ExpressRoute on both routers; back when lifted."
    g = gears()
    r1, r2, msee = g["r1"], g["r2"], g["msee"]
    with _no_hold_down([r1, r2]):
        _silent_runs(
            g, lambda: lab.drop_tunnels(msee, ["r1", "r2"]),
            ("silent: both tunnels dead (prefer-vpn): both via ExpressRoute in the FIB",
             (lambda: _fib_via_er(r1) or _fib_via_er(r2), "did not fall back to ExpressRoute"),
             (lambda: _via_own_er(r1) or _via_own_er(r2), "not via ExpressRoute in BGP and zebra")),
            _both_back(r1, r2, "prefer-vpn"))


def test_silent_both_tunnels_require_encryption():
    "Both tunnels silently dead (require-encryption): no Azure route left, nothing in clear."
    g = gears()
    r1, r2, msee, h1 = g["r1"], g["r2"], g["msee"], g["h1"]
    strict = ["router expressroute-policy", "no expressroute-fallback {}".format(FALLBACK),
              "no expressroute-fallback {}".format(FALLBACK6), "mode require-encryption",
              "tunnel-probe hold-down 0"]
    reconfigure([r1, r2], strict)
    try:
        for r in (r1, r2):
            wait_applied(r)

        def _down():
            start = time.monotonic()
            lab.drop_tunnels(msee, ["r1", "r2"])
            _timed(lambda: kernel_via(r1, HUB) or kernel_via(r2, HUB), "Azure prefixes still routed",
                   10)
            took = time.monotonic() - start
            poll(lambda: _no_azure_route((r1, r2)), "Azure prefixes still in the FIB", 10, 0.05)
            return took, ping(h1, HUB1, count=3, interval=0.1)

        def _dead_in_capture(_start):
            caps, (took, replies) = capture([(r1, "r1-eth0"), (r2, "r2-eth0")], _down)
            _figure("silent: both tunnels dead (require-encryption): no Azure route in the FIB", took)
            assert replies == 0, "traffic got through with the tunnels dead"
            for key, lines in caps.items():
                clear = plaintext(lines, DATA_ADDRS)
                assert clear == [], "in clear on {}:\n{}".format(key, "\n".join(clear))

        _silent_runs(g, None, None, _both_back(r1, r2, "require-encryption"), then=_dead_in_capture)
    finally:
        reconfigure([r1, r2], ["router expressroute-policy", "mode prefer-vpn",
                               "expressroute-fallback {}".format(FALLBACK),
                               "expressroute-fallback {}".format(FALLBACK6),
                               "tunnel-probe hold-down 1"])
        for r in (r1, r2):
            wait_applied(r)


def test_flapping_tunnel_held_down():
    "A tunnel that flaps: its routes stay out until replies have come for the hold-down."
    g = gears()
    r1, msee = g["r1"], g["msee"]
    _hold_down([r1], 1)
    try:
        poll(lambda: _steady(g), "lab not steady", 60, 0.25)
        lab.drop_tunnels(msee, ["r1"])
        poll(lambda: _via_partner(r1), "r1 did not move to r2's tunnel", 10, 0.01)
        # Flaps: replies for a moment, then lost again; the routes must not come back. The
        # sleeps are the flaps' timing (deliberate), not waits for a condition.
        for _ in range(3):
            lab.drop_lift(msee)
            time.sleep(1.0)
            lab.drop_tunnels(msee, ["r1"])
            time.sleep(1.0)
            assert _via_partner(r1) is None, "r1 came back on a flapping tunnel"
        assert lab.probe(r1, "169.254.21.2")["state"] in ("down", "hold-down")
        start = time.monotonic()
        lab.drop_lift(msee)
        poll(lambda: None if lab.probe(r1, "169.254.21.2")["state"] == "hold-down" else "not held",
             "r1's probe not in hold-down", 5, 0.05)
        assert _via_partner(r1) is None, "r1 back before the hold-down"
        poll(lambda: _via_own_vpn(r1), "r1 not back on its own tunnel", 90, 0.05)
        took = time.monotonic() - start
        # The flaps doubled the hold-down (1 s) at least twice.
        assert took >= 3.5, "back after {:.1f} s: the hold-down did not grow".format(took)
        print("flapping tunnel: back {:.1f} s after the flaps ended".format(took))
    finally:
        lab.drop_lift(msee)
        _hold_down([r1], 1)


def test_silent_expressroute_link_loss():
    "r1's ExpressRoute link silently dead: BFD and the probe; r1 via r2, encrypted; back."
    g = gears()
    r1, r2, msee, h1 = g["r1"], g["r2"], g["msee"], g["h1"]

    def _bfd_and_return_path(start):
        poll(lambda: None if peer_state(r1, "192.168.100.2") != "Established" else "up",
             "r1's MSEE session still up", 5, 0.05)
        assert lab.bfd_state(r1, "192.168.100.2") in ("Down", "Unknown", None) or \
            peer_state(r1, "192.168.100.2") != "Established"
        # The way back is Azure's: the gateway instance behind r1's dead tunnel keeps
        # r1's prefixes until its own BGP hold timer runs out (the lab's 3 s).
        poll(lambda: ping_ok(h1, HUB1), "h1 cannot reach hub1 through r2", 15, 0.1)
        _figure("silent: r1's ExpressRoute link dead: h1 <-> hub1 again (Azure's return path)",
                time.monotonic() - start)
        caps, replies = capture([(r2, "r2-eth0")], lambda: ping(h1, HUB1, count=5, interval=0.1))
        assert replies == 5, "h1 cannot reach hub1 through r2"
        clear = plaintext(caps["r2:r2-eth0"], DATA_ADDRS)
        assert clear == [], "in clear on r2-eth0:\n" + "\n".join(clear)

    with _no_hold_down([r1, r2]):
        _silent_runs(
            g, lambda: lab.drop_er_link(msee, "r1"),
            ("silent: r1's ExpressRoute link dead: r1 via r2's tunnel in the FIB",
             (lambda: _fib_via_partner(r1), "r1 did not move to r2"),
             (lambda: _via_partner(r1), "r1 not via r2 in BGP and zebra")),
            ("silent: r1's ExpressRoute link back: r1 on its own tunnel in the FIB",
             (lambda: _fib_via_vpn(r1), "r1 not back on its own tunnel"),
             (lambda: _via_own_vpn(r1), "r1 not back in BGP and zebra"), 90),
            then=_bfd_and_return_path, steady=90)


def test_clean_teardown_beside():
    "The same measurements with the tunnel torn down cleanly (IKE delete), for comparison."
    g = gears()
    r1, r2 = g["r1"], g["r2"]
    with _no_hold_down([r1, r2]):
        for _ in range(RUNS):
            poll(lambda: _steady(g), "lab not steady", 60, 0.25)
            start = time.monotonic()
            lab.tunnel_terminate("r1")
            _timed(lambda: _fib_via_partner(r1), "r1 did not move to r2's tunnel", 30)
            _figure("clean: one tunnel down: r1 via r2's tunnel in the FIB", time.monotonic() - start)
            lab.tunnel_initiate("r1")
            poll(lambda: _via_own_vpn(r1), "r1 not back", 60, 0.05)
            poll(lambda: _steady(g), "lab not steady", 60, 0.25)
            start = time.monotonic()
            lab.tunnel_terminate("r1")
            lab.tunnel_terminate("r2")
            _timed(lambda: _fib_via_er(r1) or _fib_via_er(r2), "did not fall back", 30)
            _figure("clean: both tunnels down (prefer-vpn): both via ExpressRoute in the FIB",
                    time.monotonic() - start)
            lab.tunnel_initiate("r1")
            lab.tunnel_initiate("r2")
            poll(lambda: _via_own_vpn(r1) or _via_own_vpn(r2), "not back", 60, 0.05)


if __name__ == "__main__":
    args = ["-s"] + sys.argv[1:]
    sys.exit(pytest.main(args))
