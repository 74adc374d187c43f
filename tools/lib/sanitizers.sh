# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# Shell functions of the runs with sanitized daemons (tools/run-asan-lab.sh,
# tools/run-soak.sh), sourced by them from the project's top folder.

# Build erpolicyd with the sanitizers (configure --enable-sanitizers) in ./build-asan,
# configured there the first time and again when configure is newer than its Makefile.
build_asan_erpolicyd() {
	mkdir -p build-asan
	(
		cd build-asan || exit
		if [ ! -f Makefile ] || [ ../configure -nt Makefile ]; then
			../configure -q --enable-sanitizers
		fi
		make -j"$(nproc)" erpolicyd/erpolicyd >/dev/null
	)
}

# fail_on_sanitizer_reports WHO FILES: FILES, the sanitizer reports found (one path a line,
# maybe none); with any, print the first 60 lines of each on stderr, prefixed by WHO's
# notice, and exit 1.
fail_on_sanitizer_reports() {
	local who=$1 found=$2 f
	[ -n "$found" ] || return 0
	echo "$who: sanitizer reports:" >&2
	for f in $found; do
		echo "--- $f" >&2
		head -60 "$f" >&2
	done
	exit 1
}
