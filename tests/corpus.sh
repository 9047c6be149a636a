#!/bin/sh
# corpus.sh - ambient-lint on every file of the shared corpus (real
# upstream manifests and the YAML test suite) never crashes, and exits 2
# only for usage or I/O errors.
#
# The corpus is looked up in $ALINT_CORPUS, then beside the source tree
# ($top_srcdir/../shared/corpus). Without it the test is skipped.
set -u
corpus=${ALINT_CORPUS:-$top_srcdir/../shared/corpus}
if [ ! -d "$corpus" ]; then
	echo "SKIP: no corpus at $corpus"
	exit 77
fi
bin="$top_builddir/ambient-lint"
out=$(mktemp) || exit 1
err=$(mktemp) || exit 1
trap 'rm -f "$out" "$err"' EXIT

# One run over the whole tree: every file, cross-file index and all.
"$bin" --format=json --exit-zero -j2 "$corpus" >"$out" 2>"$err"
rc=$?
if [ $rc -ne 0 ]; then
	echo "FAIL: ambient-lint on $corpus exited $rc"
	tail -n 20 "$err"
	# find the file that breaks it
	find "$corpus" -type f \( -name '*.yaml' -o -name '*.yml' \) |
	while read -r f; do
		"$bin" --format=json --exit-zero "$f" >/dev/null 2>&1
		r=$?
		[ $r -ne 0 ] && echo "  exit $r on $f"
	done
	exit 1
fi
grep -q '"diagnostics"' "$out" || { echo "FAIL: no JSON report"; exit 1; }
files=$(find "$corpus" -type f \( -name '*.yaml' -o -name '*.yml' \) |
	wc -l)

# Every file of the YAML test suite on its own, whatever its name:
# invalid YAML is a finding, never a crash or an exit status of 2.
n=0
bad=0
for f in "$corpus"/yaml-test-suite/data/*/in.yaml \
	"$corpus"/yaml-test-suite/data/*/*/in.yaml; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	"$bin" --exit-zero --no-source "$f" >/dev/null 2>&1
	r=$?
	if [ $r -ne 0 ]; then
		echo "FAIL: exit $r on $f"
		bad=$((bad + 1))
	fi
done
[ $bad -eq 0 ] || exit 1
echo "PASS: $files corpus files in one run, $n test-suite inputs one by one"
