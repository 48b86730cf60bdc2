/*
 * scenario_merge.c - a scenario's runs kept as one directory: the CSVs of
 * several runs joined under one header (with the kernel identity of each
 * guest's rows in the kernels scenario: cells.csv's kernel, vcpus and
 * kernel_era, doc/results-format.md), each run's topology in
 * topology-<threads>.xml (topology-<kernel>-<threads>.xml for a guest's) and
 * topologies.csv, meta.json's topologies[]; fleet.csv and capped_at.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "cli.h"
#include "csv.h"
#include "harness.h"
#include "results.h"
#include "scenario.h"

static const char *const joined[] = {
	"cells.csv", "summary.csv", "workers.csv", "errtrace.csv", "model.csv",
};


static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "r"), *out;
	char buf[65536];
	size_t n;
	int ret = 0;

	if (!in)
		return errno == ENOENT ? 0 : -errno;
	out = fopen(to, "w");
	if (!out) {
		ret = -errno;
		fclose(in);
		return ret;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)))
		if (fwrite(buf, 1, n, out) != n)
			ret = -EIO;
	fclose(in);
	return fclose(out) || ret ? -EIO : 0;
}

/*
 * @name of each of the @n directories joined into @to: the first's header,
 * every one's rows in order, @extra_hdr (",a,b" or "") after the header and
 * @extra[i] after each of directory i's rows.  Headers must agree (the runs
 * of one scenario share their columns); 0 or -errno with @err.
 */
static int join_csv(char dirs[][PATH_MAX], int n, const char *to, const char *name,
		    const char *extra_hdr, char extra[][SC_EXTRA_LEN], char *err, size_t errlen)
{
	char path[PATH_MAX + 64], *first = NULL, *line = NULL;
	size_t cap = 0;
	FILE *out = NULL;
	int ret = 0;

	for (int i = 0; i < n && !ret; i++) {
		FILE *in;

		snprintf(path, sizeof(path), "%s/%s", dirs[i], name);
		if (!(in = fopen(path, "r")))
			continue;
		if (getline(&line, &cap, in) < 0) {
			fclose(in);
			continue;
		}
		if (!first) {
			first = strdup(line);
			snprintf(path, sizeof(path), "%s/%s", to, name);
			if (!first || !(out = fopen(path, "w")) ||
			    fprintf(out, "%.*s%s\n", (int)strcspn(line, "\r\n"), line, extra_hdr) < 0)
				ret = -errno ? -errno : -EIO;
		} else if (strcmp(first, line)) {
			snprintf(err, errlen, "%s: the scenario's runs wrote different columns", name);
			ret = -EINVAL;
		}
		while (!ret && getline(&line, &cap, in) >= 0)
			if (fprintf(out, "%.*s%s\n", (int)strcspn(line, "\r\n"), line, extra[i]) < 0)
				ret = -EIO;
		fclose(in);
	}
	if (out && fclose(out) && !ret)
		ret = -EIO;
	if (ret && !err[0])
		snprintf(err, errlen, "cannot write %s: %s", name, strerror(-ret));
	free(first);
	free(line);
	return ret;
}

json_t *rss_sc_load_meta(const char *dir)
{
	char path[PATH_MAX + 16];

	snprintf(path, sizeof(path), "%s/meta.json", dir);
	return json_load_file(path, 0, NULL);
}

/*
 * The joined view is a run of its own, not its last run's (whose run_id it
 * had): readers and the store tell it from a guest's directory kept beside
 * it.  No random bytes: no run_id, as rss_meta_write does.
 */
static void new_run_id(json_t *meta)
{
	unsigned char b[16];
	char id[33];

	json_object_del(meta, "run_id");
	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
		return;
	for (size_t i = 0; i < sizeof(b); i++)
		snprintf(id + 2 * i, 3, "%02x", b[i]);
	json_object_set_new(meta, "run_id", json_string(id));
}

/*
 * Several runs into @to: CSVs joined, the last run's footprint.csv and
 * topology.xml (the largest machine), each run's topology and a row of
 * topologies.csv; meta.json's matrix lists every run's thread count.
 */
int rss_sc_merge(const struct sc_plan *p, char dirs[][PATH_MAX], const int *run_of, int n,
		 const char *to, json_t **meta, char *err, size_t errlen)
{
	char from[PATH_MAX + 64], path[PATH_MAX + 64], file[160], (*extra)[SC_EXTRA_LEN];
	json_t *threads = json_array(), *topos = json_array(), *cmds = json_array();
	struct sc_kernel *k = calloc((size_t)n, sizeof(*k));
	int ret = 0, guests = 0;
	FILE *t;

	extra = calloc((size_t)n, SC_EXTRA_LEN);
	if (!k || !extra)
		rss_die(ENOMEM, "scenario");
	for (int i = 0; i < n && !ret; i++) {
		if (!p->runs[run_of[i]].guest_series)
			continue;
		guests = 1;
		if (rss_sc_guest_identity(dirs[i], &p->runs[run_of[i]], &k[i])) {
			snprintf(err, errlen, "%s/meta.json: unreadable after the guest run", dirs[i]);
			ret = -EINVAL;
		}
		snprintf(extra[i], SC_EXTRA_LEN, ",%s,%d,%s", k[i].release, k[i].vcpus, k[i].era);
	}
	for (size_t i = 0; i < sizeof(joined) / sizeof(joined[0]) && !ret; i++)
		ret = join_csv(dirs, n, to, joined[i], guests ? ",kernel,vcpus,kernel_era" : "",
			       extra, err, errlen);
	for (int i = 0; i < 2 && !ret; i++) {
		const char *name = i ? "topology.xml" : "footprint.csv";

		snprintf(from, sizeof(from), "%s/%s", dirs[n - 1], name);
		snprintf(path, sizeof(path), "%s/%s", to, name);
		ret = copy_file(from, path);
	}
	snprintf(path, sizeof(path), "%s/topologies.csv", to);
	if (!ret && !(t = fopen(path, "w")))
		ret = -errno;
	if (ret) {
		if (!err[0])
			snprintf(err, errlen, "cannot write the scenario's files: %s", strerror(-ret));
		free(k);
		free(extra);
		json_decref(threads);
		json_decref(topos);
		json_decref(cmds);
		return ret;
	}
	fputs("threads,spec,kind,pus,numa_nodes,file\n", t);
	*meta = NULL;
	for (int i = 0; i < n; i++)
		json_array_append_new(threads, json_integer(p->runs[run_of[i]].threads));
	for (int i = 0; i < n && !ret; i++) {
		json_t *m = rss_sc_load_meta(dirs[i]), *topo = json_object_get(m, "topology"), *e;
		int th = p->runs[run_of[i]].threads;

		if (k[i].release[0])
			snprintf(file, sizeof(file), "topology-%s-%d.xml", k[i].release, th);
		else
			snprintf(file, sizeof(file), "topology-%d.xml", th);
		snprintf(from, sizeof(from), "%s/topology.xml", dirs[i]);
		snprintf(path, sizeof(path), "%s/%s", to, file);
		if (!m || !topo) {
			snprintf(err, errlen, "%s/meta.json: unreadable after the run", dirs[i]);
			ret = -EINVAL;
		} else if ((ret = copy_file(from, path)) == 0) {
			fprintf(t, "%d", th);
			rss_csv_sep_field(t, json_string_value(json_object_get(topo, "spec")));
			rss_csv_sep_field(t, json_string_value(json_object_get(topo, "kind")));
			fprintf(t, ",%lld,%lld,%s\n",
				json_integer_value(json_object_get(topo, "pus")),
				json_integer_value(json_object_get(topo, "numa_nodes")), file);
			/* A copy: the last run's matrix becomes the scenario's below. */
			e = json_pack("{s:i, s:s, s:O, s:o}", "threads", th, "file", file, "topology", topo,
				      "matrix", json_deep_copy(json_object_get(m, "matrix")));
			/* A guest's rows carry its kernel: readers check them against this run. */
			if (k[i].release[0]) {
				/* Each guest calibrated its own clock: its rows' ns_per_op follow it. */
				json_object_set(e, "clock_hz",
						json_object_get(json_object_get(m, "clock"), "hz"));
				json_object_set_new(e, "kernel", json_string(k[i].release));
				json_object_set_new(e, "vcpus", json_integer(k[i].vcpus));
				json_object_set_new(e, "kernel_era", json_string(k[i].era));
			}
			json_array_append_new(topos, e);
			json_array_append(cmds, json_object_get(m, "command_line"));
		}
		if (i < n - 1 || ret)
			json_decref(m);
		else
			*meta = m;
	}
	if (fclose(t) && !ret)
		ret = -EIO;
	if (!ret) {
		/*
		 * Each topology has its own migration K (batch - 1): the matrix
		 * lists every run's threads and no migration, so readers check no
		 * (threads, migration) product; topologies[].matrix has each run's.
		 */
		json_object_set(json_object_get(*meta, "matrix"), "threads", threads);
		json_object_del(json_object_get(*meta, "matrix"), "migration");
		json_object_set(*meta, "topologies", topos);
		json_object_set(*meta, "scenario_runs", cmds);
		new_run_id(*meta);
		json_object_set_new(json_object_get(*meta, "files"), "topologies",
				    json_string("topologies.csv"));
	}
	free(k);
	free(extra);
	json_decref(threads);
	json_decref(topos);
	json_decref(cmds);
	if (ret && !err[0])
		snprintf(err, errlen, "cannot write the scenario's topologies: %s", strerror(-ret));
	return ret;
}

/* fleet.csv: every scheme's footprint formulas at the plan's CPU counts, for each fleet. */
int rss_sc_write_fleet(const struct sc_plan *p, const char *to)
{
	const struct scheme_ops *schemes[64];
	char path[PATH_MAX + 16], *buf = NULL;
	size_t len = 0;
	int n = 0, ret = 0;
	FILE *f;

	for (; rss_schemes[n] && n < 64; n++)
		schemes[n] = rss_schemes[n];
	snprintf(path, sizeof(path), "%s/fleet.csv", to);
	if (!(f = fopen(path, "w")))
		return -errno;
	for (int i = 0; i < p->nr_fleets * p->nr_fleet_tasks; i++) {
		FILE *m = open_memstream(&buf, &len);

		if (!m)
			rss_die(ENOMEM, "fleet.csv");
		rss_csv_footprint(m, schemes, n, p->fleet_cpus, p->nr_fleet_cpus, p->fleet_nodes,
				  p->fleet_tasks[i % p->nr_fleet_tasks],
				  p->fleets[i / p->nr_fleet_tasks], NULL);
		fclose(m);
		/* One header: the later blocks' rows follow the first's. */
		fputs(i ? strchr(buf, '\n') + 1 : buf, f);
		free(buf);
		buf = NULL;
	}
	if (fclose(f))
		ret = -EIO;
	return ret;
}

/*
 * meta.json's "capped_at": the schemes whose bound (the larger of under and
 * over, cells.csv) exceeds the plan's cap_pages, each "SCHEME: bound N pages",
 * computed from the run's own rows.
 */
json_t *rss_sc_capped(const struct sc_plan *p, const char *dir)
{
	char path[PATH_MAX + 16], *line = NULL, seen[2048] = ",";
	int cs = -1, cu = -1, co = -1;
	json_t *out = json_array();
	size_t cap = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/cells.csv", dir);
	if (!(f = fopen(path, "r")))
		return out;
	for (int row = 0; getline(&line, &cap, f) >= 0; row++) {
		char *v[256], *scheme = NULL;	/* cells.csv has about 40 columns */
		long b = -1;
		int nr;

		line[strcspn(line, "\r\n")] = 0;
		nr = rss_csv_split(line, v, 256);
		for (int c = 0; c < nr && c < 256; c++) {
			if (!row) {
				cs = strcmp(v[c], "scheme") ? cs : c;
				cu = strcmp(v[c], "bound_under") ? cu : c;
				co = strcmp(v[c], "bound_over") ? co : c;
			} else if (c == cs) {
				scheme = v[c];
			} else if ((c == cu || c == co) && strcmp(v[c], "NA") && atol(v[c]) > b) {
				b = atol(v[c]);
			}
		}
		if (row && scheme && b > p->cap_pages) {
			char key[80], item[160];

			snprintf(key, sizeof(key), ",%s,", scheme);
			if (strstr(seen, key))
				continue;
			snprintf(seen + strlen(seen), sizeof(seen) - strlen(seen), "%s,", scheme);
			snprintf(item, sizeof(item), "%s: bound %ld pages", scheme, b);
			json_array_append_new(out, json_string(item));
		}
	}
	free(line);
	fclose(f);
	return out;
}
