#!/usr/bin/env bash
# End-to-end test of the extension in a real VS Code: code-server (npm) on 127.0.0.1, driven by
# playwright-core in Debian's Chromium.
#
#   vscode-client/scripts/e2e.sh [path/to/codesync.vsix]     (default: vscode-client/codesync.vsix,
#                                                              built first when missing)
#
# Installs what it needs, idempotently: Debian packages (chromium, ripgrep, libkrb5-dev, build
# tools), code-server pinned by e2e/code-server/package-lock.json into a cache folder outside the
# repository ($CODESYNC_E2E_CACHE, default ~/.cache/codesync-e2e), and the extension's npm
# packages (playwright-core). Screenshots and logs go to vscode-client/test-results/.
# code-server and Chromium are stopped on exit, failure included. Exits non-zero on failure and
# prints "e2e: N passed, M failed" last (after "e2e: K skipped" when checks were skipped: the
# model's quick fix is skipped when the server's interpreter cannot import llama_cpp).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results="$here/test-results"
vsix="${1:-$here/codesync.vsix}"
cache="${CODESYNC_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/codesync-e2e}"
code_server_lock="$here/e2e/code-server/package-lock.json"
code_server_version="$(node -p "require('$here/e2e/code-server/package.json').dependencies['code-server']")"
# @vscode/ripgrep, as pinned by that code-server, downloads rg from outside the package registries;
# it takes a tarball from its cache folder instead, which we fill with Debian's rg.
ripgrep_package="1.15.11"
ripgrep_release="v13.0.0-10"

started=$(date +%s)
say() { echo "[e2e $(( $(date +%s) - started ))s] $*" >&2; }
passed=0
failed=0
skipped=0
result() { # name ok|fail
  if [ "$2" = ok ]; then passed=$((passed + 1)); echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi
}

# --- Debian packages ------------------------------------------------------------------------
missing=()
command -v chromium >/dev/null || [ -x /usr/lib/chromium/chromium ] || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v make >/dev/null || missing+=(make)
command -v g++ >/dev/null || missing+=(g++)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then echo "e2e.sh: needs root to install ${missing[*]}" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
chromium_bin=/usr/lib/chromium/chromium
[ -x "$chromium_bin" ] || chromium_bin="$(command -v chromium)"

# --- code-server ----------------------------------------------------------------------------
cs_dir="$cache/code-server-$code_server_version"
cs_entry="$cs_dir/node_modules/code-server/out/node/entry.js"
stamp="$(sha256sum "$code_server_lock" | cut -c1-16)"
if [ ! -f "$cs_entry" ] || [ "$(cat "$cs_dir/.installed" 2>/dev/null)" != "$stamp" ]; then
  say "installing code-server $code_server_version into $cs_dir"
  case "$(uname -m)" in
    x86_64) triple=x86_64-unknown-linux-musl ;;
    aarch64|arm64) triple=aarch64-unknown-linux-musl ;;
    *) echo "e2e.sh: no ripgrep workaround for $(uname -m)" >&2; exit 1 ;;
  esac
  rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$ripgrep_package"
  rg_tar="$rg_cache/ripgrep-$ripgrep_release-$triple.tar.gz"
  if [ ! -s "$rg_tar" ]; then
    rg_stage="$(mktemp -d)"
    cp "$(command -v rg)" "$rg_stage/rg"
    mkdir -p "$rg_cache"
    tar -czf "$rg_tar" -C "$rg_stage" rg
    rm -rf "$rg_stage"
  fi
  rm -rf "$cs_dir"
  mkdir -p "$cs_dir"
  cp "$here/e2e/code-server/package.json" "$code_server_lock" "$cs_dir/"
  (cd "$cs_dir" && npm_config_yes=true npm_config_unsafe_perm=true \
     npm ci --no-audit --no-fund --loglevel=error 2>&1 | grep -v -e "install-scripts" -e "unsafe-perm" >&2 || true)
  [ -f "$cs_dir/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] \
    || { echo "e2e.sh: code-server did not install (no ripgrep in lib/vscode)" >&2; exit 1; }
  echo "$stamp" > "$cs_dir/.installed"
fi

# --- the extension and the driver's npm packages ---------------------------------------------
if [ ! -f "$here/node_modules/playwright-core/package.json" ]; then
  say "installing the extension's npm packages"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ ! -f "$vsix" ]; then
  say "building $vsix"
  bash "$here/scripts/build.sh"
fi

# --- a workspace whose environment has pandas 2.0.0, code written for 1.5.3 ------------------
tmp="$(mktemp -d "${TMPDIR:-/tmp}/codesync-e2e.XXXXXX")"
cs_pid=""
driver_pid=""
stop_group() { # pid: TERM its process group, wait for it, then KILL
  local pid="$1"
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  stop_group "$driver_pid"
  stop_group "$cs_pid"
  [ -n "${E2E_KEEP:-}" ] && echo "e2e.sh: kept $tmp" >&2 || rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rm -rf "$results"
mkdir -p "$results"

# --- a workspace: code written for pandas 1.5.3; .venv has pandas 2.0.0, .venv-old 1.5.3 ------
python_bin="$(command -v python3)"
[ -x /usr/bin/python3 ] && python_bin=/usr/bin/python3
make_venv() { # folder pandas-version
  local site="$1/lib/python3.11/site-packages/pandas-$2.dist-info"
  mkdir -p "$1/bin" "$site"
  ln -s "$python_bin" "$1/bin/python"
  printf 'home = %s\ninclude-system-site-packages = false\n' "$(dirname "$python_bin")" > "$1/pyvenv.cfg"
  printf 'Metadata-Version: 2.1\nName: pandas\nVersion: %s\n' "$2" > "$site/METADATA"
  printf 'pandas\n' > "$site/top_level.txt"
}
make_workspace() { # folder
  mkdir -p "$1"
  make_venv "$1/.venv" 2.0.0
  make_venv "$1/.venv-old" 1.5.3
  printf '[project]\nname = "stale"\nversion = "0"\n\n[tool.codesync]\nbaseline = { pandas = "1.5.3" }\n' > "$1/pyproject.toml"
  printf 'import pandas as pd\ndf = pd.DataFrame({"a": [1]})\ndf = df.append(df)\n' > "$1/main.py"
}
user_settings='{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "chat.commandCenter.enabled": false,
  "editor.minimap.enabled": false,
  "window.commandCenter": false,
  "files.autoSave": "off",
  "workbench.colorTheme": "Default Light Modern",
  "codesync.trace.server": "messages"
}'

# --- one code-server session per scenario -----------------------------------------------------
run_scenario() { # name vsix...
  local name="$1"; shift
  local dir="$tmp/$name"
  local workspace="$dir/workspace"
  mkdir -p "$dir/user-data/User" "$dir/extensions" "$dir/config" "$dir/data"
  make_workspace "$workspace"
  printf '%s\n' "$user_settings" > "$dir/user-data/User/settings.json"
  local cs_env=(env -u VIRTUAL_ENV -u CODESYNC_KNOWLEDGE -u CODESYNC_MODEL_DIR XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/data"
                CODESYNC_CACHE="$dir/codesync-cache")
  local cs_args=(--user-data-dir "$dir/user-data" --extensions-dir "$dir/extensions")
  local prefix=""
  [ "$name" = default ] || prefix="[$name] "

  local package
  for package in "$@"; do
    say "${prefix}installing $(basename "$package")"
    if ! "${cs_env[@]}" node "$cs_entry" "${cs_args[@]}" --install-extension "$package" >> "$results/$name-install.log" 2>&1; then
      result "${prefix}code-server --install-extension $(basename "$package")" fail
      cat "$results/$name-install.log" >&2
      return 0
    fi
  done
  if ls "$dir/extensions" | grep -q '^codesync\.codesync-'; then
    result "${prefix}code-server --install-extension installs the .vsix" ok
  else
    result "${prefix}code-server --install-extension installs the .vsix" fail
    cat "$results/$name-install.log" >&2
    return 0
  fi
  # The .vsix ships no LoRA adapter (bundled/knowledge/model), and the base model alone proves
  # none of the structural cases (docs/model.md): the model's quick fix uses this checkout's.
  local adapter_dir="$here/../knowledge/model"
  if ! ls "$dir"/extensions/codesync.codesync-*/bundled/knowledge/model/codesync-lora.gguf >/dev/null 2>&1 \
     && [ -f "$adapter_dir/codesync-lora.gguf" ]; then
    cs_env+=(CODESYNC_MODEL_DIR="$(cd "$adapter_dir" && pwd)")
  fi

  local port
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  say "${prefix}starting code-server on 127.0.0.1:$port"
  set -m  # background jobs get their own process groups, which stop_group ends as a whole
  "${cs_env[@]}" node "$cs_entry" "${cs_args[@]}" --bind-addr "127.0.0.1:$port" --auth none \
    --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
    --disable-proxy "$workspace" > "$results/$name-code-server.log" 2>&1 &
  cs_pid=$!
  say "${prefix}driving VS Code in Chromium"
  CODE_SERVER_URL="http://127.0.0.1:$port" WORKSPACE="$workspace" RESULTS="$results" CHROMIUM="$chromium_bin" \
    SCENARIO="$name" USER_DATA="$dir/user-data" timeout 300 node "$here/e2e/run.mjs" > "$results/$name-driver.log" 2>&1 &
  driver_pid=$!
  set +m
  local driver_rc=0
  wait "$driver_pid" || driver_rc=$?
  driver_pid=""
  grep -v '^e2e: ' "$results/$name-driver.log" || true
  local summary before_failed=$failed
  summary="$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed$' "$results/$name-driver.log" | tail -1 || true)"
  if [ -n "$summary" ]; then
    passed=$((passed + $(echo "$summary" | sed -E 's/^e2e: ([0-9]+) passed.*/\1/')))
    failed=$((failed + $(echo "$summary" | sed -E 's/.* ([0-9]+) failed$/\1/')))
  fi
  local skips
  skips="$(sed -nE 's/^e2e: ([0-9]+) skipped$/\1/p' "$results/$name-driver.log" | tail -1)"
  skipped=$((skipped + ${skips:-0}))
  if [ "$driver_rc" != 0 ] && [ "$failed" = "$before_failed" ]; then
    result "${prefix}the driver finished (exit $driver_rc)" fail
  fi
  stop_group "$cs_pid"
  cs_pid=""
  mkdir -p "$results/logs/$name"
  find "$dir/user-data/logs" -type f \( -name 'codesync.log' -o -name 'remoteexthost.log' -o -name 'exthost.log' -o -name 'remoteagent.log' \) \
    -exec cp --backup=numbered {} "$results/logs/$name/" \; 2>/dev/null || true
  if [ "$failed" != "$before_failed" ]; then
    echo "--- $name-code-server.log (tail) ---" >&2
    tail -n 30 "$results/$name-code-server.log" >&2 || true
  fi
}

# the test double of the Python extension, packaged like any extension
fake_dir="$tmp/fake-python"
mkdir -p "$fake_dir"
cp "$here/e2e/fake-python/package.json" "$here/e2e/fake-python/extension.js" "$here/e2e/fake-python/README.md" \
   "$here/LICENSE" "$fake_dir/"
if ! (cd "$fake_dir" && "$here/node_modules/.bin/vsce" package --no-dependencies --allow-missing-repository \
        -o "$tmp/fake-python.vsix" > "$results/fake-python-package.log" 2>&1); then
  cat "$results/fake-python-package.log" >&2
  echo "e2e.sh: could not package the fake Python extension" >&2
  exit 1
fi

# E2E_SCENARIOS picks some (e.g. "default no-server") while working on one
scenarios="${E2E_SCENARIOS:-default python-extension no-server}"
for scenario in $scenarios; do
  case "$scenario" in
    default) run_scenario default "$vsix" ;;
    python-extension) run_scenario python-extension "$tmp/fake-python.vsix" "$vsix" ;;
    no-server) run_scenario no-server "$vsix" ;;
    *) result "unknown scenario $scenario" fail ;;
  esac
done

if [ -n "${E2E_UPDATE_SCREENSHOT:-}" ] && [ "$failed" = 0 ] && [ -f "$results/quickfix.png" ]; then
  cp "$results/quickfix.png" "$here/images/screenshot.png"
  say "README screenshot updated: images/screenshot.png"
fi
say "done; artifacts in $results"
[ "$skipped" = 0 ] || echo "e2e: $skipped skipped"
echo "e2e: $passed passed, $failed failed"
[ "$failed" = 0 ]
