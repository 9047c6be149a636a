#!/bin/sh
# corpus-fix.sh - ambient-lint --fix --unsafe-fixes on a copy of the shared
# corpus (real upstream manifests and the YAML test suite):
#   - it exits 0: no fixed text failed verification, no write failed;
#   - every file with a finding that has a fix (learnt from a
#     --format=json run before) is changed, less those whose fixes the
#     library says it skipped (an input it never fixes, such as one
#     kubectl would read otherwise); a file without one may change too,
#     but only when the fix report shows fixes applied to it: fixes
#     cascade across files (a waypoint added to one file lets a policy
#     in another be converted on the next pass), and it creates and
#     removes no file (no temporary file left behind);
#   - every changed file parses with libyaml alone (tests/yaml-check);
#   - the JSON "fixes" member says "written": true for each changed file;
#   - the patch that --diff --unsafe-fixes printed before, applied to the
#     pristine copy with patch(1), gives the same files as --fix;
#   - a second run changes nothing (the fixes are idempotent).
#
# The corpus is looked up in $ALINT_CORPUS, then beside the source tree
# ($top_srcdir/../shared/corpus). Without it the test is skipped (77).
# Only its *.yaml and *.yml files are copied, in their tree.
set -u
: "${top_srcdir:=.}"
: "${top_builddir:=.}"
LC_ALL=C
export LC_ALL

corpus=${ALINT_CORPUS:-$top_srcdir/../shared/corpus}
if [ ! -d "$corpus" ]; then
	echo "SKIP: no corpus at $corpus"
	exit 77
fi
builddir=$(cd "$top_builddir" && pwd) || exit 99
bin=$builddir/ambient-lint
check=$builddir/tests/yaml-check
for p in "$bin" "$check"; do
	if [ ! -x "$p" ]; then
		echo "FAIL: $p is not built"
		exit 99
	fi
done

tmp=$(mktemp -d) || exit 99
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
fail=0

failed() {
	echo "FAIL: $*"
	fail=1
}

# orig: the pristine copy; work: the one fixed; names relative to both
mkdir "$tmp/orig" || exit 99
(cd "$corpus" && find . -type f \( -name '*.yaml' -o -name '*.yml' \) \
	-print | sort) >"$tmp/all.list" || exit 99
(cd "$corpus" && tar -cf - -T "$tmp/all.list") |
	(cd "$tmp/orig" && tar -xf -) || { echo "FAIL: cannot copy"; exit 99; }
chmod -R u+w "$tmp/orig" || exit 99
cp -R "$tmp/orig" "$tmp/work" || exit 99
files=$(wc -l <"$tmp/all.list" | tr -d ' ')
cd "$tmp" || exit 99

# the files whose findings have a fix that --unsafe-fixes applies
"$bin" --format=json --exit-zero -j2 work >before.json 2>before.err
rc=$?
if [ $rc -ne 0 ]; then
	failed "ambient-lint --format=json exited $rc"
	tail -n 20 before.err
	exit 1
fi
awk '
	/^      "file": / {
		file = $0
		sub(/^      "file": "/, "", file)
		sub(/",$/, "", file)
	}
	/^        "safety": "(safe|unsafe)",$/ { print file }
' before.json | sort -u | sed 's|^work/||' >fixable.list
findings=$(grep -c '^      "rule": ' before.json)

# what --fix will do, as a patch
"$bin" --diff --unsafe-fixes -j2 work >diff.patch 2>diff.err
diff_rc=$?
if [ $diff_rc -eq 2 ]; then
	failed "ambient-lint --diff --unsafe-fixes exited 2"
	head -n 20 diff.err
fi

# fix, then compare with the pristine copy
"$bin" --fix --unsafe-fixes --format=json --exit-zero -j2 work \
	>fix1.json 2>fix1.err
rc=$?
if [ $rc -ne 0 ]; then
	failed "ambient-lint --fix --unsafe-fixes exited $rc (2: a fixed" \
		"file failed verification or could not be written)"
	head -n 40 fix1.err
fi
diff -rq orig work >changes.txt
sed -n 's|^Files orig/\(.*\) and work/.* differ$|\1|p' changes.txt |
	sort >changed.list
if grep -v '^Files ' changes.txt >extra.txt; then
	failed "files created or removed by --fix:"
	head -n 20 extra.txt
fi
changed=$(wc -l <changed.list | tr -d ' ')
fixable=$(wc -l <fixable.list | tr -d ' ')
left=$(grep -c '^      "rule": ' fix1.json)

# changed files are exactly the fixable ones, less those skipped
awk '
	/^  "fixes": \[/ { on = 1 }
	on && /^      "file": / {
		file = $0
		sub(/^      "file": "/, "", file)
		sub(/",$/, "", file)
	}
	on && /^      "skipped": / { skipped = $2 + 0 }
	on && /^      "changed": false/ && skipped > 0 { print file }
' fix1.json | sed 's|^work/||' | sort -u >skipped.list
nskipped=$(wc -l <skipped.list | tr -d ' ')
# files the report shows with fixes applied (cascades included)
awk '
	/^  "fixes": \[/ { on = 1 }
	on && /^      "file": / {
		file = $0
		sub(/^      "file": "/, "", file)
		sub(/",$/, "", file)
	}
	on && /^      "applied": / { if ($2 + 0 > 0) print file }
' fix1.json | sed 's|^work/||' | sort -u >applied.list
comm -23 changed.list fixable.list | comm -23 - applied.list \
	>unexpected.list
cascaded=$(comm -23 changed.list fixable.list | wc -l | tr -d ' ')
comm -13 changed.list fixable.list | comm -23 - skipped.list >unchanged.list
if [ -s unexpected.list ]; then
	failed "$(wc -l <unexpected.list | tr -d ' ') files changed" \
		"without a fixable finding or an applied fix, e.g.:"
	head -n 10 unexpected.list | sed 's/^/  /'
fi
if [ -s unchanged.list ]; then
	failed "$(wc -l <unchanged.list | tr -d ' ') files with a" \
		"fixable finding were not changed, e.g.:"
	head -n 10 unchanged.list | sed 's/^/  /'
fi

# the JSON report agrees
written=$(grep -c '^      "written": true' fix1.json)
if [ "$written" != "$changed" ]; then
	failed "JSON \"fixes\" has $written files written, $changed changed"
fi

# libyaml, which the fixer did not write for, parses every changed file
if [ -s changed.list ]; then
	(cd work && tr '\n' '\0' <../changed.list |
		xargs -0 "$check") >yaml-check.txt 2>&1
	if [ $? -ne 0 ]; then
		failed "fixed files that libyaml cannot parse:"
		head -n 20 yaml-check.txt | sed 's/^/  /'
	fi
fi

# the patch of --diff makes the same files (bin/diff.c, checked by patch)
if [ $diff_rc -ne 2 ] && [ "$diff_rc" != "$([ -s changed.list ] &&
	echo 1 || echo 0)" ]; then
	failed "--diff exited $diff_rc, but $changed files changed"
fi
if command -v patch >/dev/null 2>&1; then
	cp -R orig patched || exit 99
	# "--- a/work/NAME": strip a/work/
	if ! patch -s -p2 --binary -d patched <diff.patch >patch.out 2>&1
	then
		failed "the patch of --diff does not apply:"
		head -n 20 patch.out
	elif ! diff -r patched work >patched.txt; then
		failed "the patch of --diff does not give what --fix wrote:"
		head -n 40 patched.txt
	fi
else
	echo "corpus-fix: no patch(1): the patch of --diff is not checked"
fi

# idempotence: a second run changes nothing
cp -R work state1 || exit 99
"$bin" --fix --unsafe-fixes --exit-zero --no-source -j2 work \
	>fix2.out 2>fix2.err
rc=$?
if [ $rc -ne 0 ]; then
	failed "the second --fix run exited $rc"
	head -n 20 fix2.err
fi
if ! diff -r state1 work >again.txt; then
	failed "the second --fix run changed $(grep -c '^diff ' again.txt)" \
		"files:"
	head -n 40 again.txt
fi

echo "corpus-fix: $files files, $findings findings before and $left after;" \
	"$fixable files with fixes, $changed changed ($cascaded by fixes" \
	"elsewhere), $nskipped skipped"
if [ $fail -ne 0 ]; then
	echo "FAIL: corpus-fix"
	exit 1
fi
echo "PASS: corpus-fix"
exit 0
