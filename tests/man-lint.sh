#!/bin/sh
# man-lint.sh - every man page must format without a groff warning
#
# Runs "$GROFF -man -ww -z" on man/*.1, *.3 and *.7 and fails on any
# output. Skips (77) when configure found no groff.
: "${top_srcdir:=.}"

if [ -z "$GROFF" ]; then
	echo "man-lint.sh: groff not found, skipped"
	exit 77
fi

status=0
n=0
for page in "$top_srcdir"/man/*.1 "$top_srcdir"/man/*.3 \
	"$top_srcdir"/man/*.7; do
	[ -f "$page" ] || continue
	n=$((n + 1))
	out=$("$GROFF" -man -ww -z "$page" 2>&1)
	if [ $? -ne 0 ] || [ -n "$out" ]; then
		echo "man-lint.sh: $page:"
		printf '%s\n' "$out"
		status=1
	fi
done
if [ "$n" -eq 0 ]; then
	echo "man-lint.sh: no man page in $top_srcdir/man" >&2
	exit 1
fi
echo "man-lint.sh: $n pages checked"
exit $status
