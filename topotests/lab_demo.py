#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
The demo (the README's main job, run by tools/demo.sh): the lab of erpolicy_lab.py, told as
a story an operator can follow, then left running.

1. The lab comes up without erpolicyd's intent: r1 learns the Azure prefixes from the MSEE
   and, through the tunnel, from the VPN gateway. BGP prefers the VPN's shorter AS path, so
   the tunnel's own IKE/ESP to 10.64.0.4 (inside the hub 10.64.0.0/23) are routed into the
   tunnel: it collapses, as the seed guide warns.
2. The seed guide's intent is applied to r1 and r2: what erpolicyd generates, its view, and
   the route tables after (Azure prefixes via the VPN at local-preference 200, the
   GatewaySubnet pinned over ExpressRoute); the tunnels stay up.
3. Traffic h1 -> hub1 is encrypted: a capture on the ExpressRoute link shows only ESP.
4. Failover: r1's tunnel down (r1 uses r2's), both down (ExpressRoute), and back.
5. The lab stays up until `tools/demo.sh down`.

Not a test of the suite (the file name keeps it out of the test command's collection);
tools/demo.sh runs it with ERPOLICYD_DEMO_DIR set, where the story and the stop file live.
"""

import os
import sys
import time

CWD = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, os.path.dirname(CWD))

# pylint: disable=C0413,wildcard-import,unused-wildcard-import
import pytest

from lib.topogen import get_topogen

from erpolicy_lib import VTYSH, show_policy, wait_applied
from lab_checks import all_of, verdicts
from erpolicy_lab import *  # noqa: F401,F403
import erpolicy_lab as lab

DEMO_DIR = os.environ.get("ERPOLICYD_DEMO_DIR", "/tmp/erpolicyd-demo")
STORY = os.path.join(DEMO_DIR, "story.txt")
STOP = os.path.join(DEMO_DIR, "stop")
READY = "== The lab is up."


def say(text=""):
    "One part of the story, to the story file (tools/demo.sh shows it) and stdout."
    with open(STORY, "a") as f:
        f.write(text + "\n")
    print(text, flush=True)


def section(title):
    say()
    say("== " + title)


def show(router, cmd, grep=None):
    "A vtysh command on router, shown as the operator would type it."
    out = router.vtysh_cmd(cmd)
    if grep:
        out = "\n".join(l for l in out.splitlines() if any(g in l for g in grep))
    say("{}# {}".format(router.name, cmd))
    say(out.rstrip())


def bgp_paths(router, prefix):
    "One line per BGP path of prefix: neighbor, local-preference, AS path, best or not."
    b, paths = best(router, prefix)
    lines = []
    for p in paths:
        lines.append(
            "   {} {:<20} locPrf {:<4} AS path {}".format(
                "best" if p is b else "    ",
                p.get("peer", {}).get("peerId", "?"),
                p.get("locPrf", "-"),
                p.get("aspath", {}).get("string", ""),
            )
        )
    return lines


def route_summary(router):
    side = ONPREM_SIDE[router.name]
    say("{}: BGP paths and what the kernel does with them:".format(router.name))
    for prefix in (HUB, SPOKE, HUB6):
        say("  {}".format(prefix))
        for l in bgp_paths(router, prefix):
            say(l)
    for addr in (side["gw_endpoint"], HUB1, HUB1_6):
        say("  ip route get {:<18} -> {}".format(addr, kernel_route_get(router, addr)))


def setup_module(mod):
    os.makedirs(DEMO_DIR, exist_ok=True)
    if os.path.exists(STOP):
        os.unlink(STOP)
    reason = setup_packages()
    if reason:
        say("The lab cannot run here: " + reason)
        pytest.exit(reason, returncode=1)
    section("Starting the lab (FRR on 6 routers, erpolicyd on r1 and r2, 2 IPsec tunnels)")
    lab.start(mod.__name__, with_intent=False)


def teardown_module(mod):
    lab.stop()


def test_demo():
    g = get_topogen().gears
    r1, r2, h1 = g["r1"], g["r2"], g["h1"]

    took = poll(lambda: lab.tunnel_up("r1") or lab.tunnel_up("r2"), "tunnels not up", 90, 0.25)
    say("Both tunnels up after {:.1f} s (IKEv2, ESP in UDP/4500 over the ExpressRoute links).".format(took))

    section("1. Before erpolicyd's intent: r1 takes whatever BGP prefers")
    # The moment BGP over the tunnel is up and its path wins.
    poll(lambda: _via(r1, "169.254.21.2"), "r1 never preferred the VPN", 90, 0.05)
    route_summary(r1)
    say("BGP prefers the VPN gateway's shorter AS path for the hub 10.64.0.0/23, which holds the")
    say("GatewaySubnet: r1's own IKE/ESP to the gateway (10.64.0.4) follow it into the tunnel.")
    est = established_count(r1, "169.254.21.2")
    try:
        collapsed = poll(
            lambda: None
            if peer_state(r1, "169.254.21.2") != "Established"
            or established_count(r1, "169.254.21.2") > est
            else "up",
            "the tunnel did not collapse",
            15,
            0.2,
        )
    except WaitTimeout:
        collapsed = None
    if collapsed is not None:
        say("=> The tunnel collapsed: BGP over it went down {:.1f} s later, and it keeps flapping.".format(collapsed))
    else:
        say("=> The tunnel's own packets are routed into it; it has not collapsed yet in 15 s.")

    section("2. Applying the seed guide's intent to r1 and r2 (vtysh -f)")
    for r in (r1, r2):
        block = intent_block(r.name)
        path = os.path.join(r.gearlogdir, "intent.conf")
        with open(path, "w") as f:
            f.write(block)
        out = r.run("{} -f {} 2>&1".format(VTYSH, path))
        if "%" in out:
            say(out.strip())
    say(intent_block("r1").rstrip())
    for r in (r1, r2):
        wait_applied(r)
    took = poll(
        lambda: _steady(g), "the lab did not settle with the policy", 90, 0.25
    )
    say("Policy applied on both routers; tunnels and BGP steady {:.1f} s later.".format(took))
    section("What erpolicyd generated and applied on r1")
    show(r1, "show expressroute-policy generated-config")
    section("r1 after the intent")
    # What r1 advertises to the Azure peers settles a moment after the push.
    poll(lambda: None if show_policy(r1).get("violations") == 0 else "violations", "r1's verdicts", 30, 0.25)
    poll(lambda: show_agrees(r1), "r1's verdicts behind bgpd", 30, 0.05)
    show(r1, "show expressroute-policy")
    route_summary(r1)
    show(r1, "show ip route 10.64.0.0/26 longer-prefixes", grep=["S>", "B>", "via"])

    section("3. Traffic h1 -> hub1 is encrypted on the ExpressRoute link")
    caps, replies = capture([(r1, "r1-eth0")], lambda: ping(h1, HUB1, count=10, interval=0.1))
    lines = caps["r1:r1-eth0"]
    say("ping h1 -> hub1: {} of 10 answered".format(replies))
    say("capture on r1-eth0: {} ESP-in-UDP packets 10.10.10.1 <-> 10.64.0.4, {} packets showing h1 or hub1 in clear".format(
        esp_count(lines, "10.10.10.1", "10.64.0.4") + esp_count(lines, "10.64.0.4", "10.10.10.1"),
        len(plaintext(lines, (H1, HUB1)))))
    for l in [l for l in lines if "ESP" in l][:3]:
        say("  " + l)

    section("4. Failover")
    start = time.monotonic()
    lab.tunnel_terminate("r1")
    poll(lambda: _via(r1, "10.1.1.2"), "r1 did not move to r2's tunnel", 30, 0.02)
    say("r1's tunnel terminated: r1 reaches Azure through r2's tunnel (iBGP) after {:.2f} s.".format(
        time.monotonic() - start))
    for l in bgp_paths(r1, HUB):
        say(l)
    start = time.monotonic()
    lab.tunnel_terminate("r2")
    poll(lambda: _via(r1, "192.168.100.2") or _via(r2, "192.168.200.2"), "no failover to ExpressRoute", 30, 0.02)
    say("r2's tunnel terminated too: both routers use ExpressRoute (prefer-vpn) after {:.2f} s.".format(
        time.monotonic() - start))
    # erpolicyd's verdicts follow the route change; shown once they name what bgpd has.
    took = poll(lambda: show_agrees(r1) or verdicts(r1, "expressroute"), "r1's verdicts behind bgpd", 30, 0.02)
    say("erpolicyd's verdicts on r1 agree with bgpd: confirmed {:.2f} s later (each check is a "
        "round of vtysh queries).".format(took))
    show(r1, "show expressroute-policy", grep=["Apply state", "Neighbors", "169.254", "192.168", "Prefix", "azure-prefix", "onprem-prefix"])
    say("ping h1 -> hub1 over ExpressRoute (unencrypted, as prefer-vpn allows): {} of 3".format(ping(h1, HUB1, count=3)))
    start = time.monotonic()
    lab.tunnel_initiate("r1")
    lab.tunnel_initiate("r2")
    poll(lambda: _steady(g), "not back on the tunnels", 90, 0.1)
    say("Tunnels initiated again: both routers back on their own tunnel after {:.2f} s.".format(
        time.monotonic() - start))
    for l in bgp_paths(r1, HUB):
        say(l)

    with open(os.path.join(DEMO_DIR, "nodes"), "w") as f:
        for name, gear in sorted(g.items()):
            if hasattr(gear, "net") and getattr(gear.net, "pid", None):
                f.write("{} {}\n".format(name, gear.net.pid))
    say()
    say(READY)
    say("  Enter r1's vtysh:   tools/demo.sh vtysh r1      (r2, msee, vpngw1, vpngw2, azure too)")
    say("  Run a host command: tools/demo.sh exec h1 ping -c 3 10.64.1.10")
    say("  Tear it down:       tools/demo.sh down")

    while not os.path.exists(STOP):
        time.sleep(1)
    say("Stopping the lab.")


def _via(router, nbr):
    "None if the hub's best path on router is from nbr."
    b, _ = best(router, HUB)
    got = b.get("peer", {}).get("peerId") if b else None
    return None if got == nbr else "{}: hub via {}".format(router.name, got)


def _steady(g):
    checks = [lambda: lab.tunnel_up("r1"), lambda: lab.tunnel_up("r2")]
    for r in ("r1", "r2"):
        side = ONPREM_SIDE[r]
        checks.append(lambda r=r, side=side: best_via(g[r], HUB, side["vpn_nbr"], 200))
        checks.append(lambda r=r, side=side: fib_via(g[r], GWSUBNET, "static", side["er_nbr"]))
    return all_of(*checks)
