#!/bin/sh
# fix.sh - golden tests of ambient-lint --fix
#
# Each directory tests/fix/CASE holds one case:
#   in.yaml        the file before
#   args           optional extra arguments, one line, shell-quoted
#                  (--unsafe-fixes, --select AL2001, ...)
#   expected.yaml  the file after "ambient-lint --fix ARGS in.yaml"
# A case runs on a copy of in.yaml in a scratch directory under
# $top_builddir/tests, so the source tree is never written. The exit
# status of ambient-lint is ignored, except 2 (a failure). The fixed file
# must equal expected.yaml byte for byte, and a second --fix must leave
# it alone. The files are compared as bytes: CRLF line ends and a BOM are
# part of the cases (.gitattributes keeps git from converting them).
#
# Skipped (77) while ambient-lint has no --fix.
#
# Usage: fix.sh [CASE...]   (top_srcdir and top_builddir come from make)

top_srcdir=${top_srcdir:-$(dirname "$0")/..}
top_builddir=${top_builddir:-.}
abs_srcdir=$(cd "$top_srcdir" && pwd) || exit 99
abs_builddir=$(cd "$top_builddir" && pwd) || exit 99
bin=$abs_builddir/ambient-lint
cases=$abs_srcdir/tests/fix
workroot=$abs_builddir/tests/fix.work

if [ ! -x "$bin" ]; then
	echo "fix.sh: $bin is not built" >&2
	exit 99
fi
if ! "$bin" --help 2>/dev/null | grep -q -- --fix; then
	echo "fix.sh: ambient-lint has no --fix yet: skipped"
	exit 77
fi

# under make check-valgrind, through valgrind (see tests/cli.sh)
run=$bin
if [ -n "$ALINT_CLI_VALGRIND" ]; then
	run="$abs_builddir/libtool --mode=execute $ALINT_CLI_VALGRIND $bin"
fi

unset NO_COLOR FORCE_COLOR CLICOLOR_FORCE POSIXLY_CORRECT GITHUB_ACTIONS
LC_ALL=C
export LC_ALL

cleanup() {
	rm -rf "$workroot"
}
cleanup
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
mkdir -p "$workroot" || exit 99

pass=0
fail=0

# show_diff EXPECTED ACTUAL: what differs, as well as the tools allow
show_diff() {
	if command -v diff >/dev/null 2>&1; then
		diff -u "$1" "$2" | sed 's/^/    /'
	else
		cmp "$1" "$2" | sed 's/^/    /'
	fi
}

# fix_once ARGS...: ambient-lint --fix on in.yaml; 1 when it failed
fix_once() {
	(cd "$work" && $run --fix --quiet --no-source "$@" in.yaml \
		>>"$work/out" 2>&1)
	rc=$?
	if [ $rc -eq 2 ] || [ $rc -gt 2 ]; then
		echo "  ambient-lint --fix $* exited with $rc:"
		sed 's/^/    /' "$work/out"
		return 1
	fi
	return 0
}

run_case() {
	name=$1
	src=$cases/$name
	work=$workroot/$name
	if [ ! -f "$src/in.yaml" ] || [ ! -f "$src/expected.yaml" ]; then
		echo "FAIL: $name (no in.yaml or expected.yaml)"
		fail=$((fail + 1))
		return
	fi
	# the source tree is read-only in make distcheck: the copy must not be
	mkdir -p "$work" && cp "$src/in.yaml" "$work/in.yaml" &&
		chmod u+w "$work/in.yaml" || exit 99
	: >"$work/out"
	args=
	[ -f "$src/args" ] && args=$(cat "$src/args")
	eval "set -- $args"
	ok=1
	if ! fix_once "$@"; then
		ok=0
	elif ! cmp -s "$src/expected.yaml" "$work/in.yaml"; then
		echo "  $name: the fixed file differs from expected.yaml:"
		show_diff "$src/expected.yaml" "$work/in.yaml"
		ok=0
	elif ! fix_once "$@"; then
		ok=0
	elif ! cmp -s "$src/expected.yaml" "$work/in.yaml"; then
		echo "  $name: a second --fix changed the file again:"
		show_diff "$src/expected.yaml" "$work/in.yaml"
		ok=0
	fi
	if [ $ok = 1 ]; then
		echo "PASS: $name"
		pass=$((pass + 1))
	else
		echo "FAIL: $name"
		fail=$((fail + 1))
	fi
}

if [ $# -gt 0 ]; then
	for c in "$@"; do
		run_case "$c"
	done
else
	for d in "$cases"/*/; do
		[ -d "$d" ] || continue
		run_case "$(basename "$d")"
	done
fi

echo "$pass passed, $fail failed"
[ $fail = 0 ]
