// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd intent: what the operator asked for, item parsing and semantic validation. */

#ifndef _FRR_ERPOLICY_INTENT_H_
#define _FRR_ERPOLICY_INTENT_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "prefix.h"

#ifdef __cplusplus
extern "C" {
#endif

/* FRR's VRF names have up to VRF_NAMSIZ (36) characters (lib/vrf.h: name[VRF_NAMSIZ + 1]). */
#define ERPOLICY_VRF_NAME_MAX 36
#define ERPOLICY_VRF_NAMSIZ   (ERPOLICY_VRF_NAME_MAX + 1)
/* Longest item text (the YANG typedefs' length "1..64"). */
#define ERPOLICY_VALUE_MAX	64
#define ERPOLICY_OWNER_TAG	"ERPOL"
#define ERPOLICY_LP_VPN_DEFAULT 200
#define ERPOLICY_LP_ER_DEFAULT	100
#define ERPOLICY_PIN_TAG	4242 /* static route tag marking erpolicyd's GatewaySubnet pins */
/* The same as it ends a pin's command: " tag 4242". */
#define ERPOLICY_PIN_TAG_WORDS " tag " ERPOLICY_XSTR(ERPOLICY_PIN_TAG)
#define ERPOLICY_XSTR(x)       ERPOLICY_STR_(x)
#define ERPOLICY_STR_(x)       #x

/* Azure limits on the GatewaySubnet size (longest allowed prefix length). */
#define ERPOLICY_GWSUBNET_MAXLEN_V4 27
#define ERPOLICY_GWSUBNET_MAXLEN_V6 64

enum erpolicy_mode {
	ERPOLICY_MODE_PREFER_VPN = 0,
	ERPOLICY_MODE_REQUIRE_ENCRYPTION,
};

enum erpolicy_item {
	ERPOLICY_ITEM_AZURE_PREFIX = 0,
	ERPOLICY_ITEM_GATEWAY_SUBNET,
	ERPOLICY_ITEM_ER_NEIGHBOR,
	ERPOLICY_ITEM_VPN_NEIGHBOR,
	ERPOLICY_ITEM_TUNNEL_ENDPOINT,
	ERPOLICY_ITEM_ONPREM_PREFIX,
	ERPOLICY_ITEM_ER_FALLBACK,
	ERPOLICY_ITEM_MAX,
};

/*
 * An IPv4 or IPv6 prefix as the intent, the plan and the verifier hold it: FRR's
 * struct prefix_ipv4 or struct prefix_ipv6 (the family says which), read through
 * struct prefix's field names. It is laid out as struct prefix up to the end of an
 * IPv6 address, so FRR's prefix functions take it (erpolicy_prefix_p: %pFX,
 * prefix_match, apply_mask, ...), but it takes 24 bytes where struct prefix takes 56
 * (room for EVPN and flowspec prefixes): the intent holds one per item and the plan
 * one per prefix-list entry. Never copy a struct prefix into it (prefix_copy, *p =):
 * assign the union. Bytes past the family's address length are zero, and
 * erpolicy_prefix_parse zeroes the padding too (lists are compared with memcmp).
 */
union erpolicy_prefix {
	struct {
		uint8_t family; /* AF_INET or AF_INET6; 0: none */
		uint16_t prefixlen;
		union {
			uint8_t val[16];
			struct in_addr prefix4;
			struct in6_addr prefix6;
		} u __attribute__((aligned(8)));
	};
	struct prefix_ipv4 p4;
	struct prefix_ipv6 p6;
};

/* Its struct prefix view, for FRR's prefix functions. */
static inline const struct prefix *erpolicy_prefix_p(const union erpolicy_prefix *p)
{
	return (const struct prefix *)p;
}

/* Kept sorted (erpolicy_prefix_cmp) and unique. */
struct erpolicy_list {
	union erpolicy_prefix *v;
	size_t n, cap;
};
/* Index of p in the sorted list l, or -1. */
ssize_t erpolicy_list_index(const struct erpolicy_list *l, const union erpolicy_prefix *p);

/* BGP maximum-prefix protection on the intent's Azure sessions (YANG: maximum-prefix). */
enum erpolicy_peer_kind {
	ERPOLICY_PEER_EXPRESSROUTE = 0,
	ERPOLICY_PEER_VPN,
	ERPOLICY_PEER_KIND_MAX,
};
enum erpolicy_dir {
	ERPOLICY_DIR_IN = 0,
	ERPOLICY_DIR_OUT,
	ERPOLICY_DIR_MAX,
};

/*
 * Tunnel liveness (YANG: tunnel-probe). Azure's VPN gateway runs neither BFD nor
 * short BGP timers, so erpolicyd probes each vpn-neighbor through its tunnel
 * (ICMP echo every interval) and takes the neighbor's routes out of preference
 * when no reply came for interval * multiplier; it gives them back once replies
 * have come for hold-down seconds (doubled for each further loss soon after,
 * see erpolicy_probe.h).
 */
#define ERPOLICY_PROBE_INTERVAL_DEFAULT	  200 /* ms */
#define ERPOLICY_PROBE_INTERVAL_MIN	  10
#define ERPOLICY_PROBE_INTERVAL_MAX	  60000
#define ERPOLICY_PROBE_MULTIPLIER_DEFAULT 3
#define ERPOLICY_PROBE_HOLD_DOWN_DEFAULT  5 /* s */

struct erpolicy_probe_target {
	union erpolicy_prefix nbr;    /* the vpn-neighbor (host prefix) */
	union erpolicy_prefix target; /* probed instead of the neighbor's address (host prefix) */
};

struct erpolicy_probe_cfg {
	bool enabled;
	uint32_t interval_ms;
	uint8_t multiplier;
	uint32_t hold_down_s;
	struct erpolicy_probe_target *targets; /* sorted by nbr, unique */
	size_t n_targets;
};

struct erpolicy_intent {
	char vrf[ERPOLICY_VRF_NAMSIZ]; /* "default" for the default VRF */
	enum erpolicy_mode mode;
	uint32_t lp_vpn, lp_er;
	/* 0: not set. Inbound: neighbor X maximum-prefix N [restart M]; outbound:
	 * neighbor X maximum-prefix-out N, per address family of each neighbor. */
	uint32_t maxpfx[ERPOLICY_PEER_KIND_MAX][ERPOLICY_DIR_MAX];
	uint16_t maxpfx_restart; /* minutes; 0: a session over its limit stays down */
	/* neighbors stored as host prefixes (/32, /128) */
	struct erpolicy_list items[ERPOLICY_ITEM_MAX];
	struct erpolicy_probe_cfg probe;
};

/* Defaults: prefer-vpn, local-preference vpn 200, expressroute 100. vrf NULL -> "default". */
void erpolicy_intent_init(struct erpolicy_intent *in, const char *vrf);
void erpolicy_intent_fini(struct erpolicy_intent *in);

/* "azure-prefix", "gateway-subnet", "expressroute-neighbor", "vpn-neighbor",
 * "tunnel-endpoint", "onprem-prefix", "expressroute-fallback" */
const char *erpolicy_item_name(enum erpolicy_item it);
/* "expressroute" / "vpn" and "in" / "out" */
const char *erpolicy_peer_kind_name(enum erpolicy_peer_kind k);
const char *erpolicy_dir_name(enum erpolicy_dir d);
/* "prefer-vpn" / "require-encryption" */
const char *erpolicy_mode_name(enum erpolicy_mode m);
/* 0 ok, -1 bad */
int erpolicy_mode_parse(const char *s, enum erpolicy_mode *m);
/* true for the two neighbor kinds */
bool erpolicy_item_is_address(enum erpolicy_item it);

/*
 * Parse text: prefixes "A.B.C.D/M" or "X:X::X:X/M"; addresses without "/M".
 * 0 ok, -1 with errmsg "<reason>" (the caller prefixes field and value).
 * Rejects text longer than ERPOLICY_VALUE_MAX, malformed text, leading zeros (in
 * an IPv4 address or a length: octal or decimal?), a zone index, a length out of
 * range for the family, host bits set, IPv4-mapped IPv6 (::ffff:0:0/96), a prefix
 * where an address is expected and the reverse. FRR's str2prefix accepts much of
 * this (host bits, a length with trailing characters or leading zeros, "/280" as
 * /24, an address for a host prefix) and gives no reason, so the text is checked
 * here and converted with inet_pton as str2prefix_ipv4/_ipv6 do.
 */
int erpolicy_prefix_parse(const char *text, bool address, union erpolicy_prefix *out, char *errmsg,
			  size_t errlen);
/*
 * Text of p as messages and FRR's configuration write it: prefix2str's (%pFX), or
 * for an address (as_address and a host prefix) the address alone (%pFXh). "?" for
 * no family.
 */
const char *erpolicy_prefix_str(const union erpolicy_prefix *p, bool as_address, char *buf,
				size_t len);
/*
 * Order of the sorted lists: family, address, length. Not FRR's prefix_cmp, which
 * orders by length before address: the lists rely on a prefix's more-specifics
 * sorting right after it, and the generated configuration lists neighbors in this order.
 */
int erpolicy_prefix_cmp(const union erpolicy_prefix *a, const union erpolicy_prefix *b);
/* inner equals or lies inside outer: prefix_match, within one family. */
static inline bool erpolicy_prefix_match(const union erpolicy_prefix *outer,
					 const union erpolicy_prefix *inner)
{
	return outer->family == inner->family &&
	       prefix_match(erpolicy_prefix_p(outer), erpolicy_prefix_p(inner));
}

/*
 * Add one item from text (parses it; a duplicate is a no-op returning 0).
 * 0 ok, -1 and errmsg "<item-name> <text>: <reason>" on a bad value.
 */
int erpolicy_intent_add(struct erpolicy_intent *in, enum erpolicy_item it, const char *text,
			char *errmsg, size_t errlen);
/*
 * A bulk build (the northbound hands over every item of an instance at once):
 * append each item unsorted, then seal, which sorts every list in O(n log n).
 * Appending keeps the lists unsorted until then: nothing else may be called on
 * the intent in between. erpolicy_intent_append: 0 ok, -1 and errmsg as
 * erpolicy_intent_add. erpolicy_intent_seal: 0 ok, -1 and errmsg
 * "<item-name> <value>: listed twice" when a list holds a value twice (two
 * spellings of it).
 */
int erpolicy_intent_append(struct erpolicy_intent *in, enum erpolicy_item it, const char *text,
			   char *errmsg, size_t errlen);
int erpolicy_intent_seal(struct erpolicy_intent *in, char *errmsg, size_t errlen);
/*
 * A VRF name FRR can have: 1..36 characters, none of them a space or a control
 * character, '/' (no VRF device or network namespace can be named so) or a single
 * quote (FRR's VRF XPath keys are quoted with it). 0 ok, -1 and errmsg
 * "vrf <name>: <reason>".
 */
int erpolicy_vrf_name_check(const char *name, char *errmsg, size_t errlen);

/*
 * A value as messages quote it: the text itself, or for an overlong one its first
 * characters and its length, so that the reason after it is never cut off.
 */
#define ERPOLICY_VALUE_QUOTE_SIZE (ERPOLICY_VALUE_MAX + 32)
const char *erpolicy_value_quote(const char *text, char *buf, size_t len);

/*
 * Probe target through nbr's tunnel: both addresses. 0 ok (replaces an earlier
 * target of nbr), -1 and errmsg "tunnel-probe neighbor <text>: <reason>" or
 * "tunnel-probe target <text>: <reason>".
 */
int erpolicy_intent_probe_target(struct erpolicy_intent *in, const char *nbr, const char *target,
				 char *errmsg, size_t errlen);
/* The address probed for vpn-neighbor nbr: its target, or nbr itself. */
const union erpolicy_prefix *erpolicy_probe_target_of(const struct erpolicy_intent *in,
						      const union erpolicy_prefix *nbr);

/* 0 removed, -1 absent */
int erpolicy_intent_del(struct erpolicy_intent *in, enum erpolicy_item it,
			const union erpolicy_prefix *p);

/*
 * Whole-intent semantic validation. 0 ok; -1 with errmsg "<field> <value>: <reason>".
 * Deterministic: with several errors, the first in a fixed order is reported.
 * Presence of other items is never required (the CLI commits one line at a time).
 */
int erpolicy_intent_validate(const struct erpolicy_intent *in, char *errmsg, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif /* _FRR_ERPOLICY_INTENT_H_ */
