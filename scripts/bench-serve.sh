#!/usr/bin/env bash
# Edit-to-browser latency of `dossier serve` on a generated corpus.
#
#   scripts/bench-serve.sh N [DIR]
#
# Generates a corpus of N reports (examples/gen-corpus.rs) into DIR
# (default /tmp/dossier-bench/N/dossier) when it is missing, then runs
# tests/browser/serve.mjs in latency mode: it starts
# `target/release/dossier serve --port 0` in DIR, opens one report in headless
# Chromium, and EDITS times: saves an edit of that report's body and waits
# for the new text in the page. It prints the median and the percentiles.
#
# The report is the one in the middle of the corpus (report number N/2);
# REPORT=<path under content/> picks another. `serve` is started through a
# small wrapper that timestamps its stderr, so the script also prints how long
# the first full build took (start to "serving the site at"), what `serve`
# itself reported for each rebuild ("rendered N files in X ms"), and the
# server's peak memory (VmHWM from /proc).
#
# The corpus is modified during the run (serve.mjs restores the report at
# the end). Needs node, tests/browser/node_modules (npm ci --prefix
# tests/browser) and Chromium (/usr/bin/chromium, or CHROMIUM=...).
#
# BROWSER=0 leaves out the browser: the script starts `serve` itself, saves
# the same edits and times each from the save to serve's "rendered N files"
# line (for large sites, where an edit takes longer than the 60 s that
# serve.mjs waits).
#
# EDIT=cite makes every other edit also cite a source that the report does
# not cite (one that another report cites), so that each edit adds or
# removes a source of the report: that source's page, the source index and
# data/site.json are rendered again too. The default, EDIT=text, changes
# only the report's text, which serve renders as the report's page alone.
#
# Environment: EDITS (20), EDIT (text), REPORT, BROWSER (1), DOSSIER_BIN
# (target/release/dossier), SEED (1), WORDS (1000).
set -euo pipefail

usage() { echo "usage: $0 N [DIR]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
n="$1"
case "$n" in ''|*[!0-9]*) usage ;; esac

name=bench-serve
# shellcheck source=scripts/bench-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"
dir="${2:-/tmp/dossier-bench/$n/dossier}"
edits="${EDITS:-20}"

if [ "${BROWSER:-1}" != 0 ]; then
    command -v node >/dev/null || { echo "bench-serve: node not found" >&2; exit 2; }
    [ -d "$repo_root/tests/browser/node_modules" ] || { echo "bench-serve: run npm ci --prefix tests/browser" >&2; exit 2; }
    [ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "bench-serve: no Chromium at ${CHROMIUM:-/usr/bin/chromium}" >&2; exit 2; }
fi

bench_binary
bench_corpus "$dir/.bench-args" "$dir"

if [ -z "${REPORT:-}" ]; then
    last=$((n - 1)); width=${#last}; [ "$width" -ge 5 ] || width=5
    num="$(printf "%0${width}d" $((n / 2)))"
    path="$(cd "$dir/content" && find . -name "report-$num.md" -print -quit)"
    [ -n "$path" ] || { echo "bench-serve: report-$num.md not found in $dir/content" >&2; exit 1; }
    REPORT="${path#./}"
fi
[ -f "$dir/content/$REPORT" ] || { echo "bench-serve: no such report: $dir/content/$REPORT" >&2; exit 1; }

# For EDIT=cite: a source that other reports cite and this one does not.
new_source=""
if [ "${EDIT:-text}" = cite ]; then
    new_source="$(grep -rhoE '\[@[A-Za-z0-9_-]+' "$dir/content" --include='*.md' | cut -c3- | sort -u \
        | grep -vxF -f <(grep -oE '\[@[A-Za-z0-9_-]+' "$dir/content/$REPORT" | cut -c3- | sort -u) | awk 'NR == 1')"
    [ -n "$new_source" ] || { echo "bench-serve: no source to add a citation of" >&2; exit 1; }
fi

echo "bench-serve: N=$n site=$dir report=$REPORT edits=$edits edit=${EDIT:-text} binary=$bin ($(bench_head))"

# The wrapper that serve.mjs starts instead of the binary: it records its
# pid (the exec'd dossier keeps it) and copies stderr, timestamped, to a log.
work="$(mktemp -d "${TMPDIR:-/tmp}/bench-serve.XXXXXX")"
sampler=""
cleanup() {
    if [ -n "$sampler" ]; then kill "$sampler" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
cat > "$work/dossier" <<'WRAPPER'
#!/usr/bin/env bash
echo $$ > "$BENCH_WORK/pid"
exec "$BENCH_REAL" "$@" 2> >(while IFS= read -r line; do
    printf '%s %s\n' "$(date +%s.%N)" "$line" >> "$BENCH_WORK/stderr"
    printf '%s\n' "$line" >&2
done)
WRAPPER
chmod +x "$work/dossier"

# Peak memory of the server: the last VmHWM read before it exits.
(
    while [ ! -s "$work/pid" ]; do sleep 0.2; done
    pid="$(cat "$work/pid")"
    while [ -r "/proc/$pid/status" ]; do
        awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" > "$work/hwm.tmp" 2>/dev/null; if [ -s "$work/hwm.tmp" ]; then mv "$work/hwm.tmp" "$work/hwm"; fi
        sleep 0.5
    done
) &
sampler=$!

start=$(date +%s.%N)
status=0
if [ "${BROWSER:-1}" != 0 ]; then
    BENCH_WORK="$work" BENCH_REAL="$bin" \
    DOSSIER_LATENCY="$edits" DOSSIER_SITE="$dir" DOSSIER_REPORT="$REPORT" DOSSIER_CITE="$new_source" NO_COLOR=1 \
        node "$repo_root/tests/browser/serve.mjs" "$work/dossier" || status=$?
    if [ "$status" -ne 0 ]; then
        echo "bench-serve: serve.mjs failed (exit $status); it waits at most 60 s for an edit to show" >&2
    fi
else
    # Server only: start serve through the wrapper, save EDITS edits of the
    # report (the same edit serve.mjs makes: a word at the start of the
    # body), and wait each time for serve's "rendered N files" line.
    file="$dir/content/$REPORT"
    cp "$file" "$work/original.md"
    (cd "$dir" && BENCH_WORK="$work" BENCH_REAL="$bin" NO_COLOR=1 \
        exec "$work/dossier" serve --port 0 </dev/null >/dev/null 2>"$work/serve.err") &
    server=$!
    restore() { cp "$work/original.md" "$file"; }
    stop_server() {
        if [ -s "$work/pid" ]; then kill -INT "$(cat "$work/pid")" 2>/dev/null || true; fi
        wait "$server" 2>/dev/null || true
    }
    waited=0
    until grep -q 'serving the site at' "$work/stderr" 2>/dev/null; do
        sleep 0.5; waited=$((waited + 1))
        if [ "$waited" -gt 4800 ] || ! kill -0 "$server" 2>/dev/null; then
            echo "bench-serve: serve did not start" >&2; cat "$work/serve.err" >&2; stop_server; exit 1
        fi
    done
    hwm_first="$(awk '/^VmHWM:/ { print $2 }' "/proc/$(cat "$work/pid")/status" 2>/dev/null || true)"
    echo "bench-serve: serve's peak memory after the first build (VmHWM): $(( ${hwm_first:-0} / 1024 )) MiB"
    sleep 2
    for i in $(seq 1 "$edits"); do
        before="$(grep -c 'rendered [0-9]* files' "$work/stderr" || true)"
        word="edit${i}x$(date +%s%N)"
        if [ "${EDIT:-text}" = cite ] && [ $((i % 2)) -eq 1 ]; then
            word="$word [\@$new_source]"
        fi
        t0=$(date +%s.%N)
        perl -0pe "s/\n---\n/\n---\n$word /" "$work/original.md" > "$file"
        waited=0
        while [ "$(grep -c 'rendered [0-9]* files' "$work/stderr" || true)" -le "$before" ]; do
            sleep 0.05; waited=$((waited + 1))
            if [ "$waited" -gt 24000 ]; then echo "bench-serve: no rebuild within 20 min" >&2; restore; stop_server; exit 1; fi
            if ! kill -0 "$(cat "$work/pid")" 2>/dev/null; then
                echo "bench-serve: serve died during edit $i (out of memory? see dmesg)" >&2
                echo "bench-serve: last peak memory seen (VmHWM): $(( $(cat "$work/hwm" 2>/dev/null || echo 0) / 1024 )) MiB" >&2
                status=1; break 2
            fi
        done
        t1=$(date +%s.%N)
        printf 'edit %d: %s ms from save to "rendered" (%s)\n' "$i" \
            "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", (b - a) * 1000 }')" \
            "$(grep -o 'rendered [0-9]* files in [0-9]* ms' "$work/stderr" | tail -n1)"
        sleep 1
    done
    restore
    sleep 1
    stop_server
fi
end=$(date +%s.%N)
sleep 1

ready="$(awk '/serving the site at/ { print $1; exit }' "$work/stderr" 2>/dev/null || true)"
if [ -n "$ready" ]; then
    echo "bench-serve: first build (start to \"serving the site at\"): $(awk -v a="$start" -v b="$ready" 'BEGIN { printf "%.1f", b - a }') s"
fi
# Rebuilds after the first build (lines logged after the address was printed).
rebuilds="$(awk -v t="${ready:-0}" '$1 > t' "$work/stderr" 2>/dev/null | grep -o 'rendered [0-9]* files in [0-9]* ms' || true)"
if [ -n "$rebuilds" ]; then
    echo "bench-serve: serve's own rebuild times, ms (files rendered per rebuild: $(awk '{ print $2 }' <<<"$rebuilds" | sort -n | uniq | tr '\n' ' '| sed 's/ $//')):"
    awk '{ print $5 }' <<<"$rebuilds" | sort -n | awk '{ a[NR] = $1 } END { if (NR) printf "  median %d, min %d, max %d over %d rebuilds\n", a[int((NR + 1) / 2)], a[1], a[NR], NR }'
fi
if [ -s "$work/hwm" ]; then
    echo "bench-serve: serve peak memory (VmHWM): $(( $(cat "$work/hwm") / 1024 )) MiB"
fi
echo "bench-serve: whole run (first build, $edits edits) $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s"
exit "$status"
