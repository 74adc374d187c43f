#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Install the Debian 12 packages the IPsec lab (topotests/test_lab_ipsec.py) needs:
# strongSwan's charon with kernel-libipsec (ESP in userspace over a TUN device, since the
# kernel here has no ESP/xfrm), swanctl to drive it over vici, tcpdump for the captures,
# nftables for the silent failures (topotests/test_lab_silent.py).
# Idempotent: installs only what is missing. Run as root.
set -euo pipefail

pkgs=(strongswan-charon strongswan-swanctl libcharon-extra-plugins tcpdump nftables util-linux iproute2)

"$(dirname "$0")"/ensure-packages.sh setup-lab "${pkgs[@]}"

# Debian's packages enable and start a host-wide charon/strongswan service; the lab runs its own
# charon per namespace and needs none in the host namespace (it would hold UDP 500/4500).
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
	for unit in strongswan.service strongswan-starter.service; do
		systemctl disable --now "$unit" >/dev/null 2>&1 || true
	done
fi

# The plugin the lab depends on must be there.
test -e /usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so ||
	{ echo "setup-lab: kernel-libipsec plugin missing" >&2; exit 1; }
test -x /usr/lib/ipsec/charon || { echo "setup-lab: /usr/lib/ipsec/charon missing" >&2; exit 1; }
command -v swanctl >/dev/null || { echo "setup-lab: swanctl missing" >&2; exit 1; }
