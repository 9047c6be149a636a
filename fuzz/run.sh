#!/bin/sh
# run.sh - run each libFuzzer target for FUZZ_TIME seconds
#
# Usage: run.sh OUTDIR [TARGET...]   (default: every target)
# OUTDIR holds the targets built by build.sh and the seeds of seeds.sh;
# each target keeps its growing corpus in OUTDIR/corpus/TARGET and writes
# what it finds (crash-*, leak-*, timeout-*, oom-*) to
# OUTDIR/artifacts/. Environment:
#   FUZZ_TIME     seconds per target (default 60)
#   FUZZ_TIMEOUT  seconds one input may take before it counts as a hang
#                 (default 10)
#   FUZZ_MAX_LEN  largest input tried, bytes (default 65536)
#   FUZZ_ARGS     more libFuzzer options
# Every target uses the dictionary fuzz/yaml.dict.
# Exit status: 0 when no target found anything, 1 otherwise. Copy each
# artifact into fuzz/regressions/ once it is fixed.

set -u
out=${1:?usage: run.sh OUTDIR [TARGET...]}
shift
[ $# -gt 0 ] || set -- fuzz-yaml fuzz-lint fuzz-fix
time=${FUZZ_TIME:-60}
tmo=${FUZZ_TIMEOUT:-10}
maxlen=${FUZZ_MAX_LEN:-65536}
status=0
here=$(cd "$(dirname "$0")" && pwd)
supp=$here/lsan.supp

mkdir -p "$out/artifacts" || exit 99
for t in "$@"; do
	if [ ! -x "$out/$t" ]; then
		echo "run.sh: $out/$t is not built" >&2
		exit 99
	fi
	mkdir -p "$out/corpus/$t" || exit 99
	log=$out/$t.log
	echo "fuzz: $t for ${time}s (log: $log)"
	start=$(date +%s)
	# the seeds dir is read only; new inputs go to corpus/TARGET
	# shellcheck disable=SC2086
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1} \
	LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$supp} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
	"$out/$t" -max_total_time="$time" -timeout="$tmo" \
		-max_len="$maxlen" -rss_limit_mb=2048 -print_final_stats=1 \
		-dict="$here/yaml.dict" \
		-artifact_prefix="$out/artifacts/$t-" ${FUZZ_ARGS:-} \
		"$out/corpus/$t" "$out/seeds" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
		tail -n 1)
	secs=$(( $(date +%s) - start ))
	if [ $rc -ne 0 ]; then
		echo "FAIL: $t (exit $rc after ${secs}s, ${execs:-?} execs):"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*check failed|artifact_prefix|Test unit written|.*runtime error)' \
			"$log" | head -n 20
		status=1
	else
		echo "PASS: $t (${execs:-?} execs in ${secs}s," \
			"corpus $(ls "$out/corpus/$t" | wc -l) inputs)"
	fi
done
exit $status
