// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd: framing of the vty socket replies, text then 00 00 00 <rc> (pure). */

#include <zebra.h>

#include <string.h>

#include "erpolicy_frame.h"

enum erpolicy_frame_status erpolicy_frame_parse(const void *buf, size_t len, size_t max,
						struct erpolicy_frame *f)
{
	const unsigned char *b = buf;
	const unsigned char *t;

	memset(f, 0, sizeof(*f));
	if (len > max)
		return ERPOLICY_FRAME_MALFORMED;
	if (len >= ERPOLICY_FRAME_TRAILER_LEN) {
		t = b + len - ERPOLICY_FRAME_TRAILER_LEN;
		if (t[0] == 0 && t[1] == 0 && t[2] == 0) {
			f->text_len = len - ERPOLICY_FRAME_TRAILER_LEN;
			f->rc = t[3];
			return ERPOLICY_FRAME_COMPLETE;
		}
	}
	return len == max ? ERPOLICY_FRAME_MALFORMED : ERPOLICY_FRAME_NEED_MORE;
}

enum erpolicy_frame_status erpolicy_frame_parse_first(const void *buf, size_t len, size_t max,
						      struct erpolicy_frame *f, size_t *frame_len)
{
	const unsigned char *b = buf;
	const unsigned char *nul = memchr(b, 0, MIN(len, max));
	size_t i;

	memset(f, 0, sizeof(*f));
	*frame_len = 0;
	if (!nul)
		return len >= max ? ERPOLICY_FRAME_MALFORMED : ERPOLICY_FRAME_NEED_MORE;
	i = nul - b;
	if (i + ERPOLICY_FRAME_TRAILER_LEN > max)
		return ERPOLICY_FRAME_MALFORMED;
	if ((i + 1 < len && b[i + 1]) || (i + 2 < len && b[i + 2]))
		return ERPOLICY_FRAME_MALFORMED;
	if (i + ERPOLICY_FRAME_TRAILER_LEN > len)
		return ERPOLICY_FRAME_NEED_MORE;
	f->text_len = i;
	f->rc = b[i + 3];
	*frame_len = i + ERPOLICY_FRAME_TRAILER_LEN;
	return ERPOLICY_FRAME_COMPLETE;
}

const char *erpolicy_frame_status_name(enum erpolicy_frame_status st)
{
	switch (st) {
	case ERPOLICY_FRAME_NEED_MORE:
		return "need-more";
	case ERPOLICY_FRAME_COMPLETE:
		return "complete";
	case ERPOLICY_FRAME_MALFORMED:
		return "malformed";
	}
	return "unknown";
}
