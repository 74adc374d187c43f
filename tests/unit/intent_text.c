// SPDX-License-Identifier: GPL-2.0-or-later
/* The text form of an intent: one parser for the unit tests and the fuzzers. */

#include <zebra.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intent_text.h"

#define BLANKS " \t"

static int number(const char *what, const char *text, unsigned long long min,
		  unsigned long long max, uint32_t *out, char *errmsg, size_t errlen)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno || !*text || *end || *text == '-' || v < min || v > max) {
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
		if (!no && number("maximum-prefix restart", arg2, 1, 65535, &v, errmsg, errlen))
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
	if (!no && number("maximum-prefix", arg3, 1, 4294967295ULL, &v, errmsg, errlen))
		return -1;
	in->maxpfx[k][d] = v;
	return 0;
}

/* "[no] tunnel-probe", "[no] tunnel-probe interval|multiplier|hold-down N",
 * "tunnel-probe neighbor A target B". */
static int probe_line(struct erpolicy_intent *in, const char *rest, bool no, int n,
		      const char *arg, const char *arg2, char *errmsg, size_t errlen)
{
	char nbr[128], target[128];
	uint32_t v = 0;

	if (n <= 1) {
		in->probe.enabled = !no;
		return 0;
	}
	if (!no && strcmp(arg, "neighbor") == 0 &&
	    sscanf(rest, "%*s %127s target %127s", nbr, target) == 2)
		return erpolicy_intent_probe_target(in, nbr, target, errmsg, errlen);
	if (!no && (n != 3 || number("tunnel-probe", arg2, 0, 60000, &v, errmsg, errlen)))
		goto bad;
	if (strcmp(arg, "interval") == 0)
		in->probe.interval_ms = no ? ERPOLICY_PROBE_INTERVAL_DEFAULT : v;
	else if (strcmp(arg, "multiplier") == 0 && v <= 255)
		in->probe.multiplier = no ? ERPOLICY_PROBE_MULTIPLIER_DEFAULT : (uint8_t)v;
	else if (strcmp(arg, "hold-down") == 0)
		in->probe.hold_down_s = no ? ERPOLICY_PROBE_HOLD_DOWN_DEFAULT : v;
	else
		goto bad;
	return 0;
bad:
	snprintf(errmsg, errlen, "tunnel-probe %s: bad line", arg);
	return -1;
}

static int item_default(void *arg, struct erpolicy_intent *in, enum erpolicy_item it, bool no,
			const char *value, char *errmsg, size_t errlen)
{
	union erpolicy_prefix p;

	if (!no)
		return erpolicy_intent_add(in, it, value, errmsg, errlen);
	if (erpolicy_prefix_parse(value, erpolicy_item_is_address(it), &p, errmsg, errlen) < 0)
		return -1;
	if (erpolicy_intent_del(in, it, &p) < 0) {
		snprintf(errmsg, errlen, "%s %s: not configured", erpolicy_item_name(it), value);
		return -1;
	}
	return 0;
}

/* One line, NUL-terminated at its end. */
static int text_line(struct erpolicy_intent *in, char *line, erpolicy_test_item_fn item,
		     void *item_arg, char *errmsg, size_t errlen)
{
	char arg[128] = "", arg2[128] = "", arg3[128] = "";
	const char *kw, *rest;
	bool no = false;
	int n;

	line += strspn(line, BLANKS);
	if (!*line || *line == '!')
		return 0;
	if (strncmp(line, "no", 2) == 0 && line[2] && strchr(BLANKS, line[2])) {
		no = true;
		line += 3 + strspn(line + 3, BLANKS);
	}
	kw = line;
	line += strcspn(line, BLANKS);
	if (*line)
		*line++ = '\0';
	rest = line + strspn(line, BLANKS);
	n = 1 + sscanf(rest, "%127s %127s %127s", arg, arg2, arg3);

	if (strcmp(kw, "tunnel-probe") == 0)
		return probe_line(in, rest, no, n, arg, arg2, errmsg, errlen);
	if (n < 2 && !(no && (strcmp(kw, "mode") == 0))) {
		snprintf(errmsg, errlen, "incomplete line: %s", kw);
		return -1;
	}
	if (strcmp(kw, "mode") == 0) {
		enum erpolicy_mode m = ERPOLICY_MODE_PREFER_VPN;

		if (!no && erpolicy_mode_parse(arg, &m) < 0) {
			snprintf(errmsg, errlen, "mode %s: unknown mode", arg);
			return -1;
		}
		in->mode = m;
		return 0;
	}
	if (strcmp(kw, "vrf") == 0 && !no) {
		/* What does not fit is refused before the intent exists (northbound);
		 * the rest is stored and checked by validation. */
		if (strlen(arg) >= sizeof(in->vrf))
			return erpolicy_vrf_name_check(arg, errmsg, errlen);
		memcpy(in->vrf, arg, strlen(arg) + 1);
		return 0;
	}
	if (strcmp(kw, "local-preference") == 0) {
		bool vpn = strcmp(arg, "vpn") == 0;
		uint32_t v;

		if (!vpn && strcmp(arg, "expressroute") != 0) {
			snprintf(errmsg, errlen, "local-preference %s: unknown", arg);
			return -1;
		}
		if (no)
			v = vpn ? ERPOLICY_LP_VPN_DEFAULT : ERPOLICY_LP_ER_DEFAULT;
		else if (number("local-preference", arg2, 0, 4294967295ULL, &v, errmsg, errlen))
			return -1;
		if (vpn)
			in->lp_vpn = v;
		else
			in->lp_er = v;
		return 0;
	}
	if (strcmp(kw, "maximum-prefix") == 0)
		return maxpfx_line(in, no, arg, arg2, arg3, errmsg, errlen);
	for (int it = 0; it < ERPOLICY_ITEM_MAX; it++)
		if (strcmp(kw, erpolicy_item_name(it)) == 0)
			return item(item_arg, in, it, no, rest, errmsg, errlen);
	snprintf(errmsg, errlen, "unknown command: %s", kw);
	return -1;
}

int erpolicy_test_line_item(struct erpolicy_intent *in, const char *line,
			    erpolicy_test_item_fn item, void *arg, char *errmsg, size_t errlen)
{
	char *copy = strndup(line, strcspn(line, "\n"));
	int rc;

	if (!copy)
		abort();
	rc = text_line(in, copy, item ? item : item_default, arg, errmsg, errlen);
	free(copy);
	return rc;
}

int erpolicy_test_line(struct erpolicy_intent *in, const char *line, char *errmsg, size_t errlen)
{
	return erpolicy_test_line_item(in, line, NULL, NULL, errmsg, errlen);
}
