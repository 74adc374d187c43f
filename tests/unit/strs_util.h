// SPDX-License-Identifier: GPL-2.0-or-later
/* Lists of strings (darr of char *, as erpolicy_diff.h keeps them) in the tests and fuzzers. */
#ifndef _ERPOLICY_TEST_STRS_UTIL_H_
#define _ERPOLICY_TEST_STRS_UTIL_H_

#include <stdbool.h>

/* The same strings in the same order (a NULL list is an empty one). */
bool strs_equal(char *const *a, char *const *b);

#endif /* _ERPOLICY_TEST_STRS_UTIL_H_ */
