# SPDX-License-Identifier: GPL-2.0-or-later
"""
Topologies of FRR routers on FRR's topotest framework (lib.topogen, munet's namespaces), for
the topotests, the IPsec lab and the demo: the framework's copy must be on sys.path first
(topotests/conftest.py puts it there). The benchmarks build their two namespaces with
pykit.netns instead (their daemons run in FRR pathspaces on the installed prefix).
"""

import functools
import os

import pytest

from lib import topotest
from lib.topogen import Topogen, TopoRouter, get_topogen

from pykit.wait import poll

# What every router of the topologies runs; (daemon, extra options) as load_frr_config takes.
BGP_DAEMONS = [
    (TopoRouter.RD_ZEBRA, None),
    (TopoRouter.RD_MGMTD, None),
    (TopoRouter.RD_STATIC, None),
    (TopoRouter.RD_BGP, None),
]


def add_erpolicyd(router, param=None):
    """Have the framework start erpolicyd on `router` with the other daemons.

    Call before tgen.start_router(). The framework starts <frrdir>/erpolicyd with
    -d and its log options, and then loads the router's unified frr.conf with
    vtysh, which sends the `router expressroute-policy` block to erpolicyd."""
    router.net.daemons["erpolicyd"] = 0
    router.net.loadConf("erpolicyd", "", param)


def two_routers(tgen):
    "r1 and r2 on one link (switch s1): r1-eth0, r2-eth0."
    routers = [tgen.add_router(name) for name in ("r1", "r2")]
    switch = tgen.add_switch("s1")
    for router in routers:
        switch.add_link(router)


def start(build, mod_name, confdir, erpolicyd=(), daemondir=None):
    """Build the topology build(tgen) and start it: every router with BGP_DAEMONS and the
    frr.conf of CONFDIR/NAME/, erpolicyd too on the routers named in erpolicyd. daemondir:
    where the routers' daemons are, instead of the framework's frrdir. Returns the Topogen."""
    tgen = Topogen(build, mod_name)
    tgen.start_topology()
    for name, router in tgen.routers().items():
        if daemondir:
            # The framework takes its frrdir (pytest.ini) when it configures the hosts.
            router.net.daemondir = daemondir
        router.load_frr_config(os.path.join(confdir, name, "frr.conf"), BGP_DAEMONS)
    for name in erpolicyd:
        add_erpolicyd(tgen.gears[name])
    tgen.start_router()
    return tgen


def gears():
    "The running topology's routers, hosts and switches by name; skips when a router has failed."
    tgen = get_topogen()
    if tgen.routers_have_failure():
        pytest.skip(tgen.errors)
    return tgen.gears


def expect_json(router, cmd, expected, what, timeout=30.0, interval=0.5):
    """Wait until the JSON output of cmd on router holds expected (topotest.router_json_cmp:
    these keys and values, list items in any order); fail with topotest's report of what
    differs. Returns the seconds it took."""
    return poll(
        functools.partial(topotest.router_json_cmp, router, cmd, expected), what, timeout, interval
    )
