// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd compiler: intent -> plan of FRR objects (pure, deterministic, no I/O). */

#include <zebra.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "erpolicy_compile.h"
#include "erpolicy_memory.h"

DEFINE_MTYPE_STATIC(ERPOLICYD, ERPOLICY_PLAN, "ExpressRoute policy plan");

/*
 * The policy (DESIGN section 1) lives in the three tables below and nowhere else:
 * which prefix-lists exist, which route-map entries match them, and which
 * neighbors get which route-maps. Everything after the tables is mechanism.
 */

enum erpolicy_pl_role {
	PL_GWSUBNET = 0,
	PL_AZURE,
	PL_TUNNEL_EP,
	PL_ONPREM,
	PL_FALLBACK,
	PL_MAX,
};

static const struct erpolicy_pl_rule {
	const char *role;
	enum erpolicy_item item;
	bool or_longer;	      /* "le 32/128": the prefix and anything inside it */
	bool prefer_vpn_only; /* emitted in prefer-vpn mode only */
} erpolicy_pl_rules[PL_MAX] = {
	[PL_GWSUBNET] = { "GWSUBNET", ERPOLICY_ITEM_GATEWAY_SUBNET, true, false },
	[PL_AZURE] = { "AZURE", ERPOLICY_ITEM_AZURE_PREFIX, true, false },
	[PL_TUNNEL_EP] = { "TUNNEL-EP", ERPOLICY_ITEM_TUNNEL_ENDPOINT, false, false },
	[PL_ONPREM] = { "ONPREM", ERPOLICY_ITEM_ONPREM_PREFIX, false, false },
	[PL_FALLBACK] = { "FALLBACK", ERPOLICY_ITEM_ER_FALLBACK, false, true },
};

enum erpolicy_rm_role {
	RM_VPN_IN = 0,
	RM_ER_IN,
	RM_ER_OUT,
	RM_VPN_OUT,
	RM_VPN_DOWN,
	RM_MAX,
};

static const char *const erpolicy_rm_roles[RM_MAX] = {
	[RM_VPN_IN] = "VPN-IN",
	[RM_ER_IN] = "ER-IN",
	[RM_ER_OUT] = "ER-OUT",
	[RM_VPN_OUT] = "VPN-OUT",
	/* inbound on a vpn-neighbor whose tunnel the probe found dead: nothing */
	[RM_VPN_DOWN] = "VPN-DOWN",
};

enum erpolicy_lp_src {
	LP_NONE = 0,
	LP_VPN,
	LP_ER,
};

/*
 * Route-map entries. An entry whose prefix-list is absent (no items of that AFI) is
 * omitted. A bound route-map left with no entry gets a bare "deny 10" so the neighbor
 * gets nothing (default deny, RFC 8212 spirit).
 */
static const struct erpolicy_rm_rule {
	enum erpolicy_rm_role rmap;
	uint32_t seq;
	bool permit;
	enum erpolicy_pl_role match;
	enum erpolicy_lp_src lp;
	bool prefer_vpn_only;
} erpolicy_rm_rules[] = {
	/* never learn the GatewaySubnet over the tunnel; prefer Azure space via VPN */
	{ RM_VPN_IN, 10, false, PL_GWSUBNET, LP_NONE, false },
	{ RM_VPN_IN, 20, true, PL_AZURE, LP_VPN, false },
	/* GatewaySubnet always via ExpressRoute; Azure space as fallback only */
	{ RM_ER_IN, 10, true, PL_GWSUBNET, LP_NONE, false },
	{ RM_ER_IN, 20, true, PL_AZURE, LP_ER, true },
	/* ExpressRoute carries the tunnel endpoints and the less-specific fallback */
	{ RM_ER_OUT, 10, true, PL_TUNNEL_EP, LP_NONE, false },
	{ RM_ER_OUT, 20, true, PL_FALLBACK, LP_NONE, true },
	/* the tunnel carries on-prem data, never the tunnel endpoints */
	{ RM_VPN_OUT, 10, false, PL_TUNNEL_EP, LP_NONE, false },
	{ RM_VPN_OUT, 20, true, PL_ONPREM, LP_NONE, false },
};

#define ERPOLICY_RM_DEFAULT_DENY_SEQ 10

static const struct erpolicy_bind_rule {
	enum erpolicy_item nbr;
	enum erpolicy_rm_role in, out;
} erpolicy_bind_rules[] = {
	{ ERPOLICY_ITEM_ER_NEIGHBOR, RM_ER_IN, RM_ER_OUT },
	{ ERPOLICY_ITEM_VPN_NEIGHBOR, RM_VPN_IN, RM_VPN_OUT },
};


/* ------------------------------------------------------------------ */

/* A plan's array of n elements, zeroed (room for one at least: never NULL). */
static void *plan_array(size_t n, size_t size)
{
	return XCALLOC(MTYPE_ERPOLICY_PLAN, (n ? n : 1) * size);
}

static uint8_t afi_family(enum erpolicy_afi afi)
{
	return afi == ERPOLICY_AFI_V6 ? AF_INET6 : AF_INET;
}

static enum erpolicy_afi family_afi(uint8_t family)
{
	return family == AF_INET6 ? ERPOLICY_AFI_V6 : ERPOLICY_AFI_V4;
}

static bool vrf_is_default(const char *vrf)
{
	return !vrf || !*vrf || strcmp(vrf, "default") == 0;
}

void erpolicy_object_name(char *buf, size_t len, const char *vrf, const char *role,
			  enum erpolicy_afi afi)
{
	bool dflt = vrf_is_default(vrf);

	snprintf(buf, len, "%s-%s-%s%s%s", ERPOLICY_OWNER_TAG, role,
		 afi == ERPOLICY_AFI_V6 ? "V6" : "V4", dflt ? "" : "-VRF-", dflt ? "" : vrf);
}

/* ------------------------------------------------------------------ */
/* Stable prefix-list sequence numbers                                  */

/*
 * 32-bit FNV-1a over (4 or 6, address bytes, length), mapped into 1..4294967295.
 * The family is hashed as 4/6, not AF_*, so numbers are the same on every platform.
 */
static uint32_t pfx_seq_hash(const union erpolicy_prefix *p)
{
	unsigned int alen = p->family == AF_INET6 ? 16 : 4;
	uint32_t h = 2166136261u;

	h = (h ^ (p->family == AF_INET6 ? 6u : 4u)) * 16777619u;
	for (unsigned int i = 0; i < alen; i++)
		h = (h ^ p->u.val[i]) * 16777619u;
	h = (h ^ p->prefixlen) * 16777619u;
	return h % 4294967295u + 1;
}

/* Open-addressing set of used sequence numbers (0 marks an empty slot). */
struct seqset {
	uint32_t *slot;
	size_t mask;
};

static size_t seqset_pos(const struct seqset *s, uint32_t seq)
{
	/* the product wraps in 32 bits, by design */
	return (size_t)(uint32_t)(seq * 2654435761u) & s->mask;
}

static bool seqset_has(const struct seqset *s, uint32_t seq)
{
	for (size_t i = seqset_pos(s, seq);; i = (i + 1) & s->mask) {
		if (s->slot[i] == seq)
			return true;
		if (s->slot[i] == 0)
			return false;
	}
}

static void seqset_add(struct seqset *s, uint32_t seq)
{
	size_t i = seqset_pos(s, seq);

	while (s->slot[i])
		i = (i + 1) & s->mask;
	s->slot[i] = seq;
}

static int seq_key_cmp(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/*
 * Entries arrive in sorted-prefix order; each takes its hash, or on a collision the
 * next free number (linear probing, in that order). Then they are sorted by seq:
 * through keys "seq << 32 | index", which sort faster than the entries themselves
 * (8 bytes to move instead of 32), the numbers being unique.
 */
static void plist_assign_seqs(struct erpolicy_plist *pl)
{
	struct erpolicy_plist_entry *sorted;
	struct seqset s = {};
	uint64_t *key;
	size_t cap = 16;

	while (cap < pl->n * 2)
		cap *= 2;
	s.slot = XCALLOC(MTYPE_TMP, cap * sizeof(*s.slot));
	s.mask = cap - 1;
	for (size_t i = 0; i < pl->n; i++) {
		uint32_t seq = pfx_seq_hash(&pl->e[i].pfx);

		while (seqset_has(&s, seq))
			seq = seq == UINT32_MAX ? 1 : seq + 1;
		seqset_add(&s, seq);
		pl->e[i].seq = seq;
	}
	XFREE(MTYPE_TMP, s.slot);

	key = XMALLOC(MTYPE_TMP, (pl->n ? pl->n : 1) * sizeof(*key));
	for (size_t i = 0; i < pl->n; i++)
		key[i] = (uint64_t)pl->e[i].seq << 32 | i;
	qsort(key, pl->n, sizeof(*key), seq_key_cmp);
	sorted = plan_array(pl->n, sizeof(*sorted));
	for (size_t i = 0; i < pl->n; i++)
		sorted[i] = pl->e[key[i] & UINT32_MAX];
	XFREE(MTYPE_TMP, key);
	XFREE(MTYPE_ERPOLICY_PLAN, pl->e);
	pl->e = sorted;
}

/* ------------------------------------------------------------------ */
/* Plan assembly                                                        */

struct erpolicy_cstate {
	const struct erpolicy_intent *in;
	const struct erpolicy_list *vpn_down; /* NULL: none */
	struct erpolicy_plan *plan;
	/* the prefix-list built for (afi, role), or "" if absent */
	char pl_names[ERPOLICY_AFI_MAX][PL_MAX][ERPOLICY_OBJ_NAMSIZ];
};

size_t erpolicy_compile_count_family(const struct erpolicy_list *l, uint8_t family)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].family == family)
			n++;
	return n;
}

static void build_plists(struct erpolicy_cstate *cs)
{
	struct erpolicy_plan *plan = cs->plan;

	plan->plists = plan_array((size_t)ERPOLICY_AFI_MAX * PL_MAX, sizeof(*plan->plists));
	for (int afi = 0; afi < ERPOLICY_AFI_MAX; afi++) {
		uint8_t family = afi_family(afi);

		for (int r = 0; r < PL_MAX; r++) {
			const struct erpolicy_pl_rule *rule = &erpolicy_pl_rules[r];
			const struct erpolicy_list *l = &cs->in->items[rule->item];
			size_t n = erpolicy_compile_count_family(l, family);
			struct erpolicy_plist *pl;

			if (!n ||
			    (rule->prefer_vpn_only && cs->in->mode != ERPOLICY_MODE_PREFER_VPN))
				continue;
			pl = &plan->plists[plan->n_plists++];
			erpolicy_object_name(pl->name, sizeof(pl->name), cs->in->vrf, rule->role,
					     afi);
			snprintf(cs->pl_names[afi][r], sizeof(cs->pl_names[afi][r]), "%s",
				 pl->name);
			pl->afi = afi;
			pl->e = plan_array(n, sizeof(*pl->e));
			for (size_t i = 0; i < l->n; i++) {
				struct erpolicy_plist_entry *e;
				uint8_t max = family == AF_INET6 ? 128 : 32;

				if (l->v[i].family != family)
					continue;
				e = &pl->e[pl->n++];
				e->permit = true;
				e->pfx = l->v[i];
				/* "le" equal to the length is the same as an exact match */
				e->le = rule->or_longer && l->v[i].prefixlen < max ? max : 0;
			}
			plist_assign_seqs(pl);
		}
	}
}

static bool rmap_bound(const struct erpolicy_cstate *cs, enum erpolicy_afi afi,
		       enum erpolicy_rm_role rm)
{
	for (size_t b = 0; b < array_size(erpolicy_bind_rules); b++) {
		const struct erpolicy_bind_rule *br = &erpolicy_bind_rules[b];

		if (br->in != rm && br->out != rm)
			continue;
		if (erpolicy_compile_count_family(&cs->in->items[br->nbr], afi_family(afi)))
			return true;
	}
	return false;
}

static void build_rmaps(struct erpolicy_cstate *cs)
{
	struct erpolicy_plan *plan = cs->plan;
	const struct erpolicy_intent *in = cs->in;

	plan->rmaps = plan_array((size_t)ERPOLICY_AFI_MAX * RM_MAX, sizeof(*plan->rmaps));
	for (int afi = 0; afi < ERPOLICY_AFI_MAX; afi++) {
		for (int rm = 0; rm < RM_MAX; rm++) {
			struct erpolicy_rmap *r = &plan->rmaps[plan->n_rmaps];

			memset(r, 0, sizeof(*r));
			for (size_t i = 0; i < array_size(erpolicy_rm_rules); i++) {
				const struct erpolicy_rm_rule *rule = &erpolicy_rm_rules[i];
				struct erpolicy_rmap_entry *e;

				if (rule->rmap != (enum erpolicy_rm_role)rm)
					continue;
				if (rule->prefer_vpn_only && in->mode != ERPOLICY_MODE_PREFER_VPN)
					continue;
				if (!cs->pl_names[afi][rule->match][0])
					continue;
				if (r->n >= ERPOLICY_RMAP_MAX_ENTRIES)
					abort();
				e = &r->e[r->n++];
				e->seq = rule->seq;
				e->permit = rule->permit;
				snprintf(e->match_plist, sizeof(e->match_plist), "%s",
					 cs->pl_names[afi][rule->match]);
				e->set_lp = rule->lp != LP_NONE;
				e->lp = rule->lp == LP_VPN  ? in->lp_vpn
					: rule->lp == LP_ER ? in->lp_er
							    : 0;
			}
			if (rm == RM_VPN_DOWN &&
			    (!in->probe.enabled ||
			     !erpolicy_compile_count_family(&in->items[ERPOLICY_ITEM_VPN_NEIGHBOR],
							    afi_family(afi))))
				continue;
			if (!r->n) {
				if (rm != RM_VPN_DOWN && !rmap_bound(cs, afi, rm))
					continue;
				r->e[0].seq = ERPOLICY_RM_DEFAULT_DENY_SEQ;
				r->e[0].permit = false;
				r->n = 1;
			}
			erpolicy_object_name(r->name, sizeof(r->name), in->vrf,
					     erpolicy_rm_roles[rm], afi);
			r->afi = afi;
			plan->n_rmaps++;
		}
	}
}

/* The order of what is set on a neighbor: address family, neighbor, in before out. */
static int nbr_dir_cmp(enum erpolicy_afi afi1, const union erpolicy_prefix *nbr1, bool out1,
		       enum erpolicy_afi afi2, const union erpolicy_prefix *nbr2, bool out2)
{
	int r;

	if (afi1 != afi2)
		return afi1 < afi2 ? -1 : 1;
	r = erpolicy_prefix_cmp(nbr1, nbr2);
	if (r)
		return r;
	return out1 == out2 ? 0 : out1 ? 1 : -1;
}

static int binding_cmp(const void *a, const void *b)
{
	const struct erpolicy_binding *x = a, *y = b;
	int r = nbr_dir_cmp(x->afi, &x->nbr, x->out, y->afi, &y->nbr, y->out);

	return r ? r : strcmp(x->rmap, y->rmap);
}

/* A vpn-neighbor the probe found dead (probing on) gets RM_VPN_DOWN inbound. */
static bool nbr_down(const struct erpolicy_cstate *cs, const struct erpolicy_bind_rule *br,
		     const union erpolicy_prefix *nbr)
{
	if (br->nbr != ERPOLICY_ITEM_VPN_NEIGHBOR || !cs->in->probe.enabled || !cs->vpn_down)
		return false;
	for (size_t i = 0; i < cs->vpn_down->n; i++)
		if (erpolicy_prefix_cmp(&cs->vpn_down->v[i], nbr) == 0)
			return true;
	return false;
}

static void build_bindings(struct erpolicy_cstate *cs)
{
	struct erpolicy_plan *plan = cs->plan;
	size_t total = 0;

	for (size_t b = 0; b < array_size(erpolicy_bind_rules); b++)
		total += cs->in->items[erpolicy_bind_rules[b].nbr].n * 2;
	plan->bindings = plan_array(total, sizeof(*plan->bindings));

	for (size_t b = 0; b < array_size(erpolicy_bind_rules); b++) {
		const struct erpolicy_bind_rule *br = &erpolicy_bind_rules[b];
		const struct erpolicy_list *l = &cs->in->items[br->nbr];

		for (size_t i = 0; i < l->n; i++) {
			for (int out = 0; out <= 1; out++) {
				struct erpolicy_binding *bd = &plan->bindings[plan->n_bindings++];

				bd->nbr = l->v[i];
				bd->afi = family_afi(l->v[i].family);
				bd->out = out;
				erpolicy_object_name(bd->rmap, sizeof(bd->rmap), cs->in->vrf,
						     erpolicy_rm_roles[out ? br->out
								       : nbr_down(cs, br, &l->v[i])
									       ? RM_VPN_DOWN
									       : br->in],
						     bd->afi);
			}
		}
	}
	qsort(plan->bindings, plan->n_bindings, sizeof(*plan->bindings), binding_cmp);
}

static void add_warning(struct erpolicy_plan *plan, const char *text)
{
	plan->warnings = XREALLOC(MTYPE_ERPOLICY_PLAN, plan->warnings,
				  (plan->n_warnings + 1) * sizeof(char *));
	plan->warnings[plan->n_warnings] = XSTRDUP(MTYPE_ERPOLICY_PLAN, text);
	plan->n_warnings++;
}

static int maxpfx_cmp(const void *a, const void *b)
{
	const struct erpolicy_maxpfx *x = a, *y = b;
	int r = nbr_dir_cmp(x->afi, &x->nbr, x->out, y->afi, &y->nbr, y->out);

	return r ? r : (int)x->soft_in - (int)y->soft_in;
}

/* Maximum-prefix protection: for each Azure neighbor, in its address family. */
static void build_maxpfx(struct erpolicy_cstate *cs)
{
	static const enum erpolicy_item kind_items[ERPOLICY_PEER_KIND_MAX] = {
		[ERPOLICY_PEER_EXPRESSROUTE] = ERPOLICY_ITEM_ER_NEIGHBOR,
		[ERPOLICY_PEER_VPN] = ERPOLICY_ITEM_VPN_NEIGHBOR,
	};
	const struct erpolicy_intent *in = cs->in;
	struct erpolicy_plan *plan = cs->plan;
	size_t total = 0;
	bool any_in = false;

	for (int k = 0; k < ERPOLICY_PEER_KIND_MAX; k++)
		total += in->items[kind_items[k]].n * ERPOLICY_DIR_MAX;
	total += in->items[ERPOLICY_ITEM_VPN_NEIGHBOR].n;
	plan->maxpfx = plan_array(total, sizeof(*plan->maxpfx));
	/*
	 * A probed vpn-neighbor keeps what it sent (soft-reconfiguration inbound): the
	 * route-map swap on a dead tunnel is applied from that copy, since a route
	 * refresh would have to cross the dead tunnel.
	 */
	for (size_t i = 0; in->probe.enabled && i < in->items[ERPOLICY_ITEM_VPN_NEIGHBOR].n; i++) {
		struct erpolicy_maxpfx *m = &plan->maxpfx[plan->n_maxpfx++];

		m->nbr = in->items[ERPOLICY_ITEM_VPN_NEIGHBOR].v[i];
		m->afi = family_afi(m->nbr.family);
		m->soft_in = true;
	}
	for (int k = 0; k < ERPOLICY_PEER_KIND_MAX; k++) {
		const struct erpolicy_list *l = &in->items[kind_items[k]];

		for (int d = 0; d < ERPOLICY_DIR_MAX; d++) {
			if (!in->maxpfx[k][d])
				continue;
			any_in |= d == ERPOLICY_DIR_IN;
			for (size_t i = 0; i < l->n; i++) {
				struct erpolicy_maxpfx *m = &plan->maxpfx[plan->n_maxpfx++];

				m->nbr = l->v[i];
				m->afi = family_afi(l->v[i].family);
				m->out = d == ERPOLICY_DIR_OUT;
				m->limit = in->maxpfx[k][d];
				m->restart = m->out ? 0 : in->maxpfx_restart;
			}
		}
	}
	qsort(plan->maxpfx, plan->n_maxpfx, sizeof(*plan->maxpfx), maxpfx_cmp);
	if (in->maxpfx_restart && !any_in)
		add_warning(plan,
			    "maximum-prefix restart has no effect without a maximum-prefix ... in limit");
}

static int pin_cmp(const void *a, const void *b)
{
	const struct erpolicy_pin *x = a, *y = b;
	int r = erpolicy_prefix_cmp(&x->pfx, &y->pfx);

	return r ? r : erpolicy_prefix_cmp(&x->nh, &y->nh);
}

/*
 * A GatewaySubnet covered by an azure-prefix (which is preferred over the VPN) needs a
 * more-specific route via the ExpressRoute next hops, or IKE/ESP would recurse into
 * the tunnel.
 */
static void build_pins(struct erpolicy_cstate *cs)
{
	const struct erpolicy_list *gw = &cs->in->items[ERPOLICY_ITEM_GATEWAY_SUBNET];
	const struct erpolicy_list *az = &cs->in->items[ERPOLICY_ITEM_AZURE_PREFIX];
	const struct erpolicy_list *er = &cs->in->items[ERPOLICY_ITEM_ER_NEIGHBOR];
	struct erpolicy_plan *plan = cs->plan;

	plan->pins = plan_array(gw->n * er->n, sizeof(*plan->pins));
	for (size_t g = 0; g < gw->n; g++) {
		const union erpolicy_prefix *cover = NULL;
		size_t before = plan->n_pins;

		for (size_t a = 0; a < az->n && !cover; a++)
			if (erpolicy_prefix_match(&az->v[a], &gw->v[g]))
				cover = &az->v[a];
		if (!cover)
			continue;
		for (size_t e = 0; e < er->n; e++) {
			struct erpolicy_pin *pin;

			if (er->v[e].family != gw->v[g].family)
				continue;
			pin = &plan->pins[plan->n_pins++];
			pin->pfx = gw->v[g];
			pin->nh = er->v[e];
		}
		if (plan->n_pins == before) {
			char b1[64], b2[64], msg[256];

			snprintf(msg, sizeof(msg),
				 "gateway-subnet %s is covered by azure-prefix %s but there is no %s expressroute-neighbor to pin it via",
				 erpolicy_prefix_str(&gw->v[g], false, b1, sizeof(b1)),
				 erpolicy_prefix_str(cover, false, b2, sizeof(b2)),
				 gw->v[g].family == AF_INET6 ? "IPv6" : "IPv4");
			add_warning(plan, msg);
		}
	}
	qsort(plan->pins, plan->n_pins, sizeof(*plan->pins), pin_cmp);
}

static int plist_name_cmp(const void *a, const void *b)
{
	return strcmp(((const struct erpolicy_plist *)a)->name,
		      ((const struct erpolicy_plist *)b)->name);
}

static int rmap_name_cmp(const void *a, const void *b)
{
	return strcmp(((const struct erpolicy_rmap *)a)->name,
		      ((const struct erpolicy_rmap *)b)->name);
}

/* Probe targets of neighbors that are not vpn-neighbors do nothing: said so. */
static void check_probe_targets(struct erpolicy_cstate *cs)
{
	const struct erpolicy_list *vpn = &cs->in->items[ERPOLICY_ITEM_VPN_NEIGHBOR];

	for (size_t t = 0; t < cs->in->probe.n_targets; t++) {
		const union erpolicy_prefix *nbr = &cs->in->probe.targets[t].nbr;
		bool found = false;
		char b[64], msg[160];

		for (size_t i = 0; i < vpn->n && !found; i++)
			found = erpolicy_prefix_cmp(&vpn->v[i], nbr) == 0;
		if (found)
			continue;
		snprintf(msg, sizeof(msg),
			 "tunnel-probe neighbor %s is not a vpn-neighbor: its target is not probed",
			 erpolicy_prefix_str(nbr, true, b, sizeof(b)));
		add_warning(cs->plan, msg);
	}
}

struct erpolicy_plan *erpolicy_compile(const struct erpolicy_intent *in)
{
	return erpolicy_compile_with(in, NULL);
}

struct erpolicy_plan *erpolicy_compile_with(const struct erpolicy_intent *in,
					    const struct erpolicy_list *vpn_down)
{
	struct erpolicy_cstate cs = {};
	struct erpolicy_plan *plan = XCALLOC(MTYPE_ERPOLICY_PLAN, sizeof(*plan));

	snprintf(plan->vrf, sizeof(plan->vrf), "%s", in->vrf);
	plan->mode = in->mode;
	cs.in = in;
	cs.vpn_down = vpn_down;
	cs.plan = plan;
	check_probe_targets(&cs);

	build_plists(&cs);
	build_rmaps(&cs);
	build_bindings(&cs);
	build_pins(&cs);
	build_maxpfx(&cs);

	qsort(plan->plists, plan->n_plists, sizeof(*plan->plists), plist_name_cmp);
	qsort(plan->rmaps, plan->n_rmaps, sizeof(*plan->rmaps), rmap_name_cmp);
	return plan;
}

void erpolicy_plan_free(struct erpolicy_plan *plan)
{
	if (!plan)
		return;
	for (size_t i = 0; i < plan->n_plists; i++)
		XFREE(MTYPE_ERPOLICY_PLAN, plan->plists[i].e);
	XFREE(MTYPE_ERPOLICY_PLAN, plan->plists);
	XFREE(MTYPE_ERPOLICY_PLAN, plan->rmaps);
	XFREE(MTYPE_ERPOLICY_PLAN, plan->bindings);
	XFREE(MTYPE_ERPOLICY_PLAN, plan->maxpfx);
	XFREE(MTYPE_ERPOLICY_PLAN, plan->pins);
	for (size_t i = 0; i < plan->n_warnings; i++)
		XFREE(MTYPE_ERPOLICY_PLAN, plan->warnings[i]);
	XFREE(MTYPE_ERPOLICY_PLAN, plan->warnings);
	XFREE(MTYPE_ERPOLICY_PLAN, plan);
}
