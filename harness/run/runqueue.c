/*
 * runqueue.c - each worker's run queue and migration between them: a task
 * due to migrate (every K of its events) moves to a random CPU, the next one,
 * or one on another node.  The run-queue locks order a task's state between
 * the two workers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"

int rss_migrate_parse(const char *s, struct rss_migrate *m, char *err, size_t errlen)
{
	static const char *const names[] = { "random", "next", "remote-node" };
	char *end;

	memset(m, 0, sizeof(*m));
	if (!strcmp(s, "none")) {
		snprintf(m->desc, sizeof(m->desc), "none");
		return 0;
	}
	if (strncmp(s, "every:", 6))
		goto bad;
	errno = 0;
	m->every = strtoul(s + 6, &end, 10);
	if (errno || end == s + 6 || m->every == 0 || s[6] == '-')
		goto bad;
	if (*end == ':') {
		int i;

		for (i = 0; i < 3; i++)
			if (!strcmp(end + 1, names[i]))
				break;
		if (i == 3)
			goto bad;
		m->target = (enum rss_migrate_target)i;
	} else if (*end) {
		goto bad;
	}
	snprintf(m->desc, sizeof(m->desc), "every:%lu:%s", m->every, names[m->target]);
	return 0;
bad:
	snprintf(err, errlen, "bad migration policy \"%s\": use none or every:K[:random|next|remote-node] with K >= 1", s);
	return -EINVAL;
}

static uint64_t next_rand(struct worker *w)
{
	/* xorshift64: deterministic per worker and seed. */
	w->rng ^= w->rng << 13;
	w->rng ^= w->rng >> 7;
	w->rng ^= w->rng << 17;
	return w->rng;
}

struct task *rss_rq_next(struct runqueue *rq)
{
	struct task *t = NULL;

	pthread_mutex_lock(&rq->lock);
	if (rq->nr) {
		rq->next %= rq->nr;
		t = rq->tasks[rq->next++];
	}
	pthread_mutex_unlock(&rq->lock);
	return t;
}

static void rq_add(struct runqueue *rq, struct task *t)
{
	pthread_mutex_lock(&rq->lock);
	rq->tasks[rq->nr++] = t;
	pthread_mutex_unlock(&rq->lock);
}

void rss_rq_remove(struct runqueue *rq, struct task *t)
{
	pthread_mutex_lock(&rq->lock);
	for (int i = 0; i < rq->nr; i++) {
		if (rq->tasks[i] == t) {
			rq->tasks[i] = rq->tasks[--rq->nr];
			break;
		}
	}
	pthread_mutex_unlock(&rq->lock);
}

static int pick_target(struct worker *w)
{
	struct cell *c = w->cell;
	int n = c->nr_workers;

	if (n == 1)
		return w->index;
	switch (c->cfg->migrate.target) {
	case RSS_MIGRATE_NEXT:
		return (w->index + 1) % n;
	case RSS_MIGRATE_REMOTE_NODE:
		/* A random worker on another node, if the cell spans two. */
		for (int tries = 0; tries < 4 * n; tries++) {
			int i = (int)(next_rand(w) % (uint64_t)n);

			if (c->workers[i].cpu.node != w->cpu.node)
				return i;
		}
		/* One node only: any other worker. */
		__attribute__((fallthrough));
	case RSS_MIGRATE_RANDOM:
	default: {
		int i = (int)(next_rand(w) % (uint64_t)(n - 1));

		return i >= w->index ? i + 1 : i;
	}
	}
}

void rss_migrate_task(struct worker *w, struct task *t)
{
	struct worker *to = &w->cell->workers[pick_target(w)];

	t->since_migrate = 0;
	if (to == w)
		return;
	rss_rq_remove(&w->rq, t);
	t->cpu = to->cpu.id;
	/* The run-queue locks order the task's state between the two workers. */
	rq_add(&to->rq, t);
	w->migrations++;
}
