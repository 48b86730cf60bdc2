/* registry.c - the one list of schemes and workloads.  Adding one: a line here. */
#include <string.h>

#include "rss.h"

extern const struct scheme_ops rss_scheme_atomic;
extern const struct scheme_ops rss_scheme_split_rss;
extern const struct scheme_ops rss_scheme_percpu;
extern const struct scheme_ops rss_scheme_pernode;
extern const struct scheme_ops rss_scheme_lazy_atomic;
extern const struct scheme_ops rss_scheme_owner_lazy;
extern const struct scheme_ops rss_scheme_native;
extern const struct scheme_ops rss_scheme_hpcc;
extern const struct scheme_ops rss_scheme_cpu_stash;
extern const struct scheme_ops rss_scheme_cpu_stash_cpumask;
extern const struct scheme_ops rss_scheme_slab_cache;
extern const struct scheme_ops rss_scheme_empty;
extern const struct scheme_ops rss_scheme_percpu_preempt;
extern const struct scheme_ops rss_scheme_percpu_irqsave;
extern const struct scheme_ops rss_scheme_percpu_init_many;
extern const struct scheme_ops rss_scheme_cid_counter;

extern const struct workload_ops rss_workload_fault;
extern const struct workload_ops rss_workload_mmap;
extern const struct workload_ops rss_workload_fork;
extern const struct workload_ops rss_workload_read;
extern const struct workload_ops rss_workload_read_sum;
extern const struct workload_ops rss_workload_rss_stat;
extern const struct workload_ops rss_workload_oom_scan;
extern const struct workload_ops rss_workload_oom_scan_sum;
extern const struct workload_ops rss_workload_update;

const struct scheme_ops *const rss_schemes[] = {
	&rss_scheme_native,
	&rss_scheme_atomic,
	&rss_scheme_split_rss,
	&rss_scheme_percpu,
	&rss_scheme_percpu_preempt,
	&rss_scheme_percpu_irqsave,
	&rss_scheme_percpu_init_many,
	&rss_scheme_hpcc,
	&rss_scheme_pernode,
	&rss_scheme_lazy_atomic,
	&rss_scheme_owner_lazy,
	&rss_scheme_cpu_stash,
	&rss_scheme_cpu_stash_cpumask,
	&rss_scheme_slab_cache,
	&rss_scheme_cid_counter,
	&rss_scheme_empty,
	NULL,
};

const struct workload_ops *const rss_workloads[] = {
	&rss_workload_fault,
	&rss_workload_mmap,
	&rss_workload_fork,
	&rss_workload_read,
	&rss_workload_read_sum,
	&rss_workload_rss_stat,
	&rss_workload_oom_scan,
	&rss_workload_oom_scan_sum,
	&rss_workload_update,
	NULL,
};

const struct scheme_ops *rss_scheme_find(const char *name)
{
	for (int i = 0; rss_schemes[i]; i++)
		if (!strcmp(rss_schemes[i]->name, name))
			return rss_schemes[i];
	return NULL;
}

const struct workload_ops *rss_workload_find(const char *name)
{
	for (int i = 0; rss_workloads[i]; i++)
		if (!strcmp(rss_workloads[i]->name, name))
			return rss_workloads[i];
	return NULL;
}
