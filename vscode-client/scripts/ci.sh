#!/usr/bin/env bash
# What CI runs for the VS Code extension: build the .vsix, run the unit tests, run the end-to-end
# test. Prints "N passed, M failed" last (unit tests and end-to-end checks together) and exits
# non-zero when anything failed.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
passed=0
failed=0
t0=$(date +%s)

echo "=== build the .vsix"
if bash scripts/build.sh; then
  passed=$((passed + 1)); echo "ok   the .vsix builds"
else
  failed=$((failed + 1)); echo "FAIL the .vsix builds"
  echo "$passed passed, $failed failed"
  exit 1
fi
t1=$(date +%s)

echo "=== unit tests (node --test)"
unit_log="$(mktemp)"
npm test --silent 2>&1 | tee "$unit_log" | grep -E '^(not ok|# (tests|pass|fail))' || true
unit_pass="$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$unit_log" | tail -1)"
unit_fail="$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$unit_log" | tail -1)"
if [ -z "$unit_pass" ]; then
  echo "FAIL the unit tests did not run"; cat "$unit_log"; unit_pass=0; unit_fail=1
fi
passed=$((passed + unit_pass)); failed=$((failed + ${unit_fail:-0}))
rm -f "$unit_log"
t2=$(date +%s)

echo "=== end-to-end test (code-server + Chromium)"
e2e_log="$(mktemp)"
bash scripts/e2e.sh "$here/codesync.vsix" 2>&1 | tee "$e2e_log"
e2e_rc=${PIPESTATUS[0]}
summary="$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed$' "$e2e_log" | tail -1)"
rm -f "$e2e_log"
if [ -n "$summary" ]; then
  passed=$((passed + $(echo "$summary" | sed -E 's/^e2e: ([0-9]+) passed.*/\1/')))
  failed=$((failed + $(echo "$summary" | sed -E 's/.* ([0-9]+) failed$/\1/')))
fi
if [ "$e2e_rc" != 0 ] && { [ -z "$summary" ] || [ "$failed" = 0 ]; }; then
  failed=$((failed + 1)); echo "FAIL the end-to-end test (exit $e2e_rc)"
fi
t3=$(date +%s)

echo "times: build $((t1 - t0)) s, unit $((t2 - t1)) s, e2e $((t3 - t2)) s"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
