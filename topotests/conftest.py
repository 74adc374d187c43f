# SPDX-License-Identifier: GPL-2.0-or-later
"""
erpolicyd topotests: run with FRR's own topotest framework.

The framework (lib/, munet/ and FRR's conftest.py) is a project copy prepared outside the
git clone by tools/setup-topotests.sh, under $ERPOLICYD_FRR_ROOT/topotests (default
/opt/erpolicyd-frr/topotests). This file:
  - puts that copy first on sys.path, so tests use `from lib import topotest` etc. exactly as
    FRR's tests do;
  - puts the project FRR prefix's bin/ and sbin/ first on PATH (the framework runs `vtysh`
    from PATH, inside the routers' namespaces);
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

FRR_ROOT = os.environ.get("ERPOLICYD_FRR_ROOT", "/opt/erpolicyd-frr")
FRR_PREFIX = os.path.join(FRR_ROOT, "prefix")
FRAMEWORK = os.path.join(FRR_ROOT, "topotests")
FRRDIR = os.path.join(FRR_ROOT, "topodaemons")

if not os.path.isfile(os.path.join(FRAMEWORK, "lib", "topogen.py")) or not os.path.isfile(
    os.path.join(FRAMEWORK, "conftest.py")
):
    raise pytest.UsageError(
        "FRR topotest framework not found in {}: run tools/setup-topotests.sh "
        "(as root) first".format(FRAMEWORK)
    )

# vtysh, and the daemons for anything that calls them by name, from the project prefix.
_path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p]
_first = [os.path.join(FRR_PREFIX, "bin"), os.path.join(FRR_PREFIX, "sbin")]
os.environ["PATH"] = os.pathsep.join(_first + [p for p in _path if p not in _first])

# The framework copy must win over anything else called `lib` or `munet`.
if FRAMEWORK in sys.path:
    sys.path.remove(FRAMEWORK)
sys.path.insert(0, FRAMEWORK)

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
