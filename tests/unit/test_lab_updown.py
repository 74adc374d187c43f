# SPDX-License-Identifier: GPL-2.0-or-later
"""The lab's charon updown script (lab/ipsec.py) keeps the tunnel's address on ipsec0 while
any CHILD SA of its family is installed, whatever order charon runs the scripts in.

A peer's new IKE SA can bring its CHILD SAs up before the old ones' down-client runs (the
old IKE SA replaced, or cleared by dead peer detection in another thread). Removing the
address on every down-client then left an established tunnel without its address (seen
once in the lab faults test, after a kill -9 of mgmtd).

Each case runs the rendered script in a mount namespace of its own with a tmpfs on /run,
as charon runs it, with an `ip` on PATH that records what it was asked to do.

Run: /usr/bin/python3 -m pytest tests/unit/test_lab_updown.py
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "lab"))

import ipsec  # noqa: E402  pylint: disable=wrong-import-position

V4 = "169.254.21.1/30"
V6 = "fd00:21::1/126"

FAKE_IP = """#!/bin/sh
echo "$*" >>"$IP_LOG"
"""

# (what happens, the verbs in the order charon runs them, the addresses left on ipsec0)
CASES = [
    ("first SAs up", ["up-client", "up-client-v6"], {V4, V6}),
    ("SAs deleted", ["up-client", "up-client-v6", "down-client", "down-client-v6"], set()),
    ("old SAs down, then the new ones up",
     ["up-client", "up-client-v6", "down-client", "down-client-v6", "up-client",
      "up-client-v6"], {V4, V6}),
    ("new SAs up before the old ones go",
     ["up-client", "up-client-v6", "up-client", "up-client-v6", "down-client",
      "down-client-v6"], {V4, V6}),
    ("new IPv4 SA first, old IPv6 SA gone with nothing after",
     ["up-client", "up-client-v6", "up-client", "down-client", "down-client-v6"], {V4}),
    ("a down-client with no SA counted takes the address",
     ["down-client"], set()),
]


def _addresses(log):
    "The addresses on ipsec0 after the ip commands of log, starting from none."
    have = set()
    for line in log:
        words = line.split()
        # ip -4|-6 addr replace|del ADDR dev ipsec0 [nodad]
        if words[1:3] == ["addr", "replace"]:
            have.add(words[3])
        elif words[1:3] == ["addr", "del"]:
            have.discard(words[3])
    return have


@pytest.fixture(name="script")
def fixture_script(tmp_path):
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("needs root and unshare (a mount namespace per case)")
    end = ipsec.Charon("t", [], str(tmp_path), local="192.0.2.1", remote="192.0.2.2",
                       psk="x", apipa=V4, apipa6=V6, initiator=False)
    end.write_configs()
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "ip").write_text(FAKE_IP)
    (bindir / "ip").chmod(0o755)
    return end.updown, bindir


@pytest.mark.parametrize("what,verbs,want", CASES, ids=[c[0] for c in CASES])
def test_address_follows_the_sas(script, tmp_path, what, verbs, want):
    updown, bindir = script
    log = tmp_path / "ip.log"
    log.write_text("")
    runs = " && ".join("PLUTO_VERB={} {}".format(v, updown) for v in verbs)
    env = dict(os.environ, PATH="{}:{}".format(bindir, os.environ.get("PATH", "/usr/bin:/bin")),
               IP_LOG=str(log))
    res = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c",
         "mount -t tmpfs t /run && " + runs],
        env=env, capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    lines = log.read_text().splitlines()
    assert _addresses(lines) == want, "{}: ip was asked to do\n{}".format(what, "\n".join(lines))
