// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: a client of the FRR daemons' vty unix sockets, speaking what vtysh
 * speaks (a command plus NUL; a reply of text plus the trailer 00 00 00 <rc>).
 * Blocking with short timeouts; never a shell or an external program.
 */
#ifndef _FRR_ERPOLICY_VTYCONN_H_
#define _FRR_ERPOLICY_VTYCONN_H_

#include "erpolicy_frame.h" /* ERPOLICY_REPLY_MAX: a reply larger is treated as hostile */

/*
 * The blocking client (the verifier's queries; the reconcile pass uses the
 * event-driven erpolicy_vtyq.h, with these limits). Its I/O blocks erpolicyd's
 * event loop (and so its own vty) while it waits, so the waits are short: a daemon that sends nothing of a reply for
 * ERPOLICY_REPLY_IDLE_MS, or has not finished it after ERPOLICY_REPLY_TIMEOUT_MS,
 * is given up on for this pass. FRR daemons answer in milliseconds; bgpd with
 * thousands of prefix-list entries still answers `show running-config` well
 * under a second.
 */
#define ERPOLICY_REPLY_IDLE_MS	  3000
#define ERPOLICY_REPLY_TIMEOUT_MS 10000
/*
 * The wait for each reply inside a configuration batch (XFRR_start/end_configuration,
 * one commit): bgpd commits what it has gathered every few thousand lines and at the
 * end marker, and with 100,000 prefix-list entries such a commit takes tens of
 * seconds. Only a large push waits this long (on the event loop: erpolicy_vtyq.h).
 */
#define ERPOLICY_BATCH_REPLY_MS 120000
/*
 * After a timeout, an oversized or a malformed reply the daemon is not contacted
 * again for a while (doubling from the first to the longest pause, reset by the
 * next good reply), so a hung or hostile daemon cannot keep erpolicyd's own vty
 * frozen one wait after the other.
 */
#define ERPOLICY_BACKOFF_FIRST_MS 1000
#define ERPOLICY_BACKOFF_MAX_MS	  30000

struct erpolicy_vtyconn {
	const char *daemon;
	int fd;
	/* Why the last open or command failed, "" if the daemon was simply not there. */
	char err[256];
	/* When set: the idle and the whole-reply limits of each reply (a batch). */
	int reply_ms;
};

/* Where the daemons' vty sockets are (pathspace aware). */
void erpolicy_vtyconn_init(const char *vtydir);
/*
 * A new non-blocking connection to daemon's vty socket: its fd, or -1 with err
 * saying why ("" when the daemon is simply not there). While the daemon is in
 * backoff, -1 without trying.
 */
int erpolicy_vtyconn_connect(const char *daemon, char *err, size_t errlen);
/* Pause talking to daemon after a timeout or a hostile reply (doubling); reset on a good one. */
void erpolicy_vtyconn_backoff_start(const char *daemon, const char *why);
void erpolicy_vtyconn_backoff_reset(const char *daemon);
int erpolicy_vtyconn_open(struct erpolicy_vtyconn *c, const char *daemon);
void erpolicy_vtyconn_close(struct erpolicy_vtyconn *c);
/*
 * Send one command and read its whole reply. Returns the daemon's return code
 * (CMD_*) with *out the reply text (XMALLOC'd MTYPE_TMP, NUL terminated), or -1
 * on an I/O error, a timeout or a malformed reply (the connection is closed and
 * c->err says what happened).
 */
int erpolicy_vtyconn_cmd(struct erpolicy_vtyconn *c, const char *cmd, char **out);
/* Open and enable. 0 ok, -1 unreachable. */
int erpolicy_vtyconn_enable(struct erpolicy_vtyconn *c, const char *daemon);

#endif /* _FRR_ERPOLICY_VTYCONN_H_ */
