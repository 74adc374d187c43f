# SPDX-License-Identifier: GPL-2.0-or-later
"""
Helpers shared by erpolicyd's topotests: running erpolicyd under FRR's topotest
framework, reading its configuration block and its show output.
"""

import json
import os
import re

import pytest

from lib import topotest
from lib.topogen import get_topogen

# The project's top folder (conftest.py puts it on sys.path, or tests/containers/labenv.py):
# the Python kit (pykit/) and the lab (lab/).
ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))

from pykit import topo, vty
from pykit.topo import add_erpolicyd  # noqa: F401  (for the tests)
from pykit.wait import poll

# FRR as its packages install it (tools/build-debs.sh): vtysh on PATH, the daemons and
# their scripts in FRR's daemon folder.
VTYSH = "/usr/bin/vtysh"
FRR_SBINDIR = "/usr/lib/frr"

# The marks of a test module on FRR's BGP daemons with erpolicyd (its pytestmark).
DAEMON_MARKS = [pytest.mark.erpolicyd, pytest.mark.bgpd, pytest.mark.staticd, pytest.mark.mgmtd]


def policy_block(router):
    "The `router expressroute-policy` blocks of show running-config, as text."
    out = router.vtysh_cmd("show running-config")
    blocks = re.findall(r"^router expressroute-policy.*?^exit$", out, re.M | re.S)
    return "\n".join(blocks)


# The per-neighbor line erpolicyd sets for its tunnel probe (on the vpn-neighbors; the
# topologies have it nowhere else).
# The tag of erpolicyd's pin routes (ERPOLICY_PIN_TAG in erpolicyd/erpolicy_intent.h).
PIN_TAG = 4242
SOFT_IN = re.compile(r"^  neighbor \S+ soft-reconfiguration inbound$")


def owned_config(router):
    "Every line of bgpd's and mgmtd's running config that erpolicyd owns."
    out = router.vtysh_cmd("show running-config")
    return [
        l
        for l in out.splitlines()
        if "ERPOL-" in l or re.search(r" tag %d( |$)" % PIN_TAG, l) or SOFT_IN.match(l)
    ]


def owned_differs(router, owned):
    """None when owned_config(router) is owned (a sorted list), else the lines missing and
    the lines extra."""
    now = sorted(owned_config(router))
    if now == owned:
        return None
    return {"missing": sorted(set(owned) - set(now)), "extra": sorted(set(now) - set(owned))}


def config_without_policy(router):
    """show running-config minus erpolicyd's own block, the volatile header and
    the per-daemon `log file` lines (the framework gives each daemon its own log
    file; a `write memory` + `vtysh -b` collapses them to one): what the rest
    of the router is configured with."""
    out = router.vtysh_cmd("show running-config")
    out = re.sub(r"^router expressroute-policy.*?^exit\n", "", out, flags=re.M | re.S)
    lines = [
        l
        for l in out.splitlines()
        if l.strip() not in ("!", "")
        and not l.startswith("Building configuration")
        and not l.startswith("log file ")
    ]
    return "\n".join(lines)


# FRR 10.7's vtysh also sends route-map and prefix-list commands to mgmtd, which answers
# one that changes nothing of its own with this note: not an error.
MGMTD_NOOP_NOTE = re.compile(
    r"^% Configuration applied with notes:\n\s*No changes found to be committed!\n?", re.M
)


def vtysh_config(router, lines):
    """Enter lines in config mode through vtysh, one `-c` each, as an operator
    would type them. Returns vtysh's output, less mgmtd's no-op note."""
    args = " ".join("-c '{}'".format(l) for l in ["configure terminal"] + lines)
    return MGMTD_NOOP_NOTE.sub("", router.run("{} {} 2>&1".format(VTYSH, args)))


def show_policy(router, vrf=None):
    "show expressroute-policy [vrf NAME] json, for one VRF."
    vrf = vrf or "default"
    out = router.vtysh_cmd("show expressroute-policy vrf {} json".format(vrf))
    try:
        return json.loads(out).get(vrf, {})
    except ValueError:
        return {"unparsable": out[:2000]}


def warnings_but_bfd(st):
    """The warnings of a show_policy() answer but the one for an ExpressRoute neighbor without
    BFD: the topologies that are not about BFD run none."""
    return [w for w in st.get("warning", []) if " has no BFD: " not in w]


# The daemons file of a router under watchfrr: the options the framework starts them with.
DAEMONS_FILE = """\
{yes}
{options}
"""


def start_watchfrr(router, daemons):
    """Supervise daemons with watchfrr as an FRR installation does (watchfrr.sh and
    frrcommon.sh from FRR's daemon folder: a restarted daemon gets frr.conf through vtysh -b).
    Returns watchfrr's pid. The router's /etc/frr is its own."""
    opts = "--command-log-always --log file:{}.log --log-level debug"
    router.cmd(
        "cat > /etc/frr/daemons <<'EOF'\n{}EOF".format(
            DAEMONS_FILE.format(
                yes="\n".join("{}=yes".format(d) for d in daemons),
                options="\n".join('{}_options="{}"'.format(d, opts.format(d)) for d in daemons),
            )
        )
    )
    router.cmd(
        "cd {} && {}/watchfrr -d -i 1 --min-restart-interval 1 "
        "--max-restart-interval 2 {} > watchfrr.out 2>&1".format(
            router.gearlogdir, FRR_SBINDIR, " ".join(daemons)
        )
    )
    pid = router.cmd("cat /var/run/frr/watchfrr.pid").strip()
    assert pid.isdigit(), "watchfrr did not start: " + router.cmd(
        "cat {}/watchfrr.out".format(router.gearlogdir)
    )
    return int(pid)


def stop_watchfrr(router):
    router.cmd("kill $(cat /var/run/frr/watchfrr.pid) 2>/dev/null; rm -f /var/run/frr/watchfrr.pid")


def daemon_pid(router, daemon):
    "The pid in the daemon's pid file (None when there is none)."
    pid = router.cmd("cat /var/run/frr/{}.pid 2>/dev/null".format(daemon)).strip()
    return int(pid) if pid.isdigit() else None


def kill9(router, daemon):
    "kill -9 a daemon, as a crash would; returns its old pid."
    pid = daemon_pid(router, daemon)
    assert pid, "{} has no pid file".format(daemon)
    router.cmd("kill -9 {}".format(pid))
    return pid


def daemon_cmd(router, daemon, cmd):
    """A command sent straight to one daemon's vty socket (for what vtysh does not pass on,
    such as lib's `show yang operational-data`), by the kit's vty client run in the router's
    namespaces. Returns the reply text."""
    return router.cmd(
        "/usr/bin/python3 {} /var/run/frr/{}.vty '{}'".format(
            os.path.realpath(vty.__file__), daemon, cmd
        )
    )


def yang_state(router, with_config=False):
    """erpolicyd's YANG data (frr-expressroute-policy) as the northbound serves it: the
    instances keyed by VRF, the leaves in YANG's JSON encoding (kebab-case names)."""
    out = daemon_cmd(
        router,
        "erpolicyd",
        "show yang operational-data /frr-expressroute-policy:expressroute-policy{}".format(
            " with-config" if with_config else ""
        ),
    )
    try:
        data = json.loads(out)
    except ValueError:
        return {"unparsable": out[:2000]}
    top = data.get("frr-expressroute-policy:expressroute-policy", {})
    return {i["vrf"]: i for i in top.get("instance", [])}


def camel(name):
    "FRR's JSON key for a YANG name: kebab-case to camelCase."
    head, *rest = name.split("-")
    return head + "".join(w[:1].upper() + w[1:] for w in rest)


def yang_to_show_json(node):
    """YANG JSON (RFC 7951: kebab-case names, 64-bit integers as strings) in the form of
    erpolicyd's show JSON (camelCase names, numbers as numbers)."""
    if isinstance(node, dict):
        return {camel(k): yang_to_show_json(v) for k, v in node.items()}
    if isinstance(node, list):
        return [yang_to_show_json(v) for v in node]
    if isinstance(node, str) and node.isdigit():
        return int(node)
    return node


def wait_applied(router, vrf=None, count=60, wait=0.5):
    "Wait until erpolicyd reports the policy applied; returns the final show."

    def _applied():
        st = show_policy(router, vrf)
        return None if st.get("applyState") == "applied" else st

    wait_for(_applied, "policy not applied", count=count, wait=wait)
    st = show_policy(router, vrf)
    assert st.get("applyState") == "applied", "policy not applied: {}".format(st)
    return st


def wait_for(func, what, count=60, wait=0.5):
    """poll() for count * wait seconds, wait seconds apart, at least 15 s: func returns None
    on success or a description of what is still wrong."""
    poll(func, what, timeout=max(count, int(15.0 / wait) + 1) * wait, interval=wait)


def engine_topo(tgen):
    """The engine topology: r1 with its ExpressRoute peer msee (s1, r1-eth0) and the VPN
    gateway vpngw over two links standing in for the tunnels (s2 r1-eth1, s3 r1-eth2)."""
    for name in ("r1", "msee", "vpngw"):
        tgen.add_router(name)
    for switch, peer in (("s1", "msee"), ("s2", "vpngw"), ("s3", "vpngw")):
        tgen.add_switch(switch).add_link(tgen.gears["r1"])
        tgen.gears[switch].add_link(tgen.gears[peer])


def start_engine_topo(mod_name, confdir):
    """Start the engine topology with each router's frr.conf from topotests/CONFDIR/NAME/
    (zebra, mgmtd, staticd, bgpd) and erpolicyd on r1."""
    here = os.path.dirname(os.path.realpath(__file__))
    return topo.start(engine_topo, mod_name, os.path.join(here, confdir), erpolicyd=["r1"])


def engine_module(confdir):
    """setup_module and teardown_module of a test module on the engine topology, with the
    routers' frr.conf from topotests/CONFDIR/ (start_engine_topo)."""

    def setup_module(mod):
        start_engine_topo(mod.__name__, confdir)

    def teardown_module(mod):
        get_topogen().stop_topology()

    return setup_module, teardown_module


# The intent of the engine topology's r1 (erpolicy_engine/, erpolicy_ipv6/, drift_soak/,
# erpolicy_netns_vrf/), by address family: what its peers and r1 advertise.
ENGINE_INTENT = {
    4: {
        "azure-prefix": ["10.64.0.0/23", "172.16.0.0/16"],
        "gateway-subnet": ["10.64.0.0/26"],
        "expressroute-neighbor": ["192.168.100.2"],
        "vpn-neighbor": ["169.254.21.2", "169.254.22.2"],
        "tunnel-endpoint": ["10.10.10.1/32"],
        "onprem-prefix": ["10.1.0.0/16"],
        "expressroute-fallback": ["10.0.0.0/8"],
    },
    6: {
        "azure-prefix": ["2001:db8:64::/48", "2001:db8:172::/48"],
        "gateway-subnet": ["2001:db8:64::/64"],
        "expressroute-neighbor": ["2001:db8:100::2"],
        "vpn-neighbor": ["fd00:21::2", "fd00:22::2"],
        "tunnel-endpoint": ["2001:db8:10::1/128"],
        "onprem-prefix": ["2001:db8:1::/48"],
        "expressroute-fallback": ["2001:db8::/32"],
    },
}


def engine_intent(families=(4,), vrf=None, fallback=True):
    """The configuration lines of the engine topology's intent for the address families
    (4, 6) in `router expressroute-policy [vrf VRF]`, each item for every family in turn;
    without the expressroute-fallback unless fallback."""
    lines = ["router expressroute-policy" + (" vrf {}".format(vrf) if vrf else "")]
    for item in ENGINE_INTENT[4]:
        if item != "expressroute-fallback" or fallback:
            lines += ["{} {}".format(item, v) for f in families for v in ENGINE_INTENT[f][item]]
    return lines + ["exit"]


def engine_gears():
    "(r1, msee, vpngw) of the running engine topology; skips when a router has failed."
    g = topo.gears()
    return g["r1"], g["msee"], g["vpngw"]


def sessions_established(router, peers, afi="ipv4"):
    """None when bgpd's sessions to peers (addresses) are Established, else topotest's report
    of what differs (show bgp AFI unicast summary json, compared with router_json_cmp)."""
    return topotest.router_json_cmp(
        router,
        "show bgp {} unicast summary json".format(afi),
        {"peers": {p: {"state": "Established"} for p in peers}},
    )


def bgp_paths(router, prefix):
    "bgpd's paths for prefix (IPv4 or IPv6 unicast, from the prefix)."
    afi = "ipv6" if ":" in prefix else "ipv4"
    out = json.loads(router.vtysh_cmd("show bgp {} unicast {} json".format(afi, prefix)))
    return out.get("paths", [])


def verdicts(router, vrf=None):
    "The verifier's per-prefix verdicts, by (role, prefix)."
    return {(v["role"], v["prefix"]): v for v in show_policy(router, vrf).get("prefix", [])}


def expect_verdicts(router, expected, vrf=None):
    """None when every (role, prefix) verdict has the expected fields, else topotest's report
    of what differs (show expressroute-policy json compared with router_json_cmp)."""
    vrf = vrf or "default"
    want = [dict(fields, role=role, prefix=prefix) for (role, prefix), fields in expected.items()]
    return topotest.router_json_cmp(
        router, "show expressroute-policy vrf {} json".format(vrf), {vrf: {"prefix": want}}
    )
