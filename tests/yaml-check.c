/*
 * yaml-check.c - does each file parse as YAML? Asked of libyaml alone.
 *
 * The independent check of what ambient-lint --fix writes: the library
 * verifies its own output, so the tests ask another parser. Each FILE is
 * parsed with libyaml's event API (yaml_parser_parse) to the end of its
 * stream; no tree is built and nothing is resolved. A failure prints
 *
 *     FILE: error at line L col C: PROBLEM
 *
 * (line and column 1-based, from libyaml's problem mark) on standard
 * output. Exit status: 0 every file parsed, 1 a file did not parse or
 * could not be opened, 2 usage error.
 *
 * Usage: yaml-check FILE...
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <yaml.h>

/* Parse one file; 0 when it parses, 1 when not (already printed). */
static int check(const char *path)
{
	yaml_parser_t parser;
	yaml_event_t event;
	FILE *f;
	int done = 0, bad = 0;

	f = fopen(path, "rb");
	if (!f) {
		printf("%s: cannot open: %s\n", path, strerror(errno));
		return 1;
	}
	if (!yaml_parser_initialize(&parser)) {
		printf("%s: error: out of memory\n", path);
		fclose(f);
		return 1;
	}
	yaml_parser_set_input_file(&parser, f);
	while (!done) {
		if (!yaml_parser_parse(&parser, &event)) {
			printf("%s: error at line %lu col %lu: %s\n", path,
			       (unsigned long)parser.problem_mark.line + 1,
			       (unsigned long)parser.problem_mark.column + 1,
			       parser.problem ? parser.problem :
			       "unknown error");
			bad = 1;
			break;
		}
		done = event.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&event);
	}
	yaml_parser_delete(&parser);
	if (ferror(f) && !bad) {
		printf("%s: cannot read: %s\n", path, strerror(errno));
		bad = 1;
	}
	fclose(f);
	return bad;
}

int main(int argc, char **argv)
{
	int i, failed = 0;

	if (argc < 2) {
		fputs("usage: yaml-check FILE...\n", stderr);
		return 2;
	}
	for (i = 1; i < argc; i++)
		failed |= check(argv[i]);
	if (fflush(stdout) != 0)
		return 2;
	return failed ? 1 : 0;
}
