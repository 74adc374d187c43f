#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Install the Debian 12 packages erpolicyd needs to build FRR, build itself and run its tests,
# and create the frr user and groups FRR daemons run as. Idempotent.
set -euo pipefail

pkgs=(
	# the packages of libyang, FRR and erpolicyd (tools/build-debs.sh)
	build-essential autoconf automake libtool pkgconf bison flex gawk cmake patch xz-utils
	curl dpkg-dev debhelper fakeroot lintian chrpath install-info libc-ares-dev libcap-dev
	libcrypt-dev libelf-dev libjson-c-dev libpcre2-dev libreadline-dev libxxhash-dev
	libunwind-dev libpython3-dev python3-dev texinfo libprotobuf-c-dev protobuf-c-compiler
	# erpolicyd tests and lab
	python3-pytest python3-pexpect python3-yaml python3-jsonschema iproute2 util-linux procps
	gdb iputils-ping tcpdump
	# hardening (docs/hardening.rst): sanitizers and libFuzzer (clang's runtime), valgrind,
	# static analysis
	clang libclang-rt-14-dev valgrind clang-tidy cppcheck clang-format
	# documentation: the user guide (Sphinx) and the man page check
	python3-sphinx man-db groff-base
)

"$(dirname "$0")"/ensure-packages.sh setup-deps "${pkgs[@]}"

getent group frr >/dev/null || groupadd --system frr
getent group frrvty >/dev/null || groupadd --system frrvty
getent passwd frr >/dev/null ||
	useradd --system --gid frr --groups frrvty --home-dir /nonexistent \
		--shell /usr/sbin/nologin frr
