#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the pinned FRR baseline (FRR 10.3 + libyang 3.12 from Debian trixie source packages)
# into a project-owned prefix outside the clone. Idempotent: a stamp records what was built,
# and nothing is rebuilt unless the pin, the patches or this script change.
#
#   tools/setup-frr.sh            build if needed, print the prefix
#   ERPOLICYD_FRR_ROOT=/some/dir  where the prefix and the FRR build tree live
#                                 (default /opt/erpolicyd-frr)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
# shellcheck source=frr-pin.env
. "$here/frr-pin.env"

root=${ERPOLICYD_FRR_ROOT:-/opt/erpolicyd-frr}
prefix=$root/prefix
src=$root/src
jobs=$(nproc)

log() { printf 'setup-frr: %s\n' "$*" >&2; }

# What the stamp covers: the pin, the patches, and this script.
want_stamp() {
	cat "$here/frr-pin.env" "$here/setup-frr.sh" "$here"/frr-patches/*.patch |
		sha256sum | cut -d' ' -f1
}

if [ "$(id -u)" != 0 ]; then
	echo "setup-frr: must run as root (installs packages, users, and the FRR prefix)" >&2
	exit 1
fi

"$here/setup-deps.sh"

stamp=$(want_stamp)
if [ -f "$root/stamp" ] && [ "$(cat "$root/stamp")" = "$stamp" ] &&
	[ -x "$prefix/sbin/bgpd" ] && [ -x "$src/frr/lib/clippy" ]; then
	log "FRR $FRR_UPSTREAM already built in $prefix (stamp matches), reusing it"
	echo "$prefix"
	exit 0
fi

log "building FRR $FRR_UPSTREAM and libyang $LIBYANG_UPSTREAM into $prefix"
rm -rf "$src" "$prefix" "$root/stamp"
mkdir -p "$src/dl" "$prefix"

# The deb-src entry lives in its own file; the system's binary sources stay as they are.
list=/etc/apt/sources.list.d/erpolicyd-trixie-src.sources
if [ ! -f "$list" ]; then
	cat >"$list" <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
	apt-get update -qq
fi
if ! apt-cache showsrc "frr=$FRR_DEB_VERSION" >/dev/null 2>&1; then
	apt-get update -qq
fi

cd "$src/dl"
apt-get source --download-only -qq "frr=$FRR_DEB_VERSION" "libyang=$LIBYANG_DEB_VERSION" 2>/dev/null ||
	apt-get source --download-only "frr=$FRR_DEB_VERSION" "libyang=$LIBYANG_DEB_VERSION"

verify() {
	local file=$1 sum=$2
	echo "$sum  $file" | sha256sum -c --quiet - ||
		{ echo "setup-frr: checksum mismatch for $file" >&2; exit 1; }
}
verify "frr_$FRR_UPSTREAM.orig.tar.xz" "$FRR_ORIG_SHA256"
verify "libyang_$LIBYANG_UPSTREAM.orig.tar.xz" "$LIBYANG_ORIG_SHA256"
log "upstream tarball checksums verified"

# Upstream sources only: Debian's packaging patches are not applied, ours are.
mkdir -p "$src/libyang" "$src/frr"
tar -xJf "libyang_$LIBYANG_UPSTREAM.orig.tar.xz" -C "$src/libyang" --strip-components=1
tar -xJf "frr_$FRR_UPSTREAM.orig.tar.xz" -C "$src/frr" --strip-components=1

cd "$src/frr"
for p in "$here"/frr-patches/*.patch; do
	log "applying $(basename "$p")"
	patch -p1 --quiet <"$p"
done

log "building libyang"
cmake -S "$src/libyang" -B "$src/libyang/build" -DCMAKE_INSTALL_PREFIX="$prefix" \
	-DCMAKE_INSTALL_LIBDIR=lib -DCMAKE_BUILD_TYPE=Release -DENABLE_TESTS=OFF \
	-DENABLE_VALGRIND_TESTS=OFF -DCMAKE_INSTALL_RPATH="$prefix/lib" >"$src/libyang.log" 2>&1
make -C "$src/libyang/build" -j"$jobs" install >>"$src/libyang.log" 2>&1 ||
	{ tail -40 "$src/libyang.log"; exit 1; }

log "configuring FRR"
cd "$src/frr"
./bootstrap.sh >"$src/frr-configure.log" 2>&1
PKG_CONFIG_PATH="$prefix/lib/pkgconfig" \
	LDFLAGS="-L$prefix/lib -Wl,-rpath,$prefix/lib" CPPFLAGS="-I$prefix/include" \
	./configure --prefix="$prefix" --sbindir="$prefix/sbin" \
	--sysconfdir=/etc --localstatedir=/var \
	--enable-user=frr --enable-group=frr --enable-vty-group=frrvty \
	--enable-multipath=64 --disable-doc --disable-snmp --disable-rpki \
	--disable-scripting --disable-grpc --disable-ripd --disable-ripngd \
	--disable-ospfd --disable-ospf6d --disable-ldpd --disable-nhrpd \
	--disable-eigrpd --disable-babeld --disable-isisd --disable-fabricd \
	--disable-pimd --disable-pim6d --disable-pbrd --disable-vrrpd \
	--disable-pathd --disable-bfdd --disable-sharpd >>"$src/frr-configure.log" 2>&1 ||
	{ tail -40 "$src/frr-configure.log"; exit 1; }

log "building FRR"
make -j"$jobs" >"$src/frr-build.log" 2>&1 || { tail -60 "$src/frr-build.log"; exit 1; }
make install >>"$src/frr-build.log" 2>&1 || { tail -40 "$src/frr-build.log"; exit 1; }
# The FRR build tree stays: config.h, generated headers, clippy and the python xref tools
# are needed to build erpolicyd and to teach vtysh its commands.

want_stamp >"$root/stamp"
log "done"
echo "$prefix"
