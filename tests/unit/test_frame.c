// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the vty reply framing (table-driven): bytes received so far -> status, rc, text. */

#include <zebra.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "erpolicy_frame.h"
#include "test_check.h"


/* text plus the three NULs of the trailer; the rc byte follows */
#define T(s) s "\0\0\0"

struct frame_case {
	const char *name;
	const char *bytes; /* may hold NULs: len says how many */
	size_t len;
	size_t max; /* 0: ERPOLICY_REPLY_MAX */
	enum erpolicy_frame_status st;
	size_t text_len;
	int rc;
};

#define B(s) s, sizeof(s) - 1

static const struct frame_case cases[] = {
	/* nothing yet, or a trailer cut short */
	{ "empty", B(""), 0, ERPOLICY_FRAME_NEED_MORE, 0, 0 },
	{ "one NUL", B("\0"), 0, ERPOLICY_FRAME_NEED_MORE, 0, 0 },
	{ "two NULs", B("\0\0"), 0, ERPOLICY_FRAME_NEED_MORE, 0, 0 },
	{ "three NULs: rc byte missing", B("\0\0\0"), 0, ERPOLICY_FRAME_NEED_MORE, 0, 0 },
	{ "text, trailer without rc", B("hello\0\0\0"), 0, ERPOLICY_FRAME_NEED_MORE, 0, 0 },
	{ "text, two trailer bytes", B("hello\0\0"), 0, ERPOLICY_FRAME_NEED_MORE, 0, 0 },
	{ "text only", B("hello\n"), 0, ERPOLICY_FRAME_NEED_MORE, 0, 0 },
	/* complete replies and their return codes */
	{ "bare trailer, rc 0", B("\0\0\0\0"), 0, ERPOLICY_FRAME_COMPLETE, 0, 0 },
	{ "text, rc 0 (CMD_SUCCESS)", B(T("hello\n") "\x00"), 0, ERPOLICY_FRAME_COMPLETE, 6, 0 },
	{ "text, rc 1 (CMD_WARNING)", B(T("% Unknown command\n") "\x01"), 0,
	  ERPOLICY_FRAME_COMPLETE, 18, 1 },
	{ "rc 13 (CMD_WARNING_CONFIG_FAILED)", B(T("x") "\x0d"), 0, ERPOLICY_FRAME_COMPLETE, 1,
	  13 },
	{ "rc 255", B(T("x") "\xff"), 0, ERPOLICY_FRAME_COMPLETE, 1, 255 },
	{ "rc 128 is not negative", B(T("") "\x80"), 0, ERPOLICY_FRAME_COMPLETE, 0, 128 },
	/* NULs inside the text: only the last four bytes count */
	{ "NUL inside text, complete", B("ab\0cd" T("") "\x00"), 0, ERPOLICY_FRAME_COMPLETE, 5, 0 },
	{ "NUL inside text, no trailer", B("ab\0cd"), 0, ERPOLICY_FRAME_NEED_MORE, 0, 0 },
	{ "three NULs inside text, not at the end", B("a\0\0\0bc"), 0, ERPOLICY_FRAME_NEED_MORE, 0,
	  0 },
	{ "trailer-like bytes inside, real trailer at the end", B("a\0\0\0\x01" T("b") "\x02"), 0,
	  ERPOLICY_FRAME_COMPLETE, 6, 2 },
	/* the protocol cannot tell: a text ending in three NULs reads as a trailer */
	{ "text NUL NUL NUL x reads as rc 'x'", B("\0\0\0\0x"), 0, ERPOLICY_FRAME_COMPLETE, 1,
	  'x' },
	{ "only NULs, five", B("\0\0\0\0\0"), 0, ERPOLICY_FRAME_COMPLETE, 1, 0 },
	/* the size limit, trailer included */
	{ "exactly max, complete", B(T("abcd") "\x00"), 8, ERPOLICY_FRAME_COMPLETE, 4, 0 },
	{ "exactly max, no trailer", B("abcdefgh"), 8, ERPOLICY_FRAME_MALFORMED, 0, 0 },
	{ "exactly max, truncated trailer", B("abcde\0\0\0"), 8, ERPOLICY_FRAME_MALFORMED, 0, 0 },
	{ "one below max, no trailer", B("abcdefg"), 8, ERPOLICY_FRAME_NEED_MORE, 0, 0 },
	{ "beyond max, complete", B(T("abcde") "\x00"), 8, ERPOLICY_FRAME_MALFORMED, 0, 0 },
	{ "beyond max, no trailer", B("abcdefghi"), 8, ERPOLICY_FRAME_MALFORMED, 0, 0 },
	{ "max below a trailer", B("\0\0\0\0"), 3, ERPOLICY_FRAME_MALFORMED, 0, 0 },
};

static void run_case(const struct frame_case *c)
{
	struct erpolicy_frame f = { .text_len = 99, .rc = 99 };
	enum erpolicy_frame_status st;
	size_t max = c->max ? c->max : ERPOLICY_REPLY_MAX;
	char detail[256];

	st = erpolicy_frame_parse(c->bytes, c->len, max, &f);
	snprintf(detail, sizeof(detail),
		 "got %s text_len %zu rc %d, expected %s text_len %zu rc %d",
		 erpolicy_frame_status_name(st), f.text_len, f.rc,
		 erpolicy_frame_status_name(c->st), c->text_len, c->rc);
	check(st == c->st && f.text_len == c->text_len && f.rc == c->rc, c->name, detail);
	if (st == ERPOLICY_FRAME_COMPLETE)
		check(f.text_len + ERPOLICY_FRAME_TRAILER_LEN == c->len, c->name,
		      "text and trailer are not the whole reply");
}

/* The first of pipelined replies (no NUL in their text): where it ends, the next begins. */
struct first_case {
	const char *name;
	const char *bytes;
	size_t len;
	size_t max; /* 0: ERPOLICY_REPLY_MAX */
	enum erpolicy_frame_status st;
	size_t text_len;
	int rc;
	size_t frame_len;
};

static const struct first_case first_cases[] = {
	{ "empty", B(""), 0, ERPOLICY_FRAME_NEED_MORE, 0, 0, 0 },
	{ "text only", B("hello\n"), 0, ERPOLICY_FRAME_NEED_MORE, 0, 0, 0 },
	{ "one NUL", B("hello\0"), 0, ERPOLICY_FRAME_NEED_MORE, 0, 0, 0 },
	{ "rc byte missing", B(T("hello")), 0, ERPOLICY_FRAME_NEED_MORE, 0, 0, 0 },
	{ "one reply", B(T("hello") "\x01"), 0, ERPOLICY_FRAME_COMPLETE, 5, 1, 9 },
	{ "bare trailer", B(T("") "\x00"), 0, ERPOLICY_FRAME_COMPLETE, 0, 0, 4 },
	{ "two replies: the first", B(T("a") "\x00" T("bc") "\x01"), 0, ERPOLICY_FRAME_COMPLETE, 1,
	  0, 5 },
	{ "two bare trailers: the first", B(T("") "\x00" T("") "\x0d"), 0, ERPOLICY_FRAME_COMPLETE,
	  0, 0, 4 },
	{ "rc 0, then the next text",
	  B(T("") "\x00"
		  "x"),
	  0, ERPOLICY_FRAME_COMPLETE, 0, 0, 4 },
	{ "the next reply cut short",
	  B(T("ok") "\x00"
		    "\0\0"),
	  0, ERPOLICY_FRAME_COMPLETE, 2, 0, 6 },
	/* a NUL that does not start a trailer: the stream cannot be read on */
	{ "NUL inside text", B("a\0b" T("") "\x00"), 0, ERPOLICY_FRAME_MALFORMED, 0, 0, 0 },
	{ "two NULs then text", B("a\0\0b"), 0, ERPOLICY_FRAME_MALFORMED, 0, 0, 0 },
	{ "NUL then text, no more", B("a\0b"), 0, ERPOLICY_FRAME_MALFORMED, 0, 0, 0 },
	/* the size limit applies to the first reply only */
	{ "first exactly max, more after",
	  B(T("abcd") "\x00"
		      "xyz"),
	  8, ERPOLICY_FRAME_COMPLETE, 4, 0, 8 },
	{ "first beyond max", B(T("abcde") "\x00"), 8, ERPOLICY_FRAME_MALFORMED, 0, 0, 0 },
	{ "max bytes, no NUL", B("abcdefgh"), 8, ERPOLICY_FRAME_MALFORMED, 0, 0, 0 },
	{ "max bytes, NUL after them", B("abcdefgh" T("") "\x00"), 8, ERPOLICY_FRAME_MALFORMED, 0,
	  0, 0 },
	{ "below max, no NUL", B("abcdefg"), 8, ERPOLICY_FRAME_NEED_MORE, 0, 0, 0 },
};

static void run_first_case(const struct first_case *c)
{
	struct erpolicy_frame f = { .text_len = 99, .rc = 99 };
	size_t flen = 99;
	enum erpolicy_frame_status st;
	size_t max = c->max ? c->max : ERPOLICY_REPLY_MAX;
	char detail[256];

	st = erpolicy_frame_parse_first(c->bytes, c->len, max, &f, &flen);
	snprintf(detail, sizeof(detail),
		 "got %s text_len %zu rc %d frame %zu, expected %s text_len %zu rc %d frame %zu",
		 erpolicy_frame_status_name(st), f.text_len, f.rc, flen,
		 erpolicy_frame_status_name(c->st), c->text_len, c->rc, c->frame_len);
	check(st == c->st && f.text_len == c->text_len && f.rc == c->rc && flen == c->frame_len,
	      c->name, detail);
}

/*
 * A stream of pipelined replies read in pieces of every size: consuming the
 * complete replies as they come gives each one once, in order.
 */
static void run_first_stream(void)
{
	static const char stream[] = T("") "\x00" T("% Unknown command\n") "\x02" T("") "\x00" T(
		"line 2: % Configuration failed\n") "\x00";
	static const struct {
		size_t text_len;
		int rc;
	} want[] = { { 0, 0 }, { 18, 2 }, { 0, 0 }, { 31, 0 } };
	size_t len = sizeof(stream) - 1;

	for (size_t piece = 1; piece <= len; piece++) {
		char buf[sizeof(stream)];
		size_t off = 0, fed = 0, got = 0;
		bool ok = true;

		while (fed < len && ok) {
			struct erpolicy_frame f;
			size_t flen, n = MIN(piece, len - fed);
			enum erpolicy_frame_status st;

			memcpy(buf + off, stream + fed, n);
			off += n;
			fed += n;
			while ((st = erpolicy_frame_parse_first(buf, off, ERPOLICY_REPLY_MAX, &f,
								&flen)) == ERPOLICY_FRAME_COMPLETE) {
				ok = got < array_size(want) && f.text_len == want[got].text_len &&
				     f.rc == want[got].rc;
				got++;
				memmove(buf, buf + flen, off - flen);
				off -= flen;
			}
			ok = ok && st == ERPOLICY_FRAME_NEED_MORE;
		}
		char what[64];

		snprintf(what, sizeof(what), "stream in pieces of %zu bytes", piece);
		check(ok && got == array_size(want) && off == 0, what,
		      "replies not found once each, in order");
	}
}

/*
 * Replies arriving in pieces: every prefix of a complete reply that is not the whole
 * of it needs more (the text holds no trailer-like bytes), and the whole is complete.
 */
static void run_chunks(void)
{
	static const char reply[] = "router bgp 65501\n neighbor 169.254.21.2 remote-as 65515\n"
				    "exit\n\0\0\0\x01";
	size_t len = sizeof(reply) - 1;

	for (size_t i = 0; i < len; i++) {
		struct erpolicy_frame f;
		char what[64];

		snprintf(what, sizeof(what), "prefix of %zu bytes", i);
		check(erpolicy_frame_parse(reply, i, ERPOLICY_REPLY_MAX, &f) ==
			      ERPOLICY_FRAME_NEED_MORE,
		      what, "not need-more");
	}
	{
		struct erpolicy_frame f;

		check(erpolicy_frame_parse(reply, len, ERPOLICY_REPLY_MAX, &f) ==
				      ERPOLICY_FRAME_COMPLETE &&
			      f.rc == 1 && f.text_len == len - 4,
		      "whole reply", "not complete with rc 1");
	}
}

/*
 * The real limit: ERPOLICY_REPLY_MAX bytes and one more, in a sparse mapping (only
 * the last page is touched).
 */
static void run_real_limit(void)
{
	size_t maplen = (size_t)ERPOLICY_REPLY_MAX + 4096;
	unsigned char *m = mmap(NULL, maplen, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	struct erpolicy_frame f;

	if (m == MAP_FAILED) {
		check(false, "real limit", "mmap failed");
		return;
	}
	memset(m + ERPOLICY_REPLY_MAX - 8, 'x', 8 + 4096);
	check(erpolicy_frame_parse(m, ERPOLICY_REPLY_MAX - 1, ERPOLICY_REPLY_MAX, &f) ==
		      ERPOLICY_FRAME_NEED_MORE,
	      "real limit", "max - 1 bytes without a trailer is not need-more");
	check(erpolicy_frame_parse(m, ERPOLICY_REPLY_MAX, ERPOLICY_REPLY_MAX, &f) ==
		      ERPOLICY_FRAME_MALFORMED,
	      "real limit", "max bytes without a trailer is not malformed");
	memset(m + ERPOLICY_REPLY_MAX - 4, 0, 3);
	m[ERPOLICY_REPLY_MAX - 1] = 0;
	check(erpolicy_frame_parse(m, ERPOLICY_REPLY_MAX, ERPOLICY_REPLY_MAX, &f) ==
			      ERPOLICY_FRAME_COMPLETE &&
		      f.text_len == ERPOLICY_REPLY_MAX - 4 && f.rc == 0,
	      "real limit", "max bytes ending in the trailer is not complete");
	memset(m + ERPOLICY_REPLY_MAX - 3, 0, 4);
	check(erpolicy_frame_parse(m, (size_t)ERPOLICY_REPLY_MAX + 1, ERPOLICY_REPLY_MAX, &f) ==
		      ERPOLICY_FRAME_MALFORMED,
	      "real limit", "max + 1 bytes ending in the trailer is not malformed");
	munmap(m, maplen);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	for (size_t i = 0; i < array_size(first_cases); i++)
		run_first_case(&first_cases[i]);
	run_chunks();
	run_first_stream();
	run_real_limit();
	check(strcmp(erpolicy_frame_status_name(ERPOLICY_FRAME_MALFORMED), "malformed") == 0,
	      "status name", "malformed");
	return check_summary();
}
