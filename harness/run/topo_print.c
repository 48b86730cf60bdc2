/*
 * topo_print.c - `rssbench topo`'s summary of a topology: the kernel's
 * three CPU sets, the memory-only nodes, and one line per CPU.
 */
#include <stdio.h>

#include <hwloc.h>

#include "rss.h"
#include "topo.h"
#include "topo_impl.h"

/* The logical index of @pu's ancestor of @type, 0 when it has none. */
static int ancestor_index(hwloc_topology_t topo, hwloc_obj_t pu, hwloc_obj_type_t type)
{
	hwloc_obj_t a = hwloc_get_ancestor_obj_by_type(topo, type, pu);

	return a ? (int)a->logical_index : 0;
}

/* The NUMA nodes no CPU belongs to (cpu_to_node()), with hwloc's kind. */
static void print_memory_only(const struct rss_topo *t, FILE *f)
{
	hwloc_obj_t node = NULL;

	while ((node = hwloc_get_next_obj_by_type(t->topo, HWLOC_OBJ_NUMANODE, node)))
		if (!rss_topo_node_has_cpus(t, node))
			fprintf(f, "NUMA node L#%u P#%u%s%s: memory only, no CPUs\n",
				node->logical_index, node->os_index,
				node->subtype ? " " : "", node->subtype ? node->subtype : "");
}

void rss_topo_print(const struct rss_topo *t, FILE *f)
{
	const struct machine *m = &t->m;
	char possible[256], online[256], allowed[256];

	rss_topo_cpu_list(t->possible, m->nr_cpu_ids, possible, sizeof(possible));
	rss_topo_cpu_list(t->online, m->nr_cpu_ids, online, sizeof(online));
	rss_topo_cpu_list(t->allowed, m->nr_cpu_ids, allowed, sizeof(allowed));
	fprintf(f, "topology: %s%s\n", t->spec, t->is_virtual ? " (virtual CPUs)" : "");
	fprintf(f, "packages %d, cores %d, NUMA nodes %d (%d with CPUs, nr_node_ids %d)\n",
		rss_topo_nr_packages(t), rss_topo_nr_cores(t), m->nr_nodes,
		rss_topo_nr_cpu_nodes(t), m->nr_node_ids);
	fprintf(f, "CPUs: possible %d (%s), online %d (%s), allowed %d (%s); nr_cpu_ids %d\n",
		m->nr_possible, possible, m->nr_online, online, m->nr_allowed, allowed,
		m->nr_cpu_ids);
	print_memory_only(t, f);
	if (rss_topo_cpus_without_node(t, possible, sizeof(possible)))
		fprintf(f, "CPUs in no NUMA node of the topology: %s; placed as x86's numa_init_array() does: round-robin over the nodes in CPU order (the node column)\n",
			possible);
	fprintf(f, "host PUs this process may run on: %d\n", t->nr_host_pus);
	fprintf(f, "%-5s %-7s %-5s %-5s %-7s %s\n", "cpu", "package", "core", "node", "allowed",
		"host-pu");
	for (hwloc_obj_t pu = NULL; (pu = hwloc_get_next_obj_by_type(t->topo, HWLOC_OBJ_PU, pu));) {
		int cpu = (int)pu->os_index, host = rss_topo_host_pu(t, cpu);

		fprintf(f, "%-5d %-7d %-5d %-5d %-7s ", cpu,
			ancestor_index(t->topo, pu, HWLOC_OBJ_PACKAGE),
			ancestor_index(t->topo, pu, HWLOC_OBJ_CORE), t->cpu_node[cpu],
			host >= 0 ? "yes" : "no");
		if (host >= 0)
			fprintf(f, "%d\n", host);
		else
			fputs("-\n", f);
	}
}
