/*
 * rss.h - the contract between the harness (harness/) and what it measures
 * (bench/): the CPU/task/mm model, a counter scheme's ops and a workload's
 * ops.  Nothing here knows about hwloc, PAPI, files or how workers start.
 *
 * The model: one worker thread per (possibly virtual) CPU; tasks are plain
 * structs on the workers' run queues; each task belongs to an mm.  Per-CPU
 * data is written only by the worker of that CPU, so a scheme's per-CPU fast
 * path is a relaxed load and store (this_cpu_add), never a LOCK-prefixed op,
 * unless the kernel design itself uses an atomic there.
 */
#ifndef RSS_H
#define RSS_H

#include <stddef.h>
#include <stdint.h>

/* MM_FILEPAGES.. in include/linux/mm_types_task.h order. */
enum rss_counter {
	RSS_FILEPAGES,
	RSS_ANONPAGES,
	RSS_SWAPENTS,
	RSS_SHMEMPAGES,
	RSS_NR_COUNTERS
};

/*
 * A small process that really forks for a task (`run --real-fork`): the
 * harness's fork server (harness/run/forkd.h).  open() gives a server for one
 * task (NULL with errno when there is none); fork() has it run @n times
 * fork(), the child touching @pages anonymous pages and calling _exit(0),
 * waitpid(), and returns how many failed (never timed) or -errno, with the
 * cycle-counter ticks of the others in *@cycles; close() ends the server.
 */
struct rss_fork_server {
	void *(*open)(void);
	int (*fork)(void *server, int n, long pages, uint64_t *cycles);
	void (*close)(void *server);
};

/*
 * What bench/ needs to know about the machine: the (virtual) topology as the
 * kernel sees it.  CPU ids are the kernel's CPU numbers (hwloc's PU OS
 * index), node ids its node numbers; both may be sparse.  The kernel keeps
 * three CPU sets and each formula takes the one its code takes:
 *  - possible (cpu_possible_mask): per-CPU areas exist, are allocated and
 *    memset for each (pcpu_alloc), and arrays sized nr_cpu_ids;
 *  - online (cpu_online_mask): num_online_cpus() sets percpu_counter's
 *    batch (compute_batch_value), __percpu_counter_sum() walks them;
 *  - allowed (this process's affinity / cgroup cpuset, a subset of online):
 *    only these run its tasks, so only these hold its per-CPU residue, and
 *    workers are only ever bound inside it.
 * Masks are cpumasks of nr_cpu_ids bits (rss_cpumask_test); use the
 * rss_for_each_*_cpu() iterators.
 */
struct machine {
	int nr_cpu_ids;			/* every possible CPU id is below it */
	int nr_possible;		/* num_possible_cpus() */
	int nr_online;			/* num_online_cpus() */
	int nr_allowed;			/* CPUs this process may run on */
	const unsigned long *possible_mask, *online_mask, *allowed_mask;
	int nr_node_ids;		/* every node id is below it (nodes may be sparse) */
	int nr_nodes;			/* num_possible_nodes(), memory-only nodes included */
	const int *cpu_node;		/* cpu_to_node(), nr_cpu_ids entries */
	/* Place [addr, addr+len) on @node (libnuma), or leave to first touch. */
	void (*place_on_node)(void *addr, size_t len, int node);
	const struct rss_fork_server *fork_server;	/* NULL: none */
};

#define RSS_BITS_PER_LONG	((int)(8 * sizeof(unsigned long)))
/* Longs in a cpumask of @nr bits. */
#define RSS_CPUMASK_LONGS(nr)	(((nr) + RSS_BITS_PER_LONG - 1) / RSS_BITS_PER_LONG)

/* cpumask_test_cpu(). */
static inline int rss_cpumask_test(const unsigned long *mask, int cpu)
{
	return (int)((mask[cpu / RSS_BITS_PER_LONG] >> (cpu % RSS_BITS_PER_LONG)) & 1);
}

/* cpumask_next(): the first CPU of @mask after @cpu, or @nr if none. */
static inline int rss_cpumask_next(int cpu, const unsigned long *mask, int nr)
{
	while (++cpu < nr && !rss_cpumask_test(mask, cpu))
		;
	return cpu;
}

#define rss_for_each_cpu(cpu, mask, m)						\
	for ((cpu) = rss_cpumask_next(-1, (mask), (m)->nr_cpu_ids);		\
	     (cpu) < (m)->nr_cpu_ids;						\
	     (cpu) = rss_cpumask_next((cpu), (mask), (m)->nr_cpu_ids))
/* for_each_possible_cpu(), for_each_online_cpu(), and the process's CPUs. */
#define rss_for_each_possible_cpu(cpu, m) rss_for_each_cpu(cpu, (m)->possible_mask, m)
#define rss_for_each_online_cpu(cpu, m)	rss_for_each_cpu(cpu, (m)->online_mask, m)
#define rss_for_each_allowed_cpu(cpu, m) rss_for_each_cpu(cpu, (m)->allowed_mask, m)

/*
 * A machine whose CPUs 0..@nr_cpus-1 are all possible, online and allowed,
 * spread evenly over nodes 0..@nr_nodes-1 (a formula's "N CPUs").  @mask
 * (RSS_CPUMASK_LONGS(@nr_cpus) longs) and @cpu_node (@nr_cpus ints) are the
 * caller's and must outlive @m.  No place_on_node.
 */
void rss_machine_dense(struct machine *m, int nr_cpus, int nr_nodes,
		       unsigned long *mask, int *cpu_node);

/* A simulated process.  Schemes embed it as the first member of theirs. */
struct mm {
	int id;
};

/* SPLIT_RSS_COUNTING's per-task cache (task_struct->rss_stat, pre-6.2). */
struct task_rss_stat {
	int events;
	int count[RSS_NR_COUNTERS];
};

/* A simulated thread.  Run by one worker at a time; handed over under the
 * run-queue lock when it migrates. */
struct task {
	struct mm *mm;
	int id;
	int cpu;			/* CPU whose run queue holds it */
	struct task_rss_stat rss_stat;
	/* What this task added to its own mm: the exact truth.  Written by
	 * the worker running the task, read by the error watchdog. */
	long truth[RSS_NR_COUNTERS];
	/* An update the scheme (or, for native, the kernel) may already show
	 * but truth not yet: the watchdog widens its interval by it. */
	long pending[RSS_NR_COUNTERS];
	unsigned long updates;		/* truth updates made: the watchdog's check */
	unsigned long events;		/* workload operations done */
	unsigned long since_migrate;
	void *wl;			/* the workload's per-task state */
	/* task_struct->mm_cid as a scheme that indexes by it keeps it (the
	 * scheme's task_fork sets them; cid-counter): the concurrency ID the
	 * task holds in its mm (-1: none) and the scheme's data for it. */
	int mm_cid;
	void *mm_cid_data;
};

struct scheme_ops;

/* A CPU as the scheme sees it.  Owned by its worker thread. */
struct cpu {
	int id;
	int node;
	struct mm *active_mm;		/* last mm switched to (lazy, as in the kernel) */
	const struct scheme_ops *ops;	/* hot-path copy */
	unsigned long nr_switches;	/* switch_mm calls */
	/* The machine this CPU is part of: a workload's task_init may build
	 * other CPUs' views from it (workers are parked then). */
	const struct machine *machine;
	/* Cycles inside ops that are not part of them (the wait for the fork
	 * server's answer): the harness takes them off the op's time. */
	uint64_t untimed_cycles;
};

/* Most threads a fork workload's child creates. */
#define RSS_MAX_CHILD_THREADS	64

/* clone() flags the schemes care about. */
#define RSS_CLONE_VM		0x1UL
#define RSS_CLONE_THREAD	0x2UL

/* Worst-case settled error of the cheap read, per counter, in pages:
 * read() lies in [truth - under, truth + over]. */
struct bound {
	long under;
	long over;
};

/* The scheme's cheap read covers the whole process, not one mm (native). */
#define RSS_SCHEME_PROCESS_WIDE	0x1U
/* Its cached mm objects keep their mm_cid area: fork only resets it (slab-cache). */
#define RSS_SCHEME_KEEPS_MM_CID	0x2U
/* It counts nothing (empty): the harness measures no error for it. */
#define RSS_SCHEME_NO_COUNTER	0x4U

/*
 * One counter scheme (design.md).  NULL members are not needed by the
 * scheme.  Every hook runs on @cpu's worker, or on the main thread while no
 * worker runs.
 */
struct scheme_ops {
	const char *name, *summary, *origin;	/* origin: commit or lore message-id */
	unsigned int flags;
	int (*setup)(const struct machine *);		/* per-run global state */
	void (*teardown)(void);
	struct mm *(*mm_create)(struct cpu *);		/* fork: alloc + init; NULL on failure */
	int (*mm_destroy)(struct mm *, struct cpu *);	/* exit: check_mm (0 or -EIO) + free */
	void (*task_fork)(struct task *, unsigned long clone_flags, struct cpu *);
	void (*task_exit)(struct task *, struct cpu *);
	void (*fault_enter)(struct task *);		/* top of handle_mm_fault */
	/* Fault-side update (add_mm_counter_fast); @cur is current, or NULL. */
	void (*add)(struct mm *, int ctr, long v, struct task *cur, struct cpu *);
	/*
	 * add_mm_counter() at the call sites that never took the fast path in
	 * the scheme's kernel: the anonymous THP fault and zap_huge_pmd()
	 * (SPLIT_RSS_COUNTING's and cpu-stash's mm atomics); NULL = add.
	 */
	void (*add_plain)(struct mm *, int ctr, long v, struct task *cur, struct cpu *);
	/* Zap/copy-side update of all counters (add_mm_rss_vec); NULL = add each. */
	void (*add_vec)(struct mm *, const long *rss, struct task *cur, struct cpu *);
	long (*read)(struct mm *, int ctr);		/* get_mm_counter: cheap */
	/* get_mm_counter_sum(): precise; clamped at 0 where the kernel's is
	 * (percpu_counter_sum_positive); check_mm uses the scheme's raw sum. */
	long (*read_sum)(struct mm *, int ctr);
	void (*switch_mm)(struct cpu *, struct mm *prev, struct mm *next);
	/*
	 * Counter bytes per mm, per-CPU parts included, for an mm of
	 * @nr_tasks tasks (1 or more) on @m: the most that mm reaches.  Most
	 * schemes' memory is fixed at fork and ignores @nr_tasks; a scheme
	 * whose memory grows with the mm's concurrency (cid-counter's slot
	 * per mm_cid) charges what @nr_tasks tasks make it allocate.
	 */
	size_t (*footprint)(const struct machine *m, int nr_tasks);
	/* get_mm_rss(): FILE + ANON + SHMEM through the cheap read, in one
	 * pass where the scheme's kernel code has one; NULL = three reads. */
	long (*read_rss)(struct mm *);
	/* get_mm_rss_sum() (5898aa8f9a0b): the same, precise; NULL = three read_sums. */
	long (*read_rss_sum)(struct mm *);
	/*
	 * What the rss_stat tracepoint records on each event when it is
	 * enabled (TP_fast_assign of TRACE_EVENT(rss_stat) in
	 * include/trace/events/kmem.h, fired by mm_trace_rss_stat() after
	 * every add_mm_counter() since 6.2): the counter of @ctr in pages.
	 * NULL = read_sum: 6.2's percpu_counter_sum_positive(), which the
	 * schemes built on percpu_counter keep.  Schemes whose code records
	 * another read say so (6.1's value from the atomic add, the proposals
	 * that changed kmem.h).
	 */
	long (*read_trace)(struct mm *, int ctr);
	/* The bound for @nr_tasks tasks per mm, each fault event adding
	 * @pages_per_event pages (1, or what a THP or fault-around event maps). */
	struct bound (*error_bound)(const struct machine *, int nr_tasks, long pages_per_event);
	/* An exact read independent of the scheme's counters, per counter, as
	 * read_sum's deltas (native: the page-table walk behind
	 * /proc/self/smaps_rollup); NULL: none.  Verification uses it where set. */
	long (*read_exact)(struct mm *, int ctr);
	/* Why read_sum is no precise read in this run (native on a kernel whose
	 * /proc has none), written to @buf; NULL when it is one.  NULL: always. */
	const char *(*no_precise)(char *buf, size_t len);
	/* One line on how the scheme counts in this run (native: the kernel's
	 * era and where that came from), for the cell's notes; NULL: none. */
	void (*describe)(char *buf, size_t len);
	/* A process-wide scheme's reads are deltas from a baseline: taken here,
	 * when the window opens (workers parked), given the truth so far of
	 * each counter over all tasks.  NULL for per-mm schemes. */
	void (*rebase)(struct mm *, const long *truth);
	/*
	 * A process-wide scheme's part of that baseline that only a thread can
	 * do for itself: run by every worker and the watchdog on its own
	 * thread, once, before it parks for the window (native on a
	 * SPLIT_RSS_COUNTING kernel: sync_mm_rss() of its task cache, which a
	 * baseline read from another thread cannot see).  Runs on every
	 * thread at once: thread-safe.  0, or -errno: the cell then fails, its
	 * baseline unknown.  NULL: nothing.
	 */
	int (*thread_sync)(void);
};

/* Knobs a workload reads; set once per cell. */
struct rss_params {
	long pages;		/* fault: pages per region */
	long mmap_pages;	/* mmap: pages touched per mapping */
	long child_pages;	/* fork: pages the child faults in */
	int child_threads;	/* fork: threads the child creates (CLONE_THREAD) */
	int real_fork;		/* fork: also fork()/_exit()/waitpid() */
	int mm_cid;		/* fork: also the mm_cid per-CPU area (mm_cid.h) */
	long scan_mms;		/* oom-scan: mms the reader scans */
	long pages_per_fault;	/* fault: pages one fault event maps (512: a THP) */
};

/*
 * One workload.  ->op() is one logical operation, the unit of every rate.
 * task_init() runs on the main thread for @cpu (the task's first CPU) while
 * the workers are parked; it may allocate and may drive the scheme (never on
 * the hot path).  task_fini() gives back what the task still holds, with the
 * matching counter updates.  measured(), when set, says whether a task's
 * operations count in the cell's rates (a reader among writers); NULL: all.
 */
struct workload_ops {
	const char *name, *summary, *unit;
	int (*task_init)(struct task *, struct cpu *, const struct rss_params *);
	void (*op)(struct task *, struct cpu *);
	void (*task_fini)(struct task *, struct cpu *);
	int (*measured)(const struct task *);
	/* Pages one fault event of this workload adds (for the schemes'
	 * bounds); NULL: 1. */
	long (*pages_per_event)(const struct rss_params *);
	/* @n operations back to back, exactly as @n calls of op(), for a
	 * workload whose op is a few cycles: its loop keeps the workload's
	 * and the truth's bookkeeping in registers.  NULL: op() one by one. */
	void (*op_batch)(struct task *, struct cpu *, unsigned long n);
};

/* The registry (bench/registry.c): NULL-terminated. */
extern const struct scheme_ops *const rss_schemes[];
/* Each scheme file exports const struct scheme_ops rss_scheme_<name>. */
extern const struct workload_ops *const rss_workloads[];
const struct scheme_ops *rss_scheme_find(const char *name);
const struct workload_ops *rss_workload_find(const char *name);

/*
 * Helpers workloads use to drive the scheme.  The truth is kept for the
 * task's own mm only; updates of another mm (a fork child) are checked by
 * that mm's check_mm at destroy instead.  The truth is the harness's
 * bookkeeping: the coherence model (model.h) does not record its stores.
 */
#pragma push_macro("__atomic_store_n")
#undef __atomic_store_n
static inline void rss_truth_add(struct task *t, int ctr, long v)
{
	/* Single writer; relaxed stores so the watchdog may load them. */
	__atomic_store_n(&t->truth[ctr], t->truth[ctr] + v, __ATOMIC_RELAXED);
	__atomic_store_n(&t->updates, t->updates + 1, __ATOMIC_RELAXED);
	/* Release: a watchdog that sees pending cleared sees the new truth. */
	__atomic_store_n(&t->pending[ctr], 0, __ATOMIC_RELEASE);
}

/* Announces @v pages about to change in the real operation that follows. */
static inline void rss_pending(struct task *t, int ctr, long v)
{
	__atomic_store_n(&t->pending[ctr], v, __ATOMIC_RELAXED);
}

/*
 * @n fault-side updates of @v pages to @cur's own mm, each behind the
 * scheme's fault hook: as @n rss_fault_enter() + rss_add(), with the truth
 * kept per update but announced once: pending stays @v and updates moves
 * once before and once after the run, so a watchdog look inside the run
 * sees truth .. truth + @v (the update in flight), and two looks around any
 * other update are ambiguous as before (watchdog.c).
 */
static inline void rss_add_run(struct cpu *c, struct task *cur, int ctr, long v,
			       unsigned long n)
{
	void (*enter)(struct task *) = c->ops->fault_enter;
	void (*add)(struct mm *, int, long, struct task *, struct cpu *) = c->ops->add;
	struct mm *mm = cur->mm;
	long truth = cur->truth[ctr];

	__atomic_store_n(&cur->updates, cur->updates + 1, __ATOMIC_RELAXED);
	rss_pending(cur, ctr, v);
	while (n--) {
		if (enter)
			enter(cur);
		add(mm, ctr, v, cur, c);
		truth += v;
		__atomic_store_n(&cur->truth[ctr], truth, __ATOMIC_RELAXED);
	}
	__atomic_store_n(&cur->updates, cur->updates + 1, __ATOMIC_RELAXED);
	/* Release: a watchdog that sees pending cleared sees the last truth. */
	__atomic_store_n(&cur->pending[ctr], 0, __ATOMIC_RELEASE);
}
#pragma pop_macro("__atomic_store_n")

static inline void rss_fault_enter(struct cpu *c, struct task *t)
{
	if (c->ops->fault_enter)
		c->ops->fault_enter(t);
}

static inline void rss_add(struct cpu *c, struct task *cur, struct mm *mm,
			   int ctr, long v)
{
	int own = cur && cur->mm == mm;

	/* Announced first, so a reader between the two sees it in flight. */
	if (own)
		rss_pending(cur, ctr, v);
	c->ops->add(mm, ctr, v, cur, c);
	if (own)
		rss_truth_add(cur, ctr, v);
}

/* add_mm_counter() where the scheme's kernel took no fast path (THP). */
static inline void rss_add_plain(struct cpu *c, struct task *cur, struct mm *mm,
				 int ctr, long v)
{
	int own = cur && cur->mm == mm;

	if (own)
		rss_pending(cur, ctr, v);
	if (c->ops->add_plain)
		c->ops->add_plain(mm, ctr, v, cur, c);
	else
		c->ops->add(mm, ctr, v, cur, c);
	if (own)
		rss_truth_add(cur, ctr, v);
}

/* context_switch() to a task of @next: the scheme's hook runs when the mm changes. */
static inline void rss_switch_to(struct cpu *c, struct mm *next)
{
	if (c->active_mm == next)
		return;
	if (c->ops->switch_mm)
		c->ops->switch_mm(c, c->active_mm, next);
	c->active_mm = next;
	c->nr_switches++;
}

/*
 * A workload that cannot run as asked says, once per cell, how it runs
 * instead ("fault: 4 KiB pages, THP is never ..."); the harness reports it
 * with the cell.  rss_workload_note(NULL) clears it (the harness, per cell).
 */
void rss_workload_note(const char *note);
const char *rss_workload_noted(void);

/*
 * A zeroed scheme mm of @size bytes on a cache-line boundary, as the kernel's
 * mm_struct cache gives (SLAB_HWCACHE_ALIGN, proc_caches_init() in
 * kernel/fork.c), so which fields share a line never depends on malloc's
 * layout.  NULL when out of memory; free() it.
 */
void *rss_mm_zalloc(size_t size);

/* An operation could not complete (e.g. mm_create failed, check_mm found a
 * non-zero counter); the harness reports the cell as failed verification. */
void rss_op_failed(void);
unsigned long rss_op_failures(void);
/* The failures of the calling thread alone: the harness leaves a batch in
 * which one happened out of the timed operations. */
unsigned long rss_op_failures_here(void);

void rss_add_vec(struct cpu *c, struct task *cur, struct mm *mm,
		 const long *rss);

/* get_mm_rss(): FILE + ANON + SHMEM through the cheap read (the scheme's
 * read_rss when it has one). */
long rss_get_mm_rss(struct cpu *c, struct mm *mm);
/* get_mm_rss_sum() (5898aa8f9a0b): the same through the precise read. */
long rss_get_mm_rss_sum(struct cpu *c, struct mm *mm);

/* The rss_stat tracepoint's read of @ctr (read_trace, else read_sum). */
static inline long rss_trace_rss_stat(struct cpu *c, struct mm *mm, int ctr)
{
	return c->ops->read_trace ? c->ops->read_trace(mm, ctr) : c->ops->read_sum(mm, ctr);
}

/* check_mm(): every counter's precise sum must be 0 at exit.  0 or -EIO. */
int rss_check_mm(long (*read_sum)(struct mm *, int), struct mm *mm);

#endif /* RSS_H */
