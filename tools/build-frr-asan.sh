#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build FRR 10.7.1 with AddressSanitizer, out of tree, for the sanitizer runs of the
# topotests (tools/run-soak.sh): zebra, mgmtd, staticd and bgpd, installed with their own
# libfrr in a private prefix (their RUNPATH points there: the installed packages' libfrr is
# not used), with the packages' configuration and state paths and user. The sources are
# the pinned orig tarball with tools/frr-patches applied, as tools/build-debs.sh has them;
# the packages' tree ($ERPOLICYD_BUILD_ROOT/frr) and the installed packages are not touched.
#
#   tools/build-frr-asan.sh          build if needed (run as root), print the sbin folder
#   ERPOLICYD_FRR_ASAN_EXCLUDE=0004  leave out the patches whose names start so (several:
#                                    space-separated), e.g. to reproduce a bug a patch fixes
#
# Result, under $ERPOLICYD_BUILD_ROOT/frr-asan: src/ (the patched sources), build/ (the
# object tree), inst/ (the private prefix), sbin/ (links to the four daemons), patches
# (the names of the patches applied).
# Idempotent: a stamp records the pin, the patches applied and this script. When they
# change, only the files whose contents changed are replaced in src/, so the build is
# incremental (a patch to lib/routemap.c recompiles that file and relinks).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=frr-pin.env
. "$here/frr-pin.env"
root=${ERPOLICYD_BUILD_ROOT:-/var/cache/erpolicyd-build}
dir=$root/frr-asan
jobs=$(nproc)
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
daemons=(zebra mgmtd staticd bgpd)

log() { printf 'build-frr-asan: %s\n' "$*" >&2; }
die() { printf 'build-frr-asan: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (writes $root)"
[ -f "$root/dl/$FRR_ORIG" ] || die "no $root/dl/$FRR_ORIG (run tools/build-debs.sh first)"
echo "$FRR_ORIG_SHA256  $root/dl/$FRR_ORIG" | sha256sum -c --quiet - ||
	die "$FRR_ORIG: sha256 mismatch"

patches=()
for p in "$here"/frr-patches/*.patch; do
	skip=
	for x in ${ERPOLICYD_FRR_ASAN_EXCLUDE:-}; do
		case $(basename "$p") in "$x"*) skip=1 ;; esac
	done
	[ -n "$skip" ] || patches+=("$p")
done

stamp=$({
	cat "$here/frr-pin.env" "$0"
	for p in "${patches[@]}"; do basename "$p"; cat "$p"; done
} | sha256sum | cut -d' ' -f1)
if [ "$(cat "$dir/stamp" 2>/dev/null)" = "$stamp" ] && [ -x "$dir/inst/sbin/bgpd" ]; then
	log "up to date ($(printf '%s ' "${patches[@]##*/}"))"
	echo "$dir/sbin"
	exit 0
fi
rm -f "$dir/stamp"

# --- sources: unpack and patch into stage/, then replace only what differs in src/ -----------
rm -rf "$dir/stage"
mkdir -p "$dir/stage" "$dir/src"
tar -xf "$root/dl/$FRR_ORIG" -C "$dir/stage" --strip-components=1
for p in "${patches[@]}"; do
	patch -d "$dir/stage" -p1 -s <"$p" || die "$(basename "$p") does not apply"
done
log "patches: $(printf '%s ' "${patches[@]##*/}")"
if [ ! -f "$dir/src/configure.ac" ]; then
	rm -rf "$dir/src"
	mv "$dir/stage" "$dir/src"
else
	# diff -rq names each file that differs or is only on one side; what is only in src/
	# was generated there (autoreconf) and stays.
	{ diff -rq "$dir/stage" "$dir/src" || true; } | while IFS= read -r line; do
		case $line in
		"Files $dir/stage/"*" differ")
			f=${line#"Files $dir/stage/"}; f=${f%% and *}
			cp "$dir/stage/$f" "$dir/src/$f"
			log "changed: $f" ;;
		"Only in $dir/stage"*)
			d=${line#"Only in "}; f=${d#*: }; d=${d%%: *}
			cp -r "$d/$f" "$dir/src/${d#"$dir/stage"}/$f"
			log "added: ${d#"$dir/stage"}/$f" ;;
		esac
	done
fi
rm -rf "$dir/stage"
# The orig tarball has no configure script.
if [ ! -x "$dir/src/configure" ]; then
	log "autoreconf"
	(cd "$dir/src" && autoreconf -is) >"$dir/autoreconf.log" 2>&1 ||
		{ tail -30 "$dir/autoreconf.log"; die "autoreconf failed"; }
fi

# --- configure once, then make (incremental thanks to dependency tracking) -------------------
mkdir -p "$dir/build"
cd "$dir/build"
if [ ! -f config.status ]; then
	log "configuring"
	../src/configure -q --prefix="$dir/inst" --sysconfdir=/etc --localstatedir=/var \
		--runstatedir=/run \
		--enable-address-sanitizer \
		--disable-doc --disable-snmp --disable-rpki --disable-scripting --disable-grpc \
		--disable-protobuf --disable-fpm \
		--disable-ripd --disable-ripngd --disable-ospfd --disable-ospf6d --disable-ldpd \
		--disable-nhrpd --disable-eigrpd --disable-babeld --disable-isisd --disable-fabricd \
		--disable-pimd --disable-pim6d --disable-pbrd --disable-bfdd --disable-vrrpd \
		--disable-pathd --disable-sharpd --disable-watchfrr \
		--enable-multipath=256 --enable-user=frr --enable-group=frr \
		--enable-vty-group=frrvty --enable-configfile-mask=0640 \
		--enable-logfile-mask=0640 \
		CFLAGS="-g -O1 -fno-omit-frame-pointer" PYTHON=/usr/bin/python3 \
		>"$dir/configure.log" 2>&1 ||
		{ tail -30 "$dir/configure.log"; die "configure failed (log: $dir/configure.log)"; }
fi
start=$(date +%s)
log "building (log: $dir/build.log)"
make -j"$jobs" >"$dir/build.log" 2>&1 ||
	{ tail -40 "$dir/build.log"; die "build failed (log: $dir/build.log)"; }
make install >>"$dir/build.log" 2>&1 || { tail -40 "$dir/build.log"; die "install failed"; }
mkdir -p "$dir/sbin"
for d in "${daemons[@]}"; do
	[ -x "$dir/inst/sbin/$d" ] || die "$d was not built"
	ln -sfn "$dir/inst/sbin/$d" "$dir/sbin/$d"
done
printf '%s ' "${patches[@]##*/}" >"$dir/patches"
echo "$stamp" >"$dir/stamp"
log "built in $(($(date +%s) - start)) s"
echo "$dir/sbin"
