#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Prepare the project's copy of FRR's topotest framework, outside the git clone, so that
# topotests/ in this repository runs exactly like FRR's own tests/topotests.
#
#   tools/setup-topotests.sh        prepare if needed (run as root), print the framework folder
#   ERPOLICYD_BUILD_ROOT=/some/dir  where tools/build-debs.sh keeps the FRR tree the packages
#                                   were built from (default /var/cache/erpolicyd-build)
#
# Result, under $ERPOLICYD_BUILD_ROOT:
#   topotests/     lib/, munet/, conftest.py, pytest.ini copied from that FRR tree, with the
#                  local edits below (topotests/conftest.py in the repo loads it)
#   topodaemons/   the `frrdir` of the framework: links to the daemons the packages installed
#                  in /usr/lib/frr (erpolicyd among them; tools/run-asan-lab.sh points that
#                  one link at a sanitizer build for its run)
#
# Idempotent: a stamp records the FRR build stamp and this script; nothing is redone unless
# one of them changes (or the result is missing).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=${ERPOLICYD_BUILD_ROOT:-/var/cache/erpolicyd-build}
sbindir=/usr/lib/frr
frrsrc=$root/frr
fwdir=$root/topotests
ddir=$root/topodaemons
stampfile=$root/topotests.stamp
# Debian's interpreter: the first python3 on PATH may be another one (pyenv) without pytest.
py=/usr/bin/python3

log() { printf 'setup-topotests: %s\n' "$*" >&2; }
die() { printf 'setup-topotests: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (installs packages, writes $root)"

# Daemons lib/topogen.py:diagnose_env_linux() requires in frrdir (ldpd is only optional there).
required_daemons=(zebra ospfd ospf6d bgpd ripd ripngd isisd pimd pim6d pbrd mgmtd)
# Every FRR daemon name the framework may start from frrdir.
all_daemons=(zebra mgmtd staticd bgpd ospfd ospf6d ripd ripngd isisd fabricd pimd pim6d ldpd
	nhrpd eigrpd babeld sharpd pbrd bfdd vrrpd pathd watchfrr erpolicyd)

# --- Debian packages (normally already there via tools/setup-deps.sh) -------------------------
pkgs=(python3-pytest python3-pexpect python3-yaml python3-jsonschema iproute2 util-linux procps
	gdb iputils-ping tcpdump)
"$here"/ensure-packages.sh setup-topotests "${pkgs[@]}"

# --- Preconditions: the packages installed (tools/build.sh) and their FRR tree ----------------
[ -d "$frrsrc/tests/topotests/lib" ] ||
	die "no FRR tree at $frrsrc (run tools/build-debs.sh first)"
for d in "${required_daemons[@]}" staticd erpolicyd; do
	[ -x "$sbindir/$d" ] || die "$sbindir/$d missing (install the packages: tools/build.sh)"
done
[ -x /usr/bin/vtysh ] || die "/usr/bin/vtysh missing (install the packages: tools/build.sh)"
# The framework chowns files to frr:frr / frr:frrvty and diagnose_env checks the membership.
if ! getent passwd frr >/dev/null || ! getent group frr >/dev/null ||
	! getent group frrvty >/dev/null; then
	die "frr user or frr/frrvty groups missing (run tools/setup-deps.sh)"
fi
id -nG frr | grep -qw frrvty || die "user frr is not in group frrvty (run tools/setup-deps.sh)"

want_stamp() {
	{
		cat "$root/frr.stamp" 2>/dev/null || echo "no-frr-stamp"
		cat "$here/setup-topotests.sh"
		echo "$root"
	} | sha256sum | cut -d' ' -f1
}
stamp=$(want_stamp)
if [ -f "$stampfile" ] && [ "$(cat "$stampfile")" = "$stamp" ] &&
	[ -f "$fwdir/lib/topogen.py" ] && [ -L "$ddir/zebra" ] && [ -L "$ddir/erpolicyd" ]; then
	log "framework in $fwdir is up to date (stamp matches), reusing it"
	echo "$fwdir"
	exit 0
fi

log "preparing the topotest framework from $frrsrc/tests/topotests into $fwdir"
rm -f "$stampfile"

# --- frrdir: one folder holding every daemon the framework may look for ----------------------
# frrdir can only be set in the framework's pytest.ini, and all daemons must be in that folder.
newd=$ddir.new.$$
rm -rf "$newd"
mkdir -p "$newd"
for d in "${all_daemons[@]}"; do
	if [ -x "$sbindir/$d" ]; then
		ln -s "$sbindir/$d" "$newd/$d"
	fi
done
rm -rf "$ddir"
mv "$newd" "$ddir"

# --- The framework copy ------------------------------------------------------------------------
newfw=$fwdir.new.$$
rm -rf "$newfw"
mkdir -p "$newfw"
cp -R --preserve=mode,timestamps "$frrsrc/tests/topotests/lib" "$frrsrc/tests/topotests/munet" \
	"$frrsrc/tests/topotests/conftest.py" "$frrsrc/tests/topotests/pytest.ini" "$newfw/"
find "$newfw" -name __pycache__ -type d -prune -exec rm -rf {} +

# Each edit must match exactly once: a new FRR pin that changes these spots fails loudly here
# instead of silently running an unpatched framework.
FW=$newfw FRRSRC=$frrsrc DDIR=$ddir "$py" - <<'EOF'
import os, re, sys

fw, frrsrc, ddir = (os.environ[k] for k in ("FW", "FRRSRC", "DDIR"))

def edit(rel, old, new, why, count=1):
    path = os.path.join(fw, rel)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    n = text.count(old)
    if n != count:
        sys.exit(f"setup-topotests: {rel}: expected {count} match(es) for {old!r}, found {n}"
                 f" (the FRR pin changed? edit: {why})")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new))

# frrdir: lib/topogen.py and lib/topotest.py read it from ../pytest.ini only (no option, no
# environment variable); point it at the folder of daemon links.
edit("pytest.ini", "#frrdir = /usr/lib/frr\n", f"frrdir = {ddir}\n",
     "frrdir for lib/topogen.py and lib/topotest.py")

# This kernel has no /proc/modules (no loadable modules): module_present_linux() raised
# FileNotFoundError from diagnose_env and from LDP/MPLS checks. Treat it as "not present".
edit("lib/topotest.py",
     '    with open("/proc/modules", "r") as modules_file:\n'
     '        if module.replace("-", "_") in modules_file.read():\n'
     '            return True\n',
     '    # erpolicyd: kernels without loadable modules have no /proc/modules.\n'
     '    try:\n'
     '        with open("/proc/modules", "r") as modules_file:\n'
     '            if module.replace("-", "_") in modules_file.read():\n'
     '                return True\n'
     '    except FileNotFoundError:\n'
     '        return False\n',
     "guard the /proc/modules read")

# Paths relative to the framework's place inside an FRR tree (tests/topotests/lib/../../..)
# no longer hold in the copy: point them at the pinned FRR tree.
edit("lib/topotest.py", 'os.path.join(this_dir, "../../../tools/valgrind.supp")',
     f'"{frrsrc}/tools/valgrind.supp"', "valgrind suppressions (--valgrind-memleaks)")
edit("lib/grpc-query.py", "{CWD}/../../../grpc/", f"{frrsrc}/grpc/",
     "grpc test client proto", count=1)
edit("lib/grpc-query.py", "-I {CWD}/../../../grpc ", f"-I {frrsrc}/grpc ",
     "grpc test client proto include")
edit("conftest.py", "bdir = Path(__file__).resolve().parent.parent.parent",
     f'bdir = Path("{frrsrc}")', "coverage build dir (--cov-topotest)")

# FRR 10.7's start_router() waits until each daemon it started shows in `show zebra client
# summary`, by its name less the final "d": erpolicyd's zebra client says hello with its own
# route type, "erpolicy" (FRR patch 0006), so the rule holds for it as it is.

# munet's cleanup_previous() (run at the start of every pytest session) SIGKILLs the processes
# of every other munet run on the machine, finished or not: two topotest runs at the same time
# (two developers, or a developer and a benchmark) kill each other's routers. Reap only the
# processes whose munet run is gone.
edit("munet/cleanup.py",
     "    return {x: y for x, y in pids_by_upid.items() if x not in y}\n",
     "    # erpolicyd: only runs whose munet process is gone; a live run is not \"previous\".\n"
     "    return {\n"
     "        x: y for x, y in pids_by_upid.items()\n"
     "        if x not in y and not os.path.exists(\"/proc/{}\".format(x))\n"
     "    }\n",
     "cleanup_previous must not kill concurrent runs")

# pytest_configure() returns early under --collect-only without setting PYTEST_XDIST_MODE,
# and pytest_terminal_summary() then dies with KeyError: listing tests must work in CI.
edit("conftest.py", 'is_xdist = os.environ["PYTEST_XDIST_MODE"] != "no"\n    if config.option.cov',
     'is_xdist = os.environ.get("PYTEST_XDIST_MODE", "no") != "no"\n    if config.option.cov',
     "--collect-only KeyError in pytest_terminal_summary")

# Sanity: the edited pytest.ini parses and yields our frrdir, as lib/topogen.py reads it.
import configparser
cfg = configparser.ConfigParser({"frrdir": "/usr/lib/frr"})
cfg.read(os.path.join(fw, "pytest.ini"))
assert cfg.get("topogen", "frrdir") == ddir, cfg.get("topogen", "frrdir")
EOF

# A marker so that nobody mistakes the copy for FRR's pristine tree.
cat >"$newfw/README.erpolicyd" <<EOF
Generated by tools/setup-topotests.sh from $frrsrc/tests/topotests
(FRR build stamp $(cat "$root/stamp" 2>/dev/null || echo none)). Do not edit: rerun the script.
EOF

rm -rf "$fwdir"
mv "$newfw" "$fwdir"
echo "$stamp" >"$stampfile"
log "framework ready: $fwdir (frrdir $ddir)"
echo "$fwdir"
