// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd: debug flags (debug expressroute-policy [apply|verify]). */
#ifndef _FRR_ERPOLICY_DEBUG_H_
#define _FRR_ERPOLICY_DEBUG_H_

#include "lib/debug.h"

extern struct debug erpolicy_dbg_apply;
extern struct debug erpolicy_dbg_verify;

void erpolicy_debug_init(void);
void erpolicy_debug_set(int vtynode, bool onoff, bool apply, bool verify);

#define ERPOLICY_DEBUG_APPLY(fmt, ...)	DEBUGD(&erpolicy_dbg_apply, "apply: " fmt, ##__VA_ARGS__)
#define ERPOLICY_DEBUG_VERIFY(fmt, ...) DEBUGD(&erpolicy_dbg_verify, "verify: " fmt, ##__VA_ARGS__)

#endif /* _FRR_ERPOLICY_DEBUG_H_ */
