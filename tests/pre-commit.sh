#!/bin/sh
# pre-commit.sh - the hooks of .pre-commit-hooks.yaml work in pre-commit:
# the manifest validates, and each hook, copied from the shipped file into
# a "repo: local" config of a scratch git repository, runs the built
# ambient-lint: the lint hook fails and names the rule, the fix hook
# rewrites the manifest, and then both pass.
set -u
command -v pre-commit >/dev/null 2>&1 ||
	{ echo "SKIP: pre-commit is not installed"; exit 77; }
command -v git >/dev/null 2>&1 || { echo "SKIP: git is not installed"; exit 77; }

# absolute: the test changes directory
hooks=$(cd "$top_srcdir" && pwd)/.pre-commit-hooks.yaml
bin=$(cd "$top_builddir" && pwd)/ambient-lint
[ -f "$hooks" ] || { echo "FAIL: no $hooks"; exit 1; }
[ -x "$bin" ] || { echo "FAIL: no $bin"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/alint-pc.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
mkdir "$tmp/home" "$tmp/cache" "$tmp/bin" "$tmp/repo"
HOME=$tmp/home
XDG_CACHE_HOME=$tmp/cache
PRE_COMMIT_HOME=$tmp/cache/pre-commit
GIT_CONFIG_NOSYSTEM=1
export HOME XDG_CACHE_HOME PRE_COMMIT_HOME GIT_CONFIG_NOSYSTEM
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
# bin/ambient-lint may be a libtool wrapper: call it by absolute path.
printf '#!/bin/sh\nexec "%s" "$@"\n' "$bin" > "$tmp/bin/ambient-lint"
chmod +x "$tmp/bin/ambient-lint"
PATH=$tmp/bin:$PATH
export PATH

fail=0
bad() {
	echo "FAIL: $*"
	fail=1
}

out=$(pre-commit validate-manifest "$hooks" 2>&1) ||
	{ echo "$out"; echo "FAIL: pre-commit validate-manifest $hooks"; exit 1; }

# Print the hook with id $1 of the shipped file, indented for "hooks:".
hook() {
	awk -v id="$1" '
		/^[[:space:]]*#/ { next }
		/^- / { on = ($0 ~ "^- id:[[:space:]]*" id "[[:space:]]*$") }
		on { print "    " $0 }
	' "$hooks"
}
for id in ambient-lint ambient-lint-fix; do
	h=$(hook "$id")
	[ -n "$h" ] || { echo "FAIL: no hook $id in $hooks"; exit 1; }
	echo "$h" | grep -q '^ *entry: *ambient-lint' ||
		bad "hook $id: the entry does not run ambient-lint"
	echo "$h" | grep -q '^ *language: *system *$' ||
		bad "hook $id: not language: system"
	echo "$h" | grep -q '^ *types: *\[ *yaml *\] *$' ||
		bad "hook $id: not types: [yaml]"
done
hook ambient-lint-fix | grep -q '^ *entry: *ambient-lint --fix --context \. *$' ||
	bad "hook ambient-lint-fix: the entry is not 'ambient-lint --fix --context .'"

cd "$tmp/repo" || exit 1
git init -q . || { echo "FAIL: git init"; exit 1; }
{
	echo "repos:"
	echo "- repo: local"
	echo "  hooks:"
	hook ambient-lint
	hook ambient-lint-fix
} > .pre-commit-config.yaml
cat > ns.yaml <<'YAML'
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
YAML
echo "not yaml, not linted" > notes.txt
git add .pre-commit-config.yaml ns.yaml notes.txt || exit 1

# 1. the lint hook fails on the finding and names the rule
out=$(pre-commit run ambient-lint --all-files 2>&1)
rc=$?
[ $rc -ne 0 ] || bad "lint hook passed on a manifest with a finding"
echo "$out" | grep -q 'ns\.yaml:6:5: warning: .*\[namespace-injection-label\]' ||
	bad "lint hook output does not name the finding"
echo "$out" | grep -q 'notes\.txt' && bad "lint hook ran on a non-YAML file"
[ $fail = 0 ] || echo "$out"

# 2. the fix hook rewrites the file (pre-commit fails: files changed)
out=$(pre-commit run ambient-lint-fix --all-files 2>&1)
rc=$?
[ $rc -ne 0 ] || bad "fix hook did not report the modified file"
grep -q '^    istio\.io/dataplane-mode: ambient$' ns.yaml ||
	bad "fix hook did not relabel the namespace"
grep -q 'istio-injection' ns.yaml && bad "fix hook left istio-injection"
[ $fail = 0 ] || { echo "$out"; cat ns.yaml; }

# 3. now every hook passes
out=$(pre-commit run --all-files 2>&1)
rc=$?
[ $rc -eq 0 ] || { echo "$out"; bad "hooks fail on the fixed manifest"; }

[ $fail = 0 ] && echo "PASS: pre-commit hooks"
exit $fail
