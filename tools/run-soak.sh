#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The long drift soak (topotests/test_drift_soak.py) with r1's daemons built with
# sanitizers: zebra, mgmtd, staticd and bgpd with AddressSanitizer (tools/build-frr-asan.sh,
# FRR 10.7.1 with tools/frr-patches), erpolicyd with AddressSanitizer, LeakSanitizer and
# UBSan (./build-asan, as tools/run-asan-lab.sh builds it). The test runs r1 on a folder of
# links to them (ERPOLICYD_TOPOTEST_DAEMONDIR); the peers, the installed packages and the
# framework's own daemon folder are not touched (the packages must be installed: the peers
# and vtysh are theirs, tools/build.sh). Any sanitizer report fails the run.
#
#   tools/run-soak.sh [REPAIRS]     default 200 repairs (half in each mode)
#   ERPOLICYD_FRR_ASAN_EXCLUDE=0004 FRR without that patch (tools/build-frr-asan.sh)
#
# The figures (repairs by kind, mode and family, session resets, route changes, repair
# times, duration) are printed and left in /tmp/erpolicyd-soak/figures.json.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
# shellcheck source=SCRIPTDIR/lib/sanitizers.sh
. tools/lib/sanitizers.sh
repairs=${1:-200}
out=/tmp/erpolicyd-soak
rundir=/tmp/topotests-soak
daemons=$out/daemons

[ -x /usr/lib/frr/erpolicyd ] || { echo "run-soak: install the packages first (tools/build.sh)" >&2; exit 1; }
asan_sbin=$(tools/build-frr-asan.sh)
build_asan_erpolicyd

rm -rf "$out" "$rundir"
mkdir -p "$out/ubsan" "$daemons"
# The daemons drop to user frr: UBSan's folder is writable by it.
chmod 1777 "$out" "$out/ubsan"
for d in zebra mgmtd staticd bgpd; do
	ln -s "$(readlink -f "$asan_sbin/$d")" "$daemons/$d"
done
ln -s "$top/build-asan/erpolicyd/erpolicyd" "$daemons/erpolicyd"

# The framework gives each daemon ASAN_OPTIONS=log_path=<run>/<router>.asan.<daemon>: ASan's
# and LeakSanitizer's reports (leaks at exit included: the framework stops the daemons
# with SIGTERM) land next to the daemons' logs; UBSan's go to $out/ubsan.
export LSAN_OPTIONS="suppressions=$top/tools/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="log_path=$out/ubsan/ubsan:print_stacktrace=1:halt_on_error=1"
export ERPOLICYD_TOPOTEST_DAEMONDIR=$daemons
export ERPOLICYD_SOAK_REPAIRS=$repairs
export ERPOLICYD_SOAK_REPORT=$out/figures.json
echo "run-soak: erpolicyd from $(git log -1 --format='%h %s') with $(git status --short erpolicyd |
	wc -l) files of erpolicyd/ changed in the working tree; FRR with $(cat "$asan_sbin/../patches")"
start=$(date +%s)
status=0
(cd topotests && /usr/bin/python3 -m pytest -p no:cacheprovider -s --rundir="$rundir" \
	test_drift_soak.py) >"$out/pytest.log" 2>&1 || status=$?
unset LSAN_OPTIONS UBSAN_OPTIONS
grep -E '^drift soak:|passed|failed|error' "$out/pytest.log" | tail -5 || true

cores=$(find "$rundir" -name '*core*.dmp' | sort)
found=$({ find "$out/ubsan" -type f -size +0; find "$rundir" -type f -name '*.asan.*' -size +0; } |
	sort)
echo "run-soak: $repairs repairs asked, $(($(date +%s) - start)) s, pytest status $status"
[ -f "$out/figures.json" ] && cat "$out/figures.json"
for f in $cores; do echo "run-soak: core dump $f"; done
fail_on_sanitizer_reports run-soak "$found"
echo "run-soak: no sanitizer report (ASan on zebra, mgmtd, staticd, bgpd; ASan, LSan, UBSan on erpolicyd)"
[ -z "$cores" ] || exit 1
exit $status
