/*
 * test_coh_switch.c - the coherence model on cpu-stash's flush at switch_mm,
 * against counts worked out by hand (doc/coherence.md): the lines it
 * touches, and which move, with and without a remote reader before.
 */
#include "coh_fixture.h"
#include "tap.h"

/*
 * cpu-stash: CPU 0 runs mm A and stashes its updates; CPU 8 adds to A's
 * atomics (a zap's vector) and so holds A's ANON line.  CPU 0's switch to
 * B flushes: it touches its stash (two lines: counts, and mm/sync_count)
 * and A's counter line, and only the counter line moves.  Had a reader on
 * CPU 4 walked CPU 0's stash before, both stash lines move too.
 */
static void test_cpu_stash(void)
{
	const struct scheme_ops *s = model_scheme("cpu-stash");
	long vec[RSS_NR_COUNTERS] = { 0 };
	struct cpu c0, c8;
	struct mm *a, *b;

	for (int reader = 0; reader < 2; reader++) {
		struct rss_coh_ctx prev;

		model_open(16, 8);
		s->setup(&coh_m);
		c0 = cpu_view(s, 0);
		c8 = cpu_view(s, 8);
		prev = rss_coh_enter(0);
		a = s->mm_create(&c0);
		b = s->mm_create(&c0);
		s->switch_mm(&c0, NULL, a);
		for (int i = 0; i < 3; i++)
			s->add(a, RSS_ANONPAGES, 1, NULL, &c0);
		rss_coh_enter(8);
		vec[RSS_ANONPAGES] = 5;
		s->add_vec(a, vec, NULL, &c8);
		if (reader) {
			rss_coh_enter(4);
			ok(s->read(a, RSS_ANONPAGES) == 8, "a reader on CPU 4 sees 5 + 3 stashed");
		}
		rss_coh_enter(0);
		rss_coh_reset_stats();
		rss_coh_interval();
		s->switch_mm(&c0, a, b);
		stats();
		ok(coh_st.lines == 3, "cpu-stash flush touches 3 lines: 2 of the stash, A's counter line (got %llu)",
		   coh_st.lines);
		ok(rss_coh_transfers(&coh_st) == (reader ? 3u : 1u),
		   reader ? "after a remote read: the two stash lines and A's counter line move" :
			    "the flush moves A's counter line only (got %llu)",
		   rss_coh_transfers(&coh_st));
		vec[RSS_ANONPAGES] = -8;
		s->add_vec(a, vec, NULL, &c0);
		ok(s->mm_destroy(a, &c0) == 0, "check_mm of A is clean");
		s->switch_mm(&c0, b, NULL);
		s->mm_destroy(b, &c0);
		rss_coh_leave(prev);
		s->teardown();
		model_close();
	}
}

int main(void)
{
	plan_tests(7);
	test_cpu_stash();
	return exit_status();
}
