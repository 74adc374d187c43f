# SPDX-License-Identifier: GPL-2.0-or-later
"""
pytest set-up of the containerised lab's tests (tests/containers): labenv's import paths and
podman configuration, the log folder option, and a summary of the lab's timings at the end.
"""

import os

import pytest

from labenv import podman  # noqa: F401  (sets the import paths and CONTAINERS_CONF)
from pykit.summary import write_section

DEFAULT_LOGDIR = "/tmp/erpolicyd-containers"


def pytest_addoption(parser):
    parser.getgroup("containers").addoption(
        "--containers-logdir",
        default=os.environ.get("ERPOLICYD_CONTAINERS_LOGDIR", DEFAULT_LOGDIR),
        help="where the lab's logs and captures are kept (env ERPOLICYD_CONTAINERS_LOGDIR, "
        "default %(default)s)",
    )


def pytest_configure(config):
    config.containers_summary = []


def pytest_terminal_summary(terminalreporter, config):
    write_section(
        terminalreporter, "containerised lab", getattr(config, "containers_summary", [])
    )


@pytest.fixture(scope="session")
def summary(request):
    return request.config.containers_summary
