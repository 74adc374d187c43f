#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
A route-map deleted and re-created while bgpd still uses it must not crash bgpd.

    r1 (AS 65501) r1-eth0 192.0.2.1 ---- s1 ---- 192.0.2.2 r2-eth0 (AS 65515)

`no route-map M` of a bound map only marks it deleted until bgpd's route-map delay timer
runs; creating M again before that freed the deleted object in lib/routemap.c
(route_map_add) while bgpd still held pointers to it: the neighbor's outbound map (copied
into a new update group when the session comes back), the redistribution's map, and more.
bgpd then applied freed memory (FRR 10.7.1; tools/frr-patches/0004 keeps the object and
revives it). Plain FRR, no erpolicyd. Each test repeats its cycle
ERPOLICYD_RMAP_CYCLES times (default 5), each time within the delay (20 s here), and
checks after each cycle that bgpd is alive, that no sanitizer report was written and that
the re-created map is the one applied.

With an AddressSanitizer build of FRR the first cycle of an affected test reports the
use-after-free; with a plain build bgpd applies whatever the freed memory holds. To run
the routers on other binaries (e.g. tools/build-frr-asan.sh's), name their folder in
ERPOLICYD_TOPOTEST_DAEMONDIR (it must hold zebra, mgmtd, staticd and bgpd).
"""

import glob
import os
import sys

import pytest

CWD = os.path.dirname(os.path.realpath(__file__))

# pylint: disable=C0413
from lib.topogen import get_topogen

from pykit import topo

pytestmark = [pytest.mark.bgpd, pytest.mark.staticd, pytest.mark.mgmtd]

R2_ADDR = "192.0.2.2"
CYCLES = int(os.environ.get("ERPOLICYD_RMAP_CYCLES", "5"))
DAEMONDIR = os.environ.get("ERPOLICYD_TOPOTEST_DAEMONDIR")
# Route-maps created right after the re-created one: on a plain build they reuse the freed
# memory (malloc hands the last freed chunk of a size out first), so that a dangling
# pointer meets overwritten memory, not a stale copy that would still work. They deny.
FILLERS = 4


def setup_module(mod):
    topo.start(
        topo.two_routers, mod.__name__, os.path.join(CWD, "routemap_revive"), daemondir=DAEMONDIR
    )


def teardown_module(mod):
    get_topogen().stop_topology()


def _bgpd_sound(router):
    "An error string when bgpd wrote a sanitizer report or a daemon died, else ''."
    pattern = os.path.join(router.net.logdir, "{}.asan.bgpd.*".format(router.name))
    for report in sorted(glob.glob(pattern)):
        if os.path.getsize(report) > 0:
            with open(report) as f:
                return "{}: sanitizer report {}:\n{}".format(router.name, report, f.read()[:4000])
    return router.check_router_running()


def _assert_sound(router, what):
    err = _bgpd_sound(router)
    assert err == "", "{}: {}".format(what, err)


def _session_up(r1):
    topo.expect_json(
        r1,
        "show bgp neighbors {} json".format(R2_ADDR),
        {R2_ADDR: {"bgpState": "Established"}},
        "r1: session to r2 not Established",
    )


def _recreate(router, name, sets, cycle):
    """
    Delete route-map `name`, then create it again with `sets` (a separate command, as an
    operator or erpolicyd's repair would), and FILLERS route-maps that set other values.
    """
    router.vtysh_cmd("configure terminal\nno route-map {}".format(name))
    cmds = ["configure terminal", "route-map {} permit 10".format(name)]
    cmds += [" " + s for s in sets]
    cmds.append("exit")
    for i in range(FILLERS):
        cmds += [
            "route-map RM-FILL-{}-{} deny 10".format(cycle, i),
            " set metric 6666",
            " set local-preference 6666",
            "exit",
        ]
    router.vtysh_cmd("\n".join(cmds))


def _expect_json(router, cmd, expected, what, timeout=15):
    "topo.expect_json(), and bgpd sound whatever came of it (a crash is the first thing to tell)."
    try:
        topo.expect_json(router, cmd, expected, what, timeout)
    finally:
        _assert_sound(router, what)


def test_setup():
    "The session is up, each map applied: r2 gets r1's routes with MED 100."
    g = topo.gears()
    r1, r2 = g["r1"], g["r2"]
    _session_up(r1)
    _expect_json(
        r2,
        "show bgp ipv4 unicast 10.100.0.0/24 json",
        {"paths": [{"metric": 100}]},
        "r2: r1's network with RM-OUT's MED",
    )
    _expect_json(
        r1,
        "show bgp ipv4 unicast 10.101.0.0/24 json",
        {"paths": [{"metric": 300}]},
        "r1: the static route redistributed through RM-REDIST",
    )
    _expect_json(
        r1,
        "show bgp ipv4 unicast 10.64.0.0/23 json",
        {"paths": [{"locPrf": 200}]},
        "r1: r2's route through RM-IN",
    )


def test_outbound_map_recreated_then_session_reset():
    """
    The neighbor's outbound map deleted and re-created, then the session reset: the new
    update group takes the peer's cached map pointer; bgpd announces r1's routes through
    it. r2 must get them with the re-created map's MED, from a live bgpd.
    """
    g = topo.gears()
    r1, r2 = g["r1"], g["r2"]

    for cycle in range(CYCLES):
        med = 100 + cycle + 1
        _recreate(r1, "RM-OUT", ["set metric {}".format(med)], "out{}".format(cycle))
        r1.vtysh_cmd("clear bgp {}".format(R2_ADDR))
        _assert_sound(r1, "cycle {}: after clear bgp".format(cycle))
        _session_up(r1)
        _expect_json(
            r2,
            "show bgp ipv4 unicast 10.100.0.0/24 json",
            {"paths": [{"metric": med}]},
            "cycle {}: r2 has r1's network with the re-created RM-OUT's MED".format(cycle),
        )
        _assert_sound(r1, "cycle {}".format(cycle))


def test_redistribute_map_recreated_then_route_added():
    """
    The redistribution's map deleted and re-created, then a static route added: zebra
    redistributes it and bgpd applies the cached map pointer. The route must be in BGP with
    the re-created map's MED, in a live bgpd.
    """
    r1 = topo.gears()["r1"]

    for cycle in range(CYCLES):
        med = 300 + cycle + 1
        prefix = "10.102.{}.0/24".format(cycle)
        _recreate(r1, "RM-REDIST", ["set metric {}".format(med)], "redist{}".format(cycle))
        r1.vtysh_cmd("configure terminal\nip route {} Null0".format(prefix))
        _expect_json(
            r1,
            "show bgp ipv4 unicast {} json".format(prefix),
            {"paths": [{"metric": med}]},
            "cycle {}: {} redistributed with the re-created RM-REDIST's MED".format(cycle, prefix),
        )


def test_inbound_map_recreated_then_update():
    """
    The neighbor's inbound map deleted and re-created, then r2 advertises a new prefix
    (the 10.3 crash; bgpd looks the inbound map up by name since upstream f4f5c34ced).
    """
    g = topo.gears()
    r1, r2 = g["r1"], g["r2"]

    for cycle in range(CYCLES):
        lp = 200 + cycle + 1
        prefix = "10.65.{}.0/24".format(cycle)
        _recreate(r1, "RM-IN", ["set local-preference {}".format(lp)], "in{}".format(cycle))
        r2.vtysh_cmd(
            "configure terminal\nrouter bgp 65515\naddress-family ipv4 unicast\n"
            "network {}".format(prefix)
        )
        _expect_json(
            r1,
            "show bgp ipv4 unicast {} json".format(prefix),
            {"paths": [{"locPrf": lp}]},
            "cycle {}: r1 has r2's {} through the re-created RM-IN".format(cycle, prefix),
        )


def test_after_delay_timer():
    "Once the delay timer has run, every map is the re-created one and bgpd is alive."
    g = topo.gears()
    r1, r2 = g["r1"], g["r2"]
    _expect_json(
        r2,
        "show bgp ipv4 unicast 10.100.0.0/24 json",
        {"paths": [{"metric": 100 + CYCLES}]},
        "r2: r1's network with the last RM-OUT's MED",
        timeout=40,
    )
    _assert_sound(r1, "after the delay timer")


if __name__ == "__main__":
    args = ["-s"] + sys.argv[1:]
    sys.exit(pytest.main(args))
