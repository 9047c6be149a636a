/*
 * replay.c - run a fuzz target on files, without libFuzzer
 *
 * Linked with one of fuzz-yaml.c, fuzz-lint.c or fuzz-fix.c in the normal
 * build (any compiler), so that make check runs every input of
 * fuzz/regressions/ through the same checks as the fuzzer:
 * tests/fuzz-regressions.sh. A failed check aborts; a crash crashes.
 *
 * Usage: PROGRAM FILE...
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
replay(const char *path)
{
	FILE *fp;
	char *buf = NULL, *p;
	size_t len = 0, cap = 0, n;

	fp = fopen(path, "rb");
	if (!fp) {
		perror(path);
		return -1;
	}
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 65536;
			p = realloc(buf, cap);
			if (!p) {
				fprintf(stderr, "%s: out of memory\n", path);
				free(buf);
				fclose(fp);
				return -1;
			}
			buf = p;
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		perror(path);
		free(buf);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	/* an exact-size copy, so that ASan sees reads past the end */
	p = malloc(len ? len : 1);
	if (!p) {
		free(buf);
		return -1;
	}
	memcpy(p, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput((const uint8_t *)p, len);
	free(p);
	return 0;
}

int
main(int argc, char **argv)
{
	int i, status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++)
		if (replay(argv[i]) < 0)
			status = 1;
	return status;
}
