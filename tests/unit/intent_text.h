// SPDX-License-Identifier: GPL-2.0-or-later
/* The unit tests' text form of an intent: the configuration lines of DESIGN section 2. */
#ifndef _FRR_ERPOLICY_TEST_INTENT_TEXT_H_
#define _FRR_ERPOLICY_TEST_INTENT_TEXT_H_

#include <stddef.h>

#include "erpolicy_intent.h"

/*
 * Apply one line to in: "ITEM VALUE", "no ITEM VALUE", "mode M",
 * "local-preference vpn|expressroute N", "maximum-prefix expressroute|vpn in|out N",
 * "maximum-prefix restart N", "no maximum-prefix ...", "vrf NAME"; blank lines and
 * "!" comments are skipped. 0 ok, -1 with errmsg.
 */
int erpolicy_test_line(struct erpolicy_intent *in, const char *line, char *errmsg, size_t errlen);

#endif /* _FRR_ERPOLICY_TEST_INTENT_TEXT_H_ */
