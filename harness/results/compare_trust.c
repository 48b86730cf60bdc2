/*
 * compare_trust.c - what the gate may judge between two results directories
 * (doc/compare.md, "What the gate judges"): whether their time columns are
 * comparable timings of one kind of machine, neither run busy by its own
 * meta.json host_state, and whether their settled error is an exact figure.
 * meta.json is untrusted: a value of the wrong type is as good as absent.
 */
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compare_impl.h"
#include "hostinfo.h"
#include "infile.h"
#include "results.h"

/* host_state's number @key, or NAN; load_before/after's 1-minute figure for an array. */
static double state_num(const struct rss_resdir *d, const char *key)
{
	json_t *h = json_object_get(d->meta, "host_state");
	json_t *v = json_object_get(h, key);

	if (json_is_array(v))
		v = json_array_get(v, 0);
	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* host_state's string @key escaped into @buf, or "" when absent. */
static const char *state_str(const struct rss_resdir *d, const char *key, char *buf, size_t len)
{
	const char *s = json_string_value(json_object_get(json_object_get(d->meta, "host_state"),
							  key));

	return rss_escape_str(buf, len, s ? s : "");
}

/* Why run @d was busy by its own record (@side names it), in @buf; NULL when not. */
static const char *busy(const struct rss_resdir *d, const char *side, char *buf, size_t len)
{
	static const char *const when[] = { "load_before", "load_after" };
	double cpus = state_num(d, "online_cpus");

	for (int i = 0; i < 2; i++) {
		double l = state_num(d, when[i]);

		if (cpus > 0 && l > cpus) {
			snprintf(buf, len, "the %s run was busy: load average %.2f %s it, above its %.0f online CPUs",
				 side, l, i ? "after" : "before", cpus);
			return buf;
		}
	}
	return NULL;
}

/* meta.json's ab's string @key of @d, or NULL. */
static const char *ab_str(const struct rss_resdir *d, const char *key)
{
	return json_string_value(json_object_get(json_object_get(d->meta, "ab"), key));
}

/* Whether side @sa and side @sb are "A" and "B", in either order. */
static int ab_sides(const char *sa, const char *sb)
{
	return sa && sb && ((!strcmp(sa, "A") && !strcmp(sb, "B")) ||
			    (!strcmp(sa, "B") && !strcmp(sb, "A")));
}

/*
 * Whether @a and @b are the two sides of one `rssbench ab` run: sides "A" and
 * "B" (no other string), each naming the other's run_id as other_run_id, the
 * same rounds, an integer in ab's --rounds range 1..100.
 */
static int ab_pair(const struct rss_resdir *a, const struct rss_resdir *b)
{
	const char *oa = ab_str(a, "other_run_id"), *ob = ab_str(b, "other_run_id");
	json_t *ra = json_object_get(json_object_get(a->meta, "ab"), "rounds");
	json_t *rb = json_object_get(json_object_get(b->meta, "ab"), "rounds");

	return ab_sides(ab_str(a, "side"), ab_str(b, "side")) && oa && ob && *a->run_id &&
	       *b->run_id && !strcmp(oa, b->run_id) && !strcmp(ob, a->run_id) &&
	       json_is_integer(ra) && json_integer_value(ra) >= 1 &&
	       json_integer_value(ra) <= 100 && json_equal(ra, rb);
}

const char *rss_cmp_time_untrusted(const struct rss_resdir *a, const struct rss_resdir *b,
				   char *buf, size_t len, char *note, size_t notelen)
{
	char ha[128], hb[128];

	*note = 0;

	if (!strcmp(a->topo_kind, "virtual") || !strcmp(b->topo_kind, "virtual")) {
		snprintf(buf, len, "a virtual topology (%s): its CPUs are threads sharing the host's PUs, its timings are no machine's",
			 strcmp(a->topo_kind, "virtual") ? "the candidate" :
			 strcmp(b->topo_kind, "virtual") ? "the baseline" : "both sides");
		return buf;
	}
	if (strcmp(a->topo_kind, b->topo_kind)) {
		snprintf(buf, len, "different topology kinds (baseline %s, candidate %s)",
			 *a->topo_kind ? a->topo_kind : "not recorded",
			 *b->topo_kind ? b->topo_kind : "not recorded");
		return buf;
	}
	if (!*a->cpu_model || strcmp(a->cpu_model, b->cpu_model)) {
		snprintf(buf, len, "different CPU models (baseline %s, candidate %s)",
			 *a->cpu_model ? a->cpu_model : "not recorded",
			 *b->cpu_model ? b->cpu_model : "not recorded");
		return buf;
	}
	state_str(a, "hypervisor", ha, sizeof(ha));
	state_str(b, "hypervisor", hb, sizeof(hb));
	if (strcmp(ha, hb)) {
		snprintf(buf, len, "a guest's timings against a machine's or another guest's (hypervisor: baseline %s, candidate %s)",
			 *ha ? ha : "not recorded", *hb ? hb : "not recorded");
		return buf;
	}
	if (!busy(a, "baseline", buf, len) && !busy(b, "candidate", buf, len))
		return NULL;
	if (!ab_pair(a, b))
		return buf;
	/* ABAB...: whatever loaded the machine fell on both builds alike, round
	 * by round; a cell whose repetitions it spread is still noisy. */
	snprintf(note, notelen, "timings are gated although %s: the runs are one interleaved A/B pair (rssbench ab), so the load fell on both sides alike; a noisy cell is still inconclusive",
		 buf);
	return NULL;
}

int rss_resdir_busy_line(const struct rss_resdir *d, char *buf, size_t len)
{
	json_t *noise = json_object_get(d->meta, "noise");
	json_t *noisy = json_object_get(noise, "noisy_cells"), *cells = json_object_get(noise, "cells");
	double cpus = state_num(d, "online_cpus"), before = state_num(d, "load_before");
	double after = state_num(d, "load_after");
	struct rss_host_state h = { .online_cpus = 0 };
	struct rss_run_opts o = { .host_state = &h };

	buf[0] = '\0';
	/* Numbers only, each checked: nothing of meta.json's text is printed. */
	if (!(before >= 0 && before < 1e6 && after >= 0 && after < 1e6))
		return 0;
	h.online_cpus = cpus >= 1 && cpus <= RSS_MAX_CPUS ? (int)cpus : 0;
	h.load_before[0] = before;
	h.load_after[0] = after;
	if (json_is_integer(noisy) && json_is_integer(cells) && json_integer_value(noisy) >= 0 &&
	    json_integer_value(noisy) <= json_integer_value(cells) &&
	    json_integer_value(cells) <= INT_MAX) {
		h.noisy_cells = (int)json_integer_value(noisy);
		h.nr_cells = (int)json_integer_value(cells);
	}
	return rss_busy_line(&o, buf, len);
}

/* matrix's @key of @d as a JSON value (NULL when absent). */
static json_t *matrix_val(const struct rss_resdir *d, const char *key)
{
	return json_object_get(json_object_get(d->meta, "matrix"), key);
}

/* The same positive -e, seed, tasks, workload parameters and topology. */
static int same_events_run(const struct rss_resdir *a, const struct rss_resdir *b,
			   int same_topology)
{
	static const char *const same[] = { "events_per_task", "seed", "tasks", "tasks_per_mm" };
	json_t *ea = matrix_val(a, "events_per_task");

	if (!same_topology || strcmp(a->params, b->params) || !*a->params ||
	    !json_is_integer(ea) || json_integer_value(ea) <= 0)
		return 0;
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *va = matrix_val(a, same[i]), *vb = matrix_val(b, same[i]);

		if (!json_is_integer(va) || !json_is_integer(vb) ||
		    json_integer_value(va) != json_integer_value(vb))
			return 0;
	}
	return 1;
}

int rss_cmp_error_exact(const struct rss_resdir *a, const struct rss_resdir *b, int same_topology)
{
	json_t *sa = matrix_val(a, "slice_ops"), *sb = matrix_val(b, "slice_ops");

	/* Serialized CPUs, a fixed number of updates and slices in operations:
	 * every update in the same order (doc/scenarios.md). */
	return same_events_run(a, b, same_topology) &&
	       json_is_true(matrix_val(a, "serialize")) && json_is_true(matrix_val(b, "serialize")) &&
	       json_is_integer(sa) && json_is_integer(sb) &&
	       json_integer_value(sa) == json_integer_value(sb);
}

int rss_cmp_model_exact(const struct rss_resdir *a, const struct rss_resdir *b, int same_topology)
{
	/* The model pass is serialized and counts its slices in operations. */
	return a->model && b->model && same_events_run(a, b, same_topology);
}
