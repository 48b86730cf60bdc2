/* mm_cid.c - the mm_cid per-CPU area of a forked mm (mm_cid.h). */
#include <stdint.h>

#include "mm_cid.h"
#include "model.h"
#include "schemes/pcpu_alloc.h"

#define MM_CID_UNSET	(-1)

/* struct mm_cid since 6.13 (recent_cid, 7e019dcc470f): 16 bytes per CPU. */
struct mm_cid {
	uint64_t time;
	int cid;
	int recent_cid;
};

void *rss_mm_cid_alloc(void)
{
	return rss_pcpu_alloc(sizeof(struct mm_cid), 0);
}

void rss_mm_cid_init(void *pcpu_cid, const struct machine *m)
{
	int cpu;

	/* mm_init_cid(): for_each_possible_cpu(). */
	rss_for_each_possible_cpu(cpu, m) {
		struct mm_cid *pcid = rss_per_cpu_ptr(pcpu_cid, cpu);

		rss_model_write(pcid, sizeof(*pcid));
		pcid->cid = MM_CID_UNSET;
		pcid->recent_cid = MM_CID_UNSET;
		pcid->time = 0;
	}
}

void rss_mm_cid_free(void *pcpu_cid)
{
	rss_pcpu_free(pcpu_cid);
}
