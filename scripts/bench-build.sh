#!/usr/bin/env bash
# Whole-build benchmark of dossier on a generated corpus.
#
#   scripts/bench-build.sh N [DIR]
#
# Generates a corpus of N reports with examples/gen-corpus.rs into DIR
# (default /tmp/dossier-bench/N/dossier) when it is missing or older than the
# generator, then runs
#
#   target/release/dossier build --root DIR --output DIR/public
#
# RUNS times (default 3) under /usr/bin/time -v, and prints each run's wall
# time and peak memory (max RSS), then the medians, the number of HTML files
# and the size of the output. The output folder is deleted before every run
# (outside the timing), so every run is a fresh build; KEEP_OUTPUT=1 keeps
# it, so that runs 2.. replace an existing output.
#
# Stages: if the binary prints a stage breakdown on stderr it is shown; in
# any case one `dossier check` run is timed (load + parse + resolve +
# checks, no rendering or writing) so that the rest of the build time can be
# attributed to rendering and writing.
#
# Environment: RUNS (3), KEEP_OUTPUT (0), DOSSIER_BIN (target/release/dossier;
# built with `cargo build --release` when missing), SEED (1), WORDS (1000).
set -euo pipefail

usage() { echo "usage: $0 N [DIR]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
n="$1"
case "$n" in ''|*[!0-9]*) usage ;; esac

name=bench-build
# shellcheck source=scripts/bench-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"
dir="${2:-/tmp/dossier-bench/$n/dossier}"
runs="${RUNS:-3}"

[ -x /usr/bin/time ] || { echo "bench-build: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 2; }

bench_binary
bench_warn_stale
bench_corpus "$dir/.bench-args" "$dir"

out="$dir/public"
log="$(mktemp "${TMPDIR:-/tmp}/bench-build.XXXXXX")"
trap 'rm -f "$log"' EXIT

# "h:mm:ss" or "m:ss.cc" -> seconds
to_seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<<"$1"; }
echo "bench-build: N=$n corpus=$dir binary=$bin ($(bench_head)) runs=$runs"
echo "bench-build: machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(free -g | awk '/^Mem:/ { print $2 " GiB" }') RAM"

times=(); rss=()
for i in $(seq 1 "$runs"); do
    if [ "${KEEP_OUTPUT:-0}" != 1 ]; then rm -rf "$out"; fi
    sync
    status=0
    /usr/bin/time -v "$bin" build --root "$dir" --output "$out" >"$log" 2>&1 || status=$?
    if [ "$status" -ne 0 ]; then
        echo "bench-build: run $i failed (exit $status):" >&2
        grep -v '^\s' "$log" | tail -20 >&2
        exit 1
    fi
    wall="$(to_seconds "$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log")")"
    kb="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")"
    user="$(sed -n 's/.*User time (seconds): //p' "$log")"
    sys="$(sed -n 's/.*System time (seconds): //p' "$log")"
    summary="$(grep -m1 '^wrote ' "$log" || true)"
    printf 'run %d: wall %7.2f s  max RSS %6d MiB  (user %s s, sys %s s)  [%s]\n' \
        "$i" "$wall" "$((kb / 1024))" "$user" "$sys" "$summary"
    times+=("$wall"); rss+=("$((kb / 1024))")
done

# Anything else the binary printed (a stage breakdown, if it has one).
stages="$(grep -v -e '^\s' -e '^wrote ' -e '^Command being timed' -e '^warning' "$log" | grep -i -E 'ms|[0-9] ?s\b' || true)"
if [ -n "$stages" ]; then
    echo "stages reported by dossier (last run):"
    sed 's/^/  /' <<<"$stages"
fi

echo "median: wall $(printf '%s\n' "${times[@]}" | median) s, max RSS $(printf '%s\n' "${rss[@]}" | median) MiB"
html="$(find "$out" -type f -name '*.html' | wc -l | tr -d ' ')"
files="$(find "$out" -type f | wc -l | tr -d ' ')"
size="$(du -sm "$out" | cut -f1)"
echo "output: $html HTML files ($files files), $size MiB"

# check = load + parse + resolve + checks; the rest of a build is render + write.
/usr/bin/time -v "$bin" check --root "$dir" >"$log" 2>&1 || true
cwall="$(to_seconds "$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log")")"
ckb="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")"
bmed="$(printf '%s\n' "${times[@]}" | median)"
echo "stages (approx.): dossier check (load, parse, resolve, checks) $cwall s, max RSS $((ckb / 1024)) MiB;" \
    "build minus check (render + write) $(awk -v b="$bmed" -v c="$cwall" 'BEGIN { printf "%.2f", b - c }') s"
