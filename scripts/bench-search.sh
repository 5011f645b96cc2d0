#!/usr/bin/env bash
# Search benchmark (SPEC §5.1): index size, first-query bytes and the share
# of build time the search index takes, on generated corpora.
#
#   scripts/bench-search.sh [N ...]        (default: 2000 10000)
#
# For each N, generates the corpus with examples/gen-corpus.rs into
# /tmp/dossier-bench/N/dossier when missing (as bench-build.sh does), builds
# it once with DOSSIER_TIMINGS=1, and prints:
#   - the index: bytes and files under public/search/pagefind/;
#   - the share of the build's wall time spent on the search records and
#     the index (the `search records` and `search index` stages the build
#     reports), with the build's total;
#   - the first query's bytes, from opening search/ to the results shown,
#     as a browser fetches them (tests/browser/search.mjs --measure; text
#     gzipped as static hosts send it), for each of QUERIES.
#
# Environment: QUERIES (`|`-separated, `-` for the title of the corpus's
# first report with claims, many words; default `harbour|-`), DOSSIER_BIN
# (target/release/dossier), SEED (1), WORDS (1000), CHROMIUM
# (/usr/bin/chromium). The browser step needs tests/browser/node_modules
# (`npm ci --prefix tests/browser`); without it, it is skipped.
set -euo pipefail

name=bench-search
ns=("$@")
[ ${#ns[@]} -gt 0 ] || ns=(2000 10000)
for n in "${ns[@]}"; do
    case "$n" in ''|*[!0-9]*) echo "usage: $0 [N ...]" >&2; exit 2 ;; esac
done
n="${ns[0]}"
# shellcheck source=scripts/bench-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"
bench_binary
bench_warn_stale

browser=1
if [ ! -d "$repo_root/tests/browser/node_modules/playwright-core" ]; then
    echo "$name: tests/browser/node_modules is missing: first-query bytes skipped (npm ci --prefix tests/browser)" >&2
    browser=0
fi

echo "$name: binary=$bin ($(bench_head)); machine: $(nproc) CPUs, $(free -g | awk '/^Mem:/ { print $2 " GiB" }') RAM"
for n in "${ns[@]}"; do
    dir="/tmp/dossier-bench/$n/dossier"
    bench_corpus "$dir/.bench-args" "$dir"
    out="$dir/public"
    log="$(mktemp "${TMPDIR:-/tmp}/bench-search.XXXXXX")"
    rm -rf "$out"
    sync
    DOSSIER_TIMINGS=1 "$bin" build --root "$dir" --output "$out" >"$log" 2>&1 || {
        echo "$name: the build of $n reports failed:" >&2
        tail -20 "$log" >&2
        exit 1
    }
    total="$(sed -n 's/^wrote .* in \([0-9]*\) ms.*/\1/p' "$log")"
    records="$(sed -n 's/^timings (render):.*search records \([0-9.]*\) ms.*/\1/p' "$log")"
    index="$(sed -n 's/^timings (render):.*search index \([0-9.]*\) ms.*/\1/p' "$log")"
    rm -f "$log"
    pf="$out/search/pagefind"
    bytes="$(du -sb "$pf" | cut -f1)"
    files="$(find "$pf" -type f | wc -l | tr -d ' ')"
    echo "N=$n: index $bytes bytes in $files files" \
        "($(find "$pf/fragment" -type f | wc -l | tr -d ' ') fragments," \
        "$(du -sb "$pf/index" | cut -f1) bytes of word chunks," \
        "$(du -sb "$pf/filter" | cut -f1) bytes of facets)"
    awk -v n="$n" -v t="$total" -v r="${records:-0}" -v i="${index:-0}" 'BEGIN {
        printf "N=%s: build %.2f s; search records %.2f s + index %.2f s = %.1f%% of the build\n",
            n, t / 1000, r / 1000, i / 1000, (r + i) * 100 / t }'
    if [ "$browser" = 1 ]; then
        queries="${QUERIES:-harbour|-}"
        IFS='|' read -r -a qs <<<"$queries"
        for q in "${qs[@]}"; do
            # `-` stands for the title of the first report with claims.
            if [ "$q" != "-" ]; then
                node "$repo_root/tests/browser/search.mjs" --measure "$out" "$q" | sed "s/^/N=$n: /"
            else
                node "$repo_root/tests/browser/search.mjs" --measure "$out" | sed "s/^/N=$n: /"
            fi
        done
    fi
done
