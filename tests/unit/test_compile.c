// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the erpolicyd compiler and renderer: golden files plus table-driven properties. */

#include <zebra.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "erpolicy_compile.h"
#include "intent_text.h"
#include "test_check.h"

#define TEST_ASN 65501


/* ------------------------------------------------------------------ */
/* Intent in its CLI form (DESIGN section 2)                            */

/*
 * Apply one line: "ITEM VALUE", "no ITEM VALUE", "mode M",
 * "local-preference vpn|expressroute N", "vrf NAME"; blank lines and "!" comments
 * are skipped. 0 ok, -1 with errmsg.
 */
static int apply_line(struct erpolicy_intent *in, const char *line, char *errmsg, size_t errlen)
{
	return erpolicy_test_line(in, line, errmsg, errlen);
}

static int apply_lines(struct erpolicy_intent *in, const char *const *lines, size_t n,
		       char *errmsg, size_t errlen)
{
	for (size_t i = 0; i < n && lines[i]; i++)
		if (apply_line(in, lines[i], errmsg, errlen) < 0)
			return -1;
	return 0;
}

static char *render_intent(const struct erpolicy_intent *in)
{
	struct erpolicy_plan *plan = erpolicy_compile(in);
	char *text = erpolicy_render_plan(plan, TEST_ASN);

	erpolicy_plan_free(plan);
	return text;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int c;

	if (!f)
		return NULL;
	while ((c = fgetc(f)) != EOF) {
		if (len + 2 > cap) {
			cap = cap ? cap * 2 : 4096;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		buf[len++] = (char)c;
	}
	fclose(f);
	if (!buf) {
		buf = malloc(1);
		if (!buf)
			abort();
	}
	buf[len] = '\0';
	return buf;
}

/* Split text into lines (modifies text). Returns the count; *out is malloc'd. */
static size_t split_lines(char *text, char ***out)
{
	size_t n = 0, cap = 16;
	char **v = malloc(cap * sizeof(*v));

	if (!v)
		abort();
	for (char *s = text; *s;) {
		char *nl = strchr(s, '\n');

		if (n == cap) {
			cap *= 2;
			v = realloc(v, cap * sizeof(*v));
			if (!v)
				abort();
		}
		v[n++] = s;
		if (!nl)
			break;
		*nl = '\0';
		s = nl + 1;
	}
	*out = v;
	return n;
}

/* ------------------------------------------------------------------ */
/* Rendered text as a set of statements                                 */

/*
 * Each line with its enclosing context ("route-map X permit 10 | match ..."), block
 * terminators dropped, so that a rendering becomes a set of unique statements.
 */
struct stmts {
	char **v;
	size_t n;
};

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void stmts_from_text(struct stmts *st, const char *text)
{
	char *copy = strdup(text), **lines;
	char ctx1[256] = "", ctx2[256] = "";
	size_t n;

	if (!copy)
		abort();
	n = split_lines(copy, &lines);
	st->v = calloc(n ? n : 1, sizeof(char *));
	st->n = 0;
	if (!st->v)
		abort();
	for (size_t i = 0; i < n; i++) {
		const char *l = lines[i];
		char buf[1024];

		if (strcmp(l, "exit") == 0) {
			ctx1[0] = ctx2[0] = '\0';
			continue;
		}
		if (strcmp(l, " exit-address-family") == 0) {
			ctx2[0] = '\0';
			continue;
		}
		if (!*l)
			continue;
		snprintf(buf, sizeof(buf), "%s | %s | %s", ctx1, ctx2, l);
		st->v[st->n] = strdup(buf);
		if (!st->v[st->n])
			abort();
		st->n++;
		if (strncmp(l, "route-map ", 10) == 0 || strncmp(l, "router bgp", 10) == 0)
			snprintf(ctx1, sizeof(ctx1), "%s", l);
		else if (strncmp(l, " address-family ", 16) == 0)
			snprintf(ctx2, sizeof(ctx2), "%s", l);
	}
	qsort(st->v, st->n, sizeof(char *), str_cmp);
	free(lines);
	free(copy);
}

static void stmts_free(struct stmts *st)
{
	for (size_t i = 0; i < st->n; i++)
		free(st->v[i]);
	free(st->v);
}

static bool stmts_unique(const struct stmts *st)
{
	for (size_t i = 1; i < st->n; i++)
		if (strcmp(st->v[i - 1], st->v[i]) == 0)
			return false;
	return true;
}

/* Statements of a not in b, into out (pointers into a). */
static size_t stmts_minus(const struct stmts *a, const struct stmts *b, const char **out,
			  size_t max)
{
	size_t i = 0, j = 0, n = 0;

	while (i < a->n) {
		int r = j < b->n ? strcmp(a->v[i], b->v[j]) : -1;

		if (r < 0) {
			if (n < max)
				out[n] = a->v[i];
			n++;
			i++;
		} else if (r > 0) {
			j++;
		} else {
			i++;
			j++;
		}
	}
	return n;
}

static size_t count_lines(const char *text)
{
	size_t n = 0;

	for (; *text; text++)
		if (*text == '\n')
			n++;
	return n;
}

/* ------------------------------------------------------------------ */
/* Golden files: golden/NAME.in -> golden/NAME.ok                      */

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_golden_one(const char *dir, const char *name, bool write)
{
	char path[1024], err[512] = "", what[300];
	struct erpolicy_intent in, rev;
	char *src, *src2, *text, *text2, *textrev, *ok, **lines;
	size_t n;
	int rc = 0;

	snprintf(what, sizeof(what), "golden %s", name);
	snprintf(path, sizeof(path), "%s/%s.in", dir, name);
	src = read_file(path);
	if (!src) {
		check(false, what, "cannot read .in");
		return;
	}
	src2 = strdup(src);
	if (!src2)
		abort();
	n = split_lines(src, &lines);

	erpolicy_intent_init(&in, "default");
	erpolicy_intent_init(&rev, "default");
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = apply_line(&in, lines[i], err, sizeof(err));
	/* the same lines in reverse order must give the same intent */
	for (size_t i = n; i > 0 && rc == 0; i--)
		rc = apply_line(&rev, lines[i - 1], err, sizeof(err));
	check(rc == 0, what, err);
	if (rc == 0) {
		rc = erpolicy_intent_validate(&in, err, sizeof(err));
		check(rc == 0, what, err);
	}

	text = render_intent(&in);
	text2 = render_intent(&in);
	textrev = render_intent(&rev);
	check(strcmp(text, text2) == 0, what, "compiling twice differs");
	check(strcmp(text, textrev) == 0, what, "line order of the intent changes the output");

	snprintf(path, sizeof(path), "%s/%s.ok", dir, name);
	if (write) {
		FILE *f = fopen(path, "w");

		if (!f || fputs(text, f) < 0 || fclose(f) != 0)
			check(false, what, "cannot write .ok");
		else
			printf("wrote %s\n", path);
	}
	ok = read_file(path);
	if (!ok) {
		check(false, what, "missing .ok (make golden-update, then review it)");
	} else if (strcmp(ok, text) != 0) {
		char **la, **lb;
		char *ca = strdup(ok), *cb = strdup(text);
		size_t na, nb, i;
		char detail[1200];

		if (!ca || !cb)
			abort();
		na = split_lines(ca, &la);
		nb = split_lines(cb, &lb);
		for (i = 0; i < na && i < nb && strcmp(la[i], lb[i]) == 0; i++)
			;
		snprintf(detail, sizeof(detail), "line %zu: expected \"%s\", got \"%s\"", i + 1,
			 i < na ? la[i] : "<eof>", i < nb ? lb[i] : "<eof>");
		check(false, what, detail);
		free(la);
		free(lb);
		free(ca);
		free(cb);
	} else {
		struct stmts st;

		stmts_from_text(&st, text);
		check(stmts_unique(&st), what, "rendered statements are not unique");
		stmts_free(&st);
	}

	free(ok);
	XFREE(MTYPE_ERPOLICY_CONFIG_TEXT, text);
	XFREE(MTYPE_ERPOLICY_CONFIG_TEXT, text2);
	XFREE(MTYPE_ERPOLICY_CONFIG_TEXT, textrev);
	free(lines);
	free(src);
	free(src2);
	erpolicy_intent_fini(&in);
	erpolicy_intent_fini(&rev);
}

static void run_golden(const char *dir, bool write)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (!d) {
		check(false, "golden", "cannot open golden directory");
		return;
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len < 4 || strcmp(de->d_name + len - 3, ".in") != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = realloc(names, cap * sizeof(*names));
			if (!names)
				abort();
		}
		names[n] = strndup(de->d_name, len - 3);
		if (!names[n])
			abort();
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), name_cmp);
	check(n >= 10, "golden", "fewer golden cases than expected");
	for (size_t i = 0; i < n; i++) {
		run_golden_one(dir, names[i], write);
		free(names[i]);
	}
	free(names);
}

/* ------------------------------------------------------------------ */
/* Table: removing one item removes exactly what it produced            */

#define SEED_V4                                                                                   \
	"azure-prefix 10.64.0.0/23", "azure-prefix 172.16.0.0/16", "gateway-subnet 10.64.0.0/26", \
		"expressroute-neighbor 192.168.100.2", "vpn-neighbor 169.254.21.2",               \
		"vpn-neighbor 169.254.22.2", "tunnel-endpoint 10.10.10.1/32",                     \
		"onprem-prefix 10.1.0.0/16", "expressroute-fallback 10.0.0.0/8"

#define SEED_V6                                                                                   \
	"azure-prefix 2001:db8:64::/48", "azure-prefix 2001:db8:172::/48",                        \
		"gateway-subnet 2001:db8:64::/64", "expressroute-neighbor 2001:db8:100::2",       \
		"vpn-neighbor fd00:21::2", "tunnel-endpoint 2001:db8:10::1/128",                  \
		"onprem-prefix 2001:db8:1::/48", "expressroute-fallback 2001:db8::/32"

struct removal_case {
	const char *base[12];
	const char *remove; /* a "no ..." line */
	/* each pattern must match exactly one removed (resp. added) statement, and
	 * every removed (added) statement must be matched */
	const char *removed[8];
	const char *added[4];
};

static const struct removal_case removal_cases[] = {
	{ { SEED_V4 },
	  "no azure-prefix 172.16.0.0/16",
	  { "ip prefix-list ERPOL-AZURE-V4 seq 1375728542 permit 172.16.0.0/16 le 32" },
	  {} },
	/* the hub covers the GatewaySubnet: its pin goes with it */
	{ { SEED_V4 },
	  "no azure-prefix 10.64.0.0/23",
	  { "permit 10.64.0.0/23 le 32", "| ip route 10.64.0.0/26 192.168.100.2 tag 4242" },
	  {} },
	{ { SEED_V4 },
	  "no gateway-subnet 10.64.0.0/26",
	  { "permit 10.64.0.0/26 le 32", "|  | route-map ERPOL-VPN-IN-V4 deny 10",
	    "route-map ERPOL-VPN-IN-V4 deny 10 |  |  match ip address prefix-list ERPOL-GWSUBNET-V4",
	    "|  | route-map ERPOL-ER-IN-V4 permit 10",
	    "route-map ERPOL-ER-IN-V4 permit 10 |  |  match ip address prefix-list ERPOL-GWSUBNET-V4",
	    "| ip route 10.64.0.0/26 192.168.100.2 tag 4242" },
	  {} },
	{ { SEED_V4 },
	  "no expressroute-neighbor 192.168.100.2",
	  { "neighbor 192.168.100.2 route-map ERPOL-ER-IN-V4 in",
	    "neighbor 192.168.100.2 route-map ERPOL-ER-OUT-V4 out",
	    "| ip route 10.64.0.0/26 192.168.100.2 tag 4242" },
	  { "! warning: gateway-subnet 10.64.0.0/26 is covered by azure-prefix 10.64.0.0/23 but there is no IPv4 expressroute-neighbor to pin it via" } },
	{ { SEED_V4 },
	  "no vpn-neighbor 169.254.22.2",
	  { "neighbor 169.254.22.2 route-map ERPOL-VPN-IN-V4 in",
	    "neighbor 169.254.22.2 route-map ERPOL-VPN-OUT-V4 out",
	    "neighbor 169.254.22.2 soft-reconfiguration inbound" },
	  {} },
	{ { SEED_V4 },
	  "no tunnel-endpoint 10.10.10.1/32",
	  { "ip prefix-list ERPOL-TUNNEL-EP-V4 seq ", "|  | route-map ERPOL-ER-OUT-V4 permit 10",
	    "route-map ERPOL-ER-OUT-V4 permit 10 |  |  match ip address prefix-list ERPOL-TUNNEL-EP-V4",
	    "|  | route-map ERPOL-VPN-OUT-V4 deny 10",
	    "route-map ERPOL-VPN-OUT-V4 deny 10 |  |  match ip address prefix-list ERPOL-TUNNEL-EP-V4" },
	  {} },
	{ { SEED_V4 },
	  "no onprem-prefix 10.1.0.0/16",
	  { "ip prefix-list ERPOL-ONPREM-V4 seq ", "|  | route-map ERPOL-VPN-OUT-V4 permit 20",
	    "route-map ERPOL-VPN-OUT-V4 permit 20 |  |  match ip address prefix-list ERPOL-ONPREM-V4" },
	  {} },
	{ { SEED_V4 },
	  "no expressroute-fallback 10.0.0.0/8",
	  { "ip prefix-list ERPOL-FALLBACK-V4 seq ", "|  | route-map ERPOL-ER-OUT-V4 permit 20",
	    "route-map ERPOL-ER-OUT-V4 permit 20 |  |  match ip address prefix-list ERPOL-FALLBACK-V4" },
	  {} },
	/* IPv6 */
	{ { SEED_V6 },
	  "no azure-prefix 2001:db8:172::/48",
	  { "permit 2001:db8:172::/48 le 128" },
	  {} },
	{ { SEED_V6 },
	  "no gateway-subnet 2001:db8:64::/64",
	  { "ipv6 prefix-list ERPOL-GWSUBNET-V6 seq ", "|  | route-map ERPOL-VPN-IN-V6 deny 10",
	    "route-map ERPOL-VPN-IN-V6 deny 10 |  |  match ipv6 address prefix-list ERPOL-GWSUBNET-V6",
	    "|  | route-map ERPOL-ER-IN-V6 permit 10",
	    "route-map ERPOL-ER-IN-V6 permit 10 |  |  match ipv6 address prefix-list ERPOL-GWSUBNET-V6",
	    "| ipv6 route 2001:db8:64::/64 2001:db8:100::2 tag 4242" },
	  {} },
	{ { SEED_V6 },
	  "no expressroute-neighbor 2001:db8:100::2",
	  { "neighbor 2001:db8:100::2 route-map ERPOL-ER-IN-V6 in",
	    "neighbor 2001:db8:100::2 route-map ERPOL-ER-OUT-V6 out",
	    "| ipv6 route 2001:db8:64::/64 2001:db8:100::2 tag 4242" },
	  { "no IPv6 expressroute-neighbor to pin it via" } },
	{ { SEED_V6 },
	  "no tunnel-endpoint 2001:db8:10::1/128",
	  { "ipv6 prefix-list ERPOL-TUNNEL-EP-V6 seq ", "|  | route-map ERPOL-ER-OUT-V6 permit 10",
	    "ERPOL-ER-OUT-V6 permit 10 |  |  match ipv6 address prefix-list ERPOL-TUNNEL-EP-V6",
	    "|  | route-map ERPOL-VPN-OUT-V6 deny 10",
	    "ERPOL-VPN-OUT-V6 deny 10 |  |  match ipv6 address prefix-list ERPOL-TUNNEL-EP-V6" },
	  {} },
	{ { SEED_V6 },
	  "no onprem-prefix 2001:db8:1::/48",
	  { "ipv6 prefix-list ERPOL-ONPREM-V6 seq ", "|  | route-map ERPOL-VPN-OUT-V6 permit 20",
	    "ERPOL-VPN-OUT-V6 permit 20 |  |  match ipv6 address prefix-list ERPOL-ONPREM-V6" },
	  {} },
	{ { SEED_V6 },
	  "no expressroute-fallback 2001:db8::/32",
	  { "ipv6 prefix-list ERPOL-FALLBACK-V6 seq ", "|  | route-map ERPOL-ER-OUT-V6 permit 20",
	    "ERPOL-ER-OUT-V6 permit 20 |  |  match ipv6 address prefix-list ERPOL-FALLBACK-V6" },
	  {} },
	/* the last VPN neighbor: its bindings go, and the route-maps nobody else needs stay
	 * only while they still match something */
	{ { "vpn-neighbor 169.254.21.2" },
	  "no vpn-neighbor 169.254.21.2",
	  { "|  | route-map ERPOL-VPN-IN-V4 deny 10", "|  | route-map ERPOL-VPN-OUT-V4 deny 10",
	    "|  | route-map ERPOL-VPN-DOWN-V4 deny 10", "|  | router bgp 65501",
	    "router bgp 65501 |  |  address-family ipv4 unicast",
	    "neighbor 169.254.21.2 route-map ERPOL-VPN-IN-V4 in",
	    "neighbor 169.254.21.2 route-map ERPOL-VPN-OUT-V4 out",
	    "neighbor 169.254.21.2 soft-reconfiguration inbound" },
	  {} },
};

/* Each pattern matches exactly one of stmts[0..n), and each statement is matched. */
static void check_patterns(const char *what, const char *kind, const char *const *pats,
			   size_t npats, const char *const *stmts, size_t n)
{
	char detail[1200];
	size_t np = 0;

	while (np < npats && pats[np])
		np++;
	if (np != n) {
		snprintf(detail, sizeof(detail), "%zu statements %s, expected %zu", n, kind, np);
		check(false, what, detail);
		for (size_t i = 0; i < n; i++)
			printf("    %s: %s\n", kind, stmts[i]);
		return;
	}
	for (size_t p = 0; p < np; p++) {
		size_t hits = 0;

		for (size_t i = 0; i < n; i++)
			if (strstr(stmts[i], pats[p]))
				hits++;
		snprintf(detail, sizeof(detail), "pattern \"%s\" matched %zu %s statements",
			 pats[p], hits, kind);
		check(hits == 1, what, detail);
	}
}

static void run_removals(void)
{
	for (size_t c = 0; c < sizeof(removal_cases) / sizeof(removal_cases[0]); c++) {
		const struct removal_case *rc = &removal_cases[c];
		struct erpolicy_intent in;
		struct stmts before, after;
		const char *removed[32], *added[32];
		size_t nr, na;
		char err[512] = "", what[160];
		char *t1, *t2;

		snprintf(what, sizeof(what), "removal %zu (%s)", c, rc->remove);
		erpolicy_intent_init(&in, "default");
		if (apply_lines(&in, rc->base, 12, err, sizeof(err)) < 0 ||
		    erpolicy_intent_validate(&in, err, sizeof(err)) < 0) {
			check(false, what, err);
			erpolicy_intent_fini(&in);
			continue;
		}
		t1 = render_intent(&in);
		if (apply_line(&in, rc->remove, err, sizeof(err)) < 0)
			check(false, what, err);
		t2 = render_intent(&in);
		stmts_from_text(&before, t1);
		stmts_from_text(&after, t2);
		nr = stmts_minus(&before, &after, removed, 32);
		na = stmts_minus(&after, &before, added, 32);
		check_patterns(what, "removed", rc->removed, 8, removed, nr < 32 ? nr : 32);
		check_patterns(what, "added", rc->added, 4, added, na < 32 ? na : 32);
		stmts_free(&before);
		stmts_free(&after);
		XFREE(MTYPE_ERPOLICY_CONFIG_TEXT, t1);
		XFREE(MTYPE_ERPOLICY_CONFIG_TEXT, t2);
		erpolicy_intent_fini(&in);
	}
}

/* ------------------------------------------------------------------ */
/* Diff property: adding or removing one prefix changes exactly one line */

static uint64_t rng_state;

static uint32_t rng(void)
{
	/* xorshift64*: deterministic across runs and platforms */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

/* A random prefix inside base/baselen with a length in [minlen, maxlen]. */
static void random_prefix(char *buf, size_t len, bool v6, unsigned int minlen, unsigned int maxlen)
{
	unsigned int plen = minlen + rng() % (maxlen - minlen + 1);
	union erpolicy_prefix p = {};
	char err[128];

	if (v6) {
		/* inside 2001:db8:a000::/36 */
		p.family = AF_INET6;
		for (int i = 0; i < 16; i++)
			p.u.val[i] = (uint8_t)rng();
		p.u.val[0] = 0x20;
		p.u.val[1] = 0x01;
		p.u.val[2] = 0x0d;
		p.u.val[3] = 0xb8;
		p.u.val[4] = (uint8_t)(0xa0 | (p.u.val[4] & 0x0f));
	} else {
		/* inside 100.64.0.0/10 */
		uint32_t a = rng();

		p.family = AF_INET;
		p.u.val[0] = 100;
		p.u.val[1] = (uint8_t)(64 | (a & 0x3f));
		p.u.val[2] = (uint8_t)(a >> 8);
		p.u.val[3] = (uint8_t)(a >> 16);
	}
	p.prefixlen = (uint8_t)plen;
	/* clear the host bits */
	for (unsigned int i = 0, bits = plen; i < 16; i++) {
		if (bits >= 8) {
			bits -= 8;
			continue;
		}
		p.u.val[i] &= (uint8_t)(0xff << (8 - bits));
		bits = 0;
	}
	erpolicy_prefix_str(&p, false, buf, len);
	if (erpolicy_prefix_parse(buf, false, &p, err, sizeof(err)) < 0)
		abort();
}

struct diff_kind {
	enum erpolicy_item item;
	bool v6;
	unsigned int minlen, maxlen;
};

static const struct diff_kind diff_kinds[] = {
	{ ERPOLICY_ITEM_AZURE_PREFIX, false, 12, 32 },
	{ ERPOLICY_ITEM_AZURE_PREFIX, true, 40, 128 },
	{ ERPOLICY_ITEM_ONPREM_PREFIX, false, 12, 32 },
	{ ERPOLICY_ITEM_ONPREM_PREFIX, true, 40, 128 },
	{ ERPOLICY_ITEM_TUNNEL_ENDPOINT, false, 32, 32 },
	{ ERPOLICY_ITEM_TUNNEL_ENDPOINT, true, 128, 128 },
	{ ERPOLICY_ITEM_ER_FALLBACK, false, 10, 24 },
	{ ERPOLICY_ITEM_ER_FALLBACK, true, 36, 64 },
	/* outside every azure-prefix: no pin */
	{ ERPOLICY_ITEM_GATEWAY_SUBNET, false, 16, 27 },
	{ ERPOLICY_ITEM_GATEWAY_SUBNET, true, 40, 64 },
};

static const size_t diff_sizes[] = { 1, 2, 10, 100, 1000 };

/* neighbors only: every route-map is bound, and no pin depends on the random prefixes */
static const char *const diff_base[] = {
	"expressroute-neighbor 192.168.100.2",
	"vpn-neighbor 169.254.21.2",
	"expressroute-neighbor 2001:db8:100::2",
	"vpn-neighbor fd00:21::2",
};

static size_t count_family_items(const struct erpolicy_list *l, bool v6)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++)
		if ((l->v[i].family == AF_INET6) == v6)
			n++;
	return n;
}

/* a and b differ by exactly one line, present in `longer` only */
static void check_one_line(const char *what, const char *shorter, const char *longer)
{
	struct stmts s1, s2;
	const char *extra[4];
	char detail[256];
	size_t n_missing, n_extra;

	stmts_from_text(&s1, shorter);
	stmts_from_text(&s2, longer);
	n_extra = stmts_minus(&s2, &s1, extra, 4);
	n_missing = stmts_minus(&s1, &s2, extra, 0);
	snprintf(detail, sizeof(detail), "%zu lines vs %zu; %zu statements extra, %zu missing",
		 count_lines(shorter), count_lines(longer), n_extra, n_missing);
	check(count_lines(longer) == count_lines(shorter) + 1 && n_extra == 1 && n_missing == 0,
	      what, detail);
	stmts_free(&s1);
	stmts_free(&s2);
}

static void run_diff_property(void)
{
	rng_state = 0x9e3779b97f4a7c15ULL;
	for (size_t k = 0; k < sizeof(diff_kinds) / sizeof(diff_kinds[0]); k++) {
		const struct diff_kind *dk = &diff_kinds[k];

		for (size_t s = 0; s < sizeof(diff_sizes) / sizeof(diff_sizes[0]); s++) {
			struct erpolicy_intent in;
			struct erpolicy_list *l = &in.items[dk->item];
			char buf[64], err[256], what[160];
			union erpolicy_prefix victim;
			char *t0, *t1, *t2;
			size_t before;

			snprintf(what, sizeof(what), "diff %s %s n=%zu",
				 erpolicy_item_name(dk->item), dk->v6 ? "v6" : "v4", diff_sizes[s]);
			erpolicy_intent_init(&in, "default");
			apply_lines(&in, diff_base, sizeof(diff_base) / sizeof(diff_base[0]), err,
				    sizeof(err));
			while (count_family_items(l, dk->v6) < diff_sizes[s]) {
				random_prefix(buf, sizeof(buf), dk->v6, dk->minlen, dk->maxlen);
				erpolicy_intent_add(&in, dk->item, buf, err, sizeof(err));
			}
			t0 = render_intent(&in);

			/* add one more */
			before = l->n;
			while (l->n == before) {
				random_prefix(buf, sizeof(buf), dk->v6, dk->minlen, dk->maxlen);
				erpolicy_intent_add(&in, dk->item, buf, err, sizeof(err));
			}
			t1 = render_intent(&in);
			check_one_line(what, t0, t1);

			/* remove one (not the one just added) */
			do {
				victim = l->v[rng() % l->n];
				erpolicy_prefix_str(&victim, false, err, sizeof(err));
			} while (strcmp(err, buf) == 0 || (victim.family == AF_INET6) != dk->v6);
			erpolicy_intent_del(&in, dk->item, &victim);
			t2 = render_intent(&in);
			check_one_line(what, t2, t1);

			XFREE(MTYPE_ERPOLICY_CONFIG_TEXT, t0);
			XFREE(MTYPE_ERPOLICY_CONFIG_TEXT, t1);
			XFREE(MTYPE_ERPOLICY_CONFIG_TEXT, t2);
			erpolicy_intent_fini(&in);
		}
	}
}

/* ------------------------------------------------------------------ */
/* Names and single lines                                               */

static void run_render_checks(void)
{
	struct erpolicy_plist pl = {};
	struct erpolicy_plist_entry e = {};
	struct erpolicy_pin pin = {};
	char buf[256], err[128];

	erpolicy_object_name(buf, sizeof(buf), "default", "VPN-IN", ERPOLICY_AFI_V4);
	check(strcmp(buf, "ERPOL-VPN-IN-V4") == 0, "object name default", buf);
	erpolicy_object_name(buf, sizeof(buf), "blue", "AZURE", ERPOLICY_AFI_V6);
	check(strcmp(buf, "ERPOL-AZURE-V6-VRF-blue") == 0, "object name vrf", buf);

	snprintf(pl.name, sizeof(pl.name), "ERPOL-AZURE-V6");
	pl.afi = ERPOLICY_AFI_V6;
	e.seq = 4294967295u;
	e.permit = true;
	e.le = 128;
	erpolicy_prefix_parse("2001:db8:64::/48", false, &e.pfx, err, sizeof(err));
	erpolicy_render_plist_entry(buf, sizeof(buf), &pl, &e);
	check(strcmp(buf,
		     "ipv6 prefix-list ERPOL-AZURE-V6 seq 4294967295 permit 2001:db8:64::/48 le 128") ==
		      0,
	      "render plist entry", buf);

	erpolicy_prefix_parse("10.64.0.0/26", false, &pin.pfx, err, sizeof(err));
	erpolicy_prefix_parse("192.168.100.2", true, &pin.nh, err, sizeof(err));
	erpolicy_render_pin(buf, sizeof(buf), "default", &pin);
	check(strcmp(buf, "ip route 10.64.0.0/26 192.168.100.2 tag 4242") == 0, "render pin", buf);
	erpolicy_render_pin(buf, sizeof(buf), "blue", &pin);
	check(strcmp(buf, "ip route 10.64.0.0/26 192.168.100.2 tag 4242 vrf blue") == 0,
	      "render pin vrf", buf);

	{
		struct erpolicy_rmap rm = {};
		struct erpolicy_binding b = {};

		snprintf(rm.name, sizeof(rm.name), "ERPOL-VPN-IN-V6");
		rm.afi = ERPOLICY_AFI_V6;
		rm.e[0].seq = 20;
		rm.e[0].permit = true;
		snprintf(rm.e[0].match_plist, sizeof(rm.e[0].match_plist), "ERPOL-AZURE-V6");
		rm.e[0].set_lp = true;
		rm.e[0].lp = 4294967295u;
		rm.n = 1;
		erpolicy_render_rmap_entry(buf, sizeof(buf), &rm, &rm.e[0]);
		check(strcmp(buf, "route-map ERPOL-VPN-IN-V6 permit 20\n"
				  " match ipv6 address prefix-list ERPOL-AZURE-V6\n"
				  " set local-preference 4294967295") == 0,
		      "render rmap entry", buf);
		rm.e[0].permit = false;
		rm.e[0].match_plist[0] = '\0';
		rm.e[0].set_lp = false;
		erpolicy_render_rmap_entry(buf, sizeof(buf), &rm, &rm.e[0]);
		check(strcmp(buf, "route-map ERPOL-VPN-IN-V6 deny 20") == 0,
		      "render rmap entry bare", buf);

		erpolicy_prefix_parse("fd00:21::2", true, &b.nbr, err, sizeof(err));
		b.afi = ERPOLICY_AFI_V6;
		b.out = true;
		snprintf(b.rmap, sizeof(b.rmap), "ERPOL-VPN-OUT-V6");
		erpolicy_render_binding(buf, sizeof(buf), &b);
		check(strcmp(buf, "neighbor fd00:21::2 route-map ERPOL-VPN-OUT-V6 out") == 0,
		      "render binding", buf);
	}

	/* asn 0: no ASN */
	{
		struct erpolicy_intent in;
		struct erpolicy_plan *plan;
		char *t;

		erpolicy_intent_init(&in, "default");
		erpolicy_intent_add(&in, ERPOLICY_ITEM_VPN_NEIGHBOR, "169.254.21.2", err,
				    sizeof(err));
		plan = erpolicy_compile(&in);
		t = erpolicy_render_plan(plan, 0);
		check(strstr(t, "\nrouter bgp\n address-family ipv4 unicast\n") != NULL,
		      "render asn 0", t);
		XFREE(MTYPE_ERPOLICY_CONFIG_TEXT, t);
		erpolicy_plan_free(plan);
		erpolicy_intent_fini(&in);
	}
}

/* Sequence numbers: stable per prefix, independent of the rest of the list. */
static void run_seq_checks(void)
{
	struct erpolicy_intent a, b;
	struct erpolicy_plan *pa, *pb;
	char err[128];
	uint32_t sa = 0, sb = 0;

	erpolicy_intent_init(&a, "default");
	erpolicy_intent_init(&b, "default");
	erpolicy_intent_add(&a, ERPOLICY_ITEM_ONPREM_PREFIX, "10.1.0.0/16", err, sizeof(err));
	erpolicy_intent_add(&b, ERPOLICY_ITEM_ONPREM_PREFIX, "10.2.0.0/16", err, sizeof(err));
	erpolicy_intent_add(&b, ERPOLICY_ITEM_ONPREM_PREFIX, "10.1.0.0/16", err, sizeof(err));
	erpolicy_intent_add(&b, ERPOLICY_ITEM_ONPREM_PREFIX, "10.0.0.0/16", err, sizeof(err));
	pa = erpolicy_compile(&a);
	pb = erpolicy_compile(&b);
	check(pa->n_plists == 1 && pb->n_plists == 1 && pb->plists[0].n == 3, "seq lists", "");
	if (pa->n_plists == 1 && pb->n_plists == 1) {
		sa = pa->plists[0].e[0].seq;
		for (size_t i = 0; i < pb->plists[0].n; i++)
			if (erpolicy_prefix_cmp(&pb->plists[0].e[i].pfx,
						&pa->plists[0].e[0].pfx) == 0)
				sb = pb->plists[0].e[i].seq;
		check(sa != 0 && sa == sb, "seq stable", "10.1.0.0/16 changed seq");
		for (size_t i = 1; i < pb->plists[0].n; i++)
			check(pb->plists[0].e[i - 1].seq < pb->plists[0].e[i].seq, "seq sorted",
			      "");
	}
	erpolicy_plan_free(pa);
	erpolicy_plan_free(pb);
	erpolicy_intent_fini(&a);
	erpolicy_intent_fini(&b);
}

int main(int argc, char **argv)
{
	/* make check gives the source tree in $srcdir */
	const char *srcdir = getenv("srcdir");
	char golden[4096] = "golden";
	const char *dir = golden;
	bool write = false;

	if (srcdir && *srcdir)
		snprintf(golden, sizeof(golden), "%s/tests/unit/golden", srcdir);

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--write") == 0)
			write = true;
		else
			dir = argv[i];
	}
	run_golden(dir, write);
	run_removals();
	run_diff_property();
	run_render_checks();
	run_seq_checks();
	return check_summary();
}
