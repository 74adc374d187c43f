# SPDX-License-Identifier: GPL-2.0-or-later
"""
The IPsec lab's checks, shared by the namespace lab (test_lab_ipsec.py) and the containerised
lab (tests/containers, the containerlab topology run with podman): each returns None when
what it checks holds, else what it saw instead, for poll().

They read the routers through erpolicy_lab's helpers, which ask only for a router's name and
vtysh_cmd(), and the tunnels through erpolicy_lab.TUNNEL (name -> lab/ipsec.py Charon, or one
that drives a charon in a container the same way).
"""

import erpolicy_lab as lab
from erpolicy_lab import (
    AZURE_PREFIXES,
    GWSUBNET,
    GWSUBNET6,
    ONPREM,
    ONPREM6,
    ONPREM_SIDE,
    best_via,
    fib_via,
    peers_established,
    pinned,
    verdicts_differ,
)


def lan_if(router):
    return "{}-eth1".format(router.name)


def _azure_via(router, nbr, locprf, ifname):
    """Azure prefixes best via the neighbor ONPREM_SIDE names nbr (nbr + "6" for IPv6) at
    local-preference locprf, in zebra too (out of ifname)."""
    side = ONPREM_SIDE[router.name]
    for prefix in AZURE_PREFIXES:
        addr = side[nbr + "6"] if ":" in prefix else side[nbr]
        err = best_via(router, prefix, addr, locprf) or fib_via(router, prefix, "bgp", addr, ifname)
        if err:
            return err
    return None


def via_own_vpn(router):
    "Azure prefixes best via the router's own tunnel at the VPN's local-preference, in zebra too."
    return _azure_via(router, "vpn_nbr", 200, "ipsec0")


def via_own_er(router):
    "Azure prefixes best via the router's own ExpressRoute link at 100, in zebra too."
    return _azure_via(router, "er_nbr", 100, ONPREM_SIDE[router.name]["er_if"])


def via_partner(router):
    "Azure prefixes via the other on-prem router (iBGP), at the VPN's local-preference."
    return _azure_via(router, "ibgp", 200, lan_if(router))


def pins(router):
    "The GatewaySubnets pinned to the ExpressRoute next hop (zebra, and erpolicyd's verdict)."
    side = ONPREM_SIDE[router.name]
    return (
        fib_via(router, GWSUBNET, "static", side["er_nbr"])
        or fib_via(router, GWSUBNET6, "static", side["er_nbr6"])
        or pinned(router)
    )


def verdicts(router, transport, status="ok", onprem=None):
    "erpolicyd's verdicts: Azure prefixes (and on-prem return paths) on transport."
    want = {p: (transport, transport, status) for p in AZURE_PREFIXES}
    want[GWSUBNET] = want[GWSUBNET6] = ("expressroute", "expressroute", "ok")
    if onprem:
        want[ONPREM] = want[ONPREM6] = onprem
    return verdicts_differ(router, want)


def all_of(*checks):
    "The first failing check's answer, or None."
    for c in checks:
        err = c()
        if err:
            return err
    return None


def sessions(router):
    "Every BGP session of an on-prem router Established (ExpressRoute, VPN, iBGP; v4 and v6)."
    side = ONPREM_SIDE[router.name]
    return peers_established(
        router, [side[k] for k in ("er_nbr", "er_nbr6", "vpn_nbr", "vpn_nbr6", "ibgp", "ibgp6")]
    )


def steady_vpn(g):
    "Both tunnels up and everything through them (g: the routers by name)."
    return all_of(
        lambda: lab.tunnel_up("r1"),
        lambda: lab.tunnel_up("r2"),
        lambda: sessions(g["r1"]),
        lambda: sessions(g["r2"]),
        lambda: via_own_vpn(g["r1"]),
        lambda: via_own_vpn(g["r2"]),
        lambda: pins(g["r1"]),
        lambda: pins(g["r2"]),
    )
