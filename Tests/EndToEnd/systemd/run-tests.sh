#!/bin/sh
# Runs inside the container, under a real systemd as PID 1. Writes its report to /results/result.txt
# and ends it with "SUMMARY N passed, N failed".
exec >/results/result.txt 2>&1
pass=0; fail=0
check() { if [ "$2" = ok ]; then pass=$((pass+1)); echo "PASS $1"; else fail=$((fail+1)); echo "FAIL $1"; fi; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
prop() { systemctl show -P "$2" "$1"; }
systemctl is-system-running --wait >/dev/null

# 1. A 12 s start under TimeoutStartSec=4 becomes active through punctual, only once the port answers.
t0=$(now_ms); systemctl start wrapped-slow-start.service; rc=$?; ms=$(( $(now_ms) - t0 ))
st=$(prop wrapped-slow-start ActiveState)
[ $rc = 0 ] && [ "$st" = active ] && [ $ms -ge 12000 ] && r=ok || r=bad
check "wrapped: active after $ms ms although TimeoutStartSec=4 (rc=$rc, state=$st)" $r
status=$(prop wrapped-slow-start StatusText)
case "$status" in "ready after "*"tcp:127.0.0.1:8081 (connected)"*) r=ok ;; *) r=bad ;; esac
check "wrapped: StatusText says what made it ready: $status" $r
systemctl stop wrapped-slow-start.service
res=$(prop wrapped-slow-start Result)
[ "$res" = success ] && r=ok || r=bad
check "wrapped: stopped with Result=$res" $r

# 2. The same child without punctual is killed by the start timeout.
t0=$(now_ms); systemctl start bare-slow-start.service; rc=$?; ms=$(( $(now_ms) - t0 ))
res=$(prop bare-slow-start Result)
[ $rc != 0 ] && [ "$res" = timeout ] && [ $ms -lt 8000 ] && r=ok || r=bad
check "bare: Result=$res after $ms ms" $r

# 3. A start that hangs past --startup-budget 6s fails within budget + 1 s, saying why.
t0=$(now_ms); systemctl start hung-start.service; rc=$?; ms=$(( $(now_ms) - t0 ))
res=$(prop hung-start Result); code=$(prop hung-start ExecMainStatus); status=$(prop hung-start StatusText)
[ $rc != 0 ] && [ $ms -ge 6000 ] && [ $ms -le 7000 ] && [ "$code" = 124 ] && r=ok || r=bad
check "hung: failed after $ms ms (budget 6000), Result=$res, exit status $code" $r
case "$status" in *"startup budget of 6s exceeded"*"tcp:127.0.0.1:8083 (connection refused)"*) r=ok ;; *) r=bad ;; esac
check "hung: StatusText gives the reason: $status" $r
journalctl -b --no-pager -u hung-start | grep -q "startup budget of 6s exceeded" && r=ok || r=bad
check "hung: the journal has the reason" $r
left=0
for f in /proc/[0-9]*/cmdline; do tr '\0' ' ' <"$f" 2>/dev/null | grep -q '^/bin/sleep infinity' && left=$((left+1)); done
[ $left = 0 ] && r=ok || r=bad
check "hung: no process of the child's tree is left ($left)" $r

# 4. A child that needs 8 s to stop, under TimeoutStopSec=4, stops cleanly.
systemctl start slow-stop.service
t0=$(now_ms); systemctl stop slow-stop.service; ms=$(( $(now_ms) - t0 ))
res=$(prop slow-stop Result); code=$(prop slow-stop ExecMainStatus)
[ "$res" = success ] && [ "$code" = 0 ] && [ $ms -ge 8000 ] && r=ok || r=bad
check "slow stop: took $ms ms under TimeoutStopSec=4, Result=$res, exit status $code" $r
journalctl -b --no-pager -u slow-stop | grep -q "demo-app: stopped cleanly" && r=ok || r=bad
check "slow stop: the child finished its own stop" $r
journalctl -b --no-pager -u slow-stop _PID=1 | grep -qiE "timed out|SIGKILL|Killing" && r=bad || r=ok
check "slow stop: systemd logged no timeout and no kill" $r

# 5. WatchdogSec=2: the unit stays up for 6 s on punctual's pings.
systemctl start watchdog.service; sleep 6
st=$(prop watchdog ActiveState); res=$(prop watchdog Result)
[ "$st" = active ] && [ "$res" = success ] && r=ok || r=bad
check "watchdog: still $st after 6 s with WatchdogSec=2 (Result=$res)" $r
systemctl stop watchdog.service
systemctl start watchdog-bare.service; sleep 6
res=$(prop watchdog-bare Result)
[ "$res" = watchdog ] && r=ok || r=bad
check "watchdog control: a child that never pings ends Result=$res" $r

# 6. A child that sends READY=1 itself, through punctual's socket; systemd hears punctual.
t0=$(now_ms); systemctl start notify-proxy.service; rc=$?; ms=$(( $(now_ms) - t0 ))
status=$(prop notify-proxy StatusText)
case "$status" in "ready after "*"notify (READY=1)"*) r=ok ;; *) r=bad ;; esac
[ $rc = 0 ] && [ $ms -ge 6000 ] || r=bad
check "notify proxy: active after $ms ms, StatusText: $status" $r
systemctl stop notify-proxy.service

# 7. After ready: a server that deadlocks is restarted; a healthy one is left alone for 20 s.
systemctl start healthy-watchdog.service; healthy_since=$(now_ms)
systemctl start hang-after-ready.service
restarts=0
for _ in $(seq 1 300); do
  restarts=$(prop hang-after-ready NRestarts); [ "$restarts" -ge 1 ] && break; sleep 0.1
done
[ "$restarts" -ge 1 ] && r=ok || r=bad
check "hung after ready: restarted by systemd (NRestarts=$restarts)" $r
journal=$(journalctl -b --no-pager -u hang-after-ready)
echo "$journal" | grep -q "failed: the liveness check 'http://127.0.0.1:8087/' failed" && r=ok || r=bad
check "hung after ready: the journal names the failing check" $r
echo "$journal" | grep -qE "Watchdog timeout|status=125" && r=ok || r=bad
check "hung after ready: systemd's Result is watchdog or punctual's exit 125 ($(echo "$journal" | grep -oE 'Failed with result .[a-z-]*.' | head -1))" $r
systemctl stop hang-after-ready.service
left=$(( 20000 - ($(now_ms) - healthy_since) )); [ $left -gt 0 ] && sleep $(( left / 1000 + 1 ))
st=$(prop healthy-watchdog ActiveState); restarts=$(prop healthy-watchdog NRestarts)
[ "$st" = active ] && [ "$restarts" = 0 ] && r=ok || r=bad
check "healthy: still $st with NRestarts=$restarts after 20 s under WatchdogSec=3" $r
systemctl stop healthy-watchdog.service

# 8. The budget reaches the wire: with a budget of 8 s, punctual frozen at 7 s is timed out by systemd
#    by 10 s (budget + the 2 s margin), not 10 s after its last extension.
t0=$(now_ms); systemctl start --no-block frozen-punctual.service
sleep 7; pid=$(prop frozen-punctual MainPID); kill -STOP "$pid"
for _ in $(seq 1 150); do [ "$(prop frozen-punctual ActiveState)" = activating ] || break; sleep 0.1; done
ms=$(( $(now_ms) - t0 )); res=$(prop frozen-punctual Result)
[ "$res" = timeout ] && [ $ms -le 10600 ] && r=ok || r=bad
check "frozen at 7 s with a budget of 8 s: systemd timed it out after $ms ms (Result=$res)" $r
kill -CONT "$pid" 2>/dev/null

# 9. punctual install from a service file: the unit systemd-analyze accepts, a 20 s start made
#    active through punctual's extensions under TimeoutStartSec=10s, a clean stop, a failing start
#    started again by Restart=on-failure, and uninstall leaving nothing.
punctual=/opt/under-test/punctual
$punctual check /usr/local/bin/install-api.toml >/results/check.txt 2>&1 && r=ok || r=bad
check "install: punctual check accepts the service file ($(tail -1 /results/check.txt))" $r
$punctual install install-api --config /usr/local/bin/install-api.toml >/results/install.txt 2>&1; rc=$?
unit=/etc/systemd/system/install-api.service
[ $rc = 0 ] && [ -f $unit ] && grep -q '^TimeoutStartSec=10s$' $unit && grep -q '^TimeoutStopSec=15s$' $unit && r=ok || r=bad
check "install: wrote $unit (rc=$rc: $(tr '\n' ' ' </results/install.txt))" $r
said=$(systemd-analyze verify $unit 2>&1); verified=$?
[ $verified = 0 ] && [ -z "$said" ] && r=ok || r=bad
check "install: systemd-analyze verify accepts the unit (exit $verified) ${said}" $r
[ "$(systemctl is-enabled install-api.service)" = enabled ] && r=ok || r=bad
check "install: the unit is enabled" $r
t0=$(now_ms); $punctual start install-api >/results/start.txt 2>&1; rc=$?; ms=$(( $(now_ms) - t0 ))
st=$(prop install-api ActiveState)
[ $rc = 0 ] && [ "$st" = active ] && [ $ms -ge 20000 ] && r=ok || r=bad
check "install: punctual start made it active after $ms ms under TimeoutStartSec=10s (rc=$rc, $st)" $r
status=$($punctual status install-api 2>&1)
echo "$status" | grep -q "punctual: ready after .*tcp:127.0.0.1:8091 (connected)" && echo "$status" | grep -q "^install-api: active (running), pid" && r=ok || r=bad
check "install: punctual status shows the state and punctual's line: $(echo "$status" | tr '\n' ' ')" $r
echo "$status" | grep -q "last starts, oldest first: ready in 20" && [ -f /var/lib/punctual/install-api/starts ] && r=ok || r=bad
check "install: the start is kept in the unit's StateDirectory and shown by status" $r
$punctual stop install-api >/dev/null 2>&1; rc=$?
res=$(prop install-api Result)
[ $rc = 0 ] && [ "$res" = success ] && r=ok || r=bad
check "install: punctual stop ends with Result=$res (rc=$rc)" $r
$punctual install install-fail --config /usr/local/bin/install-fail.toml >/dev/null 2>&1
systemctl start --no-block install-fail.service
restarts=0
for _ in $(seq 1 150); do
  restarts=$(prop install-fail NRestarts); [ "$restarts" -ge 1 ] && break; sleep 0.1
done
[ "$restarts" -ge 1 ] && r=ok || r=bad
check "install: a start that fails is started again by Restart=on-failure (NRestarts=$restarts, exit $(prop install-fail ExecMainStatus))" $r
$punctual uninstall install-fail >/dev/null 2>&1 && $punctual uninstall install-api >/results/uninstall.txt 2>&1; rc=$?
load=$(prop install-api LoadState)
left=0
for f in /proc/[0-9]*/cmdline; do tr '\0' ' ' <"$f" 2>/dev/null | grep -q 'demo-app --port 8091' && left=$((left+1)); done
[ $rc = 0 ] && [ ! -e $unit ] && [ ! -e /etc/systemd/system/install-fail.service ] && [ "$load" = not-found ] && [ $left = 0 ] && r=ok || r=bad
check "install: uninstall leaves no unit (LoadState=$load) and no process ($left)" $r

# 10. Socket activation passed on: install --socket writes web.socket; systemd listens, passes the
#     socket to punctual, and punctual to the program as descriptor 3 with LISTEN_PID its own.
$punctual install web --socket 127.0.0.1:8093 --ready http://127.0.0.1:8093/ -- \
  $punctual demo-app --port 1 --init-seconds 2 --stop-seconds 0.2 >/results/install-web.txt 2>&1; rc=$?
[ $rc = 0 ] && [ "$(systemctl is-active web.socket)" = active ] && [ "$(prop web ActiveState)" = inactive ] && r=ok || r=bad
check "socket: install --socket listens through web.socket before the service runs (rc=$rc)" $r
$punctual start web >/dev/null 2>&1; rc=$?
answer=$($punctual probe http://127.0.0.1:8093/ 2>&1); probed=$?
[ $rc = 0 ] && [ $probed = 0 ] && r=ok || r=bad
check "socket: the service became ready on the passed socket and answers: $answer" $r
journalctl -b --no-pager -u web | grep -q "demo-app: serving on the socket systemd passed (descriptor 3)" && r=ok || r=bad
check "socket: the program took descriptor 3 as its own (LISTEN_PID rewritten to its pid)" $r
$punctual uninstall web >/dev/null 2>&1; rc=$?
[ $rc = 0 ] && [ ! -e /etc/systemd/system/web.socket ] && [ "$(prop web.socket LoadState)" = not-found ] && r=ok || r=bad
check "socket: uninstall removes the service and its socket (rc=$rc)" $r

journalctl -b --no-pager -o short-precise -u wrapped-slow-start -u bare-slow-start -u hung-start -u slow-stop -u watchdog -u watchdog-bare -u notify-proxy -u hang-after-ready -u healthy-watchdog -u frozen-punctual -u install-api -u install-fail -u web -u web.socket | tail -120
echo "SUMMARY $pass passed, $fail failed"
