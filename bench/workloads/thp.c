/* thp.c - can this host fault in anonymous THPs? (thp.h) */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "region.h"
#include "thp.h"

#define THP_SYSFS	"/sys/kernel/mm/transparent_hugepage"

long rss_thp_pmd_pages(void)
{
	FILE *f = fopen(THP_SYSFS "/hpage_pmd_size", "r");
	long bytes = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%ld", &bytes) != 1)
		bytes = 0;
	fclose(f);
	return bytes / sysconf(_SC_PAGESIZE);
}

/* AnonHugePages of the whole process, kB; -1 if it cannot be read. */
static long anon_huge_kb(void)
{
	FILE *f = fopen("/proc/self/smaps_rollup", "r");
	char line[256];
	long kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

int rss_thp_probe(char *why, size_t len)
{
	long pmd_pages = rss_thp_pmd_pages(), page_kb = sysconf(_SC_PAGESIZE) / 1024;
	char mode[128] = "";
	struct region r;
	long before, after;
	FILE *f = fopen(THP_SYSFS "/enabled", "r");

	if (!f || !fgets(mode, sizeof(mode), f) || !pmd_pages) {
		if (f)
			fclose(f);
		snprintf(why, len, "this kernel has no THP (%s unreadable)", THP_SYSFS "/enabled");
		return -1;
	}
	fclose(f);
	mode[strcspn(mode, "\n")] = 0;
	if (strstr(mode, "[never]")) {
		snprintf(why, len, "THP is never here (%s: %s)", THP_SYSFS "/enabled", mode);
		return -1;
	}
	if (rss_region_map_huge(&r, pmd_pages)) {
		snprintf(why, len, "a 2 MiB-aligned MADV_HUGEPAGE mapping failed");
		return -1;
	}
	before = anon_huge_kb();
	rss_region_touch(&r, 0);
	after = anon_huge_kb();
	rss_region_unmap(&r);
	if (before < 0 || after < 0) {
		snprintf(why, len, "/proc/self/smaps_rollup has no AnonHugePages to check the fault by");
		return -1;
	}
	if (after - before < pmd_pages * page_kb) {
		snprintf(why, len, "the probe fault got a base page, not a huge page (AnonHugePages +%ld kB; no free 2 MiB page, or defrag off)",
			 after - before);
		return -1;
	}
	return 0;
}
