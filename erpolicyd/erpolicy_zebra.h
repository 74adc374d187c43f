// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: zebra client. Mirrors zebra's selected (installed) routes of the
 * VRFs through redistribution, so that the verifier reads the FIB locally and
 * hears about every change at once.
 */
#ifndef _FRR_ERPOLICY_ZEBRA_H_
#define _FRR_ERPOLICY_ZEBRA_H_

#include "frrevent.h"
#include "privs.h"
#include "hook.h"

#include "erpolicy_intent.h"
#include "erpolicy_verdict.h" /* struct erpolicy_znh */

/* zebra's selected route for a prefix, as redistributed (installed in the FIB). */
struct erpolicy_zroute {
	union erpolicy_prefix pfx;
	uint8_t type; /* ZEBRA_ROUTE_* */
	uint8_t distance;
	uint32_t tag;
	uint8_t n_nh;
	struct erpolicy_znh nh[];
};

void erpolicy_zebra_init(struct event_loop *loop, struct zebra_privs_t *privs);
void erpolicy_zebra_fini(void);

/* Whether zebra is connected and the mirror of vrf holds zebra's routes. */
bool erpolicy_zebra_synced(const char *vrf);
/* The mirror of vrf's routes (NULL: none), for erpolicy_zebra_lookup. */
struct erpolicy_zvrf;
const struct erpolicy_zvrf *erpolicy_zebra_vrf(const char *vrf);
/* The route for p itself (exact), or the one an address p resolves over (longest match). */
const struct erpolicy_zroute *erpolicy_zebra_lookup(const struct erpolicy_zvrf *zv,
						    const union erpolicy_prefix *p, bool exact);
/* "bgp", "static", "connected", ... */
const char *erpolicy_zebra_type_name(uint8_t type);
/* Routes mirrored, all VRFs. */
size_t erpolicy_zebra_count(void);

/*
 * zebra's selected route for p in vrf changed (added, replaced or removed); p
 * NULL: any route of vrf may have (the mirror was completed or flushed; vrf
 * NULL: every VRF). The verifier registers here.
 */
DECLARE_HOOK(erpolicy_zebra_route_changed, (const char *vrf, const union erpolicy_prefix *p),
	     (vrf, p));

#endif /* _FRR_ERPOLICY_ZEBRA_H_ */
