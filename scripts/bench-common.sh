# shellcheck shell=bash
# Shared by the bench-*.sh scripts: sourced, never run on its own.
#
# Before sourcing, a script sets `name` (for messages) and `n` (the number of
# reports, already checked). Sourcing sets repo_root, seed, words, bin and
# gen from the environment (SEED, WORDS, DOSSIER_BIN) and defines:
#
#   bench_binary        build the dossier binary when missing, and gen-corpus
#   bench_warn_stale    warn when src/ is newer than the binary
#   bench_corpus STAMP DIR [HUGO_DIR]
#                       (re)generate the corpus into DIR (and its Hugo twin)
#                       when missing, older than the generator, or generated
#                       with other arguments than those recorded in STAMP
#   median              the median of the numbers on standard input
#   bench_head          "repository HEAD <commit>[, src modified]"

# shellcheck disable=SC2154 # name and n come from the sourcing script
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seed="${SEED:-1}"
words="${WORDS:-1000}"
bin="${DOSSIER_BIN:-$repo_root/target/release/dossier}"
gen="$repo_root/target/release/examples/gen-corpus"

bench_binary() {
    if [ ! -x "$bin" ]; then
        echo "$name: building $bin (cargo build --release) ..."
        (cd "$repo_root" && cargo build --release --quiet)
    fi
    (cd "$repo_root" && cargo build --release --quiet --example gen-corpus)
}

bench_warn_stale() {
    if [ -n "$(find "$repo_root/src" -newer "$bin" -name '*.rs' -print -quit)" ]; then
        echo "$name: WARNING: src/ has changed since $bin was built; run cargo build --release" >&2
    fi
}

bench_corpus() {
    local stamp="$1" dir="$2" hugo="${3:-}"
    local want="n=$n seed=$seed words=$words"
    if [ ! -f "$dir/dossier.yaml" ] || { [ -n "$hugo" ] && [ ! -f "$hugo/hugo.toml" ]; } \
        || [ "$gen" -nt "$dir/dossier.yaml" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        mkdir -p "$(dirname "$stamp")"
        if [ -n "$hugo" ]; then
            "$gen" "$n" "$dir" --hugo "$hugo" --seed "$seed" --words "$words"
        else
            "$gen" "$n" "$dir" --seed "$seed" --words "$words"
        fi
        echo "$want" > "$stamp"
        echo "$want" > "$dir/.bench-args"
    fi
}

median() {
    sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

bench_head() {
    local commit
    commit="$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "repository HEAD $commit$(git -C "$repo_root" diff --quiet HEAD -- src 2>/dev/null || echo ", src modified")"
}
