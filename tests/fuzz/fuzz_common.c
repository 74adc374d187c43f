// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd fuzzing: shared helpers of the libFuzzer targets (intent text form, invariants). */

#include <zebra.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fuzz_common.h"
#include "intent_text.h"

void erpolicy_fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: invariant broken: %s: ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}

char *erpolicy_fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

void erpolicy_fuzz_check_pfx_roundtrip(const union erpolicy_prefix *p, bool address)
{
	char buf[64], buf2[64], err[160];
	union erpolicy_prefix q;

	erpolicy_prefix_str(p, address, buf, sizeof(buf));
	ERPOLICY_FUZZ_ASSERT(erpolicy_prefix_parse(buf, address, &q, err, sizeof(err)) == 0,
			     "\"%s\" does not parse back: %s", buf, err);
	ERPOLICY_FUZZ_ASSERT(erpolicy_prefix_cmp(p, &q) == 0 && memcmp(p, &q, sizeof(q)) == 0,
			     "\"%s\" parses back to another prefix", buf);
	erpolicy_prefix_str(&q, address, buf2, sizeof(buf2));
	ERPOLICY_FUZZ_ASSERT(strcmp(buf, buf2) == 0, "\"%s\" prints back as \"%s\"", buf, buf2);
	ERPOLICY_FUZZ_ASSERT(erpolicy_prefix_match(p, &q), "\"%s\" does not contain itself", buf);
}

static void check_list(const struct erpolicy_list *l, enum erpolicy_item it)
{
	for (size_t i = 1; i < l->n; i++)
		ERPOLICY_FUZZ_ASSERT(erpolicy_prefix_cmp(&l->v[i - 1], &l->v[i]) < 0,
				     "%s list not sorted and unique at %zu",
				     erpolicy_item_name(it), i);
	ERPOLICY_FUZZ_ASSERT(l->n <= l->cap, "%s list n %zu > cap %zu", erpolicy_item_name(it),
			     l->n, l->cap);
}

static bool list_has(const struct erpolicy_list *l, const union erpolicy_prefix *p)
{
	for (size_t i = 0; i < l->n; i++)
		if (erpolicy_prefix_cmp(&l->v[i], p) == 0)
			return true;
	return false;
}

static bool list_equal(const struct erpolicy_list *a, const union erpolicy_prefix *v, size_t n)
{
	return a->n == n && (!n || memcmp(a->v, v, n * sizeof(*v)) == 0);
}

/* What the text parser does with an item line: add or remove VALUE, and check what it did. */
struct item_ctx {
	bool check;
	bool item; /* the line was an item line */
};

static int apply_item(void *arg, struct erpolicy_intent *in, enum erpolicy_item it, bool no,
		      const char *value, char *errmsg, size_t errlen)
{
	struct item_ctx *ctx = arg;
	bool check = ctx->check;
	struct erpolicy_list *l = &in->items[it];
	bool address = erpolicy_item_is_address(it);
	union erpolicy_prefix *snap = NULL, p;
	size_t snap_n = l->n;
	char err[256] = "", perr[160] = "";
	int prc, rc = -1;

	ctx->item = true;
	if (check && l->n) {
		snap = malloc(l->n * sizeof(*snap));
		if (!snap)
			abort();
		memcpy(snap, l->v, l->n * sizeof(*snap));
	}
	prc = erpolicy_prefix_parse(value, address, &p, perr, sizeof(perr));
	if (check) {
		ERPOLICY_FUZZ_ASSERT(prc == 0 || prc == -1, "parse returned %d", prc);
		ERPOLICY_FUZZ_ASSERT(prc == 0 || perr[0], "\"%s\" rejected without a reason",
				     value);
		if (prc == 0)
			erpolicy_fuzz_check_pfx_roundtrip(&p, address);
	}
	if (!no) {
		rc = erpolicy_intent_add(in, it, value, err, sizeof(err));
		if (check) {
			ERPOLICY_FUZZ_ASSERT(rc == prc, "add %d but parse %d for \"%s\"", rc, prc,
					     value);
			if (rc == 0) {
				ERPOLICY_FUZZ_ASSERT(list_has(l, &p), "\"%s\" added but absent",
						     value);
				ERPOLICY_FUZZ_ASSERT(l->n == snap_n || l->n == snap_n + 1,
						     "add changed the count by %zd",
						     (ssize_t)(l->n - snap_n));
			} else {
				size_t nl = strlen(erpolicy_item_name(it));

				ERPOLICY_FUZZ_ASSERT(list_equal(l, snap, snap_n),
						     "rejected \"%s\" changed the list", value);
				ERPOLICY_FUZZ_ASSERT(strncmp(err, erpolicy_item_name(it), nl) == 0 &&
							     err[nl] == ' ',
						     "error \"%s\" does not name the item", err);
			}
		}
	} else if (prc == 0) {
		bool had = list_has(l, &p);

		rc = erpolicy_intent_del(in, it, &p);
		if (check) {
			ERPOLICY_FUZZ_ASSERT((rc == 0) == had, "del %d, present %d", rc, had);
			ERPOLICY_FUZZ_ASSERT(!list_has(l, &p), "deleted prefix still present");
			ERPOLICY_FUZZ_ASSERT(l->n == snap_n - (had ? 1 : 0),
					     "del changed the count");
		}
	}
	if (check)
		check_list(l, it);
	free(snap);
	if (rc < 0)
		snprintf(errmsg, errlen, "%s", err[0] ? err : perr);
	return rc;
}

static struct erpolicy_intent *instance_get(struct erpolicy_fuzz_instances *is, const char *vrf)
{
	for (size_t j = 0; j < is->n; j++)
		if (strcmp(is->in[j].vrf, vrf) == 0)
			return &is->in[j];
	if (is->n == ERPOLICY_FUZZ_MAX_INSTANCES)
		return NULL;
	erpolicy_intent_init(&is->in[is->n], vrf);
	return &is->in[is->n++];
}

/* A VRF name erpolicyd takes (erpolicy_vrf_name_check, as the northbound applies it). */
static bool vrf_name_ok(const char *s)
{
	char err[256];

	if (!*s || strlen(s) >= ERPOLICY_VRF_NAMSIZ)
		return false;
	for (const char *c = s; *c; c++)
		if (!isgraph((unsigned char)*c))
			return false;
	return erpolicy_vrf_name_check(s, err, sizeof(err)) == 0;
}

static void apply_line(struct erpolicy_fuzz_instances *is, struct erpolicy_intent **cur,
		       const char *line, bool check)
{
	struct item_ctx ctx = { .check = check };
	const char *p = line + strspn(line, " \t");
	struct erpolicy_intent before;
	char err[256];
	int rc;

	/* "vrf NAME" switches instance */
	if (strncmp(p, "vrf", 3) == 0 && (p[3] == ' ' || p[3] == '\t')) {
		struct erpolicy_intent *in;

		p += 3 + strspn(p + 3, " \t");
		if (!vrf_name_ok(p))
			return;
		in = instance_get(is, p);
		if (in)
			*cur = in;
		return;
	}
	if (!*cur && !(*cur = instance_get(is, "default")))
		return;
	before = **cur;
	rc = erpolicy_test_line_item(*cur, line, apply_item, &ctx, err, sizeof(err));
	/* A bad line is skipped: it changed nothing (items are checked by apply_item). */
	if (check && rc < 0 && !ctx.item)
		ERPOLICY_FUZZ_ASSERT(memcmp(&before, *cur, sizeof(before)) == 0,
				     "rejected line \"%s\" changed the intent: %s", line, err);
}

void erpolicy_fuzz_intents(struct erpolicy_fuzz_instances *is, const char *text, bool check)
{
	struct erpolicy_intent *cur = NULL;
	char *copy = strdup(text), *save = NULL, *line;
	size_t nlines = 0;

	if (!copy)
		abort();
	memset(is, 0, sizeof(*is));
	for (line = strtok_r(copy, "\n", &save); line && nlines < ERPOLICY_FUZZ_MAX_LINES;
	     line = strtok_r(NULL, "\n", &save), nlines++)
		apply_line(is, &cur, line, check);
	free(copy);
}

void erpolicy_fuzz_instances_free(struct erpolicy_fuzz_instances *is)
{
	for (size_t j = 0; j < is->n; j++)
		erpolicy_intent_fini(&is->in[j]);
	is->n = 0;
}

void erpolicy_fuzz_check_sorted(char *const *strs, const char *what)
{
	for (size_t i = 1; i < darr_len(strs); i++)
		ERPOLICY_FUZZ_ASSERT(strcmp(strs[i - 1], strs[i]) < 0,
				     "%s not sorted and unique at %zu: \"%s\", \"%s\"", what, i,
				     strs[i - 1], strs[i]);
}

static const struct erpolicy_plist *plan_plist(const struct erpolicy_plan *plan, const char *name)
{
	for (size_t i = 0; i < plan->n_plists; i++)
		if (strcmp(plan->plists[i].name, name) == 0)
			return &plan->plists[i];
	return NULL;
}

static const struct erpolicy_rmap *plan_rmap(const struct erpolicy_plan *plan, const char *name)
{
	for (size_t i = 0; i < plan->n_rmaps; i++)
		if (strcmp(plan->rmaps[i].name, name) == 0)
			return &plan->rmaps[i];
	return NULL;
}

void erpolicy_fuzz_check_plan(const struct erpolicy_intent *in, const struct erpolicy_plan *plan)
{
	const struct erpolicy_list *er = &in->items[ERPOLICY_ITEM_ER_NEIGHBOR];
	const struct erpolicy_list *vpn = &in->items[ERPOLICY_ITEM_VPN_NEIGHBOR];
	const struct erpolicy_list *gw = &in->items[ERPOLICY_ITEM_GATEWAY_SUBNET];

	ERPOLICY_FUZZ_ASSERT(strcmp(plan->vrf, in->vrf) == 0, "plan vrf %s", plan->vrf);
	for (size_t i = 0; i < plan->n_plists; i++) {
		const struct erpolicy_plist *pl = &plan->plists[i];

		ERPOLICY_FUZZ_ASSERT(strncmp(pl->name, ERPOLICY_OWNER_TAG "-", 6) == 0,
				     "prefix-list %s not owned", pl->name);
		ERPOLICY_FUZZ_ASSERT(i == 0 || strcmp(plan->plists[i - 1].name, pl->name) < 0,
				     "prefix-lists not sorted by name at %s", pl->name);
		ERPOLICY_FUZZ_ASSERT(pl->n > 0, "empty prefix-list %s", pl->name);
		for (size_t j = 0; j < pl->n; j++) {
			const struct erpolicy_plist_entry *e = &pl->e[j];
			uint8_t fam = pl->afi == ERPOLICY_AFI_V6 ? AF_INET6 : AF_INET;

			ERPOLICY_FUZZ_ASSERT(e->seq != 0, "seq 0 in %s", pl->name);
			ERPOLICY_FUZZ_ASSERT(j == 0 || pl->e[j - 1].seq < e->seq,
					     "%s: seqs not increasing", pl->name);
			ERPOLICY_FUZZ_ASSERT(e->pfx.family == fam, "%s: entry of the wrong family",
					     pl->name);
			ERPOLICY_FUZZ_ASSERT(!e->le || (e->le > e->pfx.prefixlen &&
							e->le == (fam == AF_INET6 ? 128 : 32)),
					     "%s: le %u for /%u", pl->name, e->le,
					     e->pfx.prefixlen);
		}
	}
	for (size_t i = 0; i < plan->n_rmaps; i++) {
		const struct erpolicy_rmap *rm = &plan->rmaps[i];

		ERPOLICY_FUZZ_ASSERT(i == 0 || strcmp(plan->rmaps[i - 1].name, rm->name) < 0,
				     "route-maps not sorted by name at %s", rm->name);
		ERPOLICY_FUZZ_ASSERT(rm->n > 0 && rm->n <= ERPOLICY_RMAP_MAX_ENTRIES,
				     "route-map %s with %zu entries", rm->name, rm->n);
		for (size_t j = 0; j < rm->n; j++) {
			const struct erpolicy_rmap_entry *e = &rm->e[j];

			ERPOLICY_FUZZ_ASSERT(j == 0 || rm->e[j - 1].seq < e->seq,
					     "%s: seqs not increasing", rm->name);
			ERPOLICY_FUZZ_ASSERT(!e->match_plist[0] || plan_plist(plan, e->match_plist),
					     "%s matches missing prefix-list %s", rm->name,
					     e->match_plist);
			ERPOLICY_FUZZ_ASSERT(!e->set_lp || e->lp == in->lp_vpn ||
						     e->lp == in->lp_er,
					     "%s sets local-preference %u", rm->name, e->lp);
		}
	}
	ERPOLICY_FUZZ_ASSERT(plan->n_bindings == 2 * (er->n + vpn->n),
			     "%zu bindings for %zu neighbors", plan->n_bindings, er->n + vpn->n);
	for (size_t i = 0; i < plan->n_bindings; i++) {
		const struct erpolicy_binding *b = &plan->bindings[i];

		ERPOLICY_FUZZ_ASSERT(plan_rmap(plan, b->rmap), "binding to missing route-map %s",
				     b->rmap);
		ERPOLICY_FUZZ_ASSERT(list_has(er, &b->nbr) || list_has(vpn, &b->nbr),
				     "binding of an unknown neighbor");
	}
	for (size_t i = 0; i < plan->n_pins; i++) {
		const struct erpolicy_pin *pin = &plan->pins[i];

		ERPOLICY_FUZZ_ASSERT(list_has(gw, &pin->pfx), "pin of a non-GatewaySubnet");
		ERPOLICY_FUZZ_ASSERT(list_has(er, &pin->nh), "pin via a non-ExpressRoute neighbor");
		ERPOLICY_FUZZ_ASSERT(pin->pfx.family == pin->nh.family, "pin across families");
	}
	/* Every GatewaySubnet covered by an azure-prefix is pinned or warned about. */
	for (size_t g = 0; g < gw->n; g++) {
		const struct erpolicy_list *az = &in->items[ERPOLICY_ITEM_AZURE_PREFIX];
		bool covered = false, pinned = false;

		for (size_t a = 0; a < az->n && !covered; a++)
			covered = erpolicy_prefix_match(&az->v[a], &gw->v[g]);
		for (size_t i = 0; i < plan->n_pins && !pinned; i++)
			pinned = erpolicy_prefix_cmp(&plan->pins[i].pfx, &gw->v[g]) == 0;
		ERPOLICY_FUZZ_ASSERT(covered == pinned ||
					     (covered &&
					      !erpolicy_compile_count_family(er, gw->v[g].family)),
				     "GatewaySubnet covered %d pinned %d", covered, pinned);
	}
}
