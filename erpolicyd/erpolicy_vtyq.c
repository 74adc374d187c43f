// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd: event-driven client of one FRR daemon's vty socket (erpolicy_vtyq.h). */
#include <zebra.h>

#include <sys/un.h>

#include "log.h"
#include "memory.h"
#include "command.h"
#include "typesafe.h"

#include "erpolicy_instance.h" /* MGROUP ERPOLICYD */

#include "erpolicy_frame.h"
#include "erpolicy_vtyq.h"

DEFINE_MTYPE_STATIC(ERPOLICYD, ERPOLICY_VTYQ, "erpolicyd vty client");
DEFINE_MTYPE_STATIC(ERPOLICYD, ERPOLICY_VTYQ_REQ, "erpolicyd vty command");

/* Commands are quoted in messages up to this length. */
#define VTYQ_CMD_QUOTE 80
/* The reply buffer starts this large and doubles up to ERPOLICY_REPLY_MAX. */
#define VTYQ_BUF_MIN 4096

PREDECL_LIST(vtyq_reqs);

struct vtyq_req {
	struct vtyq_reqs_item item;
	erpolicy_vtyq_cb cb;
	void *arg;
	unsigned int reply_ms;
	bool pipelined; /* may be sent before the replies to the pipelined ones before it */
	size_t len;	/* of cmd, its NUL included: what is sent */
	char cmd[];
};

DECLARE_LIST(vtyq_reqs, struct vtyq_req, item);

struct erpolicy_vtyq {
	struct event_loop *loop;
	char daemon[16];
	int fd;
	bool failed; /* since the last close: every command fails with err */
	char err[256];

	/*
	 * In order: the commands started (sent or being sent, their replies
	 * awaited; the head's reply is the one read), then those waiting.
	 */
	struct vtyq_reqs_head reqs;
	size_t nstarted;	  /* commands started, from the head */
	struct vtyq_req *last;	  /* the last started, NULL when none */
	struct vtyq_req *sending; /* the one being sent, NULL when none */
	size_t sent;		  /* bytes of it sent */
	int64_t start;		  /* when the head's reply began to be awaited (monotonic ms) */
	int64_t last_read;	  /* when its reply last grew */
	char *buf;		  /* what was read of the head's reply (pipelined: and more) */
	size_t off, cap;

	struct event *t_read, *t_write, *t_timer, *t_run, *t_more;
};

static char vtyq_dir[sizeof(((struct sockaddr_un *)0)->sun_path) - 16];

void erpolicy_vtyq_init(const char *vtydir)
{
	snprintf(vtyq_dir, sizeof(vtyq_dir), "%s", vtydir);
}

static void vtyq_run(struct event *t);
static void vtyq_readable(struct event *t);
static void vtyq_more(struct event *t);
static void vtyq_writable(struct event *t);
static void vtyq_timeout(struct event *t);

static int64_t vtyq_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Daemons given up on after a timeout or a hostile reply, and until when. A few
 * daemons only (bgpd, mgmtd, zebra): a small table.
 */
static struct vtyq_backoff {
	char daemon[16];
	int64_t until;
	unsigned int pause_ms;
	char why[256];
} vtyq_backoffs[8];

static struct vtyq_backoff *vtyq_backoff_get(const char *daemon, bool create)
{
	struct vtyq_backoff *free_slot = NULL;

	for (size_t i = 0; i < array_size(vtyq_backoffs); i++) {
		struct vtyq_backoff *b = &vtyq_backoffs[i];

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

static void vtyq_backoff_start(const char *daemon, const char *why)
{
	struct vtyq_backoff *b = vtyq_backoff_get(daemon, true);

	if (!b)
		return;
	b->pause_ms = b->pause_ms ? MIN(b->pause_ms * 2, ERPOLICY_BACKOFF_MAX_MS)
				  : ERPOLICY_BACKOFF_FIRST_MS;
	b->until = vtyq_now_ms() + b->pause_ms;
	snprintf(b->why, sizeof(b->why), "%s", why);
}

static void vtyq_backoff_reset(const char *daemon)
{
	struct vtyq_backoff *b = vtyq_backoff_get(daemon, false);

	if (b)
		memset(b, 0, sizeof(*b));
}

/* A new non-blocking connection to daemon's vty socket, or -1 with err ("" if not there). */
static int vtyq_connect_fd(const char *daemon, char *err, size_t errlen)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct vtyq_backoff *b = vtyq_backoff_get(daemon, false);
	int64_t now = vtyq_now_ms();
	int fd;

	err[0] = '\0';
	if (b && b->until > now) {
		snprintf(err, errlen, "%.200s (not tried again for %lld ms)", b->why,
			 (long long)(b->until - now));
		return -1;
	}
	if ((size_t)snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/%s.vty", vtyq_dir,
			     daemon) >= sizeof(addr.sun_path)) {
		snprintf(err, errlen, "the path of its vty socket is too long");
		return -1;
	}
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

const char *erpolicy_vtyq_daemon(const struct erpolicy_vtyq *q)
{
	return q->daemon;
}

const char *erpolicy_vtyq_err(const struct erpolicy_vtyq *q)
{
	return q->err;
}

bool erpolicy_vtyq_failed(const struct erpolicy_vtyq *q)
{
	return q->failed;
}

/* Run the queue from the event loop (callbacks never run inside a caller's call). */
static void vtyq_kick(struct erpolicy_vtyq *q)
{
	event_add_event(q->loop, vtyq_run, q, 0, &q->t_run);
}

static void vtyq_req_idle_ms(const struct vtyq_req *r, int *idle_ms, int *timeout_ms)
{
	*idle_ms = r->reply_ms ? (int)r->reply_ms : ERPOLICY_REPLY_IDLE_MS;
	*timeout_ms = r->reply_ms ? (int)r->reply_ms : ERPOLICY_REPLY_TIMEOUT_MS;
}

/* Drop the connection and the head's progress; the queue stays. */
static void vtyq_disconnect(struct erpolicy_vtyq *q)
{
	event_cancel(&q->t_read);
	event_cancel(&q->t_write);
	event_cancel(&q->t_timer);
	event_cancel(&q->t_more);
	if (q->fd >= 0)
		close(q->fd);
	q->fd = -1;
	q->nstarted = 0;
	q->last = q->sending = NULL;
	q->sent = 0;
	q->off = 0;
	XFREE(MTYPE_TMP, q->buf);
	q->cap = 0;
}

/* Fail every queued command with q->err. The callbacks may queue more (they fail too, later). */
static void vtyq_fail_all(struct erpolicy_vtyq *q)
{
	struct vtyq_reqs_head failing;
	struct vtyq_req *r;

	vtyq_reqs_init(&failing);
	while ((r = vtyq_reqs_pop(&q->reqs)))
		vtyq_reqs_add_tail(&failing, r);
	while ((r = vtyq_reqs_pop(&failing))) {
		if (r->cb)
			r->cb(r->arg, -1, NULL, q->err);
		XFREE(MTYPE_ERPOLICY_VTYQ_REQ, r);
	}
	vtyq_reqs_fini(&failing);
}

/* The session failed: record why, close it, fail what is queued; with backoff, pause the daemon. */
static void vtyq_fail(struct erpolicy_vtyq *q, bool backoff, const char *fmt, ...) PRINTFRR(3, 4);

static void vtyq_fail(struct erpolicy_vtyq *q, bool backoff, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(q->err, sizeof(q->err), fmt, ap);
	va_end(ap);
	if (backoff) {
		vtyq_backoff_start(q->daemon, q->err);
		zlog_warn("%s: %s: %s", __func__, q->daemon, q->err);
	}
	vtyq_disconnect(q);
	q->failed = true;
	vtyq_fail_all(q);
}

static void vtyq_enable_done(void *arg, int rc, char *text, const char *err)
{
	struct erpolicy_vtyq *q = arg;

	XFREE(MTYPE_TMP, text);
	if (rc >= 0 && rc != CMD_SUCCESS)
		vtyq_fail(q, false, "refused \"enable\"");
}

static struct vtyq_req *vtyq_req_new(const char *cmd, unsigned int reply_ms, bool pipelined,
				     erpolicy_vtyq_cb cb, void *arg)
{
	size_t len = strlen(cmd) + 1;
	struct vtyq_req *r = XMALLOC(MTYPE_ERPOLICY_VTYQ_REQ, sizeof(*r) + len);

	r->cb = cb;
	r->arg = arg;
	r->reply_ms = reply_ms;
	r->pipelined = pipelined;
	r->len = len;
	memcpy(r->cmd, cmd, len);
	return r;
}

/* Open the session, `enable` first in the queue. false (q failed) if the daemon is not there. */
static bool vtyq_connect(struct erpolicy_vtyq *q)
{
	q->fd = vtyq_connect_fd(q->daemon, q->err, sizeof(q->err));
	if (q->fd < 0) {
		q->failed = true;
		return false;
	}
	vtyq_reqs_add_head(&q->reqs, vtyq_req_new("enable", 0, false, vtyq_enable_done, q));
	return true;
}

void erpolicy_vtyq_cmd(struct erpolicy_vtyq *q, const char *cmd, unsigned int reply_ms,
		       erpolicy_vtyq_cb cb, void *arg)
{
	vtyq_reqs_add_tail(&q->reqs, vtyq_req_new(cmd, reply_ms, false, cb, arg));
	vtyq_kick(q);
}

void erpolicy_vtyq_cmd_pipelined(struct erpolicy_vtyq *q, const char *cmd, unsigned int reply_ms,
				 erpolicy_vtyq_cb cb, void *arg)
{
	vtyq_reqs_add_tail(&q->reqs, vtyq_req_new(cmd, reply_ms, true, cb, arg));
	vtyq_kick(q);
}

/* (Re)arm the head's deadline: the earlier of its idle and its whole-reply limit. */
static void vtyq_arm_timer(struct erpolicy_vtyq *q)
{
	const struct vtyq_req *r = vtyq_reqs_first(&q->reqs);
	int idle_ms, timeout_ms;
	int64_t now = vtyq_now_ms(), at;

	vtyq_req_idle_ms(r, &idle_ms, &timeout_ms);
	at = MIN(q->last_read + idle_ms, q->start + timeout_ms);
	event_cancel(&q->t_timer);
	event_add_timer_msec(q->loop, vtyq_timeout, q, at > now ? (unsigned long)(at - now) : 0,
			     &q->t_timer);
}

/*
 * The next command that may start now: any when nothing is started; a pipelined
 * one behind pipelined ones only. NULL when none.
 */
static struct vtyq_req *vtyq_next_to_start(struct erpolicy_vtyq *q)
{
	struct vtyq_req *r;

	if (!q->nstarted)
		return vtyq_reqs_first(&q->reqs);
	r = vtyq_reqs_next(&q->reqs, q->last);
	return r && r->pipelined && q->last->pipelined ? r : NULL;
}

/*
 * Send what is due: the rest of the command being sent, then every command
 * that may start. The replies are read from the socket's read event, the
 * head's first; its deadline runs from when its reply began to be awaited.
 */
static void vtyq_send(struct erpolicy_vtyq *q)
{
	for (;;) {
		struct vtyq_req *r = q->sending;

		if (!r) {
			r = vtyq_next_to_start(q);
			if (!r)
				return;
			q->sending = q->last = r;
			q->sent = 0;
			if (q->nstarted++ == 0) {
				q->start = q->last_read = vtyq_now_ms();
				vtyq_arm_timer(q);
				event_add_read(q->loop, vtyq_readable, q, q->fd, &q->t_read);
			}
		}
		while (q->sent < r->len) {
			ssize_t n = send(q->fd, r->cmd + q->sent, r->len - q->sent, MSG_NOSIGNAL);

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && errno == EAGAIN) {
				event_add_write(q->loop, vtyq_writable, q, q->fd, &q->t_write);
				return;
			}
			if (n <= 0) {
				vtyq_fail(q, false, "connection lost sending \"%.*s\": %s",
					  VTYQ_CMD_QUOTE, r->cmd, safe_strerror(errno));
				return;
			}
			q->sent += n;
		}
		q->sending = NULL;
	}
}

static void vtyq_run(struct event *t)
{
	struct erpolicy_vtyq *q = EVENT_ARG(t);

	if (!vtyq_reqs_count(&q->reqs) || q->sending)
		return;
	if (q->failed) {
		if (!q->err[0])
			snprintf(q->err, sizeof(q->err), "not connected");
		vtyq_fail_all(q);
		return;
	}
	if (q->fd < 0 && !vtyq_connect(q)) {
		vtyq_fail_all(q);
		return;
	}
	if (!q->buf) {
		q->cap = VTYQ_BUF_MIN;
		q->buf = XMALLOC(MTYPE_TMP, q->cap);
	}
	vtyq_send(q);
}

static void vtyq_writable(struct event *t)
{
	vtyq_send(EVENT_ARG(t));
}

static void vtyq_timeout(struct event *t)
{
	struct erpolicy_vtyq *q = EVENT_ARG(t);
	const struct vtyq_req *r = vtyq_reqs_first(&q->reqs);
	int64_t waited = vtyq_now_ms() - q->start;
	int idle_ms, timeout_ms;
	const int qn = VTYQ_CMD_QUOTE;

	vtyq_req_idle_ms(r, &idle_ms, &timeout_ms);
	if (q->sending == r)
		vtyq_fail(q, true, "does not take the command \"%.*s\" (%lld ms)", qn, r->cmd,
			  (long long)waited);
	else if (waited >= timeout_ms)
		vtyq_fail(q, true, "reply to \"%.*s\" not complete after %lld ms (%zu bytes)", qn,
			  r->cmd, (long long)waited, q->off);
	else if (!q->off)
		vtyq_fail(q, true, "no reply to \"%.*s\" within %d ms", qn, r->cmd, idle_ms);
	else
		vtyq_fail(q, true, "reply to \"%.*s\" stalled for %d ms after %zu bytes", qn,
			  r->cmd, idle_ms, q->off);
}

/*
 * The head's reply is complete, the first frame_len bytes of buf: hand it over
 * (the callback last: it may close or free q) and start what may start.
 */
static void vtyq_done(struct erpolicy_vtyq *q, const struct erpolicy_frame *f, size_t frame_len)
{
	struct vtyq_req *r = vtyq_reqs_pop(&q->reqs);
	char *text = XMALLOC(MTYPE_TMP, f->text_len + 1);

	/* the text ends at its first NUL for the callers, at the trailer at the latest */
	memcpy(text, q->buf, f->text_len);
	text[f->text_len] = '\0';
	q->off -= frame_len;
	memmove(q->buf, q->buf + frame_len, q->off);
	event_cancel(&q->t_timer);
	if (--q->nstarted) {
		/* the next reply is awaited from now */
		q->start = q->last_read = vtyq_now_ms();
		vtyq_arm_timer(q);
	} else {
		q->last = NULL;
		if (q->cap > VTYQ_BUF_MIN && !q->off) {
			/* A large reply's buffer is not kept between commands. */
			XFREE(MTYPE_TMP, q->buf);
			q->cap = 0;
		}
	}
	/* What was read beyond this reply is looked at first (vtyq_parse) */
	if (q->off)
		event_add_event(q->loop, vtyq_more, q, 0, &q->t_more);
	else if (q->nstarted)
		event_add_read(q->loop, vtyq_readable, q, q->fd, &q->t_read);
	vtyq_backoff_reset(q->daemon);
	/* An event per reply only when a command waits for it (commands added later kick) */
	if (!q->sending && vtyq_next_to_start(q))
		vtyq_kick(q);
	if (r->cb)
		r->cb(r->arg, f->rc, text, "");
	else
		XFREE(MTYPE_TMP, text);
	XFREE(MTYPE_ERPOLICY_VTYQ_REQ, r);
}

/* Hand over the head's reply if what was read holds it all; else read on. */
static void vtyq_parse(struct erpolicy_vtyq *q)
{
	const struct vtyq_req *r = vtyq_reqs_first(&q->reqs);
	const int qn = VTYQ_CMD_QUOTE;
	struct erpolicy_frame f;
	enum erpolicy_frame_status st;
	size_t frame_len = q->off;

	if (!q->nstarted) {
		/* more than the replies to what was sent */
		vtyq_fail(q, true, "sent %zu bytes after its last reply", q->off);
		return;
	}
	if (r->pipelined)
		st = erpolicy_frame_parse_first(q->buf, q->off, ERPOLICY_REPLY_MAX, &f, &frame_len);
	else
		st = erpolicy_frame_parse(q->buf, q->off, ERPOLICY_REPLY_MAX, &f);
	if (st == ERPOLICY_FRAME_NEED_MORE) {
		vtyq_arm_timer(q);
		event_add_read(q->loop, vtyq_readable, q, q->fd, &q->t_read);
		return;
	}
	if (st == ERPOLICY_FRAME_MALFORMED) {
		if (r->pipelined && q->off < ERPOLICY_REPLY_MAX)
			vtyq_fail(q, true, "reply to \"%.*s\" holds a NUL in its text", qn, r->cmd);
		else
			vtyq_fail(q, true, "reply to \"%.*s\" exceeds %u bytes", qn, r->cmd,
				  ERPOLICY_REPLY_MAX);
		return;
	}
	/* lib/command.h: CMD_SUCCESS (0) .. CMD_ERR_NO_DAEMON (16) */
	if (f.rc > CMD_ERR_NO_DAEMON) {
		vtyq_fail(q, true, "unknown return code %d to \"%.*s\"", f.rc, qn, r->cmd);
		return;
	}
	vtyq_done(q, &f, frame_len);
}

static void vtyq_more(struct event *t)
{
	vtyq_parse(EVENT_ARG(t));
}

static void vtyq_readable(struct event *t)
{
	struct erpolicy_vtyq *q = EVENT_ARG(t);
	const struct vtyq_req *r = vtyq_reqs_first(&q->reqs);
	const int qn = VTYQ_CMD_QUOTE;
	ssize_t n;

	/* cap doubles from VTYQ_BUF_MIN up to ERPOLICY_REPLY_MAX exactly (a power of 2) */
	if (q->cap - q->off < VTYQ_BUF_MIN && q->cap < ERPOLICY_REPLY_MAX) {
		q->cap *= 2;
		q->buf = XREALLOC(MTYPE_TMP, q->buf, q->cap);
	}
	n = read(q->fd, q->buf + q->off, q->cap - q->off);
	if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
		event_add_read(q->loop, vtyq_readable, q, q->fd, &q->t_read);
		return;
	}
	if (n < 0) {
		vtyq_fail(q, false, "connection lost reading the reply to \"%.*s\": %s", qn,
			  r->cmd, safe_strerror(errno));
		return;
	}
	if (n == 0) {
		if (!q->off)
			vtyq_fail(q, false, "connection closed without a reply to \"%.*s\"", qn,
				  r->cmd);
		else
			vtyq_fail(q, false,
				  "connection closed in the middle of the reply to \"%.*s\" (%zu bytes, no trailer)",
				  qn, r->cmd, q->off);
		return;
	}
	q->off += n;
	q->last_read = vtyq_now_ms();
	vtyq_parse(q);
}

struct erpolicy_vtyq *erpolicy_vtyq_new(struct event_loop *loop, const char *daemon)
{
	struct erpolicy_vtyq *q = XCALLOC(MTYPE_ERPOLICY_VTYQ, sizeof(*q));

	q->loop = loop;
	snprintf(q->daemon, sizeof(q->daemon), "%s", daemon);
	q->fd = -1;
	vtyq_reqs_init(&q->reqs);
	return q;
}

void erpolicy_vtyq_close(struct erpolicy_vtyq *q)
{
	vtyq_disconnect(q);
	if (vtyq_reqs_count(&q->reqs)) {
		snprintf(q->err, sizeof(q->err), "session closed");
		vtyq_fail_all(q);
	}
	q->failed = false;
	q->err[0] = '\0';
}

void erpolicy_vtyq_free(struct erpolicy_vtyq **qp)
{
	struct erpolicy_vtyq *q = *qp;
	struct vtyq_req *r;

	if (!q)
		return;
	vtyq_disconnect(q);
	event_cancel(&q->t_run);
	while ((r = vtyq_reqs_pop(&q->reqs)))
		XFREE(MTYPE_ERPOLICY_VTYQ_REQ, r);
	vtyq_reqs_fini(&q->reqs);
	XFREE(MTYPE_ERPOLICY_VTYQ, q);
	*qp = NULL;
}
