/*
 * test_ab_pace.c - `run --ab-pace FD`, the protocol `rssbench ab` drives
 * each side with (harness/cli/cli_run.c): the run says on the socket that
 * it waits before each repetition and runs it only when told, so while it
 * waits its cells.csv holds exactly the repetitions it was let run; after
 * the last it writes its directory and exits; the socket closed while it
 * waits stops it, its finished repetitions kept.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#define CELLS	2	/* schemes x workloads x threads x policies of the plan */
#define REPS	3

static char tmp[64];

/* Data rows of the one cells.csv matching @pattern (under tmp), or -1. */
static int rows(const char *pattern)
{
	char path[256], line[4096];
	glob_t g;
	FILE *f;
	int n = -1;

	snprintf(path, sizeof(path), "%s/%s", tmp, pattern);
	if (glob(path, GLOB_PERIOD, NULL, &g))
		return -1;
	if (g.gl_pathc == 1 && (f = fopen(g.gl_pathv[0], "r"))) {
		while (fgets(line, sizeof(line), f))
			n++;
		fclose(f);
	}
	globfree(&g);
	return n;
}

/* `$RSSBENCH run <tiny plan> --ab-pace=FD -o DIR`; our end of its socket in *@fd. */
static pid_t start(const char *dir, int *fd)
{
	const char *bin = getenv("RSSBENCH");
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		bail_out("socketpair: %s", strerror(errno));
	pid = fork();
	if (!pid) {
		char pace[32];
		int c = fcntl(sv[1], F_DUPFD, 3), null = open("/dev/null", O_WRONLY);

		snprintf(pace, sizeof(pace), "--ab-pace=%d", c);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		execl(bin ? bin : "./rssbench", "rssbench", "run", "-T", "package:1 core:2 pu:1",
		      "-s", "percpu,atomic", "-w", "update", "-t", "2", "-e", "50", "--slice", "10ops",
		      "--serialize", "--events", "none", "-q", "-r", "3", "-o", dir, pace,
		      (char *)NULL);
		_exit(127);
	}
	close(sv[1]);
	*fd = sv[0];
	return pid;
}

static int wait_for(int fd)
{
	char c;

	return recv(fd, &c, 1, 0) == 1;
}

static int go(int fd)
{
	return send(fd, "g", 1, MSG_NOSIGNAL) == 1;
}

static int status(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void cleanup(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd))
		diag("could not remove %s", tmp);
}

int main(void)
{
	int fd, ok_all = 1;
	pid_t pid;
	char dir[96];

	plan_tests(8);
	snprintf(tmp, sizeof(tmp), "tests/tmp-ab-pace-%d", (int)getpid());
	if (mkdir(tmp, 0777))
		bail_out("mkdir %s: %s", tmp, strerror(errno));
	atexit(cleanup);

	snprintf(dir, sizeof(dir), "%s/whole", tmp);
	pid = start(dir, &fd);
	ok(wait_for(fd) && rows("whole/*-partial/cells.csv") == 0,
	   "before it is let go: waiting, no row written");
	for (int r = 1; r < REPS; r++) {
		int n = go(fd) && wait_for(fd) ? rows("whole/*-partial/cells.csv") : -2;

		ok_all &= n == r * CELLS;
		if (n != r * CELLS)
			diag("after %d repetitions: %d rows", r, n);
	}
	ok(ok_all, "waiting before each repetition, its cells.csv holds exactly the ones let run");
	ok(go(fd) && status(pid) == 0, "after the last repetition it writes its directory and exits 0");
	close(fd);
	ok(rows("whole/*/cells.csv") == REPS * CELLS && rows("whole/*-partial/cells.csv") == -1,
	   "one complete directory of %d rows, no -partial one left", REPS * CELLS);

	/* The driver gone while it waits before repetition 2. */
	snprintf(dir, sizeof(dir), "%s/cut", tmp);
	pid = start(dir, &fd);
	ok(wait_for(fd) && go(fd) && wait_for(fd), "cut: the first repetition ran");
	close(fd);
	ok(status(pid) == 1, "the socket closed while it waits: it stops, exit 1");
	ok(rows("cut/*-partial/cells.csv") == CELLS, "its finished repetition kept as -partial");

	/* Closed before the first: nothing ran, nothing kept. */
	snprintf(dir, sizeof(dir), "%s/none", tmp);
	pid = start(dir, &fd);
	ok(wait_for(fd) && (close(fd), status(pid)) == 1 && rows("none/*/cells.csv") == -1 &&
	   rows("none/.*/cells.csv") == -1, "closed before the first repetition: exit 1, no directory");
	return exit_status();
}
