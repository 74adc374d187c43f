// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: the verifier. From zebra's selected routes (mirrored through the
 * zclient), bgpd's best paths and what bgpd advertises to each Azure peer,
 * judges every azure-prefix, gateway-subnet and onprem-prefix of the intent by
 * the rules of erpolicy_verdict.h, and records the verdicts.
 */
#ifndef _FRR_ERPOLICY_VERIFY_H_
#define _FRR_ERPOLICY_VERIFY_H_

#include <stdbool.h>
#include <stdint.h>

#include "frrevent.h"
#include "erpolicy_intent.h"
#include "erpolicy_verdict.h"

/* A verification this long after a push (bgpd's updates to its peers take a moment). */
#define ERPOLICY_VERIFY_AFTER_PUSH_MS 500
/* Interval of the verification that does not wait for a route change. */
#define ERPOLICY_VERIFY_INTERVAL_MS 2000
/* bgpd best-path reads per pass; more are left for the next pass, 10 ms later. */
#define ERPOLICY_VERIFY_BGP_BATCH 256
/* Best paths read again per periodic pass even without a route change. */
#define ERPOLICY_VERIFY_BGP_SAMPLE 16
/* Per-prefix log lines per pass about violations starting or ending; then a summary. */
#define ERPOLICY_VERIFY_LOG_MAX 20

/* Coalesce a burst of route changes into one verification. */
#define ERPOLICY_ROUTE_EVENT_DELAY_MS 50

/* What the verifier has done since erpolicyd started, all VRFs. */
struct erpolicy_verify_stats {
	uint64_t judged;    /* an instance's verdicts judged again */
	uint64_t unchanged; /* not judged: nothing they rest on had changed */
	int64_t judge_last_us, judge_max_us;
};
const struct erpolicy_verify_stats *erpolicy_verify_stats(void);

/*
 * The verifier learns of intents, pushes and route changes through the hooks of
 * erpolicy_instance.h, erpolicy_apply.h and erpolicy_zebra.h, registered here.
 */
void erpolicy_verify_init(struct event_loop *loop);
void erpolicy_verify_fini(void);
/* Evaluate again within msec. */
void erpolicy_verify_schedule(unsigned long msec);

#endif /* _FRR_ERPOLICY_VERIFY_H_ */
