#!/bin/sh
# run.sh - the ambient-lint benchmark ("make bench"; see bench/README.md)
#
# Run from the build directory. Generates the corpora into bench/out/
# (reused while the generator and its parameters are unchanged), then,
# per corpus, runs interleaved rounds of: the floor (libfyaml event parse,
# bench/floor), ambient-lint -j1, ambient-lint -j2 and, when the options
# exist, ambient-lint --diff and ambient-lint --fix (on a fresh copy of the
# corpus each time, copied before the clock starts). Each run is timed by
# "bench/floor --time"
# (wall clock, peak RSS, page faults of the child). Medians go to stdout
# and bench/out/results.txt; every single run is kept in bench/out/raw.txt.
#
# Environment:
#   BENCH_ROUNDS=N   rounds per corpus (default 5)
#   BENCH_QUICK=1    only the 1 MB corpus and the on-save latency
#   BENCH_ONSAVE=N   runs for the on-save latency (default 21)

set -u
LC_ALL=C
export LC_ALL

rounds=${BENCH_ROUNDS:-5}
quick=${BENCH_QUICK:-0}
onsave_runs=${BENCH_ONSAVE:-21}
out=bench/out
raw=$out/raw.txt
res=$out/results.txt
tmp=$out/tmp
floor=./bench/floor
gen=./bench/gen-corpus

die() {
	echo "bench: $*" >&2
	exit 1
}

note() {
	echo "bench: $*" >&2
	notes="$notes
  - $*"
}
notes=

case $rounds in
''|*[!0-9]*|0) die "BENCH_ROUNDS must be a positive integer" ;;
esac
case $onsave_runs in
''|*[!0-9]*|0) die "BENCH_ONSAVE must be a positive integer" ;;
esac
if [ ! -x "$floor" ] || [ ! -x "$gen" ]; then
	die "run me from the build directory after building bench/floor" \
		"and bench/gen-corpus (make bench does both)"
fi
mkdir -p "$out" || die "cannot create $out"
: >"$raw"
: >"$out/lint-stderr.txt"

# ---- the linter ------------------------------------------------------------
# ./ambient-lint is libtool's wrapper script; time the real binary with the
# library directory on LD_LIBRARY_PATH, as the wrapper itself would do.
lint=
lint_ok=0
if [ -x ./.libs/ambient-lint ]; then
	lint=./.libs/ambient-lint
	LD_LIBRARY_PATH=$(pwd)/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
	export LD_LIBRARY_PATH
elif [ -x ./ambient-lint ]; then
	lint=./ambient-lint
fi
if [ -n "$lint" ] && "$lint" --help >"$tmp.help" 2>&1; then
	lint_ok=1
else
	note "ambient-lint is missing or its --help fails: floor numbers only"
fi
have_diff=0
have_fix=0
if [ $lint_ok = 1 ]; then
	if grep -q -- --diff "$tmp.help"; then
		have_diff=1
	else
		note "ambient-lint has no --diff yet: no --diff rows"
	fi
	if grep -q -- '--fix ' "$tmp.help"; then
		have_fix=1
	else
		note "ambient-lint has no --fix yet: no --fix rows"
	fi
	lintlib=$(ldd "$lint" 2>/dev/null | awk '/libambientlint/ { print $3 }')
fi

# ---- corpora ----------------------------------------------------------------
# corpus NAME SIZE FILES [LINES]: generate bench/out/NAME unless its stamp
# says it was made by this generator format with these parameters.
corpus() {
	c_dir=$out/$1
	c_want="$("$gen" --version) size=$2 files=$3 lines=${4:-0} seed=1"
	if [ -d "$c_dir" ] && [ -f "$c_dir.stamp" ] &&
		[ "$(cat "$c_dir.stamp")" = "$c_want" ]; then
		return 0
	fi
	rm -rf "$c_dir" "$c_dir.stamp"
	echo "bench: generating $c_dir" >&2
	if [ -n "${4:-}" ]; then
		"$gen" --out "$c_dir" --size 1 --files "$3" --lines "$4" \
			--seed 1 >/dev/null
	else
		"$gen" --out "$c_dir" --size "$2" --files "$3" --seed 1 \
			>/dev/null
	fi || die "gen-corpus failed for $1"
	echo "$c_want" >"$c_dir.stamp"
}

corpora="c1m-100files"
corpus c1m-100files 1000000 100
if [ "$quick" != 1 ]; then
	corpora="$corpora c50m-2000files c50m-1file"
	corpus c50m-2000files 50000000 2000
	corpus c50m-1file 50000000 1
fi
corpus onsave-300lines 1 1 300

# ---- measuring --------------------------------------------------------------
# timed CORPUS TOOL ROUND STDOUT CMD...: run CMD under the stopwatch and
# append "corpus tool round wall_s maxrss_kib user_s sys_s minflt status"
# to raw.txt.
timed() {
	t_c=$1 t_t=$2 t_r=$3 t_o=$4
	shift 4
	"$floor" --time "$tmp.time" "$@" >"$t_o" 2>>"$out/lint-stderr.txt"
	awk -v c="$t_c" -v t="$t_t" -v r="$t_r" '{
		for (i = 1; i <= NF; i++) {
			split($i, kv, "=")
			v[kv[1]] = kv[2]
		}
		print c, t, r, v["wall_s"], v["maxrss_kib"], v["user_s"],
			v["sys_s"], v["minflt"], v["status"]
	}' "$tmp.time" >>"$raw"
}

# median CORPUS TOOL FIELD (4 wall_s, 5 maxrss_kib, 8 minflt): "NA" if none
median() {
	awk -v c="$1" -v t="$2" -v f="$3" \
		'$1 == c && $2 == t && $9 == 0 { print $f }' "$raw" |
		sort -n | awk '{ a[NR] = $1 }
		END {
			if (NR == 0) print "NA"
			else if (NR % 2) print a[(NR + 1) / 2]
			else print (a[NR / 2] + a[NR / 2 + 1]) / 2
		}'
}

# median_cpu CORPUS TOOL: median CPU time (user + sys), "NA" if none
median_cpu() {
	awk -v c="$1" -v t="$2" \
		'$1 == c && $2 == t && $9 == 0 { print $6 + $7 }' "$raw" |
		sort -n | awk '{ a[NR] = $1 }
		END {
			if (NR == 0) print "NA"
			else if (NR % 2) print a[(NR + 1) / 2]
			else print (a[NR / 2] + a[NR / 2 + 1]) / 2
		}'
}

# the load average (1 minute) of the machine, from /proc/loadavg
loadavg() {
	cut -d ' ' -f 1 /proc/loadavg 2>/dev/null || echo '?'
}
load_start=$(loadavg)

failures() {
	awk -v c="$1" -v t="$2" '$1 == c && $2 == t && $9 != 0 { n++ }
		END { print n + 0 }' "$raw"
}

# floor_field CORPUS KEY: a key=value from the floor's own output
floor_field() {
	tr ' ' '\n' <"$out/floor-$1.txt" | sed -n "s/^$2=//p"
}

tools="floor"
if [ $lint_ok = 1 ]; then
	tools="$tools lint-j1 lint-j2"
	[ $have_diff = 1 ] && tools="$tools lint-diff"
	[ $have_fix = 1 ] && tools="$tools lint-fix"
fi
fixdir=$out/fix-copy

for c in $corpora; do
	dir=$out/$c
	echo "bench: $c: warming up" >&2
	"$floor" "$dir" >"$out/floor-$c.txt" ||
		note "$c: the floor reports parse errors; see floor-$c.txt"
	if [ $lint_ok = 1 ]; then
		"$lint" --format=json -j1 --exit-zero "$dir" >"$tmp.json" \
			2>>"$out/lint-stderr.txt" ||
			note "$c: ambient-lint --format=json -j1 --exit-zero" \
				"exited with $?"
		wc -c <"$tmp.json" | tr -d ' ' >"$out/lint-$c.bytes"
		rm -f "$tmp.json"
	fi
	r=1
	while [ $r -le "$rounds" ]; do
		echo "bench: $c: round $r/$rounds" >&2
		for t in $tools; do
			case $t in
			floor)
				timed "$c" "$t" $r "$tmp.floor" "$floor" "$dir"
				;;
			lint-j1)
				timed "$c" "$t" $r /dev/null "$lint" \
					--format=json -j1 --exit-zero "$dir"
				;;
			lint-j2)
				timed "$c" "$t" $r /dev/null "$lint" \
					--format=json -j2 --exit-zero "$dir"
				;;
			lint-diff)
				timed "$c" "$t" $r /dev/null "$lint" \
					--diff --unsafe-fixes -j1 \
					--exit-zero "$dir"
				;;
			lint-fix)
				# a fresh copy each time: a second --fix
				# would find nothing left to do
				rm -rf "$fixdir"
				cp -R "$dir" "$fixdir" ||
					die "cannot copy $dir to $fixdir"
				timed "$c" "$t" $r /dev/null "$lint" \
					--fix --unsafe-fixes --no-source \
					-j1 --exit-zero "$fixdir"
				;;
			esac
		done
		r=$((r + 1))
	done
done
rm -rf "$fixdir"

# On-save latency: process start to exit for one ~300-line file, as an
# editor or pre-commit hook would run it.
onsave=$out/onsave-300lines/all-namespaces.yaml
onsave_tools="floor"
if [ $lint_ok = 1 ]; then
	onsave_tools="floor lint"
	[ "$lint" != ./ambient-lint ] && [ -x ./ambient-lint ] &&
		onsave_tools="$onsave_tools lint-wrapper"
fi
echo "bench: on-save latency, $onsave_runs runs" >&2
r=1
while [ $r -le "$onsave_runs" ]; do
	for t in $onsave_tools; do
		case $t in
		floor)
			timed onsave "$t" $r /dev/null "$floor" "$onsave"
			;;
		lint)
			timed onsave "$t" $r /dev/null "$lint" \
				--format=json --exit-zero "$onsave"
			;;
		lint-wrapper)
			timed onsave "$t" $r /dev/null ./ambient-lint \
				--format=json --exit-zero "$onsave"
			;;
		esac
	done
	r=$((r + 1))
done

# ---- report -----------------------------------------------------------------
{
	echo "ambient-lint benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
	cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo 2>/dev/null |
		head -n 1)
	ncpu=$(nproc 2>/dev/null || echo '?')
	echo "machine: $ncpu CPUs, ${cpu:-unknown}, $(uname -sr)"
	if [ $lint_ok = 1 ]; then
		echo "linter: $lint ($("$lint" --version 2>/dev/null |
			head -n 1)), library ${lintlib:-?}"
	else
		echo "linter: not available"
	fi
	echo "rounds: $rounds, interleaved; medians of successful runs." \
		"Relative numbers: compare rows, not machines."
	echo "load average (1 min) at start: $load_start, at end: $(loadavg)" \
		"(other work on the machine inflates wall_s, not cpu_s)"
	echo
	printf '%-16s %6s %7s %-10s %8s %8s %10s %8s %7s %8s %7s %8s\n' \
		corpus MB docs tool wall_s MB/s docs/s RSS_MiB kfaults \
		vs_floor cpu_s cpu_vs_f
	for c in $corpora; do
		bytes=$(floor_field "$c" bytes)
		docs=$(floor_field "$c" documents)
		fw=$(median "$c" floor 4)
		fc=$(median_cpu "$c" floor)
		for t in $tools; do
			w=$(median "$c" "$t" 4)
			m=$(median "$c" "$t" 5)
			f=$(median "$c" "$t" 8)
			cp=$(median_cpu "$c" "$t")
			awk -v c="$c" -v b="$bytes" -v d="$docs" \
				-v t="$t" -v w="$w" -v m="$m" -v f="$f" \
				-v fw="$fw" -v cp="$cp" -v fc="$fc" 'BEGIN {
				if (w == "NA") {
					printf "%-16s %6.1f %7d %-10s %8s\n",
						c, b / 1e6, d, t, "failed"
					exit
				}
				x = (t == "floor") ? "1.00" : \
					sprintf("%.2f", fw / w)
				y = (t == "floor") ? "1.00" : (cp > 0 ? \
					sprintf("%.2f", fc / cp) : "-")
				printf "%-16s %6.1f %7d %-10s %8.3f %8.1f " \
					"%10.0f %8.1f %7.1f %8s %7.3f %8s\n",
					c, b / 1e6, d, t, w, b / 1e6 / w,
					d / w, m / 1024, f / 1000, x, cp, y
			}'
			n=$(failures "$c" "$t")
			[ "$n" -gt 0 ] &&
				note "$c $t: $n run(s) failed (see raw.txt)"
		done
	done
	echo
	echo "floor parse-only (bench/floor's own clock, no process start):"
	for c in $corpora; do
		echo "  $c: $(floor_field "$c" parse_mb_s) MB/s," \
			"$(floor_field "$c" documents) documents," \
			"$(floor_field "$c" files) file(s)"
	done
	if [ $lint_ok = 1 ]; then
		echo "ambient-lint --format=json output (sanity):"
		for c in $corpora; do
			echo "  $c: $(cat "$out/lint-$c.bytes") bytes"
		done
	fi

	echo
	echo "targets:"
	verdict() {
		awk -v v="$1" -v goal="$2" -v op="$3" 'BEGIN {
			if (v == "" || v == "NA") { print "n/a"; exit }
			ok = (op == ">=") ? (v + 0 >= goal) : (v + 0 <= goal)
			printf "%.2f (target %s %s: %s)\n", v, op, goal,
				ok ? "met" : "MISSED"
		}'
	}
	for c in $corpora; do
		fw=$(median "$c" floor 4)
		w1=$(median "$c" lint-j1 4)
		w2=$(median "$c" lint-j2 4)
		r1=$(awk -v a="$fw" -v b="$w1" 'BEGIN {
			if (a != "NA" && b != "NA") print a / b }')
		echo "  $c lint -j1 / floor, MB/s: $(verdict "$r1" 0.8 '>=')"
		c1=$(awk -v a="$(median_cpu "$c" floor)" \
			-v b="$(median_cpu "$c" lint-j1)" 'BEGIN {
				if (a != "NA" && b != "NA" && b > 0) print a / b }')
		echo "  $c lint -j1 / floor, by CPU time:" \
			"$(verdict "$c1" 0.8 '>=')"
		if [ $have_fix = 1 ]; then
			wf=$(median "$c" lint-fix 4)
			rf=$(awk -v a="$fw" -v b="$wf" 'BEGIN {
				if (a != "NA" && b != "NA") print a / b }')
			echo "  $c lint --fix -j1 / floor, MB/s:" \
				"$(verdict "$rf" 0.4 '>=')"
		fi
		case $c in
		*1file) ;;
		*)
			sp=$(awk -v a="$w1" -v b="$w2" 'BEGIN {
				if (a != "NA" && b != "NA") print a / b }')
			echo "  $c -j2 / -j1 speed-up:" \
				"$(verdict "$sp" 1.7 '>=')"
			;;
		esac
		case $c in
		*1file)
			bytes=$(floor_field "$c" bytes)
			rss=$(median "$c" lint-j1 5)
			rr=$(awk -v m="$rss" -v b="$bytes" 'BEGIN {
				if (m != "NA") print m * 1024 / b }')
			echo "  $c peak RSS / input (-j1):" \
				"$(verdict "$rr" 4 '<=')"
			;;
		esac
	done

	echo
	echo "on-save latency, one $(wc -l <"$onsave" | tr -d ' ')-line file," \
		"median of $onsave_runs (ms; RSS MiB):"
	for t in $onsave_tools; do
		w=$(median onsave "$t" 4)
		m=$(median onsave "$t" 5)
		awk -v t="$t" -v w="$w" -v m="$m" 'BEGIN {
			if (w == "NA") printf "  %-13s failed\n", t
			else printf "  %-13s %7.2f ms  %6.1f MiB\n", t,
				w * 1000, m / 1024
		}'
	done
	if [ -n "$notes" ]; then
		echo
		echo "notes:$notes"
	fi
} >"$res"
rm -f "$tmp".*
cat "$res"
echo
echo "bench: written to $res; every run is in $raw"
