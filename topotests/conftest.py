# SPDX-License-Identifier: GPL-2.0-or-later
"""
erpolicyd topotests: run with FRR's own topotest framework.

The framework (lib/, munet/ and FRR's conftest.py) is a project copy prepared outside the
git clone by tools/setup-topotests.sh from the FRR tree the packages were built from, under
$ERPOLICYD_BUILD_ROOT/topotests (default /var/cache/erpolicyd-build/topotests). The daemons
and vtysh are FRR's, as the packages install them (/usr/lib/frr, /usr/bin/vtysh). This file:
  - puts that copy first on sys.path, so tests use `from lib import topotest` etc. exactly as
    FRR's tests do, and the project's top folder last, for its Python kit (pykit/) and lab/;
  - loads FRR's conftest.py and re-exports its hooks and fixtures here, so that pytest treats
    this folder like FRR's tests/topotests (options such as --rundir, environment check,
    per-module log folders, core/backtrace checks, cleanup of munet processes, `tgen` fixture).

Run as root with Debian's interpreter:
    cd topotests && /usr/bin/python3 -m pytest -v test_smoke_bgp.py
"""

import importlib.util
import os
import sys

import pytest

BUILD_ROOT = os.environ.get("ERPOLICYD_BUILD_ROOT", "/var/cache/erpolicyd-build")
FRAMEWORK = os.path.join(BUILD_ROOT, "topotests")

if not os.path.isfile(os.path.join(FRAMEWORK, "lib", "topogen.py")) or not os.path.isfile(
    os.path.join(FRAMEWORK, "conftest.py")
):
    raise pytest.UsageError(
        "FRR topotest framework not found in {}: run tools/setup-topotests.sh "
        "(as root) first".format(FRAMEWORK)
    )

# The framework copy must win over anything else called `lib` or `munet`.
if FRAMEWORK in sys.path:
    sys.path.remove(FRAMEWORK)
sys.path.insert(0, FRAMEWORK)
TOP = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
if TOP not in sys.path:
    sys.path.append(TOP)

# Load FRR's conftest.py under its own module name (this file is already `conftest`).
_spec = importlib.util.spec_from_file_location(
    "frr_topotests_conftest", os.path.join(FRAMEWORK, "conftest.py")
)
_frr_conftest = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = _frr_conftest
_spec.loader.exec_module(_frr_conftest)

# Re-export its public names: pytest collects hooks (pytest_*) and fixtures (tgen, topo,
# module_autouse, session_autouse, ...) from this module's namespace.
for _name in dir(_frr_conftest):
    if _name.startswith("_") or _name in globals():
        continue
    _obj = getattr(_frr_conftest, _name)
    if type(_obj) is type(sys):  # modules imported by FRR's conftest
        continue
    globals()[_name] = _obj
del _name, _obj
