#!/bin/sh
# ambient-examples.sh - the ambient-mode examples of istio.io raise no
# error-level finding, except those that really are wrong in ambient mode
#
# The examples are the YAML blocks of istio.io's docs/ambient pages, in
# the shared corpus (istio-docs/docs/ambient). They are linted twice: all
# together in one run (the cross-file index sees every page at once), and
# each file on its own (each block as its page shows it). Every
# error-level finding of either run must be in the allow list below, which
# names the file, the rule id and why the finding is right; an entry that
# no longer matches a finding fails too, so the list stays true.
#
# The corpus is looked up in $ALINT_CORPUS, then beside the source tree
# ($top_srcdir/../shared/corpus). Without it the test is skipped.
set -u
top_srcdir=${top_srcdir:-$(dirname "$0")/..}
top_builddir=${top_builddir:-.}
corpus=${ALINT_CORPUS:-$top_srcdir/../shared/corpus}
dir=$corpus/istio-docs/docs/ambient
if [ ! -d "$dir" ]; then
	echo "SKIP: no ambient examples at $dir"
	exit 77
fi
bin=$(cd "$top_builddir" && pwd)/ambient-lint
if [ ! -x "$bin" ]; then
	echo "ambient-examples.sh: $bin is not built" >&2
	exit 99
fi
unset NO_COLOR FORCE_COLOR CLICOLOR_FORCE GITHUB_ACTIONS
LC_ALL=C
export LC_ALL

# FILE RULE-ID reason (one entry a line; the reason is for the reader)
allow='
migrate/migrate-policies--05.yaml AL3001 the "before" policy of the migration guide: a selector ALLOW policy with methods, an HTTP attribute that ztunnel cannot enforce, so in ambient mode its only rule is dropped and the traffic it allowed is denied; the guide replaces it by the targetRefs policy of migrate-policies--06
usage/l4-policy--02.yaml AL3001 the l4-policy page shows this policy as what ztunnel cannot enforce: adding methods (L7) to a selector ALLOW policy makes ztunnel drop the rule and fail closed, denying the traffic that the L4 version allowed
'

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

# errors FILE...: "FILE RULE-ID" of each error-level finding, from the
# github format ("::error file=F,line=...,title=NAME (ID, PHASE)::...");
# exits 1 when ambient-lint fails (status 2 or more)
errors() {
	"$bin" --no-config --exit-zero --format=github "$@" >"$tmp/out" \
		2>"$tmp/err"
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "FAIL: ambient-lint exited $rc on $*" >&2
		cat "$tmp/err" >&2
		return 1
	fi
	sed -n 's/^::error file=\([^,]*\),.*title=[^(]* (\(AL[0-9]*\),.*/\1 \2/p' \
		"$tmp/out"
}

cd "$dir" || exit 99
files=$(find . -type f \( -name '*.yaml' -o -name '*.yml' \) |
	sed 's|^\./||' | LC_ALL=C sort)
[ -n "$files" ] || { echo "SKIP: no YAML under $dir"; exit 77; }

# shellcheck disable=SC2086
errors $files >"$tmp/found" || exit 1
for f in $files; do
	errors "$f" >>"$tmp/found" || exit 1
done
LC_ALL=C sort -u "$tmp/found" >"$tmp/errors"

echo "$allow" | sed -n 's/^\([^ ][^ ]*\) \(AL[0-9]*\) .*/\1 \2/p' |
	LC_ALL=C sort -u >"$tmp/allowed"

fail=0
# errors not allowed
LC_ALL=C comm -23 "$tmp/errors" "$tmp/allowed" >"$tmp/new"
while read -r file id; do
	echo "FAIL: $file: error-level finding $id on an ambient example:"
	"$bin" --no-config --exit-zero --no-source --select "$id" "$file" 2>/dev/null |
		grep ': error: ' | sed 's/^/    /'
	fail=1
done <"$tmp/new"
# allowed errors that no longer happen
LC_ALL=C comm -13 "$tmp/errors" "$tmp/allowed" >"$tmp/stale"
while read -r file id; do
	echo "FAIL: the allow list expects $id on $file, which no longer" \
		"reports it: update the list"
	fail=1
done <"$tmp/stale"

n=$(echo "$files" | wc -l)
a=$(wc -l <"$tmp/allowed")
if [ $fail -eq 0 ]; then
	echo "PASS: $n ambient examples, no error-level finding beyond the" \
		"$a allowed"
fi
exit $fail
