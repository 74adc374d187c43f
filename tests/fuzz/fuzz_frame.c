// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the vty reply framing (erpolicy_frame_parse) as erpolicyd's vty
 * client (erpolicy_vtyq.c) uses it, on bytes arriving in pieces. The first input bytes choose the size limit and
 * how the rest is cut into reads; the status after every read must agree with the
 * definition (complete iff the bytes so far end with 00 00 00 <rc> within the limit),
 * and reading stops at the first complete or malformed status, as the client does.
 *
 * Then the same bytes as pipelined replies (erpolicy_frame_parse_first): read in
 * those pieces, each complete reply consumed as it comes, they must give the same
 * replies, and end in the same status, as when read at once; each reply is text
 * without NUL, 00 00 00 and its rc, within the limit.
 */

#include <zebra.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erpolicy_frame.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FIRST_MAX_REPLIES 64

struct first_run {
	size_t n;
	size_t text_len[FIRST_MAX_REPLIES];
	int rc[FIRST_MAX_REPLIES];
	enum erpolicy_frame_status end;
};

/*
 * Consume the complete replies of buf[0..*off) (moved to the front, as the client
 * does), checking each; the status that stopped it goes to r->end.
 */
static void first_consume(uint8_t *buf, size_t *off, size_t max, struct first_run *r)
{
	for (;;) {
		struct erpolicy_frame f;
		size_t flen;
		enum erpolicy_frame_status st = erpolicy_frame_parse_first(buf, *off, max, &f,
									   &flen);

		r->end = st;
		if (st != ERPOLICY_FRAME_COMPLETE) {
			ERPOLICY_FUZZ_ASSERT(f.text_len == 0 && f.rc == 0 && flen == 0,
					     "frame not zeroed");
			return;
		}
		ERPOLICY_FUZZ_ASSERT(flen == f.text_len + ERPOLICY_FRAME_TRAILER_LEN &&
					     flen <= *off && flen <= max,
				     "frame %zu, text %zu of %zu bytes (max %zu)", flen,
				     f.text_len, *off, max);
		ERPOLICY_FUZZ_ASSERT(!memchr(buf, 0, f.text_len) && !buf[f.text_len] &&
					     !buf[f.text_len + 1] && !buf[f.text_len + 2] &&
					     f.rc == buf[f.text_len + 3],
				     "reply of %zu bytes is not text, 00 00 00, rc", flen);
		if (r->n == FIRST_MAX_REPLIES) {
			r->end = ERPOLICY_FRAME_NEED_MORE;
			return;
		}
		r->text_len[r->n] = f.text_len;
		r->rc[r->n++] = f.rc;
		memmove(buf, buf + flen, *off - flen);
		*off -= flen;
	}
}

static void first_check(const uint8_t *data, size_t size, size_t max, const uint8_t *chunks,
			size_t nchunks, size_t pos)
{
	struct first_run whole = { 0 }, pieces = { 0 };
	size_t len = size - pos, off;
	uint8_t *buf = malloc(len ? len : 1);

	if (!buf)
		abort();
	memcpy(buf, data + pos, len);
	off = len;
	first_consume(buf, &off, max, &whole);
	off = 0;
	for (size_t c = 0;; c++) {
		size_t n = c < nchunks ? chunks[c] : size - pos;

		if (n > size - pos)
			n = size - pos;
		memcpy(buf + off, data + pos, n);
		off += n;
		pos += n;
		first_consume(buf, &off, max, &pieces);
		if (pieces.end == ERPOLICY_FRAME_MALFORMED || pieces.n == FIRST_MAX_REPLIES ||
		    pos == size)
			break;
	}
	if (whole.n < FIRST_MAX_REPLIES && pieces.n < FIRST_MAX_REPLIES) {
		ERPOLICY_FUZZ_ASSERT(whole.n == pieces.n && whole.end == pieces.end,
				     "at once %zu replies then %s, in pieces %zu then %s", whole.n,
				     erpolicy_frame_status_name(whole.end), pieces.n,
				     erpolicy_frame_status_name(pieces.end));
		for (size_t i = 0; i < whole.n; i++)
			ERPOLICY_FUZZ_ASSERT(whole.text_len[i] == pieces.text_len[i] &&
						     whole.rc[i] == pieces.rc[i],
					     "reply %zu differs", i);
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t max, off = 0, pos, nchunks;
	const uint8_t *chunks;
	uint8_t *buf;

	if (size < 3)
		return 0;
	/* a small limit (so that inputs reach it), or the real one */
	max = data[0] == 0xff ? ERPOLICY_REPLY_MAX : (size_t)data[0] * 8;
	nchunks = data[1] % 16;
	chunks = data + 2;
	pos = 2 + nchunks;
	if (pos > size)
		return 0;
	/* an exact-size copy: ASan sees any read past what was received */
	buf = malloc(size - pos ? size - pos : 1);
	if (!buf)
		abort();
	for (size_t c = 0;; c++) {
		struct erpolicy_frame f;
		enum erpolicy_frame_status st;
		size_t n = c < nchunks ? chunks[c] : size - pos;
		bool trailer;

		if (n > size - pos)
			n = size - pos;
		memcpy(buf + off, data + pos, n);
		off += n;
		pos += n;
		st = erpolicy_frame_parse(buf, off, max, &f);
		trailer = off >= 4 && !buf[off - 4] && !buf[off - 3] && !buf[off - 2];
		if (off > max || (off == max && !trailer)) {
			ERPOLICY_FUZZ_ASSERT(st == ERPOLICY_FRAME_MALFORMED, "%zu of max %zu: %s",
					     off, max, erpolicy_frame_status_name(st));
		} else if (trailer) {
			ERPOLICY_FUZZ_ASSERT(st == ERPOLICY_FRAME_COMPLETE, "%zu: %s", off,
					     erpolicy_frame_status_name(st));
			ERPOLICY_FUZZ_ASSERT(f.text_len + ERPOLICY_FRAME_TRAILER_LEN == off &&
						     f.rc == buf[off - 1] && f.rc >= 0 &&
						     f.rc <= 255,
					     "text_len %zu rc %d of %zu bytes", f.text_len, f.rc,
					     off);
		} else {
			ERPOLICY_FUZZ_ASSERT(st == ERPOLICY_FRAME_NEED_MORE, "%zu: %s", off,
					     erpolicy_frame_status_name(st));
		}
		if (st != ERPOLICY_FRAME_COMPLETE)
			ERPOLICY_FUZZ_ASSERT(f.text_len == 0 && f.rc == 0, "frame not zeroed");
		if (st != ERPOLICY_FRAME_NEED_MORE || pos == size)
			break;
	}
	free(buf);
	first_check(data, size, max, chunks, nchunks, 2 + nchunks);
	return 0;
}
