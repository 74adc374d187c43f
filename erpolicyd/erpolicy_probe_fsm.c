// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd: the tunnel probe's state machine (see erpolicy_probe_fsm.h). */

#include <zebra.h>

#include <stdint.h>

#include "erpolicy_probe_fsm.h"

const char *erpolicy_probe_state_name(enum erpolicy_probe_state st)
{
	switch (st) {
	case ERPOLICY_PROBE_DISABLED:
		return "disabled";
	case ERPOLICY_PROBE_INIT:
		return "init";
	case ERPOLICY_PROBE_UP:
		return "up";
	case ERPOLICY_PROBE_DOWN:
		return "down";
	case ERPOLICY_PROBE_HOLD_DOWN:
		return "hold-down";
	}
	return "unknown";
}

static int64_t detect_ms(const struct erpolicy_probe_cfg *cfg)
{
	return (int64_t)cfg->interval_ms * cfg->multiplier;
}

int64_t erpolicy_probe_fsm_hold_ms(const struct erpolicy_probe_fsm *f,
				   const struct erpolicy_probe_cfg *cfg)
{
	return ((int64_t)cfg->hold_down_s * 1000) << f->penalty;
}

static void set_state(struct erpolicy_probe_fsm *f, enum erpolicy_probe_state st, int64_t now)
{
	f->state = st;
	f->since = now;
}

static void penalise(struct erpolicy_probe_fsm *f)
{
	if (f->penalty < ERPOLICY_PROBE_PENALTY_MAX)
		f->penalty++;
}

void erpolicy_probe_fsm_start(struct erpolicy_probe_fsm *f, int64_t now)
{
	f->state = ERPOLICY_PROBE_INIT;
	f->since = now;
	f->last_rx = now;
	f->restored = -1;
	f->penalty = 0;
	f->downs = 0;
}

enum erpolicy_probe_action erpolicy_probe_fsm_reply(struct erpolicy_probe_fsm *f,
						    const struct erpolicy_probe_cfg *cfg,
						    int64_t now)
{
	f->last_rx = now;
	switch (f->state) {
	case ERPOLICY_PROBE_INIT:
		set_state(f, ERPOLICY_PROBE_UP, now);
		break;
	case ERPOLICY_PROBE_DOWN:
		set_state(f, ERPOLICY_PROBE_HOLD_DOWN, now);
		/* No hold-down: back at once. */
		return erpolicy_probe_fsm_check(f, cfg, now, true);
	case ERPOLICY_PROBE_DISABLED:
	case ERPOLICY_PROBE_UP:
	case ERPOLICY_PROBE_HOLD_DOWN:
		break;
	}
	return ERPOLICY_PROBE_NONE;
}

enum erpolicy_probe_action erpolicy_probe_fsm_check(struct erpolicy_probe_fsm *f,
						    const struct erpolicy_probe_cfg *cfg,
						    int64_t now, bool session_up)
{
	bool lost = now - f->last_rx >= detect_ms(cfg);

	switch (f->state) {
	case ERPOLICY_PROBE_INIT:
		/* Never answered: only a session that is up has routes to take away. */
		if (!lost || !session_up)
			return ERPOLICY_PROBE_NONE;
		set_state(f, ERPOLICY_PROBE_DOWN, now);
		f->downs++;
		return ERPOLICY_PROBE_TAKE_DOWN;
	case ERPOLICY_PROBE_UP:
		if (!lost)
			return ERPOLICY_PROBE_NONE;
		if (f->restored >= 0 && now - f->restored < ERPOLICY_PROBE_FLAP_WINDOW *
								    (int64_t)cfg->hold_down_s *
								    1000)
			penalise(f);
		else
			f->penalty = 0;
		set_state(f, ERPOLICY_PROBE_DOWN, now);
		f->downs++;
		return ERPOLICY_PROBE_TAKE_DOWN;
	case ERPOLICY_PROBE_HOLD_DOWN:
		if (lost) {
			/* Lost again before it proved itself: still out, and longer. */
			penalise(f);
			set_state(f, ERPOLICY_PROBE_DOWN, now);
			return ERPOLICY_PROBE_NONE;
		}
		if (now - f->since < erpolicy_probe_fsm_hold_ms(f, cfg))
			return ERPOLICY_PROBE_NONE;
		set_state(f, ERPOLICY_PROBE_UP, now);
		f->restored = now;
		return ERPOLICY_PROBE_RESTORE;
	case ERPOLICY_PROBE_DISABLED:
	case ERPOLICY_PROBE_DOWN:
		break;
	}
	return ERPOLICY_PROBE_NONE;
}

void erpolicy_probe_fsm_resync(struct erpolicy_probe_fsm *f, int64_t now)
{
	if (f->last_rx < now)
		f->last_rx = now;
}

int64_t erpolicy_probe_fsm_deadline(const struct erpolicy_probe_fsm *f,
				    const struct erpolicy_probe_cfg *cfg)
{
	int64_t lost_at = f->last_rx + detect_ms(cfg);
	int64_t held_at;

	switch (f->state) {
	case ERPOLICY_PROBE_INIT:
	case ERPOLICY_PROBE_UP:
		return lost_at;
	case ERPOLICY_PROBE_HOLD_DOWN:
		held_at = f->since + erpolicy_probe_fsm_hold_ms(f, cfg);
		return held_at < lost_at ? held_at : lost_at;
	case ERPOLICY_PROBE_DISABLED:
	case ERPOLICY_PROBE_DOWN:
		break;
	}
	return INT64_MAX;
}
