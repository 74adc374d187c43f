#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every test of the project, from a fresh Debian 12 machine (as root): installs what is
# needed, builds the pinned FRR (once; reused while its stamp matches) and erpolicyd,
# then runs the unit tests and the topotests on real FRR daemons.
#   tools/run-tests.sh [pytest args...]   extra args go to the topotest run
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

if [ "$(id -u)" != 0 ]; then
	echo "run-tests: run as root (builds into /opt, creates network namespaces)" >&2
	exit 1
fi

prefix=$(tools/build.sh)
tools/setup-topotests.sh >/dev/null

echo "== unit tests"
make -C build check

echo "== topotests"
export PATH="$prefix/bin:$prefix/sbin:$PATH"
cd topotests
/usr/bin/python3 -m pytest -p no:cacheprovider "$@"
