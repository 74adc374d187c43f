#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
A configuration file loaded with `vtysh -f` is applied whole, however long.

    r1 (AS 65501) r1-eth0 192.0.2.1 ---- s1 ---- 192.0.2.2 r2-eth0 (AS 65515)

`vtysh -f` brackets a file with XFRR_start/end_configuration, and the daemon groups its
commands into one northbound transaction (tools/frr-patches/0007; FRR 10.7.1 as released
commits every 5000 commands). bgpd installs the prefix-list entries of a transaction in
its apply_finish callbacks, which run in the order of the changes
(tools/frr-patches/0008). erpolicyd pushes its plan to bgpd the same way, so a file of
more than 5000 entries must leave every entry installed, in bgpd's running configuration
and in its lookup list, in sequence order. Plain FRR, no erpolicyd; the routers are
test_routemap_revive's.
"""

import os
import re

import pytest

CWD = os.path.dirname(os.path.realpath(__file__))

# pylint: disable=C0413
from lib.topogen import get_topogen

from pykit import topo

pytestmark = [pytest.mark.bgpd, pytest.mark.staticd, pytest.mark.mgmtd]

# More than one 5000-command group of FRR 10.7.1 as released.
ENTRIES = 6001
NAME = "LOAD-V4"


def setup_module(mod):
    topo.start(topo.two_routers, mod.__name__, os.path.join(CWD, "routemap_revive"))


def teardown_module(mod):
    get_topogen().stop_topology()


def _entry(i):
    return "ip prefix-list {} seq {} permit 10.{}.{}.0/24".format(
        NAME, 5 * (i + 1), i // 256, i % 256
    )


def test_file_of_many_prefix_list_entries():
    "Every entry of a 6001-line file is installed, in sequence order."
    r1 = topo.gears()["r1"]
    out = r1.vtysh_multicmd(
        "\n".join(_entry(i) for i in range(ENTRIES)), pretty_output=False, daemon="bgpd"
    )
    assert "Configuration failed" not in out, out[:2000]

    summary = r1.vtysh_cmd("show ip prefix-list summary {}".format(NAME), daemon="bgpd")
    assert "count: {},".format(ENTRIES) in summary, summary

    listed = r1.vtysh_cmd("show ip prefix-list {}".format(NAME), daemon="bgpd")
    seqs = [int(s) for s in re.findall(r"seq (\d+) permit", listed)]
    assert seqs == [5 * (i + 1) for i in range(ENTRIES)], "bgpd's list is not in sequence order"

    running = r1.vtysh_cmd("show running-config", daemon="bgpd")
    assert sum(1 for l in running.splitlines() if l.startswith("ip prefix-list " + NAME)) == ENTRIES

    # The last entry is found by a lookup (the list bgpd matches routes against).
    last = "10.{}.{}.0/24".format((ENTRIES - 1) // 256, (ENTRIES - 1) % 256)
    found = r1.vtysh_cmd("show ip prefix-list {} {}".format(NAME, last), daemon="bgpd")
    assert "seq {} permit {}".format(5 * ENTRIES, last) in found, found
