// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd: debug flags (debug expressroute-policy [apply|verify]). */
#include <zebra.h>

#include "lib/command.h"
#include "lib/debug.h"

#include "erpolicy_debug.h"

struct debug erpolicy_dbg_apply = { 0, "debug expressroute-policy apply",
				    "ExpressRoute policy apply" };
struct debug erpolicy_dbg_verify = { 0, "debug expressroute-policy verify",
				     "ExpressRoute policy verify" };

void erpolicy_debug_set(int vtynode, bool onoff, bool apply, bool verify)
{
	uint32_t mode = DEBUG_NODE2MODE(vtynode);

	if (apply)
		DEBUG_MODE_SET(&erpolicy_dbg_apply, mode, onoff);
	if (verify)
		DEBUG_MODE_SET(&erpolicy_dbg_verify, mode, onoff);
}

void erpolicy_debug_init(void)
{
	debug_install(&erpolicy_dbg_apply);
	debug_install(&erpolicy_dbg_verify);
}
