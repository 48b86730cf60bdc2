/*
 * mm_cid.h - the other per-CPU area fork allocates: the scheduler's
 * per-mm concurrency IDs (mm_alloc_cid() and mm_init_cid() in mm_init(),
 * mm_destroy_cid() in __mmdrop(); per-CPU since 223baf9d17f2, 6.4).  Every scheme but the
 * slab constructor one still pays it, which was Mateusz Guzik's objection to
 * the proposals that remove only the RSS allocation.
 */
#ifndef RSS_MM_CID_H
#define RSS_MM_CID_H

#include "rss.h"

/* alloc_percpu(struct mm_cid): GFP_KERNEL, the allocator's mutex.  NULL on -ENOMEM. */
void *rss_mm_cid_alloc(void);
/* mm_init_cid(): every possible CPU's slot reset to "no CID". */
void rss_mm_cid_init(void *pcpu_cid, const struct machine *m);
/* free_percpu(). */
void rss_mm_cid_free(void *pcpu_cid);

#endif /* RSS_MM_CID_H */
