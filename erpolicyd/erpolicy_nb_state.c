// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: northbound operational-state callbacks: the apply state and the
 * verifier's results of each instance, as the YANG module's config false nodes.
 * `show expressroute-policy json` prints the same values under the same names
 * (camelCased).
 */
#include <zebra.h>

#include "northbound.h"
#include "yang.h"

#include "erpolicy_nb.h"
#include "erpolicy_instance.h"
#include "erpolicy_probe.h"

/* The instance a verdict or neighbor state belongs to (a handful of instances). */
static const struct erpolicy_instance *erpolicy_owner(const void *entry)
{
	struct erpolicy_instance *inst;

	for (inst = erpolicy_instance_first(); inst; inst = erpolicy_instance_next(inst)) {
		if (inst->n_verdicts && (const void *)inst->verdicts <= entry &&
		    entry < (const void *)(inst->verdicts + inst->n_verdicts))
			return inst;
		if (inst->n_nbrs && (const void *)inst->nbrs <= entry &&
		    entry < (const void *)(inst->nbrs + inst->n_nbrs))
			return inst;
	}
	return NULL;
}

/* XPath: /frr-expressroute-policy:expressroute-policy/instance */
const void *expressroute_policy_instance_get_next(struct nb_cb_get_next_args *args)
{
	if (!args->list_entry)
		return erpolicy_instance_first();
	return erpolicy_instance_next((struct erpolicy_instance *)args->list_entry);
}

int expressroute_policy_instance_get_keys(struct nb_cb_get_keys_args *args)
{
	const struct erpolicy_instance *inst = args->list_entry;

	args->keys->num = 1;
	strlcpy(args->keys->key[0], inst->vrf, sizeof(args->keys->key[0]));
	return NB_OK;
}

const void *expressroute_policy_instance_lookup_entry(struct nb_cb_lookup_entry_args *args)
{
	return erpolicy_instance_lookup(args->keys->key[0]);
}

/* The instance's own state leaves. */
struct yang_data *expressroute_policy_instance_bgp_asn_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_instance *inst = args->list_entry;

	return yang_data_new_uint32(args->xpath, inst->bgp_asn);
}

struct yang_data *expressroute_policy_instance_apply_state_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_instance *inst = args->list_entry;

	return yang_data_new_string(args->xpath, erpolicy_apply_state_name(inst->apply_state));
}

struct yang_data *
expressroute_policy_instance_apply_reason_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_instance *inst = args->list_entry;

	if (!inst->apply_reason[0])
		return NULL;
	return yang_data_new_string(args->xpath, inst->apply_reason);
}

struct yang_data *expressroute_policy_instance_last_apply_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_instance *inst = args->list_entry;
	char buf[32];

	if (!inst->last_apply)
		return NULL;
	return yang_data_new_string(args->xpath,
				    erpolicy_time_str(inst->last_apply, buf, sizeof(buf)));
}

struct yang_data *expressroute_policy_instance_applies_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_instance *inst = args->list_entry;

	return yang_data_new_uint64(args->xpath, inst->applies);
}

struct yang_data *
expressroute_policy_instance_drift_repairs_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_instance *inst = args->list_entry;

	return yang_data_new_uint64(args->xpath, inst->drift_repairs);
}

struct yang_data *expressroute_policy_instance_last_verify_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_instance *inst = args->list_entry;
	char buf[32];

	if (!inst->verified)
		return NULL;
	return yang_data_new_string(args->xpath,
				    erpolicy_time_str(inst->last_verify, buf, sizeof(buf)));
}

struct yang_data *expressroute_policy_instance_violations_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_instance *inst = args->list_entry;

	return yang_data_new_uint32(args->xpath, inst->violations);
}

/* XPath: .../instance/warning: the apply warnings, then the compiler's. */
const void *expressroute_policy_instance_warning_get_next(struct nb_cb_get_next_args *args)
{
	const struct erpolicy_instance *inst = args->parent_list_entry;
	char *const *w = args->list_entry;
	/* The apply warnings, the compiler's, the verifier's (neighbors without BFD). */
	struct {
		char *const *v;
		size_t n;
	} lists[] = {
		{ inst->warnings, darr_len(inst->warnings) },
		{ inst->plan ? inst->plan->warnings : NULL,
		  inst->plan ? inst->plan->n_warnings : 0 },
		{ inst->nbr_warnings, darr_len(inst->nbr_warnings) },
	};
	size_t k = 0;

	if (w) {
		while (k < array_size(lists) &&
		       !(lists[k].n && w >= lists[k].v && w < lists[k].v + lists[k].n))
			k++;
		if (k == array_size(lists))
			return NULL;
		if (w + 1 < lists[k].v + lists[k].n)
			return w + 1;
		k++;
	}
	for (; k < array_size(lists); k++)
		if (lists[k].n)
			return lists[k].v;
	return NULL;
}

struct yang_data *expressroute_policy_instance_warning_get_elem(struct nb_cb_get_elem_args *args)
{
	char *const *w = args->list_entry;

	return yang_data_new_string(args->xpath, *w);
}

/* XPath: .../instance/neighbor */
const void *expressroute_policy_instance_neighbor_get_next(struct nb_cb_get_next_args *args)
{
	const struct erpolicy_instance *inst = args->parent_list_entry;
	const struct erpolicy_nbr_state *nb = args->list_entry;

	if (!inst->n_nbrs)
		return NULL;
	if (!nb)
		return inst->nbrs;
	return nb + 1 < inst->nbrs + inst->n_nbrs ? nb + 1 : NULL;
}

int expressroute_policy_instance_neighbor_get_keys(struct nb_cb_get_keys_args *args)
{
	const struct erpolicy_nbr_state *nb = args->list_entry;

	args->keys->num = 1;
	erpolicy_prefix_str(&nb->addr, true, args->keys->key[0], sizeof(args->keys->key[0]));
	return NB_OK;
}

const void *expressroute_policy_instance_neighbor_lookup_entry(struct nb_cb_lookup_entry_args *args)
{
	const struct erpolicy_instance *inst = args->parent_list_entry;
	char buf[64];

	for (size_t i = 0; i < inst->n_nbrs; i++)
		if (strcmp(erpolicy_prefix_str(&inst->nbrs[i].addr, true, buf, sizeof(buf)),
			   args->keys->key[0]) == 0)
			return &inst->nbrs[i];
	return NULL;
}

struct yang_data *
expressroute_policy_instance_neighbor_address_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_nbr_state *nb = args->list_entry;
	char buf[64];

	return yang_data_new_string(args->xpath,
				    erpolicy_prefix_str(&nb->addr, true, buf, sizeof(buf)));
}

struct yang_data *
expressroute_policy_instance_neighbor_kind_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_nbr_state *nb = args->list_entry;

	return yang_data_new_string(args->xpath, nb->vpn ? "vpn" : "expressroute");
}

struct yang_data *
expressroute_policy_instance_neighbor_configured_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_nbr_state *nb = args->list_entry;

	return yang_data_new_bool(args->xpath, nb->configured);
}

struct yang_data *
expressroute_policy_instance_neighbor_session_state_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_nbr_state *nb = args->list_entry;

	return yang_data_new_string(args->xpath, nb->state);
}

struct yang_data *
expressroute_policy_instance_neighbor_bfd_state_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_nbr_state *nb = args->list_entry;

	if (nb->vpn)
		return NULL;
	return yang_data_new_string(args->xpath, nb->bfd[0] ? nb->bfd : "none");
}

/* The probe of a vpn-neighbor, read when asked (it changes between verifications). */
static bool nbr_probe(const struct nb_cb_get_elem_args *args, struct erpolicy_probe_info *info)
{
	const struct erpolicy_nbr_state *nb = args->list_entry;

	return nb->vpn && nb->vrf && erpolicy_probe_get(nb->vrf, &nb->addr, info);
}

struct yang_data *
expressroute_policy_instance_neighbor_probe_target_get_elem(struct nb_cb_get_elem_args *args)
{
	struct erpolicy_probe_info info;
	char buf[64];

	if (!nbr_probe(args, &info))
		return NULL;
	return yang_data_new_string(args->xpath,
				    erpolicy_prefix_str(&info.target, true, buf, sizeof(buf)));
}

struct yang_data *
expressroute_policy_instance_neighbor_probe_state_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_nbr_state *nb = args->list_entry;
	struct erpolicy_probe_info info;

	if (!nb->vpn)
		return NULL;
	if (!nbr_probe(args, &info))
		info.state = ERPOLICY_PROBE_DISABLED;
	return yang_data_new_enum(args->xpath, info.state);
}

struct yang_data *
expressroute_policy_instance_neighbor_probe_transitions_get_elem(struct nb_cb_get_elem_args *args)
{
	struct erpolicy_probe_info info;

	if (!nbr_probe(args, &info))
		return NULL;
	return yang_data_new_uint64(args->xpath, info.downs);
}

struct yang_data *
expressroute_policy_instance_neighbor_probe_last_change_get_elem(struct nb_cb_get_elem_args *args)
{
	struct erpolicy_probe_info info;
	char buf[32];

	if (!nbr_probe(args, &info))
		return NULL;
	return yang_data_new_string(args->xpath,
				    erpolicy_time_str(info.last_change, buf, sizeof(buf)));
}

struct yang_data *
expressroute_policy_instance_neighbor_probe_rtt_get_elem(struct nb_cb_get_elem_args *args)
{
	struct erpolicy_probe_info info;

	if (!nbr_probe(args, &info) || !info.rtt_us)
		return NULL;
	return yang_data_new_uint32(args->xpath, info.rtt_us);
}

/* XPath: .../instance/prefix */
const void *expressroute_policy_instance_prefix_get_next(struct nb_cb_get_next_args *args)
{
	const struct erpolicy_instance *inst = args->parent_list_entry;
	const struct erpolicy_verdict *v = args->list_entry;

	if (!inst->n_verdicts)
		return NULL;
	if (!v)
		return inst->verdicts;
	return v + 1 < inst->verdicts + inst->n_verdicts ? v + 1 : NULL;
}

int expressroute_policy_instance_prefix_get_keys(struct nb_cb_get_keys_args *args)
{
	const struct erpolicy_verdict *v = args->list_entry;

	args->keys->num = 2;
	strlcpy(args->keys->key[0], erpolicy_item_name(v->role), sizeof(args->keys->key[0]));
	erpolicy_prefix_str(&v->pfx, false, args->keys->key[1], sizeof(args->keys->key[1]));
	return NB_OK;
}

const void *expressroute_policy_instance_prefix_lookup_entry(struct nb_cb_lookup_entry_args *args)
{
	const struct erpolicy_instance *inst = args->parent_list_entry;
	char buf[64];

	for (size_t i = 0; i < inst->n_verdicts; i++) {
		const struct erpolicy_verdict *v = &inst->verdicts[i];

		if (strcmp(erpolicy_item_name(v->role), args->keys->key[0]) == 0 &&
		    strcmp(erpolicy_prefix_str(&v->pfx, false, buf, sizeof(buf)),
			   args->keys->key[1]) == 0)
			return v;
	}
	return NULL;
}

struct yang_data *expressroute_policy_instance_prefix_role_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_verdict *v = args->list_entry;

	return yang_data_new_string(args->xpath, erpolicy_item_name(v->role));
}

struct yang_data *
expressroute_policy_instance_prefix_prefix_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_verdict *v = args->list_entry;
	char buf[64];

	return yang_data_new_string(args->xpath,
				    erpolicy_prefix_str(&v->pfx, false, buf, sizeof(buf)));
}

struct yang_data *
expressroute_policy_instance_prefix_expected_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_verdict *v = args->list_entry;

	return yang_data_new_string(args->xpath, erpolicy_transport_name(v->expected));
}

struct yang_data *
expressroute_policy_instance_prefix_actual_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_verdict *v = args->list_entry;

	return yang_data_new_string(args->xpath, erpolicy_transport_name(v->actual));
}

struct yang_data *
expressroute_policy_instance_prefix_best_path_neighbor_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_verdict *v = args->list_entry;
	char buf[64];

	if (!v->best.family)
		return NULL;
	return yang_data_new_string(args->xpath,
				    erpolicy_prefix_str(&v->best, true, buf, sizeof(buf)));
}

struct yang_data *
expressroute_policy_instance_prefix_local_preference_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_verdict *v = args->list_entry;

	if (!v->lp)
		return NULL;
	return yang_data_new_uint32(args->xpath, v->lp);
}

struct yang_data *
expressroute_policy_instance_prefix_status_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_verdict *v = args->list_entry;

	return yang_data_new_string(args->xpath, erpolicy_status_name(v->status));
}

struct yang_data *
expressroute_policy_instance_prefix_pinned_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_verdict *v = args->list_entry;

	if (v->role != ERPOLICY_ITEM_GATEWAY_SUBNET)
		return NULL;
	return yang_data_new_bool(args->xpath, v->pinned);
}

struct yang_data *
expressroute_policy_instance_prefix_azure_return_path_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_verdict *v = args->list_entry;

	if (v->role != ERPOLICY_ITEM_ONPREM_PREFIX)
		return NULL;
	return yang_data_new_string(args->xpath, erpolicy_transport_name(v->return_path));
}

struct yang_data *
expressroute_policy_instance_prefix_reason_get_elem(struct nb_cb_get_elem_args *args)
{
	const struct erpolicy_verdict *v = args->list_entry;
	const struct erpolicy_instance *inst = erpolicy_owner(v);
	char buf[256];

	if (!inst || !erpolicy_verdict_reason(&inst->intent, v, buf, sizeof(buf))[0])
		return NULL;
	return yang_data_new_string(args->xpath, buf);
}
