/*
 * thp.h - real anonymous transparent huge page faults for the fault
 * workload: whether this host gives them, and a probe that checks one.
 */
#ifndef RSS_THP_H
#define RSS_THP_H

#include <stddef.h>

/* HPAGE_PMD_NR: base pages in a PMD huge page (512 on x86-64), from
 * /sys/kernel/mm/transparent_hugepage/hpage_pmd_size; 0 if unknown. */
long rss_thp_pmd_pages(void);

/*
 * Whether a MADV_HUGEPAGE fault gets a huge page here: THP must not be
 * "never", and one probe fault on a 2 MiB-aligned mapping must raise the
 * process's AnonHugePages (/proc/self/smaps_rollup) by one huge page.  Call
 * with no other thread faulting (task_init: the workers are parked).  0, or
 * -1 with the reason in @why.
 */
int rss_thp_probe(char *why, size_t len);

#endif /* RSS_THP_H */
