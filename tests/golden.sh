#!/bin/sh
# golden.sh - rewrite the expected files of the CLI golden tests
#
# Run from the build directory: sh SRCDIR/tests/golden.sh [CASE...]
# It runs tests/cli.sh with ALINT_UPDATE_GOLDEN=1, which writes
# expected.out, expected.err and expected.rc of each case (except cases
# with a same-as file) into the source tree. Review the diff before
# committing: the goldens are only as right as the run that made them.

top_srcdir=${top_srcdir:-$(dirname "$0")/..}
top_builddir=${top_builddir:-.}
ALINT_UPDATE_GOLDEN=1
export top_srcdir top_builddir ALINT_UPDATE_GOLDEN
exec sh "$top_srcdir/tests/cli.sh" "$@"
