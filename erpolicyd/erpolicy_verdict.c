// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd: the verifier's rules, from a snapshot to a verdict (see erpolicy_verdict.h). */
#include <zebra.h>

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "log.h"

#include "erpolicy_verdict.h"

static const struct message transport_names[] = {
	{ ERPOLICY_TRANSPORT_VPN, "vpn" },
	{ ERPOLICY_TRANSPORT_EXPRESSROUTE, "expressroute" },
	{ ERPOLICY_TRANSPORT_NONE, "none" },
	{ ERPOLICY_TRANSPORT_OTHER, "other" },
	{ 0 },
};

static const struct message status_names[] = {
	{ ERPOLICY_STATUS_UNKNOWN, "unknown" },
	{ ERPOLICY_STATUS_OK, "ok" },
	{ ERPOLICY_STATUS_VIOLATION, "violation" },
	{ ERPOLICY_STATUS_NO_ROUTE, "no-route" },
	{ 0 },
};

const char *erpolicy_transport_name(enum erpolicy_transport t)
{
	return lookup_msg(transport_names, t, "unknown");
}

const char *erpolicy_status_name(enum erpolicy_status s)
{
	return lookup_msg(status_names, s, "unknown");
}

const char *erpolicy_verdict_reason(const struct erpolicy_intent *in,
				    const struct erpolicy_verdict *v, char *buf, size_t len)
{
	char via[64] = "no route";

	if (v->via.family)
		erpolicy_prefix_str(&v->via, false, via, sizeof(via));
	switch ((enum erpolicy_reason)v->reason) {
	case ERPOLICY_REASON_NONE:
		buf[0] = '\0';
		break;
	case ERPOLICY_REASON_TRANSPORT:
		if (v->actual == ERPOLICY_TRANSPORT_NONE)
			snprintf(buf, len, "expected %s, traffic goes nowhere (no route)",
				 erpolicy_transport_name(v->expected));
		else
			snprintf(buf, len, "expected %s, traffic goes over %s",
				 erpolicy_transport_name(v->expected),
				 erpolicy_transport_name(v->actual));
		break;
	case ERPOLICY_REASON_LOCAL_PREF:
		snprintf(buf, len, "local-preference %u, intent says %u", v->lp,
			 v->actual == ERPOLICY_TRANSPORT_VPN ? in->lp_vpn : in->lp_er);
		break;
	case ERPOLICY_REASON_GW_ROUTED:
		if (v->actual == ERPOLICY_TRANSPORT_NONE)
			snprintf(buf, len, "tunnel endpoints routed nowhere (no route)");
		else
			snprintf(buf, len, "tunnel endpoints routed over %s (%s)",
				 erpolicy_transport_name(v->actual), via);
		break;
	case ERPOLICY_REASON_GW_UNPINNED:
		snprintf(buf, len, "covered by an azure-prefix but not pinned");
		break;
	case ERPOLICY_REASON_RETURN_PATH:
		snprintf(buf, len, "Azure would return traffic over %s%s%s%s%s",
			 erpolicy_transport_name(v->return_path), v->via.family ? " (" : "",
			 v->via.family ? via : "", v->via.family ? " advertised)" : "",
			 v->return_path == ERPOLICY_TRANSPORT_EXPRESSROUTE &&
					 v->expected == ERPOLICY_TRANSPORT_VPN
				 ? ": asymmetric"
				 : "");
		break;
	case ERPOLICY_REASON_BGP_UNKNOWN:
		snprintf(buf, len, "bgpd's best path not read yet");
		break;
	}
	return buf;
}

bool erpolicy_nbr_up(const struct erpolicy_nbr_state *nb)
{
	return strcmp(nb->state, "Established") == 0;
}

bool erpolicy_nbr_bfd_warning(const struct erpolicy_nbr_state *nb, char *buf, size_t len)
{
	char abuf[64];

	if (nb->vpn || !nb->configured || nb->bfd[0])
		return false;
	snprintf(buf, len,
		 "expressroute-neighbor %s has no BFD: a silent loss of its link is found by the BGP hold timer only",
		 erpolicy_prefix_str(&nb->addr, true, abuf, sizeof(abuf)));
	return true;
}

/* Append n bytes at *at when they fit in buf's len; *at counts them either way. */
static void key_put(uint8_t *buf, size_t len, size_t *at, const void *v, size_t n)
{
	if (buf && *at + n <= len)
		memcpy(buf + *at, v, n);
	*at += n;
}

size_t erpolicy_snapshot_key(const struct erpolicy_snapshot *s, uint8_t *buf, size_t len)
{
	size_t at = 0;

	for (size_t k = 0; k < s->n_nbrs; k++) {
		const struct erpolicy_nbr_state *nb = &s->nbrs[k];
		const struct erpolicy_nbr_facts *f = &s->nbr[k];
		uint8_t flags = (nb->vpn ? 1 : 0) | (erpolicy_nbr_up(nb) ? 2 : 0) |
				(f->tunnel_dead ? 4 : 0);

		key_put(buf, len, &at, &nb->addr, sizeof(nb->addr));
		key_put(buf, len, &at, &flags, sizeof(flags));
		key_put(buf, len, &at, &f->n_adv, sizeof(f->n_adv));
		if (f->n_adv)
			key_put(buf, len, &at, f->adv, f->n_adv * sizeof(*f->adv));
	}
	return at;
}

void erpolicy_snapshot_sum(struct erpolicy_snapshot *s)
{
	s->fallback = s->in->mode == ERPOLICY_MODE_PREFER_VPN ? ERPOLICY_TRANSPORT_EXPRESSROUTE
							      : ERPOLICY_TRANSPORT_NONE;
	s->vpn_up[0] = s->vpn_up[1] = false;
	for (size_t k = 0; k < s->n_nbrs; k++) {
		const struct erpolicy_nbr_state *nb = &s->nbrs[k];

		if (nb->vpn && erpolicy_nbr_up(nb) && !s->nbr[k].tunnel_dead)
			s->vpn_up[nb->addr.family == AF_INET6] = true;
	}
}

/* Which kind of Azure peer an address (a next hop or a neighbor) is. */
static enum erpolicy_transport addr_transport(const struct erpolicy_intent *in,
					      const union erpolicy_prefix *p)
{
	if (!p->family)
		return ERPOLICY_TRANSPORT_OTHER;
	if (erpolicy_list_index(&in->items[ERPOLICY_ITEM_VPN_NEIGHBOR], p) >= 0)
		return ERPOLICY_TRANSPORT_VPN;
	if (erpolicy_list_index(&in->items[ERPOLICY_ITEM_ER_NEIGHBOR], p) >= 0)
		return ERPOLICY_TRANSPORT_EXPRESSROUTE;
	return ERPOLICY_TRANSPORT_OTHER;
}

static bool link_local(const union erpolicy_prefix *p)
{
	return p->family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&p->u.prefix6);
}

/*
 * The Azure peer of the intent behind a next hop. A neighbor address is itself.
 * An IPv6 link-local one (bgpd installs an eBGP peer's routes via its link-local
 * address when they share a link) is the one IPv6 neighbor of the intent whose
 * address is on a connected prefix of that interface; none when no neighbor or
 * more than one is (then only bgpd's best path tells).
 */
static const union erpolicy_prefix *nh_peer(const struct erpolicy_snapshot *s,
					    const struct erpolicy_znh *nh)
{
	const union erpolicy_prefix *peer = NULL;

	if (!link_local(&nh->gate))
		return nh->gate.family ? &nh->gate : NULL;
	if (!nh->ifindex)
		return NULL;
	for (size_t k = 0; k < s->n_nbrs; k++) {
		const struct erpolicy_route *r = &s->nbr[k].route;
		bool on_link = false;

		if (s->nbrs[k].addr.family != AF_INET6)
			continue;
		if (!r->pfx.family || r->origin != ERPOLICY_ROUTE_CONNECTED)
			continue;
		for (size_t j = 0; j < r->n_nh && !on_link; j++)
			on_link = r->nh[j].ifindex == nh->ifindex;
		if (!on_link)
			continue;
		if (peer)
			return NULL;
		peer = &s->nbrs[k].addr;
	}
	return peer;
}

static enum erpolicy_transport nh_transport(const struct erpolicy_snapshot *s,
					    const struct erpolicy_znh *nh)
{
	const union erpolicy_prefix *peer = nh_peer(s, nh);

	return peer ? addr_transport(s->in, peer) : ERPOLICY_TRANSPORT_OTHER;
}

/* What to show as a route's best-path neighbor while bgpd's is not known. */
static union erpolicy_prefix route_peer(const struct erpolicy_snapshot *s,
					const struct erpolicy_route *r)
{
	const union erpolicy_prefix *peer;
	union erpolicy_prefix none = {};

	if (!r || !r->n_nh)
		return none;
	peer = nh_peer(s, &r->nh[0]);
	return peer ? *peer : r->nh[0].gate;
}

/*
 * Transport of a route from its next hops: vpn or expressroute when every next
 * hop is that kind of Azure peer; expressroute as soon as one is (part of the
 * traffic leaves unencrypted); other otherwise (connected, blackhole, a next
 * hop that is no Azure peer of the intent).
 */
static enum erpolicy_transport route_transport(const struct erpolicy_snapshot *s,
					       const struct erpolicy_route *r)
{
	bool vpn = false, er = false, other = false;

	if (!r)
		return ERPOLICY_TRANSPORT_NONE;
	for (size_t i = 0; i < r->n_nh; i++) {
		switch (nh_transport(s, &r->nh[i])) {
		case ERPOLICY_TRANSPORT_VPN:
			vpn = true;
			break;
		case ERPOLICY_TRANSPORT_EXPRESSROUTE:
			er = true;
			break;
		case ERPOLICY_TRANSPORT_NONE:
		case ERPOLICY_TRANSPORT_OTHER:
			other = true;
			break;
		}
	}
	if (er)
		return ERPOLICY_TRANSPORT_EXPRESSROUTE;
	if (vpn && !other)
		return ERPOLICY_TRANSPORT_VPN;
	return ERPOLICY_TRANSPORT_OTHER;
}

/*
 * Azure's return path for an on-prem prefix, from what each kind of peer gets
 * while Established: the longest prefix covering it; ExpressRoute (looked at
 * first) wins a tie.
 */
static enum erpolicy_transport return_path(const struct erpolicy_snapshot *s,
					   const union erpolicy_prefix *o,
					   union erpolicy_prefix *via)
{
	int best_len = -1;
	enum erpolicy_transport best = ERPOLICY_TRANSPORT_NONE;

	memset(via, 0, sizeof(*via));
	for (int vpn = 0; vpn < 2; vpn++) {
		for (size_t k = 0; k < s->n_nbrs; k++) {
			const struct erpolicy_nbr_facts *f = &s->nbr[k];

			if (s->nbrs[k].vpn != vpn || !erpolicy_nbr_up(&s->nbrs[k]))
				continue;
			for (size_t i = 0; i < f->n_adv; i++) {
				if (!erpolicy_prefix_match(&f->adv[i], o))
					continue;
				if (f->adv[i].prefixlen > best_len) {
					best_len = f->adv[i].prefixlen;
					best = vpn ? ERPOLICY_TRANSPORT_VPN
						   : ERPOLICY_TRANSPORT_EXPRESSROUTE;
					*via = f->adv[i];
				}
			}
		}
	}
	return best;
}

/* ok / no-route when the transport found is the one expected, else a violation. */
static void verdict_status(struct erpolicy_verdict *v, enum erpolicy_reason why)
{
	if (v->actual == v->expected) {
		v->status = v->actual == ERPOLICY_TRANSPORT_NONE ? ERPOLICY_STATUS_NO_ROUTE
								 : ERPOLICY_STATUS_OK;
		v->reason = ERPOLICY_REASON_NONE;
	} else {
		v->status = ERPOLICY_STATUS_VIOLATION;
		v->reason = why;
	}
}

static void judge_azure(const struct erpolicy_snapshot *s, struct erpolicy_verdict *v,
			const struct erpolicy_route *r)
{
	const struct erpolicy_intent *in = s->in;
	bool vpn_up = s->vpn_up[v->pfx.family == AF_INET6];
	/* bgpd's best path, when it was read since zebra's route last changed */
	bool bgp = v->bgp_known && !v->bgp_dirty;
	bool via_bgp = r && r->origin == ERPOLICY_ROUTE_BGP;

	v->actual = route_transport(s, r);
	memset(&v->via, 0, sizeof(v->via));
	if (r)
		v->via = r->pfx;
	if (!bgp) {
		v->lp = 0;
		v->best = route_peer(s, r);
	}
	if (v->actual == ERPOLICY_TRANSPORT_OTHER && via_bgp) {
		/* Through another BGP speaker: what its best path says. */
		if (!bgp) {
			v->expected = vpn_up ? ERPOLICY_TRANSPORT_VPN : s->fallback;
			v->status = ERPOLICY_STATUS_UNKNOWN;
			v->reason = ERPOLICY_REASON_BGP_UNKNOWN;
			return;
		}
		v->actual = addr_transport(in, &v->best);
		if (v->actual == ERPOLICY_TRANSPORT_OTHER && v->lp == in->lp_vpn)
			v->actual = ERPOLICY_TRANSPORT_VPN;
		else if (v->actual == ERPOLICY_TRANSPORT_OTHER && v->lp == in->lp_er)
			v->actual = ERPOLICY_TRANSPORT_EXPRESSROUTE;
	}

	v->expected = vpn_up || v->actual == ERPOLICY_TRANSPORT_VPN ? ERPOLICY_TRANSPORT_VPN
								    : s->fallback;
	verdict_status(v, ERPOLICY_REASON_TRANSPORT);
	/* The local-preference, once bgpd's best path is known for the current route. */
	if (v->status == ERPOLICY_STATUS_OK && bgp && via_bgp &&
	    v->lp != (v->actual == ERPOLICY_TRANSPORT_VPN ? in->lp_vpn : in->lp_er)) {
		v->status = ERPOLICY_STATUS_VIOLATION;
		v->reason = ERPOLICY_REASON_LOCAL_PREF;
	}
}

static void judge_gateway_subnet(const struct erpolicy_snapshot *s, struct erpolicy_verdict *v,
				 const struct erpolicy_route *r)
{
	const struct erpolicy_list *az = &s->in->items[ERPOLICY_ITEM_AZURE_PREFIX];
	bool covered = false;

	for (size_t a = 0; a < az->n && !covered; a++)
		covered = erpolicy_prefix_match(&az->v[a], &v->pfx);
	v->expected = ERPOLICY_TRANSPORT_EXPRESSROUTE;
	v->actual = route_transport(s, r);
	memset(&v->via, 0, sizeof(v->via));
	v->best = route_peer(s, r);
	if (r)
		v->via = r->pfx;
	v->pinned = r && erpolicy_prefix_cmp(&r->pfx, &v->pfx) == 0 &&
		    r->origin == ERPOLICY_ROUTE_STATIC && r->tag == ERPOLICY_PIN_TAG &&
		    v->actual == ERPOLICY_TRANSPORT_EXPRESSROUTE;
	/* Expected is never none: a GatewaySubnet without a route is a violation. */
	verdict_status(v, ERPOLICY_REASON_GW_ROUTED);
	if (v->status == ERPOLICY_STATUS_OK && covered && !v->pinned) {
		v->status = ERPOLICY_STATUS_VIOLATION;
		v->reason = ERPOLICY_REASON_GW_UNPINNED;
	}
}

static void judge_onprem(const struct erpolicy_snapshot *s, struct erpolicy_verdict *v)
{
	v->expected = s->vpn_up[v->pfx.family == AF_INET6] ? ERPOLICY_TRANSPORT_VPN : s->fallback;
	v->return_path = return_path(s, &v->pfx, &v->via);
	v->actual = v->return_path;
	verdict_status(v, ERPOLICY_REASON_RETURN_PATH);
}

bool erpolicy_verdict_route_key(const struct erpolicy_verdict *v, union erpolicy_prefix *key,
				bool *exact)
{
	/* An on-prem prefix is judged by its return path, not by a route. */
	if (v->role != ERPOLICY_ITEM_AZURE_PREFIX && v->role != ERPOLICY_ITEM_GATEWAY_SUBNET)
		return false;
	/*
	 * An azure-prefix: the route for exactly the prefix. A GatewaySubnet: the
	 * route its tunnel endpoints use, the longest match of a host in it.
	 */
	*key = v->pfx;
	*exact = v->role == ERPOLICY_ITEM_AZURE_PREFIX;
	if (!*exact)
		key->prefixlen = v->pfx.family == AF_INET6 ? IPV6_MAX_BITLEN : IPV4_MAX_BITLEN;
	return true;
}

void erpolicy_verdict_judge(const struct erpolicy_snapshot *s, struct erpolicy_verdict *v,
			    const struct erpolicy_route *route)
{
	if (route && !route->pfx.family)
		route = NULL;
	switch ((enum erpolicy_item)v->role) {
	case ERPOLICY_ITEM_AZURE_PREFIX:
		judge_azure(s, v, route);
		break;
	case ERPOLICY_ITEM_GATEWAY_SUBNET:
		judge_gateway_subnet(s, v, route);
		break;
	case ERPOLICY_ITEM_ONPREM_PREFIX:
		judge_onprem(s, v);
		break;
	case ERPOLICY_ITEM_ER_NEIGHBOR:
	case ERPOLICY_ITEM_VPN_NEIGHBOR:
	case ERPOLICY_ITEM_TUNNEL_ENDPOINT:
	case ERPOLICY_ITEM_ER_FALLBACK:
	case ERPOLICY_ITEM_MAX:
		break;
	}
}
