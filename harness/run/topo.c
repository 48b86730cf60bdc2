/*
 * topo.c - loading the host or a virtual topology with hwloc and reading
 * the machine from it as the kernel sees it (possible, online and allowed
 * CPUs, cpu_to_node(), OS node numbers) and the XML export; the summary
 * `rssbench topo` prints is in topo_print.c.
 * Placement and binding are in topo_place.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hwloc.h>

#include "rss.h"
#include "topo.h"
#include "topo_impl.h"

static int load(hwloc_topology_t *out, const char *spec, int is_xml, unsigned long flags)
{
	hwloc_topology_t t;

	if (hwloc_topology_init(&t))
		return -ENOMEM;
	if (hwloc_topology_set_flags(t, flags) ||
	    (spec && (is_xml ? hwloc_topology_set_xml(t, spec) :
			       hwloc_topology_set_synthetic(t, spec)))) {
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

/*
 * The major number of an hwloc XML file's format (<topology version="2.0">),
 * 0 when it says none.  hwloc 2 refuses format 3 and gives its reason only
 * on stderr under HWLOC_XML_VERBOSE, so the message is built from this.
 */
static int xml_format_major(const char *path)
{
	char buf[4096], *p;
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	p = strstr(buf, "<topology");
	if (!p || !(p = strstr(p, "version=\"")))
		return 0;
	return atoi(p + 9);
}

/* An hwloc bitmap as a cpumask of @nr bits; NULL on -ENOMEM. */
static unsigned long *to_mask(hwloc_const_bitmap_t set, int nr)
{
	unsigned long *mask = calloc((size_t)RSS_CPUMASK_LONGS(nr), sizeof(long));
	int i;

	if (!mask)
		return NULL;
	hwloc_bitmap_foreach_begin(i, set)
		if (i < nr)
			mask[i / RSS_BITS_PER_LONG] |= 1UL << (i % RSS_BITS_PER_LONG);
	hwloc_bitmap_foreach_end();
	return mask;
}

/* Memory-only kinds hwloc names in a NUMA node's subtype (MCDRAM, HBM, NVM, ...). */
static int memory_only_kind(hwloc_obj_t node)
{
	return node->subtype && strcmp(node->subtype, "DRAM");
}

/*
 * cpu_to_node(): of the nodes whose locality holds @cpu, the kernel lists
 * the CPU under its own DRAM node.  hwloc attaches memory-only nodes (KNL's
 * MCDRAM, HBM, NVM, CXL) at the same or a wider locality, so prefer a node
 * of no memory-only kind, then the narrowest locality, then the lowest number.
 * -1 (NUMA_NO_NODE) when no node's locality holds @cpu (no_node_fallback()).
 */
static int cpu_to_node(hwloc_topology_t topo, int cpu)
{
	hwloc_obj_t best = NULL, node = NULL;

	while ((node = hwloc_get_next_obj_by_type(topo, HWLOC_OBJ_NUMANODE, node))) {
		if (!node->complete_cpuset || !hwloc_bitmap_isset(node->complete_cpuset, (unsigned)cpu))
			continue;
		if (!best || memory_only_kind(best) > memory_only_kind(node) ||
		    (memory_only_kind(best) == memory_only_kind(node) &&
		     hwloc_bitmap_weight(node->complete_cpuset) < hwloc_bitmap_weight(best->complete_cpuset)))
			best = node;
	}
	return best ? (int)best->os_index : -1;
}

/*
 * CPUs no node's locality holds (firmware that maps them to no node, CPUs a
 * cgroup hid with their node, offline CPUs hwloc could not place): x86's
 * numa_init() ends with numa_init_array(), which gives every CPU id below
 * nr_cpu_ids still at NUMA_NO_NODE the next online node round-robin, from
 * first_node(node_online_map), in CPU id order; init_cpu_to_node() leaves
 * them there (arch/x86/mm/numa.c).  The online nodes are the topology's
 * complete nodeset.  Marks them in @t->no_node.
 */
static void no_node_fallback(struct rss_topo *t, hwloc_const_nodeset_t nodes, int nr)
{
	int rr = hwloc_bitmap_first(nodes);

	for (int cpu = 0; cpu < nr; cpu++) {
		if (t->cpu_node[cpu] >= 0)
			continue;
		t->no_node[cpu / RSS_BITS_PER_LONG] |= 1UL << (cpu % RSS_BITS_PER_LONG);
		t->cpu_node[cpu] = rr >= 0 ? rr : 0;
		rr = hwloc_bitmap_next(nodes, rr);
		if (rr < 0)
			rr = hwloc_bitmap_first(nodes);
	}
	/* Only possible CPUs are reported; the others took their turn all the same. */
	for (int i = 0; i < RSS_CPUMASK_LONGS(nr); i++)
		t->no_node[i] &= t->possible[i];
}

/*
 * The kernel's view: possible CPUs (complete cpuset), online (topology
 * cpuset), allowed (allowed cpuset, and on the host this thread's binding:
 * taskset), nodes by OS number.  -EINVAL with a message, or -ENOMEM.
 */
static int fill_machine(struct rss_topo *t, char *err, size_t errlen)
{
	hwloc_const_bitmap_t possible = hwloc_topology_get_complete_cpuset(t->topo);
	hwloc_const_bitmap_t online = hwloc_topology_get_topology_cpuset(t->topo);
	hwloc_const_nodeset_t nodes = hwloc_topology_get_complete_nodeset(t->topo);
	hwloc_bitmap_t allowed = hwloc_bitmap_dup(hwloc_topology_get_allowed_cpuset(t->topo));
	hwloc_bitmap_t bound = hwloc_bitmap_alloc();
	struct machine *m = &t->m;
	int nr, cpu, k = 0, ret = -ENOMEM;

	if (!allowed || !bound)
		goto out;
	hwloc_bitmap_and(allowed, allowed, online);
	if (!t->is_virtual && !hwloc_get_cpubind(t->host, bound, HWLOC_CPUBIND_THREAD))
		hwloc_bitmap_and(allowed, allowed, bound);
	ret = -EINVAL;
	nr = hwloc_bitmap_last(possible) + 1;
	if (nr <= 0 || hwloc_bitmap_iszero(online) || hwloc_bitmap_weight(online) < 0) {
		snprintf(err, errlen, "topology \"%s\" has no CPUs; describe at least one PU", t->spec);
		goto out;
	}
	if (nr > RSS_MAX_CPUS) {
		snprintf(err, errlen, "topology \"%.64s\" has more than %d CPUs, the most rssbench models; give fewer",
			 t->spec, RSS_MAX_CPUS);
		goto out;
	}
	if (hwloc_bitmap_iszero(allowed)) {
		snprintf(err, errlen, "topology \"%s\" allows this process no online CPU; export it from a process that may run somewhere",
			 t->spec);
		goto out;
	}
	ret = -ENOMEM;
	t->possible = to_mask(possible, nr);
	t->online = to_mask(online, nr);
	t->allowed = to_mask(allowed, nr);
	t->cpu_node = calloc((size_t)nr, sizeof(int));
	t->allowed_pos = calloc((size_t)nr, sizeof(int));
	t->no_node = calloc((size_t)RSS_CPUMASK_LONGS(nr), sizeof(long));
	if (!t->possible || !t->online || !t->allowed || !t->cpu_node || !t->allowed_pos ||
	    !t->no_node)
		goto out;
	*m = (struct machine){
		.nr_cpu_ids = nr, .nr_possible = hwloc_bitmap_weight(possible),
		.nr_online = hwloc_bitmap_weight(online), .nr_allowed = hwloc_bitmap_weight(allowed),
		.possible_mask = t->possible, .online_mask = t->online, .allowed_mask = t->allowed,
		.nr_node_ids = hwloc_bitmap_last(nodes) + 1, .nr_nodes = hwloc_bitmap_weight(nodes),
		.cpu_node = t->cpu_node,
	};
	if (m->nr_node_ids <= 0)
		m->nr_node_ids = m->nr_nodes = 1;
	for (cpu = 0; cpu < nr; cpu++) {
		t->cpu_node[cpu] = cpu_to_node(t->topo, cpu);
		t->allowed_pos[cpu] = rss_cpumask_test(t->allowed, cpu) ? k++ : -1;
	}
	no_node_fallback(t, nodes, nr);
	ret = 0;
out:
	hwloc_bitmap_free(allowed);
	hwloc_bitmap_free(bound);
	return ret;
}

/*
 * The host PUs workers may be bound to: hwloc's allowed set (cgroup cpuset)
 * and this thread's binding (taskset), in PU order.  Then the placement view:
 * the topology restricted to its allowed CPUs.
 */
static int fill_host_and_placed(struct rss_topo *t, char *err, size_t errlen)
{
	hwloc_bitmap_t set = hwloc_bitmap_dup(hwloc_topology_get_allowed_cpuset(t->host));
	hwloc_bitmap_t bound = hwloc_bitmap_alloc();
	hwloc_obj_t pu = NULL;
	int ret = -ENOMEM;

	if (!set || !bound)
		goto out;
	hwloc_bitmap_and(set, set, hwloc_topology_get_topology_cpuset(t->host));
	if (!hwloc_get_cpubind(t->host, bound, HWLOC_CPUBIND_THREAD))
		hwloc_bitmap_and(set, set, bound);
	t->host_pu = calloc((size_t)hwloc_get_nbobjs_by_type(t->host, HWLOC_OBJ_PU) + 1, sizeof(int));
	if (!t->host_pu)
		goto out;
	while ((pu = hwloc_get_next_obj_inside_cpuset_by_type(t->host, set, HWLOC_OBJ_PU, pu)))
		t->host_pu[t->nr_host_pus++] = (int)pu->os_index;
	ret = -EINVAL;
	if (!t->nr_host_pus) {
		snprintf(err, errlen, "this process may run on no CPU hwloc sees; check its affinity (taskset -p $$)");
		goto out;
	}
	t->placed = t->topo;
	if (t->m.nr_allowed != t->m.nr_online) {
		hwloc_bitmap_zero(set);
		for (int cpu = 0; cpu < t->m.nr_cpu_ids; cpu++)
			if (rss_cpumask_test(t->allowed, cpu))
				hwloc_bitmap_set(set, (unsigned)cpu);
		if (hwloc_topology_dup(&t->placed, t->topo) ||
		    hwloc_topology_restrict(t->placed, set, 0)) {
			snprintf(err, errlen, "hwloc cannot restrict \"%s\" to its allowed CPUs", t->spec);
			goto out;
		}
	}
	ret = 0;
out:
	hwloc_bitmap_free(set);
	hwloc_bitmap_free(bound);
	return ret;
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

/* The library's own version: hwloc_topology_load() names it in the root's
 * "hwlocVersion" info (hwloc_get_api_version() is the API's, 2.8.0 for 2.9.x). */
static void fill_version(struct rss_topo *t)
{
	const char *v = hwloc_obj_get_info_by_name(hwloc_get_root_obj(t->host), "hwlocVersion");

	snprintf(t->version, sizeof(t->version), "%s", v ? v : HWLOC_VERSION);
}

int rss_topo_open(struct rss_topo **out, const char *spec, char *err, size_t errlen)
{
	struct rss_topo *t = calloc(1, sizeof(*t));
	int is_host = !spec || !strcmp(spec, "host");
	int is_xml = !is_host && access(spec, R_OK) == 0;
	unsigned long flags = HWLOC_TOPOLOGY_FLAG_INCLUDE_DISALLOWED;
	int ret;

	if (!t)
		return -ENOMEM;
	snprintf(t->spec, sizeof(t->spec), "%s", is_host ? "host" : spec);
	ret = load(&t->host, NULL, 0, flags);
	if (ret) {
		snprintf(err, errlen, "cannot read this machine's topology with hwloc");
		goto err_free;
	}
	fill_version(t);
	if (is_host) {
		t->topo = t->host;
	} else {
		t->is_virtual = 1;
		ret = is_xml ? rss_topo_xml_check(spec, err, errlen) : 0;
		if (ret)
			goto err_host;
		if (!is_xml && synthetic_pus(spec) > RSS_MAX_CPUS) {
			snprintf(err, errlen, "topology \"%.64s\" has more than %d CPUs, the most rssbench models (the kernel's largest NR_CPUS); give fewer",
				 spec, RSS_MAX_CPUS);
			ret = -EINVAL;
			goto err_host;
		}
		ret = load(&t->topo, spec, is_xml, flags);
		if (ret && is_xml && xml_format_major(spec) > HWLOC_API_VERSION >> 16)
			snprintf(err, errlen, "bad topology \"%.64s\": hwloc %s cannot import XML version %d.x > %u (the file was written by hwloc %d); re-export it with hwloc 2 ('lstopo FILE.xml' from hwloc 2.x) or build rssbench against hwloc %d",
				 spec, t->version, xml_format_major(spec), HWLOC_API_VERSION >> 16,
				 xml_format_major(spec), xml_format_major(spec));
		else if (ret)
			snprintf(err, errlen, is_xml ?
				 "bad topology \"%.64s\": not a valid hwloc XML file; give one written by 'lstopo FILE.xml' or a results topology.xml" :
				 "bad topology \"%.64s\": neither a readable XML file nor an hwloc synthetic description; write it like \"package:2 numa:2 core:4 pu:2\"",
				 spec);
		if (ret)
			goto err_host;
		/* The kernel's MAX_NUMNODES (1 << NODES_SHIFT) is at most 1024, as topo_xml.c checks. */
		for (hwloc_obj_t n = NULL; !ret && (n = hwloc_get_next_obj_by_type(t->topo,
						HWLOC_OBJ_NUMANODE, n));)
			if (n->os_index >= 1024) {
				snprintf(err, errlen, "topology \"%.64s%s\" has NUMA node %u: the kernel numbers nodes below 1024 (MAX_NUMNODES); give fewer nodes",
					 spec, strlen(spec) > 64 ? "..." : "", n->os_index);
				ret = -EINVAL;
			}
		if (ret) {
			hwloc_topology_destroy(t->topo);
			goto err_host;
		}
	}
	ret = fill_machine(t, err, errlen);
	if (!ret)
		ret = fill_host_and_placed(t, err, errlen);
	if (ret)
		goto err_topo;
	*out = t;
	return 0;

err_topo:
	rss_topo_close(t);
	return ret;
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
	if (t->placed && t->placed != t->topo)
		hwloc_topology_destroy(t->placed);
	if (t->topo != t->host)
		hwloc_topology_destroy(t->topo);
	hwloc_topology_destroy(t->host);
	free(t->possible);
	free(t->online);
	free(t->allowed);
	free(t->cpu_node);
	free(t->allowed_pos);
	free(t->no_node);
	free(t->host_pu);
	free(t);
}

int rss_topo_is_virtual(const struct rss_topo *t) { return t->is_virtual; }

const char *rss_topo_kind(const struct rss_topo *t)
{
	const char *guest = getenv("RSSBENCH_GUEST_FACTS");

	return t->is_virtual ? "virtual" : guest && *guest ? "guest" : "host";
}

int rss_topo_cpus_without_node(const struct rss_topo *t, char *buf, size_t len)
{
	int n = 0, cpu;

	rss_for_each_possible_cpu(cpu, &t->m)
		n += rss_cpumask_test(t->no_node, cpu);
	rss_topo_cpu_list(t->no_node, t->m.nr_cpu_ids, buf, len);
	if (!n && len)
		buf[0] = '\0';
	return n;
}
const char *rss_topo_spec(const struct rss_topo *t) { return t->spec; }
const struct machine *rss_topo_machine(const struct rss_topo *t) { return &t->m; }
int rss_topo_host_pus(const struct rss_topo *t) { return t->nr_host_pus; }

int rss_topo_nr_packages(const struct rss_topo *t)
{
	int n = hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_PACKAGE);

	return n > 0 ? n : 1;
}

int rss_topo_nr_cores(const struct rss_topo *t)
{
	int n = hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_CORE);

	return n > 0 ? n : t->m.nr_online;
}

/* Whether some possible CPU's cpu_to_node() is @node. */
int rss_topo_node_has_cpus(const struct rss_topo *t, hwloc_obj_t node)
{
	int cpu;

	rss_for_each_possible_cpu(cpu, &t->m)
		if (t->cpu_node[cpu] == (int)node->os_index)
			return 1;
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
	if (load(&t, path, 1, 0)) {
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

void rss_topo_cpu_list(const unsigned long *mask, int nr, char *buf, size_t len)
{
	hwloc_bitmap_t set = hwloc_bitmap_alloc();

	snprintf(buf, len, "?");
	if (!set)
		return;
	for (int cpu = 0; cpu < nr; cpu++)
		if (rss_cpumask_test(mask, cpu))
			hwloc_bitmap_set(set, (unsigned)cpu);
	hwloc_bitmap_list_snprintf(buf, len, set);
	hwloc_bitmap_free(set);
}

int rss_topo_nr_cpu_nodes(const struct rss_topo *t)
{
	hwloc_obj_t node = NULL;
	int n = 0;

	while ((node = hwloc_get_next_obj_by_type(t->topo, HWLOC_OBJ_NUMANODE, node)))
		n += rss_topo_node_has_cpus(t, node);
	return n ? n : 1;
}

const char *rss_topo_hwloc_version(const struct rss_topo *t)
{
	return t->version;
}

const char *rss_topo_hwloc_api_version(void)
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

/* An id unique to @o in its topology, or @none when there is no @o. */
static int obj_id(hwloc_obj_t o, int none)
{
	return o ? (int)o->gp_index : none;
}

void rss_topo_cpu_places(const struct rss_topo *t, int *core, int *cache)
{
	for (int i = 0; i < t->m.nr_cpu_ids; i++) {
		hwloc_obj_t pu = hwloc_get_pu_obj_by_os_index(t->topo, (unsigned)i);
		hwloc_obj_t llc = NULL;

		if (!pu) {
			core[i] = cache[i] = -1;
			continue;
		}
		/* The outermost data cache above the PU is its last level. */
		for (hwloc_obj_t o = pu->parent; o; o = o->parent)
			if (hwloc_obj_type_is_dcache(o->type))
				llc = o;
		if (!llc)
			llc = hwloc_get_ancestor_obj_by_type(t->topo, HWLOC_OBJ_PACKAGE, pu);
		core[i] = obj_id(hwloc_get_ancestor_obj_by_type(t->topo, HWLOC_OBJ_CORE, pu),
				 (int)pu->gp_index);
		cache[i] = obj_id(llc, -1);
	}
}
