#!/bin/sh
# consumer.sh - examples/consumer.c builds through the pkg-config file
# (libambientlint.pc, rewritten to point at this uninstalled build) with
# nothing but <ambientlint.h>, links the shared library, and prints the
# expected finding line.
set -u
top_srcdir=$(cd "$top_srcdir" && pwd)
top_builddir=$(cd "$top_builddir" && pwd)
lib="$top_builddir/.libs/libambientlint.so"
if [ ! -f "$lib" ]; then
	echo "SKIP: no shared library ($lib)"
	exit 77
fi
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
command -v "$PKG_CONFIG" >/dev/null 2>&1 ||
	{ echo "SKIP: no pkg-config"; exit 77; }
: "${CC:=cc}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/alint-consumer.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# The .pc of the installed layout, pointed at the source and build trees.
sed -e "s|^libdir=.*|libdir=$top_builddir/.libs|" \
	-e "s|^includedir=.*|includedir=$top_srcdir/include|" \
	-e "s|^Cflags:.*|& -I$top_builddir/include|" \
	"$top_builddir/libambientlint.pc" > "$tmp/libambientlint.pc" || exit 1
flags=$(PKG_CONFIG_PATH="$tmp${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" \
	"$PKG_CONFIG" --cflags --libs libambientlint) ||
	{ echo "FAIL: pkg-config --cflags --libs libambientlint"; exit 1; }
echo "pkg-config: $flags"

# CONSUMER_CFLAGS: the warnings (and sanitizers) of the build.
# shellcheck disable=SC2086
$CC ${CONSUMER_CFLAGS:-} -o "$tmp/consumer" \
	"$top_srcdir/examples/consumer.c" $flags ||
	{ echo "FAIL: examples/consumer.c does not build"; exit 1; }

cat > "$tmp/ns.yaml" <<'YAML'
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
YAML
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' \
	> "$tmp/clean.yaml"

LD_LIBRARY_PATH="$top_builddir/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export LD_LIBRARY_PATH
fail=0
out=$("$tmp/consumer" "$tmp/ns.yaml")
rc=$?
echo "$out"
[ $rc -eq 1 ] || { echo "FAIL: exit $rc on a finding, expected 1"; fail=1; }
echo "$out" | grep -q "^$tmp/ns\.yaml:6:5: warning: namespace shop is in sidecar mode .*\[namespace-injection-label\]\$" ||
	{ echo "FAIL: the finding line is missing"; fail=1; }

out=$("$tmp/consumer" < "$tmp/ns.yaml")
rc=$?
[ $rc -eq 1 ] || { echo "FAIL: exit $rc on stdin, expected 1"; fail=1; }
echo "$out" | grep -q '^<stdin>:6:5: warning: .*\[namespace-injection-label\]$' ||
	{ echo "FAIL: stdin: the finding line is missing"; fail=1; }

out=$("$tmp/consumer" "$tmp/clean.yaml")
rc=$?
[ $rc -eq 0 ] && [ -z "$out" ] ||
	{ echo "FAIL: exit $rc, output '$out' on a clean file"; fail=1; }

[ $fail = 0 ] && echo "PASS: consumer"
exit $fail
