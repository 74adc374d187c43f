// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: the verifier. From bgpd's best paths, zebra's selected routes and
 * what bgpd advertises to each Azure peer, evaluates the rules of the intent for
 * every azure-prefix, gateway-subnet and onprem-prefix, and records a verdict.
 *
 * Expected transport: vpn while a VPN neighbor of the prefix's family is
 * Established; otherwise expressroute in prefer-vpn and none in
 * require-encryption. Azure's return path for an on-prem prefix: of the
 * prefixes advertised to Established Azure peers that cover it, the longest
 * wins, and for an equal length ExpressRoute wins over VPN.
 */
#include <zebra.h>

#include "log.h"
#include "memory.h"
#include "command.h"
#include "lib/json.h"

#include "erpolicy_verify.h"
#include "erpolicy_vtyconn.h"
#include "erpolicy_instance.h"
#include "erpolicy_debug.h"

static struct event_loop *verify_loop;
static struct event *t_verify;

const char *erpolicy_transport_name(enum erpolicy_transport t)
{
	switch (t) {
	case ERPOLICY_TRANSPORT_VPN:
		return "vpn";
	case ERPOLICY_TRANSPORT_EXPRESSROUTE:
		return "expressroute";
	case ERPOLICY_TRANSPORT_NONE:
		return "none";
	case ERPOLICY_TRANSPORT_OTHER:
		return "other";
	}
	return "unknown";
}

const char *erpolicy_status_name(enum erpolicy_status s)
{
	switch (s) {
	case ERPOLICY_STATUS_UNKNOWN:
		return "unknown";
	case ERPOLICY_STATUS_OK:
		return "ok";
	case ERPOLICY_STATUS_VIOLATION:
		return "violation";
	case ERPOLICY_STATUS_NO_ROUTE:
		return "no-route";
	}
	return "unknown";
}

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

static bool list_has(const struct erpolicy_list *l, const struct erpolicy_pfx *p)
{
	for (size_t i = 0; i < l->n; i++)
		if (erpolicy_pfx_cmp(&l->v[i], p) == 0)
			return true;
	return false;
}

/* Which kind of Azure peer an address (a next hop or a neighbor) is. */
static enum erpolicy_transport addr_transport(const struct erpolicy_intent *in, const char *ip)
{
	struct erpolicy_pfx p;
	char err[128];

	if (!ip || erpolicy_pfx_parse(ip, true, &p, err, sizeof(err)))
		return ERPOLICY_TRANSPORT_OTHER;
	if (list_has(&in->items[ERPOLICY_ITEM_VPN_NEIGHBOR], &p))
		return ERPOLICY_TRANSPORT_VPN;
	if (list_has(&in->items[ERPOLICY_ITEM_ER_NEIGHBOR], &p))
		return ERPOLICY_TRANSPORT_EXPRESSROUTE;
	return ERPOLICY_TRANSPORT_OTHER;
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

/* zebra's selected route for a prefix (exact) or an address (longest match). */
struct zroute {
	bool found;
	char prefix[64];
	char protocol[24];
	int64_t tag;
	bool installed;
	char nexthop[64]; /* first next hop in the FIB */
	enum erpolicy_transport transport;
	bool all_er;	  /* every FIB next hop is an ExpressRoute neighbor */
};

static void zebra_lookup(struct erpolicy_vtyconn *zc, const struct erpolicy_intent *in,
			 const char *what, bool v6, struct zroute *r)
{
	char cmd[256], vbuf[64];
	json_object *js;

	memset(r, 0, sizeof(*r));
	r->transport = ERPOLICY_TRANSPORT_NONE;
	snprintf(cmd, sizeof(cmd), "show %s route%s %s json", v6 ? "ipv6" : "ip",
		 vrf_opt(in->vrf, vbuf, sizeof(vbuf)), what);
	js = query_json(zc, cmd);
	if (!js)
		return;
	json_object_object_foreach(js, key, routes)
	{
		size_t n = json_object_is_type(routes, json_type_array)
				   ? json_object_array_length(routes)
				   : 0;

		for (size_t i = 0; i < n && !r->found; i++) {
			json_object *rt = json_object_array_get_idx(routes, i);
			json_object *nhs;

			if (!jbool(rt, "selected"))
				continue;
			r->found = true;
			snprintf(r->prefix, sizeof(r->prefix), "%s", key);
			snprintf(r->protocol, sizeof(r->protocol), "%s", jstr(rt, "protocol") ?: "");
			r->tag = jint(rt, "tag");
			r->installed = jbool(rt, "installed");
			r->all_er = true;
			if (!json_object_object_get_ex(rt, "nexthops", &nhs))
				continue;
			for (size_t j = 0; j < json_object_array_length(nhs); j++) {
				json_object *nh = json_object_array_get_idx(nhs, j);
				const char *ip = jstr(nh, "ip");
				enum erpolicy_transport t;

				if (!jbool(nh, "fib"))
					continue;
				t = addr_transport(in, ip);
				if (t != ERPOLICY_TRANSPORT_EXPRESSROUTE)
					r->all_er = false;
				if (!r->nexthop[0]) {
					snprintf(r->nexthop, sizeof(r->nexthop), "%s", ip ?: "");
					r->transport = t;
				}
			}
			if (!r->nexthop[0]) {
				r->all_er = false;
				/* Connected, blackhole or similar: not an Azure peer. */
				r->transport = ERPOLICY_TRANSPORT_OTHER;
			}
		}
	}
	json_object_put(js);
}

/* bgpd's best path for a prefix: its neighbor and local-preference. */
static void bgp_best(struct erpolicy_vtyconn *bc, const struct erpolicy_intent *in,
		     const struct erpolicy_pfx *p, char *nbr, size_t nbrlen, uint32_t *lp)
{
	char cmd[256], vbuf[64], pbuf[64];
	json_object *js, *paths;

	nbr[0] = '\0';
	*lp = 0;
	snprintf(cmd, sizeof(cmd), "show bgp%s %s unicast %s json",
		 vrf_opt(in->vrf, vbuf, sizeof(vbuf)), afi_kw(p),
		 erpolicy_pfx_str(p, false, pbuf, sizeof(pbuf)));
	js = query_json(bc, cmd);
	if (!js)
		return;
	if (json_object_object_get_ex(js, "paths", &paths) &&
	    json_object_is_type(paths, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(paths); i++) {
			json_object *path = json_object_array_get_idx(paths, i);
			json_object *best, *peer;

			if (!json_object_object_get_ex(path, "bestpath", &best) ||
			    !jbool(best, "overall"))
				continue;
			if (json_object_object_get_ex(path, "peer", &peer))
				snprintf(nbr, nbrlen, "%s", jstr(peer, "peerId") ?: "");
			*lp = jint(path, "locPrf") > 0 ? (uint32_t)jint(path, "locPrf") : 0;
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
	json_object *js;
	size_t k = 0;

	*n = er->n + vpn->n;
	st = XCALLOC(MTYPE_TMP, (*n ? *n : 1) * sizeof(*st));
	snprintf(cmd, sizeof(cmd), "show bgp%s neighbors json",
		 vrf_opt(in->vrf, vbuf, sizeof(vbuf)));
	js = query_json(bc, cmd);
	for (int kind = 0; kind < 2; kind++) {
		const struct erpolicy_list *l = kind ? vpn : er;

		for (size_t i = 0; i < l->n; i++, k++) {
			json_object *nb;

			st[k].addr = l->v[i];
			st[k].vpn = kind;
			erpolicy_pfx_str(&l->v[i], true, abuf, sizeof(abuf));
			if (js && json_object_object_get_ex(js, abuf, &nb)) {
				st[k].configured = true;
				snprintf(st[k].state, sizeof(st[k].state), "%s",
					 jstr(nb, "bgpState") ?: "");
			} else {
				snprintf(st[k].state, sizeof(st[k].state), "not-configured");
			}
		}
	}
	if (js)
		json_object_put(js);
	return st;
}

static bool nbr_up(const struct erpolicy_nbr_state *s)
{
	return strcmp(s->state, "Established") == 0;
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
	if (json_object_object_get_ex(js, "advertisedRoutes", &routes)) {
		json_object_object_foreach(routes, key, val)
		{
			struct erpolicy_pfx p;
			char err[128];

			(void)val;
			if (erpolicy_pfx_parse(key, false, &p, err, sizeof(err)))
				continue;
			out->v = XREALLOC(MTYPE_TMP, out->v, (out->n + 1) * sizeof(*out->v));
			out->v[out->n++] = p;
		}
	}
	json_object_put(js);
}

/* Azure's return path for an on-prem prefix, from what each kind of peer gets. */
static enum erpolicy_transport return_path(const struct erpolicy_pfx *o,
					   const struct erpolicy_list *to_er,
					   const struct erpolicy_list *to_vpn, char *via, size_t vialen)
{
	int best_len = -1;
	enum erpolicy_transport best = ERPOLICY_TRANSPORT_NONE;

	via[0] = '\0';
	for (int kind = 0; kind < 2; kind++) {
		const struct erpolicy_list *l = kind ? to_vpn : to_er;

		for (size_t i = 0; i < l->n; i++) {
			if (!erpolicy_pfx_contains(&l->v[i], o))
				continue;
			/* Longest prefix; ExpressRoute (seen first) wins a tie. */
			if (l->v[i].plen > best_len) {
				best_len = l->v[i].plen;
				best = kind ? ERPOLICY_TRANSPORT_VPN : ERPOLICY_TRANSPORT_EXPRESSROUTE;
				erpolicy_pfx_str(&l->v[i], false, via, vialen);
			}
		}
	}
	return best;
}

static void verdict_status(struct erpolicy_verdict *v, enum erpolicy_transport got)
{
	if (got == v->expected) {
		v->status = got == ERPOLICY_TRANSPORT_NONE ? ERPOLICY_STATUS_NO_ROUTE
							   : ERPOLICY_STATUS_OK;
		return;
	}
	v->status = ERPOLICY_STATUS_VIOLATION;
}

static void verify_instance(struct erpolicy_instance *inst, struct erpolicy_vtyconn *bc,
			    struct erpolicy_vtyconn *zc)
{
	const struct erpolicy_intent *in = &inst->intent;
	const enum erpolicy_item roles[] = { ERPOLICY_ITEM_AZURE_PREFIX,
					     ERPOLICY_ITEM_GATEWAY_SUBNET,
					     ERPOLICY_ITEM_ONPREM_PREFIX };
	struct erpolicy_list to_er = {}, to_vpn = {};
	struct erpolicy_verdict *old = inst->verdicts;
	size_t n_old = inst->n_verdicts, n = 0, k = 0;
	bool vpn_up[2] = {}; /* per family: [0] IPv4, [1] IPv6 */
	char pbuf[64];

	XFREE(MTYPE_TMP, inst->nbrs);
	inst->nbrs = nbr_states(bc, in, &inst->n_nbrs);
	for (size_t i = 0; i < inst->n_nbrs; i++) {
		const struct erpolicy_nbr_state *nb = &inst->nbrs[i];

		if (!nbr_up(nb))
			continue;
		if (nb->vpn)
			vpn_up[nb->addr.family == AF_INET6] = true;
		advertised(bc, in, nb, nb->vpn ? &to_vpn : &to_er);
	}

	for (size_t r = 0; r < array_size(roles); r++)
		n += in->items[roles[r]].n;
	inst->verdicts = XCALLOC(MTYPE_TMP, (n ? n : 1) * sizeof(*inst->verdicts));
	inst->n_verdicts = n;
	inst->violations = 0;

	for (size_t r = 0; r < array_size(roles); r++) {
		const struct erpolicy_list *l = &in->items[roles[r]];

		for (size_t i = 0; i < l->n; i++, k++) {
			struct erpolicy_verdict *v = &inst->verdicts[k];
			const struct erpolicy_pfx *p = &l->v[i];
			bool v6 = p->family == AF_INET6;
			enum erpolicy_transport fallback =
				in->mode == ERPOLICY_MODE_PREFER_VPN
					? ERPOLICY_TRANSPORT_EXPRESSROUTE
					: ERPOLICY_TRANSPORT_NONE;
			struct zroute zr;
			char via[64];

			v->pfx = *p;
			v->role = roles[r];
			v->return_path = ERPOLICY_TRANSPORT_NONE;
			erpolicy_pfx_str(p, false, pbuf, sizeof(pbuf));

			if (roles[r] == ERPOLICY_ITEM_AZURE_PREFIX) {
				v->expected = vpn_up[v6] ? ERPOLICY_TRANSPORT_VPN : fallback;
				zebra_lookup(zc, in, pbuf, v6, &zr);
				v->actual = zr.transport;
				bgp_best(bc, in, p, v->best_nbr, sizeof(v->best_nbr), &v->lp);
				verdict_status(v, v->actual);
				if (v->status == ERPOLICY_STATUS_OK && v->actual == ERPOLICY_TRANSPORT_VPN &&
				    v->lp != in->lp_vpn) {
					v->status = ERPOLICY_STATUS_VIOLATION;
					snprintf(v->reason, sizeof(v->reason),
						 "local-preference %u, intent says %u", v->lp,
						 in->lp_vpn);
				} else if (v->status == ERPOLICY_STATUS_VIOLATION)
					snprintf(v->reason, sizeof(v->reason),
						 "expected %s, traffic goes %s%s",
						 erpolicy_transport_name(v->expected),
						 v->actual == ERPOLICY_TRANSPORT_NONE ? "nowhere (no route)"
										      : "over ",
						 v->actual == ERPOLICY_TRANSPORT_NONE
							 ? ""
							 : erpolicy_transport_name(v->actual));
			} else if (roles[r] == ERPOLICY_ITEM_GATEWAY_SUBNET) {
				bool covered = false;
				char addr[64];

				for (size_t a = 0; a < in->items[ERPOLICY_ITEM_AZURE_PREFIX].n; a++)
					if (erpolicy_pfx_contains(
						    &in->items[ERPOLICY_ITEM_AZURE_PREFIX].v[a], p))
						covered = true;
				v->expected = ERPOLICY_TRANSPORT_EXPRESSROUTE;
				/* The route the tunnel endpoints in the subnet use. */
				snprintf(addr, sizeof(addr), "%s", pbuf);
				addr[strcspn(addr, "/")] = '\0';
				zebra_lookup(zc, in, addr, v6, &zr);
				v->actual = zr.transport;
				snprintf(v->best_nbr, sizeof(v->best_nbr), "%s", zr.nexthop);
				v->pinned = zr.found && strcmp(zr.prefix, pbuf) == 0 &&
					    strcmp(zr.protocol, "static") == 0 &&
					    zr.tag == ERPOLICY_PIN_TAG && zr.installed && zr.all_er;
				verdict_status(v, v->actual);
				if (v->status == ERPOLICY_STATUS_NO_ROUTE)
					v->status = ERPOLICY_STATUS_VIOLATION;
				if (v->status != ERPOLICY_STATUS_OK)
					snprintf(v->reason, sizeof(v->reason),
						 "tunnel endpoints routed %s%s (%s)",
						 v->actual == ERPOLICY_TRANSPORT_NONE ? "nowhere" : "over ",
						 v->actual == ERPOLICY_TRANSPORT_NONE
							 ? ""
							 : erpolicy_transport_name(v->actual),
						 zr.found ? zr.prefix : "no route");
				else if (covered && !v->pinned) {
					v->status = ERPOLICY_STATUS_VIOLATION;
					snprintf(v->reason, sizeof(v->reason),
						 "covered by an azure-prefix but not pinned");
				}
			} else { /* ERPOLICY_ITEM_ONPREM_PREFIX */
				v->expected = vpn_up[v6] ? ERPOLICY_TRANSPORT_VPN : fallback;
				v->return_path = return_path(p, &to_er, &to_vpn, via, sizeof(via));
				v->actual = v->return_path;
				verdict_status(v, v->return_path);
				if (v->status == ERPOLICY_STATUS_VIOLATION)
					snprintf(v->reason, sizeof(v->reason),
						 "Azure would return traffic over %s%s%s%s",
						 erpolicy_transport_name(v->return_path),
						 via[0] ? " (" : "", via, via[0] ? " advertised)" : "");
				if (v->status == ERPOLICY_STATUS_VIOLATION &&
				    v->return_path == ERPOLICY_TRANSPORT_EXPRESSROUTE &&
				    v->expected == ERPOLICY_TRANSPORT_VPN)
					strlcat(v->reason, ": asymmetric", sizeof(v->reason));
			}

			if (v->status == ERPOLICY_STATUS_VIOLATION)
				inst->violations++;

			/* Log changes into and out of violation. */
			for (size_t o = 0; o < n_old; o++) {
				if (old[o].role != v->role || erpolicy_pfx_cmp(&old[o].pfx, p))
					continue;
				if (old[o].status != ERPOLICY_STATUS_VIOLATION &&
				    v->status == ERPOLICY_STATUS_VIOLATION)
					zlog_warn("expressroute-policy vrf %s: %s %s violates the policy: %s",
						  in->vrf, erpolicy_item_name(v->role), pbuf, v->reason);
				else if (old[o].status == ERPOLICY_STATUS_VIOLATION &&
					 v->status != ERPOLICY_STATUS_VIOLATION)
					zlog_warn("expressroute-policy vrf %s: %s %s is back to normal (%s via %s)",
						  in->vrf, erpolicy_item_name(v->role), pbuf,
						  erpolicy_status_name(v->status),
						  erpolicy_transport_name(v->actual));
				break;
			}
		}
	}
	XFREE(MTYPE_TMP, old);
	XFREE(MTYPE_TMP, to_er.v);
	XFREE(MTYPE_TMP, to_vpn.v);
	inst->last_verify = time(NULL);
}

static void erpolicy_verify_run(struct event *t)
{
	struct erpolicy_vtyconn bc = { .fd = -1 }, zc = { .fd = -1 };
	struct erpolicy_instance *inst;

	if (!erpolicy_instance_first())
		return;
	if (erpolicy_vtyconn_enable(&bc, "bgpd") == 0 &&
	    erpolicy_vtyconn_enable(&zc, "zebra") == 0) {
		for (inst = erpolicy_instance_first(); inst; inst = erpolicy_instance_next(inst))
			verify_instance(inst, &bc, &zc);
	}
	erpolicy_vtyconn_close(&bc);
	erpolicy_vtyconn_close(&zc);
	/* Route changes trigger a run at once; this catches everything else. */
	erpolicy_verify_schedule(ERPOLICY_VERIFY_INTERVAL_MS);
}

void erpolicy_verify_schedule(unsigned long msec)
{
	if (!verify_loop)
		return;
	if (t_verify && msec >= event_timer_remain_msec(t_verify))
		return;
	event_cancel(&t_verify);
	event_add_timer_msec(verify_loop, erpolicy_verify_run, NULL, msec, &t_verify);
}

void erpolicy_verify_init(struct event_loop *loop)
{
	verify_loop = loop;
	erpolicy_verify_schedule(ERPOLICY_VERIFY_INTERVAL_MS);
}

void erpolicy_verify_fini(void)
{
	event_cancel(&t_verify);
	verify_loop = NULL;
}
