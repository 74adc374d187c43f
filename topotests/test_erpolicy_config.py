#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
erpolicyd's configuration interface on real FRR daemons (mgmtd, zebra, staticd,
bgpd, erpolicyd) through vtysh:

- every command of `router expressroute-policy [vrf NAME]`, IPv4 and IPv6, and
  its `no` form;
- show running-config prints the block in the documented form and the printed
  block parses back to the same configuration (round trip);
- every invalid intent is rejected with a message naming the value and the
  reason, and nothing changes;
- write memory to the integrated frr.conf and a restart of all daemons
  restores the configuration exactly;
- least privilege: erpolicyd runs as FRR's user with no capability left, its
  vty socket has bgpd's ownership and mode, and it never runs a program.
"""

import os
import re
import sys

import pytest

CWD = os.path.dirname(os.path.realpath(__file__))

# pylint: disable=C0413
from lib import topotest
from lib.topogen import get_topogen

from erpolicy_lib import (
    FRR_SBINDIR,
    VTYSH,
    daemon_pid,
    owned_config,
    policy_block,
    show_policy,
    vtysh_config,
    wait_for,
)
from pykit import topo

pytestmark = [pytest.mark.erpolicyd, pytest.mark.bgpd, pytest.mark.mgmtd]


# Every configuration command, as an operator types it (deliberately unsorted,
# one IPv6 prefix in upper case: it is stored in canonical form).
FULL_CONFIG = [
    "router expressroute-policy",
    "mode prefer-vpn",
    "azure-prefix 172.16.0.0/16",
    "azure-prefix 10.64.0.0/23",
    "azure-prefix 2001:DB8:64::/48",
    "gateway-subnet 10.64.0.0/26",
    "gateway-subnet 2001:db8:64::/64",
    "expressroute-neighbor 192.168.100.2",
    "expressroute-neighbor 2001:db8:100::2",
    "vpn-neighbor 169.254.21.2",
    "vpn-neighbor 169.254.22.2",
    "tunnel-endpoint 10.10.10.1/32",
    "tunnel-endpoint 2001:db8:10::1/128",
    "onprem-prefix 10.1.0.0/16",
    "onprem-prefix 2001:db8:1::/48",
    "expressroute-fallback 10.0.0.0/8",
    "expressroute-fallback 2001:db8::/32",
    "local-preference expressroute 150",
    "local-preference vpn 300",
    "maximum-prefix vpn in 1000",
    "maximum-prefix restart 5",
    "maximum-prefix expressroute out 3500",
    "exit",
    "router expressroute-policy vrf BLUE",
    "mode require-encryption",
    "azure-prefix 10.128.0.0/16",
    "gateway-subnet 10.128.0.0/27",
    "expressroute-neighbor 192.168.200.2",
    "exit",
]

# What show running-config prints for it: the documented form, defaults
# omitted, values in canonical form, instances in VRF name order.
EXPECTED_BLOCK = """router expressroute-policy vrf BLUE
 mode require-encryption
 azure-prefix 10.128.0.0/16
 gateway-subnet 10.128.0.0/27
 expressroute-neighbor 192.168.200.2
exit
router expressroute-policy
 azure-prefix 10.64.0.0/23
 azure-prefix 172.16.0.0/16
 azure-prefix 2001:db8:64::/48
 gateway-subnet 10.64.0.0/26
 gateway-subnet 2001:db8:64::/64
 expressroute-neighbor 192.168.100.2
 expressroute-neighbor 2001:db8:100::2
 vpn-neighbor 169.254.21.2
 vpn-neighbor 169.254.22.2
 tunnel-endpoint 10.10.10.1/32
 tunnel-endpoint 2001:db8:10::1/128
 onprem-prefix 10.1.0.0/16
 onprem-prefix 2001:db8:1::/48
 expressroute-fallback 10.0.0.0/8
 expressroute-fallback 2001:db8::/32
 local-preference vpn 300
 local-preference expressroute 150
 maximum-prefix vpn in 1000
 maximum-prefix expressroute out 3500
 maximum-prefix restart 5
exit"""

# Invalid input: (instance, command, text the error must contain).
INVALID = [
    ("", "azure-prefix 10.64.0/23", "azure-prefix 10.64.0/23:"),
    ("", "azure-prefix 10.0.0.0/33", "azure-prefix 10.0.0.0/33: prefix length 33"),
    ("", "gateway-subnet 10.64.0.1/26", "gateway-subnet 10.64.0.1/26: host bits set"),
    ("", "azure-prefix 2001:db8:64::1/48", "azure-prefix 2001:db8:64::1/48: host bits set"),
    ("", "onprem-prefix 2001:db8:1::", "onprem-prefix 2001:db8:1:::"),
    ("", "expressroute-neighbor 10.0.0.0/8", "expressroute-neighbor 10.0.0.0/8:"),
    ("", "vpn-neighbor 192.168.100.2", "already configured as expressroute-neighbor"),
    ("", "expressroute-neighbor 169.254.21.2", "169.254.21.2"),
    ("", "gateway-subnet 10.64.0.0/25", "overlaps"),
    ("", "gateway-subnet 10.64.0.32/27", "overlaps"),
    ("", "local-preference vpn 150", "must be higher than local-preference expressroute 150"),
    ("", "local-preference expressroute 300", "must be higher"),
    ("", "mode require-encryption", "expressroute-fallback"),
    ("", "expressroute-fallback 10.1.0.0/16", "onprem-prefix 10.1.0.0/16"),
    ("", "expressroute-fallback 10.1.2.0/24", "onprem-prefix 10.1.0.0/16"),
    ("", "onprem-prefix 10.64.0.0/24", "azure-prefix 10.64.0.0/23"),
    ("", "tunnel-endpoint 10.1.0.0/16", "onprem-prefix 10.1.0.0/16"),
    (" vrf BLUE", "gateway-subnet 10.200.0.0/28", "/27"),
    (" vrf BLUE", "expressroute-fallback 10.200.0.0/16", "require-encryption"),
]


def build_topo(tgen):
    tgen.add_router("r1")
    switch = tgen.add_switch("s1")
    switch.add_link(tgen.gears["r1"])


def setup_module(mod):
    topo.start(build_topo, mod.__name__, os.path.join(CWD, "erpolicy_config"), erpolicyd=["r1"])


def teardown_module(mod):
    get_topogen().stop_topology()


def _r1():
    tgen = get_topogen()
    if tgen.routers_have_failure():
        pytest.skip(tgen.errors)
    return tgen.gears["r1"]


def test_every_command():
    "Configure erpolicyd with every command through vtysh; the block reads back as documented."
    r1 = _r1()
    out = vtysh_config(r1, FULL_CONFIG)
    assert "%" not in out, out
    assert policy_block(r1) == EXPECTED_BLOCK


def test_round_trip():
    "The printed block, loaded again with vtysh -f, gives the same configuration."
    r1 = _r1()
    block = policy_block(r1)
    out = vtysh_config(r1, ["no router expressroute-policy", "no router expressroute-policy vrf BLUE"])
    assert "%" not in out, out
    assert policy_block(r1) == ""
    r1.cmd("cat > /tmp/erpolicy-block.conf <<'EOF'\n{}\nEOF".format(block))
    out = r1.run("{} -f /tmp/erpolicy-block.conf 2>&1".format(VTYSH))
    assert policy_block(r1) == block, out


def test_invalid_rejected_unchanged():
    "Each invalid intent is rejected with its reason, and nothing changes."
    r1 = _r1()
    before = policy_block(r1)
    for instance, cmd, message in INVALID:
        out = vtysh_config(r1, ["router expressroute-policy" + instance, cmd])
        assert message in out, "{!r}: expected {!r} in:\n{}".format(cmd, message, out)
        assert "Configuration failed" in out, out
        assert policy_block(r1) == before, "{!r} changed the configuration".format(cmd)


def test_no_forms():
    "Every `no` form removes exactly its item; defaults come back."
    r1 = _r1()
    full = policy_block(r1).splitlines()
    removals = [
        ("no maximum-prefix restart", " maximum-prefix restart 5"),
        ("no maximum-prefix expressroute out 3500", " maximum-prefix expressroute out 3500"),
        ("no maximum-prefix vpn in", " maximum-prefix vpn in 1000"),
        ("no local-preference vpn", " local-preference vpn 300"),
        ("no local-preference expressroute 150", " local-preference expressroute 150"),
        ("no expressroute-fallback 2001:db8::/32", " expressroute-fallback 2001:db8::/32"),
        ("no expressroute-fallback 10.0.0.0/8", " expressroute-fallback 10.0.0.0/8"),
        ("no onprem-prefix 10.1.0.0/16", " onprem-prefix 10.1.0.0/16"),
        ("no tunnel-endpoint 2001:DB8:10::1/128", " tunnel-endpoint 2001:db8:10::1/128"),
        ("no vpn-neighbor 169.254.22.2", " vpn-neighbor 169.254.22.2"),
        ("no expressroute-neighbor 2001:db8:100::2", " expressroute-neighbor 2001:db8:100::2"),
        ("no gateway-subnet 10.64.0.0/26", " gateway-subnet 10.64.0.0/26"),
        ("no azure-prefix 172.16.0.0/16", " azure-prefix 172.16.0.0/16"),
    ]
    expected = list(full)
    for cmd, line in removals:
        out = vtysh_config(r1, ["router expressroute-policy", cmd])
        assert "%" not in out, out
        expected.remove(line)
        assert policy_block(r1).splitlines() == expected, cmd
    # The mode of vrf BLUE back to its default.
    out = vtysh_config(r1, ["router expressroute-policy vrf BLUE", "no mode"])
    expected.remove(" mode require-encryption")
    assert policy_block(r1).splitlines() == expected
    # Restore the full configuration for the next test.
    out = vtysh_config(r1, FULL_CONFIG)
    assert policy_block(r1) == EXPECTED_BLOCK, out


def test_no_router_in_a_file_removes_the_instance():
    """`no router expressroute-policy` and the same block again in one file (vtysh -f: one
    batch): the instance is removed and created anew, as FRR's `no router rip` (committed
    on its own, not folded with the lines after it into one diff that changes nothing)."""
    r1 = _r1()
    owned = owned_config(r1)

    def _applied():
        st = show_policy(r1)
        return None if st.get("applyState") == "applied" else st

    wait_for(_applied, "vrf default not applied")
    before = show_policy(r1)["applies"]
    assert before > 0
    default_block = FULL_CONFIG[: FULL_CONFIG.index("exit") + 1]
    r1.cmd(
        "cat > /tmp/erpolicy-renew.conf <<'EOF'\n{}\nEOF".format(
            "\n".join(["no router expressroute-policy"] + default_block)
        )
    )
    out = r1.run("{} -f /tmp/erpolicy-renew.conf 2>&1".format(VTYSH))
    assert "%" not in out, out
    assert policy_block(r1) == EXPECTED_BLOCK, out
    wait_for(_applied, "vrf default not applied after the file")
    # A new instance counts its applies from 0; the old one would still have its own.
    after = show_policy(r1)["applies"]
    assert after < before, "applies {} -> {}: the instance was not removed".format(before, after)
    wait_for(lambda: None if owned_config(r1) == owned else owned_config(r1), "owned objects differ")


def test_write_memory_restart():
    "write memory, restart every daemon: the configuration comes back exactly."
    r1 = _r1()
    owned = owned_config(r1)
    out = r1.vtysh_cmd("write memory")
    saved = r1.cmd("cat /etc/frr/frr.conf")
    assert "router expressroute-policy vrf BLUE" in saved, out

    daemons = ["erpolicyd", "bgpd", "staticd", "zebra", "mgmtd"]
    r1.killDaemons(daemons)
    r1.startDaemons(list(reversed(daemons)))
    # As frrinit.sh does after starting the daemons: load the integrated config.
    r1.run("{} -b 2>&1".format(VTYSH))

    wait_for(
        lambda: None if policy_block(r1) == EXPECTED_BLOCK else policy_block(r1),
        "configuration not restored",
    )
    # erpolicyd's generated objects are back too, and are the same.
    wait_for(
        lambda: None if owned_config(r1) == owned else owned_config(r1),
        "owned objects not restored",
    )


def _proc_status(router, pid):
    "The fields of /proc/PID/status that say who a process runs as."
    out = router.cmd("cat /proc/{}/status".format(pid))
    fields = dict(l.split(":", 1) for l in out.splitlines() if ":" in l)
    return {k: fields.get(k, "").split() for k in ("Uid", "Gid", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")}


def _socket_owner_mode(router, daemon):
    return router.cmd("stat -c '%U:%G %a' /var/run/frr/{}.vty".format(daemon)).strip()


# Library calls that start another program or a shell.
RUNS_PROGRAMS = re.compile(r"^(system|popen|fork|vfork|clone|exec[lv]p?e?|execve(at)?|fexecve|posix_spawnp?|wordexp)(@|$)")


def test_least_privilege():
    """erpolicyd drops privileges as FRR's daemons do: it runs as bgpd's user and
    group, keeps one capability, CAP_NET_RAW, permitted but not in effect (raised only to
    open a tunnel probe's raw ICMP socket where no ping socket is allowed; bgpd keeps
    those it needs for BGP's socket), its vty socket has bgpd's owner, group and mode,
    it has started no process, and its binary does not even link a call that could."""
    r1 = _r1()
    pid = daemon_pid(r1, "erpolicyd")
    bgpd = daemon_pid(r1, "bgpd")
    assert pid and bgpd
    mine, theirs = _proc_status(r1, pid), _proc_status(r1, bgpd)
    assert mine["Uid"] == theirs["Uid"] and mine["Gid"] == theirs["Gid"], (mine, theirs)
    frr_uid = r1.cmd("id -u frr").strip()
    assert mine["Uid"] == [frr_uid] * 4, "erpolicyd does not run as frr: {}".format(mine["Uid"])
    cap_net_raw = 1 << 13
    assert int(mine["CapPrm"][0], 16) == cap_net_raw, "erpolicyd keeps {}".format(mine["CapPrm"])
    for cap in ("CapInh", "CapEff", "CapAmb"):
        assert int(mine[cap][0], 16) == 0, "erpolicyd keeps {} {}".format(cap, mine[cap])

    assert _socket_owner_mode(r1, "erpolicyd") == _socket_owner_mode(r1, "bgpd"), (
        _socket_owner_mode(r1, "erpolicyd"),
        _socket_owner_mode(r1, "bgpd"),
    )

    children = r1.cmd("ps -o pid=,comm= --ppid {}".format(pid)).strip()
    assert children == "", "erpolicyd has child processes: " + children

    symbols = r1.cmd("nm -D --undefined-only {}/erpolicyd".format(FRR_SBINDIR)).split()
    assert "frr_run" in [s.split("@")[0] for s in symbols], "nm read nothing: {}".format(symbols[:20])
    runs = [s for s in symbols if RUNS_PROGRAMS.match(s)]
    assert runs == [], "erpolicyd links calls that run programs: {}".format(runs)


if __name__ == "__main__":
    args = ["-s"] + sys.argv[1:]
    sys.exit(pytest.main(args))
