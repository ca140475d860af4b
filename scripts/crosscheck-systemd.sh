#!/usr/bin/env bash
# Cross-checks the emulated systemd against the real one: every scenario of
# Tests/EndToEnd/crosscheck/systemd-scenarios.txt runs under systemd 252 in systemd-nspawn and under
# `punctual simulate --manager systemd`; both must give the same Result and agree on whether the unit
# became active. Ends with "N passed, N failed".
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
suite_source="$here/Tests/EndToEnd/crosscheck"
binary=${PUNCTUAL_BIN:-$("$here/scripts/build-static.sh")}
suite=$(mktemp -d)
trap 'rm -rf "$suite"' EXIT
mkdir -p "$suite/units"

scenarios=()
while IFS='|' read -r name start stop watchdog after command; do
  [ -n "$name" ] && [ "${name#\#}" = "$name" ] || continue
  scenarios+=("$name|$start|$stop|$watchdog|$after|$command")
  {
    echo "[Service]"
    echo "Type=notify"
    echo "TimeoutStartSec=$start"
    echo "TimeoutStopSec=$stop"
    [ "$watchdog" = 0 ] || echo "WatchdogSec=$watchdog"
    echo "ExecStart=${command//PUNCTUAL//opt/under-test/punctual}"
  } >"$suite/units/crosscheck-$name.service"
done <"$suite_source/systemd-scenarios.txt"
install -m 755 "$suite_source/run-tests.sh" "$suite/run-tests.sh"
cp "$suite_source/systemd-scenarios.txt" "$suite/systemd-scenarios.txt"

real=$(PUNCTUAL_BIN="$binary" "$here/scripts/systemd-e2e.sh" "$suite" || true)

pass=0
fail=0
for scenario in "${scenarios[@]}"; do
  IFS='|' read -r name start stop watchdog after command <<<"$scenario"
  flags=(--timeout-start "${start}s" --timeout-stop "${stop}s")
  [ "$watchdog" = 0 ] || flags+=(--watchdog "${watchdog}s")
  [ -z "$after" ] || flags+=(--stop-after "${after}s")
  read -r -a argv <<<"${command//PUNCTUAL/$binary}"
  json=$("$binary" simulate --manager systemd "${flags[@]}" --format json -- "${argv[@]}" 2>/dev/null || true)
  emulated=$(python3 -c 'import json,sys; r=json.load(sys.stdin); v=r["verdict"]; a=any(e["kind"]=="ready" for e in r["timeline"]); print("result=%s active=%s" % (v["code"], "yes" if a else "no"))' <<<"$json")
  actual=$(sed -n "s/^RESULT $name //p" <<<"$real")
  if [ -n "$actual" ] && [ "$actual" = "$emulated" ]; then
    pass=$((pass + 1)); echo "PASS $name: systemd $actual, emulator $emulated"
  else
    fail=$((fail + 1)); echo "FAIL $name: systemd ${actual:-no result}, emulator $emulated"
  fi
done
if [ "$fail" -gt 0 ]; then echo "$real" | tail -70; fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
