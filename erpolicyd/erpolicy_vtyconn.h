// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: a client of the FRR daemons' vty unix sockets, speaking what vtysh
 * speaks (a command plus NUL; a reply of text plus the trailer 00 00 00 <rc>).
 * Blocking with a timeout; never a shell or an external program.
 */
#ifndef _FRR_ERPOLICY_VTYCONN_H_
#define _FRR_ERPOLICY_VTYCONN_H_

#include "erpolicy_frame.h" /* ERPOLICY_REPLY_MAX */

/* How long to wait for a daemon's reply before giving up on the pass. */
#define ERPOLICY_REPLY_TIMEOUT_MS 30000

struct erpolicy_vtyconn {
	const char *daemon;
	int fd;
};

/* Where the daemons' vty sockets are (pathspace aware). */
void erpolicy_vtyconn_init(const char *vtydir);
int erpolicy_vtyconn_open(struct erpolicy_vtyconn *c, const char *daemon);
void erpolicy_vtyconn_close(struct erpolicy_vtyconn *c);
/*
 * Send one command and read its whole reply. Returns the daemon's return code
 * (CMD_*) with *out the reply text (XMALLOC'd MTYPE_TMP, NUL terminated), or -1
 * on an I/O error, a timeout or a malformed reply (the connection is closed).
 */
int erpolicy_vtyconn_cmd(struct erpolicy_vtyconn *c, const char *cmd, char **out);
/* Open, enable, and read the running configuration. NULL if unreachable. */
char *erpolicy_vtyconn_running(struct erpolicy_vtyconn *c, const char *daemon);
/* Open and enable. 0 ok, -1 unreachable. */
int erpolicy_vtyconn_enable(struct erpolicy_vtyconn *c, const char *daemon);

#endif /* _FRR_ERPOLICY_VTYCONN_H_ */
