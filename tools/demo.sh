#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The main job: the IPsec lab as a demo. Builds what is needed, starts the lab (the seed
# guide's on-prem routers r1 and r2 with erpolicyd, the MSEE, the active-active Azure VPN
# gateway over real IPsec tunnels, the VNet with hub and spoke hosts), applies the seed
# guide's intent, shows what changed and what happens when the tunnels drop, and leaves the
# lab up.
#   tools/demo.sh                   start (or restart) the demo
#   tools/demo.sh vtysh [ROUTER [-c CMD]]  enter a router's vtysh (default r1)
#   tools/demo.sh exec NODE CMD...  run a command on a router or host (h1, hub1, spoke1)
#   tools/demo.sh down              stop it and remove everything it created
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
demo=${ERPOLICYD_DEMO_DIR:-/tmp/erpolicyd-demo}
rundir=$demo/run
pidfile=$demo/pytest.pid

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

# A process in the namespaces of a lab node (the demo lists them once the lab is up).
node_pid() {
	local pid
	pid=$(awk -v n="$1" '$1 == n { print $2 }' "$demo/nodes" 2>/dev/null)
	[ -n "$pid" ] || { echo "demo: no node $1 (is the demo up? nodes: $(cut -d' ' -f1 "$demo/nodes" 2>/dev/null | tr '\n' ' '))" >&2; exit 1; }
	echo "$pid"
}

down() {
	if running; then
		touch "$demo/stop"
		for _ in $(seq 120); do
			running || break
			sleep 0.5
		done
		if running; then
			echo "demo: the lab did not stop in 60 s, killing it" >&2
			kill -9 "$(cat "$pidfile")" 2>/dev/null || true
		fi
	fi
	# Whatever a killed run left behind: its processes carry its munet pid.
	if [ -f "$pidfile" ]; then
		pid=$(cat "$pidfile")
		for p in $(grep -lz "^MUNET_PID=$pid\$" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3); do
			kill -9 "$p" 2>/dev/null || true
		done
	fi
	rm -rf "$demo"
}

case "${1:-up}" in
down)
	down
	echo "demo: stopped; its processes, namespaces and files are gone"
	exit 0
	;;
vtysh)
	node=${2:-r1}
	shift $(($# < 2 ? $# : 2))
	exec nsenter -t "$(node_pid "$node")" -m -n -u /usr/bin/vtysh "$@"
	;;
exec)
	node=${2:?usage: tools/demo.sh exec NODE CMD...}
	shift 2
	exec nsenter -t "$(node_pid "$node")" -m -n -u "$@"
	;;
up) ;;
*)
	echo "usage: tools/demo.sh [up|vtysh [ROUTER]|exec NODE CMD...|down]" >&2
	exit 2
	;;
esac

if [ "$(id -u)" != 0 ]; then
	echo "demo: run as root" >&2
	exit 1
fi

down
"$top/tools/build.sh" >/dev/null
"$top/tools/setup-topotests.sh" >/dev/null
"$top/tools/setup-lab.sh"
mkdir -p "$demo"
export ERPOLICYD_DEMO_DIR=$demo

echo "demo: starting the lab (about a minute); the story follows"
cd "$top/topotests"
setsid /usr/bin/python3 -m pytest -s -q -p no:cacheprovider --rundir="$rundir" lab_demo.py \
	>"$demo/pytest.log" 2>&1 </dev/null &
echo $! >"$pidfile"

# Show the story as it is told, until the lab is up (or the run ends).
touch "$demo/story.txt"
tail -n +1 -F "$demo/story.txt" --pid="$(cat "$pidfile")" 2>/dev/null &
tailpid=$!
status=0
while :; do
	if grep -q "^== The lab is up." "$demo/story.txt"; then
		sleep 0.5
		break
	fi
	if ! running; then
		status=1
		break
	fi
	sleep 0.5
done
kill "$tailpid" 2>/dev/null || true
wait "$tailpid" 2>/dev/null || true
if [ $status != 0 ]; then
	echo
	echo "demo: the lab run ended before it was up; its output:" >&2
	tail -n 40 "$demo/pytest.log" >&2
	down
	exit 1
fi
