// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd: owned objects as canonical lines, and their diff (the daemons' text is read in erpolicy_readback.c). */
#define _GNU_SOURCE /* vasprintf */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erpolicy_diff.h"

/* String vectors. */

static void *erpolicy_xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p)
		abort();
	return p;
}

static void strv_take(struct erpolicy_strv *sv, char *s)
{
	if (sv->n == sv->cap) {
		sv->cap = sv->cap ? 2 * sv->cap : 16;
		sv->v = erpolicy_xrealloc(sv->v, sv->cap * sizeof(*sv->v));
	}
	sv->v[sv->n++] = s;
}

void erpolicy_strv_push(struct erpolicy_strv *sv, const char *s)
{
	char *copy = strdup(s);

	if (!copy)
		abort();
	strv_take(sv, copy);
}

void erpolicy_strv_pushf(struct erpolicy_strv *sv, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	strv_take(sv, s);
}

static int strv_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void erpolicy_strv_sort(struct erpolicy_strv *sv)
{
	size_t w = 0;

	if (sv->n)
		qsort(sv->v, sv->n, sizeof(*sv->v), strv_cmp);
	for (size_t r = 0; r < sv->n; r++) {
		if (w && strcmp(sv->v[w - 1], sv->v[r]) == 0) {
			free(sv->v[r]);
			continue;
		}
		sv->v[w++] = sv->v[r];
	}
	sv->n = w;
}

bool erpolicy_strv_has(const struct erpolicy_strv *sorted, const char *s)
{
	return sorted->n && bsearch(&s, sorted->v, sorted->n, sizeof(*sorted->v), strv_cmp);
}

void erpolicy_strv_free(struct erpolicy_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof(*sv));
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
	erpolicy_strv_free(&st->plist);
	erpolicy_strv_free(&st->rmap);
	erpolicy_strv_free(&st->bind);
	erpolicy_strv_free(&st->pin);
	erpolicy_strv_free(&st->maxpfx);
	erpolicy_strv_free(&st->maxpfx_prev);
	erpolicy_strv_free(&st->nbr);
	erpolicy_strv_free(&st->foreign);
	erpolicy_strv_free(&st->asn);
	erpolicy_strv_free(&st->nopolicy);
	erpolicy_strv_free(&st->strict);
}

void erpolicy_state_finish(struct erpolicy_state *st)
{
	erpolicy_strv_sort(&st->plist);
	erpolicy_strv_sort(&st->rmap);
	erpolicy_strv_sort(&st->bind);
	erpolicy_strv_sort(&st->pin);
	erpolicy_strv_sort(&st->maxpfx);
	erpolicy_strv_sort(&st->maxpfx_prev);
	erpolicy_strv_sort(&st->nbr);
	erpolicy_strv_sort(&st->foreign);
	erpolicy_strv_sort(&st->asn);
	erpolicy_strv_sort(&st->nopolicy);
	erpolicy_strv_sort(&st->strict);
}

static const char *afi_str(enum erpolicy_afi afi)
{
	return afi == ERPOLICY_AFI_V6 ? "ipv6" : "ipv4";
}

void erpolicy_state_add_plan(struct erpolicy_state *st, const struct erpolicy_plan *plan)
{
	char buf[1024];
	char nbr[64];

	if (plan->mode == ERPOLICY_MODE_REQUIRE_ENCRYPTION)
		erpolicy_strv_push(&st->strict, plan->vrf);
	for (size_t i = 0; i < plan->n_plists; i++) {
		const struct erpolicy_plist *pl = &plan->plists[i];

		for (size_t j = 0; j < pl->n; j++) {
			erpolicy_render_plist_entry(buf, sizeof(buf), pl, &pl->e[j]);
			erpolicy_strv_push(&st->plist, buf);
		}
	}
	for (size_t i = 0; i < plan->n_rmaps; i++) {
		const struct erpolicy_rmap *rm = &plan->rmaps[i];

		for (size_t j = 0; j < rm->n; j++) {
			erpolicy_render_rmap_entry(buf, sizeof(buf), rm, &rm->e[j]);
			erpolicy_strv_push(&st->rmap, buf);
		}
	}
	for (size_t i = 0; i < plan->n_bindings; i++) {
		const struct erpolicy_binding *b = &plan->bindings[i];

		erpolicy_strv_pushf(&st->bind, "%s\t%s\t%s\t%s\t%s", plan->vrf, afi_str(b->afi),
				    erpolicy_prefix_str(&b->nbr, true, nbr, sizeof(nbr)),
				    b->out ? "out" : "in", b->rmap);
	}
	for (size_t i = 0; i < plan->n_pins; i++) {
		erpolicy_render_pin(buf, sizeof(buf), plan->vrf, &plan->pins[i]);
		erpolicy_strv_push(&st->pin, buf);
	}
	for (size_t i = 0; i < plan->n_maxpfx; i++) {
		const struct erpolicy_maxpfx *m = &plan->maxpfx[i];

		erpolicy_render_maxpfx(buf, sizeof(buf), m);
		erpolicy_prefix_str(&m->nbr, true, nbr, sizeof(nbr));
		/* "neighbor X " dropped: the key holds the neighbor */
		erpolicy_strv_pushf(&st->maxpfx, "%s\t%s\t%s\t%s\t%s", plan->vrf, afi_str(m->afi),
				    nbr,
				    m->soft_in ? "soft"
				    : m->out   ? "out"
					       : "in",
				    buf + strlen("neighbor ") + strlen(nbr) + 1);
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
		return strv_cmp(a, b);
	return strcmp(ka, kb);
}

static void note_vrf(struct erpolicy_diff *d, const char *line)
{
	char buf[64];
	const char *name = strstr(line, ERPOLICY_OWNER_TAG "-");

	erpolicy_strv_push(&d->vrfs, name ? erpolicy_name_vrf(name, buf, sizeof(buf)) : "default");
}

/* Lines of a route-map entry after its header, as a sorted vector. */
static void rmap_sublines(const char *entry, struct erpolicy_strv *out)
{
	ERPOLICY_FOREACH_LINE(entry, line, copy)
	{
		if (line[0] == ' ')
			erpolicy_strv_push(out, line);
	}
	erpolicy_strv_sort(out);
}

static void diff_rmap_entry(struct erpolicy_diff *d, const char *want, const char *have)
{
	struct erpolicy_strv w = {}, h = {};

	rmap_sublines(want, &w);
	rmap_sublines(have, &h);
	/* the header line, whatever its length */
	erpolicy_strv_pushf(&d->bgpd_objects, "%.*s", (int)strcspn(want, "\n"), want);
	for (size_t i = 0; i < h.n; i++)
		if (!erpolicy_strv_has(&w, h.v[i]))
			erpolicy_strv_pushf(&d->bgpd_objects, " no %s", h.v[i] + 1);
	for (size_t i = 0; i < w.n; i++)
		if (!erpolicy_strv_has(&h, w.v[i]))
			erpolicy_strv_push(&d->bgpd_objects, w.v[i]);
	erpolicy_strv_push(&d->bgpd_objects, "exit");
	erpolicy_strv_free(&w);
	erpolicy_strv_free(&h);
}

static void diff_rmaps(struct erpolicy_diff *d, const struct erpolicy_state *want,
		       const struct erpolicy_state *have)
{
	char **wv = NULL, **hv = NULL;
	size_t i = 0, j = 0;

	/* Ordered by (name, seq). */
	if (want->rmap.n) {
		wv = erpolicy_xrealloc(NULL, want->rmap.n * sizeof(*wv));
		memcpy(wv, want->rmap.v, want->rmap.n * sizeof(*wv));
		qsort(wv, want->rmap.n, sizeof(*wv), rmap_entry_cmp);
	}
	if (have->rmap.n) {
		hv = erpolicy_xrealloc(NULL, have->rmap.n * sizeof(*hv));
		memcpy(hv, have->rmap.v, have->rmap.n * sizeof(*hv));
		qsort(hv, have->rmap.n, sizeof(*hv), rmap_entry_cmp);
	}
	while (i < want->rmap.n || j < have->rmap.n) {
		int c;

		if (i == want->rmap.n)
			c = 1;
		else if (j == have->rmap.n)
			c = -1;
		else
			c = rmap_entry_cmp(&wv[i], &hv[j]);
		if (c < 0) {
			ERPOLICY_FOREACH_LINE(wv[i], line, copy)
			erpolicy_strv_push(&d->bgpd_objects, line);
			erpolicy_strv_push(&d->bgpd_objects, "exit");
			note_vrf(d, wv[i]);
			i++;
		} else if (c > 0) {
			/* the header line, whatever its length: cut short, it names another entry */
			erpolicy_strv_pushf(&d->bgpd_removals, "no %.*s",
					    (int)strcspn(hv[j], "\n"), hv[j]);
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
	free(wv);
	free(hv);
}

/* "VRF\tAFI\tNBR\tDIR\tRMAP" split into its fields (in place). */
struct bind_fields {
	char *vrf, *afi, *nbr, *dir, *rmap;
};

static int bind_split(char *s, struct bind_fields *f)
{
	char *save = NULL;

	f->vrf = strtok_r(s, "\t", &save);
	f->afi = strtok_r(NULL, "\t", &save);
	f->nbr = strtok_r(NULL, "\t", &save);
	f->dir = strtok_r(NULL, "\t", &save);
	f->rmap = strtok_r(NULL, "\t", &save);
	return f->rmap ? 0 : -1;
}

/* Is there a binding in sv with the same VRF/AFI/neighbor/direction as key? */
static const char *bind_find(const struct erpolicy_strv *sv, const char *key)
{
	size_t klen = strrchr(key, '\t') - key + 1;

	for (size_t i = 0; i < sv->n; i++)
		if (strncmp(sv->v[i], key, klen) == 0)
			return sv->v[i];
	return NULL;
}

static const char *asn_of(const struct erpolicy_state *st, const char *vrf)
{
	size_t vlen = strlen(vrf);

	for (size_t i = 0; i < st->asn.n; i++)
		if (strncmp(st->asn.v[i], vrf, vlen) == 0 && st->asn.v[i][vlen] == '\t')
			return st->asn.v[i] + vlen + 1;
	return NULL;
}

static void diff_bindings(struct erpolicy_diff *d, const struct erpolicy_state *want,
			  const struct erpolicy_state *have, struct erpolicy_strv *cmds)
{
	for (size_t i = 0; i < want->bind.n; i++) {
		const char *w = want->bind.v[i];
		const char *other;
		char buf[512], key[300];
		struct bind_fields f;

		if (erpolicy_strv_has(&have->bind, w))
			continue;
		snprintf(buf, sizeof(buf), "%s", w);
		if (bind_split(buf, &f))
			continue;
		snprintf(key, sizeof(key), "%s\t%s", f.vrf, f.nbr);
		if (!asn_of(have, f.vrf)) {
			erpolicy_strv_pushf(&d->warnings,
					    "%s\tno router bgp for vrf %s: neighbor %s not bound",
					    f.vrf, f.vrf, f.nbr);
			continue;
		}
		if (!erpolicy_strv_has(&have->nbr, key)) {
			erpolicy_strv_pushf(&d->warnings,
					    "%s\tneighbor %s is not configured in router bgp: not bound",
					    f.vrf, f.nbr);
			continue;
		}
		other = bind_find(&have->foreign, w);
		if (other) {
			erpolicy_strv_pushf(&d->warnings,
					    "%s\tneighbor %s already has route-map %s %s, not erpolicyd's: left as it is",
					    f.vrf, f.nbr, strrchr(other, '\t') + 1, f.dir);
			continue;
		}
		erpolicy_strv_pushf(cmds, "%s\t%s\tneighbor %s route-map %s %s", f.vrf, f.afi,
				    f.nbr, f.rmap, f.dir);
		erpolicy_strv_pushf(&d->refresh, "%s\t%s\t%s", f.vrf, f.afi, f.nbr);
		erpolicy_strv_push(&d->vrfs, f.vrf);
	}
	for (size_t i = 0; i < have->bind.n; i++) {
		const char *h = have->bind.v[i];
		char buf[512];
		struct bind_fields f;

		if (erpolicy_strv_has(&want->bind, h) || bind_find(&want->bind, h))
			continue;
		snprintf(buf, sizeof(buf), "%s", h);
		if (bind_split(buf, &f))
			continue;
		erpolicy_strv_pushf(cmds, "%s\t%s\tno neighbor %s route-map %s %s", f.vrf, f.afi,
				    f.nbr, f.rmap, f.dir);
		erpolicy_strv_pushf(&d->refresh, "%s\t%s\t%s", f.vrf, f.afi, f.nbr);
		erpolicy_strv_push(&d->vrfs, f.vrf);
	}
}

/*
 * Maximum-prefix on the intent's neighbors: what the plan sets is sent when bgpd
 * has something else in that slot; a setting the intent dropped is removed if
 * bgpd still has exactly what an earlier pass wanted there (maxpfx_prev).
 * Neighbors not in router bgp are skipped (their bindings carry the warning).
 */
static void diff_maxpfx(struct erpolicy_diff *d, const struct erpolicy_state *want,
			const struct erpolicy_state *have, struct erpolicy_strv *cmds)
{
	for (size_t i = 0; i < want->maxpfx.n; i++) {
		const char *w = want->maxpfx.v[i];
		char buf[512], key[300];
		struct bind_fields f;

		if (erpolicy_strv_has(&have->maxpfx, w))
			continue;
		snprintf(buf, sizeof(buf), "%s", w);
		if (bind_split(buf, &f))
			continue;
		snprintf(key, sizeof(key), "%s\t%s", f.vrf, f.nbr);
		if (!asn_of(have, f.vrf) || !erpolicy_strv_has(&have->nbr, key))
			continue;
		erpolicy_strv_pushf(cmds, "%s\t%s\tneighbor %s %s", f.vrf, f.afi, f.nbr, f.rmap);
		erpolicy_strv_push(&d->vrfs, f.vrf);
	}
	for (size_t i = 0; i < have->maxpfx.n; i++) {
		const char *h = have->maxpfx.v[i];
		char buf[512];
		struct bind_fields f;

		if (bind_find(&want->maxpfx, h) || !erpolicy_strv_has(&want->maxpfx_prev, h))
			continue;
		snprintf(buf, sizeof(buf), "%s", h);
		if (bind_split(buf, &f))
			continue;
		erpolicy_strv_pushf(cmds, "%s\t%s\tno neighbor %s %s", f.vrf, f.afi, f.nbr,
				    !strcmp(f.dir, "in")    ? "maximum-prefix"
				    : !strcmp(f.dir, "out") ? "maximum-prefix-out"
							    : "soft-reconfiguration inbound");
		erpolicy_strv_push(&d->vrfs, f.vrf);
	}
}

/* Wrap "VRF\tAFI\tcommand" lines in their router bgp / address-family context. */
static void emit_bindings(struct erpolicy_diff *d, const struct erpolicy_state *have,
			  struct erpolicy_strv *cmds)
{
	char cur_vrf[64] = "", cur_afi[8] = "";

	erpolicy_strv_sort(cmds);
	for (size_t i = 0; i < cmds->n; i++) {
		char buf[512];
		char *save = NULL;
		char *vrf = strtok_r((snprintf(buf, sizeof(buf), "%s", cmds->v[i]), buf), "\t",
				     &save);
		char *afi = strtok_r(NULL, "\t", &save);
		char *cmd = strtok_r(NULL, "", &save);

		if (!vrf || !afi || !cmd)
			continue;
		if (strcmp(vrf, cur_vrf) != 0 || strcmp(afi, cur_afi) != 0) {
			if (cur_vrf[0]) {
				erpolicy_strv_push(&d->bgpd_bindings, " exit-address-family");
				erpolicy_strv_push(&d->bgpd_bindings, "exit");
			}
			if (strcmp(vrf, "default") == 0)
				erpolicy_strv_pushf(&d->bgpd_bindings, "router bgp %s",
						    asn_of(have, vrf));
			else
				erpolicy_strv_pushf(&d->bgpd_bindings, "router bgp %s vrf %s",
						    asn_of(have, vrf), vrf);
			erpolicy_strv_pushf(&d->bgpd_bindings, " address-family %s unicast", afi);
			snprintf(cur_vrf, sizeof(cur_vrf), "%s", vrf);
			snprintf(cur_afi, sizeof(cur_afi), "%s", afi);
		}
		erpolicy_strv_pushf(&d->bgpd_bindings, "  %s", cmd);
	}
	if (cur_vrf[0]) {
		erpolicy_strv_push(&d->bgpd_bindings, " exit-address-family");
		erpolicy_strv_push(&d->bgpd_bindings, "exit");
	}
}

void erpolicy_diff_compute(struct erpolicy_diff *d, const struct erpolicy_state *want,
			   const struct erpolicy_state *have)
{
	struct erpolicy_strv cmds = {}, want_keys = {};

	memset(d, 0, sizeof(*d));

	for (size_t i = 0; i < want->plist.n; i++)
		if (!erpolicy_strv_has(&have->plist, want->plist.v[i])) {
			erpolicy_strv_push(&d->bgpd_objects, want->plist.v[i]);
			note_vrf(d, want->plist.v[i]);
		}
	diff_rmaps(d, want, have);
	diff_bindings(d, want, have, &cmds);
	diff_maxpfx(d, want, have, &cmds);
	emit_bindings(d, have, &cmds);
	erpolicy_strv_free(&cmds);
	for (size_t i = 0; i < have->plist.n; i++) {
		char key[200];

		if (erpolicy_strv_has(&want->plist, have->plist.v[i]))
			continue;
		/* An entry whose number the plan reuses was replaced by the first batch. */
		if (!plist_key(have->plist.v[i], key, sizeof(key))) {
			if (!want_keys.n && want->plist.n) {
				for (size_t j = 0; j < want->plist.n; j++) {
					char wkey[200];

					if (!plist_key(want->plist.v[j], wkey, sizeof(wkey)))
						erpolicy_strv_push(&want_keys, wkey);
				}
				erpolicy_strv_sort(&want_keys);
			}
			if (erpolicy_strv_has(&want_keys, key))
				continue;
		}
		erpolicy_strv_pushf(&d->bgpd_removals, "no %s", have->plist.v[i]);
		note_vrf(d, have->plist.v[i]);
	}
	erpolicy_strv_free(&want_keys);

	/* A changed object changes what every bound neighbor of its VRF gets. */
	erpolicy_strv_sort(&d->vrfs);
	for (size_t i = 0; i < want->bind.n; i++) {
		char buf[512];
		char key[300];
		struct bind_fields f;

		snprintf(buf, sizeof(buf), "%s", want->bind.v[i]);
		if (bind_split(buf, &f) || !erpolicy_strv_has(&d->vrfs, f.vrf))
			continue;
		snprintf(key, sizeof(key), "%s\t%s", f.vrf, f.nbr);
		if (erpolicy_strv_has(&have->nbr, key))
			erpolicy_strv_pushf(&d->refresh, "%s\t%s\t%s", f.vrf, f.afi, f.nbr);
	}

	for (size_t i = 0; i < want->pin.n; i++)
		if (!erpolicy_strv_has(&have->pin, want->pin.v[i]))
			erpolicy_strv_push(&d->mgmtd, want->pin.v[i]);
	for (size_t i = 0; i < have->pin.n; i++)
		if (!erpolicy_strv_has(&want->pin, have->pin.v[i]))
			erpolicy_strv_pushf(&d->mgmtd, "no %s", have->pin.v[i]);

	/*
	 * RFC 8212 is what keeps require-encryption closed while a neighbor has no
	 * inbound route-map (bgpd restarted without them in frr.conf, until the
	 * repair): without it bgpd takes the Azure prefixes from ExpressRoute.
	 */
	for (size_t i = 0; i < want->strict.n; i++)
		if (erpolicy_strv_has(&have->nopolicy, want->strict.v[i]))
			erpolicy_strv_pushf(&d->warnings,
					    "%s\tmode require-encryption with no bgp ebgp-requires-policy: a neighbor without erpolicyd's route-maps (bgpd restarted, until they are back) accepts the azure-prefixes from ExpressRoute unencrypted",
					    want->strict.v[i]);

	erpolicy_strv_sort(&d->refresh);
	erpolicy_strv_sort(&d->warnings);
}

bool erpolicy_diff_empty(const struct erpolicy_diff *d)
{
	return !d->bgpd_objects.n && !d->bgpd_bindings.n && !d->bgpd_removals.n && !d->mgmtd.n;
}

void erpolicy_diff_free(struct erpolicy_diff *d)
{
	erpolicy_strv_free(&d->bgpd_objects);
	erpolicy_strv_free(&d->bgpd_bindings);
	erpolicy_strv_free(&d->bgpd_removals);
	erpolicy_strv_free(&d->mgmtd);
	erpolicy_strv_free(&d->refresh);
	erpolicy_strv_free(&d->vrfs);
	erpolicy_strv_free(&d->warnings);
}

/* "route-map NAME permit 10..." -> NAME into buf. */
static const char *rmap_entry_name(const char *entry, char *buf, size_t len)
{
	if (sscanf(entry, "route-map %255s", buf) != 1 || len < 256)
		buf[0] = '\0';
	return buf;
}

void erpolicy_diff_bound_missing(const struct erpolicy_state *want,
				 const struct erpolicy_state *have, struct erpolicy_strv *names)
{
	struct erpolicy_strv have_names = {};
	char name[256];

	for (size_t i = 0; i < have->rmap.n; i++)
		erpolicy_strv_push(&have_names,
				   rmap_entry_name(have->rmap.v[i], name, sizeof(name)));
	erpolicy_strv_sort(&have_names);
	for (size_t i = 0; i < want->rmap.n; i++) {
		rmap_entry_name(want->rmap.v[i], name, sizeof(name));
		if (!name[0] || erpolicy_strv_has(&have_names, name))
			continue;
		for (size_t j = 0; j < have->bind.n; j++) {
			const char *rm = strrchr(have->bind.v[j], '\t');

			if (rm && strcmp(rm + 1, name) == 0) {
				erpolicy_strv_push(names, name);
				break;
			}
		}
	}
	erpolicy_strv_sort(names);
	erpolicy_strv_free(&have_names);
}

void erpolicy_diff_hold_rmaps(struct erpolicy_diff *d, const struct erpolicy_strv *held)
{
	struct erpolicy_strv kept = {};
	bool skipping = false;
	char name[256];

	if (!held->n)
		return;
	for (size_t i = 0; i < d->bgpd_objects.n; i++) {
		const char *l = d->bgpd_objects.v[i];

		if (skipping) {
			skipping = strcmp(l, "exit") != 0;
			continue;
		}
		if (starts(l, "route-map ") &&
		    erpolicy_strv_has(held, rmap_entry_name(l, name, sizeof(name)))) {
			skipping = true;
			continue;
		}
		erpolicy_strv_push(&kept, l);
	}
	erpolicy_strv_free(&d->bgpd_objects);
	d->bgpd_objects = kept;
}
