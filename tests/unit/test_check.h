// SPDX-License-Identifier: GPL-2.0-or-later
/* The unit tests' tally: each check counts, a failed one says what and why. */
#ifndef _ERPOLICY_TEST_CHECK_H_
#define _ERPOLICY_TEST_CHECK_H_

#include <stdbool.h>

/* Counts ok; when not, prints "FAIL: what: detail". */
void check(bool ok, const char *what, const char *detail);
/* The same, the detail formatted. */
void checkf(bool ok, const char *what, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Prints "N passed, M failed"; returns the test's exit status. */
int check_summary(void);

#endif /* _ERPOLICY_TEST_CHECK_H_ */
