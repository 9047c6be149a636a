/*
 * walk.c - turn the paths of the command line into the inputs of a run
 *
 * A directory is walked recursively in strcmp order of the entry names, so
 * the inputs, and therefore the output, do not depend on the file system.
 * Only regular files named *.yaml or *.yml are taken. Entries whose name
 * starts with '.' are skipped, and so are FIFOs, sockets and devices, which
 * are recognised with lstat()/stat() and never opened. A symlink is
 * followed only when its target resolves inside the directory given on the
 * command line; a directory already on the current path (same device and
 * inode) is a loop and is skipped.
 */
/* realpath() is an XSI function; the build only sets _POSIX_C_SOURCE. */
#define _XOPEN_SOURCE 700

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <ambientlint.h>

#include "cli.h"

/* The directories on the path from the walk's root to where it is. */
struct dir_id {
	dev_t dev;
	ino_t ino;
};

struct walk {
	struct cli_inputs *inputs;
	const char *root;	/* realpath of the directory argument */
	size_t root_len;
	size_t *io_errors;
	struct dir_id *stack;
	size_t depth;
	size_t cap;
	struct cli_configs *cfg;	/* exclude patterns, or NULL */
};

int cli_inputs_add(struct cli_inputs *inputs, const char *name, char *buf,
		   size_t len)
{
	struct cli_input *v;
	size_t cap;
	char *copy;

	if (inputs->n == inputs->cap) {
		cap = inputs->cap ? inputs->cap * 2 : 64;
		v = realloc(inputs->v, cap * sizeof(*v));
		if (!v)
			return -1;
		inputs->v = v;
		inputs->cap = cap;
	}
	copy = strdup(name);
	if (!copy)
		return -1;
	inputs->v[inputs->n].name = copy;
	inputs->v[inputs->n].buf = buf;
	inputs->v[inputs->n].len = len;
	inputs->v[inputs->n].is_stdin = 0;
	inputs->n++;
	return 0;
}

void cli_inputs_free(struct cli_inputs *inputs)
{
	size_t i;

	for (i = 0; i < inputs->n; i++) {
		free(inputs->v[i].name);
		free(inputs->v[i].buf);
	}
	free(inputs->v);
	inputs->v = NULL;
	inputs->n = 0;
	inputs->cap = 0;
}

char *cli_read_fd(int fd, size_t max_size, size_t *len)
{
	char *buf = NULL, *nbuf;
	size_t cap = 0, n = 0;
	ssize_t r;

	for (;;) {
		if (cap - n < 2) {
			cap = cap ? cap * 2 : 65536;
			nbuf = realloc(buf, cap);
			if (!nbuf) {
				free(buf);
				errno = ENOMEM;
				return NULL;
			}
			buf = nbuf;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max_size) {
			free(buf);
			errno = EFBIG;
			return NULL;
		}
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int has_yaml_suffix(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether the resolved path p is the walk's root or below it. */
static int inside_root(const struct walk *w, const char *p)
{
	if (strncmp(p, w->root, w->root_len) != 0)
		return 0;
	/* root "/" ends with the separator itself */
	return p[w->root_len] == '\0' || p[w->root_len] == '/' ||
	       w->root[w->root_len - 1] == '/';
}

static int on_stack(const struct walk *w, const struct stat *st)
{
	size_t i;

	for (i = 0; i < w->depth; i++)
		if (w->stack[i].dev == st->st_dev &&
		    w->stack[i].ino == st->st_ino)
			return 1;
	return 0;
}

static int push_dir(struct walk *w, const struct stat *st)
{
	struct dir_id *s;
	size_t cap;

	if (w->depth == w->cap) {
		cap = w->cap ? w->cap * 2 : 16;
		s = realloc(w->stack, cap * sizeof(*s));
		if (!s)
			return -1;
		w->stack = s;
		w->cap = cap;
	}
	w->stack[w->depth].dev = st->st_dev;
	w->stack[w->depth].ino = st->st_ino;
	w->depth++;
	return 0;
}

static void io_error(struct walk *w, const char *path, int err)
{
	cli_error("%s: %s", path, strerror(err));
	(*w->io_errors)++;
}

/* Read the sorted names of the entries of a directory, hidden ones left out. */
static int read_names(struct walk *w, const char *path, char ***out,
		      size_t *count)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL, **nn, *name;
	size_t n = 0, cap = 0, i;

	*out = NULL;
	*count = 0;
	d = opendir(path);
	if (!d) {
		io_error(w, path, errno);
		return 0;
	}
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de) {
			if (errno)
				io_error(w, path, errno);
			break;
		}
		/* ".", ".." and hidden files and directories */
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			nn = realloc(names, cap * sizeof(*nn));
			if (!nn)
				goto oom;
			names = nn;
		}
		name = strdup(de->d_name);
		if (!name)
			goto oom;
		names[n++] = name;
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_names);
	*out = names;
	*count = n;
	return 0;
oom:
	closedir(d);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return -1;
}

static char *join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *p;
	int slash = dl > 0 && dir[dl - 1] == '/';

	/* entries of "." are named "a.yaml", not "./a.yaml" */
	if (strcmp(dir, ".") == 0)
		return strdup(name);
	p = malloc(dl + nl + 2);
	if (!p)
		return NULL;
	memcpy(p, dir, dl);
	if (!slash)
		p[dl++] = '/';
	memcpy(p + dl, name, nl + 1);
	return p;
}

static int walk_dir(struct walk *w, const char *path);

/* One entry of a directory being walked. */
static int walk_entry(struct walk *w, const char *path, const char *name)
{
	struct stat st;
	char *real;
	int error = 0;

	if (w->cfg) {
		error = cli_configs_excluded(w->cfg, path);
		if (error)
			return error < 0 ? -2 : 0;
	}
	if (lstat(path, &st) < 0) {
		io_error(w, path, errno);
		return 0;
	}
	if (S_ISLNK(st.st_mode)) {
		/* A dangling link or one out of the tree is not followed. */
		real = realpath(path, NULL);
		if (!real)
			return 0;
		if (!inside_root(w, real)) {
			free(real);
			return 0;
		}
		free(real);
		if (stat(path, &st) < 0)
			return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		if (on_stack(w, &st))
			return 0;
		if (push_dir(w, &st) < 0)
			return -1;
		error = walk_dir(w, path);
		w->depth--;
	} else if (S_ISREG(st.st_mode) && has_yaml_suffix(name)) {
		error = cli_inputs_add(w->inputs, path, NULL, 0);
	}
	return error;
}

static int walk_dir(struct walk *w, const char *path)
{
	char **names;
	char *sub;
	size_t n, i;
	int error = 0;

	if (read_names(w, path, &names, &n) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (!error) {
			sub = join(path, names[i]);
			if (!sub)
				error = -1;
			else
				error = walk_entry(w, sub, names[i]);
			free(sub);
		}
		free(names[i]);
	}
	free(names);
	return error;
}

/* An explicit FIFO (bash's <(command)): read it like stdin. */
static int add_fifo(struct cli_inputs *inputs, const char *path,
		    size_t max_size, size_t *io_errors)
{
	char *buf;
	size_t len = 0;
	int fd, err;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		cli_error("%s: %s", path, strerror(errno));
		(*io_errors)++;
		return 0;
	}
	buf = cli_read_fd(fd, max_size, &len);
	err = errno;
	close(fd);
	if (!buf) {
		if (err == ENOMEM)
			return -1;
		if (err == EFBIG)
			cli_error("%s: larger than the --max-file-size limit",
				  path);
		else
			cli_error("%s: %s", path, strerror(err));
		(*io_errors)++;
		return 0;
	}
	if (cli_inputs_add(inputs, path, buf, len) < 0) {
		free(buf);
		return -1;
	}
	return 0;
}

int cli_walk(struct cli_inputs *inputs, const char *path, size_t max_size,
	     size_t *io_errors, struct cli_configs *cfg)
{
	struct walk w;
	struct stat st;
	char *root;
	int error;

	/*
	 * Explicit arguments are followed wherever they point. One that
	 * cannot be examined goes to the library, which reports it as an
	 * io-error finding.
	 */
	if (stat(path, &st) < 0 || S_ISREG(st.st_mode))
		error = cli_inputs_add(inputs, path, NULL, 0);
	else if (S_ISFIFO(st.st_mode))
		error = add_fifo(inputs, path, max_size, io_errors);
	else
		error = 1;
	if (error <= 0) {
		if (error < 0)
			cli_error("out of memory");
		return error < 0 ? -1 : 0;
	}
	if (!S_ISDIR(st.st_mode)) {
		cli_error("%s: not a regular file or directory", path);
		(*io_errors)++;
		return 0;
	}

	root = realpath(path, NULL);
	if (!root) {
		cli_error("%s: %s", path, strerror(errno));
		(*io_errors)++;
		return 0;
	}
	memset(&w, 0, sizeof(w));
	w.inputs = inputs;
	w.root = root;
	w.root_len = strlen(root);
	w.io_errors = io_errors;
	w.cfg = cfg;
	error = push_dir(&w, &st);
	if (!error)
		error = walk_dir(&w, path);
	free(w.stack);
	free(root);
	if (error == -1)
		cli_error("out of memory");
	return error < 0 ? -1 : 0;
}
