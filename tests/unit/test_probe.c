// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd unit test: the tunnel probe's state machine (erpolicy_probe_fsm.c) as
 * timelines of replies and checks, and what a dead tunnel does to the plan
 * (erpolicy_compile_with: the VPN-DOWN map, soft-reconfiguration inbound).
 */
#include <zebra.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erpolicy_probe_fsm.h"
#include "erpolicy_compile.h"
#include "intent_text.h"
#include "test_check.h"


/* One step of a timeline: at time t (ms), a reply ('r'), a check ('c', 'C' with the
 * BGP session down) or erpolicyd found busy past the deadline ('s': resync), then the
 * action and state expected. */
struct step {
	int64_t t;
	char ev;
	enum erpolicy_probe_action act;
	enum erpolicy_probe_state st;
};

#define NONE	  ERPOLICY_PROBE_NONE
#define TAKE_DOWN ERPOLICY_PROBE_TAKE_DOWN
#define RESTORE	  ERPOLICY_PROBE_RESTORE
#define S_INIT	  ERPOLICY_PROBE_INIT
#define S_UP	  ERPOLICY_PROBE_UP
#define S_DOWN	  ERPOLICY_PROBE_DOWN
#define S_HOLD	  ERPOLICY_PROBE_HOLD_DOWN

struct fsm_case {
	const char *name;
	uint32_t interval, hold_s;
	uint8_t mult;
	struct step steps[24];
	uint64_t downs;
};

/* clang-format off */
static const struct fsm_case fsm_cases[] = {
	{ "replies keep it up", 200, 5, 3,
	  { { 100, 'r', NONE, S_UP }, { 300, 'r', NONE, S_UP }, { 500, 'r', NONE, S_UP },
	    { 799, 'c', NONE, S_UP } }, 0 },
	{ "one lost probe does not take it down", 200, 5, 3,
	  { { 100, 'r', NONE, S_UP }, { 300, 'r', NONE, S_UP },
	    /* 500 lost */
	    { 700, 'c', NONE, S_UP }, { 700, 'r', NONE, S_UP }, { 1200, 'c', NONE, S_UP } }, 0 },
	{ "two lost probes: the next reply just in time keeps it up", 200, 5, 3,
	  { { 100, 'r', NONE, S_UP }, { 698, 'c', NONE, S_UP }, { 699, 'r', NONE, S_UP },
	    { 1298, 'c', NONE, S_UP } }, 0 },
	{ "no reply for interval x multiplier: down at once", 200, 5, 3,
	  { { 100, 'r', NONE, S_UP }, { 699, 'c', NONE, S_UP }, { 700, 'c', TAKE_DOWN, S_DOWN },
	    { 900, 'c', NONE, S_DOWN } }, 1 },
	{ "back only after hold-down of replies", 200, 5, 3,
	  { { 100, 'r', NONE, S_UP }, { 700, 'c', TAKE_DOWN, S_DOWN },
	    { 2000, 'r', NONE, S_HOLD }, { 2200, 'r', NONE, S_HOLD }, { 6999, 'r', NONE, S_HOLD },
	    { 6999, 'c', NONE, S_HOLD }, { 7000, 'c', RESTORE, S_UP } }, 1 },
	{ "lost again during hold-down: still out, and the hold-down doubles", 200, 5, 3,
	  { { 100, 'r', NONE, S_UP }, { 700, 'c', TAKE_DOWN, S_DOWN },
	    { 2000, 'r', NONE, S_HOLD }, { 2600, 'c', NONE, S_DOWN },
	    { 3000, 'r', NONE, S_HOLD }, { 3200, 'r', NONE, S_HOLD }, { 3400, 'r', NONE, S_HOLD },
	    { 8000, 'r', NONE, S_HOLD }, { 8000, 'c', NONE, S_HOLD }, { 8200, 'r', NONE, S_HOLD },
	    { 12800, 'r', NONE, S_HOLD }, { 13000, 'c', RESTORE, S_UP } }, 1 },
	{ "a flap soon after the return doubles the next hold-down", 200, 1, 3,
	  { { 100, 'r', NONE, S_UP }, { 700, 'c', TAKE_DOWN, S_DOWN },
	    { 1000, 'r', NONE, S_HOLD }, { 1500, 'r', NONE, S_HOLD }, { 2000, 'c', RESTORE, S_UP },
	    { 2600, 'c', TAKE_DOWN, S_DOWN },
	    { 3000, 'r', NONE, S_HOLD }, { 3500, 'r', NONE, S_HOLD }, { 4000, 'c', NONE, S_HOLD },
	    { 4500, 'r', NONE, S_HOLD }, { 5000, 'c', RESTORE, S_UP } }, 2 },
	{ "a loss long after the return starts from hold-down again", 200, 1, 3,
	  { { 100, 'r', NONE, S_UP }, { 700, 'c', TAKE_DOWN, S_DOWN },
	    { 1000, 'r', NONE, S_HOLD }, { 1500, 'r', NONE, S_HOLD }, { 2000, 'c', RESTORE, S_UP },
	    { 30000, 'r', NONE, S_UP }, { 30600, 'c', TAKE_DOWN, S_DOWN },
	    { 31000, 'r', NONE, S_HOLD }, { 31500, 'r', NONE, S_HOLD },
	    { 32000, 'c', RESTORE, S_UP } }, 2 },
	{ "hold-down 0: back at the first reply", 200, 0, 3,
	  { { 100, 'r', NONE, S_UP }, { 700, 'c', TAKE_DOWN, S_DOWN },
	    { 900, 'r', RESTORE, S_UP } }, 1 },
	{ "never answered, session down: left alone", 200, 5, 3,
	  { { 600, 'C', NONE, S_INIT }, { 5000, 'C', NONE, S_INIT } }, 0 },
	{ "never answered while the session is up: down", 200, 5, 3,
	  { { 599, 'c', NONE, S_INIT }, { 600, 'c', TAKE_DOWN, S_DOWN } }, 1 },
	{ "erpolicyd busy past the deadline: not down, a detection time from then", 200, 5, 3,
	  { { 100, 'r', NONE, S_UP }, { 1500, 's', NONE, S_UP }, { 2099, 'c', NONE, S_UP },
	    { 2100, 'c', TAKE_DOWN, S_DOWN } }, 1 },
	{ "busy, then the replies that waited: stays up", 200, 5, 3,
	  { { 100, 'r', NONE, S_UP }, { 1500, 's', NONE, S_UP }, { 1500, 'r', NONE, S_UP },
	    { 2099, 'c', NONE, S_UP } }, 0 },
	{ "busy during the hold-down: still held, not lost", 200, 2, 3,
	  { { 100, 'r', NONE, S_UP }, { 700, 'c', TAKE_DOWN, S_DOWN }, { 800, 'r', NONE, S_HOLD },
	    { 1600, 's', NONE, S_HOLD }, { 1700, 'r', NONE, S_HOLD }, { 2199, 'c', NONE, S_HOLD },
	    { 2200, 'r', NONE, S_HOLD }, { 2500, 'r', NONE, S_HOLD },
	    { 2800, 'c', RESTORE, S_UP } }, 1 },
	{ "busy while never answered, session up: a detection time from then", 200, 5, 3,
	  { { 1500, 's', NONE, S_INIT }, { 2099, 'c', NONE, S_INIT },
	    { 2100, 'c', TAKE_DOWN, S_DOWN } }, 1 },
	{ "a resync never moves the last reply back", 200, 5, 3,
	  { { 1000, 'r', NONE, S_UP }, { 900, 's', NONE, S_UP }, { 1599, 'c', NONE, S_UP },
	    { 1600, 'c', TAKE_DOWN, S_DOWN } }, 1 },
	{ "slower probe, bigger multiplier", 1000, 5, 5,
	  { { 1000, 'r', NONE, S_UP }, { 5999, 'c', NONE, S_UP }, { 6000, 'c', TAKE_DOWN, S_DOWN } },
	  1 },
};
/* clang-format on */

static void run_fsm_case(const struct fsm_case *c)
{
	struct erpolicy_probe_cfg cfg = { .enabled = true,
					  .interval_ms = c->interval,
					  .multiplier = c->mult,
					  .hold_down_s = c->hold_s };
	struct erpolicy_probe_fsm f;

	erpolicy_probe_fsm_start(&f, 0);
	checkf(f.state == S_INIT, c->name, "starts in %s", erpolicy_probe_state_name(f.state));
	for (size_t i = 0; i < sizeof(c->steps) / sizeof(c->steps[0]) && c->steps[i].ev; i++) {
		const struct step *s = &c->steps[i];
		enum erpolicy_probe_action act;
		int64_t deadline = erpolicy_probe_fsm_deadline(&f, &cfg);

		/* a check before the deadline never changes anything */
		if ((s->ev == 'c' || s->ev == 'C') && s->t < deadline) {
			checkf(s->act == NONE, c->name,
			       "step %zu: action expected before the deadline %lld", i,
			       (long long)deadline);
		}
		if (s->ev == 's') {
			erpolicy_probe_fsm_resync(&f, s->t);
			act = NONE;
		} else if (s->ev == 'r') {
			act = erpolicy_probe_fsm_reply(&f, &cfg, s->t);
		} else {
			act = erpolicy_probe_fsm_check(&f, &cfg, s->t, s->ev == 'c');
		}
		checkf(act == s->act && f.state == s->st, c->name,
		       "step %zu (t=%lld %c): action %d state %s, expected action %d state %s", i,
		       (long long)s->t, s->ev, act, erpolicy_probe_state_name(f.state), s->act,
		       erpolicy_probe_state_name(s->st));
	}
	checkf(f.downs == c->downs, c->name, "%llu downs, expected %llu",
	       (unsigned long long)f.downs, (unsigned long long)c->downs);
}

/* The plan of an intent with some vpn-neighbors down, rendered. */
static char *plan_text(const char *const *lines, const char *const *down)
{
	struct erpolicy_intent in;
	struct erpolicy_list dl = {};
	struct erpolicy_plan *plan;
	char err[256], *text;

	erpolicy_intent_init(&in, NULL);
	for (size_t i = 0; lines[i]; i++)
		if (erpolicy_test_line(&in, lines[i], err, sizeof(err)) < 0) {
			printf("bad line %s: %s\n", lines[i], err);
			abort();
		}
	for (size_t i = 0; down && down[i]; i++) {
		dl.v = realloc(dl.v, (dl.n + 1) * sizeof(*dl.v));
		if (!dl.v || erpolicy_prefix_parse(down[i], true, &dl.v[dl.n++], err, sizeof(err)))
			abort();
	}
	plan = erpolicy_compile_with(&in, &dl);
	text = erpolicy_render_plan(plan, 65501);
	erpolicy_plan_free(plan);
	erpolicy_intent_fini(&in);
	free(dl.v);
	return text;
}

struct plan_case {
	const char *name;
	const char *intent[12];
	const char *down[4];
	const char *has[8], *lacks[8];
};

#define PROBE_BASE                                                                                \
	"azure-prefix 10.64.0.0/23", "vpn-neighbor 169.254.21.2", "vpn-neighbor 169.254.22.2",    \
		"expressroute-neighbor 192.168.100.2", "onprem-prefix 10.1.1.0/24"

/* clang-format off */
static const struct plan_case plan_cases[] = {
	{ "probing by default: the deny map and soft-reconfiguration, every neighbor bound as usual",
	  { PROBE_BASE }, {},
	  { "route-map ERPOL-VPN-DOWN-V4 deny 10\nexit\n",
	    "  neighbor 169.254.21.2 soft-reconfiguration inbound\n",
	    "  neighbor 169.254.22.2 soft-reconfiguration inbound\n",
	    "  neighbor 169.254.21.2 route-map ERPOL-VPN-IN-V4 in\n",
	    "  neighbor 169.254.22.2 route-map ERPOL-VPN-IN-V4 in\n" },
	  { "ERPOL-VPN-DOWN-V6", "192.168.100.2 soft-reconfiguration" } },
	{ "a dead tunnel: that neighbor's inbound map denies, the rest unchanged",
	  { PROBE_BASE }, { "169.254.21.2" },
	  { "  neighbor 169.254.21.2 route-map ERPOL-VPN-DOWN-V4 in\n",
	    "  neighbor 169.254.21.2 route-map ERPOL-VPN-OUT-V4 out\n",
	    "  neighbor 169.254.22.2 route-map ERPOL-VPN-IN-V4 in\n",
	    "  neighbor 192.168.100.2 route-map ERPOL-ER-IN-V4 in\n" },
	  { "169.254.21.2 route-map ERPOL-VPN-IN-V4 in" } },
	{ "probing off: no deny map, no soft-reconfiguration, a down mark ignored",
	  { PROBE_BASE, "no tunnel-probe" }, { "169.254.21.2" },
	  { "  neighbor 169.254.21.2 route-map ERPOL-VPN-IN-V4 in\n" },
	  { "ERPOL-VPN-DOWN", "soft-reconfiguration" } },
	{ "IPv6 neighbors get their own deny map",
	  { "azure-prefix 2001:db8:64::/48", "vpn-neighbor fd00:169:254:21::2" },
	  { "fd00:169:254:21::2" },
	  { "route-map ERPOL-VPN-DOWN-V6 deny 10\n",
	    "  neighbor fd00:169:254:21::2 route-map ERPOL-VPN-DOWN-V6 in\n",
	    "  neighbor fd00:169:254:21::2 soft-reconfiguration inbound\n" },
	  { "ERPOL-VPN-DOWN-V4" } },
	{ "a probe target for a neighbor that is not a vpn-neighbor is a warning",
	  { PROBE_BASE, "tunnel-probe neighbor 169.254.23.2 target 10.64.1.10" }, {},
	  { "tunnel-probe neighbor 169.254.23.2 is not a vpn-neighbor" }, {} },
	{ "a target of a vpn-neighbor changes nothing in the plan",
	  { PROBE_BASE, "tunnel-probe neighbor 169.254.21.2 target 10.64.1.10" }, {},
	  { "  neighbor 169.254.21.2 route-map ERPOL-VPN-IN-V4 in\n" },
	  { "warning" } },
};
/* clang-format on */

static void run_plan_case(const struct plan_case *c)
{
	char *text = plan_text(c->intent, c->down);

	for (size_t i = 0; i < 8 && c->has[i]; i++)
		checkf(strstr(text, c->has[i]) != NULL, c->name, "missing \"%s\" in\n%s",
		       c->has[i], text);
	for (size_t i = 0; i < 8 && c->lacks[i]; i++)
		checkf(strstr(text, c->lacks[i]) == NULL, c->name, "unexpected \"%s\" in\n%s",
		       c->lacks[i], text);
	XFREE(MTYPE_ERPOLICY_CONFIG_TEXT, text);
}

static void test_targets(void)
{
	struct erpolicy_intent in;
	union erpolicy_prefix nbr;
	char err[256], buf[64];

	erpolicy_intent_init(&in, NULL);
	checkf(erpolicy_intent_probe_target(&in, "169.254.21.2", "10.64.1.10", err, sizeof(err)) ==
		       0,
	       "target", "refused: %s", err);
	checkf(erpolicy_intent_probe_target(&in, "169.254.21.2", "10.64.1.11", err, sizeof(err)) ==
			       0 &&
		       in.probe.n_targets == 1,
	       "target", "a second target of one neighbor replaces the first");
	erpolicy_prefix_parse("169.254.21.2", true, &nbr, err, sizeof(err));
	erpolicy_prefix_str(erpolicy_probe_target_of(&in, &nbr), true, buf, sizeof(buf));
	checkf(strcmp(buf, "10.64.1.11") == 0, "target", "target of the neighbor is %s", buf);
	erpolicy_prefix_parse("169.254.22.2", true, &nbr, err, sizeof(err));
	checkf(erpolicy_probe_target_of(&in, &nbr)->u.val[3] == 2, "target",
	       "a neighbor without a target is probed itself");
	checkf(erpolicy_intent_probe_target(&in, "169.254.21.2/32", "10.64.1.10", err,
					    sizeof(err)) < 0 &&
		       strncmp(err, "tunnel-probe neighbor 169.254.21.2/32: ", 39) == 0,
	       "target", "a prefix as neighbor: \"%s\"", err);
	checkf(erpolicy_intent_probe_target(&in, "169.254.21.2", "hub", err, sizeof(err)) < 0 &&
		       strncmp(err, "tunnel-probe target hub: ", 25) == 0,
	       "target", "not an address as target: \"%s\"", err);
	erpolicy_intent_fini(&in);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(fsm_cases) / sizeof(fsm_cases[0]); i++)
		run_fsm_case(&fsm_cases[i]);
	for (size_t i = 0; i < sizeof(plan_cases) / sizeof(plan_cases[0]); i++)
		run_plan_case(&plan_cases[i]);
	test_targets();
	return check_summary();
}
