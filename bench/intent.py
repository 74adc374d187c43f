# SPDX-License-Identifier: GPL-2.0-or-later
"""Deterministic benchmark intents for erpolicyd.

An intent of size N has N azure-prefixes, about 80 % IPv4 and 20 % IPv6, valid
(no host bits), pairwise non-overlapping, and clear of the on-prem prefixes and
tunnel endpoints, plus the seed guide's dual-stack skeleton: GatewaySubnets
(each inside an azure-prefix, so each gets its pin), ExpressRoute and VPN
neighbors of both families, tunnel endpoints, on-prem prefixes and fallbacks.

    /usr/bin/python3 bench/intent.py N [--seed S] [--format block|items]
"""

import argparse
import ipaddress
import random
import sys

SEED = 20251201

# The seed guide's skeleton (dual stack). The two azure-prefixes here cover the
# GatewaySubnets and count towards N.
BASE = {
    "mode": "prefer-vpn",
    "azure-prefix": ["10.64.0.0/23", "2001:db8:64::/48"],
    "gateway-subnet": ["10.64.0.0/26", "2001:db8:64::/64"],
    "expressroute-neighbor": ["192.168.100.2", "2001:db8:100::2"],
    "vpn-neighbor": ["169.254.21.2", "169.254.22.2", "fd00:21::2"],
    "tunnel-endpoint": ["10.10.10.1/32", "2001:db8:10::1/128"],
    "onprem-prefix": ["10.1.0.0/16", "2001:db8:1::/48"],
    "expressroute-fallback": ["10.0.0.0/8", "2001:db8::/32"],
}
ITEM_ORDER = [
    "azure-prefix",
    "gateway-subnet",
    "expressroute-neighbor",
    "vpn-neighbor",
    "tunnel-endpoint",
    "onprem-prefix",
    "expressroute-fallback",
]

# Where generated Azure address space comes from (RFC 1918 and RFC 6598 for IPv4,
# a ULA /16 for IPv6), and what it must stay clear of.
V4_POOLS = ["10.0.0.0/8", "172.16.0.0/12", "100.64.0.0/10"]
V4_RESERVED = ["10.1.0.0/16", "10.10.0.0/16", "10.64.0.0/23"]
# Prefix lengths and their weights: VNets and subnets from /22 to /29.
V4_LENS = [(22, 2), (23, 5), (24, 30), (25, 15), (26, 18), (27, 12), (28, 10), (29, 8)]
V6_POOL = "fd64::/16"
V6_LENS = [(48, 30), (52, 10), (56, 30), (60, 10), (64, 20)]
V6_SHARE = 0.2


class _Space:
    """Non-overlapping prefixes of one family: accepted ones and all their ancestors."""

    def __init__(self, bits, minlen):
        self.bits = bits
        self.minlen = minlen
        self.taken = set()  # (net, plen) accepted or reserved
        self.ancestors = set()  # (net, plen) strictly containing an accepted prefix

    def _net(self, addr, plen):
        return addr >> (self.bits - plen) << (self.bits - plen)

    def add_if_free(self, net, plen):
        if (net, plen) in self.taken or (net, plen) in self.ancestors:
            return False
        for l in range(self.minlen, plen):
            if (self._net(net, l), l) in self.taken:
                return False
        self.taken.add((net, plen))
        for l in range(self.minlen, plen):
            self.ancestors.add((self._net(net, l), l))
        return True


def _weighted(rng, table):
    total = sum(w for _, w in table)
    x = rng.uniform(0, total)
    for v, w in table:
        x -= w
        if x <= 0:
            return v
    return table[-1][0]


def azure_prefixes(n, seed=SEED):
    """n generated azure-prefixes (the two of BASE included), in generation order."""
    rng = random.Random(seed * 1000003 + n)
    out = list(BASE["azure-prefix"][: min(n, 2)])
    n_v6 = max(0, round(n * V6_SHARE) - 1)
    n_v4 = max(0, n - len(out) - n_v6)

    v4 = _Space(32, 8)
    for r in V4_RESERVED + BASE["azure-prefix"][:1]:
        net = ipaddress.ip_network(r)
        v4.add_if_free(int(net.network_address), net.prefixlen)
    pools = [ipaddress.ip_network(p) for p in V4_POOLS]
    weights = [p.num_addresses for p in pools]
    made = 0
    while made < n_v4:
        pool = rng.choices(pools, weights)[0]
        plen = _weighted(rng, V4_LENS)
        base = int(pool.network_address)
        off = rng.randrange(pool.num_addresses >> (32 - plen)) << (32 - plen)
        if v4.add_if_free(base + off, plen):
            out.append("%s/%d" % (ipaddress.IPv4Address(base + off), plen))
            made += 1

    v6 = _Space(128, 16)
    pool6 = ipaddress.ip_network(V6_POOL)
    made = 0
    while made < n_v6:
        plen = _weighted(rng, V6_LENS)
        base = int(pool6.network_address)
        off = rng.getrandbits(plen - 16) << (128 - plen)
        if v6.add_if_free(base + off, plen):
            out.append("%s/%d" % (ipaddress.IPv6Address(base + off), plen))
            made += 1
    return out


def intent(n, seed=SEED):
    """The intent of size n as {item: [values]} plus "mode"."""
    it = {k: (list(v) if isinstance(v, list) else v) for k, v in BASE.items()}
    it["azure-prefix"] = azure_prefixes(n, seed)
    return it


def fresh_prefixes(n, count, seed=SEED):
    """count IPv4 /24s outside intent(n) and clear of its rules (for one-prefix changes)."""
    taken = set(intent(n, seed)["azure-prefix"])
    v4 = _Space(32, 8)
    for p in list(taken) + V4_RESERVED:
        net = ipaddress.ip_network(p)
        if net.version == 4:
            v4.add_if_free(int(net.network_address), net.prefixlen)
    out = []
    # 198.18.0.0/15 (benchmarking range) is never generated by azure_prefixes().
    base = int(ipaddress.ip_address("198.18.0.0"))
    for i in range(count):
        net = base + (i << 8)
        assert v4.add_if_free(net, 24)
        out.append("%s/24" % ipaddress.IPv4Address(net))
    return out


def block_lines(it, vrf=None):
    """The intent as a `router expressroute-policy` block (list of lines)."""
    lines = ["router expressroute-policy" + (" vrf " + vrf if vrf else "")]
    lines.append(" mode " + it["mode"])
    for k in ITEM_ORDER:
        for v in it[k]:
            lines.append(" %s %s" % (k, v))
    lines.append("exit")
    return lines


def item_lines(it):
    """The intent in the unit tests' item format (one "ITEM VALUE" per line)."""
    lines = ["mode " + it["mode"]]
    for k in ITEM_ORDER:
        for v in it[k]:
            lines.append("%s %s" % (k, v))
    return lines


def seq_of(prefix):
    """erpolicyd's prefix-list sequence number for a prefix (FNV-1a, erpolicy_compile.c),
    before collision probing."""
    net = ipaddress.ip_network(prefix)
    h = 2166136261
    h = ((h ^ (6 if net.version == 6 else 4)) * 16777619) & 0xFFFFFFFF
    for b in net.network_address.packed:
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    h = ((h ^ net.prefixlen) * 16777619) & 0xFFFFFFFF
    return h % 4294967295 + 1


def _check(it):
    """Cheap self-check: no overlap among azure-prefixes."""
    nets = sorted(
        (ipaddress.ip_network(p) for p in it["azure-prefix"]),
        key=lambda x: (x.version, int(x.network_address), x.prefixlen),
    )
    for a, b in zip(nets, nets[1:]):
        if a.version == b.version and b.subnet_of(a):
            raise SystemExit("overlap: %s %s" % (a, b))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--format", choices=["block", "items"], default="block")
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    it = intent(a.n, a.seed)
    if a.check:
        _check(it)
    lines = block_lines(it) if a.format == "block" else item_lines(it)
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
