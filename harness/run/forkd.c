/*
 * forkd.c - rssbench's side of the fork server (forkd.h, forkd_proto.h).
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "forkd.h"
#include "forkd_proto.h"

#define FORKD_NAME	"rssbench-forkd"

extern char **environ;

static struct {
	pthread_mutex_t lock;	/* SPAWN request and answer pairs */
	int started;		/* 1 ok, -1 failed, 0 not tried */
	int err;		/* why it failed: -errno */
	int fd;			/* the zygote's socket */
	char why[PATH_MAX + 128];
} zygote = { .lock = PTHREAD_MUTEX_INITIALIZER, .fd = -1, .why = "not started" };

/* The helper's path into @buf: the first of forkd.h's three that exists. */
static int helper_path(char *buf, size_t len)
{
	const char *env = getenv("RSSBENCH_FORKD");
	char self[PATH_MAX - sizeof(FORKD_NAME) - 1];
	ssize_t n;

	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return access(buf, X_OK) ? -errno : 0;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		char *slash;

		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, len, "%s/%s", self, FORKD_NAME);
			if (!access(buf, X_OK))
				return 0;
		}
	}
	snprintf(buf, len, "%s/%s", PKGLIBEXECDIR, FORKD_NAME);
	return access(buf, X_OK) ? -errno : 0;
}

static int start_locked(void)
{
	posix_spawn_file_actions_t fa;
	char path[PATH_MAX + 32], parent[32];
	char *argv[] = { (char *)FORKD_NAME, parent, NULL };
	int sv[2], ret;
	pid_t pid;

	if (helper_path(path, sizeof(path))) {
		snprintf(zygote.why, sizeof(zygote.why),
			 "%s not found (beside rssbench, in " PKGLIBEXECDIR
			 " or $RSSBENCH_FORKD): build or install it", FORKD_NAME);
		return -ENOENT;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		ret = -errno;
		snprintf(zygote.why, sizeof(zygote.why), "socketpair: %s", strerror(errno));
		return ret;
	}
	/*
	 * It dies with this process (PR_SET_PDEATHSIG) when the main thread
	 * starts it: the death signal follows the thread that made a child, and
	 * another thread may end first.  Else only the socket's end ends it.
	 */
	snprintf(parent, sizeof(parent), "%d", (int)getpid());
	if (gettid() != getpid())
		argv[1] = NULL;
	posix_spawn_file_actions_init(&fa);
	/* dup2 clears FD_CLOEXEC on the copy: only fd 3 reaches the helper. */
	posix_spawn_file_actions_adddup2(&fa, sv[1], RSS_FORKD_FD);
	ret = posix_spawn(&pid, path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(sv[1]);
	if (ret) {
		close(sv[0]);
		snprintf(zygote.why, sizeof(zygote.why), "cannot start %s: %s", path,
			 strerror(ret));
		return -ret;
	}
	/* It exits when this end closes (rssbench's exit); nobody waits for it. */
	zygote.fd = sv[0];
	snprintf(zygote.why, sizeof(zygote.why), "ok");
	return 0;
}

int rss_forkd_start(void)
{
	int ret;

	pthread_mutex_lock(&zygote.lock);
	if (!zygote.started) {
		zygote.err = start_locked();
		zygote.started = zygote.err ? -1 : 1;
	}
	ret = zygote.started > 0 ? 0 : zygote.err;
	pthread_mutex_unlock(&zygote.lock);
	return ret;
}

const char *rss_forkd_status(void)
{
	return zygote.why;
}

/* SPAWN: a per-task server's socket, or -errno. */
static int spawn_server(void)
{
	struct rss_forkd_req q = { .op = RSS_FORKD_SPAWN };
	struct rss_forkd_reply r;
	struct iovec iov = { &r, sizeof(r) };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *cm;
	int fd = -EPROTO;

	if (send(zygote.fd, &q, sizeof(q), MSG_NOSIGNAL) != sizeof(q))
		return -EPIPE;
	if (recvmsg(zygote.fd, &msg, MSG_CMSG_CLOEXEC) != sizeof(r))
		return -EPIPE;
	cm = CMSG_FIRSTHDR(&msg);
	if (cm && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	if (r.err) {
		if (fd >= 0)
			close(fd);
		return -r.err;
	}
	return fd;
}

struct forkd_server {
	int fd;
};

static void *forkd_open(void)
{
	struct forkd_server *s;
	int fd;

	if (rss_forkd_start()) {
		errno = ENOENT;
		return NULL;
	}
	pthread_mutex_lock(&zygote.lock);
	fd = spawn_server();
	pthread_mutex_unlock(&zygote.lock);
	if (fd < 0) {
		errno = -fd;
		return NULL;
	}
	s = malloc(sizeof(*s));
	if (!s) {
		close(fd);
		errno = ENOMEM;
		return NULL;
	}
	s->fd = fd;
	return s;
}

static int forkd_fork(void *server, int n, long pages, uint64_t *cycles)
{
	struct forkd_server *s = server;
	struct rss_forkd_req q = {
		.op = RSS_FORKD_FORK, .cpu = sched_getcpu(), .n = n, .pages = pages,
	};
	struct rss_forkd_reply r;

	*cycles = 0;
	if (send(s->fd, &q, sizeof(q), MSG_NOSIGNAL) != sizeof(q))
		return -EPIPE;
	if (recv(s->fd, &r, sizeof(r), 0) != sizeof(r))
		return -EPIPE;
	if (r.err)
		return -r.err;
	*cycles = r.cycles;
	return r.failed;
}

static void forkd_close(void *server)
{
	struct forkd_server *s = server;

	if (!s)
		return;
	close(s->fd);
	free(s);
}

const struct rss_fork_server rss_forkd_ops = {
	.open = forkd_open,
	.fork = forkd_fork,
	.close = forkd_close,
};
