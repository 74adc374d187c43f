#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The main job: build what is needed, start FRR (mgmtd, zebra, bgpd, staticd) and
# erpolicyd in a network namespace as the seed guide's on-prem router R1, load the
# example intent and show what erpolicyd made of it. The lab stays up.
#   tools/demo.sh        start (or restart) the demo
#   tools/demo.sh down   stop it and remove everything it created
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
ns=erpolicy-demo
pathspace=erpolicy-demo

down() {
	if [ -d "/var/run/frr/$pathspace" ]; then
		for pidf in /var/run/frr/"$pathspace"/*.pid; do
			[ -f "$pidf" ] && kill "$(cat "$pidf")" 2>/dev/null || true
		done
		sleep 1
		for pidf in /var/run/frr/"$pathspace"/*.pid; do
			[ -f "$pidf" ] && kill -9 "$(cat "$pidf")" 2>/dev/null || true
		done
	fi
	ip netns del "$ns" 2>/dev/null || true
	rm -rf "/var/run/frr/$pathspace" "/etc/frr/$pathspace" "/var/lib/frr/$pathspace" \
		"/var/tmp/frr/$pathspace"
}

if [ "${1:-up}" = down ]; then
	down
	echo "demo: stopped, namespace $ns and its files removed"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "demo: run as root" >&2
	exit 1
fi

prefix=$("$top/tools/build.sh")
vtysh() { "$prefix/bin/vtysh" -N "$pathspace" "$@"; }

down
ip netns add "$ns"
ip -n "$ns" link set lo up
mkdir -p "/etc/frr/$pathspace" "/var/run/frr/$pathspace" "/var/lib/frr/$pathspace"
chown frr:frr "/var/run/frr/$pathspace" "/var/lib/frr" "/var/lib/frr/$pathspace"
chown frr:frrvty "/etc/frr/$pathspace"
touch "/etc/frr/$pathspace/vtysh.conf"
cp "$top/lab/demo-r1.conf" "/etc/frr/$pathspace/frr.conf"
chown frr:frr "/etc/frr/$pathspace/frr.conf"

log=/var/run/frr/$pathspace
for d in mgmtd zebra staticd bgpd erpolicyd; do
	ip netns exec "$ns" "$prefix/sbin/$d" -d -N "$pathspace" --log "file:$log/$d.log" \
		>"$log/$d.out" 2>&1
done
for d in mgmtd zebra staticd bgpd erpolicyd; do
	for _ in $(seq 50); do
		[ -S "/var/run/frr/$pathspace/$d.vty" ] && break
		sleep 0.1
	done
done
vtysh -b >/dev/null

echo "== erpolicyd configuration (show running-config, expressroute-policy block)"
vtysh -c "show running-config" | sed -n '/^router expressroute-policy/,/^exit/p'
echo
echo "== what erpolicyd generates for it (show expressroute-policy generated-config)"
vtysh -c "show expressroute-policy generated-config"
echo
# The first reconcile pass runs as soon as the configuration is in.
for _ in $(seq 50); do
	vtysh -c "show expressroute-policy" | grep -q "Apply state: applied" && break
	sleep 0.2
done
echo "== erpolicyd's view (show expressroute-policy)"
vtysh -c "show expressroute-policy"
echo
echo "== what bgpd and staticd now hold (show running-config, erpolicyd's objects)"
vtysh -c "show running-config" | grep -E "ERPOL-|tag 4242|^router bgp|^ address-family|^exit" |
	grep -v "^exit$" || true
echo
echo "The demo router is up. Enter its vtysh with:"
echo "  $prefix/bin/vtysh -N $pathspace"
echo "Tear it down with:"
echo "  $top/tools/demo.sh down"
