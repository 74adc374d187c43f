#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
One end of the lab's IPsec tunnel inside a container (the containerised lab,
containers/erpolicyd-lab.clab.yml): the same charon, configuration files and updown script as
the namespace lab, rendered by lab/ipsec.py's Charon from the same few parameters.

Run in the container (lab/ is bind-mounted at /opt/erpolicyd-lab/lab):
    python3 /opt/erpolicyd-lab/lab/ipsec_node.py --name r1 --local 10.10.10.1 \
        --remote 10.64.0.4 --psk ... --apipa 169.254.21.1/30 \
        --apipa6 fd00:169:254:21::1/126 --initiator
It writes the files to /run/erpolicyd-lab-ipsec, starts charon in the container's own
namespaces (its vici socket is the container's /run/charon.vici, so `swanctl --list-sas` in the
container talks to it), keeps charon's table 220 out of the forwarding decision, brings ipsec0
up and loads the connection; the initiator then starts the tunnel, retrying until the
underlay is there. charon stays when this script ends. Running it again while charon runs
changes nothing.

From outside, a Charon built from the same arguments with netns_args ["podman", "exec",
NAME] reads and drives that charon (sa_state, addressed, terminate, initiate): see
from_argv() and tests/containers.
"""

import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from lab import ipsec  # noqa: E402  pylint: disable=wrong-import-position

WORKDIR = "/run/erpolicyd-lab-ipsec"
VICI = "/run/charon.vici"


def parser():
    p = argparse.ArgumentParser(prog="ipsec_node.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--name", required=True, help="the tunnel end's name (logs, comments)")
    p.add_argument("--local", required=True, help="this end's tunnel endpoint address")
    p.add_argument("--remote", required=True, help="the other end's tunnel endpoint address")
    p.add_argument("--psk", required=True, help="the pre-shared key")
    p.add_argument("--apipa", required=True, help="ipsec0's IPv4 address/length")
    p.add_argument("--apipa6", help="ipsec0's IPv6 address/length")
    p.add_argument("--initiator", action="store_true", help="start the tunnel (on-prem end)")
    return p


def from_argv(argv, netns_args=(), workdir=WORKDIR):
    """The Charon the arguments describe. netns_args: how to run a command where that charon
    runs ([] inside its container, ["podman", "exec", NAME] from the host)."""
    # The options are Charon's parameters of the same names.
    a = parser().parse_args(argv)
    return ipsec.Charon(netns_args=list(netns_args), workdir=workdir, **vars(a))


def _charon_running():
    try:
        with open("/run/charon.pid") as f:
            pid = int(f.read().strip() or 0)
        os.kill(pid, 0)
        return True
    except (OSError, ValueError):
        return False


def start(end, timeout=10.0):
    "Start charon for END (an ipsec.Charon with no netns_args) and load its connection."
    if _charon_running():
        return
    end.write_configs()
    with open(end.out, "ab") as out:
        subprocess.Popen(
            [ipsec.CHARON],
            env=dict(os.environ, STRONGSWAN_CONF=end.conf),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + timeout
    while not (os.path.exists(VICI) and end.ip(["link", "show", "dev", "ipsec0"])):
        if time.monotonic() > deadline:
            raise SystemExit("{}: charon did not come up, see {}".format(end.name, end.out))
        time.sleep(0.1)
    end.unhook()
    end.address_apipa()
    if not end.initiator:
        load(end)
        return
    # The initiator: in the background, so that the container's start goes on.
    if os.fork() == 0:
        os.setsid()
        # Nothing of the caller's (podman exec waits for its output to close).
        with open(os.devnull, "rb") as null, open(end.out, "ab") as out:
            os.dup2(null.fileno(), 0)
            os.dup2(out.fileno(), 1)
            os.dup2(out.fileno(), 2)
        try:
            initiate_when_routed(end)
        finally:
            os._exit(0)  # pylint: disable=protected-access


def load(end):
    res = end.swanctl(["--load-all", "--file", end.swanctl_conf])
    if res.returncode != 0:
        raise SystemExit("{}: swanctl --load-all: {}{}".format(end.name, res.stdout, res.stderr))


def initiate_when_routed(end, timeout=120.0, retry=15.0):
    """Load the connection (which starts the tunnel) once the other end's endpoint is routed
    outside ipsec0, then see it established once. Containers start in no set order: IKE
    requests sent before the underlay or the other end is there pile up, and a burst of
    them reaching the other end at once was seen to end in AUTHENTICATION_FAILED, which
    charon does not retry; a tunnel not up after RETRY seconds is started again."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        route = end.ip(["route", "get", end.remote])
        if route and "ipsec0" not in route and "unreachable" not in route:
            break
        time.sleep(0.5)
    load(end)
    started = time.monotonic()
    while time.monotonic() < deadline:
        if end.established():
            return
        if time.monotonic() - started > retry:
            end.terminate()
            end.initiate()
            started = time.monotonic()
        time.sleep(1)


def main(argv=None):
    missing = ipsec.available()
    if missing:
        raise SystemExit("ipsec_node: missing " + missing)
    start(from_argv(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    main()
