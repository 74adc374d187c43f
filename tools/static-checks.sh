#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Static analysis of every C file of erpolicyd/ (see docs/hardening.rst):
#   1. compiler warnings: gcc and clang with the project's warning flags (Makefile.am's
#      AM_CFLAGS) and -Werror, syntax only; the unit tests and the fuzzers too;
#   2. clang-tidy with the checks of .clang-tidy (warnings are errors);
#   3. cppcheck with the suppressions of tools/cppcheck.supp;
#   4. clang-format with FRR's .clang-format over every C file of the project (the daemon,
#      the unit tests, the fuzzers, the bench): tools/static-checks.sh --fix-format
#      reformats them in place instead.
# The daemon files are analysed with the include flags of Makefile.am's AM_CPPFLAGS (the
# FRR tree tools/build-debs.sh keeps under ERPOLICYD_BUILD_ROOT, default
# /var/cache/erpolicyd-build), and
# need the generated erpolicy_vty_clippy.c: configure and build in ./build first
# (ERPOLICYD_BUILD_DIR to use another build directory). Exits non-zero on any finding.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

# Every C file clang-format checks.
format_files() {
	ls erpolicyd/*.[ch] tests/unit/*.[ch] tests/fuzz/*.[ch] bench/*.c
}
if [ "${1:-}" = --fix-format ]; then
	format_files | xargs clang-format -i
	exit 0
fi

frr_src=${ERPOLICYD_BUILD_ROOT:-/var/cache/erpolicyd-build}/frr
frr_build=$frr_src/build
build=$(cd "${ERPOLICYD_BUILD_DIR:-$top/build}" 2>/dev/null && pwd) || {
	echo "static-checks: no build directory ${ERPOLICYD_BUILD_DIR:-$top/build}" >&2
	exit 2
}
for f in "$frr_build/config.h" "$build/erpolicyd/erpolicy_vty_clippy.c"; do
	if [ ! -f "$f" ]; then
		echo "static-checks: $f missing (FRR build tree, or erpolicyd not built in $build)" >&2
		exit 2
	fi
done
for tool in gcc clang clang-tidy cppcheck clang-format; do
	command -v "$tool" >/dev/null || {
		echo "static-checks: $tool not installed (tools/setup-deps.sh)" >&2
		exit 2
	}
done

# The flags exactly as Makefile.am has them (read from the build's Makefile, with
# absolute folders and without the build's sanitizer or compiler-specific flags).
am_var() {
	printf 'erpolicy-print:\n\t@echo $(%s)\n' "$1" |
		make -s --no-print-directory -C "$build" -f Makefile -f - erpolicy-print \
			top_srcdir="$top" srcdir="$top" top_builddir="$build" \
			FRR_SRC="$frr_src" FRR_BUILD="$frr_build" SAN_FLAGS= WARN_FLAGS= FUZZ_CFLAGS=
}
read -r -a cppflags <<<"$(am_var AM_CPPFLAGS)"
read -r -a cflags <<<"$(am_var AM_CFLAGS)"
files=(erpolicyd/*.c)
# The tests' own files: compiler warnings only (they include tests/unit's headers).
test_files=(tests/unit/*.c tests/fuzz/*.c)
jobs=$(nproc)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# Run "$@ FILE" for every file, $jobs at a time; print what they report.
each_file() {
	local name=$1 pids=() i=0 failed=0
	shift
	for f in "${files[@]}"; do
		"$@" "$f" >"$tmp/$name.$i.log" 2>&1 &
		pids+=($!)
		i=$((i + 1))
		if [ ${#pids[@]} -ge "$jobs" ]; then
			wait "${pids[0]}" || failed=1
			pids=("${pids[@]:1}")
		fi
	done
	for p in "${pids[@]}"; do
		wait "$p" || failed=1
	done
	for ((i = 0; i < ${#files[@]}; i++)); do
		grep -v -E '^[0-9]+ (warning|error)s? generated\.$' "$tmp/$name.$i.log" || true
	done
	return $failed
}

gcc_file() {
	gcc "${cppflags[@]}" "${cflags[@]}" -Werror -fsyntax-only "$1"
}
# FRR's configure adds -Wno-microsoft-anon-tag for clang: its headers use anonymous
# structs (-fms-extensions), which clang reports in every file that includes them.
clang_file() {
	clang "${cppflags[@]}" "${cflags[@]}" -Wno-microsoft-anon-tag -Werror -fsyntax-only "$1"
}
tidy_file() {
	clang-tidy --quiet --config-file="$top/.clang-tidy" "$1" -- "${cppflags[@]}" \
		-std=gnu11 -fms-extensions
}

echo "== compiler warnings (gcc, clang; Makefile.am's flags and -Werror)"
each_file gcc gcc_file || status=1
each_file clang clang_file || status=1
daemon_files=("${files[@]}")
files=("${test_files[@]}")
cppflags+=(-I"$top/tests/unit")
each_file gcc-tests gcc_file || status=1
each_file clang-tests clang_file || status=1
files=("${daemon_files[@]}")

echo "== clang-tidy $(clang-tidy --version | sed -n 's/.*version \([0-9.]*\).*/\1/p') (.clang-tidy)"
each_file clang-tidy tidy_file || status=1

echo "== cppcheck ($(cppcheck --version | sed 's/^Cppcheck //'), tools/cppcheck.supp)"
# The compiler's predefined macros (cppcheck knows none), the system include path (so
# that FRR's headers find what they test, e.g. BYTE_ORDER), then tools/cppcheck/frr-shim.h.
gcc -std=gnu11 -dM -E -x c /dev/null >"$tmp/predef.h"
sysinc=(-I"$(gcc -print-file-name=include)" -I/usr/include/"$(gcc -print-multiarch)"
	-I/usr/include)
cppcheck -q --error-exitcode=1 --std=c11 --library=posix -j "$jobs" \
	--enable=warning,style,performance,portability --inline-suppr \
	--suppressions-list="$top/tools/cppcheck.supp" \
	--suppress="*:$frr_src/*" --suppress='*:/usr/*' \
	--include="$tmp/predef.h" --include="$top/tools/cppcheck/frr-shim.h" \
	-D'__has_attribute(x)=0' -D'__has_builtin(x)=0' \
	"${cppflags[@]}" "${sysinc[@]}" \
	--template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
	"${files[@]}" || status=1

echo "== clang-format $(clang-format --version | sed -n 's/.*version \([0-9.]*\).*/\1/p') (.clang-format: FRR's)"
# --dry-run prints each place that differs; --Werror makes that a failure.
format_files | xargs clang-format --dry-run --Werror || {
	echo "static-checks: not formatted; tools/static-checks.sh --fix-format mends it" >&2
	status=1
}

if [ $status != 0 ]; then
	echo "static-checks: FAILED" >&2
else
	echo "static-checks: no findings in ${#files[@]} files (and ${#test_files[@]} test files)"
fi
exit $status
