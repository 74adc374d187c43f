#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the project's container images with podman, from its Debian packages and the Debian
# base image of tools/setup-podman.sh (debootstrap from Debian's archive, then import):
#   erpolicyd-router   FRR 10.7.1, erpolicyd, strongSwan (containers/Containerfile, target router)
#   erpolicyd-azure    FRR 10.7.1, strongSwan (target azure)
# tagged :latest and :<hash of what they are built from> (Containerfile, docker-start, the .debs,
# the base image's id). Nothing is rebuilt while that hash is unchanged. Run as root.
#   tools/build-images.sh [DIST]
# DIST: the folder of the .debs (default $ERPOLICYD_DIST, else dist/ of this checkout, which
# tools/build-debs.sh fills; it is not run from here).
# Environment: ERPOLICYD_BASE_IMAGE (default localhost/erpolicyd-bookworm-min), ERPOLICYD_PODMAN_DIR.
# Prints the two image references.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
log() { echo "build-images: $*" >&2; }

[ "$(id -u)" -eq 0 ] || { log "run as root"; exit 1; }
dist=${1:-${ERPOLICYD_DIST:-$top/dist}}
eval "$("$top/tools/setup-podman.sh")"   # exports CONTAINERS_CONF; builds the base image once
base=${ERPOLICYD_BASE_IMAGE:-localhost/erpolicyd-bookworm-min}
base_id=$(podman image inspect --format '{{.Id}}' "$base")

debs=()
for p in libyang3 frr frr-pythontools erpolicyd; do
	f=$(ls "$dist"/${p}_*.deb 2>/dev/null | head -n1)
	[ -n "$f" ] || { log "no ${p}_*.deb in $dist: run tools/build-debs.sh"; exit 1; }
	debs+=("$f")
done

hash=$( (echo "$base_id"; cat "$top/containers/Containerfile" "$top/containers/docker-start" \
	"${debs[@]}") | sha256sum | cut -c1-12)

refs=()
need=0
for target in router azure; do
	refs+=("localhost/erpolicyd-$target:$hash")
	podman image exists "localhost/erpolicyd-$target:$hash" || need=1
done

if [ "$need" = 1 ]; then
	ctx=$(mktemp -d /var/tmp/erpolicyd-images.XXXXXX)
	trap 'rm -rf "$ctx"' EXIT
	cp "$top/containers/Containerfile" "$top/containers/docker-start" "$ctx/"
	mkdir "$ctx/debs"
	cp "${debs[@]}" "$ctx/debs/"
	start=$SECONDS
	for target in azure router; do
		log "building erpolicyd-$target:$hash"
		podman build --network host --build-arg "BASE=$base" --target "$target" \
			-t "localhost/erpolicyd-$target:$hash" "$ctx" >"$ctx/build-$target.log" 2>&1 || {
			tail -n 40 "$ctx/build-$target.log" >&2
			log "podman build --target $target failed"
			exit 1
		}
	done
	log "built in $((SECONDS - start)) s"
fi

for target in router azure; do
	ref=localhost/erpolicyd-$target
	podman tag "$ref:$hash" "$ref:latest"
	# Older builds: untag them (their layers go when nothing uses them).
	for old in $(podman images --format '{{.Repository}}:{{.Tag}}' "$ref"); do
		case "$old" in
		"$ref:$hash" | "$ref:latest") ;;
		*) podman rmi "$old" >/dev/null 2>&1 || true ;;
		esac
	done
done
printf '%s\n' "${refs[@]}"
