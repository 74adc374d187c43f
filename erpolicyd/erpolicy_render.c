// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd renderer: plan -> canonical FRR configuration text (the generated-config view). */

#include <zebra.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "erpolicy_compile.h"
#include "erpolicy_memory.h"

static bool vrf_is_default(const char *vrf)
{
	return !vrf || !*vrf || strcmp(vrf, "default") == 0;
}

static const char *afi_ip(enum erpolicy_afi afi)
{
	return afi == ERPOLICY_AFI_V6 ? "ipv6" : "ip";
}

void erpolicy_render_plist_entry(char *buf, size_t len, const struct erpolicy_plist *pl,
				 const struct erpolicy_plist_entry *e)
{
	char pbuf[64];
	char lebuf[16] = "";

	if (e->le)
		snprintf(lebuf, sizeof(lebuf), " le %u", e->le);
	snprintf(buf, len, "%s prefix-list %s seq %u %s %s%s", afi_ip(pl->afi), pl->name, e->seq,
		 e->permit ? "permit" : "deny",
		 erpolicy_prefix_str(&e->pfx, false, pbuf, sizeof(pbuf)), lebuf);
}

void erpolicy_render_pin(char *buf, size_t len, const char *vrf, const struct erpolicy_pin *pin)
{
	char pbuf[64], nbuf[64];
	bool dflt = vrf_is_default(vrf);

	snprintf(buf, len, "%s route %s %s tag %u%s%s", pin->pfx.family == AF_INET6 ? "ipv6" : "ip",
		 erpolicy_prefix_str(&pin->pfx, false, pbuf, sizeof(pbuf)),
		 erpolicy_prefix_str(&pin->nh, true, nbuf, sizeof(nbuf)),
		 (unsigned int)ERPOLICY_PIN_TAG, dflt ? "" : " vrf ", dflt ? "" : vrf);
}

void erpolicy_render_binding(char *buf, size_t len, const struct erpolicy_binding *b)
{
	char nbuf[64];

	snprintf(buf, len, "neighbor %s route-map %s %s",
		 erpolicy_prefix_str(&b->nbr, true, nbuf, sizeof(nbuf)), b->rmap,
		 b->out ? "out" : "in");
}

void erpolicy_render_rmap_entry(char *buf, size_t len, const struct erpolicy_rmap *rm,
				const struct erpolicy_rmap_entry *e)
{
	char match[ERPOLICY_OBJ_NAMSIZ + 40] = "", set[40] = "";

	if (e->match_plist[0])
		snprintf(match, sizeof(match), "\n match %s address prefix-list %s",
			 afi_ip(rm->afi), e->match_plist);
	if (e->set_lp)
		snprintf(set, sizeof(set), "\n set local-preference %u", e->lp);
	snprintf(buf, len, "route-map %s %s %u%s%s", rm->name, e->permit ? "permit" : "deny",
		 e->seq, match, set);
}

/* Growing text buffer. */
struct erpolicy_sbuf {
	char *s;
	size_t len, cap;
};

static void sbuf_printf(struct erpolicy_sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sbuf_printf(struct erpolicy_sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		size_t room = sb->cap - sb->len;

		va_start(ap, fmt);
		n = vsnprintf(sb->s + sb->len, room, fmt, ap);
		va_end(ap);
		if (n < 0)
			abort();
		if ((size_t)n < room) {
			sb->len += (size_t)n;
			return;
		}
		sb->cap = (sb->cap + (size_t)n + 1) * 2;
		sb->s = XREALLOC(MTYPE_ERPOLICY_CONFIG_TEXT, sb->s, sb->cap);
	}
}

void erpolicy_render_maxpfx(char *buf, size_t len, const struct erpolicy_maxpfx *m)
{
	char nbuf[64];

	erpolicy_prefix_str(&m->nbr, true, nbuf, sizeof(nbuf));
	if (m->soft_in)
		snprintf(buf, len, "neighbor %s soft-reconfiguration inbound", nbuf);
	else if (m->out)
		snprintf(buf, len, "neighbor %s maximum-prefix-out %u", nbuf, m->limit);
	else if (m->restart)
		snprintf(buf, len, "neighbor %s maximum-prefix %u restart %u", nbuf, m->limit,
			 m->restart);
	else
		snprintf(buf, len, "neighbor %s maximum-prefix %u", nbuf, m->limit);
}

char *erpolicy_render_plan(const struct erpolicy_plan *plan, uint32_t asn)
{
	struct erpolicy_sbuf sb = {};
	char line[512];

	sb.cap = 4096;
	sb.s = XMALLOC(MTYPE_ERPOLICY_CONFIG_TEXT, sb.cap);
	sb.s[0] = '\0';

	/* header: not FRR configuration, comments */
	sbuf_printf(&sb, "! erpolicyd generated configuration: vrf %s, mode %s\n", plan->vrf,
		    erpolicy_mode_name(plan->mode));
	for (size_t i = 0; i < plan->n_warnings; i++)
		sbuf_printf(&sb, "! warning: %s\n", plan->warnings[i]);

	for (size_t i = 0; i < plan->n_plists; i++) {
		const struct erpolicy_plist *pl = &plan->plists[i];

		for (size_t j = 0; j < pl->n; j++) {
			erpolicy_render_plist_entry(line, sizeof(line), pl, &pl->e[j]);
			sbuf_printf(&sb, "%s\n", line);
		}
	}

	for (size_t i = 0; i < plan->n_rmaps; i++) {
		const struct erpolicy_rmap *rm = &plan->rmaps[i];

		for (size_t j = 0; j < rm->n; j++) {
			erpolicy_render_rmap_entry(line, sizeof(line), rm, &rm->e[j]);
			sbuf_printf(&sb, "%s\nexit\n", line);
		}
	}

	for (size_t i = 0; i < plan->n_pins; i++) {
		erpolicy_render_pin(line, sizeof(line), plan->vrf, &plan->pins[i]);
		sbuf_printf(&sb, "%s\n", line);
	}

	if (plan->n_bindings) {
		char asbuf[16] = "";

		if (asn)
			snprintf(asbuf, sizeof(asbuf), " %u", asn);
		sbuf_printf(&sb, "router bgp%s%s%s\n", asbuf,
			    vrf_is_default(plan->vrf) ? "" : " vrf ",
			    vrf_is_default(plan->vrf) ? "" : plan->vrf);
		for (int afi = 0; afi < ERPOLICY_AFI_MAX; afi++) {
			bool open = false;

			for (size_t i = 0; i < plan->n_bindings; i++) {
				const struct erpolicy_binding *b = &plan->bindings[i];

				if (b->afi != (enum erpolicy_afi)afi)
					continue;
				if (!open) {
					sbuf_printf(&sb, " address-family %s unicast\n",
						    afi == ERPOLICY_AFI_V6 ? "ipv6" : "ipv4");
					open = true;
				}
				erpolicy_render_binding(line, sizeof(line), b);
				sbuf_printf(&sb, "  %s\n", line);
			}
			for (size_t i = 0; open && i < plan->n_maxpfx; i++) {
				if (plan->maxpfx[i].afi != (enum erpolicy_afi)afi)
					continue;
				erpolicy_render_maxpfx(line, sizeof(line), &plan->maxpfx[i]);
				sbuf_printf(&sb, "  %s\n", line);
			}
			if (open)
				sbuf_printf(&sb, " exit-address-family\n");
		}
		sbuf_printf(&sb, "exit\n");
	}
	return sb.s;
}
