// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd: its memory group, and the memory types more than one file allocates. */
#ifndef _FRR_ERPOLICY_MEMORY_H_
#define _FRR_ERPOLICY_MEMORY_H_

#include "memory.h"

DECLARE_MGROUP(ERPOLICYD);
/* The have/want state, the diff and every list of strings (erpolicy_strs_*). */
DECLARE_MTYPE(ERPOLICY_STATE);
/* The sorted prefix lists (struct erpolicy_list): the intent's items, an instance's dead tunnels. */
DECLARE_MTYPE(ERPOLICY_PREFIX_LIST);
/* erpolicy_render_plan's text: whoever gets it frees it with this type. */
DECLARE_MTYPE(ERPOLICY_CONFIG_TEXT);

#endif /* _FRR_ERPOLICY_MEMORY_H_ */
