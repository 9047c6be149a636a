#!/bin/sh
# build.sh - build the libFuzzer targets with clang
#
# Usage: build.sh OUTDIR SOURCE...
#   SOURCE: the library's sources, as listed in Makefile.am (only the .c
#   files are compiled; paths relative to top_srcdir)
# Environment (set by "make fuzz"): top_srcdir, top_builddir,
#   FUZZ_CC (default clang), DEP_CFLAGS and DEP_LIBS (libfyaml, libyaml,
#   PCRE2), FUZZ_CFLAGS (extra flags).
# Every object is built with -fsanitize=fuzzer-no-link,address,undefined
# and the targets linked with -fsanitize=fuzzer,address,undefined.
# Exit status 77: this compiler cannot build libFuzzer targets (no clang,
# or no fuzzer runtime: Debian package libclang-rt-14-dev).

set -u
out=${1:?usage: build.sh OUTDIR SOURCE...}
shift
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
cc=${FUZZ_CC:-clang}
san="-fsanitize=address,undefined -fno-sanitize-recover=all"
cflags="-g -O1 -fno-omit-frame-pointer -std=c11 -D_POSIX_C_SOURCE=200809L \
-I$top_builddir -I$top_srcdir/include -I$top_builddir/include \
-I$top_srcdir/lib ${DEP_CFLAGS:-} ${FUZZ_CFLAGS:-}"

mkdir -p "$out/obj" || exit 99

# Can this compiler link a fuzzer at all?
probe=$out/probe.c
cat >"$probe" <<'PROBE'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	(void)d; (void)n;
	return 0;
}
PROBE
if ! $cc -fsanitize=fuzzer,address,undefined "$probe" -o "$out/probe" \
	>"$out/probe.log" 2>&1; then
	echo "fuzz: $cc cannot link a libFuzzer target (install clang and" \
		"libclang-rt-14-dev); see $out/probe.log" >&2
	exit 77
fi
rm -f "$probe" "$out/probe"

objs=
for s in "$@"; do
	case $s in
	*.c) ;;
	*) continue ;;
	esac
	o=$out/obj/$(echo "$s" | tr / _ | sed 's/\.c$/.o/')
	# rebuild an object older than its source or than any header
	if [ -f "$o" ] && [ -z "$(find "$top_srcdir/$s" "$top_srcdir/lib" \
		"$top_srcdir/include" "$top_srcdir/rules" -newer "$o" \
		\( -name '*.h' -o -name '*.def' -o -path "*/$s" \) \
		2>/dev/null | head -n 1)" ]; then
		objs="$objs $o"
		continue
	fi
	echo "  CC (fuzz) $s"
	$cc $cflags $san -fsanitize=fuzzer-no-link -c "$top_srcdir/$s" \
		-o "$o" || exit 1
	objs="$objs $o"
done

for t in fuzz-yaml fuzz-lint fuzz-fix; do
	echo "  CCLD (fuzz) $out/$t"
	# shellcheck disable=SC2086
	$cc $cflags $san -fsanitize=fuzzer "$top_srcdir/fuzz/$t.c" $objs \
		${DEP_LIBS:-} -lpthread -o "$out/$t" || exit 1
done
