// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd: its memory group (`show memory erpolicyd`). */
#include <zebra.h>

#include "erpolicy_memory.h"

DEFINE_MGROUP(ERPOLICYD, "erpolicyd");
DEFINE_MTYPE(ERPOLICYD, ERPOLICY_STATE, "erpolicyd have/want state");
