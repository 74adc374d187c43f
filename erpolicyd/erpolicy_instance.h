// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd: the per-VRF policy instances (intent in force and its compiled plan). */
#ifndef _FRR_ERPOLICY_INSTANCE_H_
#define _FRR_ERPOLICY_INSTANCE_H_

#include "typesafe.h"
#include "hook.h"
#include "memory.h"
#include "frrevent.h"

#include "erpolicy_memory.h"
#include "erpolicy_intent.h"
#include "erpolicy_compile.h"
#include "erpolicy_diff.h"
#include "erpolicy_apply.h"
#include "erpolicy_verify.h"

PREDECL_RBTREE_UNIQ(erpolicy_instances);

struct erpolicy_instance {
	struct erpolicy_instances_item entry;
	char vrf[ERPOLICY_VRF_NAMSIZ];

	/* What the running configuration asks for, and what it compiles to. */
	struct erpolicy_intent intent;
	struct erpolicy_plan *plan;
	/* vpn-neighbors whose tunnel the probe found dead (sorted): part of the plan. */
	struct erpolicy_list vpn_down;

	/* AS number of the BGP instance of this VRF, once bgpd told it (0: unknown). */
	uint32_t bgp_asn;

	/* Apply state (erpolicy_apply.c). */
	enum erpolicy_apply_state apply_state;
	char apply_reason[1024];
	time_t last_apply;
	uint64_t applies;
	uint64_t drift_repairs;
	/* The daemons held this intent's plan once: what they lose after that is drift. */
	bool converged;
	/* Why parts of the plan are not applied (e.g. a neighbor not in router bgp); sorted. */
	char **warnings;

	/* Verifier results (erpolicy_verify.c). */
	struct erpolicy_verdict *verdicts; /* azure-prefixes, gateway-subnets, onprem-prefixes */
	size_t n_verdicts;
	struct erpolicy_nbr_state *nbrs;
	size_t n_nbrs;
	char **nbr_warnings; /* e.g. an expressroute-neighbor without BFD */
	uint32_t violations;
	bool verified; /* verdicts reflect at least one pass */
	time_t last_verify;
	size_t sample_pos; /* rotation of best paths re-read without a route change */
	/* Something the verdicts rest on changed since they were judged: a route, the
	 * intent, a best path. The neighbors' facts are compared (judged_facts). */
	bool judge_dirty;
	uint8_t *judged_facts;
	size_t judged_facts_len;
};

void erpolicy_instance_init(struct event_loop *loop);
void erpolicy_instance_terminate(void);

struct erpolicy_instance *erpolicy_instance_create(const char *vrf);
void erpolicy_instance_delete(struct erpolicy_instance *inst);
struct erpolicy_instance *erpolicy_instance_lookup(const char *vrf);
/* Take over *in (left empty) as the intent in force and recompile. */
void erpolicy_instance_set_intent(struct erpolicy_instance *inst, struct erpolicy_intent *in);

/* The probe found nbr's tunnel dead (down) or back: recompile and apply. */
void erpolicy_instance_set_vpn_down(struct erpolicy_instance *inst,
				    const union erpolicy_prefix *nbr, bool down);
bool erpolicy_instance_vpn_down(const struct erpolicy_instance *inst,
				const union erpolicy_prefix *nbr);

/*
 * Who follows the instances registers here (FRR hooks); this file calls them and
 * knows none of them:
 *   plan_changed    the plan of inst changed (created, new intent, a tunnel found
 *                   dead or back, deleted): the reconcile pass, the verifier;
 *   intent_changed  a new intent in force; reread: its neighbors or
 *                   local-preferences changed (every best path is read again):
 *                   the verifier, the tunnel probe;
 *   gone            inst is about to be freed: the verifier, the tunnel probe.
 */
DECLARE_HOOK(erpolicy_instance_plan_changed, (struct erpolicy_instance * inst), (inst));
DECLARE_HOOK(erpolicy_instance_intent_changed, (struct erpolicy_instance * inst, bool reread),
	     (inst, reread));
DECLARE_HOOK(erpolicy_instance_gone, (struct erpolicy_instance * inst), (inst));

struct erpolicy_instance *erpolicy_instance_first(void);
struct erpolicy_instance *erpolicy_instance_next(struct erpolicy_instance *inst);

#define ERPOLICY_VRF_DEFAULT "default"

/* "2026-11-25T08:08:25+00:00" (UTC, the canonical YANG date-and-time): show output and state. */
const char *erpolicy_time_str(time_t t, char *buf, size_t len);

#endif /* _FRR_ERPOLICY_INSTANCE_H_ */
