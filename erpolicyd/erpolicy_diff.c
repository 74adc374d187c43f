// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd: owned objects as canonical lines, and their diff (the daemons' text is read in erpolicy_readback.c). */
#include <zebra.h>

#include "darr.h"
#include "printfrr.h"

#include "erpolicy_memory.h"
#include "erpolicy_diff.h"

/* Lists of strings. */

static int strs_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *erpolicy_strs_dup(const char *s)
{
	size_t len = strlen(s) + 1;

	return memcpy(XMALLOC(MTYPE_ERPOLICY_STATE, len), s, len);
}

void erpolicy_strs_free_str(char *s)
{
	XFREE(MTYPE_ERPOLICY_STATE, s);
}

void erpolicy_strs_sort(char **strs)
{
	size_t n = darr_len(strs), w = 0;

	if (n < 2)
		return;
	qsort(strs, n, sizeof(*strs), strs_cmp);
	for (size_t r = 0; r < n; r++) {
		if (w && strcmp(strs[w - 1], strs[r]) == 0) {
			XFREE(MTYPE_ERPOLICY_STATE, strs[r]);
			continue;
		}
		strs[w++] = strs[r];
	}
	_darr_meta(strs)->len = w;
}

bool erpolicy_strs_has(char *const *sorted, const char *s)
{
	return darr_len(sorted) && bsearch(&s, sorted, darr_len(sorted), sizeof(*sorted), strs_cmp);
}

/*
 * erpolicy_strs_has for strings asked in increasing order: *at is where the last
 * search ended (0 for the first), so that walking two sorted lists is one pass.
 */
static bool strs_has_from(char *const *sorted, size_t *at, const char *s)
{
	int c = 1;

	while (*at < darr_len(sorted) && (c = strcmp(sorted[*at], s)) < 0)
		(*at)++;
	return c == 0;
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

const char *erpolicy_name_vrf(const char *name, char *buf, size_t len)
{
	const char *p = strstr(name, "-VRF-");

	snprintf(buf, len, "%s", p ? p + 5 : "default");
	/* The name may be followed by more of its line. */
	buf[strcspn(buf, " \t\n")] = '\0';
	return buf;
}

/* State. */

void erpolicy_state_init(struct erpolicy_state *st)
{
	memset(st, 0, sizeof(*st));
}

void erpolicy_state_free(struct erpolicy_state *st)
{
	erpolicy_strs_free(st->plist);
	erpolicy_strs_free(st->rmap);
	erpolicy_strs_free(st->pin);
	darr_free(st->bind);
	darr_free(st->foreign);
	darr_free(st->maxpfx);
	darr_free(st->maxpfx_prev);
	darr_free(st->nbr);
	darr_free(st->vrfs);
}

static int afi_nbr_cmp(enum erpolicy_afi a1, const union erpolicy_prefix *n1, enum erpolicy_afi a2,
		       const union erpolicy_prefix *n2)
{
	if (a1 != a2)
		return a1 < a2 ? -1 : 1;
	return erpolicy_prefix_cmp(n1, n2);
}

/* in, out, soft: the order of the slots of a neighbor. */
static int maxpfx_kind(const struct erpolicy_maxpfx *m)
{
	return m->soft_in ? 2 : m->out ? 1 : 0;
}

/*
 * The slot a binding or setting fills (VRF, neighbor, family, direction) is the
 * first part of its order: bsearch with the slot's order alone finds an entry
 * in the slot.
 */
static int sbind_slot_vcmp(const void *a, const void *b)
{
	const struct erpolicy_sbind *x = a, *y = b;
	int c = strcmp(x->vrf, y->vrf);

	if (!c)
		c = afi_nbr_cmp(x->b.afi, &x->b.nbr, y->b.afi, &y->b.nbr);
	return c ? c : (int)x->b.out - (int)y->b.out;
}

static int smaxpfx_slot_vcmp(const void *a, const void *b)
{
	const struct erpolicy_smaxpfx *x = a, *y = b;
	int c = strcmp(x->vrf, y->vrf);

	if (!c)
		c = afi_nbr_cmp(x->m.afi, &x->m.nbr, y->m.afi, &y->m.nbr);
	return c ? c : maxpfx_kind(&x->m) - maxpfx_kind(&y->m);
}

int erpolicy_sbind_cmp(const struct erpolicy_sbind *a, const struct erpolicy_sbind *b)
{
	int c = sbind_slot_vcmp(a, b);

	return c ? c : strcmp(a->b.rmap, b->b.rmap);
}

bool erpolicy_sbind_same_slot(const struct erpolicy_sbind *a, const struct erpolicy_sbind *b)
{
	return sbind_slot_vcmp(a, b) == 0;
}

bool erpolicy_smaxpfx_same_slot(const struct erpolicy_smaxpfx *a, const struct erpolicy_smaxpfx *b)
{
	return smaxpfx_slot_vcmp(a, b) == 0;
}

int erpolicy_smaxpfx_cmp(const struct erpolicy_smaxpfx *a, const struct erpolicy_smaxpfx *b)
{
	int c = smaxpfx_slot_vcmp(a, b);

	if (!c && a->m.limit != b->m.limit)
		c = a->m.limit < b->m.limit ? -1 : 1;
	if (!c)
		c = (int)a->m.restart - (int)b->m.restart;
	return c ? c : (int)a->other - (int)b->other;
}

static int snbr_cmp(const struct erpolicy_snbr *a, const struct erpolicy_snbr *b)
{
	int c = strcmp(a->vrf, b->vrf);

	return c ? c : erpolicy_prefix_cmp(&a->nbr, &b->nbr);
}

static int refresh_cmp(const struct erpolicy_refresh *a, const struct erpolicy_refresh *b)
{
	int c = strcmp(a->vrf, b->vrf);

	return c ? c : afi_nbr_cmp(a->afi, &a->nbr, b->afi, &b->nbr);
}

static int warning_cmp(const struct erpolicy_warning *a, const struct erpolicy_warning *b)
{
	int c = strcmp(a->vrf, b->vrf);

	return c ? c : strcmp(a->msg, b->msg);
}

/* qsort and bsearch comparators of the typed arrays, from their typed orders. */
#define ERPOLICY_VOID_CMP(name, type, cmp)                                                        \
	static int name(const void *a, const void *b)                                             \
	{                                                                                         \
		return cmp((const type *)a, (const type *)b);                                     \
	}
ERPOLICY_VOID_CMP(sbind_vcmp, struct erpolicy_sbind, erpolicy_sbind_cmp)
ERPOLICY_VOID_CMP(smaxpfx_vcmp, struct erpolicy_smaxpfx, erpolicy_smaxpfx_cmp)
ERPOLICY_VOID_CMP(snbr_vcmp, struct erpolicy_snbr, snbr_cmp)
ERPOLICY_VOID_CMP(refresh_vcmp, struct erpolicy_refresh, refresh_cmp)
ERPOLICY_VOID_CMP(warning_vcmp, struct erpolicy_warning, warning_cmp)

/* Sort a darr and drop its repeats (free_elem: what a dropped element owns). */
static void darr_sort_uniq(void *arr, size_t size, int (*cmp)(const void *, const void *),
			   void (*free_elem)(void *))
{
	char *v = arr;
	size_t n = darr_len(v), w = 0;

	if (n < 2)
		return;
	qsort(v, n, size, cmp);
	for (size_t r = 0; r < n; r++) {
		if (w && cmp(v + (w - 1) * size, v + r * size) == 0) {
			if (free_elem)
				free_elem(v + r * size);
			continue;
		}
		if (w != r)
			memcpy(v + w * size, v + r * size, size);
		w++;
	}
	_darr_meta(v)->len = w;
}

void erpolicy_smaxpfx_sort(struct erpolicy_smaxpfx *arr)
{
	darr_sort_uniq(arr, sizeof(*arr), smaxpfx_vcmp, NULL);
}

bool erpolicy_state_has_bind(const struct erpolicy_sbind *sorted, const struct erpolicy_sbind *key)
{
	return darr_len(sorted) &&
	       bsearch(key, sorted, darr_len(sorted), sizeof(*sorted), sbind_vcmp);
}

bool erpolicy_state_has_maxpfx(const struct erpolicy_smaxpfx *sorted,
			       const struct erpolicy_smaxpfx *key)
{
	return darr_len(sorted) &&
	       bsearch(key, sorted, darr_len(sorted), sizeof(*sorted), smaxpfx_vcmp);
}

static bool state_has_nbr(const struct erpolicy_state *st, const char *vrf,
			  const union erpolicy_prefix *nbr)
{
	struct erpolicy_snbr key = { .nbr = *nbr };

	snprintf(key.vrf, sizeof(key.vrf), "%s", vrf);
	return darr_len(st->nbr) &&
	       bsearch(&key, st->nbr, darr_len(st->nbr), sizeof(*st->nbr), snbr_vcmp);
}

/* The entry of sorted in key's slot, if any (see the slot orders). */
static const struct erpolicy_sbind *bind_in_slot(const struct erpolicy_sbind *sorted,
						 const struct erpolicy_sbind *key)
{
	return darr_len(sorted)
		       ? bsearch(key, sorted, darr_len(sorted), sizeof(*sorted), sbind_slot_vcmp)
		       : NULL;
}

static const struct erpolicy_smaxpfx *maxpfx_in_slot(const struct erpolicy_smaxpfx *sorted,
						     const struct erpolicy_smaxpfx *key)
{
	return darr_len(sorted)
		       ? bsearch(key, sorted, darr_len(sorted), sizeof(*sorted), smaxpfx_slot_vcmp)
		       : NULL;
}

const struct erpolicy_svrf *erpolicy_state_vrf(const struct erpolicy_state *st, const char *vrf)
{
	for (size_t i = 0; i < darr_len(st->vrfs); i++)
		if (strcmp(st->vrfs[i].vrf, vrf) == 0)
			return &st->vrfs[i];
	return NULL;
}

struct erpolicy_svrf *erpolicy_state_vrf_add(struct erpolicy_state *st, const char *vrf)
{
	struct erpolicy_svrf *v = (struct erpolicy_svrf *)erpolicy_state_vrf(st, vrf);

	if (v)
		return v;
	v = darr_appendz_mt(st->vrfs, MTYPE_ERPOLICY_STATE);
	snprintf(v->vrf, sizeof(v->vrf), "%s", vrf);
	return v;
}

void erpolicy_state_finish(struct erpolicy_state *st)
{
	erpolicy_strs_sort(st->plist);
	erpolicy_strs_sort(st->rmap);
	erpolicy_strs_sort(st->pin);
	darr_sort_uniq(st->bind, sizeof(*st->bind), sbind_vcmp, NULL);
	darr_sort_uniq(st->foreign, sizeof(*st->foreign), sbind_vcmp, NULL);
	darr_sort_uniq(st->maxpfx, sizeof(*st->maxpfx), smaxpfx_vcmp, NULL);
	darr_sort_uniq(st->maxpfx_prev, sizeof(*st->maxpfx_prev), smaxpfx_vcmp, NULL);
	darr_sort_uniq(st->nbr, sizeof(*st->nbr), snbr_vcmp, NULL);
}

static const char *afi_str(enum erpolicy_afi afi)
{
	return afi == ERPOLICY_AFI_V6 ? "ipv6" : "ipv4";
}

void erpolicy_smaxpfx_tail(char *buf, size_t len, const struct erpolicy_smaxpfx *s)
{
	if (s->m.soft_in)
		snprintf(buf, len, "soft-reconfiguration inbound");
	else if (s->m.out)
		snprintf(buf, len, "maximum-prefix-out %u", s->m.limit);
	else if (s->m.restart)
		snprintf(buf, len, "maximum-prefix %u restart %u", s->m.limit, s->m.restart);
	else
		snprintf(buf, len, "maximum-prefix %u", s->m.limit);
}

void erpolicy_state_add_plan(struct erpolicy_state *st, const struct erpolicy_plan *plan)
{
	char buf[1024];

	if (plan->mode == ERPOLICY_MODE_REQUIRE_ENCRYPTION)
		erpolicy_state_vrf_add(st, plan->vrf)->strict = true;
	for (size_t i = 0; i < plan->n_plists; i++) {
		const struct erpolicy_plist *pl = &plan->plists[i];

		for (size_t j = 0; j < pl->n; j++) {
			erpolicy_render_plist_entry(buf, sizeof(buf), pl, &pl->e[j]);
			erpolicy_strs_push(st->plist, buf);
		}
	}
	for (size_t i = 0; i < plan->n_rmaps; i++) {
		const struct erpolicy_rmap *rm = &plan->rmaps[i];

		for (size_t j = 0; j < rm->n; j++) {
			erpolicy_render_rmap_entry(buf, sizeof(buf), rm, &rm->e[j]);
			erpolicy_strs_push(st->rmap, buf);
		}
	}
	for (size_t i = 0; i < plan->n_bindings; i++) {
		struct erpolicy_sbind *b = darr_appendz_mt(st->bind, MTYPE_ERPOLICY_STATE);

		snprintf(b->vrf, sizeof(b->vrf), "%s", plan->vrf);
		b->b = plan->bindings[i];
	}
	for (size_t i = 0; i < plan->n_pins; i++) {
		erpolicy_render_pin(buf, sizeof(buf), plan->vrf, &plan->pins[i]);
		erpolicy_strs_push(st->pin, buf);
	}
	for (size_t i = 0; i < plan->n_maxpfx; i++) {
		struct erpolicy_smaxpfx *m = darr_appendz_mt(st->maxpfx, MTYPE_ERPOLICY_STATE);

		snprintf(m->vrf, sizeof(m->vrf), "%s", plan->vrf);
		m->m = plan->maxpfx[i];
	}
}

/* Diff. */

/*
 * The number at s, as sscanf's %lu would read it but without its undefined
 * behaviour on overflow (strtoul saturates). 0 ok, -1 if there is none.
 */
static int seq_parse(const char *s, unsigned long *seq)
{
	char *end;

	*seq = strtoul(s, &end, 10);
	return end == s ? -1 : 0;
}

/*
 * Prefix-list entries are keyed by type, name and sequence number, as in FRR's
 * northbound: "ip prefix-list NAME seq N ..." replaces entry N in place, and
 * "no ip prefix-list NAME seq N ..." deletes entry N whatever it holds.
 */
static int plist_key(const char *line, char *buf, size_t len)
{
	char type[8], name[128];
	unsigned long seq;
	int n = 0;

	if (sscanf(line, "%7s prefix-list %127s seq %n", type, name, &n) != 2 || !n ||
	    seq_parse(line + n, &seq))
		return -1;
	snprintf(buf, len, "%s %s %lu", type, name, seq);
	return 0;
}

/* Route-map entries are keyed by name and sequence number, not action. */
static int rmap_key(const char *entry, char *buf, size_t len)
{
	char name[128], action[16];
	unsigned long seq;
	int n = 0;

	if (sscanf(entry, "route-map %127s %15s %n", name, action, &n) != 2 || !n ||
	    seq_parse(entry + n, &seq))
		return -1;
	snprintf(buf, len, "%s %010lu", name, seq);
	return 0;
}

static int rmap_entry_cmp(const void *a, const void *b)
{
	char ka[160], kb[160];

	if (rmap_key(*(char *const *)a, ka, sizeof(ka)) ||
	    rmap_key(*(char *const *)b, kb, sizeof(kb)))
		return strs_cmp(a, b);
	return strcmp(ka, kb);
}

static void note_vrf(struct erpolicy_diff *d, const char *line)
{
	char buf[64];
	const char *name = strstr(line, ERPOLICY_OWNER_TAG "-");

	erpolicy_strs_push(d->vrfs, name ? erpolicy_name_vrf(name, buf, sizeof(buf)) : "default");
}

/* Lines of a route-map entry after its header, sorted. */
static char **rmap_sublines(const char *entry)
{
	char **out = NULL;

	ERPOLICY_FOREACH_LINE(entry, line, copy)
	{
		if (line[0] == ' ')
			erpolicy_strs_push(out, line);
	}
	erpolicy_strs_sort(out);
	return out;
}

static void diff_rmap_entry(struct erpolicy_diff *d, const char *want, const char *have)
{
	char **w = rmap_sublines(want), **h = rmap_sublines(have);

	/* the header line, whatever its length */
	erpolicy_strs_pushf(d->bgpd_objects, "%.*s", (int)strcspn(want, "\n"), want);
	for (size_t i = 0, at = 0; i < darr_len(h); i++)
		if (!strs_has_from(w, &at, h[i]))
			erpolicy_strs_pushf(d->bgpd_objects, " no %s", h[i] + 1);
	for (size_t i = 0, at = 0; i < darr_len(w); i++)
		if (!strs_has_from(h, &at, w[i]))
			erpolicy_strs_push(d->bgpd_objects, w[i]);
	erpolicy_strs_push(d->bgpd_objects, "exit");
	erpolicy_strs_free(w);
	erpolicy_strs_free(h);
}

static void diff_rmaps(struct erpolicy_diff *d, const struct erpolicy_state *want,
		       const struct erpolicy_state *have)
{
	char **wv = NULL, **hv = NULL;
	size_t i = 0, j = 0;

	/* Ordered by (name, seq). */
	if (darr_len(want->rmap)) {
		wv = XMALLOC(MTYPE_ERPOLICY_STATE, darr_len(want->rmap) * sizeof(*wv));
		memcpy(wv, want->rmap, darr_len(want->rmap) * sizeof(*wv));
		qsort(wv, darr_len(want->rmap), sizeof(*wv), rmap_entry_cmp);
	}
	if (darr_len(have->rmap)) {
		hv = XMALLOC(MTYPE_ERPOLICY_STATE, darr_len(have->rmap) * sizeof(*hv));
		memcpy(hv, have->rmap, darr_len(have->rmap) * sizeof(*hv));
		qsort(hv, darr_len(have->rmap), sizeof(*hv), rmap_entry_cmp);
	}
	while (i < darr_len(want->rmap) || j < darr_len(have->rmap)) {
		int c;

		if (i == darr_len(want->rmap))
			c = 1;
		else if (j == darr_len(have->rmap))
			c = -1;
		else
			c = rmap_entry_cmp(&wv[i], &hv[j]);
		if (c < 0) {
			ERPOLICY_FOREACH_LINE(wv[i], line, copy)
			erpolicy_strs_push(d->bgpd_objects, line);
			erpolicy_strs_push(d->bgpd_objects, "exit");
			note_vrf(d, wv[i]);
			i++;
		} else if (c > 0) {
			/* the header line, whatever its length: cut short, it names another entry */
			erpolicy_strs_pushf(d->bgpd_removals, "no %.*s", (int)strcspn(hv[j], "\n"),
					    hv[j]);
			note_vrf(d, hv[j]);
			j++;
		} else {
			if (strcmp(wv[i], hv[j]) != 0) {
				diff_rmap_entry(d, wv[i], hv[j]);
				note_vrf(d, wv[i]);
			}
			i++;
			j++;
		}
	}
	XFREE(MTYPE_ERPOLICY_STATE, wv);
	XFREE(MTYPE_ERPOLICY_STATE, hv);
}

/*
 * A neighbor command of the bindings part, in its VRF and address family: sorted
 * by those, then by the command's text (what is set before what is unset).
 */
struct bind_cmd {
	char vrf[ERPOLICY_VRF_NAMSIZ];
	enum erpolicy_afi afi;
	char cmd[ERPOLICY_OBJ_NAMSIZ + 96];
};

static int bind_cmd_cmp(const void *a, const void *b)
{
	const struct bind_cmd *x = a, *y = b;
	int c = strcmp(x->vrf, y->vrf);

	if (!c && x->afi != y->afi)
		c = x->afi < y->afi ? -1 : 1;
	return c ? c : strcmp(x->cmd, y->cmd);
}

static void PRINTFRR(4, 5) bind_cmd_add(struct bind_cmd **cmds, const char *vrf,
					enum erpolicy_afi afi, const char *fmt, ...)
{
	struct bind_cmd *c = darr_appendz_mt(*cmds, MTYPE_ERPOLICY_STATE);
	va_list ap;

	snprintf(c->vrf, sizeof(c->vrf), "%s", vrf);
	c->afi = afi;
	va_start(ap, fmt);
	vsnprintf(c->cmd, sizeof(c->cmd), fmt, ap);
	va_end(ap);
}

static void refresh_add(struct erpolicy_diff *d, const char *vrf, enum erpolicy_afi afi,
			const union erpolicy_prefix *nbr)
{
	struct erpolicy_refresh *r = darr_appendz_mt(d->refresh, MTYPE_ERPOLICY_STATE);

	snprintf(r->vrf, sizeof(r->vrf), "%s", vrf);
	r->afi = afi;
	r->nbr = *nbr;
}

static void PRINTFRR(3, 4)
	warning_add(struct erpolicy_diff *d, const char *vrf, const char *fmt, ...)
{
	struct erpolicy_warning *w = darr_appendz_mt(d->warnings, MTYPE_ERPOLICY_STATE);
	va_list ap;

	snprintf(w->vrf, sizeof(w->vrf), "%s", vrf);
	va_start(ap, fmt);
	w->msg = vasprintfrr(MTYPE_ERPOLICY_STATE, fmt, ap);
	va_end(ap);
}

static void warning_free(void *w)
{
	XFREE(MTYPE_ERPOLICY_STATE, ((struct erpolicy_warning *)w)->msg);
}

static const char *nbr_str(const union erpolicy_prefix *nbr, char *buf, size_t len)
{
	return erpolicy_prefix_str(nbr, true, buf, len);
}

static void diff_bindings(struct erpolicy_diff *d, const struct erpolicy_state *want,
			  const struct erpolicy_state *have, struct bind_cmd **cmds)
{
	char nbr[64];

	for (size_t i = 0; i < darr_len(want->bind); i++) {
		const struct erpolicy_sbind *w = &want->bind[i];
		const struct erpolicy_svrf *v = erpolicy_state_vrf(have, w->vrf);
		const struct erpolicy_sbind *other;
		const char *dir = w->b.out ? "out" : "in";

		if (erpolicy_state_has_bind(have->bind, w))
			continue;
		nbr_str(&w->b.nbr, nbr, sizeof(nbr));
		if (!v || !v->asn[0]) {
			warning_add(d, w->vrf, "no router bgp for vrf %s: neighbor %s not bound",
				    w->vrf, nbr);
			continue;
		}
		if (!state_has_nbr(have, w->vrf, &w->b.nbr)) {
			warning_add(d, w->vrf,
				    "neighbor %s is not configured in router bgp: not bound", nbr);
			continue;
		}
		other = bind_in_slot(have->foreign, w);
		if (other) {
			warning_add(d, w->vrf,
				    "neighbor %s already has route-map %s %s, not erpolicyd's: left as it is",
				    nbr, other->b.rmap, dir);
			continue;
		}
		bind_cmd_add(cmds, w->vrf, w->b.afi, "neighbor %s route-map %s %s", nbr, w->b.rmap,
			     dir);
		refresh_add(d, w->vrf, w->b.afi, &w->b.nbr);
		erpolicy_strs_push(d->vrfs, w->vrf);
	}
	for (size_t i = 0; i < darr_len(have->bind); i++) {
		const struct erpolicy_sbind *h = &have->bind[i];

		if (bind_in_slot(want->bind, h))
			continue;
		bind_cmd_add(cmds, h->vrf, h->b.afi, "no neighbor %s route-map %s %s",
			     nbr_str(&h->b.nbr, nbr, sizeof(nbr)), h->b.rmap,
			     h->b.out ? "out" : "in");
		refresh_add(d, h->vrf, h->b.afi, &h->b.nbr);
		erpolicy_strs_push(d->vrfs, h->vrf);
	}
}

/*
 * Maximum-prefix on the intent's neighbors: what the plan sets is sent when bgpd
 * has something else in that slot; a setting the intent dropped is removed if
 * bgpd still has exactly what an earlier pass wanted there (maxpfx_prev).
 * Neighbors not in router bgp are skipped (their bindings carry the warning).
 */
static void diff_maxpfx(struct erpolicy_diff *d, const struct erpolicy_state *want,
			const struct erpolicy_state *have, struct bind_cmd **cmds)
{
	char nbr[64], tail[64];

	for (size_t i = 0; i < darr_len(want->maxpfx); i++) {
		const struct erpolicy_smaxpfx *w = &want->maxpfx[i];
		const struct erpolicy_svrf *v = erpolicy_state_vrf(have, w->vrf);

		if (erpolicy_state_has_maxpfx(have->maxpfx, w))
			continue;
		if (!v || !v->asn[0] || !state_has_nbr(have, w->vrf, &w->m.nbr))
			continue;
		erpolicy_smaxpfx_tail(tail, sizeof(tail), w);
		bind_cmd_add(cmds, w->vrf, w->m.afi, "neighbor %s %s",
			     nbr_str(&w->m.nbr, nbr, sizeof(nbr)), tail);
		erpolicy_strs_push(d->vrfs, w->vrf);
	}
	for (size_t i = 0; i < darr_len(have->maxpfx); i++) {
		const struct erpolicy_smaxpfx *h = &have->maxpfx[i];

		if (maxpfx_in_slot(want->maxpfx, h) ||
		    !erpolicy_state_has_maxpfx(want->maxpfx_prev, h))
			continue;
		bind_cmd_add(cmds, h->vrf, h->m.afi, "no neighbor %s %s",
			     nbr_str(&h->m.nbr, nbr, sizeof(nbr)),
			     h->m.soft_in ? "soft-reconfiguration inbound"
			     : h->m.out	  ? "maximum-prefix-out"
					  : "maximum-prefix");
		erpolicy_strs_push(d->vrfs, h->vrf);
	}
}

/* Wrap the neighbor commands in their router bgp / address-family context. */
static void emit_bindings(struct erpolicy_diff *d, const struct erpolicy_state *have,
			  struct bind_cmd *cmds)
{
	const struct bind_cmd *cur = NULL;

	if (darr_len(cmds))
		qsort(cmds, darr_len(cmds), sizeof(*cmds), bind_cmd_cmp);
	for (size_t i = 0; i < darr_len(cmds); i++) {
		const struct bind_cmd *c = &cmds[i];

		if (!cur || strcmp(c->vrf, cur->vrf) != 0 || c->afi != cur->afi) {
			const char *asn = erpolicy_state_vrf(have, c->vrf)->asn;

			if (cur) {
				erpolicy_strs_push(d->bgpd_bindings, " exit-address-family");
				erpolicy_strs_push(d->bgpd_bindings, "exit");
			}
			if (strcmp(c->vrf, "default") == 0)
				erpolicy_strs_pushf(d->bgpd_bindings, "router bgp %s", asn);
			else
				erpolicy_strs_pushf(d->bgpd_bindings, "router bgp %s vrf %s", asn,
						    c->vrf);
			erpolicy_strs_pushf(d->bgpd_bindings, " address-family %s unicast",
					    afi_str(c->afi));
			cur = c;
		}
		/* a command repeated (the same slot set twice) is sent once */
		if (i && !bind_cmd_cmp(c, &cmds[i - 1]))
			continue;
		erpolicy_strs_pushf(d->bgpd_bindings, "  %s", c->cmd);
	}
	if (cur) {
		erpolicy_strs_push(d->bgpd_bindings, " exit-address-family");
		erpolicy_strs_push(d->bgpd_bindings, "exit");
	}
}

/*
 * The order prefix-list lines are sent in: by list (what precedes " seq "),
 * then by sequence number as a number. The states are sorted as strings, in
 * which "seq 1018132" comes before "seq 386657"; bgpd keeps a list in sequence
 * order and appends cheaply only an entry that goes after its last, so lines
 * sent in string order cost it a walk of the list for most of them (at 10k
 * prefixes, half again the CPU of the same lines in a `vtysh -f` file).
 */
struct plist_order {
	char *line;
	size_t head; /* length of the part before " seq " */
	unsigned long seq;
};

static int plist_order_cmp(const void *a, const void *b)
{
	const struct plist_order *x = a, *y = b;
	int c = memcmp(x->line, y->line, MIN(x->head, y->head));

	if (c)
		return c;
	if (x->head != y->head)
		return x->head < y->head ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return strcmp(x->line, y->line);
}

static void plist_lines_in_seq_order(char **lines)
{
	size_t n = darr_len(lines);
	struct plist_order *o;

	if (n < 2)
		return;
	o = XCALLOC(MTYPE_TMP, n * sizeof(*o));
	for (size_t i = 0; i < n; i++) {
		const char *at = strstr(lines[i], " seq ");

		o[i].line = lines[i];
		o[i].head = at ? (size_t)(at - lines[i]) : strlen(lines[i]);
		if (!at || seq_parse(at + 5, &o[i].seq))
			o[i].seq = 0;
	}
	qsort(o, n, sizeof(*o), plist_order_cmp);
	for (size_t i = 0; i < n; i++)
		lines[i] = o[i].line;
	XFREE(MTYPE_TMP, o);
}

void erpolicy_diff_compute(struct erpolicy_diff *d, const struct erpolicy_state *want,
			   const struct erpolicy_state *have)
{
	char **want_keys = NULL;
	struct bind_cmd *cmds = NULL;

	memset(d, 0, sizeof(*d));

	for (size_t i = 0, at = 0; i < darr_len(want->plist); i++)
		if (!strs_has_from(have->plist, &at, want->plist[i])) {
			erpolicy_strs_push(d->bgpd_objects, want->plist[i]);
			note_vrf(d, want->plist[i]);
		}
	plist_lines_in_seq_order(d->bgpd_objects);
	diff_rmaps(d, want, have);
	diff_bindings(d, want, have, &cmds);
	diff_maxpfx(d, want, have, &cmds);
	emit_bindings(d, have, cmds);
	darr_free(cmds);
	for (size_t i = 0, at = 0; i < darr_len(have->plist); i++) {
		char key[200];

		if (strs_has_from(want->plist, &at, have->plist[i]))
			continue;
		/* An entry whose number the plan reuses was replaced by the first batch. */
		if (!plist_key(have->plist[i], key, sizeof(key))) {
			if (!darr_len(want_keys) && darr_len(want->plist)) {
				for (size_t j = 0; j < darr_len(want->plist); j++) {
					char wkey[200];

					if (!plist_key(want->plist[j], wkey, sizeof(wkey)))
						erpolicy_strs_push(want_keys, wkey);
				}
				erpolicy_strs_sort(want_keys);
			}
			if (erpolicy_strs_has(want_keys, key))
				continue;
		}
		erpolicy_strs_pushf(d->bgpd_removals, "no %s", have->plist[i]);
		note_vrf(d, have->plist[i]);
	}
	erpolicy_strs_free(want_keys);

	/* A changed object changes what every bound neighbor of its VRF gets. */
	erpolicy_strs_sort(d->vrfs);
	for (size_t i = 0; i < darr_len(want->bind); i++) {
		const struct erpolicy_sbind *w = &want->bind[i];

		if (erpolicy_strs_has(d->vrfs, w->vrf) && state_has_nbr(have, w->vrf, &w->b.nbr))
			refresh_add(d, w->vrf, w->b.afi, &w->b.nbr);
	}

	for (size_t i = 0, at = 0; i < darr_len(want->pin); i++)
		if (!strs_has_from(have->pin, &at, want->pin[i]))
			erpolicy_strs_push(d->mgmtd, want->pin[i]);
	for (size_t i = 0, at = 0; i < darr_len(have->pin); i++)
		if (!strs_has_from(want->pin, &at, have->pin[i]))
			erpolicy_strs_pushf(d->mgmtd, "no %s", have->pin[i]);

	/*
	 * RFC 8212 is what keeps require-encryption closed while a neighbor has no
	 * inbound route-map (bgpd restarted without them in frr.conf, until the
	 * repair): without it bgpd takes the Azure prefixes from ExpressRoute.
	 */
	for (size_t i = 0; i < darr_len(want->vrfs); i++) {
		const struct erpolicy_svrf *h = erpolicy_state_vrf(have, want->vrfs[i].vrf);

		if (want->vrfs[i].strict && h && h->nopolicy)
			warning_add(d, want->vrfs[i].vrf, "%s",
				    "mode require-encryption with no bgp ebgp-requires-policy: a neighbor without erpolicyd's route-maps (bgpd restarted, until they are back) accepts the azure-prefixes from ExpressRoute unencrypted");
	}

	darr_sort_uniq(d->refresh, sizeof(*d->refresh), refresh_vcmp, NULL);
	darr_sort_uniq(d->warnings, sizeof(*d->warnings), warning_vcmp, warning_free);
}

bool erpolicy_diff_empty(const struct erpolicy_diff *d)
{
	return !darr_len(d->bgpd_objects) && !darr_len(d->bgpd_bindings) &&
	       !darr_len(d->bgpd_removals) && !darr_len(d->mgmtd);
}

void erpolicy_diff_free(struct erpolicy_diff *d)
{
	erpolicy_strs_free(d->bgpd_objects);
	erpolicy_strs_free(d->bgpd_bindings);
	erpolicy_strs_free(d->bgpd_removals);
	erpolicy_strs_free(d->mgmtd);
	darr_free(d->refresh);
	erpolicy_strs_free(d->vrfs);
	for (size_t i = 0; i < darr_len(d->warnings); i++)
		warning_free(&d->warnings[i]);
	darr_free(d->warnings);
}

/* "route-map NAME permit 10..." -> NAME into buf. */
static const char *rmap_entry_name(const char *entry, char *buf, size_t len)
{
	if (sscanf(entry, "route-map %255s", buf) != 1 || len < 256)
		buf[0] = '\0';
	return buf;
}

char **erpolicy_diff_bound_missing(const struct erpolicy_state *want,
				   const struct erpolicy_state *have)
{
	char **have_names = NULL, **names = NULL;
	char name[256];

	for (size_t i = 0; i < darr_len(have->rmap); i++)
		erpolicy_strs_push(have_names, rmap_entry_name(have->rmap[i], name, sizeof(name)));
	erpolicy_strs_sort(have_names);
	for (size_t i = 0; i < darr_len(want->rmap); i++) {
		rmap_entry_name(want->rmap[i], name, sizeof(name));
		if (!name[0] || erpolicy_strs_has(have_names, name))
			continue;
		for (size_t j = 0; j < darr_len(have->bind); j++) {
			if (strcmp(have->bind[j].b.rmap, name) == 0) {
				erpolicy_strs_push(names, name);
				break;
			}
		}
	}
	erpolicy_strs_sort(names);
	erpolicy_strs_free(have_names);
	return names;
}

void erpolicy_diff_hold_rmaps(struct erpolicy_diff *d, char *const *held)
{
	char **kept = NULL;
	bool skipping = false;
	char name[256];

	if (!darr_len(held))
		return;
	for (size_t i = 0; i < darr_len(d->bgpd_objects); i++) {
		const char *l = d->bgpd_objects[i];

		if (skipping) {
			skipping = strcmp(l, "exit") != 0;
			continue;
		}
		if (starts(l, "route-map ") &&
		    erpolicy_strs_has(held, rmap_entry_name(l, name, sizeof(name)))) {
			skipping = true;
			continue;
		}
		erpolicy_strs_push(kept, l);
	}
	erpolicy_strs_free(d->bgpd_objects);
	d->bgpd_objects = kept;
}
