// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd: its memory group (`show memory erpolicyd`). */
#include <zebra.h>

#include "erpolicy_memory.h"

DEFINE_MGROUP(ERPOLICYD, "erpolicyd");
DEFINE_MTYPE(ERPOLICYD, ERPOLICY_STATE, "erpolicyd have/want state");
DEFINE_MTYPE(ERPOLICYD, ERPOLICY_PREFIX_LIST, "ExpressRoute policy prefix list");
DEFINE_MTYPE(ERPOLICYD, ERPOLICY_CONFIG_TEXT, "ExpressRoute policy generated configuration");
