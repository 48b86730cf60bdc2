/*
 * test_forkd.c - the fork server of --real-fork (harness/run/forkd.h) and
 * how the fork workload counts it: a batch of forks comes back all ok with
 * its cycles, a bad request is refused, a closed server is gone; in the
 * workload the wait for the server's answer is untimed except the server's
 * own figure, a failed fork is never timed and fails the op, and no server
 * means the task cannot be set up.
 */
#include <errno.h>
#include <stdint.h>

#include "arch.h"
#include "forkd.h"
#include "rss.h"
#include "tap.h"
#include "test_machine.h"

extern const struct scheme_ops rss_scheme_atomic;
extern const struct workload_ops rss_workload_fork;

#define SPIN	200000		/* cycles a fake server spends per request */

static void test_server(void)
{
	uint64_t cycles = 0;
	void *s;
	int ret;

	ok(rss_forkd_start() == 0, "the fork server starts (%s)", rss_forkd_status());
	s = rss_forkd_ops.open();
	if (!ok(s != NULL, "a per-task server is spawned"))
		bail_out("no fork server: %s", rss_forkd_status());
	ret = rss_forkd_ops.fork(s, 5, 3, &cycles);
	ok(ret == 0 && cycles > 0, "5 forks, children touching 3 pages: %d failed, %llu cycles",
	   ret, (unsigned long long)cycles);
	ok(rss_forkd_ops.fork(s, 0, 3, &cycles) == -EINVAL && cycles == 0,
	   "a batch of 0 forks is refused, no cycles");
	ok(rss_forkd_ops.fork(s, 1, -1, &cycles) == -EINVAL, "negative pages are refused");
	ok(rss_forkd_ops.fork(s, 1, 0, &cycles) == 0, "the server still serves after a refusal");
	rss_forkd_ops.close(s);
}

/* Fake servers: spin SPIN cycles, report @fake_cycles and @fake_failed. */
static uint64_t fake_cycles;
static int fake_failed;

static void *fake_open(void)
{
	return &fake_cycles;
}

static int fake_fork(void *server, int n, long pages, uint64_t *cycles)
{
	uint64_t t0 = rss_cycles();

	(void)server, (void)n, (void)pages;
	while (rss_cycles() - t0 < SPIN)
		;
	*cycles = fake_failed ? 0 : fake_cycles;
	return fake_failed;
}

static void fake_close(void *server)
{
	(void)server;
}

static const struct rss_fork_server fake = { fake_open, fake_fork, fake_close };

/* One fork op of atomic on @m; the untimed cycles it added. */
static uint64_t one_op(const struct machine *m, int *init_ret)
{
	const struct scheme_ops *s = &rss_scheme_atomic;
	const struct workload_ops *w = &rss_workload_fork;
	struct rss_params p = { .child_pages = 0, .real_fork = 1 };
	struct cpu c = { .id = 0, .ops = s, .machine = m };
	struct task t = { .id = 0 };
	uint64_t before;

	if (!(t.mm = s->mm_create(&c)))
		bail_out("atomic: mm_create failed");
	*init_ret = w->task_init(&t, &c, &p);
	if (*init_ret) {
		s->mm_destroy(t.mm, &c);
		return 0;
	}
	rss_switch_to(&c, t.mm);
	before = c.untimed_cycles;
	w->op(&t, &c);
	before = c.untimed_cycles - before;
	w->task_fini(&t, &c);
	if (s->mm_destroy(t.mm, &c))
		bail_out("atomic: check_mm failed");
	return before;
}

static void test_workload(void)
{
	struct machine m = rss_test_machine(1);
	unsigned long failures = rss_op_failures();
	uint64_t untimed;
	int ret;

	m.fork_server = &fake;
	fake_cycles = SPIN / 4;
	untimed = one_op(&m, &ret);
	ok(ret == 0 && untimed >= SPIN - SPIN / 4 && rss_op_failures() == failures,
	   "the wait is untimed but the server's figure: %llu untimed of >= %d",
	   (unsigned long long)untimed, SPIN);
	fake_cycles = (uint64_t)SPIN * 1000;
	untimed = one_op(&m, &ret);
	ok(ret == 0 && untimed == 0, "a server figure above the wait leaves nothing untimed");
	fake_failed = 1;
	untimed = one_op(&m, &ret);
	ok(untimed >= SPIN && rss_op_failures() == failures + 1,
	   "a failed fork is not timed and fails the op");
	fake_failed = 0;
	m.fork_server = NULL;
	one_op(&m, &ret);
	ok(ret == -ENOSYS, "no fork server: the task cannot be set up");
}

int main(void)
{
	plan_tests(10);
	test_server();
	test_workload();
	return exit_status();
}
