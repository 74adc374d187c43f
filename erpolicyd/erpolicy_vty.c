// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: CLI commands, running-config output and show commands.
 *
 * Configuration commands only enqueue northbound changes: the YANG data tree
 * is the one copy of the configuration, validation happens in the
 * northbound's validate phase and nothing is kept beside it here.
 */
#include <zebra.h>

#include "command.h"
#include "northbound_cli.h"
#include "vty.h"
#include "yang.h"
#include "lib/json.h"

#include "erpolicy_nb.h"
#include "erpolicy_vty.h"
#include "erpolicy_debug.h"
#include "erpolicy_intent.h"
#include "erpolicy_compile.h"
#include "erpolicy_instance.h"
#include "erpolicy_probe.h"
#include "erpolicy_verify.h"

#include "erpolicyd/erpolicy_vty_clippy.c"

#define ERPOLICY_STR "ExpressRoute and site-to-site VPN coexistence policy\n"
#define ERPOLICY_VRF_STR                                                                          \
	"Specify the VRF\n"                                                                       \
	"VRF name\n"

static const char *erpolicy_vrf_or_default(const char *vrf)
{
	return vrf ? vrf : ERPOLICY_VRF_DEFAULT;
}

/*
 * A VRF name goes into an XPath key: one FRR cannot have (too long, a quote, ...)
 * is refused before it is built, with the reason (the northbound would only say
 * that the edit failed).
 */
static bool erpolicy_vty_vrf_bad(struct vty *vty, const char *vrf)
{
	char errmsg[256];

	if (!vrf || erpolicy_vrf_name_check(vrf, errmsg, sizeof(errmsg)) == 0)
		return false;
	vty_out(vty, "%% %s\n", errmsg);
	return true;
}

DEFPY_YANG_NOSH(router_erpolicy, router_erpolicy_cmd,
		"router expressroute-policy [vrf NAME$vrf]",
		ROUTER_STR ERPOLICY_STR ERPOLICY_VRF_STR)
{
	char xpath[XPATH_MAXLEN];
	int ret;

	if (erpolicy_vty_vrf_bad(vty, vrf))
		return CMD_WARNING_CONFIG_FAILED;
	snprintf(xpath, sizeof(xpath), ERPOLICY_XPATH_INSTANCE, erpolicy_vrf_or_default(vrf));
	nb_cli_enqueue_change(vty, xpath, NB_OP_CREATE, NULL);
	ret = nb_cli_apply_changes(vty, NULL);
	if (ret == CMD_SUCCESS)
		VTY_PUSH_XPATH(ERPOLICY_NODE, xpath);
	return ret;
}

/*
 * Apart from the command above, as FRR's own "router rip"/"no router rip": that one
 * enters a node, so vtysh defines it itself (vtysh.c) and learns only this one
 * from the daemon. As FRR's "no router rip|ripng|eigrp|isis|pim", the removal is
 * committed at once with whatever is pending before it, never batched with the
 * lines after it: in a file (vtysh -f, -b), "no router expressroute-policy" and
 * a new block for the same VRF would otherwise be one diff in which the instance
 * is never destroyed, and its runtime state (counters, warnings, apply state)
 * would outlive the removal the operator asked for.
 */
DEFPY_YANG(no_router_erpolicy, no_router_erpolicy_cmd,
	   "no router expressroute-policy [vrf NAME$vrf]",
	   NO_STR ROUTER_STR ERPOLICY_STR ERPOLICY_VRF_STR)
{
	char xpath[XPATH_MAXLEN];

	if (erpolicy_vty_vrf_bad(vty, vrf))
		return CMD_WARNING_CONFIG_FAILED;
	snprintf(xpath, sizeof(xpath), ERPOLICY_XPATH_INSTANCE, erpolicy_vrf_or_default(vrf));
	nb_cli_enqueue_change(vty, xpath, NB_OP_DESTROY, NULL);
	return nb_cli_apply_changes_clear_pending(vty, NULL);
}

/* The leaf at xpath set to value, or removed (with `no`). */
static int erpolicy_leaf_change(struct vty *vty, const char *xpath, bool no, const char *value)
{
	nb_cli_enqueue_change(vty, xpath, no ? NB_OP_DESTROY : NB_OP_MODIFY, no ? NULL : value);
	return nb_cli_apply_changes(vty, NULL);
}

/*
 * A value that a command's range (or its keywords, for `mode`) does not take:
 * said so, naming the field, and nothing changes, with `no` too. The command
 * takes any word in its place (WORD$bad) for this alone: the northbound cannot
 * say it, since libyang refuses such a value when the candidate is edited,
 * before validation, and FRR prints libyang's message without the leaf
 * ("Invalid type uint32 value "high"."); and a line that no command takes gets
 * "% Unknown command" from vtysh, without reaching erpolicyd. A value the range
 * takes is validated by the northbound like any other.
 */
static int erpolicy_vty_bad_number(struct vty *vty, const char *field, const char *value,
				   const char *range)
{
	char vbuf[ERPOLICY_VALUE_QUOTE_SIZE];
	const char *digits = value[0] == '-' || value[0] == '+' ? value + 1 : value;
	bool number = *digits && strspn(digits, "0123456789") == strlen(digits);

	vty_out(vty, "%% %s %s: %s %s\n", field, erpolicy_value_quote(value, vbuf, sizeof(vbuf)),
		number ? "out of range" : "not a number", range);
	return CMD_WARNING_CONFIG_FAILED;
}

DEFPY_YANG(erpolicy_mode, erpolicy_mode_cmd,
	   "[no] mode ![<prefer-vpn|require-encryption>$mode|WORD$bad]",
	   NO_STR
	   "Failover mode when the VPN tunnels are down\n"
	   "Fall back to ExpressRoute (default)\n"
	   "Fail closed: never send Azure data over ExpressRoute unencrypted\n"
	   "Not a mode (reported as an error)\n")
{
	char vbuf[ERPOLICY_VALUE_QUOTE_SIZE];

	/* As erpolicy_vty_bad_number(), for a keyword. */
	if (bad) {
		vty_out(vty, "%% mode %s: unknown mode (prefer-vpn or require-encryption)\n",
			erpolicy_value_quote(bad, vbuf, sizeof(vbuf)));
		return CMD_WARNING_CONFIG_FAILED;
	}
	return erpolicy_leaf_change(vty, "./mode", !!no, mode);
}

/*
 * Items are taken as text: a bad value reaches the northbound's validation,
 * which names the value and the reason. A good one is sent in canonical form
 * so that `no` of any spelling finds it.
 */
static int erpolicy_item_change(struct vty *vty, bool no, const char *item, const char *value,
				bool address)
{
	union erpolicy_prefix p;
	char canon[INET6_ADDRSTRLEN + 8];
	char errmsg[256];
	char xpath[XPATH_MAXLEN];
	char vbuf[ERPOLICY_VALUE_QUOTE_SIZE];
	const char *bad = NULL;

	/* Not even a candidate for the YANG leaf: its length, the XPath's quotes. */
	if (strlen(value) > ERPOLICY_VALUE_MAX)
		bad = "too long (at most " CMD_CREATE_STR(ERPOLICY_VALUE_MAX) " characters)";
	else if (strchr(value, '\'') || strchr(value, '"'))
		bad = address ? "quote characters are not part of an address"
			      : "quote characters are not part of a prefix";
	if (bad) {
		vty_out(vty, "%% %s %s: %s\n", item,
			erpolicy_value_quote(value, vbuf, sizeof(vbuf)), bad);
		return CMD_WARNING_CONFIG_FAILED;
	}
	if (erpolicy_prefix_parse(value, address, &p, errmsg, sizeof(errmsg)) == 0)
		value = erpolicy_prefix_str(&p, address, canon, sizeof(canon));

	if (no) {
		snprintf(xpath, sizeof(xpath), "./%s[.='%s']", item, value);
		nb_cli_enqueue_change(vty, xpath, NB_OP_DESTROY, NULL);
	} else {
		snprintf(xpath, sizeof(xpath), "./%s", item);
		nb_cli_enqueue_change(vty, xpath, NB_OP_CREATE, value);
	}
	return nb_cli_apply_changes(vty, NULL);
}

DEFPY_YANG(erpolicy_prefix_item, erpolicy_prefix_item_cmd,
	   "[no] <azure-prefix$item|gateway-subnet$item|tunnel-endpoint$item|onprem-prefix$item|expressroute-fallback$item> PREFIX$prefix",
	   NO_STR
	   "Azure address space (hub or spoke VNet), with its more-specifics\n"
	   "GatewaySubnet, kept routed over ExpressRoute\n"
	   "On-prem VPN tunnel endpoint, advertised over ExpressRoute only\n"
	   "On-prem data prefix, advertised over the VPN\n"
	   "Less specific on-prem prefix advertised over ExpressRoute (prefer-vpn only)\n"
	   "IPv4 or IPv6 prefix (A.B.C.D/M or X:X::X:X/M)\n")
{
	return erpolicy_item_change(vty, !!no, item, prefix, false);
}

DEFPY_YANG(erpolicy_neighbor_item, erpolicy_neighbor_item_cmd,
	   "[no] <expressroute-neighbor$item|vpn-neighbor$item> ADDRESS$address",
	   NO_STR
	   "BGP neighbor on ExpressRoute private peering (MSEE)\n"
	   "BGP neighbor of the Azure VPN gateway (through the tunnels)\n"
	   "IPv4 or IPv6 neighbor address\n")
{
	return erpolicy_item_change(vty, !!no, item, address, true);
}

DEFPY_YANG(erpolicy_lp, erpolicy_lp_cmd,
	   "[no] local-preference <vpn$vpn|expressroute$er> ![(1-4294967295)$lp|WORD$bad]",
	   NO_STR
	   "BGP local-preference set on Azure prefixes\n"
	   "For Azure prefixes learned over the VPN (default 200)\n"
	   "For Azure prefixes learned over ExpressRoute (default 100)\n"
	   "Local-preference value\n"
	   "Not a local-preference value (reported as an error)\n")
{
	const char *xpath = vpn ? "./local-preference/vpn" : "./local-preference/expressroute";

	if (bad)
		return erpolicy_vty_bad_number(vty,
					       vpn ? "local-preference vpn"
						   : "local-preference expressroute",
					       bad, "(1-4294967295)");
	return erpolicy_leaf_change(vty, xpath, !!no, lp_str);
}

#define ERPOLICY_MAXPFX_STR                                                                       \
	"BGP maximum-prefix protection on the Azure sessions\n"                                   \
	"On the expressroute-neighbors\n"                                                         \
	"On the vpn-neighbors\n"                                                                  \
	"Prefixes accepted from them (neighbor X maximum-prefix N)\n"                             \
	"Prefixes sent to them (neighbor X maximum-prefix-out N)\n"

DEFPY_YANG(erpolicy_maxpfx, erpolicy_maxpfx_cmd,
	   "[no] maximum-prefix <expressroute$er|vpn$vpn> <in$in|out$out> ![(1-4294967295)$limit|WORD$bad]",
	   NO_STR ERPOLICY_MAXPFX_STR
	   "Maximum number of prefixes\n"
	   "Not a number of prefixes (reported as an error)\n")
{
	const char *kind = vpn ? "vpn" : "expressroute", *dir = out ? "out" : "in";
	char field[48], xpath[64];

	if (bad) {
		snprintf(field, sizeof(field), "maximum-prefix %s %s", kind, dir);
		return erpolicy_vty_bad_number(vty, field, bad, "(1-4294967295)");
	}
	snprintf(xpath, sizeof(xpath), "./maximum-prefix/%s-%s", kind, dir);
	return erpolicy_leaf_change(vty, xpath, !!no, limit_str);
}

DEFPY_YANG(erpolicy_maxpfx_restart, erpolicy_maxpfx_restart_cmd,
	   "[no] maximum-prefix restart ![(1-65535)$minutes|WORD$bad]",
	   NO_STR
	   "BGP maximum-prefix protection on the Azure sessions\n"
	   "Re-establish a session torn down by its inbound limit\n"
	   "Minutes to wait\n"
	   "Not a number of minutes (reported as an error)\n")
{
	if (bad)
		return erpolicy_vty_bad_number(vty, "maximum-prefix restart", bad, "(1-65535)");
	return erpolicy_leaf_change(vty, "./maximum-prefix/restart", !!no, minutes_str);
}

#define ERPOLICY_PROBE_STR "Tunnel liveness probing of the vpn-neighbors (ICMP echo)\n"

DEFPY_YANG(erpolicy_probe, erpolicy_probe_cmd,
	   "[no] tunnel-probe",
	   NO_STR ERPOLICY_PROBE_STR)
{
	nb_cli_enqueue_change(vty, "./tunnel-probe/enabled", NB_OP_MODIFY, no ? "false" : "true");
	return nb_cli_apply_changes(vty, NULL);
}

DEFPY_YANG(erpolicy_probe_interval, erpolicy_probe_interval_cmd,
	   "[no] tunnel-probe interval ![(10-60000)$ms]",
	   NO_STR ERPOLICY_PROBE_STR
	   "Time between two probes of a neighbor (default 200)\n"
	   "Milliseconds\n")
{
	return erpolicy_leaf_change(vty, "./tunnel-probe/interval", !!no, ms_str);
}

DEFPY_YANG(erpolicy_probe_multiplier, erpolicy_probe_multiplier_cmd,
	   "[no] tunnel-probe multiplier ![(2-255)$mult]",
	   NO_STR ERPOLICY_PROBE_STR
	   "Down after no reply for interval times this (default 3)\n"
	   "Multiplier\n")
{
	return erpolicy_leaf_change(vty, "./tunnel-probe/multiplier", !!no, mult_str);
}

DEFPY_YANG(erpolicy_probe_hold, erpolicy_probe_hold_cmd,
	   "[no] tunnel-probe hold-down ![(0-3600)$secs]",
	   NO_STR ERPOLICY_PROBE_STR
	   "Replies needed this long before the routes come back (default 5)\n"
	   "Seconds\n")
{
	return erpolicy_leaf_change(vty, "./tunnel-probe/hold-down", !!no, secs_str);
}

/* Addresses in canonical form, so that `no` of any spelling finds the entry. */
static const char *erpolicy_canon_address(const char *text, char *buf, size_t len)
{
	union erpolicy_prefix p;
	char errmsg[160];

	if (strlen(text) > ERPOLICY_VALUE_MAX || strchr(text, '\'') || strchr(text, '"') ||
	    erpolicy_prefix_parse(text, true, &p, errmsg, sizeof(errmsg)) != 0)
		return NULL;
	return erpolicy_prefix_str(&p, true, buf, len);
}

DEFPY_YANG(erpolicy_probe_target, erpolicy_probe_target_cmd,
	   "[no] tunnel-probe neighbor ADDRESS$nbr ![target ADDRESS$target]",
	   NO_STR ERPOLICY_PROBE_STR
	   "Probe another address than this vpn-neighbor's own\n"
	   "The vpn-neighbor's address\n"
	   "The address probed through the neighbor's tunnel (e.g. a host in the hub)\n"
	   "IPv4 or IPv6 address\n")
{
	char xpath[XPATH_MAXLEN], nbuf[INET6_ADDRSTRLEN], tbuf[INET6_ADDRSTRLEN], errmsg[256];
	char vbuf[ERPOLICY_VALUE_QUOTE_SIZE];
	const char *n = erpolicy_canon_address(nbr, nbuf, sizeof(nbuf));
	struct erpolicy_intent scratch;
	int bad;

	/* The reason, naming the field: tried on a scratch intent. */
	erpolicy_intent_init(&scratch, NULL);
	bad = erpolicy_intent_probe_target(&scratch, nbr, target ? target : nbr, errmsg,
					   sizeof(errmsg));
	erpolicy_intent_fini(&scratch);
	if (bad || !n) {
		if (!bad)
			snprintf(errmsg, sizeof(errmsg), "tunnel-probe neighbor %s: not an address",
				 erpolicy_value_quote(nbr, vbuf, sizeof(vbuf)));
		vty_out(vty, "%% %s\n", errmsg);
		return CMD_WARNING_CONFIG_FAILED;
	}
	snprintf(xpath, sizeof(xpath), "./tunnel-probe/target[neighbor='%s']", n);
	if (no) {
		nb_cli_enqueue_change(vty, xpath, NB_OP_DESTROY, NULL);
	} else {
		if (!target) {
			vty_out(vty, "%% tunnel-probe neighbor %s: a target is needed\n", n);
			return CMD_WARNING_CONFIG_FAILED;
		}
		nb_cli_enqueue_change(vty, xpath, NB_OP_CREATE, NULL);
		snprintf(xpath + strlen(xpath), sizeof(xpath) - strlen(xpath), "/address");
		nb_cli_enqueue_change(vty, xpath, NB_OP_MODIFY,
				      erpolicy_canon_address(target, tbuf, sizeof(tbuf)));
	}
	return nb_cli_apply_changes(vty, NULL);
}

/* Running configuration. */
void erpolicy_cli_show_instance(struct vty *vty, const struct lyd_node *dnode, bool show_defaults)
{
	const char *vrf = yang_dnode_get_string(dnode, "vrf");

	vty_out(vty, "!\nrouter expressroute-policy");
	if (strcmp(vrf, ERPOLICY_VRF_DEFAULT) != 0)
		vty_out(vty, " vrf %s", vrf);
	vty_out(vty, "\n");
}

void erpolicy_cli_show_instance_end(struct vty *vty, const struct lyd_node *dnode)
{
	vty_out(vty, "exit\n");
}

void erpolicy_cli_show_mode(struct vty *vty, const struct lyd_node *dnode, bool show_defaults)
{
	vty_out(vty, " mode %s\n", yang_dnode_get_string(dnode, NULL));
}

void erpolicy_cli_show_item(struct vty *vty, const struct lyd_node *dnode, bool show_defaults)
{
	vty_out(vty, " %s %s\n", dnode->schema->name, yang_dnode_get_string(dnode, NULL));
}

void erpolicy_cli_show_lp(struct vty *vty, const struct lyd_node *dnode, bool show_defaults)
{
	vty_out(vty, " local-preference %s %s\n", dnode->schema->name,
		yang_dnode_get_string(dnode, NULL));
}

/* maximum-prefix/expressroute-in etc.: " maximum-prefix expressroute in 1000". */
void erpolicy_cli_show_maxpfx(struct vty *vty, const struct lyd_node *dnode, bool show_defaults)
{
	char name[32];

	snprintf(name, sizeof(name), "%s", dnode->schema->name);
	if (strchr(name, '-'))
		*strchr(name, '-') = ' ';
	vty_out(vty, " maximum-prefix %s %s\n", name, yang_dnode_get_string(dnode, NULL));
}

/* tunnel-probe leaves: " no tunnel-probe", " tunnel-probe interval 100", ... */
void erpolicy_cli_show_probe(struct vty *vty, const struct lyd_node *dnode, bool show_defaults)
{
	const char *leaf = dnode->schema->name;

	if (strcmp(leaf, "enabled") == 0)
		vty_out(vty, " %stunnel-probe\n", yang_dnode_get_bool(dnode, NULL) ? "" : "no ");
	else
		vty_out(vty, " tunnel-probe %s %s\n", leaf, yang_dnode_get_string(dnode, NULL));
}

void erpolicy_cli_show_probe_target(struct vty *vty, const struct lyd_node *dnode,
				    bool show_defaults)
{
	vty_out(vty, " tunnel-probe neighbor %s target %s\n",
		yang_dnode_get_string(dnode, "neighbor"), yang_dnode_get_string(dnode, "address"));
}

static int erpolicy_config_write(struct vty *vty)
{
	const struct lyd_node *dnode;

	dnode = yang_dnode_get(running_config->dnode, ERPOLICY_XPATH_ROOT);
	if (!dnode)
		return 0;
	nb_cli_show_dnode_cmds(vty, dnode, false);
	return 1;
}

static struct cmd_node erpolicy_node = {
	.name = "expressroute-policy",
	.node = ERPOLICY_NODE,
	.parent_node = CONFIG_NODE,
	.prompt = "%s(config-er-policy)# ",
	.config_write = erpolicy_config_write,
};

/* Show commands. */
static struct erpolicy_instance *erpolicy_vty_instance(struct vty *vty, const char *vrf)
{
	struct erpolicy_instance *inst;

	inst = erpolicy_instance_lookup(erpolicy_vrf_or_default(vrf));
	if (!inst)
		vty_out(vty, "%% No expressroute-policy for vrf %s\n",
			erpolicy_vrf_or_default(vrf));
	return inst;
}

DEFPY(show_erpolicy_generated, show_erpolicy_generated_cmd,
      "show expressroute-policy [vrf NAME$vrf] generated-config",
      SHOW_STR ERPOLICY_STR ERPOLICY_VRF_STR
      "The FRR configuration erpolicyd generates for the intent (dry run)\n")
{
	struct erpolicy_instance *inst = erpolicy_vty_instance(vty, vrf);
	char *text;

	if (!inst)
		return CMD_WARNING;
	text = erpolicy_render_plan(inst->plan, inst->bgp_asn);
	vty_out(vty, "%s", text);
	XFREE(MTYPE_ERPOLICY_CONFIG_TEXT, text);
	return CMD_SUCCESS;
}

/* JSON keys are the YANG names, camelCased (FRR's rule for JSON output). */
static const char *erpolicy_json_key(const char *yang, char *buf, size_t len)
{
	size_t k = 0;

	for (; *yang && k < len - 1; yang++)
		buf[k++] = (*yang == '-' && yang[1]) ? (char)toupper((unsigned char)*++yang)
						     : *yang;
	buf[k] = '\0';
	return buf;
}

/* An empty list or leaf-list is absent, as in the YANG data. */
static void erpolicy_json_add_array(json_object *js, const char *key, json_object *ja)
{
	if (json_object_array_length(ja))
		json_object_object_add(js, key, ja);
	else
		json_object_put(ja);
}

static void erpolicy_show_verify_json(const struct erpolicy_instance *inst, json_object *js)
{
	json_object *ja = json_object_new_array();
	char pbuf[64];

	for (size_t i = 0; i < inst->n_nbrs; i++) {
		const struct erpolicy_nbr_state *nb = &inst->nbrs[i];
		json_object *jn = json_object_new_object();

		json_object_string_add(jn, "address",
				       erpolicy_prefix_str(&nb->addr, true, pbuf, sizeof(pbuf)));
		json_object_string_add(jn, "kind", nb->vpn ? "vpn" : "expressroute");
		json_object_boolean_add(jn, "configured", nb->configured);
		json_object_string_add(jn, "sessionState", nb->state);
		if (!nb->vpn)
			json_object_string_add(jn, "bfdState", nb->bfd[0] ? nb->bfd : "none");
		if (nb->vpn) {
			struct erpolicy_probe_info info;
			json_object *jp = json_object_new_object();
			char tbuf[32];

			if (erpolicy_probe_get(inst->vrf, &nb->addr, &info)) {
				json_object_string_add(jp, "target",
						       erpolicy_prefix_str(&info.target, true,
									   pbuf, sizeof(pbuf)));
				json_object_string_add(jp, "state",
						       erpolicy_probe_state_name(info.state));
				json_object_int_add(jp, "transitions", info.downs);
				json_object_string_add(jp, "lastChange",
						       erpolicy_time_str(info.last_change, tbuf,
									 sizeof(tbuf)));
				if (info.rtt_us)
					json_object_int_add(jp, "rtt", info.rtt_us);
				if (info.err[0])
					json_object_string_add(jp, "error", info.err);
			} else {
				json_object_string_add(jp, "state", "disabled");
			}
			json_object_object_add(jn, "probe", jp);
		}
		json_object_array_add(ja, jn);
	}
	erpolicy_json_add_array(js, "neighbor", ja);
}

/*
 * The large parts of an instance's JSON: its prefix lists and its verdicts, up
 * to 100,000s of entries each, are written as they are made, one entry per
 * line (as bgpd streams `show bgp ... json`), not built into one json-c tree:
 * at 100k prefixes the tree and its pretty printing took most of a second.
 * The lines are gathered in chunks of a few kB, one vty_out each: a vty_out
 * per field (a printfrr format each) cost more than everything else. Every
 * string in them is a fixed name, a prefix or a verdict's reason, which is
 * escaped all the same (show_chunk_json_str).
 */
struct show_chunk {
	struct vty *vty;
	size_t n;
	char b[1000]; /* under vty_out()'s own buffer: no allocation */
};

static void show_chunk_flush(struct show_chunk *c)
{
	if (!c->n)
		return;
	c->b[c->n] = '\0';
	vty_out(c->vty, "%s", c->b);
	c->n = 0;
}

static void show_chunk_mem(struct show_chunk *c, const char *s, size_t len)
{
	if (len < sizeof(c->b) - 1 - c->n) {
		memcpy(c->b + c->n, s, len);
		c->n += len;
		return;
	}
	while (len) {
		size_t room = sizeof(c->b) - 1 - c->n, k = MIN(len, room);

		memcpy(c->b + c->n, s, k);
		c->n += k;
		s += k;
		len -= k;
		if (len)
			show_chunk_flush(c);
	}
}

static void show_chunk_str(struct show_chunk *c, const char *s)
{
	show_chunk_mem(c, s, strlen(s));
}

static void show_chunk_uint(struct show_chunk *c, unsigned long long u)
{
	char d[24];
	size_t k = sizeof(d);

	do {
		d[--k] = '0' + u % 10;
		u /= 10;
	} while (u);
	show_chunk_mem(c, d + k, sizeof(d) - k);
}

/*
 * s as a JSON string: quoted, with '"', '\\' and control characters escaped; the
 * runs between them copied whole.
 */
static void show_chunk_json_str(struct show_chunk *c, const char *s)
{
	const char *p, *run = s;

	show_chunk_mem(c, "\"", 1);
	for (p = s; *p; p++) {
		unsigned char ch = *p;
		char esc[8];

		if (ch != '"' && ch != '\\' && ch >= 0x20)
			continue;
		show_chunk_mem(c, run, p - run);
		run = p + 1;
		if (ch < 0x20)
			snprintf(esc, sizeof(esc), "\\u%04x", ch);
		else
			snprintf(esc, sizeof(esc), "\\%c", ch);
		show_chunk_str(c, esc);
	}
	show_chunk_mem(c, run, p - run);
	show_chunk_mem(c, "\"", 1);
}

static void erpolicy_show_lists_json(struct show_chunk *c, const struct erpolicy_instance *inst)
{
	const struct erpolicy_intent *in = &inst->intent;
	char pbuf[64], key[64];

	for (int it = 0; it < ERPOLICY_ITEM_MAX; it++) {
		const struct erpolicy_list *l = &in->items[it];

		if (!l->n)
			continue;
		show_chunk_str(c, ",\n    ");
		show_chunk_json_str(c, erpolicy_json_key(erpolicy_item_name(it), key, sizeof(key)));
		show_chunk_str(c, ":[");
		for (size_t i = 0; i < l->n; i++) {
			show_chunk_str(c, i ? ",\n      " : "\n      ");
			show_chunk_json_str(c, erpolicy_prefix_str(&l->v[i],
								   erpolicy_item_is_address(it),
								   pbuf, sizeof(pbuf)));
		}
		show_chunk_str(c, "\n    ]");
	}
}

static void erpolicy_show_verdicts_json(struct show_chunk *c, const struct erpolicy_instance *inst)
{
	char pbuf[64], why[256];

	if (!inst->n_verdicts)
		return;
	show_chunk_str(c, ",\n    \"prefix\":[");
	for (size_t i = 0; i < inst->n_verdicts; i++) {
		const struct erpolicy_verdict *v = &inst->verdicts[i];

		show_chunk_str(c, i ? ",\n      {\"role\":" : "\n      {\"role\":");
		show_chunk_json_str(c, erpolicy_item_name(v->role));
		show_chunk_str(c, ",\"prefix\":");
		show_chunk_json_str(c, erpolicy_prefix_str(&v->pfx, false, pbuf, sizeof(pbuf)));
		show_chunk_str(c, ",\"expected\":");
		show_chunk_json_str(c, erpolicy_transport_name(v->expected));
		show_chunk_str(c, ",\"actual\":");
		show_chunk_json_str(c, erpolicy_transport_name(v->actual));
		if (v->best.family) {
			show_chunk_str(c, ",\"bestPathNeighbor\":");
			show_chunk_json_str(c, erpolicy_prefix_str(&v->best, true, pbuf,
								   sizeof(pbuf)));
		}
		if (v->lp) {
			show_chunk_str(c, ",\"localPreference\":");
			show_chunk_uint(c, v->lp);
		}
		show_chunk_str(c, ",\"status\":");
		show_chunk_json_str(c, erpolicy_status_name(v->status));
		if (v->role == ERPOLICY_ITEM_GATEWAY_SUBNET)
			show_chunk_str(c, v->pinned ? ",\"pinned\":true" : ",\"pinned\":false");
		if (v->role == ERPOLICY_ITEM_ONPREM_PREFIX) {
			show_chunk_str(c, ",\"azureReturnPath\":");
			show_chunk_json_str(c, erpolicy_transport_name(v->return_path));
		}
		if (erpolicy_verdict_reason(&inst->intent, v, why, sizeof(why))[0]) {
			show_chunk_str(c, ",\"reason\":");
			show_chunk_json_str(c, why);
		}
		show_chunk_str(c, "}");
	}
	show_chunk_str(c, "\n    ]");
}

static void erpolicy_show_verify_text(struct vty *vty, const struct erpolicy_instance *inst)
{
	char pbuf[64], best[64], why[256];

	vty_out(vty, "  Neighbors:\n");
	for (size_t i = 0; i < inst->n_nbrs; i++) {
		const struct erpolicy_nbr_state *nb = &inst->nbrs[i];
		struct erpolicy_probe_info info;
		char extra[200] = "";

		if (!nb->vpn)
			snprintf(extra, sizeof(extra), "BFD %s", nb->bfd[0] ? nb->bfd : "none");
		else if (!erpolicy_probe_get(inst->vrf, &nb->addr, &info))
			snprintf(extra, sizeof(extra), "probe disabled");
		else
			snprintf(extra, sizeof(extra), "probe %s %s, %llu down%s%s%s",
				 erpolicy_probe_state_name(info.state),
				 erpolicy_prefix_str(&info.target, true, best, sizeof(best)),
				 (unsigned long long)info.downs, info.err[0] ? " (" : "", info.err,
				 info.err[0] ? ")" : "");
		vty_out(vty, "    %-28s %-12s %-12s %s\n",
			erpolicy_prefix_str(&nb->addr, true, pbuf, sizeof(pbuf)),
			nb->vpn ? "vpn" : "expressroute", nb->state, extra);
	}
	vty_out(vty, "  Violations: %u\n", inst->violations);
	vty_out(vty, "  %-22s %-21s %-12s %-12s %-16s %-6s %-9s %s\n", "Prefix", "Role",
		"Expected", "Actual", "Best path via", "LocPrf", "Status", "Detail");
	for (size_t i = 0; i < inst->n_verdicts; i++) {
		const struct erpolicy_verdict *v = &inst->verdicts[i];
		char lp[16] = "-", detail[320] = "";

		if (v->lp)
			snprintf(lp, sizeof(lp), "%u", v->lp);
		if (v->role == ERPOLICY_ITEM_GATEWAY_SUBNET)
			snprintf(detail, sizeof(detail), "%s", v->pinned ? "pinned" : "not pinned");
		if (v->role == ERPOLICY_ITEM_ONPREM_PREFIX)
			snprintf(detail, sizeof(detail), "azure-return-path %s",
				 erpolicy_transport_name(v->return_path));
		if (erpolicy_verdict_reason(&inst->intent, v, why, sizeof(why))[0])
			snprintf(detail + strlen(detail), sizeof(detail) - strlen(detail), "%s%s",
				 detail[0] ? "; " : "", why);
		vty_out(vty, "  %-22s %-21s %-12s %-12s %-16s %-6s %-9s %s\n",
			erpolicy_prefix_str(&v->pfx, false, pbuf, sizeof(pbuf)),
			erpolicy_item_name(v->role), erpolicy_transport_name(v->expected),
			erpolicy_transport_name(v->actual),
			v->best.family ? erpolicy_prefix_str(&v->best, true, best, sizeof(best))
				       : "-",
			lp, erpolicy_status_name(v->status), detail);
	}
}

static void erpolicy_show_instance(struct vty *vty, struct erpolicy_instance *inst, json_object *js)
{
	const struct erpolicy_intent *in = &inst->intent;
	char tbuf[32] = "never", vbuf[32] = "never";
	char pbuf[64], key[64];

	if (inst->last_apply)
		erpolicy_time_str(inst->last_apply, tbuf, sizeof(tbuf));
	if (inst->verified)
		erpolicy_time_str(inst->last_verify, vbuf, sizeof(vbuf));
	if (js) {
		json_object *jw, *jlp;

		/* The configuration, as the YANG module names it. */
		json_object_string_add(js, "vrf", inst->vrf);
		json_object_string_add(js, "mode", erpolicy_mode_name(in->mode));
		/* The prefix lists and the verdicts follow (erpolicy_show_lists_json). */
		jlp = json_object_new_object();
		json_object_int_add(jlp, "vpn", in->lp_vpn);
		json_object_int_add(jlp, "expressroute", in->lp_er);
		json_object_object_add(js, "localPreference", jlp);
		if (in->maxpfx_restart || in->maxpfx[0][0] || in->maxpfx[0][1] ||
		    in->maxpfx[1][0] || in->maxpfx[1][1]) {
			json_object *jm = json_object_new_object();

			for (int k = 0; k < ERPOLICY_PEER_KIND_MAX; k++)
				for (int d = 0; d < ERPOLICY_DIR_MAX; d++) {
					char leaf[32];

					if (!in->maxpfx[k][d])
						continue;
					snprintf(leaf, sizeof(leaf), "%s-%s",
						 erpolicy_peer_kind_name(k), erpolicy_dir_name(d));
					json_object_int_add(jm,
							    erpolicy_json_key(leaf, key,
									      sizeof(key)),
							    in->maxpfx[k][d]);
				}
			if (in->maxpfx_restart)
				json_object_int_add(jm, "restart", in->maxpfx_restart);
			json_object_object_add(js, "maximumPrefix", jm);
		}
		{
			json_object *jt = json_object_new_object(), *jta = json_object_new_array();

			json_object_boolean_add(jt, "enabled", in->probe.enabled);
			json_object_int_add(jt, "interval", in->probe.interval_ms);
			json_object_int_add(jt, "multiplier", in->probe.multiplier);
			json_object_int_add(jt, "holdDown", in->probe.hold_down_s);
			for (size_t i = 0; i < in->probe.n_targets; i++) {
				json_object *jte = json_object_new_object();

				json_object_string_add(jte, "neighbor",
						       erpolicy_prefix_str(&in->probe.targets[i].nbr,
									   true, pbuf,
									   sizeof(pbuf)));
				json_object_string_add(jte, "address",
						       erpolicy_prefix_str(&in->probe.targets[i]
										    .target,
									   true, pbuf,
									   sizeof(pbuf)));
				json_object_array_add(jta, jte);
			}
			erpolicy_json_add_array(jt, "target", jta);
			json_object_object_add(js, "tunnelProbe", jt);
		}
		/* The operational state (config false nodes). */
		json_object_int_add(js, "bgpAsn", inst->bgp_asn);
		json_object_string_add(js, "applyState",
				       erpolicy_apply_state_name(inst->apply_state));
		if (inst->apply_reason[0])
			json_object_string_add(js, "applyReason", inst->apply_reason);
		if (inst->last_apply)
			json_object_string_add(js, "lastApply", tbuf);
		json_object_int_add(js, "applies", inst->applies);
		json_object_int_add(js, "driftRepairs", inst->drift_repairs);
		if (inst->verified)
			json_object_string_add(js, "lastVerify", vbuf);
		json_object_int_add(js, "violations", inst->violations);
		jw = json_object_new_array();
		for (size_t i = 0; i < darr_len(inst->warnings); i++)
			json_object_array_add(jw, json_object_new_string(inst->warnings[i]));
		for (size_t i = 0; inst->plan && i < inst->plan->n_warnings; i++)
			json_object_array_add(jw, json_object_new_string(inst->plan->warnings[i]));
		for (size_t i = 0; i < darr_len(inst->nbr_warnings); i++)
			json_object_array_add(jw, json_object_new_string(inst->nbr_warnings[i]));
		erpolicy_json_add_array(js, "warning", jw);
		erpolicy_show_verify_json(inst, js);
		return;
	}

	vty_out(vty, "ExpressRoute policy, vrf %s (router bgp %u)\n", inst->vrf, inst->bgp_asn);
	vty_out(vty, "  Mode: %s, local-preference vpn %u, expressroute %u\n",
		erpolicy_mode_name(in->mode), in->lp_vpn, in->lp_er);
	for (int k = 0; k < ERPOLICY_PEER_KIND_MAX; k++)
		for (int d = 0; d < ERPOLICY_DIR_MAX; d++)
			if (in->maxpfx[k][d])
				vty_out(vty, "  maximum-prefix %s %s %u%s\n",
					erpolicy_peer_kind_name(k), erpolicy_dir_name(d),
					in->maxpfx[k][d],
					d == ERPOLICY_DIR_IN && in->maxpfx_restart ? " (restart)"
										   : "");
	for (int it = 0; it < ERPOLICY_ITEM_MAX; it++) {
		const struct erpolicy_list *l = &in->items[it];

		vty_out(vty, "  %s:", erpolicy_item_name(it));
		for (size_t i = 0; i < l->n; i++)
			vty_out(vty, " %s",
				erpolicy_prefix_str(&l->v[i], erpolicy_item_is_address(it), pbuf,
						    sizeof(pbuf)));
		vty_out(vty, "%s\n", l->n ? "" : " (none)");
	}
	if (in->probe.enabled)
		vty_out(vty,
			"  Tunnel probe: every %u ms, down after %u ms without a reply, hold-down %u s\n",
			in->probe.interval_ms, in->probe.interval_ms * in->probe.multiplier,
			in->probe.hold_down_s);
	else
		vty_out(vty, "  Tunnel probe: off\n");
	vty_out(vty, "  Apply state: %s%s%s\n", erpolicy_apply_state_name(inst->apply_state),
		inst->apply_reason[0] ? " - " : "", inst->apply_reason);
	vty_out(vty, "  Last apply: %s, applies %" PRIu64 ", drift repairs %" PRIu64 "\n", tbuf,
		inst->applies, inst->drift_repairs);
	vty_out(vty, "  Last verify: %s\n", vbuf);
	for (size_t i = 0; i < darr_len(inst->warnings); i++)
		vty_out(vty, "  Warning: %s\n", inst->warnings[i]);
	for (size_t i = 0; inst->plan && i < inst->plan->n_warnings; i++)
		vty_out(vty, "  Warning: %s\n", inst->plan->warnings[i]);
	for (size_t i = 0; i < darr_len(inst->nbr_warnings); i++)
		vty_out(vty, "  Warning: %s\n", inst->nbr_warnings[i]);
	erpolicy_show_verify_text(vty, inst);
}

/*
 * One instance as `"VRF":{...}` in the object of all instances: the small
 * head through json-c, printed as vty_json prints and indented one level, then
 * the large lists, streamed.
 */
static void erpolicy_show_instance_json(struct vty *vty, struct erpolicy_instance *inst, bool first)
{
	json_object *ji = json_object_new_object(), *jname = json_object_new_string(inst->vrf);
	struct show_chunk chunk = { .vty = vty };
	const char *head;
	size_t len;

	erpolicy_show_instance(vty, inst, ji);
	head = json_object_to_json_string_ext(ji, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_NOSLASHESCAPE);
	/* "{\n  KEY...\n}": all but the closing brace, each line indented two more. */
	len = strlen(head);
	while (len && isspace((unsigned char)head[len - 1]))
		len--;
	if (len && head[len - 1] == '}')
		len--;
	while (len && isspace((unsigned char)head[len - 1]))
		len--;
	vty_out(vty, "%s\n  %s:", first ? "" : ",",
		json_object_to_json_string_ext(jname, JSON_C_TO_STRING_NOSLASHESCAPE));
	for (const char *p = head, *nl; p < head + len; p = nl + 1) {
		nl = memchr(p, '\n', head + len - p);
		if (!nl)
			nl = head + len;
		vty_out(vty, "%s%.*s", p == head ? "" : "\n  ", (int)(nl - p), p);
	}
	erpolicy_show_lists_json(&chunk, inst);
	erpolicy_show_verdicts_json(&chunk, inst);
	show_chunk_flush(&chunk);
	vty_out(vty, "\n  }");
	json_object_put(jname);
	json_object_put(ji);
}

DEFPY(show_erpolicy, show_erpolicy_cmd,
      "show expressroute-policy [vrf NAME$vrf] [json$json]",
      SHOW_STR ERPOLICY_STR ERPOLICY_VRF_STR JSON_STR)
{
	struct erpolicy_instance *inst;
	bool first = true;

	if (json)
		vty_out(vty, "{");
	for (inst = erpolicy_instance_first(); inst; inst = erpolicy_instance_next(inst)) {
		if (vrf && strcmp(vrf, inst->vrf) != 0)
			continue;
		if (json) {
			erpolicy_show_instance_json(vty, inst, first);
			first = false;
		} else {
			erpolicy_show_instance(vty, inst, NULL);
		}
	}
	if (json)
		vty_out(vty, "%s}\n", first ? "" : "\n");
	return CMD_SUCCESS;
}

DEFPY(show_erpolicy_stats, show_erpolicy_stats_cmd,
      "show expressroute-policy statistics [json$json]",
      SHOW_STR ERPOLICY_STR "What the reconcile passes have done\n" JSON_STR)
{
	const struct erpolicy_apply_stats *st = erpolicy_apply_stats();
	const struct erpolicy_verify_stats *vs = erpolicy_verify_stats();

	if (json) {
		const struct {
			const char *key;
			int64_t value;
		} fields[] = {
			{ "passes", (int64_t)st->passes },
			{ "fullPasses", (int64_t)st->full_passes },
			{ "cachedPasses", (int64_t)st->cached_passes },
			{ "pushes", (int64_t)st->pushes },
			{ "pushFailures", (int64_t)st->push_failures },
			{ "lastFullPassMs", st->full_last_ms },
			{ "lastFullPassCpuMs", st->full_cpu_last_ms },
			{ "longestFullPassMs", st->full_max_ms },
			{ "lastPushMs", st->push_last_ms },
			{ "longestPushMs", st->push_max_ms },
			{ "lastPushBgpdLines", (int64_t)st->push_last_bgpd_lines },
			{ "lastPushMgmtdLines", (int64_t)st->push_last_mgmtd_lines },
			{ "verifierJudged", (int64_t)vs->judged },
			{ "verifierUnchanged", (int64_t)vs->unchanged },
			{ "lastJudgementUs", vs->judge_last_us },
			{ "longestJudgementUs", vs->judge_max_us },
		};
		json_object *js = json_object_new_object();

		for (size_t i = 0; i < array_size(fields); i++)
			json_object_int_add(js, fields[i].key, fields[i].value);
		vty_json(vty, js);
		return CMD_SUCCESS;
	}
	vty_out(vty,
		"Reconcile passes: %" PRIu64 " (full %" PRIu64 ", pushed without reading %" PRIu64
		")\n",
		st->passes, st->full_passes, st->cached_passes);
	vty_out(vty, "Pushes: %" PRIu64 " (failed %" PRIu64 ")\n", st->pushes, st->push_failures);
	vty_out(vty,
		"Last full pass: %" PRId64 " ms (CPU %" PRId64 " ms), longest %" PRId64 " ms\n",
		st->full_last_ms, st->full_cpu_last_ms, st->full_max_ms);
	vty_out(vty,
		"Last push: %" PRIu64 " lines to bgpd, %" PRIu64 " to mgmtd, %" PRId64
		" ms; longest %" PRId64 " ms\n",
		st->push_last_bgpd_lines, st->push_last_mgmtd_lines, st->push_last_ms,
		st->push_max_ms);
	vty_out(vty,
		"Verifier: judged %" PRIu64 " times, unchanged %" PRIu64
		" times; last judgement %.1f ms, longest %.1f ms\n",
		vs->judged, vs->unchanged, vs->judge_last_us / 1000.0, vs->judge_max_us / 1000.0);
	return CMD_SUCCESS;
}

DEFPY(debug_erpolicy, debug_erpolicy_cmd,
      "[no] debug expressroute-policy [{apply$apply|verify$verify}]",
      NO_STR DEBUG_STR ERPOLICY_STR
      "Pushing generated configuration to the daemons\n"
      "Verification of the live routing state\n")
{
	if (!apply && !verify)
		erpolicy_debug_set(vty->node, !no, true, true);
	else
		erpolicy_debug_set(vty->node, !no, !!apply, !!verify);
	return CMD_SUCCESS;
}

DEFUN_NOSH(show_debugging_erpolicy, show_debugging_erpolicy_cmd,
	   "show debugging [expressroute-policy]",
	   SHOW_STR DEBUG_STR ERPOLICY_STR)
{
	vty_out(vty, "ExpressRoute policy debugging status\n");
	cmd_show_lib_debugs(vty);
	return CMD_SUCCESS;
}

void erpolicy_vty_init(void)
{
	install_node(&erpolicy_node);
	install_default(ERPOLICY_NODE);

	install_element(CONFIG_NODE, &router_erpolicy_cmd);
	install_element(CONFIG_NODE, &no_router_erpolicy_cmd);
	install_element(ERPOLICY_NODE, &erpolicy_mode_cmd);
	install_element(ERPOLICY_NODE, &erpolicy_prefix_item_cmd);
	install_element(ERPOLICY_NODE, &erpolicy_neighbor_item_cmd);
	install_element(ERPOLICY_NODE, &erpolicy_lp_cmd);
	install_element(ERPOLICY_NODE, &erpolicy_maxpfx_cmd);
	install_element(ERPOLICY_NODE, &erpolicy_maxpfx_restart_cmd);
	install_element(ERPOLICY_NODE, &erpolicy_probe_cmd);
	install_element(ERPOLICY_NODE, &erpolicy_probe_interval_cmd);
	install_element(ERPOLICY_NODE, &erpolicy_probe_multiplier_cmd);
	install_element(ERPOLICY_NODE, &erpolicy_probe_hold_cmd);
	install_element(ERPOLICY_NODE, &erpolicy_probe_target_cmd);

	install_element(VIEW_NODE, &show_erpolicy_generated_cmd);
	install_element(VIEW_NODE, &show_erpolicy_cmd);
	install_element(VIEW_NODE, &show_erpolicy_stats_cmd);

	install_element(ENABLE_NODE, &debug_erpolicy_cmd);
	install_element(CONFIG_NODE, &debug_erpolicy_cmd);
	install_element(ENABLE_NODE, &show_debugging_erpolicy_cmd);
}
