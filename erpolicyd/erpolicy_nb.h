// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd: northbound node table (XPath -> callbacks) and XPath macros. */
#ifndef _FRR_ERPOLICY_NB_H_
#define _FRR_ERPOLICY_NB_H_

#include "northbound.h"

extern const struct frr_yang_module_info frr_expressroute_policy_info;

#define ERPOLICY_XPATH_ROOT	"/frr-expressroute-policy:expressroute-policy"
#define ERPOLICY_XPATH_INSTANCE ERPOLICY_XPATH_ROOT "/instance[vrf='%s']"

/* Config callbacks, named as FRR's generator names them. */
int expressroute_policy_instance_create(struct nb_cb_create_args *args);
int expressroute_policy_instance_destroy(struct nb_cb_destroy_args *args);
int expressroute_policy_instance_pre_validate(struct nb_cb_pre_validate_args *args);
void expressroute_policy_instance_apply_finish(struct nb_cb_apply_finish_args *args);
int expressroute_policy_instance_mode_modify(struct nb_cb_modify_args *args);
int expressroute_policy_instance_azure_prefix_create(struct nb_cb_create_args *args);
int expressroute_policy_instance_azure_prefix_destroy(struct nb_cb_destroy_args *args);
int expressroute_policy_instance_gateway_subnet_create(struct nb_cb_create_args *args);
int expressroute_policy_instance_gateway_subnet_destroy(struct nb_cb_destroy_args *args);
int expressroute_policy_instance_expressroute_neighbor_create(struct nb_cb_create_args *args);
int expressroute_policy_instance_expressroute_neighbor_destroy(struct nb_cb_destroy_args *args);
int expressroute_policy_instance_vpn_neighbor_create(struct nb_cb_create_args *args);
int expressroute_policy_instance_vpn_neighbor_destroy(struct nb_cb_destroy_args *args);
int expressroute_policy_instance_tunnel_endpoint_create(struct nb_cb_create_args *args);
int expressroute_policy_instance_tunnel_endpoint_destroy(struct nb_cb_destroy_args *args);
int expressroute_policy_instance_onprem_prefix_create(struct nb_cb_create_args *args);
int expressroute_policy_instance_onprem_prefix_destroy(struct nb_cb_destroy_args *args);
int expressroute_policy_instance_expressroute_fallback_create(struct nb_cb_create_args *args);
int expressroute_policy_instance_expressroute_fallback_destroy(struct nb_cb_destroy_args *args);
int expressroute_policy_instance_local_preference_vpn_modify(struct nb_cb_modify_args *args);
int expressroute_policy_instance_local_preference_expressroute_modify(
	struct nb_cb_modify_args *args);
int expressroute_policy_instance_maximum_prefix_expressroute_in_modify(
	struct nb_cb_modify_args *args);
int expressroute_policy_instance_maximum_prefix_expressroute_in_destroy(
	struct nb_cb_destroy_args *args);
int expressroute_policy_instance_maximum_prefix_vpn_in_modify(struct nb_cb_modify_args *args);
int expressroute_policy_instance_maximum_prefix_vpn_in_destroy(struct nb_cb_destroy_args *args);
int expressroute_policy_instance_maximum_prefix_expressroute_out_modify(
	struct nb_cb_modify_args *args);
int expressroute_policy_instance_maximum_prefix_expressroute_out_destroy(
	struct nb_cb_destroy_args *args);
int expressroute_policy_instance_maximum_prefix_vpn_out_modify(struct nb_cb_modify_args *args);
int expressroute_policy_instance_maximum_prefix_vpn_out_destroy(struct nb_cb_destroy_args *args);
int expressroute_policy_instance_maximum_prefix_restart_modify(struct nb_cb_modify_args *args);
int expressroute_policy_instance_maximum_prefix_restart_destroy(struct nb_cb_destroy_args *args);
int expressroute_policy_instance_tunnel_probe_enabled_modify(struct nb_cb_modify_args *args);
int expressroute_policy_instance_tunnel_probe_interval_modify(struct nb_cb_modify_args *args);
int expressroute_policy_instance_tunnel_probe_multiplier_modify(struct nb_cb_modify_args *args);
int expressroute_policy_instance_tunnel_probe_hold_down_modify(struct nb_cb_modify_args *args);
int expressroute_policy_instance_tunnel_probe_target_create(struct nb_cb_create_args *args);
int expressroute_policy_instance_tunnel_probe_target_destroy(struct nb_cb_destroy_args *args);
int expressroute_policy_instance_tunnel_probe_target_address_modify(struct nb_cb_modify_args *args);

/* Operational-state callbacks (erpolicy_nb_state.c). */
const void *expressroute_policy_instance_get_next(struct nb_cb_get_next_args *args);
int expressroute_policy_instance_get_keys(struct nb_cb_get_keys_args *args);
const void *expressroute_policy_instance_lookup_entry(struct nb_cb_lookup_entry_args *args);
struct yang_data *expressroute_policy_instance_bgp_asn_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_apply_state_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_apply_reason_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *expressroute_policy_instance_last_apply_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *expressroute_policy_instance_applies_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_drift_repairs_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_last_verify_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *expressroute_policy_instance_violations_get_elem(struct nb_cb_get_elem_args *args);
const void *expressroute_policy_instance_warning_get_next(struct nb_cb_get_next_args *args);
struct yang_data *expressroute_policy_instance_warning_get_elem(struct nb_cb_get_elem_args *args);
const void *expressroute_policy_instance_neighbor_get_next(struct nb_cb_get_next_args *args);
int expressroute_policy_instance_neighbor_get_keys(struct nb_cb_get_keys_args *args);
const void *expressroute_policy_instance_neighbor_lookup_entry(struct nb_cb_lookup_entry_args *args);
struct yang_data *
expressroute_policy_instance_neighbor_address_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_neighbor_kind_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_neighbor_configured_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_neighbor_session_state_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_neighbor_bfd_state_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_neighbor_probe_target_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_neighbor_probe_state_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_neighbor_probe_transitions_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_neighbor_probe_last_change_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_neighbor_probe_rtt_get_elem(struct nb_cb_get_elem_args *args);
const void *expressroute_policy_instance_prefix_get_next(struct nb_cb_get_next_args *args);
int expressroute_policy_instance_prefix_get_keys(struct nb_cb_get_keys_args *args);
const void *expressroute_policy_instance_prefix_lookup_entry(struct nb_cb_lookup_entry_args *args);
struct yang_data *
expressroute_policy_instance_prefix_role_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_prefix_prefix_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_prefix_expected_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_prefix_actual_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_prefix_best_path_neighbor_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_prefix_local_preference_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_prefix_status_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_prefix_pinned_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_prefix_azure_return_path_get_elem(struct nb_cb_get_elem_args *args);
struct yang_data *
expressroute_policy_instance_prefix_reason_get_elem(struct nb_cb_get_elem_args *args);

/* cli_show callbacks (erpolicy_vty.c). */
void erpolicy_cli_show_instance(struct vty *vty, const struct lyd_node *dnode, bool show_defaults);
void erpolicy_cli_show_instance_end(struct vty *vty, const struct lyd_node *dnode);
void erpolicy_cli_show_mode(struct vty *vty, const struct lyd_node *dnode, bool show_defaults);
void erpolicy_cli_show_item(struct vty *vty, const struct lyd_node *dnode, bool show_defaults);
void erpolicy_cli_show_lp(struct vty *vty, const struct lyd_node *dnode, bool show_defaults);
void erpolicy_cli_show_maxpfx(struct vty *vty, const struct lyd_node *dnode, bool show_defaults);
void erpolicy_cli_show_probe(struct vty *vty, const struct lyd_node *dnode, bool show_defaults);
void erpolicy_cli_show_probe_target(struct vty *vty, const struct lyd_node *dnode,
				    bool show_defaults);

#endif /* _FRR_ERPOLICY_NB_H_ */
