/*
 * plan.c - building a run plan (plan.h): run's defaults, the setters that
 * `run`'s option parser (cli_run_opts.c) and the scenarios (scenario.c) both
 * use, the checks between options, and the one argv renderer.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "plan.h"

#define ERRLEN	512

/*
 * A field added to struct rss_run_opts (or rss_params) must be rendered by
 * rss_plan_argv below and set in tests/test_plan's round trip; then update
 * the size here.  Without this an A/B run would give both binaries a plan
 * short of the new option and compare runs that differ.
 */
#if defined(__x86_64__) || defined(__aarch64__)
_Static_assert(sizeof(struct rss_run_opts) == 2960 && sizeof(struct rss_params) == 56,
	       "struct rss_run_opts changed: render the new field in rss_plan_argv (plan.c)");
#endif

void rss_plan_init(struct rss_run_opts *p)
{
	*p = (struct rss_run_opts){
		.placement = "compact", .output = "results", .duration_s = 0.5, .reps = 3,
		.params = { .pages = 512, .mmap_pages = 4, .child_pages = 16, .mm_cid = 1,
			    .scan_mms = 10000, .pages_per_fault = 1 },
		.seed = 1, .min_ops = 10,
	};
}

double rss_plan_window_cap(const struct rss_run_opts *p)
{
	if (p->window_cap_s)
		return p->window_cap_s;
	return 20 * p->duration_s > 1 ? 20 * p->duration_s : 1;
}

struct item_fn {
	void (*add)(struct rss_run_opts *, const char *);
	struct rss_run_opts *p;
};

static void call_add(void *arg, const char *item)
{
	const struct item_fn *f = arg;

	f->add(f->p, item);
}

/*
 * Calls @add on each item of option @opt's list @list (rss_for_each_item:
 * an empty item, or an empty list, is refused rather than read as nothing,
 * which would leave the default matrix).
 */
static void for_each_item(struct rss_run_opts *p, const char *opt, const char *list,
			  void (*add)(struct rss_run_opts *, const char *))
{
	struct item_fn f = { add, p };

	rss_for_each_item(opt, list, call_add, &f);
}

/*
 * Schemes and workloads given twice ("-s percpu,percpu", "all,atomic") run
 * once, in the order first given, as repeated thread counts do: one key,
 * one cell.
 */
static void add_scheme(struct rss_run_opts *p, const char *name)
{
	const struct scheme_ops *s = rss_scheme_find(name);
	const char *names[64];

	if (!strcmp(name, "all")) {
		for (int i = 0; rss_schemes[i]; i++)
			add_scheme(p, rss_schemes[i]->name);
		return;
	}
	if (!s)
		rss_unknown_name("scheme", name, names, rss_scheme_names(names, 64),
				 "'rssbench list' shows the schemes");
	for (int i = 0; i < p->nr_schemes; i++)
		if (p->schemes[i] == s)
			return;
	if (p->nr_schemes == RSS_MAX_LIST)
		rss_usage_error("too many schemes: at most %d", RSS_MAX_LIST);
	p->schemes[p->nr_schemes++] = s;
}

static void add_workload(struct rss_run_opts *p, const char *name)
{
	const struct workload_ops *w = rss_workload_find(name);
	const char *names[64];

	if (!strcmp(name, "all")) {
		for (int i = 0; rss_workloads[i]; i++)
			add_workload(p, rss_workloads[i]->name);
		return;
	}
	if (!w)
		rss_unknown_name("workload", name, names, rss_workload_names(names, 64),
				 "'rssbench list' shows the workloads");
	for (int i = 0; i < p->nr_workloads; i++)
		if (p->workloads[i] == w)
			return;
	if (p->nr_workloads == RSS_MAX_LIST)
		rss_usage_error("too many workloads: at most %d", RSS_MAX_LIST);
	p->workloads[p->nr_workloads++] = w;
}

static void add_migrate(struct rss_run_opts *p, const char *s)
{
	char err[ERRLEN];

	if (p->nr_migrate == RSS_MAX_LIST)
		rss_usage_error("too many migration policies: at most %d", RSS_MAX_LIST);
	if (rss_migrate_parse(s, &p->migrate[p->nr_migrate++], err, sizeof(err)))
		rss_usage_error("%s", err);
}

void rss_plan_schemes(struct rss_run_opts *p, const char *list)
{
	for_each_item(p, "--scheme", list, add_scheme);
}

void rss_plan_workloads(struct rss_run_opts *p, const char *list)
{
	for_each_item(p, "--workload", list, add_workload);
}

void rss_plan_migrate(struct rss_run_opts *p, const char *list)
{
	for_each_item(p, "--migrate", list, add_migrate);
}

void rss_plan_threads(struct rss_run_opts *p, int threads)
{
	if (p->nr_threads == RSS_MAX_LIST)
		rss_usage_error("too many thread counts: at most %d", RSS_MAX_LIST);
	p->threads[p->nr_threads++] = threads;
}

static void add_threads(struct rss_run_opts *p, const char *s)
{
	rss_plan_threads(p, strcmp(s, "max") ? (int)rss_parse_long("--threads", s, 1, RSS_MAX_CPUS) : 0);
}

void rss_plan_thread_list(struct rss_run_opts *p, const char *list)
{
	for_each_item(p, "--threads", list, add_threads);
}

void rss_plan_slice(struct rss_run_opts *p, const char *slice)
{
	char err[ERRLEN];

	if (rss_slice_parse(slice, &p->slice, err, sizeof(err)))
		rss_usage_error("%s", err);
}

void rss_plan_fill(struct rss_run_opts *p)
{
	if (!p->nr_schemes)
		add_scheme(p, "all");
	if (!p->nr_workloads)
		add_workload(p, "all");
	if (!p->nr_threads) {
		rss_plan_threads(p, 1);
		rss_plan_threads(p, 0);
	}
	if (!p->nr_migrate)
		add_migrate(p, "none");
}

int rss_plan_cells(const struct rss_run_opts *p, int max)
{
	int threads = 0;

	for (int i = 0; i < p->nr_threads; i++) {
		int t = p->threads[i] ? p->threads[i] : max, dup = 0;

		for (int j = 0; j < i && t; j++)
			dup |= (p->threads[j] ? p->threads[j] : max) == t;
		threads += !dup;
	}
	return p->nr_workloads * p->nr_schemes * threads * p->nr_migrate * p->reps;
}

double rss_plan_estimate_s(const struct rss_run_opts *p, int cells)
{
	if (p->events_per_task || p->model_only)
		return 0;
	return cells * (p->duration_s + RSS_PLAN_CELL_SETUP_S);
}

void rss_plan_check(struct rss_run_opts *p)
{
	/* --model-only times nothing: an option that only the timed pass uses is a mistake. */
	if (p->model_only && p->params.real_fork)
		rss_usage_error("--real-fork forks in the timed pass, which --model-only leaves out: drop one of them");
	if (p->model_only && p->events && strcmp(p->events, "none"))
		rss_usage_error("--events %s counts the timed pass, which --model-only leaves out: give --events none or drop it",
				rss_shown(p->events));
	if (p->model_only)
		p->events = "none";
	if (p->params.pages % p->params.pages_per_fault)
		rss_usage_error("--pages %ld is not a multiple of --pages-per-fault %ld: give a multiple of it",
				p->params.pages, p->params.pages_per_fault);
}

/* --- rendering ------------------------------------------------------------ */

struct argv_buf {
	struct rss_argv *a;
	int cap;
};

static void arg(struct argv_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void arg(struct argv_buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (b->a->argc + 2 > b->cap) {
		b->cap = b->cap ? 2 * b->cap : 32;
		b->a->argv = realloc(b->a->argv, (size_t)b->cap * sizeof(char *));
		if (!b->a->argv)
			rss_die(ENOMEM, "plan argv");
	}
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		rss_die(ENOMEM, "plan argv");
	va_end(ap);
	b->a->argv[b->a->argc++] = s;
	b->a->argv[b->a->argc] = NULL;
}

/* "--@opt=a,b,c" of the @n names; "all" when they are the registry's whole list in order. */
static void names(struct argv_buf *b, const char *opt, const char *const *v, int n,
		  const char *const *all, int nr_all)
{
	char list[RSS_MAX_LIST * 64] = "";
	int whole = n == nr_all;

	for (int i = 0; i < n; i++) {
		whole &= v[i] == all[i];
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? "," : "", v[i]);
	}
	arg(b, "--%s=%s", opt, whole ? "all" : list);
}

/* "--@opt=" the shortest decimal that strtod reads back as @v. */
static void seconds_opt(struct argv_buf *b, const char *opt, double v)
{
	char s[40];

	for (int prec = 6; prec <= 17; prec++) {
		snprintf(s, sizeof(s), "%.*g", prec, v);
		if (strtod(s, NULL) == v)
			break;
	}
	arg(b, "--%s=%s", opt, s);
}

static void seconds(struct argv_buf *b, double v)
{
	seconds_opt(b, "duration", v);
}

static void window_cap(struct argv_buf *b, double v)
{
	seconds_opt(b, "window-cap", v);
}

static void matrix(struct argv_buf *b, const struct rss_run_opts *p)
{
	const char *v[RSS_MAX_LIST], *all[RSS_MAX_LIST + 1];
	char list[RSS_MAX_LIST * 56] = "";
	int n;

	for (int i = 0; i < p->nr_schemes; i++)
		v[i] = p->schemes[i]->name;
	for (n = 0; rss_schemes[n] && n <= RSS_MAX_LIST; n++)
		all[n] = rss_schemes[n]->name;
	if (p->nr_schemes)
		names(b, "scheme", v, p->nr_schemes, all, n);
	for (int i = 0; i < p->nr_workloads; i++)
		v[i] = p->workloads[i]->name;
	for (n = 0; rss_workloads[n] && n <= RSS_MAX_LIST; n++)
		all[n] = rss_workloads[n]->name;
	if (p->nr_workloads)
		names(b, "workload", v, p->nr_workloads, all, n);
	for (int i = 0; i < p->nr_threads; i++) {
		if (p->threads[i])
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%d",
				 i ? "," : "", p->threads[i]);
		else
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%smax",
				 i ? "," : "");
	}
	if (p->nr_threads)
		arg(b, "--threads=%s", list);
	arg(b, "--placement=%s", p->placement);
	list[0] = 0;
	for (int i = 0; i < p->nr_migrate; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? "," : "",
			 p->migrate[i].desc);
	if (p->nr_migrate)
		arg(b, "--migrate=%s", list);
}

void rss_plan_argv(const struct rss_run_opts *p, struct rss_argv *out)
{
	struct rss_run_opts d;
	struct argv_buf b = { out, 0 };

	rss_plan_init(&d);
	*out = (struct rss_argv){ 0, NULL };
	arg(&b, "run");
	matrix(&b, p);
	if (p->slice.desc[0])
		arg(&b, "--slice=%s", p->slice.desc);
	if (p->topology)
		arg(&b, "--topology=%s", p->topology);
	if (p->events_per_task)
		arg(&b, "--events-per-task=%lu", p->events_per_task);
	/* With events the duration is unused, but meta.json records it. */
	if (!p->events_per_task || p->duration_s != d.duration_s)
		seconds(&b, p->duration_s);
	if (p->min_ops != d.min_ops)
		arg(&b, "--min-ops=%lu", p->min_ops);
	if (p->window_cap_s != d.window_cap_s)
		window_cap(&b, p->window_cap_s);
	arg(&b, "--reps=%d", p->reps);
	if (p->nr_tasks != d.nr_tasks)
		arg(&b, "--tasks=%d", p->nr_tasks);
	if (p->tasks_per_mm != d.tasks_per_mm)
		arg(&b, "--tasks-per-mm=%d", p->tasks_per_mm);
	/* --model-only sets events "none" itself, and refuses any other. */
	if (p->events && !p->model_only)
		arg(&b, "--events=%s", p->events);
	if (p->params.pages != d.params.pages)
		arg(&b, "--pages=%ld", p->params.pages);
	if (p->params.pages_per_fault != d.params.pages_per_fault)
		arg(&b, "--pages-per-fault=%ld", p->params.pages_per_fault);
	if (p->params.mmap_pages != d.params.mmap_pages)
		arg(&b, "--mmap-pages=%ld", p->params.mmap_pages);
	if (p->params.child_pages != d.params.child_pages)
		arg(&b, "--child-pages=%ld", p->params.child_pages);
	if (p->params.real_fork)
		arg(&b, "--real-fork");
	if (!p->params.mm_cid)
		arg(&b, "--no-mm-cid");
	if (p->params.child_threads != d.params.child_threads)
		arg(&b, "--child-threads=%d", p->params.child_threads);
	if (p->params.scan_mms != d.params.scan_mms)
		arg(&b, "--scan-mms=%ld", p->params.scan_mms);
	arg(&b, "--seed=%u", p->seed);
	if (p->serialize)
		arg(&b, "--serialize");
	if (p->model)
		arg(&b, "--%s=%s", p->model_only ? "model-only" : "model", p->model);
	if (strcmp(p->output, d.output))
		arg(&b, "--output=%s", p->output);
	if (p->quiet)
		arg(&b, "--quiet");
	if (p->strict)
		arg(&b, "--strict");
}

void rss_plan_guest_argv(const struct rss_run_opts *p, const struct rss_guest_opts *g,
			 struct rss_argv *out)
{
	struct rss_run_opts run = *p, d;
	struct rss_argv r;
	struct argv_buf b = { out, 0 };

	rss_plan_init(&d);
	run.output = d.output;		/* run's default, not rendered: the guest picks it */
	run.quiet = run.strict = 0;
	rss_plan_argv(&run, &r);
	*out = (struct rss_argv){ 0, NULL };
	arg(&b, "guest");
	arg(&b, "--kernel");
	arg(&b, "%s", g->kernel);
	arg(&b, "--cpus");
	arg(&b, "%d", g->cpus);
	arg(&b, "-o");
	arg(&b, "%s", g->output);
	arg(&b, "--");
	for (int i = 1; i < r.argc; i++)
		arg(&b, "%s", r.argv[i]);
	rss_argv_free(&r);
}

void rss_argv_free(struct rss_argv *a)
{
	for (int i = 0; i < a->argc; i++)
		free(a->argv[i]);
	free(a->argv);
	*a = (struct rss_argv){ 0, NULL };
}
