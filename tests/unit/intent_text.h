// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The text form of an intent, the configuration lines of DESIGN section 2: one parser
 * for the unit tests and the fuzzers (tests/fuzz/fuzz_common.c).
 */
#ifndef _FRR_ERPOLICY_TEST_INTENT_TEXT_H_
#define _FRR_ERPOLICY_TEST_INTENT_TEXT_H_

#include <stdbool.h>
#include <stddef.h>

#include "erpolicy_intent.h"

/*
 * What an item line "[no] ITEM VALUE" does: add VALUE (as the northbound hands it
 * over) or delete it. The default is erpolicy_intent_add/_del; a fuzzer wraps them
 * to check what each did. 0 ok, -1 with errmsg.
 */
typedef int (*erpolicy_test_item_fn)(void *arg, struct erpolicy_intent *in, enum erpolicy_item it,
				     bool no, const char *value, char *errmsg, size_t errlen);

/*
 * Apply one line to in: "ITEM VALUE", "no ITEM VALUE" (VALUE: the rest of the line),
 * "[no] mode M", "[no] local-preference vpn|expressroute N",
 * "[no] maximum-prefix expressroute|vpn in|out N", "[no] maximum-prefix restart N",
 * "[no] tunnel-probe", "tunnel-probe interval|multiplier|hold-down N",
 * "tunnel-probe neighbor A target B", "vrf NAME"; "no" puts the default back. The
 * line ends at a newline; blank lines and "!" comments are skipped. 0 ok, -1 with
 * errmsg, and a rejected line leaves in unchanged.
 */
int erpolicy_test_line(struct erpolicy_intent *in, const char *line, char *errmsg, size_t errlen);

/* The same, item lines done by item(arg, ...). */
int erpolicy_test_line_item(struct erpolicy_intent *in, const char *line,
			    erpolicy_test_item_fn item, void *arg, char *errmsg, size_t errlen);

#endif /* _FRR_ERPOLICY_TEST_INTENT_TEXT_H_ */
