// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd: parsers of what the daemons show (see erpolicy_readback.h). */
#include <zebra.h>

#include "darr.h"

#include "erpolicy_memory.h"
#include "erpolicy_readback.h"

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void rstrip(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\r' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

enum bgpd_ctx { CTX_TOP, CTX_RMAP, CTX_BGP, CTX_AF, CTX_AF_OTHER, CTX_SKIP };

/* A neighbor as bgpd shows it: an address (0), or a peer-group or interface (-1). */
static int nbr_parse(const char *text, union erpolicy_prefix *nbr)
{
	return erpolicy_prefix_parse(text, true, nbr, NULL, 0);
}

static void nbr_add(struct erpolicy_state *st, const char *vrf, const char *text)
{
	struct erpolicy_snbr n = {};

	if (nbr_parse(text, &n.nbr))
		return;
	snprintf(n.vrf, sizeof(n.vrf), "%s", vrf);
	darr_push_mt(st->nbr, n, MTYPE_ERPOLICY_STATE);
}

/* An unsigned number and where it ends; -1 if none or out of range. */
static int u32_parse(const char *s, uint32_t *v, const char **end)
{
	char *e;
	unsigned long n;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtoul(s, &e, 10);
	if (errno || n > UINT32_MAX)
		return -1;
	*v = (uint32_t)n;
	*end = e;
	return 0;
}

/*
 * "maximum-prefix N[ restart M]", "maximum-prefix-out N", "soft-reconfiguration
 * inbound" (kw and what follows it, tail); anything else bgpd adds (a threshold,
 * warning-only, force) marks the setting as other.
 */
static void maxpfx_add(struct erpolicy_state *st, const char *vrf, enum erpolicy_afi afi,
		       const char *nbr, const char *kw, const char *tail)
{
	struct erpolicy_smaxpfx m = { .m.afi = afi };
	const char *end = tail;
	uint32_t restart;

	if (nbr_parse(nbr, &m.m.nbr))
		return;
	snprintf(m.vrf, sizeof(m.vrf), "%s", vrf);
	if (!strcmp(kw, "soft-reconfiguration")) {
		m.m.soft_in = true;
	} else {
		m.m.out = !strcmp(kw, "maximum-prefix-out");
		if (u32_parse(tail, &m.m.limit, &end))
			m.other = true;
		else if (!m.m.out && starts(end, " restart ") &&
			 !u32_parse(end + 9, &restart, &end) && restart <= UINT16_MAX)
			m.m.restart = (uint16_t)restart;
		if (*end)
			m.other = true;
	}
	darr_push_mt(st->maxpfx, m, MTYPE_ERPOLICY_STATE);
}

static void bind_add(struct erpolicy_state *st, const char *vrf, enum erpolicy_afi afi,
		     const char *nbr, const char *rmap, bool out)
{
	struct erpolicy_sbind b = { .b.afi = afi, .b.out = out };
	bool owned = starts(rmap, ERPOLICY_OWNER_TAG "-");

	if (nbr_parse(nbr, &b.b.nbr) || strlen(rmap) >= sizeof(b.b.rmap))
		return;
	snprintf(b.vrf, sizeof(b.vrf), "%s", vrf);
	snprintf(b.b.rmap, sizeof(b.b.rmap), "%s", rmap);
	if (owned)
		darr_push_mt(st->bind, b, MTYPE_ERPOLICY_STATE);
	else
		darr_push_mt(st->foreign, b, MTYPE_ERPOLICY_STATE);
}

void erpolicy_state_parse_bgpd(struct erpolicy_state *st, const char *text)
{
	enum bgpd_ctx ctx = CTX_TOP;
	char vrf[64] = "default";
	enum erpolicy_afi afi = ERPOLICY_AFI_V4;
	char *rmap = NULL;
	size_t rmap_len = 0;

	ERPOLICY_FOREACH_LINE(text, line, copy)
	{
		rstrip(line);
		/*
		 * A blank line means nothing, inside a block or not: the split skips
		 * empty lines, and a "\r\n" or blank-only line is empty once stripped.
		 */
		if (!line[0])
			continue;
		if (ctx == CTX_RMAP) {
			if (line[0] == ' ') {
				rmap = realloc(rmap, rmap_len + strlen(line) + 2);
				if (!rmap)
					abort();
				rmap_len += sprintf(rmap + rmap_len, "\n%s", line);
				continue;
			}
			erpolicy_strs_push(st->rmap, rmap);
			free(rmap);
			rmap = NULL;
			ctx = CTX_TOP;
			if (strcmp(line, "exit") == 0 || strcmp(line, "!") == 0)
				continue;
		}
		/*
		 * Everything inside a block is indented: a line in column 0 ends it, whether
		 * "exit" or, as older FRR wrote, "!" or the next statement.
		 */
		if (ctx != CTX_TOP && line[0] && line[0] != ' ') {
			ctx = CTX_TOP;
			if (strcmp(line, "exit") == 0 || strcmp(line, "!") == 0)
				continue;
		}
		if (ctx == CTX_TOP) {
			if (starts(line, "ip prefix-list ERPOL-") ||
			    starts(line, "ipv6 prefix-list ERPOL-")) {
				erpolicy_strs_push(st->plist, line);
			} else if (starts(line, "route-map ERPOL-")) {
				rmap = strdup(line);
				if (!rmap)
					abort();
				rmap_len = strlen(rmap);
				ctx = CTX_RMAP;
			} else if (starts(line, "router bgp ")) {
				const char *v = strstr(line, " vrf ");
				/* as shown, e.g. "1.10" in asdot notation: bgpd wants it back so */
				char asn[32] = "";
				bool has_asn = sscanf(line + 11, "%31s", asn) == 1;

				snprintf(vrf, sizeof(vrf), "%s", v ? v + 5 : "default");
				/* where FRR's command tokenizer ends a word (isspace) */
				vrf[strcspn(vrf, " \t\v\f\r")] = '\0';
				if (strstr(line, " view ") || !has_asn) {
					ctx = CTX_SKIP;
					continue;
				}
				snprintf(erpolicy_state_vrf_add(st, vrf)->asn, ERPOLICY_ASN_STRSIZ,
					 "%s", asn);
				ctx = CTX_BGP;
			}
			continue;
		}
		if (ctx == CTX_SKIP)
			continue;
		if (ctx == CTX_BGP) {
			char nbr[128], kw[64];

			if (strcmp(line, " no bgp ebgp-requires-policy") == 0) {
				erpolicy_state_vrf_add(st, vrf)->nopolicy = true;
			} else if (sscanf(line, " neighbor %127s %63s", nbr, kw) == 2) {
				if (strcmp(kw, "remote-as") == 0 || strcmp(kw, "interface") == 0 ||
				    strcmp(kw, "peer-group") == 0)
					nbr_add(st, vrf, nbr);
			} else if (strcmp(line, " address-family ipv4 unicast") == 0) {
				afi = ERPOLICY_AFI_V4;
				ctx = CTX_AF;
			} else if (strcmp(line, " address-family ipv6 unicast") == 0) {
				afi = ERPOLICY_AFI_V6;
				ctx = CTX_AF;
			} else if (starts(line, " address-family ")) {
				ctx = CTX_AF_OTHER;
			}
			continue;
		}
		/* CTX_AF, CTX_AF_OTHER */
		if (strcmp(line, " exit-address-family") == 0) {
			ctx = CTX_BGP;
		} else if (ctx == CTX_AF) {
			char nbr[128], rm[128], dir[8];

			char kw[24];
			int at = 0;

			if (sscanf(line, "  neighbor %127s %23s %n", nbr, kw, &at) == 2 && at &&
			    (!strcmp(kw, "maximum-prefix") || !strcmp(kw, "maximum-prefix-out") ||
			     (!strcmp(kw, "soft-reconfiguration") &&
			      !strcmp(line + at, "inbound")))) {
				maxpfx_add(st, vrf, afi, nbr, kw, line + at);
				continue;
			}
			if (sscanf(line, "  neighbor %127s route-map %127s %7s", nbr, rm, dir) ==
				    3 &&
			    (!strcmp(dir, "in") || !strcmp(dir, "out")))
				bind_add(st, vrf, afi, nbr, rm, !strcmp(dir, "out"));
		}
	}
	if (rmap) {
		erpolicy_strs_push(st->rmap, rmap);
		free(rmap);
	}
}

void erpolicy_state_parse_mgmtd(struct erpolicy_state *st, const char *text)
{
	char vrf[64] = "default";

	ERPOLICY_FOREACH_LINE(text, line, copy)
	{
		const char *l = line;
		const char *tag;

		rstrip(line);
		if (starts(line, "vrf ")) {
			snprintf(vrf, sizeof(vrf), "%s", line + 4);
			continue;
		}
		if (strcmp(line, "exit-vrf") == 0) {
			snprintf(vrf, sizeof(vrf), "default");
			continue;
		}
		while (*l == ' ')
			l++;
		if (!starts(l, "ip route ") && !starts(l, "ipv6 route "))
			continue;
		tag = strstr(l, ERPOLICY_PIN_TAG_WORDS);
		if (!tag || (tag[strlen(ERPOLICY_PIN_TAG_WORDS)] != '\0' &&
			     tag[strlen(ERPOLICY_PIN_TAG_WORDS)] != ' '))
			continue;
		if (strcmp(vrf, "default") == 0 || strstr(l, " vrf "))
			erpolicy_strs_push(st->pin, l);
		else
			erpolicy_strs_pushf(st->pin, "%s vrf %s", l, vrf);
	}
}

unsigned int erpolicy_bgpd_rmap_delay(const char *text)
{
	const char *key = "bgp route-map delay-timer ";
	const char *p = text;

	while (p && (p = strstr(p, key))) {
		const char *num = p + strlen(key);
		char *end = NULL;
		unsigned long v = strtoul(num, &end, 10);

		if ((p == text || p[-1] == '\n') && end != num && v <= 600)
			return (unsigned int)v;
		p = num;
	}
	return ERPOLICY_BGPD_RMAP_DELAY_DEFAULT;
}

/*
 * The value of "key": in a flat JSON object of numbers and booleans, as the
 * daemon prints it; NULL if absent.
 */
static const char *json_field(const char *text, const char *key)
{
	char quoted[40];
	const char *p;

	snprintf(quoted, sizeof(quoted), "\"%s\":", key);
	p = strstr(text, quoted);
	return p ? p + strlen(quoted) : NULL;
}

static int json_u64(const char *text, const char *key, uint64_t *out)
{
	const char *p = json_field(text, key);
	char *end = NULL;

	if (!p || *p < '0' || *p > '9')
		return -1;
	*out = strtoull(p, &end, 10);
	return end && (*end == ',' || *end == '}') ? 0 : -1;
}

static int cfgver_fields(const char *text, struct erpolicy_cfgver *v)
{
	const char *loading;
	uint64_t secs = 0;

	if (!text || text[0] != '{' || json_u64(text, "generation", &v->generation) ||
	    json_u64(text, "version", &v->version) ||
	    json_u64(text, "northboundVersion", &v->nb_version))
		return -1;
	loading = json_field(text, "loading");
	if (!loading || (!starts(loading, "true") && !starts(loading, "false")))
		return -1;
	v->loading = starts(loading, "true");
	if (json_u64(text, "loadingSeconds", &secs) == 0)
		v->loading_s = secs > UINT32_MAX ? UINT32_MAX : (unsigned int)secs;
	return 0;
}

int erpolicy_cfgver_parse(const char *text, struct erpolicy_cfgver *v)
{
	memset(v, 0, sizeof(*v));
	if (cfgver_fields(text, v) == 0)
		return 0;
	memset(v, 0, sizeof(*v));
	return -1;
}

bool erpolicy_cfgver_same(const struct erpolicy_cfgver *a, const struct erpolicy_cfgver *b)
{
	return a->generation && a->generation == b->generation && a->version == b->version &&
	       a->nb_version == b->nb_version;
}
