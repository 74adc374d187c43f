# SPDX-License-Identifier: GPL-2.0-or-later
"""
pytest set-up of the adoption drill (test_adoption.py): its options, its marker, steps that
depend on the previous ones (a failed step skips the rest), and a summary of the drill's
timings and log folder at the end of the run.
"""

import os
import sys

import pytest

# The project's top folder, for lab/ and pykit/ (test_adoption.py imports lab.podman).
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if TOP not in sys.path:
    sys.path.insert(0, TOP)

from pykit.summary import write_section  # noqa: E402  pylint: disable=wrong-import-position

# The dist/ folder tools/build-debs.sh fills, in this checkout.
DEFAULT_DIST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "dist")
DEFAULT_LOGDIR = "/tmp/erpolicyd-adoption"


def pytest_addoption(parser):
    group = parser.getgroup("adoption", "erpolicyd adoption drill")
    group.addoption(
        "--erpolicyd-dist",
        default=os.environ.get("ERPOLICYD_DIST", DEFAULT_DIST),
        help="folder of the project's .debs (env ERPOLICYD_DIST, default %(default)s)",
    )
    group.addoption(
        "--adoption-logdir",
        default=os.environ.get("ERPOLICYD_ADOPTION_LOGDIR", DEFAULT_LOGDIR),
        help="where the drill keeps its records and the container's logs "
        "(env ERPOLICYD_ADOPTION_LOGDIR, default %(default)s)",
    )


def pytest_configure(config):
    config.addinivalue_line("markers", "adoption: the Debian-package adoption drill (podman)")
    config.addinivalue_line("markers", "incremental: a failed step skips the later ones")
    config.adoption_summary = []


def pytest_runtest_makereport(item, call):
    if "incremental" in item.keywords and call.excinfo is not None:
        if not call.excinfo.errisinstance(pytest.skip.Exception):
            item.parent._adoption_failed = item.name  # pylint: disable=protected-access


def pytest_runtest_setup(item):
    if "incremental" in item.keywords:
        failed = getattr(item.parent, "_adoption_failed", None)
        if failed:
            pytest.skip("an earlier step failed: {}".format(failed))


def pytest_terminal_summary(terminalreporter, config):
    write_section(terminalreporter, "adoption drill", getattr(config, "adoption_summary", []))
