// SPDX-License-Identifier: GPL-2.0-or-later
/* Lists of strings in the tests and fuzzers (strs_util.h). */

#include <zebra.h>

#include "darr.h"

#include "strs_util.h"

bool strs_equal(char *const *a, char *const *b)
{
	if (darr_len(a) != darr_len(b))
		return false;
	for (size_t i = 0; i < darr_len(a); i++)
		if (strcmp(a[i], b[i]) != 0)
			return false;
	return true;
}
