/*
 * model.h - the coherence model's view of bench/ (doc/coherence.md).
 *
 * The timed build (bench/libbench.a) sees only the no-op macros at the end:
 * its object code is the same as without this header.  The model build
 * (bench/bench-model.o) compiles bench/ again with -DRSS_MODEL and
 * -include model.h, so that every __atomic builtin the schemes, workloads,
 * lock.h and arch/generic.h use also reports its address, size and kind to
 * rss_model_access() before it runs: per-CPU loads and stores, atomics and
 * spinlocks alike, in new schemes too.  pcpu_alloc.c reports what it does
 * with plain accesses (its mutex, its chunk maps, the memset of every
 * CPU's copy) through rss_model_read() and rss_model_write().
 */
#ifndef RSS_MODEL_H
#define RSS_MODEL_H

#include <stddef.h>

/*
 * Records that the calling thread's current CPU read (@write 0) or wrote
 * (@write 1; a read-modify-write counts as a write) [@p, @p + @len).
 * Defined by the harness (harness/run/coherence.c); the only symbol the
 * model build takes from outside bench/, and never called by the timed one.
 */
__attribute__((visibility("default")))
void rss_model_access(const volatile void *p, size_t len, int write);

struct scheme_ops;
struct workload_ops;

/*
 * The model build's registry and failure count, under the one name it
 * exports (bench/model.c): every other symbol of bench-model.o is local,
 * so the timed build's and the model build's copies of bench/ live side
 * by side in one program.
 */
struct rss_model_bench {
	const struct scheme_ops *const *schemes;	/* NULL-terminated */
	const struct workload_ops *const *workloads;
	unsigned long (*op_failures)(void);		/* rss_op_failures() */
	/* A fresh heap for the model build's calloc, aligned_alloc and free
	 * (bench/model.c), called before each model cell: the addresses a
	 * cell's objects get, and so the cache lines they share and reuse,
	 * then depend on nothing the cells before it did. */
	void (*heap_reset)(void);
};

extern const struct rss_model_bench rss_model_bench;

#ifdef RSS_MODEL

#include <stdlib.h>

/*
 * The model build's heap (bench/model.c): size classes of 64-byte-aligned
 * blocks carved in order from segments that heap_reset() starts afresh, so
 * that the same calls give the same line layout and reuse in every cell,
 * whatever glibc's heap holds from the cells run before.
 */
void *rss_model_calloc(size_t n, size_t size);
void *rss_model_aligned_alloc(size_t align, size_t size);
void rss_model_free(void *p);
void *rss_model_realloc(void *p, size_t size);
#define calloc(n, size)			rss_model_calloc((n), (size))
#define aligned_alloc(align, size)	rss_model_aligned_alloc((align), (size))
#define free(p)				rss_model_free(p)
#define malloc(size)			rss_model_aligned_alloc(16, (size))
#define realloc(p, size)		rss_model_realloc((p), (size))

#define rss_model_read(p, len)	rss_model_access((p), (len), 0)
#define rss_model_write(p, len)	rss_model_access((p), (len), 1)

/*
 * Each builtin keeps its name and semantics: the macro evaluates the
 * pointer and the operands once, in the builtin's order (a store's value,
 * which may itself be a load, before the store), records, then calls the
 * builtin itself (a macro does not expand inside its own expansion).  The
 * locals get unique names so that nested uses do not shadow each other.
 */
#define RSS_MODEL_CAT_(a, b)	a##b
#define RSS_MODEL_CAT(a, b)	RSS_MODEL_CAT_(a, b)
#define RSS_MODEL_ID(tag)	RSS_MODEL_CAT(rss_model_##tag##_, __COUNTER__)

#define RSS_MODEL_LOAD_(P, p, o) ({					\
	__typeof__(p) P = (p);						\
	rss_model_access(P, sizeof(*P), 0);				\
	__atomic_load_n(P, o); })
#define RSS_MODEL_OP_(P, V, op, p, v, o) ({				\
	__typeof__(p) P = (p);						\
	__typeof__(v) V = (v);						\
	rss_model_access(P, sizeof(*P), 1);				\
	op(P, V, o); })
#define RSS_MODEL_CAS_(P, E, D, p, e, d, w, s, f) ({			\
	__typeof__(p) P = (p);						\
	__typeof__(e) E = (e);						\
	__typeof__(d) D = (d);						\
	rss_model_access(P, sizeof(*P), 1);				\
	__atomic_compare_exchange_n(P, E, D, w, s, f); })

#define RSS_MODEL_OP(op, p, v, o) \
	RSS_MODEL_OP_(RSS_MODEL_ID(ptr), RSS_MODEL_ID(val), op, p, v, o)

#define __atomic_load_n(p, o)		RSS_MODEL_LOAD_(RSS_MODEL_ID(ptr), p, o)
#define __atomic_store_n(p, v, o)	RSS_MODEL_OP(__atomic_store_n, p, v, o)
#define __atomic_exchange_n(p, v, o)	RSS_MODEL_OP(__atomic_exchange_n, p, v, o)
#define __atomic_fetch_add(p, v, o)	RSS_MODEL_OP(__atomic_fetch_add, p, v, o)
#define __atomic_fetch_sub(p, v, o)	RSS_MODEL_OP(__atomic_fetch_sub, p, v, o)
#define __atomic_fetch_and(p, v, o)	RSS_MODEL_OP(__atomic_fetch_and, p, v, o)
#define __atomic_fetch_or(p, v, o)	RSS_MODEL_OP(__atomic_fetch_or, p, v, o)
#define __atomic_fetch_xor(p, v, o)	RSS_MODEL_OP(__atomic_fetch_xor, p, v, o)
#define __atomic_add_fetch(p, v, o)	RSS_MODEL_OP(__atomic_add_fetch, p, v, o)
#define __atomic_sub_fetch(p, v, o)	RSS_MODEL_OP(__atomic_sub_fetch, p, v, o)
#define __atomic_and_fetch(p, v, o)	RSS_MODEL_OP(__atomic_and_fetch, p, v, o)
#define __atomic_or_fetch(p, v, o)	RSS_MODEL_OP(__atomic_or_fetch, p, v, o)
#define __atomic_xor_fetch(p, v, o)	RSS_MODEL_OP(__atomic_xor_fetch, p, v, o)
#define __atomic_compare_exchange_n(p, e, d, w, s, f) \
	RSS_MODEL_CAS_(RSS_MODEL_ID(ptr), RSS_MODEL_ID(exp), RSS_MODEL_ID(des), \
		       p, e, d, w, s, f)

#else /* the timed build: nothing */

#define rss_model_read(p, len)	((void)0)
#define rss_model_write(p, len)	((void)0)

#endif /* RSS_MODEL */

#endif /* RSS_MODEL_H */
