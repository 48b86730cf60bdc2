/*
 * topo.c - everything hwloc: loading the host or a virtual topology,
 * placement policies, thread binding and the XML export.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hwloc.h>

#include "rss.h"
#include "topo.h"

struct rss_topo {
	hwloc_topology_t topo;	/* the one described */
	hwloc_topology_t host;	/* the one bound to; == topo unless virtual */
	int is_virtual;
	char spec[512];
	int nr_cpus;
	int nr_nodes;
	int host_pus;
	int *cpu_node;
	unsigned long *mask;	/* possible == online == allowed, for now */
};

static int load(hwloc_topology_t *out, const char *spec, int is_xml)
{
	hwloc_topology_t t;

	if (hwloc_topology_init(&t))
		return -ENOMEM;
	if (spec && (is_xml ? hwloc_topology_set_xml(t, spec) :
			      hwloc_topology_set_synthetic(t, spec))) {
		hwloc_topology_destroy(t);
		return -EINVAL;
	}
	if (hwloc_topology_load(t)) {
		hwloc_topology_destroy(t);
		return -EINVAL;
	}
	*out = t;
	return 0;
}

static int fill_nodes(struct rss_topo *t)
{
	int nr_numa = hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_NUMANODE);

	t->nr_cpus = hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_PU);
	t->nr_nodes = nr_numa > 0 ? nr_numa : 1;
	if (t->nr_cpus <= 0 || t->nr_cpus > RSS_MAX_CPUS)
		return -EINVAL;		/* the caller says which */
	t->cpu_node = calloc((size_t)t->nr_cpus, sizeof(int));
	t->mask = calloc((size_t)RSS_CPUMASK_LONGS(t->nr_cpus), sizeof(long));
	if (!t->cpu_node || !t->mask)
		return -ENOMEM;
	for (int cpu = 0; cpu < t->nr_cpus; cpu++)
		t->mask[cpu / RSS_BITS_PER_LONG] |= 1UL << (cpu % RSS_BITS_PER_LONG);
	for (int n = 0; n < nr_numa; n++) {
		hwloc_obj_t node = hwloc_get_obj_by_type(t->topo, HWLOC_OBJ_NUMANODE, n);
		hwloc_obj_t pu = NULL;

		if (!node)
			continue;
		while ((pu = hwloc_get_next_obj_inside_cpuset_by_type(t->topo,
				node->cpuset, HWLOC_OBJ_PU, pu)))
			t->cpu_node[pu->logical_index] = n;
	}
	return 0;
}

/*
 * PUs an hwloc synthetic description builds: the product of its level
 * counts ("package:2 core:4 pu:2", "2 4 2"; attributes in parentheses and
 * attached memory in brackets do not multiply), counted before hwloc builds
 * it.  Saturates at RSS_MAX_CPUS + 1; a token it cannot read counts 1 and is
 * left to hwloc's parser.
 */
static long synthetic_pus(const char *spec)
{
	long pus = 1;

	while (*spec) {
		const char *tok = spec + strspn(spec, " \t\n");
		size_t len = strcspn(tok, " \t\n");
		const char *colon = memchr(tok, ':', len);
		const char *num = colon ? colon + 1 : tok;
		char *end;
		long n;

		spec = tok + len;
		if (!len || *tok == '[' || !(*num >= '0' && *num <= '9'))
			continue;
		errno = 0;
		n = strtol(num, &end, 10);
		if (errno || n > RSS_MAX_CPUS)
			return RSS_MAX_CPUS + 1L;
		if (end == num || (end < tok + len && *end != '('))
			continue;
		pus *= n > 0 ? n : 1;
		if (pus > RSS_MAX_CPUS)
			return RSS_MAX_CPUS + 1L;
	}
	return pus;
}

int rss_topo_open(struct rss_topo **out, const char *spec, char *err, size_t errlen)
{
	struct rss_topo *t = calloc(1, sizeof(*t));
	int is_host = !spec || !strcmp(spec, "host");
	int is_xml = !is_host && access(spec, R_OK) == 0;
	int ret;

	if (!t)
		return -ENOMEM;
	snprintf(t->spec, sizeof(t->spec), "%s", is_host ? "host" : spec);
	ret = load(&t->host, NULL, 0);
	if (ret) {
		snprintf(err, errlen, "cannot read this machine's topology with hwloc");
		goto err_free;
	}
	if (is_host) {
		t->topo = t->host;
	} else {
		t->is_virtual = 1;
		ret = is_xml ? rss_topo_xml_check(spec, err, errlen) : 0;
		if (ret)
			goto err_host;
		if (!is_xml && synthetic_pus(spec) > RSS_MAX_CPUS) {
			snprintf(err, errlen, "topology \"%s\" has more than %d CPUs, the most rssbench models (the kernel's largest NR_CPUS); give fewer",
				 spec, RSS_MAX_CPUS);
			ret = -EINVAL;
			goto err_host;
		}
		ret = load(&t->topo, spec, is_xml);
		if (ret) {
			snprintf(err, errlen, is_xml ?
				 "bad topology \"%s\": not a valid hwloc XML file; give one written by 'lstopo FILE.xml' or a results topology.xml" :
				 "bad topology \"%s\": neither a readable XML file nor an hwloc synthetic description; write it like \"package:2 numa:2 core:4 pu:2\"",
				 spec);
			goto err_host;
		}
	}
	t->host_pus = hwloc_get_nbobjs_by_type(t->host, HWLOC_OBJ_PU);
	ret = fill_nodes(t);
	if (ret || t->nr_cpus <= 0 || t->host_pus <= 0 || t->nr_cpus > RSS_MAX_CPUS) {
		if (t->nr_cpus > RSS_MAX_CPUS)
			snprintf(err, errlen, "topology \"%s\" has more than %d CPUs, the most rssbench models; give fewer",
				 t->spec, RSS_MAX_CPUS);
		else
			snprintf(err, errlen, "topology \"%s\" has no CPUs; describe at least one PU",
				 t->spec);
		ret = -EINVAL;
		goto err_topo;
	}
	*out = t;
	return 0;

err_topo:
	free(t->cpu_node);
	free(t->mask);
	if (t->topo != t->host)
		hwloc_topology_destroy(t->topo);
err_host:
	hwloc_topology_destroy(t->host);
err_free:
	free(t);
	return ret;
}

void rss_topo_close(struct rss_topo *t)
{
	if (!t)
		return;
	if (t->topo != t->host)
		hwloc_topology_destroy(t->topo);
	hwloc_topology_destroy(t->host);
	free(t->cpu_node);
	free(t->mask);
	free(t);
}

int rss_topo_is_virtual(const struct rss_topo *t) { return t->is_virtual; }
const char *rss_topo_spec(const struct rss_topo *t) { return t->spec; }
int rss_topo_nr_cpus(const struct rss_topo *t) { return t->nr_cpus; }
int rss_topo_nr_nodes(const struct rss_topo *t) { return t->nr_nodes; }
const int *rss_topo_cpu_nodes(const struct rss_topo *t) { return t->cpu_node; }
int rss_topo_host_pus(const struct rss_topo *t) { return t->host_pus; }

void rss_topo_machine(const struct rss_topo *t, struct machine *m)
{
	*m = (struct machine){
		.nr_cpu_ids = t->nr_cpus, .nr_possible = t->nr_cpus, .nr_online = t->nr_cpus,
		.nr_allowed = t->nr_cpus, .possible_mask = t->mask, .online_mask = t->mask,
		.allowed_mask = t->mask, .nr_node_ids = t->nr_nodes, .nr_nodes = t->nr_nodes,
		.cpu_node = t->cpu_node,
	};
}

int rss_topo_nr_packages(const struct rss_topo *t)
{
	int n = hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_PACKAGE);

	return n > 0 ? n : 1;
}

int rss_topo_nr_cores(const struct rss_topo *t)
{
	int n = hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_CORE);

	return n > 0 ? n : t->nr_cpus;
}

/*
 * A CPU list: "TYPE:LIST" selects objects by logical index (hwloc-calc
 * style), a plain "LIST" selects PUs by OS index.  The result is the set of
 * PUs covered, in logical order.  Returns the count or -EINVAL.
 */
static int parse_cpu_list(const struct rss_topo *t, const char *s, int *cpus,
			  char *err, size_t errlen)
{
	hwloc_bitmap_t idx = hwloc_bitmap_alloc(), set = hwloc_bitmap_alloc();
	const char *colon = strchr(s, ':');
	const char *list = colon ? colon + 1 : s;
	hwloc_obj_type_t type = HWLOC_OBJ_PU;
	int n = 0, ret = -EINVAL, i;

	if (!idx || !set)
		goto out;
	/* Digits, commas and dashes only: no infinite "3-" ranges either. */
	if (!*list || strspn(list, "0123456789,-") != strlen(list) ||
	    list[strlen(list) - 1] == '-' ||
	    hwloc_bitmap_list_sscanf(idx, list) || hwloc_bitmap_iszero(idx) ||
	    hwloc_bitmap_weight(idx) < 0) {
		snprintf(err, errlen, "bad CPU list \"%s\": use compact, scatter, OS indexes like \"0-3,8\" or TYPE:LIST like \"core:0-1\"", s);
		goto out;
	}
	if (colon) {
		char tname[32];

		snprintf(tname, sizeof(tname), "%.*s", (int)(colon - s), s);
		if (hwloc_type_sscanf(tname, &type, NULL, 0)) {
			snprintf(err, errlen, "bad CPU list \"%s\": unknown object type \"%s\"; use pu, core, l3cache, numa or package", s, tname);
			goto out;
		}
	}
	for (i = hwloc_bitmap_first(idx); i >= 0; i = hwloc_bitmap_next(idx, i)) {
		hwloc_obj_t obj = colon ? hwloc_get_obj_by_type(t->topo, type, (unsigned)i) :
					  hwloc_get_pu_obj_by_os_index(t->topo, (unsigned)i);

		if (!obj || !obj->cpuset) {
			snprintf(err, errlen, "bad CPU list \"%s\": %s %d is not in the topology; 'rssbench topo' lists them",
				 s, colon ? hwloc_obj_type_string(type) : "CPU", i);
			goto out;
		}
		hwloc_bitmap_or(set, set, obj->cpuset);
	}
	for (hwloc_obj_t pu = NULL;
	     (pu = hwloc_get_next_obj_inside_cpuset_by_type(t->topo, set, HWLOC_OBJ_PU, pu));)
		if (cpus)
			cpus[n++] = (int)pu->logical_index;
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
		return t->nr_cpus;
	return parse_cpu_list(t, placement, NULL, err, errlen);
}

static int place_scatter(const struct rss_topo *t, int n, int *cpus)
{
	hwloc_obj_t root = hwloc_get_root_obj(t->topo);
	hwloc_cpuset_t *sets = calloc((size_t)n, sizeof(*sets));
	int ret = 0;

	if (!sets)
		return -ENOMEM;
	/* hwloc_distrib() allocates the sets (hwloc_bitmap_dup) itself. */
	if (hwloc_distrib(t->topo, &root, 1, sets, (unsigned)n, INT_MAX, 0))
		ret = -EINVAL;
	for (int i = 0; i < n; i++) {
		hwloc_obj_t pu;

		if (!ret) {
			hwloc_bitmap_singlify(sets[i]);
			pu = hwloc_get_obj_covering_cpuset(t->topo, sets[i]);
			while (pu && pu->type != HWLOC_OBJ_PU)
				pu = pu->first_child;
			if (pu)
				cpus[i] = (int)pu->logical_index;
			else
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
		snprintf(err, errlen, "cannot place %d threads with \"%s\": it has %d CPUs; ask for 1-%d (or max)",
			 n, placement, max, max);
		return -EINVAL;
	}
	if (!strcmp(placement, "compact")) {
		for (int i = 0; i < n; i++)
			cpus[i] = i;
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

int rss_topo_bind_thread(const struct rss_topo *t, int cpu)
{
	int pu_index = t->is_virtual ? cpu % t->host_pus : cpu;
	hwloc_obj_t pu = hwloc_get_obj_by_type(t->host, HWLOC_OBJ_PU, (unsigned)pu_index);

	if (!pu)
		return -EINVAL;
	if (hwloc_set_cpubind(t->host, pu->cpuset, HWLOC_CPUBIND_THREAD))
		return -errno;
	return 0;
}

int rss_topo_export_xml(const struct rss_topo *t, const char *path)
{
	return hwloc_topology_export_xml(t->topo, path, 0) ? -errno : 0;
}

static int first_weight(hwloc_topology_t topo, hwloc_obj_type_t type)
{
	hwloc_obj_t obj = hwloc_get_obj_by_type(topo, type, 0);

	return obj && obj->cpuset ? hwloc_bitmap_weight(obj->cpuset) : 0;
}

int rss_topo_levels_xml(const char *path, struct rss_topo_levels *lv, char *err,
			size_t errlen)
{
	static const hwloc_obj_type_t caches[] = {
		HWLOC_OBJ_L5CACHE, HWLOC_OBJ_L4CACHE, HWLOC_OBJ_L3CACHE,
		HWLOC_OBJ_L2CACHE, HWLOC_OBJ_L1CACHE,
	};
	hwloc_topology_t t;

	if (rss_topo_xml_check(path, err, errlen))
		return -EINVAL;
	if (load(&t, path, 1)) {
		snprintf(err, errlen, "%s: not a readable hwloc XML topology; rerun 'rssbench run' to write it again",
			 path);
		return -EINVAL;
	}
	lv->machine = hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_PU);
	lv->core = first_weight(t, HWLOC_OBJ_CORE);
	if (lv->core <= 0)
		lv->core = 1;
	lv->cache = 0;
	for (size_t i = 0; i < sizeof(caches) / sizeof(caches[0]) && !lv->cache; i++)
		lv->cache = first_weight(t, caches[i]);
	lv->node = first_weight(t, HWLOC_OBJ_NUMANODE);
	if (lv->node <= 0)
		lv->node = lv->machine;
	hwloc_topology_destroy(t);
	if (lv->machine <= 0) {
		snprintf(err, errlen, "%s: the topology has no PUs; rerun 'rssbench run' to write it again",
			 path);
		return -EINVAL;
	}
	return 0;
}

static int ancestor_index(hwloc_topology_t topo, hwloc_obj_t pu, hwloc_obj_type_t type)
{
	hwloc_obj_t a = hwloc_get_ancestor_obj_by_type(topo, type, pu);

	return a ? (int)a->logical_index : 0;
}

void rss_topo_print(const struct rss_topo *t, FILE *f)
{
	fprintf(f, "topology: %s%s\n", t->spec, t->is_virtual ? " (virtual CPUs)" : "");
	fprintf(f, "packages %d, NUMA nodes %d, cores %d, PUs %d; host PUs %d\n",
		rss_topo_nr_packages(t), t->nr_nodes, rss_topo_nr_cores(t),
		t->nr_cpus, t->host_pus);
	fprintf(f, "%-5s %-6s %-7s %-5s %-4s %s\n", "cpu", "os", "package", "core", "node",
		t->is_virtual ? "host-pu" : "");
	for (int i = 0; i < t->nr_cpus; i++) {
		hwloc_obj_t pu = hwloc_get_obj_by_type(t->topo, HWLOC_OBJ_PU, (unsigned)i);

		if (!pu)
			continue;
		fprintf(f, "%-5d %-6u %-7d %-5d %-4d", i, pu->os_index,
			ancestor_index(t->topo, pu, HWLOC_OBJ_PACKAGE),
			ancestor_index(t->topo, pu, HWLOC_OBJ_CORE), t->cpu_node[i]);
		if (t->is_virtual)
			fprintf(f, " %d", i % t->host_pus);
		fputc('\n', f);
	}
}

const char *rss_topo_hwloc_version(void)
{
	static char buf[32];
	unsigned v = hwloc_get_api_version();

	snprintf(buf, sizeof(buf), "%u.%u.%u", v >> 16, (v >> 8) & 0xff, v & 0xff);
	return buf;
}

const char *rss_topo_cpu_model(const struct rss_topo *t)
{
	hwloc_obj_t pkg = hwloc_get_obj_by_type(t->host, HWLOC_OBJ_PACKAGE, 0);
	const char *model = pkg ? hwloc_obj_get_info_by_name(pkg, "CPUModel") : NULL;

	return model ? model : "unknown";
}
