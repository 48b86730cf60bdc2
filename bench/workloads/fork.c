/*
 * fork.c - lmbench lat_proc fork style: the scheme's mm create (fork), a
 * short child life on the same CPU (context switch to the child's mm, a few
 * faults on it), the child's exit (task exit, zap of its pages with
 * current->mm already NULL, switch back) and mm destroy with check_mm.
 * With --real-fork a real fork()/exit()/waitpid() runs beside it, the child
 * faulting the same number of pages: done by the harness's fork server (a
 * process as small as lat_proc's, struct rss_fork_server), which times it;
 * the wait for its answer is taken off the op's time and the server's
 * figure counted instead.  --child-threads N has the child create
 * N threads (CLONE_VM | CLONE_THREAD: where lazy-atomic and owner-lazy switch
 * to per-CPU counters) that exit before it.  Beside the scheme's own per-CPU data,
 * fork allocates and exit frees the mm_cid area (mm_cid.h; --no-mm-cid
 * leaves it out), except where the scheme's cached mms keep it.  One
 * operation = one fork+exit.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "mm_cid.h"
#include "region.h"
#include "rss.h"
#include "schemes/pcpu_alloc.h"

struct fork_state {
	struct task child;
	struct task *threads;	/* --child-threads of them, or NULL */
	int nr_threads;
	struct region r;
	const struct rss_fork_server *server_ops;
	void *server;		/* --real-fork: this task's fork server */
	int mm_cid;		/* model mm_alloc_cid()/mm_destroy_cid() */
	void *kept_cid;		/* a cached mm's mm_cid area (RSS_SCHEME_KEEPS_MM_CID) */
};

/* native is the kernel itself: nothing of it is modelled here. */
static int models_mm_cid(const struct cpu *c, const struct rss_params *p)
{
	return p->mm_cid && !(c->ops->flags & RSS_SCHEME_PROCESS_WIDE);
}

static int fork_task_init(struct task *t, struct cpu *c,
			   const struct rss_params *p)
{
	struct fork_state *s = calloc(1, sizeof(*s));
	int ret;

	if (!s)
		return -ENOMEM;
	/* --child-pages 0: mm create and destroy alone, no child faults. */
	ret = p->child_pages ? rss_region_map(&s->r, p->child_pages) : 0;
	if (!ret && p->real_fork) {
		s->server_ops = c->machine->fork_server;
		if (!s->server_ops)
			ret = -ENOSYS;
		else if (!(s->server = s->server_ops->open()))
			ret = -errno;
	}
	if (ret) {
		rss_region_unmap(&s->r);
		free(s);
		return ret;
	}
	s->nr_threads = p->child_threads;
	t->wl = s;
	/* Only when asked: untouched heap pages that a run faults in are error
	 * to the native scheme. */
	if (s->nr_threads && !(s->threads = calloc((size_t)s->nr_threads, sizeof(struct task))))
		return -ENOMEM;
	if (!models_mm_cid(c, p))
		return 0;
	ret = rss_pcpu_setup(c->machine);
	if (ret)
		return ret;
	s->mm_cid = 1;
	if ((c->ops->flags & RSS_SCHEME_KEEPS_MM_CID) && !(s->kept_cid = rss_mm_cid_alloc()))
		return -ENOMEM;
	return 0;
}

/* mm_init(): mm_alloc_cid() and mm_init_cid(); NULL with no model or on -ENOMEM. */
static void *cid_create(struct fork_state *s, struct cpu *c)
{
	void *cid = s->kept_cid;

	if (!s->mm_cid)
		return NULL;
	if (!cid && !(cid = rss_mm_cid_alloc())) {
		rss_op_failed();
		return NULL;
	}
	rss_mm_cid_init(cid, c->machine);
	return cid;
}

/* copy_process(): a fresh task_struct on this CPU, its rss_stat zeroed. */
static void clone_task(struct task *t, struct mm *mm, unsigned long flags, struct cpu *c)
{
	memset(t, 0, sizeof(*t));
	t->mm = mm;
	t->id = -1;
	t->cpu = c->id;
	if (c->ops->task_fork)
		c->ops->task_fork(t, flags, c);
}

/* __mmdrop(): mm_destroy_cid(), unless the cached object keeps it. */
static void cid_destroy(struct fork_state *s, void *cid)
{
	if (cid != s->kept_cid)
		rss_mm_cid_free(cid);
}

/*
 * The real fork+exit+wait, by the fork server: its own timing of it is what
 * counts, the round trip to it is not.  A failed fork is not timed.
 */
static void real_fork(struct fork_state *s, struct cpu *c)
{
	uint64_t forked = 0, t0 = rss_cycles();
	int failed = s->server_ops->fork(s->server, 1, s->r.pages, &forked);
	uint64_t waited = rss_cycles() - t0;

	c->untimed_cycles += waited > forked ? waited - forked : 0;
	if (failed)
		rss_op_failed();
}

static void fork_op(struct task *t, struct cpu *c)
{
	struct fork_state *s = t->wl;
	struct task *child = &s->child;
	long rss[RSS_NR_COUNTERS] = { [RSS_ANONPAGES] = -s->r.pages };
	void *cid = cid_create(s, c);
	struct mm *mm = c->ops->mm_create(c);

	if (!mm) {
		cid_destroy(s, cid);
		rss_op_failed();
		return;
	}
	clone_task(child, mm, 0, c);
	if (s->server)
		real_fork(s, c);

	rss_switch_to(c, mm);
	for (long i = 0; i < s->r.pages; i++) {
		rss_fault_enter(c, child);
		rss_region_touch(&s->r, i);
		rss_add(c, child, mm, RSS_ANONPAGES, 1);
	}
	/* The child's threads start after its faults and exit before it. */
	for (int i = 0; i < s->nr_threads; i++)
		clone_task(&s->threads[i], mm, RSS_CLONE_VM | RSS_CLONE_THREAD, c);
	for (int i = 0; c->ops->task_exit && i < s->nr_threads; i++)
		c->ops->task_exit(&s->threads[i], c);
	if (c->ops->task_exit)
		c->ops->task_exit(child, c);
	if (s->r.pages) {
		rss_region_zap(&s->r);
		rss_add_vec(c, NULL, mm, rss);
	}
	rss_switch_to(c, t->mm);

	if (c->ops->mm_destroy(mm, c))
		rss_op_failed();
	cid_destroy(s, cid);
}

static void fork_task_fini(struct task *t, struct cpu *c)
{
	struct fork_state *s = t->wl;

	rss_region_unmap(&s->r);
	if (s->server)
		s->server_ops->close(s->server);
	free(s->threads);
	if (s->mm_cid) {
		rss_mm_cid_free(s->kept_cid);
		rss_pcpu_teardown();
	}
	free(s);
	t->wl = NULL;
}

const struct workload_ops rss_workload_fork = {
	.name		= "fork",
	.summary	= "mm create, child faults a few pages, exit and mm destroy (lat_proc fork)",
	.unit		= "fork+exit",
	.task_init	= fork_task_init,
	.op		= fork_op,
	.task_fini	= fork_task_fini,
};
