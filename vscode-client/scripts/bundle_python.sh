#!/usr/bin/env bash
# Fill bundled/ with what the extension ships besides its JavaScript:
#   bundled/libs/       the codesync server (built from this checkout) and its pure-Python
#                       dependencies, pinned in bundled/requirements.txt
#   bundled/knowledge/  the shipped API history (knowledge/api, recipes.toml, libraries.toml)
#                       and the model adapter (knowledge/model)
# Needs a Python >= 3.10 with pip (PYTHON, default python3). Touches nothing outside vscode-client/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$here/.." && pwd)"
python="${PYTHON:-python3}"
libs="$here/bundled/libs"
knowledge="$here/bundled/knowledge"

"$python" - <<'EOF'
import sys
if sys.version_info < (3, 10):
    sys.exit(f"bundle_python.sh needs Python >= 3.10, found {sys.version.split()[0]}")
EOF

pip_install() {
  PIP_DISABLE_PIP_VERSION_CHECK=1 "$python" -m pip install --quiet --no-compile --no-deps \
    --upgrade --target "$libs" "$@" 2> >(grep -v -e "is ignored: it is neither" -e "as the 'root' user" >&2)
}

rm -rf "$libs" "$knowledge"
mkdir -p "$libs" "$knowledge"

# 1. the pure-Python dependencies, as py3-none-any wheels usable by Python 3.10+
pip_install --only-binary=:all: --implementation py --python-version 3.10 \
  -r "$here/bundled/requirements.txt"

# 2. the server itself, built from a copy of the project so the checkout gets no build/ or
#    *.egg-info folders
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp "$repo/pyproject.toml" "$stage/"
[ -f "$repo/README.md" ] && cp "$repo/README.md" "$stage/"
[ -f "$repo/LICENSE" ] && cp "$repo/LICENSE" "$stage/"
mkdir -p "$stage/server"
(cd "$repo/server" && tar --exclude=__pycache__ --exclude='*.egg-info' -cf - .) | (cd "$stage/server" && tar -xf -)
# without build isolation when this Python can build the wheel itself (offline, faster)
if ! pip_install --no-build-isolation "$stage" 2>/dev/null; then
  pip_install "$stage"
fi
if [ ! -f "$libs/codesync/lsp/server.py" ]; then
  echo "bundle_python.sh: warning: server/codesync/lsp/server.py is missing; the bundled server cannot serve yet" >&2
fi

# 3. the shipped knowledge (the server finds it through CODESYNC_KNOWLEDGE=bundled/knowledge/api)
(cd "$repo/knowledge" && tar --exclude='*.db' --exclude='*.db-*' -cf - api recipes.toml libraries.toml) \
  | (cd "$knowledge" && tar -xf -)
# the update-tuned adapter for model rewrites (about 3 MB), beside the knowledge as in a checkout
if [ -d "$repo/knowledge/model" ]; then
  cp -r "$repo/knowledge/model" "$knowledge/model"
fi

find "$libs" -name __pycache__ -type d -prune -exec rm -rf {} +
rm -rf "$libs/bin"
echo "bundled: $(du -sh "$libs" | cut -f1) of Python libraries, $(du -sh "$knowledge" | cut -f1) of knowledge" >&2
