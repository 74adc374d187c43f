// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the vty reply framing (erpolicy_frame_parse) as erpolicyd's vty
 * client (erpolicy_vtyq.c) uses it, on bytes arriving in pieces. The first input bytes choose the size limit and
 * how the rest is cut into reads; the status after every read must agree with the
 * definition (complete iff the bytes so far end with 00 00 00 <rc> within the limit),
 * and reading stops at the first complete or malformed status, as the client does.
 */

#include <zebra.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erpolicy_frame.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
	return 0;
}
