# SPDX-License-Identifier: GPL-2.0-or-later
"""
Small podman helpers for the project's container tests (the adoption drill in tests/adoption,
the containerised lab's runner lab/clab.py and tests/containers): every podman call goes
through run() with CONTAINERS_CONF set to the project's containers.conf (written by
tools/setup-podman.sh), plus image building cached by content hash, systemd containers, exec,
copy, and a polling wait with a deadline.

No pytest in here: failures raise PodmanError, waits raise WaitTimeout (an AssertionError, so
that a test shows its message).
"""

import hashlib
import os
import shutil
import subprocess
import time

from pykit import wait

# As tools/setup-podman.sh writes them (same environment variables).
CONTAINERS_CONF = os.path.join(
    os.environ.get("ERPOLICYD_PODMAN_DIR", "/var/lib/erpolicyd-podman"), "containers.conf"
)
BASE_IMAGE = os.environ.get("ERPOLICYD_BASE_IMAGE", "localhost/erpolicyd-bookworm-min")
SETUP_SCRIPT = "tools/setup-podman.sh"


class PodmanError(RuntimeError):
    """A podman command failed; carries its command line, exit code and output."""

    def __init__(self, args, rc, out, err):
        self.args_ = args
        self.rc = rc
        self.out = out
        self.err = err
        super().__init__(
            "{} -> exit {}\n--- stdout ---\n{}\n--- stderr ---\n{}".format(
                " ".join(args), rc, out[-4000:], err[-4000:]
            )
        )


class WaitTimeout(wait.WaitTimeout):
    """wait_for() reached its deadline."""


class Abort(AssertionError):
    """Raised by a wait_for() check: stop waiting, this will not get better."""


def env():
    """The environment of every podman call."""
    e = dict(os.environ)
    e["CONTAINERS_CONF"] = CONTAINERS_CONF
    return e


def missing_setup():
    """Why podman cannot be used here (a sentence), or None when it can."""
    if os.geteuid() != 0:
        return "the container tests run as root"
    if not shutil.which("podman"):
        return "podman is not installed: run {} as root".format(SETUP_SCRIPT)
    if not os.path.isfile(CONTAINERS_CONF):
        return "{} is missing: run {} as root".format(CONTAINERS_CONF, SETUP_SCRIPT)
    if not image_exists(BASE_IMAGE):
        return "base image {} is missing: run {} as root".format(BASE_IMAGE, SETUP_SCRIPT)
    return None


def run(*args, check=True, input=None, timeout=600):
    """Run `podman ARGS...`; returns the CompletedProcess (text). Raises PodmanError when
    check and the exit code is not 0."""
    argv = ["podman"] + [str(a) for a in args]
    p = subprocess.run(
        argv,
        env=env(),
        input=input,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=timeout,
        text=isinstance(input, str) or input is None,
    )
    if check and p.returncode != 0:
        raise PodmanError(argv, p.returncode, _text(p.stdout), _text(p.stderr))
    return p


def _text(s):
    return s.decode(errors="replace") if isinstance(s, bytes) else (s or "")


def image_exists(ref):
    return run("image", "exists", ref, check=False, timeout=60).returncode == 0


def image_id(ref):
    p = run("image", "inspect", "--format", "{{.Id}}", ref, check=False, timeout=60)
    return p.stdout.strip() if p.returncode == 0 else None


def context_hash(context_dir, files, extra=""):
    """sha256 (12 hex digits) over EXTRA and the names and contents of FILES (relative to
    CONTEXT_DIR): the tag of an image built from them."""
    h = hashlib.sha256(extra.encode() + b"\0")
    for f in sorted(files):
        h.update(f.encode() + b"\0")
        with open(os.path.join(context_dir, f), "rb") as fh:
            h.update(fh.read())
        h.update(b"\0")
    return h.hexdigest()[:12]


def build_cached(name, context_dir, containerfile="Containerfile", inputs=None, log=None,
                 base=BASE_IMAGE):
    """Build image NAME:<hash> from CONTAINERFILE in CONTEXT_DIR unless it exists; the hash
    covers INPUTS (the files the build reads, default the Containerfile alone) and the id of
    the BASE image, passed to the build as ARG BASE. The build container uses the host's
    network (reaches the apt mirror; creates no bridge, changes nothing on the host).
    Returns (ref, seconds spent building, 0 when cached)."""
    inputs = inputs or [containerfile]
    base_id = image_id(base)
    if not base_id:
        raise PodmanError(["podman", "image", "inspect", base], 1, "",
                          "base image missing: run " + SETUP_SCRIPT)
    ref = "{}:{}".format(name, context_hash(context_dir, inputs, extra=base_id))
    if image_exists(ref):
        return ref, 0.0
    t0 = time.monotonic()
    p = run(
        "build", "--network", "host", "--build-arg", "BASE=" + base,
        "-f", os.path.join(context_dir, containerfile), "-t", ref, context_dir,
        check=False, timeout=1800,
    )
    if log:
        with open(log, "w") as fh:
            fh.write(p.stdout + p.stderr)
    if p.returncode != 0:
        raise PodmanError(["podman", "build", ref], p.returncode, p.stdout, p.stderr)
    # Older builds of the same image are of no further use.
    tags = run("images", "--format", "{{.Repository}}:{{.Tag}}", name, check=False).stdout
    for old in tags.split():
        if old != ref and old.startswith(name + ":"):
            run("rmi", old, check=False)
    return ref, time.monotonic() - t0


def create_systemd(image, name, hostname=None, extra=()):
    """Create (not start) a privileged container NAME with systemd as PID 1 and no network."""
    args = ["create", "--name", name, "--privileged", "--network", "none",
            "--systemd=always"]
    if hostname:
        args += ["--hostname", hostname]
    args += list(extra) + [image, "/sbin/init"]
    run(*args, timeout=120)


def start(name):
    run("start", name, timeout=120)


def remove(name):
    """Remove container NAME, whatever its state; never raises."""
    try:
        run("rm", "--force", "--time", "0", name, check=False, timeout=120)
    except Exception:  # pylint: disable=broad-except
        pass


def exists(name):
    return run("container", "exists", name, check=False, timeout=60).returncode == 0


def exec_(name, cmd, check=True, timeout=120, input=None):
    """Run CMD in container NAME (a string goes through `sh -c`, a list is run as is).
    Returns the CompletedProcess; raises PodmanError when check and it fails."""
    argv = ["sh", "-c", cmd] if isinstance(cmd, str) else list(cmd)
    args = ["exec"] + (["-i"] if input is not None else []) + [name] + argv
    return run(*args, check=check, timeout=timeout, input=input)


def out(name, cmd, timeout=120):
    """stdout of CMD in container NAME (which must succeed)."""
    return exec_(name, cmd, timeout=timeout).stdout


def cp_in(name, src, dst):
    run("cp", src, "{}:{}".format(name, dst), timeout=300)


def cp_out(name, src, dst):
    run("cp", "{}:{}".format(name, src), dst, timeout=300)


def wait_for(check, what, timeout=30.0, interval=0.5):
    """Poll CHECK() until it returns (True, value), at most TIMEOUT seconds; returns value.
    CHECK returns (done, value); value is reported when the deadline passes, so make it say
    what is still wrong. A failed command or assertion in CHECK counts as not done (its text
    is reported), except Abort, which ends the wait at once."""

    def attempt():
        try:
            return check()
        except Abort:
            raise
        except (PodmanError, subprocess.TimeoutExpired, ValueError, AssertionError) as e:
            return False, "{}: {}".format(type(e).__name__, e)

    try:
        (_, value), _ = wait.until(attempt, what, timeout, interval, done=lambda a: a[0])
    except wait.WaitTimeout as e:
        raise WaitTimeout("{}: not after {:.0f} s; last seen: {}".format(
            what, timeout, e.last[1])) from None
    return value


def wait_systemd(name, timeout=60.0):
    """Wait until systemd in NAME has finished booting (running or degraded); returns the
    state and, when degraded, the failed units."""

    def _booted():
        p = exec_(name, ["systemctl", "is-system-running"], check=False, timeout=30)
        state = p.stdout.strip() or p.stderr.strip()
        return state in ("running", "degraded"), state

    state = wait_for(_booted, "systemd in {} up".format(name), timeout=timeout)
    if state == "degraded":
        failed = exec_(name, ["systemctl", "--failed", "--no-legend", "--plain"],
                       check=False).stdout
        state += " (failed units: {})".format(" ".join(failed.split()) or "none listed")
    return state


def unit_active(name, unit):
    p = exec_(name, ["systemctl", "is-active", unit], check=False, timeout=30)
    return p.stdout.strip()


def wait_unit_active(name, unit, timeout=60.0):
    """Wait until UNIT is active in NAME; fails early with the journal when it failed."""

    def _active():
        st = unit_active(name, unit)
        if st == "failed":
            raise Abort("{} failed in {}:\n{}".format(unit, name, journal(name, unit)))
        return st == "active", st

    return wait_for(_active, "{} active in {}".format(unit, name), timeout=timeout)


def journal(name, unit=None, lines=80):
    cmd = ["journalctl", "--no-pager", "-n", str(lines)] + (["-u", unit] if unit else [])
    p = exec_(name, cmd, check=False, timeout=60)
    return p.stdout + p.stderr
