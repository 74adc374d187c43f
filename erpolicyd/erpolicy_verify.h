// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: the verifier. From bgpd's best paths, zebra's selected routes and
 * what bgpd advertises to each Azure peer, evaluates the rules of the intent for
 * every azure-prefix, gateway-subnet and onprem-prefix, and records a verdict.
 */
#ifndef _FRR_ERPOLICY_VERIFY_H_
#define _FRR_ERPOLICY_VERIFY_H_

#include <stdbool.h>
#include <stdint.h>

#include "frrevent.h"
#include "erpolicy_intent.h"

enum erpolicy_transport {
	ERPOLICY_TRANSPORT_VPN = 0,
	ERPOLICY_TRANSPORT_EXPRESSROUTE,
	ERPOLICY_TRANSPORT_NONE,
	ERPOLICY_TRANSPORT_OTHER,
};
const char *erpolicy_transport_name(enum erpolicy_transport t);

enum erpolicy_status {
	ERPOLICY_STATUS_UNKNOWN = 0,
	ERPOLICY_STATUS_OK,
	ERPOLICY_STATUS_VIOLATION,
	ERPOLICY_STATUS_NO_ROUTE,
};
const char *erpolicy_status_name(enum erpolicy_status s);

/* One row of `show expressroute-policy` (YANG: state/prefix). */
struct erpolicy_verdict {
	struct erpolicy_pfx pfx;
	enum erpolicy_item role; /* azure-prefix, gateway-subnet or onprem-prefix */
	enum erpolicy_transport expected, actual;
	char best_nbr[64];
	uint32_t lp;
	enum erpolicy_status status;
	bool pinned;			      /* gateway-subnet */
	enum erpolicy_transport return_path; /* onprem-prefix */
	char reason[200];
};

/* A BGP neighbor named in the intent, as bgpd reports it. */
struct erpolicy_nbr_state {
	struct erpolicy_pfx addr;
	bool vpn;	 /* else expressroute */
	bool configured; /* exists in router bgp */
	char state[24];	 /* bgpState, e.g. Established */
};

/* Interval of the verification that does not wait for a route change. */
#define ERPOLICY_VERIFY_INTERVAL_MS 2000

void erpolicy_verify_init(struct event_loop *loop);
void erpolicy_verify_fini(void);
/* Evaluate again soon (a route changed, or the policy was pushed). */
void erpolicy_verify_schedule(unsigned long msec);

#endif /* _FRR_ERPOLICY_VERIFY_H_ */
