/*
 * forkd_main.c - rssbench-forkd, the fork server of `run --real-fork`.
 *
 * rssbench execs it before the workers start, so what it forks is a process
 * of the size lmbench's lat_proc is (the C library and a few pages), not
 * rssbench with its threads' stacks, result buffers and libraries: fork's
 * cost grows with what the parent maps.  It links the C library only.
 * Protocol and roles: forkd_proto.h.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arch.h"
#include "forkd_proto.h"

static long page_size;

/* The child's pages: mapped once per size, never touched by the server. */
static char *region;
static long region_pages;

static int map_region(long pages)
{
	if (pages == region_pages)
		return 0;
	if (region)
		munmap(region, (size_t)(region_pages * page_size));
	region = NULL;
	region_pages = 0;
	if (!pages)
		return 0;
	region = mmap(NULL, (size_t)(pages * page_size), PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (region == MAP_FAILED) {
		region = NULL;
		return -errno;
	}
	region_pages = pages;
	return 0;
}

static int pin(int cpu)
{
	cpu_set_t set;

	if (cpu < 0 || cpu >= CPU_SETSIZE)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) ? -errno : 0;
}

/* One fork+exit+wait; its cycles in *@cycles, or -errno (not timed). */
static int fork_one(uint64_t *cycles)
{
	uint64_t t0 = rss_cycles();
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		for (long i = 0; i < region_pages; i++)
			((volatile char *)region)[i * page_size] = 1;
		/* exit(), not _exit(): a process ends through the C library's
		 * exit handlers and stdio flush, as lat_proc's child does; the
		 * pages they write are copy-on-write faults of the fork's cost. */
		exit(0);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	*cycles = rss_cycles() - t0;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -ECHILD;
}

static void do_fork(const struct rss_forkd_req *q, struct rss_forkd_reply *r)
{
	uint64_t c = 0;
	int ret;

	if (q->n < 1 || q->n > RSS_FORKD_MAX_BATCH || q->pages < 0 ||
	    q->pages > RSS_FORKD_MAX_PAGES) {
		r->err = EINVAL;
		return;
	}
	if ((ret = pin(q->cpu)) || (ret = map_region(q->pages))) {
		r->err = -ret;
		return;
	}
	for (int i = 0; i < q->n; i++) {
		ret = fork_one(&c);
		if (ret) {
			r->failed++;
			r->last_errno = -ret;
		} else {
			r->ok++;
			r->cycles += c;
		}
	}
}

/* A per-task server: FORK requests until rssbench closes its end. */
static void serve(int fd)
{
	struct rss_forkd_req q;
	struct rss_forkd_reply r;

	for (;;) {
		ssize_t n = recv(fd, &q, sizeof(q), 0);

		if (n == 0 || (n < 0 && errno != EINTR))
			_exit(0);
		if (n < 0)
			continue;
		memset(&r, 0, sizeof(r));
		if (n != sizeof(q) || q.op != RSS_FORKD_FORK)
			r.err = EPROTO;
		else
			do_fork(&q, &r);
		if (send(fd, &r, sizeof(r), MSG_NOSIGNAL) != sizeof(r))
			_exit(1);
	}
}

/* Sends @fd to the zygote's client with SCM_RIGHTS. */
static int send_fd(int sock, int fd, int err)
{
	struct rss_forkd_reply r = { .err = err };
	struct iovec iov = { &r, sizeof(r) };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;

	if (fd >= 0) {
		memset(&u, 0, sizeof(u));
		msg.msg_control = u.buf;
		msg.msg_controllen = sizeof(u.buf);
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	}
	return sendmsg(sock, &msg, MSG_NOSIGNAL) == sizeof(r) ? 0 : -1;
}

/* SIGKILL when @parent dies (or died already: checked after it is set). */
static void die_with(pid_t parent)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
		_exit(1);
}

/*
 * The zygote: SPAWN requests until rssbench exits.  argv[1], when given, is
 * rssbench's pid: the zygote dies with it, as each server with the zygote,
 * even where the socket's end is not seen (rssbench killed, its socket
 * held by a child).
 */
int main(int argc, char **argv)
{
	struct rss_forkd_req q;
	pid_t self = getpid();
	int sv[2];

	if (argc > 1)
		die_with((pid_t)atoi(argv[1]));
	page_size = sysconf(_SC_PAGESIZE);
	/* Not killed with rssbench's terminal's Ctrl-C before rssbench is. */
	signal(SIGINT, SIG_IGN);
	for (;;) {
		ssize_t n = recv(RSS_FORKD_FD, &q, sizeof(q), 0);

		if (n == 0 || (n < 0 && errno != EINTR))
			return 0;
		/* Servers that ended: reaped here, never waited for. */
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (n < 0)
			continue;
		if (n != sizeof(q) || q.op != RSS_FORKD_SPAWN) {
			send_fd(RSS_FORKD_FD, -1, EPROTO);
			continue;
		}
		if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
			send_fd(RSS_FORKD_FD, -1, errno);
			continue;
		}
		switch (fork()) {
		case -1:
			send_fd(RSS_FORKD_FD, -1, errno);
			break;
		case 0:
			die_with(self);
			close(RSS_FORKD_FD);
			close(sv[0]);
			serve(sv[1]);
			break;
		default:
			send_fd(RSS_FORKD_FD, sv[0], 0);
		}
		close(sv[0]);
		close(sv[1]);
	}
}
