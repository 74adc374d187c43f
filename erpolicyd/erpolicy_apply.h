// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: keeps bgpd and staticd (through mgmtd) holding exactly the objects
 * the instances' plans want. One reconcile pass reads what the daemons have,
 * computes the difference and pushes only that, one batch per daemon.
 */
#ifndef _FRR_ERPOLICY_APPLY_H_
#define _FRR_ERPOLICY_APPLY_H_

#include "frrevent.h"

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
 * Interval of the reconcile pass that also detects drift: at least the minimum, and
 * at least ERPOLICY_RECONCILE_CPU_SHARE times the CPU time the last pass took, so that
 * watching for drift costs erpolicyd at most 1/ERPOLICY_RECONCILE_CPU_SHARE of a core
 * whatever the size of the intent (capped at the maximum).
 */
#define ERPOLICY_RECONCILE_INTERVAL_MS 1000
#define ERPOLICY_RECONCILE_INTERVAL_MAX_MS 10000
#define ERPOLICY_RECONCILE_CPU_SHARE 100

/* vtydir: where the daemons' vty sockets are (pathspace aware). */
void erpolicy_apply_init(struct event_loop *loop, const char *vtydir);
void erpolicy_apply_fini(void);
/* Run a reconcile pass soon (the intent changed). */
void erpolicy_apply_schedule(void);

#endif /* _FRR_ERPOLICY_APPLY_H_ */
