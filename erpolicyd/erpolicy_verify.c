// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: the verifier.
 *
 * Where traffic goes comes from zebra's selected routes, mirrored locally
 * through the zclient (erpolicy_zebra.c), so a pass costs no query per prefix
 * and every route change is seen at once. bgpd is asked for what zebra does not
 * know: the neighbors' session states, what is advertised to each Azure peer,
 * and, for an azure-prefix whose route changed, its best path's neighbor and
 * local-preference (a bounded number per pass; a few more are re-read on every
 * periodic pass to catch a local-preference changed without a route change).
 *
 * The rules themselves are pure, in erpolicy_verdict.c: a pass reads what they
 * need into a snapshot (struct erpolicy_snapshot), hands each verdict its route
 * from the mirror, and keeps the verdicts; this file only reads and reports.
 */
#include <zebra.h>

#include "log.h"
#include "memory.h"
#include "command.h"
#include "lib/json.h"
#include "lib/route_types.h"

#include "erpolicy_verify.h"
#include "erpolicy_vtyconn.h"
#include "erpolicy_instance.h"
#include "erpolicy_zebra.h"
#include "erpolicy_debug.h"

DEFINE_MTYPE_STATIC(ERPOLICYD, ERPOLICY_VERDICT, "ExpressRoute policy verdicts");
DEFINE_MTYPE_STATIC(ERPOLICYD, ERPOLICY_NBR_STATE, "ExpressRoute policy neighbor states");

static struct event_loop *verify_loop;
static struct event *t_verify;
/* The pass t_verify runs is the periodic one (not one a change asked for). */
static bool verify_periodic;

/* The roles that get a verdict, in the order of the verdict array. */
static const enum erpolicy_item verdict_roles[] = {
	ERPOLICY_ITEM_AZURE_PREFIX,
	ERPOLICY_ITEM_GATEWAY_SUBNET,
	ERPOLICY_ITEM_ONPREM_PREFIX,
};

/* Run a show command and parse its JSON reply (NULL on any failure). */
static json_object *query_json(struct erpolicy_vtyconn *c, const char *cmd)
{
	char *text = NULL;
	json_object *js = NULL;

	if (erpolicy_vtyconn_cmd(c, cmd, &text) == CMD_SUCCESS && text)
		js = json_tokener_parse(text);
	XFREE(MTYPE_TMP, text);
	ERPOLICY_DEBUG_VERIFY("%s: %s%s", c->daemon, cmd, js ? "" : " (no JSON)");
	return js;
}

static const char *afi_kw(const struct erpolicy_pfx *p)
{
	return p->family == AF_INET6 ? "ipv6" : "ipv4";
}

/* " vrf NAME" for commands, "" for the default VRF. */
static const char *vrf_opt(const char *vrf, char *buf, size_t len)
{
	if (strcmp(vrf, ERPOLICY_VRF_DEFAULT) == 0)
		buf[0] = '\0';
	else
		snprintf(buf, len, " vrf %s", vrf);
	return buf;
}

/* Index of p in the sorted list l, or -1. */
static ssize_t list_index(const struct erpolicy_list *l, const struct erpolicy_pfx *p)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = erpolicy_pfx_cmp(&l->v[mid], p);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static const char *jstr(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : NULL;
}

static bool jbool(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && json_object_get_boolean(v);
}

static int64_t jint(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_int64(v) : -1;
}

/* bgpd's best path for an azure-prefix: its neighbor and local-preference. */
static void bgp_best(struct erpolicy_vtyconn *bc, const struct erpolicy_intent *in,
		     struct erpolicy_verdict *v)
{
	char cmd[256], vbuf[64], pbuf[64], err[64];
	json_object *js, *paths;

	v->bgp_dirty = false;
	v->bgp_known = true;
	v->lp = 0;
	memset(&v->best, 0, sizeof(v->best));
	snprintf(cmd, sizeof(cmd), "show bgp%s %s unicast %s json",
		 vrf_opt(in->vrf, vbuf, sizeof(vbuf)), afi_kw(&v->pfx),
		 erpolicy_pfx_str(&v->pfx, false, pbuf, sizeof(pbuf)));
	js = query_json(bc, cmd);
	if (!js) {
		/* bgpd went away in the middle of the pass: read it again later. */
		if (bc->fd < 0) {
			v->bgp_dirty = true;
			v->bgp_known = false;
		}
		return;
	}
	if (json_object_object_get_ex(js, "paths", &paths) &&
	    json_object_is_type(paths, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(paths); i++) {
			json_object *path = json_object_array_get_idx(paths, i);
			json_object *best, *peer;
			const char *id;

			if (!json_object_object_get_ex(path, "bestpath", &best) ||
			    !jbool(best, "overall"))
				continue;
			if (json_object_object_get_ex(path, "peer", &peer) &&
			    (id = jstr(peer, "peerId")) &&
			    erpolicy_pfx_parse(id, true, &v->best, err, sizeof(err)))
				memset(&v->best, 0, sizeof(v->best));
			v->lp = jint(path, "locPrf") > 0 ? (uint32_t)jint(path, "locPrf") : 0;
			break;
		}
	}
	json_object_put(js);
}

/* Neighbor states; returns a new array of n entries. */
static struct erpolicy_nbr_state *nbr_states(struct erpolicy_vtyconn *bc,
					     const struct erpolicy_intent *in, size_t *n)
{
	const struct erpolicy_list *er = &in->items[ERPOLICY_ITEM_ER_NEIGHBOR];
	const struct erpolicy_list *vpn = &in->items[ERPOLICY_ITEM_VPN_NEIGHBOR];
	struct erpolicy_nbr_state *st;
	char cmd[128], vbuf[64], abuf[64];
	json_object *js = NULL;
	size_t k = 0;

	*n = er->n + vpn->n;
	st = XCALLOC(MTYPE_ERPOLICY_NBR_STATE, (*n ? *n : 1) * sizeof(*st));
	if (*n) {
		snprintf(cmd, sizeof(cmd), "show bgp%s neighbors json",
			 vrf_opt(in->vrf, vbuf, sizeof(vbuf)));
		js = query_json(bc, cmd);
	}
	for (int kind = 0; kind < 2; kind++) {
		const struct erpolicy_list *l = kind ? vpn : er;

		for (size_t i = 0; i < l->n; i++, k++) {
			json_object *nb;

			st[k].addr = l->v[i];
			st[k].vpn = kind;
			erpolicy_pfx_str(&l->v[i], true, abuf, sizeof(abuf));
			st[k].vrf = in->vrf;
			if (js && json_object_object_get_ex(js, abuf, &nb)) {
				json_object *bfd;

				st[k].configured = true;
				snprintf(st[k].state, sizeof(st[k].state), "%s",
					 jstr(nb, "bgpState") ?: "");
				if (json_object_object_get_ex(nb, "peerBfdInfo", &bfd))
					snprintf(st[k].bfd, sizeof(st[k].bfd), "%s",
						 jstr(bfd, "status") ?: "Unknown");
			} else {
				snprintf(st[k].state, sizeof(st[k].state), "not-configured");
			}
		}
	}
	if (js)
		json_object_put(js);
	return st;
}

/* Prefixes bgpd advertises to a neighbor, parsed into out (appended). */
static void advertised(struct erpolicy_vtyconn *bc, const struct erpolicy_intent *in,
		       const struct erpolicy_nbr_state *nb, struct erpolicy_list *out)
{
	char cmd[256], vbuf[64], abuf[64];
	json_object *js, *routes;

	snprintf(cmd, sizeof(cmd), "show bgp%s %s unicast neighbors %s advertised-routes json",
		 vrf_opt(in->vrf, vbuf, sizeof(vbuf)), afi_kw(&nb->addr),
		 erpolicy_pfx_str(&nb->addr, true, abuf, sizeof(abuf)));
	js = query_json(bc, cmd);
	if (!js)
		return;
	if (json_object_object_get_ex(js, "advertisedRoutes", &routes) &&
	    json_object_is_type(routes, json_type_object)) {
		json_object_object_foreach(routes, key, val)
		{
			struct erpolicy_pfx p;
			char err[128];

			(void)val;
			if (erpolicy_pfx_parse(key, false, &p, err, sizeof(err)))
				continue;
			if (out->n == out->cap) {
				out->cap = out->cap ? 2 * out->cap : 16;
				out->v = XREALLOC(MTYPE_TMP, out->v, out->cap * sizeof(*out->v));
			}
			out->v[out->n++] = p;
		}
	}
	json_object_put(js);
}

/* Log a prefix going into or out of violation (a bounded number per pass). */
static void log_transition(const struct erpolicy_instance *inst, const struct erpolicy_verdict *v,
			   uint8_t old, unsigned int *logged)
{
	char pbuf[64], why[256];

	if ((old == ERPOLICY_STATUS_VIOLATION) == (v->status == ERPOLICY_STATUS_VIOLATION))
		return;
	if (old == ERPOLICY_STATUS_UNKNOWN && v->status != ERPOLICY_STATUS_VIOLATION)
		return;
	if ((*logged)++ >= ERPOLICY_VERIFY_LOG_MAX)
		return;
	erpolicy_pfx_str(&v->pfx, false, pbuf, sizeof(pbuf));
	if (v->status == ERPOLICY_STATUS_VIOLATION)
		zlog_warn("expressroute-policy vrf %s: %s %s violates the policy: %s", inst->vrf,
			  erpolicy_item_name(v->role), pbuf,
			  erpolicy_verdict_reason(&inst->intent, v, why, sizeof(why)));
	else
		zlog_warn("expressroute-policy vrf %s: %s %s is back to normal (%s via %s)",
			  inst->vrf, erpolicy_item_name(v->role), pbuf,
			  erpolicy_status_name(v->status), erpolicy_transport_name(v->actual));
}

/* zebra's route (from the mirror) as the rules see it. */
static struct erpolicy_route route_of(const struct erpolicy_zroute *zr)
{
	struct erpolicy_route r = {};

	if (!zr)
		return r;
	r.pfx = zr->pfx;
	switch (zr->type) {
	case ZEBRA_ROUTE_CONNECT:
		r.origin = ERPOLICY_ROUTE_CONNECTED;
		break;
	case ZEBRA_ROUTE_STATIC:
		r.origin = ERPOLICY_ROUTE_STATIC;
		break;
	case ZEBRA_ROUTE_BGP:
		r.origin = ERPOLICY_ROUTE_BGP;
		break;
	default:
		r.origin = ERPOLICY_ROUTE_OTHER;
		break;
	}
	r.tag = zr->tag;
	r.n_nh = zr->n_nh;
	r.nh = zr->nh;
	return r;
}

/* One pass over an instance. Returns true when bgpd reads are left for another pass. */
static bool verify_instance(struct erpolicy_instance *inst, struct erpolicy_vtyconn *bc,
			    bool periodic)
{
	const struct erpolicy_intent *in = &inst->intent;
	const size_t n_azure = in->items[ERPOLICY_ITEM_AZURE_PREFIX].n;
	struct erpolicy_snapshot snap = { .in = in };
	struct erpolicy_nbr_facts *facts;
	struct erpolicy_list *adv;
	unsigned int budget = ERPOLICY_VERIFY_BGP_BATCH, logged = 0;
	bool more = false;

	XFREE(MTYPE_ERPOLICY_NBR_STATE, inst->nbrs);
	inst->nbrs = nbr_states(bc, in, &inst->n_nbrs);
	erpolicy_strv_free(&inst->nbr_warnings);
	for (size_t i = 0; i < inst->n_nbrs; i++) {
		char why[256];

		if (erpolicy_nbr_bfd_warning(&inst->nbrs[i], why, sizeof(why)))
			erpolicy_strv_push(&inst->nbr_warnings, why);
	}
	facts = XCALLOC(MTYPE_TMP, (inst->n_nbrs ? inst->n_nbrs : 1) * sizeof(*facts));
	adv = XCALLOC(MTYPE_TMP, (inst->n_nbrs ? inst->n_nbrs : 1) * sizeof(*adv));
	for (size_t i = 0; i < inst->n_nbrs; i++) {
		const struct erpolicy_nbr_state *nb = &inst->nbrs[i];

		facts[i].tunnel_dead = nb->vpn && erpolicy_instance_vpn_down(inst, &nb->addr);
		if (erpolicy_nbr_up(nb) && in->items[ERPOLICY_ITEM_ONPREM_PREFIX].n)
			advertised(bc, in, nb, &adv[i]);
		facts[i].adv = adv[i].v;
		facts[i].n_adv = adv[i].n;
	}

	/* bgpd's best paths: for the routes that changed, then a few in rotation. */
	for (size_t i = 0; i < n_azure && bc->fd >= 0; i++) {
		struct erpolicy_verdict *v = &inst->verdicts[i];

		if (!v->bgp_dirty)
			continue;
		if (!budget) {
			more = true;
			break;
		}
		budget--;
		bgp_best(bc, in, v);
	}
	if (periodic && !more && n_azure) {
		for (unsigned int s = 0;
		     s < ERPOLICY_VERIFY_BGP_SAMPLE && s < n_azure && bc->fd >= 0; s++) {
			inst->sample_pos = (inst->sample_pos + 1) % n_azure;
			bgp_best(bc, in, &inst->verdicts[inst->sample_pos]);
		}
	}

	/* zebra's routes to the neighbors (IPv6 link-local next hops), then judge. */
	for (size_t i = 0; i < inst->n_nbrs; i++)
		facts[i].route =
			route_of(erpolicy_zebra_lookup(in->vrf, &inst->nbrs[i].addr, false));
	snap.nbrs = inst->nbrs;
	snap.nbr = facts;
	snap.n_nbrs = inst->n_nbrs;
	erpolicy_snapshot_sum(&snap);
	inst->violations = 0;
	for (size_t i = 0; i < inst->n_verdicts; i++) {
		struct erpolicy_verdict *v = &inst->verdicts[i];
		uint8_t old = v->status;
		struct erpolicy_route route = {};
		struct erpolicy_pfx key;
		bool exact;

		if (erpolicy_verdict_route_key(v, &key, &exact))
			route = route_of(erpolicy_zebra_lookup(in->vrf, &key, exact));
		erpolicy_verdict_judge(&snap, v, &route);
		if (v->status == ERPOLICY_STATUS_VIOLATION)
			inst->violations++;
		log_transition(inst, v, old, &logged);
	}
	if (logged > ERPOLICY_VERIFY_LOG_MAX)
		zlog_warn("expressroute-policy vrf %s: %u more prefixes went into or out of violation (%u violations now)",
			  inst->vrf, logged - ERPOLICY_VERIFY_LOG_MAX, inst->violations);
	for (size_t i = 0; i < inst->n_nbrs; i++)
		XFREE(MTYPE_TMP, adv[i].v);
	XFREE(MTYPE_TMP, adv);
	XFREE(MTYPE_TMP, facts);
	inst->last_verify = time(NULL);
	inst->verified = true;
	return more;
}

static void erpolicy_verify_run(struct event *t)
{
	struct erpolicy_vtyconn bc = { .fd = -1 };
	struct erpolicy_instance *inst;
	bool periodic = verify_periodic, more = false;

	if (!erpolicy_instance_first())
		return;
	if (erpolicy_vtyconn_enable(&bc, "bgpd") == 0) {
		for (inst = erpolicy_instance_first(); inst; inst = erpolicy_instance_next(inst)) {
			/* Until zebra's routes are all in, a verdict would be a guess. */
			if (!erpolicy_zebra_synced(inst->vrf))
				continue;
			if (verify_instance(inst, &bc, periodic))
				more = true;
		}
	}
	erpolicy_vtyconn_close(&bc);
	if (more) {
		erpolicy_verify_schedule(10);
		return;
	}
	/* Route changes trigger a run at once; this catches everything else. */
	erpolicy_verify_schedule(ERPOLICY_VERIFY_INTERVAL_MS);
	verify_periodic = true;
}

void erpolicy_verify_schedule(unsigned long msec)
{
	if (!verify_loop)
		return;
	if (t_verify && msec >= event_timer_remain_msec(t_verify))
		return;
	event_cancel(&t_verify);
	verify_periodic = false;
	event_add_timer_msec(verify_loop, erpolicy_verify_run, NULL, msec, &t_verify);
}

/* Order of the verdict array: role (as in verdict_roles), then prefix. */
static int verdict_cmp(uint8_t role_a, const struct erpolicy_pfx *a, uint8_t role_b,
		       const struct erpolicy_pfx *b)
{
	size_t ra = 0, rb = 0;

	for (size_t r = 0; r < array_size(verdict_roles); r++) {
		if (verdict_roles[r] == role_a)
			ra = r;
		if (verdict_roles[r] == role_b)
			rb = r;
	}
	if (ra != rb)
		return ra < rb ? -1 : 1;
	return erpolicy_pfx_cmp(a, b);
}

/*
 * The instance's intent changed: rebuild its verdicts, keeping what still
 * applies. reread: the neighbors or local-preferences changed, so every best
 * path is read from bgpd again.
 */
static int verify_intent_changed(struct erpolicy_instance *inst, bool reread)
{
	const struct erpolicy_intent *in = &inst->intent;
	struct erpolicy_verdict *old = inst->verdicts, *nv;
	size_t n_old = inst->n_verdicts, n = 0, k = 0, o = 0;

	for (size_t r = 0; r < array_size(verdict_roles); r++)
		n += in->items[verdict_roles[r]].n;
	nv = XCALLOC(MTYPE_ERPOLICY_VERDICT, (n ? n : 1) * sizeof(*nv));
	/* Both arrays are in the same order: carry over the verdicts that still apply. */
	for (size_t r = 0; r < array_size(verdict_roles); r++) {
		const struct erpolicy_list *l = &in->items[verdict_roles[r]];

		for (size_t i = 0; i < l->n; i++, k++) {
			struct erpolicy_verdict *v = &nv[k];
			int c = -1;

			while (o < n_old && (c = verdict_cmp(old[o].role, &old[o].pfx,
							     verdict_roles[r], &l->v[i])) < 0)
				o++;
			if (o < n_old && c == 0) {
				*v = old[o++];
				if (reread && v->role == ERPOLICY_ITEM_AZURE_PREFIX)
					v->bgp_dirty = true;
				continue;
			}
			v->pfx = l->v[i];
			v->role = verdict_roles[r];
			v->status = ERPOLICY_STATUS_UNKNOWN;
			v->expected = v->actual = ERPOLICY_TRANSPORT_NONE;
			v->return_path = ERPOLICY_TRANSPORT_NONE;
			v->bgp_dirty = verdict_roles[r] == ERPOLICY_ITEM_AZURE_PREFIX;
		}
	}
	XFREE(MTYPE_ERPOLICY_VERDICT, old);
	inst->verdicts = nv;
	inst->n_verdicts = n;
	inst->sample_pos = 0;
	erpolicy_verify_schedule(0);
	return 0;
}

static int verify_instance_gone(struct erpolicy_instance *inst)
{
	XFREE(MTYPE_ERPOLICY_VERDICT, inst->verdicts);
	XFREE(MTYPE_ERPOLICY_NBR_STATE, inst->nbrs);
	erpolicy_strv_free(&inst->nbr_warnings);
	inst->n_verdicts = inst->n_nbrs = 0;
	return 0;
}

/* zebra's route for p in vrf changed (p NULL: any of vrf's, vrf NULL: any). */
static int verify_route_changed(const char *vrf, const struct erpolicy_pfx *p)
{
	struct erpolicy_instance *inst = vrf ? erpolicy_instance_lookup(vrf) : NULL;
	ssize_t i;

	if (!p) {
		erpolicy_verify_schedule(0);
		return 0;
	}
	erpolicy_verify_schedule(ERPOLICY_ROUTE_EVENT_DELAY_MS);
	if (!inst || !inst->verdicts)
		return 0;
	/* The azure-prefixes come first in the verdicts, in the order of their list. */
	i = list_index(&inst->intent.items[ERPOLICY_ITEM_AZURE_PREFIX], p);
	if (i >= 0 && (size_t)i < inst->n_verdicts)
		inst->verdicts[i].bgp_dirty = true;
	return 0;
}

static int verify_plan_changed(struct erpolicy_instance *inst)
{
	erpolicy_verify_schedule(0);
	return 0;
}

/* What bgpd advertises settles a moment after the push and its refresh. */
static int verify_pushed(void)
{
	erpolicy_verify_schedule(ERPOLICY_VERIFY_AFTER_PUSH_MS);
	return 0;
}

void erpolicy_verify_init(struct event_loop *loop)
{
	verify_loop = loop;
	hook_register(erpolicy_instance_intent_changed, verify_intent_changed);
	hook_register(erpolicy_instance_plan_changed, verify_plan_changed);
	hook_register(erpolicy_instance_gone, verify_instance_gone);
	hook_register(erpolicy_apply_pushed, verify_pushed);
	hook_register(erpolicy_zebra_route_changed, verify_route_changed);
	erpolicy_verify_schedule(ERPOLICY_VERIFY_INTERVAL_MS);
}

void erpolicy_verify_fini(void)
{
	event_cancel(&t_verify);
	verify_loop = NULL;
}
