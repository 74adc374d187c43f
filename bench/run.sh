#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# erpolicyd benchmarks: the one command. As root. Builds what it needs (the pinned FRR,
# erpolicyd, bench/compile_bench), runs every measurement in its own network namespaces
# and FRR pathspaces, and regenerates bench/RESULTS.md (raw figures in bench/results.json).
#
#   bench/run.sh                full run, every figure: item 6 from the IPsec lab topotest
#                               (topotests/test_lab_ipsec.py) run 5 times first, about 75 s
#                               each (--lab-runs N to change), then sizes 10, 1k, 10k, 100k,
#                               5 runs (fewer where capped: see --help); prints its
#                               estimated duration first
#   bench/run.sh --no-lab       the same without the lab runs (item 6 from an existing
#                               bench/failover.json)
#   bench/run.sh --quick        sizes 10 and 1k, 3 runs, no lab (a few minutes)
#   bench/run.sh --estimate     print the expected duration of a run and exit (with the
#                               other options: of that run)
#   bench/run.sh --report       only regenerate RESULTS.md from bench/results.json
#   bench/run.sh --help         every option (sizes, runs, caps, namespace)
#
# Item 6b (silent failures) comes from topotests/test_lab_silent.py, run once unless
# --no-lab (bench/failover-silent.json; report.py --import-silent FILE makes it from any
# lab-silent.json).
#
# Item 6 (failover) comes from the IPsec lab: its topotest writes lab-failover.json in its
# run folder (<rundir>/test_lab_ipsec/lab-failover.json). Unless --no-lab, this script runs
# it in rundirs of its own (/tmp/topotests-bench-K) and imports the figures into
# bench/failover.json; --failover FILE imports a lab-failover.json from an earlier lab run
# instead (the report gives its date; give it several times for a median over several lab
# runs). Without either, an existing bench/failover.json is
# used as it is.
#
# It runs on FRR and erpolicyd as their packages install them (tools/build.sh builds and
# installs them). One measurement failing or running over its cap is reported in
# RESULTS.md; the run goes on. Ctrl-C stops the run: the daemons and namespaces it
# started are removed, and the report is written from what was measured.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
py=/usr/bin/python3

with_lab=1
lab_runs=5
failover=()
args=()
while [ $# -gt 0 ]; do
	case "$1" in
	--report)
		exec "$py" "$here/report.py" "$here/results.json" "$here/RESULTS.md" ;;
	--help | -h)
		sed -n '3,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'
		echo "Options passed on to bench/bench.py:"
		exec "$py" "$here/bench.py" --help ;;
	--estimate)
		exec "$py" "$here/bench.py" "${args[@]}" "${@:2}" --estimate ;;
	--with-lab) with_lab=1 ;;
	--no-lab) with_lab= ;;
	--quick) with_lab=; args+=("$1") ;;
	--lab-runs) lab_runs=$2; shift ;;
	--failover) failover+=("$2"); shift ;;
	*) args+=("$1") ;;
	esac
	shift
done
if [ "$(id -u)" != 0 ]; then
	echo "bench: run as root (network namespaces, FRR daemons)" >&2
	exit 1
fi

"$top/tools/build.sh" >/dev/null
make -s -C "${ERPOLICYD_BUILD_DIR:-$top/build}" bench/compile_bench
# linux-perf for the profiles, when Debian has it (the run goes on without it).
if ! command -v perf >/dev/null 2>&1; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends linux-perf \
		>/dev/null 2>&1 || echo "bench: perf not available: no profiles" >&2
fi

# The full run's duration, whatever this run is.
"$py" "$here/bench.py" --estimate | sed 's/^/bench: full run (bench\/run.sh): /' >&2
"$py" "$here/bench.py" --estimate "${args[@]}" | sed 's/^/bench: this run: /' >&2
if [ -n "$with_lab" ]; then
	echo "bench: this run: plus $lab_runs IPsec lab runs first, about $((lab_runs * 75)) s, and the silent-failure lab run, about 330 s" >&2
fi

if [ -n "$with_lab" ]; then
	# One figure of each kind per lab run: several runs for a median.
	for k in $(seq 1 "$lab_runs"); do
		labdir=/tmp/topotests-bench-$k
		rm -rf "$labdir/test_lab_ipsec"
		echo "bench: item 6: IPsec lab topotest run $k of $lab_runs, about 75 s (rundir $labdir)" >&2
		if (cd "$top" && tools/run-tests.sh test_lab_ipsec.py --rundir "$labdir" -q) >&2 &&
			[ -f "$labdir/test_lab_ipsec/lab-failover.json" ]; then
			failover+=("$labdir/test_lab_ipsec/lab-failover.json")
		else
			echo "bench: item 6: lab run $k failed; its figures are left out" >&2
		fi
	done
	if [ ${#failover[@]} -eq 0 ]; then
		echo "bench: item 6: no lab run succeeded; item 6 not measured" >&2
		rm -f "$here/failover.json"
	fi
fi
if [ ${#failover[@]} -gt 0 ]; then
	"$py" "$here/report.py" --import-lab "${failover[@]}" "$here/failover.json"
fi
if [ -n "$with_lab" ]; then
	# Item 6b: the silent failures, several runs of each inside one lab run.
	labdir=/tmp/topotests-bench-silent
	rm -rf "$labdir/test_lab_silent"
	echo "bench: item 6b: silent failures in the IPsec lab, about 330 s (rundir $labdir)" >&2
	if (cd "$top" && tools/run-tests.sh test_lab_silent.py --rundir "$labdir" -q) >&2 &&
		[ -f "$labdir/test_lab_silent/lab-silent.json" ]; then
		"$py" "$here/report.py" --import-silent "$labdir/test_lab_silent/lab-silent.json" \
			"$here/failover-silent.json"
	else
		echo "bench: item 6b: the silent-failure lab run failed; bench/failover-silent.json kept" >&2
	fi
fi

out="$here/out"
mkdir -p "$out"
rm -f "$out/results.json"
start=$(date +%s)
rc=0
# Ctrl-C: bench.py cleans up (daemons, namespaces) and exits; this script then still
# writes the report of what was measured (a trapped signal is not ignored by the child).
interrupted=
trap 'interrupted=1' INT
"$py" "$here/bench.py" --out "$out" "${args[@]}" || rc=$?
trap - INT
if [ -f "$out/results.json" ]; then
	cp "$out/results.json" "$here/results.json"
	"$py" "$here/report.py" "$here/results.json" "$here/RESULTS.md"
fi
echo "bench: ${interrupted:+interrupted, }done in $(($(date +%s) - start)) s (rc $rc): $here/RESULTS.md" >&2
exit $rc
