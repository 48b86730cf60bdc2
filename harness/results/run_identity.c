/*
 * run_identity.c - which run a results directory holds: meta.json's run id
 * where the writer gave one, else a SHA-256 (nettle) of what the reader
 * validated: meta.json re-serialised with sorted keys, then cells.csv's
 * header and rows, fields and rows each ended by a separator byte that no
 * valid value holds.  A copy, a renamed directory or a CRLF copy of a run
 * is the same run; any changed value makes another one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>

#include "run_facts.h"
#include "store.h"

static void put(struct sha256_ctx *c, const char *s, char end)
{
	sha256_update(c, strlen(s), (const uint8_t *)s);
	sha256_update(c, 1, (const uint8_t *)&end);
}

int rss_run_identity(const struct rss_resdir *d, const char *run_id, char out[RSS_IDENTITY_LEN])
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	struct sha256_ctx c;
	struct rss_run_facts f;

	if (run_id) {
		snprintf(out, RSS_IDENTITY_LEN, "id:%s", run_id);
		return 0;
	}
	if (rss_run_facts(d, &f)) {
		rss_run_facts_free(&f);
		return -ENOMEM;
	}
	sha256_init(&c);
	put(&c, "rssbench run identity 1", '\n');
	put(&c, f.meta, '\n');
	rss_run_facts_free(&f);
	for (int col = 0; col < d->nr_cols; col++)
		put(&c, d->cols[col], '\x1f');
	put(&c, "", '\x1e');
	for (int r = 0; r < d->nr_rows; r++) {
		for (int col = 0; col < d->nr_cols; col++)
			put(&c, rss_resdir_val(d, r, col), '\x1f');
		put(&c, "", '\x1e');
	}
	sha256_digest(&c, sizeof(digest), digest);
	memcpy(out, "sha256:", 7);
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(out + 7 + 2 * i, 3, "%02x", digest[i]);
	return 0;
}
