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
			.xpath = NULL,
		},
	}
};
/* clang-format on */
