/*
 * meta.c - meta.json: what a reader needs to trust and compare a results
 * directory (doc/results-format.md), written with jansson.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include <time.h>

#include <jansson.h>

#include "arch.h"
#include "harness.h"
#include "plan.h"
#include "results.h"

#ifndef RSS_CONFIGURE_ARGS
#define RSS_CONFIGURE_ARGS ""
#endif
#ifndef RSS_CFLAGS
#define RSS_CFLAGS ""
#endif
#ifndef RSS_CC_VERSION
#define RSS_CC_VERSION __VERSION__
#endif

/*
 * This run's identity: 128 random bits as 32 hex digits, drawn once per
 * process, so that a reader tells a copy of a run from another run of the
 * same matrix (resdir.h, rss_resdir_same_run()).  NULL when the kernel
 * gives no random bytes: the run then has no run_id.
 */
static const char *run_id(void)
{
	static char id[33];
	unsigned char b[16];

	if (!id[0]) {
		if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
			return NULL;
		for (size_t i = 0; i < sizeof(b); i++)
			snprintf(id + 2 * i, 3, "%02x", b[i]);
	}
	return id;
}

static json_t *iso_time(double t)
{
	time_t s = (time_t)t;
	struct tm tm;
	char buf[64];

	gmtime_r(&s, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(buf);
}

/*
 * Inside a qemu guest that `rssbench guest` booted: the facts it wrote into
 * the initramfs (accelerator, vCPUs, nodes, host, the image's config),
 * named by RSSBENCH_GUEST_FACTS; null on a machine.  A file that is not a
 * JSON object is recorded as unreadable, never copied.
 */
static json_t *guest(void)
{
	const char *path = getenv("RSSBENCH_GUEST_FACTS");
	json_t *facts;

	if (!path || !*path)
		return json_null();
	facts = json_load_file(path, 0, NULL);
	if (!json_is_object(facts)) {
		json_decref(facts);
		return json_pack("{s:s}", "error", "the guest facts file is not a JSON object");
	}
	return facts;
}

static json_t *kernel(void)
{
	struct utsname u;

	if (uname(&u))
		return json_null();
	return json_pack("{s:s, s:s, s:s, s:s}", "sysname", u.sysname, "release", u.release,
			 "version", u.version, "machine", u.machine);
}

static json_t *papi(const struct rss_pmu *pmu)
{
	json_t *events = json_array();

	for (int i = 0; i < pmu->nr; i++) {
		const struct rss_pmu_event *ev = &pmu->ev[i];

		json_array_append_new(events, json_pack("{s:s, s:b, s:s, s:s, s:s, s:b}",
			"name", ev->name, "available", ev->available,
			"source", rss_pmu_source_name(ev->available ? ev->source : RSS_PMU_NONE),
			"kind", ev->software ? "software" : "hardware",
			"reason", ev->available ? "" : ev->reason, "substitute", ev->substitute));
	}
	return json_pack("{s:s, s:s, s:s, s:s, s:i, s:o}", "backend", pmu->backend,
			 "status", pmu->status, "papi_status", pmu->papi_status,
			 "domain", pmu->domain, "perf_event_paranoid", pmu->paranoid,
			 "events", events);
}

/* A load average, or null when /proc/loadavg could not be read. */
static json_t *load(const double l[3])
{
	if (l[0] < 0)
		return json_null();
	return json_pack("[f, f, f]", l[0], l[1], l[2]);
}

static json_t *host_state(const struct rss_host_state *h)
{
	if (!h)
		return json_null();
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:o, s:o, s:s}",
		"cpufreq_governor", h->governor, "boost", h->boost, "smt", h->smt,
		"thp", h->thp, "aslr", h->aslr, "perf_event_paranoid", h->paranoid,
		"hypervisor", h->hypervisor, "online_cpus", h->online_cpus,
		"load_before", load(h->load_before), "load_after", load(h->load_after),
		"cflags", RSS_CFLAGS);
}

/* meta.json "phases": where the run's wall time went (hostinfo.h). */
static json_t *phases(const struct rss_host_state *h)
{
	json_t *cells = json_array();
	double sum = 0;

	if (!h)
		return json_null();
	for (int i = 0; i < h->nr_cell_s; i++) {
		json_array_append_new(cells, json_real(h->cell_s[i]));
		sum += h->cell_s[i];
	}
	return json_pack("{s:o, s:o, s:f, s:o}",
		"setup_s", h->setup_s < 0 ? json_null() : json_real(h->setup_s),
		"warm_up_s", h->warm_up_s < 0 ? json_null() : json_real(h->warm_up_s),
		"cells_s", sum, "cell_s", cells);
}

/* The kernel's three CPU sets: counts and lists ("0-15"). */
static json_t *cpus(const struct machine *m)
{
	char possible[1024], online[1024], allowed[1024];

	rss_topo_cpu_list(m->possible_mask, m->nr_cpu_ids, possible, sizeof(possible));
	rss_topo_cpu_list(m->online_mask, m->nr_cpu_ids, online, sizeof(online));
	rss_topo_cpu_list(m->allowed_mask, m->nr_cpu_ids, allowed, sizeof(allowed));
	return json_pack("{s:i, s:i, s:i, s:i, s:s, s:s, s:s}",
		"possible", m->nr_possible, "online", m->nr_online, "allowed", m->nr_allowed,
		"nr_cpu_ids", m->nr_cpu_ids, "possible_list", possible, "online_list", online,
		"allowed_list", allowed);
}

static json_t *topology(const struct rss_topo *topo)
{
	const struct machine *m = rss_topo_machine(topo);
	char no_node[1024];

	rss_topo_cpus_without_node(topo, no_node, sizeof(no_node));
	return json_pack("{s:s, s:s, s:i, s:i, s:i, s:i, s:i, s:i, s:o, s:s, s:i, s:s, s:s}",
		"spec", rss_topo_spec(topo),
		"kind", rss_topo_kind(topo),
		"packages", rss_topo_nr_packages(topo), "numa_nodes", m->nr_nodes,
		"numa_nodes_with_cpus", rss_topo_nr_cpu_nodes(topo), "nr_node_ids", m->nr_node_ids,
		"cores", rss_topo_nr_cores(topo), "pus", m->nr_online, "cpus", cpus(m),
		"cpus_without_node", no_node, "host_pus", rss_topo_host_pus(topo), "hwloc", rss_topo_hwloc_version(topo),
		"hwloc_api", rss_topo_hwloc_api_version());
}

static json_t *matrix(const struct rss_run_opts *o)
{
	json_t *schemes = json_array(), *workloads = json_array();
	json_t *threads = json_array(), *migration = json_array();
	json_t *m;

	for (int i = 0; i < o->nr_schemes; i++)
		json_array_append_new(schemes, json_string(o->schemes[i]->name));
	for (int i = 0; i < o->nr_workloads; i++)
		json_array_append_new(workloads, json_string(o->workloads[i]->name));
	for (int i = 0; i < o->nr_threads; i++)
		json_array_append_new(threads, json_integer(o->threads[i]));
	for (int i = 0; i < o->nr_migrate; i++)
		json_array_append_new(migration, json_string(o->migrate[i].desc));
	m = json_pack("{s:o, s:o, s:o, s:o, s:s, s:i, s:f, s:I, s:i, s:i, s:I, s:I, s:I, s:i, s:b, s:b, s:I, s:i}",
		"schemes", schemes, "workloads", workloads, "threads", threads,
		"migration", migration, "placement", o->placement, "reps", o->reps,
		"duration_s", o->duration_s, "events_per_task", (json_int_t)o->events_per_task,
		"tasks", o->nr_tasks, "tasks_per_mm", o->tasks_per_mm,
		"pages", (json_int_t)o->params.pages, "mmap_pages", (json_int_t)o->params.mmap_pages,
		"child_pages", (json_int_t)o->params.child_pages,
		"child_threads", o->params.child_threads, "real_fork", o->params.real_fork,
		"mm_cid", o->params.mm_cid, "scan_mms", (json_int_t)o->params.scan_mms, "seed", (int)o->seed);
	if (m) {
		/* The slice the cells ran with: a time (ns) or a count of operations. */
		json_object_set_new(m, "serialize", json_boolean(o->serialize));
		json_object_set_new(m, "pages_per_fault", json_integer((json_int_t)o->params.pages_per_fault));
		json_object_set_new(m, "slice", json_string(o->slice.desc));
		/* How a timed window closes: -d passed and min_ops each, or the cap. */
		json_object_set_new(m, "min_ops", json_integer((json_int_t)o->min_ops));
		json_object_set_new(m, "window_cap_s", json_real(rss_plan_window_cap(o)));
		json_object_set_new(m, "slice_ns", o->slice.ops ? json_null() :
				    json_integer((json_int_t)o->slice.ns));
		json_object_set_new(m, "slice_ops", o->slice.ops ?
				    json_integer((json_int_t)o->slice.ops) : json_null());
	}
	return m;
}

int rss_meta_write(struct rss_results *res, const struct rss_run_opts *o,
		   const struct rss_topo *topo, const struct rss_pmu *pmu,
		   double started, double finished, const char *last_cell)
{
	json_t *argv = json_array();
	json_t *meta;
	char *text;
	int ret;

	for (int i = 0; i < o->argc; i++)
		json_array_append_new(argv, json_string(o->argv[i]));
	meta = json_pack("{s:i, s:{s:s, s:s, s:s, s:s, s:s}, s:s, s:o, s:s, s:o, s:o, s:o,"
			 " s:{s:s, s:f}, s:o, s:{s:s}, s:o, s:o,"
			 " s:{s:s, s:s, s:s, s:s, s:s, s:s}}",
		"format_version", RSS_RESULTS_FORMAT,
		"tool", "name", PACKAGE_NAME, "version", PACKAGE_VERSION,
			"git_revision", rss_git_revision, "configure_args", RSS_CONFIGURE_ARGS,
			"compiler", RSS_CC_VERSION,
		"host", rss_results_host(res), "kernel", kernel(), "cpu_model", rss_topo_cpu_model(topo),
		"command_line", argv, "started", iso_time(started),
		"finished", finished < 0 ? json_null() : iso_time(finished),
		"clock", "source", rss_clock_source(), "hz", rss_clock_hz(),
		"papi", papi(pmu), "memory", "placement", rss_mem_backend(),
		"topology", topology(topo), "matrix", matrix(o),
		"files", "cells", "cells.csv", "summary", "summary.csv", "workers", "workers.csv",
			"errtrace", "errtrace.csv", "footprint", "footprint.csv",
			"topology", "topology.xml");
	if (!meta)
		return -ENOMEM;
	/* --model: say which figures are modelled, and how (doc/coherence.md). */
	if (o->model) {
		json_object_set_new(meta, "model", json_pack("{s:s, s:s, s:s, s:i, s:s, s:s}",
			"name", o->model, "file", "model.csv",
			"figures", "modelled, not measured: a directory MESI model of the cache lines the model build of bench/ touches",
			"line_bytes", RSS_CACHE_LINE,
			"order", "serialized: every CPU in turn, one operation each, in worker order; time slices counted at 1 us per operation",
			"distances", "core, cache (last-level cache or package), node, remote"));
		json_object_set_new(json_object_get(meta, "files"), "model", json_string("model.csv"));
	}
	/* --model-only: no timed pass; cells.csv's timed columns are NA. */
	if (o->model_only)
		json_object_set_new(meta, "model_only", json_true());
	json_object_set_new(meta, "host_state", host_state(o->host_state));
	json_object_set_new(meta, "phases", phases(o->host_state));
	json_object_set_new(meta, "guest", guest());
	if (run_id())
		json_object_set_new(meta, "run_id", json_string(run_id()));
	/* A scheme slowed on purpose (scripts/bench-gate): never a real figure. */
	if (rss_slowdown_desc())
		json_object_set_new(meta, "test_slowdown", json_string(rss_slowdown_desc()));
	/* How far to trust the timings: what run's table and report.md open with. */
	{
		char line[512];
		int said = rss_busy_line(o, line, sizeof(line));

		json_object_set_new(meta, "noise", json_pack("{s:b, s:i, s:i, s:o}",
			"busy", rss_run_busy(o), "noisy_cells", o->host_state ? o->host_state->noisy_cells : 0,
			"cells", o->host_state ? o->host_state->nr_cells : 0,
			"line", said ? json_string(line) : json_null()));
	}
	json_object_set_new(meta, "complete", json_boolean(finished >= 0 && !last_cell));
	if (last_cell)
		json_object_set_new(meta, "last_cell", json_string(last_cell));
	text = json_dumps(meta, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(meta);
	if (!text)
		return -ENOMEM;
	ret = rss_results_write(res, "meta.json", text, strlen(text));
	free(text);
	return ret;
}
