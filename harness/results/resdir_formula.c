/*
 * resdir_formula.c - cells.csv's formula columns against the formulas
 * (resdir.h): bytes_per_mm is the scheme's footprint() and bound_under,
 * bound_over its error_bound() for the machine of the directory's
 * topology.xml, as sched.c's rss_cell_run() computes them.  A row whose
 * figures disagree with the binary's own formulas was not written by it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include <jansson.h>

#include "harness.h"
#include "resdir.h"
#include "rss.h"

/* meta.json's @obj.@key as a string, or "". */
static const char *meta_str(json_t *meta, const char *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(json_object_get(meta, obj), key));

	return s ? s : "";
}

/*
 * Whether the formulas that wrote @d's rows are this binary's: the same
 * build (tool.git_revision; "unknown", a tarball's without .gitrev, is no
 * build's; a -dirty one is believed as the same tree) on the same
 * architecture (kernel.machine:
 * struct sizes are the footprint), one run of one topology (a scenario's
 * rows each have their own topology-N.xml), timed (--model-only rows carry
 * no figures).  A directory from another build is not checked: its
 * formulas may have been others.
 */
static int same_formulas(const struct rss_resdir *d)
{
	json_t *meta = d->meta;
	const char *rev = meta_str(meta, "tool", "git_revision");
	struct utsname u;

	if (!meta || json_object_get(meta, "topologies") || json_object_get(meta, "scenario") ||
	    json_is_true(json_object_get(meta, "model_only")) || uname(&u))
		return 0;
	return !strcmp(rev, rss_git_revision) && strcmp(rev, "unknown") && !strcmp(meta_str(meta, "kernel", "machine"), u.machine);
}

/*
 * Whether @s's bound is the formula's alone for @m at @tasks tasks per mm:
 * not native's (the running kernel's, read from this process: a
 * RSS_SCHEME_PROCESS_WIDE scheme's bound is of the process), not
 * owner-lazy's (it adds the remote value parked while the run's tasks were
 * created), and the same for one more task and for 512 pages per event
 * (cells.csv records tasks_per_mm rounded as tasks / mms and no pages per
 * event: split-rss's and lazy-atomic's at one task depend on those).
 */
static int bound_known(const struct scheme_ops *s, const struct machine *m, int tasks,
		       struct bound *b)
{
	struct bound more, thp;

	if ((s->flags & RSS_SCHEME_PROCESS_WIDE) || !strcmp(s->name, "owner-lazy"))
		return 0;
	*b = s->error_bound(m, tasks, 1);
	more = s->error_bound(m, tasks + 1, 1);
	thp = s->error_bound(m, tasks, 512);
	return b->under >= 0 && b->over >= 0 && b->under == more.under && b->over == more.over &&
	       b->under == thp.under && b->over == thp.over;
}

/* Row @r's @col against @want: NULL when equal or the row has no value there. */
static const char *differs(const struct rss_resdir *d, int r, const char *col, double want,
			   char *why, size_t len)
{
	int c = rss_resdir_col(d, col);
	double v;

	if (c < 0 || rss_resdir_num(d, r, c, &v) || v == want)
		return NULL;
	snprintf(why, len, "%s is %.0f but %s's formula gives %.0f for topology.xml's machine",
		 col, v, rss_resdir_val(d, r, rss_resdir_col(d, "scheme")), want);
	return why;
}

int rss_resdir_check_formulas(const struct rss_resdir *d, const char *file, char *err,
			      size_t errlen)
{
	int scheme = rss_resdir_col(d, "scheme"), per_mm = rss_resdir_col(d, "tasks_per_mm");
	struct rss_topo *topo;
	const struct machine *m;
	char xml[4096], why[256];
	int ret = 0;

	if (scheme < 0 || !same_formulas(d))
		return 0;
	snprintf(xml, sizeof(xml), "%s/topology.xml", d->path);
	/* As run opens its topology (topo.c); checked already, so a failure only skips. */
	if (rss_topo_open(&topo, xml, why, sizeof(why)))
		return 0;
	m = rss_topo_machine(topo);
	/* The run's machine allowed meta.json's CPUs; another count is not its machine. */
	if (d->topo_pus && m->nr_allowed != d->topo_pus)
		goto out;
	for (int r = 0; r < d->nr_rows && !ret; r++) {
		const struct scheme_ops *s = rss_scheme_find(rss_resdir_val(d, r, scheme));
		const char *what;
		struct bound b;
		double tasks;

		/* Both formulas take the row's tasks per mm; a row without one is not checked. */
		if (!s || per_mm < 0 || rss_resdir_num(d, r, per_mm, &tasks) ||
		    tasks < 1 || tasks > 1 << 20)
			continue;
		what = differs(d, r, "bytes_per_mm", (double)s->footprint(m, (int)tasks), why,
			       sizeof(why));
		if (!what && bound_known(s, m, (int)tasks, &b) &&
		    !(what = differs(d, r, "bound_under", (double)b.under, why, sizeof(why))))
			what = differs(d, r, "bound_over", (double)b.over, why, sizeof(why));
		if (what) {
			snprintf(err, errlen, "%s:%d: %s; the figures are not this rssbench's, rerun 'rssbench run'",
				 file, d->line[r], what);
			ret = -EINVAL;
		}
	}
out:
	rss_topo_close(topo);
	return ret;
}
