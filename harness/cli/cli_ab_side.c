/*
 * cli_ab_side.c - one side of `rssbench ab` (cli_ab.h): the build checked
 * (a binary or a build tree that answers --version as rssbench), started as
 * a child `run` on the plan rendered by rss_plan_argv plus its pacing
 * socket, let run one repetition at a time, reaped, and its meta.json
 * marked with the side and the round order.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_ab.h"
#include "harness.h"
#include "infile.h"
#include "plan.h"

#define VERSION_TIMEOUT_MS	10000

/*
 * The line @bin --version prints first, in @out, within 10 s (stdin and
 * stderr /dev/null); 0, or -1 when it prints none, fails or hangs.
 */
static int version_of(const char *bin, char *out, size_t len)
{
	int p[2], st, n = 0;
	struct pollfd pfd;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	fflush(NULL);
	if (!(pid = fork())) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, STDIN_FILENO);
		dup2(null, STDERR_FILENO);
		dup2(p[1], STDOUT_FILENO);
		execl(bin, bin, "--version", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	pfd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	while (pid > 0 && n < (int)len - 1 && poll(&pfd, 1, VERSION_TIMEOUT_MS) == 1) {
		ssize_t r = read(p[0], out + n, len - 1 - (size_t)n);

		if (r <= 0)
			break;
		n += (int)r;
	}
	out[n] = 0;
	out[strcspn(out, "\n")] = 0;
	close(p[0]);
	if (pid < 0)
		return -1;
	kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return strncmp(out, "rssbench ", 9) ? -1 : 0;
}

/* --a / --b: a binary, or a build tree's ./rssbench; exit 3 naming the problem. */
void rss_ab_resolve(struct rss_ab_side *s)
{
	char path[PATH_MAX + 16];
	struct stat st;

	snprintf(path, sizeof(path), "%s", s->given);
	if (stat(path, &st))
		rss_usage_error("--%c %s: %s; give an rssbench binary or a build tree holding one",
				s->name[0] + 32, s->given, strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		snprintf(path, sizeof(path), "%s/rssbench", s->given);
		if (stat(path, &st))
			rss_usage_error("--%c %s: no rssbench in that directory; build it there (make) or give the binary",
					s->name[0] + 32, s->given);
	}
	if (!S_ISREG(st.st_mode) || access(path, X_OK) || !realpath(path, s->bin))
		rss_usage_error("--%c %s: not an executable file; give an rssbench binary or a build tree holding one",
				s->name[0] + 32, s->given);
	if (version_of(s->bin, s->version, sizeof(s->version)))
		rss_usage_error("--%c %s: not rssbench ('%s --version' printed no rssbench line); give an rssbench binary",
				s->name[0] + 32, s->given, s->bin);
}

/* Starts @s: `BIN run <plan> --ab-pace=FD` into @s->out, stdout to /dev/null. */
int rss_ab_spawn(struct rss_ab_side *s, const struct rss_run_opts *plan)
{
	struct rss_run_opts p = *plan;
	struct rss_argv a;
	char **argv, pace[32];
	int sv[2];

	p.output = s->out;
	rss_plan_argv(&p, &a);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -errno;
	if (!(argv = calloc((size_t)a.argc + 3, sizeof(char *))))
		rss_die(ENOMEM, "ab argv");
	argv[0] = s->bin;
	memcpy(argv + 1, a.argv, (size_t)a.argc * sizeof(char *));
	fflush(NULL);
	s->pid = fork();
	if (!s->pid) {
		/* F_DUPFD: a copy without close-on-exec, above the standard three. */
		int fd = fcntl(sv[1], F_DUPFD, 3), null = open("/dev/null", O_WRONLY);

		snprintf(pace, sizeof(pace), "--ab-pace=%d", fd);
		argv[a.argc + 1] = pace;
		dup2(null, STDOUT_FILENO);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		execv(s->bin, argv);
		_exit(127);
	}
	close(sv[1]);
	free(argv);
	rss_argv_free(&a);
	if (s->pid < 0) {
		close(sv[0]);
		return -errno;
	}
	s->fd = sv[0];
	return 0;
}

/* Reaps @s (its socket closed first: a side still waiting stops). */
void rss_ab_reap(struct rss_ab_side *s)
{
	int st;

	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	if (s->pid <= 0 || s->status >= 0)
		return;
	while (waitpid(s->pid, &st, 0) < 0)
		if (errno != EINTR)
			return;
	s->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Whether @s says it waits before its next repetition; else it ended (reaped). */
int rss_ab_ready(struct rss_ab_side *s)
{
	char c;
	ssize_t r;

	while ((r = recv(s->fd, &c, 1, 0)) < 0 && errno == EINTR && !rss_ab_stop)
		;
	if (r == 1)
		return 1;
	rss_ab_reap(s);
	return 0;
}

/* @s's repetition: go, then wait until it waits again (or, after its last, ends). */
int rss_ab_run_rep(struct rss_ab_side *s, int last)
{
	char c = 'g';

	if (send(s->fd, &c, 1, MSG_NOSIGNAL) != 1) {
		rss_ab_reap(s);
		return 0;
	}
	if (last) {
		rss_ab_reap(s);
		return s->status == 0 || s->status == 1;
	}
	return rss_ab_ready(s);
}

/* The run_id in @dir's meta.json, a new reference; JSON null when none. */
static json_t *run_id_of(const char *dir)
{
	char path[PATH_MAX + 32];
	json_t *meta, *id;

	if (!dir)
		return json_null();
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	meta = json_load_file(path, 0, NULL);
	id = json_object_get(meta, "run_id");
	id = json_is_string(id) ? json_string(json_string_value(id)) : json_null();
	json_decref(meta);
	return id;
}

/* meta.json's "ab" in @dir: this side, its binary, the rounds, their order, the other run. */
int rss_ab_patch_meta(const char *dir, const struct rss_ab_side *s, const struct rss_ab_side *other,
		      const char *other_dir, int rounds)
{
	char path[PATH_MAX + 32], tmp[PATH_MAX + 32], e[4][PATH_MAX + 64];
	json_t *meta, *order = json_array(), *first = json_array(), *ab;
	int ret;

	snprintf(path, sizeof(path), "%s/meta.json", dir);
	snprintf(tmp, sizeof(tmp), "%s/.meta.json.ab", dir);
	if (!(meta = json_load_file(path, 0, NULL)))
		return -EINVAL;
	for (int r = 1; r <= rounds; r++) {
		json_array_append_new(order, json_string(r % 2 ? "AB" : "BA"));
		if ((r % 2) == (s->name[0] == 'A'))
			json_array_append_new(first, json_integer(r));
	}
	/* Paths and the other build's words as given, bytes not UTF-8 escaped (\xNN). */
	ab = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:o, s:o, s:s, s:o}", "side", s->name,
		"binary", rss_escape_str(e[0], sizeof(e[0]), s->given),
		"path", rss_escape_str(e[1], sizeof(e[1]), s->bin),
		"version", rss_escape_str(e[2], sizeof(e[2]), s->version),
		"other_binary", rss_escape_str(e[3], sizeof(e[3]), other->given),
		"rounds", rounds, "order", order, "first_in_rounds", first,
		"other", s->name[0] == 'A' ? "b" : "a", "other_run_id", run_id_of(other_dir));
	ret = !ab || json_object_set_new(meta, "ab", ab) ? -ENOMEM :
	      json_dump_file(meta, tmp, JSON_INDENT(2) | JSON_SORT_KEYS) ? -EIO : 0;
	json_decref(meta);
	if (!ret && rename(tmp, path))
		ret = -errno;
	return ret;
}

/* Why a side ended before its last round, for the one line. */
void rss_ab_why_stopped(const struct rss_ab_side *s, int rounds, char *buf, size_t len)
{
	if (s->status == 2 && !s->reps_done)
		snprintf(buf, len, "%s (%s) refused the plan (exit 2, its reason above)", s->name,
			 s->given);
	else if (s->status == 127)
		snprintf(buf, len, "%s (%s) could not be started", s->name, s->given);
	else
		snprintf(buf, len, "%s (%s) stopped after %d of %d rounds (exit %d)", s->name,
			 s->given, s->reps_done, rounds, s->status);
}
