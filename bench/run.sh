#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# erpolicyd benchmarks: the one command. As root. Builds what it needs (the pinned FRR,
# erpolicyd, bench/compile_bench), runs every measurement in its own network namespaces
# and FRR pathspaces, and regenerates bench/RESULTS.md (raw figures in bench/results.json).
#
#   bench/run.sh            full run: sizes 10, 1k, 10k, 100k, 5 runs (about an hour)
#   bench/run.sh --quick    sizes 10 and 1k, 3 runs (a few minutes)
#   bench/run.sh --report   only regenerate RESULTS.md from bench/results.json
#   bench/run.sh --help     every option (sizes, runs, budgets, namespace)
#
# ERPOLICYD_FRR_ROOT selects the FRR build to use (default /opt/erpolicyd-frr), as for
# tools/build.sh. Item 6 (failover) is measured by the IPsec lab topotest, which writes
# bench/failover.json; the report includes it when it is there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
py=/usr/bin/python3

if [ "${1:-}" = --report ]; then
	exec "$py" "$here/report.py" "$here/results.json" "$here/RESULTS.md"
fi
if [ "${1:-}" = --help ] || [ "${1:-}" = -h ]; then
	exec "$py" "$here/bench.py" --prefix /nonexistent --help
fi
if [ "$(id -u)" != 0 ]; then
	echo "bench: run as root (network namespaces, FRR daemons)" >&2
	exit 1
fi

prefix=$("$top/tools/build.sh")
make -s -C "$here" compile_bench
# linux-perf for the profiles, when Debian has it (the run goes on without it).
if ! command -v perf >/dev/null 2>&1; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends linux-perf \
		>/dev/null 2>&1 || echo "bench: perf not available: no profiles" >&2
fi

out="$here/out"
mkdir -p "$out"
start=$(date +%s)
"$py" "$here/bench.py" --prefix "$prefix" --out "$out" "$@"
cp "$out/results.json" "$here/results.json"
"$py" "$here/report.py" "$here/results.json" "$here/RESULTS.md"
echo "bench: done in $(( $(date +%s) - start )) s: $here/RESULTS.md"
