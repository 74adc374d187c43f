// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fixtures of tests/unit/test_diff.c: intents with several instances, the text
 * bgpd and mgmtd of FRR 10.3 show, and the table of cases; tests/fuzz/gen_state_seeds
 * writes the table out as fuzz_state's seeds.
 */

#include <zebra.h>

#include "erpolicy_memory.h"
#include "diff_cases.h"
#include "intent_text.h"

static struct erpolicy_intent *instance_get(struct instances *is, const char *vrf)
{
	for (size_t j = 0; j < is->n; j++)
		if (strcmp(is->in[j].vrf, vrf) == 0)
			return &is->in[j];
	if (is->n == MAX_INSTANCES)
		return NULL;
	erpolicy_intent_init(&is->in[is->n], vrf);
	/* The cases are about the diff engine: probing only where a case says "tunnel-probe". */
	is->in[is->n].probe.enabled = false;
	return &is->in[is->n++];
}

int instances_build(struct instances *is, const char *const *lines, size_t max, char *err,
		    size_t errlen)
{
	struct erpolicy_intent *cur = NULL;

	memset(is, 0, sizeof(*is));
	for (size_t i = 0; i < max && lines[i]; i++) {
		char vrf[64];

		if (sscanf(lines[i], "vrf %63s", vrf) == 1) {
			cur = instance_get(is, vrf);
			if (!cur)
				goto too_many;
			continue;
		}
		if (!cur && !(cur = instance_get(is, "default")))
			goto too_many;
		if (erpolicy_test_line(cur, lines[i], err, errlen) < 0)
			return -1;
	}
	for (size_t j = 0; j < is->n; j++) {
		if (erpolicy_intent_validate(&is->in[j], err, errlen) < 0)
			return -1;
		is->plan[j] = erpolicy_compile(&is->in[j]);
	}
	return 0;
too_many:
	snprintf(err, errlen, "more than %d instances", MAX_INSTANCES);
	return -1;
}

void instances_free(struct instances *is)
{
	for (size_t j = 0; j < is->n; j++) {
		erpolicy_plan_free(is->plan[j]);
		erpolicy_intent_fini(&is->in[j]);
	}
}

/* ------------------------------------------------------------------ */
/* Text helpers                                                         */

void sb_add(struct sbuf *sb, const char *s, size_t n)
{
	if (sb->len + n + 1 > sb->cap) {
		sb->cap = (sb->len + n + 1) * 2;
		sb->s = realloc(sb->s, sb->cap);
		if (!sb->s)
			abort();
	}
	memcpy(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void sb_puts(struct sbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

/*
 * The daemons holding exactly the plans: erpolicy_render_plan's text, with each
 * instance's neighbors configured in its router bgp (as bgpd would show them).
 */
char *render_daemon(const struct instances *is)
{
	struct sbuf sb = {};

	sb_puts(&sb, "");
	for (size_t j = 0; j < is->n; j++) {
		char *text = erpolicy_render_plan(is->plan[j], TEST_ASN);
		char *rb = strstr(text, "\nrouter bgp ");

		if (!rb) {
			sb_puts(&sb, text);
			XFREE(MTYPE_ERPOLICY_CONFIG_TEXT, text);
			continue;
		}
		rb = strchr(rb + 1, '\n') + 1;
		sb_add(&sb, text, rb - text);
		for (int it = ERPOLICY_ITEM_ER_NEIGHBOR; it <= ERPOLICY_ITEM_VPN_NEIGHBOR; it++) {
			const struct erpolicy_list *l = &is->in[j].items[it];

			for (size_t k = 0; k < l->n; k++) {
				char nbr[64], line[128];

				snprintf(line, sizeof(line), " neighbor %s remote-as %s\n",
					 erpolicy_prefix_str(&l->v[k], true, nbr, sizeof(nbr)),
					 it == ERPOLICY_ITEM_ER_NEIGHBOR ? "12076" : "65515");
				sb_puts(&sb, line);
			}
		}
		sb_puts(&sb, " !\n");
		sb_puts(&sb, rb);
		XFREE(MTYPE_ERPOLICY_CONFIG_TEXT, text);
	}
	return sb.s;
}

char *mangle(const char *text, unsigned int how)
{
	struct sbuf sb = {};

	sb_puts(&sb, "");
	for (const char *s = text; *s;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);

		sb_add(&sb, s, n);
		if (how & MANGLE_TRAILING)
			sb_puts(&sb, "  \t ");
		if (nl)
			sb_puts(&sb, how & MANGLE_CRLF ? "\r\n" : "\n");
		s += n + (nl ? 1 : 0);
	}
	return sb.s;
}

/* One daemon's text: the rendered plans' (or none), the fixture's, mangled as asked. */
static char *case_text(const char *rendered, const char *fixture, unsigned int how)
{
	struct sbuf sb = {};
	char *t;

	sb_puts(&sb, rendered ? rendered : "");
	sb_puts(&sb, fixture ? fixture : "");
	if (!how)
		return sb.s;
	t = mangle(sb.s, how);
	free(sb.s);
	return t;
}

void diff_case_texts(const struct diff_case *c, const struct instances *is, char **bgpd,
		     char **mgmtd)
{
	unsigned int how = c->flags & (MANGLE_CRLF | MANGLE_TRAILING);
	char *r = c->flags & F_RENDER ? render_daemon(is) : NULL;

	*bgpd = case_text(r, c->bgpd, how);
	*mgmtd = case_text(r, c->mgmtd, how);
	free(r);
}

/* ------------------------------------------------------------------ */

/* The table is laid out by hand, one text fragment per line. */
/* clang-format off */
const struct diff_case diff_cases[] = {
	/* 1. empty daemons: the whole plan, bindings in their context, every neighbor refreshed */
	{ .name = "full push",
	  .intent = { BASE },
	  .bgpd = BGPD_EMPTY,
	  .mgmtd = MGMTD_EMPTY,
	  .objects = { OBJ_PL_AZ172, OBJ_PL_AZ10, OBJ_PL_GW, OBJ_RM_ER_IN_10, OBJ_RM_ER_IN_20,
		       OBJ_RM_ER_OUT_10, OBJ_RM_VPN_IN_10, OBJ_RM_VPN_IN_20, OBJ_RM_VPN_OUT_10 },
	  .bindings = { CTX_V4("router bgp 65501"), CMD_BIND_VPN_IN, CMD_BIND_VPN_OUT,
			CMD_BIND_ER_IN, CMD_BIND_ER_OUT, CTX_END },
	  .mgmtd_cmds = { PIN },
	  .refresh = { REFRESH_BASE } },

	/* 2. idempotence: the daemons hold exactly the plan */
	{ .name = "holding the plan (FRR text)",
	  .intent = { BASE },
	  .bgpd = BGPD_BASE,
	  .mgmtd = MGMTD_BASE },
	{ .name = "holding the plan (rendered)",
	  .intent = { BASE },
	  .flags = F_RENDER },
	{ .name = "holding the plan (rendered, seed guide)",
	  .intent = { "azure-prefix 10.64.0.0/23", "azure-prefix 172.16.0.0/16",
		      "gateway-subnet 10.64.0.0/26", "expressroute-neighbor 192.168.100.2",
		      "vpn-neighbor 169.254.21.2", "vpn-neighbor 169.254.22.2",
		      "tunnel-endpoint 10.10.10.1/32", "onprem-prefix 10.1.0.0/16",
		      "expressroute-fallback 10.0.0.0/8" },
	  .flags = F_RENDER },
	{ .name = "holding the plan (rendered, require-encryption, local-preference)",
	  .intent = { BASE, "mode require-encryption", "local-preference vpn 300",
		      "local-preference expressroute 50", "onprem-prefix 10.1.0.0/16" },
	  .flags = F_RENDER },

	/* 3. drift */
	{ .name = "drift: route-map entry deleted",
	  .intent = { BASE },
	  .bgpd = BGPD_PLISTS
		  RM_ER_IN_10 RM_ER_IN_20 RM_ER_OUT_10 RM_VPN_IN_20 RM_VPN_OUT_10
		  BGP_OPEN("") BIND_ALL BGP_CLOSE,
	  .mgmtd = MGMTD_BASE,
	  .objects = { OBJ_RM_VPN_IN_10 },
	  .refresh = { REFRESH_BASE } },
	{ .name = "drift: local-preference changed",
	  .intent = { BASE },
	  .bgpd = BGPD_PLISTS
		  RM_ER_IN_10 RM_ER_IN_20 RM_ER_OUT_10 RM_VPN_IN_10 RM_VPN_IN_20_LP("150") RM_VPN_OUT_10
		  BGP_OPEN("") BIND_ALL BGP_CLOSE,
	  .mgmtd = MGMTD_BASE,
	  .objects = { "route-map ERPOL-VPN-IN-V4 permit 20", " no set local-preference 150",
		       " set local-preference 200", "exit" },
	  .refresh = { REFRESH_BASE } },
	{ .name = "drift: set local-preference deleted",
	  .intent = { BASE },
	  .bgpd = BGPD_PLISTS
		  RM_ER_IN_10 RM_ER_IN_20 RM_ER_OUT_10 RM_VPN_IN_10
		  "route-map ERPOL-VPN-IN-V4 permit 20\n"
		  " match ip address prefix-list ERPOL-AZURE-V4\n"
		  "exit\n"
		  RM_VPN_OUT_10
		  BGP_OPEN("") BIND_ALL BGP_CLOSE,
	  .mgmtd = MGMTD_BASE,
	  .objects = { "route-map ERPOL-VPN-IN-V4 permit 20", " set local-preference 200", "exit" },
	  .refresh = { REFRESH_BASE } },
	/* FRR changes the action of an existing entry in place: no "no route-map ... 10" */
	{ .name = "drift: route-map action deny instead of permit",
	  .intent = { BASE },
	  .bgpd = BGPD_PLISTS
		  "route-map ERPOL-ER-IN-V4 deny 10\n"
		  " match ip address prefix-list ERPOL-GWSUBNET-V4\n"
		  "exit\n"
		  RM_ER_IN_20 RM_ER_OUT_10 RM_VPN_IN_10 RM_VPN_IN_20 RM_VPN_OUT_10
		  BGP_OPEN("") BIND_ALL BGP_CLOSE,
	  .mgmtd = MGMTD_BASE,
	  .objects = { "route-map ERPOL-ER-IN-V4 permit 10", "exit" },
	  .refresh = { REFRESH_BASE } },
	{ .name = "drift: route-map action permit instead of deny, match changed",
	  .intent = { BASE },
	  .bgpd = BGPD_PLISTS
		  RM_ER_IN_10 RM_ER_IN_20 RM_ER_OUT_10
		  "route-map ERPOL-VPN-IN-V4 permit 10\n"
		  " match ip address prefix-list OPS-LIST\n"
		  "exit\n"
		  RM_VPN_IN_20 RM_VPN_OUT_10
		  BGP_OPEN("") BIND_ALL BGP_CLOSE,
	  .mgmtd = MGMTD_BASE,
	  .objects = { "route-map ERPOL-VPN-IN-V4 deny 10",
		       " no match ip address prefix-list OPS-LIST",
		       " match ip address prefix-list ERPOL-GWSUBNET-V4", "exit" },
	  .refresh = { REFRESH_BASE } },
	{ .name = "drift: extra route-map entry",
	  .intent = { BASE },
	  .bgpd = BGPD_BASE
		  "route-map ERPOL-VPN-IN-V4 permit 30\n"
		  " set local-preference 50\n"
		  "exit\n",
	  .mgmtd = MGMTD_BASE,
	  .removals = { "no route-map ERPOL-VPN-IN-V4 permit 30" },
	  .refresh = { REFRESH_BASE } },
	/* fuzz_state: the removal was cut to 255 characters, naming no entry or another one */
	{ .name = "drift: extra route-map entry with a 300-character owned name",
	  .intent = { BASE },
	  .bgpd = BGPD_BASE
		  "route-map ERPOL-" LONG_NAME " permit 10\n"
		  " set local-preference 50\n"
		  "exit\n",
	  .mgmtd = MGMTD_BASE,
	  .removals = { "no route-map ERPOL-" LONG_NAME " permit 10" },
	  .refresh = { REFRESH_BASE } },
	/* FRR keys prefix-list entries by seq: re-adding seq N replaces the entry in place,
	 * and "no ip prefix-list ... seq N ..." would delete the corrected entry */
	{ .name = "drift: prefix-list entry edited in place",
	  .intent = { BASE },
	  .bgpd = PL_AZ172
		  "ip prefix-list ERPOL-AZURE-V4 seq 1444625307 permit 10.64.0.0/23\n"
		  PL_GW BGPD_RMAPS
		  BGP_OPEN("") BIND_ALL BGP_CLOSE,
	  .mgmtd = MGMTD_BASE,
	  .objects = { OBJ_PL_AZ10 },
	  .refresh = { REFRESH_BASE } },
	/* entries renumbered (the plan's numbers move when hashes collide): one reused, one stale */
	{ .name = "drift: prefix-list entries renumbered",
	  .intent = { BASE },
	  .bgpd = "ip prefix-list ERPOL-AZURE-V4 seq 1444625307 permit 172.16.0.0/16 le 32\n"
		  "ip prefix-list ERPOL-AZURE-V4 seq 1444625308 permit 10.64.0.0/23 le 32\n"
		  PL_GW BGPD_RMAPS
		  BGP_OPEN("") BIND_ALL BGP_CLOSE,
	  .mgmtd = MGMTD_BASE,
	  .objects = { OBJ_PL_AZ172, OBJ_PL_AZ10 },
	  .removals = { "no ip prefix-list ERPOL-AZURE-V4 seq 1444625308 permit 10.64.0.0/23 le 32" },
	  .refresh = { REFRESH_BASE } },
	/* bgpd never shows one, but it must not make the key undefined (sscanf %lu did) */
	{ .name = "drift: prefix-list entry with a sequence number beyond 64 bits",
	  .intent = { BASE },
	  .bgpd = "ip prefix-list ERPOL-AZURE-V4 seq 99999999999999999999999 permit 10.0.0.0/8\n"
		  BGPD_BASE,
	  .mgmtd = MGMTD_BASE,
	  .removals = { "no ip prefix-list ERPOL-AZURE-V4 seq 99999999999999999999999 permit 10.0.0.0/8" },
	  .refresh = { REFRESH_BASE } },
	{ .name = "drift: prefix-list entry deleted, extra one added",
	  .intent = { BASE },
	  .bgpd = PL_AZ172 PL_GW
		  "ip prefix-list ERPOL-GWSUBNET-V4 seq 5 permit 192.0.2.0/24\n"
		  BGPD_RMAPS
		  BGP_OPEN("") BIND_ALL BGP_CLOSE,
	  .mgmtd = MGMTD_BASE,
	  .objects = { OBJ_PL_AZ10 },
	  .removals = { "no ip prefix-list ERPOL-GWSUBNET-V4 seq 5 permit 192.0.2.0/24" },
	  .refresh = { REFRESH_BASE } },
	{ .name = "drift: binding removed",
	  .intent = { BASE },
	  .bgpd = BGPD_PLISTS BGPD_RMAPS
		  BGP_OPEN("") BIND_VPN_IN BIND_VPN_OUT BIND_ER_IN BGP_CLOSE,
	  .mgmtd = MGMTD_BASE,
	  .bindings = { CTX_V4("router bgp 65501"), CMD_BIND_ER_OUT, CTX_END },
	  .refresh = { REFRESH_BASE } },
	/* a route-map of erpolicyd's in the slot: replaced, without unbinding first */
	{ .name = "drift: binding to the wrong owned route-map",
	  .intent = { BASE },
	  .bgpd = BGPD_PLISTS BGPD_RMAPS
		  BGP_OPEN("")
		  "  neighbor 169.254.21.2 route-map ERPOL-ER-IN-V4 in\n"
		  BIND_VPN_OUT BIND_ER_IN BIND_ER_OUT
		  BGP_CLOSE,
	  .mgmtd = MGMTD_BASE,
	  .bindings = { CTX_V4("router bgp 65501"), CMD_BIND_VPN_IN, CTX_END },
	  .refresh = { REFRESH_BASE } },
	{ .name = "drift: pin removed",
	  .intent = { BASE },
	  .bgpd = BGPD_BASE,
	  .mgmtd = MGMTD_EMPTY,
	  .mgmtd_cmds = { PIN } },
	{ .name = "drift: stale pin",
	  .intent = { BASE },
	  .bgpd = BGPD_BASE,
	  .mgmtd = MGMTD_BASE "ip route 10.99.0.0/26 192.168.100.2 tag 4242\n",
	  .mgmtd_cmds = { "no ip route 10.99.0.0/26 192.168.100.2 tag 4242" } },

	/* 4. what cannot be applied */
	{ .name = "neighbor not in router bgp",
	  .intent = { BASE, "vpn-neighbor 169.254.22.2" },
	  .bgpd = BGPD_BASE,
	  .mgmtd = MGMTD_BASE,
	  .warnings = { "default\tneighbor 169.254.22.2 is not configured in router bgp: not bound" } },
	{ .name = "neighbor slot holds the operator's route-map",
	  .intent = { BASE },
	  .bgpd = BGPD_PLISTS BGPD_RMAPS
		  "route-map OPS-IN permit 10\n"
		  " set local-preference 50\n"
		  "exit\n"
		  BGP_OPEN("")
		  "  neighbor 169.254.21.2 route-map OPS-IN in\n"
		  BIND_VPN_OUT BIND_ER_IN BIND_ER_OUT
		  BGP_CLOSE,
	  .mgmtd = MGMTD_BASE,
	  .warnings = { "default\tneighbor 169.254.21.2 already has route-map OPS-IN in, not erpolicyd's: left as it is" } },
	{ .name = "no router bgp for the vrf",
	  .intent = { "vrf BLUE", "vpn-neighbor 169.254.21.2" },
	  .bgpd = BGPD_EMPTY,
	  .mgmtd = MGMTD_EMPTY,
	  .objects = { "route-map ERPOL-VPN-IN-V4-VRF-BLUE deny 10", "exit",
		       "route-map ERPOL-VPN-OUT-V4-VRF-BLUE deny 10", "exit" },
	  .warnings = { "BLUE\tno router bgp for vrf BLUE: neighbor 169.254.21.2 not bound" } },
	{ .name = "no router bgp at all",
	  .intent = { "vpn-neighbor 169.254.21.2" },
	  .bgpd = "",
	  .mgmtd = "",
	  .objects = { "route-map ERPOL-VPN-IN-V4 deny 10", "exit",
		       "route-map ERPOL-VPN-OUT-V4 deny 10", "exit" },
	  .warnings = { "default\tno router bgp for vrf default: neighbor 169.254.21.2 not bound" } },
	{ .name = "neighbor configured in another vrf only",
	  .intent = { "vpn-neighbor 169.254.21.2" },
	  .bgpd = "router bgp 65501\n"
		  " neighbor 10.0.0.1 remote-as 1\n"
		  "exit\n"
		  "router bgp 65501 vrf BLUE\n"
		  " neighbor 169.254.21.2 remote-as 65515\n"
		  "exit\n",
	  .objects = { "route-map ERPOL-VPN-IN-V4 deny 10", "exit",
		       "route-map ERPOL-VPN-OUT-V4 deny 10", "exit" },
	  .warnings = { "default\tneighbor 169.254.21.2 is not configured in router bgp: not bound" } },

	/* require-encryption relies on RFC 8212 while a neighbor is without its route-maps */
	{ .name = "require-encryption, no bgp ebgp-requires-policy",
	  .intent = { BASE, "mode require-encryption" },
	  .flags = F_RENDER,
	  .bgpd = "router bgp 65501\n no bgp ebgp-requires-policy\nexit\n",
	  .warnings = { "default\tmode require-encryption with no bgp ebgp-requires-policy: a neighbor without erpolicyd's route-maps (bgpd restarted, until they are back) accepts the azure-prefixes from ExpressRoute unencrypted" } },
	{ .name = "prefer-vpn, no bgp ebgp-requires-policy: no warning",
	  .intent = { BASE },
	  .flags = F_RENDER,
	  .bgpd = "router bgp 65501\n no bgp ebgp-requires-policy\nexit\n" },
	{ .name = "require-encryption in BLUE, RFC 8212 off in another vrf only",
	  .intent = { "vrf BLUE", BASE, "mode require-encryption" },
	  .flags = F_RENDER,
	  .bgpd = "router bgp 65501\n no bgp ebgp-requires-policy\nexit\n" },
	{ .name = "require-encryption in BLUE, RFC 8212 off there",
	  .intent = { "vrf BLUE", BASE, "mode require-encryption" },
	  .flags = F_RENDER,
	  .bgpd = "router bgp 65501 vrf BLUE\n no bgp ebgp-requires-policy\nexit\n",
	  .warnings = { "BLUE\tmode require-encryption with no bgp ebgp-requires-policy: a neighbor without erpolicyd's route-maps (bgpd restarted, until they are back) accepts the azure-prefixes from ExpressRoute unencrypted" } },
	{ .name = "require-encryption, the line in an address-family is not it",
	  .intent = { BASE, "mode require-encryption" },
	  .flags = F_RENDER,
	  .bgpd = "router bgp 65501\n address-family ipv4 unicast\n  no bgp ebgp-requires-policy\n exit-address-family\nexit\n" },

	/* 5. intent changes */
	{ .name = "azure-prefix removed",
	  .intent = { "azure-prefix 10.64.0.0/23", "gateway-subnet 10.64.0.0/26",
		      "expressroute-neighbor 192.168.100.2", "vpn-neighbor 169.254.21.2" },
	  .bgpd = BGPD_BASE,
	  .mgmtd = MGMTD_BASE,
	  .removals = { "no " OBJ_PL_AZ172 },
	  .refresh = { REFRESH_BASE } },
	{ .name = "vpn-neighbor removed",
	  .intent = { "azure-prefix 10.64.0.0/23", "azure-prefix 172.16.0.0/16",
		      "gateway-subnet 10.64.0.0/26", "expressroute-neighbor 192.168.100.2" },
	  .bgpd = BGPD_BASE,
	  .mgmtd = MGMTD_BASE,
	  .bindings = { CTX_V4("router bgp 65501"),
			"  no neighbor 169.254.21.2 route-map ERPOL-VPN-IN-V4 in",
			"  no neighbor 169.254.21.2 route-map ERPOL-VPN-OUT-V4 out", CTX_END },
	  .removals = { "no route-map ERPOL-VPN-OUT-V4 deny 10" },
	  .refresh = { REFRESH_BASE } },
	/* unbound first, then removed; the operator's objects stay */
	{ .name = "whole intent removed",
	  .intent = {},
	  .bgpd = "ip prefix-list OPS-V4 seq 5 permit 10.0.0.0/8 le 24\n"
		  BGPD_BASE
		  "route-map OPS-OUT permit 10\n"
		  " match ip address prefix-list OPS-V4\n"
		  "exit\n"
		  "!\n"
		  "router bgp 65501 vrf RED\n"
		  " neighbor 10.9.9.9 remote-as 1\n"
		  " address-family ipv4 unicast\n"
		  "  neighbor 10.9.9.9 route-map OPS-OUT out\n"
		  " exit-address-family\n"
		  "exit\n",
	  .mgmtd = MGMTD_BASE "ip route 10.99.0.0/16 10.0.0.1 tag 42\n",
	  .bindings = { CTX_V4("router bgp 65501"),
			"  no neighbor 169.254.21.2 route-map ERPOL-VPN-IN-V4 in",
			"  no neighbor 169.254.21.2 route-map ERPOL-VPN-OUT-V4 out",
			"  no neighbor 192.168.100.2 route-map ERPOL-ER-IN-V4 in",
			"  no neighbor 192.168.100.2 route-map ERPOL-ER-OUT-V4 out", CTX_END },
	  .removals = { "no route-map ERPOL-ER-IN-V4 permit 10", "no route-map ERPOL-ER-IN-V4 permit 20",
			"no route-map ERPOL-ER-OUT-V4 deny 10", "no route-map ERPOL-VPN-IN-V4 deny 10",
			"no route-map ERPOL-VPN-IN-V4 permit 20", "no route-map ERPOL-VPN-OUT-V4 deny 10",
			"no " OBJ_PL_AZ172, "no " OBJ_PL_AZ10, "no " OBJ_PL_GW },
	  .mgmtd_cmds = { "no " PIN },
	  .refresh = { REFRESH_BASE } },

	/* 6. a non-default VRF */
	{ .name = "vrf: full push",
	  .intent = { "vrf BLUE", BASE },
	  .bgpd = BLUE_BGPD_EMPTY,
	  .mgmtd = MGMTD_EMPTY,
	  .objects = { "ip prefix-list ERPOL-AZURE-V4-VRF-BLUE seq 1375728542 permit 172.16.0.0/16 le 32",
		       "ip prefix-list ERPOL-AZURE-V4-VRF-BLUE seq 1444625307 permit 10.64.0.0/23 le 32",
		       "ip prefix-list ERPOL-GWSUBNET-V4-VRF-BLUE seq 1260071498 permit 10.64.0.0/26 le 32",
		       "route-map ERPOL-ER-IN-V4-VRF-BLUE permit 10",
		       " match ip address prefix-list ERPOL-GWSUBNET-V4-VRF-BLUE", "exit",
		       "route-map ERPOL-ER-IN-V4-VRF-BLUE permit 20",
		       " match ip address prefix-list ERPOL-AZURE-V4-VRF-BLUE",
		       " set local-preference 100", "exit",
		       "route-map ERPOL-ER-OUT-V4-VRF-BLUE deny 10", "exit",
		       "route-map ERPOL-VPN-IN-V4-VRF-BLUE deny 10",
		       " match ip address prefix-list ERPOL-GWSUBNET-V4-VRF-BLUE", "exit",
		       "route-map ERPOL-VPN-IN-V4-VRF-BLUE permit 20",
		       " match ip address prefix-list ERPOL-AZURE-V4-VRF-BLUE",
		       " set local-preference 200", "exit",
		       "route-map ERPOL-VPN-OUT-V4-VRF-BLUE deny 10", "exit" },
	  .bindings = { CTX_V4("router bgp 65501 vrf BLUE"),
			"  neighbor 169.254.21.2 route-map ERPOL-VPN-IN-V4-VRF-BLUE in",
			"  neighbor 169.254.21.2 route-map ERPOL-VPN-OUT-V4-VRF-BLUE out",
			"  neighbor 192.168.100.2 route-map ERPOL-ER-IN-V4-VRF-BLUE in",
			"  neighbor 192.168.100.2 route-map ERPOL-ER-OUT-V4-VRF-BLUE out", CTX_END },
	  .mgmtd_cmds = { PIN " vrf BLUE" },
	  .refresh = { "BLUE\tipv4\t169.254.21.2", "BLUE\tipv4\t192.168.100.2" } },
	/* mgmtd shows a VRF's static routes inside a vrf block */
	{ .name = "vrf: holding the plan, pin in a vrf block",
	  .intent = { "vrf BLUE", "azure-prefix 10.64.0.0/23", "gateway-subnet 10.64.0.0/26",
		      "expressroute-neighbor 192.168.100.2" },
	  .bgpd = "ip prefix-list ERPOL-AZURE-V4-VRF-BLUE seq 1444625307 permit 10.64.0.0/23 le 32\n"
		  "ip prefix-list ERPOL-GWSUBNET-V4-VRF-BLUE seq 1260071498 permit 10.64.0.0/26 le 32\n"
		  "!\n"
		  "route-map ERPOL-ER-IN-V4-VRF-BLUE permit 10\n"
		  " match ip address prefix-list ERPOL-GWSUBNET-V4-VRF-BLUE\n"
		  "exit\n"
		  "!\n"
		  "route-map ERPOL-ER-IN-V4-VRF-BLUE permit 20\n"
		  " match ip address prefix-list ERPOL-AZURE-V4-VRF-BLUE\n"
		  " set local-preference 100\n"
		  "exit\n"
		  "!\n"
		  "route-map ERPOL-ER-OUT-V4-VRF-BLUE deny 10\n"
		  "exit\n"
		  "!\n"
		  "route-map ERPOL-VPN-IN-V4-VRF-BLUE deny 10\n"
		  " match ip address prefix-list ERPOL-GWSUBNET-V4-VRF-BLUE\n"
		  "exit\n"
		  "!\n"
		  "route-map ERPOL-VPN-IN-V4-VRF-BLUE permit 20\n"
		  " match ip address prefix-list ERPOL-AZURE-V4-VRF-BLUE\n"
		  " set local-preference 200\n"
		  "exit\n"
		  "!\n"
		  BGP_OPEN("") BGP_CLOSE
		  BGP_OPEN(" vrf BLUE")
		  "  neighbor 192.168.100.2 route-map ERPOL-ER-IN-V4-VRF-BLUE in\n"
		  "  neighbor 192.168.100.2 route-map ERPOL-ER-OUT-V4-VRF-BLUE out\n"
		  BGP_CLOSE,
	  .mgmtd = MGMTD_EMPTY
		   "vrf BLUE\n"
		   " ip route 10.64.0.0/26 192.168.100.2 tag 4242\n"
		   "exit-vrf\n"
		   "!\n" },
	{ .name = "vrf: pins nobody wants, in another vrf block and the default vrf, removed",
	  .intent = { "vrf BLUE", "azure-prefix 10.64.0.0/23", "gateway-subnet 10.64.0.0/26",
		      "expressroute-neighbor 192.168.100.2" },
	  .flags = F_RENDER,
	  .bgpd = "",
	  .mgmtd = "vrf RED\n"
		   " ip route 10.64.0.0/26 192.168.100.2 tag 4242\n"
		   "exit-vrf\n"
		   PIN "\n",
	  .mgmtd_cmds = { "no " PIN, "no " PIN " vrf RED" } },
	{ .name = "vrf: default and BLUE together, different ASNs",
	  .intent = { "vpn-neighbor 169.254.21.2", "vrf BLUE", "vpn-neighbor 169.254.21.2" },
	  .bgpd = "router bgp 65501\n"
		  " neighbor 169.254.21.2 remote-as 65515\n"
		  "exit\n"
		  "!\n"
		  "router bgp 65502 vrf BLUE\n"
		  " neighbor 169.254.21.2 remote-as 65515\n"
		  "exit\n"
		  "!\n",
	  .objects = { "route-map ERPOL-VPN-IN-V4 deny 10", "exit",
		       "route-map ERPOL-VPN-IN-V4-VRF-BLUE deny 10", "exit",
		       "route-map ERPOL-VPN-OUT-V4 deny 10", "exit",
		       "route-map ERPOL-VPN-OUT-V4-VRF-BLUE deny 10", "exit" },
	  .bindings = { CTX_V4("router bgp 65502 vrf BLUE"),
			"  neighbor 169.254.21.2 route-map ERPOL-VPN-IN-V4-VRF-BLUE in",
			"  neighbor 169.254.21.2 route-map ERPOL-VPN-OUT-V4-VRF-BLUE out", CTX_END,
			CTX_V4("router bgp 65501"), CMD_BIND_VPN_IN, CMD_BIND_VPN_OUT, CTX_END },
	  .refresh = { "BLUE\tipv4\t169.254.21.2", "default\tipv4\t169.254.21.2" } },
	{ .name = "vrf: holding three plans (rendered)",
	  .intent = { BASE, "vrf BLUE", BASE, "vrf GREEN", BASE6 },
	  .flags = F_RENDER },

	/* 7. IPv6 and dual stack */
	{ .name = "ipv6: full push",
	  .intent = { BASE6 },
	  .bgpd = BGP6_OPEN BGP_CLOSE,
	  .mgmtd = MGMTD_EMPTY,
	  .objects = { "ipv6 prefix-list ERPOL-AZURE-V6 seq 1233733294 permit 2001:db8:64::/48 le 128",
		       "ipv6 prefix-list ERPOL-GWSUBNET-V6 seq 1502175198 permit 2001:db8:64::/64 le 128",
		       "route-map ERPOL-ER-IN-V6 permit 10",
		       " match ipv6 address prefix-list ERPOL-GWSUBNET-V6", "exit",
		       "route-map ERPOL-ER-IN-V6 permit 20",
		       " match ipv6 address prefix-list ERPOL-AZURE-V6",
		       " set local-preference 100", "exit",
		       "route-map ERPOL-ER-OUT-V6 deny 10", "exit",
		       "route-map ERPOL-VPN-IN-V6 deny 10",
		       " match ipv6 address prefix-list ERPOL-GWSUBNET-V6", "exit",
		       "route-map ERPOL-VPN-IN-V6 permit 20",
		       " match ipv6 address prefix-list ERPOL-AZURE-V6",
		       " set local-preference 200", "exit",
		       "route-map ERPOL-VPN-OUT-V6 deny 10", "exit" },
	  .bindings = { CTX_V6("router bgp 65501"),
			"  neighbor 2001:db8:100::2 route-map ERPOL-ER-IN-V6 in",
			"  neighbor 2001:db8:100::2 route-map ERPOL-ER-OUT-V6 out",
			"  neighbor fd00:21::2 route-map ERPOL-VPN-IN-V6 in",
			"  neighbor fd00:21::2 route-map ERPOL-VPN-OUT-V6 out", CTX_END },
	  .mgmtd_cmds = { "ipv6 route 2001:db8:64::/64 2001:db8:100::2 tag 4242" },
	  .refresh = { "default\tipv6\t2001:db8:100::2", "default\tipv6\tfd00:21::2" } },
	{ .name = "ipv6: holding the plan",
	  .intent = { BASE6 },
	  .bgpd = "ipv6 prefix-list ERPOL-AZURE-V6 seq 1233733294 permit 2001:db8:64::/48 le 128\n"
		  "ipv6 prefix-list ERPOL-GWSUBNET-V6 seq 1502175198 permit 2001:db8:64::/64 le 128\n"
		  "!\n"
		  "route-map ERPOL-ER-IN-V6 permit 10\n"
		  " match ipv6 address prefix-list ERPOL-GWSUBNET-V6\n"
		  "exit\n"
		  "!\n"
		  "route-map ERPOL-ER-IN-V6 permit 20\n"
		  " match ipv6 address prefix-list ERPOL-AZURE-V6\n"
		  " set local-preference 100\n"
		  "exit\n"
		  "!\n"
		  "route-map ERPOL-ER-OUT-V6 deny 10\n"
		  "exit\n"
		  "!\n"
		  "route-map ERPOL-VPN-IN-V6 deny 10\n"
		  " match ipv6 address prefix-list ERPOL-GWSUBNET-V6\n"
		  "exit\n"
		  "!\n"
		  "route-map ERPOL-VPN-IN-V6 permit 20\n"
		  " match ipv6 address prefix-list ERPOL-AZURE-V6\n"
		  " set local-preference 200\n"
		  "exit\n"
		  "!\n"
		  "route-map ERPOL-VPN-OUT-V6 deny 10\n"
		  "exit\n"
		  "!\n"
		  BGP6_OPEN
		  "  neighbor 2001:db8:100::2 route-map ERPOL-ER-IN-V6 in\n"
		  "  neighbor 2001:db8:100::2 route-map ERPOL-ER-OUT-V6 out\n"
		  "  neighbor fd00:21::2 route-map ERPOL-VPN-IN-V6 in\n"
		  "  neighbor fd00:21::2 route-map ERPOL-VPN-OUT-V6 out\n"
		  BGP_CLOSE,
	  .mgmtd = MGMTD_EMPTY "ipv6 route 2001:db8:64::/64 2001:db8:100::2 tag 4242\n" },
	{ .name = "dual stack: holding the plan (rendered)",
	  .intent = { BASE, BASE6 },
	  .flags = F_RENDER },
	/* the IPv4 half in place, the IPv6 half missing */
	{ .name = "dual stack: IPv6 half pushed",
	  .intent = { "vpn-neighbor 169.254.21.2", "vpn-neighbor fd00:21::2" },
	  .bgpd = RM_VPN_OUT_10
		  "route-map ERPOL-VPN-IN-V4 deny 10\n"
		  "exit\n"
		  BGP_DUAL_OPEN BIND_VPN_IN BIND_VPN_OUT
		  " exit-address-family\n"
		  " !\n"
		  " address-family ipv6 unicast\n"
		  "  neighbor fd00:21::2 activate\n"
		  BGP_CLOSE,
	  .objects = { "route-map ERPOL-VPN-IN-V6 deny 10", "exit",
		       "route-map ERPOL-VPN-OUT-V6 deny 10", "exit" },
	  .bindings = { CTX_V6("router bgp 65501"),
			"  neighbor fd00:21::2 route-map ERPOL-VPN-IN-V6 in",
			"  neighbor fd00:21::2 route-map ERPOL-VPN-OUT-V6 out", CTX_END },
	  .refresh = { "default\tipv4\t169.254.21.2", "default\tipv6\tfd00:21::2" } },
	{ .name = "dual stack: bindings of both families",
	  .intent = { "vpn-neighbor 169.254.21.2", "vpn-neighbor fd00:21::2" },
	  .bgpd = RM_VPN_OUT_10
		  "route-map ERPOL-VPN-IN-V4 deny 10\n"
		  "exit\n"
		  "route-map ERPOL-VPN-IN-V6 deny 10\n"
		  "exit\n"
		  "route-map ERPOL-VPN-OUT-V6 deny 10\n"
		  "exit\n"
		  BGP_DUAL_OPEN BGP_CLOSE,
	  .bindings = { CTX_V4("router bgp 65501"), CMD_BIND_VPN_IN, CMD_BIND_VPN_OUT, CTX_END,
			CTX_V6("router bgp 65501"),
			"  neighbor fd00:21::2 route-map ERPOL-VPN-IN-V6 in",
			"  neighbor fd00:21::2 route-map ERPOL-VPN-OUT-V6 out", CTX_END },
	  .refresh = { "default\tipv4\t169.254.21.2", "default\tipv6\tfd00:21::2" } },

	/* 8. parser robustness */
	{ .name = "parse: CRLF line ends",
	  .intent = { BASE },
	  .flags = MANGLE_CRLF,
	  .bgpd = BGPD_BASE,
	  .mgmtd = MGMTD_BASE },
	{ .name = "parse: trailing spaces and CRLF",
	  .intent = { BASE },
	  .flags = MANGLE_CRLF | MANGLE_TRAILING,
	  .bgpd = BGPD_BASE,
	  .mgmtd = MGMTD_BASE
		   "vrf BLUE\n"
		   " ip route 10.64.0.0/26 192.168.100.2 tag 4242\n"
		   "exit-vrf\n",
	  .mgmtd_cmds = { "no " PIN " vrf BLUE" } },
	/* fuzz_state: with CRLF, a blank line inside an entry ended it, dropping its match */
	{ .name = "parse: blank lines inside a route-map entry, CRLF",
	  .intent = { BASE },
	  .flags = MANGLE_CRLF,
	  .bgpd = BGPD_PLISTS
		  "route-map ERPOL-ER-IN-V4 permit 10\n"
		  "\n"
		  " match ip address prefix-list ERPOL-GWSUBNET-V4\n"
		  "exit\n"
		  "!\n"
		  "route-map ERPOL-ER-IN-V4 permit 20\n"
		  " match ip address prefix-list ERPOL-AZURE-V4\n"
		  "   \n"
		  " set local-preference 100\n"
		  "exit\n"
		  "!\n"
		  RM_ER_OUT_10 RM_VPN_IN_10 RM_VPN_IN_20 RM_VPN_OUT_10
		  BGP_OPEN("") BIND_ALL BGP_CLOSE,
	  .mgmtd = MGMTD_BASE },
	{ .name = "parse: route-map block at the very end without exit",
	  .intent = { BASE },
	  .bgpd = BGPD_PLISTS
		  BGP_OPEN("") BIND_ALL BGP_CLOSE
		  RM_ER_IN_10 RM_ER_IN_20 RM_ER_OUT_10 RM_VPN_IN_10 RM_VPN_IN_20
		  "route-map ERPOL-VPN-OUT-V4 deny 10",
	  .mgmtd = MGMTD_BASE },
	{ .name = "parse: route-map sub-lines at the very end without exit or newline",
	  .intent = { BASE },
	  .bgpd = BGPD_PLISTS
		  RM_ER_IN_10 RM_ER_IN_20 RM_ER_OUT_10 RM_VPN_IN_10 RM_VPN_OUT_10
		  BGP_OPEN("") BIND_ALL BGP_CLOSE
		  "route-map ERPOL-VPN-IN-V4 permit 20\n"
		  " match ip address prefix-list ERPOL-AZURE-V4\n"
		  " set local-preference 200",
	  .mgmtd = MGMTD_BASE },
	/* fuzz_state: the VRF name took the vertical tab, bindings went to "router bgp 65501 vrf
	 * BLUE\v", which FRR's tokenizer reads as vrf BLUE */
	{ .name = "parse: router bgp vrf name ends at any blank",
	  .intent = { "vrf BLUE", "vpn-neighbor 169.254.21.2" },
	  .bgpd = "router bgp 65501 vrf BLUE\v\n"
		  " neighbor 169.254.21.2 remote-as 65515\n"
		  "exit\n",
	  .objects = { "route-map ERPOL-VPN-IN-V4-VRF-BLUE deny 10", "exit",
		       "route-map ERPOL-VPN-OUT-V4-VRF-BLUE deny 10", "exit" },
	  .bindings = { CTX_V4("router bgp 65501 vrf BLUE"),
			"  neighbor 169.254.21.2 route-map ERPOL-VPN-IN-V4-VRF-BLUE in",
			"  neighbor 169.254.21.2 route-map ERPOL-VPN-OUT-V4-VRF-BLUE out", CTX_END },
	  .refresh = { "BLUE\tipv4\t169.254.21.2" } },
	{ .name = "parse: router bgp view skipped",
	  .intent = { BASE, "vpn-neighbor 169.254.99.2" },
	  .bgpd = BGPD_BASE
		  "router bgp 65510 view X\n"
		  " neighbor 169.254.99.2 remote-as 65515\n"
		  " !\n"
		  " address-family ipv4 unicast\n"
		  "  neighbor 169.254.99.2 route-map ERPOL-VPN-IN-V4 in\n"
		  "  neighbor 169.254.99.2 route-map ERPOL-GONE-V4 out\n"
		  " exit-address-family\n"
		  "exit\n"
		  "!\n",
	  .mgmtd = MGMTD_BASE,
	  .warnings = { "default\tneighbor 169.254.99.2 is not configured in router bgp: not bound" } },
	{ .name = "parse: unrelated configuration",
	  .intent = { BASE },
	  .bgpd = "frr version 10.3\n"
		  "frr defaults traditional\n"
		  "hostname r1\n"
		  "log syslog informational\n"
		  "service integrated-vtysh-config\n"
		  "!\n"
		  "bgp route-map delay-timer 0\n"
		  "!\n"
		  "ip prefix-list ERPOLX seq 5 permit 10.0.0.0/8\n"
		  "ip prefix-list OPS-ERPOL-V4 seq 5 permit 10.0.0.0/8\n"
		  "ipv6 prefix-list OPS-V6 seq 5 permit ::/0 le 128\n"
		  "ip prefix-list OPS-V4 description ERPOL-AZURE-V4 is not ours\n"
		  "!\n"
		  BGPD_BASE
		  "route-map OPS permit 10\n"
		  " match ip address prefix-list ERPOL-AZURE-V4\n"
		  " set local-preference 50\n"
		  "exit\n"
		  "!\n"
		  "route-map ERPOL permit 10\n"
		  "exit\n"
		  "!\n"
		  "router bgp 65501 vrf RED\n"
		  " bgp router-id 10.10.10.1\n"
		  " neighbor 169.254.21.2 remote-as 65515\n"
		  " !\n"
		  " segment-routing srv6\n"
		  "  locator MAIN\n"
		  " exit\n"
		  " !\n"
		  " address-family ipv4 unicast\n"
		  "  neighbor 169.254.21.2 route-map OPS in\n"
		  " exit-address-family\n"
		  " !\n"
		  " address-family l2vpn evpn\n"
		  "  neighbor 169.254.21.2 route-map ERPOL-VPN-IN-V4 in\n"
		  "  advertise-all-vni\n"
		  " exit-address-family\n"
		  "exit\n"
		  "!\n"
		  "line vty\n"
		  "!\n"
		  "end\n",
	  .mgmtd = MGMTD_BASE
		   "ip route 10.64.0.0/26 192.168.100.2\n"
		   "ip route 10.64.0.0/26 Null0 254\n"
		   "ipv6 route ::/0 fe80::1 eth0\n"
		   "ip mroute 10.64.0.0/26 192.168.100.2 tag 4242\n"
		   "vrf RED\n"
		   " vni 100\n"
		   "exit-vrf\n"
		   "!\n" },
	{ .name = "parse: empty text",
	  .intent = {},
	  .bgpd = "",
	  .mgmtd = "" },
	{ .name = "parse: blank and whitespace-only lines",
	  .intent = {},
	  .flags = MANGLE_CRLF | MANGLE_TRAILING,
	  .bgpd = "\n\n \n!\n\n",
	  .mgmtd = "\n   \n" },
	{ .name = "parse: NULL text",
	  .intent = {} },
	{ .name = "parse: NULL text with an intent",
	  .intent = { "vpn-neighbor 169.254.21.2" },
	  .objects = { "route-map ERPOL-VPN-IN-V4 deny 10", "exit",
		       "route-map ERPOL-VPN-OUT-V4 deny 10", "exit" },
	  .warnings = { "default\tno router bgp for vrf default: neighbor 169.254.21.2 not bound" } },
	{ .name = "parse: other static route tags are not ours",
	  .intent = { BASE },
	  .bgpd = BGPD_BASE,
	  .mgmtd = MGMTD_EMPTY
		   "ip route 10.64.0.0/26 192.168.100.2 tag 42420\n"
		   "ip route 10.64.0.0/26 192.168.100.3 tag 424\n"
		   "ip route 10.65.0.0/26 192.168.100.2 tag 14242\n"
		   "vrf BLUE\n"
		   " ip route 10.66.0.0/26 192.168.100.2 tag 42420\n"
		   "exit-vrf\n",
	  .mgmtd_cmds = { PIN } },
	{ .name = "parse: neighbor through a peer-group",
	  .intent = { "vpn-neighbor 169.254.21.2" },
	  .bgpd = "router bgp 65501\n"
		  " neighbor VPN peer-group\n"
		  " neighbor VPN remote-as 65515\n"
		  " neighbor 169.254.21.2 peer-group VPN\n"
		  "exit\n",
	  .objects = { "route-map ERPOL-VPN-IN-V4 deny 10", "exit",
		       "route-map ERPOL-VPN-OUT-V4 deny 10", "exit" },
	  .bindings = { CTX_V4("router bgp 65501"), CMD_BIND_VPN_IN, CMD_BIND_VPN_OUT, CTX_END },
	  .refresh = { "default\tipv4\t169.254.21.2" } },
	/* FRR shows an AS number as configured: "router bgp 1.10" must go back as is */
	{ .name = "parse: AS number in asdot notation",
	  .intent = { "vpn-neighbor 169.254.21.2" },
	  .bgpd = "router bgp 1.10 as-notation dot\n"
		  " neighbor 169.254.21.2 remote-as 65515\n"
		  "exit\n",
	  .objects = { "route-map ERPOL-VPN-IN-V4 deny 10", "exit",
		       "route-map ERPOL-VPN-OUT-V4 deny 10", "exit" },
	  .bindings = { CTX_V4("router bgp 1.10"), CMD_BIND_VPN_IN, CMD_BIND_VPN_OUT, CTX_END },
	  .refresh = { "default\tipv4\t169.254.21.2" } },
	{ .name = "parse: four-byte AS number",
	  .intent = { "vpn-neighbor 169.254.21.2" },
	  .bgpd = "router bgp 4200000001\n"
		  " neighbor 169.254.21.2 remote-as 65515\n"
		  "exit\n",
	  .objects = { "route-map ERPOL-VPN-IN-V4 deny 10", "exit",
		       "route-map ERPOL-VPN-OUT-V4 deny 10", "exit" },
	  .bindings = { CTX_V4("router bgp 4200000001"), CMD_BIND_VPN_IN, CMD_BIND_VPN_OUT, CTX_END },
	  .refresh = { "default\tipv4\t169.254.21.2" } },
	/* older FRR closed blocks with "!" alone: a line in column 0 ends any block */
	{ .name = "parse: router bgp block closed without exit",
	  .intent = { BASE },
	  .bgpd = BGP_OPEN("") BIND_ALL
		  " exit-address-family\n"
		  "!\n"
		  BGPD_PLISTS BGPD_RMAPS,
	  .mgmtd = MGMTD_BASE },

	/* maximum-prefix protection on the Azure sessions */
	{ .name = "maximum-prefix: set on every neighbor of the kind, in its context",
	  .intent = { BASE, "maximum-prefix vpn in 1000", "maximum-prefix restart 5",
		      "maximum-prefix expressroute out 3500" },
	  .bgpd = BGPD_BASE,
	  .mgmtd = MGMTD_BASE,
	  .bindings = { CTX_V4("router bgp 65501"),
			"  neighbor 169.254.21.2 maximum-prefix 1000 restart 5",
			"  neighbor 192.168.100.2 maximum-prefix-out 3500", CTX_END },
	  .refresh = { REFRESH_BASE } },
	{ .name = "maximum-prefix: holding it (rendered)",
	  .intent = { BASE, "maximum-prefix vpn in 1000", "maximum-prefix expressroute in 50",
		      "maximum-prefix vpn out 20" },
	  .flags = F_RENDER },
	{ .name = "maximum-prefix: an operator's value is replaced by the intent's",
	  .intent = { BASE, "maximum-prefix vpn in 1000" },
	  .bgpd = BGPD_PLISTS BGPD_RMAPS BGP_OPEN("") BIND_ALL
		  "  neighbor 169.254.21.2 maximum-prefix 99 80 warning-only\n" BGP_CLOSE,
	  .mgmtd = MGMTD_BASE,
	  .bindings = { CTX_V4("router bgp 65501"), "  neighbor 169.254.21.2 maximum-prefix 1000",
			CTX_END },
	  .refresh = { REFRESH_BASE } },
	{ .name = "maximum-prefix: not in the intent, an operator's is left alone",
	  .intent = { BASE },
	  .bgpd = BGPD_PLISTS BGPD_RMAPS BGP_OPEN("") BIND_ALL
		  "  neighbor 169.254.21.2 maximum-prefix 99\n"
		  "  neighbor 192.168.100.2 maximum-prefix-out 7\n" BGP_CLOSE,
	  .mgmtd = MGMTD_BASE },
	{ .name = "maximum-prefix: dropped from the intent, erpolicyd's is removed",
	  .intent = { BASE },
	  .bgpd = BGPD_PLISTS BGPD_RMAPS BGP_OPEN("") BIND_ALL
		  "  neighbor 169.254.21.2 maximum-prefix 1000 restart 5\n"
		  "  neighbor 192.168.100.2 maximum-prefix-out 3500\n" BGP_CLOSE,
	  .mgmtd = MGMTD_BASE,
	  .maxpfx_prev = { "default\tipv4\t169.254.21.2\tin\tmaximum-prefix 1000 restart 5",
			   "default\tipv4\t192.168.100.2\tout\tmaximum-prefix-out 3500" },
	  .bindings = { CTX_V4("router bgp 65501"), "  no neighbor 169.254.21.2 maximum-prefix",
			"  no neighbor 192.168.100.2 maximum-prefix-out", CTX_END },
	  .refresh = { REFRESH_BASE } },
	{ .name = "maximum-prefix: dropped, but changed by the operator since: left alone",
	  .intent = { BASE },
	  .bgpd = BGPD_PLISTS BGPD_RMAPS BGP_OPEN("") BIND_ALL
		  "  neighbor 169.254.21.2 maximum-prefix 2000\n" BGP_CLOSE,
	  .mgmtd = MGMTD_BASE,
	  .maxpfx_prev = { "default\tipv4\t169.254.21.2\tin\tmaximum-prefix 1000" } },
	{ .name = "maximum-prefix: not sent for a neighbor missing from router bgp",
	  .intent = { BASE, "vpn-neighbor 169.254.22.2", "maximum-prefix vpn in 1000" },
	  .bgpd = BGPD_PLISTS BGPD_RMAPS BGP_OPEN("") BIND_ALL
		  "  neighbor 169.254.21.2 maximum-prefix 1000\n" BGP_CLOSE,
	  .mgmtd = MGMTD_BASE,
	  .warnings = { "default\tneighbor 169.254.22.2 is not configured in router bgp: not bound" } },
	/* tunnel probing: soft-reconfiguration on the vpn-neighbors, the VPN-DOWN map */
	{ .name = "tunnel-probe: holding it (rendered)",
	  .intent = { BASE, "tunnel-probe" },
	  .flags = F_RENDER },
	{ .name = "tunnel-probe: dropped from the intent, erpolicyd's soft-reconfiguration is removed",
	  .intent = { BASE },
	  .bgpd = BGPD_PLISTS BGPD_RMAPS BGP_OPEN("") BIND_ALL
		  "  neighbor 169.254.21.2 soft-reconfiguration inbound\n" BGP_CLOSE,
	  .mgmtd = MGMTD_BASE,
	  .maxpfx_prev = { "default\tipv4\t169.254.21.2\tsoft\tsoft-reconfiguration inbound" },
	  .bindings = { CTX_V4("router bgp 65501"),
			"  no neighbor 169.254.21.2 soft-reconfiguration inbound", CTX_END },
	  .refresh = { REFRESH_BASE } },
	{ .name = "tunnel-probe: an operator's soft-reconfiguration is left alone",
	  .intent = { BASE },
	  .bgpd = BGPD_PLISTS BGPD_RMAPS BGP_OPEN("") BIND_ALL
		  "  neighbor 169.254.21.2 soft-reconfiguration inbound\n" BGP_CLOSE,
	  .mgmtd = MGMTD_BASE },
	{ .name = "maximum-prefix: dropped, an operator added a threshold since: left alone",
	  .intent = { BASE },
	  .bgpd = BGPD_PLISTS BGPD_RMAPS BGP_OPEN("") BIND_ALL
		  "  neighbor 169.254.21.2 maximum-prefix 1000 80 restart 5\n" BGP_CLOSE,
	  .mgmtd = MGMTD_BASE,
	  .maxpfx_prev = { "default\tipv4\t169.254.21.2\tin\tmaximum-prefix 1000 restart 5" } },
	{ .name = "maximum-prefix: the intent's, force added by an operator: the intent's again",
	  .intent = { BASE, "maximum-prefix vpn in 1000" },
	  .bgpd = BGPD_PLISTS BGPD_RMAPS BGP_OPEN("") BIND_ALL
		  "  neighbor 169.254.21.2 maximum-prefix 1000 force\n" BGP_CLOSE,
	  .mgmtd = MGMTD_BASE,
	  .bindings = { CTX_V4("router bgp 65501"), "  neighbor 169.254.21.2 maximum-prefix 1000",
			CTX_END },
	  .refresh = { REFRESH_BASE } },
	/* a peer-group or an interface is never one of the intent's neighbors */
	{ .name = "bindings: erpolicyd's route-map on a peer-group is the operator's: left alone",
	  .intent = { BASE },
	  .bgpd = BGPD_PLISTS BGPD_RMAPS "router bgp 65501\n"
		  " neighbor 169.254.21.2 remote-as 65515\n"
		  " neighbor 192.168.100.2 remote-as 12076\n"
		  " neighbor PG peer-group\n"
		  " address-family ipv4 unicast\n" BIND_ALL
		  "  neighbor PG route-map ERPOL-VPN-IN-V4 in\n" BGP_CLOSE,
	  .mgmtd = MGMTD_BASE },
	{ .name = "maximum-prefix: IPv6 neighbors in their address family",
	  .intent = { BASE6, "maximum-prefix vpn out 100" },
	  .flags = F_RENDER },
};
/* clang-format on */

const size_t diff_cases_n = sizeof(diff_cases) / sizeof(diff_cases[0]);
