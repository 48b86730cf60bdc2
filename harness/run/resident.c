/*
 * resident.c - what the harness makes resident before a cell's window opens,
 * so that the native scheme, which reads the kernel's RSS of this whole
 * process, sees only the tasks' pages change: a page of the harness faulted
 * in (or dropped) during the window would be counted as the kernel's error.
 *
 * - The cell's threads run on stacks the harness maps itself, populated: a
 *   stack page faulted in during the window, or dropped when the thread
 *   exits (glibc's advise_stack_range, or its stack cache unmapping a stack
 *   it cannot keep), cannot happen.  glibc neither advises nor caches a
 *   stack the caller gave it, and these are unmapped after the checks.
 * - The main thread's stack is touched 64 KiB deep.
 * - Every file mapping (the program's and the libraries' text and data) is
 *   populated, so code run for the first time in the window (fork()'s and
 *   waitpid()'s in libc, say) faults nothing in.
 * Heap memory is the harness's own business: what it allocates before the
 * window is left out by the native scheme's rebase.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cell.h"

#define STACK_PRETOUCH	(64 * 1024)

int rss_thread_start(struct rss_thread *t, void *(*fn)(void *), void *arg)
{
	size_t guard = (size_t)sysconf(_SC_PAGESIZE);
	pthread_attr_t attr;
	char *map;
	int ret;

	/* MAP_POPULATE: resident now.  The guard page below catches overflow. */
	map = mmap(NULL, guard + RSS_THREAD_STACK, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_POPULATE, -1, 0);
	if (map == MAP_FAILED)
		return -errno;
	if (mprotect(map, guard, PROT_NONE)) {
		ret = -errno;
		goto err_unmap;
	}
	ret = -pthread_attr_init(&attr);
	if (ret)
		goto err_unmap;
#ifndef __SANITIZE_THREAD__
	ret = -pthread_attr_setstack(&attr, map + guard, RSS_THREAD_STACK);
#else
	/* ThreadSanitizer's pthread_create refuses a caller's stack (EINVAL);
	 * native is not verified under it anyway (its shadow memory is RSS). */
	ret = -pthread_attr_setstacksize(&attr, RSS_THREAD_STACK);
#endif
	if (!ret)
		ret = -pthread_create(&t->thread, &attr, fn, arg);
	pthread_attr_destroy(&attr);
	if (ret)
		goto err_unmap;
	t->map = map;
	t->len = guard + RSS_THREAD_STACK;
	return 0;
err_unmap:
	munmap(map, guard + RSS_THREAD_STACK);
	return ret;
}

void rss_thread_join(struct rss_thread *t)
{
	if (!t->map)
		return;
	pthread_join(t->thread, NULL);
	munmap(t->map, t->len);
	t->map = NULL;
}

/*
 * The main thread's stack grows on demand and never shrinks: touching its
 * next 64 KiB once means the checks after the window (deeper than the wait)
 * fault nothing in that the native scheme would count.  A frame of its own,
 * and volatile stores, since a memset of a dead array is optimised away.
 */
__attribute__((noinline)) void rss_pretouch_stack(void)
{
	volatile char buf[STACK_PRETOUCH];

	for (size_t i = 0; i < sizeof(buf); i += 512)
		buf[i] = 0;
}

/* Writes a zero into every page of zeroed memory (calloc may hand out fresh
 * pages untouched; a memset of calloc'ed memory may be optimised away). */
void rss_touch(void *p, size_t len)
{
	volatile char *b = p;

	for (size_t i = 0; i < len; i += 4096)
		b[i] = 0;
	if (len)
		b[len - 1] = 0;
}

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ	22	/* Linux 5.14 */
#define MADV_POPULATE_WRITE	23
#endif

/* Reads one byte of each page: what MADV_POPULATE_READ does, before 5.14. */
static void read_pages(const char *p, size_t len)
{
	long page = sysconf(_SC_PAGESIZE);

	for (size_t i = 0; i < len; i += (size_t)page)
		(void)*(const volatile char *)(p + i);
}

void rss_populate_files(void)
{
	FILE *f = fopen("/proc/self/maps", "re");
	char line[4096 + 128];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		char perms[8];
		int path = 0;

		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &lo, &hi, perms, &path) < 3 ||
		    !path || line[path] != '/' || perms[0] != 'r')
			continue;
		/* A private writable page (.data) would turn from file to anon
		 * on its first write: break that copy-on-write now too. */
		if (perms[1] == 'w' && perms[3] == 'p' &&
		    !madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE))
			continue;
		if (madvise((void *)lo, hi - lo, MADV_POPULATE_READ))
			read_pages((const char *)lo, hi - lo);
	}
	fclose(f);
}
