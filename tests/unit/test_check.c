// SPDX-License-Identifier: GPL-2.0-or-later
/* The unit tests' tally (test_check.h). */
#include <stdarg.h>
#include <stdio.h>

#include "test_check.h"

static int passed, failed;

void check(bool ok, const char *what, const char *detail)
{
	checkf(ok, what, "%s", detail);
}

void checkf(bool ok, const char *what, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL: %s: ", what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

int check_summary(void)
{
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
