// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the verifier's rules (erpolicy_verdict.h), table-driven: one
 * row per rule and per boundary, each a snapshot (the intent's neighbors'
 * states, what is advertised to them, their routes, zebra's route and bgpd's
 * best path for the prefix judged) and the verdict it must give, reason text
 * included. Both modes, IPv4 and IPv6.
 */

#include <zebra.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "erpolicy_verdict.h"
#include "intent_text.h"
#include "test_check.h"


/*
 * The intent every row starts from: dual-stack, one ExpressRoute and one VPN
 * neighbor per family. 10.64.0.0/26 and fd10:64::/64 are covered by an
 * azure-prefix, 10.99.0.0/27 and fd99::/64 are not.
 */
static const char *const base_intent[] = {
	"azure-prefix 10.64.0.0/23",	     "azure-prefix 172.16.0.0/16",
	"azure-prefix fd10:64::/48",	     "gateway-subnet 10.64.0.0/26",
	"gateway-subnet 10.99.0.0/27",	     "gateway-subnet fd10:64::/64",
	"gateway-subnet fd99::/64",	     "expressroute-neighbor 192.168.100.2",
	"expressroute-neighbor fd00:100::2", "vpn-neighbor 169.254.21.2",
	"vpn-neighbor fd00:21::2",	     "onprem-prefix 10.1.0.0/16",
	"onprem-prefix fd01::/48",
};

#define ER4  "192.168.100.2"
#define VPN4 "169.254.21.2"
#define ER6  "fd00:100::2"
#define VPN6 "fd00:21::2"
#define ALL  ER4 " " VPN4 " " ER6 " " VPN6

#define MAX_LINES 4
#define MAX_NH	  4
#define MAX_NBRS  8
#define MAX_ADV	  8

struct verify_case {
	const char *name;
	const char *intent[MAX_LINES]; /* lines on top of base_intent */
	const char *up;		       /* Established neighbors (the others: Active) */
	const char *dead;	       /* vpn-neighbors whose tunnel the probe found dead */
	const char *adv[MAX_LINES];    /* "NEIGHBOR PREFIX...": what bgpd advertises to it */
	const char *links[MAX_LINES];  /* "NEIGHBOR connected|static IFINDEX...": its route */
	const char *item;	       /* "ROLE PREFIX": the verdict judged */
	/* zebra's route for it: "PREFIX ORIGIN [tag N] NEXTHOP..." (NEXTHOP: ADDR,
	 * ADDR%IFINDEX, %IFINDEX, or "-" for none); NULL: no route */
	const char *route;
	/* bgpd's best path: "[dirty] lp N [best ADDR]" (dirty: read before the route
	 * last changed); NULL: not read yet */
	const char *bgp;
	/* Wanted */
	const char *status, *expected, *actual, *reason;
	const char *best; /* best-path neighbor shown ("" none); NULL: not checked */
	const char *via;  /* the route or advertisement ("" none); NULL: not checked */
	int pinned;	  /* gateway-subnet: 0 / 1; -1 not checked */
	const char *ret;  /* onprem-prefix: azure return path; NULL: not checked */
	unsigned int lp;  /* local-preference kept in the verdict (checked when bgp is set) */
};

#define NC .pinned = -1 /* pinned not checked */

/*
 * The verdicts most rows want, each with its full reason text (the arguments are
 * string literals, pasted in): ok over transport T; a violation, traffic expected
 * over E going over A or nowhere; the fail-closed no-route.
 */
#define WANT_OK(t) .status = "ok", .expected = t, .actual = t, .reason = ""
#define WANT_OVER(e, a)                                                                           \
	.status = "violation", .expected = e, .actual = a,                                        \
	.reason = "expected " e ", traffic goes over " a
#define WANT_NOWHERE(e)                                                                           \
	.status = "violation", .expected = e, .actual = "none",                                   \
	.reason = "expected " e ", traffic goes nowhere (no route)"
#define WANT_NO_ROUTE .status = "no-route", .expected = "none", .actual = "none", .reason = ""
/* gateway-subnet: covered but not pinned; routed over A (route VIA) or nowhere */
#define WANT_UNPINNED                                                                             \
	.status = "violation", .expected = "expressroute", .actual = "expressroute",              \
	.reason = "covered by an azure-prefix but not pinned"
#define WANT_GW_OVER(a, via)                                                                      \
	.status = "violation", .expected = "expressroute", .actual = a,                           \
	.reason = "tunnel endpoints routed over " a " (" via ")"
#define WANT_GW_NOWHERE                                                                           \
	.status = "violation", .expected = "expressroute", .actual = "none",                      \
	.reason = "tunnel endpoints routed nowhere (no route)"
/* onprem-prefix, vpn expected: Azure returns over expressroute (ADV advertised), or nowhere */
#define WANT_ASYMMETRIC(adv)                                                                      \
	.status = "violation", .expected = "vpn", .actual = "expressroute",                       \
	.reason = "Azure would return traffic over expressroute (" adv " advertised): asymmetric"
#define WANT_RETURN_NONE                                                                          \
	.status = "violation", .expected = "vpn", .actual = "none",                               \
	.reason = "Azure would return traffic over none"

static const struct verify_case cases[] = {
	/* --- azure-prefix: transport from the next hops, IPv4 ------------------- */
	{ "azure v4 via vpn next hop, vpn up, prefer-vpn: ok", .up = ALL,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp " VPN4, WANT_OK("vpn"),
	  .best = VPN4, .via = "10.64.0.0/23", NC },
	{ "azure v4 via vpn next hop, require-encryption: ok",
	  .intent = { "mode require-encryption" }, .up = ALL, .item = "azure-prefix 10.64.0.0/23",
	  .route = "10.64.0.0/23 bgp " VPN4, WANT_OK("vpn"), NC },
	{ "azure v4 via expressroute while vpn up: violation", .up = ALL,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp " ER4,
	  WANT_OVER("vpn", "expressroute"), .best = ER4, NC },
	{ "azure v4 via expressroute, vpn down, prefer-vpn: ok (fallback)", .up = ER4 " " ER6,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp " ER4,
	  WANT_OK("expressroute"), NC },
	{ "azure v4 via expressroute, vpn down, require-encryption: violation",
	  .intent = { "mode require-encryption" }, .up = ER4, .item = "azure-prefix 172.16.0.0/16",
	  .route = "172.16.0.0/16 bgp " ER4, WANT_OVER("none", "expressroute"), NC },
	{ "azure v4 no route, vpn down, require-encryption: no-route (fail closed)",
	  .intent = { "mode require-encryption" }, .up = ER4, .item = "azure-prefix 10.64.0.0/23",
	  WANT_NO_ROUTE, .best = "", .via = "", NC },
	{ "azure v4 no route, vpn down, prefer-vpn: violation", .up = ER4,
	  .item = "azure-prefix 10.64.0.0/23", WANT_NOWHERE("expressroute"), .best = "", .via = "",
	  NC },
	{ "azure v4 no route, vpn up: violation", .up = ALL, .item = "azure-prefix 10.64.0.0/23",
	  WANT_NOWHERE("vpn"), NC },
	{ "azure v4 route of family 0 counts as no route", .up = ALL,
	  .item = "azure-prefix 10.64.0.0/23", .route = "none", WANT_NOWHERE("vpn"), .via = "",
	  NC },
	{ "azure v4 vpn path in use, no vpn neighbor up: expected vpn (a VPN path exists)",
	  .intent = { "mode require-encryption" }, .up = "", .item = "azure-prefix 10.64.0.0/23",
	  .route = "10.64.0.0/23 static " VPN4, WANT_OK("vpn"), NC },
	{ "azure v4 ECMP vpn + expressroute: expressroute (part leaves unencrypted)", .up = ALL,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp " VPN4 " " ER4,
	  WANT_OVER("vpn", "expressroute"), .best = VPN4, NC },
	{ "azure v4 ECMP vpn + unknown next hop (static): other", .up = ALL,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 static " VPN4 " 10.0.0.9",
	  WANT_OVER("vpn", "other"), NC },
	{ "azure v4 ECMP vpn + vpn: vpn", .intent = { "vpn-neighbor 169.254.22.2" }, .up = ALL,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp " VPN4 " 169.254.22.2",
	  WANT_OK("vpn"), .best = VPN4, NC },
	{ "azure v4 connected route (interface only): other", .up = ALL,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 connected %3",
	  WANT_OVER("vpn", "other"), .best = "", NC },
	{ "azure v4 blackhole (no next hop address): other", .up = ER4,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 static -",
	  WANT_OVER("expressroute", "other"), .best = "", NC },
	{ "azure v4 route without next hops: other", .up = ER4, .item = "azure-prefix 10.64.0.0/23",
	  .route = "10.64.0.0/23 static", WANT_OVER("expressroute", "other"), .best = "", NC },
	{ "azure v4 only the IPv6 vpn neighbor up: IPv4 falls back to expressroute",
	  .up = ER4 " " VPN6, .item = "azure-prefix 10.64.0.0/23",
	  .route = "10.64.0.0/23 bgp " ER4, WANT_OK("expressroute"), NC },
	{ "azure v4 vpn up but tunnel dead: no VPN path, expressroute ok", .up = ALL, .dead = VPN4,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp " ER4,
	  WANT_OK("expressroute"), NC },
	{ "azure v4 vpn tunnel dead, require-encryption: violation",
	  .intent = { "mode require-encryption" }, .up = ALL, .dead = VPN4,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp " ER4,
	  WANT_OVER("none", "expressroute"), NC },
	{ "azure v4 dead mark on an expressroute neighbor is ignored", .up = ALL, .dead = ER4,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp " VPN4, WANT_OK("vpn"),
	  NC },
	{ "azure v4 vpn neighbor not Established (Active) gives no VPN path", .up = ER4,
	  .item = "azure-prefix 172.16.0.0/16", .route = "172.16.0.0/16 bgp " ER4,
	  WANT_OK("expressroute"), NC },

	/* --- azure-prefix: IPv6, link-local next hops --------------------------- */
	{ "azure v6 via vpn next hop: ok", .up = ALL, .item = "azure-prefix fd10:64::/48",
	  .route = "fd10:64::/48 bgp " VPN6, WANT_OK("vpn"), .best = VPN6, .via = "fd10:64::/48",
	  NC },
	{ "azure v6 via expressroute, vpn up: violation", .up = ALL,
	  .item = "azure-prefix fd10:64::/48", .route = "fd10:64::/48 bgp " ER6,
	  WANT_OVER("vpn", "expressroute"), NC },
	{ "azure v6 only IPv4 vpn up: IPv6 falls back", .up = ER6 " " VPN4,
	  .item = "azure-prefix fd10:64::/48", .route = "fd10:64::/48 bgp " ER6,
	  WANT_OK("expressroute"), NC },
	{ "azure v6 no route, require-encryption: no-route",
	  .intent = { "mode require-encryption" }, .up = ER6, .item = "azure-prefix fd10:64::/48",
	  WANT_NO_ROUTE, NC },
	{ "azure v6 tunnel dead: falls back", .up = ALL, .dead = VPN6,
	  .item = "azure-prefix fd10:64::/48", .route = "fd10:64::/48 bgp " ER6,
	  WANT_OK("expressroute"), NC },
	{ "azure v6 link-local next hop, vpn neighbor on that link: vpn, shown as it", .up = ALL,
	  .links = { VPN6 " connected 5" }, .item = "azure-prefix fd10:64::/48",
	  .route = "fd10:64::/48 bgp fe80::1%5", WANT_OK("vpn"), .best = VPN6, NC },
	{ "azure v6 link-local next hop, expressroute neighbor on that link", .up = ALL,
	  .links = { ER6 " connected 7", VPN6 " connected 5" },
	  .item = "azure-prefix fd10:64::/48", .route = "fd10:64::/48 bgp fe80::2%7",
	  WANT_OVER("vpn", "expressroute"), .best = ER6, NC },
	{ "azure v6 link-local, connected route with several interfaces", .up = ALL,
	  .links = { VPN6 " connected 4 5" }, .item = "azure-prefix fd10:64::/48",
	  .route = "fd10:64::/48 bgp fe80::1%5", WANT_OK("vpn"), .best = VPN6, NC },
	{ "azure v6 link-local, two neighbors on the link: best path needed", .up = ALL,
	  .links = { VPN6 " connected 5", ER6 " connected 5" }, .item = "azure-prefix fd10:64::/48",
	  .route = "fd10:64::/48 bgp fe80::1%5", .status = "unknown", .expected = "vpn",
	  .actual = "other", .reason = "bgpd's best path not read yet", .best = "fe80::1", NC },
	{ "azure v6 link-local, two neighbors on the link, best path read: its neighbor",
	  .up = ALL, .links = { VPN6 " connected 5", ER6 " connected 5" },
	  .item = "azure-prefix fd10:64::/48", .route = "fd10:64::/48 bgp fe80::1%5",
	  .bgp = "lp 200 best " VPN6, WANT_OK("vpn"), .best = VPN6, NC, .lp = 200 },
	{ "azure v6 link-local, no neighbor on the link (static route: not connected)", .up = ALL,
	  .links = { VPN6 " static 5" }, .item = "azure-prefix fd10:64::/48",
	  .route = "fd10:64::/48 static fe80::1%5", WANT_OVER("vpn", "other"), .best = "fe80::1",
	  NC },
	{ "azure v6 link-local, neighbor connected on another interface", .up = ALL,
	  .links = { VPN6 " connected 6" }, .item = "azure-prefix fd10:64::/48",
	  .route = "fd10:64::/48 static fe80::1%5", WANT_OVER("vpn", "other"), NC },
	{ "azure v6 link-local without interface: no peer", .up = ALL,
	  .links = { VPN6 " connected 5" }, .item = "azure-prefix fd10:64::/48",
	  .route = "fd10:64::/48 static fe80::1", WANT_OVER("vpn", "other"), .best = "fe80::1",
	  NC },
	{ "azure v6 link-local without interface, a neighbor's route without one either",
	  .up = ALL, .links = { VPN6 " connected 0" }, .item = "azure-prefix fd10:64::/48",
	  .route = "fd10:64::/48 static fe80::1", WANT_OVER("vpn", "other"), NC },
	{ "azure v6 link-local, only an IPv4 neighbor's route on the link", .up = ALL,
	  .links = { VPN4 " connected 5" }, .item = "azure-prefix fd10:64::/48",
	  .route = "fd10:64::/48 static fe80::1%5", WANT_OVER("vpn", "other"), NC },
	{ "azure v6 fec0:: (not link-local) is an address like any", .up = ALL,
	  .links = { VPN6 " connected 5" }, .item = "azure-prefix fd10:64::/48",
	  .route = "fd10:64::/48 static fec0::1%5", WANT_OVER("vpn", "other"), .best = "fec0::1",
	  NC },
	{ "azure v6 febf:: is link-local (fe80::/10)", .up = ALL, .links = { VPN6 " connected 5" },
	  .item = "azure-prefix fd10:64::/48", .route = "fd10:64::/48 static febf::1%5",
	  WANT_OK("vpn"), .best = VPN6, NC },

	/* --- azure-prefix: through another BGP speaker (best path) ---------------- */
	{ "azure relay, best path not read: unknown", .up = ALL,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp 10.0.0.9",
	  .status = "unknown", .expected = "vpn", .actual = "other",
	  .reason = "bgpd's best path not read yet", .best = "10.0.0.9", NC },
	{ "azure relay, best path not read, vpn down require-encryption: expected none",
	  .intent = { "mode require-encryption" }, .up = ER4, .item = "azure-prefix 10.64.0.0/23",
	  .route = "10.64.0.0/23 bgp 10.0.0.9", .status = "unknown", .expected = "none",
	  .actual = "other", .reason = "bgpd's best path not read yet", NC },
	{ "azure relay, best path read before the route changed: unknown", .up = ALL,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp 10.0.0.9",
	  .bgp = "dirty lp 200 best 10.0.0.9", .status = "unknown", .expected = "vpn",
	  .actual = "other", .reason = "bgpd's best path not read yet", .best = "10.0.0.9", NC,
	  .lp = 0 },
	{ "azure relay, local-preference 200: vpn", .up = ALL, .item = "azure-prefix 10.64.0.0/23",
	  .route = "10.64.0.0/23 bgp 10.0.0.9", .bgp = "lp 200 best 10.0.0.9", WANT_OK("vpn"),
	  .best = "10.0.0.9", NC, .lp = 200 },
	{ "azure relay, local-preference 200, no vpn up: a VPN path exists, ok", .up = ER4,
	  .intent = { "mode require-encryption" }, .item = "azure-prefix 10.64.0.0/23",
	  .route = "10.64.0.0/23 bgp 10.0.0.9", .bgp = "lp 200 best 10.0.0.9", WANT_OK("vpn"), NC,
	  .lp = 200 },
	{ "azure relay, local-preference 100 while vpn up: violation", .up = ALL,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp 10.0.0.9",
	  .bgp = "lp 100 best 10.0.0.9", WANT_OVER("vpn", "expressroute"), NC, .lp = 100 },
	{ "azure relay, local-preference 100, vpn down, prefer-vpn: ok", .up = ER4,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp 10.0.0.9",
	  .bgp = "lp 100 best 10.0.0.9", WANT_OK("expressroute"), NC, .lp = 100 },
	{ "azure relay, local-preference 100, require-encryption: violation",
	  .intent = { "mode require-encryption" }, .up = ER4, .item = "azure-prefix 10.64.0.0/23",
	  .route = "10.64.0.0/23 bgp 10.0.0.9", .bgp = "lp 100 best 10.0.0.9",
	  WANT_OVER("none", "expressroute"), NC, .lp = 100 },
	{ "azure relay, local-preference 50: other", .up = ALL,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp 10.0.0.9",
	  .bgp = "lp 50 best 10.0.0.9", WANT_OVER("vpn", "other"), NC, .lp = 50 },
	{ "azure relay, intent's own local-preference 300 counts as vpn",
	  .intent = { "local-preference vpn 300" }, .up = ALL, .item = "azure-prefix 10.64.0.0/23",
	  .route = "10.64.0.0/23 bgp 10.0.0.9", .bgp = "lp 300 best 10.0.0.9", WANT_OK("vpn"), NC,
	  .lp = 300 },
	{ "azure relay, intent's expressroute local-preference 150 counts as expressroute",
	  .intent = { "local-preference expressroute 150" }, .up = ER4,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp 10.0.0.9",
	  .bgp = "lp 150 best 10.0.0.9", WANT_OK("expressroute"), NC, .lp = 150 },
	{ "azure relay, best path's neighbor is a vpn-neighbor: vpn by address", .up = ALL,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp 10.0.0.9",
	  .bgp = "lp 200 best " VPN4, WANT_OK("vpn"), .best = VPN4, NC, .lp = 200 },
	{ "azure relay, best path's neighbor is an expressroute-neighbor, lp 200: expressroute",
	  .up = ALL, .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp 10.0.0.9",
	  .bgp = "lp 200 best " ER4, WANT_OVER("vpn", "expressroute"), NC, .lp = 200 },
	{ "azure relay, best path without a neighbor, lp 200: vpn", .up = ALL,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp 10.0.0.9",
	  .bgp = "lp 200", WANT_OK("vpn"), .best = "", NC, .lp = 200 },
	{ "azure relay through a static route is not judged by best path: other", .up = ALL,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 static 10.0.0.9",
	  WANT_OVER("vpn", "other"), NC },

	/* --- azure-prefix: local-preference of the best path --------------------- */
	{ "azure vpn path with local-preference 150: violation", .up = ALL,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp " VPN4,
	  .bgp = "lp 150 best " VPN4, .status = "violation", .expected = "vpn", .actual = "vpn",
	  .reason = "local-preference 150, intent says 200", NC, .lp = 150 },
	{ "azure vpn path with local-preference 200: ok", .up = ALL,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp " VPN4,
	  .bgp = "lp 200 best " VPN4, WANT_OK("vpn"), NC, .lp = 200 },
	{ "azure expressroute path with local-preference 150: violation (intent says 100)",
	  .up = ER4, .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp " ER4,
	  .bgp = "lp 150 best " ER4, .status = "violation", .expected = "expressroute",
	  .actual = "expressroute", .reason = "local-preference 150, intent says 100", NC,
	  .lp = 150 },
	{ "azure v6 vpn path, intent's local-preference 300, best path 200: violation",
	  .intent = { "local-preference vpn 300" }, .up = ALL, .item = "azure-prefix fd10:64::/48",
	  .route = "fd10:64::/48 bgp " VPN6, .bgp = "lp 200 best " VPN6, .status = "violation",
	  .expected = "vpn", .actual = "vpn", .reason = "local-preference 200, intent says 300",
	  NC, .lp = 200 },
	{ "azure local-preference not judged on a static route", .up = ALL,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 static " VPN4,
	  .bgp = "lp 50 best " VPN4, WANT_OK("vpn"), NC, .lp = 50 },
	{ "azure local-preference not judged from a stale best path (lp and best reset)",
	  .up = ALL, .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp " VPN4,
	  .bgp = "dirty lp 50 best 10.0.0.9", WANT_OK("vpn"), .best = VPN4, NC, .lp = 0 },
	{ "azure local-preference not judged on a violation already", .up = ALL,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp " ER4,
	  .bgp = "lp 50 best " ER4, WANT_OVER("vpn", "expressroute"), NC, .lp = 50 },
	{ "azure best path read keeps bgpd's neighbor over the next hop", .up = ALL,
	  .item = "azure-prefix 10.64.0.0/23", .route = "10.64.0.0/23 bgp " VPN4,
	  .bgp = "lp 200 best 169.254.22.9", WANT_OK("vpn"), .best = "169.254.22.9", NC,
	  .lp = 200 },

	/* --- gateway-subnet -------------------------------------------------------- */
	{ "gateway v4 covered, pinned (static tag 4242 via expressroute): ok", .up = ALL,
	  .item = "gateway-subnet 10.64.0.0/26", .route = "10.64.0.0/26 static tag 4242 " ER4,
	  WANT_OK("expressroute"), .best = ER4, .via = "10.64.0.0/26", .pinned = 1 },
	{ "gateway v4 covered, bgp route via expressroute: not pinned", .up = ALL,
	  .item = "gateway-subnet 10.64.0.0/26", .route = "10.64.0.0/26 bgp " ER4, WANT_UNPINNED,
	  .pinned = 0 },
	{ "gateway v4 covered, static via expressroute without the tag: not pinned", .up = ALL,
	  .item = "gateway-subnet 10.64.0.0/26", .route = "10.64.0.0/26 static " ER4,
	  WANT_UNPINNED, .pinned = 0 },
	{ "gateway v4 covered, static tag 4242 on another prefix: not pinned", .up = ALL,
	  .item = "gateway-subnet 10.64.0.0/26", .route = "10.64.0.0/24 static tag 4242 " ER4,
	  WANT_UNPINNED, .via = "10.64.0.0/24", .pinned = 0 },
	{ "gateway v4 covered, bgp route with tag 4242: not pinned", .up = ALL,
	  .item = "gateway-subnet 10.64.0.0/26", .route = "10.64.0.0/26 bgp tag 4242 " ER4,
	  WANT_UNPINNED, .pinned = 0 },
	{ "gateway v4 not covered, bgp via expressroute: ok, not pinned", .up = ALL,
	  .item = "gateway-subnet 10.99.0.0/27", .route = "10.99.0.0/16 bgp " ER4,
	  WANT_OK("expressroute"), .via = "10.99.0.0/16", .pinned = 0 },
	{ "gateway v4 routed over the vpn (the azure-prefix): violation", .up = ALL,
	  .item = "gateway-subnet 10.64.0.0/26", .route = "10.64.0.0/23 bgp " VPN4,
	  WANT_GW_OVER("vpn", "10.64.0.0/23"), .best = VPN4, .pinned = 0 },
	{ "gateway v4 pin tag via the vpn: not pinned, routed over vpn", .up = ALL,
	  .item = "gateway-subnet 10.64.0.0/26", .route = "10.64.0.0/26 static tag 4242 " VPN4,
	  WANT_GW_OVER("vpn", "10.64.0.0/26"), .pinned = 0 },
	{ "gateway v4 pin via expressroute + vpn (ECMP): expressroute, pinned", .up = ALL,
	  .item = "gateway-subnet 10.64.0.0/26",
	  .route = "10.64.0.0/26 static tag 4242 " ER4 " " VPN4, WANT_OK("expressroute"),
	  .pinned = 1 },
	{ "gateway v4 no route: violation (routed nowhere)", .up = ALL,
	  .item = "gateway-subnet 10.99.0.0/27", WANT_GW_NOWHERE, .best = "", .via = "",
	  .pinned = 0 },
	{ "gateway v4 no route, require-encryption: still a violation",
	  .intent = { "mode require-encryption" }, .up = "", .item = "gateway-subnet 10.64.0.0/26",
	  WANT_GW_NOWHERE, .pinned = 0 },
	{ "gateway v4 connected route: routed over other", .up = ALL,
	  .item = "gateway-subnet 10.99.0.0/27", .route = "10.99.0.0/24 connected %3",
	  WANT_GW_OVER("other", "10.99.0.0/24"), .pinned = 0 },
	{ "gateway v4 require-encryption: pinned is ok (mode does not matter)",
	  .intent = { "mode require-encryption" }, .up = ALL, .item = "gateway-subnet 10.64.0.0/26",
	  .route = "10.64.0.0/26 static tag 4242 " ER4, WANT_OK("expressroute"), .pinned = 1 },
	{ "gateway v4 pinned while the expressroute session is down: still pinned", .up = "",
	  .item = "gateway-subnet 10.64.0.0/26", .route = "10.64.0.0/26 static tag 4242 " ER4,
	  WANT_OK("expressroute"), .pinned = 1 },
	{ "gateway v6 covered, pinned: ok", .up = ALL, .item = "gateway-subnet fd10:64::/64",
	  .route = "fd10:64::/64 static tag 4242 " ER6, WANT_OK("expressroute"), .best = ER6,
	  .pinned = 1 },
	{ "gateway v6 covered, pinned via link-local of the expressroute neighbor", .up = ALL,
	  .links = { ER6 " connected 7" }, .item = "gateway-subnet fd10:64::/64",
	  .route = "fd10:64::/64 static tag 4242 fe80::2%7", WANT_OK("expressroute"), .best = ER6,
	  .pinned = 1 },
	{ "gateway v6 routed over the vpn: violation", .up = ALL,
	  .item = "gateway-subnet fd10:64::/64", .route = "fd10:64::/48 bgp " VPN6,
	  WANT_GW_OVER("vpn", "fd10:64::/48"), .pinned = 0 },
	{ "gateway v6 not covered, bgp via expressroute: ok", .up = ALL,
	  .item = "gateway-subnet fd99::/64", .route = "fd99::/48 bgp " ER6,
	  WANT_OK("expressroute"), .pinned = 0 },
	{ "gateway v6 covered, bgp via expressroute: not pinned", .up = ALL,
	  .item = "gateway-subnet fd10:64::/64", .route = "fd10:64::/64 bgp " ER6, WANT_UNPINNED,
	  .pinned = 0 },

	/* --- onprem-prefix: Azure's return path ------------------------------------ */
	{ "onprem v4 advertised to the vpn: ok", .up = ALL, .adv = { VPN4 " 10.1.0.0/16" },
	  .item = "onprem-prefix 10.1.0.0/16", WANT_OK("vpn"), .via = "10.1.0.0/16", NC,
	  .ret = "vpn" },
	{ "onprem v4 vpn's longer prefix wins over expressroute's shorter", .up = ALL,
	  .adv = { ER4 " 10.0.0.0/8", VPN4 " 10.1.0.0/16" }, .item = "onprem-prefix 10.1.0.0/16",
	  WANT_OK("vpn"), .via = "10.1.0.0/16", NC, .ret = "vpn" },
	{ "onprem v4 expressroute's longer prefix wins: asymmetric", .up = ALL,
	  .adv = { ER4 " 10.1.0.0/16", VPN4 " 10.0.0.0/8" }, .item = "onprem-prefix 10.1.0.0/16",
	  WANT_ASYMMETRIC("10.1.0.0/16"), .via = "10.1.0.0/16", NC, .ret = "expressroute" },
	{ "onprem v4 equal length: expressroute wins the tie", .up = ALL,
	  .adv = { VPN4 " 10.1.0.0/16", ER4 " 10.1.0.0/16" }, .item = "onprem-prefix 10.1.0.0/16",
	  WANT_ASYMMETRIC("10.1.0.0/16"), NC, .ret = "expressroute" },
	{ "onprem v4 longest of several advertisements to one peer", .up = ALL,
	  .adv = { VPN4 " 10.0.0.0/8 10.1.0.0/16 10.0.0.0/12", ER4 " 10.0.0.0/12" },
	  .item = "onprem-prefix 10.1.0.0/16", WANT_OK("vpn"), .via = "10.1.0.0/16", NC,
	  .ret = "vpn" },
	{ "onprem v4 advertised nowhere, vpn up: violation (over none)", .up = ALL,
	  .item = "onprem-prefix 10.1.0.0/16", WANT_RETURN_NONE, .via = "", NC, .ret = "none" },
	{ "onprem v4 advertised to expressroute, vpn down, prefer-vpn: ok", .up = ER4,
	  .adv = { ER4 " 10.0.0.0/8" }, .item = "onprem-prefix 10.1.0.0/16",
	  WANT_OK("expressroute"), .via = "10.0.0.0/8", NC, .ret = "expressroute" },
	{ "onprem v4 advertised nowhere, vpn down, require-encryption: no-route",
	  .intent = { "mode require-encryption" }, .up = ER4, .item = "onprem-prefix 10.1.0.0/16",
	  WANT_NO_ROUTE, NC, .ret = "none" },
	{ "onprem v4 advertised to expressroute, require-encryption: violation, not asymmetric",
	  .intent = { "mode require-encryption" }, .up = ER4, .adv = { ER4 " 10.0.0.0/8" },
	  .item = "onprem-prefix 10.1.0.0/16", .status = "violation", .expected = "none",
	  .actual = "expressroute",
	  .reason = "Azure would return traffic over expressroute (10.0.0.0/8 advertised)", NC,
	  .ret = "expressroute" },
	{ "onprem v4 advertisement to a peer not Established is ignored", .up = ER4 " " VPN6,
	  .adv = { VPN4 " 10.1.0.0/16", ER4 " 10.0.0.0/8" }, .item = "onprem-prefix 10.1.0.0/16",
	  WANT_OK("expressroute"), .via = "10.0.0.0/8", NC, .ret = "expressroute" },
	{ "onprem v4 a more specific advertisement does not cover it", .up = ALL,
	  .adv = { VPN4 " 10.1.2.0/24", ER4 " 10.0.0.0/8" }, .item = "onprem-prefix 10.1.0.0/16",
	  WANT_ASYMMETRIC("10.0.0.0/8"), NC, .ret = "expressroute" },
	{ "onprem v4 vpn tunnel dead: expected expressroute, return over vpn a violation",
	  .up = ALL, .dead = VPN4, .adv = { VPN4 " 10.1.0.0/16" },
	  .item = "onprem-prefix 10.1.0.0/16", .status = "violation", .expected = "expressroute",
	  .actual = "vpn", .reason = "Azure would return traffic over vpn (10.1.0.0/16 advertised)",
	  NC, .ret = "vpn" },
	{ "onprem v6 advertised to the vpn: ok", .up = ALL, .adv = { VPN6 " fd01::/48" },
	  .item = "onprem-prefix fd01::/48", WANT_OK("vpn"), .via = "fd01::/48", NC, .ret = "vpn" },
	{ "onprem v6 expressroute's longer prefix wins: asymmetric", .up = ALL,
	  .adv = { VPN6 " fd00::/8", ER6 " fd01::/32" }, .item = "onprem-prefix fd01::/48",
	  WANT_ASYMMETRIC("fd01::/32"), NC, .ret = "expressroute" },
	{ "onprem v6 only IPv4 advertisements (other family): over none", .up = ALL,
	  .adv = { VPN4 " 0.0.0.0/0", ER4 " 0.0.0.0/0" }, .item = "onprem-prefix fd01::/48",
	  WANT_RETURN_NONE, NC, .ret = "none" },
	{ "onprem v6 only the IPv4 vpn up: expected falls back", .up = ER6 " " VPN4,
	  .adv = { ER6 " fd01::/48" }, .item = "onprem-prefix fd01::/48", WANT_OK("expressroute"),
	  NC, .ret = "expressroute" },
	{ "onprem v6 require-encryption, advertised nowhere: no-route",
	  .intent = { "mode require-encryption" }, .up = ER6, .item = "onprem-prefix fd01::/48",
	  WANT_NO_ROUTE, NC, .ret = "none" },
	{ "onprem v6 default route advertised to the vpn covers it", .up = ALL,
	  .adv = { VPN6 " ::/0" }, .item = "onprem-prefix fd01::/48", WANT_OK("vpn"),
	  .via = "::/0", NC, .ret = "vpn" },
};

/* ------------------------------------------------------------------ */
/* Building a snapshot from a row                                     */

struct fixture {
	struct erpolicy_intent in;
	struct erpolicy_nbr_state nbrs[MAX_NBRS];
	struct erpolicy_nbr_facts facts[MAX_NBRS];
	struct erpolicy_znh link_nh[MAX_NBRS][MAX_NH];
	union erpolicy_prefix adv[MAX_NBRS][MAX_ADV];
	struct erpolicy_snapshot snap;
	struct erpolicy_znh nh[MAX_NH];
	struct erpolicy_route route;
};

static void must(bool ok, const char *name, const char *what)
{
	if (ok)
		return;
	printf("BAD ROW: %s: %s\n", name, what);
	exit(2);
}

static union erpolicy_prefix addr(const char *name, const char *text)
{
	union erpolicy_prefix p;
	char err[128];

	must(erpolicy_prefix_parse(text, true, &p, err, sizeof(err)) == 0, name, text);
	return p;
}

static union erpolicy_prefix prefix(const char *name, const char *text)
{
	union erpolicy_prefix p;
	char err[128];

	must(erpolicy_prefix_parse(text, false, &p, err, sizeof(err)) == 0, name, text);
	return p;
}

/* Whether the space-separated list holds the neighbor a. */
static bool listed(const char *name, const char *list, const union erpolicy_prefix *a)
{
	char buf[256], *save = NULL;

	if (!list)
		return false;
	snprintf(buf, sizeof(buf), "%s", list);
	for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		union erpolicy_prefix p = addr(name, t);

		if (erpolicy_prefix_cmp(&p, a) == 0)
			return true;
	}
	return false;
}

/* Index of the neighbor named first in spec (the fixture's order). */
static size_t nbr_index(const struct fixture *f, const char *name, const char *spec,
			const char **rest)
{
	char buf[64];
	size_t n = strcspn(spec, " ");
	union erpolicy_prefix p;

	must(n < sizeof(buf), name, spec);
	memcpy(buf, spec, n);
	buf[n] = '\0';
	p = addr(name, buf);
	*rest = spec + n;
	for (size_t k = 0; k < f->snap.n_nbrs; k++)
		if (erpolicy_prefix_cmp(&f->nbrs[k].addr, &p) == 0)
			return k;
	must(false, name, "neighbor not in the intent");
	return 0;
}

static uint8_t origin(const char *name, const char *s)
{
	if (strcmp(s, "bgp") == 0)
		return ERPOLICY_ROUTE_BGP;
	if (strcmp(s, "static") == 0)
		return ERPOLICY_ROUTE_STATIC;
	if (strcmp(s, "connected") == 0)
		return ERPOLICY_ROUTE_CONNECTED;
	if (strcmp(s, "kernel") == 0)
		return ERPOLICY_ROUTE_OTHER;
	must(false, name, s);
	return 0;
}

/* "PREFIX ORIGIN [tag N] NEXTHOP..." into f->route. */
static void parse_route(struct fixture *f, const char *name, const char *spec)
{
	char buf[256], *save = NULL, *t;

	memset(&f->route, 0, sizeof(f->route));
	if (!spec || strcmp(spec, "none") == 0)
		return;
	snprintf(buf, sizeof(buf), "%s", spec);
	f->route.pfx = prefix(name, strtok_r(buf, " ", &save));
	t = strtok_r(NULL, " ", &save);
	must(t, name, "route origin");
	f->route.origin = origin(name, t);
	f->route.nh = f->nh;
	while ((t = strtok_r(NULL, " ", &save))) {
		struct erpolicy_znh *nh = &f->nh[f->route.n_nh];
		char *pct;

		if (strcmp(t, "tag") == 0) {
			t = strtok_r(NULL, " ", &save);
			must(t, name, "tag value");
			f->route.tag = (uint32_t)strtoul(t, NULL, 10);
			continue;
		}
		must(f->route.n_nh < MAX_NH, name, "too many next hops");
		memset(nh, 0, sizeof(*nh));
		f->route.n_nh++;
		if (strcmp(t, "-") == 0)
			continue;
		pct = strchr(t, '%');
		if (pct) {
			*pct = '\0';
			nh->ifindex = (uint32_t)strtoul(pct + 1, NULL, 10);
		}
		if (t[0])
			nh->gate = addr(name, t);
	}
}

static void fixture_init(struct fixture *f, const struct verify_case *c)
{
	static const enum erpolicy_item kinds[] = { ERPOLICY_ITEM_ER_NEIGHBOR,
						    ERPOLICY_ITEM_VPN_NEIGHBOR };
	char err[256];
	size_t k = 0;

	memset(f, 0, sizeof(*f));
	erpolicy_intent_init(&f->in, NULL);
	for (size_t i = 0; i < sizeof(base_intent) / sizeof(base_intent[0]); i++)
		must(erpolicy_test_line(&f->in, base_intent[i], err, sizeof(err)) == 0, c->name,
		     err);
	for (size_t i = 0; i < MAX_LINES && c->intent[i]; i++)
		must(erpolicy_test_line(&f->in, c->intent[i], err, sizeof(err)) == 0, c->name, err);

	/* The neighbors as erpolicy_verify.c lists them: expressroute, then vpn. */
	for (size_t kind = 0; kind < 2; kind++) {
		const struct erpolicy_list *l = &f->in.items[kinds[kind]];

		for (size_t i = 0; i < l->n; i++, k++) {
			struct erpolicy_nbr_state *nb = &f->nbrs[k];

			must(k < MAX_NBRS, c->name, "too many neighbors");
			nb->addr = l->v[i];
			nb->vpn = kind == 1;
			nb->configured = true;
			nb->vrf = f->in.vrf;
			snprintf(nb->state, sizeof(nb->state), "%s",
				 listed(c->name, c->up, &nb->addr) ? "Established" : "Active");
			f->facts[k].tunnel_dead = listed(c->name, c->dead, &nb->addr);
			f->facts[k].adv = f->adv[k];
		}
	}
	f->snap.in = &f->in;
	f->snap.nbrs = f->nbrs;
	f->snap.nbr = f->facts;
	f->snap.n_nbrs = k;

	for (size_t i = 0; i < MAX_LINES && c->adv[i]; i++) {
		char buf[256], *save = NULL;
		const char *rest;
		size_t n = nbr_index(f, c->name, c->adv[i], &rest);

		snprintf(buf, sizeof(buf), "%s", rest);
		for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
			must(f->facts[n].n_adv < MAX_ADV, c->name, "too many advertisements");
			f->adv[n][f->facts[n].n_adv++] = prefix(c->name, t);
		}
	}
	for (size_t i = 0; i < MAX_LINES && c->links[i]; i++) {
		char buf[256], *save = NULL, *t;
		const char *rest;
		size_t n = nbr_index(f, c->name, c->links[i], &rest);
		struct erpolicy_route *r = &f->facts[n].route;

		snprintf(buf, sizeof(buf), "%s", rest);
		t = strtok_r(buf, " ", &save);
		must(t, c->name, "link origin");
		r->origin = origin(c->name, t);
		r->pfx = f->nbrs[n].addr;
		r->pfx.prefixlen = 64; /* the connected prefix's length does not matter */
		if (r->pfx.family == AF_INET)
			r->pfx.prefixlen = 24;
		r->nh = f->link_nh[n];
		while ((t = strtok_r(NULL, " ", &save))) {
			must(r->n_nh < MAX_NH, c->name, "too many link next hops");
			f->link_nh[n][r->n_nh++].ifindex = (uint32_t)strtoul(t, NULL, 10);
		}
	}
	erpolicy_snapshot_sum(&f->snap);
	parse_route(f, c->name, c->route);
}

/* The verdict of the row's item, as erpolicy_verify.c keeps it between passes. */
static void verdict_init(struct erpolicy_verdict *v, const struct verify_case *c)
{
	char role[32], pfx[64], buf[128], *save = NULL, *t;

	memset(v, 0, sizeof(*v));
	must(sscanf(c->item, "%31s %63s", role, pfx) == 2, c->name, c->item);
	for (int it = 0; it < ERPOLICY_ITEM_MAX; it++)
		if (strcmp(erpolicy_item_name(it), role) == 0)
			v->role = (uint8_t)it;
	must(strcmp(erpolicy_item_name(v->role), role) == 0, c->name, role);
	v->pfx = prefix(c->name, pfx);
	v->status = ERPOLICY_STATUS_UNKNOWN;
	v->expected = v->actual = v->return_path = ERPOLICY_TRANSPORT_NONE;
	/* A verdict not read from bgpd yet (as erpolicy_verify.c creates it). */
	v->bgp_dirty = v->role == ERPOLICY_ITEM_AZURE_PREFIX;
	if (!c->bgp)
		return;
	v->bgp_known = true;
	v->bgp_dirty = false;
	snprintf(buf, sizeof(buf), "%s", c->bgp);
	for (t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		if (strcmp(t, "dirty") == 0) {
			v->bgp_dirty = true;
		} else if (strcmp(t, "lp") == 0) {
			t = strtok_r(NULL, " ", &save);
			must(t, c->name, "lp value");
			v->lp = (uint32_t)strtoul(t, NULL, 10);
		} else if (strcmp(t, "best") == 0) {
			t = strtok_r(NULL, " ", &save);
			must(t, c->name, "best value");
			v->best = addr(c->name, t);
		} else {
			must(false, c->name, t);
		}
	}
}

static const char *pfx_text(const union erpolicy_prefix *p, bool as_address, char *buf, size_t len)
{
	if (!p->family) {
		buf[0] = '\0';
		return buf;
	}
	return erpolicy_prefix_str(p, as_address, buf, len);
}

static void run_case(const struct verify_case *c)
{
	struct fixture *f = malloc(sizeof(*f));
	struct erpolicy_verdict v, again;
	char why[256], best[64], via[64], detail[1024];
	bool ok;

	must(f, c->name, "out of memory");
	fixture_init(f, c);
	verdict_init(&v, c);
	erpolicy_verdict_judge(&f->snap, &v, c->route ? &f->route : NULL);
	erpolicy_verdict_reason(&f->in, &v, why, sizeof(why));
	pfx_text(&v.best, true, best, sizeof(best));
	pfx_text(&v.via, false, via, sizeof(via));
	ok = strcmp(erpolicy_status_name(v.status), c->status) == 0 &&
	     strcmp(erpolicy_transport_name(v.expected), c->expected) == 0 &&
	     strcmp(erpolicy_transport_name(v.actual), c->actual) == 0 &&
	     strcmp(why, c->reason) == 0;
	if (c->best && strcmp(best, c->best) != 0)
		ok = false;
	if (c->via && strcmp(via, c->via) != 0)
		ok = false;
	if (c->pinned >= 0 && v.pinned != (c->pinned == 1))
		ok = false;
	if (c->ret && strcmp(erpolicy_transport_name(v.return_path), c->ret) != 0)
		ok = false;
	if (c->bgp && v.lp != c->lp)
		ok = false;
	snprintf(detail, sizeof(detail),
		 "got %s, expected %s, actual %s, reason \"%s\", best \"%s\", via \"%s\", pinned %d, return %s, lp %u",
		 erpolicy_status_name(v.status), erpolicy_transport_name(v.expected),
		 erpolicy_transport_name(v.actual), why, best, via, v.pinned,
		 erpolicy_transport_name(v.return_path), v.lp);
	check(ok, c->name, detail);

	/* The next pass, nothing changed: the same verdict. */
	again = v;
	erpolicy_verdict_judge(&f->snap, &again, c->route ? &f->route : NULL);
	check(memcmp(&again, &v, sizeof(v)) == 0, c->name, "a second pass changed the verdict");
	erpolicy_intent_fini(&f->in);
	free(f);
}

/* ------------------------------------------------------------------ */
/* The smaller pieces                                                 */

static void test_names(void)
{
	static const struct {
		int t;
		const char *name;
	} transports[] = {
		{ ERPOLICY_TRANSPORT_VPN, "vpn" },   { ERPOLICY_TRANSPORT_EXPRESSROUTE, "expressroute" },
		{ ERPOLICY_TRANSPORT_NONE, "none" }, { ERPOLICY_TRANSPORT_OTHER, "other" },
		{ 99, "unknown" },
	},
	  statuses[] = {
		  { ERPOLICY_STATUS_UNKNOWN, "unknown" },   { ERPOLICY_STATUS_OK, "ok" },
		  { ERPOLICY_STATUS_VIOLATION, "violation" }, { ERPOLICY_STATUS_NO_ROUTE, "no-route" },
		  { 99, "unknown" },
	  };

	for (size_t i = 0; i < sizeof(transports) / sizeof(transports[0]); i++)
		check(strcmp(erpolicy_transport_name((enum erpolicy_transport)transports[i].t),
			     transports[i].name) == 0,
		      "transport name", transports[i].name);
	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		check(strcmp(erpolicy_status_name((enum erpolicy_status)statuses[i].t),
			     statuses[i].name) == 0,
		      "status name", statuses[i].name);
}

/* Each reason rendered from a verdict set by hand (the rows above reach them through the rules). */
static void test_reasons(void)
{
	static const struct {
		const char *name;
		uint8_t reason, expected, actual, return_path;
		uint32_t lp;
		const char *via;
		const char *want;
	} rows[] = {
		{ "none", ERPOLICY_REASON_NONE, 0, 0, 0, 0, NULL, "" },
		{ "transport", ERPOLICY_REASON_TRANSPORT, ERPOLICY_TRANSPORT_VPN,
		  ERPOLICY_TRANSPORT_OTHER, 0, 0, NULL, "expected vpn, traffic goes over other" },
		{ "transport, no route", ERPOLICY_REASON_TRANSPORT,
		  ERPOLICY_TRANSPORT_EXPRESSROUTE, ERPOLICY_TRANSPORT_NONE, 0, 0, NULL,
		  "expected expressroute, traffic goes nowhere (no route)" },
		{ "local-preference vpn", ERPOLICY_REASON_LOCAL_PREF, ERPOLICY_TRANSPORT_VPN,
		  ERPOLICY_TRANSPORT_VPN, 0, 7, NULL, "local-preference 7, intent says 210" },
		{ "local-preference expressroute", ERPOLICY_REASON_LOCAL_PREF,
		  ERPOLICY_TRANSPORT_EXPRESSROUTE, ERPOLICY_TRANSPORT_EXPRESSROUTE, 0, 0, NULL,
		  "local-preference 0, intent says 90" },
		{ "gateway routed", ERPOLICY_REASON_GW_ROUTED, ERPOLICY_TRANSPORT_EXPRESSROUTE,
		  ERPOLICY_TRANSPORT_OTHER, 0, 0, "fd10::/32",
		  "tunnel endpoints routed over other (fd10::/32)" },
		{ "gateway routed, no via", ERPOLICY_REASON_GW_ROUTED,
		  ERPOLICY_TRANSPORT_EXPRESSROUTE, ERPOLICY_TRANSPORT_VPN, 0, 0, NULL,
		  "tunnel endpoints routed over vpn (no route)" },
		{ "gateway routed nowhere", ERPOLICY_REASON_GW_ROUTED,
		  ERPOLICY_TRANSPORT_EXPRESSROUTE, ERPOLICY_TRANSPORT_NONE, 0, 0, NULL,
		  "tunnel endpoints routed nowhere (no route)" },
		{ "gateway unpinned", ERPOLICY_REASON_GW_UNPINNED, 0, 0, 0, 0, NULL,
		  "covered by an azure-prefix but not pinned" },
		{ "return path vpn expected, expressroute", ERPOLICY_REASON_RETURN_PATH,
		  ERPOLICY_TRANSPORT_VPN, ERPOLICY_TRANSPORT_EXPRESSROUTE,
		  ERPOLICY_TRANSPORT_EXPRESSROUTE, 0, "10.0.0.0/8",
		  "Azure would return traffic over expressroute (10.0.0.0/8 advertised): asymmetric" },
		{ "return path, no advertisement", ERPOLICY_REASON_RETURN_PATH,
		  ERPOLICY_TRANSPORT_VPN, ERPOLICY_TRANSPORT_NONE, ERPOLICY_TRANSPORT_NONE, 0,
		  NULL, "Azure would return traffic over none" },
		{ "return path expressroute without via: asymmetric", ERPOLICY_REASON_RETURN_PATH,
		  ERPOLICY_TRANSPORT_VPN, ERPOLICY_TRANSPORT_EXPRESSROUTE,
		  ERPOLICY_TRANSPORT_EXPRESSROUTE, 0, NULL,
		  "Azure would return traffic over expressroute: asymmetric" },
		{ "return path vpn while expressroute expected", ERPOLICY_REASON_RETURN_PATH,
		  ERPOLICY_TRANSPORT_EXPRESSROUTE, ERPOLICY_TRANSPORT_VPN, ERPOLICY_TRANSPORT_VPN,
		  0, "10.1.0.0/16",
		  "Azure would return traffic over vpn (10.1.0.0/16 advertised)" },
		{ "bgp unknown", ERPOLICY_REASON_BGP_UNKNOWN, 0, 0, 0, 0, NULL,
		  "bgpd's best path not read yet" },
		{ "out of range", 99, 0, 0, 0, 0, NULL, "untouched" },
	};
	struct erpolicy_intent in;
	char err[128];

	erpolicy_intent_init(&in, NULL);
	check(erpolicy_test_line(&in, "local-preference vpn 210", err, sizeof(err)) == 0 &&
		      erpolicy_test_line(&in, "local-preference expressroute 90", err,
					 sizeof(err)) == 0,
	      "reason intent", err);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct erpolicy_verdict v = {
			.reason = rows[i].reason,
			.expected = rows[i].expected,
			.actual = rows[i].actual,
			.return_path = rows[i].return_path,
			.lp = rows[i].lp,
		};
		char buf[256] = "untouched", detail[400];

		if (rows[i].via)
			v.via = prefix(rows[i].name, rows[i].via);
		erpolicy_verdict_reason(&in, &v, buf, sizeof(buf));
		snprintf(detail, sizeof(detail), "got \"%s\", want \"%s\"", buf, rows[i].want);
		check(strcmp(buf, rows[i].want) == 0, rows[i].name, detail);
	}
	/* A short buffer truncates, never overflows. */
	{
		struct erpolicy_verdict v = { .reason = ERPOLICY_REASON_GW_UNPINNED };
		char buf[8];

		erpolicy_verdict_reason(&in, &v, buf, sizeof(buf));
		check(strcmp(buf, "covered") == 0, "reason truncated", buf);
	}
	erpolicy_intent_fini(&in);
}

static void test_nbr(void)
{
	static const struct {
		const char *name, *addr;
		bool vpn, configured;
		const char *state, *bfd;
		bool up;
		const char *warning; /* NULL: none */
	} rows[] = {
		{ "expressroute without BFD: warning", ER4, false, true, "Established", "", true,
		  "expressroute-neighbor 192.168.100.2 has no BFD: a silent loss of its link is found by the BGP hold timer only" },
		{ "IPv6 expressroute without BFD, session down: warning", ER6, false, true,
		  "Active", "", false,
		  "expressroute-neighbor fd00:100::2 has no BFD: a silent loss of its link is found by the BGP hold timer only" },
		{ "expressroute with BFD Up", ER4, false, true, "Established", "Up", true, NULL },
		{ "expressroute with BFD Down", ER4, false, true, "Idle", "Down", false, NULL },
		{ "expressroute not configured in bgpd", ER4, false, false, "not-configured", "",
		  false, NULL },
		{ "vpn without BFD (Azure's VPN gateway runs none)", VPN4, true, true,
		  "Established", "", true, NULL },
		{ "state is case-sensitive", VPN4, true, true, "established", "", false, NULL },
		{ "empty state", VPN6, true, true, "", "", false, NULL },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct erpolicy_nbr_state nb = {
			.addr = addr(rows[i].name, rows[i].addr),
			.vpn = rows[i].vpn,
			.configured = rows[i].configured,
			.vrf = "default",
		};
		char buf[256] = "";
		bool w;

		snprintf(nb.state, sizeof(nb.state), "%s", rows[i].state);
		snprintf(nb.bfd, sizeof(nb.bfd), "%s", rows[i].bfd);
		check(erpolicy_nbr_up(&nb) == rows[i].up, rows[i].name, "Established");
		w = erpolicy_nbr_bfd_warning(&nb, buf, sizeof(buf));
		check(w == (rows[i].warning != NULL) &&
			      (!rows[i].warning || strcmp(buf, rows[i].warning) == 0),
		      rows[i].name, buf);
	}
}

static void test_route_key(void)
{
	static const struct {
		const char *name;
		enum erpolicy_item role;
		const char *pfx;
		bool wanted, exact;
		const char *key;
	} rows[] = {
		{ "azure-prefix v4: exactly its prefix", ERPOLICY_ITEM_AZURE_PREFIX,
		  "10.64.0.0/23", true, true, "10.64.0.0/23" },
		{ "azure-prefix v6: exactly its prefix", ERPOLICY_ITEM_AZURE_PREFIX,
		  "fd10:64::/48", true, true, "fd10:64::/48" },
		{ "gateway-subnet v4: longest match of its address", ERPOLICY_ITEM_GATEWAY_SUBNET,
		  "10.64.0.0/26", true, false, "10.64.0.0/32" },
		{ "gateway-subnet v6: longest match of its address", ERPOLICY_ITEM_GATEWAY_SUBNET,
		  "fd10:64::/64", true, false, "fd10:64::/128" },
		{ "onprem-prefix: no route", ERPOLICY_ITEM_ONPREM_PREFIX, "10.1.0.0/16", false,
		  false, NULL },
		{ "tunnel-endpoint: no verdict", ERPOLICY_ITEM_TUNNEL_ENDPOINT, "10.2.0.0/16",
		  false, false, NULL },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct erpolicy_verdict v = { .role = rows[i].role };
		union erpolicy_prefix key = {}, want;
		bool exact = !rows[i].exact, got;

		v.pfx = prefix(rows[i].name, rows[i].pfx);
		got = erpolicy_verdict_route_key(&v, &key, &exact);
		if (!rows[i].wanted) {
			check(!got, rows[i].name, "a route asked for");
			continue;
		}
		want = prefix(rows[i].name, rows[i].key);
		check(got && exact == rows[i].exact && erpolicy_prefix_cmp(&key, &want) == 0,
		      rows[i].name, "key");
	}
}

/* A role without a verdict is left as it is. */
static void test_other_roles(void)
{
	struct fixture *f = malloc(sizeof(*f));
	static const struct verify_case c = { "tunnel-endpoint", .up = ALL,
					      .item = "tunnel-endpoint 10.2.0.0/16" };
	struct erpolicy_verdict v, before;

	if (!f)
		abort();
	fixture_init(f, &c);
	verdict_init(&v, &c);
	v.status = ERPOLICY_STATUS_OK;
	before = v;
	erpolicy_verdict_judge(&f->snap, &v, NULL);
	check(memcmp(&v, &before, sizeof(v)) == 0, "other roles", "verdict changed");
	erpolicy_intent_fini(&f->in);
	free(f);
}

/* The snapshot's summary: the fallback of each mode, a VPN path per family. */
static void test_snapshot_sum(void)
{
	static const struct {
		const char *name, *mode, *up, *dead;
		const char *fallback;
		bool v4, v6;
	} rows[] = {
		{ "prefer-vpn, all up", "mode prefer-vpn", ALL, NULL, "expressroute", true, true },
		{ "require-encryption, all up", "mode require-encryption", ALL, NULL, "none", true,
		  true },
		{ "only expressroute up", "mode prefer-vpn", ER4 " " ER6, NULL, "expressroute",
		  false, false },
		{ "IPv4 vpn only", "mode prefer-vpn", VPN4, NULL, "expressroute", true, false },
		{ "IPv6 vpn only", "mode require-encryption", VPN6, NULL, "none", false, true },
		{ "IPv4 vpn dead", "mode prefer-vpn", ALL, VPN4, "expressroute", false, true },
		{ "both dead", "mode prefer-vpn", ALL, VPN4 " " VPN6, "expressroute", false,
		  false },
		{ "dead but not up", "mode prefer-vpn", ER4, VPN4, "expressroute", false, false },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct verify_case c = { rows[i].name, .intent = { rows[i].mode },
					 .up = rows[i].up, .dead = rows[i].dead,
					 .item = "onprem-prefix 10.1.0.0/16" };
		struct fixture *f = malloc(sizeof(*f));

		if (!f)
			abort();
		fixture_init(f, &c);
		check(strcmp(erpolicy_transport_name(f->snap.fallback), rows[i].fallback) == 0 &&
			      f->snap.vpn_up[0] == rows[i].v4 && f->snap.vpn_up[1] == rows[i].v6,
		      rows[i].name, "summary");
		erpolicy_intent_fini(&f->in);
		free(f);
	}
}

/* A snapshot's key: the facts the rules read change it, nothing else does. */
static uint8_t *key_of(struct fixture *f, size_t *len)
{
	uint8_t *k;

	*len = erpolicy_snapshot_key(&f->snap, NULL, 0);
	k = malloc(*len ? *len : 1);
	if (!k)
		abort();
	check(erpolicy_snapshot_key(&f->snap, k, *len) == *len, "snapshot key", "same length");
	return k;
}

static void test_snapshot_key(void)
{
	struct verify_case c = { "snapshot key", .up = ER4 " " VPN4,
				 .item = "onprem-prefix 10.1.0.0/16" };
	struct fixture *f = malloc(sizeof(*f));
	uint8_t *base, *k;
	size_t n0, n;
	size_t down = SIZE_MAX;

	if (!f)
		abort();
	fixture_init(f, &c);
	base = key_of(f, &n0);
	for (size_t i = 0; i < f->snap.n_nbrs && down == SIZE_MAX; i++)
		if (!erpolicy_nbr_up(&f->nbrs[i]))
			down = i;
	check(down != SIZE_MAX, c.name, "a neighbor that is down");

	/* What the rules do not read: a down session's state name, BFD, configured. */
	snprintf(f->nbrs[down].state, sizeof(f->nbrs[down].state), "Connect");
	snprintf(f->nbrs[down].bfd, sizeof(f->nbrs[down].bfd), "Down");
	f->nbrs[down].configured = false;
	k = key_of(f, &n);
	check(n == n0 && memcmp(k, base, n) == 0, c.name, "Active -> Connect, BFD, configured");
	free(k);

	/* What they read: the session up, the tunnel dead, an advertisement. */
	snprintf(f->nbrs[down].state, sizeof(f->nbrs[down].state), "Established");
	k = key_of(f, &n);
	check(n != n0 || memcmp(k, base, n) != 0, c.name, "a session up");
	free(k);
	snprintf(f->nbrs[down].state, sizeof(f->nbrs[down].state), "Active");
	f->facts[down].tunnel_dead = true;
	k = key_of(f, &n);
	check(n != n0 || memcmp(k, base, n) != 0, c.name, "a tunnel dead");
	free(k);
	f->facts[down].tunnel_dead = false;
	f->adv[down][f->facts[down].n_adv++] = prefix(c.name, "10.1.0.0/16");
	k = key_of(f, &n);
	check(n != n0 || memcmp(k, base, n) != 0, c.name, "an advertisement");
	free(k);
	f->facts[down].n_adv--;
	k = key_of(f, &n);
	check(n == n0 && memcmp(k, base, n) == 0, c.name, "back as it was");
	free(k);
	/* Too small a buffer: the length needed, nothing written past it. */
	check(erpolicy_snapshot_key(&f->snap, base, 1) == n0, c.name, "length with a small buffer");

	free(base);
	erpolicy_intent_fini(&f->in);
	free(f);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	test_names();
	test_reasons();
	test_nbr();
	test_route_key();
	test_other_roles();
	test_snapshot_sum();
	test_snapshot_key();
	return check_summary();
}
