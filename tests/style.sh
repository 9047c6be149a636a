#!/bin/sh
# style.sh - a small checksrc: line length (tabs = 8), trailing white
# space, // comments, banned functions, and every rules/*.c family listed
# in rules/rules.def.
set -u
cd "$top_srcdir" || exit 1
fail=0
files=$(ls lib/*.c lib/*.h rules/*.c bin/*.c bin/*.h include/*.h \
	include/ambientlint/*.h tests/*.c bench/*.c 2>/dev/null)
for f in $files; do
	expand "$f" | awk -v f="$f" 'length($0) > 80 {
		printf "%s:%d: line longer than 80 columns\n", f, NR; bad = 1 }
		END { exit bad }' || fail=1
	grep -n '[[:space:]]$' "$f" | sed "s|^|$f:|;s|$| (trailing white space)|" |
		grep . && fail=1
	# // comments, outside string literals (rough: a // not after a quote)
	grep -n '^[^"]*//' "$f" | grep -v 'http' |
		sed "s|^|$f:|;s|$| (// comment)|" | grep . && fail=1
	grep -nE '\<(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol)[[:space:]]*\(' "$f" |
		sed "s|^|$f:|;s|$| (banned function)|" | grep . && fail=1
done
for f in rules/*.c; do
	syms=$(grep -o '^const struct alint_rule alint__rule_[a-z0-9_]*' "$f" |
		sed 's/.*alint__rule_//')
	for s in $syms; do
		grep -q "^ALINT_RULE($s)" rules/rules.def || {
			echo "$f: alint__rule_$s is not listed in rules/rules.def"
			fail=1
		}
	done
done
[ $fail = 0 ] && echo "PASS: style"
exit $fail
