// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd: the per-VRF policy instances (intent in force and its compiled plan). */
#include <zebra.h>

#include "memory.h"
#include "log.h"

#include "erpolicy_instance.h"
#include "erpolicy_debug.h"

DEFINE_MTYPE_STATIC(ERPOLICYD, ERPOLICY_INSTANCE, "ExpressRoute policy instance");

DEFINE_HOOK(erpolicy_instance_plan_changed, (struct erpolicy_instance * inst), (inst));
DEFINE_HOOK(erpolicy_instance_intent_changed, (struct erpolicy_instance * inst, bool reread),
	    (inst, reread));
DEFINE_HOOK(erpolicy_instance_gone, (struct erpolicy_instance * inst), (inst));

static int erpolicy_instance_cmp(const struct erpolicy_instance *a,
				 const struct erpolicy_instance *b)
{
	return strcmp(a->vrf, b->vrf);
}

DECLARE_RBTREE_UNIQ(erpolicy_instances, struct erpolicy_instance, entry, erpolicy_instance_cmp);

static struct erpolicy_instances_head instances;
static struct event_loop *erpolicy_loop;

void erpolicy_instance_init(struct event_loop *loop)
{
	erpolicy_loop = loop;
	erpolicy_instances_init(&instances);
}

struct erpolicy_instance *erpolicy_instance_lookup(const char *vrf)
{
	struct erpolicy_instance key = {};

	strlcpy(key.vrf, vrf, sizeof(key.vrf));
	return erpolicy_instances_find(&instances, &key);
}

struct erpolicy_instance *erpolicy_instance_create(const char *vrf)
{
	struct erpolicy_instance *inst = erpolicy_instance_lookup(vrf);

	if (inst)
		return inst;
	inst = XCALLOC(MTYPE_ERPOLICY_INSTANCE, sizeof(*inst));
	strlcpy(inst->vrf, vrf, sizeof(inst->vrf));
	erpolicy_intent_init(&inst->intent, vrf);
	erpolicy_instances_add(&instances, inst);
	hook_call(erpolicy_instance_plan_changed, inst);
	return inst;
}

void erpolicy_instance_delete(struct erpolicy_instance *inst)
{
	/* What it produced goes at the next pass: nothing wants it any more. */
	hook_call(erpolicy_instance_plan_changed, inst);
	erpolicy_instances_del(&instances, inst);
	hook_call(erpolicy_instance_gone, inst);
	erpolicy_plan_free(inst->plan);
	XFREE(MTYPE_ERPOLICY_PREFIX_LIST, inst->vpn_down.v);
	erpolicy_strs_free(inst->warnings);
	erpolicy_intent_fini(&inst->intent);
	XFREE(MTYPE_ERPOLICY_INSTANCE, inst);
}

static void intent_changed(struct erpolicy_instance *inst, bool reread)
{
	hook_call(erpolicy_instance_intent_changed, inst, reread);
	hook_call(erpolicy_instance_plan_changed, inst);
}

void erpolicy_instance_set_intent(struct erpolicy_instance *inst, struct erpolicy_intent *in)
{
	struct erpolicy_plan *plan;
	const struct erpolicy_intent *old = &inst->intent;
	bool reread = old->lp_vpn != in->lp_vpn || old->lp_er != in->lp_er;

	for (int it = ERPOLICY_ITEM_ER_NEIGHBOR; it <= ERPOLICY_ITEM_VPN_NEIGHBOR; it++)
		if (old->items[it].n != in->items[it].n ||
		    (in->items[it].n && memcmp(old->items[it].v, in->items[it].v,
					       in->items[it].n * sizeof(in->items[it].v[0])) != 0))
			reread = true;
	erpolicy_intent_fini(&inst->intent);
	inst->intent = *in;
	memset(in, 0, sizeof(*in));

	plan = erpolicy_compile_with(&inst->intent, &inst->vpn_down);
	erpolicy_plan_free(inst->plan);
	inst->plan = plan;
	for (size_t i = 0; i < plan->n_warnings; i++)
		zlog_warn("expressroute-policy vrf %s: %s", inst->vrf, plan->warnings[i]);
	inst->apply_state = ERPOLICY_APPLY_PENDING;
	inst->converged = false;
	intent_changed(inst, reread);
	ERPOLICY_DEBUG_APPLY("vrf %s: intent compiled: %zu prefix-lists, %zu route-maps, %zu bindings, %zu pins",
			     inst->vrf, plan->n_plists, plan->n_rmaps, plan->n_bindings,
			     plan->n_pins);
}

bool erpolicy_instance_vpn_down(const struct erpolicy_instance *inst,
				const union erpolicy_prefix *nbr)
{
	for (size_t i = 0; i < inst->vpn_down.n; i++)
		if (erpolicy_prefix_cmp(&inst->vpn_down.v[i], nbr) == 0)
			return true;
	return false;
}

void erpolicy_instance_set_vpn_down(struct erpolicy_instance *inst,
				    const union erpolicy_prefix *nbr, bool down)
{
	struct erpolicy_list *l = &inst->vpn_down;
	struct erpolicy_plan *plan;
	size_t i = 0;

	if (erpolicy_instance_vpn_down(inst, nbr) == down)
		return;
	while (i < l->n && erpolicy_prefix_cmp(&l->v[i], nbr) < 0)
		i++;
	if (down) {
		if (l->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 4;
			l->v = XREALLOC(MTYPE_ERPOLICY_PREFIX_LIST, l->v, l->cap * sizeof(*l->v));
		}
		memmove(&l->v[i + 1], &l->v[i], (l->n - i) * sizeof(*l->v));
		l->v[i] = *nbr;
		l->n++;
	} else {
		memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof(*l->v));
		l->n--;
	}
	/* The plan changes (the neighbor's inbound route-map): not drift. */
	plan = erpolicy_compile_with(&inst->intent, &inst->vpn_down);
	erpolicy_plan_free(inst->plan);
	inst->plan = plan;
	inst->apply_state = ERPOLICY_APPLY_PENDING;
	inst->converged = false;
	hook_call(erpolicy_instance_plan_changed, inst);
}

struct erpolicy_instance *erpolicy_instance_first(void)
{
	return erpolicy_instances_first(&instances);
}

struct erpolicy_instance *erpolicy_instance_next(struct erpolicy_instance *inst)
{
	return erpolicy_instances_next(&instances, inst);
}

void erpolicy_instance_terminate(void)
{
	struct erpolicy_instance *inst;

	while ((inst = erpolicy_instances_first(&instances)))
		erpolicy_instance_delete(inst);
}

const char *erpolicy_time_str(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(buf, len, "%Y-%m-%dT%H:%M:%S+00:00", &tm))
		snprintf(buf, len, "never");
	return buf;
}
