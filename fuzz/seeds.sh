#!/bin/sh
# seeds.sh - build the seed corpus of the fuzz targets
#
# Usage: seeds.sh OUTDIR
# Copies, under names made of their SHA-1 (so duplicates collapse), every
# YAML and JSON file of at most 32 KiB from:
#   - the corpus of real manifests, $ALINT_CORPUS (default: the
#     directory shared/corpus next to the source tree, when it exists),
#     the YAML test suite's in.yaml files included;
#   - the source tree: examples/, tests/cli/, tests/fix/, and the
#     committed regressions fuzz/regressions/ (any name).
# The seeds are generated, never committed.

set -u
out=${1:?usage: seeds.sh OUTDIR}
top_srcdir=${top_srcdir:-$(dirname "$0")/..}
corpus=${ALINT_CORPUS:-$top_srcdir/../shared/corpus}

rm -rf "$out" && mkdir -p "$out" || exit 99

add() {
	find "$@" -type f \( -name '*.yaml' -o -name '*.yml' -o \
		-name '*.json' -o -name 'stdin' \) -size -33k 2>/dev/null
}

{
	if [ -d "$corpus" ]; then
		add "$corpus"
	else
		echo "seeds.sh: no corpus at $corpus (set ALINT_CORPUS);" \
			"seeding from the source tree only" >&2
	fi
	add "$top_srcdir/examples" "$top_srcdir/tests/cli" \
		"$top_srcdir/tests/fix"
	find "$top_srcdir/fuzz/regressions" -type f ! -name 'README*' \
		2>/dev/null
} | while IFS= read -r f; do
	sum=$(sha1sum <"$f") || continue
	cp "$f" "$out/${sum%% *}"
done
echo "seeds.sh: $(ls "$out" | wc -l) seeds in $out"
