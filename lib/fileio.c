/*
 * fileio.c - reading inputs safely
 *
 * Only regular files are read: a FIFO or a device named in a run would
 * block or never end. The size limit is checked before reading, and again
 * while reading, since a file may grow.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

static char *
msgdup(const char *fmt, const char *path, const char *why)
{
	size_t n = strlen(fmt) + strlen(path) + strlen(why) + 1;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, fmt, path, why);
	return s;
}

int
alint__read_file(char **out, size_t *len, const char *path, size_t max_size,
		 char **errmsg)
{
	struct stat st;
	char *buf = NULL, *nbuf;
	size_t cap, used = 0;
	ssize_t r;
	int fd, error = 0;
	char sizebuf[96];

	*out = NULL;
	*len = 0;
	*errmsg = NULL;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		*errmsg = msgdup("cannot open %s: %s", path, strerror(errno));
		return ALINT_EIO;
	}
	if (fstat(fd, &st) < 0) {
		*errmsg = msgdup("cannot stat %s: %s", path, strerror(errno));
		error = ALINT_EIO;
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		*errmsg = msgdup("cannot read %s: %s", path,
				 "is a directory");
		error = ALINT_EIO;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		*errmsg = msgdup("cannot read %s: %s", path,
				 "not a regular file");
		error = ALINT_EIO;
		goto out;
	}
	if ((size_t)st.st_size > max_size) {
		snprintf(sizebuf, sizeof(sizebuf),
			 "larger than the limit of %zu bytes "
			 "(--max-file-size)", max_size);
		*errmsg = msgdup("cannot read %s: %s", path, sizebuf);
		error = ALINT_ETOOBIG;
		goto out;
	}
	cap = (size_t)st.st_size + 1;
	buf = malloc(cap + 1);
	if (!buf) {
		error = ALINT_ENOMEM;
		goto out;
	}
	for (;;) {
		if (used == cap) {
			if (cap > max_size) {
				snprintf(sizebuf, sizeof(sizebuf),
					 "larger than the limit of %zu bytes "
					 "(--max-file-size)", max_size);
				*errmsg = msgdup("cannot read %s: %s", path,
						 sizebuf);
				error = ALINT_ETOOBIG;
				goto out;
			}
			cap *= 2;
			nbuf = realloc(buf, cap + 1);
			if (!nbuf) {
				error = ALINT_ENOMEM;
				goto out;
			}
			buf = nbuf;
		}
		r = read(fd, buf + used, cap - used);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*errmsg = msgdup("cannot read %s: %s", path,
					 strerror(errno));
			error = ALINT_EIO;
			goto out;
		}
		if (r == 0)
			break;
		used += (size_t)r;
	}
	buf[used] = '\0';
	*out = buf;
	*len = used;
	buf = NULL;
out:
	free(buf);
	close(fd);
	if (error == ALINT_ENOMEM && !*errmsg)
		*errmsg = msgdup("cannot read %s: %s", path, "out of memory");
	return error;
}
