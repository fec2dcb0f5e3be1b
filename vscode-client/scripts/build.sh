#!/usr/bin/env bash
# Build the extension from a clean checkout: vscode-client/codesync.vsix.
#   npm packages from package-lock.json (npm ci), the server and its pure-Python dependencies
#   and the knowledge into bundled/ (scripts/bundle_python.sh), type check, esbuild bundle,
#   vsce package.
# Needs node >= 20 with npm, and python3 >= 3.10 with pip.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
# npm ci unless node_modules already matches package-lock.json (a rebuild in a work tree)
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent package
ls -l "$here/codesync.vsix" >&2
