# SPDX-License-Identifier: GPL-2.0-or-later
"""
The adoption drill: an operator runs Debian 12's own FRR (8.4) with a BGP configuration and
adopts erpolicyd by installing the project's packages (libyang3, frr 10.7.1, frr-pythontools,
erpolicyd) over it, then enables, edits, saves and finally removes erpolicyd.

Runs in a podman container whose PID 1 is systemd (privileged, no network), built from
tests/adoption/Containerfile on the base image of tools/setup-podman.sh. The steps depend on
each other (a failed step skips the rest); the container is removed at the end whatever
happens, after its journal and FRR logs are copied to the log folder.

Run as root with Debian's interpreter, after tools/setup-podman.sh:
    /usr/bin/python3 -m pytest -v tests/adoption
Options (or environment): --erpolicyd-dist DIR (ERPOLICYD_DIST, default dist/ of this checkout), the
folder of the project's .debs (without them only the first step runs, the rest skip);
--adoption-logdir DIR (ERPOLICYD_ADOPTION_LOGDIR, default /tmp/erpolicyd-adoption).
"""

import glob
import json
import os
import re
import shutil
import subprocess
import time

import pytest

from lab import podman  # conftest.py puts the project's top folder on sys.path

pytestmark = [pytest.mark.adoption, pytest.mark.incremental]

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGE = "localhost/erpolicyd-adoption"
HOSTNAME = "adopt1"
# What is installed, in this order, and only these: the folder may also hold libyang-dev,
# libyang3-tools, frr-dev and *-dbgsym packages.
PACKAGES = ["libyang3", "frr", "frr-pythontools", "erpolicyd"]
FRR_VERSION = "10.7.1"
DEBIAN_FRR_VERSION = "8.4"

POLICY_BLOCK = [
    "router expressroute-policy",
    " azure-prefix 10.64.0.0/23",
    " gateway-subnet 10.64.0.0/26",
    " expressroute-neighbor 192.168.100.2",
    " vpn-neighbor 169.254.21.2",
    " tunnel-endpoint 10.10.10.1/32",
    " onprem-prefix 10.1.0.0/16",
    "exit",
]
ADDED_PREFIX = "172.16.0.0/16"
BGP_LINES = [
    "router bgp 65501",
    " neighbor 192.168.100.2 remote-as 12076",
    " neighbor 169.254.21.2 remote-as 65515",
]


class Drill:
    """The container and what the steps learn and keep."""

    def __init__(self, name, logdir, summary):
        self.name = name
        self.logdir = logdir
        self.summary = summary
        self.before = {}  # /etc/frr files before the upgrade

    def sh(self, cmd, timeout=120):
        """Run CMD (sh -c) in the container; returns (exit code, stdout + stderr)."""
        p = podman.exec_(self.name, cmd, check=False, timeout=timeout)
        return p.returncode, p.stdout + p.stderr

    def out(self, cmd, timeout=120):
        """stdout of CMD, which must succeed."""
        rc, text = self.sh(cmd, timeout=timeout)
        assert rc == 0, "`{}` in the container failed (exit {}):\n{}".format(cmd, rc, text)
        return text

    def vtysh(self, *cmds, daemon_check=True, timeout=60):
        args = " ".join("-c '{}'".format(c) for c in cmds)
        p = podman.exec_(self.name, "vtysh " + args, check=False, timeout=timeout)
        if daemon_check:
            assert p.returncode == 0, "vtysh {} failed (exit {}):\n{}{}".format(
                args, p.returncode, p.stdout, p.stderr
            )
        return p.stdout

    def read(self, path):
        return podman.exec_(self.name, ["cat", path]).stdout

    def write(self, path, text):
        """Rewrite PATH in place (keeps its owner and mode)."""
        podman.exec_(self.name, "cat > {}".format(path), input=text)

    def record(self, fname, text):
        with open(os.path.join(self.logdir, fname), "w") as fh:
            fh.write(text)

    def note(self, line):
        self.summary.append(line)


# ---------------------------------------------------------------------------------------------
# Helpers on FRR output


def config_block(config, head):
    """The lines of the block that starts with HEAD, up to and with its `exit`; [] if absent."""
    lines = config.splitlines()
    for i, line in enumerate(lines):
        if line.rstrip() == head:
            block = [head]
            for rest in lines[i + 1:]:
                block.append(rest.rstrip())
                if rest.rstrip() == "exit":
                    break
            return block
    return []


def missing_lines(text, wanted):
    have = {line.rstrip() for line in text.splitlines()}
    return [w for w in wanted if w.rstrip() not in have]


def insert_before_end(config, lines):
    """CONFIG with LINES added before its final `end` (or at the end when it has none)."""
    body = config.rstrip("\n").split("\n")
    if body and body[-1].strip() == "end":
        body = body[:-1] + lines + ["end"]
    else:
        body += lines
    return "\n".join(body) + "\n"


def policy_json(drill):
    text = drill.vtysh("show expressroute-policy json")
    return json.loads(text) if text.strip() else {}


def wait_policy(drill, what, want_prefixes, timeout=60):
    """Wait until the default instance is applied and carries WANT_PREFIXES; returns it."""

    def _applied():
        st = policy_json(drill).get("default", {})
        ok = st.get("applyState") == "applied" and all(
            p in st.get("azurePrefix", []) for p in want_prefixes
        )
        return ok, {k: st.get(k) for k in ("applyState", "applyReason", "azurePrefix",
                                          "applies", "warning")}

    return podman.wait_for(_applied, what, timeout=timeout)


def wait_frr(drill, timeout=90):
    podman.wait_unit_active(drill.name, "frr.service", timeout=timeout)


def project_debs(dist):
    """{package: path} of PACKAGES in DIST; {} when DIST holds no .deb at all. Fails when a
    package is missing or present in more than one version."""
    if not os.path.isdir(dist) or not glob.glob(os.path.join(dist, "*.deb")):
        return {}
    debs, problems = {}, []
    for pkg in PACKAGES:
        found = sorted(glob.glob(os.path.join(dist, "{}_*.deb".format(pkg))))
        if len(found) != 1:
            problems.append("{}: {}".format(pkg, [os.path.basename(f) for f in found] or
                                            "no {}_*.deb".format(pkg)))
        else:
            debs[pkg] = found[0]
    assert not problems, "{} must hold exactly one .deb of each of {}: {}".format(
        dist, PACKAGES, "; ".join(problems)
    )
    return debs


def deb_field(path, field):
    p = subprocess.run(["dpkg-deb", "-f", path, field], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, check=False)
    return p.stdout.strip()


# ---------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def drill(request):
    why = podman.missing_setup()
    if why:
        pytest.skip(why)
    logdir = request.config.getoption("--adoption-logdir")
    shutil.rmtree(logdir, ignore_errors=True)
    os.makedirs(logdir)
    summary = request.config.adoption_summary
    summary.append("records and logs: {}".format(logdir))

    ref, secs = podman.build_cached(IMAGE, HERE, log=os.path.join(logdir, "image-build.log"))
    summary.append("image {}: {}".format(
        ref, "built in {:.0f} s".format(secs) if secs else "cached"))

    name = "erpolicyd-adoption-{}".format(os.getpid())
    d = Drill(name, logdir, summary)
    t0 = time.monotonic()

    def _finish():
        try:
            if podman.exists(name):
                d.record("journal.txt", podman.journal(name, lines=2000))
                podman.exec_(name, "tar -C /var/log -cf /tmp/frrlogs.tar frr", check=False)
                podman.run("cp", "{}:/tmp/frrlogs.tar".format(name),
                           os.path.join(logdir, "var-log-frr.tar"), check=False)
        finally:
            podman.remove(name)
            summary.append("drill ran {:.0f} s (container start to removal)".format(
                time.monotonic() - t0))

    request.addfinalizer(_finish)
    podman.create_systemd(ref, name, hostname=HOSTNAME)
    # The operator's configuration, in place before the first boot.
    podman.cp_in(name, os.path.join(HERE, "frr.conf"), "/etc/frr/frr.conf")
    podman.start(name)
    return d


@pytest.fixture(scope="module")
def debs(request):
    dist = request.config.getoption("--erpolicyd-dist")
    found = project_debs(dist)
    if not found:
        pytest.skip("no project .deb in {} (set ERPOLICYD_DIST or --erpolicyd-dist to the "
                    "folder of libyang3, frr, frr-pythontools and erpolicyd .debs)".format(dist))
    return found


# ---------------------------------------------------------------------------------------------
# The steps


def test_debian_frr(drill):
    """Debian's own FRR 8.4 runs the operator's BGP configuration under systemd."""
    state = podman.wait_systemd(drill.name, timeout=90)
    drill.note("systemd in the container: {}".format(state))
    # As Debian's package has it: frr.conf belongs to frr, mode 0640.
    drill.out("chown frr:frr /etc/frr/frr.conf && chmod 0640 /etc/frr/frr.conf")
    wait_frr(drill)

    def _bgp_loaded():
        run = drill.vtysh("show running-config")
        miss = missing_lines(run, BGP_LINES + ["ip route 10.99.0.0/24 blackhole"])
        return not miss, "missing {} in:\n{}".format(miss, run)

    run = podman.wait_for(_bgp_loaded, "Debian's FRR loaded frr.conf", timeout=30)
    run = drill.vtysh("show running-config")
    version = drill.vtysh("show version")
    drill.record("01-debian-running-config.txt", run)
    drill.record("01-debian-show-version.txt", version)
    assert "FRRouting {}".format(DEBIAN_FRR_VERSION) in version, (
        "not Debian's FRR {}:\n{}".format(DEBIAN_FRR_VERSION, version))
    drill.note("before: " + version.splitlines()[0])


def test_upgrade_to_project_packages(drill, debs):
    """apt installs the project's packages over Debian's FRR; the configuration survives."""
    for f in ("frr.conf", "daemons"):
        drill.before[f] = drill.read("/etc/frr/" + f)
    with open(os.path.join(HERE, "frr.conf")) as fh:
        assert drill.before["frr.conf"] == fh.read(), "frr.conf in the container is not the drill's"

    drill.out("mkdir -p /root/debs")
    for path in debs.values():
        podman.cp_in(drill.name, path, "/root/debs/")
    # No --no-download: bookworm's apt (2.6) then fails on local .debs with "Internal Error,
    # Pathname to install is not absolute 'frr_....deb'". Nothing can be downloaded anyway:
    # the container has no network and the image no package lists, so a dependency the image
    # lacks shows as an unmet dependency.
    files = " ".join("./" + os.path.basename(debs[p]) for p in PACKAGES)
    cmd = ("cd /root/debs && DEBIAN_FRONTEND=noninteractive apt-get install -y "
           "-o Dpkg::Options::=--force-confold {}".format(files))
    t0 = time.monotonic()
    rc, text = drill.sh(cmd, timeout=900)
    drill.record("02-apt-install.txt", "$ {}\n{}".format(cmd, text))
    drill.note("apt-get install of {}: exit {} in {:.0f} s".format(
        ", ".join(PACKAGES), rc, time.monotonic() - t0))
    depends = "\n".join("  {}: Depends: {}".format(p, deb_field(debs[p], "Depends"))
                        for p in PACKAGES)
    assert rc == 0, "installing the project's packages failed (exit {}):\n{}\n" \
        "their dependencies:\n{}".format(rc, text[-6000:], depends)

    installed = drill.out("dpkg-query -W -f='${Package} ${Version} ${Status}\\n' " +
                          " ".join(PACKAGES + ["libyang-dev", "libyang3-tools", "frr-dev"]) +
                          " 2>/dev/null || true")
    drill.record("02-dpkg-query.txt", installed)
    for pkg in PACKAGES:
        assert re.search(r"^{} \S+ install ok installed$".format(re.escape(pkg)), installed,
                         re.M), "{} not installed:\n{}".format(pkg, installed)
    for pkg in ("libyang-dev", "libyang3-tools", "frr-dev"):
        assert not re.search(r"^{} \S+ install ok installed$".format(re.escape(pkg)), installed,
                             re.M), "{} installed, it must not be:\n{}".format(pkg, installed)

    for f in ("frr.conf", "daemons"):
        after = drill.read("/etc/frr/" + f)
        assert after == drill.before[f], "the upgrade changed /etc/frr/{}:\n--- before\n{}\n" \
            "--- after\n{}".format(f, drill.before[f], after)

    wait_frr(drill)
    version = podman.wait_for(
        lambda: (lambda v: ("FRRouting " + FRR_VERSION in v, v))(
            drill.vtysh("show version", daemon_check=False)),
        "vtysh show version says {}".format(FRR_VERSION), timeout=60)
    drill.record("02-show-version.txt", version)
    drill.note("after: " + version.splitlines()[0])

    def _bgp_back():
        run = drill.vtysh("show running-config", daemon_check=False)
        miss = missing_lines(run, BGP_LINES + ["ip route 10.99.0.0/24 blackhole"])
        return not miss, "missing {} in:\n{}".format(miss, run)

    run = podman.wait_for(_bgp_back, "the BGP configuration back in FRR 10.7.1", timeout=60)
    drill.record("02-running-config.txt", run)


def test_enable_erpolicyd(drill, debs):
    """erpolicyd=yes plus a router expressroute-policy block, restart: it runs and applies."""
    daemons = drill.read("/etc/frr/daemons")
    if re.search(r"^erpolicyd=", daemons, re.M):
        daemons = re.sub(r"^erpolicyd=.*$", "erpolicyd=yes", daemons, flags=re.M)
    else:
        daemons = daemons.rstrip("\n") + "\nerpolicyd=yes\n"
    drill.write("/etc/frr/daemons", daemons)
    conf = insert_before_end(drill.read("/etc/frr/frr.conf"), POLICY_BLOCK + ["!"])
    drill.write("/etc/frr/frr.conf", conf)
    drill.record("03-frr.conf", conf)

    rc, text = drill.sh("systemctl restart frr", timeout=180)
    assert rc == 0, "systemctl restart frr failed:\n{}\n{}".format(
        text, podman.journal(drill.name, "frr.service"))
    wait_frr(drill)

    podman.wait_for(lambda: (lambda r: (r[0] == 0, r[1]))(drill.sh("pidof erpolicyd")),
                    "erpolicyd running (pidof)", timeout=60)

    def _watched():
        w = drill.vtysh("show watchfrr", daemon_check=False)
        return bool(re.search(r"^\s*erpolicyd\s+Up\b", w, re.M)), w

    watch = podman.wait_for(_watched, "show watchfrr lists erpolicyd Up", timeout=60)
    drill.record("03-show-watchfrr.txt", watch)

    st = wait_policy(drill, "show expressroute-policy json: intent applied", ["10.64.0.0/23"])
    drill.record("03-policy.json", drill.vtysh("show expressroute-policy json"))
    drill.note("policy applied: {}".format(st))

    run = drill.vtysh("show running-config")
    drill.record("03-running-config.txt", run)
    block = config_block(run, POLICY_BLOCK[0])
    assert block, "no router expressroute-policy block in show running-config:\n" + run
    assert sorted(block) == sorted(POLICY_BLOCK), \
        "the block in show running-config differs from the intent:\n{}".format("\n".join(block))

    def _bgpd_has_policy():
        b = drill.vtysh("show running-config bgpd")
        miss = [x for x in ("route-map ERPOL-VPN-IN-V4",
                            "  neighbor 169.254.21.2 route-map ERPOL-VPN-IN-V4 in",
                            "  neighbor 192.168.100.2 route-map ERPOL-ER-IN-V4 in")
                if not any(line.rstrip().startswith(x) for line in b.splitlines())]
        return not miss, "bgpd lacks {}:\n{}".format(miss, b)

    bgpd = podman.wait_for(_bgpd_has_policy, "bgpd carries the generated policy", timeout=60)
    drill.record("03-running-config-bgpd.txt", bgpd)


def test_reload_edited_intent(drill, debs):
    """An added azure-prefix in frr.conf reaches erpolicyd and bgpd by `systemctl reload frr`."""
    conf = drill.read("/etc/frr/frr.conf")
    assert " azure-prefix 10.64.0.0/23\n" in conf, "the intent is not in frr.conf:\n" + conf
    conf = conf.replace(" azure-prefix 10.64.0.0/23\n",
                        " azure-prefix 10.64.0.0/23\n azure-prefix {}\n".format(ADDED_PREFIX), 1)
    drill.write("/etc/frr/frr.conf", conf)
    rc, text = drill.sh("systemctl reload frr", timeout=180)
    journal = podman.journal(drill.name, "frr.service", lines=200)
    drill.record("04-reload-journal.txt", journal)
    assert rc == 0, "systemctl reload frr failed (exit {}):\n{}\n{}".format(rc, text, journal)

    wait_policy(drill, "show expressroute-policy json lists {}".format(ADDED_PREFIX),
                ["10.64.0.0/23", ADDED_PREFIX])
    pattern = re.compile(r"^ip prefix-list ERPOL-AZURE-V4 seq \d+ permit {} le 32$".format(
        re.escape(ADDED_PREFIX)), re.M)

    def _bgpd_prefix():
        b = drill.vtysh("show running-config bgpd")
        return bool(pattern.search(b)), [l for l in b.splitlines() if "ERPOL-AZURE" in l]

    podman.wait_for(_bgpd_prefix, "bgpd's prefix-list ERPOL-AZURE-V4 holds {}".format(
        ADDED_PREFIX), timeout=60)
    drill.record("04-policy.json", drill.vtysh("show expressroute-policy json"))


def test_write_memory(drill, debs):
    """write memory keeps the router expressroute-policy block in frr.conf."""
    out = drill.vtysh("write memory")
    drill.record("05-write-memory.txt", out)
    conf = drill.read("/etc/frr/frr.conf")
    drill.record("05-frr.conf", conf)
    block = config_block(conf, POLICY_BLOCK[0])
    want = POLICY_BLOCK[:2] + [" azure-prefix " + ADDED_PREFIX] + POLICY_BLOCK[2:]
    assert sorted(block) == sorted(want), \
        "write memory did not keep the block in /etc/frr/frr.conf:\n" + conf
    assert not missing_lines(conf, BGP_LINES), "write memory lost the BGP configuration:\n" + conf


def test_remove_erpolicyd(drill, debs):
    """apt-get remove erpolicyd leaves FRR running: frr.service, bgpd, vtysh."""
    rc, text = drill.sh("DEBIAN_FRONTEND=noninteractive apt-get remove -y erpolicyd",
                        timeout=300)
    drill.record("06-apt-remove.txt", text)
    assert rc == 0, "apt-get remove erpolicyd failed (exit {}):\n{}".format(rc, text)
    wait_frr(drill)
    rc, pids = drill.sh("pidof bgpd")
    assert rc == 0, "bgpd is not running after erpolicyd's removal:\n{}".format(
        podman.journal(drill.name, "frr.service"))
    version = drill.vtysh("show version")
    assert "FRRouting " + FRR_VERSION in version, "show version after removal:\n" + version
    # Recorded, not asserted: what watchfrr and the router show without the daemon.
    drill.record("06-show-watchfrr.txt", drill.vtysh("show watchfrr", daemon_check=False))
    drill.record("06-running-config.txt", drill.vtysh("show running-config",
                                                        daemon_check=False))
    rc, st = drill.sh("systemctl is-active frr; pidof erpolicyd || echo 'no erpolicyd'")
    drill.note("after removing erpolicyd: frr.service {}".format(" ".join(st.split())))


def test_restart_without_erpolicyd(drill, debs):
    """After erpolicyd's removal, FRR restarts with the saved frr.conf (which still holds the
    router expressroute-policy block and erpolicyd=yes): frr.service active, BGP back."""
    rc, text = drill.sh("systemctl restart frr", timeout=180)
    journal = podman.journal(drill.name, "frr.service", lines=200)
    drill.record("07-restart-journal.txt", journal)
    assert rc == 0, "systemctl restart frr without erpolicyd failed:\n{}\n{}".format(text, journal)
    wait_frr(drill)
    rc, _ = drill.sh("pidof erpolicyd")
    assert rc != 0, "erpolicyd runs after its package was removed and FRR restarted"

    def _bgp_back():
        run = drill.vtysh("show running-config", daemon_check=False)
        miss = missing_lines(run, BGP_LINES + [
            "  neighbor 169.254.21.2 route-map ERPOL-VPN-IN-V4 in"])
        return not miss, "missing {} in:\n{}".format(miss, run)

    run = podman.wait_for(_bgp_back, "BGP and its saved policy back without erpolicyd",
                          timeout=60)
    drill.record("07-running-config.txt", run)
