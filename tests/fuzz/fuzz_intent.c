// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: intent text -> erpolicy_intent_add/_del -> erpolicy_intent_validate
 * -> erpolicy_compile -> erpolicy_render_plan, with the invariants of each step:
 * prefixes print and parse back to themselves, a rejected value changes nothing, a
 * validated intent compiles to a consistent plan, rendering is deterministic, and the
 * rendered text, read back as bgpd's and mgmtd's running configuration, is exactly the
 * plan (so a router holding it gets an empty diff).
 */

#include <zebra.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "darr.h"

#include "fuzz_common.h"

#define FUZZ_ASN 65501

static void check_same_strs(char *const *a, char *const *b, const char *what)
{
	size_t i;

	for (i = 0; i < darr_len(a) && i < darr_len(b); i++)
		if (strcmp(a[i], b[i]) != 0)
			break;
	ERPOLICY_FUZZ_ASSERT(i == darr_len(a) && i == darr_len(b),
			     "%s: plan and rendered text differ at %zu: \"%s\" vs \"%s\"", what, i,
			     i < darr_len(a) ? a[i] : "<end>", i < darr_len(b) ? b[i] : "<end>");
}

/* Append s to *text (malloc'd). */
static void append(char **text, size_t *len, const char *s)
{
	size_t n = strlen(s);

	*text = realloc(*text, *len + n + 1);
	if (!*text)
		abort();
	memcpy(*text + *len, s, n + 1);
	*len += n;
}

static bool overlap(const union erpolicy_prefix *a, const union erpolicy_prefix *b)
{
	return erpolicy_prefix_match(a, b) || erpolicy_prefix_match(b, a);
}

/* Does some element of l relate to p? (kind: 0 overlaps, 1 contains p, 2 equals p) */
static bool any(const struct erpolicy_list *l, const union erpolicy_prefix *p, int kind)
{
	for (size_t i = 0; i < l->n; i++) {
		if (kind == 0	? overlap(&l->v[i], p)
		    : kind == 1 ? erpolicy_prefix_match(&l->v[i], p)
				: erpolicy_prefix_cmp(&l->v[i], p) == 0)
			return true;
	}
	return false;
}

/*
 * The validation rules of erpolicy_intent_validate, by brute force over all pairs
 * (it uses sorted-list searches): true if the intent breaks one of them.
 */
static bool reference_rejects(const struct erpolicy_intent *in)
{
	const struct erpolicy_list *it = in->items;
	const struct erpolicy_list *gw = &it[ERPOLICY_ITEM_GATEWAY_SUBNET];
	const struct erpolicy_list *az = &it[ERPOLICY_ITEM_AZURE_PREFIX];
	const struct erpolicy_list *op = &it[ERPOLICY_ITEM_ONPREM_PREFIX];
	const struct erpolicy_list *te = &it[ERPOLICY_ITEM_TUNNEL_ENDPOINT];
	const struct erpolicy_list *fb = &it[ERPOLICY_ITEM_ER_FALLBACK];
	const struct erpolicy_list *vpn = &it[ERPOLICY_ITEM_VPN_NEIGHBOR];

	for (size_t i = 0; i < vpn->n; i++)
		if (any(&it[ERPOLICY_ITEM_ER_NEIGHBOR], &vpn->v[i], 2))
			return true;
	for (size_t i = 0; i < gw->n; i++) {
		for (size_t j = 0; j < gw->n; j++)
			if (i != j && overlap(&gw->v[i], &gw->v[j]))
				return true;
		if (gw->v[i].prefixlen > (gw->v[i].family == AF_INET6
						  ? ERPOLICY_GWSUBNET_MAXLEN_V6
						  : ERPOLICY_GWSUBNET_MAXLEN_V4))
			return true;
		if (any(op, &gw->v[i], 0) || any(te, &gw->v[i], 0))
			return true;
	}
	if (!in->lp_vpn || !in->lp_er || in->lp_vpn <= in->lp_er)
		return true;
	if (in->mode == ERPOLICY_MODE_REQUIRE_ENCRYPTION && fb->n)
		return true;
	for (size_t i = 0; i < fb->n; i++)
		if (any(op, &fb->v[i], 1) || any(az, &fb->v[i], 1))
			return true;
	for (size_t i = 0; i < az->n; i++)
		if (any(op, &az->v[i], 0) || any(te, &az->v[i], 0))
			return true;
	for (size_t i = 0; i < te->n; i++)
		if (any(op, &te->v[i], 2))
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct erpolicy_fuzz_instances is;
	struct erpolicy_plan *plans[ERPOLICY_FUZZ_MAX_INSTANCES] = {};
	struct erpolicy_state want, have;
	struct erpolicy_diff d;
	char *text = erpolicy_fuzz_strndup(data, size);
	char *all = NULL;
	size_t all_len = 0;

	erpolicy_fuzz_intents(&is, text, true);
	free(text);

	erpolicy_state_init(&want);
	for (size_t j = 0; j < is.n; j++) {
		const struct erpolicy_intent *in = &is.in[j];
		char err[512] = "", err2[512] = "";
		struct erpolicy_plan *again;
		char *r1, *r2, *r3, *r0;
		int rc;

		rc = erpolicy_intent_validate(in, err, sizeof(err));
		ERPOLICY_FUZZ_ASSERT(rc == 0 || rc == -1, "validate returned %d", rc);
		ERPOLICY_FUZZ_ASSERT(erpolicy_intent_validate(in, err2, sizeof(err2)) == rc &&
					     strcmp(err, err2) == 0,
				     "validation is not deterministic: \"%s\" vs \"%s\"", err,
				     err2);
		/* a tiny error buffer is still NUL-terminated and does not overflow */
		{
			char small[8];

			memset(small, 'x', sizeof(small));
			erpolicy_intent_validate(in, small, sizeof(small));
			ERPOLICY_FUZZ_ASSERT(rc == 0 || memchr(small, '\0', sizeof(small)),
					     "truncated error not terminated");
		}
		ERPOLICY_FUZZ_ASSERT((rc != 0) == reference_rejects(in),
				     "validation says %d (\"%s\"), the rules by brute force say %d",
				     rc, err, reference_rejects(in));
		if (rc) {
			ERPOLICY_FUZZ_ASSERT(err[0], "rejected without a message");
			continue;
		}

		plans[j] = erpolicy_compile(in);
		erpolicy_fuzz_check_plan(in, plans[j]);
		r1 = erpolicy_render_plan(plans[j], FUZZ_ASN);
		r2 = erpolicy_render_plan(plans[j], FUZZ_ASN);
		ERPOLICY_FUZZ_ASSERT(strcmp(r1, r2) == 0, "rendering twice differs");
		again = erpolicy_compile(in);
		r3 = erpolicy_render_plan(again, FUZZ_ASN);
		ERPOLICY_FUZZ_ASSERT(strcmp(r1, r3) == 0, "compiling twice differs");
		r0 = erpolicy_render_plan(again, 0);
		ERPOLICY_FUZZ_ASSERT(strncmp(r0, "! erpolicyd generated configuration: vrf ",
					     41) == 0,
				     "no header");
		erpolicy_state_add_plan(&want, plans[j]);
		append(&all, &all_len, r1);
		XFREE(MTYPE_ERPOLICY_CONFIG_TEXT, r0);
		XFREE(MTYPE_ERPOLICY_CONFIG_TEXT, r1);
		XFREE(MTYPE_ERPOLICY_CONFIG_TEXT, r2);
		XFREE(MTYPE_ERPOLICY_CONFIG_TEXT, r3);
		erpolicy_plan_free(again);
	}
	erpolicy_state_finish(&want);

	/* The rendered text read back is the plan: nothing to push to a router holding it. */
	erpolicy_state_init(&have);
	erpolicy_state_parse_bgpd(&have, all);
	erpolicy_state_parse_mgmtd(&have, all);
	erpolicy_state_finish(&have);
	check_same_strs(want.plist, have.plist, "prefix-lists");
	check_same_strs(want.rmap, have.rmap, "route-maps");
	ERPOLICY_FUZZ_ASSERT(darr_len(want.bind) == darr_len(have.bind),
			     "bindings: %zu wanted, %zu read back", (size_t)darr_len(want.bind),
			     (size_t)darr_len(have.bind));
	for (size_t i = 0; i < darr_len(want.bind); i++)
		ERPOLICY_FUZZ_ASSERT(!erpolicy_sbind_cmp(&want.bind[i], &have.bind[i]),
				     "bindings differ at %zu", i);
	check_same_strs(want.pin, have.pin, "pins");
	ERPOLICY_FUZZ_ASSERT(darr_len(have.foreign) == 0,
			     "foreign binding to %s in the rendered text", have.foreign[0].b.rmap);
	erpolicy_diff_compute(&d, &want, &have);
	ERPOLICY_FUZZ_ASSERT(erpolicy_diff_empty(&d),
			     "diff against the rendered plan not empty: %s",
			     darr_len(d.bgpd_objects)	 ? d.bgpd_objects[0]
			     : darr_len(d.bgpd_removals) ? d.bgpd_removals[0]
			     : darr_len(d.bgpd_bindings) ? d.bgpd_bindings[0]
							 : d.mgmtd[0]);
	erpolicy_diff_free(&d);

	erpolicy_state_free(&have);
	erpolicy_state_free(&want);
	free(all);
	for (size_t j = 0; j < is.n; j++)
		erpolicy_plan_free(plans[j]);
	erpolicy_fuzz_instances_free(&is);
	return 0;
}
