#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Prepare podman on a Debian 12 host for the project's container tests (the adoption drill in
# tests/adoption, later the containerlab-topology runner):
#  - installs podman, runc and debootstrap when missing;
#  - writes the containers.conf every podman call of the project uses (CONTAINERS_CONF): runc,
#    since crun refuses this host's hybrid cgroups, and explicit rlimits, since podman's default
#    (1048576) is above the host's hard limit and the container cannot raise it;
#  - builds the base image localhost/erpolicyd-bookworm-min once, by debootstrap from the Debian
#    mirror the host's apt sources name (no image registry is needed), with the host's Debian
#    apt sources in it.
# Idempotent. Run as root. Prints the line to export CONTAINERS_CONF.
# Environment: ERPOLICYD_PODMAN_DIR (default /var/lib/erpolicyd-podman), ERPOLICYD_BASE_IMAGE
# (default localhost/erpolicyd-bookworm-min), ERPOLICYD_BASE_REBUILD=1 to rebuild the base image.
set -euo pipefail

podman_dir=${ERPOLICYD_PODMAN_DIR:-/var/lib/erpolicyd-podman}
conf=$podman_dir/containers.conf
base_image=${ERPOLICYD_BASE_IMAGE:-localhost/erpolicyd-bookworm-min}
suite=bookworm

log() { echo "setup-podman: $*" >&2; }

[ "$(id -u)" -eq 0 ] || { log "run as root"; exit 1; }

# 1. Packages.
pkgs=(podman runc debootstrap)
"$(dirname "$0")"/ensure-packages.sh setup-podman "${pkgs[@]}"

# 2. containers.conf (rewritten only when its content changes).
hard_nofile=$(ulimit -Hn)
if [ "$hard_nofile" = unlimited ]; then
	hard_nofile=1048576
fi
mkdir -p "$podman_dir"
new_conf=$(cat <<EOF
# Written by tools/setup-podman.sh; use with CONTAINERS_CONF=$conf
[containers]
default_ulimits = ["nofile=$hard_nofile:$hard_nofile", "nproc=32768:32768"]

[engine]
runtime = "runc"
EOF
)
if [ ! -f "$conf" ] || [ "$(cat "$conf")" != "$new_conf" ]; then
	printf '%s\n' "$new_conf" >"$conf.tmp"
	mv "$conf.tmp" "$conf"
	log "wrote $conf"
fi
export CONTAINERS_CONF=$conf

# 3. The Debian mirror the host uses: first deb URI of the main archive (not -security) in the
# deb822 sources, else in the one-line sources.list.
mirror_from_sources() {
	local f=/etc/apt/sources.list.d/debian.sources uri=
	if [ -r "$f" ]; then
		# One stanza per paragraph: print its first URI if it is a deb, non-security one.
		uri=$(awk '
			function emit() { if (deb && u != "" && u !~ /security/) { print u; exit } }
			/^[[:space:]]*$/ { emit(); deb = 0; u = ""; next }
			/^Types:/ && $0 ~ /(^|[[:space:]])deb([[:space:]]|$)/ { deb = 1 }
			/^URIs:/ { u = $2 }
			END { emit() }' "$f" | head -n1)
	fi
	if [ -z "$uri" ]; then
		for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
			[ -r "$f" ] || continue
			uri=$(awk '$1 == "deb" {
					for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { u = $i; break }
					if (u !~ /security/) { print u; exit } u = "" }' "$f" | head -n1)
			[ -n "$uri" ] && break
		done
	fi
	printf '%s\n' "$uri"
}

# 4. Base image.
if [ "${ERPOLICYD_BASE_REBUILD:-0}" = 1 ] || ! podman image exists "$base_image"; then
	mirror=$(mirror_from_sources)
	[ -n "$mirror" ] || { log "no Debian mirror found in the apt sources"; exit 1; }
	root=$(mktemp -d /var/tmp/erpolicyd-rootfs.XXXXXX)
	trap 'rm -rf --one-file-system "$root"' EXIT
	log "debootstrap --variant=minbase $suite from $mirror"
	start=$SECONDS
	debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$podman_dir/debootstrap.log" 2>&1 ||
		{ log "debootstrap failed, see $podman_dir/debootstrap.log"; exit 1; }
	# The image's apt sources are the host's Debian sources (same suites: updates, security),
	# so that packages built on the host find the same library versions in the image.
	if [ -r /etc/apt/sources.list.d/debian.sources ]; then
		cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/debian.sources"
		: >"$root/etc/apt/sources.list"
	elif grep -qs '^deb ' /etc/apt/sources.list; then
		grep '^deb ' /etc/apt/sources.list >"$root/etc/apt/sources.list"
	fi
	# No caches or logs of the bootstrap in the image.
	rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
	old_id=$(podman image inspect --format '{{.Id}}' "$base_image" 2>/dev/null || true)
	tar -C "$root" -c . | podman import --quiet - "$base_image" >/dev/null
	# A replaced base image is left untagged: remove it unless a container or image uses it.
	if [ -n "$old_id" ]; then
		podman rmi "$old_id" >/dev/null 2>&1 || true
	fi
	log "built $base_image in $((SECONDS - start)) s"
	rm -rf --one-file-system "$root"
	trap - EXIT
fi

# 5. A container runs with this configuration (runtime, rlimits).
podman run --rm --network none "$base_image" true ||
	{ log "podman cannot run a container with $conf"; exit 1; }

echo "export CONTAINERS_CONF=$conf"
