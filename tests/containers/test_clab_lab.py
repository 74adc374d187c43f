# SPDX-License-Identifier: GPL-2.0-or-later
"""
The containerised lab: containers/erpolicyd-lab.clab.yml brought up with podman by the
project's runner (lab/clab.py: one container per node, --network none, veths made between the
containers' network namespaces), then the IPsec lab topotest's checks on it (topotests/
lab_checks.py and erpolicy_lab's helpers, the same code):

1. FRR 10.7.1 from the project's packages on every router, erpolicyd on r1 and r2;
2. the tunnels up, BGP over them, the Azure prefixes preferred over the VPN (local-preference
   200, ExpressRoute at 100 behind them), the GatewaySubnets pinned to ExpressRoute,
   erpolicyd's verdicts, Azure's return path;
3. hub/spoke <-> on-prem traffic: on the ExpressRoute links only ESP in UDP (and BGP, IKE,
   ARP/ND), from captures on both links;
4. failover and failback: r1's tunnel down -> through r2's tunnel, still encrypted; both down
   -> ExpressRoute (prefer-vpn); back on the tunnels when they are.

The images are built first (tools/build-images.sh, from $ERPOLICYD_DIST, default dist/ of this
checkout; nothing to do when they are current). The
lab is removed at the end whatever happens, after the routers' logs are copied to the log
folder (--containers-logdir, default /tmp/erpolicyd-containers), where the captures are too.

Run as root with Debian's interpreter, after tools/build.sh and tools/setup-topotests.sh:
    /usr/bin/python3 -m pytest -v tests/containers
"""

import os
import shutil
import subprocess
import time
import types

import pytest

from labenv import TOP, TOPOLOGY, framework_missing
from lab import clab, ipsec_node, podman

pytestmark = [pytest.mark.containers]

IPSEC_NODE = ["python3", "/opt/erpolicyd-lab/lab/ipsec_node.py"]
# The inner (data) addresses: never in clear on ExpressRoute while they use the tunnels.
DATA = ("H1", "H1_6", "HUB1", "HUB1_6", "SPOKE1", "SPOKE1_6")


class Box:
    """A container of the lab as erpolicy_lab's helpers see a router or a host: its name,
    vtysh_cmd(), cmd() and run(), and for Capture its network namespace's pid and a log
    folder. Commands run in the container's namespaces through nsenter, faster than podman
    exec (which the tests also use, as a user would)."""

    def __init__(self, lab, name, logdir):
        self.name = name
        self.container = lab.nodes[name].container
        self.net = types.SimpleNamespace(pid=lab.pid(name))
        self.enter = ["nsenter", "-t", str(self.net.pid), "-m", "-u", "-i", "-n", "-p"]
        self.gearlogdir = os.path.join(logdir, name)
        os.makedirs(self.gearlogdir, exist_ok=True)

    def _run(self, argv, timeout=60):
        p = subprocess.run(self.enter + argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=timeout)
        return p.stdout

    def vtysh_cmd(self, cmd):
        return self._run(["vtysh", "-c", cmd])

    def cmd(self, line):
        return self._run(["sh", "-c", line])

    run = cmd


@pytest.fixture(scope="module")
def nslab():
    reason = framework_missing() or podman.missing_setup()
    if reason:
        pytest.skip(reason)
    import erpolicy_lab  # pylint: disable=import-outside-toplevel

    return erpolicy_lab


@pytest.fixture(scope="module")
def checks(nslab):  # pylint: disable=unused-argument
    import lab_checks  # pylint: disable=import-outside-toplevel

    return lab_checks


@pytest.fixture(scope="module")
def g(request, nslab, summary):
    """Build the images, bring the lab up; the routers and hosts by name (Box). Tears the lab
    down at the end, whatever happened."""
    logdir = request.config.getoption("--containers-logdir")
    shutil.rmtree(logdir, ignore_errors=True)
    os.makedirs(logdir)
    t0 = time.monotonic()
    dist = os.environ.get("ERPOLICYD_DIST", os.path.join(TOP, "dist"))
    p = subprocess.run([os.path.join(TOP, "tools", "build-images.sh"), dist],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=1800)
    assert p.returncode == 0, "tools/build-images.sh:\n" + p.stdout[-4000:]
    summary.append("images: {:.1f} s ({})".format(
        time.monotonic() - t0, " ".join(l for l in p.stdout.split() if l.startswith("localhost/"))))
    lab = clab.Lab(TOPOLOGY)
    t0 = time.monotonic()
    try:
        phases = lab.up(log=lambda *_: None)
        summary.append("topology up: {:.1f} s ({})".format(
            time.monotonic() - t0, ", ".join("{} {:.1f} s".format(k, v) for k, v in phases.items())))
        boxes = {name: Box(lab, name, logdir) for name in lab.nodes}
        for name, node in lab.nodes.items():
            for args in node.exec_args(IPSEC_NODE):
                # The container's charon, driven from here as the namespace lab drives its own.
                nslab.TUNNEL[name] = ipsec_node.from_argv(
                    args, boxes[name].enter, os.path.join(logdir, name))
        request.config.containers_lab_start = time.monotonic()
        yield boxes
    finally:
        _keep_logs(lab, logdir)
        nslab.TUNNEL.clear()
        removed = lab.down()
        summary.append("torn down: {} (logs in {})".format(" ".join(removed), logdir))


def _keep_logs(lab, logdir):
    for name, node in lab.nodes.items():
        dst = os.path.join(logdir, name)
        os.makedirs(dst, exist_ok=True)
        for src in ("/var/log/frr", "/run/erpolicyd-lab-ipsec"):
            podman.run("cp", "{}:{}".format(node.container, src), dst, check=False, timeout=60)


def _poll(func, what, timeout, interval=0.25):
    import erpolicy_lab  # pylint: disable=import-outside-toplevel

    return erpolicy_lab.poll(func, what, timeout, interval)


def _data_addrs(nslab):
    return [getattr(nslab, a) for a in DATA]


def test_frr_and_erpolicyd(g):
    "FRR 10.7.1 on every router, erpolicyd on r1 and r2 (through podman exec, as a user would)."
    for name in ("r1", "r2", "msee", "vpngw1", "vpngw2", "azure"):
        out = podman.out(g[name].container, ["vtysh", "-c", "show version"])
        assert "FRRouting 10.7.1" in out, "{}: {}".format(name, out[:300])
    for name in ("r1", "r2"):
        out = podman.out(g[name].container, ["ps", "-o", "args=", "-C", "erpolicyd"])
        assert "/usr/lib/frr/erpolicyd" in out, "{}: erpolicyd not running: {!r}".format(name, out)


def test_tunnels_bgp_policy(g, nslab, checks, summary, request):
    """Tunnels up, BGP over them; Azure prefixes preferred over the VPN, ExpressRoute behind;
    the GatewaySubnets pinned to ExpressRoute; erpolicyd's verdicts; Azure's return path."""
    _poll(lambda: checks.steady_vpn(g), "lab not steady", 120, 0.5)
    summary.append("steady (tunnels, BGP, policy) {:.1f} s after the topology was up".format(
        time.monotonic() - request.config.containers_lab_start))
    sas = nslab.TUNNEL["r1"].list_sas()
    assert "TUNNEL-in-UDP" in sas and "10.64.0.4[4500]" in sas, sas
    for r in ("r1", "r2"):
        router, side = g[r], nslab.ONPREM_SIDE[r]
        assert nslab.TUNNEL[r].hooked() == [], nslab.TUNNEL[r].hooked()
        st = nslab.show_policy(router)
        assert st.get("applyState") == "applied" and "warning" not in st, st
        for prefix in nslab.AZURE_PREFIXES:
            _, paths = nslab.best(router, prefix)
            er = side["er_nbr6"] if ":" in prefix else side["er_nbr"]
            er_paths = [p for p in paths if p.get("peer", {}).get("peerId") == er]
            assert er_paths and er_paths[0].get("locPrf") == 100, paths
        route = nslab.kernel_route_get(router, side["gw_endpoint"])
        assert "via {} dev {}".format(side["er_nbr"], side["er_if"]) in route, route
        for dst in (nslab.HUB1, nslab.SPOKE1, nslab.HUB1_6, nslab.SPOKE1_6):
            assert "dev ipsec0" in nslab.kernel_route_get(router, dst)
        _poll(lambda router=router: checks.verdicts(router, "vpn", onprem=("vpn", "vpn", "ok")),
              "{}: erpolicyd's verdicts".format(r), 30)
    _poll(lambda: nslab.fib_via(g["azure"], nslab.ONPREM, "bgp", "10.64.0.4"),
          "azure's return path", 30)


def test_expressroute_carries_only_esp(g, nslab, checks):
    "Hub/spoke <-> on-prem, IPv4 and IPv6, both ways: on ExpressRoute only ESP in UDP."
    _poll(lambda: checks.steady_vpn(g), "lab not steady", 90, 0.5)
    r1, r2, h1, hub1 = g["r1"], g["r2"], g["h1"], g["hub1"]
    dsts = (nslab.HUB1, nslab.SPOKE1, nslab.HUB1_6, nslab.SPOKE1_6)
    for dst in dsts:
        _poll(lambda dst=dst: nslab.ping_ok(h1, dst), "h1 cannot reach " + dst, 30)
    count = 10

    def _traffic():
        got = {d: nslab.ping(h1, d, count=count, interval=0.1) for d in dsts}
        got["hub1->h1"] = nslab.ping(hub1, nslab.H1, count=count, interval=0.1)
        got["hub1->h1 v6"] = nslab.ping(hub1, nslab.H1_6, count=count, interval=0.1)
        return got

    caps, replies = nslab.capture([(r1, "r1-eth0"), (r2, "r2-eth0"), (r1, "ipsec0")], _traffic)
    assert all(v == count for v in replies.values()), replies
    link1, link2, inner = caps["r1:r1-eth0"], caps["r2:r2-eth0"], caps["r1:ipsec0"]
    # The traffic went into r1's tunnel: in clear on ipsec0, before encryption.
    for src, dst in ((nslab.H1, nslab.HUB1), (nslab.H1_6, nslab.SPOKE1_6), (nslab.HUB1, nslab.H1)):
        assert len([l for l in inner if "{} > {}: ICMP".format(src, dst) in l]) >= count, inner
    for name, lines in (("r1-eth0", link1), ("r2-eth0", link2)):
        clear = nslab.plaintext(lines, _data_addrs(nslab))
        assert clear == [], "in clear on {}:\n{}".format(name, "\n".join(clear))
        other = nslab.unexpected(lines, [("10.10.10.1", "10.64.0.4"), ("10.20.10.1", "10.64.0.5")])
        assert other == [], "unexpected packets on {}:\n{}".format(name, "\n".join(other))
    assert nslab.esp_count(link1, "10.10.10.1", "10.64.0.4") >= 5 * count, "\n".join(link1)
    assert nslab.esp_count(link1, "10.64.0.4", "10.10.10.1") >= 5 * count, "\n".join(link1)


def test_failover_one_tunnel(g, nslab, checks, summary):
    "r1's tunnel down: r1 reaches Azure through r2's tunnel (iBGP), still encrypted; failback."
    _poll(lambda: checks.steady_vpn(g), "lab not steady", 90, 0.5)
    r1, r2, h1 = g["r1"], g["r2"], g["h1"]
    t0 = time.monotonic()
    nslab.tunnel_terminate("r1")
    _poll(lambda: checks.via_partner(r1), "r1 did not move to r2's tunnel", 30, 0.1)
    summary.append("one tunnel down: r1 via r2's tunnel after {:.1f} s".format(time.monotonic() - t0))
    assert checks.via_own_vpn(r2) is None
    _poll(lambda: nslab.ping_ok(h1, nslab.HUB1), "h1 cannot reach hub1 over r2's tunnel", 30)
    caps, replies = nslab.capture(
        [(r1, "r1-eth0"), (r2, "r2-eth0")],
        lambda: {d: nslab.ping(h1, d, count=5, interval=0.1)
                 for d in (nslab.HUB1, nslab.SPOKE1, nslab.HUB1_6, nslab.SPOKE1_6)},
    )
    assert all(v == 5 for v in replies.values()), replies
    for key, lines in caps.items():
        clear = nslab.plaintext(lines, _data_addrs(nslab))
        assert clear == [], "in clear on {}:\n{}".format(key, "\n".join(clear))
    assert nslab.esp_count(caps["r2:r2-eth0"], "10.20.10.1", "10.64.0.5") >= 20, caps["r2:r2-eth0"]

    t0 = time.monotonic()
    nslab.tunnel_initiate("r1")
    _poll(lambda: checks.via_own_vpn(r1), "r1 not back on its own tunnel", 60, 0.1)
    summary.append("failback: r1 on its own tunnel after {:.1f} s".format(time.monotonic() - t0))
    _poll(lambda: checks.steady_vpn(g), "lab not steady after failback", 60, 0.5)


def test_failover_both_tunnels(g, nslab, checks, summary):
    "Both tunnels down (prefer-vpn): ExpressRoute at 100, Azure returns over the fallback; back."
    _poll(lambda: checks.steady_vpn(g), "lab not steady", 90, 0.5)
    r1, r2, h1, azure = g["r1"], g["r2"], g["h1"], g["azure"]
    t0 = time.monotonic()
    nslab.tunnel_terminate("r1")
    nslab.tunnel_terminate("r2")
    _poll(lambda: checks.via_own_er(r1) or checks.via_own_er(r2),
          "did not fail over to ExpressRoute", 30, 0.1)
    summary.append("both tunnels down: ExpressRoute after {:.1f} s".format(time.monotonic() - t0))
    _poll(lambda: checks.pins(r1) or checks.pins(r2), "pins lost", 15)
    _poll(lambda: nslab.fib_via(azure, nslab.FALLBACK, "bgp", "10.64.0.6"), "azure's fallback", 30)
    assert nslab.no_route(azure, nslab.ONPREM) is None
    _poll(lambda: nslab.ping_ok(h1, nslab.HUB1), "h1 cannot reach hub1 over ExpressRoute", 30)
    for r in (r1, r2):
        _poll(lambda r=r: checks.verdicts(r, "expressroute",
                                          onprem=("expressroute", "expressroute", "ok")),
              "{}: verdicts during the failover".format(r.name), 30)

    t0 = time.monotonic()
    nslab.tunnel_initiate("r1")
    nslab.tunnel_initiate("r2")
    _poll(lambda: checks.via_own_vpn(r1) or checks.via_own_vpn(r2), "not back on the tunnels", 60, 0.1)
    summary.append("failback: both tunnels after {:.1f} s".format(time.monotonic() - t0))
    _poll(lambda: checks.steady_vpn(g), "lab not steady after failback", 60, 0.5)
    _poll(lambda: nslab.fib_via(azure, nslab.ONPREM, "bgp", "10.64.0.4"), "azure not back on the VPN", 30)
    for r in (r1, r2):
        _poll(lambda r=r: checks.verdicts(r, "vpn"), "{}: verdicts after failback".format(r.name), 30)
