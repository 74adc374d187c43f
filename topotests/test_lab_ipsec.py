#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
The IPsec lab (topotests/erpolicy_lab.py): the seed guide's two on-prem routers, each with an
ExpressRoute link and a real route-based IPsec tunnel over it to one instance of the
active-active Azure VPN gateway, steered by erpolicyd on both routers, IPv4 and IPv6.

1. tunnels up, BGP over them, the policy applied: Azure prefixes best via the VPN at
   local-preference 200 on both routers, the GatewaySubnets pinned via the ExpressRoute next
   hop, erpolicyd's verdicts ok;
2. hub/spoke <-> on-prem traffic goes through the tunnels: on the ExpressRoute links only
   ESP-in-UDP/4500 (and BGP, IKE, ARP/ND), checked with captures;
3. the pin matters: without it IKE/ESP to the gateway recurse into ipsec0 and the tunnel
   collapses; with it back the tunnel recovers;
4. failover: r1's tunnel down -> r1 reaches Azure through r2's tunnel (iBGP, still
   encrypted); both down -> ExpressRoute at 100 (prefer-vpn), Azure returns over the
   fallback; failback when the tunnels are back;
5. require-encryption: both tunnels down -> no route for the Azure prefixes (fail closed),
   nothing in clear on either ExpressRoute link at any moment; back when the tunnels are.

Tunnel failure detection: the tunnel interface follows the IPsec SA (charon's updown sets
ipsec0 down), so bgpd drops the session at once instead of waiting for its hold time.
The failover figures are printed and written to lab-failover.json in the run's folder.
"""

import os
import re
import sys
import time

import pytest

CWD = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, os.path.dirname(CWD))

# pylint: disable=C0413,wildcard-import,unused-wildcard-import
from lib.topolog import logger

from erpolicy_lib import show_policy, vtysh_config, wait_applied
from erpolicy_lab import *  # noqa: F401,F403
import erpolicy_lab as lab

pytestmark = [pytest.mark.erpolicyd, pytest.mark.bgpd, pytest.mark.staticd, pytest.mark.mgmtd]

# Failover figures, written for the benchmark report.
FIGURES = {}

# The inner (data) addresses: never in clear on ExpressRoute while they use the tunnels.
DATA_ADDRS = (H1, H1_6, HUB1, HUB1_6, SPOKE1, SPOKE1_6)


def setup_module(mod):
    lab.start_or_skip(mod.__name__)


def teardown_module(mod):
    if FIGURES:
        lab.write_figures("lab-failover.json", FIGURES, "failover figures")
    errors = lab.stop()
    assert not errors, errors


def _figure(name, seconds):
    FIGURES[name] = round(seconds, 3)
    print("{}: {:.2f} s".format(name, seconds))


def _tunnels_back(r1, r2, figure):
    "Both tunnels initiated again; the time until both routers are back on them is the figure."
    start = time.monotonic()
    lab.tunnel_initiate("r1")
    lab.tunnel_initiate("r2")
    poll(lambda: _via_own_vpn(r1) or _via_own_vpn(r2), "not back on the tunnels", 60, 0.02)
    _figure(figure, time.monotonic() - start)


# The checks, shared with the containerised lab (tests/containers).
from lab_checks import (  # noqa: E402
    all_of as _all,
    pins as _pins,
    sessions as _sessions,
    steady_vpn as _steady_vpn,
    verdicts as _verdicts,
    via_own_er as _via_own_er,
    via_own_vpn as _via_own_vpn,
    via_partner as _via_partner,
)


def _ping_all(h, dsts, count=1):
    return {d: ping(h, d, count=count, interval=0.1) for d in dsts}


# --- tests ------------------------------------------------------------------------------------


def test_frr_version():
    """Every router of the lab runs the FRR the project's packages install: 10.7.1 from
    /usr/lib/frr, and erpolicyd from the erpolicyd package next to it."""
    for name, router in gears().items():
        if not hasattr(router, "vtysh_cmd"):
            continue
        out = router.vtysh_cmd("show version")
        assert "FRRouting 10.7.1" in out, "{}: show version: {}".format(name, out[:300])
    for name in ONPREM_SIDE:
        out = gears()[name].run("ps -o args= -C erpolicyd")
        assert "/erpolicyd" in out, "{}: erpolicyd not running: {!r}".format(name, out)


def _er_path_at_100(router, prefix, er):
    "None if bgpd holds prefix from the ExpressRoute neighbor er at local-preference 100."
    _, paths = best(router, prefix)
    er_paths = [p for p in paths if p.get("peer", {}).get("peerId") == er]
    if er_paths and er_paths[0].get("locPrf") == 100:
        return None
    return "paths: {}".format([(p.get("peer", {}).get("peerId"), p.get("locPrf")) for p in paths])


def _no_er_path(router, prefix):
    "None if bgpd holds no path for prefix from router's ExpressRoute neighbors."
    side = ONPREM_SIDE[router.name]
    _, paths = best(router, prefix)
    er = [p for p in paths if p.get("peer", {}).get("peerId") in (side["er_nbr"], side["er_nbr6"])]
    return "paths from ExpressRoute: {}".format(er) if er else None


def test_tunnels_bgp_policy():
    "Tunnels up, BGP over them, erpolicyd's policy applied on both routers (IPv4 and IPv6)."
    g = gears()
    t = poll(lambda: lab.tunnel_up("r1") or lab.tunnel_up("r2"), "tunnels not up", 60, 0.25)
    sas = TUNNEL["r1"].list_sas()
    logger.info("tunnels up %.1f s into the test; r1 swanctl --list-sas:\n%s", t, sas)
    assert "TUNNEL-in-UDP" in sas, sas  # ESP in UDP (encap = yes)
    assert "10.64.0.4[4500]" in sas, sas
    for r in ONPREM_ROUTERS:
        # Routing toward ipsec0 is zebra's only: charon's table 220 is not consulted.
        assert TUNNEL[r].hooked() == [], TUNNEL[r].hooked()
        poll(lambda r=r: _sessions(g[r]), "{}: BGP sessions".format(r), 60, 0.25)
        st = wait_applied(g[r])
        assert "warning" not in st, st

    for r in ONPREM_ROUTERS:
        router, side = g[r], ONPREM_SIDE[r]
        poll(lambda router=router: _via_own_vpn(router), "{}: Azure via VPN".format(r), 30, 0.25)
        # The ExpressRoute paths stay, at 100 (bgpd accepts them once erpolicyd has bound
        # ER-IN and refreshed the session: RFC 8212 denies them before, so they may come
        # a moment after the VPN's).
        for prefix in AZURE_PREFIXES:
            er = side["er_nbr6"] if ":" in prefix else side["er_nbr"]
            poll(lambda router=router, prefix=prefix, er=er: _er_path_at_100(router, prefix, er),
                 "{}: {} from ExpressRoute at 100".format(r, prefix), 30, 0.1)
        poll(lambda router=router: _pins(router), "{}: GatewaySubnets not pinned".format(r), 30, 0.25)
        route = kernel_route_get(router, side["gw_endpoint"])
        assert "via {} dev {}".format(side["er_nbr"], side["er_if"]) in route, route
        for dst in (HUB1, SPOKE1, HUB1_6, SPOKE1_6):
            route = kernel_route_get(router, dst)
            assert "dev ipsec0" in route, route
        # erpolicyd's own verifier agrees.
        poll(
            lambda router=router: _verdicts(router, "vpn", onprem=("vpn", "vpn", "ok")),
            "{}: erpolicyd's verdicts".format(r),
            15,
            0.25,
        )
    # Azure returns on-prem traffic over the VPN: the /24 from the VPN gateway beats the
    # fallback /16 from ExpressRoute.
    poll(lambda: fib_via(g["azure"], ONPREM, "bgp", "10.64.0.4"), "azure's return path", 30, 0.25)
    poll(lambda: best_via(g["azure"], FALLBACK, "10.64.0.6", 200), "azure's path to the fallback",
         30, 0.1)


def test_traffic_encrypted_on_expressroute():
    "Hub/spoke <-> on-prem, IPv4 and IPv6, both ways: on ExpressRoute only ESP-in-UDP."
    g = gears()
    r1, h1, hub1 = g["r1"], g["h1"], g["hub1"]
    for dst in (HUB1, SPOKE1, HUB1_6, SPOKE1_6):
        poll(lambda dst=dst: ping_ok(h1, dst), "h1 cannot reach " + dst, 30, 0.25)
    poll(lambda: ping_ok(hub1, H1), "hub1 cannot reach h1", 30, 0.25)

    count = 10

    def _traffic():
        got = _ping_all(h1, (HUB1, SPOKE1, HUB1_6, SPOKE1_6), count)
        got["hub1->h1"] = ping(hub1, H1, count=count, interval=0.1)
        got["hub1->h1 v6"] = ping(hub1, H1_6, count=count, interval=0.1)
        return got

    caps, replies = capture([(r1, "r1-eth0"), (g["r2"], "r2-eth0"), (r1, "ipsec0")], _traffic)
    link1, link2, inner = caps["r1:r1-eth0"], caps["r2:r2-eth0"], caps["r1:ipsec0"]
    logger.info("capture on r1-eth0 (%d packets):\n%s", len(link1), "\n".join(link1))
    logger.info("capture on r2-eth0 (%d packets):\n%s", len(link2), "\n".join(link2))
    logger.info("capture on r1's ipsec0 (%d packets):\n%s", len(inner), "\n".join(inner))
    assert all(v == count for v in replies.values()), replies

    # The traffic did go into r1's tunnel: in clear on ipsec0 (before encryption).
    for src, dst in ((H1, HUB1), (H1, SPOKE1), (H1_6, HUB1_6), (H1_6, SPOKE1_6), (HUB1, H1)):
        requests = [l for l in inner if "{} > {}: ICMP".format(src, dst) in l]
        assert len(requests) >= count, "{} -> {} not on ipsec0:\n{}".format(src, dst, "\n".join(inner))
    for name, lines in (("r1-eth0", link1), ("r2-eth0", link2)):
        clear = plaintext(lines, DATA_ADDRS)
        assert clear == [], "inner addresses in clear on {}:\n{}".format(name, "\n".join(clear))
        other = unexpected(lines, [("10.10.10.1", "10.64.0.4"), ("10.20.10.1", "10.64.0.5")])
        assert other == [], "unexpected packets on {}:\n{}".format(name, "\n".join(other))
    # Each echo request and reply is one ESP packet (BGP keepalives over the tunnel add some).
    assert esp_count(link1, "10.10.10.1", "10.64.0.4") >= 5 * count, "\n".join(link1)
    assert esp_count(link1, "10.64.0.4", "10.10.10.1") >= 5 * count, "\n".join(link1)


def test_pin_matters():
    "With the pin the tunnel stays up; without it IKE/ESP recurse into ipsec0 and it collapses."
    g = gears()
    r1, h1 = g["r1"], g["h1"]
    vpn = ONPREM_SIDE["r1"]["vpn_nbr"]
    poll(lambda: _steady_vpn(g), "lab not steady", 60, 0.25)

    # With the pin: a window of traffic longer than the BGP hold time, with no session reset
    # and no new IKE SA.
    est = established_count(r1, vpn)
    ike_before = TUNNEL["r1"].ike_id()
    replies = ping(h1, HUB1, count=20, interval=0.2)  # 4 s: more than the 3 s hold time
    assert replies == 20, "{} of 20 pings answered with the pin".format(replies)
    assert peer_state(r1, vpn) == "Established"
    assert established_count(r1, vpn) == est, "BGP over the tunnel flapped with the pin"
    assert TUNNEL["r1"].ike_id() == ike_before, TUNNEL["r1"].list_sas()

    # Without the pin: 10.64.0.4 is covered by the hub 10.64.0.0/23, best via the VPN. (r2
    # would carry r1's traffic once r1's tunnel is gone: keep h1's traffic on r1 by asking
    # r1 itself, and look at r1's own tunnel.)
    # The tunnel probe would move r1 off its collapsing tunnel (to r2), which takes the hub
    # route, and the recursion, away: without it here, the collapse shows what the pin is for.
    reconfigure([r1], ["router expressroute-policy", "no tunnel-probe",
                       "no gateway-subnet {}".format(GWSUBNET)])
    try:
        start = time.monotonic()
        poll(
            lambda: None
            if "dev ipsec0" in kernel_route_get(r1, "10.64.0.4")
            else kernel_route_get(r1, "10.64.0.4"),
            "10.64.0.4 still routed outside the tunnel without the pin",
            30,
            0.05,
        )
        unpinned = time.monotonic() - start
        # The tunnel collapses: IKE/ESP to the gateway's endpoint go into ipsec0 themselves.
        caps, _ = capture([(r1, "ipsec0")], lambda: ping(r1, HUB1, count=1))
        recursed = [
            l for l in caps["r1:ipsec0"] if "10.10.10.1.4500 > 10.64.0.4.4500: UDP-encap: ESP" in l
        ]
        assert recursed, "no ESP into ipsec0:\n" + "\n".join(caps["r1:ipsec0"])
        poll(
            lambda: None
            if peer_state(r1, vpn) != "Established" or established_count(r1, vpn) > est
            else "still Established",
            "BGP over the tunnel did not go down without the pin",
            30,
            0.1,
        )
        bgpdown = time.monotonic() - start
        print(
            "\npin removed: IKE/ESP to 10.64.0.4 routed into ipsec0 after {:.2f} s, BGP over "
            "the tunnel down at {:.2f} s".format(unpinned, bgpdown)
        )
    finally:
        reconfigure([r1], ["router expressroute-policy", "tunnel-probe", "gateway-subnet {}".format(GWSUBNET)])

    start = time.monotonic()
    poll(lambda: _pins(r1), "pin not restored", 30, 0.05)
    poll(lambda: lab.tunnel_up("r1"), "tunnel did not recover", 60, 0.1)
    poll(lambda: _sessions(r1), "BGP over the tunnel did not recover", 60, 0.1)
    poll(lambda: _via_own_vpn(r1), "hub not back via the VPN", 30, 0.1)
    poll(lambda: ping_ok(h1, HUB1), "h1 cannot reach hub1 after the pin is back", 30, 0.1)
    print("pin restored: tunnel, BGP and traffic back after {:.2f} s".format(time.monotonic() - start))
    # And it stays up.
    est = established_count(r1, vpn)
    assert ping(h1, HUB1, count=20, interval=0.2) == 20
    assert established_count(r1, vpn) == est
    poll(lambda: _verdicts(r1, "vpn"), "erpolicyd's verdicts", 15, 0.25)


def test_failover_one_tunnel():
    "r1's tunnel down: r1 reaches Azure through r2's tunnel (iBGP), still encrypted; failback."
    g = gears()
    r1, r2, h1 = g["r1"], g["r2"], g["h1"]
    poll(lambda: _steady_vpn(g), "lab not steady", 60, 0.25)

    start = time.monotonic()
    lab.tunnel_terminate("r1")
    poll(lambda: _via_partner(r1), "r1 did not move to r2's tunnel", 30, 0.02)
    _figure("one tunnel down: r1 via r2's tunnel (iBGP) in zebra", time.monotonic() - start)
    assert _via_own_vpn(r2) is None
    poll(lambda: ping_ok(h1, HUB1), "h1 cannot reach hub1 over r2's tunnel", 30, 0.1)
    # Still encrypted: on both ExpressRoute links nothing in clear; r2's tunnel carries it.
    caps, replies = capture(
        [(r1, "r1-eth0"), (r2, "r2-eth0")],
        lambda: _ping_all(h1, (HUB1, SPOKE1, HUB1_6, SPOKE1_6), 5),
    )
    assert all(v == 5 for v in replies.values()), replies
    for key, lines in caps.items():
        clear = plaintext(lines, DATA_ADDRS)
        assert clear == [], "in clear on {}:\n{}".format(key, "\n".join(clear))
    assert esp_count(caps["r2:r2-eth0"], "10.20.10.1", "10.64.0.5") >= 20, caps["r2:r2-eth0"]
    # erpolicyd on r1: still the VPN (through r2), as expected.
    poll(lambda: _verdicts(r1, "vpn"), "r1's verdicts with its tunnel down", 15, 0.1)
    st = show_policy(r1)
    hub = [p for p in st["prefix"] if p["prefix"] == HUB][0]
    assert hub["bestPathNeighbor"] == ONPREM_SIDE["r1"]["ibgp"] and hub["localPreference"] == 200, hub

    start = time.monotonic()
    lab.tunnel_initiate("r1")
    poll(lambda: _via_own_vpn(r1), "r1 not back on its own tunnel", 60, 0.02)
    _figure("one tunnel up again: r1 back on its own tunnel in zebra", time.monotonic() - start)
    poll(lambda: _steady_vpn(g), "lab not steady after failback", 60, 0.25)
    poll(lambda: _verdicts(r1, "vpn"), "r1's verdicts after failback", 15, 0.1)


def test_failover_both_tunnels():
    "Both tunnels down (prefer-vpn): ExpressRoute at 100, Azure returns over the fallback."
    g = gears()
    r1, r2, h1, azure = g["r1"], g["r2"], g["h1"], g["azure"]
    poll(lambda: _steady_vpn(g), "lab not steady", 60, 0.25)

    start = time.monotonic()
    lab.tunnel_terminate("r1")
    lab.tunnel_terminate("r2")
    poll(lambda: _via_own_er(r1) or _via_own_er(r2), "did not fail over to ExpressRoute", 30, 0.02)
    _figure("both tunnels down (prefer-vpn): Azure prefixes via ExpressRoute in zebra",
            time.monotonic() - start)
    poll(lambda: _pins(r1) or _pins(r2), "pins lost", 15, 0.1)
    # Azure now returns over the fallback advertised over ExpressRoute.
    poll(lambda: fib_via(azure, FALLBACK, "bgp", "10.64.0.6"), "azure's fallback", 30, 0.1)
    assert no_route(azure, ONPREM) is None
    poll(lambda: ping_ok(h1, HUB1), "h1 cannot reach hub1 over ExpressRoute", 30, 0.1)
    for r in (r1, r2):
        poll(
            lambda r=r: _verdicts(r, "expressroute", onprem=("expressroute", "expressroute", "ok")),
            "{}: verdicts during the failover".format(r.name),
            15,
            0.1,
        )

    _tunnels_back(r1, r2, "both tunnels up again: Azure prefixes via the VPN in zebra")
    poll(lambda: _steady_vpn(g), "lab not steady after failback", 60, 0.25)
    poll(lambda: fib_via(azure, ONPREM, "bgp", "10.64.0.4"), "azure not back on the VPN", 30, 0.1)
    for r in (r1, r2):
        poll(lambda r=r: _verdicts(r, "vpn"), "{}: verdicts after failback".format(r.name), 15, 0.1)


def test_require_encryption_fails_closed():
    "require-encryption: both tunnels down -> no route, nothing in clear on ExpressRoute."
    g = gears()
    r1, r2, h1, hub1 = g["r1"], g["r2"], g["h1"], g["hub1"]
    poll(lambda: _steady_vpn(g), "lab not steady", 60, 0.25)
    strict = [
        "router expressroute-policy",
        "no expressroute-fallback {}".format(FALLBACK),
        "no expressroute-fallback {}".format(FALLBACK6),
        "mode require-encryption",
    ]
    reconfigure([r1, r2], strict)
    try:
        for r in (r1, r2):
            wait_applied(r)
            poll(lambda r=r: _via_own_vpn(r), "{}: not via the VPN".format(r.name), 30, 0.1)
            # Nothing but the GatewaySubnet comes from ExpressRoute now (once the inbound
            # refresh erpolicyd asked for has ended: until then the old paths are still
            # there, marked stale).
            for prefix in AZURE_PREFIXES:
                poll(lambda r=r, prefix=prefix: _no_er_path(r, prefix),
                     "{}: {} still accepted from ExpressRoute".format(r.name, prefix), 30, 0.1)
        poll(lambda: ping_ok(h1, HUB1), "h1 cannot reach hub1", 30, 0.1)

        def _down_and_probe():
            start = time.monotonic()
            lab.tunnel_terminate("r1")
            lab.tunnel_terminate("r2")
            poll(
                lambda: _all(*[lambda r=r, p=p: no_route(r, p) for r in (r1, r2) for p in AZURE_PREFIXES]),
                "Azure prefixes still routed with the tunnels down",
                30,
                0.02,
            )
            took = time.monotonic() - start
            # Try hard to get data across while the tunnels are down, both ways.
            tries = _ping_all(h1, (HUB1, SPOKE1, HUB1_6, SPOKE1_6), 5)
            tries["hub1->h1"] = ping(hub1, H1, count=5, interval=0.1)
            tries["hub1->h1 v6"] = ping(hub1, H1_6, count=5, interval=0.1)
            return took, tries

        caps, (took, tries) = capture([(r1, "r1-eth0"), (r2, "r2-eth0")], _down_and_probe)
        _figure("both tunnels down (require-encryption): Azure prefixes removed from zebra", took)
        assert all(v == 0 for v in tries.values()), "traffic got through with the tunnels down: {}".format(tries)
        for key, lines in caps.items():
            clear = plaintext(lines, DATA_ADDRS)
            assert clear == [], "in clear on {}:\n{}".format(key, "\n".join(clear))
        for r in (r1, r2):
            poll(
                lambda r=r: _verdicts(r, "none", status="no-route"),
                "{}: verdicts with the tunnels down".format(r.name),
                15,
                0.1,
            )

        _tunnels_back(r1, r2, "require-encryption: tunnels up again, Azure prefixes via the VPN")
        poll(lambda: ping_ok(h1, HUB1), "h1 cannot reach hub1 after the tunnels are back", 30, 0.1)
    finally:
        reconfigure(
            [r1, r2],
            [
                "router expressroute-policy",
                "mode prefer-vpn",
                "expressroute-fallback {}".format(FALLBACK),
                "expressroute-fallback {}".format(FALLBACK6),
            ],
        )
    for r in (r1, r2):
        wait_applied(r)
    poll(lambda: _steady_vpn(g), "lab not steady after require-encryption", 60, 0.25)



def test_onprem_charon_restart():
    """charon on r1 killed and started again, as a crash of strongSwan and its restart would:
    the VPN gateway replaces the old IKE SA with the new one, both ends keep the tunnel's
    addresses, and BGP and traffic come back over it. (The order of the gateway's updown
    scripts in such a replacement is tested in tests/unit/test_lab_updown.py.)"""
    g = gears()
    r1, h1 = g["r1"], g["h1"]
    poll(lambda: _steady_vpn(g), "lab not steady", 60, 0.25)
    gateway = ONPREM_SIDE["r1"]["gateway"]
    old = TUNNEL[gateway].ike_id()
    start = time.monotonic()
    TUNNEL["r1"].kill()
    TUNNEL["r1"].start()
    # The gateway still holds the old IKE SA (its dead peer detection needs seconds): the
    # new one must have replaced it, not waited for it to be cleared.
    poll(lambda: None if TUNNEL[gateway].ike_id() not in (None, old) else "old IKE SA",
         "no new IKE SA at " + gateway, 30, 0.05)
    poll(lambda: lab.tunnel_up("r1"), "tunnel of r1 after its charon restarted", 30, 0.1)
    poll(lambda: _sessions(r1), "BGP over the tunnel after r1's charon restarted", 60, 0.1)
    poll(lambda: _via_own_vpn(r1), "hub not back via r1's tunnel", 30, 0.1)
    poll(lambda: ping_ok(h1, HUB1), "h1 cannot reach hub1 after r1's charon restarted", 30, 0.1)
    print("\nr1's charon restarted: tunnel, BGP and traffic back after {:.2f} s".format(
        time.monotonic() - start))
    # Once the old IKE SA is gone from the gateway (replaced, or cleared by its dead peer
    # detection), nothing is left whose down script could take an address with it.
    poll(lambda: None if len(re.findall(r"^\S+: #\d+,", TUNNEL[gateway].list_sas(), re.M)) == 1
         else TUNNEL[gateway].list_sas(), "old IKE SA still at " + gateway, 30, 0.1)
    assert lab.tunnel_up("r1") is None, lab.tunnel_up("r1")
    poll(lambda: _steady_vpn(g), "lab not steady after r1's charon restarted", 60, 0.25)


if __name__ == "__main__":
    args = ["-s"] + sys.argv[1:]
    sys.exit(pytest.main(args))
