#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every test of the project, from a fresh Debian 12 machine (as root): installs what is
# needed, builds the Debian packages (FRR 10.7.1 with erpolicyd's patches, erpolicyd; the
# FRR tree is reused while its pin, patches and rules are unchanged) and installs them,
# then runs, stopping at the first part that fails:
#   unit tests (pure C, table-driven and golden files), the same under AddressSanitizer +
#   UndefinedBehaviorSanitizer and under valgrind, the fuzzers' short run, the static checks
#   (compiler warnings, clang-tidy, cppcheck), lintian on the packages, the documentation
#   (command reference against the code, the Sphinx build, the man page), the adoption drill
#   (Debian's frr upgraded in place to these packages in a container with systemd as PID 1),
#   the containerised lab (the images built from the packages, the containerlab topology file
#   checked and brought up with podman, the IPsec lab's checks on it), the topotests on real
#   FRR daemons, and one lab scenario again with erpolicyd built with ASan + UBSan.
#   tools/run-tests.sh [pytest args...]   extra args: only the topotests run, with them
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

if [ "$(id -u)" != 0 ]; then
	echo "run-tests: run as root (installs the packages, creates network namespaces)" >&2
	exit 1
fi

dist=$(tools/build.sh)
tools/setup-topotests.sh >/dev/null
py=/usr/bin/python3

step() { printf '\n== %s\n' "$*"; }

if [ $# -gt 0 ]; then
	step "topotests: $*"
	cd topotests
	exec "$py" -m pytest -p no:cacheprovider "$@"
fi

step "unit tests"
make -C build check VERBOSE=1
# The same tree configured again in ./build-fuzz: clang, ASan + UBSan, libFuzzer.
mkdir -p build-fuzz
if [ ! -f build-fuzz/Makefile ] || [ configure -nt build-fuzz/Makefile ]; then
	# shellcheck disable=SC2086
	(cd build-fuzz && ../configure -q CC=clang CFLAGS="-g -O1" --enable-fuzzing \
		${ERPOLICYD_CONFIGURE:-})
fi
step "unit tests under AddressSanitizer and UndefinedBehaviorSanitizer"
make -s -j"$(nproc)" -C build-fuzz check VERBOSE=1
step "unit tests under valgrind"
make -s -C build check-valgrind VERBOSE=1
step "fuzzers, short run"
make -s -C build-fuzz fuzz-run-short
step "static checks"
tools/static-checks.sh
step "packages: lintian"
tools/lint-debs.sh "$dist"
step "documentation: command reference, user guide, man page"
"$py" -m pytest -p no:cacheprovider -q tests/unit/test_docs_commands.py
make -s -C docs check
step "lab helpers"
"$py" -m pytest -p no:cacheprovider -q tests/unit/test_lab_updown.py

step "adoption drill: Debian's frr upgraded to the project's packages, in a systemd container"
tools/setup-podman.sh >/dev/null
ERPOLICYD_DIST=$dist "$py" -m pytest -p no:cacheprovider -q tests/adoption

step "containerised lab: the containerlab topology, brought up with podman"
tools/ensure-packages.sh run-tests python3-yaml tcpdump
tools/build-images.sh "$dist" >/dev/null
(
	# The lab is removed whatever happens (the tests remove it too, unless killed).
	trap 'tools/clab-podman.sh down containers/erpolicyd-lab.clab.yml >/dev/null 2>&1 || true' EXIT
	ERPOLICYD_DIST=$dist "$py" -m pytest -p no:cacheprovider -q tests/containers
)

step "topotests"
(cd topotests && "$py" -m pytest -p no:cacheprovider)

step "lab scenario with erpolicyd built with ASan and UBSan"
tools/run-asan-lab.sh test_lab_ipsec.py test_erpolicy_engine.py
