// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: the tunnel probe's state machine (pure: times in, actions out, no I/O).
 *
 *   INIT ---reply---> UP ---no reply for detect---> DOWN ---reply---> HOLD_DOWN
 *     |                ^                              ^                  |
 *     |                +------- replies for hold -----|------------------+
 *     |                                               +-- no reply for detect
 *     +--no reply for detect while the BGP session is up--> DOWN
 *
 * detect = interval * multiplier after the last reply (BFD's detection time): one lost
 * probe does not take the tunnel down. Going DOWN takes the neighbor's routes out of
 * preference (TAKE_DOWN); leaving HOLD_DOWN for UP gives them back (RESTORE). hold is
 * hold-down << penalty: each loss within ERPOLICY_PROBE_FLAP_WINDOW times hold-down of
 * the last return, or during a hold-down, doubles it (up to 1 << ERPOLICY_PROBE_PENALTY_MAX);
 * a loss after a longer quiet time starts again from hold-down.
 */
#ifndef _FRR_ERPOLICY_PROBE_FSM_H_
#define _FRR_ERPOLICY_PROBE_FSM_H_

#include <stdbool.h>
#include <stdint.h>

#include "erpolicy_intent.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ERPOLICY_PROBE_FLAP_WINDOW 10
#define ERPOLICY_PROBE_PENALTY_MAX 4

/* YANG: neighbor/probe/state. */
enum erpolicy_probe_state {
	ERPOLICY_PROBE_DISABLED = 0,
	ERPOLICY_PROBE_INIT,
	ERPOLICY_PROBE_UP,
	ERPOLICY_PROBE_DOWN,
	ERPOLICY_PROBE_HOLD_DOWN,
};
const char *erpolicy_probe_state_name(enum erpolicy_probe_state st);

enum erpolicy_probe_action {
	ERPOLICY_PROBE_NONE = 0,
	ERPOLICY_PROBE_TAKE_DOWN,
	ERPOLICY_PROBE_RESTORE,
};

/* Times in milliseconds on a monotonic clock. */
struct erpolicy_probe_fsm {
	enum erpolicy_probe_state state;
	int64_t since;	  /* the state began */
	int64_t last_rx;  /* last reply (valid once a reply came) */
	int64_t restored; /* last RESTORE; -1 never */
	unsigned int penalty;
	uint64_t downs; /* times the tunnel went down */
};

void erpolicy_probe_fsm_start(struct erpolicy_probe_fsm *f, int64_t now);
/* A reply came at now. */
enum erpolicy_probe_action erpolicy_probe_fsm_reply(struct erpolicy_probe_fsm *f,
						    const struct erpolicy_probe_cfg *cfg,
						    int64_t now);
/* Time passed (call at the deadline or later). session_up: the neighbor's BGP session. */
enum erpolicy_probe_action erpolicy_probe_fsm_check(struct erpolicy_probe_fsm *f,
						    const struct erpolicy_probe_cfg *cfg,
						    int64_t now, bool session_up);
/*
 * The caller could not listen until now (erpolicyd was busy past the check's
 * deadline): replies may have waited unread, requests gone unsent. The time
 * without a reply starts again at now, so a busy erpolicyd never takes a tunnel
 * down; a dead tunnel is found one detection time later.
 */
void erpolicy_probe_fsm_resync(struct erpolicy_probe_fsm *f, int64_t now);
/* When erpolicy_probe_fsm_check may next change something (INT64_MAX: never). */
int64_t erpolicy_probe_fsm_deadline(const struct erpolicy_probe_fsm *f,
				    const struct erpolicy_probe_cfg *cfg);
/* The hold-down in force (ms). */
int64_t erpolicy_probe_fsm_hold_ms(const struct erpolicy_probe_fsm *f,
				   const struct erpolicy_probe_cfg *cfg);

#ifdef __cplusplus
}
#endif

#endif /* _FRR_ERPOLICY_PROBE_FSM_H_ */
