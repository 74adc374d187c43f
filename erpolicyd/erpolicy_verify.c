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
 * The verdicts are judged again only when something they rest on changed: a
 * route in the mirror, the intent, a best path read from bgpd, or the
 * neighbors' facts (compared with those of the last judgement). A periodic pass
 * of a quiet router then costs bgpd's answers, not a lookup per prefix.
 */
#include <zebra.h>

#include "log.h"
#include "monotime.h"
#include "memory.h"
#include "command.h"
#include "lib/json.h"
#include "lib/route_types.h"

#include "erpolicy_verify.h"
#include "erpolicy_vtyq.h"
#include "erpolicy_instance.h"
#include "erpolicy_zebra.h"
#include "erpolicy_debug.h"

DEFINE_MTYPE_STATIC(ERPOLICYD, ERPOLICY_VERDICT, "ExpressRoute policy verdicts");
DEFINE_MTYPE_STATIC(ERPOLICYD, ERPOLICY_NBR_STATE, "ExpressRoute policy neighbor states");

static struct event_loop *verify_loop;
static struct erpolicy_verify_stats verify_stats;
static struct event *t_verify;
/* The pass t_verify runs is the periodic one (not one a change asked for). */
static bool verify_periodic;

/* The roles that get a verdict, in the order of the verdict array. */
static const enum erpolicy_item verdict_roles[] = {
	ERPOLICY_ITEM_AZURE_PREFIX,
	ERPOLICY_ITEM_GATEWAY_SUBNET,
	ERPOLICY_ITEM_ONPREM_PREFIX,
};

/*
 * bgpd, on a session of the verifier's own (a push in progress on the reconcile
 * pass's session does not hold it up), on the event loop: a run sends its
 * queries and judges when the replies are in.
 */
static struct erpolicy_vtyq *verify_q;

/* A reply parsed as JSON (NULL on any failure). */
static json_object *reply_json(int rc, char *text)
{
	json_object *js = NULL;

	if (rc == CMD_SUCCESS && text)
		js = json_tokener_parse(text);
	XFREE(MTYPE_TMP, text);
	ERPOLICY_DEBUG_VERIFY("bgpd: reply%s", js ? "" : " (no JSON)");
	return js;
}

static const char *afi_kw(const union erpolicy_prefix *p)
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

/* The query for an azure-prefix's best path in bgpd. */
static void bgp_best_cmd(const struct erpolicy_intent *in, const struct erpolicy_verdict *v,
			 char *cmd, size_t len)
{
	char vbuf[64], pbuf[64];

	snprintf(cmd, len, "show bgp%s %s unicast %s json", vrf_opt(in->vrf, vbuf, sizeof(vbuf)),
		 afi_kw(&v->pfx), erpolicy_prefix_str(&v->pfx, false, pbuf, sizeof(pbuf)));
}

/* bgpd's best path for an azure-prefix: its neighbor and local-preference. lost: no answer. */
static void bgp_best_apply(struct erpolicy_verdict *v, json_object *js, bool lost)
{
	char err[64];
	json_object *paths;

	v->bgp_dirty = false;
	v->bgp_known = true;
	v->lp = 0;
	memset(&v->best, 0, sizeof(v->best));
	if (!js) {
		/* bgpd went away in the middle of the pass: read it again later. */
		if (lost) {
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
			    erpolicy_prefix_parse(id, true, &v->best, err, sizeof(err)))
				memset(&v->best, 0, sizeof(v->best));
			v->lp = jint(path, "locPrf") > 0 ? (uint32_t)jint(path, "locPrf") : 0;
			break;
		}
	}
}

/* Neighbor states; returns a new array of n entries. */
static struct erpolicy_nbr_state *nbr_states(json_object *js, const struct erpolicy_intent *in,
					     size_t *n)
{
	const struct erpolicy_list *er = &in->items[ERPOLICY_ITEM_ER_NEIGHBOR];
	const struct erpolicy_list *vpn = &in->items[ERPOLICY_ITEM_VPN_NEIGHBOR];
	struct erpolicy_nbr_state *st;
	char abuf[64];
	size_t k = 0;

	*n = er->n + vpn->n;
	st = XCALLOC(MTYPE_ERPOLICY_NBR_STATE, (*n ? *n : 1) * sizeof(*st));
	for (int kind = 0; kind < 2; kind++) {
		const struct erpolicy_list *l = kind ? vpn : er;

		for (size_t i = 0; i < l->n; i++, k++) {
			json_object *nb;

			st[k].addr = l->v[i];
			st[k].vpn = kind;
			erpolicy_prefix_str(&l->v[i], true, abuf, sizeof(abuf));
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
	return st;
}

/* The query for the prefixes bgpd advertises to a neighbor. */
static void advertised_cmd(const struct erpolicy_intent *in, const struct erpolicy_nbr_state *nb,
			   char *cmd, size_t len)
{
	char vbuf[64], abuf[64];

	snprintf(cmd, len, "show bgp%s %s unicast neighbors %s advertised-routes json",
		 vrf_opt(in->vrf, vbuf, sizeof(vbuf)), afi_kw(&nb->addr),
		 erpolicy_prefix_str(&nb->addr, true, abuf, sizeof(abuf)));
}

/* Prefixes bgpd advertises to a neighbor, parsed into out (appended). */
static void advertised(json_object *js, struct erpolicy_list *out)
{
	json_object *routes;

	if (!js)
		return;
	if (json_object_object_get_ex(js, "advertisedRoutes", &routes) &&
	    json_object_is_type(routes, json_type_object)) {
		json_object_object_foreach(routes, key, val)
		{
			union erpolicy_prefix p;
			char err[128];

			(void)val;
			if (erpolicy_prefix_parse(key, false, &p, err, sizeof(err)))
				continue;
			if (out->n == out->cap) {
				out->cap = out->cap ? 2 * out->cap : 16;
				out->v = XREALLOC(MTYPE_TMP, out->v, out->cap * sizeof(*out->v));
			}
			out->v[out->n++] = p;
		}
	}
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
	erpolicy_prefix_str(&v->pfx, false, pbuf, sizeof(pbuf));
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

/*
 * The run in flight: one instance at a time (in VRF order), its queries to bgpd
 * sent together, judged when the last reply is in. The instance is named by its
 * VRF: if its intent changes or it goes away meanwhile (its verdicts are then
 * rebuilt or freed), the replies still due are dropped and the instance is
 * judged in the run that change schedules.
 */
static struct verify_run {
	bool running, periodic, more;
	bool again;   /* asked for while running: another run at once after it */
	bool aborted; /* the instance's verdicts changed under the run */
	bool lost;    /* bgpd did not answer the neighbors' query: not judged */
	char vrf[ERPOLICY_VRF_NAMSIZ];
	unsigned int pending;	   /* replies the instance waits for */
	struct erpolicy_list *adv; /* per neighbor, what bgpd advertises to it */
	size_t n_adv;
} vrun;

static struct event *t_verify_next;
static void verify_next_instance(struct event *t);

/* inst's verdicts are rebuilt or freed: a run on it drops the replies still due. */
static void verify_run_abort(const struct erpolicy_instance *inst)
{
	if (vrun.running && strcmp(inst->vrf, vrun.vrf) == 0)
		vrun.aborted = true;
}

static void verify_run_clear(void)
{
	for (size_t i = 0; i < vrun.n_adv; i++)
		XFREE(MTYPE_TMP, vrun.adv[i].v);
	XFREE(MTYPE_TMP, vrun.adv);
	vrun.n_adv = 0;
}

/* The instance the run is on, unless its verdicts changed under it. */
static struct erpolicy_instance *verify_run_instance(void)
{
	return vrun.aborted ? NULL : erpolicy_instance_lookup(vrun.vrf);
}

/* Whether the facts differ from those of the last judgement; they are kept if so. */
static bool facts_changed(struct erpolicy_instance *inst, const struct erpolicy_snapshot *s)
{
	size_t len = erpolicy_snapshot_key(s, NULL, 0);
	uint8_t *key = XMALLOC(MTYPE_TMP, len ? len : 1);

	erpolicy_snapshot_key(s, key, len);
	if (inst->judged_facts && len == inst->judged_facts_len &&
	    memcmp(key, inst->judged_facts, len) == 0) {
		XFREE(MTYPE_TMP, key);
		return false;
	}
	XFREE(MTYPE_TMP, inst->judged_facts);
	inst->judged_facts = key;
	inst->judged_facts_len = len;
	return true;
}

/* Judge every verdict of the instance by the snapshot and zebra's routes. */
static void verify_judge_all(struct erpolicy_instance *inst, const struct erpolicy_snapshot *snap,
			     const struct erpolicy_zvrf *zv)
{
	struct timeval start;
	unsigned int logged = 0;

	monotime(&start);

	inst->violations = 0;
	for (size_t i = 0; i < inst->n_verdicts; i++) {
		struct erpolicy_verdict *v = &inst->verdicts[i];
		uint8_t old = v->status;
		struct erpolicy_route route = {};
		union erpolicy_prefix key;
		bool exact;

		if (erpolicy_verdict_route_key(v, &key, &exact))
			route = route_of(erpolicy_zebra_lookup(zv, &key, exact));
		erpolicy_verdict_judge(snap, v, &route);
		if (v->status == ERPOLICY_STATUS_VIOLATION)
			inst->violations++;
		log_transition(inst, v, old, &logged);
	}
	if (logged > ERPOLICY_VERIFY_LOG_MAX)
		zlog_warn("expressroute-policy vrf %s: %u more prefixes went into or out of violation (%u violations now)",
			  inst->vrf, logged - ERPOLICY_VERIFY_LOG_MAX, inst->violations);
	verify_stats.judged++;
	verify_stats.judge_last_us = monotime_since(&start, NULL);
	verify_stats.judge_max_us = MAX(verify_stats.judge_max_us, verify_stats.judge_last_us);
}

/* Judge the instance from what was read, unless nothing it rests on changed. */
static void verify_judge(struct erpolicy_instance *inst)
{
	const struct erpolicy_intent *in = &inst->intent;
	const struct erpolicy_zvrf *zv = erpolicy_zebra_vrf(in->vrf);
	struct erpolicy_snapshot snap = { .in = in };
	struct erpolicy_nbr_facts *facts;
	bool changed;

	facts = XCALLOC(MTYPE_TMP, (inst->n_nbrs ? inst->n_nbrs : 1) * sizeof(*facts));
	for (size_t i = 0; i < inst->n_nbrs; i++) {
		const struct erpolicy_nbr_state *nb = &inst->nbrs[i];

		facts[i].tunnel_dead = nb->vpn && erpolicy_instance_vpn_down(inst, &nb->addr);
		if (i < vrun.n_adv) {
			facts[i].adv = vrun.adv[i].v;
			facts[i].n_adv = vrun.adv[i].n;
		}
		/* zebra's routes to the neighbors (IPv6 link-local next hops). */
		facts[i].route = route_of(erpolicy_zebra_lookup(zv, &nb->addr, false));
	}
	snap.nbrs = inst->nbrs;
	snap.nbr = facts;
	snap.n_nbrs = inst->n_nbrs;
	erpolicy_snapshot_sum(&snap);
	/* Both: the facts are kept for the next comparison whenever they differ. */
	changed = facts_changed(inst, &snap);
	changed = inst->judge_dirty || changed;
	if (changed) {
		inst->judge_dirty = false;
		verify_judge_all(inst, &snap, zv);
	} else {
		verify_stats.unchanged++;
	}
	XFREE(MTYPE_TMP, facts);
	inst->last_verify = time(NULL);
	inst->verified = true;
}

/* One reply less: the instance is judged after the last, then the run goes on. */
static void verify_reply_done(void)
{
	struct erpolicy_instance *inst;

	if (--vrun.pending)
		return;
	inst = verify_run_instance();
	if (inst && !vrun.lost)
		verify_judge(inst);
	verify_run_clear();
	/* The next instance from the event loop (each starts there). */
	event_add_event(verify_loop, verify_next_instance, NULL, 0, &t_verify_next);
}

static void verify_adv_reply(void *arg, int rc, char *text, const char *err)
{
	size_t i = (uintptr_t)arg;
	json_object *js = reply_json(rc, text);

	if (verify_run_instance() && i < vrun.n_adv)
		advertised(js, &vrun.adv[i]);
	if (js)
		json_object_put(js);
	verify_reply_done();
}

static void verify_best_reply(void *arg, int rc, char *text, const char *err)
{
	size_t i = (uintptr_t)arg;
	json_object *js = reply_json(rc, text);
	struct erpolicy_instance *inst = verify_run_instance();

	/*
	 * Applied unless its route changed again since the query went out (the
	 * answer may then be stale: it is read again).
	 */
	if (inst && i < inst->n_verdicts && !inst->verdicts[i].bgp_dirty) {
		struct erpolicy_verdict *v = &inst->verdicts[i];
		bool known = v->bgp_known;
		uint32_t lp = v->lp;
		union erpolicy_prefix best = v->best;

		bgp_best_apply(v, js, rc < 0);
		if (v->bgp_dirty || known != v->bgp_known || lp != v->lp ||
		    erpolicy_prefix_cmp(&best, &v->best) != 0)
			inst->judge_dirty = true;
	}
	if (js)
		json_object_put(js);
	verify_reply_done();
}

/* The neighbors' states are in: then what bgpd advertises to each that is up. */
static void verify_nbrs_reply(void *arg, int rc, char *text, const char *err)
{
	json_object *js = reply_json(rc, text);
	struct erpolicy_instance *inst = verify_run_instance();

	/* bgpd not there: nothing known to judge by (the verdicts stay as they are). */
	vrun.lost = rc < 0;
	if (inst && !vrun.lost) {
		const struct erpolicy_intent *in = &inst->intent;

		XFREE(MTYPE_ERPOLICY_NBR_STATE, inst->nbrs);
		inst->nbrs = nbr_states(js, in, &inst->n_nbrs);
		erpolicy_strs_free(inst->nbr_warnings);
		vrun.adv = XCALLOC(MTYPE_TMP,
				   (inst->n_nbrs ? inst->n_nbrs : 1) * sizeof(*vrun.adv));
		vrun.n_adv = inst->n_nbrs;
		for (size_t i = 0; i < inst->n_nbrs; i++) {
			const struct erpolicy_nbr_state *nb = &inst->nbrs[i];
			char why[256], cmd[256];

			if (erpolicy_nbr_bfd_warning(nb, why, sizeof(why)))
				erpolicy_strs_push(inst->nbr_warnings, why);
			if (!erpolicy_nbr_up(nb) || !in->items[ERPOLICY_ITEM_ONPREM_PREFIX].n)
				continue;
			advertised_cmd(in, nb, cmd, sizeof(cmd));
			vrun.pending++;
			erpolicy_vtyq_cmd(verify_q, cmd, 0, verify_adv_reply, (void *)(uintptr_t)i);
		}
	}
	if (js)
		json_object_put(js);
	verify_reply_done();
}

/* Ask for an azure-prefix's best path. */
static void verify_ask_best(struct erpolicy_instance *inst, size_t i)
{
	char cmd[256];

	bgp_best_cmd(&inst->intent, &inst->verdicts[i], cmd, sizeof(cmd));
	/*
	 * Marked read now: a route change before the answer marks it again. A
	 * verdict judged while its best path was to be read is judged again.
	 */
	if (inst->verdicts[i].bgp_dirty)
		inst->judge_dirty = true;
	inst->verdicts[i].bgp_dirty = false;
	vrun.pending++;
	erpolicy_vtyq_cmd(verify_q, cmd, 0, verify_best_reply, (void *)(uintptr_t)i);
}

/*
 * Start on an instance: its neighbors' states, then the best paths of the
 * azure-prefixes whose route changed (a bounded number; the rest in the next
 * run), and on a periodic run a few more in rotation.
 */
static void verify_instance_start(struct erpolicy_instance *inst)
{
	const struct erpolicy_intent *in = &inst->intent;
	const size_t n_azure = in->items[ERPOLICY_ITEM_AZURE_PREFIX].n;
	const struct erpolicy_zvrf *zv = erpolicy_zebra_vrf(in->vrf);
	unsigned int budget = ERPOLICY_VERIFY_BGP_BATCH;
	char cmd[128], vbuf[64];
	bool more = false;

	snprintf(vrun.vrf, sizeof(vrun.vrf), "%s", inst->vrf);
	vrun.aborted = false;
	vrun.lost = false;
	/* One for the start itself: nothing is judged before everything is asked. */
	vrun.pending = 1;
	if (erpolicy_vtyq_failed(verify_q))
		erpolicy_vtyq_close(verify_q);
	snprintf(cmd, sizeof(cmd), "show bgp%s neighbors json",
		 vrf_opt(in->vrf, vbuf, sizeof(vbuf)));
	vrun.pending++;
	erpolicy_vtyq_cmd(verify_q, cmd, 0, verify_nbrs_reply, NULL);
	for (size_t i = 0; i < n_azure && i < inst->n_verdicts; i++) {
		struct erpolicy_verdict *v = &inst->verdicts[i];

		if (!v->bgp_dirty)
			continue;
		/*
		 * No route in zebra: the rules read no best path (bgpd's, were it
		 * asked, would be a path zebra does not use). Known as none, and read
		 * once a route comes (the route change marks it again). A first apply
		 * of 100k azure-prefixes therefore costs bgpd no query per prefix.
		 */
		if (!erpolicy_zebra_lookup(zv, &v->pfx, true)) {
			v->bgp_dirty = false;
			v->bgp_known = true;
			v->lp = 0;
			memset(&v->best, 0, sizeof(v->best));
			inst->judge_dirty = true;
			continue;
		}
		if (!budget) {
			more = true;
			break;
		}
		budget--;
		verify_ask_best(inst, i);
	}
	if (vrun.periodic && !more && n_azure) {
		for (unsigned int s = 0; s < ERPOLICY_VERIFY_BGP_SAMPLE && s < n_azure; s++) {
			inst->sample_pos = (inst->sample_pos + 1) % n_azure;
			verify_ask_best(inst, inst->sample_pos);
		}
	}
	if (more)
		vrun.more = true;
	verify_reply_done();
}

/* The next instance after vrun.vrf whose zebra routes are all in, or the end of the run. */
static void verify_next_instance(struct event *t)
{
	struct erpolicy_instance *inst;

	for (inst = erpolicy_instance_first(); inst; inst = erpolicy_instance_next(inst)) {
		if (vrun.vrf[0] && strcmp(inst->vrf, vrun.vrf) <= 0)
			continue;
		/* Until zebra's routes are all in, a verdict would be a guess. */
		if (!erpolicy_zebra_synced(inst->vrf)) {
			snprintf(vrun.vrf, sizeof(vrun.vrf), "%s", inst->vrf);
			continue;
		}
		verify_instance_start(inst);
		return;
	}
	vrun.running = false;
	if (vrun.again) {
		vrun.again = false;
		erpolicy_verify_schedule(0);
		return;
	}
	if (vrun.more) {
		erpolicy_verify_schedule(10);
		return;
	}
	/* Route changes trigger a run at once; this catches everything else. */
	erpolicy_verify_schedule(ERPOLICY_VERIFY_INTERVAL_MS);
	verify_periodic = true;
}

static void erpolicy_verify_run(struct event *t)
{
	if (vrun.running) {
		/* Asked again while a run is in flight: once it ends. */
		vrun.again = true;
		return;
	}
	if (!erpolicy_instance_first())
		return;
	vrun.running = true;
	vrun.periodic = verify_periodic;
	vrun.more = false;
	vrun.vrf[0] = '\0';
	event_add_event(verify_loop, verify_next_instance, NULL, 0, &t_verify_next);
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
static int verdict_cmp(uint8_t role_a, const union erpolicy_prefix *a, uint8_t role_b,
		       const union erpolicy_prefix *b)
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
	return erpolicy_prefix_cmp(a, b);
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

	verify_run_abort(inst);
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
	inst->judge_dirty = true;
	erpolicy_verify_schedule(0);
	return 0;
}

static int verify_instance_gone(struct erpolicy_instance *inst)
{
	verify_run_abort(inst);
	XFREE(MTYPE_ERPOLICY_VERDICT, inst->verdicts);
	XFREE(MTYPE_ERPOLICY_NBR_STATE, inst->nbrs);
	erpolicy_strs_free(inst->nbr_warnings);
	XFREE(MTYPE_TMP, inst->judged_facts);
	inst->n_verdicts = inst->n_nbrs = inst->judged_facts_len = 0;
	return 0;
}

/* zebra's route for p in vrf changed (p NULL: any of vrf's, vrf NULL: any). */
static int verify_route_changed(const char *vrf, const union erpolicy_prefix *p)
{
	struct erpolicy_instance *inst = vrf ? erpolicy_instance_lookup(vrf) : NULL;
	ssize_t i;

	if (inst)
		inst->judge_dirty = true;
	else if (!vrf) {
		for (inst = erpolicy_instance_first(); inst; inst = erpolicy_instance_next(inst))
			inst->judge_dirty = true;
	}
	if (!p) {
		erpolicy_verify_schedule(0);
		return 0;
	}
	erpolicy_verify_schedule(ERPOLICY_ROUTE_EVENT_DELAY_MS);
	if (!inst || !inst->verdicts)
		return 0;
	/* The azure-prefixes come first in the verdicts, in the order of their list. */
	i = erpolicy_list_index(&inst->intent.items[ERPOLICY_ITEM_AZURE_PREFIX], p);
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

const struct erpolicy_verify_stats *erpolicy_verify_stats(void)
{
	return &verify_stats;
}

void erpolicy_verify_init(struct event_loop *loop)
{
	verify_loop = loop;
	verify_q = erpolicy_vtyq_new(loop, "bgpd");
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
	event_cancel(&t_verify_next);
	erpolicy_vtyq_free(&verify_q);
	verify_run_clear();
	verify_loop = NULL;
}
