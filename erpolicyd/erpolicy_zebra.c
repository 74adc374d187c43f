// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: zebra client. erpolicyd installs nothing through zapi: it mirrors
 * zebra's selected routes of every VRF through the redistribution of all route
 * types (zebra redistributes a route once it is installed in the FIB, and sends
 * a replacement or a delete when that changes), and every change schedules the
 * verifier. It says hello as an otherwise unused route type with its own
 * instance, so zebra never mistakes it for bgpd or staticd (graceful restart
 * matches clients by protocol and instance).
 */
#include <zebra.h>

#include "log.h"
#include "memory.h"
#include "prefix.h"
#include "table.h"
#include "vrf.h"
#include "zclient.h"

#include "erpolicy_zebra.h"
#include "erpolicy_instance.h"
#include "erpolicy_debug.h"

DEFINE_MTYPE_STATIC(ERPOLICYD, ERPOLICY_ZVRF, "ExpressRoute policy zebra VRF mirror");
DEFINE_MTYPE_STATIC(ERPOLICYD, ERPOLICY_ZROUTE, "ExpressRoute policy zebra route");

DEFINE_HOOK(erpolicy_zebra_route_changed, (const char *vrf, const union erpolicy_prefix *p),
	    (vrf, p));

/* erpolicyd's own route type (FRR patch 0006): it installs no routes. */
#define ERPOLICY_ZEBRA_ROUTE	ZEBRA_ROUTE_ERPOLICY
#define ERPOLICY_ZEBRA_INSTANCE 0
/*
 * zebra marks no end of the route dump that follows a redistribution request:
 * the mirror counts as complete once no route arrived for this long.
 */
#define ERPOLICY_ZEBRA_QUIET_MS 250

struct erpolicy_zvrf {
	struct route_table *rt[2]; /* [0] IPv4, [1] IPv6 */
	size_t count;
};

static struct event_loop *zebra_loop;
static struct zclient *zclient;
static struct event *t_quiet;
static bool zebra_synced;
static size_t zebra_count;

static struct erpolicy_zvrf *zvrf_get(struct vrf *vrf)
{
	struct erpolicy_zvrf *zv = vrf->info;

	if (!zv) {
		zv = XCALLOC(MTYPE_ERPOLICY_ZVRF, sizeof(*zv));
		zv->rt[0] = route_table_init();
		zv->rt[1] = route_table_init();
		vrf->info = zv;
	}
	return zv;
}

static void zvrf_flush(struct erpolicy_zvrf *zv)
{
	for (int i = 0; i < 2; i++) {
		struct route_node *rn;

		for (rn = route_top(zv->rt[i]); rn; rn = route_next(rn)) {
			if (!rn->info)
				continue;
			XFREE(MTYPE_ERPOLICY_ZROUTE, rn->info);
			route_unlock_node(rn);
		}
	}
	zebra_count -= zv->count;
	zv->count = 0;
}

static void zvrf_free(struct vrf *vrf)
{
	struct erpolicy_zvrf *zv = vrf->info;

	if (!zv)
		return;
	zvrf_flush(zv);
	route_table_finish(zv->rt[0]);
	route_table_finish(zv->rt[1]);
	XFREE(MTYPE_ERPOLICY_ZVRF, zv);
	vrf->info = NULL;
}

static void pfx_from_prefix(union erpolicy_prefix *out, const struct prefix *p)
{
	memset(out, 0, sizeof(*out));
	out->family = p->family;
	out->prefixlen = p->prefixlen;
	memcpy(&out->u, &p->u.prefix, p->family == AF_INET6 ? IPV6_MAX_BYTELEN : IPV4_MAX_BYTELEN);
}

/* A next hop's address as a host prefix (out zeroed before). */
static void pfx_from_gate(union erpolicy_prefix *out, uint8_t family, const union g_addr *gate)
{
	out->family = family;
	if (family == AF_INET6) {
		out->prefixlen = IPV6_MAX_BITLEN;
		out->u.prefix6 = gate->ipv6;
	} else {
		out->prefixlen = IPV4_MAX_BITLEN;
		out->u.prefix4 = gate->ipv4;
	}
}

static void pfx_to_prefix(struct prefix *out, const union erpolicy_prefix *p)
{
	memset(out, 0, sizeof(*out));
	memcpy(out, p, sizeof(*p)); /* struct prefix's layout, up to the end of an IPv6 address */
}

static void zebra_quiet(struct event *t)
{
	if (!zebra_synced)
		ERPOLICY_DEBUG_VERIFY("zebra: route mirror complete, %zu routes", zebra_count);
	zebra_synced = true;
	hook_call(erpolicy_zebra_route_changed, NULL, NULL);
}

static int erpolicy_zebra_route(ZAPI_CALLBACK_ARGS)
{
	struct zapi_route api;
	struct vrf *vrf;
	struct erpolicy_zvrf *zv;
	struct route_node *rn;
	struct erpolicy_zroute *zr;
	union erpolicy_prefix pfx;
	int fam;

	if (zapi_route_decode(zclient->ibuf, &api) < 0)
		return -1;
	if (api.prefix.family != AF_INET && api.prefix.family != AF_INET6)
		return 0;
	if (CHECK_FLAG(api.message, ZAPI_MESSAGE_SRCPFX) && api.src_prefix.prefixlen)
		return 0; /* source-specific routes are not what the policy is about */
	vrf = vrf_lookup_by_id(vrf_id);
	if (!vrf)
		return 0;
	zv = zvrf_get(vrf);
	fam = api.prefix.family == AF_INET6;
	apply_mask(&api.prefix);

	if (cmd == ZEBRA_REDISTRIBUTE_ROUTE_ADD) {
		rn = route_node_get(zv->rt[fam], &api.prefix);
		if (rn->info) {
			XFREE(MTYPE_ERPOLICY_ZROUTE, rn->info);
			route_unlock_node(rn);
		} else {
			zv->count++;
			zebra_count++;
		}
		zr = XCALLOC(MTYPE_ERPOLICY_ZROUTE,
			     sizeof(*zr) + api.nexthop_num * sizeof(zr->nh[0]));
		pfx_from_prefix(&zr->pfx, &api.prefix);
		zr->type = api.type;
		zr->distance = api.distance;
		zr->tag = CHECK_FLAG(api.message, ZAPI_MESSAGE_TAG) ? api.tag : 0;
		zr->n_nh = api.nexthop_num;
		for (unsigned int i = 0; i < api.nexthop_num; i++) {
			const struct zapi_nexthop *nh = &api.nexthops[i];
			struct erpolicy_znh *z = &zr->nh[i];

			z->type = nh->type;
			z->ifindex = nh->ifindex;
			switch (nh->type) {
			case NEXTHOP_TYPE_IPV4:
			case NEXTHOP_TYPE_IPV4_IFINDEX:
				pfx_from_gate(&z->gate, AF_INET, &nh->gate);
				break;
			case NEXTHOP_TYPE_IPV6:
			case NEXTHOP_TYPE_IPV6_IFINDEX:
				pfx_from_gate(&z->gate, AF_INET6, &nh->gate);
				break;
			case NEXTHOP_TYPE_IFINDEX:
			case NEXTHOP_TYPE_BLACKHOLE:
				break;
			}
		}
		rn->info = zr;
		/* route_node_get's lock stays: it is the mirror's reference. */
	} else {
		rn = route_node_lookup(zv->rt[fam], &api.prefix);
		if (!rn)
			return 0;
		route_unlock_node(rn); /* route_node_lookup's lock */
		zr = rn->info;
		/* A delete for another type than the one mirrored is stale. */
		if (!zr || zr->type != api.type)
			return 0;
		XFREE(MTYPE_ERPOLICY_ZROUTE, rn->info);
		route_unlock_node(rn);
		zv->count--;
		zebra_count--;
	}

	pfx_from_prefix(&pfx, &api.prefix);
	if (!zebra_synced) {
		event_cancel(&t_quiet);
		event_add_timer_msec(zebra_loop, zebra_quiet, NULL, ERPOLICY_ZEBRA_QUIET_MS,
				     &t_quiet);
		return 0;
	}
	hook_call(erpolicy_zebra_route_changed, vrf->name, &pfx);
	return 0;
}

static void zebra_subscribe(struct vrf *vrf, int command)
{
	if (!zclient || zclient->sock < 0)
		return;
	for (afi_t afi = AFI_IP; afi <= AFI_IP6; afi++)
		zebra_redistribute_send(command, zclient, afi, ZEBRA_ROUTE_ALL, 0, vrf->vrf_id);
}

static void erpolicy_zebra_connected(struct zclient *zc)
{
	struct vrf *vrf;

	/* A new zebra (or the same after a reconnect) sends everything again. */
	zebra_synced = false;
	RB_FOREACH (vrf, vrf_id_head, &vrfs_by_id)
		if (vrf->info)
			zvrf_flush(vrf->info);
	zclient_send_reg_requests(zc, VRF_DEFAULT);
	RB_FOREACH (vrf, vrf_id_head, &vrfs_by_id) {
		if (!vrf_is_enabled(vrf))
			continue;
		if (vrf->vrf_id != VRF_DEFAULT)
			zclient_send_reg_requests(zc, vrf->vrf_id);
		zebra_subscribe(vrf, ZEBRA_REDISTRIBUTE_ADD);
	}
	event_cancel(&t_quiet);
	event_add_timer_msec(zebra_loop, zebra_quiet, NULL, ERPOLICY_ZEBRA_QUIET_MS, &t_quiet);
}

static int erpolicy_zebra_vrf_new(struct vrf *vrf)
{
	zvrf_get(vrf);
	return 0;
}

static int erpolicy_zebra_vrf_enable(struct vrf *vrf)
{
	if (vrf->vrf_id != VRF_DEFAULT && zclient && zclient->sock >= 0)
		zclient_send_reg_requests(zclient, vrf->vrf_id);
	zebra_subscribe(vrf, ZEBRA_REDISTRIBUTE_ADD);
	return 0;
}

static int erpolicy_zebra_vrf_disable(struct vrf *vrf)
{
	if (vrf->info)
		zvrf_flush(vrf->info);
	hook_call(erpolicy_zebra_route_changed, vrf->name, NULL);
	return 0;
}

static int erpolicy_zebra_vrf_delete(struct vrf *vrf)
{
	zvrf_free(vrf);
	return 0;
}

static zclient_handler *const erpolicy_handlers[] = {
	[ZEBRA_REDISTRIBUTE_ROUTE_ADD] = erpolicy_zebra_route,
	[ZEBRA_REDISTRIBUTE_ROUTE_DEL] = erpolicy_zebra_route,
};

void erpolicy_zebra_init(struct event_loop *loop, struct zebra_privs_t *privs)
{
	zebra_loop = loop;
	vrf_init(erpolicy_zebra_vrf_new, erpolicy_zebra_vrf_enable, erpolicy_zebra_vrf_disable,
		 erpolicy_zebra_vrf_delete);
	zclient = zclient_new(loop, &zclient_options_default, erpolicy_handlers,
			      array_size(erpolicy_handlers));
	zclient_init(zclient, ERPOLICY_ZEBRA_ROUTE, ERPOLICY_ZEBRA_INSTANCE, privs);
	zclient->zebra_connected = erpolicy_zebra_connected;
}

void erpolicy_zebra_fini(void)
{
	event_cancel(&t_quiet);
	if (zclient) {
		zclient_stop(zclient);
		zclient_free(zclient);
		zclient = NULL;
	}
	vrf_terminate();
}

bool erpolicy_zebra_synced(const char *vrf)
{
	struct vrf *v = vrf_lookup_by_name(vrf);

	/* The socket is closed from the moment zebra went away until it is back. */
	return zebra_synced && zclient && zclient->sock >= 0 && v && vrf_is_enabled(v) && v->info;
}

const struct erpolicy_zvrf *erpolicy_zebra_vrf(const char *vrf)
{
	struct vrf *v = vrf_lookup_by_name(vrf);

	return v ? v->info : NULL;
}

const struct erpolicy_zroute *erpolicy_zebra_lookup(const struct erpolicy_zvrf *zv,
						    const union erpolicy_prefix *p, bool exact)
{
	struct route_node *rn;
	struct prefix pp;
	const struct erpolicy_zroute *zr = NULL;

	if (!zv)
		return NULL;
	pfx_to_prefix(&pp, p);
	if (exact) {
		rn = route_node_lookup(zv->rt[p->family == AF_INET6], &pp);
		if (rn) {
			zr = rn->info;
			route_unlock_node(rn);
		}
		return zr;
	}
	/* The longest match among the nodes that carry a route. */
	rn = route_node_match(zv->rt[p->family == AF_INET6], &pp);
	if (rn) {
		zr = rn->info;
		route_unlock_node(rn);
	}
	return zr;
}

const char *erpolicy_zebra_type_name(uint8_t type)
{
	return zebra_route_string(type);
}

size_t erpolicy_zebra_count(void)
{
	return zebra_count;
}
