// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: what the daemons have of erpolicyd's objects versus what the plans
 * want, as canonical configuration lines, and the commands that turn one into
 * the other. Pure: no I/O (FRR's library for the containers).
 */
#ifndef _FRR_ERPOLICY_DIFF_H_
#define _FRR_ERPOLICY_DIFF_H_

#include <stdbool.h>
#include <stddef.h>

#include "darr.h"
#include "printfrr.h"

#include "erpolicy_memory.h"
#include "erpolicy_compile.h"

/*
 * A list of strings: an FRR dynamic array (darr) of char *, NULL when empty,
 * whose strings are allocated with MTYPE_ERPOLICY_STATE. Loop over it with
 * darr_len(A) and A[i]. erpolicy_strs_push adds a copy of S, erpolicy_strs_pushf
 * a formatted string (printfrr); erpolicy_strs_sort sorts it and drops repeats,
 * erpolicy_strs_has searches a sorted one, erpolicy_strs_free frees each string
 * and the array (A is NULL after).
 */
#define erpolicy_strs_push(A, S)                                                                  \
	do {                                                                                      \
		char *_es__s = erpolicy_strs_dup(S);                                              \
		darr_push_mt(A, _es__s, MTYPE_ERPOLICY_STATE);                                    \
	} while (0)
#define erpolicy_strs_pushf(A, ...)                                                               \
	do {                                                                                      \
		char *_es__s = asprintfrr(MTYPE_ERPOLICY_STATE, __VA_ARGS__);                     \
		darr_push_mt(A, _es__s, MTYPE_ERPOLICY_STATE);                                    \
	} while (0)
/* A copy of s, as XSTRDUP(MTYPE_ERPOLICY_STATE, s) but measuring it once. */
char *erpolicy_strs_dup(const char *s);
void erpolicy_strs_sort(char **strs);
bool erpolicy_strs_has(char *const *sorted, const char *s);
void erpolicy_strs_free_str(char *s);
#define erpolicy_strs_free(A) darr_free_func(A, erpolicy_strs_free_str)

/*
 * What the daemons have of erpolicyd's objects, or what the plans want.
 *
 * The owned objects are their configuration lines, canonical as FRR shows them
 * (anything else someone puts in an owned object then compares unequal, and is
 * replaced):
 *   plist  "ip prefix-list ERPOL-AZURE-V4 seq 7 permit 10.64.0.0/23 le 32"
 *   rmap   "route-map ERPOL-VPN-IN-V4 permit 20\n match ...\n set ..."  (one entry)
 *   pin    "ip route 10.64.0.0/26 192.168.100.2 tag 4242[ vrf NAME]"
 * The neighbor settings are typed: the compiler's structs, with their VRF.
 *   bind     the bindings to erpolicyd's route-maps
 *   maxpfx   maximum-prefix (in, out) or, for a probed vpn-neighbor,
 *            soft-reconfiguration inbound: the plan's, or what bgpd has on the
 *            intent's neighbors (or any neighbor)
 *   maxpfx_prev (want only) what an earlier pass of this process wanted: a setting
 *            the intent no longer asks for is removed only if it is still that one
 *            (the operator's own maximum-prefix is never touched)
 * and, read from bgpd only, the context the bindings need:
 *   nbr      the neighbors configured in router bgp
 *   foreign  bindings to route-maps erpolicyd does not own
 *   vrfs     each router bgp: its ASN as bgpd shows it ("65501", "1.10" in asdot
 *            notation), whether it has "no bgp ebgp-requires-policy" (RFC 8212 off);
 *            from the plans: whether the instance is in mode require-encryption.
 * Each array is an FRR dynamic array (darr), sorted and unique after
 * erpolicy_state_finish (the settings by VRF, then as the compiler sorts them).
 * Neighbors are addresses: a peer-group or an interface in bgpd is not one of
 * the intent's neighbors, and its bindings are not erpolicyd's.
 */
struct erpolicy_sbind {
	char vrf[ERPOLICY_VRF_NAMSIZ];
	struct erpolicy_binding b;
};

/* other: bgpd's line has options erpolicyd never sets (threshold, warning-only, force). */
struct erpolicy_smaxpfx {
	char vrf[ERPOLICY_VRF_NAMSIZ];
	struct erpolicy_maxpfx m;
	bool other;
};

struct erpolicy_snbr {
	char vrf[ERPOLICY_VRF_NAMSIZ];
	union erpolicy_prefix nbr;
};

#define ERPOLICY_ASN_STRSIZ 16 /* "4294967295", "65535.65535" */
struct erpolicy_svrf {
	char vrf[ERPOLICY_VRF_NAMSIZ];
	char asn[ERPOLICY_ASN_STRSIZ]; /* have: "" no router bgp for it */
	bool nopolicy;		       /* have: no bgp ebgp-requires-policy */
	bool strict;		       /* want: mode require-encryption */
};

struct erpolicy_state {
	char **plist, **rmap, **pin;
	struct erpolicy_sbind *bind, *foreign;
	struct erpolicy_smaxpfx *maxpfx, *maxpfx_prev;
	struct erpolicy_snbr *nbr;
	struct erpolicy_svrf *vrfs;
};
void erpolicy_state_init(struct erpolicy_state *st);
void erpolicy_state_free(struct erpolicy_state *st);
/* Add what a plan wants (call for each instance, then erpolicy_state_finish). */
void erpolicy_state_add_plan(struct erpolicy_state *st, const struct erpolicy_plan *plan);
/* What the daemons have: erpolicy_readback.h. */
void erpolicy_state_finish(struct erpolicy_state *st);

/* The VRF's entry (NULL: none); a VRF's entry (added, unsorted until _finish). */
const struct erpolicy_svrf *erpolicy_state_vrf(const struct erpolicy_state *st, const char *vrf);
struct erpolicy_svrf *erpolicy_state_vrf_add(struct erpolicy_state *st, const char *vrf);
/* Order of the typed entries: VRF, then as the compiler orders bindings and settings. */
int erpolicy_sbind_cmp(const struct erpolicy_sbind *a, const struct erpolicy_sbind *b);
int erpolicy_smaxpfx_cmp(const struct erpolicy_smaxpfx *a, const struct erpolicy_smaxpfx *b);
/* The same neighbor, family and direction (the slot a binding or setting fills). */
bool erpolicy_sbind_same_slot(const struct erpolicy_sbind *a, const struct erpolicy_sbind *b);
bool erpolicy_smaxpfx_same_slot(const struct erpolicy_smaxpfx *a, const struct erpolicy_smaxpfx *b);
/* Sort settings (and drop repeats), as erpolicy_state_finish does. */
void erpolicy_smaxpfx_sort(struct erpolicy_smaxpfx *arr);
/* Whether sorted holds an entry equal to key. */
bool erpolicy_state_has_bind(const struct erpolicy_sbind *sorted, const struct erpolicy_sbind *key);
bool erpolicy_state_has_maxpfx(const struct erpolicy_smaxpfx *sorted,
			       const struct erpolicy_smaxpfx *key);
/* The setting as a command's tail: "maximum-prefix 100 restart 5", "soft-reconfiguration inbound". */
void erpolicy_smaxpfx_tail(char *buf, size_t len, const struct erpolicy_smaxpfx *s);

/* A neighbor to refresh (soft in and out) after a push changed what it gets. */
struct erpolicy_refresh {
	char vrf[ERPOLICY_VRF_NAMSIZ];
	enum erpolicy_afi afi;
	union erpolicy_prefix nbr;
};

/* A problem that keeps part of a VRF's plan from being applied. */
struct erpolicy_warning {
	char vrf[ERPOLICY_VRF_NAMSIZ];
	char *msg;
};

/*
 * Commands that turn `have` into `want`, per daemon and in the order to send them:
 * lists of strings (erpolicy_strs_*).
 */
struct erpolicy_diff {
	/* bgpd, first batch: prefix-list entries and route-map entries added or changed. */
	char **bgpd_objects;
	/* bgpd: neighbor bindings set and unset, with their router bgp context lines. */
	char **bgpd_bindings;
	/* bgpd, last batch: route-map and prefix-list entries removed (after unbinding). */
	char **bgpd_removals;
	/* mgmtd (staticd): pin routes added and removed. */
	char **mgmtd;
	/* Neighbors to refresh, sorted and unique (darr). */
	struct erpolicy_refresh *refresh;
	/* VRFs whose objects changed, sorted and unique. */
	char **vrfs;
	/* Sorted by VRF and message (darr). */
	struct erpolicy_warning *warnings;
};
void erpolicy_diff_compute(struct erpolicy_diff *d, const struct erpolicy_state *want,
			   const struct erpolicy_state *have);
bool erpolicy_diff_empty(const struct erpolicy_diff *d);
void erpolicy_diff_free(struct erpolicy_diff *d);

/*
 * Route-maps the diff re-creates whole while bgpd still has a neighbor bound to
 * them: deleted by someone while bound. Their names, sorted (erpolicy_strs_free).
 */
char **erpolicy_diff_bound_missing(const struct erpolicy_state *want,
				   const struct erpolicy_state *have);
/* Drop from d->bgpd_objects the entries of the route-maps named in held (sorted). */
void erpolicy_diff_hold_rmaps(struct erpolicy_diff *d, char *const *held);

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
