// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: what a reconcile pass does, decided from what it saw. Pure: no
 * I/O, no clock, no event loop; erpolicy_apply.c gathers the inputs, acts on
 * the decision, and tests/unit/test_pass.c walks the transition table.
 *
 * Every ERPOLICY_RECONCILE_INTERVAL_MS (and at once when the intent changes)
 * a pass asks bgpd and mgmtd `show configuration version json` (FRR patch
 * 0005), and zebra too in a forced pass and once every
 * ERPOLICY_RECONCILE_ZEBRA_MS (its last answer stands in between). Then:
 *
 *   step              when (first that holds)                        apply.c then
 *   ----------------  ---------------------------------------------  -----------------------------
 *   WAIT_OWN_LOAD     erpolicyd's own configuration is arriving      every VRF waiting;
 *                     (between its XFRR_start and _end, < 60 s)      again in 100 ms
 *   WAIT_UNREACHABLE  bgpd or mgmtd cannot be reached                every VRF waiting, next full
 *                                                                    pass reads all; again 500 ms
 *   WAIT_LOAD         bgpd or mgmtd is loading its configuration     every VRF waiting, next full
 *                     (< 60 s), or has just started and has had no   pass reads all; again 100 ms
 *                     configuration command yet (< 3 s)
 *   FULL              forced (the intent changed, a daemon was       read the running configs
 *                     unreachable or loading)                        (not for an intent change
 *                                                                    when the daemons hold what
 *                                                                    the last quiet full pass
 *                                                                    read: no version changed),
 *                                                                    diff, push (see below)
 *   STEADY            a full pass is not due yet (others' changes    nothing; again 100 ms
 *                     wait for the pace, erpolicy_pass_pace())
 *   FULL              a daemon's answer changed since the last full
 *                     pass, or it cannot answer (FRR without 0005),
 *                     or a VRF was not applied, or something is
 *                     tracked over time (route-map held back, pin
 *                     missing from zebra), or 60 s since the last
 *   STEADY            otherwise: nobody configured anything          nothing; again 100 ms
 *
 * A full pass leaves each VRF applied (nothing to push), pending (pushed, to
 * be confirmed by a full pass 10 ms later; or a route-map held back, looked at
 * again when it may go, at least every 500 ms), failed (a daemon rejected the
 * push; retried after 1 s; also after 3 pushes that did not converge) or
 * waiting (mgmtd locked by another session: again in 500 ms; no router bgp:
 * until bgpd's configuration changes).
 */
#ifndef _FRR_ERPOLICY_PASS_H_
#define _FRR_ERPOLICY_PASS_H_

#include <stdbool.h>
#include <stdint.h>

#include "erpolicy_readback.h"

enum erpolicy_pass_step {
	ERPOLICY_PASS_WAIT_OWN_LOAD = 0,
	ERPOLICY_PASS_WAIT_UNREACHABLE,
	ERPOLICY_PASS_WAIT_LOAD,
	ERPOLICY_PASS_STEADY,
	ERPOLICY_PASS_FULL,
};
const char *erpolicy_pass_step_name(enum erpolicy_pass_step st);

/* The daemons a pass asks, in this order; erpolicyd pushes to the first two. */
enum erpolicy_pass_daemon_id {
	ERPOLICY_PASS_BGPD = 0,
	ERPOLICY_PASS_MGMTD,
	ERPOLICY_PASS_ZEBRA,
	ERPOLICY_PASS_DAEMONS,
};
#define ERPOLICY_PASS_PUSHED_TO 2 /* bgpd, mgmtd */

/* A configuration load not ended after this long is taken as abandoned. */
#define ERPOLICY_LOAD_MAX_MS 60000
/* A daemon that has just started gets this long for its configuration to begin. */
#define ERPOLICY_LOAD_SETTLE_MS 3000

struct erpolicy_pass_daemon {
	bool reachable;		     /* connected and enabled */
	struct erpolicy_cfgver now;  /* its answer in this pass (generation 0: none) */
	struct erpolicy_cfgver read; /* its answer just before the last full read */
	int64_t since_ms;	     /* when its current generation was first seen */
};

struct erpolicy_pass_in {
	int64_t now_ms;
	bool own_loading; /* erpolicyd's own configuration is arriving */
	int64_t own_loading_ms;
	bool force;    /* the intent changed, or everything must be read afresh */
	bool tracking; /* a route-map held back, a pin missing from zebra */
	bool applied;  /* the last full pass left every VRF applied (or waiting for router bgp) */
	int64_t full_last_ms, full_not_before_ms;
	struct erpolicy_pass_daemon d[ERPOLICY_PASS_DAEMONS];
};

struct erpolicy_pass_out {
	enum erpolicy_pass_step step;
	int daemon;	   /* the WAIT_UNREACHABLE or WAIT_LOAD daemon, else -1 */
	bool just_started; /* WAIT_LOAD: no configuration yet (else: loading) */
	bool changed;	   /* FULL: because of others' changes (not forced, not due) */
};

/* Every minute a full pass, whatever the answers (what no version counts). */
#define ERPOLICY_RECONCILE_FULL_MS 60000

void erpolicy_pass_decide(const struct erpolicy_pass_in *in, struct erpolicy_pass_out *out);

/*
 * The pace of full passes (a token bucket kept as a clock): every full pass
 * moves the clock ERPOLICY_RECONCILE_CPU_SHARE times its CPU time on, from
 * where it stood or from ERPOLICY_RECONCILE_BURST_MS before the pass's end,
 * whichever is later; a full pass that others' changes cause waits until the
 * clock (full_not_before_ms). So a router configured without a pause costs
 * erpolicyd at most 1/ERPOLICY_RECONCILE_CPU_SHARE of a core over any stretch
 * of seconds, while a change after a quiet spell (a drift, an operator's
 * command right after erpolicyd's own push) is read at once: the spell has
 * earned up to ERPOLICY_RECONCILE_BURST_MS / ERPOLICY_RECONCILE_CPU_SHARE of
 * CPU time of credit. Returns the clock's new reading.
 */
#define ERPOLICY_RECONCILE_CPU_SHARE 10
#define ERPOLICY_RECONCILE_BURST_MS  2000
int64_t erpolicy_pass_pace(int64_t paced_ms, int64_t end_ms, int64_t cpu_us);

#endif /* _FRR_ERPOLICY_PASS_H_ */
