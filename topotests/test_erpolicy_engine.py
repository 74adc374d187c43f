#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
erpolicyd's policy engine against real bgpd/zebra/staticd/mgmtd.

    msee (AS 12076) 192.168.100.2 --s1-- 192.168.100.1 r1 (AS 65501)
    vpngw (AS 65515) 169.254.21.2 --s2-- 169.254.21.1 r1
                     169.254.22.2 --s3-- 169.254.22.1 r1

Both Azure peers advertise the same Azure prefixes (hub 10.64.0.0/23, spoke
172.16.0.0/16); the VPN gateway also advertises the GatewaySubnet 10.64.0.0/26.
The links to vpngw stand in for the IPsec tunnels (the lab topotests run real
ones). r1 originates its tunnel endpoint 10.10.10.1/32, the on-prem prefix
10.1.0.0/16 and the fallback 10.0.0.0/8.

With the seed guide's intent applied by erpolicyd: Azure prefixes are best via
the VPN peers with local-preference 200, the GatewaySubnet is pinned via the
ExpressRoute next hop in zebra, each Azure peer receives only what the outbound
rules allow, and removing the intent restores r1's previous configuration.
"""

import difflib
import json
import os
import signal
import sys
import time

import pytest

CWD = os.path.dirname(os.path.realpath(__file__))

# pylint: disable=C0413
from lib import topotest

import erpolicy_lib as erp

pytestmark = erp.DAEMON_MARKS


ER_NBR = "192.168.100.2"
VPN_NBRS = ["169.254.21.2", "169.254.22.2"]
AZURE = ["10.64.0.0/23", "172.16.0.0/16"]
GWSUBNET = "10.64.0.0/26"

INTENT = erp.engine_intent()

# r1's configuration before erpolicyd touched it.
BEFORE = {}


setup_module, teardown_module = erp.engine_module("erpolicy_engine")


def _received(router, from_addr):
    "Prefixes `router` has from r1 (next hop from_addr)."
    out = json.loads(router.vtysh_cmd("show bgp ipv4 unicast json"))
    return sorted(
        p
        for p, paths in out.get("routes", {}).items()
        if any(nh.get("ip") == from_addr for path in paths for nh in path.get("nexthops", []))
    )




def _vpngw_sessions(vpngw, shutdown):
    cmds = ["router bgp 65515"] + [
        "{}neighbor {} shutdown".format("" if shutdown else "no ", a)
        for a in ("169.254.21.1", "169.254.22.1")
    ]
    erp.vtysh_config(vpngw, cmds)


def test_sessions_up_and_baseline():
    "All sessions up; both gateways' routes reach r1; record r1's configuration."
    r1, _, _ = erp.engine_gears()
    erp.wait_for(lambda: erp.sessions_established(r1, [ER_NBR] + VPN_NBRS), "BGP sessions not Established")
    erp.wait_for(
        lambda: None if len(erp.bgp_paths(r1, "10.64.0.0/23")) == 3 else erp.bgp_paths(r1, "10.64.0.0/23"),
        "hub prefix not learned from all three peers",
    )
    BEFORE["config"] = erp.config_without_policy(r1)


def test_apply_intent():
    "The seed guide's intent goes in through vtysh and erpolicyd applies it."
    r1, _, _ = erp.engine_gears()
    out = erp.vtysh_config(r1, INTENT)
    assert "%" not in out, out
    st = erp.wait_applied(r1)
    assert not erp.warnings_but_bfd(st), st
    assert st["bgpAsn"] == 65501


def test_azure_prefixes_via_vpn():
    "Azure prefixes: best via a VPN peer with local-preference 200, ExpressRoute at 100."
    r1, _, _ = erp.engine_gears()
    for prefix in AZURE:

        def _check(prefix=prefix):
            paths = erp.bgp_paths(r1, prefix)
            best = [p for p in paths if p.get("bestpath", {}).get("overall")]
            er = [p for p in paths if p.get("peer", {}).get("peerId") == ER_NBR]
            if not best or best[0]["peer"]["peerId"] not in VPN_NBRS:
                return "best path not via VPN: {}\n{}".format(
                    paths, r1.vtysh_cmd("show bgp ipv4 unicast summary")
                )
            if best[0].get("locPrf") != 200:
                return "VPN local-preference not 200: {}".format(best[0])
            if not er or er[0].get("locPrf") != 100:
                return "ExpressRoute path missing or not at 100: {}".format(er)
            return None

        # Well under bgpd's 60 s route-map delay timer: the refresh did it.
        erp.wait_for(_check, prefix, count=30, wait=0.5)

        def _fib(prefix=prefix):
            out = json.loads(r1.vtysh_cmd("show ip route {} json".format(prefix)))
            routes = out.get(prefix, [])
            sel = [r for r in routes if r.get("selected") and r.get("installed")]
            if not sel or sel[0]["protocol"] != "bgp":
                return routes
            nhs = {nh.get("ip") for nh in sel[0]["nexthops"] if nh.get("fib")}
            return None if nhs and nhs <= set(VPN_NBRS) else routes

        erp.wait_for(_fib, "{} not via VPN in zebra's FIB".format(prefix))


def test_gateway_subnet_pinned():
    "The GatewaySubnet is a static route via the ExpressRoute next hop in the FIB, never from VPN."
    r1, _, _ = erp.engine_gears()

    def _pin():
        out = json.loads(r1.vtysh_cmd("show ip route {} json".format(GWSUBNET)))
        routes = out.get(GWSUBNET, [])
        sel = [r for r in routes if r.get("selected") and r.get("installed")]
        if not sel or sel[0]["protocol"] != "static" or sel[0].get("tag") != 4242:
            return routes
        nhs = [nh.get("ip") for nh in sel[0]["nexthops"] if nh.get("fib")]
        return None if nhs == [ER_NBR] else routes

    erp.wait_for(_pin, "GatewaySubnet not pinned via ExpressRoute")
    # vpngw advertises the GatewaySubnet: r1 must have denied it.
    assert erp.bgp_paths(r1, GWSUBNET) == [], erp.bgp_paths(r1, GWSUBNET)
    kernel = r1.cmd("ip route show {}".format(GWSUBNET))
    assert "via {}".format(ER_NBR) in kernel, kernel


def test_advertised_to_azure():
    "ExpressRoute gets the tunnel endpoint and the fallback; VPN gets the on-prem prefix only."
    r1, msee, vpngw = erp.engine_gears()
    erp.wait_for(
        lambda: None
        if _received(msee, "192.168.100.1") == ["10.0.0.0/8", "10.10.10.1/32"]
        else _received(msee, "192.168.100.1"),
        "msee receives the wrong prefixes",
    )
    for gw_side in ("169.254.21.1", "169.254.22.1"):
        erp.wait_for(
            lambda gw_side=gw_side: None
            if _received(vpngw, gw_side) == ["10.1.0.0/16"]
            else _received(vpngw, gw_side),
            "vpngw receives the wrong prefixes from {}".format(gw_side),
        )


def test_verifier_tunnels_up():
    "Tunnels up: every azure-prefix ok via vpn at 200, the GatewaySubnet pinned via expressroute."
    r1, _, _ = erp.engine_gears()
    ok_vpn = {"expected": "vpn", "actual": "vpn", "status": "ok", "localPreference": 200}
    expected = {("azure-prefix", p): ok_vpn for p in AZURE}
    expected[("gateway-subnet", GWSUBNET)] = {
        "expected": "expressroute",
        "actual": "expressroute",
        "pinned": True,
        "status": "ok",
        "bestPathNeighbor": ER_NBR,
    }
    expected[("onprem-prefix", "10.1.0.0/16")] = {"azureReturnPath": "vpn", "status": "ok"}
    erp.wait_for(lambda: erp.expect_verdicts(r1, expected), "verdicts with tunnels up")
    st = erp.show_policy(r1)
    assert st["violations"] == 0, st
    assert {v["bestPathNeighbor"] for v in st["prefix"] if v["role"] == "azure-prefix"} <= set(
        VPN_NBRS
    ), st
    assert all(n["sessionState"] == "Established" for n in st["neighbor"]), st["neighbor"]


def test_verifier_judges_on_change():
    """A quiet router's periodic verifier passes judge nothing again (the statistics count
    them as unchanged); a route change in zebra is judged at once, both ways."""
    r1, _, _ = erp.engine_gears()
    ok_vpn = {"expected": "vpn", "actual": "vpn", "status": "ok", "localPreference": 200}
    erp.wait_for(lambda: erp.expect_verdicts(r1, {("azure-prefix", p): ok_vpn for p in AZURE}),
                 "verdicts with tunnels up")
    stats = lambda: _json_cmd(r1, "show expressroute-policy statistics json")  # noqa: E731
    before = stats()
    # Two periodic passes (every 2 s) with nothing changed.
    erp.wait_for(lambda: None if stats()["verifierUnchanged"] >= before["verifierUnchanged"] + 2
                 else stats(), "periodic verifier passes", count=100, wait=0.1)
    quiet = stats()
    assert quiet["verifierJudged"] == before["verifierJudged"], (before, quiet)

    # A static route for an azure-prefix wins over BGP in zebra; one more specific than the
    # GatewaySubnet takes its tunnel endpoints: violations, then back. (Only the first is
    # a route whose best path the verifier reads from bgpd again.)
    gw_more = "{}/{}".format(GWSUBNET.split("/")[0], int(GWSUBNET.split("/")[1]) + 1)
    for role, prefix, route, fields in (
        ("azure-prefix", AZURE[1], AZURE[1], ok_vpn),
        ("gateway-subnet", GWSUBNET, gw_more, {"status": "ok", "pinned": True}),
    ):
        erp.vtysh_config(r1, ["ip route {} Null0".format(route)])
        try:
            erp.wait_for(lambda: erp.expect_verdicts(r1, {(role, prefix): {"status": "violation"}}),
                         "{} judged with ip route {} Null0".format(prefix, route), count=100,
                         wait=0.05)
        finally:
            erp.vtysh_config(r1, ["no ip route {} Null0".format(route)])
        erp.wait_for(lambda: erp.expect_verdicts(r1, {(role, prefix): fields}),
                     "{} judged again without the static route".format(prefix), count=100,
                     wait=0.05)
    after = stats()
    assert after["verifierJudged"] >= quiet["verifierJudged"] + 4, (quiet, after)
    assert 0 < after["lastJudgementUs"] <= after["longestJudgementUs"], after


def test_probe_survives_busy_erpolicyd():
    """erpolicyd held up for longer than the tunnel probe's detection time (stopped, as a
    long pass or a large `show` would hold its loop), ten times: the requests due meanwhile
    went out late, none was lost, and no tunnel is taken out of preference."""
    r1, _, _ = erp.engine_gears()

    def probes():
        st = erp.show_policy(r1)
        return {n["address"]: n["probe"] for n in st["neighbor"] if n["kind"] == "vpn"}

    erp.wait_for(lambda: None if all(p["state"] == "up" for p in probes().values())
                 else probes(), "the probes up")
    before = {a: p["transitions"] for a, p in probes().items()}
    pid = erp.daemon_pid(r1, "erpolicyd")
    for _ in range(10):
        os.kill(pid, signal.SIGSTOP)
        time.sleep(0.65)  # the detection time is 600 ms (200 ms x 3)
        os.kill(pid, signal.SIGCONT)
        time.sleep(0.5)
    # A take-down decided at the last stop would show within a detection time.
    time.sleep(1.0)
    after = probes()
    assert {a: p["transitions"] for a, p in after.items()} == before, (before, after)
    assert all(p["state"] == "up" for p in after.values()), after


def test_verifier_vpn_down_prefer_vpn():
    "VPN peers down in prefer-vpn: Azure prefixes move to expressroute and are still ok."
    r1, _, vpngw = erp.engine_gears()
    start = time.monotonic()
    _vpngw_sessions(vpngw, shutdown=True)
    ok_er = {"expected": "expressroute", "actual": "expressroute", "status": "ok"}
    expected = {("azure-prefix", p): dict(ok_er, localPreference=100) for p in AZURE}
    expected[("onprem-prefix", "10.1.0.0/16")] = {
        "azureReturnPath": "expressroute",
        "status": "ok",
    }
    erp.wait_for(lambda: erp.expect_verdicts(r1, expected), "verdicts with the VPN down", count=120, wait=0.1)
    print("verifier reported the failover to expressroute {:.2f} s after the VPN sessions were shut".format(
        time.monotonic() - start))
    out = json.loads(r1.vtysh_cmd("show ip route 10.64.0.0/23 json"))
    nhs = [nh["ip"] for r in out["10.64.0.0/23"] if r.get("selected") for nh in r["nexthops"]]
    assert nhs == [ER_NBR], out


RFC8212_WARNING = "mode require-encryption with no bgp ebgp-requires-policy"


def test_verifier_vpn_down_require_encryption():
    "VPN down in require-encryption: no route for Azure prefixes (fail closed), reported as no-route."
    r1, _, vpngw = erp.engine_gears()
    out = erp.vtysh_config(
        r1, ["router expressroute-policy", "no expressroute-fallback 10.0.0.0/8", "mode require-encryption"]
    )
    assert "%" not in out, out
    none = {"expected": "none", "actual": "none", "status": "no-route"}
    expected = {("azure-prefix", p): none for p in AZURE}
    expected[("gateway-subnet", GWSUBNET)] = {"pinned": True, "status": "ok"}
    expected[("onprem-prefix", "10.1.0.0/16")] = {"azureReturnPath": "none", "status": "no-route"}
    erp.wait_for(lambda: erp.expect_verdicts(r1, expected), "fail-closed verdicts")
    # Nothing for the Azure prefixes is installed via ExpressRoute.
    for p in AZURE:
        out = json.loads(r1.vtysh_cmd("show ip route {} json".format(p)))
        assert out == {}, out
    assert erp.show_policy(r1)["violations"] == 0
    # r1 has no bgp ebgp-requires-policy: the strict mode says what that leaves open,
    # until RFC 8212 is back on.
    erp.wait_for(lambda: None if any(RFC8212_WARNING in w for w in erp.show_policy(r1).get("warning", []))
                 else "warnings: {}".format(erp.show_policy(r1).get("warning")),
                 "the ebgp-requires-policy warning")
    out = erp.vtysh_config(r1, ["router bgp 65501", "bgp ebgp-requires-policy"])
    assert "%" not in out, out
    erp.wait_for(lambda: erp.warnings_but_bfd(erp.show_policy(r1)) or None,
                 "the warning gone with bgp ebgp-requires-policy")
    out = erp.vtysh_config(r1, ["router bgp 65501", "no bgp ebgp-requires-policy"])
    assert "%" not in out, out

    # Tunnels back: via vpn again.
    _vpngw_sessions(vpngw, shutdown=False)
    ok_vpn = {"expected": "vpn", "actual": "vpn", "status": "ok", "localPreference": 200}
    erp.wait_for(
        lambda: erp.expect_verdicts(r1, {("azure-prefix", p): ok_vpn for p in AZURE}),
        "back via vpn in require-encryption",
    )
    out = erp.vtysh_config(
        r1, ["router expressroute-policy", "mode prefer-vpn", "expressroute-fallback 10.0.0.0/8"]
    )
    assert "%" not in out, out
    erp.wait_applied(r1)


def test_verifier_asymmetric_return_path():
    "An on-prem prefix advertised over ExpressRoute as well, same length: flagged asymmetric."
    r1, _, _ = erp.engine_gears()
    erp.vtysh_config(
        r1,
        [
            "ip prefix-list OPERATOR-ASYM seq 5 permit 10.1.0.0/16",
            "route-map OPERATOR-ASYM permit 10",
            "match ip address prefix-list OPERATOR-ASYM",
            "exit",
            "router bgp 65501",
            "address-family ipv4 unicast",
            "neighbor {} route-map OPERATOR-ASYM out".format(ER_NBR),
        ],
    )
    r1.vtysh_cmd("clear bgp ipv4 unicast {} soft out".format(ER_NBR))

    def _asym():
        v = erp.verdicts(r1).get(("onprem-prefix", "10.1.0.0/16"), {})
        if v.get("status") == "violation" and "asymmetric" in v.get("reason", ""):
            return None
        return v

    erp.wait_for(_asym, "asymmetric return path not reported")
    v = erp.verdicts(r1)[("onprem-prefix", "10.1.0.0/16")]
    assert v["azureReturnPath"] == "expressroute", v
    # erpolicyd left the operator's binding alone, and said so.
    assert any("OPERATOR-ASYM" in w for w in erp.show_policy(r1)["warning"])

    erp.vtysh_config(
        r1,
        [
            "router bgp 65501",
            "address-family ipv4 unicast",
            "no neighbor {} route-map OPERATOR-ASYM out".format(ER_NBR),
            "exit-address-family",
            "exit",
            "no route-map OPERATOR-ASYM",
            "no ip prefix-list OPERATOR-ASYM",
        ],
    )
    erp.wait_for(
        lambda: erp.expect_verdicts(
            r1, {("onprem-prefix", "10.1.0.0/16"): {"azureReturnPath": "vpn", "status": "ok"}}
        ),
        "return path not back to vpn",
    )
    assert erp.show_policy(r1)["violations"] == 0


def test_show_json_is_the_yang_state():
    """`show expressroute-policy json` is the YANG module's data: the northbound's
    operational data (config false nodes) and configuration of the instance, camelCased,
    are exactly what the show command prints."""
    r1, _, _ = erp.engine_gears()
    erp.wait_applied(r1)

    def _differs():
        show = erp.show_policy(r1)
        yang = erp.yang_to_show_json(erp.yang_state(r1, with_config=True).get("default", {}))
        # What the instance holds in YANG and nowhere else: the state is the same.
        if show != yang:
            keys = sorted(set(show) | set(yang))
            return {k: (show.get(k), yang.get(k)) for k in keys if show.get(k) != yang.get(k)}
        return None

    erp.wait_for(_differs, "show expressroute-policy json differs from the YANG data")
    # Operational data alone: every state node of the module, nothing of the configuration.
    state = erp.yang_state(r1)["default"]
    assert {"apply-state", "drift-repairs", "violations", "neighbor", "prefix"} <= set(state)
    assert "azure-prefix" not in state and "mode" not in state, state
    prefixes = {(p["role"], p["prefix"]): p for p in state["prefix"]}
    assert prefixes[("gateway-subnet", GWSUBNET)]["pinned"] is True, prefixes
    assert prefixes[("azure-prefix", "10.64.0.0/23")]["status"] == "ok", prefixes


def test_idempotent():
    "A converged policy sends nothing: the push counter stays while passes run."
    r1, _, _ = erp.engine_gears()
    applies = erp.show_policy(r1)["applies"]
    owned = erp.owned_config(r1)
    # A deliberate wait, not one for a condition: that nothing happens is seen only by
    # letting passes run (several full passes) and finding the counter unchanged.
    time.sleep(5)
    st = erp.show_policy(r1)
    assert st["applies"] == applies and st["applyState"] == "applied", st
    assert erp.owned_config(r1) == owned


# Edits behind erpolicyd's back: (what the operator or a tool does, how to see it repaired).
def _rmap_entry(r1, header):
    "The lines of one route-map entry in r1's running configuration."
    out = r1.vtysh_cmd("show running-config").splitlines()
    if header not in out:
        return []
    i = out.index(header)
    j = out.index("exit", i)
    return out[i:j]


DRIFT = [
    (
        "route-map deleted",
        ["no route-map ERPOL-VPN-IN-V4 permit 20"],
        lambda r1: "route-map ERPOL-VPN-IN-V4 permit 20" in erp.owned_config(r1),
    ),
    (
        "local-preference changed",
        ["route-map ERPOL-VPN-IN-V4 permit 20", "set local-preference 150"],
        lambda r1: _rmap_entry(r1, "route-map ERPOL-VPN-IN-V4 permit 20")[1:]
        == [" match ip address prefix-list ERPOL-AZURE-V4", " set local-preference 200"],
    ),
    (
        "route-map unbound from a neighbor",
        ["router bgp 65501", "address-family ipv4 unicast",
         "no neighbor 169.254.21.2 route-map ERPOL-VPN-IN-V4 in"],
        lambda r1: "  neighbor 169.254.21.2 route-map ERPOL-VPN-IN-V4 in" in erp.owned_config(r1),
    ),
    (
        "pin route removed",
        ["no ip route 10.64.0.0/26 192.168.100.2 tag 4242"],
        lambda r1: "ip route 10.64.0.0/26 192.168.100.2 tag 4242" in erp.owned_config(r1),
    ),
]


@pytest.mark.parametrize("what,cmds,repaired", DRIFT, ids=[d[0] for d in DRIFT])
def test_drift_repaired(what, cmds, repaired):
    "Each edit of an owned object behind erpolicyd's back is repaired, counted and timed."
    r1, _, _ = erp.engine_gears()
    erp.wait_applied(r1)
    before = erp.show_policy(r1)["driftRepairs"]
    owned = sorted(erp.owned_config(r1))
    out = erp.vtysh_config(r1, cmds)
    assert "%" not in out, out
    start = time.monotonic()
    erp.wait_for(
        lambda: erp.owned_differs(r1, owned)
        or (None if repaired(r1) else {"missing": [], "extra": []}),
        "{} not repaired".format(what),
        count=200,
        wait=0.05,
    )
    print("drift repair ({}): {:.2f} s".format(what, time.monotonic() - start))
    erp.wait_for(
        lambda: None if erp.show_policy(r1)["driftRepairs"] == before + 1 else erp.show_policy(r1),
        "{}: repair not counted".format(what),
    )
    # The effect is back too.
    test_azure_prefixes_via_vpn()


def test_bound_route_map_recreated_after_delay_timer():
    """A route-map deleted whole while bound (outbound: in FRR 10.7.1 the update groups keep
    a pointer to it until bgpd's route-map delay timer runs) is re-created only once that
    timer has run out, so the deleted map is never freed under that pointer; meanwhile the
    neighbor gets what bgpd gives for a missing map. Then the policy is whole again."""
    r1, _, _ = erp.engine_gears()
    erp.wait_applied(r1)
    before = erp.show_policy(r1)["driftRepairs"]
    owned = sorted(erp.owned_config(r1))
    bgpd = erp.daemon_pid(r1, "bgpd")
    # This topology runs bgpd with a 60 s delay timer; 4 s for this test.
    assert "%" not in erp.vtysh_config(r1, ["bgp route-map delay-timer 4"])
    # A deliberate wait: erpolicyd reads the timer from bgpd's configuration in its next full
    # pass (at most about 1 s away), which nothing in its show output tells.
    time.sleep(2)
    try:
        out = erp.vtysh_config(r1, ["no route-map ERPOL-VPN-OUT-V4"])
        assert "%" not in out, out
        start = time.monotonic()
        header = "route-map ERPOL-VPN-OUT-V4 permit 20"
        erp.wait_for(lambda: None if header in erp.owned_config(r1) else "not yet", "not re-created",
                     count=300, wait=0.05)
        took = time.monotonic() - start
    finally:
        assert "%" not in erp.vtysh_config(r1, ["bgp route-map delay-timer 60"])
    print("bound route-map re-created after {:.2f} s".format(took))
    # erpolicyd sees the deletion at most one pass (1 s) late, and waits the timer and 1 s.
    assert took >= 4.0, "re-created {:.2f} s after the deletion, within bgpd's delay timer".format(took)
    erp.wait_for(lambda: None if sorted(erp.owned_config(r1)) == owned else "not whole", "policy not whole",
                 count=100, wait=0.1)
    erp.wait_for(lambda: None if erp.show_policy(r1)["driftRepairs"] == before + 1 else erp.show_policy(r1),
                 "repair not counted")
    assert erp.daemon_pid(r1, "bgpd") == bgpd, "bgpd restarted"
    test_azure_prefixes_via_vpn()


@pytest.mark.parametrize("daemon", ["bgpd", "staticd"])
def test_kill9_under_watchfrr(daemon):
    """kill -9 of bgpd or staticd, restarted by watchfrr (which loads frr.conf into the new
    daemon, without erpolicyd's objects): the policy is back without operator action."""
    r1, _, _ = erp.engine_gears()
    st = erp.wait_applied(r1)
    owned = sorted(erp.owned_config(r1))
    repairs = st["driftRepairs"]
    erp.start_watchfrr(r1, ["mgmtd", "zebra", "staticd", "bgpd", "erpolicyd"])
    try:
        old = erp.kill9(r1, daemon)
        start = time.monotonic()
        erp.wait_for(
            lambda: None
            if erp.daemon_pid(r1, daemon) not in (None, old)
            else "{} not restarted".format(daemon),
            "watchfrr did not restart " + daemon,
            count=60,
            wait=0.25,
        )
        restarted = time.monotonic() - start
        erp.wait_for(
            lambda: erp.owned_differs(r1, owned),
            "policy not back after {} was restarted".format(daemon),
            count=200,
            wait=0.1,
        )
        back = time.monotonic() - start
        print(
            "\nkill -9 {}: restarted by watchfrr after {:.2f} s, policy back after {:.2f} s".format(
                daemon, restarted, back
            )
        )
        st = erp.wait_applied(r1)
        if daemon == "bgpd":
            # The objects the restarted bgpd lost were restored, and counted.
            assert st["driftRepairs"] > repairs, st
            test_azure_prefixes_via_vpn()
        else:
            # staticd gets its configuration back from mgmtd: the pin is in the FIB again.
            test_gateway_subnet_pinned()
    finally:
        erp.stop_watchfrr(r1)


def test_bgpd_not_running_yet():
    "With bgpd gone erpolicyd waits; once bgpd's socket is back the policy is applied at once."
    r1, _, _ = erp.engine_gears()
    owned = erp.owned_config(r1)
    r1.killDaemons(["bgpd"])
    erp.wait_for(
        lambda: None
        if erp.show_policy(r1).get("applyReason") == "bgpd is not reachable"
        else erp.show_policy(r1),
        "erpolicyd does not report bgpd missing",
    )
    r1.startDaemons(["bgpd"])
    # bgpd's own configuration, as the operator's tooling would load it.
    r1.run(
        "{} -d bgpd -f {} 2>&1".format(
            erp.VTYSH, os.path.join(CWD, "erpolicy_engine", "r1", "frr.conf")
        )
    )
    erp.wait_applied(r1)
    assert sorted(erp.owned_config(r1)) == sorted(owned)
    test_azure_prefixes_via_vpn()


def test_neighbor_not_configured():
    "A neighbor named in the intent but missing from router bgp: a warning, no binding, until added."
    r1, _, _ = erp.engine_gears()
    repairs = erp.show_policy(r1)["driftRepairs"]
    erp.vtysh_config(r1, ["router expressroute-policy", "vpn-neighbor 169.254.23.2"])
    erp.wait_for(
        lambda: None
        if any("169.254.23.2 is not configured" in w for w in erp.show_policy(r1).get("warning", []))
        else erp.show_policy(r1),
        "no warning for the missing neighbor",
    )
    assert not [l for l in erp.owned_config(r1) if "169.254.23.2" in l]

    erp.vtysh_config(r1, ["router bgp 65501", "neighbor 169.254.23.2 remote-as 65515"])
    erp.wait_for(
        lambda: None
        if "  neighbor 169.254.23.2 route-map ERPOL-VPN-IN-V4 in" in erp.owned_config(r1)
        else erp.owned_config(r1),
        "binding not added once the neighbor exists",
    )
    st = erp.show_policy(r1)
    assert not erp.warnings_but_bfd(st) and st["driftRepairs"] == repairs, st
    erp.vtysh_config(r1, ["router expressroute-policy", "no vpn-neighbor 169.254.23.2"])
    erp.vtysh_config(r1, ["router bgp 65501", "no neighbor 169.254.23.2"])
    erp.wait_for(
        lambda: None if not [l for l in erp.owned_config(r1) if "169.254.23.2" in l] else 1,
        "binding of the removed neighbor still there",
    )


def test_restart_erpolicyd_sends_nothing():
    "erpolicyd restarted over a correct router pushes nothing."
    r1, _, _ = erp.engine_gears()
    erp.wait_applied(r1)
    owned = erp.owned_config(r1)
    r1.vtysh_cmd("write memory")
    r1.killDaemons(["erpolicyd"])
    r1.startDaemons(["erpolicyd"])
    r1.run("{} -b 2>&1".format(erp.VTYSH))
    st = erp.wait_applied(r1)
    assert st["applies"] == 0, st
    assert sorted(erp.owned_config(r1)) == sorted(owned)


def _maxpfx_lines(r1):
    "bgpd's maximum-prefix settings (the intent's own lines left out)."
    return sorted(l.strip() for l in r1.vtysh_cmd("show running-config").splitlines()
                  if l.startswith("  neighbor ") and " maximum-prefix" in l)


def test_maximum_prefix():
    """maximum-prefix protection: set on the Azure sessions with the policy, repaired when
    changed, its limit enforced by bgpd, removed with the intent's setting; an operator's
    own maximum-prefix on another neighbor is never touched."""
    r1, _, _ = erp.engine_gears()
    erp.wait_applied(r1)
    out = erp.vtysh_config(r1, ["router bgp 65501", "neighbor 169.254.99.9 remote-as 65099",
                                "address-family ipv4 unicast", "neighbor 169.254.99.9 maximum-prefix 7"])
    assert "%" not in out, out
    operator = "neighbor 169.254.99.9 maximum-prefix 7"
    out = erp.vtysh_config(r1, ["router expressroute-policy", "maximum-prefix vpn in 1000",
                                "maximum-prefix restart 5", "maximum-prefix expressroute out 50"])
    assert "%" not in out, out
    want = sorted([
        "neighbor 169.254.21.2 maximum-prefix 1000 restart 5",
        "neighbor 169.254.22.2 maximum-prefix 1000 restart 5",
        "neighbor 192.168.100.2 maximum-prefix-out 50",
        operator,
    ])
    erp.wait_for(lambda: None if _maxpfx_lines(r1) == want else _maxpfx_lines(r1),
                 "maximum-prefix not set on the Azure sessions", count=100, wait=0.1)
    erp.wait_applied(r1)
    repairs = erp.show_policy(r1)["driftRepairs"]

    # Changed behind erpolicyd's back: restored, and counted.
    erp.vtysh_config(r1, ["router bgp 65501", "address-family ipv4 unicast",
                          "neighbor 169.254.21.2 maximum-prefix 5"])
    erp.wait_for(lambda: None if _maxpfx_lines(r1) == want else _maxpfx_lines(r1),
                 "maximum-prefix drift not repaired", count=100, wait=0.1)
    erp.wait_for(lambda: None if erp.show_policy(r1)["driftRepairs"] > repairs else erp.show_policy(r1),
                 "maximum-prefix repair not counted")

    # bgpd enforces it: the VPN gateway sends 2 Azure prefixes, a limit of 1 tears the
    # sessions down, and the Azure prefixes fall back to ExpressRoute.
    erp.vtysh_config(r1, ["router expressroute-policy", "no maximum-prefix restart",
                          "maximum-prefix vpn in 1"])
    def _why(n):
        nb = _json_cmd(r1, "show bgp neighbors {} json".format(n)).get(n, {})
        return "{} {}".format(nb.get("lastResetDueTo"), nb.get("lastNotificationReason"))

    # bgpd's reason: "Reached received prefix count" (its last reset, 10.7), or the
    # NOTIFICATION's "Maximum Number of Prefixes Reached" (10.3).
    def _torn_down(n):
        why = _why(n)
        return "Reached received prefix count" in why or "Maximum Number of Prefixes" in why

    erp.wait_for(
        lambda: None
        if all(_torn_down(n) for n in VPN_NBRS)
        else [_why(n) for n in VPN_NBRS],
        "the VPN sessions were not torn down by maximum-prefix 1",
        count=100, wait=0.1,
    )
    erp.wait_for(lambda: None if all(p["peer"]["peerId"] == ER_NBR
                                     for p in erp.bgp_paths(r1, "10.64.0.0/23")
                                     if p.get("bestpath", {}).get("overall"))
                 else erp.bgp_paths(r1, "10.64.0.0/23"), "hub not back on ExpressRoute")

    # Dropped from the intent: erpolicyd's lines go, the operator's stays.
    erp.vtysh_config(r1, ["router expressroute-policy", "no maximum-prefix vpn in",
                          "no maximum-prefix expressroute out"])
    erp.wait_for(lambda: None if _maxpfx_lines(r1) == [operator] else _maxpfx_lines(r1),
                 "maximum-prefix not removed with the intent's setting", count=100, wait=0.1)
    # A session torn down by its limit stays down until cleared (FRR's behaviour).
    for n in VPN_NBRS:
        r1.vtysh_cmd("clear bgp {}".format(n))
    erp.vtysh_config(r1, ["router bgp 65501", "no neighbor 169.254.99.9"])
    erp.wait_applied(r1)
    test_azure_prefixes_via_vpn()


def _json_cmd(router, cmd):
    try:
        return json.loads(router.vtysh_cmd(cmd))
    except ValueError:
        return {}


LARGE = ["100.{}.{}.0/24".format(64 + i // 256, i % 256) for i in range(300)]


def _session_counters(r1):
    """Per established peer, bgpd's count of sessions established and dropped. A reset
    bumps both. (peerUptimeEstablishedEpoch is now minus a whole-second uptime, so it
    jitters by a second between two reads of the same session.)"""
    out = json.loads(r1.vtysh_cmd("show bgp ipv4 unicast summary json"))
    counters = {p: (v.get("connectionsEstablished"), v.get("connectionsDropped"))
                for p, v in out.get("peers", {}).items() if v.get("state") == "Established"}
    assert all(isinstance(n, int) for c in counters.values() for n in c), counters
    return counters


def _vtysh_file(router, lines):
    path = os.path.join(router.gearlogdir, "large.conf")
    with open(path, "w") as f:
        f.write("\n".join(lines + ["exit", ""]))
    out = router.run("{} -f {} 2>&1".format(erp.VTYSH, path))
    assert "%" not in out, out


def test_large_change_one_batch():
    """300 azure-prefixes added, then removed, each time from a file (vtysh -f): each
    list goes to bgpd as one batch (one commit, as vtysh -f does), every line arrives or
    goes, and no BGP session resets."""
    r1, _, _ = erp.engine_gears()
    owned = erp.owned_config(r1)
    sessions = _session_counters(r1)
    assert len(sessions) == 3, sessions
    log = os.path.join(r1.gearlogdir, "erpolicyd.log")
    mark = os.path.getsize(log)
    start = time.monotonic()
    _vtysh_file(r1, ["router expressroute-policy"] + [" azure-prefix " + p for p in LARGE])
    erp.wait_applied(r1)
    erp.wait_for(lambda: None if len(erp.owned_config(r1)) == len(owned) + len(LARGE) else
                 "{} owned lines".format(len(erp.owned_config(r1))), "300 prefix-list lines in bgpd")
    added = time.monotonic() - start
    bgpd = r1.vtysh_cmd("show running-config", daemon="bgpd")
    missing = [p for p in LARGE if " permit {} le 32".format(p) not in bgpd]
    assert missing == [], missing[:5]
    with open(log) as f:
        f.seek(mark)
        sent = f.read()
    assert "bgpd <- XFRR_start_configuration (300 lines)" in sent, "not sent as one batch"
    assert "bgpd <- XFRR_end_configuration" in sent, "batch not ended"
    start = time.monotonic()
    _vtysh_file(r1, ["router expressroute-policy"] + [" no azure-prefix " + p for p in LARGE])
    erp.wait_for(lambda: None if sorted(erp.owned_config(r1)) == sorted(owned) else
                 "{} owned lines".format(len(erp.owned_config(r1))), "the 300 lines removed")
    erp.wait_applied(r1)
    removed = time.monotonic() - start
    assert _session_counters(r1) == sessions, "a BGP session was reset"
    print("\n300 azure-prefixes: applied after {:.2f} s, removed after {:.2f} s, one batch each"
          .format(added, removed))


def test_remove_one_prefix():
    """Removing one azure-prefix removes exactly the one line it produced, pushed from
    what the daemons were known to hold (nobody configured them since the last pass
    that found nothing to do): `show expressroute-policy statistics` counts it."""
    r1, _, _ = erp.engine_gears()
    owned = erp.owned_config(r1)
    before = _json_cmd(r1, "show expressroute-policy statistics json")
    erp.vtysh_config(r1, ["router expressroute-policy", "no azure-prefix 172.16.0.0/16"])
    def _one_gone():
        if len(erp.owned_config(r1)) == len(owned) - 1:
            return None
        return {
            d: [l for l in r1.vtysh_cmd("show running-config", daemon=d).splitlines() if "172.16" in l]
            for d in ("mgmtd", "zebra", "bgpd", "staticd", "erpolicyd")
        }

    erp.wait_for(_one_gone, "one line should have gone")
    gone = set(owned) - set(erp.owned_config(r1))
    assert len(gone) == 1 and "172.16.0.0/16" in gone.pop(), gone
    erp.wait_applied(r1)
    after = _json_cmd(r1, "show expressroute-policy statistics json")
    assert after["pushes"] == before["pushes"] + 1, (before, after)
    assert after["cachedPasses"] == before["cachedPasses"] + 1, (before, after)
    assert after["fullPasses"] >= before["fullPasses"] + 2, (before, after)  # and its confirmation
    assert after["lastPushBgpdLines"] == 1 and after["lastPushMgmtdLines"] == 0, after
    assert 0 <= after["lastPushMs"] <= after["longestPushMs"], after
    assert after["passes"] > after["fullPasses"], after
    # 172.16.0.0/16 is no longer accepted from either gateway (default deny).
    erp.wait_for(lambda: erp.bgp_paths(r1, "172.16.0.0/16") or None, "172.16.0.0/16 still accepted")
    erp.vtysh_config(r1, ["router expressroute-policy", "azure-prefix 172.16.0.0/16"])
    erp.wait_applied(r1)
    assert sorted(erp.owned_config(r1)) == sorted(owned)


def test_remove_intent_restores_config():
    "no router expressroute-policy removes every owned object and nothing else."
    r1, _, _ = erp.engine_gears()
    erp.vtysh_config(r1, ["no router expressroute-policy"])
    erp.wait_for(
        lambda: None
        if erp.config_without_policy(r1) == BEFORE["config"]
        else "\n".join(
            difflib.unified_diff(
                BEFORE["config"].splitlines(), erp.config_without_policy(r1).splitlines(), lineterm=""
            )
        ),
        "r1's configuration not restored",
    )
    assert erp.owned_config(r1) == []
    assert "route-map OPERATOR-OWN permit 10" in erp.config_without_policy(r1)


if __name__ == "__main__":
    args = ["-s"] + sys.argv[1:]
    sys.exit(pytest.main(args))
