#!/bin/sh
# crd-check.sh - the resources that ambient-lint's fixes rewrite validate
# against Istio's CRD schemas
#
# tests/crd-check.py checks AuthorizationPolicy, RequestAuthentication,
# PeerAuthentication, Telemetry, WasmPlugin, TrafficExtension and
# EnvoyFilter objects against the openAPI schemas and CEL rules of the CRD
# file of the shared corpus (istio-api kubernetes/
# customresourcedefinitions.gen.yaml): unknown fields, types, enums,
# lengths, maxItems, required fields, the selector/targetRef/targetRefs
# one-of rule. The corpus has no Gateway-API CRDs: Gateways are counted
# as skipped.
#
# 1. Self-test: every document of tests/crd-check/invalid.yaml is
#    rejected for the reason its comment gives, tests/crd-check/valid.yaml
#    is accepted, and so are Istio's own CRD test data (corpus
#    istio-samples .../validation/testdata/crds: *-invalid.yaml rejected,
#    *-valid.yaml accepted), when present; and the pair
#    tests/crd-check/pairs-before.yaml -> pairs-after.yaml, a rewrite that
#    adds two errors, fails.
# 2. The fix cases: the objects that differ between tests/fix/*/in.yaml
#    and expected.yaml.
# 3. The golden CLI cases: their YAML inputs are copied, fixed with
#    ambient-lint --fix --unsafe-fixes (at the case's --istio-version),
#    and every object the fixes changed or added is checked.
# 4. The migration pages of istio.io in the corpus
#    (istio-docs/docs/ambient/migrate), fixed the same way.
#
# The corpus is looked up in $ALINT_CORPUS, then beside the source tree
# ($top_srcdir/../shared/corpus). Skipped (77) without it, without
# python3, or without PyYAML (Debian: python3-yaml).
set -u
top_srcdir=${top_srcdir:-$(dirname "$0")/..}
top_builddir=${top_builddir:-.}
corpus=${ALINT_CORPUS:-$top_srcdir/../shared/corpus}
crd=$corpus/istio-reference/istio-api/kubernetes/customresourcedefinitions.gen.yaml
bin=$top_builddir/ambient-lint

if [ ! -f "$crd" ]; then
	echo "SKIP: no Istio CRDs at $crd"
	exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 is not installed"
	exit 77
fi
if ! python3 -c 'import yaml' >/dev/null 2>&1; then
	echo "SKIP: PyYAML is not installed (Debian: python3-yaml)"
	exit 77
fi
if [ ! -x "$bin" ]; then
	echo "crd-check.sh: $bin is not built" >&2
	exit 99
fi

work=$(mktemp -d) || exit 99
trap 'chmod -R u+rwX "$work" 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM
fail=0

check() {
	python3 "$top_srcdir/tests/crd-check.py" --crds "$crd" "$@" \
		>"$work/log" 2>&1
	rc=$?
	grep -v '^ok: ' "$work/log"
	if [ $rc -ne 0 ]; then
		fail=1
	fi
}

# ---- 1. self-test --------------------------------------------------------
echo "== self-test"
check invalid "$top_srcdir/tests/crd-check/invalid.yaml"
check files "$top_srcdir/tests/crd-check/valid.yaml"
# a rewrite that adds errors must fail
if python3 "$top_srcdir/tests/crd-check.py" --crds "$crd" pairs \
	"$top_srcdir/tests/crd-check/pairs-before.yaml" \
	"$top_srcdir/tests/crd-check/pairs-after.yaml" >"$work/log" 2>&1 ||
	[ "$(grep -c '^FAIL: ' "$work/log")" != 2 ]; then
	echo "FAIL: crd-check.py pairs did not report the two errors that" \
		"tests/crd-check/pairs-after.yaml adds:"
	cat "$work/log"
	fail=1
fi
td=$corpus/istio-samples/istio/pkg/config/validation/testdata/crds
if [ -d "$td" ]; then
	# their "_err:" line is the expected message, not part of the object
	mkdir -p "$work/td"
	for f in "$td"/*-invalid.yaml; do
		[ -f "$f" ] || continue
		grep -v '^_err:' "$f" >"$work/td/${f##*/}"
	done
	check invalid "$work"/td/*-invalid.yaml
	check files "$td"/*-valid.yaml
fi

# ---- 2. fix cases --------------------------------------------------------
echo "== tests/fix"
set --
for d in "$top_srcdir"/tests/fix/*/; do
	if [ -f "$d/in.yaml" ] && [ -f "$d/expected.yaml" ]; then
		set -- "$@" "$d/in.yaml" "$d/expected.yaml"
	fi
done
check pairs "$@"

# fix_tree NAME SRCDIR [ARGS]: copy the YAML files of SRCDIR, fix them,
# and add the before/after pairs to pairs.txt
fix_tree() {
	name=$1
	src=$2
	shift 2
	mkdir -p "$work/before/$name" "$work/after/$name"
	(cd "$src" && find . -type f \( -name '*.yaml' -o -name '*.yml' \) ! -name '.*' \
		-size -1000k) 2>/dev/null | while read -r f; do
		[ -r "$src/$f" ] || continue
		mkdir -p "$(dirname "$work/before/$name/$f")" \
			"$(dirname "$work/after/$name/$f")"
		cp "$src/$f" "$work/before/$name/$f" &&
			cp "$src/$f" "$work/after/$name/$f" &&
			chmod u+w "$work/after/$name/$f"
		printf '%s\n%s\n' "$work/before/$name/$f" \
			"$work/after/$name/$f" >>"$work/pairs.txt"
	done
	if [ -n "$(ls -A "$work/after/$name")" ]; then
		"$bin" --fix --unsafe-fixes --quiet --exit-zero --no-source \
			"$@" "$work/after/$name" >/dev/null 2>&1
		rc=$?
		if [ $rc -gt 1 ]; then
			echo "FAIL: ambient-lint --fix on $name exited $rc"
			fail=1
		fi
	fi
}

# ---- 3. golden CLI cases -------------------------------------------------
echo "== tests/cli (inputs fixed with --fix --unsafe-fixes)"
: >"$work/pairs.txt"
for d in "$top_srcdir"/tests/cli/*/; do
	d=${d%/}
	name=${d##*/}
	[ -f "$d/inputs-from" ] && continue
	[ -f "$d/setup" ] && continue
	ver=$(sed -n 's/.*--istio-version[= ]\([0-9.]*\).*/\1/p' "$d/cmd" \
		2>/dev/null)
	if [ -n "$ver" ]; then
		fix_tree "$name" "$d" --istio-version "$ver"
	else
		fix_tree "$name" "$d"
	fi
done

# ---- 4. the istio.io migration pages ---------------------------------------
mig=$corpus/istio-docs/docs/ambient/migrate
if [ -d "$mig" ]; then
	fix_tree istio-docs-migrate "$mig"
fi
if [ -s "$work/pairs.txt" ]; then
	# shellcheck disable=SC2046
	check pairs $(cat "$work/pairs.txt")
fi

if [ $fail -ne 0 ]; then
	echo "FAIL: a rewritten resource does not validate (see above)"
	exit 1
fi
echo "PASS: every rewritten resource validates against the Istio CRDs"
exit 0
