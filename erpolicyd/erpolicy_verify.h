// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: the verifier. From zebra's selected routes (mirrored through the
 * zclient), bgpd's best paths and what bgpd advertises to each Azure peer,
 * evaluates the rules of the intent for every azure-prefix, gateway-subnet and
 * onprem-prefix, and records a verdict.
 */
#ifndef _FRR_ERPOLICY_VERIFY_H_
#define _FRR_ERPOLICY_VERIFY_H_

#include <stdbool.h>
#include <stdint.h>

#include "frrevent.h"
#include "erpolicy_intent.h"

struct erpolicy_instance;

/* YANG: transport-type. */
enum erpolicy_transport {
	ERPOLICY_TRANSPORT_VPN = 0,
	ERPOLICY_TRANSPORT_EXPRESSROUTE,
	ERPOLICY_TRANSPORT_NONE,
	ERPOLICY_TRANSPORT_OTHER,
};
const char *erpolicy_transport_name(enum erpolicy_transport t);

/* YANG: prefix/status. */
enum erpolicy_status {
	ERPOLICY_STATUS_UNKNOWN = 0,
	ERPOLICY_STATUS_OK,
	ERPOLICY_STATUS_VIOLATION,
	ERPOLICY_STATUS_NO_ROUTE,
};
const char *erpolicy_status_name(enum erpolicy_status s);

/* Why a verdict is what it is (rendered by erpolicy_verdict_reason). */
enum erpolicy_reason {
	ERPOLICY_REASON_NONE = 0,
	ERPOLICY_REASON_TRANSPORT,   /* expected one transport, found another */
	ERPOLICY_REASON_LOCAL_PREF,  /* best path's local-preference is not the intent's */
	ERPOLICY_REASON_GW_ROUTED,   /* the tunnel endpoints are routed elsewhere */
	ERPOLICY_REASON_GW_UNPINNED, /* covered by an azure-prefix, no pin in the FIB */
	ERPOLICY_REASON_RETURN_PATH, /* Azure would return traffic another way */
	ERPOLICY_REASON_BGP_UNKNOWN, /* bgpd's best path not read yet */
};

/*
 * One row of `show expressroute-policy` (YANG: instance/prefix). Kept for the
 * life of the intent, in the order of the intent's lists (role, then prefix).
 */
struct erpolicy_verdict {
	struct erpolicy_pfx pfx;
	uint8_t role;	     /* enum erpolicy_item: azure-prefix, gateway-subnet, onprem-prefix */
	uint8_t expected;    /* enum erpolicy_transport */
	uint8_t actual;	     /* enum erpolicy_transport */
	uint8_t status;	     /* enum erpolicy_status */
	uint8_t reason;	     /* enum erpolicy_reason */
	uint8_t return_path; /* onprem-prefix: enum erpolicy_transport */
	bool pinned;	     /* gateway-subnet */
	/* azure-prefix: bgpd's best path, read when zebra's route changed (bgp_dirty). */
	bool bgp_dirty, bgp_known;
	uint32_t lp;
	struct erpolicy_pfx best; /* best path's neighbor, or FIB next hop; family 0: none */
	struct erpolicy_pfx via;  /* the route (or advertisement) the verdict rests on */
};

/* Render why; "" when there is nothing to say. */
const char *erpolicy_verdict_reason(const struct erpolicy_instance *inst,
				    const struct erpolicy_verdict *v, char *buf, size_t len);

/* A BGP neighbor named in the intent, as bgpd reports it (YANG: instance/neighbor). */
struct erpolicy_nbr_state {
	struct erpolicy_pfx addr;
	bool vpn;	 /* else expressroute */
	bool configured; /* exists in router bgp */
	char state[24];	 /* bgpState, e.g. Established */
	char bfd[16];	 /* BFD status bgpd reports (Up, Down, ...); "" no BFD */
	const char *vrf; /* the instance's */
};

/*
 * An expressroute-neighbor whose session bgpd runs without BFD: true and the
 * warning in buf. Microsoft runs BFD on private peering; without it a silent
 * loss of the link is found by the BGP hold timer only.
 */
bool erpolicy_nbr_bfd_warning(const struct erpolicy_nbr_state *nb, char *buf, size_t len);

/* A verification this long after a push (bgpd's updates to its peers take a moment). */
#define ERPOLICY_VERIFY_AFTER_PUSH_MS 500
/* Interval of the verification that does not wait for a route change. */
#define ERPOLICY_VERIFY_INTERVAL_MS 2000
/* bgpd best-path reads per pass; more are left for the next pass, 10 ms later. */
#define ERPOLICY_VERIFY_BGP_BATCH 256
/* Best paths read again per periodic pass even without a route change. */
#define ERPOLICY_VERIFY_BGP_SAMPLE 16
/* Per-prefix log lines per pass about violations starting or ending; then a summary. */
#define ERPOLICY_VERIFY_LOG_MAX 20

/* Coalesce a burst of route changes into one verification. */
#define ERPOLICY_ROUTE_EVENT_DELAY_MS 50

/*
 * The verifier learns of intents, pushes and route changes through the hooks of
 * erpolicy_instance.h, erpolicy_apply.h and erpolicy_zebra.h, registered here.
 */
void erpolicy_verify_init(struct event_loop *loop);
void erpolicy_verify_fini(void);
/* Evaluate again within msec. */
void erpolicy_verify_schedule(unsigned long msec);

#endif /* _FRR_ERPOLICY_VERIFY_H_ */
