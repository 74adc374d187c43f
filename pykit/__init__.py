# SPDX-License-Identifier: GPL-2.0-or-later
"""
erpolicyd's Python kit: what the topotests (topotests/), the lab (lab/), the demo
(tools/demo.sh, topotests/lab_demo.py), the benchmarks (bench/) and the test suites of
tests/ share.

  pykit.vty    a client of an FRR daemon's vty socket (the protocol vtysh speaks), also
               run as a command: python3 pykit/vty.py SOCKET COMMAND...
  pykit.wait   waiting for a condition, with a deadline: one polling loop for all
  pykit.netns  network namespaces, veth links between them, commands run inside them
  pykit.topo   topologies of FRR routers on FRR's topotest framework (topotests, lab, demo;
               only with the framework on sys.path)
  pykit.summary  a section of lines at the end of a pytest run (tests/adoption,
                 tests/containers)

Debian's python3 and its standard library only. Import it with the project's top folder on
sys.path (each entry point puts it there).
"""
