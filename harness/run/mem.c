/*
 * mem.c - placing per-CPU chunks on their CPU's node.  libnuma binds when
 * it is built in and the kernel has NUMA; otherwise memory lands where it is
 * first touched.  Nodes of a virtual topology that the host lacks are left
 * to first touch as well.
 */
#include "harness.h"

#ifdef HAVE_NUMA
#include <numa.h>

int rss_mem_numa_usable(void)
{
	return numa_available() >= 0;
}

void rss_mem_place_on_node(void *addr, size_t len, int node)
{
	if (rss_mem_numa_usable() && node <= numa_max_node())
		numa_tonode_memory(addr, len, node);
}

const char *rss_mem_backend(void)
{
	return rss_mem_numa_usable() ? "libnuma" :
	       "first-touch (numa_available() < 0: no NUMA in this kernel)";
}
#else
int rss_mem_numa_usable(void)
{
	return 0;
}

void rss_mem_place_on_node(void *addr, size_t len, int node)
{
}

const char *rss_mem_backend(void)
{
	return "first-touch (built without libnuma)";
}
#endif
