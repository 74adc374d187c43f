// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd fuzzing: shared helpers (intent text form, invariant checks) of the libFuzzer targets. */

#ifndef _FRR_ERPOLICY_FUZZ_COMMON_H_
#define _FRR_ERPOLICY_FUZZ_COMMON_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "erpolicy_intent.h"
#include "erpolicy_compile.h"
#include "erpolicy_diff.h"
#include "erpolicy_readback.h"

#define ERPOLICY_FUZZ_MAX_INSTANCES 4
/* Keeps one input fast: the checks are quadratic in places. */
#define ERPOLICY_FUZZ_MAX_LINES 256

/* A broken invariant: report it and abort, which libFuzzer records as a crash. */
#define ERPOLICY_FUZZ_ASSERT(cond, ...)                                                           \
	do {                                                                                      \
		if (!(cond))                                                                      \
			erpolicy_fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__);               \
	} while (0)

void erpolicy_fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 4, 5)));

/* The input as a NUL-terminated string (it ends at the first NUL byte of the input). */
char *erpolicy_fuzz_strndup(const uint8_t *data, size_t size);

/* The instances of an intent in text form: lines before any "vrf NAME" go to vrf default. */
struct erpolicy_fuzz_instances {
	struct erpolicy_intent in[ERPOLICY_FUZZ_MAX_INSTANCES];
	size_t n;
};

/*
 * Apply the lines of text, the text form of tests/unit/intent_text.h (its parser), with
 * "vrf NAME" switching instance (at most ERPOLICY_FUZZ_MAX_INSTANCES; a name erpolicyd
 * refuses is skipped). An item's VALUE is the rest of the line, given as is to
 * erpolicy_intent_add (the northbound hands it any text of up to 64 characters). A bad
 * line is skipped. With check, each line's effect is checked (a rejected line leaves the
 * intent unchanged, an accepted value is in it, prefixes print and parse back to
 * themselves).
 */
void erpolicy_fuzz_intents(struct erpolicy_fuzz_instances *is, const char *text, bool check);
void erpolicy_fuzz_instances_free(struct erpolicy_fuzz_instances *is);

/* Check that a prefix prints and parses back to itself (and prints the same again). */
void erpolicy_fuzz_check_pfx_roundtrip(const union erpolicy_prefix *p, bool address);

/* Check the invariants of a compiled plan against its intent. */
void erpolicy_fuzz_check_plan(const struct erpolicy_intent *in, const struct erpolicy_plan *plan);

/* Check that a list of strings is sorted and unique (as erpolicy_strs_sort leaves it). */
void erpolicy_fuzz_check_sorted(char *const *strs, const char *what);

#endif /* _FRR_ERPOLICY_FUZZ_COMMON_H_ */
