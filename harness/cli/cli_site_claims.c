/*
 * cli_site_claims.c - the claims of `rssbench db site` (doc/store.md,
 * "Dashboard"): per machine, its latest run of each scenario in the store
 * (a full run before any --quick one) is written back as a results
 * directory (rss_store_write_run), read again by the one results reader,
 * exported as `rssbench plot` exports it (plot_export.h, the cost ratios)
 * and judged by the same engine as report.md's Claims (scripts/plot
 * --claims-rows: plot-claims.sh's facts, claims.awk's rules).  No stored
 * byte reaches the engine but through the reader and the export.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "plot_export.h"
#include "resdir.h"
#include "site.h"

#define MAX_RUNS	64	/* scenario runs judged per machine (plot's own limit) */

/* A scenario run of the store. */
struct cand {
	long long id;
	char *host, *cpu, *scenario, *source;
	int quick;
};

struct cands {
	struct cand *c;
	int n;
};

static int collect(const struct rss_store_run *r, void *arg)
{
	struct cands *cs = arg;
	struct cand *n;

	if (!*r->scenario)
		return 0;
	if (!(n = realloc(cs->c, (size_t)(cs->n + 1) * sizeof(*n))))
		return -ENOMEM;
	cs->c = n;
	n = &cs->c[cs->n++];
	*n = (struct cand){ r->id, strdup(r->host), strdup(r->cpu_model), strdup(r->scenario),
			    strdup(r->source), r->quick };
	return n->host && n->cpu && n->scenario && n->source ? 0 : -ENOMEM;
}

static int same_machine(const struct cand *a, const struct cand *b)
{
	return !strcmp(a->host, b->host) && !strcmp(a->cpu, b->cpu);
}

/*
 * Runs @script --claims-rows on the @n directories @top/e/1.. and reads
 * its rows into @t.  0, or -1 with @why.
 */
static int judge(const char *script, const char *top, int n, struct rss_site_claims_table *t,
		 char *why, size_t whylen)
{
	char *args[MAX_RUNS + 3], *buf = NULL, *line, *save = NULL;
	size_t len = 0;
	int fds[2], st = 0, na = 0;
	FILE *in;
	pid_t pid;

	args[na++] = (char *)script;
	args[na++] = "--claims-rows";
	for (int i = 0; i < n; i++)
		if (asprintf(&args[na++], "%s/e/%d", top, i + 1) < 0)
			args[--na] = NULL;
	args[na] = NULL;
	fflush(NULL);
	if (na < n + 2 || pipe(fds)) {
		snprintf(why, whylen, "cannot run the claims engine: %s", strerror(errno));
		for (int i = 2; i < na; i++)
			free(args[i]);
		return -1;
	}
	if ((pid = fork()) < 0) {
		snprintf(why, whylen, "cannot run the claims engine: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		for (int i = 2; i < na; i++)
			free(args[i]);
		return -1;
	}
	if (!pid) {
		int null = open("/dev/null", O_RDONLY);

		dup2(fds[1], STDOUT_FILENO);
		if (null >= 0)
			dup2(null, STDIN_FILENO);
		close(fds[0]);
		execv(script, args);
		_exit(127);
	}
	close(fds[1]);
	for (int i = 2; i < na; i++)
		free(args[i]);
	in = fdopen(fds[0], "r");
	if (in) {
		FILE *all = open_memstream(&buf, &len);
		char chunk[4096];
		size_t got;

		while (all && (got = fread(chunk, 1, sizeof(chunk), in)))
			fwrite(chunk, 1, got, all);
		if (all)
			fclose(all);
		fclose(in);
	} else {
		close(fds[0]);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			st = 127 << 8;	/* as a child that could not run */
			break;
		}
	if (!WIFEXITED(st) || WEXITSTATUS(st) || !buf) {
		snprintf(why, whylen, "the claims engine %s failed (%s %d)", script,
			 WIFEXITED(st) ? "exit" : "signal", WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
		free(buf);
		return -1;
	}
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct rss_site_claim *c, *nr = realloc(t->rows, (size_t)(t->nr_rows + 1) * sizeof(*nr));
		char *p = line, *ids, *id, *s2 = NULL;

		if (!nr)
			break;
		t->rows = nr;
		c = &t->rows[t->nr_rows++];
		memset(c, 0, sizeof(*c));
		for (int k = 0; k < 8; k++) {
			size_t w = strcspn(p, "|");

			c->f[k] = strndup(p, w);
			p += w + (p[w] == '|');
		}
		ids = p;
		c->runs = calloc((size_t)n + 1, sizeof(int));
		for (id = strtok_r(ids, " ", &s2); id && c->runs; id = strtok_r(NULL, " ", &s2)) {
			long k = strtol(id, NULL, 10);

			if (k >= 1 && k <= n && c->nr_runs < n)
				c->runs[c->nr_runs++] = (int)k - 1;
		}
	}
	free(buf);
	return 0;
}

/* Machine @m's table: its chosen runs written back, read, exported and judged. */
static void machine_table(struct rss_store *s, const struct cands *cs, int m, const char *script,
			  struct rss_site_claims_table *t, char *why, size_t whylen)
{
	const char *tmp = getenv("TMPDIR");
	char top[PATH_MAX], path[PATH_MAX + 64], err[1024];
	int pick[MAX_RUNS], np = 0, n = 0;
	FILE *note = NULL;
	size_t notelen = 0;

	/* The latest full run of each scenario, else its latest quick one. */
	for (int i = 0; i < cs->n; i++) {
		int k;

		if (!same_machine(&cs->c[i], &cs->c[m]))
			continue;
		for (k = 0; k < np && strcmp(cs->c[pick[k]].scenario, cs->c[i].scenario); k++)
			;
		if (k == np && np < MAX_RUNS)
			pick[np++] = i;
		else if (k < np && (cs->c[i].quick <= cs->c[pick[k]].quick))
			pick[k] = i;	/* later, and not quick where the earlier is full */
	}
	t->host = strdup(cs->c[m].host);
	t->cpu_model = strdup(cs->c[m].cpu);
	t->runs = calloc((size_t)np, sizeof(*t->runs));
	snprintf(top, sizeof(top), "%s/rssbench-claims-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!t->runs || !mkdtemp(top)) {
		snprintf(why, whylen, "cannot make a temporary directory: %s", strerror(errno));
		return;
	}
	snprintf(path, sizeof(path), "%s/e", top);
	mkdir(path, 0700);
	note = open_memstream(&t->note, &notelen);
	for (int k = 0; k < np; k++) {
		const struct cand *c = &cs->c[pick[k]];
		struct rss_resdir *d = NULL;
		int fd = -1, ret;

		snprintf(path, sizeof(path), "%s/r%d", top, k);
		ret = rss_store_write_run(s, c->id, path, err, sizeof(err));
		if (!ret)
			ret = rss_resdir_load(&d, path, RSS_RESDIR_ALLOW_PARTIAL |
					      RSS_RESDIR_ALLOW_MODEL_ONLY, err, sizeof(err));
		snprintf(path, sizeof(path), "%s/e/%d", top, n + 1);
		if (!ret && (mkdir(path, 0700) || (fd = open(path, O_RDONLY | O_DIRECTORY)) < 0)) {
			snprintf(err, sizeof(err), "%s", strerror(errno));
			ret = -EIO;
		}
		if (!ret)
			ret = rss_plot_export_claims(d, fd, err, sizeof(err));
		if (!ret && (ret = rss_plot_ratios(d, fd)))
			snprintf(err, sizeof(err), "its cost ratios: %s", strerror(-ret));
		if (fd >= 0)
			close(fd);
		rss_resdir_free(d);
		if (ret) {
			if (note)
				fprintf(note, "%srun %lld (%s) not judged: %s", ftell(note) ? "; " : "",
					c->id, c->scenario, err);
			continue;
		}
		t->runs[n++] = (struct rss_site_claim_run){ c->id, strdup(c->source),
							    strdup(c->scenario), c->quick };
	}
	if (note && fclose(note) == 0 && !notelen) {
		free(t->note);
		t->note = NULL;
	}
	t->nr_runs = n;
	if (n && judge(script, top, n, t, why, whylen))
		t->nr_rows = 0;
	rss_rm_tree(top);
}

void rss_site_claims_gather(struct rss_store *s, const char *script, struct rss_site_claims *out)
{
	struct cands cs = { NULL, 0 };
	char err[512] = "";

	memset(out, 0, sizeof(*out));
	if (access(script, X_OK)) {
		snprintf(out->why, sizeof(out->why), "the claims engine %s cannot run: %s", script,
			 strerror(errno));
		return;
	}
	if (rss_store_runs(s, collect, &cs, err, sizeof(err))) {
		snprintf(out->why, sizeof(out->why), "%s", err[0] ? err : "out of memory");
	} else if (!cs.n) {
		snprintf(out->why, sizeof(out->why),
			 "no scenario run in the store: import the directories of 'rssbench run --scenario NAME' or './run-all --scenarios'");
	}
	/* Machines, the one with the latest scenario run first. */
	for (int m = cs.n - 1; m >= 0 && !out->why[0]; m--) {
		struct rss_site_claims_table *n;
		int seen = 0;

		for (int k = m + 1; k < cs.n && !seen; k++)
			seen = same_machine(&cs.c[k], &cs.c[m]);
		if (seen)
			continue;
		if (!(n = realloc(out->t, (size_t)(out->nr + 1) * sizeof(*n)))) {
			snprintf(out->why, sizeof(out->why), "out of memory");
			break;
		}
		out->t = n;
		memset(&out->t[out->nr], 0, sizeof(*n));
		machine_table(s, &cs, m, script, &out->t[out->nr++], out->why, sizeof(out->why));
	}
	if (out->why[0])
		rss_site_claims_free(out);
	for (int i = 0; i < cs.n; i++) {
		free(cs.c[i].host);
		free(cs.c[i].cpu);
		free(cs.c[i].scenario);
		free(cs.c[i].source);
	}
	free(cs.c);
}
