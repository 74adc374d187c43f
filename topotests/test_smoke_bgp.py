#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Smoke test of the topotest setup: two FRR routers, one eBGP session.

    r1 (AS 65501) r1-eth0 192.0.2.1 ---- s1 ---- 192.0.2.2 r2-eth0 (AS 65515)

r2 originates 10.64.0.0/23 with `network`; r1 must have it via r2 in BGP and in zebra's RIB
(selected and installed in the kernel).
"""

import os
import sys

import pytest

CWD = os.path.dirname(os.path.realpath(__file__))

# pylint: disable=C0413
# The framework (project copy of FRR's tests/topotests) is put on sys.path by conftest.py.
from lib.topogen import get_topogen

from pykit import topo

pytestmark = [pytest.mark.bgpd, pytest.mark.staticd, pytest.mark.mgmtd]

PREFIX = "10.64.0.0/23"
R2_ADDR = "192.0.2.2"


def setup_module(mod):
    topo.start(topo.two_routers, mod.__name__, os.path.join(CWD, "smoke_bgp"))


def teardown_module(mod):
    get_topogen().stop_topology()


def test_bgp_session_established():
    "r1's eBGP session to r2 comes up."
    r1 = topo.gears()["r1"]
    expected = {R2_ADDR: {"remoteAs": 65515, "localAs": 65501, "bgpState": "Established"}}
    topo.expect_json(
        r1,
        "show bgp neighbors {} json".format(R2_ADDR),
        expected,
        "r1: eBGP session to r2 not Established",
    )


def test_r1_bgp_route_from_r2():
    "r1 has r2's 10.64.0.0/23 in BGP, best path, via r2, AS path 65515."
    r1 = topo.gears()["r1"]
    expected = {
        "routes": {
            PREFIX: [
                {
                    "valid": True,
                    "bestpath": True,
                    "pathFrom": "external",
                    "path": "65515",
                    "nexthops": [{"ip": R2_ADDR, "afi": "ipv4", "used": True}],
                }
            ]
        }
    }
    topo.expect_json(
        r1, "show bgp ipv4 unicast json", expected, "r1: {} via r2 missing in BGP".format(PREFIX)
    )


def test_r1_zebra_route_from_r2():
    "zebra on r1 selected r2's route and installed it."
    r1 = topo.gears()["r1"]
    expected = {
        PREFIX: [
            {
                "protocol": "bgp",
                "selected": True,
                "installed": True,
                "nexthops": [
                    {
                        "ip": R2_ADDR,
                        "interfaceName": "r1-eth0",
                        "active": True,
                        "fib": True,
                    }
                ],
            }
        ]
    }
    topo.expect_json(
        r1, "show ip route json", expected, "r1: {} via r2 missing in zebra".format(PREFIX)
    )

    # And what zebra says it installed is in r1's kernel table.
    kernel = r1.cmd("ip -4 route show {}".format(PREFIX))
    assert "via {} dev r1-eth0".format(R2_ADDR) in kernel, kernel


def test_memory_leak():
    "Run the memory leak test and report results."
    tgen = get_topogen()
    if not tgen.is_memleak_enabled():
        pytest.skip("Memory leak test/report is disabled")

    tgen.report_memory_leaks()


if __name__ == "__main__":
    args = ["-s"] + sys.argv[1:]
    sys.exit(pytest.main(args))
