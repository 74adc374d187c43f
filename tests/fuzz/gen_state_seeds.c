// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Writes the seed corpus of fuzz_state from the fixtures of tests/unit/test_diff.c
 * (FRR 10.3's show running-config of bgpd and mgmtd): one file per table case,
 * "INTENT\0BGPD\0MGMTD". Run by `make fuzz-seeds`; the files are checked in.
 */

#include <zebra.h>

#include <ctype.h>

#include "diff_cases.h"

static void seed_name(char *buf, size_t len, const char *dir, const char *name)
{
	size_t k = (size_t)snprintf(buf, len, "%s/diff-", dir);

	for (; *name && k < len - 1; name++) {
		if (isalnum((unsigned char)*name))
			buf[k++] = (char)tolower((unsigned char)*name);
		else if (buf[k - 1] != '-')
			buf[k++] = '-';
	}
	while (buf[k - 1] == '-')
		k--;
	buf[k] = '\0';
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "corpus/fuzz_state";

	for (size_t i = 0; i < diff_cases_n; i++) {
		const struct diff_case *c = &diff_cases[i];
		char *bgpd, *mgmtd, path[512], err[512];
		struct sbuf intent = {};
		struct instances is;
		FILE *f;

		sb_puts(&intent, "");
		for (size_t j = 0; j < 24 && c->intent[j]; j++) {
			sb_puts(&intent, c->intent[j]);
			sb_puts(&intent, "\n");
		}
		if (instances_build(&is, c->intent, 24, err, sizeof(err)) < 0) {
			fprintf(stderr, "%s: %s\n", c->name, err);
			return 1;
		}
		diff_case_texts(c, &is, &bgpd, &mgmtd);
		instances_free(&is);
		seed_name(path, sizeof(path), dir, c->name);
		f = fopen(path, "wb");
		if (!f || fwrite(intent.s, 1, intent.len + 1, f) != intent.len + 1 ||
		    fwrite(bgpd, 1, strlen(bgpd) + 1, f) != strlen(bgpd) + 1 ||
		    fwrite(mgmtd, 1, strlen(mgmtd), f) != strlen(mgmtd) || fclose(f) != 0) {
			fprintf(stderr, "cannot write %s\n", path);
			return 1;
		}
		free(intent.s);
		free(bgpd);
		free(mgmtd);
	}
	return 0;
}
