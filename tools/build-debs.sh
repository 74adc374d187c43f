#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the Debian packages into dist/, from Debian's archive alone (as root, Debian 12):
#   libyang3, libyang-dev, libyang3-tools   libyang 3.13.6, unmodified (packaging/libyang)
#   frr, frr-pythontools, erpolicyd         FRR 10.7.1 with tools/frr-patches, and erpolicyd
#                                           built against that FRR (packaging/frr)
# The orig tarballs are fetched by name from the pool of the Debian mirror that apt uses
# and checked by sha256 (tools/frr-pin.env). The build trees stay in $ERPOLICYD_BUILD_ROOT
# (default /var/cache/erpolicyd-build): libyang is rebuilt only when its pin or packaging
# changes; FRR's tree is rebuilt from scratch only when its pin, patches, debian/rules or
# debian/control change, otherwise incrementally (only erpolicyd and vtysh are recompiled),
# and not at all while dist/ holds packages of the same sources and this script. libyang-dev
# and libyang3-tools are installed on this machine (FRR builds against them, yanglint checks
# erpolicyd's module); nothing else is installed.
#
#   tools/build-debs.sh     prints the dist folder
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
# shellcheck source=frr-pin.env
. "$here/frr-pin.env"
root=${ERPOLICYD_BUILD_ROOT:-/var/cache/erpolicyd-build}
dist=$top/dist
jobs=$(nproc)
# Debian's tools first: another python3 on PATH lacks Debian's modules (sphinx).
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

log() { printf 'build-debs: %s\n' "$*" >&2; }
die() { printf 'build-debs: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (installs build dependencies)"
"$here/setup-deps.sh"
mkdir -p "$root/dl" "$dist"

# --- orig tarballs, by name from the pool of the mirror apt is configured with --------------
mirrors() {
	{
		sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | tr ' ' '\n'
		sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\).*/\2/p' \
			/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null
	} | grep -E '^https?://' | grep -v -- '-security' | awk '!seen[$0]++'
}
fetch_orig() {
	local name=$1 pool=$2 sum=$3 f=$root/dl/$1 m
	if [ -f "$f" ] && echo "$sum  $f" | sha256sum -c --quiet - 2>/dev/null; then
		return
	fi
	rm -f "$f"
	for m in $(mirrors); do
		if curl -fsS --retry 3 -o "$f.part" "${m%/}/$pool/$name" 2>/dev/null; then
			mv "$f.part" "$f"
			break
		fi
	done
	[ -f "$f" ] || die "$name: not found in the pool of any configured Debian mirror"
	echo "$sum  $f" | sha256sum -c --quiet - ||
		{ rm -f "$f"; die "$name: sha256 mismatch (expected $sum)"; }
	log "$name fetched, sha256 verified"
}
fetch_orig "$FRR_ORIG" "$FRR_ORIG_POOL" "$FRR_ORIG_SHA256"
fetch_orig "$LIBYANG_ORIG" "$LIBYANG_ORIG_POOL" "$LIBYANG_ORIG_SHA256"

stamp_of() { cat "$@" | sha256sum | cut -d' ' -f1; }
# Unpack an orig tarball with a debian/ folder into $root/$2 (the tarball linked beside it,
# as dpkg-source expects).
unpack() {
	local orig=$1 dir=$2 pkgdir=$3 src=${1%%_*} ver
	ver=${1#*_}; ver=${ver%.orig.tar.*}
	rm -rf "${root:?}/$dir"
	mkdir -p "$root/$dir"
	tar -xf "$root/dl/$orig" -C "$root/$dir" --strip-components=1
	cp -a "$top/packaging/$pkgdir/debian" "$root/$dir/debian"
	ln -sf "dl/$orig" "$root/${src}_${ver}.orig.tar.${orig##*.tar.}"
}
# dpkg-buildpackage writes the .debs beside the tree ($root); collect them into dist/.
collect() {
	local p
	for p in "$@"; do
		mv -f "$root"/"${p}"_*.deb "$dist"/
	done
	rm -f "$root"/*.buildinfo "$root"/*.changes
}

# --- libyang ---------------------------------------------------------------------------------
ly_stamp=$(stamp_of "$here/frr-pin.env" $(find "$top/packaging/libyang" -type f | sort))
if [ "$(cat "$root/libyang.stamp" 2>/dev/null)" != "$ly_stamp" ] ||
	! ls "$dist"/libyang3_*.deb >/dev/null 2>&1; then
	log "building libyang $LIBYANG_UPSTREAM packages"
	rm -f "$dist"/libyang*.deb "$root/libyang.stamp"
	unpack "$LIBYANG_ORIG" libyang libyang
	(cd "$root/libyang" && dpkg-buildpackage -b -uc -us -j"$jobs") >"$root/libyang.log" 2>&1 ||
		{ tail -40 "$root/libyang.log"; die "libyang build failed (log: $root/libyang.log)"; }
	collect libyang3 libyang-dev libyang3-tools libyang3-dbgsym libyang3-tools-dbgsym
	echo "$ly_stamp" >"$root/libyang.stamp"
fi
# FRR and erpolicyd build against it; yanglint checks erpolicyd's YANG module.
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	"$dist"/libyang3_*.deb "$dist"/libyang-dev_*.deb "$dist"/libyang3-tools_*.deb >/dev/null

# --- FRR and erpolicyd -----------------------------------------------------------------------
# erpolicyd's sources, as this checkout has them (a tar stream: also what the stamp covers).
erpolicyd_sources() {
	(cd "$top" && tar -c --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
		--exclude='*.o' --exclude='*_clippy.c' --exclude='*.yang.c' --exclude=_build \
		--exclude=_html configure.ac Makefile.am README.md erpolicyd yang docs tests/subdir.am)
}
# A fresh tree when the pin (libyang's included), the patches or the build rules change;
# otherwise the kept tree is built again incrementally with the packaging as it is now
# (only erpolicyd and vtysh are recompiled).
frr_stamp=$(stamp_of "$here/frr-pin.env" "$here"/frr-patches/*.patch \
	"$top/packaging/frr/debian/rules" "$top/packaging/frr/debian/control")
src_stamp=$(cat <(echo "$frr_stamp") <(erpolicyd_sources) $(find "$top/packaging/frr" -type f | sort) "$here/build-debs.sh" |
	sha256sum | cut -d' ' -f1)
if [ "$(cat "$root/frr.stamp" 2>/dev/null)" = "$frr_stamp" ] &&
	[ "$(cat "$root/packages.stamp" 2>/dev/null)" = "$src_stamp" ] &&
	ls "$dist"/frr_*.deb "$dist"/erpolicyd_*.deb >/dev/null 2>&1; then
	log "packages in $dist are up to date"
	echo "$dist"
	exit 0
fi
incremental=
if [ "$(cat "$root/frr.stamp" 2>/dev/null)" = "$frr_stamp" ] && [ -f "$root/frr/build/config.status" ]; then
	log "FRR tree unchanged: incremental build"
	incremental=-nc
	rm -rf "$root/frr/debian.new"
	cp -a "$top/packaging/frr/debian" "$root/frr/debian.new"
	rm -rf "$root/frr/debian"
	mv "$root/frr/debian.new" "$root/frr/debian"
else
	log "building FRR $FRR_UPSTREAM from scratch"
	rm -f "$root/frr.stamp"
	unpack "$FRR_ORIG" frr frr
	# Applied here, once, and left applied: dpkg-source would unapply debian/patches after
	# each build, and erpolicyd's own build (tools/build.sh) uses this tree's headers.
	for p in "$here"/frr-patches/*.patch; do
		patch -d "$root/frr" -p1 -s <"$p" || die "$(basename "$p") does not apply"
	done
fi
# The patches, for the frr package's documentation (/usr/share/doc/frr/erpolicyd-patches).
mkdir -p "$root/frr/debian/erpolicyd-patches"
cp "$here"/frr-patches/*.patch "$here"/frr-patches/UPSTREAM.md "$root/frr/debian/erpolicyd-patches/"
rm -rf "$root/frr/erpolicyd-src.new"
mkdir -p "$root/frr/erpolicyd-src.new"
# -m: the files get the time of extraction, not the stream's 0 (which keeps the stamp
# reproducible): newer than the kept _build's objects, so that make rebuilds them.
erpolicyd_sources | tar -x -m -C "$root/frr/erpolicyd-src.new"
if [ -d "$root/frr/erpolicyd-src/_build" ] && [ -n "$incremental" ]; then
	mv "$root/frr/erpolicyd-src/_build" "$root/frr/erpolicyd-src.new/_build"
fi
rm -rf "$root/frr/erpolicyd-src"
mv "$root/frr/erpolicyd-src.new" "$root/frr/erpolicyd-src"

rm -f "$dist"/frr*.deb "$dist"/erpolicyd*.deb "$root/packages.stamp"
start=$(date +%s)
if ! (cd "$root/frr" && dpkg-buildpackage -b -uc -us -j"$jobs" $incremental) >"$root/frr.log" 2>&1; then
	tail -60 "$root/frr.log"
	# A tree that got as far as a complete FRR build is kept for the next, incremental try.
	[ -x "$root/frr/build/vtysh/vtysh" ] && echo "$frr_stamp" >"$root/frr.stamp"
	die "FRR build failed (log: $root/frr.log)"
fi
collect frr frr-pythontools erpolicyd frr-dbgsym erpolicyd-dbgsym
echo "$frr_stamp" >"$root/frr.stamp"
echo "$src_stamp" >"$root/packages.stamp"
log "FRR and erpolicyd packages built in $(($(date +%s) - start)) s"
echo "$dist"
