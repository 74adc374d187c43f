// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd intent: intent objects, parsing of single items and semantic validation. */
#include <zebra.h>

#include "erpolicy_intent.h"
#include "erpolicy_memory.h"

DEFINE_MTYPE_STATIC(ERPOLICYD, ERPOLICY_PROBE_TARGETS, "ExpressRoute policy probe targets");

static const char *const erpolicy_item_names[ERPOLICY_ITEM_MAX] = {
	[ERPOLICY_ITEM_AZURE_PREFIX] = "azure-prefix",
	[ERPOLICY_ITEM_GATEWAY_SUBNET] = "gateway-subnet",
	[ERPOLICY_ITEM_ER_NEIGHBOR] = "expressroute-neighbor",
	[ERPOLICY_ITEM_VPN_NEIGHBOR] = "vpn-neighbor",
	[ERPOLICY_ITEM_TUNNEL_ENDPOINT] = "tunnel-endpoint",
	[ERPOLICY_ITEM_ONPREM_PREFIX] = "onprem-prefix",
	[ERPOLICY_ITEM_ER_FALLBACK] = "expressroute-fallback",
};

/* Buffer large enough for any prefix text: address, "/", three digits, NUL. */
#define PFX_STRLEN (INET6_ADDRSTRLEN + 5)

_Static_assert(sizeof(union erpolicy_prefix) == sizeof(struct prefix_ipv6),
	       "union erpolicy_prefix is a struct prefix_ipv4 or prefix_ipv6");
_Static_assert(offsetof(union erpolicy_prefix, u) == offsetof(struct prefix, u) &&
		       offsetof(union erpolicy_prefix, prefixlen) ==
			       offsetof(struct prefix, prefixlen),
	       "union erpolicy_prefix is laid out as struct prefix");

const char *erpolicy_item_name(enum erpolicy_item it)
{
	if ((unsigned int)it >= ERPOLICY_ITEM_MAX)
		return "unknown-item";
	return erpolicy_item_names[it];
}

const char *erpolicy_peer_kind_name(enum erpolicy_peer_kind k)
{
	return k == ERPOLICY_PEER_VPN ? "vpn" : "expressroute";
}

const char *erpolicy_dir_name(enum erpolicy_dir d)
{
	return d == ERPOLICY_DIR_OUT ? "out" : "in";
}

const char *erpolicy_mode_name(enum erpolicy_mode m)
{
	switch (m) {
	case ERPOLICY_MODE_PREFER_VPN:
		return "prefer-vpn";
	case ERPOLICY_MODE_REQUIRE_ENCRYPTION:
		return "require-encryption";
	}
	return "unknown-mode";
}

int erpolicy_mode_parse(const char *s, enum erpolicy_mode *m)
{
	if (!s)
		return -1;
	if (strcmp(s, "prefer-vpn") == 0)
		*m = ERPOLICY_MODE_PREFER_VPN;
	else if (strcmp(s, "require-encryption") == 0)
		*m = ERPOLICY_MODE_REQUIRE_ENCRYPTION;
	else
		return -1;
	return 0;
}

bool erpolicy_item_is_address(enum erpolicy_item it)
{
	return it == ERPOLICY_ITEM_ER_NEIGHBOR || it == ERPOLICY_ITEM_VPN_NEIGHBOR;
}

void erpolicy_intent_init(struct erpolicy_intent *in, const char *vrf)
{
	memset(in, 0, sizeof(*in));
	snprintf(in->vrf, sizeof(in->vrf), "%s", vrf ? vrf : "default");
	in->mode = ERPOLICY_MODE_PREFER_VPN;
	in->lp_vpn = ERPOLICY_LP_VPN_DEFAULT;
	in->lp_er = ERPOLICY_LP_ER_DEFAULT;
	in->probe.enabled = true;
	in->probe.interval_ms = ERPOLICY_PROBE_INTERVAL_DEFAULT;
	in->probe.multiplier = ERPOLICY_PROBE_MULTIPLIER_DEFAULT;
	in->probe.hold_down_s = ERPOLICY_PROBE_HOLD_DOWN_DEFAULT;
}

void erpolicy_intent_fini(struct erpolicy_intent *in)
{
	for (int i = 0; i < ERPOLICY_ITEM_MAX; i++) {
		XFREE(MTYPE_ERPOLICY_PREFIX_LIST, in->items[i].v);
		in->items[i].n = in->items[i].cap = 0;
	}
	XFREE(MTYPE_ERPOLICY_PROBE_TARGETS, in->probe.targets);
	in->probe.n_targets = 0;
}

/* ------------------------------------------------------------------ */
/* Prefixes                                                             */

static unsigned int pfx_addrlen(uint8_t family)
{
	return family == AF_INET6 ? IPV6_MAX_BYTELEN : IPV4_MAX_BYTELEN;
}

static unsigned int pfx_maxlen(uint8_t family)
{
	return family == AF_INET6 ? IPV6_MAX_BITLEN : IPV4_MAX_BITLEN;
}

static const char *family_name(uint8_t family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}

/* Clear every bit past the length (which is in range for the family). */
static void pfx_mask(union erpolicy_prefix *p)
{
	apply_mask((struct prefix *)p);
}

static void errf(char *errmsg, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void errf(char *errmsg, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!errmsg || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(errmsg, errlen, fmt, ap);
	va_end(ap);
}

/* Inside ::ffff:0:0/96, the IPv4-mapped IPv6 addresses (RFC 4291 2.5.5.2). */
static bool pfx_v4mapped(const union erpolicy_prefix *p)
{
	return p->family == AF_INET6 && IN6_IS_ADDR_V4MAPPED(&p->u.prefix6);
}

/*
 * Check a parsed (or directly constructed) prefix: family, length range, host bits,
 * IPv4-mapped IPv6, and host length for addresses. 0 ok, -1 with the reason in errmsg.
 */
static int pfx_check(const union erpolicy_prefix *p, bool address, char *errmsg, size_t errlen)
{
	union erpolicy_prefix masked;
	char buf[PFX_STRLEN];

	if (p->family != AF_INET && p->family != AF_INET6) {
		errf(errmsg, errlen, "unknown address family %u", p->family);
		return -1;
	}
	if (p->prefixlen > pfx_maxlen(p->family)) {
		errf(errmsg, errlen, "prefix length %u is out of range for %s (0-%u)",
		     p->prefixlen, family_name(p->family), pfx_maxlen(p->family));
		return -1;
	}
	if (address && p->prefixlen != pfx_maxlen(p->family)) {
		errf(errmsg, errlen, "expected an address, not a prefix");
		return -1;
	}
	if (pfx_v4mapped(p)) {
		union erpolicy_prefix v4 = { .family = AF_INET };

		if (p->prefixlen < 96) {
			errf(errmsg, errlen,
			     "IPv4-mapped IPv6 address space (::ffff:0:0/96) is not routed: use IPv4");
			return -1;
		}
		memcpy(&v4.u.prefix4, &p->u.val[12], IPV4_MAX_BYTELEN);
		v4.prefixlen = (uint16_t)(p->prefixlen - 96);
		errf(errmsg, errlen, "IPv4-mapped IPv6 %s: write it as IPv4 (%s)",
		     address ? "address" : "prefix",
		     erpolicy_prefix_str(&v4, address, buf, sizeof(buf)));
		return -1;
	}
	masked = *p;
	pfx_mask(&masked);
	if (memcmp(masked.u.val, p->u.val, sizeof(p->u.val)) != 0) {
		errf(errmsg, errlen, "host bits set (did you mean %s?)",
		     erpolicy_prefix_str(&masked, false, buf, sizeof(buf)));
		return -1;
	}
	return 0;
}

/*
 * Why inet_pton refused an IPv4 address: a part with a leading zero is named
 * (010 is 8 to inet_aton and to iproute2, 10 to others), else "malformed".
 */
static void v4_malformed_reason(const char *abuf, char *errmsg, size_t errlen)
{
	const char *part = abuf;

	while (*part) {
		size_t n = strcspn(part, ".");

		if (n > 1 && part[0] == '0' && strspn(part, "0123456789") >= n) {
			errf(errmsg, errlen,
			     "leading zero in \"%.*s\" is ambiguous (octal or decimal?)", (int)n,
			     part);
			return;
		}
		part += n;
		if (*part)
			part++;
	}
	errf(errmsg, errlen, "malformed IPv4 address");
}

/*
 * "10.64.0.0/255.255.254.0": a netmask where the prefix length goes. A contiguous
 * one is answered with the prefix meant, anything else is a malformed length.
 */
static void netmask_reason(union erpolicy_prefix *p, const char *mask, char *errmsg, size_t errlen)
{
	char buf[PFX_STRLEN];
	struct in_addr m;
	uint32_t bits;

	if (inet_pton(AF_INET, mask, &m) != 1) {
		errf(errmsg, errlen, "malformed prefix length");
		return;
	}
	bits = ntohl(m.s_addr);
	if (bits & (~bits >> 1)) { /* a one after a zero: not contiguous */
		errf(errmsg, errlen, "malformed prefix length (%s is not a netmask)", mask);
		return;
	}
	p->prefixlen = 0;
	while (bits & 0x80000000u) {
		p->prefixlen++;
		bits <<= 1;
	}
	pfx_mask(p);
	errf(errmsg, errlen, "a netmask is not a prefix length (did you mean %s?)",
	     erpolicy_prefix_str(p, false, buf, sizeof(buf)));
}

int erpolicy_prefix_parse(const char *text, bool address, union erpolicy_prefix *out, char *errmsg,
			  size_t errlen)
{
	union erpolicy_prefix p;
	char abuf[INET6_ADDRSTRLEN];
	const char *slash;
	size_t alen;
	bool v6;

	/* every byte, padding too: lists of parsed values are compared with memcmp */
	memset(&p, 0, sizeof(p));

	if (!text || !*text) {
		errf(errmsg, errlen, "empty value");
		return -1;
	}
	if (strlen(text) > ERPOLICY_VALUE_MAX) {
		errf(errmsg, errlen, "too long (at most %d characters)", ERPOLICY_VALUE_MAX);
		return -1;
	}
	slash = strchr(text, '/');
	alen = slash ? (size_t)(slash - text) : strlen(text);
	v6 = memchr(text, ':', alen) != NULL;
	p.family = v6 ? AF_INET6 : AF_INET;

	if (alen == 0) {
		errf(errmsg, errlen, "no address before the prefix length");
		return -1;
	}
	if (alen >= sizeof(abuf)) {
		errf(errmsg, errlen, "malformed %s address", family_name(p.family));
		return -1;
	}
	memcpy(abuf, text, alen);
	abuf[alen] = '\0';
	if (inet_pton(p.family, abuf, &p.u) != 1) {
		if (v6 && strchr(abuf, '%'))
			errf(errmsg, errlen, "a zone index (%s) is not allowed", strchr(abuf, '%'));
		else if (!v6 && !memchr(text, '.', alen))
			errf(errmsg, errlen, "not an IPv4 or IPv6 %s",
			     address ? "address" : "prefix");
		else if (!v6)
			v4_malformed_reason(abuf, errmsg, errlen);
		else
			errf(errmsg, errlen, "malformed %s address", family_name(p.family));
		return -1;
	}

	if (address) {
		if (slash) {
			errf(errmsg, errlen,
			     "expected an address without a prefix length, got a prefix");
			return -1;
		}
		p.prefixlen = v6 ? IPV6_MAX_BITLEN : IPV4_MAX_BITLEN;
	} else {
		const char *s;
		unsigned long len = 0;

		if (!slash) {
			errf(errmsg, errlen,
			     "expected a prefix with a length (e.g. %s), got an address",
			     v6 ? "2001:db8::/64" : "10.64.0.0/26");
			return -1;
		}
		s = slash + 1;
		if (!v6 && strchr(s, '.')) {
			netmask_reason(&p, s, errmsg, errlen);
			return -1;
		}
		if (!*s || strlen(s) > 9) {
			errf(errmsg, errlen, "malformed prefix length");
			return -1;
		}
		for (; *s; s++) {
			if (*s < '0' || *s > '9') {
				errf(errmsg, errlen, "malformed prefix length");
				return -1;
			}
			len = len * 10 + (unsigned long)(*s - '0');
		}
		if (slash[1] == '0' && slash[2]) {
			errf(errmsg, errlen,
			     "leading zero in prefix length /%s is ambiguous (octal or decimal?)",
			     slash + 1);
			return -1;
		}
		if (len > pfx_maxlen(p.family)) {
			errf(errmsg, errlen, "prefix length %lu is out of range for %s (0-%u)",
			     len, family_name(p.family), pfx_maxlen(p.family));
			return -1;
		}
		p.prefixlen = (uint16_t)len;
	}

	if (pfx_check(&p, address, errmsg, errlen) < 0)
		return -1;
	*out = p;
	return 0;
}

const char *erpolicy_prefix_str(const union erpolicy_prefix *p, bool as_address, char *buf,
				size_t len)
{
	char abuf[INET6_ADDRSTRLEN];

	if (!len)
		return buf;
	/* What %pFX and %pFXh print, without printfrr's format parsing (rendering 100k
	 * prefix-list entries calls this 100k times). */
	if (p->family != AF_INET && p->family != AF_INET6)
		strlcpy(buf, "?", len);
	else if (as_address && p->prefixlen == pfx_maxlen(p->family))
		strlcpy(buf, inet_ntop(p->family, &p->u, abuf, sizeof(abuf)), len);
	else
		prefix2str(erpolicy_prefix_p(p), buf, len > INT_MAX ? INT_MAX : (int)len);
	return buf;
}

int erpolicy_prefix_cmp(const union erpolicy_prefix *a, const union erpolicy_prefix *b)
{
	int r;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	r = memcmp(a->u.val, b->u.val, pfx_addrlen(a->family));
	if (r)
		return r < 0 ? -1 : 1;
	if (a->prefixlen != b->prefixlen)
		return a->prefixlen < b->prefixlen ? -1 : 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Sorted unique lists                                                  */

/* Index of the first element >= p. */
static size_t list_lower_bound(const struct erpolicy_list *l, const union erpolicy_prefix *p)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (erpolicy_prefix_cmp(&l->v[mid], p) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

ssize_t erpolicy_list_index(const struct erpolicy_list *l, const union erpolicy_prefix *p)
{
	size_t i = list_lower_bound(l, p);

	if (i < l->n && erpolicy_prefix_cmp(&l->v[i], p) == 0)
		return (ssize_t)i;
	return -1;
}

static const union erpolicy_prefix *list_find(const struct erpolicy_list *l,
					      const union erpolicy_prefix *p)
{
	ssize_t i = erpolicy_list_index(l, p);

	return i < 0 ? NULL : &l->v[i];
}

/* The shortest element of l that contains p (or equals it), NULL if none. */
static const union erpolicy_prefix *list_find_container(const struct erpolicy_list *l,
							const union erpolicy_prefix *p)
{
	for (unsigned int plen = 0; plen <= p->prefixlen; plen++) {
		union erpolicy_prefix q = *p;
		const union erpolicy_prefix *f;

		q.prefixlen = (uint16_t)plen;
		pfx_mask(&q);
		f = list_find(l, &q);
		if (f)
			return f;
	}
	return NULL;
}

/* The first element of l (in list order) strictly inside p, NULL if none. */
static const union erpolicy_prefix *list_find_inside(const struct erpolicy_list *l,
						     const union erpolicy_prefix *p)
{
	/*
	 * Elements inside p sort in one run starting at p's lower bound: they share p's
	 * leading bits and, having no host bits set, are at least as long as p.
	 */
	size_t i = list_lower_bound(l, p);

	for (; i < l->n; i++) {
		if (erpolicy_prefix_cmp(&l->v[i], p) == 0)
			continue;
		return erpolicy_prefix_match(p, &l->v[i]) ? &l->v[i] : NULL;
	}
	return NULL;
}

/* An element of l that overlaps p: first its shortest container, else one inside it. */
static const union erpolicy_prefix *list_find_overlap(const struct erpolicy_list *l,
						      const union erpolicy_prefix *p)
{
	const union erpolicy_prefix *f = list_find_container(l, p);

	return f ? f : list_find_inside(l, p);
}

static void list_insert_at(struct erpolicy_list *l, size_t i, const union erpolicy_prefix *p)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		l->v = XREALLOC(MTYPE_ERPOLICY_PREFIX_LIST, l->v, cap * sizeof(*l->v));
		l->cap = cap;
	}
	memmove(&l->v[i + 1], &l->v[i], (l->n - i) * sizeof(*p));
	l->v[i] = *p;
	l->n++;
}

/* Longest part of an overlong value quoted in a message. */
#define VALUE_QUOTE_HEAD 40

const char *erpolicy_value_quote(const char *text, char *buf, size_t len)
{
	size_t n = text ? strlen(text) : 0;

	if (n <= ERPOLICY_VALUE_MAX)
		snprintf(buf, len, "%s", text ? text : "");
	else
		snprintf(buf, len, "%.*s... (%zu characters)", VALUE_QUOTE_HEAD, text, n);
	return buf;
}

int erpolicy_vrf_name_check(const char *name, char *errmsg, size_t errlen)
{
	char vbuf[ERPOLICY_VALUE_QUOTE_SIZE];
	size_t n = name ? strlen(name) : 0;

	if (!n) {
		errf(errmsg, errlen, "vrf: empty name");
		return -1;
	}
	erpolicy_value_quote(name, vbuf, sizeof(vbuf));
	if (n > ERPOLICY_VRF_NAME_MAX) {
		errf(errmsg, errlen, "vrf %s: name too long (%zu characters, FRR allows %d)", vbuf,
		     n, ERPOLICY_VRF_NAME_MAX);
		return -1;
	}
	for (const char *c = name; *c; c++) {
		if ((unsigned char)*c <= ' ' || *c == 0x7f) {
			errf(errmsg, errlen,
			     "vrf %s: a space or control character cannot be in a VRF name", vbuf);
			return -1;
		}
		if (*c == '/') {
			errf(errmsg, errlen,
			     "vrf %s: '/' cannot be in a VRF name (no VRF device or network namespace can have it)",
			     vbuf);
			return -1;
		}
		if (*c == '\'') {
			errf(errmsg, errlen,
			     "vrf %s: a quote (') cannot be in a VRF name (FRR quotes VRF names with it)",
			     vbuf);
			return -1;
		}
	}
	return 0;
}

/* Parse text as an item of kind it. 0 ok, -1 and errmsg "<item-name> <text>: <reason>". */
static int item_parse(enum erpolicy_item it, const char *text, union erpolicy_prefix *p,
		      char *errmsg, size_t errlen)
{
	char reason[160], vbuf[ERPOLICY_VALUE_QUOTE_SIZE];

	if ((unsigned int)it >= ERPOLICY_ITEM_MAX) {
		errf(errmsg, errlen, "unknown item %d", (int)it);
		return -1;
	}
	if (erpolicy_prefix_parse(text, erpolicy_item_is_address(it), p, reason, sizeof(reason)) <
	    0) {
		errf(errmsg, errlen, "%s %s: %s", erpolicy_item_name(it),
		     erpolicy_value_quote(text, vbuf, sizeof(vbuf)), reason);
		return -1;
	}
	return 0;
}

int erpolicy_intent_add(struct erpolicy_intent *in, enum erpolicy_item it, const char *text,
			char *errmsg, size_t errlen)
{
	struct erpolicy_list *l;
	union erpolicy_prefix p;
	size_t i;

	if (item_parse(it, text, &p, errmsg, errlen))
		return -1;
	l = &in->items[it];
	i = list_lower_bound(l, &p);
	if (i < l->n && erpolicy_prefix_cmp(&l->v[i], &p) == 0)
		return 0;
	list_insert_at(l, i, &p);
	return 0;
}

int erpolicy_intent_append(struct erpolicy_intent *in, enum erpolicy_item it, const char *text,
			   char *errmsg, size_t errlen)
{
	union erpolicy_prefix p;

	if (item_parse(it, text, &p, errmsg, errlen))
		return -1;
	list_insert_at(&in->items[it], in->items[it].n, &p);
	return 0;
}

static int pfx_qsort_cmp(const void *a, const void *b)
{
	return erpolicy_prefix_cmp(a, b);
}

int erpolicy_intent_seal(struct erpolicy_intent *in, char *errmsg, size_t errlen)
{
	for (int it = 0; it < ERPOLICY_ITEM_MAX; it++) {
		struct erpolicy_list *l = &in->items[it];

		if (l->n > 1)
			qsort(l->v, l->n, sizeof(*l->v), pfx_qsort_cmp);
		for (size_t i = 1; i < l->n; i++) {
			char buf[PFX_STRLEN];

			if (erpolicy_prefix_cmp(&l->v[i - 1], &l->v[i]) != 0)
				continue;
			errf(errmsg, errlen, "%s %s: listed twice", erpolicy_item_name(it),
			     erpolicy_prefix_str(&l->v[i], erpolicy_item_is_address(it), buf,
						 sizeof(buf)));
			return -1;
		}
	}
	return 0;
}

int erpolicy_intent_probe_target(struct erpolicy_intent *in, const char *nbr, const char *target,
				 char *errmsg, size_t errlen)
{
	struct erpolicy_probe_cfg *pc = &in->probe;
	struct erpolicy_probe_target t;
	char reason[160], vbuf[ERPOLICY_VALUE_QUOTE_SIZE];
	size_t i;

	if (erpolicy_prefix_parse(nbr, true, &t.nbr, reason, sizeof(reason)) < 0) {
		errf(errmsg, errlen, "tunnel-probe neighbor %s: %s",
		     erpolicy_value_quote(nbr, vbuf, sizeof(vbuf)), reason);
		return -1;
	}
	if (erpolicy_prefix_parse(target, true, &t.target, reason, sizeof(reason)) < 0) {
		errf(errmsg, errlen, "tunnel-probe target %s: %s",
		     erpolicy_value_quote(target, vbuf, sizeof(vbuf)), reason);
		return -1;
	}
	for (i = 0; i < pc->n_targets; i++) {
		int c = erpolicy_prefix_cmp(&pc->targets[i].nbr, &t.nbr);

		if (c == 0) {
			pc->targets[i] = t;
			return 0;
		}
		if (c > 0)
			break;
	}
	pc->targets = XREALLOC(MTYPE_ERPOLICY_PROBE_TARGETS, pc->targets,
			       (pc->n_targets + 1) * sizeof(*pc->targets));
	memmove(&pc->targets[i + 1], &pc->targets[i], (pc->n_targets - i) * sizeof(t));
	pc->targets[i] = t;
	pc->n_targets++;
	return 0;
}

const union erpolicy_prefix *erpolicy_probe_target_of(const struct erpolicy_intent *in,
						      const union erpolicy_prefix *nbr)
{
	for (size_t i = 0; i < in->probe.n_targets; i++)
		if (erpolicy_prefix_cmp(&in->probe.targets[i].nbr, nbr) == 0)
			return &in->probe.targets[i].target;
	return nbr;
}

int erpolicy_intent_del(struct erpolicy_intent *in, enum erpolicy_item it,
			const union erpolicy_prefix *p)
{
	struct erpolicy_list *l;
	size_t i;

	if ((unsigned int)it >= ERPOLICY_ITEM_MAX)
		return -1;
	l = &in->items[it];
	i = list_lower_bound(l, p);
	if (i >= l->n || erpolicy_prefix_cmp(&l->v[i], p) != 0)
		return -1;
	memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof(*p));
	l->n--;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Validation                                                           */

/* "<item> <value>" of one item, for messages. */
static const char *item_str(enum erpolicy_item it, const union erpolicy_prefix *p, char *buf,
			    size_t len)
{
	char pbuf[PFX_STRLEN];

	snprintf(buf, len, "%s %s", erpolicy_item_name(it),
		 erpolicy_prefix_str(p, erpolicy_item_is_address(it), pbuf, sizeof(pbuf)));
	return buf;
}

#define ITEMSTR_LEN (PFX_STRLEN + 32)

/*
 * Pairwise overlap checks (rule 8), in this fixed order. For each element of `field`
 * (in list order) the first overlapping element of `other` is reported.
 */
enum overlap_kind {
	OVERLAP_ANY,	/* either contains the other */
	OVERLAP_INSIDE, /* the field element equals or is inside the other */
	OVERLAP_EQUAL,	/* the same prefix */
};

static const struct erpolicy_conflict {
	enum erpolicy_item field;
	enum erpolicy_item other;
	enum overlap_kind kind;
	const char *reason;
} erpolicy_conflicts[] = {
	{ ERPOLICY_ITEM_AZURE_PREFIX, ERPOLICY_ITEM_ONPREM_PREFIX, OVERLAP_ANY,
	  "the same addresses cannot be both in Azure and on-prem" },
	{ ERPOLICY_ITEM_AZURE_PREFIX, ERPOLICY_ITEM_TUNNEL_ENDPOINT, OVERLAP_ANY,
	  "on-prem tunnel endpoints cannot be in Azure address space" },
	/*
	 * A fallback is by design a less-specific aggregate (rule 7), so an azure-prefix
	 * strictly inside it is fine (Azure's own VNet routes are more specific); a
	 * fallback equal to or inside Azure address space is not.
	 */
	{ ERPOLICY_ITEM_ER_FALLBACK, ERPOLICY_ITEM_AZURE_PREFIX, OVERLAP_INSIDE,
	  "it would advertise Azure address space back to Azure" },
	{ ERPOLICY_ITEM_GATEWAY_SUBNET, ERPOLICY_ITEM_ONPREM_PREFIX, OVERLAP_ANY,
	  "the GatewaySubnet cannot be on-prem address space" },
	{ ERPOLICY_ITEM_GATEWAY_SUBNET, ERPOLICY_ITEM_TUNNEL_ENDPOINT, OVERLAP_ANY,
	  "the GatewaySubnet cannot hold on-prem tunnel endpoints" },
	{ ERPOLICY_ITEM_TUNNEL_ENDPOINT, ERPOLICY_ITEM_ONPREM_PREFIX, OVERLAP_EQUAL,
	  "a tunnel endpoint must never be advertised over the tunnel" },
};

static const char *const overlap_verbs[] = {
	[OVERLAP_ANY] = "overlaps",
	[OVERLAP_INSIDE] = "inside",
	[OVERLAP_EQUAL] = "same as",
};

static int validate_conflict(const struct erpolicy_intent *in, const struct erpolicy_conflict *c,
			     char *errmsg, size_t errlen)
{
	const struct erpolicy_list *fl = &in->items[c->field];
	const struct erpolicy_list *ol = &in->items[c->other];

	for (size_t i = 0; i < fl->n; i++) {
		const union erpolicy_prefix *p = &fl->v[i], *o = NULL;
		char b1[ITEMSTR_LEN], b2[ITEMSTR_LEN];

		switch (c->kind) {
		case OVERLAP_ANY:
			o = list_find_overlap(ol, p);
			break;
		case OVERLAP_INSIDE:
			o = list_find_container(ol, p);
			break;
		case OVERLAP_EQUAL:
			o = list_find(ol, p);
			break;
		}
		if (!o)
			continue;
		errf(errmsg, errlen, "%s: %s %s (%s)", item_str(c->field, p, b1, sizeof(b1)),
		     o->prefixlen == p->prefixlen && c->kind != OVERLAP_ANY
			     ? "same as"
			     : overlap_verbs[c->kind],
		     item_str(c->other, o, b2, sizeof(b2)), c->reason);
		return -1;
	}
	return 0;
}

int erpolicy_intent_validate(const struct erpolicy_intent *in, char *errmsg, size_t errlen)
{
	const struct erpolicy_list *gw = &in->items[ERPOLICY_ITEM_GATEWAY_SUBNET];
	const struct erpolicy_list *fb = &in->items[ERPOLICY_ITEM_ER_FALLBACK];
	const struct erpolicy_list *op = &in->items[ERPOLICY_ITEM_ONPREM_PREFIX];
	const struct erpolicy_list *vpn = &in->items[ERPOLICY_ITEM_VPN_NEIGHBOR];
	char b1[ITEMSTR_LEN], b2[ITEMSTR_LEN];
	char reason[160];

	/* 0. the VRF name is one FRR can have */
	if (erpolicy_vrf_name_check(in->vrf, errmsg, errlen) < 0)
		return -1;

	/* 1. every stored item is well-formed (parsing guarantees it; direct edits may not) */
	for (int it = 0; it < ERPOLICY_ITEM_MAX; it++) {
		const struct erpolicy_list *l = &in->items[it];

		for (size_t i = 0; i < l->n; i++) {
			if (pfx_check(&l->v[i], erpolicy_item_is_address(it), reason,
				      sizeof(reason)) == 0)
				continue;
			errf(errmsg, errlen, "%s: %s", item_str(it, &l->v[i], b1, sizeof(b1)),
			     reason);
			return -1;
		}
	}

	/* 2. an address is either an ExpressRoute or a VPN neighbor */
	for (size_t i = 0; i < vpn->n; i++) {
		if (!list_find(&in->items[ERPOLICY_ITEM_ER_NEIGHBOR], &vpn->v[i]))
			continue;
		errf(errmsg, errlen, "%s: already configured as %s",
		     item_str(ERPOLICY_ITEM_VPN_NEIGHBOR, &vpn->v[i], b1, sizeof(b1)),
		     erpolicy_item_name(ERPOLICY_ITEM_ER_NEIGHBOR));
		return -1;
	}

	/* 3. gateway-subnets do not overlap each other (sorted: a container comes first) */
	for (size_t i = 0; i < gw->n; i++) {
		for (size_t j = i + 1; j < gw->n; j++) {
			if (!erpolicy_prefix_match(&gw->v[i], &gw->v[j]))
				continue;
			errf(errmsg, errlen, "%s: overlaps %s (gateway subnets must not overlap)",
			     item_str(ERPOLICY_ITEM_GATEWAY_SUBNET, &gw->v[j], b1, sizeof(b1)),
			     item_str(ERPOLICY_ITEM_GATEWAY_SUBNET, &gw->v[i], b2, sizeof(b2)));
			return -1;
		}
	}

	/* 4. Azure's GatewaySubnet size */
	for (size_t i = 0; i < gw->n; i++) {
		unsigned int max = gw->v[i].family == AF_INET6 ? ERPOLICY_GWSUBNET_MAXLEN_V6
							       : ERPOLICY_GWSUBNET_MAXLEN_V4;

		if (gw->v[i].prefixlen <= max)
			continue;
		errf(errmsg, errlen, "%s: Azure requires the GatewaySubnet to be /%u or shorter",
		     item_str(ERPOLICY_ITEM_GATEWAY_SUBNET, &gw->v[i], b1, sizeof(b1)), max);
		return -1;
	}

	/* 5. local-preference: range, and VPN strictly preferred */
	if (in->lp_vpn == 0) {
		errf(errmsg, errlen, "local-preference vpn 0: out of range (1-4294967295)");
		return -1;
	}
	if (in->lp_er == 0) {
		errf(errmsg, errlen,
		     "local-preference expressroute 0: out of range (1-4294967295)");
		return -1;
	}
	if (in->lp_vpn <= in->lp_er) {
		errf(errmsg, errlen,
		     "local-preference vpn %u: must be higher than local-preference expressroute %u",
		     in->lp_vpn, in->lp_er);
		return -1;
	}

	/* 6. no fallback when encryption is required */
	if (in->mode == ERPOLICY_MODE_REQUIRE_ENCRYPTION && fb->n) {
		errf(errmsg, errlen,
		     "%s: not allowed in require-encryption mode (it would send on-prem data over ExpressRoute unencrypted)",
		     item_str(ERPOLICY_ITEM_ER_FALLBACK, &fb->v[0], b1, sizeof(b1)));
		return -1;
	}

	/* 7. a fallback is strictly less specific than every onprem-prefix it overlaps */
	for (size_t i = 0; i < fb->n; i++) {
		const union erpolicy_prefix *o = list_find_container(op, &fb->v[i]);

		if (!o)
			continue;
		errf(errmsg, errlen,
		     "%s: %s %s, so Azure would prefer ExpressRoute for it (a fallback must be strictly less specific)",
		     item_str(ERPOLICY_ITEM_ER_FALLBACK, &fb->v[i], b1, sizeof(b1)),
		     o->prefixlen == fb->v[i].prefixlen ? "same as" : "more specific than",
		     item_str(ERPOLICY_ITEM_ONPREM_PREFIX, o, b2, sizeof(b2)));
		return -1;
	}

	/* 8. address-space conflicts between kinds */
	for (size_t i = 0; i < sizeof(erpolicy_conflicts) / sizeof(erpolicy_conflicts[0]); i++)
		if (validate_conflict(in, &erpolicy_conflicts[i], errmsg, errlen) < 0)
			return -1;

	return 0;
}
