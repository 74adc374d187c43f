// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: the verifier's rules, pure. From a snapshot of the routing state
 * (zebra's selected routes, bgpd's best paths, neighbor states and what is
 * advertised to each Azure peer, the probe's dead tunnels), the verdict for an
 * azure-prefix, a gateway-subnet or an onprem-prefix. No I/O, no clock, no event
 * loop (FRR's library for prefixes): erpolicy_verify.c reads the state, fills the
 * snapshot and keeps the verdicts; tests/unit/test_verify.c walks the rules.
 *
 * Transport of a route: its next hops' (a vpn-neighbor or an
 * expressroute-neighbor); a route through another BGP speaker (an iBGP peer
 * relaying what its own tunnel or ExpressRoute link learned) by its best path's
 * local-preference, which only the policy's route-maps set to the intent's
 * values. Expected transport: vpn while a VPN path exists (a VPN neighbor of the
 * prefix's family is Established, or the route in use is a VPN path); otherwise
 * expressroute in prefer-vpn and none in require-encryption. Azure's return
 * path for an on-prem prefix: of the prefixes advertised to Established Azure
 * peers that cover it, the longest wins, and for an equal length ExpressRoute
 * wins over VPN.
 */
#ifndef _FRR_ERPOLICY_VERDICT_H_
#define _FRR_ERPOLICY_VERDICT_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "erpolicy_intent.h"

/* YANG: transport-type. */
enum erpolicy_transport {
	ERPOLICY_TRANSPORT_VPN = 0,
	ERPOLICY_TRANSPORT_EXPRESSROUTE,
	ERPOLICY_TRANSPORT_NONE,
	ERPOLICY_TRANSPORT_OTHER,
};
const char *erpolicy_transport_name(enum erpolicy_transport t);

/* YANG: prefix/status. */
enum erpolicy_status {
	ERPOLICY_STATUS_UNKNOWN = 0,
	ERPOLICY_STATUS_OK,
	ERPOLICY_STATUS_VIOLATION,
	ERPOLICY_STATUS_NO_ROUTE,
};
const char *erpolicy_status_name(enum erpolicy_status s);

/* Why a verdict is what it is (rendered by erpolicy_verdict_reason). */
enum erpolicy_reason {
	ERPOLICY_REASON_NONE = 0,
	ERPOLICY_REASON_TRANSPORT,   /* expected one transport, found another */
	ERPOLICY_REASON_LOCAL_PREF,  /* best path's local-preference is not the intent's */
	ERPOLICY_REASON_GW_ROUTED,   /* the tunnel endpoints are routed elsewhere */
	ERPOLICY_REASON_GW_UNPINNED, /* covered by an azure-prefix, no pin in the FIB */
	ERPOLICY_REASON_RETURN_PATH, /* Azure would return traffic another way */
	ERPOLICY_REASON_BGP_UNKNOWN, /* bgpd's best path not read yet */
};

/*
 * One row of `show expressroute-policy` (YANG: instance/prefix). Kept for the
 * life of the intent, in the order of the intent's lists (role, then prefix).
 * bgp_dirty, bgp_known, lp and best are also the snapshot's best path of an
 * azure-prefix: erpolicy_verify.c reads them from bgpd between passes.
 */
struct erpolicy_verdict {
	union erpolicy_prefix pfx;
	uint8_t role;	     /* enum erpolicy_item: azure-prefix, gateway-subnet, onprem-prefix */
	uint8_t expected;    /* enum erpolicy_transport */
	uint8_t actual;	     /* enum erpolicy_transport */
	uint8_t status;	     /* enum erpolicy_status */
	uint8_t reason;	     /* enum erpolicy_reason */
	uint8_t return_path; /* onprem-prefix: enum erpolicy_transport */
	bool pinned;	     /* gateway-subnet */
	/* azure-prefix: bgpd's best path, read when zebra's route changed (bgp_dirty). */
	bool bgp_dirty, bgp_known;
	uint32_t lp;
	union erpolicy_prefix best; /* best path's neighbor, or FIB next hop; family 0: none */
	union erpolicy_prefix via;  /* the route (or advertisement) the verdict rests on */
};

/* Render why; "" when there is nothing to say. in: the intent the verdict was made for. */
const char *erpolicy_verdict_reason(const struct erpolicy_intent *in,
				    const struct erpolicy_verdict *v, char *buf, size_t len);

/* A BGP neighbor named in the intent, as bgpd reports it (YANG: instance/neighbor). */
struct erpolicy_nbr_state {
	union erpolicy_prefix addr;
	bool vpn;	 /* else expressroute */
	bool configured; /* exists in router bgp */
	char state[24];	 /* bgpState, e.g. Established */
	char bfd[16];	 /* BFD status bgpd reports (Up, Down, ...); "" no BFD */
	const char *vrf; /* the instance's */
};

/* The session is Established. */
bool erpolicy_nbr_up(const struct erpolicy_nbr_state *nb);

/*
 * An expressroute-neighbor whose session bgpd runs without BFD: true and the
 * warning in buf. Microsoft runs BFD on private peering; without it a silent
 * loss of the link is found by the BGP hold timer only.
 */
bool erpolicy_nbr_bfd_warning(const struct erpolicy_nbr_state *nb, char *buf, size_t len);

/* One next hop of a route zebra selected. */
struct erpolicy_znh {
	union erpolicy_prefix gate; /* host prefix; family 0 when the next hop has no address */
	uint32_t ifindex;
	uint8_t type; /* zebra's enum nexthop_types_t (the rules do not read it) */
};

/* What made a route, as far as the rules care (zebra's ZEBRA_ROUTE_*, mapped). */
enum erpolicy_route_origin {
	ERPOLICY_ROUTE_OTHER = 0,
	ERPOLICY_ROUTE_CONNECTED,
	ERPOLICY_ROUTE_STATIC,
	ERPOLICY_ROUTE_BGP,
};

/* zebra's selected route for a prefix (installed in the FIB); pfx.family 0: no route. */
struct erpolicy_route {
	union erpolicy_prefix pfx;
	uint8_t origin; /* enum erpolicy_route_origin */
	uint32_t tag;
	size_t n_nh;
	const struct erpolicy_znh *nh;
};

/* What a pass knows about a neighbor of the intent beside bgpd's session state. */
struct erpolicy_nbr_facts {
	/* vpn-neighbor whose tunnel the probe found dead: it carries nothing, whatever BGP says */
	bool tunnel_dead;
	/* The route its address resolves over (longest match): an IPv6 neighbor on a connected
	 * prefix is the peer behind a link-local next hop on that interface. */
	struct erpolicy_route route;
	/* What bgpd advertises to it, read while its session is Established (any order). */
	const union erpolicy_prefix *adv;
	size_t n_adv;
};

/*
 * What one pass judges an instance by: the intent, and for each of its neighbors
 * (its expressroute-neighbors, then its vpn-neighbors, each in the order of its
 * list) bgpd's state and the facts above. The verdicts carry the best paths;
 * each verdict is given its route (erpolicy_verdict_route_key says which).
 */
struct erpolicy_snapshot {
	const struct erpolicy_intent *in;
	const struct erpolicy_nbr_state *nbrs;
	const struct erpolicy_nbr_facts *nbr;
	size_t n_nbrs;
	/* Derived by erpolicy_snapshot_sum. */
	bool vpn_up[2];			  /* [0] IPv4, [1] IPv6: a VPN path exists */
	enum erpolicy_transport fallback; /* expected without a VPN path (the mode's) */
};

/* Derive the snapshot's summary (call once the neighbors are in). */
void erpolicy_snapshot_sum(struct erpolicy_snapshot *s);

/*
 * What the rules read of the snapshot's neighbors, as bytes: for each, its
 * address, kind, whether its session is up (not the state's name: a peer that
 * is down alternates between Active and Connect), whether its tunnel is dead
 * and what bgpd advertises to it. Snapshots of the same intent with equal keys
 * judge every verdict alike for the same route; the neighbors' routes are left
 * out (they come from the route mirror, whose changes the caller hears of).
 * Writes the key into buf (len bytes) and returns its length; called with a
 * buffer too small (or NULL), it only returns the length needed.
 */
size_t erpolicy_snapshot_key(const struct erpolicy_snapshot *s, uint8_t *buf, size_t len);

/*
 * The route v is judged by, for the reader to look up in zebra's table: key, and
 * exact true for the route of exactly that prefix, false for the longest match
 * of the address. false when v needs none (an onprem-prefix).
 */
bool erpolicy_verdict_route_key(const struct erpolicy_verdict *v, union erpolicy_prefix *key,
				bool *exact);

/*
 * Judge v (expected, actual, status, reason, and per role best, via, pinned,
 * return_path) from the snapshot and route, zebra's route for v's key (NULL or
 * family 0: none).
 */
void erpolicy_verdict_judge(const struct erpolicy_snapshot *s, struct erpolicy_verdict *v,
			    const struct erpolicy_route *route);

#endif /* _FRR_ERPOLICY_VERDICT_H_ */
