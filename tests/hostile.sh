#!/bin/sh
# hostile.sh - hostile inputs through the ambient-lint command
#
# Each case makes its input at run time (nothing big is committed), runs
# ambient-lint with a time limit and checks that it did not crash, that
# the exit status and the message say what happened, and, for --fix, that
# nothing was written or only the whole fixed file. Cases the golden tests
# of tests/cli/ already hold are not repeated here: symlink loops in a
# directory walk (symlinks), FIFOs in the tree (fifo, fix-fifo),
# unreadable files (unreadable), read-only files during --fix
# (fix-readonly), the --max-file-size option (max-file-size,
# stdin-too-big).
#
# Usage: hostile.sh [CASE...]   (top_srcdir and top_builddir come from make)

top_srcdir=${top_srcdir:-$(dirname "$0")/..}
top_builddir=${top_builddir:-.}
abs_builddir=$(cd "$top_builddir" && pwd) || exit 99
bin=$abs_builddir/ambient-lint
work=$abs_builddir/tests/hostile.work

if [ ! -x "$bin" ]; then
	echo "hostile.sh: $bin is not built" >&2
	exit 99
fi
unset NO_COLOR FORCE_COLOR CLICOLOR_FORCE GITHUB_ACTIONS
LC_ALL=C
export LC_ALL

timeout=
if command -v timeout >/dev/null 2>&1; then
	# a sanitizer or valgrind build is many times slower
	timeout="timeout 300"
fi

mounted=
cleanup() {
	if [ -n "$mounted" ]; then
		umount "$mounted" 2>/dev/null
		mounted=
	fi
	if [ -d "$work" ]; then
		chmod -R u+rwX "$work" 2>/dev/null
		rm -rf "$work"
	fi
}
cleanup
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
mkdir -p "$work/.git" || exit 99	# no .ambient-lint.yaml above it

pass=0
fail=0
skip=0
ok=1

# lint ARGS...: run ambient-lint in $work; sets rc, out and err (files)
lint() {
	out=$work/out
	err=$work/err
	(cd "$work" && exec $timeout "$bin" --no-source "$@") \
		</dev/null >"$out" 2>"$err"
	rc=$?
}

bad() {
	echo "  $*"
	ok=0
}

# expect_rc N: the exit status of the last run is N, and it did not time
# out or crash
expect_rc() {
	if [ "$rc" = 124 ] && [ -n "$timeout" ]; then
		bad "timed out"
	elif [ "$rc" -gt 2 ]; then
		bad "exit status $rc (a crash?), expected $1"
		sed 's/^/  | /' "$err" | head -n 20
	elif [ "$rc" != "$1" ]; then
		bad "exit status $rc, expected $1"
		sed 's/^/  | /' "$err" | head -n 20
	fi
}

# expect_in FILE TEXT: FILE (out or err) holds TEXT (a fixed string)
expect_in() {
	if ! grep -F -q -e "$2" "$1"; then
		bad "no '$2' in ${1##*/}:"
		head -c 2000 "$1" | sed 's/^/  | /'
	fi
}

# expect_findings N: the output of the last run has N findings (lines
# FILE:LINE:COL: ...; other text, such as summaries, may come and go)
expect_findings() {
	n=$(grep -c '^[^ :]*:[0-9][0-9]*:[0-9][0-9]*: ' "$out")
	if [ "$n" -ne "$1" ]; then
		bad "$n findings, expected $1:"
		head -c 2000 "$out" | sed 's/^/  | /'
	fi
}

# same FILE COPY: FILE was not changed
same() {
	if ! cmp -s "$1" "$2"; then
		bad "${1##*/} was changed"
	fi
}

# no_leftovers DIR: no temporary file of a write is left in DIR
no_leftovers() {
	left=$(find "$1" -name '.*' -type f 2>/dev/null | head -n 3)
	if [ -n "$left" ]; then
		bad "left behind: $left"
	fi
}

result() {
	if [ "$ok" = 1 ]; then
		echo "PASS: $1"
		pass=$((pass + 1))
	else
		echo "FAIL: $1"
		fail=$((fail + 1))
	fi
	ok=1
}

skipped() {
	echo "SKIP: $1 ($2)"
	skip=$((skip + 1))
}

ns_yaml() {
	printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n'
	printf '  labels:\n    istio-injection: enabled\n'
}

# ---- the cases ---------------------------------------------------------------

# Billion laughs, 16 levels: 9^16 strings if aliases were expanded. The
# parser never expands them; fix verification refuses to expand a
# document more than ten times, so the fix is not applied and the file is
# left alone.
case_alias_bomb() {
	f=$work/bomb.yaml
	{
		ns_yaml
		printf 'lol:\n  a: &a ["lol","lol","lol","lol","lol","lol",'
		printf '"lol","lol","lol"]\n'
		prev=a
		for lv in b c d e f g h i j k l m n o p; do
			printf '  %s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' \
				$lv $lv $prev $prev $prev $prev $prev $prev $prev \
				$prev $prev
			prev=$lv
		done
	} >"$f"
	cp "$f" "$f.orig"
	lint bomb.yaml
	expect_rc 1
	expect_in "$out" "bomb.yaml:6:5: warning: namespace shop is in sidecar"
	expect_findings 1
	lint --fix --unsafe-fixes bomb.yaml
	expect_rc 1
	expect_in "$err" "no fixes applied"
	same "$f" "$f.orig"
	no_leftovers "$work"
	rm -f "$f" "$f.orig"
}

# 10^5 nesting levels, in flow and in block style: a finding at level 513,
# no recursion, no crash.
case_deep_nesting() {
	awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; print "" }' \
		>"$work/flow-seq.yaml"
	awk 'BEGIN { for (i = 0; i < 100000; i++) printf "{a: "; print "" }' \
		>"$work/flow-map.yaml"
	awk 'BEGIN { for (i = 0; i < 100000; i++) printf "- "; print "x" }' \
		>"$work/block-seq.yaml"
	lint flow-seq.yaml flow-map.yaml block-seq.yaml
	expect_rc 1
	expect_in "$out" "flow-seq.yaml:1:513: error: nesting deeper than 512 levels [nesting-too-deep]"
	expect_in "$out" "flow-map.yaml:1:2049: error: nesting deeper than 512 levels [nesting-too-deep]"
	expect_in "$out" "block-seq.yaml:1:1025: error: nesting deeper than 512 levels [nesting-too-deep]"
	expect_findings 3
	rm -f "$work"/flow-seq.yaml "$work"/flow-map.yaml "$work"/block-seq.yaml
}

# A 100 MB scalar in a ConfigMap: linted, nothing to report.
case_big_scalar() {
	f=$work/big-scalar.yaml
	{
		printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n'
		printf '  name: big\ndata:\n  blob: '
		head -c 100000000 /dev/zero | tr '\0' x
		printf '\n'
	} >"$f"
	size=$(wc -c <"$f")
	if [ "$size" -ne 100000068 ]; then
		bad "could not make a 100 MB file ($size bytes)"
	fi
	lint big-scalar.yaml
	expect_rc 0
	expect_in "$err" "no problems found in 1 file (1 document)"
	expect_findings 0
	rm -f "$f"
}

# A 1 GB file, sparse so that it costs no disk: refused by the default
# --max-file-size (256M) before anything is read; with a larger limit it
# is read and found to be binary (all NUL bytes). The second run needs
# 1 GB of memory, so it is left out (see the big scalar above).
case_huge_file() {
	f=$work/huge.yaml
	if ! truncate -s 1G "$f" 2>/dev/null; then
		skipped huge-file "truncate cannot make a sparse file"
		return
	fi
	lint huge.yaml
	expect_rc 2
	expect_in "$out" "huge.yaml:1:1: error: cannot read huge.yaml: larger than the limit of 268435456 bytes (--max-file-size) [io-error]"
	expect_in "$err" "1 input could not be read"
	# a --fix run must refuse it the same way and leave it alone
	lint --fix huge.yaml
	expect_rc 2
	expect_in "$err" "larger than the limit of 268435456 bytes"
	size=$(wc -c <"$f")
	[ "$size" -eq 1073741824 ] || bad "huge.yaml is now $size bytes"
	rm -f "$f"
}

# Invalid UTF-8, NUL bytes, a binary file (every byte value but NUL, and
# an executable's head).
case_bad_bytes() {
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\377\376\n' \
		>"$work/utf8.yaml"
	printf 'apiVersion: v1\nkind: Config\0Map\n' >"$work/nul.yaml"
	awk 'BEGIN { for (i = 1; i < 256; i++) printf "%c", i }' \
		>"$work/bytes.yaml"
	head -c 4096 /bin/sh >"$work/exe.yaml"
	lint utf8.yaml nul.yaml bytes.yaml exe.yaml
	expect_rc 1
	expect_in "$out" "utf8.yaml:4:10: error: invalid UTF-8 (byte 0xff): kubectl (go-yaml) rejects the file [invalid-utf8]"
	expect_in "$out" "nul.yaml:2:13: error: NUL byte: a binary file, not YAML [binary-file]"
	expect_in "$out" "bytes.yaml:3:115: error: invalid UTF-8 (byte 0x80)"
	expect_in "$out" "exe.yaml:1:"
	expect_in "$out" "[binary-file]"
	# and --fix writes none of them
	for f in utf8 nul bytes exe; do
		cp "$work/$f.yaml" "$work/$f.orig"
	done
	lint --fix --unsafe-fixes utf8.yaml nul.yaml bytes.yaml exe.yaml
	expect_rc 1
	for f in utf8 nul bytes exe; do
		same "$work/$f.yaml" "$work/$f.orig"
	done
}

# JSON is YAML: linted like any manifest. A Helm template is not: one
# clear finding.
case_json_and_templates() {
	printf '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": {"istio-injection": "enabled"}}}\n' \
		>"$work/ns.json"
	printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {{ .Values.ns }}\n  labels:\n{{- include "labels" . | nindent 4 }}\n' \
		>"$work/chart.yaml"
	lint ns.json chart.yaml
	expect_rc 1
	expect_in "$out" "ns.json:1:83: warning: namespace shop is in sidecar mode"
	expect_in "$out" "chart.yaml:4:9: error: Helm/Go template, not YAML: lint the rendered output (helm template) instead [template-not-yaml]"
}

# Symlinks that loop on each other (stat fails with ELOOP), a device and
# a socket in a directory walk: skipped. Named on the command line: an
# error, never a read that blocks or never ends.
case_special_files() {
	d=$work/tree
	mkdir -p "$d"
	ns_yaml >"$d/ns.yaml"
	ln -s loop2.yaml "$d/loop1.yaml"
	ln -s loop1.yaml "$d/loop2.yaml"
	dev=
	if mknod "$d/null.yaml" c 1 3 2>/dev/null; then
		dev=1
	fi
	if command -v python3 >/dev/null 2>&1; then
		python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])' "$d/sock.yaml" 2>/dev/null
	fi
	lint tree
	expect_rc 1
	expect_in "$out" "tree/ns.yaml:6:5: warning"
	expect_findings 1
	expect_in "$err" "1 warning in 1 file (1 document)"
	lint /dev/zero
	expect_rc 2
	expect_in "$err" "/dev/zero: not a regular file or directory"
	lint --fix /dev/full
	expect_rc 2
	expect_in "$err" "/dev/full: not a regular file or directory"
	lint tree/loop1.yaml
	expect_rc 2
	expect_in "$out" "Too many levels of symbolic links [io-error]"
	if [ -z "$dev" ]; then
		echo "  (mknod is not permitted: no device in the walked tree)"
	fi
	rm -rf "$d"
}

# A read-only directory: the temporary file of --fix cannot be made. Root
# writes anyway, so the case is skipped as root.
case_read_only_dir() {
	if [ "$(id -u)" = 0 ]; then
		skipped read-only-dir "root writes into read-only directories"
		return
	fi
	mkdir -p "$work/ro"
	ns_yaml >"$work/ro/ns.yaml"
	cp "$work/ro/ns.yaml" "$work/ns.orig"
	chmod 555 "$work/ro"
	lint --fix --unsafe-fixes ro/ns.yaml
	chmod 755 "$work/ro"
	expect_rc 2
	expect_in "$err" "ro/ns.yaml"
	same "$work/ro/ns.yaml" "$work/ns.orig"
	no_leftovers "$work/ro"
	rm -rf "$work/ro" "$work/ns.orig"
}

# A full disk during --fix: a 16 KiB tmpfs filled up. The write fails,
# the file keeps its old text, no temporary file is left. Needs mount(8)
# with the right to mount, directly (root) or in a user namespace.
case_full_disk() {
	d=$work/full
	mkdir -p "$d"
	script='
		mount -t tmpfs -o size=16k tmpfs "$1" || exit 77
		cp "$2" "$1/ns.yaml" &&
		dd if=/dev/zero of="$1/fill" bs=1024 count=64 2>/dev/null
		cd "$1" || exit 99
		'"$timeout"' "$3" --no-source --fix --unsafe-fixes ns.yaml \
			>"$4.out" 2>"$4.err"
		echo $? >"$4.rc"
		cmp -s ns.yaml "$2" || echo changed >>"$4.rc"
		ls -a >"$4.ls"
		cd / && umount "$1"
		exit 0'
	ns_yaml >"$work/ns.orig"
	if [ "$(id -u)" = 0 ]; then
		mounted=$d
		sh -c "$script" sh "$d" "$work/ns.orig" "$bin" "$work/full" \
			2>"$work/full.mount"
		r=$?
	else
		r=77
	fi
	if [ $r = 77 ] && command -v unshare >/dev/null 2>&1; then
		unshare -rm sh -c "$script" sh "$d" "$work/ns.orig" "$bin" \
			"$work/full" 2>"$work/full.mount"
		r=$?
	fi
	if [ $r != 0 ] || [ ! -f "$work/full.rc" ]; then
		skipped full-disk "cannot mount a small tmpfs: $(head -n 1 \
			"$work/full.mount")"
		return
	fi
	rc=$(head -n 1 "$work/full.rc")
	out=$work/full.out
	err=$work/full.err
	expect_rc 2
	expect_in "$err" "cannot write ns.yaml: no space left on device"
	expect_in "$err" "no fixes applied"
	if grep -q changed "$work/full.rc"; then
		bad "ns.yaml was changed"
	fi
	if [ "$(cat "$work/full.ls")" != "$(printf '.\n..\nfill\nns.yaml')" ]
	then
		bad "left in the full file system: $(cat "$work/full.ls")"
	fi
}

# A file changed by someone else between its read and the write of its
# fix: not overwritten. ambient-lint reads ns.yaml, then spends a while on
# a big file; as soon as the access time of ns.yaml says it was read, the
# test changes it. --fix must then refuse to write it.
case_changed_during_fix() {
	d=$work/race
	mkdir -p "$d"
	ns_yaml >"$d/ns.yaml"
	awk 'BEGIN { for (i = 0; i < 60000; i++)
		printf "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c%d\ndata:\n  k: v\n  l: [1, 2, 3]\n", i }' \
		>"$d/big.yaml"
	touch -a -d 2000-01-01 "$d/ns.yaml" 2>/dev/null
	a0=$(stat -c %X "$d/ns.yaml" 2>/dev/null)
	cat "$d/ns.yaml" >/dev/null
	if [ -z "$a0" ] || [ "$(stat -c %X "$d/ns.yaml")" = "$a0" ]; then
		skipped changed-during-fix "access times are not updated here"
		return
	fi
	touch -a -d 2000-01-01 "$d/ns.yaml"
	(cd "$d" && exec $timeout "$bin" --no-source --fix --unsafe-fixes \
		-j1 ns.yaml big.yaml) </dev/null >"$work/out" 2>"$work/err" &
	pid=$!
	n=0
	while [ "$(stat -c %X "$d/ns.yaml")" = "$a0" ] &&
		kill -0 $pid 2>/dev/null && [ $n -lt 30000 ]; do
		sleep 0.01 2>/dev/null || sleep 1
		n=$((n + 1))
	done
	printf '# changed by someone else\n' >>"$d/ns.yaml"
	wait $pid
	rc=$?
	out=$work/out
	err=$work/err
	if grep -q dataplane-mode "$d/ns.yaml"; then
		# ambient-lint wrote before the change: the race was lost
		skipped changed-during-fix "the fix was written before the" \
			"file could be changed (too fast a machine?)"
		rm -rf "$d"
		return
	fi
	expect_rc 2
	expect_in "$err" "ns.yaml changed on disk"
	expect_in "$err" "no fixes applied"
	{ ns_yaml; printf '# changed by someone else\n'; } >"$work/ns.want"
	same "$d/ns.yaml" "$work/ns.want"
	no_leftovers "$d"
	rm -rf "$d"
}

all="alias-bomb deep-nesting big-scalar huge-file bad-bytes
json-and-templates special-files read-only-dir full-disk changed-during-fix"
[ $# -gt 0 ] || set -- $all
for c in "$@"; do
	fn=case_$(echo "$c" | tr - _)
	n0=$skip
	if ! command -v "$fn" >/dev/null 2>&1; then
		echo "FAIL: $c (no such case)"
		fail=$((fail + 1))
		continue
	fi
	$fn
	[ $skip -gt $n0 ] || result "$c"
done

if [ $skip -gt 0 ]; then
	echo "$pass passed, $fail failed ($skip skipped)"
else
	echo "$pass passed, $fail failed"
fi
[ $fail -eq 0 ]
