// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd: northbound node table (XPath -> callbacks). */
#include <zebra.h>

#include "northbound.h"
#include "libfrr.h"

#include "erpolicy_nb.h"

/* clang-format off */
const struct frr_yang_module_info frr_expressroute_policy_info = {
	.name = "frr-expressroute-policy",
	.nodes = {
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance",
			.cbs = {
				.create = expressroute_policy_instance_create,
				.destroy = expressroute_policy_instance_destroy,
				.pre_validate = expressroute_policy_instance_pre_validate,
				.apply_finish = expressroute_policy_instance_apply_finish,
				.cli_show = erpolicy_cli_show_instance,
				.cli_show_end = erpolicy_cli_show_instance_end,
				.get_next = expressroute_policy_instance_get_next,
				.get_keys = expressroute_policy_instance_get_keys,
				.lookup_entry = expressroute_policy_instance_lookup_entry,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/mode",
			.cbs = {
				.modify = expressroute_policy_instance_mode_modify,
				.cli_show = erpolicy_cli_show_mode,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/azure-prefix",
			.cbs = {
				.create = expressroute_policy_instance_azure_prefix_create,
				.destroy = expressroute_policy_instance_azure_prefix_destroy,
				.cli_show = erpolicy_cli_show_item,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/gateway-subnet",
			.cbs = {
				.create = expressroute_policy_instance_gateway_subnet_create,
				.destroy = expressroute_policy_instance_gateway_subnet_destroy,
				.cli_show = erpolicy_cli_show_item,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/expressroute-neighbor",
			.cbs = {
				.create = expressroute_policy_instance_expressroute_neighbor_create,
				.destroy = expressroute_policy_instance_expressroute_neighbor_destroy,
				.cli_show = erpolicy_cli_show_item,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/vpn-neighbor",
			.cbs = {
				.create = expressroute_policy_instance_vpn_neighbor_create,
				.destroy = expressroute_policy_instance_vpn_neighbor_destroy,
				.cli_show = erpolicy_cli_show_item,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/tunnel-endpoint",
			.cbs = {
				.create = expressroute_policy_instance_tunnel_endpoint_create,
				.destroy = expressroute_policy_instance_tunnel_endpoint_destroy,
				.cli_show = erpolicy_cli_show_item,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/onprem-prefix",
			.cbs = {
				.create = expressroute_policy_instance_onprem_prefix_create,
				.destroy = expressroute_policy_instance_onprem_prefix_destroy,
				.cli_show = erpolicy_cli_show_item,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/expressroute-fallback",
			.cbs = {
				.create = expressroute_policy_instance_expressroute_fallback_create,
				.destroy = expressroute_policy_instance_expressroute_fallback_destroy,
				.cli_show = erpolicy_cli_show_item,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/local-preference/vpn",
			.cbs = {
				.modify = expressroute_policy_instance_local_preference_vpn_modify,
				.cli_show = erpolicy_cli_show_lp,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/local-preference/expressroute",
			.cbs = {
				.modify = expressroute_policy_instance_local_preference_expressroute_modify,
				.cli_show = erpolicy_cli_show_lp,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/maximum-prefix/expressroute-in",
			.cbs = {
				.modify = expressroute_policy_instance_maximum_prefix_expressroute_in_modify,
				.destroy = expressroute_policy_instance_maximum_prefix_expressroute_in_destroy,
				.cli_show = erpolicy_cli_show_maxpfx,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/maximum-prefix/vpn-in",
			.cbs = {
				.modify = expressroute_policy_instance_maximum_prefix_vpn_in_modify,
				.destroy = expressroute_policy_instance_maximum_prefix_vpn_in_destroy,
				.cli_show = erpolicy_cli_show_maxpfx,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/maximum-prefix/expressroute-out",
			.cbs = {
				.modify = expressroute_policy_instance_maximum_prefix_expressroute_out_modify,
				.destroy = expressroute_policy_instance_maximum_prefix_expressroute_out_destroy,
				.cli_show = erpolicy_cli_show_maxpfx,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/maximum-prefix/vpn-out",
			.cbs = {
				.modify = expressroute_policy_instance_maximum_prefix_vpn_out_modify,
				.destroy = expressroute_policy_instance_maximum_prefix_vpn_out_destroy,
				.cli_show = erpolicy_cli_show_maxpfx,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/maximum-prefix/restart",
			.cbs = {
				.modify = expressroute_policy_instance_maximum_prefix_restart_modify,
				.destroy = expressroute_policy_instance_maximum_prefix_restart_destroy,
				.cli_show = erpolicy_cli_show_maxpfx,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/tunnel-probe/enabled",
			.cbs = {
				.modify = expressroute_policy_instance_tunnel_probe_enabled_modify,
				.cli_show = erpolicy_cli_show_probe,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/tunnel-probe/interval",
			.cbs = {
				.modify = expressroute_policy_instance_tunnel_probe_interval_modify,
				.cli_show = erpolicy_cli_show_probe,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/tunnel-probe/multiplier",
			.cbs = {
				.modify = expressroute_policy_instance_tunnel_probe_multiplier_modify,
				.cli_show = erpolicy_cli_show_probe,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/tunnel-probe/hold-down",
			.cbs = {
				.modify = expressroute_policy_instance_tunnel_probe_hold_down_modify,
				.cli_show = erpolicy_cli_show_probe,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/tunnel-probe/target",
			.cbs = {
				.create = expressroute_policy_instance_tunnel_probe_target_create,
				.destroy = expressroute_policy_instance_tunnel_probe_target_destroy,
				.cli_show = erpolicy_cli_show_probe_target,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/tunnel-probe/target/address",
			.cbs = {
				.modify = expressroute_policy_instance_tunnel_probe_target_address_modify,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/bgp-asn",
			.cbs = {
				.get_elem = expressroute_policy_instance_bgp_asn_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/apply-state",
			.cbs = {
				.get_elem = expressroute_policy_instance_apply_state_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/apply-reason",
			.cbs = {
				.get_elem = expressroute_policy_instance_apply_reason_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/last-apply",
			.cbs = {
				.get_elem = expressroute_policy_instance_last_apply_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/applies",
			.cbs = {
				.get_elem = expressroute_policy_instance_applies_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/drift-repairs",
			.cbs = {
				.get_elem = expressroute_policy_instance_drift_repairs_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/last-verify",
			.cbs = {
				.get_elem = expressroute_policy_instance_last_verify_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/violations",
			.cbs = {
				.get_elem = expressroute_policy_instance_violations_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/warning",
			.cbs = {
				.get_next = expressroute_policy_instance_warning_get_next,
				.get_elem = expressroute_policy_instance_warning_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/neighbor",
			.cbs = {
				.get_next = expressroute_policy_instance_neighbor_get_next,
				.get_keys = expressroute_policy_instance_neighbor_get_keys,
				.lookup_entry = expressroute_policy_instance_neighbor_lookup_entry,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/neighbor/address",
			.cbs = {
				.get_elem = expressroute_policy_instance_neighbor_address_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/neighbor/kind",
			.cbs = {
				.get_elem = expressroute_policy_instance_neighbor_kind_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/neighbor/configured",
			.cbs = {
				.get_elem = expressroute_policy_instance_neighbor_configured_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/neighbor/session-state",
			.cbs = {
				.get_elem = expressroute_policy_instance_neighbor_session_state_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/neighbor/bfd-state",
			.cbs = {
				.get_elem = expressroute_policy_instance_neighbor_bfd_state_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/neighbor/probe/target",
			.cbs = {
				.get_elem = expressroute_policy_instance_neighbor_probe_target_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/neighbor/probe/state",
			.cbs = {
				.get_elem = expressroute_policy_instance_neighbor_probe_state_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/neighbor/probe/transitions",
			.cbs = {
				.get_elem = expressroute_policy_instance_neighbor_probe_transitions_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/neighbor/probe/last-change",
			.cbs = {
				.get_elem = expressroute_policy_instance_neighbor_probe_last_change_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/neighbor/probe/rtt",
			.cbs = {
				.get_elem = expressroute_policy_instance_neighbor_probe_rtt_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/prefix",
			.cbs = {
				.get_next = expressroute_policy_instance_prefix_get_next,
				.get_keys = expressroute_policy_instance_prefix_get_keys,
				.lookup_entry = expressroute_policy_instance_prefix_lookup_entry,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/prefix/role",
			.cbs = {
				.get_elem = expressroute_policy_instance_prefix_role_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/prefix/prefix",
			.cbs = {
				.get_elem = expressroute_policy_instance_prefix_prefix_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/prefix/expected",
			.cbs = {
				.get_elem = expressroute_policy_instance_prefix_expected_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/prefix/actual",
			.cbs = {
				.get_elem = expressroute_policy_instance_prefix_actual_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/prefix/best-path-neighbor",
			.cbs = {
				.get_elem = expressroute_policy_instance_prefix_best_path_neighbor_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/prefix/local-preference",
			.cbs = {
				.get_elem = expressroute_policy_instance_prefix_local_preference_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/prefix/status",
			.cbs = {
				.get_elem = expressroute_policy_instance_prefix_status_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/prefix/pinned",
			.cbs = {
				.get_elem = expressroute_policy_instance_prefix_pinned_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/prefix/azure-return-path",
			.cbs = {
				.get_elem = expressroute_policy_instance_prefix_azure_return_path_get_elem,
			}
		},
		{
			.xpath = "/frr-expressroute-policy:expressroute-policy/instance/prefix/reason",
			.cbs = {
				.get_elem = expressroute_policy_instance_prefix_reason_get_elem,
			}
		},
		{
			.xpath = NULL,
		},
	}
};
/* clang-format on */
