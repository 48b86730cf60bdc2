/*
 * cli_ab.h - one side of `rssbench ab` (cli_ab_side.c: its build checked,
 * started, paced and reaped, its meta.json marked) for the command
 * (cli_ab.c).
 */
#ifndef RSS_CLI_AB_H
#define RSS_CLI_AB_H

#include <limits.h>
#include <signal.h>
#include <sys/types.h>

#include "cli.h"

#define AB_EXIT_ERROR	3	/* gate's: an error or bad input */

struct rss_ab_side {
	const char *name;		/* "A" or "B" */
	const char *given;		/* --a / --b as given */
	char bin[PATH_MAX];		/* the binary, absolute */
	char version[128];		/* its --version line */
	char out[PATH_MAX + 8];		/* its run's --output, in the staging directory */
	pid_t pid;
	int fd;				/* our end of its pacing socket; -1 closed */
	int status;			/* its exit status once reaped; -1 before */
	int reps_done;			/* repetitions it ran to the end */
};

/* Set by `ab`'s SIGINT/SIGTERM handler: a side's wait gives up. */
extern volatile sig_atomic_t rss_ab_stop;

/*
 * --a / --b (@s->given): a binary or a build tree's ./rssbench, absolute in
 * @s->bin, that answers --version with an "rssbench " line within 10 s (in
 * @s->version).  Anything else exits 3 with one line naming the problem.
 */
void rss_ab_resolve(struct rss_ab_side *s);
/*
 * Starts @s as `BIN run <@plan rendered> --ab-pace=FD`, its results into
 * @s->out, stdout to /dev/null: 0 or -errno.
 */
int rss_ab_spawn(struct rss_ab_side *s, const struct rss_run_opts *plan);
/* Reaps @s into @s->status, its socket closed first: a side still waiting stops. */
void rss_ab_reap(struct rss_ab_side *s);
/* 1 when @s says it waits before its next repetition; 0 when it ended (reaped). */
int rss_ab_ready(struct rss_ab_side *s);
/*
 * Lets @s run one repetition: 1 when it waits again, or after its @last,
 * ended with 0 or 1; 0 when it ended otherwise (reaped).
 */
int rss_ab_run_rep(struct rss_ab_side *s, int last);
/*
 * meta.json's "ab" in the results directory @dir of @s: side, binaries as
 * given (escaped), version, @rounds, their order, the rounds @s ran first,
 * and other_run_id, the run_id in @other_dir's meta.json (null when
 * @other_dir is NULL or its run has none): what tells the gate the two
 * directories are one interleaved pair (doc/compare.md).  0 or -errno.
 */
int rss_ab_patch_meta(const char *dir, const struct rss_ab_side *s,
		      const struct rss_ab_side *other, const char *other_dir, int rounds);
/* Why @s ended before its last round, one clause, in @buf. */
void rss_ab_why_stopped(const struct rss_ab_side *s, int rounds, char *buf, size_t len);

#endif /* RSS_CLI_AB_H */
