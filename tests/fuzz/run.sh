#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run erpolicyd's libFuzzer targets (built by make fuzz in a tree configured with
# --enable-fuzzing; the make targets fuzz-regress, fuzz-run-short and fuzz-run-long call this).
#   run.sh SECONDS JOBS TARGET...        TARGET: the path of a built fuzzer
# SECONDS 0: run each target once over its checked-in corpus (regression run).
# Otherwise fuzz each target for SECONDS (per job), starting from corpus/TARGET (next to
# this script) and the inputs found by earlier runs (work/TARGET/corpus next to the
# binary); JOBS > 1 runs that many processes.
# Exits non-zero if any target crashed, leaked, broke an invariant or hit a sanitizer
# report; the input is then in work/TARGET/ next to the binary (crash-*, leak-*,
# timeout-*, oom-*).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)

secs=$1 jobs=$2
shift 2
declare -A max_len=([fuzz_intent]=4096 [fuzz_state]=16384 [fuzz_frame]=4096)
failed=()

for bin in "$@"; do
	t=$(basename "$bin")
	bin=$(cd "$(dirname "$bin")" && pwd)/$t
	work=$(dirname "$bin")/work/$t
	corpus=$here/corpus/$t
	mkdir -p "$work/corpus"
	args=(-timeout=10 -rss_limit_mb=2048 -max_len="${max_len[$t]:-4096}"
		-artifact_prefix="$work/" -print_final_stats=1)
	[ -f "$here/$t.dict" ] && args+=(-dict="$here/$t.dict")
	if [ "$secs" = 0 ]; then
		args+=(-runs=0 "$corpus")
	else
		args+=(-max_total_time="$secs" "$work/corpus" "$corpus")
		if [ "$jobs" -gt 1 ]; then
			args=(-jobs="$jobs" -workers="$jobs" "${args[@]}")
		fi
	fi
	start=$(date +%s)
	# -jobs writes fuzz-N.log into the current folder: the work folder.
	(cd "$work" && "$bin" "${args[@]}") >"$work/log" 2>&1
	rc=$?
	if [ "$jobs" -gt 1 ] && [ "$secs" != 0 ]; then
		cat "$work"/fuzz-*.log >>"$work/log" 2>/dev/null
		rm -f "$work"/fuzz-*.log
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" |
		awk '{s += $1} END {print s + 0}')
	cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -1)
	echo "$t: rc $rc, $execs executions in $(($(date +%s) - start)) s, ${cov:-cov: ?}," \
		"corpus $(ls "$corpus" | wc -l) seeds + $(ls "$work/corpus" | wc -l) found"
	if [ $rc != 0 ]; then
		failed+=("$t")
		grep -E -A30 'ERROR: |runtime error|invariant broken|SUMMARY' "$work/log" | head -60
	fi
done
if [ ${#failed[@]} -gt 0 ]; then
	echo "fuzz: FAILED: ${failed[*]} (logs and inputs in work/TARGET/ next to the fuzzers)" >&2
	exit 1
fi
