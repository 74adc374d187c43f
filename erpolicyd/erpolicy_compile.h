// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd compiler: intent -> plan of FRR objects (pure, deterministic, no I/O), and its renderer. */

#ifndef _FRR_ERPOLICY_COMPILE_H_
#define _FRR_ERPOLICY_COMPILE_H_

#include "erpolicy_intent.h"
#include "erpolicy_memory.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ERPOLICY_OBJ_NAMSIZ	  80
#define ERPOLICY_RMAP_MAX_ENTRIES 8

enum erpolicy_afi {
	ERPOLICY_AFI_V4 = 0,
	ERPOLICY_AFI_V6,
	ERPOLICY_AFI_MAX,
};

struct erpolicy_plist_entry {
	union erpolicy_prefix pfx; /* first: the rest fits in its alignment padding */
	uint32_t seq;
	bool permit;
	uint8_t le; /* 0: exact match */
};

struct erpolicy_plist {
	char name[ERPOLICY_OBJ_NAMSIZ];
	enum erpolicy_afi afi;
	struct erpolicy_plist_entry *e; /* sorted by seq */
	size_t n;
};

struct erpolicy_rmap_entry {
	uint32_t seq;
	bool permit;
	char match_plist[ERPOLICY_OBJ_NAMSIZ]; /* "" none */
	bool set_lp;
	uint32_t lp;
};

struct erpolicy_rmap {
	char name[ERPOLICY_OBJ_NAMSIZ];
	enum erpolicy_afi afi;
	struct erpolicy_rmap_entry e[ERPOLICY_RMAP_MAX_ENTRIES]; /* sorted by seq */
	size_t n;
};

struct erpolicy_binding {
	union erpolicy_prefix nbr;
	enum erpolicy_afi afi;
	bool out;
	char rmap[ERPOLICY_OBJ_NAMSIZ];
};

/*
 * "neighbor X maximum-prefix N [restart M]" (in) or "neighbor X maximum-prefix-out N" (out);
 * with soft_in, "neighbor X soft-reconfiguration inbound" instead (limit unused).
 */
struct erpolicy_maxpfx {
	union erpolicy_prefix nbr;
	enum erpolicy_afi afi;
	bool out;
	bool soft_in;
	uint32_t limit;
	uint16_t restart; /* in only; 0 none */
};

struct erpolicy_pin {
	union erpolicy_prefix pfx;
	union erpolicy_prefix nh;
};

struct erpolicy_plan {
	char vrf[ERPOLICY_VRF_NAMSIZ];
	enum erpolicy_mode mode;       /* copied from the intent, for the rendered header */
	struct erpolicy_plist *plists; /* sorted by name */
	size_t n_plists;
	struct erpolicy_rmap *rmaps; /* sorted by name */
	size_t n_rmaps;
	struct erpolicy_binding *bindings; /* sorted: afi, nbr, in before out */
	size_t n_bindings;
	struct erpolicy_maxpfx *maxpfx; /* sorted as bindings */
	size_t n_maxpfx;
	struct erpolicy_pin *pins; /* sorted: pfx, nh */
	size_t n_pins;
	char **warnings; /* e.g. GatewaySubnet covered but no ER neighbor of its family */
	size_t n_warnings;
};

/* Compile an intent (assumed valid: erpolicy_intent_validate) into a new plan. */
struct erpolicy_plan *erpolicy_compile(const struct erpolicy_intent *in);
/* The same, with the vpn-neighbors whose tunnel the probe found dead (sorted; NULL none). */
struct erpolicy_plan *erpolicy_compile_with(const struct erpolicy_intent *in,
					    const struct erpolicy_list *vpn_down);
void erpolicy_plan_free(struct erpolicy_plan *plan);
/* How many prefixes of l are of this family (AF_INET or AF_INET6). */
size_t erpolicy_compile_count_family(const struct erpolicy_list *l, uint8_t family);

/* Object names: ERPOL-<ROLE>-V4|V6, plus "-VRF-<vrf>" when vrf is not "default". */
void erpolicy_object_name(char *buf, size_t len, const char *vrf, const char *role,
			  enum erpolicy_afi afi);

/* erpolicy_render.c: one line each, no trailing newline, as FRR's show running-config
 * prints them (a pin in a non-default VRF carries a " vrf NAME" suffix instead). */
void erpolicy_render_plist_entry(char *buf, size_t len, const struct erpolicy_plist *pl,
				 const struct erpolicy_plist_entry *e);
void erpolicy_render_pin(char *buf, size_t len, const char *vrf, const struct erpolicy_pin *pin);
/* A route-map entry as FRR prints it, without the closing "exit" and without a trailing
 * newline: "route-map NAME permit|deny SEQ[\n match ...][\n set local-preference N]". */
void erpolicy_render_rmap_entry(char *buf, size_t len, const struct erpolicy_rmap *rm,
				const struct erpolicy_rmap_entry *e);
/* "neighbor X route-map NAME in|out" (no indentation). */
void erpolicy_render_binding(char *buf, size_t len, const struct erpolicy_binding *b);
/* "neighbor X maximum-prefix N[ restart M]" or "neighbor X maximum-prefix-out N". */
void erpolicy_render_maxpfx(char *buf, size_t len, const struct erpolicy_maxpfx *m);
/* Whole plan as text (the caller frees it: XFREE(MTYPE_ERPOLICY_CONFIG_TEXT)). asn 0 ->
 * "router bgp" without ASN. */
char *erpolicy_render_plan(const struct erpolicy_plan *plan, uint32_t asn);

#ifdef __cplusplus
}
#endif

#endif /* _FRR_ERPOLICY_COMPILE_H_ */
