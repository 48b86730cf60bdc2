/*
 * test_busy_line.c - the line that opens run's table (and meta.json's
 * "noise") when the run was busy or noisy: none for a quiet run; BUSY for a
 * load average above the online CPUs before or after, with both figures;
 * NOISY for noisy cells on an idle machine, with their share.
 */
#include <string.h>

#include "hostinfo.h"
#include "results.h"
#include "tap.h"

int main(void)
{
	struct rss_host_state h = { .online_cpus = 2, .load_before = { 0.5, 0.4, 0.3 },
				    .load_after = { 1.5, 0.9, 0.4 }, .nr_cells = 480 };
	struct rss_run_opts o = { .host_state = &h };
	char line[512];

	plan_tests(7);
	ok(!rss_busy_line(&o, line, sizeof(line)) && !line[0] && !rss_run_busy(&o),
	   "load 0.5 then 1.5 on 2 CPUs, no noisy cell: no line");
	h.load_after[0] = 194;
	ok(rss_busy_line(&o, line, sizeof(line)) && rss_run_busy(&o),
	   "load 194 after on 2 CPUs: busy (%s)", line);
	ok(strstr(line, "BUSY RUN") && strstr(line, "0.50 before") && strstr(line, "194.00 after"),
	   "the line names both load figures");
	h.load_after[0] = 1.5;
	h.load_before[0] = 5;
	ok(rss_run_busy(&o), "load 5 before on 2 CPUs: busy");
	h.load_before[0] = 0.5;
	h.noisy_cells = 478;
	ok(rss_busy_line(&o, line, sizeof(line)) && !rss_run_busy(&o) && strstr(line, "NOISY RUN"),
	   "idle but 478 noisy cells: a NOISY line (%s)", line);
	ok(strstr(line, "478 of 480 cells noisy (100 %") != NULL, "the line gives the noisy share (%s)", line);
	h.online_cpus = 0;
	h.noisy_cells = 0;
	h.load_before[0] = 50;
	ok(!rss_busy_line(&o, line, sizeof(line)),
	   "online CPUs unknown: load is not judged, no line");
	return exit_status();
}
