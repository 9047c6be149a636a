#!/bin/sh
# fuzz-regressions.sh - every input of fuzz/regressions/ through the checks
# of the three fuzz targets, in the normal build (no clang needed)
#
# The programs tests/fuzz-*-replay are the fuzz targets of fuzz/ linked
# with fuzz/replay.c instead of libFuzzer. Each input runs through all
# three (YAML layer; lint with every rule; lint, fix and verify), one
# process per input and target so that a crash names its input, with a
# time limit: an input that once hung must not hang again. make
# check-valgrind runs them under $ALINT_VALGRIND (valgrind memcheck).

top_srcdir=${top_srcdir:-$(dirname "$0")/..}
top_builddir=${top_builddir:-.}
dir=$top_srcdir/fuzz/regressions

# lib/yaml.c leaks a libfyaml parser on purpose (see fuzz/lsan.supp);
# only matters in a build with --enable-sanitizers
LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$top_srcdir/fuzz/lsan.supp}
export LSAN_OPTIONS

timeout=
if command -v timeout >/dev/null 2>&1; then
	timeout="timeout 60"
fi

for t in yaml lint fix; do
	if [ ! -x "$top_builddir/tests/fuzz-$t-replay" ]; then
		echo "fuzz-regressions.sh: tests/fuzz-$t-replay is not built" >&2
		exit 99
	fi
done

tmp=$top_builddir/tests/fuzz-regressions.tmp
pass=0
fail=0
for f in "$dir"/*; do
	[ -f "$f" ] || continue
	case ${f##*/} in
	README*) continue ;;
	esac
	for t in yaml lint fix; do
		$timeout ${ALINT_VALGRIND:-} "$top_builddir/tests/fuzz-$t-replay" \
			"$f" >"$tmp" 2>&1
		rc=$?
		if [ $rc -eq 0 ]; then
			pass=$((pass + 1))
		else
			if [ $rc = 124 ] && [ -n "$timeout" ]; then
				echo "FAIL: fuzz-$t ${f##*/} (timed out)"
			else
				echo "FAIL: fuzz-$t ${f##*/} (exit $rc)"
			fi
			tail -n 30 "$tmp"
			fail=$((fail + 1))
		fi
	done
done
rm -f "$tmp"
echo "$pass passed, $fail failed"
if [ $((pass + fail)) -eq 0 ]; then
	echo "fuzz-regressions.sh: no input in $dir" >&2
	exit 99
fi
[ $fail -eq 0 ]
