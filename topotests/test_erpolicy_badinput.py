#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
erpolicyd against bad input and hostile daemons, on real FRR daemons.

    r1 (AS 65501): mgmtd, zebra, staticd, bgpd, erpolicyd; the CLI catalogue and the
                   hostile vty sockets
    r2 (AS 65501): the same daemons; the start-up catalogue (frr.conf at boot)

1. CLI catalogue (CATALOGUE, one line per case: category, instance, command, the
   text the error must contain). Each invalid line goes in through vtysh over a
   complete, applied intent. The error names the field, the value and the reason;
   `show running-config` of the whole router (erpolicyd's blocks and everything of
   bgpd, mgmtd, zebra and staticd, every line) stays byte for byte the same;
   erpolicyd keeps running with the same pid. How the errors are produced:
   - erpolicyd's validation (pre_validate, erpolicy_intent.c): values, and how the
     items relate; vtysh prints "% Configuration failed ... Error description:
     <field> <value>: <reason>";
   - the YANG model's `must` (an expressroute-fallback in require-encryption mode),
     checked by libyang before pre_validate: FRR's generic message, which is clear
     here: "Path: .../expressroute-fallback[.='10.0.0.0/8'] Error:
     expressroute-fallback is not allowed in require-encryption mode";
   - erpolicyd's CLI, before the northbound: what the YANG typedefs would refuse
     with FRR's generic message, which names neither the field nor the reason
     ("Unsatisfied length - string "..." length is not allowed.", or for a VRF
     name "Current configuration object was deleted by another process.") and
     what the command grammar would refuse with "% Unknown command" (mode,
     local-preference out of range): "% <field> <value>: <reason>";
   - FRR's vty, for a line longer than its buffer (8191 characters): erpolicyd
     never sees such a line; "% Command is too long (more than 8191
     characters): ignored." (tools/frr-patches/0002: before, the tail of the
     line ran as a command of its own, or vtysh waited forever for a reply).
   Values up to 8191 characters are quoted short in messages ("1111... (2000
   characters)") so that the reason is never cut off.

   "A VRF that does not exist": erpolicyd accepts `router expressroute-policy vrf X`
   while bgpd has no `router bgp ... vrf X` (the operator may configure the two in
   either order). Such an instance is reported waiting ("no router bgp for vrf X in
   bgpd: nothing applied until it exists") and nothing is pushed for it; once the
   BGP instance exists it is applied. Should the BGP instance go again, the
   instance waits again and what the daemons hold of it is left as it is (so a
   bgpd restarted without its configuration yet does not lose the pins for that
   moment); removing the instance removes its objects.
   A VRF name FRR cannot have is rejected: longer than 36 characters (VRF_NAMSIZ),
   or with '/' (no VRF device or network namespace can be named so), a single
   quote (FRR quotes VRF names with it in XPath keys), a space or a control
   character.

2. Start-up catalogue (STARTUP): frr.conf with the bad line in erpolicyd's block,
   every daemon restarted and the file loaded with `vtysh -b` as frrinit.sh does.
   erpolicyd comes up, vtysh prints the error naming the value, bgpd, zebra and
   mgmtd get their configuration as without the bad line. What happens to
   erpolicyd's own configuration depends on where the line is refused, and is what
   FRR does with any northbound daemon:
   - "line": refused while the line is read (its grammar, its length, a VRF name
     in `router expressroute-policy vrf ...`): only that line is lost, the rest of
     erpolicyd's blocks is applied;
   - "block": refused by validation. vtysh -b loads a file as one transaction per
     daemon (XFRR_start/end_configuration), so erpolicyd's whole configuration from
     the file is rejected ("The following commands were dynamically grouped into
     the same transaction and rejected"): erpolicyd runs without intent and pushes
     nothing. A partial intent (say, without its gateway-subnet) could route IKE
     into the tunnel, so all-or-nothing is the safe reading of a bad file.
   A bad `router expressroute-policy vrf NAME` line makes vtysh -b stop reading the
   file at the block's `exit` ("early exit from config file", FRR's own behaviour
   for any refused node command, e.g. `vrf <37 characters>`): the case puts it
   last, where `write memory` puts erpolicyd's blocks.

3. Hostile daemon replies (HOSTILE): bgpd is killed and a fake vty server
   (erpolicy_badinput/fake_vty.py, Python standard library only) binds
   /var/run/frr/bgpd.vty in r1's mount namespace and answers without a trailer,
   with an unknown return code, with an endless reply (streamed, larger than
   ERPOLICY_REPLY_MAX), with garbage where configuration or JSON is expected,
   with lies (acknowledges and keeps nothing), with silence, by never accepting,
   by dying in the middle of a batch, and by refusing one line of a batch (the
   lines go pipelined; the refusal names that very line). erpolicyd keeps its
   pid, its own vty
   answers within a few seconds throughout (the largest delay is printed), and
   `show expressroute-policy json` reports a non-applied state with a reason.
   Then the real bgpd is started again and the policy converges to exactly the
   owned objects it had before, nothing half-applied. A proxy mode passes
   erpolicyd's session through to the real bgpd and cuts it after a few lines of
   a batch, which leaves the real bgpd half-applied: it is repaired. Another
   configures bgpd between erpolicyd's read and its push (an operator's route-map
   on a neighbor, as when vtysh -b loads bgpd and erpolicyd in parallel at
   start-up): erpolicyd leaves it alone. Finally the real bgpd is killed (-9)
   while erpolicyd pushes a diff of 3000 azure-prefixes and started again: the
   owned objects are exactly the plan. No daemon's socket holds erpolicyd's
   event loop: its vty answers throughout (asserted < 6 s with the hostile
   daemons; while it pushes the whole plan of 3000 prefixes again, printed).
"""

import contextlib
import json
import os
import re
import subprocess
import sys
import time

import pytest

CWD = os.path.dirname(os.path.realpath(__file__))

# pylint: disable=C0413
from lib import topotest
from lib.topogen import get_topogen

import erpolicy_lib as erp
from pykit import topo

pytestmark = erp.DAEMON_MARKS

# Kill order for a restart of the whole router (started in the reverse order).
ALL_DAEMONS = ["erpolicyd", "bgpd", "staticd", "zebra", "mgmtd"]

FAKE_VTY = os.path.join(CWD, "erpolicy_badinput", "fake_vty.py")
# A vtysh call that does not return in this time is a hang, reported as such.
VTYSH_TIMEOUT = 60

# The complete intent every CLI case is tried against (it makes each conflict
# possible), as `show running-config` prints it.
GOOD_DEFAULT = [
    "router expressroute-policy",
    " azure-prefix 10.64.0.0/23",
    " azure-prefix 172.16.0.0/16",
    " azure-prefix 2001:db8:64::/48",
    " gateway-subnet 10.64.0.0/26",
    " gateway-subnet 2001:db8:64::/64",
    " expressroute-neighbor 192.168.100.2",
    " expressroute-neighbor 2001:db8:100::2",
    " vpn-neighbor 169.254.21.2",
    " vpn-neighbor 169.254.22.2",
    " tunnel-endpoint 10.10.10.1/32",
    " tunnel-endpoint 2001:db8:10::1/128",
    " onprem-prefix 10.1.0.0/16",
    " onprem-prefix 2001:db8:1::/48",
    " expressroute-fallback 10.0.0.0/8",
    " expressroute-fallback 2001:db8::/32",
    " local-preference vpn 300",
    " local-preference expressroute 150",
    "exit",
]
GOOD_BLUE = [
    "router expressroute-policy vrf BLUE",
    " mode require-encryption",
    " azure-prefix 10.128.0.0/16",
    " gateway-subnet 10.128.0.0/27",
    " expressroute-neighbor 192.168.200.2",
    "exit",
]
# As show running-config prints the two blocks (instances in VRF name order).
GOOD_BLOCK = "\n".join(GOOD_BLUE + GOOD_DEFAULT)

LONG = "1" * 10240
# 8191 characters, the longest command FRR's 8192-byte vty buffer holds with its NUL: that
# NUL is the last byte of the 16th 512-byte read, which unpatched FRR (10.7.1 too) drops
# whole ("length + nbytes >= VTY_BUFSIZ"), so that vtysh waited for a reply forever. With
# patch 0002 it is run, and erpolicyd answers. One character more is dropped and answered.
MAX_8191 = "1" * (8191 - len("azure-prefix "))
OVER_8192 = MAX_8191 + "1"

# Numbers refused: (category, command, the range allowed). The error names the command
# (without `no`), the value out of range or not a number, and the range.
NUMBERS = [
    ("local-preference", "local-preference vpn 0", "1-4294967295"),
    ("local-preference", "local-preference expressroute 4294967296", "1-4294967295"),
    ("local-preference", "local-preference vpn -1", "1-4294967295"),
    ("local-preference", "local-preference vpn high", "1-4294967295"),
    ("maximum-prefix", "maximum-prefix vpn in 0", "1-4294967295"),
    ("maximum-prefix", "maximum-prefix expressroute out 4294967296", "1-4294967295"),
    ("maximum-prefix", "maximum-prefix vpn in lots", "1-4294967295"),
    ("maximum-prefix", "maximum-prefix restart 0", "1-65535"),
    ("maximum-prefix", "maximum-prefix restart 70000", "1-65535"),
    # FRR's range token reads "+5" as 5: "+70000" is a number, out of range
    ("maximum-prefix", "maximum-prefix restart +70000", "1-65535"),
    # the no forms: a bad value is refused the same way, and nothing is removed
    ("maximum-prefix", "no maximum-prefix vpn in lots", "1-4294967295"),
    ("local-preference", "no local-preference vpn high", "1-4294967295"),
]


def _number_case(category, cmd, allowed):
    "A CATALOGUE case of NUMBERS."
    value = cmd.split()[-1]
    reason = "out of range" if value.lstrip("+-").isdigit() else "not a number"
    return (category, "", cmd, "{}: {} ({})".format(cmd.removeprefix("no "), reason, allowed))


# (category, instance, command, text the error must contain)
CATALOGUE = [
    # malformed prefixes and addresses
    ("malformed", "", "azure-prefix 10.64.0/23", "azure-prefix 10.64.0/23: malformed IPv4 address"),
    ("malformed", "", "azure-prefix hub-vnet", "azure-prefix hub-vnet: not an IPv4 or IPv6 prefix"),
    ("malformed", "", "azure-prefix 10.64.0.256/24", "azure-prefix 10.64.0.256/24: malformed IPv4 address"),
    ("malformed", "", "azure-prefix 2001:db8:::/48", "azure-prefix 2001:db8:::/48: malformed IPv6 address"),
    ("malformed", "", "azure-prefix /23", "azure-prefix /23: no address before the prefix length"),
    ("malformed", "", "tunnel-endpoint 10.10.10.2/", "tunnel-endpoint 10.10.10.2/: malformed prefix length"),
    ("malformed", "", "azure-prefix 10.66.0.0//23", "azure-prefix 10.66.0.0//23: malformed prefix length"),
    ("malformed", "", "azure-prefix 10.66.0.0/23/24", "azure-prefix 10.66.0.0/23/24: malformed prefix length"),
    ("malformed", "", "azure-prefix 10.66.0.0/-1", "azure-prefix 10.66.0.0/-1: malformed prefix length"),
    ("malformed", "", "azure-prefix 0x0a.0.0.0/8", "azure-prefix 0x0a.0.0.0/8: malformed IPv4 address"),
    ("malformed", "", 'azure-prefix ""', 'azure-prefix "": quote characters are not part of a prefix'),
    ("malformed", "", "vpn-neighbor '169.254.23.2'",
     "vpn-neighbor '169.254.23.2': quote characters are not part of an address"),
    ("malformed", "", "expressroute-neighbor fe80::1%r1-eth0",
     "expressroute-neighbor fe80::1%r1-eth0: a zone index (%r1-eth0) is not allowed"),
    ("leading-zero", "", "azure-prefix 010.064.0.0/23",
     'azure-prefix 010.064.0.0/23: leading zero in "010" is ambiguous (octal or decimal?)'),
    ("leading-zero", "", "azure-prefix 10.66.0.0/023",
     "azure-prefix 10.66.0.0/023: leading zero in prefix length /023 is ambiguous"),
    ("leading-zero", "", "vpn-neighbor 169.254.21.02",
     'vpn-neighbor 169.254.21.02: leading zero in "02" is ambiguous'),
    # lengths out of range
    ("range", "", "azure-prefix 10.66.0.0/33",
     "azure-prefix 10.66.0.0/33: prefix length 33 is out of range for IPv4 (0-32)"),
    ("range", "", "azure-prefix 2001:db8:66::/129",
     "azure-prefix 2001:db8:66::/129: prefix length 129 is out of range for IPv6 (0-128)"),
    ("range", "", "expressroute-fallback 10.0.0.0/1000",
     "expressroute-fallback 10.0.0.0/1000: prefix length 1000 is out of range for IPv4 (0-32)"),
    # host bits
    ("host-bits", "", "gateway-subnet 10.64.0.1/26",
     "gateway-subnet 10.64.0.1/26: host bits set (did you mean 10.64.0.0/26?)"),
    ("host-bits", "", "azure-prefix 2001:db8:64::1/48",
     "azure-prefix 2001:db8:64::1/48: host bits set (did you mean 2001:db8:64::/48?)"),
    # a prefix where an address is wanted, and the reverse
    ("kind", "", "expressroute-neighbor 192.168.100.6/30",
     "expressroute-neighbor 192.168.100.6/30: expected an address without a prefix length"),
    ("kind", "", "vpn-neighbor 2001:db8:21::2/128",
     "vpn-neighbor 2001:db8:21::2/128: expected an address without a prefix length"),
    ("kind", "", "tunnel-endpoint 10.10.10.2",
     "tunnel-endpoint 10.10.10.2: expected a prefix with a length (e.g. 10.64.0.0/26), got an address"),
    ("kind", "", "onprem-prefix 2001:db8:2::",
     "onprem-prefix 2001:db8:2::: expected a prefix with a length (e.g. 2001:db8::/64)"),
    # numbers out of range, or not numbers
    *(_number_case(*n) for n in NUMBERS),
    # local-preference
    ("local-preference", "", "local-preference vpn 150",
     "local-preference vpn 150: must be higher than local-preference expressroute 150"),
    ("local-preference", "", "local-preference expressroute 300",
     "local-preference vpn 300: must be higher than local-preference expressroute 300"),
    # maximum-prefix
    ("maximum-prefix", "", "maximum-prefix vpn sideways 10", "Unknown command: maximum-prefix vpn sideways 10"),
    # mode
    ("mode", "", "mode fast", "mode fast: unknown mode (prefer-vpn or require-encryption)"),
    ("mode", "", "mode PREFER-VPN", "mode PREFER-VPN: unknown mode (prefer-vpn or require-encryption)"),
    ("mode", " vrf BLUE", "no mode fast", "mode fast: unknown mode (prefer-vpn or require-encryption)"),
    # expressroute-fallback
    # (the YANG model's must statement: libyang names the node and its value in the path)
    ("fallback", "", "mode require-encryption",
     "/expressroute-fallback[.='10.0.0.0/8']\n Error: expressroute-fallback is not allowed in require-encryption mode"),
    ("fallback", " vrf BLUE", "expressroute-fallback 10.0.0.0/8",
     "instance[vrf='BLUE']/expressroute-fallback[.='10.0.0.0/8']\n Error: expressroute-fallback is not allowed in require-encryption mode"),
    ("fallback", "", "expressroute-fallback 10.1.0.0/16",
     "expressroute-fallback 10.1.0.0/16: same as onprem-prefix 10.1.0.0/16, so Azure would prefer ExpressRoute for it"),
    ("fallback", "", "expressroute-fallback 10.1.128.0/17",
     "expressroute-fallback 10.1.128.0/17: more specific than onprem-prefix 10.1.0.0/16"),
    ("fallback", "", "expressroute-fallback 2001:db8:1::/48",
     "expressroute-fallback 2001:db8:1::/48: same as onprem-prefix 2001:db8:1::/48"),
    ("fallback", "", "expressroute-fallback 10.64.0.0/24",
     "expressroute-fallback 10.64.0.0/24: inside azure-prefix 10.64.0.0/23"),
    # gateway-subnet
    ("gateway-subnet", "", "gateway-subnet 10.65.0.0/28",
     "gateway-subnet 10.65.0.0/28: Azure requires the GatewaySubnet to be /27 or shorter"),
    ("gateway-subnet", "", "gateway-subnet 2001:db8:65::/65",
     "gateway-subnet 2001:db8:65::/65: Azure requires the GatewaySubnet to be /64 or shorter"),
    ("gateway-subnet", "", "gateway-subnet 10.64.0.32/27",
     "gateway-subnet 10.64.0.32/27: overlaps gateway-subnet 10.64.0.0/26"),
    ("gateway-subnet", "", "gateway-subnet 10.64.0.0/25",
     "gateway-subnet 10.64.0.0/26: overlaps gateway-subnet 10.64.0.0/25"),
    ("gateway-subnet", "", "gateway-subnet 10.1.0.0/27",
     "gateway-subnet 10.1.0.0/27: overlaps onprem-prefix 10.1.0.0/16"),
    # the same address as ExpressRoute and VPN neighbor
    ("neighbor", "", "vpn-neighbor 192.168.100.2",
     "vpn-neighbor 192.168.100.2: already configured as expressroute-neighbor"),
    ("neighbor", "", "expressroute-neighbor 169.254.21.2",
     "vpn-neighbor 169.254.21.2: already configured as expressroute-neighbor"),
    ("neighbor", "", "vpn-neighbor 2001:DB8:100:0::2",
     "vpn-neighbor 2001:db8:100::2: already configured as expressroute-neighbor"),
    # overlapping address spaces
    ("overlap", "", "onprem-prefix 10.64.1.0/24",
     "azure-prefix 10.64.0.0/23: overlaps onprem-prefix 10.64.1.0/24 (the same addresses cannot be both in Azure and on-prem)"),
    ("overlap", "", "onprem-prefix 172.0.0.0/8", "azure-prefix 172.16.0.0/16: overlaps onprem-prefix 172.0.0.0/8"),
    ("overlap", "", "azure-prefix 2001:db8:1:5::/64",
     "azure-prefix 2001:db8:1:5::/64: overlaps onprem-prefix 2001:db8:1::/48"),
    ("overlap", "", "tunnel-endpoint 10.1.0.0/16",
     "tunnel-endpoint 10.1.0.0/16: same as onprem-prefix 10.1.0.0/16 (a tunnel endpoint must never be advertised over the tunnel)"),
    ("overlap", "", "tunnel-endpoint 10.64.0.4/32",
     "azure-prefix 10.64.0.0/23: overlaps tunnel-endpoint 10.64.0.4/32"),
    # IPv4 and IPv6 mixed where the rules compare items: the IPv4-mapped form of an
    # IPv4 item would escape every comparison (different families never overlap)
    ("v4/v6", "", "onprem-prefix ::ffff:10.64.1.0/120",
     "onprem-prefix ::ffff:10.64.1.0/120: IPv4-mapped IPv6 prefix: write it as IPv4 (10.64.1.0/24)"),
    ("v4/v6", "", "vpn-neighbor ::ffff:192.168.100.2",
     "vpn-neighbor ::ffff:192.168.100.2: IPv4-mapped IPv6 address: write it as IPv4 (192.168.100.2)"),
    ("v4/v6", "", "tunnel-endpoint ::ffff:10.1.0.1/128",
     "tunnel-endpoint ::ffff:10.1.0.1/128: IPv4-mapped IPv6 prefix: write it as IPv4 (10.1.0.1/32)"),
    ("v4/v6", "", "azure-prefix ::ffff:0:0/80",
     "azure-prefix ::ffff:0:0/80: IPv4-mapped IPv6 address space (::ffff:0:0/96) is not routed"),
    ("v4/v6", "", "expressroute-fallback 2001:db8:1:8000::/49",
     "expressroute-fallback 2001:db8:1:8000::/49: more specific than onprem-prefix 2001:db8:1::/48"),
    # VRF names FRR cannot have
    ("vrf", " vrf " + "V" * 37, "azure-prefix 10.99.0.0/16",
     "vrf " + "V" * 37 + ": name too long (37 characters, FRR allows 36)"),
    ("vrf", " vrf a/b", "azure-prefix 10.99.0.0/16", "vrf a/b: '/' cannot be in a VRF name"),
    ("vrf", " vrf a'b", "azure-prefix 10.99.0.0/16", "vrf a'b: a quote (') cannot be in a VRF name"),
    ("vrf", " vrf " + "V" * 1000, "azure-prefix 10.99.0.0/16",
     "vrf " + "V" * 40 + "... (1000 characters): name too long (1000 characters, FRR allows 36)"),
    # very long input
    ("long", "", "azure-prefix " + "1" * 100,
     "azure-prefix " + "1" * 40 + "... (100 characters): too long (at most 64 characters)"),
    ("long", "", "no azure-prefix " + "1" * 2000,
     "azure-prefix " + "1" * 40 + "... (2000 characters): too long (at most 64 characters)"),
    ("long", "", "azure-prefix " + "2001:db8:64::/48" * 5,
     "(80 characters): too long (at most 64 characters)"),
    ("long", "", "azure-prefix " + LONG, "% Command is too long (more than 8191 characters): ignored."),
    ("long", "", "azure-prefix " + MAX_8191,
     "azure-prefix " + "1" * 40 + "... (8178 characters): too long (at most 64 characters)"),
    ("long", "", "azure-prefix " + OVER_8192, "% Command is too long (more than 8191 characters): ignored."),
    # what an operator types by mistake
    ("operator", "", "azure-prefix 10.64.0.0/255.255.254.0",
     "azure-prefix 10.64.0.0/255.255.254.0: a netmask is not a prefix length (did you mean 10.64.0.0/23?)"),
    ("operator", "", "onprem-prefix 10.2.0.0/16,", "onprem-prefix 10.2.0.0/16,: malformed prefix length"),
    ("operator", "", "azure-prefix 10.66.0.0-10.66.255.255", "azure-prefix 10.66.0.0-10.66.255.255: malformed IPv4 address"),
    ("operator", "", "local-preference vpn 1,000", "local-preference vpn 1,000: not a number (1-4294967295)"),
    ("operator", "", "mode prefer-encryption", "mode prefer-encryption: unknown mode"),
    ("operator", "", "gateway-subnet 10.64.0.0/23",
     "gateway-subnet 10.64.0.0/26: overlaps gateway-subnet 10.64.0.0/23"),
]


def build_topo(tgen):
    for name in ("r1", "r2"):
        tgen.add_router(name)
        tgen.add_switch("s-" + name).add_link(tgen.gears[name])


def setup_module(mod):
    topo.start(
        build_topo, mod.__name__, os.path.join(CWD, "erpolicy_badinput"), erpolicyd=["r1", "r2"]
    )


def teardown_module(mod):
    get_topogen().stop_topology()


def _router(name):
    tgen = get_topogen()
    if tgen.routers_have_failure():
        pytest.skip(tgen.errors)
    return tgen.gears[name]


# --------------------------------------------------------------------------------------
# Helpers (those named *_problem return None when all is well, else what is wrong).


def vtysh(router, cmds, config=False, daemon=None, timeout=VTYSH_TIMEOUT):
    """Run vtysh in the router with one -c per command (no shell: any text goes
    through as typed). Returns (output, seconds); a hang shows as VTYSH-TIMEOUT."""
    args = ["timeout", str(timeout), erp.VTYSH]
    if daemon:
        args += ["-d", daemon]
    for c in (["configure terminal"] if config else []) + list(cmds):
        args += ["-c", c]
    start = time.monotonic()
    rc, out, _ = router.net.cmd_status(args, stderr=subprocess.STDOUT, warn=False)
    elapsed = time.monotonic() - start
    if rc == 124:
        out += "\nVTYSH-TIMEOUT after {} s".format(timeout)
    return out, elapsed


def running_config(router):
    return vtysh(router, ["show running-config"])[0]


def show_policy_fast(router, vrf="default"):
    """show expressroute-policy json from erpolicyd alone (vtysh -d erpolicyd: it
    never touches a fake bgpd). Returns (dict for vrf, seconds)."""
    out, elapsed = vtysh(router, ["show expressroute-policy json"], daemon="erpolicyd", timeout=30)
    try:
        return json.loads(out).get(vrf, {}), elapsed
    except ValueError:
        return {"unparsable": out[:2000]}, elapsed


def erpolicyd_pid(router):
    return router.cmd("cat /var/run/frr/erpolicyd.pid 2>/dev/null").strip()


def alive_problem(router, pid):
    "None if erpolicyd still runs with pid, and left no core."
    if erpolicyd_pid(router) != pid:
        return "erpolicyd pid changed: {} -> {}".format(pid, erpolicyd_pid(router))
    if router.cmd("kill -0 {} 2>&1 && echo alive".format(pid)).strip() != "alive":
        return "erpolicyd (pid {}) is not running".format(pid)
    cores = router.cmd("ls {}/*erpolicyd*core* 2>/dev/null".format(router.net.logdir)).strip()
    if cores:
        return "erpolicyd core files: {}".format(cores)
    return None


def diff_text(before, after, limit=20):
    import difflib

    d = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    return "\n".join(d[:limit]) + ("\n..." if len(d) > limit else "")


def wait_state(router, vrf, state, count=120, wait=0.25):
    def _state():
        st, _ = show_policy_fast(router, vrf)
        return None if st.get("applyState") == state else st

    erp.wait_for(_state, "vrf {} not {}".format(vrf, state), count=count, wait=wait)
    return show_policy_fast(router, vrf)[0]


def wait_owned(router, want, what, count=240, wait=0.25):
    "Wait until the owned lines of router are exactly want (sorted lists compared)."

    def _same():
        have = sorted(erp.owned_config(router))
        if have == want:
            return None
        return {
            "missing": sorted(set(want) - set(have))[:10],
            "extra": sorted(set(have) - set(want))[:10],
            "counts": (len(want), len(have)),
        }

    erp.wait_for(_same, what, count=count, wait=wait)


def apply_good_intent(router):
    out, _ = vtysh(router, [l.strip() for l in GOOD_BLUE + GOOD_DEFAULT], config=True)
    assert "%" not in out, out
    for vrf in ("default", "BLUE"):
        wait_state(router, vrf, "applied")
    assert erp.policy_block(router) == GOOD_BLOCK, erp.policy_block(router)


# --------------------------------------------------------------------------------------
# 1. The CLI catalogue


def test_catalogue_size():
    "At least 40 distinct invalid configurations, of every category."
    assert len(CATALOGUE) >= 40
    assert len({(c[1], c[2]) for c in CATALOGUE}) == len(CATALOGUE), "duplicate cases"
    want = {"malformed", "range", "host-bits", "kind", "local-preference", "mode", "fallback",
            "gateway-subnet", "neighbor", "overlap", "v4/v6", "vrf", "long", "operator"}
    assert want <= {c[0] for c in CATALOGUE}


def test_cli_catalogue():
    "Every case: the error names field, value and reason; the router's whole running-config is unchanged."
    r1 = _router("r1")
    apply_good_intent(r1)
    # Owned objects in place and stable: the config must not move by itself.
    baseline = running_config(r1)
    assert "ERPOL-" in baseline and " tag 4242" in baseline
    pid = erpolicyd_pid(r1)
    failures = []
    start = time.monotonic()
    for category, instance, cmd, message in CATALOGUE:
        label = "[{}] {}{}".format(category, instance.strip() + " | " if instance else "", cmd[:80])
        out, _ = vtysh(r1, ["router expressroute-policy" + instance, cmd], config=True)
        if message not in out:
            failures.append("{}: expected {!r} in:\n{}".format(label, message[:200], out[:1500]))
        if "VTYSH-TIMEOUT" in out:
            failures.append("{}: vtysh hung".format(label))
        now = running_config(r1)
        if now != baseline:
            failures.append("{}: running-config changed:\n{}".format(label, diff_text(baseline, now)))
            baseline = now
        problem = alive_problem(r1, pid)
        if problem:
            failures.append("{}: {}".format(label, problem))
            pid = erpolicyd_pid(r1)
    print("CLI catalogue: {} cases in {:.1f} s".format(len(CATALOGUE), time.monotonic() - start))
    assert not failures, "\n\n".join(failures)
    for vrf in ("default", "BLUE"):
        assert show_policy_fast(r1, vrf)[0].get("applyState") == "applied"


def test_vrf_without_bgp_waits():
    "A VRF whose router bgp does not exist yet: accepted, reported waiting, nothing pushed; applied once it exists."
    r1 = _router("r1")
    before = sorted(erp.owned_config(r1))
    red = ["router expressroute-policy vrf RED", "azure-prefix 10.200.0.0/16",
           "gateway-subnet 10.200.0.0/27", "expressroute-neighbor 192.168.210.2", "exit"]
    out, _ = vtysh(r1, red, config=True)
    assert "%" not in out, out
    st = wait_state(r1, "RED", "waiting")
    assert st["applyReason"] == "no router bgp for vrf RED in bgpd: nothing applied until it exists", st
    # Nothing for RED anywhere, and the other instances are untouched and applied.
    assert sorted(erp.owned_config(r1)) == before
    assert "RED" not in "\n".join(erp.owned_config(r1))
    text, _ = vtysh(r1, ["show expressroute-policy vrf RED"], daemon="erpolicyd")
    assert "Apply state: waiting - no router bgp for vrf RED in bgpd" in text, text
    for vrf in ("default", "BLUE"):
        assert show_policy_fast(r1, vrf)[0]["applyState"] == "applied"

    # The BGP instance comes second: RED is applied, its objects appear.
    out, _ = vtysh(r1, ["router bgp 65501 vrf RED", "neighbor 192.168.210.2 remote-as 12076"], config=True)
    assert "%" not in out, out
    st = wait_state(r1, "RED", "applied")
    assert st["bgpAsn"] == 65501 and not erp.warnings_but_bfd(st), st
    red_lines = [l for l in erp.owned_config(r1) if "VRF-RED" in l or "192.168.210.2" in l]
    assert "ip prefix-list ERPOL-AZURE-V4-VRF-RED" in "\n".join(red_lines), red_lines
    assert any("neighbor 192.168.210.2 route-map ERPOL-ER-IN-V4-VRF-RED in" in l for l in red_lines)

    # The BGP instance goes: RED waits again and what it has stays (its bindings
    # went with the neighbors); the instance goes: its objects go.
    kept = sorted(l for l in erp.owned_config(r1) if "192.168.210.2 route-map" not in l)
    out, _ = vtysh(r1, ["no router bgp 65501 vrf RED"], config=True)
    assert "%" not in out, out
    wait_state(r1, "RED", "waiting")
    wait_owned(r1, kept, "objects of vrf RED changed while it waits")
    out, _ = vtysh(r1, ["no router expressroute-policy vrf RED"], config=True)
    assert "%" not in out, out
    wait_owned(r1, before, "objects of vrf RED not removed with its instance")
    assert erp.policy_block(r1) == GOOD_BLOCK


def test_vrf_name_of_36_characters():
    "The longest VRF name FRR allows (36 characters) is kept whole, in show and in the object names."
    r1 = _router("r1")
    name = "V" * 34 + "36"
    out, _ = vtysh(r1, ["router expressroute-policy vrf " + name, "azure-prefix 10.201.0.0/16"], config=True)
    assert "%" not in out, out
    st = wait_state(r1, name, "waiting")
    assert st["vrf"] == name, st
    gen, _ = vtysh(r1, ["show expressroute-policy vrf {} generated-config".format(name)], daemon="erpolicyd")
    assert "ip prefix-list ERPOL-AZURE-V4-VRF-{} seq".format(name) in gen, gen
    out, _ = vtysh(r1, ["no router expressroute-policy vrf " + name], config=True)
    assert "%" not in out, out
    assert erp.policy_block(r1) == GOOD_BLOCK


# --------------------------------------------------------------------------------------
# 2. The start-up catalogue

# (category, block the bad line goes into: "default" | "BLUE" | "extra" (a block of
# its own, after the others), bad line, text vtysh -b must print, outcome "line" or
# "block")
STARTUP = [
    ("malformed", "default", " azure-prefix 10.64.0/23", "azure-prefix 10.64.0/23: malformed IPv4 address", "block"),
    ("range", "default", " azure-prefix 10.66.0.0/33", "prefix length 33 is out of range for IPv4", "block"),
    ("host-bits", "default", " gateway-subnet 10.64.0.1/26", "gateway-subnet 10.64.0.1/26: host bits set", "block"),
    ("kind", "default", " expressroute-neighbor 192.168.100.6/30",
     "expressroute-neighbor 192.168.100.6/30: expected an address", "block"),
    ("local-preference", "default", " local-preference vpn 0",
     "local-preference vpn 0: out of range (1-4294967295)", "line"),
    ("local-preference", "default", " local-preference expressroute 300",
     "local-preference vpn 300: must be higher than local-preference expressroute 300", "block"),
    ("mode", "default", " mode fast", "mode fast: unknown mode", "line"),
    ("fallback", "BLUE", " expressroute-fallback 10.0.0.0/8",
     "expressroute-fallback[.='10.0.0.0/8']\n Error: expressroute-fallback is not allowed in require-encryption mode", "block"),
    ("fallback", "default", " expressroute-fallback 10.1.0.0/16", "same as onprem-prefix 10.1.0.0/16", "block"),
    ("gateway-subnet", "default", " gateway-subnet 10.65.0.0/28", "/27 or shorter", "block"),
    ("gateway-subnet", "default", " gateway-subnet 10.64.0.32/27", "overlaps gateway-subnet 10.64.0.0/26", "block"),
    ("neighbor", "default", " vpn-neighbor 192.168.100.2", "already configured as expressroute-neighbor", "block"),
    ("overlap", "default", " onprem-prefix 10.64.1.0/24", "overlaps onprem-prefix 10.64.1.0/24", "block"),
    ("v4/v6", "default", " onprem-prefix ::ffff:10.64.1.0/120", "write it as IPv4 (10.64.1.0/24)", "block"),
    ("vrf", "extra", "router expressroute-policy vrf a/b", "vrf a/b: '/' cannot be in a VRF name", "line"),
    ("long", "default", " azure-prefix " + "1" * 100, "(100 characters): too long (at most 64 characters)", "line"),
    ("long", "default", " azure-prefix " + LONG, "Line too long (10254 characters, at most 8190): ignored", "line"),
]

# What the good boot gave: erpolicyd's blocks, the rest, the owned objects.
REFERENCE = {}


def startup_conf(block, bad):
    "r2's frr.conf: the operator's part, then erpolicyd's blocks with the bad line."
    base = open(os.path.join(CWD, "erpolicy_badinput", "r2", "frr.conf")).read()
    default, blue, extra = list(GOOD_DEFAULT), list(GOOD_BLUE), []
    # Last in its block: a leaf set twice takes the last value.
    if block == "default":
        default.insert(len(default) - 1, bad)
    elif block == "BLUE":
        blue.insert(len(blue) - 1, bad)
    elif block == "extra":
        extra = [bad, " azure-prefix 10.99.0.0/16", "exit"]
    return base + "!\n" + "\n".join(default + ["!"] + blue + ["!"] + extra) + "\n"


def kill_daemons(router, daemons):
    """kill -9 the daemons at once and wait until they are gone, then let the
    framework clean up (pid files, core check): its own kill waits 2 s per daemon."""
    pids = [router.cmd("cat /var/run/frr/{}.pid 2>/dev/null".format(d)).strip() for d in daemons]
    pids = [p for p in pids if p.isdigit()]
    if pids:
        router.cmd("kill -9 {} 2>/dev/null".format(" ".join(pids)))

        def _gone():
            left = [p for p in pids if router.cmd("kill -0 {} 2>/dev/null && echo y".format(p)).strip()]
            return left or None

        erp.wait_for(_gone, "daemons not gone after kill -9", count=100, wait=0.05)
    router.killDaemons(daemons)


def boot(router, conf):
    "Write frr.conf, restart every daemon, load it with vtysh -b. Returns vtysh's output."
    router.net.cmd_raises("cat > /etc/frr/frr.conf", stdin=conf)
    kill_daemons(router, ALL_DAEMONS)
    router.startDaemons(list(reversed(ALL_DAEMONS)))
    rc, out, _ = router.net.cmd_status(
        ["timeout", str(VTYSH_TIMEOUT), erp.VTYSH, "-b"], stderr=subprocess.STDOUT, warn=False
    )
    if rc == 124:
        out += "\nVTYSH-TIMEOUT after {} s".format(VTYSH_TIMEOUT)
    return out


def rest_of_config(router):
    """The router's configuration without erpolicyd's blocks and without the owned
    objects (whole route-map entries; a vrf or address-family block left empty
    without its pins or bindings)."""
    rest, skip = [], False
    for line in erp.config_without_policy(router).splitlines():
        if skip:
            skip = line != "exit"
            continue
        if line.startswith("route-map ERPOL-"):
            skip = True
            continue
        if "ERPOL-" in line or re.search(r" tag 4242( |$)", line) or erp.SOFT_IN.match(line):
            continue
        if (line == "exit-vrf" and rest and rest[-1].startswith("vrf ")) or (
            line.strip() == "exit-address-family" and rest and rest[-1].strip().startswith("address-family ")
        ):
            rest.pop()
            continue
        rest.append(line)
    return "\n".join(rest)


def test_startup_reference():
    "r2 boots with the good intent in frr.conf: everything applied."
    r2 = _router("r2")
    out = boot(r2, startup_conf(None, None))
    assert "VTYSH-TIMEOUT" not in out, out
    for vrf in ("default", "BLUE"):
        wait_state(r2, vrf, "applied")
    assert erp.policy_block(r2) == GOOD_BLOCK
    erp.wait_for(lambda: None if "interface r2-eth0" in rest_of_config(r2) else rest_of_config(r2),
                 "r2's interface configuration not loaded")
    REFERENCE["rest"] = rest_of_config(r2)
    REFERENCE["owned"] = sorted(erp.owned_config(r2))
    assert "router bgp 65501" in REFERENCE["rest"] and REFERENCE["owned"]


@pytest.mark.parametrize(
    "category,block,bad,message,outcome",
    STARTUP,
    ids=["{}-{}".format(i, c[0]) for i, c in enumerate(STARTUP)],
)
def test_startup_catalogue(category, block, bad, message, outcome):
    "frr.conf with a bad line at boot: erpolicyd up, the error printed, the rest loaded, bgpd as without it."
    r2 = _router("r2")
    if not REFERENCE:
        pytest.skip("no reference boot")
    out = boot(r2, startup_conf(block, bad))
    assert "VTYSH-TIMEOUT" not in out, out
    assert message in out, "expected {!r} in vtysh -b output:\n{}".format(message, out[:3000])
    pid = erpolicyd_pid(r2)
    assert pid and alive_problem(r2, pid) is None, alive_problem(r2, pid)
    if outcome == "line":
        # Only the bad line is lost: the intent is applied as without it.
        for vrf in ("default", "BLUE"):
            wait_state(r2, vrf, "applied")
        assert erp.policy_block(r2) == GOOD_BLOCK, erp.policy_block(r2)
        wait_owned(r2, REFERENCE["owned"], "owned objects after boot")
    else:
        # erpolicyd's configuration from the file was one transaction: rejected whole.
        assert "Configuration failed" in out, out[:3000]
        assert erp.policy_block(r2) == "", erp.policy_block(r2)
        assert erp.owned_config(r2) == [], erp.owned_config(r2)
        st, _ = show_policy_fast(r2)
        assert st == {}, st
    # bgpd, zebra, mgmtd: exactly their configuration from the file (mgmtd commits
    # what vtysh -b gave it to its backends after vtysh is done: polled).
    erp.wait_for(
        lambda: None if rest_of_config(r2) == REFERENCE["rest"]
        else diff_text(REFERENCE["rest"], rest_of_config(r2)) + "\nvtysh -b:\n" + out[:2000],
        "the rest of the configuration differs",
    )
    assert alive_problem(r2, pid) is None


# --------------------------------------------------------------------------------------
# 3. Hostile daemon replies

# (mode, state erpolicyd must report, text its applyReason must contain)
HOSTILE = [
    ("notrailer", "waiting", 'connection closed in the middle of the reply to "enable"'),
    ("badrc", "waiting", 'unknown return code 200 to "enable"'),
    ("oversize", "waiting", 'reply to "enable" exceeds 268435456 bytes'),
    ("garbage", "waiting", "no router bgp in bgpd: nothing applied until it exists"),
    ("lying", "failed", "the daemons do not hold what was pushed"),
    ("silent", "waiting", 'no reply to "enable" within 3000 ms'),
    ("noaccept", "waiting", "bgpd is not reachable: "),
    ("dies", "waiting", "bgpd is not reachable"),
    ("rejects", "failed", 'bgpd rejected "'),
]

HOSTILE_STATE = "/var/run/frr/fake-bgpd.json"


def fake_state(router):
    try:
        return json.loads(router.cmd("cat {} 2>/dev/null".format(HOSTILE_STATE)) or "{}")
    except ValueError:
        return {}


def start_fake(router, mode, *extra):
    router.cmd("rm -f {}".format(HOSTILE_STATE))
    args = ["/usr/bin/python3", FAKE_VTY, mode, "/var/run/frr/bgpd.vty", HOSTILE_STATE] + list(extra)
    proc = router.popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    erp.wait_for(lambda: None if fake_state(router).get("ready") else "not ready", "fake vty not ready")
    return proc


def stop_fake(router, proc):
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)


@contextlib.contextmanager
def bgpd_proxy(router, mode, *extra):
    """The fake vty in `mode` as a proxy in front of the real bgpd for the block: the real
    bgpd keeps running behind it, its socket moved aside."""
    router.cmd("mv /var/run/frr/bgpd.vty /var/run/frr/bgpd-real.vty")
    proc = start_fake(router, mode, "/var/run/frr/bgpd-real.vty", *extra)
    try:
        yield proc
    finally:
        stop_fake(router, proc)
        router.cmd("mv /var/run/frr/bgpd-real.vty /var/run/frr/bgpd.vty")


def wait_fake(router, key, what):
    "Wait until the fake vty's state has key (else what: the last commands it got)."
    def _has():
        st = fake_state(router)
        return None if st.get(key) else st.get("commands", [])[-3:]

    erp.wait_for(_has, what)


def start_real_bgpd(router):
    "Start bgpd and give it its configuration from frr.conf, as the framework did."
    router.cmd("rm -f /var/run/frr/bgpd.vty")
    router.startDaemons(["bgpd"])
    router.run(
        "timeout {} {} -d bgpd -f {} 2>&1".format(
            VTYSH_TIMEOUT, erp.VTYSH, os.path.join(CWD, "erpolicy_badinput", "r1", "frr.conf")
        )
    )


def responsiveness(router, seconds):
    """Ask erpolicyd for `show expressroute-policy json` for `seconds`; returns the
    largest delay of an answer and the states seen."""
    worst, states = 0.0, []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        st, elapsed = show_policy_fast(router)
        worst = max(worst, elapsed)
        states.append((st.get("applyState"), st.get("applyReason", "")))
        time.sleep(0.2)
    return worst, states


def test_hostile_baseline():
    "r1 converged (after the catalogue) before the hostile daemons: the owned objects to come back to."
    r1 = _router("r1")
    if erp.policy_block(r1) != GOOD_BLOCK:
        apply_good_intent(r1)
    for vrf in ("default", "BLUE"):
        wait_state(r1, vrf, "applied")
    REFERENCE["r1-owned"] = sorted(erp.owned_config(r1))
    REFERENCE["r1-pid"] = erpolicyd_pid(r1)
    assert REFERENCE["r1-owned"]


def _baseline():
    "r1 and erpolicyd's pid as test_hostile_baseline found them; skips without that baseline."
    r1 = _router("r1")
    if "r1-owned" not in REFERENCE:
        pytest.skip("no baseline")
    return r1, REFERENCE["r1-pid"]


@pytest.mark.parametrize("mode,state,reason", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_bgpd(mode, state, reason):
    "A hostile bgpd vty: erpolicyd survives, answers, reports why; the real bgpd back: exactly the plan."
    r1, pid = _baseline()
    log = os.path.join(r1.gearlogdir, "erpolicyd.log")
    mark = os.path.getsize(log)
    kill_daemons(r1, ["bgpd"])
    proc = start_fake(r1, mode)
    try:
        if mode == "dies":
            # "not reachable" is also what the kill of the real bgpd left: first the death.
            wait_fake(r1, "died", "the fake bgpd did not die in the middle of a batch")
        # erpolicyd keeps answering while it deals with the fake bgpd.
        def _reported():
            st, _ = show_policy_fast(r1)
            if st.get("applyState") == state and reason in st.get("applyReason", ""):
                return None
            return (st.get("applyState"), st.get("applyReason"), fake_state(r1).get("commands", [])[-5:])

        erp.wait_for(_reported, "{}: not reported as {} ({})".format(mode, state, reason), count=120, wait=0.5)
        worst, states = responsiveness(r1, 8)
        print("hostile bgpd {}: erpolicyd's vty answered within {:.2f} s at worst; state {}".format(
            mode, worst, states[-1]))
        assert worst < 6, "{}: show expressroute-policy took {:.2f} s".format(mode, worst)
        assert all(s[0] != "applied" for s in states), states
        fs = fake_state(r1)
        if mode == "oversize":
            # Streamed (never held in memory here): erpolicyd read up to its limit.
            print("oversize: {} bytes sent before erpolicyd gave up".format(fs.get("sent_bytes")))
            assert fs.get("sent_bytes", 0) >= (256 << 20) - (1 << 20), fs.get("sent_bytes")
        if mode == "dies":
            assert fs.get("died") and fs.get("config_lines") >= 5, fs
        if mode == "rejects":
            # The first push went as a batch, its lines pipelined, and the refusal is
            # pinned on the very line refused (its reply matched to its command); so is
            # that of each push after it, line by line.
            assert fs.get("max_ahead", 0) > 1, fs.get("max_ahead")
            assert fs.get("rejected"), fs.get("commands", [])[-5:]
            with open(log) as f:
                f.seek(mark)
                failed = re.findall(r"apply failed: (.*)", f.read())
            want = 'bgpd rejected "{}" (rc 13)'.format(fs["rejected"])
            assert len(failed) >= 2 and all(w.startswith(want) for w in failed), (want, failed)
            assert states[-1][1].startswith(want), (states[-1], want)
        assert alive_problem(r1, pid) is None, alive_problem(r1, pid)
    finally:
        stop_fake(r1, proc)
    start_real_bgpd(r1)
    for vrf in ("default", "BLUE"):
        wait_state(r1, vrf, "applied")
    wait_owned(r1, REFERENCE["r1-owned"], "{}: owned objects not back to the plan".format(mode))
    assert alive_problem(r1, pid) is None


def _generated(router, vrf="default"):
    """The owned lines of erpolicyd's generated-config for one VRF, as a set (default
    VRF: as running-config prints them). What a change of intent adds is the
    difference of two of these (the plan also holds what is not applied, e.g. a
    binding where the operator has one of their own)."""
    out, _ = vtysh(router, ["show expressroute-policy vrf {} generated-config".format(vrf)], daemon="erpolicyd")
    return {l for l in out.splitlines() if "ERPOL-" in l or re.search(r" tag 4242( |$)", l)}


def _more_prefixes(first, count):
    "count azure-prefix lines 100.64.0.0/24, 100.64.1.0/24, ... (nothing else overlaps 100.64.0.0/10)."
    return ["azure-prefix 100.{}.{}.0/24".format(64 + (first + i) // 256, (first + i) % 256)
            for i in range(count)]


def _commit(router, lines):
    "Lines for the default instance, as one northbound transaction (vtysh -f: one batch)."
    path = "/tmp/erpolicy-badinput-{}-{}.conf".format(os.getpid(), router.name)
    router.net.cmd_raises("cat > {}".format(path), stdin="router expressroute-policy\n"
                          + "\n".join(" " + l for l in lines) + "\nexit\n")
    out = router.run("timeout {} {} -f {} 2>&1".format(VTYSH_TIMEOUT, erp.VTYSH, path))
    router.cmd("rm -f {}".format(path))
    return out


def test_proxy_cut_mid_batch():
    "erpolicyd's session to the real bgpd cut after 5 lines of a batch: bgpd half-applied, then repaired to the plan."
    r1, pid = _baseline()
    gen_before = _generated(r1)
    with bgpd_proxy(r1, "proxy-cut"):
        out = _commit(r1, _more_prefixes(0, 40))
        assert "%" not in out, out
        wait_fake(r1, "cut", "the proxy did not cut the batch")
        st = wait_state(r1, "default", "applied")
        gen_after = _generated(r1)
        assert len(gen_after - gen_before) == 40, len(gen_after - gen_before)
        want = sorted(REFERENCE["r1-owned"] + list(gen_after - gen_before))
        wait_owned(r1, want, "half-applied batch not repaired")
        fs = fake_state(r1)
        # The real bgpd had CUT_AFTER lines of the batch when the session was cut.
        assert fs.get("cut_after") == 5, fs
        print("proxy cut the batch after {} lines; repaired (applies {}, drift repairs {})".format(
            fs.get("cut_after"), st.get("applies"), st.get("driftRepairs")))
        assert alive_problem(r1, pid) is None
    out = _commit(r1, ["no " + l for l in _more_prefixes(0, 40)])
    assert "%" not in out, out
    wait_owned(r1, REFERENCE["r1-owned"], "the 40 prefixes not removed")


def test_operator_binding_between_read_and_push():
    "An operator's route-map on a neighbor, arriving after erpolicyd read bgpd and before it binds: left as it is."
    r1, pid = _baseline()
    nbr = "169.254.23.2"
    out, _ = vtysh(r1, ["router expressroute-policy", "vpn-neighbor " + nbr], config=True)
    assert "%" not in out, out
    # As at start-up, when vtysh -b loads bgpd's part of frr.conf while erpolicyd
    # acts: the neighbor's own route-map follows its remote-as.
    with bgpd_proxy(
        r1, "proxy-inject", "neighbor {} remote-as".format(nbr),
        "router bgp 65501;address-family ipv4 unicast;neighbor {} route-map OPERATOR-OWN in".format(nbr),
    ):
        out, _ = vtysh(r1, ["router bgp 65501", "neighbor {} remote-as 65515".format(nbr)], config=True)
        assert "%" not in out, out
        wait_fake(r1, "injected", "the operator's binding was not injected")
        assert all("%" not in r for _, r in fake_state(r1)["inject_replies"]), fake_state(r1)

        def _left_alone():
            st, _ = show_policy_fast(r1)
            warned = any("neighbor {} already has route-map OPERATOR-OWN in, not erpolicyd's".format(nbr) in w
                         for w in st.get("warning", []))
            lines = [l.strip() for l in running_config(r1).splitlines() if nbr + " route-map" in l]
            want = ["neighbor {} route-map OPERATOR-OWN in".format(nbr),
                    "neighbor {} route-map ERPOL-VPN-OUT-V4 out".format(nbr)]
            return None if warned and sorted(lines) == sorted(want) and st.get("applyState") == "applied" \
                else (st.get("applyState"), st.get("warning"), lines)

        erp.wait_for(_left_alone, "the operator's binding was overwritten")
        assert alive_problem(r1, pid) is None
    out, _ = vtysh(r1, ["router expressroute-policy", "no vpn-neighbor " + nbr, "exit",
                        "router bgp 65501", "no neighbor " + nbr], config=True)
    assert "%" not in out, out
    wait_owned(r1, REFERENCE["r1-owned"], "the neighbor's objects not removed")


def test_kill_bgpd_during_large_push():
    "kill -9 bgpd while erpolicyd pushes 3000 azure-prefixes; bgpd restarted: exactly the plan, nothing left over or missing."
    r1, pid = _baseline()
    gen_before = _generated(r1)
    count, kill_at = 3000, 300
    # erpolicyd logs each line it sends (debug apply); a loop in r1 watches its log
    # and kills bgpd once kill_at of the new prefix-list lines have gone out.
    out, _ = vtysh(r1, ["debug expressroute-policy apply"], daemon="erpolicyd")
    # The framework starts it with --log file:erpolicyd.log in the router's log folder.
    log = os.path.join(r1.gearlogdir, "erpolicyd.log")
    assert os.path.exists(log), log
    pattern = "bgpd <- ip prefix-list ERPOL-AZURE-V4 seq [0-9]* permit 100[.]"
    watcher = r1.popen(
        [
            "bash", "-c",
            "base=$(grep -c '{p}' {log}); echo counting; for i in $(seq 1 6000); do "
            "n=$(( $(grep -c '{p}' {log}) - base )); "
            "if [ $n -ge {k} ]; then kill -9 $(cat /var/run/frr/bgpd.pid); echo killed $n; exit 0; fi; "
            "sleep 0.01; done; echo timeout".format(p=pattern, log=log, k=kill_at),
        ],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    # The watcher has its base count once it says so.
    line = watcher.stdout.readline()
    assert line.strip() == "counting", "the watcher did not start: " + line
    out = _commit(r1, _more_prefixes(0, count))
    assert "%" not in out, out[:2000]
    killed = watcher.communicate(timeout=120)[0].strip()
    vtysh(r1, ["no debug expressroute-policy apply"], daemon="erpolicyd")
    assert killed.startswith("killed"), killed
    sent = int(killed.split()[1])
    print("bgpd killed after {} of the {} new prefix-list lines were sent".format(sent, count))
    r1.cmd("rm -f /var/run/frr/bgpd.pid")
    wait_state(r1, "default", "waiting")
    start_real_bgpd(r1)
    start = time.monotonic()
    # erpolicyd's own vty while it pushes the whole plan again, one line at a time.
    worst = 0.0
    while time.monotonic() - start < 150:
        st, elapsed = show_policy_fast(r1)
        worst = max(worst, elapsed)
        if st.get("applyState") == "applied":
            break
        time.sleep(0.2)
    for vrf in ("default", "BLUE"):
        wait_state(r1, vrf, "applied", count=600)
    gen_after = _generated(r1)
    assert len(gen_after - gen_before) == count, len(gen_after - gen_before)
    want = sorted(REFERENCE["r1-owned"] + list(gen_after - gen_before))
    wait_owned(r1, want, "after the restart of bgpd")
    print("converged {:.1f} s after bgpd was started again ({} owned lines); erpolicyd's vty "
          "took up to {:.1f} s to answer meanwhile".format(time.monotonic() - start, len(want), worst))
    assert alive_problem(r1, pid) is None
    out = _commit(r1, ["no " + l for l in _more_prefixes(0, count)])
    assert "%" not in out, out[:2000]
    wait_owned(r1, REFERENCE["r1-owned"], "the prefixes not removed", count=600)


if __name__ == "__main__":
    args = ["-s"] + sys.argv[1:]
    sys.exit(pytest.main(args))
