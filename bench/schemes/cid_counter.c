/*
 * cid_counter.c - RSS counters indexed by the mm's concurrency ID:
 * rssbench's reading of Mathieu Desnoyers' proposal at LSFMM+BPF 2026 (LWN,
 * May 2026) to keep per-mm data by mm_cid instead of per CPU.  No patch was
 * posted: every choice below is this port's, doc/schemes/cid-counter.md says
 * which and why.
 *
 * The scheduler gives each running task of an mm a concurrency ID in
 * [0, min(users, CPUs allowed)): owned by the task while the mm has few
 * enough threads, by the CPUs past a threshold (Thomas Gleixner's "sched:
 * Rewrite MM CID management", merged for 6.19: the series' first patch is
 * <20251119172549.068197830@linutronix.de>; the ownership modes and their
 * fixups in "[patch V3 17/20] sched/mmcid: Provide CID ownership mode fixup
 * functions", lkml.iu.edu/2510.3/06425.html).  An ID is held by one
 * task (or one CPU) at a time, so the counters of its slot are written
 * without LOCK, as this_cpu_add() writes a CPU's.  Here:
 *  - a slot is the four counters of one ID, on a cache line of its own
 *    (RSS_CACHE_LINE); slot 0 is inline in the mm, so a single-threaded
 *    process allocates nothing at fork; slot k is allocated the first time
 *    the mm's lowest free ID is k, so an mm holds as many slots as its
 *    highest concurrency, min(threads, CPUs allowed), never per possible CPU;
 *  - a task takes the lowest free ID at its first update (the sched-in of
 *    the kernel) and keeps it when it migrates: its slot, counts and all,
 *    goes with it, and no CPU keeps a residue;
 *  - when threads exit and the mm's limit drops below a task's ID, the task
 *    takes the lowest free ID at its next update (compaction); the slot it
 *    left keeps its counts, and every read sums every slot the mm has;
 *  - past CPUs-allowed threads, IDs belong to CPUs: a task gives its own
 *    back at its next update and uses its CPU's (the kernel's fork-time
 *    fixup hands each task's ID to its CPU at once); the port stays in that
 *    mode until the mm exits (the kernel switches back below a threshold
 *    in two phases, MM_CID_TRANSIT: not modelled);
 *  - an update from outside the mm's running tasks (the exit's zap, a
 *    remote reclaimer) holds no ID: it goes to one atomic per counter.
 * Reads, cheap and precise alike, sum the remote atomics and every slot:
 * exact once settled, O(min(threads, CPUs)) per read.
 */
#include <errno.h>
#include <stdlib.h>

#include "lock.h"
#include "rss.h"

/* One ID's counters, alone on its line. */
struct cid_slot {
	long count[RSS_NR_COUNTERS];	/* written by the ID's holder only */
	struct cid_slot *next;		/* the next ID's slot; release-published */
	int cid;
	int held;			/* under cid_lock */
} RSS_ALIGNED;

struct cid_mm {
	struct mm mm;
	long remote[RSS_NR_COUNTERS];	/* atomic_long_t: updates holding no ID */
	struct rss_spinlock cid_lock;	/* mm_cid.lock: IDs, slots, users */
	int users;			/* tasks of the mm (mm_cid.users) */
	int max_cids;			/* min(users, CPUs allowed) */
	int percpu;			/* IDs belong to CPUs (users > allowed) */
	int nr_slots;			/* slots allocated: the highest concurrency */
	struct cid_slot **cpu_slot;	/* per-CPU mode: each CPU's ID, nr_cpu_ids */
	struct cid_slot slot0;		/* ID 0, inline */
};

static struct machine machine;	/* a copy: CPUs allowed, nr_cpu_ids */

static struct cid_mm *to_cmm(struct mm *mm)
{
	return (struct cid_mm *)mm;
}

static int cid_setup(const struct machine *m)
{
	machine = *m;
	return 0;
}

/* mm_init(): the mm with its inline slot, no other allocation. */
static struct mm *cid_mm_create(struct cpu *cpu)
{
	struct cid_mm *cmm = rss_mm_zalloc(sizeof(*cmm));

	if (!cmm)
		return NULL;
	rss_spin_init(&cmm->cid_lock);
	cmm->nr_slots = 1;
	return &cmm->mm;
}

/*
 * The lowest free ID's slot, held from now on; a new slot when every one is
 * held (IDs are taken lowest first, so the list is in ID order).  cid_lock
 * held.  NULL on -ENOMEM.
 */
static struct cid_slot *take_lowest(struct cid_mm *cmm)
{
	struct cid_slot *s = &cmm->slot0, *n;

	for (;;) {
		if (!s->held) {
			s->held = 1;
			return s;
		}
		if (!s->next)
			break;
		s = s->next;
	}
	n = aligned_alloc(RSS_CACHE_LINE, sizeof(*n));
	if (!n)
		return NULL;
	*n = (struct cid_slot){ .cid = cmm->nr_slots++, .held = 1 };
	/* Release: a reader that finds the slot sees it zeroed. */
	__atomic_store_n(&s->next, n, __ATOMIC_RELEASE);
	return n;
}

/* The task gives its ID back (exit, compaction, per-CPU mode).  cid_lock held. */
static void put_task_cid(struct task *t)
{
	struct cid_slot *s = t->mm_cid_data;

	if (s)
		s->held = 0;
	t->mm_cid = -1;
	t->mm_cid_data = NULL;
}

/*
 * The slot @cur writes on @cpu, taken under cid_lock: the CPU's in per-CPU
 * mode (the task's own ID given back first), else the lowest free one for
 * a task without an ID or whose ID is at or above the limit.  NULL when out
 * of memory: the update is then made as a remote one.
 */
static struct cid_slot *cid_get_slow(struct cid_mm *cmm, struct task *cur, struct cpu *cpu)
{
	struct cid_slot *s;

	rss_spin_lock(&cmm->cid_lock);
	if (cmm->percpu) {
		put_task_cid(cur);
		s = cmm->cpu_slot[cpu->id];
		if (!s) {
			s = take_lowest(cmm);
			cmm->cpu_slot[cpu->id] = s;
		}
	} else {
		put_task_cid(cur);
		s = take_lowest(cmm);
		if (s) {
			cur->mm_cid = s->cid;
			cur->mm_cid_data = s;
		}
	}
	rss_spin_unlock(&cmm->cid_lock);
	return s;
}

/*
 * add_mm_counter(): a task of the mm adds to its ID's slot with a plain
 * load and store (its ID is its own while it runs); anyone else adds to
 * the remote atomic.
 */
static void cid_add(struct mm *mm, int ctr, long v, struct task *cur, struct cpu *cpu)
{
	struct cid_mm *cmm = to_cmm(mm);
	struct cid_slot *s;

	if (__builtin_expect(!cur || cur->mm != mm, 0)) {
		__atomic_fetch_add(&cmm->remote[ctr], v, __ATOMIC_RELAXED);
		return;
	}
	if (__atomic_load_n(&cmm->percpu, __ATOMIC_ACQUIRE))
		/* The CPU's ID, once the task has given its own back. */
		s = cur->mm_cid_data ? NULL : __atomic_load_n(&cmm->cpu_slot[cpu->id],
							      __ATOMIC_RELAXED);
	else if ((s = cur->mm_cid_data) &&
		 cur->mm_cid >= __atomic_load_n(&cmm->max_cids, __ATOMIC_RELAXED))
		s = NULL;	/* compaction: a lower ID is free */
	if (__builtin_expect(!s, 0) && !(s = cid_get_slow(cmm, cur, cpu))) {
		rss_op_failed();
		__atomic_fetch_add(&cmm->remote[ctr], v, __ATOMIC_RELAXED);
		return;
	}
	__atomic_store_n(&s->count[ctr], __atomic_load_n(&s->count[ctr], __ATOMIC_RELAXED) + v,
			 __ATOMIC_RELAXED);
}

/* users and the limit under cid_lock; past the CPUs allowed, per-CPU IDs. */
static void cid_task_fork(struct task *t, unsigned long clone_flags, struct cpu *cpu)
{
	struct cid_mm *cmm = to_cmm(t->mm);
	struct cid_slot **cpu_slot = NULL;

	t->mm_cid = -1;
	t->mm_cid_data = NULL;
	rss_spin_lock(&cmm->cid_lock);
	cmm->users++;
	if (cmm->users > machine.nr_allowed && !cmm->percpu) {
		rss_spin_unlock(&cmm->cid_lock);
		cpu_slot = calloc((size_t)machine.nr_cpu_ids, sizeof(*cpu_slot));
		rss_spin_lock(&cmm->cid_lock);
		if (!cpu_slot) {
			rss_op_failed();	/* stays per task, above the limit */
		} else if (!cmm->percpu) {
			cmm->cpu_slot = cpu_slot;
			cpu_slot = NULL;
			/* Release: cid_add() sees cpu_slot once it sees percpu. */
			__atomic_store_n(&cmm->percpu, 1, __ATOMIC_RELEASE);
		}
	}
	__atomic_store_n(&cmm->max_cids, cmm->users < machine.nr_allowed ? cmm->users :
			 machine.nr_allowed, __ATOMIC_RELAXED);
	rss_spin_unlock(&cmm->cid_lock);
	free(cpu_slot);
}

/* The exiting task's ID is free again; the limit follows the users. */
static void cid_task_exit(struct task *t, struct cpu *cpu)
{
	struct cid_mm *cmm = to_cmm(t->mm);

	rss_spin_lock(&cmm->cid_lock);
	put_task_cid(t);
	cmm->users--;
	__atomic_store_n(&cmm->max_cids, cmm->users < machine.nr_allowed ? cmm->users :
			 machine.nr_allowed, __ATOMIC_RELAXED);
	rss_spin_unlock(&cmm->cid_lock);
}

/* The remote atomic plus every slot the mm has, no lock: exact when settled. */
static long cid_sum(struct mm *mm, int ctr)
{
	struct cid_mm *cmm = to_cmm(mm);
	long v = __atomic_load_n(&cmm->remote[ctr], __ATOMIC_RELAXED);

	for (struct cid_slot *s = &cmm->slot0; s; s = __atomic_load_n(&s->next, __ATOMIC_ACQUIRE))
		v += __atomic_load_n(&s->count[ctr], __ATOMIC_RELAXED);
	return v;
}

/* get_mm_counter() and get_mm_counter_sum(): the one sum, clamped at 0. */
static long cid_read(struct mm *mm, int ctr)
{
	long v = cid_sum(mm, ctr);

	return v > 0 ? v : 0;
}

/* __mmdrop(): check_mm() over the slots, then the slots and the mm. */
static int cid_mm_destroy(struct mm *mm, struct cpu *cpu)
{
	struct cid_mm *cmm = to_cmm(mm);
	int ret = rss_check_mm(cid_sum, mm);
	struct cid_slot *s = cmm->slot0.next;

	while (s) {
		struct cid_slot *n = s->next;

		free(s);
		s = n;
	}
	free(cmm->cpu_slot);
	free(cmm);
	return ret;
}

/* Slots for @cids IDs: one inline, the rest a line each. */
static size_t cid_bytes(int cids)
{
	return sizeof(struct cid_mm) - sizeof(struct mm) +
	       (size_t)(cids > 1 ? cids - 1 : 0) * sizeof(struct cid_slot);
}

/*
 * Bytes per mm of @nr_tasks tasks at the most concurrency they reach: one
 * slot per task up to the CPUs allowed (cid_bytes(1), the inline slot, for
 * a single-threaded mm).  Past them (per-CPU IDs) the table of a slot
 * pointer per CPU id, and up to twice the CPUs allowed in slots: each CPU's
 * ID, taken lowest free, while every task still holds its own until its
 * next update (cid_get_slow()).
 */
static size_t cid_footprint(const struct machine *m, int nr_tasks)
{
	if (nr_tasks <= m->nr_allowed)
		return cid_bytes(nr_tasks);
	return cid_bytes(2 * m->nr_allowed) +
	       (size_t)m->nr_cpu_ids * sizeof(struct cid_slot *);
}

/* Every update is in a slot or the remote atomic that the read sums. */
static struct bound cid_error_bound(const struct machine *m, int nr_tasks, long pages)
{
	return (struct bound){ 0, 0 };
}

const struct scheme_ops rss_scheme_cid_counter = {
	.name		= "cid-counter",
	.summary	= "counters per mm_cid slot, min(threads, CPUs) slots per mm (rssbench's reading of an LSFMM+BPF 2026 proposal; no code posted)",
	.origin		= "Mathieu Desnoyers, LSFMM+BPF 2026 (LWN, May 2026), no patch posted; mm_cid of 6.19 <20251119172549.068197830@linutronix.de>",
	.setup		= cid_setup,
	.mm_create	= cid_mm_create,
	.mm_destroy	= cid_mm_destroy,
	.task_fork	= cid_task_fork,
	.task_exit	= cid_task_exit,
	.add		= cid_add,
	.read		= cid_read,
	.read_sum	= cid_read,
	.footprint	= cid_footprint,
	.error_bound	= cid_error_bound,
};
