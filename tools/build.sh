#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the packages (tools/build-debs.sh: libyang, FRR 10.7.1 with erpolicyd's patches, and
# erpolicyd) and install them on this machine, as an operator would; then build erpolicyd
# in ./build against the same FRR tree, for the unit tests, the static checks and the
# sanitizer builds. Idempotent. Extra configure options may be given in ERPOLICYD_CONFIGURE.
# Installing starts nothing where systemd is not PID 1 (frr.service is only enabled).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
dist=$("$top/tools/build-debs.sh")

# --reinstall: a rebuilt erpolicyd keeps its version.
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall --no-install-recommends \
	-o Dpkg::Options::=--force-confold "$dist"/libyang3_*.deb "$dist"/frr_*.deb \
	"$dist"/frr-pythontools_*.deb "$dist"/erpolicyd_*.deb >/dev/null

cd "$top"
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
	autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
fi
mkdir -p build
cd build
if [ ! -f Makefile ] || [ ../configure -nt Makefile ] || [ -n "${ERPOLICYD_CONFIGURE:-}" ]; then
	# shellcheck disable=SC2086
	../configure -q ${ERPOLICYD_CONFIGURE:-}
fi
make -j"$(nproc)" >/dev/null
echo "$dist"
