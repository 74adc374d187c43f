// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: tunnel liveness. Every vpn-neighbor of an instance with tunnel-probe
 * enabled is probed with ICMP echo requests through its tunnel; the state
 * machine (erpolicy_probe_fsm.h) decides when its routes go out of preference
 * and come back, which erpolicy_instance_set_vpn_down() turns into the plan.
 *
 * Least privilege: an unprivileged ICMP ("ping") socket where the kernel allows
 * it for erpolicyd's group (net.ipv4.ping_group_range), else a raw ICMP socket
 * opened with CAP_NET_RAW raised for that call only. A probe target other than
 * the neighbor's own address is sent out of the interface the neighbor is
 * reached on (SO_BINDTODEVICE), so that it never follows the routes it judges.
 */
#ifndef _FRR_ERPOLICY_PROBE_H_
#define _FRR_ERPOLICY_PROBE_H_

#include "frrevent.h"
#include "privs.h"

#include "erpolicy_intent.h"
#include "erpolicy_probe_fsm.h"

struct erpolicy_instance;

struct erpolicy_probe_info {
	enum erpolicy_probe_state state;
	union erpolicy_prefix target;
	uint64_t downs;
	time_t last_change; /* wall clock */
	uint32_t rtt_us;    /* last reply; 0 none */
	bool raw;	    /* raw socket (no ping socket allowed) */
	char ifname[32];    /* bound to, "" none */
	char err[96];	    /* why no probe goes out, "" none */
};

void erpolicy_probe_init(struct event_loop *loop, struct zebra_privs_t *privs);
void erpolicy_probe_fini(void);
/* The probes follow the instances' intents through their hooks (erpolicy_instance.h). */
/* The probe of vrf's vpn-neighbor nbr; false when there is none (probing off). */
bool erpolicy_probe_get(const char *vrf, const union erpolicy_prefix *nbr,
			struct erpolicy_probe_info *info);

#endif /* _FRR_ERPOLICY_PROBE_H_ */
