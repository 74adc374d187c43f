#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
erpolicyd in a VRF: FRR's netns-based VRFs (zebra -w), since this kernel cannot create
VRF devices. The engine topology (test_erpolicy_engine.py), with r1's three Azure-facing
links moved into the network namespace BLUE, which zebra turns into vrf BLUE:

    msee (AS 12076) 192.168.100.2 --s1-- r1-eth0 [BLUE] r1 (AS 65501, router bgp vrf BLUE)
    vpngw (AS 65515) 169.254.21.2 --s2-- r1-eth1 [BLUE]
                     169.254.22.2 --s3-- r1-eth2 [BLUE]

`router expressroute-policy vrf BLUE`: the route-maps are bound in `router bgp 65501 vrf
BLUE`, the Azure prefixes are best via the VPN peers at local-preference 200 in that VRF,
the GatewaySubnet pin is a static route of vrf BLUE installed in the BLUE namespace's
kernel table via the ExpressRoute next hop, the verifier reports it, and removing the
intent restores r1's configuration.
"""

import json
import os

import pytest

CWD = os.path.dirname(os.path.realpath(__file__))

# pylint: disable=C0413
from lib.topogen import Topogen, TopoRouter, get_topogen

import erpolicy_lib as erp

pytestmark = erp.DAEMON_MARKS

VRF = "BLUE"
INTENT = erp.engine_intent(vrf=VRF, fallback=False)
BEFORE = {}


def setup_module(mod):
    tgen = Topogen(erp.engine_topo, mod.__name__)
    tgen.start_topology()
    r1 = tgen.gears["r1"]
    r1.cmd("ip netns add {}".format(VRF))
    # The addresses are set in the namespace: FRR 10.3 asserts (netns_ifname_split) on
    # `interface X vrf Y` in frr.conf with netns-based VRFs.
    for ifname, addr in (("r1-eth0", "192.168.100.1/30"), ("r1-eth1", "169.254.21.1/30"),
                         ("r1-eth2", "169.254.22.1/30")):
        r1.cmd("ip link set {} netns {}".format(ifname, VRF))
        r1.cmd("ip netns exec {0} ip addr add {1} dev {2}; ip netns exec {0} ip link set {2} up"
               .format(VRF, addr, ifname))
    r1.cmd("ip netns exec {} ip link set lo up".format(VRF))
    daemons = [TopoRouter.RD_ZEBRA, TopoRouter.RD_MGMTD, TopoRouter.RD_STATIC, TopoRouter.RD_BGP]
    r1.load_frr_config(os.path.join(CWD, "erpolicy_netns_vrf", "r1", "frr.conf"),
                       [(d, "-w") for d in daemons])
    for name in ("msee", "vpngw"):
        tgen.gears[name].load_frr_config(
            os.path.join(CWD, "erpolicy_engine", name, "frr.conf"), [(d, None) for d in daemons])
    erp.add_erpolicyd(r1, "-w")
    tgen.start_router()


def teardown_module(mod):
    tgen = get_topogen()
    tgen.gears["r1"].cmd("ip netns del {}".format(VRF))
    tgen.stop_topology()


def _r1():
    tgen = get_topogen()
    if tgen.routers_have_failure():
        pytest.skip(tgen.errors)
    return tgen.gears["r1"]


def _sessions_up():
    r1 = _r1()
    out = json.loads(r1.vtysh_cmd("show bgp vrf {} summary json".format(VRF)) or "{}")
    peers = out.get("ipv4Unicast", {}).get("peers", {})
    down = {p: v.get("state") for p, v in peers.items() if v.get("state") != "Established"}
    return None if len(peers) == 3 and not down else "peers: {}".format(
        {p: v.get("state") for p, v in peers.items()})


def _best(prefix):
    out = json.loads(_r1().vtysh_cmd("show bgp vrf {} ipv4 unicast {} json".format(VRF, prefix)) or "{}")
    for path in out.get("paths", []):
        if path.get("bestpath", {}).get("overall"):
            return path
    return None


def test_vrf_is_a_netns():
    r1 = _r1()
    out = r1.vtysh_cmd("show vrf")
    assert "netns-based vrfs" in out and "vrf {} ".format(VRF) in out, out
    erp.wait_for(_sessions_up, "BGP sessions in vrf BLUE")
    BEFORE["config"] = erp.config_without_policy(r1)


def test_apply_in_vrf():
    r1 = _r1()
    erp.vtysh_config(r1, INTENT)
    erp.wait_applied(r1, VRF)
    run = r1.vtysh_cmd("show running-config")
    for nbr, rmap in (("192.168.100.2", "ERPOL-ER-IN-V4-VRF-BLUE"),
                      ("169.254.21.2", "ERPOL-VPN-IN-V4-VRF-BLUE"),
                      ("169.254.22.2", "ERPOL-VPN-IN-V4-VRF-BLUE")):
        assert "  neighbor {} route-map {} in".format(nbr, rmap) in run, run
    bgp_vrf = run[run.index("router bgp 65501 vrf BLUE"):]
    assert "route-map ERPOL-" in bgp_vrf.split("\nexit\n")[0], "bindings not in router bgp vrf BLUE"


def test_azure_prefixes_via_vpn_in_vrf():
    def _via_vpn():
        for prefix in ("10.64.0.0/23", "172.16.0.0/16"):
            best = _best(prefix)
            if not best:
                return "{}: no best path".format(prefix)
            peer = best.get("peer", {}).get("peerId")
            if peer not in ("169.254.21.2", "169.254.22.2") or best.get("locPrf") != 200:
                return "{}: best via {} local-preference {}".format(prefix, peer, best.get("locPrf"))
        return None

    erp.wait_for(_via_vpn, "Azure prefixes via the VPN peers in vrf BLUE")


def test_gateway_subnet_pinned_in_vrf():
    r1 = _r1()

    def _pinned():
        out = json.loads(r1.vtysh_cmd("show ip route vrf {} 10.64.0.0/26 json".format(VRF)) or "{}")
        routes = out.get("10.64.0.0/26", [])
        sel = [r for r in routes if r.get("selected")]
        if not sel or sel[0].get("protocol") != "static" or sel[0].get("tag") != erp.PIN_TAG:
            return "selected: {}".format(sel)
        if [nh.get("ip") for nh in sel[0].get("nexthops", [])] != ["192.168.100.2"]:
            return "next hops {}".format(sel[0].get("nexthops"))
        kernel = r1.cmd("ip netns exec {} ip route show 10.64.0.0/26".format(VRF))
        if "via 192.168.100.2" not in kernel:
            return "not in BLUE's kernel table: " + kernel
        return None

    erp.wait_for(_pinned, "GatewaySubnet pinned via ExpressRoute in vrf BLUE")
    assert "ip route 10.64.0.0/26 192.168.100.2 tag %d" % erp.PIN_TAG in \
        r1.vtysh_cmd("show running-config").split("vrf BLUE\n", 1)[-1].split("exit-vrf")[0]


def test_verifier_in_vrf():
    r1 = _r1()

    def _ok():
        st = erp.show_policy(r1, VRF)
        bad = [(v["role"], v["prefix"], v.get("status"), v.get("reason"))
               for v in st.get("prefix", []) if v.get("role") in ("azure-prefix", "gateway-subnet")
               and v.get("status") != "ok"]
        return bad or None

    erp.wait_for(_ok, "verdicts ok in vrf BLUE")
    st = erp.show_policy(r1, VRF)
    got = {v["prefix"]: v.get("actual") for v in st["prefix"] if v["role"] == "azure-prefix"}
    assert got == {"10.64.0.0/23": "vpn", "172.16.0.0/16": "vpn"}, got


def test_remove_intent_in_vrf():
    r1 = _r1()
    erp.vtysh_config(r1, ["no router expressroute-policy vrf BLUE"])
    erp.wait_for(lambda: None if not erp.owned_config(r1) else erp.owned_config(r1), "owned objects removed")
    assert erp.config_without_policy(r1) == BEFORE["config"]
