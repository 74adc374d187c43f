#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Install those of the given Debian packages that are not installed yet (as root):
#   tools/ensure-packages.sh WHO PACKAGE...     WHO names the caller in the message
set -euo pipefail
who=$1
shift
missing=()
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "$who: installing ${missing[*]}" >&2
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
fi
