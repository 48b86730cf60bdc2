/* test_machine.h - the machines the scheme tests describe to the formulas. */
#ifndef RSS_TEST_MACHINE_H
#define RSS_TEST_MACHINE_H

#include "rss.h"

#define RSS_TEST_MAX_CPUS	4096

/* @nr_cpus CPUs (at most RSS_TEST_MAX_CPUS), all possible, online and
 * allowed, on one NUMA node; valid until the next call. */
struct machine rss_test_machine(int nr_cpus);

#endif /* RSS_TEST_MACHINE_H */
