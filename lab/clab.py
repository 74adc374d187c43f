# SPDX-License-Identifier: GPL-2.0-or-later
"""
A containerlab topology file brought up with podman, without containerlab: the runner of the
containerised lab (containers/erpolicyd-lab.clab.yml), so that the file users deploy with
containerlab is the one tested here.

What it reads of the file, with containerlab's meaning:
  - name, prefix (container names: node names when prefix is "", else
    "<prefix>-<name>-<node>", containerlab's "clab" by default);
  - topology.defaults, topology.kinds, topology.groups and topology.nodes: kind, image, cmd,
    entrypoint, network-mode, privileged, binds, env, sysctls, devices, cap-add, exec; a
    scalar comes from the node, else its group, else its kind, else the defaults; lists are
    merged in the order defaults, kind, group, node, and maps likewise, the node winning;
  - topology.links in the short form (endpoints: ["node:interface", "node:interface"]): a
    veth pair made straight into the two containers' network namespaces;
  - a bind's relative host path is relative to the topology file's folder.
Only kind linux with network-mode none is run (nothing is made on the host: no bridge, no
network, no sysctl), and the file is first checked against the part of containerlab's
topology schema that this lab uses (check()).

Bringing it up: every container (`podman run -d --network none --pull never`, labelled with
the lab's name), then every link (both ends up), then each node's exec commands in order, as
containerlab runs them after deploying (split like a shell would, run without one). Whatever
fails on the way, what was made is removed. Tearing down removes the lab's containers (those
with its label; others are never touched); their veths and network namespaces go with them.

    tools/clab-podman.sh up|down|check|inspect FILE
"""

import argparse
import os
import re
import shlex
import sys
import time

import yaml

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from lab import podman  # noqa: E402  pylint: disable=wrong-import-position
from pykit import netns  # noqa: E402  pylint: disable=wrong-import-position

LABEL = "erpolicyd.clab"

# --- containerlab's topology schema, the part this lab uses ------------------------------------
# From containerlab's schemas/clab.schema.json (draft-07): the top level has name (required),
# prefix, mgmt, settings and topology (required) and nothing else; topology has nodes, kinds,
# defaults, groups and links; a node name matches NODE_NAME; a node-config has only the
# properties NODE_PROPERTIES and kind is one of containerlab's kinds (of which this lab uses
# linux); binds, devices and cap-add are lists of unique strings, exec a non-empty list of
# strings, env and sysctls maps of scalars, network-mode "host", "container:NAME" or "none";
# a short-form link's endpoints are two "node:interface" strings.
TOP_LEVEL = {"name", "prefix", "mgmt", "settings", "topology", "debug"}
TOPOLOGY = {"nodes", "kinds", "defaults", "groups", "links"}
NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9-._]*$")
PREFIX = re.compile(r"^$|^__lab-name$|^[a-zA-Z0-9][a-zA-Z0-9-._]*$")
NODE_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9-._|]*$")
ENDPOINT = re.compile(r"^\S+:\S+$")
NETWORK_MODE = re.compile(r"^(host)|(container:\S+)|(none)$")
NODE_PROPERTIES = {
    "aliases", "auto-remove", "binds", "cap-add", "certificate", "cgroup-parent",
    "cgroupns-mode", "cmd", "components", "config", "cpu", "cpu-set", "credentials", "devices",
    "dns", "enforce-startup-config", "entrypoint", "env", "env-files", "exec", "extras", "group",
    "healthcheck", "hostname", "image", "image-pull-policy", "kind", "labels", "license",
    "link-apply-mode", "memory", "mgmt-ipv4", "mgmt-ipv6", "network-mode", "pid-mode", "ports",
    "privileged", "restart-policy", "runtime", "security-opts", "shm-size", "stages",
    "startup-config", "startup-delay", "suppress-startup-config", "sysctls", "tmpfs", "type",
    "user", "volumes",
}
# Some of containerlab's kinds; "linux" is the one this runner runs.
KINDS = {"linux", "bridge", "ovs-bridge", "host", "ext-container", "nokia_srlinux",
         "arista_ceos", "juniper_crpd", "sonic-vs", "vyosnetworks_vyos", "cisco_xrd"}
LINUX_IFNAME = re.compile(r"^[a-zA-Z0-9_.-]{1,15}$")


def _strings(value, unique):
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return "a list of strings"
    if unique and len(set(value)) != len(value):
        return "a list of unique strings"
    return None


def _scalars_map(value):
    if not isinstance(value, dict) or not all(
        isinstance(v, (str, int, float, bool)) for v in value.values()
    ):
        return "a map of strings or numbers"
    return None


def check_node_config(where, cfg):
    "Errors of one node-config (a node, a kind, a group or the defaults) against the schema."
    if cfg is None:
        return []
    if not isinstance(cfg, dict):
        return ["{}: not a map".format(where)]
    errors = ["{}: unknown property {!r}".format(where, k) for k in cfg if k not in NODE_PROPERTIES]
    if "kind" in cfg and cfg["kind"] not in KINDS:
        errors.append("{}: unknown kind {!r}".format(where, cfg["kind"]))
    for key in ("image", "cmd", "entrypoint", "group", "hostname", "network-mode"):
        if key in cfg and not isinstance(cfg[key], str):
            errors.append("{}: {} is not a string".format(where, key))
    if isinstance(cfg.get("network-mode"), str) and not NETWORK_MODE.match(cfg["network-mode"]):
        errors.append("{}: network-mode {!r}".format(where, cfg["network-mode"]))
    if "privileged" in cfg and not isinstance(cfg["privileged"], bool):
        errors.append("{}: privileged is not a boolean".format(where))
    for key in ("binds", "devices", "cap-add"):
        if key in cfg:
            err = _strings(cfg[key], unique=True)
            if err:
                errors.append("{}: {} is not {}".format(where, key, err))
    if cfg.get("binds") == []:
        errors.append("{}: binds is empty".format(where))
    if "exec" in cfg:
        err = _strings(cfg["exec"], unique=False) or (None if cfg["exec"] else "empty")
        if err:
            errors.append("{}: exec is {}".format(where, err))
    for key in ("env", "sysctls"):
        if key in cfg:
            err = _scalars_map(cfg[key])
            if err:
                errors.append("{}: {} is not {}".format(where, key, err))
    return errors


def check(doc):
    """Errors of a topology document (parsed YAML) against the part of containerlab's schema
    above, and against what a deploy needs: every link endpoint on a declared node, each
    interface used once and a valid Linux interface name, every group a node names declared."""
    if not isinstance(doc, dict):
        return ["the file is not a map"]
    errors = ["unknown top-level property {!r}".format(k) for k in doc if k not in TOP_LEVEL]
    for key in ("name", "topology"):
        if key not in doc:
            errors.append("{} is required".format(key))
    if "name" in doc and not (isinstance(doc["name"], str) and NAME.match(doc["name"])):
        errors.append("name {!r}".format(doc["name"]))
    if "prefix" in doc and not (isinstance(doc["prefix"], str) and PREFIX.match(doc["prefix"])):
        errors.append("prefix {!r}".format(doc["prefix"]))
    topo = doc.get("topology") or {}
    if not isinstance(topo, dict):
        return errors + ["topology is not a map"]
    errors += ["topology: unknown property {!r}".format(k) for k in topo if k not in TOPOLOGY]
    errors += check_node_config("defaults", topo.get("defaults"))
    for section in ("kinds", "groups"):
        for name, cfg in (topo.get(section) or {}).items():
            errors += check_node_config("{} {}".format(section, name), cfg)
    nodes = topo.get("nodes") or {}
    groups = topo.get("groups") or {}
    for name, cfg in nodes.items():
        if not NODE_NAME.match(str(name)):
            errors.append("node name {!r}".format(name))
        errors += check_node_config("node " + str(name), cfg)
        group = (cfg or {}).get("group")
        if group is not None and group not in groups:
            errors.append("node {}: group {!r} is not declared".format(name, group))
    used = {}
    for i, link in enumerate(topo.get("links") or []):
        eps = link.get("endpoints") if isinstance(link, dict) else None
        if not isinstance(eps, list) or len(eps) != 2 or not all(isinstance(e, str) for e in eps):
            errors.append("link {}: endpoints are not two strings".format(i))
            continue
        if eps[0] == eps[1]:
            errors.append("link {}: endpoints are not unique".format(i))
        for ep in eps:
            if not ENDPOINT.match(ep):
                errors.append("link {}: endpoint {!r} is not node:interface".format(i, ep))
                continue
            node, ifname = ep.split(":", 1)
            if node not in nodes:
                errors.append("link {}: node {!r} is not declared".format(i, node))
            if not LINUX_IFNAME.match(ifname):
                errors.append("link {}: interface name {!r}".format(i, ifname))
            if ep in used:
                errors.append("link {}: {} already used by link {}".format(i, ep, used[ep]))
            used[ep] = i
    return errors


# --- the topology, resolved -------------------------------------------------------------------


class Node:
    "A node with its configuration resolved as containerlab resolves it."

    def __init__(self, lab, name, cfg):
        self.lab = lab
        self.name = name
        self.container = lab.container_name(name)
        topo = lab.doc["topology"]
        cfg = cfg or {}
        defaults = topo.get("defaults") or {}
        kind = (cfg.get("kind")
                or ((topo.get("groups") or {}).get(cfg.get("group")) or {}).get("kind")
                or defaults.get("kind"))
        group = cfg.get("group") or ((topo.get("kinds") or {}).get(kind) or {}).get("group") or (
            defaults.get("group")
        )
        levels = [defaults, (topo.get("kinds") or {}).get(kind) or {},
                  (topo.get("groups") or {}).get(group) or {}, cfg]
        self.kind = kind
        self.group = group
        self.levels = levels

    def scalar(self, key, default=None):
        for level in reversed(self.levels):
            if level.get(key) not in (None, ""):
                return level[key]
        return default

    def merged_list(self, key):
        out = []
        for level in self.levels:
            for v in level.get(key) or []:
                if v not in out:
                    out.append(v)
        return out

    def merged_map(self, key):
        out = {}
        for level in self.levels:
            out.update(level.get(key) or {})
        return out

    @property
    def image(self):
        return self.scalar("image")

    @property
    def binds(self):
        "[(host path, container path, options or None)], host paths absolute."
        out = []
        for b in self.merged_list("binds"):
            parts = b.split(":")
            src, dst = parts[0], parts[1]
            opts = parts[2] if len(parts) > 2 else None
            src = os.path.expanduser(src)
            if not os.path.isabs(src):
                src = os.path.normpath(os.path.join(self.lab.dir, src))
            out.append((src, dst, opts))
        return out

    @property
    def exec(self):
        return self.merged_list("exec")

    def exec_args(self, prefix):
        "The argument lists of those exec commands whose first words are PREFIX (a list)."
        return [
            shlex.split(c)[len(prefix):] for c in self.exec if shlex.split(c)[: len(prefix)] == prefix
        ]

    def run_args(self):
        "podman run's arguments for this node."
        args = ["run", "-d", "--pull", "never", "--name", self.container,
                "--hostname", self.scalar("hostname", self.name),
                "--label", "{}={}".format(LABEL, self.lab.name),
                "--network", self.scalar("network-mode", "none")]
        if self.scalar("privileged", False):
            args.append("--privileged")
        for k, v in sorted(self.merged_map("sysctls").items()):
            args += ["--sysctl", "{}={}".format(k, v)]
        for k, v in sorted(self.merged_map("env").items()):
            args += ["--env", "{}={}".format(k, v)]
        for d in self.merged_list("devices"):
            args += ["--device", d]
        for c in self.merged_list("cap-add"):
            args += ["--cap-add", c]
        for src, dst, opts in self.binds:
            args += ["--volume", ":".join([src, dst] + ([opts] if opts else []))]
        if self.scalar("entrypoint"):
            args += ["--entrypoint", self.scalar("entrypoint")]
        args.append(self.image)
        if self.scalar("cmd"):
            args += shlex.split(self.scalar("cmd"))
        return args


class Lab:
    "A containerlab topology file and its podman containers."

    def __init__(self, path):
        self.path = os.path.abspath(path)
        self.dir = os.path.dirname(self.path)
        with open(self.path) as f:
            self.doc = yaml.safe_load(f)
        self.errors = check(self.doc)
        self.name = self.doc.get("name")
        topo = self.doc.get("topology") or {}
        self.nodes = {n: Node(self, n, c) for n, c in (topo.get("nodes") or {}).items()}
        self.links = []
        for link in topo.get("links") or []:
            (a, ai), (b, bi) = (e.split(":", 1) for e in link["endpoints"])
            self.links.append((a, ai, b, bi))

    def container_name(self, node):
        prefix = self.doc.get("prefix", "clab")
        if prefix == "":
            return node
        if prefix == "__lab-name":
            return "{}-{}".format(self.name, node)
        return "{}-{}-{}".format(prefix, self.name, node)

    def unsupported(self):
        "Why this runner cannot run the file (a list of reasons, empty when it can)."
        out = list(self.errors)
        for n in self.nodes.values():
            if n.kind != "linux":
                out.append("{}: kind {} (only linux is run)".format(n.name, n.kind))
            if n.scalar("network-mode") != "none":
                out.append("{}: network-mode must be none".format(n.name))
            if not n.image:
                out.append("{}: no image".format(n.name))
            for src, _, _ in n.binds:
                if not os.path.exists(src):
                    out.append("{}: bind source {} does not exist".format(n.name, src))
        return out

    # --- podman ---------------------------------------------------------------------------

    def pid(self, node):
        return int(podman.run("inspect", "--format", "{{.State.Pid}}",
                              self.nodes[node].container, timeout=60).stdout.strip())

    def up(self, log=print):
        """Create the containers, the links, then run the exec commands. Returns the seconds
        each phase took. Removes everything again when a step fails."""
        reasons = self.unsupported()
        if reasons:
            raise ValueError("{}: {}".format(self.path, "; ".join(reasons)))
        self.down()
        taken = self.foreign()
        if taken:
            raise ValueError("containers not of this lab hold its names: " + " ".join(taken))
        times = {}
        try:
            t0 = time.monotonic()
            for n in self.nodes.values():
                podman.run(*n.run_args(), timeout=120)
            pids = {name: self.pid(name) for name in self.nodes}
            times["containers"] = time.monotonic() - t0
            t0 = time.monotonic()
            for a, ai, b, bi in self.links:
                netns.veth(pids[a], ai, pids[b], bi)
                for node, ifname in ((a, ai), (b, bi)):
                    netns.link_up(pids[node], ifname)
            times["links"] = time.monotonic() - t0
            t0 = time.monotonic()
            for n in self.nodes.values():
                for cmd in n.exec:
                    p = podman.exec_(n.container, shlex.split(cmd), check=False, timeout=120)
                    if p.returncode != 0:
                        raise RuntimeError("{}: exec `{}` failed ({}): {}{}".format(
                            n.name, cmd, p.returncode, p.stdout, p.stderr))
            times["exec"] = time.monotonic() - t0
        except BaseException:
            self.down()
            raise
        log("{}: {} containers, {} links up ({})".format(
            self.name, len(self.nodes), len(self.links),
            ", ".join("{} {:.1f} s".format(k, v) for k, v in times.items())))
        return times

    def containers(self):
        "Names of the lab's containers that exist (those with the lab's label)."
        p = podman.run("ps", "-a", "--filter", "label={}={}".format(LABEL, self.name),
                       "--format", "{{.Names}}", check=False, timeout=60)
        return sorted(p.stdout.split())

    def foreign(self):
        "Containers that have a node's name but are not the lab's (up() leaves them alone)."
        ours = set(self.containers())
        return [n.container for n in self.nodes.values()
                if n.container not in ours and podman.exists(n.container)]

    def down(self):
        "Remove the lab's containers (their links and namespaces go with them); never raises."
        names = self.containers()
        if names:
            podman.run("rm", "--force", "--time", "0", *names, check=False, timeout=300)
        return names

    def inspect(self):
        p = podman.run("ps", "-a", "--filter", "label={}={}".format(LABEL, self.name),
                       "--format", "{{.Names}}\t{{.Image}}\t{{.Status}}", check=False)
        return p.stdout


def main(argv=None):
    ap = argparse.ArgumentParser(prog="clab-podman", description=__doc__.split("\n\n")[0])
    ap.add_argument("action", choices=("up", "down", "check", "inspect"))
    ap.add_argument("topology", help="the containerlab topology file")
    a = ap.parse_args(argv)
    lab = Lab(a.topology)
    if a.action == "check":
        reasons = lab.unsupported()
        for r in reasons:
            print(r, file=sys.stderr)
        return 1 if reasons else 0
    missing = podman.missing_setup()
    if missing:
        print("clab-podman: " + missing, file=sys.stderr)
        return 1
    if a.action == "up":
        try:
            lab.up()
        except (ValueError, RuntimeError, podman.PodmanError) as e:
            print("clab-podman: {}".format(e), file=sys.stderr)
            return 1
    elif a.action == "down":
        names = lab.down()
        print("{}: removed {}".format(lab.name, " ".join(names) or "nothing"))
    else:
        sys.stdout.write(lab.inspect())
    return 0


if __name__ == "__main__":
    sys.exit(main())
