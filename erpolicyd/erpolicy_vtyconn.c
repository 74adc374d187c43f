// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd: client of the FRR daemons' vty unix sockets (the protocol vtysh speaks). */
#include <zebra.h>

#include <poll.h>
#include <sys/un.h>

#include "log.h"
#include "memory.h"
#include "command.h"

#include "erpolicy_frame.h"
#include "erpolicy_vtyconn.h"

static char vtyconn_dir[sizeof(((struct sockaddr_un *)0)->sun_path) - 16];

/* Commands are quoted in messages up to this length. */
#define VTYCONN_CMD_QUOTE 80

void erpolicy_vtyconn_init(const char *vtydir)
{
	snprintf(vtyconn_dir, sizeof(vtyconn_dir), "%s", vtydir);
}

static int64_t vtyconn_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Daemons given up on after a timeout or a hostile reply, and until when. A few
 * daemons only (bgpd, mgmtd, zebra): a small table.
 */
static struct vtyconn_backoff {
	char daemon[16];
	int64_t until;
	unsigned int pause_ms;
	char why[256];
} vtyconn_backoffs[8];

static struct vtyconn_backoff *vtyconn_backoff_get(const char *daemon, bool create)
{
	struct vtyconn_backoff *free_slot = NULL;

	for (size_t i = 0; i < array_size(vtyconn_backoffs); i++) {
		struct vtyconn_backoff *b = &vtyconn_backoffs[i];

		if (strcmp(b->daemon, daemon) == 0)
			return b;
		if (!b->daemon[0] && !free_slot)
			free_slot = b;
	}
	if (create && free_slot) {
		snprintf(free_slot->daemon, sizeof(free_slot->daemon), "%s", daemon);
		return free_slot;
	}
	return NULL;
}

void erpolicy_vtyconn_backoff_start(const char *daemon, const char *why)
{
	struct vtyconn_backoff *b = vtyconn_backoff_get(daemon, true);

	if (!b)
		return;
	b->pause_ms = b->pause_ms ? MIN(b->pause_ms * 2, ERPOLICY_BACKOFF_MAX_MS)
				  : ERPOLICY_BACKOFF_FIRST_MS;
	b->until = vtyconn_now_ms() + b->pause_ms;
	snprintf(b->why, sizeof(b->why), "%s", why);
}

void erpolicy_vtyconn_backoff_reset(const char *daemon)
{
	struct vtyconn_backoff *b = vtyconn_backoff_get(daemon, false);

	if (b)
		memset(b, 0, sizeof(*b));
}

/* Record why c failed, close it; with backoff, also pause talking to its daemon. */
static int vtyconn_fail(struct erpolicy_vtyconn *c, bool backoff, const char *fmt, ...)
	PRINTFRR(3, 4);

static int vtyconn_fail(struct erpolicy_vtyconn *c, bool backoff, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
	if (backoff) {
		erpolicy_vtyconn_backoff_start(c->daemon, c->err);
		zlog_warn("%s: %s: %s", __func__, c->daemon, c->err);
	}
	erpolicy_vtyconn_close(c);
	return -1;
}

/* One connection to a daemon's vty socket. */

int erpolicy_vtyconn_connect(const char *daemon, char *err, size_t errlen)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct vtyconn_backoff *b = vtyconn_backoff_get(daemon, false);
	int64_t now = vtyconn_now_ms();
	int fd;

	err[0] = '\0';
	if (b && b->until > now) {
		snprintf(err, errlen, "%.200s (not tried again for %lld ms)", b->why,
			 (long long)(b->until - now));
		return -1;
	}
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/%s.vty", vtyconn_dir, daemon);
	/*
	 * Non-blocking: a socket whose listener accepts nothing (its backlog full)
	 * fails at once with EAGAIN instead of blocking erpolicyd for good.
	 */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		/* Not there (no socket, nobody listening) is the usual case: no detail. */
		if (errno == EAGAIN)
			snprintf(err, errlen,
				 "its vty socket accepts no connection (backlog full)");
		else if (errno != ENOENT && errno != ECONNREFUSED)
			snprintf(err, errlen, "cannot connect to %s: %s", addr.sun_path,
				 safe_strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int erpolicy_vtyconn_open(struct erpolicy_vtyconn *c, const char *daemon)
{
	c->daemon = daemon;
	c->fd = erpolicy_vtyconn_connect(daemon, c->err, sizeof(c->err));
	return c->fd < 0 ? -1 : 0;
}

void erpolicy_vtyconn_close(struct erpolicy_vtyconn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

/*
 * Wait for events on fd, at most idle_ms and not past deadline.
 * 1 ready (or hung up: the next read or write tells), 0 timed out, -1 error.
 */
static int vtyconn_wait(int fd, short events, int64_t deadline, int idle_ms)
{
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = events };
		int64_t ms = deadline - vtyconn_now_ms();
		int ret;

		if (ms <= 0)
			return 0;
		ret = poll(&pfd, 1, (int)MIN(ms, idle_ms));
		if (ret < 0 && errno == EINTR)
			continue;
		return ret < 0 ? -1 : ret > 0;
	}
}

/*
 * Send one command and read its whole reply. Returns the daemon's return code
 * (CMD_*) with *out the reply text (malloc'd, NUL terminated), or -1 on an I/O
 * error, a timeout or a malformed reply (the connection is then closed, c->err
 * says why).
 */
int erpolicy_vtyconn_cmd(struct erpolicy_vtyconn *c, const char *cmd, char **out)
{
	size_t len = strlen(cmd) + 1, off = 0, cap = 4096;
	int idle_ms = c->reply_ms ? c->reply_ms : ERPOLICY_REPLY_IDLE_MS;
	int timeout_ms = c->reply_ms ? c->reply_ms : ERPOLICY_REPLY_TIMEOUT_MS;
	int64_t start = vtyconn_now_ms(), deadline = start + timeout_ms;
	const int q = VTYCONN_CMD_QUOTE;
	char *buf;

	if (out)
		*out = NULL;
	if (c->fd < 0) {
		if (!c->err[0])
			snprintf(c->err, sizeof(c->err), "not connected");
		return -1;
	}
	while (off < len) {
		ssize_t n;
		int ret = vtyconn_wait(c->fd, POLLOUT, deadline, idle_ms);

		if (ret == 0)
			return vtyconn_fail(c, true, "does not take the command \"%.*s\" (%lld ms)",
					    q, cmd, (long long)(vtyconn_now_ms() - start));
		n = ret < 0 ? -1 : send(c->fd, cmd + off, len - off, MSG_NOSIGNAL);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return vtyconn_fail(c, false, "connection lost sending \"%.*s\": %s", q,
					    cmd, safe_strerror(errno));
		off += n;
	}

	buf = XMALLOC(MTYPE_TMP, cap);
	off = 0;
	for (;;) {
		struct erpolicy_frame f;
		enum erpolicy_frame_status st;
		ssize_t n;
		int ret = vtyconn_wait(c->fd, POLLIN, deadline, idle_ms);

		if (ret == 0) {
			int64_t waited = vtyconn_now_ms() - start;

			XFREE(MTYPE_TMP, buf);
			if (waited >= timeout_ms)
				return vtyconn_fail(c, true,
						    "reply to \"%.*s\" not complete after %lld ms (%zu bytes)",
						    q, cmd, (long long)waited, off);
			if (!off)
				return vtyconn_fail(c, true, "no reply to \"%.*s\" within %d ms",
						    q, cmd, idle_ms);
			return vtyconn_fail(c, true,
					    "reply to \"%.*s\" stalled for %d ms after %zu bytes",
					    q, cmd, idle_ms, off);
		}
		/* cap doubles from 4096 up to ERPOLICY_REPLY_MAX exactly (a power of 2) */
		if (cap - off < 4096 && cap < ERPOLICY_REPLY_MAX) {
			cap *= 2;
			buf = XREALLOC(MTYPE_TMP, buf, cap);
		}
		n = ret < 0 ? -1 : read(c->fd, buf + off, cap - off);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			int err = n < 0 ? errno : 0;

			XFREE(MTYPE_TMP, buf);
			if (err)
				return vtyconn_fail(c, false,
						    "connection lost reading the reply to \"%.*s\": %s",
						    q, cmd, safe_strerror(err));
			if (!off)
				return vtyconn_fail(c, false,
						    "connection closed without a reply to \"%.*s\"",
						    q, cmd);
			return vtyconn_fail(c, false,
					    "connection closed in the middle of the reply to \"%.*s\" (%zu bytes, no trailer)",
					    q, cmd, off);
		}
		off += n;
		st = erpolicy_frame_parse(buf, off, ERPOLICY_REPLY_MAX, &f);
		if (st == ERPOLICY_FRAME_NEED_MORE)
			continue;
		if (st == ERPOLICY_FRAME_MALFORMED) {
			XFREE(MTYPE_TMP, buf);
			return vtyconn_fail(c, true, "reply to \"%.*s\" exceeds %u bytes", q, cmd,
					    ERPOLICY_REPLY_MAX);
		}
		/* lib/command.h: CMD_SUCCESS (0) .. CMD_ERR_NO_DAEMON (16) */
		if (f.rc > CMD_ERR_NO_DAEMON) {
			XFREE(MTYPE_TMP, buf);
			return vtyconn_fail(c, true, "unknown return code %d to \"%.*s\"", f.rc, q,
					    cmd);
		}
		/* the text ends at its first NUL for the callers, at the trailer at the latest */
		buf[f.text_len] = '\0';
		if (out)
			*out = buf;
		else
			XFREE(MTYPE_TMP, buf);
		erpolicy_vtyconn_backoff_reset(c->daemon);
		return f.rc;
	}
}

int erpolicy_vtyconn_enable(struct erpolicy_vtyconn *c, const char *daemon)
{
	if (erpolicy_vtyconn_open(c, daemon) < 0)
		return -1;
	if (erpolicy_vtyconn_cmd(c, "enable", NULL) != CMD_SUCCESS) {
		if (c->fd >= 0 && !c->err[0])
			snprintf(c->err, sizeof(c->err), "refused \"enable\"");
		erpolicy_vtyconn_close(c);
		return -1;
	}
	return 0;
}
