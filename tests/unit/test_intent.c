// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of erpolicyd intent parsing and semantic validation (table-driven). */

#include <zebra.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "erpolicy_intent.h"
#include "intent_text.h"
#include "test_check.h"

/*
 * Apply one line of the CLI form (DESIGN section 2) to an intent:
 * "ITEM VALUE", "no ITEM VALUE", "mode M", "local-preference vpn|expressroute N",
 * "vrf NAME". 0 ok, -1 with errmsg.
 */
static int apply_line(struct erpolicy_intent *in, const char *line, char *errmsg, size_t errlen)
{
	return erpolicy_test_line(in, line, errmsg, errlen);
}

/*
 * One case: lines applied in order to a fresh intent (default VRF), then validation.
 * expect NULL: everything succeeds; otherwise the first error (from a line or from
 * validation) must contain expect.
 */
struct tcase {
	const char *lines[12];
	const char *expect;
};

#define SEED_V4                                                                                   \
	"azure-prefix 10.64.0.0/23", "azure-prefix 172.16.0.0/16", "gateway-subnet 10.64.0.0/26", \
		"expressroute-neighbor 192.168.100.2", "vpn-neighbor 169.254.21.2",               \
		"vpn-neighbor 169.254.22.2", "tunnel-endpoint 10.10.10.1/32",                     \
		"onprem-prefix 10.1.0.0/16"

#define SEED_V6                                                                                   \
	"azure-prefix 2001:db8:64::/48", "gateway-subnet 2001:db8:64::/64",                       \
		"expressroute-neighbor 2001:db8:100::2", "vpn-neighbor fd00:21::2",               \
		"tunnel-endpoint 2001:db8:10::1/128", "onprem-prefix 2001:db8:1::/48",            \
		"expressroute-fallback 2001:db8::/32"

static const struct tcase cases[] = {
	/* good intents */
	{ { SEED_V4 }, NULL },
	{ { SEED_V6 }, NULL },
	{ { "expressroute-fallback 10.0.0.0/8", "onprem-prefix 10.1.0.0/16",
	    "azure-prefix 10.64.0.0/23" },
	  NULL },
	{ { "gateway-subnet 10.64.0.0/26" }, NULL },
	{ { "gateway-subnet 10.64.0.0/27" }, NULL },
	{ { "gateway-subnet 2001:db8:64::/64" }, NULL },
	{ { "gateway-subnet 10.64.0.0/26", "gateway-subnet 10.65.0.0/26" }, NULL },
	{ { "gateway-subnet 10.64.0.0/26", "gateway-subnet 2001:db8:64::/64" }, NULL },
	{ { "expressroute-neighbor 192.168.100.2", "expressroute-neighbor 192.168.100.2" }, NULL },
	{ { "expressroute-neighbor 192.168.100.2", "vpn-neighbor 169.254.21.2",
	    "expressroute-neighbor 2001:db8:100::2", "vpn-neighbor fd00:21::2" },
	  NULL },
	{ { "local-preference vpn 101", "local-preference expressroute 100" }, NULL },
	{ { "local-preference vpn 4294967295", "local-preference expressroute 1" }, NULL },
	{ { "mode require-encryption", SEED_V4 }, NULL },
	{ { "tunnel-endpoint 10.1.0.1/32", "onprem-prefix 10.1.0.0/16" }, NULL },
	{ { "tunnel-endpoint 2001:db8:1::1/128", "onprem-prefix 2001:db8:1::/48" }, NULL },
	{ { "azure-prefix 0.0.0.0/0" }, NULL },
	{ { "azure-prefix 10.64.0.0/23", "no azure-prefix 10.64.0.0/23" }, NULL },
	{ { "azure-prefix 10.64.0.0/23", "onprem-prefix 10.64.0.0/24",
	    "no onprem-prefix 10.64.0.0/24" },
	  NULL },
	/* expressroute-fallback may be a supernet of Azure space (Azure's VNet routes win) */
	{ { "azure-prefix 10.64.0.0/23", "expressroute-fallback 10.0.0.0/8" }, NULL },
	{ { "azure-prefix 2001:db8:64::/48", "expressroute-fallback 2001:db8::/32" }, NULL },
	{ { "expressroute-fallback 2001:db8::/32", "onprem-prefix 2001:db8:1::/48" }, NULL },

	/* rule 1: per-item parse errors */
	{ { "azure-prefix 10.64.0.0/33" },
	  "azure-prefix 10.64.0.0/33: prefix length 33 is out of range for IPv4 (0-32)" },
	{ { "azure-prefix 2001:db8::/129" },
	  "azure-prefix 2001:db8::/129: prefix length 129 is out of range for IPv6 (0-128)" },
	{ { "expressroute-fallback 10.0.0.0/1000" },
	  "prefix length 1000 is out of range for IPv4 (0-32)" },
	{ { "gateway-subnet 10.64.0.1/26" },
	  "gateway-subnet 10.64.0.1/26: host bits set (did you mean 10.64.0.0/26?)" },
	{ { "gateway-subnet 2001:db8:64::1/64" },
	  "gateway-subnet 2001:db8:64::1/64: host bits set (did you mean 2001:db8:64::/64?)" },
	{ { "onprem-prefix 10.1.2.0/16" }, "host bits set (did you mean 10.1.0.0/16?)" },
	{ { "azure-prefix 10.64.0/23" }, "azure-prefix 10.64.0/23: malformed IPv4 address" },
	{ { "azure-prefix 10.64.0.256/23" }, "malformed IPv4 address" },
	{ { "azure-prefix 2001:db8:::/48" }, "malformed IPv6 address" },
	{ { "azure-prefix hub" }, "azure-prefix hub: not an IPv4 or IPv6 prefix" },
	{ { "tunnel-endpoint 10.10.10.1/" }, "malformed prefix length" },
	{ { "tunnel-endpoint 10.10.10.1/3a" }, "malformed prefix length" },
	{ { "tunnel-endpoint 10.10.10.1/-1" }, "malformed prefix length" },
	{ { "tunnel-endpoint 2001:db8::1/+64" }, "malformed prefix length" },
	{ { "onprem-prefix 10.1.0.0" }, "onprem-prefix 10.1.0.0: expected a prefix with a length" },
	{ { "onprem-prefix 2001:db8:1::" },
	  "expected a prefix with a length (e.g. 2001:db8::/64)" },
	{ { "expressroute-neighbor 192.168.100.2/32" },
	  "expressroute-neighbor 192.168.100.2/32: expected an address without a prefix length" },
	{ { "vpn-neighbor fd00:21::2/128" }, "expected an address without a prefix length" },
	{ { "vpn-neighbor 169.254.21" }, "vpn-neighbor 169.254.21: malformed IPv4 address" },
	{ { "vpn-neighbor fd00:21::2::1" }, "malformed IPv6 address" },
	{ { "vpn-neighbor peer1" }, "not an IPv4 or IPv6 address" },

	/* rule 1: per-item parse errors of the bad-input catalogue */
	{ { "azure-prefix ::ffff:10.64.0.0/120" },
	  "azure-prefix ::ffff:10.64.0.0/120: IPv4-mapped IPv6 prefix: write it as IPv4 (10.64.0.0/24)" },
	{ { "azure-prefix ::ffff:0:0/96" }, "write it as IPv4 (0.0.0.0/0)" },
	{ { "onprem-prefix ::ffff:0:0/80" },
	  "onprem-prefix ::ffff:0:0/80: IPv4-mapped IPv6 address space (::ffff:0:0/96) is not routed" },
	{ { "vpn-neighbor ::ffff:169.254.21.2" },
	  "vpn-neighbor ::ffff:169.254.21.2: IPv4-mapped IPv6 address: write it as IPv4 (169.254.21.2)" },
	{ { "azure-prefix ::/0", "azure-prefix ::fffe:0:0/96" }, NULL },
	{ { "azure-prefix 010.064.0.0/23" },
	  "azure-prefix 010.064.0.0/23: leading zero in \"010\" is ambiguous (octal or decimal?)" },
	{ { "vpn-neighbor 169.254.21.02" },
	  "vpn-neighbor 169.254.21.02: leading zero in \"02\" is ambiguous" },
	{ { "azure-prefix 10.64.0.0/023" },
	  "azure-prefix 10.64.0.0/023: leading zero in prefix length /023 is ambiguous (octal or decimal?)" },
	{ { "azure-prefix 0.0.0.0/00" }, "leading zero in prefix length /00" },
	/* FRR's str2prefix takes these (its length is (uint8_t)atoi(...)): rejected here */
	{ { "azure-prefix 10.64.0.0/280" },
	  "azure-prefix 10.64.0.0/280: prefix length 280 is out of range for IPv4 (0-32)" },
	{ { "azure-prefix 10.64.0.0/23x" }, "azure-prefix 10.64.0.0/23x: malformed prefix length" },
	{ { "azure-prefix 2001:db8::/ 32" },
	  "azure-prefix 2001:db8::/ 32: malformed prefix length" },
	{ { "azure-prefix 0.0.0.0/0", "onprem-prefix 10.1.0.0/16" },
	  "azure-prefix 0.0.0.0/0: overlaps onprem-prefix 10.1.0.0/16" },
	{ { "azure-prefix /23" }, "azure-prefix /23: no address before the prefix length" },
	{ { "azure-prefix 10.64.0.0//23" }, "azure-prefix 10.64.0.0//23: malformed prefix length" },
	{ { "azure-prefix 10.64.0.0/23/24" }, "malformed prefix length" },
	{ { "vpn-neighbor fe80::1%eth0" },
	  "vpn-neighbor fe80::1%eth0: a zone index (%eth0) is not allowed" },
	{ { "azure-prefix 0x0a.0.0.0/8" }, "azure-prefix 0x0a.0.0.0/8: malformed IPv4 address" },
	{ { "azure-prefix 1111111111222222222233333333334444444444555555555566666666667777777777" },
	  "azure-prefix 1111111111222222222233333333334444444444... (70 characters): too long (at most 64 characters)" },
	{ { "gateway-subnet 2001:db8:64::/48", "gateway-subnet 10.64.0.0/26" }, NULL },
	{ { "azure-prefix 10.64.0.0/255.255.254.0" },
	  "azure-prefix 10.64.0.0/255.255.254.0: a netmask is not a prefix length (did you mean 10.64.0.0/23?)" },
	{ { "onprem-prefix 10.1.2.3/255.255.0.0" }, "(did you mean 10.1.0.0/16?)" },
	{ { "azure-prefix 0.0.0.0/0.0.0.0" }, "(did you mean 0.0.0.0/0?)" },
	{ { "azure-prefix 10.64.0.0/255.0.255.0" },
	  "malformed prefix length (255.0.255.0 is not a netmask)" },
	{ { "azure-prefix 10.64.0.0/255.255" },
	  "azure-prefix 10.64.0.0/255.255: malformed prefix length" },
	{ { "onprem-prefix 10.2.0.0/16," }, "onprem-prefix 10.2.0.0/16,: malformed prefix length" },

	/* rule 0: VRF names FRR can have */
	{ { "vrf BLUE", SEED_V4 }, NULL },
	{ { "vrf a]b", "azure-prefix 10.64.0.0/23" }, NULL },
	{ { "vrf 123456789012345678901234567890123456", "azure-prefix 10.64.0.0/23" }, NULL },
	{ { "vrf 1234567890123456789012345678901234567" },
	  "vrf 1234567890123456789012345678901234567: name too long (37 characters, FRR allows 36)" },
	{ { "vrf a/b", "azure-prefix 10.64.0.0/23" },
	  "vrf a/b: '/' cannot be in a VRF name (no VRF device or network namespace can have it)" },
	{ { "vrf a'b" }, "vrf a'b: a quote (') cannot be in a VRF name" },

	/* rule 2: one address, one role */
	{ { "expressroute-neighbor 192.168.100.2", "vpn-neighbor 192.168.100.2" },
	  "vpn-neighbor 192.168.100.2: already configured as expressroute-neighbor" },
	{ { "vpn-neighbor 192.168.100.2", "expressroute-neighbor 192.168.100.2" },
	  "vpn-neighbor 192.168.100.2: already configured as expressroute-neighbor" },
	{ { "expressroute-neighbor 2001:db8:100::2", "vpn-neighbor 2001:DB8:100:0::2" },
	  "vpn-neighbor 2001:db8:100::2: already configured as expressroute-neighbor" },

	/* rule 3: gateway-subnets do not overlap */
	{ { "gateway-subnet 10.64.0.0/26", "gateway-subnet 10.64.0.0/27" },
	  "gateway-subnet 10.64.0.0/27: overlaps gateway-subnet 10.64.0.0/26" },
	{ { "gateway-subnet 10.64.0.32/27", "gateway-subnet 10.64.0.0/26" },
	  "gateway-subnet 10.64.0.32/27: overlaps gateway-subnet 10.64.0.0/26" },
	{ { "gateway-subnet 2001:db8:64::/64", "gateway-subnet 2001:db8:64::/56" },
	  "gateway-subnet 2001:db8:64::/64: overlaps gateway-subnet 2001:db8:64::/56" },

	/* rule 4: Azure's GatewaySubnet size */
	{ { "gateway-subnet 10.64.0.0/28" },
	  "gateway-subnet 10.64.0.0/28: Azure requires the GatewaySubnet to be /27 or shorter" },
	{ { "gateway-subnet 2001:db8:64::/65" },
	  "gateway-subnet 2001:db8:64::/65: Azure requires the GatewaySubnet to be /64 or shorter" },

	/* rule 5: local-preference */
	{ { "local-preference vpn 100" },
	  "local-preference vpn 100: must be higher than local-preference expressroute 100" },
	{ { "local-preference vpn 50" },
	  "local-preference vpn 50: must be higher than local-preference expressroute 100" },
	{ { "local-preference expressroute 300" },
	  "local-preference vpn 200: must be higher than local-preference expressroute 300" },
	{ { "local-preference vpn 0" }, "local-preference vpn 0: out of range (1-4294967295)" },
	{ { "local-preference expressroute 0" },
	  "local-preference expressroute 0: out of range (1-4294967295)" },

	/* rule 6: no fallback when encryption is required */
	{ { "mode require-encryption", "expressroute-fallback 10.0.0.0/8" },
	  "expressroute-fallback 10.0.0.0/8: not allowed in require-encryption mode (it would send on-prem data over ExpressRoute unencrypted)" },
	{ { "expressroute-fallback 10.0.0.0/8", "mode require-encryption" },
	  "expressroute-fallback 10.0.0.0/8: not allowed in require-encryption mode" },
	{ { "mode require-encryption", "expressroute-fallback 2001:db8::/32" },
	  "expressroute-fallback 2001:db8::/32: not allowed in require-encryption mode" },

	/* rule 7: a fallback is strictly less specific than the onprem-prefixes it overlaps */
	{ { "onprem-prefix 10.1.0.0/16", "expressroute-fallback 10.1.0.0/16" },
	  "expressroute-fallback 10.1.0.0/16: same as onprem-prefix 10.1.0.0/16, so Azure would prefer ExpressRoute for it" },
	{ { "onprem-prefix 10.1.0.0/16", "expressroute-fallback 10.1.5.0/24" },
	  "expressroute-fallback 10.1.5.0/24: more specific than onprem-prefix 10.1.0.0/16, so Azure would prefer ExpressRoute for it" },
	{ { "onprem-prefix 2001:db8:1::/48", "expressroute-fallback 2001:db8:1::/48" },
	  "expressroute-fallback 2001:db8:1::/48: same as onprem-prefix 2001:db8:1::/48, so Azure would prefer ExpressRoute" },
	{ { "onprem-prefix 2001:db8:1::/48", "expressroute-fallback 2001:db8:1:5::/64" },
	  "expressroute-fallback 2001:db8:1:5::/64: more specific than onprem-prefix 2001:db8:1::/48" },

	/* rule 8: address-space conflicts */
	{ { "azure-prefix 10.64.0.0/23", "onprem-prefix 10.64.1.0/24" },
	  "azure-prefix 10.64.0.0/23: overlaps onprem-prefix 10.64.1.0/24" },
	{ { "azure-prefix 10.64.0.0/23", "onprem-prefix 10.0.0.0/8" },
	  "azure-prefix 10.64.0.0/23: overlaps onprem-prefix 10.0.0.0/8" },
	{ { "azure-prefix 10.64.0.0/23", "onprem-prefix 10.64.0.0/23" },
	  "azure-prefix 10.64.0.0/23: overlaps onprem-prefix 10.64.0.0/23" },
	{ { "azure-prefix 2001:db8:64::/48", "onprem-prefix 2001:db8:64:1::/64" },
	  "azure-prefix 2001:db8:64::/48: overlaps onprem-prefix 2001:db8:64:1::/64" },
	{ { "azure-prefix 10.64.0.0/23", "tunnel-endpoint 10.64.0.4/32" },
	  "azure-prefix 10.64.0.0/23: overlaps tunnel-endpoint 10.64.0.4/32" },
	{ { "azure-prefix 10.64.0.4/32", "tunnel-endpoint 10.64.0.0/24" },
	  "azure-prefix 10.64.0.4/32: overlaps tunnel-endpoint 10.64.0.0/24" },
	{ { "azure-prefix 2001:db8:64::/48", "tunnel-endpoint 2001:db8:64::4/128" },
	  "azure-prefix 2001:db8:64::/48: overlaps tunnel-endpoint 2001:db8:64::4/128" },
	{ { "azure-prefix 10.64.0.0/23", "expressroute-fallback 10.64.1.0/24" },
	  "expressroute-fallback 10.64.1.0/24: inside azure-prefix 10.64.0.0/23" },
	{ { "azure-prefix 10.64.0.0/23", "expressroute-fallback 10.64.0.0/23" },
	  "expressroute-fallback 10.64.0.0/23: same as azure-prefix 10.64.0.0/23" },
	{ { "azure-prefix 2001:db8:64::/48", "expressroute-fallback 2001:db8:64::/56" },
	  "expressroute-fallback 2001:db8:64::/56: inside azure-prefix 2001:db8:64::/48" },
	{ { "gateway-subnet 10.64.0.0/26", "onprem-prefix 10.64.0.0/24" },
	  "gateway-subnet 10.64.0.0/26: overlaps onprem-prefix 10.64.0.0/24" },
	{ { "gateway-subnet 10.64.0.0/26", "onprem-prefix 10.64.0.16/28" },
	  "gateway-subnet 10.64.0.0/26: overlaps onprem-prefix 10.64.0.16/28" },
	{ { "gateway-subnet 2001:db8:64::/64", "onprem-prefix 2001:db8:64::/64" },
	  "gateway-subnet 2001:db8:64::/64: overlaps onprem-prefix 2001:db8:64::/64" },
	{ { "gateway-subnet 10.64.0.0/26", "tunnel-endpoint 10.64.0.4/32" },
	  "gateway-subnet 10.64.0.0/26: overlaps tunnel-endpoint 10.64.0.4/32" },
	{ { "gateway-subnet 2001:db8:64::/64", "tunnel-endpoint 2001:db8:64::4/128" },
	  "gateway-subnet 2001:db8:64::/64: overlaps tunnel-endpoint 2001:db8:64::4/128" },
	{ { "tunnel-endpoint 10.10.10.1/32", "onprem-prefix 10.10.10.1/32" },
	  "tunnel-endpoint 10.10.10.1/32: same as onprem-prefix 10.10.10.1/32" },
	{ { "tunnel-endpoint 2001:db8:10::1/128", "onprem-prefix 2001:db8:10::1/128" },
	  "tunnel-endpoint 2001:db8:10::1/128: same as onprem-prefix 2001:db8:10::1/128" },
	/* families never conflict with each other */
	{ { "azure-prefix 0.0.0.0/0", "onprem-prefix ::/0" }, NULL },

	/* several errors: the first in the fixed rule order is reported */
	{ { "local-preference vpn 1", "gateway-subnet 10.64.0.0/28" },
	  "gateway-subnet 10.64.0.0/28: Azure requires" },
	{ { "azure-prefix 10.64.0.0/23", "onprem-prefix 10.64.0.0/24",
	    "expressroute-neighbor 192.168.100.2", "vpn-neighbor 192.168.100.2" },
	  "vpn-neighbor 192.168.100.2: already configured" },
	{ { "onprem-prefix 10.1.0.0/16", "expressroute-fallback 10.1.0.0/16",
	    "mode require-encryption" },
	  "not allowed in require-encryption mode" },
	{ { "onprem-prefix 10.2.0.0/16", "onprem-prefix 10.1.0.0/16",
	    "expressroute-fallback 10.2.0.0/16", "expressroute-fallback 10.1.0.0/16" },
	  "expressroute-fallback 10.1.0.0/16: same as onprem-prefix 10.1.0.0/16" },

	/* deleting what is not there */
	{ { "no azure-prefix 10.64.0.0/23" }, "azure-prefix 10.64.0.0/23: not configured" },
};


static void run_case(size_t idx, const struct tcase *tc)
{
	struct erpolicy_intent in;
	char err[512] = "", what[64];
	int rc = 0;

	snprintf(what, sizeof(what), "case %zu (%s)", idx, tc->lines[0]);
	erpolicy_intent_init(&in, "default");
	for (size_t i = 0; i < 12 && tc->lines[i] && rc == 0; i++)
		rc = apply_line(&in, tc->lines[i], err, sizeof(err));
	if (rc == 0)
		rc = erpolicy_intent_validate(&in, err, sizeof(err));

	if (getenv("TEST_VERBOSE"))
		printf("%s -> %s\n", what, rc == 0 ? "ok" : err);
	if (!tc->expect) {
		check(rc == 0, what, err);
	} else {
		char detail[1024];

		snprintf(detail, sizeof(detail), "expected error \"%s\", got %s\"%s\"", tc->expect,
			 rc == 0 ? "success " : "", err);
		check(rc != 0 && strstr(err, tc->expect) != NULL, what, detail);
	}
	erpolicy_intent_fini(&in);
}

/* Direct checks of the small helpers. */
static void run_api_checks(void)
{
	union erpolicy_prefix a, b, c;
	struct erpolicy_intent in;
	enum erpolicy_mode m;
	char buf[64], err[256];

	check(strcmp(erpolicy_item_name(ERPOLICY_ITEM_ER_FALLBACK), "expressroute-fallback") == 0,
	      "item name", erpolicy_item_name(ERPOLICY_ITEM_ER_FALLBACK));
	check(strcmp(erpolicy_item_name(ERPOLICY_ITEM_ER_NEIGHBOR), "expressroute-neighbor") == 0,
	      "item name", erpolicy_item_name(ERPOLICY_ITEM_ER_NEIGHBOR));
	check(erpolicy_item_is_address(ERPOLICY_ITEM_VPN_NEIGHBOR) &&
		      !erpolicy_item_is_address(ERPOLICY_ITEM_TUNNEL_ENDPOINT),
	      "item_is_address", "");
	check(erpolicy_mode_parse("require-encryption", &m) == 0 &&
		      m == ERPOLICY_MODE_REQUIRE_ENCRYPTION,
	      "mode parse", "require-encryption");
	check(erpolicy_mode_parse("prefer-vpn", &m) == 0 && m == ERPOLICY_MODE_PREFER_VPN,
	      "mode parse", "prefer-vpn");
	check(erpolicy_mode_parse("fast", &m) == -1, "mode parse", "fast accepted");
	check(strcmp(erpolicy_mode_name(ERPOLICY_MODE_REQUIRE_ENCRYPTION), "require-encryption") ==
		      0,
	      "mode name", "");

	/* canonical text */
	check(erpolicy_prefix_parse("2001:DB8:0:0::/32", false, &a, err, sizeof(err)) == 0 &&
		      strcmp(erpolicy_prefix_str(&a, false, buf, sizeof(buf)), "2001:db8::/32") ==
			      0,
	      "prefix_str v6", buf);
	check(erpolicy_prefix_parse("192.168.100.2", true, &a, err, sizeof(err)) == 0 &&
		      a.prefixlen == 32 && a.family == AF_INET &&
		      strcmp(erpolicy_prefix_str(&a, true, buf, sizeof(buf)), "192.168.100.2") == 0,
	      "prefix_str address", buf);
	check(strcmp(erpolicy_prefix_str(&a, false, buf, sizeof(buf)), "192.168.100.2/32") == 0,
	      "prefix_str address as prefix", buf);
	check(erpolicy_prefix_parse("fd00:21::2", true, &a, err, sizeof(err)) == 0 &&
		      a.prefixlen == 128 &&
		      strcmp(erpolicy_prefix_str(&a, true, buf, sizeof(buf)), "fd00:21::2") == 0,
	      "prefix_str v6 address", buf);
	check(erpolicy_prefix_parse("", false, &a, err, sizeof(err)) == -1, "empty", err);
	check(erpolicy_prefix_parse(NULL, false, &a, err, sizeof(err)) == -1, "NULL", err);

	/* order and containment */
	erpolicy_prefix_parse("10.64.0.0/23", false, &a, err, sizeof(err));
	erpolicy_prefix_parse("10.64.0.0/26", false, &b, err, sizeof(err));
	erpolicy_prefix_parse("2001:db8::/32", false, &c, err, sizeof(err));
	check(erpolicy_prefix_cmp(&a, &b) < 0 && erpolicy_prefix_cmp(&b, &a) > 0 &&
		      erpolicy_prefix_cmp(&a, &a) == 0 && erpolicy_prefix_cmp(&a, &c) < 0,
	      "prefix_cmp", "");
	check(erpolicy_prefix_match(&a, &b) && !erpolicy_prefix_match(&b, &a) &&
		      erpolicy_prefix_match(&a, &a) && !erpolicy_prefix_match(&a, &c),
	      "prefix_match", "");
	erpolicy_prefix_parse("10.65.0.0/26", false, &b, err, sizeof(err));
	check(!erpolicy_prefix_match(&a, &b), "prefix_match disjoint", "");
	/* address before length (FRR's prefix_cmp has length first): 10.64.0.0/23 < 10.65.0.0/16 */
	erpolicy_prefix_parse("10.65.0.0/16", false, &b, err, sizeof(err));
	check(erpolicy_prefix_cmp(&a, &b) < 0 &&
		      prefix_cmp(erpolicy_prefix_p(&a), erpolicy_prefix_p(&b)) > 0,
	      "prefix_cmp address first", "");

	/* lists stay sorted and unique; del */
	erpolicy_intent_init(&in, NULL);
	check(strcmp(in.vrf, "default") == 0 && in.lp_vpn == 200 && in.lp_er == 100 &&
		      in.mode == ERPOLICY_MODE_PREFER_VPN,
	      "init defaults", in.vrf);
	erpolicy_intent_add(&in, ERPOLICY_ITEM_AZURE_PREFIX, "2001:db8::/32", err, sizeof(err));
	erpolicy_intent_add(&in, ERPOLICY_ITEM_AZURE_PREFIX, "172.16.0.0/16", err, sizeof(err));
	erpolicy_intent_add(&in, ERPOLICY_ITEM_AZURE_PREFIX, "10.64.0.0/23", err, sizeof(err));
	erpolicy_intent_add(&in, ERPOLICY_ITEM_AZURE_PREFIX, "10.64.0.0/23", err, sizeof(err));
	erpolicy_intent_add(&in, ERPOLICY_ITEM_AZURE_PREFIX, "10.64.0.0/16", err, sizeof(err));
	{
		const struct erpolicy_list *l = &in.items[ERPOLICY_ITEM_AZURE_PREFIX];
		bool sorted = l->n == 4;

		for (size_t i = 1; i < l->n; i++)
			sorted = sorted && erpolicy_prefix_cmp(&l->v[i - 1], &l->v[i]) < 0;
		check(sorted, "list sorted unique", "");
	}
	check(erpolicy_intent_del(&in, ERPOLICY_ITEM_AZURE_PREFIX, &a) == 0 &&
		      in.items[ERPOLICY_ITEM_AZURE_PREFIX].n == 3,
	      "del present", "");
	check(erpolicy_intent_del(&in, ERPOLICY_ITEM_AZURE_PREFIX, &a) == -1, "del absent", "");
	check(erpolicy_intent_del(&in, ERPOLICY_ITEM_ONPREM_PREFIX, &a) == -1, "del other kind",
	      "");

	/* the bulk build (append, seal) gives what add gives, whatever the order */
	{
		static const char *const order[][5] = {
			{ "2001:db8::/32", "172.16.0.0/16", "10.64.0.0/23", "10.64.0.0/16",
			  "10.64.0.0/26" },
			{ "10.64.0.0/26", "10.64.0.0/16", "10.64.0.0/23", "172.16.0.0/16",
			  "2001:db8::/32" },
			{ "10.64.0.0/16", "10.64.0.0/23", "10.64.0.0/26", "172.16.0.0/16",
			  "2001:db8::/32" },
		};
		struct erpolicy_intent ref, bulk;

		erpolicy_intent_init(&ref, NULL);
		for (size_t i = 0; i < 5; i++)
			erpolicy_intent_add(&ref, ERPOLICY_ITEM_AZURE_PREFIX, order[0][i], err,
					    sizeof(err));
		for (size_t o = 0; o < sizeof(order) / sizeof(order[0]); o++) {
			const struct erpolicy_list *a = &ref.items[ERPOLICY_ITEM_AZURE_PREFIX];
			const struct erpolicy_list *b;
			bool same;

			erpolicy_intent_init(&bulk, NULL);
			for (size_t i = 0; i < 5; i++)
				erpolicy_intent_append(&bulk, ERPOLICY_ITEM_AZURE_PREFIX,
						       order[o][i], err, sizeof(err));
			check(erpolicy_intent_seal(&bulk, err, sizeof(err)) == 0, "seal", err);
			b = &bulk.items[ERPOLICY_ITEM_AZURE_PREFIX];
			same = a->n == b->n && a->n == 5;
			for (size_t i = 0; same && i < a->n; i++)
				same = erpolicy_prefix_cmp(&a->v[i], &b->v[i]) == 0;
			check(same, "bulk build equals add", order[o][0]);
			erpolicy_intent_fini(&bulk);
		}
		erpolicy_intent_fini(&ref);

		/* two spellings of one value: named in its canonical form */
		erpolicy_intent_init(&bulk, NULL);
		erpolicy_intent_append(&bulk, ERPOLICY_ITEM_VPN_NEIGHBOR, "fd00:21::2", err,
				       sizeof(err));
		erpolicy_intent_append(&bulk, ERPOLICY_ITEM_AZURE_PREFIX, "10.64.0.0/23", err,
				       sizeof(err));
		erpolicy_intent_append(&bulk, ERPOLICY_ITEM_VPN_NEIGHBOR, "fd00:21:0::2", err,
				       sizeof(err));
		check(erpolicy_intent_seal(&bulk, err, sizeof(err)) == -1 &&
			      strcmp(err, "vpn-neighbor fd00:21::2: listed twice") == 0,
		      "seal duplicate", err);
		erpolicy_intent_fini(&bulk);
		/* a bad value: the error of add, nothing appended */
		erpolicy_intent_init(&bulk, NULL);
		check(erpolicy_intent_append(&bulk, ERPOLICY_ITEM_AZURE_PREFIX, "10.64.0.1/23",
					     err, sizeof(err)) == -1 &&
			      strstr(err, "azure-prefix 10.64.0.1/23: host bits set") &&
			      bulk.items[ERPOLICY_ITEM_AZURE_PREFIX].n == 0,
		      "append bad value", err);
		erpolicy_intent_fini(&bulk);
	}

	/* a 36-character VRF name is kept whole */
	erpolicy_intent_fini(&in);
	erpolicy_intent_init(&in, "123456789012345678901234567890123456");
	check(strlen(in.vrf) == 36 && erpolicy_intent_validate(&in, err, sizeof(err)) == 0,
	      "36-character vrf name", in.vrf);
	snprintf(in.vrf, sizeof(in.vrf), "a\001b");
	check(erpolicy_intent_validate(&in, err, sizeof(err)) == -1 &&
		      strstr(err, "a space or control character cannot be in a VRF name"),
	      "vrf name with a control character", err);
	check(erpolicy_vrf_name_check("", err, sizeof(err)) == -1 && strstr(err, "vrf: empty name"),
	      "empty vrf name", err);
	check(erpolicy_vrf_name_check(NULL, err, sizeof(err)) == -1, "NULL vrf name", err);
	check(erpolicy_vrf_name_check("default", err, sizeof(err)) == 0, "vrf default", err);

	/* overlong input: quoted short, the reason is never cut off */
	{
		static char big[10241];
		char msg[256];

		memcpy(big, "10.64.0.0/", 10);
		memset(big + 10, '1', sizeof(big) - 11);
		big[sizeof(big) - 1] = '\0';
		check(erpolicy_intent_add(&in, ERPOLICY_ITEM_AZURE_PREFIX, big, msg,
					  sizeof(msg)) == -1 &&
			      strstr(msg,
				     "azure-prefix 10.64.0.0/111111111111111111111111111111... (10240 characters): too long (at most 64 characters)"),
		      "10 kB prefix", msg);
		check(erpolicy_vrf_name_check(big, msg, sizeof(msg)) == -1 &&
			      strstr(msg,
				     "(10240 characters): name too long (10240 characters, FRR allows 36)"),
		      "10 kB vrf name", msg);
		check(strcmp(erpolicy_value_quote("10.64.0.0/23", msg, sizeof(msg)),
			     "10.64.0.0/23") == 0,
		      "value quote short", msg);
	}

	/* rule 1 also guards items stored without parsing */
	erpolicy_intent_fini(&in);
	erpolicy_intent_init(&in, "default");
	erpolicy_intent_add(&in, ERPOLICY_ITEM_ONPREM_PREFIX, "10.1.0.0/16", err, sizeof(err));
	in.items[ERPOLICY_ITEM_ONPREM_PREFIX].v[0].prefixlen = 8;
	check(erpolicy_intent_validate(&in, err, sizeof(err)) == -1 &&
		      strstr(err,
			     "onprem-prefix 10.1.0.0/8: host bits set (did you mean 10.0.0.0/8?)"),
	      "validate stored host bits", err);
	in.items[ERPOLICY_ITEM_ONPREM_PREFIX].v[0].prefixlen = 40;
	check(erpolicy_intent_validate(&in, err, sizeof(err)) == -1 &&
		      strstr(err, "prefix length 40 is out of range for IPv4 (0-32)"),
	      "validate stored plen", err);
	erpolicy_intent_fini(&in);
	erpolicy_intent_init(&in, "default");
	erpolicy_intent_add(&in, ERPOLICY_ITEM_ER_NEIGHBOR, "192.168.100.2", err, sizeof(err));
	in.items[ERPOLICY_ITEM_ER_NEIGHBOR].v[0].prefixlen = 24;
	in.items[ERPOLICY_ITEM_ER_NEIGHBOR].v[0].u.val[3] = 0;
	check(erpolicy_intent_validate(&in, err, sizeof(err)) == -1 &&
		      strstr(err, "expressroute-neighbor 192.168.100.0/24: expected an address"),
	      "validate stored neighbor prefix", err);
	erpolicy_intent_fini(&in);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(i, &cases[i]);
	run_api_checks();
	return check_summary();
}
