// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd: CLI commands, running-config output and show commands. */
#ifndef _FRR_ERPOLICY_VTY_H_
#define _FRR_ERPOLICY_VTY_H_

#define ERPOLICY_VTY_PORT 2640

void erpolicy_vty_init(void);

#endif /* _FRR_ERPOLICY_VTY_H_ */
