// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd benchmark, item 1: compile time of an intent, in process, no I/O in
 * the timed parts. Links the pure core (intent, compile, render, diff) and libfrr.
 *
 *   compile_bench [-r RUNS] ITEMS-FILE
 *   compile_bench --render ITEMS-FILE   print the generated configuration (as
 *                                       `show expressroute-policy generated-config`
 *                                       prints it for router bgp 65501) and exit
 *
 * ITEMS-FILE holds "mode M" and "ITEM VALUE" lines (bench/intent.py --format items).
 * Each run times, on CPU (CLOCK_PROCESS_CPUTIME_ID) and wall clock:
 *   build-daemon-order  parse and add every item in the order the northbound hands
 *                       them over (libyang keeps an ordered-by-system leaf-list of
 *                       strings sorted by strcmp)
 *   build-sorted-order  the same items already in erpolicyd's own (numeric) order:
 *                       the baseline that shows what the insertion order costs
 *   validate            erpolicy_intent_validate
 *   compile             erpolicy_compile
 *   render              erpolicy_render_plan (the generated-config text)
 *   compare             the in-process part of one steady-state pass: the plan as
 *                       owned lines, the daemon's text parsed back, the diff (empty)
 * The two build orders are interleaved within each run. One JSON object per line
 * on stdout: {"phase": ..., "run": i, "cpu_s": ..., "wall_s": ...}; a summary line
 * with the plan's size and heap use comes first: "held_bytes" is what the intent and
 * its plan keep allocated (what erpolicyd holds per instance, besides FRR's own
 * copies of the configuration and the verifier's verdicts), "pass_bytes" what one
 * steady-state compare allocates on top while it runs (want and have as owned lines,
 * the daemon's text), both from mallinfo2().
 */
#include <zebra.h>

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "erpolicy_compile.h"
#include "erpolicy_diff.h"
#include "erpolicy_readback.h"

/* The benchmark router's AS (bench/bench.py). */
#define BENCH_ASN 65501

struct item_line {
	int item; /* enum erpolicy_item, or -1 for "mode" */
	char *value;
	union erpolicy_prefix pfx; /* parsed, for the numeric order */
};

/* Bytes the program has allocated (arena and mmapped chunks). */
static size_t heap_in_use(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

struct stamp {
	struct timespec cpu, wall;
};

static void stamp_now(struct stamp *s)
{
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &s->cpu);
	clock_gettime(CLOCK_MONOTONIC, &s->wall);
}

static double ts_diff(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void report(const char *phase, int run, const struct stamp *a, const struct stamp *b)
{
	printf("{\"phase\": \"%s\", \"run\": %d, \"cpu_s\": %.9f, \"wall_s\": %.9f}\n", phase, run,
	       ts_diff(&a->cpu, &b->cpu), ts_diff(&a->wall, &b->wall));
}

static int cmp_daemon_order(const void *a, const void *b)
{
	const struct item_line *x = a, *y = b;

	if (x->item != y->item)
		return x->item < y->item ? -1 : 1;
	return strcmp(x->value, y->value);
}

static int cmp_numeric_order(const void *a, const void *b)
{
	const struct item_line *x = a, *y = b;

	if (x->item != y->item)
		return x->item < y->item ? -1 : 1;
	return erpolicy_prefix_cmp(&x->pfx, &y->pfx);
}

static void die(const char *msg, const char *detail)
{
	fprintf(stderr, "compile_bench: %s%s%s\n", msg, detail ? ": " : "", detail ? detail : "");
	exit(1);
}

static void build(struct erpolicy_intent *in, enum erpolicy_mode mode, const struct item_line *v,
		  size_t n)
{
	char err[256];

	erpolicy_intent_init(in, NULL);
	in->mode = mode;
	/* As the daemon builds it from the northbound: appended, then sorted once. */
	for (size_t i = 0; i < n; i++)
		if (erpolicy_intent_append(in, v[i].item, v[i].value, err, sizeof(err)))
			die("bad item", err);
	if (erpolicy_intent_seal(in, err, sizeof(err)))
		die("bad intent", err);
}

/* The compare phase's inputs: the plan as wanted, its rendered text read back as bgpd's. */
static void read_states(struct erpolicy_state *want, struct erpolicy_state *have,
			const struct erpolicy_plan *plan, const char *text)
{
	erpolicy_state_init(want);
	erpolicy_state_init(have);
	erpolicy_state_add_plan(want, plan);
	erpolicy_state_finish(want);
	erpolicy_state_parse_bgpd(have, text);
	erpolicy_state_finish(have);
}

int main(int argc, char **argv)
{
	int runs = 5;
	bool render_only = false;
	const char *path;
	FILE *f;
	char line[512];
	struct item_line *items = NULL, *daemon_order, *numeric_order;
	size_t n = 0, cap = 0;
	enum erpolicy_mode mode = ERPOLICY_MODE_PREFER_VPN;
	size_t n_azure = 0;

	if (argc == 4 && strcmp(argv[1], "-r") == 0) {
		runs = atoi(argv[2]);
		path = argv[3];
	} else if (argc == 3 && strcmp(argv[1], "--render") == 0) {
		render_only = true;
		path = argv[2];
	} else if (argc == 2) {
		path = argv[1];
	} else {
		die("usage: compile_bench [-r RUNS] ITEMS-FILE | --render ITEMS-FILE", NULL);
	}
	f = fopen(path, "r");
	if (!f)
		die("cannot open", path);
	while (fgets(line, sizeof(line), f)) {
		char kw[64], val[256], err[256];
		int it;

		if (sscanf(line, "%63s %255s", kw, val) != 2 || kw[0] == '!')
			continue;
		if (strcmp(kw, "mode") == 0) {
			if (erpolicy_mode_parse(val, &mode))
				die("bad mode", val);
			continue;
		}
		for (it = 0; it < ERPOLICY_ITEM_MAX; it++)
			if (strcmp(kw, erpolicy_item_name(it)) == 0)
				break;
		if (it == ERPOLICY_ITEM_MAX)
			die("unknown item", kw);
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			items = realloc(items, cap * sizeof(*items));
			if (!items)
				abort();
		}
		items[n].item = it;
		items[n].value = strdup(val);
		if (erpolicy_prefix_parse(val, erpolicy_item_is_address(it), &items[n].pfx, err,
					  sizeof(err)))
			die("bad value", err);
		if (it == ERPOLICY_ITEM_AZURE_PREFIX)
			n_azure++;
		n++;
	}
	fclose(f);

	daemon_order = malloc((n ? n : 1) * sizeof(*items));
	numeric_order = malloc((n ? n : 1) * sizeof(*items));
	if (!daemon_order || !numeric_order)
		abort();
	memcpy(daemon_order, items, n * sizeof(*items));
	memcpy(numeric_order, items, n * sizeof(*items));
	qsort(daemon_order, n, sizeof(*items), cmp_daemon_order);
	qsort(numeric_order, n, sizeof(*items), cmp_numeric_order);

	{
		struct erpolicy_intent in;
		struct erpolicy_plan *plan;
		struct erpolicy_state want, have;
		size_t entries = 0, heap0, held, pass;
		char err[512];
		char *text;

		heap0 = heap_in_use();
		build(&in, mode, daemon_order, n);
		if (erpolicy_intent_validate(&in, err, sizeof(err)))
			die("intent does not validate", err);
		plan = erpolicy_compile(&in);
		for (size_t i = 0; i < plan->n_plists; i++)
			entries += plan->plists[i].n;
		held = heap_in_use() - heap0;
		text = erpolicy_render_plan(plan, BENCH_ASN);
		if (render_only) {
			fputs(text, stdout);
			return 0;
		}
		read_states(&want, &have, plan, text);
		pass = heap_in_use() - heap0 - held;
		erpolicy_state_free(&want);
		erpolicy_state_free(&have);
		printf("{\"summary\": true, \"items\": %zu, \"azure_prefixes\": %zu, "
		       "\"plist_entries\": %zu, \"rmaps\": %zu, \"bindings\": %zu, \"pins\": %zu, "
		       "\"text_bytes\": %zu, \"held_bytes\": %zu, \"pass_bytes\": %zu}\n",
		       n, n_azure, entries, plan->n_rmaps, plan->n_bindings, plan->n_pins,
		       strlen(text), held, pass);
		XFREE(MTYPE_ERPOLICY_CONFIG_TEXT, text);
		erpolicy_plan_free(plan);
		erpolicy_intent_fini(&in);
	}

	for (int r = 0; r < runs; r++) {
		struct erpolicy_intent in, in2;
		struct erpolicy_plan *plan;
		struct erpolicy_state want, have;
		struct erpolicy_diff diff;
		struct stamp a, b;
		char err[512];
		char *text;

		stamp_now(&a);
		build(&in, mode, daemon_order, n);
		stamp_now(&b);
		report("build-daemon-order", r, &a, &b);

		stamp_now(&a);
		build(&in2, mode, numeric_order, n);
		stamp_now(&b);
		report("build-sorted-order", r, &a, &b);
		erpolicy_intent_fini(&in2);

		stamp_now(&a);
		if (erpolicy_intent_validate(&in, err, sizeof(err)))
			die("intent does not validate", err);
		stamp_now(&b);
		report("validate", r, &a, &b);

		stamp_now(&a);
		plan = erpolicy_compile(&in);
		stamp_now(&b);
		report("compile", r, &a, &b);

		stamp_now(&a);
		text = erpolicy_render_plan(plan, BENCH_ASN);
		stamp_now(&b);
		report("render", r, &a, &b);

		stamp_now(&a);
		read_states(&want, &have, plan, text);
		erpolicy_diff_compute(&diff, &want, &have);
		stamp_now(&b);
		report("compare", r, &a, &b);
		/* The rendered text has no neighbors in router bgp: only bindings may differ. */
		if (darr_len(diff.bgpd_objects) || darr_len(diff.bgpd_removals))
			die("steady-state compare found work to do", NULL);
		erpolicy_diff_free(&diff);
		erpolicy_state_free(&want);
		erpolicy_state_free(&have);

		XFREE(MTYPE_ERPOLICY_CONFIG_TEXT, text);
		erpolicy_plan_free(plan);
		erpolicy_intent_fini(&in);
		fflush(stdout);
	}
	for (size_t i = 0; i < n; i++)
		free(items[i].value);
	free(items);
	free(daemon_order);
	free(numeric_order);
	return 0;
}
