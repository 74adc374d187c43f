// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: an event-driven client of one FRR daemon's vty unix socket,
 * speaking what vtysh speaks (a command plus NUL; a reply of text plus the
 * trailer 00 00 00 <rc>), on FRR's event loop.
 *
 * Commands are queued per daemon and sent one at a time, each when the reply to
 * the one before is complete, as vtysh sends them; or pipelined (see
 * erpolicy_vtyq_cmd_pipelined()). Nothing waits on the socket: writes and reads
 * run from read/write events, and each command has its deadline (a timer). A
 * reply's callback always runs from the event loop, never inside
 * erpolicy_vtyq_cmd().
 *
 * The session opens with the first command (and `enable`) and stays open. When
 * a command fails (the connection lost, a deadline passed, a malformed or
 * oversized reply), the session closes and that command and every one queued
 * behind it fail with the same reason; further commands fail too until
 * erpolicy_vtyq_close() is called, so that a sequence of commands never
 * continues on a new session halfway. Never a shell or an external program.
 */
#ifndef _FRR_ERPOLICY_VTYQ_H_
#define _FRR_ERPOLICY_VTYQ_H_

#include "frrevent.h"

#include "erpolicy_frame.h" /* ERPOLICY_REPLY_MAX: a reply larger is treated as hostile */

/*
 * The limits of each reply: a daemon that sends nothing of a reply for
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
 * seconds. Only a large push waits this long.
 */
#define ERPOLICY_BATCH_REPLY_MS 120000
/*
 * After a timeout, an oversized or a malformed reply the daemon is not contacted
 * again for a while (doubling from the first to the longest pause, reset by the
 * next good reply), so that a hung or hostile daemon does not fail every pass
 * one wait after the other.
 */
#define ERPOLICY_BACKOFF_FIRST_MS 1000
#define ERPOLICY_BACKOFF_MAX_MS	  30000


struct erpolicy_vtyq;

/* Where the daemons' vty sockets are (pathspace aware). */
void erpolicy_vtyq_init(const char *vtydir);
/*
 * A command's outcome: rc the daemon's return code (CMD_*) with text its reply
 * (XMALLOC'd MTYPE_TMP, NUL terminated; the callback owns it), or rc -1 with
 * text NULL and err saying why.
 */
typedef void (*erpolicy_vtyq_cb)(void *arg, int rc, char *text, const char *err);

struct erpolicy_vtyq *erpolicy_vtyq_new(struct event_loop *loop, const char *daemon);
/* Closes the session; the callbacks of commands still queued are not called. */
void erpolicy_vtyq_free(struct erpolicy_vtyq **qp);
/*
 * Queue cmd. reply_ms: when not 0, both the idle and the whole-reply limit of
 * its reply (a configuration batch's commit); 0: the usual limits.
 */
void erpolicy_vtyq_cmd(struct erpolicy_vtyq *q, const char *cmd, unsigned int reply_ms,
		       erpolicy_vtyq_cb cb, void *arg);
/*
 * The same, sent without waiting for the replies to the pipelined commands
 * before it (a plain command still waits for every reply before it, and holds
 * back what follows until its own). The replies come back in order. For
 * configuration lines only, into a daemon that runs them itself: a daemon's
 * vty reads on past a command only when the command neither passes a file
 * descriptor, nor suspends the session, nor waits for mgmtd (FRR's
 * lib/vty.c, vtysh_read(): the bytes behind such a command are lost), and a
 * pipelined reply must hold no NUL in its text (erpolicy_frame_parse_first()).
 * The caller bounds how many are outstanding.
 */
void erpolicy_vtyq_cmd_pipelined(struct erpolicy_vtyq *q, const char *cmd, unsigned int reply_ms,
				 erpolicy_vtyq_cb cb, void *arg);
/*
 * End the session (the next command opens a new one); commands still queued
 * fail with "session closed".
 */
void erpolicy_vtyq_close(struct erpolicy_vtyq *q);
/* Whether the session failed since it was last closed (erpolicy_vtyq_close to retry). */
bool erpolicy_vtyq_failed(const struct erpolicy_vtyq *q);
/* Why the session last failed; "" when the daemon was simply not there. */
const char *erpolicy_vtyq_err(const struct erpolicy_vtyq *q);
const char *erpolicy_vtyq_daemon(const struct erpolicy_vtyq *q);

#endif /* _FRR_ERPOLICY_VTYQ_H_ */
