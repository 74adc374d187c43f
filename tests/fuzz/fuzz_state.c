// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the daemon-reply parsers. Input "INTENT\0BGPD\0MGMTD": the intent
 * in text form (as fuzz_intent reads it) gives the plans wanted; BGPD and MGMTD are
 * what bgpd's and mgmtd's `show running-config` would reply. They go through
 * erpolicy_state_parse_bgpd / _parse_mgmtd, erpolicy_state_finish and
 * erpolicy_diff_compute, and the result is checked:
 *  - the parsed state keeps only erpolicyd's objects and is sorted and unique;
 *  - CRLF line ends and trailing blanks do not change what is parsed;
 *  - the diff is deterministic, its commands are single lines that only ever remove
 *    or unbind erpolicyd's own objects, in the router bgp context bgpd has;
 *  - applied to a model of the daemons (prefix-list entries keyed by sequence number,
 *    neighbor route-map slots, static routes), the diff yields what the plans want,
 *    but for the bindings it warns about.
 */

#include <zebra.h>

#include "darr.h"

#include "fuzz_common.h"
#include "strs_util.h"

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The input holds "(null)" itself: then it may be in a command without a NULL printed. */
static bool input_has_null_text;

static void check_line(const char *l, const char *what)
{
	ERPOLICY_FUZZ_ASSERT(!strchr(l, '\n'), "%s: command with a newline: \"%s\"", what, l);
	ERPOLICY_FUZZ_ASSERT(input_has_null_text || !strstr(l, "(null)"),
			     "%s: a NULL string printed into \"%s\"", what, l);
	ERPOLICY_FUZZ_ASSERT(l[0], "%s: empty command", what);
}

/* The first line of a route-map entry. */
static void rmap_header(const char *entry, char *buf, size_t len)
{
	snprintf(buf, len, "%s", entry);
	buf[strcspn(buf, "\n")] = '\0';
}

static bool has_rmap_header(char *const *rmaps, const char *header)
{
	char h[1024];

	for (size_t i = 0; i < darr_len(rmaps); i++) {
		rmap_header(rmaps[i], h, sizeof(h));
		if (strcmp(h, header) == 0)
			return true;
	}
	return false;
}

/*
 * The typed state and diff as text, for the model below: "VRF\tAFI\tNBR\tDIR\tRMAP"
 * bindings, "VRF\tNBR" neighbors, "VRF\tASN" router bgps, "VRF\tAFI\tNBR" refreshes,
 * "VRF\tmessage" warnings.
 */
struct view {
	char **bind, **foreign, **nbr, **asn, **refresh, **warnings;
};

static const char *afi_str(enum erpolicy_afi afi)
{
	return afi == ERPOLICY_AFI_V6 ? "ipv6" : "ipv4";
}

static char **view_binds(const struct erpolicy_sbind *b)
{
	char **out = NULL;
	char nbr[64];

	for (size_t i = 0; i < darr_len(b); i++)
		erpolicy_strs_pushf(out, "%s\t%s\t%s\t%s\t%s", b[i].vrf, afi_str(b[i].b.afi),
				    erpolicy_prefix_str(&b[i].b.nbr, true, nbr, sizeof(nbr)),
				    b[i].b.out ? "out" : "in", b[i].b.rmap);
	erpolicy_strs_sort(out);
	return out;
}

static void view_of(struct view *v, const struct erpolicy_state *st, const struct erpolicy_diff *d)
{
	char nbr[64];

	memset(v, 0, sizeof(*v));
	if (st) {
		v->bind = view_binds(st->bind);
		v->foreign = view_binds(st->foreign);
		for (size_t i = 0; i < darr_len(st->nbr); i++)
			erpolicy_strs_pushf(v->nbr, "%s\t%s", st->nbr[i].vrf,
					    erpolicy_prefix_str(&st->nbr[i].nbr, true, nbr,
								sizeof(nbr)));
		for (size_t i = 0; i < darr_len(st->vrfs); i++)
			if (st->vrfs[i].asn[0])
				erpolicy_strs_pushf(v->asn, "%s\t%s", st->vrfs[i].vrf,
						    st->vrfs[i].asn);
	}
	if (d) {
		for (size_t i = 0; i < darr_len(d->refresh); i++)
			erpolicy_strs_pushf(v->refresh, "%s\t%s\t%s", d->refresh[i].vrf,
					    afi_str(d->refresh[i].afi),
					    erpolicy_prefix_str(&d->refresh[i].nbr, true, nbr,
								sizeof(nbr)));
		for (size_t i = 0; i < darr_len(d->warnings); i++)
			erpolicy_strs_pushf(v->warnings, "%s\t%s", d->warnings[i].vrf,
					    d->warnings[i].msg);
	}
	erpolicy_strs_sort(v->nbr);
	erpolicy_strs_sort(v->asn);
}

static void view_free(struct view *v)
{
	erpolicy_strs_free(v->bind);
	erpolicy_strs_free(v->foreign);
	erpolicy_strs_free(v->nbr);
	erpolicy_strs_free(v->asn);
	erpolicy_strs_free(v->refresh);
	erpolicy_strs_free(v->warnings);
}

/* Each typed array sorted and unique in the diff's order. */
#define CHECK_TYPED_SORTED(arr, cmp, what)                                                        \
	for (size_t i = 1; i < darr_len(arr); i++)                                                \
	ERPOLICY_FUZZ_ASSERT(cmp(&(arr)[i - 1], &(arr)[i]) < 0,                                   \
			     "%s not sorted and unique at %zu", what, i)

static void check_state(const struct erpolicy_state *st)
{
	struct view v;

	erpolicy_fuzz_check_sorted(st->plist, "plist");
	erpolicy_fuzz_check_sorted(st->rmap, "rmap");
	erpolicy_fuzz_check_sorted(st->pin, "pin");
	CHECK_TYPED_SORTED(st->bind, erpolicy_sbind_cmp, "bind");
	CHECK_TYPED_SORTED(st->foreign, erpolicy_sbind_cmp, "foreign");
	CHECK_TYPED_SORTED(st->maxpfx, erpolicy_smaxpfx_cmp, "maxpfx");
	view_of(&v, st, NULL);
	erpolicy_fuzz_check_sorted(v.nbr, "nbr");
	erpolicy_fuzz_check_sorted(v.asn, "asn");
	for (size_t i = 0; i < darr_len(st->plist); i++)
		ERPOLICY_FUZZ_ASSERT(starts(st->plist[i], "ip prefix-list ERPOL-") ||
					     starts(st->plist[i], "ipv6 prefix-list ERPOL-"),
				     "not an owned prefix-list: \"%s\"", st->plist[i]);
	for (size_t i = 0; i < darr_len(st->rmap); i++)
		ERPOLICY_FUZZ_ASSERT(starts(st->rmap[i], "route-map ERPOL-"),
				     "not an owned route-map: \"%s\"", st->rmap[i]);
	for (size_t i = 0; i < darr_len(st->pin); i++)
		ERPOLICY_FUZZ_ASSERT(strstr(st->pin[i], ERPOLICY_PIN_TAG_WORDS) &&
					     (starts(st->pin[i], "ip route ") ||
					      starts(st->pin[i], "ipv6 route ")),
				     "not a pin: \"%s\"", st->pin[i]);
	for (size_t i = 0; i < darr_len(st->bind); i++)
		ERPOLICY_FUZZ_ASSERT(starts(st->bind[i].b.rmap, "ERPOL-"),
				     "not an owned binding: \"%s\"", v.bind[i]);
	for (size_t i = 0; i < darr_len(st->foreign); i++)
		ERPOLICY_FUZZ_ASSERT(!starts(st->foreign[i].b.rmap, "ERPOL-"),
				     "owned binding as foreign: \"%s\"", v.foreign[i]);
	view_free(&v);
}

static bool maxpfx_equal(const struct erpolicy_smaxpfx *a, const struct erpolicy_smaxpfx *b)
{
	if (darr_len(a) != darr_len(b))
		return false;
	for (size_t i = 0; i < darr_len(a); i++)
		if (erpolicy_smaxpfx_cmp(&a[i], &b[i]))
			return false;
	return true;
}

static void check_same_state(const struct erpolicy_state *a, const struct erpolicy_state *b,
			     const char *what)
{
	struct view va, vb;

	view_of(&va, a, NULL);
	view_of(&vb, b, NULL);
	ERPOLICY_FUZZ_ASSERT(strs_equal(a->plist, b->plist) && strs_equal(a->rmap, b->rmap) &&
				     strs_equal(va.bind, vb.bind) && strs_equal(a->pin, b->pin) &&
				     strs_equal(va.nbr, vb.nbr) &&
				     strs_equal(va.foreign, vb.foreign) &&
				     strs_equal(va.asn, vb.asn) &&
				     maxpfx_equal(a->maxpfx, b->maxpfx),
			     "%s changes what is parsed (%zu/%zu plists, %zu/%zu rmaps, %zu/%zu binds, %zu/%zu pins)",
			     what, (size_t)darr_len(a->plist), (size_t)darr_len(b->plist),
			     (size_t)darr_len(a->rmap), (size_t)darr_len(b->rmap),
			     (size_t)darr_len(va.bind), (size_t)darr_len(vb.bind),
			     (size_t)darr_len(a->pin), (size_t)darr_len(b->pin));
	view_free(&va);
	view_free(&vb);
}

static bool diff_equal(const struct erpolicy_diff *a, const struct erpolicy_diff *b)
{
	struct view va, vb;
	bool same;

	view_of(&va, NULL, a);
	view_of(&vb, NULL, b);
	same = strs_equal(a->bgpd_objects, b->bgpd_objects) &&
	       strs_equal(a->bgpd_bindings, b->bgpd_bindings) &&
	       strs_equal(a->bgpd_removals, b->bgpd_removals) && strs_equal(a->mgmtd, b->mgmtd) &&
	       strs_equal(va.refresh, vb.refresh) && strs_equal(a->vrfs, b->vrfs) &&
	       strs_equal(va.warnings, vb.warnings);
	view_free(&va);
	view_free(&vb);
	return same;
}

/* text with "\r\n" line ends and blanks before each line end */
static char *mangle(const char *text)
{
	size_t n = strlen(text), k = 0;
	char *out = malloc(n * 4 + 4);

	if (!out)
		abort();
	for (const char *s = text; *s; s++) {
		if (*s == '\n') {
			memcpy(out + k, " \t\r", 3);
			k += 3;
		}
		out[k++] = *s;
	}
	out[k] = '\0';
	return out;
}

/* ------------------------------------------------------------------ */
/* A model of the daemons applying the diff                            */

static void sv_del(char **sv, size_t i)
{
	XFREE(MTYPE_ERPOLICY_STATE, sv[i]);
	darr_remove(sv, i);
}

/* FRR's northbound keys a prefix-list entry by (type, name, seq). */
static bool plist_key(const char *line, char *buf, size_t len)
{
	char type[8], name[128];
	unsigned long seq;

	if (sscanf(line, "%7s prefix-list %127s seq %lu", type, name, &seq) != 3)
		return false;
	snprintf(buf, len, "%s %s %lu", type, name, seq);
	return true;
}

/* Remove the entries with line's key (or, without a key, line itself). */
static void plist_remove(char **pl, const char *line)
{
	char key[200], k2[200];
	bool keyed = plist_key(line, key, sizeof(key));

	for (size_t i = darr_len(pl); i-- > 0;) {
		if (keyed ? plist_key(pl[i], k2, sizeof(k2)) && strcmp(key, k2) == 0
			  : strcmp(pl[i], line) == 0)
			sv_del(pl, i);
	}
}

/* FRR holds one entry per key: text showing two is not a state bgpd can be in. */
static bool plist_keys_unique(char *const *pl)
{
	char k1[200], k2[200];

	for (size_t i = 0; i < darr_len(pl); i++) {
		if (!plist_key(pl[i], k1, sizeof(k1)))
			continue;
		for (size_t j = i + 1; j < darr_len(pl); j++)
			if (plist_key(pl[j], k2, sizeof(k2)) && strcmp(k1, k2) == 0)
				return false;
	}
	return true;
}

static void model_plists(const struct erpolicy_state *want, const struct erpolicy_state *have,
			 const struct erpolicy_diff *d)
{
	char **pl = NULL;

	if (!plist_keys_unique(have->plist))
		return;
	for (size_t i = 0; i < darr_len(have->plist); i++)
		erpolicy_strs_push(pl, have->plist[i]);
	for (size_t i = 0; i < darr_len(d->bgpd_objects); i++) {
		const char *l = d->bgpd_objects[i];

		if (!starts(l, "ip prefix-list ") && !starts(l, "ipv6 prefix-list "))
			continue;
		plist_remove(pl, l);
		erpolicy_strs_push(pl, l);
	}
	for (size_t i = 0; i < darr_len(d->bgpd_removals); i++) {
		const char *l = d->bgpd_removals[i] + 3;

		if (starts(l, "ip prefix-list ") || starts(l, "ipv6 prefix-list "))
			plist_remove(pl, l);
	}
	erpolicy_strs_sort(pl);
	for (size_t i = 0; i < darr_len(pl) || i < darr_len(want->plist); i++)
		ERPOLICY_FUZZ_ASSERT(i < darr_len(pl) && i < darr_len(want->plist) &&
					     strcmp(pl[i], want->plist[i]) == 0,
				     "prefix-lists after the push differ at %zu: \"%s\" vs wanted \"%s\"",
				     i, i < darr_len(pl) ? pl[i] : "<none>",
				     i < darr_len(want->plist) ? want->plist[i] : "<none>");
	erpolicy_strs_free(pl);
}

static bool slot_of(char *const *sv, const char *slot, size_t *at)
{
	for (size_t i = 0; i < darr_len(sv); i++) {
		if (starts(sv[i], slot)) {
			if (at)
				*at = i;
			return true;
		}
	}
	return false;
}

static bool warned_about(const struct view *dv, const char *vrf, const char *nbr)
{
	char needle[200];
	size_t vlen = strlen(vrf);

	snprintf(needle, sizeof(needle), "neighbor %s ", nbr);
	for (size_t i = 0; i < darr_len(dv->warnings); i++)
		if (strncmp(dv->warnings[i], vrf, vlen) == 0 && dv->warnings[i][vlen] == '\t' &&
		    strstr(dv->warnings[i], needle))
			return true;
	return false;
}

/* The slot "VRF\tAFI\tNBR\tDIR\t" of a binding. */
static void bind_slot(const char *b, char *buf, size_t len)
{
	const char *rm = strrchr(b, '\t');

	snprintf(buf, len, "%.*s", rm ? (int)(rm - b + 1) : 0, b);
}

/* Is the neighbor of binding b ("VRF\tAFI\tNBR\t...") configured in its router bgp? */
static bool bind_nbr_configured(const struct view *have, const char *b)
{
	char buf[512], key[512], *save = NULL, *vrf, *nbr;

	snprintf(buf, sizeof(buf), "%s", b);
	vrf = strtok_r(buf, "\t", &save);
	strtok_r(NULL, "\t", &save);
	nbr = strtok_r(NULL, "\t", &save);
	if (!vrf || !nbr)
		return false;
	snprintf(key, sizeof(key), "%s\t%s", vrf, nbr);
	return erpolicy_strs_has(have->nbr, key);
}

/*
 * What bgpd can hold: one route-map per neighbor slot, route-maps only on configured
 * neighbors, one ASN per VRF. Other text is no state of bgpd's: not modelled.
 */
static bool bgpd_state_possible(const struct view *have)
{
	char **slots = NULL, **vrfs = NULL;
	char buf[512];
	bool ok = true;

	for (size_t i = 0; i < darr_len(have->bind); i++) {
		bind_slot(have->bind[i], buf, sizeof(buf));
		erpolicy_strs_push(slots, buf);
		ok = ok && bind_nbr_configured(have, have->bind[i]);
	}
	for (size_t i = 0; i < darr_len(have->foreign); i++) {
		bind_slot(have->foreign[i], buf, sizeof(buf));
		erpolicy_strs_push(slots, buf);
		ok = ok && bind_nbr_configured(have, have->foreign[i]);
	}
	for (size_t i = 0; i < darr_len(have->asn); i++) {
		snprintf(buf, sizeof(buf), "%s", have->asn[i]);
		buf[strcspn(buf, "\t")] = '\0';
		erpolicy_strs_push(vrfs, buf);
	}
	erpolicy_strs_sort(slots);
	erpolicy_strs_sort(vrfs);
	ok = ok && darr_len(slots) == darr_len(have->bind) + darr_len(have->foreign) &&
	     darr_len(vrfs) == darr_len(have->asn);
	erpolicy_strs_free(slots);
	erpolicy_strs_free(vrfs);
	return ok;
}

static void model_bindings(const struct view *want, const struct view *have,
			   const struct erpolicy_diff *d, const struct view *dv)
{
	char **bind = NULL;
	char vrf[128] = "", afi[16] = "";

	if (!bgpd_state_possible(have))
		return;
	for (size_t i = 0; i < darr_len(have->bind); i++)
		erpolicy_strs_push(bind, have->bind[i]);
	for (size_t i = 0; i < darr_len(d->bgpd_bindings); i++) {
		const char *l = d->bgpd_bindings[i];
		char asn[64], v[128], nbr[128], rm[128], dir[8], slot[512];
		bool no = false;
		size_t at;
		int n;

		if (starts(l, "router bgp ")) {
			ERPOLICY_FUZZ_ASSERT(!vrf[0], "router bgp inside router bgp");
			n = sscanf(l, "router bgp %63s vrf %127s", asn, v);
			ERPOLICY_FUZZ_ASSERT(n >= 1, "bad line \"%s\"", l);
			snprintf(vrf, sizeof(vrf), "%s", n == 2 ? v : "default");
			snprintf(slot, sizeof(slot), "%s\t%s", vrf, asn);
			ERPOLICY_FUZZ_ASSERT(erpolicy_strs_has(have->asn, slot),
					     "\"%s\" is not the router bgp bgpd has for vrf %s", l,
					     vrf);
			continue;
		}
		if (strcmp(l, " address-family ipv4 unicast") == 0 ||
		    strcmp(l, " address-family ipv6 unicast") == 0) {
			ERPOLICY_FUZZ_ASSERT(vrf[0] && !afi[0], "address-family out of context");
			snprintf(afi, sizeof(afi), "%s", l + 16);
			afi[4] = '\0';
			continue;
		}
		if (strcmp(l, " exit-address-family") == 0) {
			ERPOLICY_FUZZ_ASSERT(afi[0], "exit-address-family out of context");
			afi[0] = '\0';
			continue;
		}
		if (strcmp(l, "exit") == 0) {
			ERPOLICY_FUZZ_ASSERT(vrf[0] && !afi[0], "exit out of context");
			vrf[0] = '\0';
			continue;
		}
		ERPOLICY_FUZZ_ASSERT(starts(l, "  "), "unexpected binding line \"%s\"", l);
		l += 2;
		if (starts(l, "no ")) {
			no = true;
			l += 3;
		}
		if (sscanf(l, "neighbor %127s %127s", nbr, rm) == 2 &&
		    (!strcmp(rm, "maximum-prefix") || !strcmp(rm, "maximum-prefix-out") ||
		     !strcmp(rm, "soft-reconfiguration"))) {
			/* maximum-prefix, soft-reconfiguration inbound (a probed vpn-neighbor):
			 * only on a configured neighbor of the intent */
			snprintf(v, sizeof(v), "%s\t%s", vrf, nbr);
			ERPOLICY_FUZZ_ASSERT(vrf[0] && afi[0] && erpolicy_strs_has(have->nbr, v),
					     "%s on neighbor %s not configured in vrf %s", rm, nbr,
					     vrf);
			continue;
		}
		n = sscanf(l, "neighbor %127s route-map %127s %7s", nbr, rm, dir);
		ERPOLICY_FUZZ_ASSERT(n == 3 && vrf[0] && afi[0] &&
					     (!strcmp(dir, "in") || !strcmp(dir, "out")),
				     "unexpected binding line \"%s\"", d->bgpd_bindings[i]);
		ERPOLICY_FUZZ_ASSERT(starts(rm, "ERPOL-"), "binds or unbinds route-map %s", rm);
		snprintf(slot, sizeof(slot), "%s\t%s\t%s\t%s\t", vrf, afi, nbr, dir);
		ERPOLICY_FUZZ_ASSERT(!slot_of(have->foreign, slot, NULL),
				     "\"%s\" replaces the operator's route-map", l);
		if (no) {
			char full[640];

			snprintf(full, sizeof(full), "%s%s", slot, rm);
			ERPOLICY_FUZZ_ASSERT(slot_of(bind, full, &at) &&
						     strcmp(bind[at], full) == 0,
					     "unbinds what is not bound: \"%s\"", full);
			sv_del(bind, at);
		} else {
			snprintf(v, sizeof(v), "%s\t%s", vrf, nbr);
			ERPOLICY_FUZZ_ASSERT(erpolicy_strs_has(have->nbr, v),
					     "binds neighbor %s not configured in vrf %s", nbr,
					     vrf);
			while (slot_of(bind, slot, &at))
				sv_del(bind, at);
			erpolicy_strs_pushf(bind, "%s%s", slot, rm);
		}
	}
	ERPOLICY_FUZZ_ASSERT(!vrf[0] && !afi[0], "binding context left open");
	erpolicy_strs_sort(bind);
	for (size_t i = 0; i < darr_len(bind); i++)
		ERPOLICY_FUZZ_ASSERT(erpolicy_strs_has(want->bind, bind[i]),
				     "binding left that no plan wants: \"%s\"", bind[i]);
	for (size_t i = 0; i < darr_len(want->bind); i++) {
		char buf[512], *save = NULL, *fv, *nbr;

		if (erpolicy_strs_has(bind, want->bind[i]))
			continue;
		snprintf(buf, sizeof(buf), "%s", want->bind[i]);
		fv = strtok_r(buf, "\t", &save);
		strtok_r(NULL, "\t", &save);
		nbr = strtok_r(NULL, "\t", &save);
		ERPOLICY_FUZZ_ASSERT(fv && nbr && warned_about(dv, fv, nbr),
				     "wanted binding \"%s\" neither pushed nor warned about",
				     want->bind[i]);
	}
	erpolicy_strs_free(bind);
}

static void model_pins(const struct erpolicy_state *want, const struct erpolicy_state *have,
		       const struct erpolicy_diff *d)
{
	char **pin = NULL;

	for (size_t i = 0; i < darr_len(have->pin); i++)
		erpolicy_strs_push(pin, have->pin[i]);
	for (size_t i = 0; i < darr_len(d->mgmtd); i++) {
		const char *l = d->mgmtd[i];

		if (starts(l, "no ")) {
			size_t at = darr_len(pin);

			for (size_t j = 0; j < darr_len(pin); j++)
				if (strcmp(pin[j], l + 3) == 0)
					at = j;
			ERPOLICY_FUZZ_ASSERT(at < darr_len(pin),
					     "removes a route it does not have: \"%s\"", l);
			ERPOLICY_FUZZ_ASSERT(strstr(l, ERPOLICY_PIN_TAG_WORDS),
					     "removes a route not its own: \"%s\"", l);
			sv_del(pin, at);
		} else {
			ERPOLICY_FUZZ_ASSERT(erpolicy_strs_has(want->pin, l),
					     "adds an unwanted route \"%s\"", l);
			erpolicy_strs_push(pin, l);
		}
	}
	erpolicy_strs_sort(pin);
	ERPOLICY_FUZZ_ASSERT(strs_equal(pin, want->pin), "pins after the push: %zu, wanted %zu",
			     (size_t)darr_len(pin), (size_t)darr_len(want->pin));
	erpolicy_strs_free(pin);
}

static void check_diff(const struct erpolicy_state *want, const struct erpolicy_state *have,
		       const struct erpolicy_diff *d)
{
	for (size_t i = 0; i < darr_len(d->bgpd_objects); i++) {
		const char *l = d->bgpd_objects[i];

		check_line(l, "bgpd objects");
		if (starts(l, "ip prefix-list ") || starts(l, "ipv6 prefix-list "))
			ERPOLICY_FUZZ_ASSERT(erpolicy_strs_has(want->plist, l),
					     "pushes an unwanted prefix-list entry \"%s\"", l);
		else if (starts(l, "route-map "))
			ERPOLICY_FUZZ_ASSERT(has_rmap_header(want->rmap, l),
					     "opens an unwanted route-map entry \"%s\"", l);
		else
			ERPOLICY_FUZZ_ASSERT(l[0] == ' ' || strcmp(l, "exit") == 0,
					     "unexpected object line \"%s\"", l);
	}
	for (size_t i = 0; i < darr_len(d->bgpd_removals); i++) {
		const char *l = d->bgpd_removals[i];

		check_line(l, "bgpd removals");
		ERPOLICY_FUZZ_ASSERT(starts(l, "no ip prefix-list ERPOL-") ||
					     starts(l, "no ipv6 prefix-list ERPOL-") ||
					     starts(l, "no route-map ERPOL-"),
				     "removes what is not erpolicyd's: \"%s\"", l);
		ERPOLICY_FUZZ_ASSERT(erpolicy_strs_has(have->plist, l + 3) ||
					     has_rmap_header(have->rmap, l + 3),
				     "removes what bgpd does not have: \"%s\"", l);
	}
	for (size_t i = 0; i < darr_len(d->bgpd_bindings); i++)
		check_line(d->bgpd_bindings[i], "bgpd bindings");
	for (size_t i = 0; i < darr_len(d->mgmtd); i++)
		check_line(d->mgmtd[i], "mgmtd");
	{
		struct view wv, hv, dv;

		view_of(&wv, want, NULL);
		view_of(&hv, have, NULL);
		view_of(&dv, NULL, d);
		for (size_t i = 0; i < darr_len(dv.refresh); i++)
			check_line(dv.refresh[i], "refresh");
		model_bindings(&wv, &hv, d, &dv);
		view_free(&wv);
		view_free(&hv);
		view_free(&dv);
	}
	model_plists(want, have, d);
	model_pins(want, have, d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *end = data + size, *p = data, *nul;
	char *sect[3];
	struct erpolicy_fuzz_instances is;
	struct erpolicy_state want, have, have2;
	struct erpolicy_diff d, d2;
	char *m;

	/* "INTENT\0BGPD\0MGMTD" */
	for (int i = 0; i < 3; i++) {
		nul = i < 2 ? memchr(p, '\0', (size_t)(end - p)) : NULL;
		sect[i] = erpolicy_fuzz_strndup(p, (size_t)((nul ? nul : end) - p));
		p = nul ? nul + 1 : end;
	}

	input_has_null_text = memmem(data, size, "(null)", 6) != NULL;
	/* bgpd's answer to `show configuration version json` is read by the same hands. */
	{
		struct erpolicy_cfgver v;

		if (erpolicy_cfgver_parse(sect[1], &v) != 0 && (v.generation || v.version))
			abort(); /* a failed parse leaves nothing behind */
	}
	erpolicy_fuzz_intents(&is, sect[0], false);
	erpolicy_state_init(&want);
	for (size_t j = 0; j < is.n; j++) {
		struct erpolicy_plan *plan;

		if (erpolicy_intent_validate(&is.in[j], NULL, 0) < 0)
			continue;
		plan = erpolicy_compile(&is.in[j]);
		erpolicy_state_add_plan(&want, plan);
		erpolicy_plan_free(plan);
	}
	erpolicy_state_finish(&want);

	erpolicy_state_init(&have);
	erpolicy_state_parse_bgpd(&have, sect[1]);
	erpolicy_state_parse_mgmtd(&have, sect[2]);
	erpolicy_state_finish(&have);
	check_state(&have);

	/* the same replies with CRLF line ends and trailing blanks */
	erpolicy_state_init(&have2);
	m = mangle(sect[1]);
	erpolicy_state_parse_bgpd(&have2, m);
	free(m);
	m = mangle(sect[2]);
	erpolicy_state_parse_mgmtd(&have2, m);
	free(m);
	erpolicy_state_finish(&have2);
	check_same_state(&have, &have2, "CRLF and trailing blanks");
	erpolicy_state_free(&have2);

	erpolicy_diff_compute(&d, &want, &have);
	erpolicy_diff_compute(&d2, &want, &have);
	ERPOLICY_FUZZ_ASSERT(diff_equal(&d, &d2), "computing the diff twice differs");
	check_diff(&want, &have, &d);
	erpolicy_diff_free(&d2);
	erpolicy_diff_free(&d);

	erpolicy_state_free(&have);
	erpolicy_state_free(&want);
	erpolicy_fuzz_instances_free(&is);
	for (int i = 0; i < 3; i++)
		free(sect[i]);
	return 0;
}
