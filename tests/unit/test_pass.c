// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the reconcile pass's decision (erpolicy_pass.h), table-driven:
 * one row per line of the transition table, and the rows that must not match
 * an earlier line (each condition's boundary).
 */

#include <zebra.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erpolicy_apply.h"
#include "erpolicy_pass.h"
#include "test_check.h"


#define NOW 100000 /* ms */
#define GEN 1765000000000000ULL

/* A router at rest: every daemon answered as at the last full pass, 1 s ago. */
static struct erpolicy_pass_in steady(void)
{
	struct erpolicy_pass_in in = {
		.now_ms = NOW,
		.applied = true,
		.full_last_ms = NOW - 1000,
		.full_not_before_ms = NOW - 990,
	};

	for (int i = 0; i < ERPOLICY_PASS_DAEMONS; i++) {
		in.d[i].reachable = true;
		in.d[i].now.generation = GEN + i;
		in.d[i].now.version = 40 + i;
		in.d[i].now.nb_version = 3;
		in.d[i].read = in.d[i].now;
		in.d[i].since_ms = NOW - 60000;
	}
	return in;
}

enum mutation {
	M_NONE = 0,
	M_OWN_LOADING,	       /* erpolicyd's own configuration arriving */
	M_OWN_LOADING_STALE,   /* ... for longer than ERPOLICY_LOAD_MAX_MS */
	M_BGPD_DOWN,	       /* bgpd unreachable */
	M_MGMTD_DOWN,	       /* mgmtd unreachable */
	M_ZEBRA_DOWN,	       /* zebra unreachable: only read, never pushed to */
	M_BGPD_LOADING,	       /* bgpd loading */
	M_MGMTD_LOADING_STALE, /* mgmtd "loading" for 61 s: abandoned */
	M_ZEBRA_LOADING,       /* zebra loading: erpolicyd does not push to it */
	M_BGPD_NEW_EMPTY,      /* bgpd restarted 1 s ago, no configuration yet */
	M_BGPD_NEW_EMPTY_LATE, /* ... 3 s ago: given up waiting */
	M_BGPD_NEW_CONFIGURED, /* restarted, its configuration arrived */
	M_FORCE,	       /* the intent changed */
	M_FORCE_NOT_DUE,       /* ... inside the rate limit: forced anyway */
	M_NOT_DUE_CHANGED,     /* bgpd changed, inside the rate limit */
	M_NOT_DUE_PENDING,     /* a push to confirm, not yet due */
	M_TRACKING,	       /* a route-map held back */
	M_NOT_APPLIED,	       /* a VRF pending or failed */
	M_FULL_DUE,	       /* 60 s since the last full pass */
	M_BGPD_CMD,	       /* a command into bgpd */
	M_MGMTD_NB,	       /* a northbound commit in mgmtd */
	M_ZEBRA_CMD,	       /* a command into zebra (its copies of ERPOL- objects) */
	M_ZEBRA_RESTART_SAME,  /* zebra restarted and reached the same count */
	M_BGPD_UNKNOWN,	       /* bgpd without patch 0005: cannot tell */
	M_LOAD_STARTED,	       /* bgpd's load just began: loading, not yet changed */
};

static const struct pass_case {
	const char *name;
	enum mutation m;
	enum erpolicy_pass_step step;
	int daemon;
	bool just_started, changed;
} cases[] = {
	{ "at rest", M_NONE, ERPOLICY_PASS_STEADY, -1, false, false },
	{ "own load", M_OWN_LOADING, ERPOLICY_PASS_WAIT_OWN_LOAD, -1, false, false },
	{ "own load never ended", M_OWN_LOADING_STALE, ERPOLICY_PASS_STEADY, -1, false, false },
	{ "bgpd down", M_BGPD_DOWN, ERPOLICY_PASS_WAIT_UNREACHABLE, ERPOLICY_PASS_BGPD, false,
	  false },
	{ "mgmtd down", M_MGMTD_DOWN, ERPOLICY_PASS_WAIT_UNREACHABLE, ERPOLICY_PASS_MGMTD, false,
	  false },
	{ "zebra down", M_ZEBRA_DOWN, ERPOLICY_PASS_FULL, -1, false, true },
	{ "bgpd loading", M_BGPD_LOADING, ERPOLICY_PASS_WAIT_LOAD, ERPOLICY_PASS_BGPD, false,
	  false },
	{ "mgmtd load abandoned", M_MGMTD_LOADING_STALE, ERPOLICY_PASS_STEADY, -1, false, false },
	{ "zebra loading", M_ZEBRA_LOADING, ERPOLICY_PASS_STEADY, -1, false, false },
	{ "bgpd just started", M_BGPD_NEW_EMPTY, ERPOLICY_PASS_WAIT_LOAD, ERPOLICY_PASS_BGPD, true,
	  false },
	{ "bgpd started 3 s ago, empty", M_BGPD_NEW_EMPTY_LATE, ERPOLICY_PASS_FULL, -1, false,
	  true },
	{ "bgpd restarted, configured", M_BGPD_NEW_CONFIGURED, ERPOLICY_PASS_FULL, -1, false,
	  true },
	{ "intent changed", M_FORCE, ERPOLICY_PASS_FULL, -1, false, false },
	{ "intent changed, not due", M_FORCE_NOT_DUE, ERPOLICY_PASS_FULL, -1, false, false },
	{ "bgpd changed, not due", M_NOT_DUE_CHANGED, ERPOLICY_PASS_STEADY, -1, false, false },
	{ "pending, not due", M_NOT_DUE_PENDING, ERPOLICY_PASS_STEADY, -1, false, false },
	{ "tracking", M_TRACKING, ERPOLICY_PASS_FULL, -1, false, false },
	{ "not applied", M_NOT_APPLIED, ERPOLICY_PASS_FULL, -1, false, false },
	{ "a minute since the last full pass", M_FULL_DUE, ERPOLICY_PASS_FULL, -1, false, false },
	{ "bgpd configured", M_BGPD_CMD, ERPOLICY_PASS_FULL, -1, false, true },
	{ "mgmtd northbound commit", M_MGMTD_NB, ERPOLICY_PASS_FULL, -1, false, true },
	{ "zebra configured", M_ZEBRA_CMD, ERPOLICY_PASS_FULL, -1, false, true },
	{ "zebra restarted, same count", M_ZEBRA_RESTART_SAME, ERPOLICY_PASS_FULL, -1, false,
	  true },
	{ "bgpd cannot tell", M_BGPD_UNKNOWN, ERPOLICY_PASS_FULL, -1, false, true },
	{ "bgpd load starting", M_LOAD_STARTED, ERPOLICY_PASS_WAIT_LOAD, ERPOLICY_PASS_BGPD, false,
	  false },
};

static void mutate(struct erpolicy_pass_in *in, enum mutation m)
{
	struct erpolicy_pass_daemon *bgpd = &in->d[ERPOLICY_PASS_BGPD];
	struct erpolicy_pass_daemon *mgmtd = &in->d[ERPOLICY_PASS_MGMTD];
	struct erpolicy_pass_daemon *zebra = &in->d[ERPOLICY_PASS_ZEBRA];

	switch (m) {
	case M_NONE:
		break;
	case M_OWN_LOADING:
		in->own_loading = true;
		in->own_loading_ms = 200;
		/* and the daemons look unreachable: the pass does not even connect */
		bgpd->reachable = mgmtd->reachable = false;
		break;
	case M_OWN_LOADING_STALE:
		in->own_loading = true;
		in->own_loading_ms = ERPOLICY_LOAD_MAX_MS;
		break;
	case M_BGPD_DOWN:
		bgpd->reachable = false;
		memset(&bgpd->now, 0, sizeof(bgpd->now));
		mgmtd->reachable = false; /* bgpd is named first */
		break;
	case M_MGMTD_DOWN:
		mgmtd->reachable = false;
		memset(&mgmtd->now, 0, sizeof(mgmtd->now));
		break;
	case M_ZEBRA_DOWN:
		zebra->reachable = false;
		memset(&zebra->now, 0, sizeof(zebra->now));
		break;
	case M_BGPD_LOADING:
		bgpd->now.loading = true;
		bgpd->now.loading_s = 59;
		bgpd->now.version += 500;
		break;
	case M_MGMTD_LOADING_STALE:
		mgmtd->now.loading = true;
		mgmtd->now.loading_s = 61;
		break;
	case M_ZEBRA_LOADING:
		zebra->now.loading = true;
		zebra->now.loading_s = 1;
		break;
	case M_BGPD_NEW_EMPTY:
		bgpd->now.generation++;
		bgpd->now.version = bgpd->now.nb_version = 0;
		bgpd->since_ms = NOW - 1000;
		break;
	case M_BGPD_NEW_EMPTY_LATE:
		bgpd->now.generation++;
		bgpd->now.version = bgpd->now.nb_version = 0;
		bgpd->since_ms = NOW - ERPOLICY_LOAD_SETTLE_MS;
		break;
	case M_BGPD_NEW_CONFIGURED:
		bgpd->now.generation++;
		bgpd->now.version = 7;
		bgpd->since_ms = NOW - 500;
		break;
	case M_FORCE:
		in->force = true;
		break;
	case M_FORCE_NOT_DUE:
		in->force = true;
		in->full_not_before_ms = NOW + 50;
		break;
	case M_NOT_DUE_CHANGED:
		bgpd->now.version++;
		in->full_not_before_ms = NOW + 50;
		break;
	case M_NOT_DUE_PENDING:
		in->applied = false;
		in->full_not_before_ms = NOW + 5;
		break;
	case M_TRACKING:
		in->tracking = true;
		break;
	case M_NOT_APPLIED:
		in->applied = false;
		break;
	case M_FULL_DUE:
		in->full_last_ms = NOW - ERPOLICY_RECONCILE_FULL_MS;
		break;
	case M_BGPD_CMD:
		bgpd->now.version++;
		break;
	case M_MGMTD_NB:
		mgmtd->now.nb_version++;
		break;
	case M_ZEBRA_CMD:
		zebra->now.version++;
		break;
	case M_ZEBRA_RESTART_SAME:
		zebra->now.generation++;
		break;
	case M_BGPD_UNKNOWN:
		memset(&bgpd->now, 0, sizeof(bgpd->now));
		memset(&bgpd->read, 0, sizeof(bgpd->read));
		break;
	case M_LOAD_STARTED:
		bgpd->now.version++; /* XFRR_start_configuration is itself counted */
		bgpd->now.loading = true;
		break;
	}
}

/* The pace: one row per case of erpolicy_pass_pace(). */
static const struct pace_case {
	const char *name;
	int64_t paced_ms, end_ms, cpu_us, want;
} pace_cases[] = {
	{ "after a quiet spell: the credit is full, the next change is read at once", 0, NOW,
	  10000, NOW - ERPOLICY_RECONCILE_BURST_MS + 100 },
	{ "credit left over: it shrinks by the pass's cost", NOW - 1000, NOW, 10000, NOW - 900 },
	{ "no credit: the clock runs ahead of the pass's end", NOW + 500, NOW, 10000, NOW + 600 },
	{ "a pass costlier than the credit: the next one waits", 0, NOW, 300000,
	  NOW - ERPOLICY_RECONCILE_BURST_MS + 3000 },
	{ "no CPU time: the clock stands", NOW + 5, NOW, 0, NOW + 5 },
	{ "a CPU clock that went back costs nothing", NOW - 5000, NOW, -7,
	  NOW - ERPOLICY_RECONCILE_BURST_MS },
};

/*
 * A router configured without a pause: every pass finds a change, each full
 * pass costs cpu of CPU time and wall ms of wall time and starts when the pace
 * allows. Over a long stretch erpolicyd's share stays within 1/CPU_SHARE plus
 * the credit; after a quiet spell the first change is read at once.
 */
static void pace_continuous(int64_t cpu_us, int64_t wall)
{
	const int64_t stretch = 600000; /* 10 minutes */
	int64_t now = NOW, paced = 0, spent_us = 0, limit_us;
	unsigned int passes = 0;
	char detail[200];

	while (now < NOW + stretch) {
		int64_t end = now + wall;

		spent_us += cpu_us;
		passes++;
		paced = erpolicy_pass_pace(paced, end, cpu_us);
		/* the next pass: 100 ms on, or when the pace allows */
		now = MAX(end + ERPOLICY_RECONCILE_INTERVAL_MS, paced);
	}
	/* the limit: the share of the stretch, the credit, and the pass begun last */
	limit_us = (stretch + ERPOLICY_RECONCILE_BURST_MS) * 1000 / ERPOLICY_RECONCILE_CPU_SHARE +
		   cpu_us;
	snprintf(detail, sizeof(detail),
		 "%u passes of %lld us CPU, %lld ms wall in %lld ms: %lld us CPU (limit %lld)",
		 passes, (long long)cpu_us, (long long)wall, (long long)stretch,
		 (long long)spent_us, (long long)limit_us);
	check(spent_us <= limit_us, "pace: continuous changes", detail);
	/*
	 * Then a quiet spell, a drift's repair and the pass that confirms it, and
	 * a change 300 ms later: read at once while the two passes' cost is
	 * within the credit.
	 */
	now += ERPOLICY_RECONCILE_BURST_MS * 10;
	check(paced <= now, "pace: a change after a quiet spell", detail);
	paced = erpolicy_pass_pace(paced, now + wall, cpu_us);
	paced = erpolicy_pass_pace(paced, now + 2 * wall + 10, cpu_us);
	check(paced <= now + 2 * wall + 310 || 2 * cpu_us * ERPOLICY_RECONCILE_CPU_SHARE / 1000 >
						       ERPOLICY_RECONCILE_BURST_MS,
	      "pace: the next change after a repair", detail);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(pace_cases) / sizeof(pace_cases[0]); i++) {
		const struct pace_case *c = &pace_cases[i];
		int64_t got = erpolicy_pass_pace(c->paced_ms, c->end_ms, c->cpu_us);
		char detail[200];

		snprintf(detail, sizeof(detail), "%s: got %lld, want %lld", c->name,
			 (long long)got, (long long)c->want);
		check(got == c->want, "pace", detail);
	}
	/* passes busy on CPU (each would be more than a tenth of a core unpaced) */
	pace_continuous(10000, 15);
	pace_continuous(150000, 200);
	pace_continuous(1000, 2);
	/* passes that mostly wait on the daemons (a 10k and a 100k drift repair) */
	pace_continuous(10000, 150);
	pace_continuous(150000, 2500);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct pass_case *c = &cases[i];
		struct erpolicy_pass_in in = steady();
		struct erpolicy_pass_out out;
		char detail[160];

		mutate(&in, c->m);
		memset(&out, 0xa5, sizeof(out));
		erpolicy_pass_decide(&in, &out);
		snprintf(detail, sizeof(detail), "%s: got %s (daemon %d%s%s), want %s (daemon %d)",
			 c->name, erpolicy_pass_step_name(out.step), out.daemon,
			 out.just_started ? ", just started" : "", out.changed ? ", changed" : "",
			 erpolicy_pass_step_name(c->step), c->daemon);
		check(out.step == c->step && out.daemon == c->daemon &&
			      out.just_started == c->just_started && out.changed == c->changed,
		      "decide", detail);
	}
	check(strcmp(erpolicy_pass_step_name(ERPOLICY_PASS_FULL), "full") == 0 &&
		      strcmp(erpolicy_pass_step_name((enum erpolicy_pass_step)99), "unknown") == 0,
	      "step names", "");
	return check_summary();
}
