#!/bin/sh
# exports.sh - the shared library exports only alint_* symbols, and its
# SONAME follows -version-info (libtool's -version would be ignored
# silently, as libfyaml 0.7.12 shows).
set -u
lib="$top_builddir/.libs/libambientlint.so"
if [ ! -f "$lib" ]; then
	echo "SKIP: no shared library ($lib)"
	exit 77
fi
command -v nm >/dev/null 2>&1 || { echo "SKIP: no nm"; exit 77; }
bad=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' |
	grep -v '^alint_[a-z0-9]' | grep -v '^_' || true)
if [ -n "$bad" ]; then
	echo "FAIL: symbols outside alint_*:"; echo "$bad"
	exit 1
fi
leaked=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep '^alint__' || true)
if [ -n "$leaked" ]; then
	echo "FAIL: internal alint__ symbols exported:"; echo "$leaked"
	exit 1
fi
n=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -c '^alint_[a-z0-9]')
[ "$n" -gt 20 ] || { echo "FAIL: only $n alint_ symbols exported"; exit 1; }
c=${ALINT_LT_VERSION%%:*}
a=${ALINT_LT_VERSION##*:}
want="libambientlint.so.$((c - a))"
soname=$(objdump -p "$lib" 2>/dev/null | awk '$1 == "SONAME" {print $2}')
if [ "$soname" != "$want" ]; then
	echo "FAIL: SONAME '$soname', expected '$want' for -version-info $ALINT_LT_VERSION"
	exit 1
fi
echo "PASS: $n symbols, all alint_*; SONAME $soname"
