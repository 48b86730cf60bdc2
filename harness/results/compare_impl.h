/*
 * compare_impl.h - what compare.c (pairing the cells of two results
 * directories) and compare_judge.c (judging each metric of a pair) share;
 * not for other files (compare.h is the interface).
 */
#ifndef RSS_COMPARE_IMPL_H
#define RSS_COMPARE_IMPL_H

#include <stddef.h>

#include "compare.h"

/* One cell: its key and the rows of its repetitions. */
struct cell {
	struct rss_cell_key key;
	int n, *rows;
	int paired;
};

struct side {
	const struct rss_resdir *d;
	int nr_cells, max_n;	/* max_n: the most repetitions of a cell */
	struct cell *cells;	/* in the order of their first row */
	struct cell **index;	/* the same, sorted by key for find_cell */
	int *rows;		/* every cell's rows, one after the other */
};

struct metric {
	const char *name;
	enum rss_mclass cls;
	int higher_better;
	int col_a, col_b;	/* its column on each side, -1 for none: found once */
};

/* The comparison's strings live in chunks that never move; freed with it. */
struct rss_cmp_text {
	struct rss_cmp_text *next;
	size_t used;
	char buf[65536];
};

/*
 * One comparison's working arrays, sized once for the largest cell of each
 * side: judging 200 000 metrics allocates nothing per metric.
 */
struct scratch {
	double *va, *vb;	/* a cell's values, max_n of each side */
	double *t;		/* sorting room for both together */
};

/* A copy of the formatted text, kept as long as @c; "" and c->nomem set without memory. */
const char *rss_cmp_keep(struct rss_cmp *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* @s sized for the largest cell of @a and of @b: 0 or -ENOMEM (free it all the same). */
int rss_cmp_scratch_alloc(struct scratch *s, const struct side *a, const struct side *b);
void rss_cmp_scratch_free(struct scratch *s);
/* Judges metric @m of one pair of cells into the next row (c->rows has room). */
void rss_cmp_judge(struct rss_cmp *c, const struct side *a, const struct cell *ca,
		   const struct side *b, const struct cell *cb, const char *level,
		   const struct metric *m, const struct rss_cmp_opts *o,
		   const struct scratch *s);

#endif /* RSS_COMPARE_IMPL_H */
