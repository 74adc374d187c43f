#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
erpolicyd's policy for IPv6 alone, on the engine topology with IPv6 addresses:

    msee (AS 12076) 2001:db8:100::2 --s1-- 2001:db8:100::1 r1 (AS 65501)
    vpngw (AS 65515) fd00:21::2     --s2-- fd00:21::1      r1
                     fd00:22::2     --s3-- fd00:22::1      r1

Every session is eBGP over a shared link, so r1's bgpd installs the Azure routes in
zebra via the peers' link-local addresses (fe80::/64 on r1-eth0..2), not via the
neighbor addresses of the intent: the verifier has to tell which Azure peer a
link-local next hop is. Azure: hub 2001:db8:64::/48 with GatewaySubnet
2001:db8:64::/64 (which vpngw also advertises), spoke 2001:db8:172::/48. r1
originates its tunnel endpoint 2001:db8:10::1/128, the on-prem prefix 2001:db8:1::/48
and the fallback 2001:db8::/32.
"""

import json

import erpolicy_lib as erp

pytestmark = erp.DAEMON_MARKS

ER_NBR = "2001:db8:100::2"
VPN_NBRS = ["fd00:21::2", "fd00:22::2"]
AZURE = ["2001:db8:64::/48", "2001:db8:172::/48"]
GWSUBNET = "2001:db8:64::/64"
ONPREM = "2001:db8:1::/48"
FALLBACK = "2001:db8::/32"
INTENT = erp.engine_intent((6,))
BEFORE = {}

setup_module, teardown_module = erp.engine_module("erpolicy_ipv6")


def _received(router, from_ifname):
    "Prefixes `router` has from r1 over its interface from_ifname."
    out = json.loads(router.vtysh_cmd("show ipv6 route bgp json"))
    return sorted(p for p, routes in out.items() for r in routes if r.get("selected")
                  and any(nh.get("interfaceName") == from_ifname for nh in r.get("nexthops", [])))


def _selected_nexthops(r1, prefix):
    "(ip, interface) of the FIB next hops of zebra's selected route for prefix."
    out = json.loads(r1.vtysh_cmd("show ipv6 route {} json".format(prefix)))
    return sorted((nh.get("ip"), nh.get("interfaceName")) for r in out.get(prefix, [])
                  if r.get("selected") for nh in r.get("nexthops", []) if nh.get("fib"))


def _vpngw_sessions(vpngw, shutdown):
    erp.vtysh_config(vpngw, ["router bgp 65515"] + [
        "{}neighbor {} shutdown".format("" if shutdown else "no ", a)
        for a in ("fd00:21::1", "fd00:22::1")])


def test_sessions_up_and_baseline():
    "All three IPv6 sessions up, the hub prefix learned from all three peers."
    r1, _, _ = erp.engine_gears()
    erp.wait_for(lambda: erp.sessions_established(r1, [ER_NBR] + VPN_NBRS, "ipv6"),
                 "BGP sessions not Established")
    erp.wait_for(lambda: None if len(erp.bgp_paths(r1, AZURE[0])) == 3 else erp.bgp_paths(r1, AZURE[0]),
                 "hub prefix not learned from all three peers")
    BEFORE["config"] = erp.config_without_policy(r1)


def test_apply_intent():
    r1, _, _ = erp.engine_gears()
    out = erp.vtysh_config(r1, INTENT)
    assert "%" not in out, out
    st = erp.wait_applied(r1)
    assert not erp.warnings_but_bfd(st), st
    run = r1.vtysh_cmd("show running-config")
    for nbr, rmap in [(ER_NBR, "ERPOL-ER-IN-V6")] + [(n, "ERPOL-VPN-IN-V6") for n in VPN_NBRS]:
        assert "  neighbor {} route-map {} in".format(nbr, rmap) in run, run
    assert "ERPOL-AZURE-V4" not in run, "an IPv4 object for an IPv6-only intent"


def test_azure_prefixes_via_vpn_link_local():
    "Best via a VPN peer at local-preference 200, installed via that peer's link-local address."
    r1, _, _ = erp.engine_gears()

    def _via_vpn():
        for p in AZURE:
            best = [x for x in erp.bgp_paths(r1, p) if x.get("bestpath", {}).get("overall")]
            if not best or best[0].get("peer", {}).get("peerId") not in VPN_NBRS \
               or best[0].get("locPrf") != 200:
                return "{}: best {}".format(p, best)
            nhs = _selected_nexthops(r1, p)
            if not nhs or not all(ip and ip.startswith("fe80:") and ifname in ("r1-eth1", "r1-eth2")
                                  for ip, ifname in nhs):
                return "{}: zebra next hops {}".format(p, nhs)
        return None

    erp.wait_for(_via_vpn, "Azure prefixes via the VPN peers' link-local next hops")
    # The GatewaySubnet that vpngw advertises is denied.
    assert erp.bgp_paths(r1, GWSUBNET) == [], erp.bgp_paths(r1, GWSUBNET)


def test_gateway_subnet_pinned():
    r1, _, _ = erp.engine_gears()

    def _pin():
        out = json.loads(r1.vtysh_cmd("show ipv6 route {} json".format(GWSUBNET)))
        sel = [r for r in out.get(GWSUBNET, []) if r.get("selected") and r.get("installed")]
        if not sel or sel[0]["protocol"] != "static" or sel[0].get("tag") != 4242:
            return out
        nhs = [nh.get("ip") for nh in sel[0]["nexthops"] if nh.get("fib")]
        return None if nhs == [ER_NBR] else out

    erp.wait_for(_pin, "GatewaySubnet not pinned via ExpressRoute")
    kernel = r1.cmd("ip -6 route show {}".format(GWSUBNET))
    assert "via {}".format(ER_NBR) in kernel, kernel


def test_advertised_to_azure():
    "ExpressRoute gets the tunnel endpoint and the fallback; the VPN the on-prem prefix only."
    _, msee, vpngw = erp.engine_gears()
    want_er = sorted(["2001:db8:10::1/128", FALLBACK])
    erp.wait_for(lambda: None if _received(msee, "msee-eth0") == want_er else _received(msee, "msee-eth0"),
                 "msee receives the wrong prefixes")
    for ifname in ("vpngw-eth0", "vpngw-eth1"):
        erp.wait_for(lambda ifname=ifname: None if _received(vpngw, ifname) == [ONPREM]
                     else _received(vpngw, ifname), "vpngw receives the wrong prefixes on " + ifname)


def test_verifier_tunnels_up():
    "The verdicts name the VPN peers, not their link-local next hops."
    r1, _, _ = erp.engine_gears()
    ok_vpn = {"expected": "vpn", "actual": "vpn", "status": "ok", "localPreference": 200}
    expected = {("azure-prefix", p): ok_vpn for p in AZURE}
    expected[("gateway-subnet", GWSUBNET)] = {"expected": "expressroute", "actual": "expressroute",
                                              "pinned": True, "status": "ok",
                                              "bestPathNeighbor": ER_NBR}
    expected[("onprem-prefix", ONPREM)] = {"azureReturnPath": "vpn", "status": "ok"}
    erp.wait_for(lambda: erp.expect_verdicts(r1, expected), "verdicts with tunnels up")
    st = erp.show_policy(r1)
    assert st["violations"] == 0, st
    best = {v["prefix"]: v.get("bestPathNeighbor") for v in st["prefix"] if v["role"] == "azure-prefix"}
    assert set(best.values()) <= set(VPN_NBRS), best


def test_verifier_vpn_down_prefer_vpn():
    "VPN peers down: via the MSEE's link-local next hop, reported expressroute and ok."
    r1, _, vpngw = erp.engine_gears()
    _vpngw_sessions(vpngw, shutdown=True)
    ok_er = {"expected": "expressroute", "actual": "expressroute", "status": "ok",
             "localPreference": 100}
    expected = {("azure-prefix", p): ok_er for p in AZURE}
    expected[("onprem-prefix", ONPREM)] = {"azureReturnPath": "expressroute", "status": "ok"}
    erp.wait_for(lambda: erp.expect_verdicts(r1, expected), "verdicts with the VPN down")
    for p in AZURE:
        nhs = _selected_nexthops(r1, p)
        assert len(nhs) == 1 and nhs[0][0].startswith("fe80:") and nhs[0][1] == "r1-eth0", nhs
    best = {v["prefix"]: v.get("bestPathNeighbor") for v in erp.show_policy(r1)["prefix"]
            if v["role"] == "azure-prefix"}
    assert set(best.values()) == {ER_NBR}, best


def test_verifier_vpn_down_require_encryption():
    "require-encryption with the VPN down: no route (fail closed), reported no-route."
    r1, _, vpngw = erp.engine_gears()
    out = erp.vtysh_config(r1, ["router expressroute-policy", "no expressroute-fallback " + FALLBACK,
                                "mode require-encryption"])
    assert "%" not in out, out
    none = {"expected": "none", "actual": "none", "status": "no-route"}
    expected = {("azure-prefix", p): none for p in AZURE}
    expected[("gateway-subnet", GWSUBNET)] = {"pinned": True, "status": "ok"}
    erp.wait_for(lambda: erp.expect_verdicts(r1, expected), "fail-closed verdicts")
    for p in AZURE:
        out = json.loads(r1.vtysh_cmd("show ipv6 route {} json".format(p)))
        assert out == {}, out
    _vpngw_sessions(vpngw, shutdown=False)
    ok_vpn = {"expected": "vpn", "actual": "vpn", "status": "ok", "localPreference": 200}
    erp.wait_for(lambda: erp.expect_verdicts(r1, {("azure-prefix", p): ok_vpn for p in AZURE}),
                 "back via vpn in require-encryption")
    out = erp.vtysh_config(r1, ["router expressroute-policy", "mode prefer-vpn",
                                "expressroute-fallback " + FALLBACK])
    assert "%" not in out, out
    erp.wait_applied(r1)


def test_remove_intent():
    "no router expressroute-policy: every owned object gone, r1 as before."
    r1, _, _ = erp.engine_gears()
    erp.vtysh_config(r1, ["no router expressroute-policy"])
    erp.wait_for(lambda: None if not erp.owned_config(r1) else erp.owned_config(r1), "owned objects removed")
    erp.wait_for(lambda: None if erp.config_without_policy(r1) == BEFORE["config"] else "config differs",
                 "r1's configuration restored")
