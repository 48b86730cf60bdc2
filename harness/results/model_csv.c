/*
 * model_csv.c - model.csv: the coherence model's figures for each cell and
 * repetition (doc/results-format.md).  Format 2: every figure is a number
 * or NA, and an NA's reason is in the notes column.
 */
#include <stdio.h>

#include "csv.h"
#include "results.h"

/* The figures, per operation of the model pass. */
static const char *const figures[] = {
	"lines_per_op", "transfers_per_op", "transfers_core_per_op",
	"transfers_cache_per_op", "transfers_node_per_op", "transfers_remote_per_op",
	"invalidations_per_op", "fills_per_op", "accesses_per_op",
};
#define NR_FIGURES	(sizeof(figures) / sizeof(figures[0]))

void rss_csv_model_header(FILE *f)
{
	fputs("workload,scheme,threads,placement,migration,rep,topology_kind,model,slice_ops,ops", f);
	for (size_t i = 0; i < NR_FIGURES; i++)
		fprintf(f, ",%s", figures[i]);
	fputs(",model_s,notes\n", f);
}

void rss_csv_model_row(FILE *f, const struct rss_run_opts *o, const struct rss_topo *topo,
		       const struct rss_row *row)
{
	const struct rss_model_result *mr = &row->model;
	const struct rss_coh_stats *st = &mr->st;
	struct rss_notes n = { .len = 0 };
	double ops = (double)mr->ops;
	double v[NR_FIGURES] = {
		(double)st->lines / ops, (double)rss_coh_transfers(st) / ops,
		(double)st->transfers[RSS_COH_CORE] / ops, (double)st->transfers[RSS_COH_CACHE] / ops,
		(double)st->transfers[RSS_COH_NODE] / ops, (double)st->transfers[RSS_COH_REMOTE] / ops,
		(double)st->invalidations / ops, (double)st->fills / ops, (double)st->accesses / ops,
	};

	rss_csv_key(f, o, row);
	fprintf(f, ",%d,%s", row->rep, rss_topo_kind(topo));
	rss_csv_sep_field(f, o->model);
	fprintf(f, ",%lu,%llu", mr->slice_ops, mr->ops);
	for (size_t i = 0; i < NR_FIGURES; i++) {
		if (mr->modelled)
			fprintf(f, ",%.4f", v[i]);
		else
			fputs(",NA", f);
	}
	fprintf(f, ",%.3f", mr->seconds);
	for (size_t i = 0; !mr->modelled && i < NR_FIGURES; i++)
		rss_notes_add(&n, figures[i], "%s", mr->why);
	rss_csv_sep_field(f, n.buf);
	fputc('\n', f);
}
