#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Bring a containerlab topology file up with podman, without containerlab (lab/clab.py):
#   tools/clab-podman.sh up      containers/erpolicyd-lab.clab.yml
#   tools/clab-podman.sh inspect containers/erpolicyd-lab.clab.yml
#   tools/clab-podman.sh down    containers/erpolicyd-lab.clab.yml
#   tools/clab-podman.sh check   containers/erpolicyd-lab.clab.yml   (the file only)
# Run as root, after tools/build-images.sh (which also prepares podman: tools/setup-podman.sh).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/tools/ensure-packages.sh" clab-podman python3-yaml
export CONTAINERS_CONF=${CONTAINERS_CONF:-${ERPOLICYD_PODMAN_DIR:-/var/lib/erpolicyd-podman}/containers.conf}
exec /usr/bin/python3 "$top/lab/clab.py" "$@"
