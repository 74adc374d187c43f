// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd: zebra client, used only to hear about route changes promptly. */
#ifndef _FRR_ERPOLICY_ZEBRA_H_
#define _FRR_ERPOLICY_ZEBRA_H_

#include "frrevent.h"
#include "privs.h"

void erpolicy_zebra_init(struct event_loop *loop, struct zebra_privs_t *privs);
void erpolicy_zebra_fini(void);

#endif /* _FRR_ERPOLICY_ZEBRA_H_ */
