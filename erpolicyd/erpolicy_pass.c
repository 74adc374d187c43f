// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd: the reconcile pass's decision (see erpolicy_pass.h). */
#include <zebra.h>

#include <stddef.h>

#include "erpolicy_pass.h"

const char *erpolicy_pass_step_name(enum erpolicy_pass_step st)
{
	switch (st) {
	case ERPOLICY_PASS_WAIT_OWN_LOAD:
		return "wait-own-load";
	case ERPOLICY_PASS_WAIT_UNREACHABLE:
		return "wait-unreachable";
	case ERPOLICY_PASS_WAIT_LOAD:
		return "wait-load";
	case ERPOLICY_PASS_STEADY:
		return "steady";
	case ERPOLICY_PASS_FULL:
		return "full";
	}
	return "unknown";
}

/* A load in progress at d, or d just started with no configuration yet. */
static bool loading(const struct erpolicy_pass_in *in, const struct erpolicy_pass_daemon *d,
		    bool *just_started)
{
	*just_started = false;
	if (!d->now.generation)
		return false; /* it cannot tell (FRR without patch 0005) */
	if (d->now.loading && (int64_t)d->now.loading_s * 1000 < ERPOLICY_LOAD_MAX_MS)
		return true;
	*just_started = !d->now.version && in->now_ms - d->since_ms < ERPOLICY_LOAD_SETTLE_MS;
	return *just_started;
}

static enum erpolicy_pass_step decide(const struct erpolicy_pass_in *in,
				      struct erpolicy_pass_out *out)
{
	if (in->own_loading && in->own_loading_ms < ERPOLICY_LOAD_MAX_MS)
		return ERPOLICY_PASS_WAIT_OWN_LOAD;
	for (int i = 0; i < ERPOLICY_PASS_PUSHED_TO; i++) {
		out->daemon = i;
		if (!in->d[i].reachable)
			return ERPOLICY_PASS_WAIT_UNREACHABLE;
	}
	for (int i = 0; i < ERPOLICY_PASS_PUSHED_TO; i++) {
		out->daemon = i;
		if (loading(in, &in->d[i], &out->just_started))
			return ERPOLICY_PASS_WAIT_LOAD;
	}
	out->daemon = -1;
	if (in->force)
		return ERPOLICY_PASS_FULL;
	if (in->now_ms < in->full_not_before_ms)
		return ERPOLICY_PASS_STEADY;
	if (in->tracking || !in->applied ||
	    in->now_ms - in->full_last_ms >= ERPOLICY_RECONCILE_FULL_MS)
		return ERPOLICY_PASS_FULL;
	for (int i = 0; i < ERPOLICY_PASS_DAEMONS; i++)
		if (!erpolicy_cfgver_same(&in->d[i].read, &in->d[i].now))
			out->changed = true;
	return out->changed ? ERPOLICY_PASS_FULL : ERPOLICY_PASS_STEADY;
}

void erpolicy_pass_decide(const struct erpolicy_pass_in *in, struct erpolicy_pass_out *out)
{
	out->daemon = -1;
	out->just_started = out->changed = false;
	out->step = decide(in, out);
	if (out->step != ERPOLICY_PASS_WAIT_UNREACHABLE && out->step != ERPOLICY_PASS_WAIT_LOAD)
		out->daemon = -1;
}

int64_t erpolicy_pass_pace(int64_t paced_ms, int64_t end_ms, int64_t cpu_us)
{
	int64_t from = MAX(paced_ms, end_ms - ERPOLICY_RECONCILE_BURST_MS);

	return from + MAX(cpu_us, 0) * ERPOLICY_RECONCILE_CPU_SHARE / 1000;
}
