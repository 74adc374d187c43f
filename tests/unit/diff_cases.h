// SPDX-License-Identifier: GPL-2.0-or-later
/* The fixtures of tests/unit/test_diff.c (also fuzz_state's seeds, tests/fuzz/gen_state_seeds.c). */
#ifndef _FRR_ERPOLICY_TEST_DIFF_CASES_H_
#define _FRR_ERPOLICY_TEST_DIFF_CASES_H_

#include <stddef.h>

#include "erpolicy_intent.h"
#include "erpolicy_compile.h"
#include "erpolicy_diff.h"
#include "erpolicy_readback.h"

#define TEST_ASN 65501

#define MAX_INSTANCES 4

/* The instances of an intent: lines before any "vrf NAME" go to vrf default. */
struct instances {
	struct erpolicy_intent in[MAX_INSTANCES];
	struct erpolicy_plan *plan[MAX_INSTANCES];
	size_t n;
};

struct sbuf {
	char *s;
	size_t len, cap;
};

#define MANGLE_CRLF	0x1 /* "\r\n" line ends */
#define MANGLE_TRAILING 0x2 /* spaces and a tab at the end of every line */

/* Build the instances of the intent lines (at most max), validate and compile them. */
int instances_build(struct instances *is, const char *const *lines, size_t max, char *err,
		    size_t errlen);
void instances_free(struct instances *is);

void sb_add(struct sbuf *sb, const char *s, size_t n);
void sb_puts(struct sbuf *sb, const char *s);

/*
 * The daemons holding exactly the plans: erpolicy_render_plan's text, with each
 * instance's neighbors configured in its router bgp (as bgpd would show them).
 */
char *render_daemon(const struct instances *is);

/* The text with its line ends or line tails changed (MANGLE_*). */
char *mangle(const char *text, unsigned int how);

/* Fixtures: what FRR 10.3 shows */

/* Intent: one ExpressRoute and one VPN neighbor, a hub covering the GatewaySubnet, a spoke. */
#define BASE                                                                                      \
	"azure-prefix 10.64.0.0/23", "azure-prefix 172.16.0.0/16", "gateway-subnet 10.64.0.0/26", \
		"expressroute-neighbor 192.168.100.2", "vpn-neighbor 169.254.21.2"

/* bgpd holding BASE's plan, piece by piece */
#define PL_AZ172 "ip prefix-list ERPOL-AZURE-V4 seq 1375728542 permit 172.16.0.0/16 le 32\n"
#define PL_AZ10	 "ip prefix-list ERPOL-AZURE-V4 seq 1444625307 permit 10.64.0.0/23 le 32\n"
#define PL_GW	 "ip prefix-list ERPOL-GWSUBNET-V4 seq 1260071498 permit 10.64.0.0/26 le 32\n"
#define RM_ER_IN_10                                                                               \
	"route-map ERPOL-ER-IN-V4 permit 10\n"                                                    \
	" match ip address prefix-list ERPOL-GWSUBNET-V4\n"                                       \
	"exit\n"                                                                                  \
	"!\n"
#define RM_ER_IN_20                                                                               \
	"route-map ERPOL-ER-IN-V4 permit 20\n"                                                    \
	" match ip address prefix-list ERPOL-AZURE-V4\n"                                          \
	" set local-preference 100\n"                                                             \
	"exit\n"                                                                                  \
	"!\n"
#define RM_ER_OUT_10 "route-map ERPOL-ER-OUT-V4 deny 10\nexit\n!\n"
#define RM_VPN_IN_10                                                                              \
	"route-map ERPOL-VPN-IN-V4 deny 10\n"                                                     \
	" match ip address prefix-list ERPOL-GWSUBNET-V4\n"                                       \
	"exit\n"                                                                                  \
	"!\n"
#define RM_VPN_IN_20_LP(lp)                                                                       \
	"route-map ERPOL-VPN-IN-V4 permit 20\n"                                                   \
	" match ip address prefix-list ERPOL-AZURE-V4\n"                                          \
	" set local-preference " lp "\n"                                                          \
	"exit\n"                                                                                  \
	"!\n"
#define RM_VPN_IN_20  RM_VPN_IN_20_LP("200")
#define RM_VPN_OUT_10 "route-map ERPOL-VPN-OUT-V4 deny 10\nexit\n!\n"

#define BGP_OPEN(vrf)                                                                             \
	"router bgp 65501" vrf "\n"                                                               \
	" bgp router-id 10.10.10.1\n"                                                             \
	" neighbor 169.254.21.2 remote-as 65515\n"                                                \
	" neighbor 192.168.100.2 remote-as 12076\n"                                               \
	" !\n"                                                                                    \
	" address-family ipv4 unicast\n"                                                          \
	"  network 10.1.0.0/16\n"
#define BGP_CLOSE    " exit-address-family\nexit\n!\n"
#define BIND_VPN_IN  "  neighbor 169.254.21.2 route-map ERPOL-VPN-IN-V4 in\n"
#define BIND_VPN_OUT "  neighbor 169.254.21.2 route-map ERPOL-VPN-OUT-V4 out\n"
#define BIND_ER_IN   "  neighbor 192.168.100.2 route-map ERPOL-ER-IN-V4 in\n"
#define BIND_ER_OUT  "  neighbor 192.168.100.2 route-map ERPOL-ER-OUT-V4 out\n"
#define BIND_ALL     BIND_VPN_IN BIND_VPN_OUT BIND_ER_IN BIND_ER_OUT
#define BGPD_EMPTY                                                                                \
	"frr version 10.3\nfrr defaults traditional\nhostname r1\n!\n" BGP_OPEN("") BGP_CLOSE
#define BGPD_PLISTS PL_AZ172 PL_AZ10 PL_GW "!\n"
#define BGPD_RMAPS  RM_ER_IN_10 RM_ER_IN_20 RM_ER_OUT_10 RM_VPN_IN_10 RM_VPN_IN_20 RM_VPN_OUT_10
#define BGPD_BASE   BGPD_PLISTS BGPD_RMAPS BGP_OPEN("") BIND_ALL BGP_CLOSE

#define PIN	    "ip route 10.64.0.0/26 192.168.100.2 tag 4242"
#define MGMTD_EMPTY "frr version 10.3\nhostname r1\n!\nip route 0.0.0.0/0 10.0.0.1\n!\n"
#define MGMTD_BASE  MGMTD_EMPTY PIN "\n!\n"

/* the commands for BASE's objects */
#define OBJ_PL_AZ172 "ip prefix-list ERPOL-AZURE-V4 seq 1375728542 permit 172.16.0.0/16 le 32"
#define OBJ_PL_AZ10  "ip prefix-list ERPOL-AZURE-V4 seq 1444625307 permit 10.64.0.0/23 le 32"
#define OBJ_PL_GW    "ip prefix-list ERPOL-GWSUBNET-V4 seq 1260071498 permit 10.64.0.0/26 le 32"
#define OBJ_RM_ER_IN_10                                                                           \
	"route-map ERPOL-ER-IN-V4 permit 10", " match ip address prefix-list ERPOL-GWSUBNET-V4",  \
		"exit"
#define OBJ_RM_ER_IN_20                                                                           \
	"route-map ERPOL-ER-IN-V4 permit 20", " match ip address prefix-list ERPOL-AZURE-V4",     \
		" set local-preference 100", "exit"
#define OBJ_RM_ER_OUT_10 "route-map ERPOL-ER-OUT-V4 deny 10", "exit"
#define OBJ_RM_VPN_IN_10                                                                          \
	"route-map ERPOL-VPN-IN-V4 deny 10", " match ip address prefix-list ERPOL-GWSUBNET-V4",   \
		"exit"
#define OBJ_RM_VPN_IN_20                                                                          \
	"route-map ERPOL-VPN-IN-V4 permit 20", " match ip address prefix-list ERPOL-AZURE-V4",    \
		" set local-preference 200", "exit"
#define OBJ_RM_VPN_OUT_10 "route-map ERPOL-VPN-OUT-V4 deny 10", "exit"

#define CTX_V4(vrfline)	 vrfline, " address-family ipv4 unicast"
#define CTX_V6(vrfline)	 vrfline, " address-family ipv6 unicast"
#define CTX_END		 " exit-address-family", "exit"
#define CMD_BIND_VPN_IN	 "  neighbor 169.254.21.2 route-map ERPOL-VPN-IN-V4 in"
#define CMD_BIND_VPN_OUT "  neighbor 169.254.21.2 route-map ERPOL-VPN-OUT-V4 out"
#define CMD_BIND_ER_IN	 "  neighbor 192.168.100.2 route-map ERPOL-ER-IN-V4 in"
#define CMD_BIND_ER_OUT	 "  neighbor 192.168.100.2 route-map ERPOL-ER-OUT-V4 out"
#define REFRESH_BASE	 "default\tipv4\t169.254.21.2", "default\tipv4\t192.168.100.2"

/* The same intent in vrf BLUE */
#define BLUE_BGPD_EMPTY BGPD_EMPTY BGP_OPEN(" vrf BLUE") BGP_CLOSE

/* IPv6 */
#define BASE6                                                                                     \
	"azure-prefix 2001:db8:64::/48", "gateway-subnet 2001:db8:64::/64",                       \
		"expressroute-neighbor 2001:db8:100::2", "vpn-neighbor fd00:21::2"
#define BGP6_OPEN                                                                                 \
	"router bgp 65501\n"                                                                      \
	" bgp router-id 10.10.10.1\n"                                                             \
	" neighbor 2001:db8:100::2 remote-as 12076\n"                                             \
	" neighbor fd00:21::2 remote-as 65515\n"                                                  \
	" !\n"                                                                                    \
	" address-family ipv6 unicast\n"                                                          \
	"  network 2001:db8:1::/48\n"                                                             \
	"  neighbor 2001:db8:100::2 activate\n"                                                   \
	"  neighbor fd00:21::2 activate\n"
#define BGP_DUAL_OPEN                                                                             \
	"router bgp 65501\n"                                                                      \
	" bgp router-id 10.10.10.1\n"                                                             \
	" neighbor 169.254.21.2 remote-as 65515\n"                                                \
	" neighbor 192.168.100.2 remote-as 12076\n"                                               \
	" neighbor 2001:db8:100::2 remote-as 12076\n"                                             \
	" neighbor fd00:21::2 remote-as 65515\n"                                                  \
	" !\n"                                                                                    \
	" address-family ipv4 unicast\n"                                                          \
	"  network 10.1.0.0/16\n"

/* 300 characters: route-map names have no length limit in FRR */
#define NAME_50	  "VPN-IN-V4-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
#define LONG_NAME NAME_50 NAME_50 NAME_50 NAME_50 NAME_50 NAME_50

/* ------------------------------------------------------------------ */
/* The table                                                            */

#define MAXV 40

/* have texts: given, NULL, or the rendered plan of the intent itself (plus the extra text) */
#define F_RENDER 0x100

struct diff_case {
	const char *name;
	const char *intent[24];
	unsigned int flags; /* F_RENDER, MANGLE_* */
	const char *bgpd, *mgmtd;
	const char *objects[MAXV], *bindings[MAXV], *removals[MAXV];
	const char *mgmtd_cmds[8], *refresh[8], *warnings[8];
	/* maximum-prefix settings an earlier pass wanted (want.maxpfx_prev) */
	const char *maxpfx_prev[8];
};

extern const struct diff_case diff_cases[];
extern const size_t diff_cases_n;

/*
 * What bgpd and mgmtd show in case c (is: its intent's instances): with F_RENDER the
 * daemons holding the plans (render_daemon) followed by c->bgpd and c->mgmtd, else
 * those alone ("" for none); mangled as c->flags say. The caller frees both.
 */
void diff_case_texts(const struct diff_case *c, const struct instances *is, char **bgpd,
		     char **mgmtd);

#endif /* _FRR_ERPOLICY_TEST_DIFF_CASES_H_ */
