#!/usr/bin/env bash
# Cross-checks the emulated SCM against Wine's services.exe on the rule Wine implements: a service
# that calls StartServiceCtrlDispatcher after ServicesPipeTimeout fails with 1053, one that calls it
# before runs. The same delays run under Wine (a mingw-w64 service, Tests/EndToEnd/wine) and under
# `punctual simulate --manager scm` (punctual demo-app --scm); outcomes must agree and failures must
# come at the same time (within 1.5 s). Ends with "N passed, N failed".
#
# WINEPREFIX: the Wine prefix, kept between runs (default ~/.cache/punctual-wine-prefix), made when
# missing; the checks start once its service manager is ready (WINE_READY_TIMEOUT, default 120 s).
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/scripts/lib/wine-prefix.sh"
binary=${PUNCTUAL_BIN:-$("$here/scripts/build-static.sh")}
if ! command -v wine >/dev/null || ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q wine wine64 gcc-mingw-w64-x86-64 >/dev/null
fi
work=$(mktemp -d)
export WINEPREFIX=${WINEPREFIX:-$HOME/.cache/punctual-wine-prefix} WINEARCH=win64 WINEDLLOVERRIDES="mscoree,mshtml="
export WINEDEBUG=-all,err+sc
unset DISPLAY WAYLAND_DISPLAY
# Wine's server lives under /run/user/UID when that exists: make it exist before the first wine
# command, or a second server may start on the same prefix.
mkdir -p "/run/user/$(id -u)" && chmod 700 "/run/user/$(id -u)"
trap 'wineserver -k 2>/dev/null; rm -rf "$work"' EXIT

x86_64-w64-mingw32-gcc -O2 -Wall -municode -o "$work/connect-probe.exe" \
  "$here/Tests/EndToEnd/wine/connect-probe-service.c" -ladvapi32 || { echo "0 passed, 1 failed"; exit 1; }
# A prefix whose service manager never becomes ready is one failure, its cause named.
wine_prefix_start "$work" || { echo "0 passed, 1 failed"; exit 1; }
# Wine reads ServicesPipeTimeout as REG_SZ, and only when services.exe starts: set it, then restart.
wine reg add 'HKLM\SYSTEM\CurrentControlSet\Control' /v ServicesPipeTimeout /t REG_SZ /d 5000 /f >/dev/null 2>&1
wine_prefix_restart "restarted to read ServicesPipeTimeout" || { echo "0 passed, 1 failed"; exit 1; }
exe="Z:${work//\//\\}\\connect-probe.exe"
now_ms() { date +%s%3N; }

pass=0
fail=0
for delay in 2000 8000; do
  name="PunctualProbe$delay"
  wine sc create "$name" binPath= "$exe $name $delay" >/dev/null 2>&1
  t0=$(now_ms)
  out=$(wine sc start "$name" 2>&1)
  rc=$?
  elapsed=$(( $(now_ms) - t0 ))
  if [ $rc = 0 ]; then
    wine_outcome=running
  else
    code=$(sed -n 's/.*failed to start service \([0-9]*\).*/\1/p' <<<"$out" | head -1)
    wine_outcome="error-${code:-unknown}"
  fi
  wine sc stop "$name" >/dev/null 2>&1
  sleep 1
  wine sc delete "$name" >/dev/null 2>&1

  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  json=$("$binary" simulate --manager scm --pipe-timeout 5s --format json -- \
    "$binary" demo-app --scm --port "$port" --init-seconds "$(( delay / 1000 ))" 2>/dev/null)
  read -r emulated_outcome emulated_ms < <(python3 -c '
import json, sys
r = json.load(sys.stdin)
v = r["verdict"]
errors = [e["at"] for e in r["timeline"] if e["kind"] == "error"]
ready = [e["at"] for e in r["timeline"] if e["kind"] == "ready"]
if v["succeeded"]:
    print("running", int(ready[0] * 1000) if ready else 0)
else:
    print("error-%s" % v["code"], int(errors[0] * 1000) if errors else 0)
' <<<"$json")

  close=yes
  if [ "$wine_outcome" != running ]; then
    difference=$(( elapsed - emulated_ms )); difference=${difference#-}
    [ "$difference" -le 1500 ] || close=no
  fi
  if [ "$wine_outcome" = "$emulated_outcome" ] && [ "$close" = yes ]; then
    pass=$((pass + 1)); echo "PASS connect after ${delay}ms, pipe timeout 5s: Wine $wine_outcome at ${elapsed}ms, emulator $emulated_outcome at ${emulated_ms}ms"
  else
    fail=$((fail + 1)); echo "FAIL connect after ${delay}ms, pipe timeout 5s: Wine $wine_outcome at ${elapsed}ms, emulator $emulated_outcome at ${emulated_ms}ms"
  fi
done
wine reg delete 'HKLM\SYSTEM\CurrentControlSet\Control' /v ServicesPipeTimeout /f >/dev/null 2>&1
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
