#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lintian on the packages of dist/ (debug symbol packages aside): any error fails.
#   tools/lint-debs.sh [DIST]
set -euo pipefail
dist=${1:-$(cd "$(dirname "$0")/.." && pwd)/dist}
debs=()
for f in "$dist"/*.deb; do
	case $f in *-dbgsym_*) ;; *) debs+=("$f") ;; esac
done
[ ${#debs[@]} -gt 0 ] || { echo "lint-debs: no package in $dist" >&2; exit 2; }
out=$(lintian --tag-display-limit 0 "${debs[@]}" 2>&1 | grep -v '^running with root privileges' || true)
printf '%s\n' "$out" | sed '/^$/d'
errors=$(printf '%s\n' "$out" | grep -c '^E:' || true)
echo "lint-debs: ${#debs[@]} packages, $errors errors, $(printf '%s\n' "$out" | grep -c '^W:' || true) warnings"
[ "$errors" = 0 ]
