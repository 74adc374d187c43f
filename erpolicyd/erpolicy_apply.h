// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: keeps bgpd and staticd (through mgmtd) holding exactly the objects
 * the instances' plans want. A reconcile pass reads what the daemons have (when
 * they may have changed), computes the difference and pushes only that, one
 * push per daemon.
 */
#ifndef _FRR_ERPOLICY_APPLY_H_
#define _FRR_ERPOLICY_APPLY_H_

#include "frrevent.h"
#include "hook.h"

/*
 * Per-instance apply state:
 *   WAITING  a daemon it needs is not reachable yet (reason says which);
 *   PENDING  the intent changed and has not been pushed yet;
 *   APPLIED  the last pass found the daemons holding exactly the plan;
 *   FAILED   a daemon rejected part of the last push (reason says what).
 */
enum erpolicy_apply_state {
	ERPOLICY_APPLY_PENDING = 0,
	ERPOLICY_APPLY_WAITING,
	ERPOLICY_APPLY_APPLIED,
	ERPOLICY_APPLY_FAILED,
};
const char *erpolicy_apply_state_name(enum erpolicy_apply_state st);

/*
 * The reconcile pass runs every ERPOLICY_RECONCILE_INTERVAL_MS. It first asks
 * bgpd and mgmtd (zebra every ERPOLICY_RECONCILE_ZEBRA_MS) whether their
 * configuration changed (`show configuration version`, FRR patch 0005: a
 * hundred bytes each, whatever they hold). Only then,
 * or when the intent changed, or to confirm a push, does it read their running
 * configurations and compare (a full pass). Full passes caused by changes others
 * make are paced so that a daemon configured continuously costs erpolicyd at
 * most 1/ERPOLICY_RECONCILE_CPU_SHARE of a core (erpolicy_pass_pace()); and one
 * runs every ERPOLICY_RECONCILE_FULL_MS whatever the answers (for what no
 * version counts: a pin staticd never passed to zebra).
 */
#define ERPOLICY_RECONCILE_INTERVAL_MS 100
#define ERPOLICY_RECONCILE_ZEBRA_MS    1000
/* The pace, ERPOLICY_RECONCILE_FULL_MS, the loads' limits and the decision: erpolicy_pass.h. */

/*
 * What the reconcile passes have done since erpolicyd started (`show
 * expressroute-policy statistics`). Times are wall clock in ms; a full pass
 * runs from its decision (after the version check) to its end, the push it
 * makes from its first line sent to the last reply.
 */
struct erpolicy_apply_stats {
	uint64_t passes;	/* every pass, the version checks included */
	uint64_t full_passes;	/* passes that compared the plans with the daemons */
	uint64_t cached_passes; /* of those, pushed from what was held, nothing read */
	uint64_t pushes, push_failures;
	int64_t full_last_ms, full_max_ms, full_cpu_last_ms;
	int64_t push_last_ms, push_max_ms;
	uint64_t push_last_bgpd_lines, push_last_mgmtd_lines;
};
const struct erpolicy_apply_stats *erpolicy_apply_stats(void);

/* vtydir: where the daemons' vty sockets are (pathspace aware). */
void erpolicy_apply_init(struct event_loop *loop, const char *vtydir);
void erpolicy_apply_fini(void);
/* Run a reconcile pass soon (the intent changed). */
void erpolicy_apply_schedule(void);
/* Called after each push (the verifier looks again once bgpd has advertised it). */
DECLARE_HOOK(erpolicy_apply_pushed, (), ());

#endif /* _FRR_ERPOLICY_APPLY_H_ */
