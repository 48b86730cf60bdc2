/*
 * forkd_proto.h - the messages between rssbench and rssbench-forkd, its fork
 * server.  SOCK_SEQPACKET, one fixed-size struct per message, both sides of
 * one build, so no versioning.
 *
 * The first server (the zygote) is exec'd before the run starts and answers
 * SPAWN only: it forks a per-task server, a copy of itself, and passes back
 * one end of a fresh socketpair to it (SCM_RIGHTS).  A per-task server
 * answers FORK: it pins itself to @cpu, then runs @n times fork(), the child
 * touching @pages anonymous pages and calling exit(0), waitpid() (lmbench
 * lat_proc fork's loop), timing each with the cycle counter.
 */
#ifndef RSS_FORKD_PROTO_H
#define RSS_FORKD_PROTO_H

#include <stdint.h>

#define RSS_FORKD_FD		3	/* the zygote's socket in the helper */
#define RSS_FORKD_MAX_BATCH	4096	/* forks one FORK request may ask */
#define RSS_FORKD_MAX_PAGES	(1L << 20)

enum rss_forkd_op { RSS_FORKD_SPAWN = 1, RSS_FORKD_FORK = 2 };

struct rss_forkd_req {
	int32_t op;
	int32_t cpu;		/* FORK: real CPU to run on, -1: leave as is */
	int32_t n;		/* FORK: forks in the batch, 1..RSS_FORKD_MAX_BATCH */
	int64_t pages;		/* FORK: pages each child touches, 0..RSS_FORKD_MAX_PAGES */
};

struct rss_forkd_reply {
	int32_t err;		/* 0, or the errno of a request that could not run */
	int32_t ok;		/* FORK: forks whose child exited 0 */
	int32_t failed;		/* FORK: forks that failed (not timed) */
	int32_t last_errno;	/* FORK: errno of the last failure */
	uint64_t cycles;	/* FORK: cycle-counter ticks of the ok forks, summed */
};

#endif /* RSS_FORKD_PROTO_H */
