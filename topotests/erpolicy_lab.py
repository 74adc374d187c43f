# SPDX-License-Identifier: GPL-2.0-or-later
"""
The IPsec lab: the seed guide's topology on real FRR daemons, real IPsec tunnels over the
ExpressRoute links, erpolicyd on both on-prem routers. Used by the lab topotests
(test_lab_ipsec.py) and by the demo (lab_demo.py, the README's main job).

 on-prem (AS 65501)                  ExpressRoute                      Azure
                                     private peering
 h1 10.1.1.10 ─┐                                                  ┌─ hub1 10.64.1.10
   LAN         │ r1 lo 10.10.10.1  ──s1 192.168.100.0/30──┐       │   (hub 10.64.0.0/23)
 10.1.1.0/24 ──┤  ipsec0 169.254.21.1 ·····IKE/ESP······  msee ──┤ GatewaySubnet 10.64.0.0/26
               │    (iBGP r1 <-> r2)   ·  (AS 12076) .6 ──┤  ├─ vpngw1 .4  ipsec0 169.254.21.2
               │ r2 lo 10.20.10.1  ──s2 192.168.200.0/30──┘  ├─ vpngw2 .5  ipsec0 169.254.22.2
                  ipsec0 169.254.22.1 ·····IKE/ESP······     └─ azure .1 (VNet routing, AS 65515)
                                                                   └─ spoke1 172.16.1.10
                                                                      (spoke 172.16.0.0/16)

- r1 and r2 (AS 65501, iBGP over the LAN) each have one ExpressRoute link to the MSEE and
  one route-based IPsec tunnel (IKEv2, ESP in UDP/4500, strongSwan's charon with
  kernel-libipsec: lab/ipsec.py) to one instance of the active-active VPN gateway (AS
  65515), whose endpoints 10.64.0.4 and 10.64.0.5 live in the GatewaySubnet; the tunnels
  run over the ExpressRoute links. BGP to the VPN gateway runs over the tunnels (APIPA
  169.254.21.x and 169.254.22.x; IPv6 over the same tunnels on fd00:169:254:2x::/126).
- msee relays the VNet's address spaces (hub 10.64.0.0/23 with GatewaySubnet
  10.64.0.0/26, spoke 172.16.0.0/16, and 2001:db8:64::/48, 2001:db8:172::/48) over both
  links; the VPN gateway advertises the same prefixes through the tunnels.
- azure chooses its return path as Azure does: longest prefix, then ExpressRoute over VPN.
- erpolicyd on r1 and r2 holds the seed guide's intent (topotests/lab_ipsec/rN/frr.conf).
"""

import json
import os
import re
import subprocess
import time

import pytest

from lib import topotest
from lib.topogen import Topogen, TopoRouter, get_topogen
from lib.topolog import logger

from erpolicy_lib import ROOT, show_policy, vtysh_config

from lab import ipsec
from pykit.netns import nsenter
from pykit.topo import BGP_DAEMONS, add_erpolicyd, gears  # noqa: F401  (gears: for the tests)
from pykit.wait import WaitTimeout, poll  # noqa: F401  (for the lab tests and the demo)

CWD = os.path.dirname(os.path.realpath(__file__))

CONFIGS = os.path.join(CWD, "lab_ipsec")

# bfdd where BFD runs: on the ExpressRoute sessions (r1, r2 and the MSEE).
BFD_ROUTERS = ("r1", "r2", "msee")

ROUTERS = ("r1", "r2", "msee", "vpngw1", "vpngw2", "azure")
ONPREM_ROUTERS = ("r1", "r2")

HUB, HUB6 = "10.64.0.0/23", "2001:db8:64::/48"
SPOKE, SPOKE6 = "172.16.0.0/16", "2001:db8:172::/48"
GWSUBNET, GWSUBNET6 = "10.64.0.0/26", "2001:db8:64::/64"
ONPREM, ONPREM6 = "10.1.1.0/24", "2001:db8:1::/48"
FALLBACK, FALLBACK6 = "10.1.0.0/16", "2001:db8::/47"
AZURE_PREFIXES = (HUB, SPOKE, HUB6, SPOKE6)

# Hosts: (address, prefix length, gateway) for IPv4 and IPv6.
HOSTS = {
    "h1": (("10.1.1.10", 24, "10.1.1.1"), ("2001:db8:1:1::10", 64, "2001:db8:1:1::1")),
    "hub1": (("10.64.1.10", 24, "10.64.1.1"), ("2001:db8:64:1::10", 64, "2001:db8:64:1::1")),
    "spoke1": (("172.16.1.10", 24, "172.16.1.1"), ("2001:db8:172:1::10", 64, "2001:db8:172:1::1")),
}
H1, H1_6 = HOSTS["h1"][0][0], HOSTS["h1"][1][0]
HUB1, HUB1_6 = HOSTS["hub1"][0][0], HOSTS["hub1"][1][0]
SPOKE1, SPOKE1_6 = HOSTS["spoke1"][0][0], HOSTS["spoke1"][1][0]


def _onprem_side(n):
    """On-prem router rN (1 or 2): its ExpressRoute link and peer (MSEE), its iBGP partner
    (the other router on h1's LAN), its tunnel to vpngwN and the tunnel's APIPA addresses."""
    partner = 3 - n
    return {
        "er_if": f"r{n}-eth0",
        "er_nbr": f"192.168.{n}00.2",
        "er_nbr6": f"2001:db8:{n}00::2",
        "vpn_nbr": f"169.254.2{n}.2",
        "vpn_nbr6": f"fd00:169:254:2{n}::2",
        "ibgp": f"10.1.1.{partner}",
        "ibgp6": f"2001:db8:1:1::{partner}",
        "endpoint": f"10.{n}0.10.1",
        "gateway": f"vpngw{n}",
        "gw_endpoint": f"10.64.0.{3 + n}",
        "apipa": (f"169.254.2{n}.1/30", f"fd00:169:254:2{n}::1/126"),
        "gw_apipa": (f"169.254.2{n}.2/30", f"fd00:169:254:2{n}::2/126"),
    }


# Each on-prem router: its links, peers and tunnel.
ONPREM_SIDE = {"r1": _onprem_side(1), "r2": _onprem_side(2)}
PSK = "erpolicyd-lab-ipsec-psk"

# The tunnel ends, by the namespace they run in: r1, vpngw1, r2, vpngw2.
TUNNEL = {}


def build_topo(tgen):
    for name in ROUTERS:
        tgen.add_router(name)
    for name, (v4, _) in HOSTS.items():
        tgen.add_host(name, "{}/{}".format(v4[0], v4[1]), "via {}".format(v4[2]))

    # The order of the links gives the interface names (<router>-eth<N>).
    # s1, s2: ExpressRoute private peering. r1-eth0 / msee-eth0, r2-eth0 / msee-eth1.
    for sw, r in (("s1", "r1"), ("s2", "r2")):
        s = tgen.add_switch(sw)
        s.add_link(tgen.gears[r])
        s.add_link(tgen.gears["msee"])
    # s3: the on-prem LAN. r1-eth1, r2-eth1, h1-eth0.
    s = tgen.add_switch("s3")
    for n in ("r1", "r2", "h1"):
        s.add_link(tgen.gears[n])
    # s4: the GatewaySubnet. msee-eth2, vpngw1-eth0, vpngw2-eth0, azure-eth0.
    s = tgen.add_switch("s4")
    for n in ("msee", "vpngw1", "vpngw2", "azure"):
        s.add_link(tgen.gears[n])
    # s5: the hub's workload subnet (azure-eth1, hub1); s6: the peered spoke (azure-eth2, spoke1).
    for sw, host in (("s5", "hub1"), ("s6", "spoke1")):
        s = tgen.add_switch(sw)
        s.add_link(tgen.gears["azure"])
        s.add_link(tgen.gears[host])


def setup_packages():
    "Run tools/setup-lab.sh; the reason the lab cannot run, or None."
    script = os.path.join(ROOT, "tools", "setup-lab.sh")
    try:
        res = subprocess.run(
            [script], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        return "tools/setup-lab.sh failed: {}".format(e)
    if res.returncode != 0:
        return "tools/setup-lab.sh failed ({}): {}".format(res.returncode, res.stdout.strip())
    missing = ipsec.available()
    if missing:
        return "strongSwan charon with kernel-libipsec not available: missing {}".format(missing)
    return None


def _tunnel_ends(tgen, onprem):
    "The two ends of onprem's tunnel: (on-prem end, VPN gateway end), not started."
    side = ONPREM_SIDE[onprem]
    ends = []
    for name, local, remote, addrs, initiator in (
        (side["gateway"], side["gw_endpoint"], side["endpoint"], side["gw_apipa"], False),
        (onprem, side["endpoint"], side["gw_endpoint"], side["apipa"], True),
    ):
        gear = tgen.gears[name]
        ends.append(
            ipsec.Charon(
                name,
                nsenter(gear.net.pid),
                os.path.join(gear.gearlogdir, "ipsec"),
                local=local,
                remote=remote,
                psk=PSK,
                apipa=addrs[0],
                apipa6=addrs[1],
                initiator=initiator,
            )
        )
    return ends


def start_tunnels(tgen):
    "charon on each VPN gateway instance (responder), then on each on-prem router (initiator)."
    for onprem in ONPREM_ROUTERS:
        for end in _tunnel_ends(tgen, onprem):
            TUNNEL[end.name] = end
            end.start()
            logger.info("%s: charon pid %d, logs in %s", end.name, end.pid, end.workdir)


def stop_tunnels():
    errors = []
    for name in list(TUNNEL):
        try:
            TUNNEL.pop(name).stop()
        except Exception as e:  # pylint: disable=broad-except
            errors.append("{}: {}".format(name, e))
    return errors


INTENT_BLOCK = re.compile(r"^router expressroute-policy.*?^exit\n", re.M | re.S)


def intent_block(router_name):
    "The `router expressroute-policy` block of an on-prem router's lab configuration."
    with open(os.path.join(CONFIGS, router_name, "frr.conf")) as f:
        return INTENT_BLOCK.search(f.read()).group(0)


def start(mod_name, with_intent=True):
    """Build and start the lab: topology, FRR on every router, erpolicyd on r1 and r2, IPv6
    on the hosts, the tunnels. Returns the Topogen. Raises (after cleaning up) on failure.
    with_intent=False: r1 and r2 start without their `router expressroute-policy` block
    (erpolicyd runs, with nothing to do), as a router before erpolicyd is configured."""
    tgen = Topogen(build_topo, mod_name)
    tgen.start_topology()
    try:
        for name in ROUTERS:
            conf = os.path.join(CONFIGS, name, "frr.conf")
            if not with_intent and name in ONPREM_ROUTERS:
                with open(conf) as f:
                    text = INTENT_BLOCK.sub("", f.read())
                conf = os.path.join(tgen.logdir, "{}-without-intent.conf".format(name))
                with open(conf, "w") as f:
                    f.write(text)
            daemons = BGP_DAEMONS + ([(TopoRouter.RD_BFD, None)] if name in BFD_ROUTERS else [])
            tgen.gears[name].load_frr_config(conf, daemons)
        for name in ONPREM_ROUTERS:
            add_erpolicyd(tgen.gears[name])
        tgen.start_router()
        for name, (_, v6) in HOSTS.items():
            host = tgen.gears[name]
            host.cmd("sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0")
            host.cmd("ip -6 addr add {}/{} dev {}-eth0 nodad".format(v6[0], v6[1], name))
            host.cmd("ip -6 route add default via {}".format(v6[2]))
        start_tunnels(tgen)
    except BaseException:
        stop_tunnels()
        tgen.stop_topology()
        raise
    return tgen


def start_or_skip(mod_name, with_intent=True):
    "A lab test module's setup: start(), or skip the module when the lab cannot run here."
    reason = setup_packages()
    if reason:
        pytest.skip(reason, allow_module_level=True)
    return start(mod_name, with_intent)


def write_figures(filename, figures, what):
    """The figures of a lab test as JSON in its log folder (the benchmark report imports them
    from there), logged as WHAT. Returns the file's path."""
    path = os.path.join(get_topogen().logdir, filename)
    with open(path, "w") as f:
        json.dump(figures, f, indent=1, sort_keys=True)
    logger.info("%s in %s: %s", what, path, figures)
    return path


def stop():
    "Stop the tunnels and the topology; returns the errors seen stopping the tunnels."
    errors = stop_tunnels()
    get_topogen().stop_topology()
    return errors


# --- reading the routers ----------------------------------------------------------------------


def json_cmd(router, cmd):
    """vtysh's JSON output of cmd on router, {} when there is none (bgpd prints nothing for
    `show bgp ipv4 unicast PREFIX json` while PREFIX is not in its table)."""
    out = router.vtysh_cmd(cmd)
    try:
        return json.loads(out[out.index("{") :]) if "{" in out else {}
    except ValueError:
        return {}


def afi(prefix):
    return "ipv6" if ":" in prefix else "ipv4"


def peer_state(router, addr):
    "The BGP session state to addr ('Established', ...)."
    out = json_cmd(router, "show bgp neighbors {} json".format(addr))
    return out.get(addr, {}).get("bgpState")


def peers_established(router, addrs):
    bad = {a: peer_state(router, a) for a in addrs}
    bad = {a: s for a, s in bad.items() if s != "Established"}
    return "{}: sessions not Established: {}".format(router.name, bad) if bad else None


def established_count(router, addr):
    "How many times the session to addr has been established (bgpd's counter)."
    out = json_cmd(router, "show bgp neighbors {} json".format(addr))
    return out.get(addr, {}).get("connectionsEstablished", 0)


def best(router, prefix):
    "(best path, all paths) of prefix in router's BGP table."
    out = json_cmd(router, "show bgp {} unicast {} json".format(afi(prefix), prefix))
    paths = out.get("paths", [])
    bests = [p for p in paths if p.get("bestpath", {}).get("overall")]
    return (bests[0] if bests else None), paths


def best_via(router, prefix, nbr, locprf):
    "None if prefix's best path on router is from nbr at local-preference locprf."
    b, paths = best(router, prefix)
    if not b:
        return "{}: no best path for {}: {}".format(router.name, prefix, paths)
    got = (b.get("peer", {}).get("peerId"), b.get("locPrf"))
    if got != (nbr, locprf):
        return "{}: {} best via {} at {} (want {} at {})".format(
            router.name, prefix, got[0], got[1], nbr, locprf
        )
    return None


def fib_via(router, prefix, protocol, nexthop, ifname=None):
    """None if zebra's selected, installed route for prefix is protocol via nexthop. An IPv6
    BGP route has the peer's link-local address as its next hop: given ifname, any next hop
    on that interface will do."""
    out = json_cmd(router, "show {} route {} json".format("ipv6" if ":" in prefix else "ip", prefix))
    routes = out.get(prefix, [])
    sel = [r for r in routes if r.get("selected") and r.get("installed")]
    if not sel:
        return "{}: {} not selected/installed: {}".format(router.name, prefix, routes)
    nhs = [nh for nh in sel[0].get("nexthops", []) if nh.get("fib")]
    got = sorted(nh.get("ip", nh.get("interfaceName")) for nh in nhs)
    if ifname and all(nh.get("interfaceName") == ifname for nh in nhs) and nhs:
        got = [nexthop]
    if sel[0].get("protocol") != protocol or got != [nexthop]:
        return "{}: {}: {} via {} (want {} via {}{})".format(
            router.name, prefix, sel[0].get("protocol"), got, protocol, nexthop,
            " on " + ifname if ifname else "",
        )
    return None


def no_route(router, prefix):
    "None if zebra has no route for prefix at all (fail closed)."
    out = json_cmd(router, "show {} route {} json".format("ipv6" if ":" in prefix else "ip", prefix))
    routes = out.get(prefix)
    return "{}: {} still routed: {}".format(router.name, prefix, routes) if routes else None


def kernel_via(router, prefix, gateway=None, dev=None):
    """None if the kernel's FIB on router routes prefix (exactly) via gateway (and/or out of
    dev); gateway and dev both None: None if it has no route for prefix at all. Cheap (no
    vtysh), for timing a failover to within a few milliseconds."""
    out = router.cmd("ip -j {} route show {}".format("-6" if ":" in prefix else "-4", prefix))
    try:
        routes = json.loads(out) if out.strip() else []
    except ValueError:
        return "unparsable: " + out[:200]
    if gateway is None and dev is None:
        return "{}: {} still in the FIB: {}".format(router.name, prefix, routes) if routes else None
    for r in routes:
        hops = r.get("nexthops") or [r]
        if all((gateway is None or h.get("gateway") == gateway) and (dev is None or h.get("dev") == dev)
               for h in hops):
            return None
    return "{}: {} in the FIB: {} (want via {} {})".format(router.name, prefix, routes, gateway, dev)


def kernel_route_get(router, addr):
    return router.cmd("ip {} route get {}".format("-6" if ":" in addr else "-4", addr)).strip()


def verdicts_differ(router, want):
    """None if erpolicyd on router reports, for each prefix of want, (expected transport,
    actual transport, status) as given; else topotest's report of what differs."""
    rows = [{"prefix": p, "expected": e, "actual": a, "status": s} for p, (e, a, s) in want.items()]
    diff = topotest.json_cmp(show_policy(router), {"prefix": rows})
    return "{}: verdicts (want {}): {}".format(router.name, want, diff) if diff else None


def show_agrees(router):
    """None if erpolicyd's verdict of every Azure prefix on router names the best path bgpd
    has now (neighbor and local-preference): what `show expressroute-policy` prints is
    current, not the state before the last route change."""
    rows = {p.get("prefix"): p for p in show_policy(router).get("prefix", [])
            if p.get("role") == "azure-prefix"}
    for prefix in AZURE_PREFIXES:
        b, _ = best(router, prefix)
        want = (b.get("peer", {}).get("peerId"), b.get("locPrf")) if b else (None, None)
        row = rows.get(prefix, {})
        got = (row.get("bestPathNeighbor"), row.get("localPreference"))
        if got != want:
            return "{}: {} shown via {} at local-preference {}, bgpd's best path {} at {}".format(
                router.name, prefix, got[0], got[1], want[0], want[1])
    return None


def pinned(router):
    "None if every gateway-subnet on router is pinned (erpolicyd's verdict)."
    st = show_policy(router)
    pins = {p["prefix"]: p.get("pinned") for p in st.get("prefix", []) if p.get("role") == "gateway-subnet"}
    return None if pins and all(pins.values()) else "{}: pins {}".format(router.name, pins)


# --- the tunnels ------------------------------------------------------------------------------


def tunnel_up(onprem):
    """None if both ends of onprem's tunnel report the IKE SA established, the CHILD SAs
    installed, and the tunnel's addresses on ipsec0."""
    ends = (onprem, ONPREM_SIDE[onprem]["gateway"])
    states = {n: TUNNEL[n].sa_state() for n in ends}
    bad = {n: s for n, s in states.items() if s != ("ESTABLISHED", "INSTALLED")}
    bare = [n for n in ends if not TUNNEL[n].addressed()]
    if bad or bare:
        return "tunnel of {} not up: SAs {}, no address on ipsec0 of {}".format(onprem, bad, bare)
    return None


def tunnel_terminate(onprem):
    "Tear onprem's tunnel down from the on-prem end (IKE SA deleted at both ends)."
    res = TUNNEL[onprem].terminate()
    assert res.returncode == 0, res.stdout + res.stderr


def tunnel_initiate(onprem):
    res = TUNNEL[onprem].initiate()
    assert res.returncode == 0, res.stdout + res.stderr


# --- silent failures --------------------------------------------------------------------------
#
# nftables in the MSEE's namespace drops packets on their way, as a broken path would: no
# interface goes down, no IKE or BGP message says goodbye. The table is removed to lift it.

DROP_TABLE = "erpolicyd_lab_drop"


def _nft(router, script):
    path = os.path.join(router.gearlogdir, "nft-drop.conf")
    with open(path, "w") as f:
        f.write(script)
    out = router.cmd("nft -f {} 2>&1; echo rc=$?".format(path))
    assert out.strip().endswith("rc=0"), "{}: nft: {}".format(router.name, out)


def drop_tunnels(msee, onprems):
    """Silently drop the IKE and ESP packets of the tunnels of onprems (on-prem router names)
    where the MSEE forwards them."""
    rules = []
    for name in onprems:
        side = ONPREM_SIDE[name]
        ends = "{{ {}, {} }}".format(side["endpoint"], side["gw_endpoint"])
        rules.append("  ip saddr {0} ip daddr {0} udp dport {{ 500, 4500 }} drop".format(ends))
    _nft(msee, "table inet {} {{\n chain drop_forward {{\n  type filter hook forward priority -300;\n{}\n }}\n}}\n".format(
        DROP_TABLE, "\n".join(rules)))


def drop_er_link(msee, onprem):
    "Silently drop everything on onprem's ExpressRoute link, at the MSEE's end."
    ifname = "msee-eth{}".format(0 if onprem == "r1" else 1)
    _nft(
        msee,
        "table inet {t} {{\n"
        " chain drop_forward {{ type filter hook forward priority -300; iifname \"{i}\" drop; oifname \"{i}\" drop; }}\n"
        " chain drop_input {{ type filter hook input priority -300; iifname \"{i}\" drop; }}\n"
        " chain drop_output {{ type filter hook output priority -300; oifname \"{i}\" drop; }}\n"
        "}}\n".format(t=DROP_TABLE, i=ifname),
    )


def drop_lift(msee):
    msee.cmd("nft delete table inet {} 2>/dev/null".format(DROP_TABLE))


def probe(router, nbr):
    "erpolicyd's probe of vpn-neighbor nbr on router ({} when it has none)."
    for n in show_policy(router).get("neighbor", []):
        if n.get("address") == nbr:
            return n.get("probe", {})
    return {}


def bfd_state(router, nbr):
    for n in show_policy(router).get("neighbor", []):
        if n.get("address") == nbr:
            return n.get("bfdState")
    return None


# --- traffic ----------------------------------------------------------------------------------


def ping(host, dst, count=3, interval=0.2, wait=1):
    "Number of replies host gets from dst."
    out = host.cmd(
        "ping {} -n -c {} -i {} -W {} {}".format("-6" if ":" in dst else "-4", count, interval, wait, dst)
    )
    m = re.search(r"(\d+) received", out)
    return int(m.group(1)) if m else 0


def ping_ok(host, dst):
    return None if ping(host, dst, count=1) == 1 else "{}: no reply from {}".format(host.name, dst)


class Capture:
    """tcpdump on (router, interface) pairs, in the routers' network namespaces (its files
    are the host's), from start() to stop(), which returns {"router:ifname": decoded
    packets, one line each}."""

    def __init__(self, targets):
        self.targets = targets
        self.procs = {}

    def start(self):
        stamp = int(time.time() * 1000)
        for router, ifname in self.targets:
            key = "{}:{}".format(router.name, ifname)
            pcap = os.path.join(router.gearlogdir, "capture-{}-{}.pcap".format(stamp, ifname))
            with open(pcap + ".err", "w") as err:
                self.procs[key] = (
                    pcap,
                    subprocess.Popen(
                        nsenter(router.net.pid) + ["tcpdump", "-i", ifname, "-n", "-U", "-w", pcap],
                        stdin=subprocess.DEVNULL,
                        stdout=subprocess.DEVNULL,
                        stderr=err,
                    ),
                )
        for key, (pcap, _) in self.procs.items():
            poll(
                lambda pcap=pcap: None if "listening on" in open(pcap + ".err").read() else "not listening",
                "tcpdump on {} did not start".format(key),
                timeout=10,
            )
        return self

    def stop(self):
        for _, proc in self.procs.values():
            proc.terminate()
        for _, proc in self.procs.values():
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        lines = {}
        for key, (pcap, _) in self.procs.items():
            out = subprocess.run(
                ["tcpdump", "-r", pcap, "-n"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
            ).stdout
            lines[key] = out.splitlines()
        self.procs = {}
        return lines


def capture(targets, action):
    """Capture on targets while action() runs; returns (packets as Capture.stop() gives
    them, what action() returned)."""
    cap = Capture(targets).start()
    try:
        result = action()
        time.sleep(0.5)  # let the last replies reach the capture
    finally:
        lines = cap.stop()
    return lines, result


# What may cross an ExpressRoute link besides the tunnels' ESP: BGP and BFD (UDP 3784,
# echo 3785) with the MSEE, IKE (dead peer detection on 4500), ARP and IPv6 neighbor
# discovery.
_CONTROL = re.compile(
    r"(\.179 > |\.179: |> [0-9a-f:.]+\.179: )"
    r"|> [0-9a-f:.]+\.378[45]: |BFDv1"
    r"|NONESP-encap|isakmp"
    r"| ARP,|ICMP6, neighbor (solicitation|advertisement)|ICMP6, router|ICMP6, multicast listener"
)


def plaintext(lines, addrs):
    "The captured lines that show one of the inner (data) addresses: traffic in clear."
    return [l for l in lines if any(re.search(r"(^|[ >])" + re.escape(a) + r"[.: ]", l) for a in addrs)]


def unexpected(lines, esp_pairs):
    "Captured lines that are neither ESP between the given endpoint pairs nor control traffic."
    esp = ["{}.4500 > {}.4500: UDP-encap: ESP".format(a, b) for a, b in esp_pairs]
    esp += ["{}.4500 > {}.4500: UDP-encap: ESP".format(b, a) for a, b in esp_pairs]
    return [l for l in lines if not any(e in l for e in esp) and not _CONTROL.search(l)]


def esp_count(lines, src, dst):
    return len([l for l in lines if "{}.4500 > {}.4500: UDP-encap: ESP".format(src, dst) in l])


def reconfigure(routers, lines):
    "The same configuration lines on several routers through vtysh; fails on any error."
    for r in routers:
        out = vtysh_config(r, lines)
        assert "%" not in out, "{}: {}".format(r.name, out)
