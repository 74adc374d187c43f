// SPDX-License-Identifier: GPL-2.0-or-later
/* The unit tests' text form of an intent (one parser for every test of the pure code). */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intent_text.h"

static int number(const char *what, const char *text, unsigned long long max, uint32_t *out,
		  char *errmsg, size_t errlen)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno || !*text || *end || v > max) {
		snprintf(errmsg, errlen, "%s %s: bad number", what, text);
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

static int maxpfx_line(struct erpolicy_intent *in, bool no, const char *arg, const char *arg2,
		       const char *arg3, char *errmsg, size_t errlen)
{
	uint32_t v = 0;
	int k, d;

	if (strcmp(arg, "restart") == 0) {
		if (!no && number("maximum-prefix restart", arg2, 65535, &v, errmsg, errlen))
			return -1;
		in->maxpfx_restart = (uint16_t)v;
		return 0;
	}
	k = strcmp(arg, "vpn") == 0	       ? ERPOLICY_PEER_VPN
	    : strcmp(arg, "expressroute") == 0 ? ERPOLICY_PEER_EXPRESSROUTE
					       : -1;
	d = strcmp(arg2, "out") == 0  ? ERPOLICY_DIR_OUT
	    : strcmp(arg2, "in") == 0 ? ERPOLICY_DIR_IN
				      : -1;
	if (k < 0 || d < 0) {
		snprintf(errmsg, errlen, "maximum-prefix %s %s: unknown", arg, arg2);
		return -1;
	}
	if (!no && number("maximum-prefix", arg3, 4294967295ULL, &v, errmsg, errlen))
		return -1;
	in->maxpfx[k][d] = v;
	return 0;
}

/* "[no] tunnel-probe", "tunnel-probe interval|multiplier|hold-down N",
 * "tunnel-probe neighbor A target B". */
static int probe_line(struct erpolicy_intent *in, const char *line, bool no, int n,
		      const char *arg, const char *arg2, char *errmsg, size_t errlen)
{
	char nbr[128], target[128];
	uint32_t v;

	if (n == 1) {
		in->probe.enabled = !no;
		return 0;
	}
	if (strcmp(arg, "neighbor") == 0 &&
	    sscanf(line, "%*s %*s %127s target %127s", nbr, target) == 2)
		return erpolicy_intent_probe_target(in, nbr, target, errmsg, errlen);
	if (n != 3 || number("tunnel-probe", arg2, 60000, &v, errmsg, errlen))
		goto bad;
	if (strcmp(arg, "interval") == 0)
		in->probe.interval_ms = v;
	else if (strcmp(arg, "multiplier") == 0 && v <= 255)
		in->probe.multiplier = (uint8_t)v;
	else if (strcmp(arg, "hold-down") == 0)
		in->probe.hold_down_s = v;
	else
		goto bad;
	return 0;
bad:
	snprintf(errmsg, errlen, "tunnel-probe %s: bad line", arg);
	return -1;
}

int erpolicy_test_line(struct erpolicy_intent *in, const char *line, char *errmsg, size_t errlen)
{
	char kw[64] = "", arg[128] = "", arg2[128] = "", arg3[128] = "";
	bool no = false;
	int n;

	while (*line == ' ' || *line == '\t')
		line++;
	if (!*line || *line == '\n' || *line == '!')
		return 0;
	if (strncmp(line, "no ", 3) == 0) {
		no = true;
		line += 3;
	}
	n = sscanf(line, "%63s %127s %127s %127s", kw, arg, arg2, arg3);
	if (strcmp(kw, "tunnel-probe") == 0)
		return probe_line(in, line, no, n, arg, arg2, errmsg, errlen);
	if (n < 2) {
		snprintf(errmsg, errlen, "incomplete line: %s", line);
		return -1;
	}
	if (strcmp(kw, "mode") == 0) {
		if (erpolicy_mode_parse(arg, &in->mode) < 0) {
			snprintf(errmsg, errlen, "mode %s: unknown mode", arg);
			return -1;
		}
		return 0;
	}
	if (strcmp(kw, "vrf") == 0) {
		/* What does not fit is refused before the intent exists (northbound);
		 * the rest is stored and checked by validation. */
		if (strlen(arg) >= sizeof(in->vrf))
			return erpolicy_vrf_name_check(arg, errmsg, errlen);
		memcpy(in->vrf, arg, strlen(arg) + 1);
		return 0;
	}
	if (strcmp(kw, "local-preference") == 0) {
		uint32_t v;

		if (number("local-preference", arg2, 4294967295ULL, &v, errmsg, errlen))
			return -1;
		if (strcmp(arg, "vpn") == 0)
			in->lp_vpn = v;
		else if (strcmp(arg, "expressroute") == 0)
			in->lp_er = v;
		else {
			snprintf(errmsg, errlen, "local-preference %s: unknown", arg);
			return -1;
		}
		return 0;
	}
	if (strcmp(kw, "maximum-prefix") == 0)
		return maxpfx_line(in, no, arg, arg2, arg3, errmsg, errlen);
	for (int it = 0; it < ERPOLICY_ITEM_MAX; it++) {
		struct erpolicy_pfx p;

		if (strcmp(kw, erpolicy_item_name(it)) != 0)
			continue;
		if (!no)
			return erpolicy_intent_add(in, it, arg, errmsg, errlen);
		if (erpolicy_pfx_parse(arg, erpolicy_item_is_address(it), &p, errmsg, errlen) < 0)
			return -1;
		if (erpolicy_intent_del(in, it, &p) < 0) {
			snprintf(errmsg, errlen, "%s %s: not configured", kw, arg);
			return -1;
		}
		return 0;
	}
	snprintf(errmsg, errlen, "unknown command: %s", line);
	return -1;
}
