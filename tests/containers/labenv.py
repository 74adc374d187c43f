# SPDX-License-Identifier: GPL-2.0-or-later
"""
Where the containerised lab's tests find things: the import paths (the project's lab/ package,
the IPsec lab's topotest modules and the FRR topotest framework they import, as
tools/setup-topotests.sh prepares it), the topology file, and podman's configuration for every
command the tests run (CONTAINERS_CONF, inherited by their subprocesses).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
TOPOTESTS = os.path.join(TOP, "topotests")
FRAMEWORK = os.path.join(
    os.environ.get("ERPOLICYD_BUILD_ROOT", "/var/cache/erpolicyd-build"), "topotests"
)
TOPOLOGY = os.path.join(TOP, "containers", "erpolicyd-lab.clab.yml")

for _p in (FRAMEWORK, TOPOTESTS, TOP):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from lab import podman  # noqa: E402  pylint: disable=wrong-import-position

# podman, and the swanctl/ip commands the tests run through it, use the project's
# containers.conf (tools/setup-podman.sh).
os.environ.setdefault("CONTAINERS_CONF", podman.CONTAINERS_CONF)


def framework_missing():
    "Why the IPsec lab's modules cannot be imported, or None."
    if not os.path.isfile(os.path.join(FRAMEWORK, "lib", "topogen.py")):
        return "FRR topotest framework not found in {}: run tools/setup-topotests.sh".format(
            FRAMEWORK
        )
    return None


