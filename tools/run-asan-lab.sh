#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run topotests with erpolicyd built with AddressSanitizer (leaks included) and
# UndefinedBehaviorSanitizer; any report fails the run. The sanitized binary is built in
# ./build-asan and takes the place of the packaged erpolicyd for the run: the topotests
# start <frrdir>/erpolicyd, and the framework's frrdir (tools/setup-topotests.sh) is a folder
# of links to /usr/lib/frr whose erpolicyd link points at it; the link is put back
# afterwards, whatever happens. The installed package is not touched.
#   tools/run-asan-lab.sh [pytest args...]     default: test_lab_ipsec.py
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
# shellcheck source=SCRIPTDIR/lib/sanitizers.sh
. tools/lib/sanitizers.sh

tools/build.sh >/dev/null
frrdir=$(dirname "$(tools/setup-topotests.sh)")/topodaemons
reports=/tmp/erpolicyd-asan
rm -rf "$reports"
mkdir -p -m 1777 "$reports"

build_asan_erpolicyd

restore() { ln -sfn /usr/lib/frr/erpolicyd "$frrdir/erpolicyd"; }
trap restore EXIT
ln -sfn "$top/build-asan/erpolicyd/erpolicyd" "$frrdir/erpolicyd"

# The topotest framework gives each daemon ASAN_OPTIONS=log_path=<run>/<router>.asan.<daemon>
# (so ASan's and LeakSanitizer's reports, leaks at exit included: the framework stops
# every daemon with SIGTERM, land next to the daemons' logs); UBSan's go to $reports.
# The daemon drops to user frr: that folder is writable by it.
rundir=/tmp/topotests-asan
rm -rf "$rundir"
export LSAN_OPTIONS="suppressions=$top/tools/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="log_path=$reports/ubsan:print_stacktrace=1:halt_on_error=1"
[ $# -gt 0 ] || set -- test_lab_ipsec.py
status=0
(cd topotests && /usr/bin/python3 -m pytest -p no:cacheprovider --rundir="$rundir" "$@") ||
	status=$?
unset LSAN_OPTIONS UBSAN_OPTIONS

# A daemon started without the exported UBSAN_OPTIONS (the framework builds its
# environment) reports on its stderr: erpolicyd.err next to its log.
found=$({
	find "$reports" -type f -size +0
	find "$rundir" -type f -name '*.asan.erpolicyd.*' -size +0
	find "$rundir" -type f -name 'erpolicyd.err' -exec grep -l -E 'runtime error:|Sanitizer' {} + || true
} | sort)
fail_on_sanitizer_reports run-asan-lab "$found"
echo "run-asan-lab: no sanitizer report from erpolicyd (ASan, LeakSanitizer, UBSan)"
exit $status
