// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: framing of the replies on the FRR daemons' vty sockets. A reply is
 * its text followed by the trailer 00 00 00 <rc>, the way vtysh reads it: the
 * reply is complete when the bytes received so far end with the trailer. Pure:
 * no I/O, no event loop.
 */
#ifndef _FRR_ERPOLICY_FRAME_H_
#define _FRR_ERPOLICY_FRAME_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A reply larger than this (text and trailer) is treated as hostile. */
#define ERPOLICY_REPLY_MAX	   (256u << 20)
#define ERPOLICY_FRAME_TRAILER_LEN 4

enum erpolicy_frame_status {
	ERPOLICY_FRAME_NEED_MORE = 0, /* no trailer yet: read on */
	ERPOLICY_FRAME_COMPLETE,      /* text and trailer: done */
	ERPOLICY_FRAME_MALFORMED,     /* larger than allowed: give up */
};

struct erpolicy_frame {
	size_t text_len; /* bytes before the trailer (the text may hold NULs) */
	int rc;		 /* the daemon's return code (CMD_*), 0-255 */
};

/*
 * Look at everything received so far for one reply, buf[0..len). max is the
 * largest reply accepted, trailer included (ERPOLICY_REPLY_MAX on the wire).
 * COMPLETE when buf ends with 00 00 00 <rc> and len <= max (*f is set);
 * MALFORMED when len > max, or len == max without a trailer (any further byte
 * would exceed max); NEED_MORE otherwise. *f is zeroed unless COMPLETE.
 */
enum erpolicy_frame_status erpolicy_frame_parse(const void *buf, size_t len, size_t max,
						struct erpolicy_frame *f);
/*
 * The first of several replies in buf[0..len), for commands sent one behind the
 * other without waiting (erpolicy_vtyq.h: pipelined): their replies hold no NUL
 * in their text, so the first NUL starts the first reply's trailer. COMPLETE
 * with *f and *frame_len (text and trailer: where the next reply starts);
 * MALFORMED when that NUL does not start 00 00 00, or when the first reply
 * would exceed max; NEED_MORE otherwise.
 */
enum erpolicy_frame_status erpolicy_frame_parse_first(const void *buf, size_t len, size_t max,
						      struct erpolicy_frame *f, size_t *frame_len);
const char *erpolicy_frame_status_name(enum erpolicy_frame_status st);

#ifdef __cplusplus
}
#endif

#endif /* _FRR_ERPOLICY_FRAME_H_ */
