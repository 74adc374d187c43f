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

void erpolicy_vtyconn_init(const char *vtydir)
{
	snprintf(vtyconn_dir, sizeof(vtyconn_dir), "%s", vtydir);
}

/* One connection to a daemon's vty socket. */

int erpolicy_vtyconn_open(struct erpolicy_vtyconn *c, const char *daemon)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };

	c->daemon = daemon;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/%s.vty", vtyconn_dir, daemon);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -1;
	if (connect(c->fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		close(c->fd);
		c->fd = -1;
		return -1;
	}
	return 0;
}

void erpolicy_vtyconn_close(struct erpolicy_vtyconn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

/*
 * Send one command and read its whole reply. Returns the daemon's return code
 * (CMD_*) with *out the reply text (malloc'd, NUL terminated), or -1 on an I/O
 * error, a timeout or a malformed reply (the connection is then closed).
 */
int erpolicy_vtyconn_cmd(struct erpolicy_vtyconn *c, const char *cmd, char **out)
{
	size_t len = strlen(cmd) + 1, off = 0, cap = 4096;
	char *buf;

	if (out)
		*out = NULL;
	if (c->fd < 0)
		return -1;
	while (off < len) {
		ssize_t n = write(c->fd, cmd + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		off += n;
	}

	buf = XMALLOC(MTYPE_TMP, cap);
	off = 0;
	for (;;) {
		struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
		struct erpolicy_frame f;
		enum erpolicy_frame_status st;
		ssize_t n;
		int ret = poll(&pfd, 1, ERPOLICY_REPLY_TIMEOUT_MS);

		if (ret < 0 && errno == EINTR)
			continue;
		if (ret <= 0) {
			zlog_warn("%s: no reply from %s to \"%s\" within %d ms", __func__,
				  c->daemon, cmd, ERPOLICY_REPLY_TIMEOUT_MS);
			break;
		}
		/* cap doubles from 4096 up to ERPOLICY_REPLY_MAX exactly (a power of 2) */
		if (cap - off < 4096 && cap < ERPOLICY_REPLY_MAX) {
			cap *= 2;
			buf = XREALLOC(MTYPE_TMP, buf, cap);
		}
		n = read(c->fd, buf + off, cap - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += n;
		st = erpolicy_frame_parse(buf, off, ERPOLICY_REPLY_MAX, &f);
		if (st == ERPOLICY_FRAME_NEED_MORE)
			continue;
		if (st == ERPOLICY_FRAME_MALFORMED) {
			zlog_warn("%s: reply from %s to \"%s\" exceeds %u bytes", __func__,
				  c->daemon, cmd, ERPOLICY_REPLY_MAX);
			break;
		}
		/* the text ends at its first NUL for the callers, at the trailer at the latest */
		buf[f.text_len] = '\0';
		if (out)
			*out = buf;
		else
			XFREE(MTYPE_TMP, buf);
		return f.rc;
	}
	XFREE(MTYPE_TMP, buf);
fail:
	erpolicy_vtyconn_close(c);
	return -1;
}

/* Open, enable, and read the running configuration. NULL if unreachable. */
char *erpolicy_vtyconn_running(struct erpolicy_vtyconn *c, const char *daemon)
{
	char *text = NULL;

	if (erpolicy_vtyconn_open(c, daemon) < 0)
		return NULL;
	if (erpolicy_vtyconn_cmd(c, "enable", NULL) != CMD_SUCCESS ||
	    erpolicy_vtyconn_cmd(c, "show running-config", &text) != CMD_SUCCESS) {
		XFREE(MTYPE_TMP, text);
		erpolicy_vtyconn_close(c);
		return NULL;
	}
	return text;
}


int erpolicy_vtyconn_enable(struct erpolicy_vtyconn *c, const char *daemon)
{
	if (erpolicy_vtyconn_open(c, daemon) < 0)
		return -1;
	if (erpolicy_vtyconn_cmd(c, "enable", NULL) != CMD_SUCCESS) {
		erpolicy_vtyconn_close(c);
		return -1;
	}
	return 0;
}
