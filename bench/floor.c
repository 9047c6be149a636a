/*
 * floor.c - the benchmark floor: read and event-parse YAML, nothing else
 *
 * For every file named on the command line, or every *.yaml and *.yml
 * file below a directory (recursively, in sorted order), floor reads the
 * whole file into memory, as the linter does, and runs a libfyaml
 * event-only parse over it: a fresh fy_parser per file, FYPCF_QUIET and a
 * diag that collects errors silently, fy_parser_set_string, then
 * fy_parser_parse/fy_parser_event_free until the end of the stream.
 * No tree, no rules, no output per document.
 *
 * A linter that parses with libfyaml cannot be faster than this, so
 * "lint MB/s / floor MB/s" is the share of the time that is the parser.
 *
 * Output, one line on stdout:
 *   files=N bytes=B documents=D events=E errors=F read_s=R parse_s=P
 *   parse_mb_s=M maxrss_kib=K
 * documents counts DOCUMENT_START events, errors counts files whose parse
 * failed; read_s and parse_s are CLOCK_MONOTONIC sums over the files.
 * Exit status: 0, 1 if a file did not parse, 2 on a usage or I/O error.
 *
 * "floor --time OUT CMD [ARG...]" is the benchmark's stopwatch instead:
 * it runs CMD (stdin, stdout and stderr inherited) and writes
 *   wall_s=W maxrss_kib=K user_s=U sys_s=S minflt=F status=X
 * to OUT: wall time from fork to reap on CLOCK_MONOTONIC, and the child's
 * peak RSS, CPU times and minor page faults from getrusage(RUSAGE_CHILDREN)
 * (the same source as GNU time's %M, at microsecond resolution instead of
 * %e's 10 ms). X is the exit status, or 128 + the signal. floor exits
 * with X, or 126/127 if CMD could not be run.
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libfyaml.h>

struct paths {
	char **v;
	size_t n;
	size_t cap;
};

struct totals {
	size_t files;
	unsigned long long bytes;
	unsigned long long documents;
	unsigned long long events;
	size_t errors;
	double read_s;
	double parse_s;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void oom(void)
{
	fprintf(stderr, "floor: out of memory\n");
	exit(2);
}

static void paths_add(struct paths *p, const char *path)
{
	size_t len = strlen(path);
	char *copy = NULL;

	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 256;
		char **v = realloc(p->v, cap * sizeof(*v));

		if (!v)
			oom();
		p->v = v;
		p->cap = cap;
	}
	copy = malloc(len + 1);
	if (!copy)
		oom();
	memcpy(copy, path, len + 1);
	p->v[p->n++] = copy;
}

static bool is_yaml_name(const char *name)
{
	size_t len = strlen(name);

	if (len > 5 && !strcmp(name + len - 5, ".yaml"))
		return true;
	return len > 4 && !strcmp(name + len - 4, ".yml");
}

/* Add path, or the YAML files below it if it is a directory. */
static int collect(struct paths *p, const char *path, bool named)
{
	struct stat st;
	DIR *d = NULL;
	struct dirent *de = NULL;
	char sub[4096];
	int n;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "floor: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (named || (S_ISREG(st.st_mode) && is_yaml_name(path)))
			paths_add(p, path);
		return 0;
	}
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "floor: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		n = snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		if (n < 0 || (size_t)n >= sizeof(sub))
			continue;
		if (collect(p, sub, false) != 0) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	return 0;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Read the whole file into a NUL-terminated malloc'd buffer, the way
 * lib/fileio.c does: size from fstat, then read() until end of file.
 */
static char *read_file(const char *path, size_t *lenp)
{
	struct stat st;
	char *buf = NULL, *nbuf = NULL;
	size_t cap, len = 0;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		goto fail;
	if (fstat(fd, &st) != 0)
		goto fail;
	cap = (size_t)st.st_size + 1;
	buf = malloc(cap + 1);
	if (!buf)
		goto fail;
	for (;;) {
		if (len == cap) {
			cap *= 2;
			nbuf = realloc(buf, cap + 1);
			if (!nbuf)
				goto fail;
			buf = nbuf;
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail;
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = '\0';
	*lenp = len;
	return buf;
fail:
	fprintf(stderr, "floor: %s: %s\n", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

/* Collect mode keeps errors in the diag; nothing is ever printed. */
static void diag_silent(struct fy_diag *diag, void *user, const char *buf,
	size_t len)
{
	(void)diag;
	(void)user;
	(void)buf;
	(void)len;
}

/* Event-parse one buffer; returns 0, or -1 if the parse failed. */
static int parse_buffer(const char *path, const char *buf, size_t len,
	struct totals *t)
{
	struct fy_diag_cfg dc;
	struct fy_parse_cfg pc;
	struct fy_diag *diag = NULL;
	struct fy_parser *fyp = NULL;
	struct fy_event *ev = NULL;
	struct fy_diag_error *err = NULL;
	void *it = NULL;
	int ret = -1;

	fy_diag_cfg_default(&dc);
	dc.fp = NULL;
	dc.output_fn = diag_silent;
	dc.colorize = false;
	diag = fy_diag_create(&dc);
	if (!diag)
		oom();
	fy_diag_set_collect_errors(diag, true);

	memset(&pc, 0, sizeof(pc));
	pc.flags = FYPCF_QUIET;
	pc.diag = diag;
	fyp = fy_parser_create(&pc);
	if (!fyp)
		oom();
	if (fy_parser_set_string(fyp, buf, len) != 0)
		goto out;
	while ((ev = fy_parser_parse(fyp)) != NULL) {
		t->events++;
		if (ev->type == FYET_DOCUMENT_START)
			t->documents++;
		fy_parser_event_free(fyp, ev);
	}
	ret = fy_parser_get_stream_error(fyp) ? -1 : 0;
out:
	if (ret != 0) {
		err = fy_diag_errors_iterate(diag, &it);
		if (err)
			fprintf(stderr, "floor: %s:%d:%d: %s\n", path,
				err->line, err->column, err->msg);
		else
			fprintf(stderr, "floor: %s: parse failed\n", path);
	}
	fy_parser_destroy(fyp);
	fy_diag_destroy(diag);
	return ret;
}

static double tv_s(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

/* floor --time OUT CMD [ARG...]: see the file comment. */
static int run_timed(const char *outpath, char **cmd)
{
	struct rusage ru;
	FILE *fp = fopen(outpath, "w");
	double t0, t1;
	pid_t pid;
	int st = 0, status;

	if (!fp) {
		fprintf(stderr, "floor: %s: %s\n", outpath, strerror(errno));
		return 126;
	}
	t0 = now();
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "floor: fork: %s\n", strerror(errno));
		fclose(fp);
		return 126;
	}
	if (pid == 0) {
		execvp(cmd[0], cmd);
		fprintf(stderr, "floor: %s: %s\n", cmd[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "floor: waitpid: %s\n",
				strerror(errno));
			fclose(fp);
			return 126;
		}
	}
	t1 = now();
	memset(&ru, 0, sizeof(ru));
	getrusage(RUSAGE_CHILDREN, &ru);
	if (WIFEXITED(st))
		status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		status = 128 + WTERMSIG(st);
	else
		status = 126;
	fprintf(fp, "wall_s=%.6f maxrss_kib=%ld user_s=%.6f sys_s=%.6f "
		"minflt=%ld status=%d\n", t1 - t0, (long)ru.ru_maxrss,
		tv_s(&ru.ru_utime), tv_s(&ru.ru_stime), (long)ru.ru_minflt,
		status);
	if (fclose(fp) != 0) {
		fprintf(stderr, "floor: %s: %s\n", outpath, strerror(errno));
		return 126;
	}
	return status;
}

int main(int argc, char **argv)
{
	struct paths p = { NULL, 0, 0 };
	struct totals t;
	struct rusage ru;
	char *buf = NULL;
	size_t i, len;
	double t0, t1, t2;
	int a, status = 0;

	memset(&t, 0, sizeof(t));
	if (argc >= 4 && !strcmp(argv[1], "--time"))
		return run_timed(argv[2], argv + 3);
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fprintf(argc < 2 ? stderr : stdout,
			"usage: floor FILE|DIR...\n"
			"       floor --time OUT CMD [ARG...]\n"
			"Reads each YAML file and event-parses it with "
			"libfyaml; prints totals.\n"
			"With --time, runs CMD and writes its wall time and "
			"peak RSS to OUT.\n");
		return argc < 2 ? 2 : 0;
	}
	for (a = 1; a < argc; a++)
		if (collect(&p, argv[a], true) != 0)
			return 2;
	if (p.n > 1)
		qsort(p.v, p.n, sizeof(*p.v), cmp_path);

	for (i = 0; i < p.n; i++) {
		t0 = now();
		buf = read_file(p.v[i], &len);
		if (!buf)
			return 2;
		t1 = now();
		if (parse_buffer(p.v[i], buf, len, &t) != 0) {
			t.errors++;
			status = 1;
		}
		t2 = now();
		free(buf);
		t.files++;
		t.bytes += len;
		t.read_s += t1 - t0;
		t.parse_s += t2 - t1;
		free(p.v[i]);
	}
	free(p.v);

	memset(&ru, 0, sizeof(ru));
	getrusage(RUSAGE_SELF, &ru);
	printf("files=%zu bytes=%llu documents=%llu events=%llu errors=%zu "
		"read_s=%.4f parse_s=%.4f parse_mb_s=%.1f maxrss_kib=%ld\n",
		t.files, t.bytes, t.documents, t.events, t.errors, t.read_s,
		t.parse_s, t.parse_s > 0 ? (double)t.bytes / 1e6 / t.parse_s :
		0.0, (long)ru.ru_maxrss);
	return status;
}
