// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: reading back what the daemons hold. Parsers of their `show` output
 * into the typed have-state the diff compares against the plans. Pure: text in,
 * structs out, no I/O (unit-tested and fuzzed on their own).
 */
#ifndef _FRR_ERPOLICY_READBACK_H_
#define _FRR_ERPOLICY_READBACK_H_

#include <stdbool.h>
#include <stdint.h>

#include "erpolicy_diff.h"

/* What bgpd has: parse its `show running-config`. Only ERPOL- objects are kept. */
void erpolicy_state_parse_bgpd(struct erpolicy_state *st, const char *text);
/* What staticd has: parse mgmtd's `show running-config`. Only pins (tag 4242) are kept. */
void erpolicy_state_parse_mgmtd(struct erpolicy_state *st, const char *text);

/*
 * bgpd's route-map delay timer in seconds as its running configuration shows it
 * ("bgp route-map delay-timer N"; absent: FRR's default, 5).
 */
#define ERPOLICY_BGPD_RMAP_DELAY_DEFAULT 5
unsigned int erpolicy_bgpd_rmap_delay(const char *text);

/*
 * A daemon's answer to `show configuration version json` (FRR patch 0005):
 *   generation  changes each time the daemon starts;
 *   version     configuration commands it has executed since (any, even one that
 *               changed nothing);
 *   nb_version  its northbound running configuration's version;
 *   loading     a configuration load (XFRR_start/end_configuration: vtysh -b or
 *               -f) is in progress, for loading_s seconds.
 * Two answers with the same generation, version and nb_version mean nobody has
 * configured the daemon in between: its running configuration is unchanged.
 */
struct erpolicy_cfgver {
	uint64_t generation, version, nb_version;
	bool loading;
	unsigned int loading_s;
};
/* 0 ok, -1 and v zeroed: not such an answer (a daemon without the command, garbage). */
int erpolicy_cfgver_parse(const char *text, struct erpolicy_cfgver *v);
/* Whether nothing was configured between a and b (same daemon instance). */
bool erpolicy_cfgver_same(const struct erpolicy_cfgver *a, const struct erpolicy_cfgver *b);

#endif /* _FRR_ERPOLICY_READBACK_H_ */
