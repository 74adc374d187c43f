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
		unsigned int how = c->flags & (MANGLE_CRLF | MANGLE_TRAILING);
		char *bgpd = NULL, *mgmtd = NULL, path[512];
		struct sbuf intent = {};
		FILE *f;

		sb_puts(&intent, "");
		for (size_t j = 0; j < 24 && c->intent[j]; j++) {
			sb_puts(&intent, c->intent[j]);
			sb_puts(&intent, "\n");
		}
		if (c->flags & F_RENDER) {
			struct instances is;
			char err[512];
			char *r;
			struct sbuf sb = {};

			if (instances_build(&is, c->intent, 24, err, sizeof(err)) < 0) {
				fprintf(stderr, "%s: %s\n", c->name, err);
				return 1;
			}
			r = render_daemon(&is);
			sb_puts(&sb, r);
			sb_puts(&sb, c->bgpd ? c->bgpd : "");
			bgpd = sb.s;
			sb = (struct sbuf){};
			sb_puts(&sb, r);
			sb_puts(&sb, c->mgmtd ? c->mgmtd : "");
			mgmtd = sb.s;
			free(r);
			instances_free(&is);
		} else {
			bgpd = strdup(c->bgpd ? c->bgpd : "");
			mgmtd = strdup(c->mgmtd ? c->mgmtd : "");
		}
		if (how) {
			char *t = mangle(bgpd, how);

			free(bgpd);
			bgpd = t;
			t = mangle(mgmtd, how);
			free(mgmtd);
			mgmtd = t;
		}
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
