// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: what the daemons have of erpolicyd's objects versus what the plans
 * want, as canonical configuration lines, and the commands that turn one into
 * the other. Pure: text in, text out, no I/O, no FRR headers.
 */
#ifndef _FRR_ERPOLICY_DIFF_H_
#define _FRR_ERPOLICY_DIFF_H_

#include <stdbool.h>
#include <stddef.h>

#include "erpolicy_compile.h"

/* A growable array of malloc'd strings; sorted and unique after _sort(). */
struct erpolicy_strv {
	char **v;
	size_t n, cap;
};
void erpolicy_strv_push(struct erpolicy_strv *sv, const char *s);
void erpolicy_strv_pushf(struct erpolicy_strv *sv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void erpolicy_strv_sort(struct erpolicy_strv *sv);
bool erpolicy_strv_has(const struct erpolicy_strv *sorted, const char *s);
void erpolicy_strv_free(struct erpolicy_strv *sv);

/*
 * The owned objects of all instances, one canonical string each:
 *   plist  "ip prefix-list ERPOL-AZURE-V4 seq 7 permit 10.64.0.0/23 le 32"
 *   rmap   "route-map ERPOL-VPN-IN-V4 permit 20\n match ...\n set ..."  (one entry)
 *   bind   "VRF\tAFI\tNEIGHBOR\tDIR\tROUTE-MAP"  (AFI ipv4|ipv6, DIR in|out)
 *   pin    "ip route 10.64.0.0/26 192.168.100.2 tag 4242[ vrf NAME]"
 * and, read from the daemons only, the context the bindings need:
 *   maxpfx "VRF\tAFI\tNEIGHBOR\tDIR\tmaximum-prefix N[ ...]" or "...\tout\tmaximum-prefix-out N"
 *            or "...\tsoft\tsoft-reconfiguration inbound" (a probed vpn-neighbor)
 *            (on the intent's neighbors: the plan's, or what bgpd has on any neighbor)
 *   maxpfx_prev (want only) what an earlier pass of this process wanted: a setting
 *            the intent no longer asks for is removed only if it is still that one
 *            (the operator's own maximum-prefix is never touched)
 *   nbr      "VRF\tNEIGHBOR"  configured in router bgp
 *   foreign  "VRF\tAFI\tNEIGHBOR\tDIR\tROUTE-MAP"  bindings to route-maps erpolicyd does not own
 *   asn      "VRF\tASN"  ASN as bgpd shows it ("65501", "1.10" in asdot notation)
 *   nopolicy "VRF"  router bgp has "no bgp ebgp-requires-policy" (RFC 8212 off)
 * and, from the plans only:
 *   strict   "VRF"  the instance is in mode require-encryption
 */
struct erpolicy_state {
	struct erpolicy_strv plist, rmap, bind, pin, maxpfx, maxpfx_prev;
	struct erpolicy_strv nbr, foreign, asn, nopolicy, strict;
};
void erpolicy_state_init(struct erpolicy_state *st);
void erpolicy_state_free(struct erpolicy_state *st);
/* Add what a plan wants (call for each instance, then erpolicy_state_finish). */
void erpolicy_state_add_plan(struct erpolicy_state *st, const struct erpolicy_plan *plan);
/* What the daemons have: erpolicy_readback.h. */
void erpolicy_state_finish(struct erpolicy_state *st);

/* Commands that turn `have` into `want`, per daemon and in the order to send them. */
struct erpolicy_diff {
	/* bgpd, first batch: prefix-list entries and route-map entries added or changed. */
	struct erpolicy_strv bgpd_objects;
	/* bgpd: neighbor bindings set and unset, with their router bgp context lines. */
	struct erpolicy_strv bgpd_bindings;
	/* bgpd, last batch: route-map and prefix-list entries removed (after unbinding). */
	struct erpolicy_strv bgpd_removals;
	/* mgmtd (staticd): pin routes added and removed. */
	struct erpolicy_strv mgmtd;
	/* Neighbors to refresh (soft in and out): "VRF\tAFI\tNEIGHBOR". */
	struct erpolicy_strv refresh;
	/* VRFs whose objects changed. */
	struct erpolicy_strv vrfs;
	/* Problems that keep part of the plan from being applied, "VRF\tmessage". */
	struct erpolicy_strv warnings;
};
void erpolicy_diff_compute(struct erpolicy_diff *d, const struct erpolicy_state *want,
			   const struct erpolicy_state *have);
bool erpolicy_diff_empty(const struct erpolicy_diff *d);
void erpolicy_diff_free(struct erpolicy_diff *d);

/*
 * Route-maps the diff re-creates whole while bgpd still has a neighbor bound to
 * them: deleted by someone while bound. Their names, sorted, into names.
 */
void erpolicy_diff_bound_missing(const struct erpolicy_state *want,
				 const struct erpolicy_state *have, struct erpolicy_strv *names);
/* Drop from d->bgpd_objects the entries of the route-maps named in held (sorted). */
void erpolicy_diff_hold_rmaps(struct erpolicy_diff *d, const struct erpolicy_strv *held);

/* The VRF an owned object name belongs to ("default" unless it ends in -VRF-<name>). */
const char *erpolicy_name_vrf(const char *name, char *buf, size_t len);

/*
 * For each line of text (without its newline, empty lines skipped), on a copy.
 * line and copy name the variables it declares, which cannot be parenthesised.
 */
/* NOLINTBEGIN(bugprone-macro-parentheses) */
#define ERPOLICY_FOREACH_LINE(text, line, copy)                                                   \
	for (char *copy = strdup(text ? text : ""), *_save = NULL,                                \
		  *line = copy ? strtok_r(copy, "\n", &_save) : NULL;                             \
	     line || (free(copy), 0); line = strtok_r(NULL, "\n", &_save))
/* NOLINTEND(bugprone-macro-parentheses) */

#endif /* _FRR_ERPOLICY_DIFF_H_ */
