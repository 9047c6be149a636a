/*
 * write.c - writing a fixed text back to its file, atomically
 *
 * alint_fixed_write() never writes into the file itself. It resolves the
 * path (a symbolic link is written through: its target is replaced, the
 * link stays), refuses anything but a regular file, and reads the file
 * again: if its bytes are not the text fixing started from, someone
 * changed it meanwhile and nothing is written. A file without any write
 * permission bit, or that access(2) says we may not write, is refused
 * too, although renaming over it in a writable directory would work.
 *
 * The new text goes to a temporary file in the same directory
 * (".NAME.XXXXXX", so that rename(2) stays on one file system), which
 * gets the mode of the file and, when allowed, its owner and group; it
 * is written whole, flushed with fsync(2) and closed, and only then
 * renamed over the file, after a last check that the file is still the
 * one read (device, inode, size, modification time). On any failure the
 * temporary file is removed and the file is untouched.
 */
/* realpath() is an XSI function; the build only sets _POSIX_C_SOURCE. */
#define _XOPEN_SOURCE 700

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "internal.h"

static int fail(struct alint_fixed *fx, int error, const char *fmt, ...)
	ALINT_PRINTF(3, 4);

static int
fail(struct alint_fixed *fx, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fx->errmsg, sizeof(fx->errmsg), fmt, ap);
	va_end(ap);
	return error;
}

/* The reason for errno e, in a message. */
static const char *
why(int e)
{
	if (e == ENOSPC)
		return "no space left on device";
#ifdef EDQUOT
	if (e == EDQUOT)
		return "disk quota exceeded";
#endif
	return strerror(e);
}

/*
 * Whether the file open on fd holds exactly text (len bytes). Reads at
 * most len + 1 bytes. -1 with errno on a read error.
 */
static int
same_bytes(int fd, const char *text, size_t len)
{
	char buf[65536];
	size_t done = 0, want;
	ssize_t r;

	for (;;) {
		want = len - done + 1;
		if (want > sizeof(buf))
			want = sizeof(buf);
		r = read(fd, buf, want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			return done == len;
		if ((size_t)r > len - done ||
		    memcmp(buf, text + done, (size_t)r) != 0)
			return 0;
		done += (size_t)r;
	}
}

/* Write all of buf; -1 with errno on failure. */
static int
write_all(int fd, const char *buf, size_t len)
{
	ssize_t w;

	while (len > 0) {
		w = write(fd, buf, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		if (w == 0) {
			errno = EIO;
			return -1;
		}
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

static bool
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
		a->st_size == b->st_size &&
		a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
		a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Flush the directory entry of a rename; failures do not matter. */
static void
sync_dir(const char *dir)
{
	int fd;

	fd = open(dir, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	(void)fsync(fd);
	close(fd);
}

int
alint_fixed_write(struct alint_fixed *fixed, size_t idx)
{
	const struct alint_fixed_input *e;
	struct stat st, now;
	char *target = NULL, *tmp = NULL, *dir = NULL;
	const char *base, *slash;
	bool created = false;
	size_t n;
	int fd = -1, error = 0, same;

	if (!fixed)
		return ALINT_EINVAL;
	fixed->errmsg[0] = '\0';
	if (idx >= fixed->n)
		return fail(fixed, ALINT_EINVAL, "no input number %zu (there "
			    "are %zu)", idx, fixed->n);
	e = &fixed->items[idx];
	if (e->is_buffer)
		return fail(fixed, ALINT_EINVAL, "%s: not a file but a buffer "
			    "in memory: it cannot be written", e->file);
	if (e->error)
		return fail(fixed, ALINT_EINVAL, "%s: not written: %s",
			    e->file, e->error);
	if (!e->changed)
		return 0;

	target = realpath(e->file, NULL);
	if (!target) {
		error = fail(fixed, ALINT_EIO, "cannot write %s: %s", e->file,
			     why(errno));
		goto out;
	}
	fd = open(target, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st) < 0) {
		error = fail(fixed, ALINT_EIO, "cannot write %s: %s", e->file,
			     why(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		error = fail(fixed, ALINT_EIO, "cannot write %s: not a "
			     "regular file", e->file);
		goto out;
	}
	same = same_bytes(fd, e->original, e->original_len);
	if (same < 0) {
		error = fail(fixed, ALINT_EIO, "cannot read %s again: %s",
			     e->file, why(errno));
		goto out;
	}
	close(fd);
	fd = -1;
	if (!same) {
		error = fail(fixed, ALINT_ECONFLICT, "%s changed on disk since "
			     "it was read; not written", e->file);
		goto out;
	}
	if ((st.st_mode & 0222) == 0) {
		error = fail(fixed, ALINT_EIO, "%s is read-only; not written",
			     e->file);
		goto out;
	}
	if (access(target, W_OK) != 0) {
		error = fail(fixed, ALINT_EIO, "%s is not writable (%s); not "
			     "written", e->file, why(errno));
		goto out;
	}

	/* target is absolute: realpath() */
	slash = strrchr(target, '/');
	base = slash + 1;
	n = (size_t)(slash - target);
	dir = malloc(n + 2);
	tmp = malloc(strlen(target) + 16);
	if (!dir || !tmp) {
		error = fail(fixed, ALINT_ENOMEM, "cannot write %s: out of "
			     "memory", e->file);
		goto out;
	}
	memcpy(dir, target, n ? n : 1);
	dir[n ? n : 1] = '\0';
	snprintf(tmp, strlen(target) + 16, "%.*s/.%s.XXXXXX", (int)n, target,
		 base);
	fd = mkstemp(tmp);
	if (fd < 0) {
		error = fail(fixed, ALINT_EIO, "cannot write %s: cannot create "
			     "a temporary file in %s: %s", e->file, dir,
			     why(errno));
		goto out;
	}
	created = true;
	/*
	 * The owner first, when we may (else the file becomes ours): a
	 * change of owner clears the set-user-ID bit that the mode sets.
	 */
	if (fchown(fd, st.st_uid, st.st_gid) < 0 && errno != EPERM) {
		error = fail(fixed, ALINT_EIO, "cannot write %s: cannot set "
			     "the owner of the temporary file: %s", e->file,
			     why(errno));
		goto out;
	}
	if (fchmod(fd, st.st_mode & 07777) < 0) {
		error = fail(fixed, ALINT_EIO, "cannot write %s: cannot set "
			     "the mode of the temporary file: %s", e->file,
			     why(errno));
		goto out;
	}
	if (write_all(fd, e->text, e->len) < 0 || fsync(fd) < 0) {
		error = fail(fixed, ALINT_EIO, "cannot write %s: %s", e->file,
			     why(errno));
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		error = fail(fixed, ALINT_EIO, "cannot write %s: %s", e->file,
			     why(errno));
		goto out;
	}
	fd = -1;
	if (stat(target, &now) < 0 || !same_file(&st, &now)) {
		error = fail(fixed, ALINT_ECONFLICT, "%s changed on disk "
			     "since it was read; not written", e->file);
		goto out;
	}
	if (rename(tmp, target) < 0) {
		error = fail(fixed, ALINT_EIO, "cannot write %s: cannot "
			     "rename the temporary file over it: %s", e->file,
			     why(errno));
		goto out;
	}
	created = false;
	sync_dir(dir);
out:
	if (fd >= 0)
		close(fd);
	if (created)
		unlink(tmp);
	free(tmp);
	free(dir);
	free(target);
	return error;
}
