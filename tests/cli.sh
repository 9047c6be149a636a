#!/bin/sh
# cli.sh - golden tests of the ambient-lint command
#
# Each directory tests/cli/CASE holds one case:
#   cmd           the arguments, one line, shell-quoted; paths are relative
#                 to the case directory, which is the working directory
#   stdin         optional standard input (default /dev/null)
#   env           optional VAR=value lines, exported for the run
#   setup         optional sh script run first, in the case's copy, for
#                 what git cannot hold (symlinks, FIFOs, modes); exit 77
#                 skips the case
#   filter        optional sed script applied to stdout and stderr
#   after         optional sh script run in the case's copy after the
#                 command, to show what it did to the files (--fix); its
#                 standard output and error are compared with
#                 expected.after
#   inputs-from   optional name of another case whose files (inputs,
#                 stdin, env, setup, filter) this case uses
#   same-as       the same (or its inputs-from), and the expected files
#                 too: the two cases must give the same output
#   expected.out  standard output
#   expected.err  standard error (not compared when absent)
#   expected.rc   exit status
#   expected.after  output of the after script
# A case runs in a copy of its directory under $top_builddir/tests, so the
# source tree is never written. ALINT_UPDATE_GOLDEN=1 (or tests/golden.sh)
# rewrites the expected files of the cases that have their own from the
# actual run; check the result by eye before committing. The unreadable
# case is skipped as root, which can read anything: regenerate it as
# another user.
#
# Usage: cli.sh [CASE...]   (top_srcdir and top_builddir come from make)

top_srcdir=${top_srcdir:-$(dirname "$0")/..}
top_builddir=${top_builddir:-.}
abs_srcdir=$(cd "$top_srcdir" && pwd) || exit 99
abs_builddir=$(cd "$top_builddir" && pwd) || exit 99
bin=$abs_builddir/ambient-lint
cases=$abs_srcdir/tests/cli
workroot=$abs_builddir/tests/cli.work

if [ ! -x "$bin" ]; then
	echo "cli.sh: $bin is not built" >&2
	exit 99
fi

# The outside world must not colour or otherwise change the output.
unset NO_COLOR FORCE_COLOR CLICOLOR_FORCE POSIXLY_CORRECT GITHUB_ACTIONS
LC_ALL=C
export LC_ALL

timeout=
if command -v timeout >/dev/null 2>&1; then
	timeout="timeout 60"
fi

# make check-valgrind sets ALINT_CLI_VALGRIND: every run goes through
# valgrind (behind libtool, which runs the real binary), whose reports on
# standard error and exit status 99 make the case fail.
run=$bin
if [ -n "$ALINT_CLI_VALGRIND" ]; then
	run="$abs_builddir/libtool --mode=execute $ALINT_CLI_VALGRIND $bin"
	[ -n "$timeout" ] && timeout="timeout 900"
fi

cleanup() {
	if [ -d "$workroot" ]; then
		chmod -R u+rwX "$workroot" 2>/dev/null
		rm -rf "$workroot"
	fi
}
cleanup
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
mkdir -p "$workroot" || exit 99
# a repository root for the search of .ambient-lint.yaml: no configuration
# file above the build directory may reach a case
mkdir -p "$workroot/.git" || exit 99

pass=0
fail=0
skip=0

# run_case NAME: prints PASS, FAIL or SKIP and counts it
run_case() {
	name=$1
	src=$cases/$name
	data=$src
	exp=$src
	if [ -f "$src/same-as" ]; then
		data=$cases/$(cat "$src/same-as")
		exp=$data
	fi
	if [ -f "$data/inputs-from" ]; then
		data=$cases/$(cat "$data/inputs-from")
	fi
	work=$workroot/$name
	out=$workroot/$name.out
	err=$workroot/$name.err

	# chmod: make distcheck's source tree is read-only, the copy must not be
	mkdir -p "$work" && cp -R "$data/." "$work/" &&
		chmod -R u+w "$work" && cp -f "$src/cmd" "$work/cmd" || {
		echo "FAIL: $name (cannot copy the case)"
		fail=$((fail + 1))
		return 0
	}
	# a case's own env, setup and after win over those it borrows
	for f in env setup after; do
		if [ "$src" != "$data" ] && [ -f "$src/$f" ]; then
			cp -f "$src/$f" "$work/$f"
		fi
	done
	if [ -f "$work/setup" ]; then
		(cd "$work" && CASE_SRCDIR=$src sh ./setup)
		rc=$?
		if [ $rc -eq 77 ]; then
			echo "SKIP: $name"
			skip=$((skip + 1))
			return 0
		elif [ $rc -ne 0 ]; then
			echo "FAIL: $name (setup exited $rc)"
			fail=$((fail + 1))
			return 0
		fi
	fi
	input=/dev/null
	if [ -f "$src/stdin" ]; then
		input=$src/stdin
	elif [ -f "$data/stdin" ]; then
		input=$data/stdin
	fi
	filter=
	if [ -f "$src/filter" ]; then
		filter=$src/filter
	elif [ -f "$data/filter" ]; then
		filter=$data/filter
	fi

	eval "set -- $(cat "$src/cmd")"
	(
		cd "$work" || exit 99
		if [ -f env ]; then
			set -a
			. ./env
			set +a
		fi
		exec $timeout $run "$@"
	) <"$input" >"$out" 2>"$err"
	rc=$?
	after=$workroot/$name.after
	rm -f "$after"
	if [ -f "$work/after" ]; then
		(cd "$work" && sh ./after) >"$after" 2>&1
	fi
	if [ -n "$filter" ]; then
		for f in "$out" "$err"; do
			sed -f "$filter" "$f" >"$f.tmp" && mv "$f.tmp" "$f"
		done
	fi

	if [ -n "$ALINT_UPDATE_GOLDEN" ] && [ "$exp" = "$src" ]; then
		cp "$out" "$src/expected.out"
		cp "$err" "$src/expected.err"
		echo "$rc" >"$src/expected.rc"
		if [ -f "$after" ]; then
			cp "$after" "$src/expected.after"
		fi
	fi

	ok=1
	if ! cmp -s "$exp/expected.out" "$out"; then
		echo "--- $name: standard output differs"
		diff -u "$exp/expected.out" "$out"
		ok=0
	fi
	if [ -f "$exp/expected.err" ] && ! cmp -s "$exp/expected.err" "$err"
	then
		echo "--- $name: standard error differs"
		diff -u "$exp/expected.err" "$err"
		ok=0
	fi
	if [ -f "$after" ] || [ -f "$exp/expected.after" ]; then
		if ! cmp -s "$exp/expected.after" "$after"; then
			echo "--- $name: the after script's output differs"
			diff -u "$exp/expected.after" "$after"
			ok=0
		fi
	fi
	want=$(cat "$exp/expected.rc" 2>/dev/null)
	if [ "$rc" = 124 ] && [ -n "$timeout" ]; then
		echo "--- $name: timed out"
		ok=0
	elif [ "$want" != "$rc" ]; then
		echo "--- $name: exit status $rc, expected $want"
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

if [ $# -eq 0 ]; then
	for d in "$cases"/*/; do
		d=${d%/}
		set -- "$@" "${d##*/}"
	done
fi
for c in "$@"; do
	if [ ! -f "$cases/$c/cmd" ]; then
		echo "FAIL: $c (no such case)"
		fail=$((fail + 1))
		continue
	fi
	run_case "$c"
done

if [ $skip -gt 0 ]; then
	echo "$pass passed, $fail failed ($skip skipped)"
else
	echo "$pass passed, $fail failed"
fi
[ $fail -eq 0 ]
