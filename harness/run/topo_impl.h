/*
 * topo_impl.h - struct rss_topo, shared by topo.c (loading, the machine)
 * and topo_place.c (placement, binding): the two halves of the hwloc module,
 * the only files that include <hwloc.h>.
 */
#ifndef RSS_TOPO_IMPL_H
#define RSS_TOPO_IMPL_H

#include <hwloc.h>

#include "rss.h"

struct rss_topo {
	hwloc_topology_t topo;	/* the one described, disallowed CPUs included */
	hwloc_topology_t placed; /* topo restricted to the allowed CPUs, or == topo */
	hwloc_topology_t host;	/* the one bound to; == topo unless virtual */
	int is_virtual;
	char spec[512];
	struct machine m;	/* the CPU sets, nodes and cpu_to_node() */
	unsigned long *possible, *online, *allowed;
	int *cpu_node;		/* nr_cpu_ids, OS node numbers */
	int *allowed_pos;	/* each allowed CPU's index among them, else -1 */
	unsigned long *no_node;	/* possible CPUs no node holds (no_node_fallback) */
	int *host_pu;		/* the host PUs (OS index) this process may run on */
	int nr_host_pus;
	char version[32];
};

/* Whether some possible CPU's cpu_to_node() is @node (not memory only). */
int rss_topo_node_has_cpus(const struct rss_topo *t, hwloc_obj_t node);

#endif /* RSS_TOPO_IMPL_H */
