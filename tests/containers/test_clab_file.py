# SPDX-License-Identifier: GPL-2.0-or-later
"""
The containerlab topology file (containers/erpolicyd-lab.clab.yml), without running it:

- it follows containerlab's topology schema in what it uses (lab/clab.py check(): properties,
  kinds, binds, exec, sysctls, link endpoints), and the podman runner can run all of it;
- it is the namespace lab (topotests/erpolicy_lab.py): the same segments with the same interface
  names, the routers' frr.conf bound from topotests/lab_ipsec (shared, not copied), the hosts'
  addresses, and tunnels whose strongSwan files, rendered in the containers by
  lab/ipsec_node.py, are the ones the namespace lab renders with lab/ipsec.py;
- the daemons files start what the configurations need.
"""

import os
import shlex

import pytest
import yaml

from labenv import TOP, TOPOLOGY, framework_missing
from lab import clab, ipsec, ipsec_node

pytestmark = [pytest.mark.containers]

IPSEC_NODE = ["python3", "/opt/erpolicyd-lab/lab/ipsec_node.py"]


@pytest.fixture(scope="module")
def topo():
    return clab.Lab(TOPOLOGY)


@pytest.fixture(scope="module")
def nslab():
    "topotests/erpolicy_lab.py, the namespace lab."
    reason = framework_missing()
    if reason:
        pytest.skip(reason)
    import erpolicy_lab  # pylint: disable=import-outside-toplevel

    return erpolicy_lab


def test_schema(topo):
    "The file against containerlab's topology schema (the part the lab uses)."
    assert topo.errors == []
    assert topo.unsupported() == []
    assert topo.doc["prefix"] == "", "container names are the node names (podman exec -it r1 vtysh)"
    for n in topo.nodes.values():
        assert n.kind == "linux" and n.scalar("network-mode") == "none", n.name


@pytest.mark.parametrize(
    "mutate, expect",
    [
        (lambda d: d.pop("name"), "name is required"),
        (lambda d: d.update(nodez={}), "unknown top-level property 'nodez'"),
        (lambda d: d["topology"]["nodes"]["r1"].update(kind="frrr"), "unknown kind 'frrr'"),
        (lambda d: d["topology"]["nodes"]["r1"].update(bind=["a:b"]), "unknown property 'bind'"),
        (lambda d: d["topology"]["nodes"]["r1"].update(binds="a:b"), "binds is not a list"),
        (lambda d: d["topology"]["nodes"]["r1"].update(binds=["a:b", "a:b"]), "unique"),
        (lambda d: d["topology"]["nodes"]["r1"].update(exec=[]), "exec is empty"),
        (lambda d: d["topology"]["links"].append({"endpoints": ["r1:r1-eth9"]}), "two strings"),
        (lambda d: d["topology"]["links"].append({"endpoints": ["r1", "r2:x"]}), "node:interface"),
        (lambda d: d["topology"]["links"].append({"endpoints": ["r9:e0", "r2:x"]}), "'r9' is not"),
        (lambda d: d["topology"]["links"].append({"endpoints": ["r1:r1-eth0", "r2:x"]}), "used"),
        (lambda d: d["topology"]["links"].append({"endpoints": ["r1:a234567890123456", "r2:x"]}),
         "interface name"),
        (lambda d: d["topology"]["defaults"].update({"network-mode": "bridge"}), "network-mode"),
    ],
)
def test_schema_check_rejects(mutate, expect):
    "The check finds what containerlab's schema (or a deploy) rejects: one case a line."
    with open(TOPOLOGY) as f:
        doc = yaml.safe_load(f)
    assert clab.check(doc) == []
    mutate(doc)
    errors = clab.check(doc)
    assert any(expect in e for e in errors), errors


class _Gear:
    def __init__(self, name):
        self.name = name
        self.ifaces = 0


class _Switch:
    def __init__(self):
        self.members = []

    def add_link(self, gear):
        self.members.append("{}-eth{}".format(gear.name, gear.ifaces))
        gear.ifaces += 1


class _Topogen:
    "What erpolicy_lab.build_topo() makes, recorded: switches and their members' interfaces."

    def __init__(self):
        self.gears = {}
        self.switches = {}
        self.hosts = {}

    def add_router(self, name):
        self.gears[name] = _Gear(name)

    def add_host(self, name, addr, route):
        self.gears[name] = _Gear(name)
        self.hosts[name] = (addr, route)

    def add_switch(self, name):
        self.switches[name] = _Switch()
        return self.switches[name]


def _clab_segments(topo):
    """The layer-2 segments of the file, each a frozenset of interfaces of the routers and
    hosts: a link between two of them, or the links to one bridge (a switch node)."""
    switches = {n for n, node in topo.nodes.items() if node.group == "switch"}
    segs = {}
    for a, ai, b, bi in topo.links:
        if a in switches or b in switches:
            sw, iface = (a, bi) if a in switches else (b, ai)
            segs.setdefault(sw, set()).add(iface)
        else:
            segs[(a, b)] = {ai, bi}
    return {frozenset(s) for s in segs.values()}, switches


def test_same_topology_as_namespace_lab(topo, nslab):
    "The same segments, with the same interface names, as the namespace lab."
    tg = _Topogen()
    nslab.build_topo(tg)
    want = {frozenset(s.members) for s in tg.switches.values()}
    got, switches = _clab_segments(topo)
    assert got == want
    assert set(topo.nodes) - switches == set(tg.gears)
    # Each bridge enslaves exactly its ports.
    for sw in switches:
        ports = {bi if b == sw else ai for a, ai, b, bi in topo.links if sw in (a, b)}
        script = " ".join(topo.nodes[sw].exec)
        assert all(p in script for p in ports), (sw, ports, script)


def test_frr_conf_shared(topo, nslab):
    "Every router's /etc/frr/frr.conf is the namespace lab's file, bound, not copied."
    for name in nslab.ROUTERS:
        binds = {dst: src for src, dst, _ in topo.nodes[name].binds}
        src = binds.get("/etc/frr/frr.conf")
        assert src, "{}: no frr.conf bound".format(name)
        assert os.path.samefile(src, os.path.join(nslab.CONFIGS, name, "frr.conf")), src
        assert "/etc/frr/daemons" in binds, name
    copies = [
        os.path.join(d, f)
        for d, _, files in os.walk(os.path.join(TOP, "containers"))
        for f in files
        if f.endswith(".conf")
    ]
    assert copies == [], "configuration copied into containers/: {}".format(copies)


def _daemons(topo, name):
    src = {dst: src for src, dst, _ in topo.nodes[name].binds}["/etc/frr/daemons"]
    with open(src) as f:
        return {
            l.split("=")[0] for l in f.read().splitlines() if l.endswith("=yes") and "_" not in l
        }


def test_daemons(topo, nslab):
    "bgpd everywhere; erpolicyd on the on-prem routers; bfdd on both ends of ExpressRoute."
    for name in nslab.ROUTERS:
        on = _daemons(topo, name)
        assert "bgpd" in on, (name, on)
        assert ("erpolicyd" in on) == (name in nslab.ONPREM_ROUTERS), (name, on)
        if name in ("r1", "r2", "msee"):
            assert "bfdd" in on, (name, on)


def test_hosts(topo, nslab):
    "The hosts' addresses and default routes are the namespace lab's."
    for name, ((a4, l4, gw4), (a6, l6, gw6)) in nslab.HOSTS.items():
        cmds = [shlex.split(c) for c in topo.nodes[name].exec]
        ifname = "{}-eth0".format(name)
        assert ["ip", "addr", "add", "{}/{}".format(a4, l4), "dev", ifname] in cmds, cmds
        assert ["ip", "-6", "addr", "add", "{}/{}".format(a6, l6), "dev", ifname, "nodad"] in cmds
        assert ["ip", "route", "add", "default", "via", gw4] in cmds
        assert ["ip", "-6", "route", "add", "default", "via", gw6] in cmds


def _tunnel_args(topo, name):
    args = topo.nodes[name].exec_args(IPSEC_NODE)
    assert len(args) == 1, "{}: {}".format(name, topo.nodes[name].exec)
    return args[0]


def test_tunnels_render_as_namespace_lab(topo, nslab, tmp_path):
    """Each tunnel end's parameters are the namespace lab's, and the strongSwan files rendered
    in the container (lab/ipsec_node.py) are those lab/ipsec.py renders for the namespace lab,
    but for where they are written."""
    for onprem in nslab.ONPREM_ROUTERS:
        side = nslab.ONPREM_SIDE[onprem]
        for name, local, remote, addrs, initiator in (
            (onprem, side["endpoint"], side["gw_endpoint"], side["apipa"], True),
            (side["gateway"], side["gw_endpoint"], side["endpoint"], side["gw_apipa"], False),
        ):
            ns_dir, c_dir = tmp_path / ("ns-" + name), tmp_path / ("c-" + name)
            ns_end = ipsec.Charon(name, [], str(ns_dir), local=local, remote=remote,
                                  psk=nslab.PSK, apipa=addrs[0], apipa6=addrs[1],
                                  initiator=initiator)
            c_end = ipsec_node.from_argv(_tunnel_args(topo, name), workdir=str(c_dir))
            ns_end.write_configs()
            c_end.write_configs()
            for f in ("strongswan.conf", "swanctl.conf", "updown.sh"):
                ns_text = (ns_dir / f).read_text().replace(str(ns_dir), "WORKDIR")
                c_text = (c_dir / f).read_text().replace(str(c_dir), "WORKDIR")
                assert c_text == ns_text, "{}: {} differs".format(name, f)
