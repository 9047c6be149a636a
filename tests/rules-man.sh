#!/bin/sh
# rules-man.sh - man/ambient-lint-rules.7 must match the rule table
#
# Regenerates the page with tests/gen-rules-man and diffs it with the
# committed one. On drift, run "make man-rules" and commit the page.
: "${top_srcdir:=.}"
: "${top_builddir:=.}"

gen="$top_builddir/tests/gen-rules-man"
page="$top_srcdir/man/ambient-lint-rules.7"
tmp="${TMPDIR:-/tmp}/rules-man.$$"
trap 'rm -f "$tmp"' EXIT HUP INT TERM

if [ ! -x "$gen" ]; then
	echo "rules-man.sh: $gen is not built" >&2
	exit 99
fi
if ! "$gen" > "$tmp"; then
	echo "rules-man.sh: $gen failed" >&2
	exit 1
fi
if ! diff -u "$page" "$tmp"; then
	echo "rules-man.sh: man/ambient-lint-rules.7 is out of date with" \
		"the rule table; run \"make man-rules\" and commit it" >&2
	exit 1
fi
exit 0
