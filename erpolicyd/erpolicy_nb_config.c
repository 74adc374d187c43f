// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: northbound configuration callbacks.
 *
 * The whole intent of one VRF is validated at once in pre_validate (the rules
 * relate items to each other), and compiled once per transaction in
 * apply_finish. The per-leaf callbacks have nothing to do: APPLY never fails.
 */
#include <zebra.h>

#include "northbound.h"
#include "libfrr.h"
#include "yang.h"

#include "erpolicy_nb.h"
#include "erpolicy_intent.h"
#include "erpolicy_instance.h"

/* Build the intent of one instance from its data node. 0 ok, -1 with errmsg. */
static int erpolicy_intent_from_dnode(const struct lyd_node *inst, struct erpolicy_intent *in,
				      char *errmsg, size_t errlen)
{
	const struct lyd_node *child;
	const char *vrf = yang_dnode_get_string(inst, "vrf");

	/* Before it is copied into the intent, where a longer name would be cut. */
	erpolicy_intent_init(in, NULL);
	if (erpolicy_vrf_name_check(vrf, errmsg, errlen))
		return -1;
	erpolicy_intent_init(in, vrf);
	if (erpolicy_mode_parse(yang_dnode_get_string(inst, "mode"), &in->mode)) {
		snprintf(errmsg, errlen, "mode %s: unknown mode",
			 yang_dnode_get_string(inst, "mode"));
		return -1;
	}
	in->lp_vpn = yang_dnode_get_uint32(inst, "local-preference/vpn");
	in->lp_er = yang_dnode_get_uint32(inst, "local-preference/expressroute");
	for (int k = 0; k < ERPOLICY_PEER_KIND_MAX; k++)
		for (int d = 0; d < ERPOLICY_DIR_MAX; d++) {
			char leaf[64];

			snprintf(leaf, sizeof(leaf), "maximum-prefix/%s-%s",
				 erpolicy_peer_kind_name(k), erpolicy_dir_name(d));
			if (yang_dnode_exists(inst, leaf))
				in->maxpfx[k][d] = yang_dnode_get_uint32(inst, "%s", leaf);
		}
	if (yang_dnode_exists(inst, "maximum-prefix/restart"))
		in->maxpfx_restart = yang_dnode_get_uint16(inst, "maximum-prefix/restart");
	in->probe.enabled = yang_dnode_get_bool(inst, "tunnel-probe/enabled");
	in->probe.interval_ms = yang_dnode_get_uint32(inst, "tunnel-probe/interval");
	in->probe.multiplier = yang_dnode_get_uint8(inst, "tunnel-probe/multiplier");
	in->probe.hold_down_s = yang_dnode_get_uint32(inst, "tunnel-probe/hold-down");
	LY_LIST_FOR (lyd_child(yang_dnode_get(inst, "tunnel-probe")), child) {
		if (strcmp(child->schema->name, "target") != 0)
			continue;
		if (erpolicy_intent_probe_target(in, yang_dnode_get_string(child, "neighbor"),
						 yang_dnode_get_string(child, "address"), errmsg,
						 errlen))
			return -1;
	}

	/* Appended as libyang orders them, sorted once: O(n log n) at 100,000 items. */
	LY_LIST_FOR (lyd_child(inst), child) {
		const char *name = child->schema->name;

		for (int it = 0; it < ERPOLICY_ITEM_MAX; it++) {
			if (strcmp(name, erpolicy_item_name(it)) != 0)
				continue;
			if (erpolicy_intent_append(in, it, lyd_get_value(child), errmsg, errlen))
				return -1;
			break;
		}
	}
	/* Fails on two spellings of one value (through a northbound client). */
	return erpolicy_intent_seal(in, errmsg, errlen);
}

int expressroute_policy_instance_pre_validate(struct nb_cb_pre_validate_args *args)
{
	struct erpolicy_intent in;
	int ret;

	ret = erpolicy_intent_from_dnode(args->dnode, &in, args->errmsg, args->errmsg_len);
	if (ret == 0)
		ret = erpolicy_intent_validate(&in, args->errmsg, args->errmsg_len);
	erpolicy_intent_fini(&in);
	return ret ? NB_ERR_VALIDATION : NB_OK;
}

int expressroute_policy_instance_create(struct nb_cb_create_args *args)
{
	struct erpolicy_instance *inst;

	if (args->event != NB_EV_APPLY)
		return NB_OK;

	inst = erpolicy_instance_create(yang_dnode_get_string(args->dnode, "vrf"));
	nb_running_set_entry(args->dnode, inst);
	return NB_OK;
}

int expressroute_policy_instance_destroy(struct nb_cb_destroy_args *args)
{
	struct erpolicy_instance *inst;

	if (args->event != NB_EV_APPLY)
		return NB_OK;

	inst = nb_running_unset_entry(args->dnode);
	erpolicy_instance_delete(inst);
	return NB_OK;
}

void expressroute_policy_instance_apply_finish(struct nb_cb_apply_finish_args *args)
{
	struct erpolicy_instance *inst;
	struct erpolicy_intent in;
	char errmsg[BUFSIZ] = {};

	inst = nb_running_get_entry(args->dnode, NULL, true);
	/* Validated in pre_validate: a failure here is a broken invariant. */
	if (erpolicy_intent_from_dnode(args->dnode, &in, errmsg, sizeof(errmsg))) {
		zlog_err("%s: intent of vrf %s failed after validation: %s", __func__, inst->vrf,
			 errmsg);
		erpolicy_intent_fini(&in);
		return;
	}
	erpolicy_instance_set_intent(inst, &in);
}

/* The leaves below are read back as a whole in apply_finish. */
#define ERPOLICY_NOOP_CB(node, op)                                                                \
	int expressroute_policy_instance_##node##_##op(struct nb_cb_##op##_args *args)            \
	{                                                                                         \
		return NB_OK;                                                                     \
	}
/* A leaf's modify or a list entry's create (op), and their destroy. */
#define ERPOLICY_NOOP_CBS(node, op) ERPOLICY_NOOP_CB(node, op) ERPOLICY_NOOP_CB(node, destroy)

ERPOLICY_NOOP_CB(mode, modify)
ERPOLICY_NOOP_CB(local_preference_vpn, modify)
ERPOLICY_NOOP_CB(local_preference_expressroute, modify)
ERPOLICY_NOOP_CBS(maximum_prefix_expressroute_in, modify)
ERPOLICY_NOOP_CBS(maximum_prefix_vpn_in, modify)
ERPOLICY_NOOP_CBS(maximum_prefix_expressroute_out, modify)
ERPOLICY_NOOP_CBS(maximum_prefix_vpn_out, modify)
ERPOLICY_NOOP_CBS(maximum_prefix_restart, modify)
ERPOLICY_NOOP_CB(tunnel_probe_enabled, modify)
ERPOLICY_NOOP_CB(tunnel_probe_interval, modify)
ERPOLICY_NOOP_CB(tunnel_probe_multiplier, modify)
ERPOLICY_NOOP_CB(tunnel_probe_hold_down, modify)
ERPOLICY_NOOP_CB(tunnel_probe_target_address, modify)
ERPOLICY_NOOP_CBS(azure_prefix, create)
ERPOLICY_NOOP_CBS(gateway_subnet, create)
ERPOLICY_NOOP_CBS(expressroute_neighbor, create)
ERPOLICY_NOOP_CBS(vpn_neighbor, create)
ERPOLICY_NOOP_CBS(tunnel_endpoint, create)
ERPOLICY_NOOP_CBS(onprem_prefix, create)
ERPOLICY_NOOP_CBS(expressroute_fallback, create)
ERPOLICY_NOOP_CBS(tunnel_probe_target, create)
