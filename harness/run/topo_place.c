/*
 * topo_place.c - placement policies (compact, scatter, CPU lists) over the
 * CPUs this process may run on, and binding workers to host PUs.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "topo.h"
#include "topo_impl.h"

/* Why @obj selects no CPU: a memory-only node, or nothing allowed. */
static void explain_empty(const struct rss_topo *t, hwloc_obj_t obj, const char *s,
			  char *err, size_t errlen)
{
	if (obj->type == HWLOC_OBJ_NUMANODE && !rss_topo_node_has_cpus(t, obj))
		snprintf(err, errlen, "bad CPU list \"%.64s%s\": NUMA node L#%u (P#%u%s%s) has no CPUs (memory only: cpu_to_node() names it for none); give a node with CPUs ('rssbench topo' lists them)",
			 s, strlen(s) > 64 ? "..." : "", obj->logical_index, obj->os_index, obj->subtype ? ", " : "",
			 obj->subtype ? obj->subtype : "");
	else
		snprintf(err, errlen, "bad CPU list \"%.64s%s\": %s L#%u has no CPU this process may run on; 'rssbench topo' lists the allowed CPUs",
			 s, strlen(s) > 64 ? "..." : "", hwloc_obj_type_string(obj->type), obj->logical_index);
}

/* The allowed CPUs of @obj (a NUMA node: the CPUs cpu_to_node() puts on it). */
static void obj_cpus(const struct rss_topo *t, hwloc_obj_t obj, hwloc_bitmap_t set)
{
	for (int cpu = 0; cpu < t->m.nr_cpu_ids; cpu++)
		if (rss_cpumask_test(t->allowed, cpu) &&
		    (obj->type == HWLOC_OBJ_NUMANODE ? t->cpu_node[cpu] == (int)obj->os_index :
		     hwloc_bitmap_isset(obj->cpuset, (unsigned)cpu)))
			hwloc_bitmap_set(set, (unsigned)cpu);
}

/*
 * "0-3,8": indexes and ranges A-B (A <= B), comma-separated, each a plain
 * decimal below RSS_MAX_CPUS (a CPU id or an object's logical index never
 * reaches it), into @idx.  Read here rather than by
 * hwloc_bitmap_list_sscanf(), whose strtoul wraps 4294967297 to 1 and
 * reads "-1" as an empty range.  0, or -EINVAL with the reason in @why.
 */
static int list_parse(const char *list, hwloc_bitmap_t idx, char *why, size_t len)
{
	const char *p = list;

	for (;;) {
		long a, b;
		size_t n = strspn(p, "0123456789"), m = 0;

		if (!n || n > 5) {
			snprintf(why, len, n ? "a number beyond the %d CPUs rssbench models" :
				 "an empty item or a sign", RSS_MAX_CPUS);
			return -EINVAL;
		}
		a = b = strtol(p, NULL, 10);
		if (p[n] == '-') {
			m = strspn(p + n + 1, "0123456789");
			if (!m || m > 5) {
				snprintf(why, len, "a range without an end below %d", RSS_MAX_CPUS);
				return -EINVAL;
			}
			b = strtol(p + n + 1, NULL, 10);
			m++;
		}
		if (a > b) {
			snprintf(why, len, "the range %ld-%ld runs backwards", a, b);
			return -EINVAL;
		}
		if (b >= RSS_MAX_CPUS) {
			snprintf(why, len, "%ld is beyond the %d CPUs rssbench models", b, RSS_MAX_CPUS);
			return -EINVAL;
		}
		hwloc_bitmap_set_range(idx, (unsigned)a, (int)b);
		p += n + m;
		if (!*p)
			return 0;
		if (*p++ != ',' || !*p) {
			snprintf(why, len, "%s", p[-1] == ',' ? "a trailing comma" : "a character that is not a digit, comma or dash");
			return -EINVAL;
		}
	}
}

/*
 * A CPU list: "TYPE:LIST" selects objects by logical index (hwloc-calc
 * style), a plain "LIST" selects CPUs by OS index (the kernel's CPU
 * number).  The result is the set of allowed CPUs covered, in PU order, as
 * CPU ids.  Returns the count or -EINVAL.
 */
static int parse_cpu_list(const struct rss_topo *t, const char *s, int *cpus,
			  char *err, size_t errlen)
{
	hwloc_bitmap_t idx = hwloc_bitmap_alloc(), set = hwloc_bitmap_alloc();
	const char *colon = strchr(s, ':');
	const char *list = colon ? colon + 1 : s;
	hwloc_obj_type_t type = HWLOC_OBJ_PU;
	int n = 0, ret = -EINVAL, i;
	char why[96];

	if (!idx || !set)
		goto out;
	/* Digits, commas and dashes only: no infinite "3-" ranges, no wrapping. */
	if (list_parse(list, idx, why, sizeof(why))) {
		snprintf(err, errlen, "bad CPU list \"%.64s%s\" (%s): use compact, scatter, OS indexes like \"0-3,8\" or TYPE:LIST like \"core:0-1\"",
			 s, strlen(s) > 64 ? "..." : "", why);
		goto out;
	}
	if (colon) {
		char tname[32];

		snprintf(tname, sizeof(tname), "%.*s", (int)(colon - s), s);
		if (hwloc_type_sscanf(tname, &type, NULL, 0)) {
			snprintf(err, errlen, "bad CPU list \"%.64s%s\": unknown object type \"%s\"; use pu, core, l3cache, numa or package",
				 s, strlen(s) > 64 ? "..." : "", tname);
			goto out;
		}
	}
	for (i = hwloc_bitmap_first(idx); i >= 0; i = hwloc_bitmap_next(idx, i)) {
		hwloc_obj_t obj = colon ? hwloc_get_obj_by_type(t->topo, type, (unsigned)i) : NULL;
		int before = hwloc_bitmap_weight(set);

		if (colon && (!obj || !obj->cpuset)) {
			snprintf(err, errlen, "bad CPU list \"%.64s%s\": %s %d is not in the topology; 'rssbench topo' lists them",
				 s, strlen(s) > 64 ? "..." : "", hwloc_obj_type_string(type), i);
			goto out;
		}
		if (colon) {
			obj_cpus(t, obj, set);
			if (hwloc_bitmap_weight(set) == before) {
				explain_empty(t, obj, s, err, errlen);
				goto out;
			}
		} else if (i >= t->m.nr_cpu_ids || !rss_cpumask_test(t->online, i)) {
			snprintf(err, errlen, "bad CPU list \"%.64s%s\": CPU %d is %s; 'rssbench topo' lists them", s, strlen(s) > 64 ? "..." : "", i,
				 i < t->m.nr_cpu_ids && rss_cpumask_test(t->possible, i) ?
				 "offline" : "not in the topology");
			goto out;
		} else if (!rss_cpumask_test(t->allowed, i)) {
			snprintf(err, errlen, "bad CPU list \"%.64s%s\": CPU %d is outside the CPUs this process may run on (taskset, cgroup cpuset); 'rssbench topo' lists them",
				 s, strlen(s) > 64 ? "..." : "", i);
			goto out;
		} else {
			hwloc_bitmap_set(set, (unsigned)i);
		}
	}
	for (hwloc_obj_t pu = NULL;
	     (pu = hwloc_get_next_obj_inside_cpuset_by_type(t->topo, set, HWLOC_OBJ_PU, pu));)
		if (cpus)
			cpus[n++] = (int)pu->os_index;
		else
			n++;
	ret = n;
out:
	hwloc_bitmap_free(idx);
	hwloc_bitmap_free(set);
	return ret;
}

int rss_topo_place_max(const struct rss_topo *t, const char *placement,
		       char *err, size_t errlen)
{
	if (!strcmp(placement, "compact") || !strcmp(placement, "scatter"))
		return t->m.nr_allowed;
	return parse_cpu_list(t, placement, NULL, err, errlen);
}

/* hwloc_distrib() over the allowed CPUs only (the restricted view). */
static int place_scatter(const struct rss_topo *t, int n, int *cpus)
{
	hwloc_obj_t root = hwloc_get_root_obj(t->placed);
	hwloc_cpuset_t *sets = calloc((size_t)n, sizeof(*sets));
	int ret = 0;

	if (!sets)
		return -ENOMEM;
	/* hwloc_distrib() allocates the sets (hwloc_bitmap_dup) itself. */
	if (hwloc_distrib(t->placed, &root, 1, sets, (unsigned)n, INT_MAX, 0))
		ret = -EINVAL;
	for (int i = 0; i < n; i++) {
		if (!ret) {
			hwloc_bitmap_singlify(sets[i]);
			cpus[i] = hwloc_bitmap_first(sets[i]);
			if (cpus[i] < 0 || !rss_cpumask_test(t->allowed, cpus[i]))
				ret = -EINVAL;
		}
		hwloc_bitmap_free(sets[i]);
	}
	free(sets);
	return ret;
}

int rss_topo_place(const struct rss_topo *t, const char *placement, int n,
		   int *cpus, char *err, size_t errlen)
{
	int max = rss_topo_place_max(t, placement, err, errlen);

	if (max < 0)
		return max;
	if (n < 1 || n > max) {
		snprintf(err, errlen, "cannot place %d thread%s with \"%s\": it has %d CPU%s this process may run on; ask for 1-%d (or max)",
			 n, rss_s(n), placement, max, rss_s(max), max);
		return -EINVAL;
	}
	if (!strcmp(placement, "compact")) {
		hwloc_obj_t pu = NULL;

		for (int i = 0; i < n && (pu = hwloc_get_next_obj_by_type(t->placed, HWLOC_OBJ_PU, pu)); i++)
			cpus[i] = (int)pu->os_index;
		return 0;
	}
	if (!strcmp(placement, "scatter")) {
		if (place_scatter(t, n, cpus)) {
			snprintf(err, errlen, "hwloc could not scatter %d threads", n);
			return -EINVAL;
		}
		return 0;
	}
	int *all = calloc((size_t)max, sizeof(int));

	if (!all)
		return -ENOMEM;
	parse_cpu_list(t, placement, all, err, errlen);
	memcpy(cpus, all, (size_t)n * sizeof(int));
	free(all);
	return 0;
}

int rss_topo_host_pu(const struct rss_topo *t, int cpu)
{
	if (cpu < 0 || cpu >= t->m.nr_cpu_ids || t->allowed_pos[cpu] < 0)
		return -1;
	return t->is_virtual ? t->host_pu[t->allowed_pos[cpu] % t->nr_host_pus] : cpu;
}

int rss_topo_bind_thread(const struct rss_topo *t, int cpu)
{
	int os = rss_topo_host_pu(t, cpu);
	hwloc_obj_t pu = os < 0 ? NULL : hwloc_get_pu_obj_by_os_index(t->host, (unsigned)os);

	if (!pu)
		return -EINVAL;
	if (hwloc_set_cpubind(t->host, pu->cpuset, HWLOC_CPUBIND_THREAD))
		return -errno;
	return 0;
}
