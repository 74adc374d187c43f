#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build and install erpolicyd against the pinned FRR (building that first if needed).
# Out-of-tree build in ./build; installs erpolicyd and the vtysh that knows it into the
# FRR prefix. Idempotent. Extra configure options may be given in ERPOLICYD_CONFIGURE.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
prefix=$("$top/tools/setup-frr.sh")

cd "$top"
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
	autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
fi
mkdir -p build
cd build
# A build tree configured for another FRR root (ERPOLICYD_FRR_ROOT) would install there:
# configure again whenever the prefix it was made for is not this one.
configured_prefix=
if [ -f Makefile ]; then
	configured_prefix=$(sed -n 's/^FRR_PREFIX = //p' Makefile)
fi
if [ ! -f Makefile ] || [ ../configure -nt Makefile ] || [ -n "${ERPOLICYD_CONFIGURE:-}" ] ||
	[ "$configured_prefix" != "$(cd "$prefix" && pwd)" ]; then
	# shellcheck disable=SC2086
	../configure -q --with-frr="$prefix" ${ERPOLICYD_CONFIGURE:-}
fi
make -j"$(nproc)" >/dev/null
make install >/dev/null
echo "$prefix"
