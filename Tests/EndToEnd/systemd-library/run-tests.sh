#!/bin/bash
# Runs inside the container, under a real systemd as PID 1: the library example, installed with the
# unit shipped in Examples/HummingbirdSlowStart/deploy. Writes its report to /results/result.txt
# and ends it with "SUMMARY N passed, N failed".
exec >/results/result.txt 2>&1
pass=0; fail=0
check() { if [ "$2" = ok ]; then pass=$((pass+1)); echo "PASS $1"; else fail=$((fail+1)); echo "FAIL $1"; fi; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
prop() { systemctl show -P "$2" "$1"; }
# GET PORT PATH: prints the status code of an HTTP GET on loopback, or "closed".
get() {
  local answer
  answer=$(timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1 && printf 'GET $2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >&3 && head -c 200 <&3" 2>/dev/null) \
    || { echo closed; return; }
  set -- $answer; echo "${2:-closed}"
}
systemctl is-system-running --wait >/dev/null
sed 's#/usr/local/bin/slow-start-example#/opt/under-test/slow-start-example#' \
  /usr/local/bin/slow-start-example.service >/run/systemd/system/slow-start-example.service
systemctl daemon-reload

# 1. A 10 s initialisation (6 s before ready) under TimeoutStartSec=3 becomes active, and only once
#    its port answers: a sampler records any moment the unit is active while port 8080 is closed.
( for _ in $(seq 1 400); do
    st=$(prop slow-start-example ActiveState); port=$(get 8080 /)
    echo "$st $port" >>/tmp/samples; [ "$st" = active ] && break; sleep 0.05
  done ) &
sampler=$!
t0=$(now_ms); systemctl start slow-start-example.service; rc=$?; ms=$(( $(now_ms) - t0 ))
wait $sampler
st=$(prop slow-start-example ActiveState)
[ $rc = 0 ] && [ "$st" = active ] && [ $ms -ge 6000 ] && [ $ms -le 9000 ] && r=ok || r=bad
check "active after $ms ms (core phase 6 s) although TimeoutStartSec=3 (rc=$rc, state=$st)" $r
early=$(grep -c '^active closed' /tmp/samples); activating=$(grep -c '^activating' /tmp/samples)
[ "$early" = 0 ] && [ "$activating" -ge 20 ] && r=ok || r=bad
check "never active while port 8080 was closed ($early samples); activating in $activating samples" $r
code=$(get 8080 /); [ "$code" = 200 ] && r=ok || r=bad
check "port 8080 answers $code as soon as systemctl start returns" $r
status=$(prop slow-start-example StatusText)
case "$status" in "ready after "*) r=ok ;; *) r=bad ;; esac
check "StatusText says it is ready: $status" $r
for path in /readyz /startupz /livez; do
  code=$(get 8081 "$path"); [ "$code" = 200 ] && r=ok || r=bad
  check "health port 8081 $path answers $code" $r
done
code=$(get 8080 /readyz); [ "$code" = 200 ] && r=ok || r=bad
check "the application's port serves /readyz too: $code" $r

# 2. While the 4 s background phase runs and after it, the watchdog (WatchdogSec=10) is fed.
w1=$(prop slow-start-example WatchdogTimestampMonotonic); sleep 7
w2=$(prop slow-start-example WatchdogTimestampMonotonic)
st=$(prop slow-start-example ActiveState)
[ "$st" = active ] && [ "${w2:-0}" -gt "${w1:-0}" ] && r=ok || r=bad
check "still $st 7 s later, watchdog fed (timestamp $w1 -> $w2)" $r
journalctl -b --no-pager -u slow-start-example | grep -q "load catalog extras" && r=ok || r=bad
check "the journal names the background phase" $r

# 3. systemctl stop: /readyz fails at once, the group stops gracefully well within TimeoutStopSec=12.
( for _ in $(seq 1 100); do code=$(get 8081 /readyz); echo "$code" >>/tmp/readyz; [ "$code" = closed ] && break; sleep 0.02; done ) &
sampler=$!
t0=$(now_ms); systemctl stop slow-start-example.service; ms=$(( $(now_ms) - t0 ))
wait $sampler
res=$(prop slow-start-example Result); code=$(prop slow-start-example ExecMainStatus)
[ "$res" = success ] && [ "$code" = 0 ] && [ $ms -lt 12000 ] && r=ok || r=bad
check "stopped in $ms ms (TimeoutStopSec=12), Result=$res, exit status $code" $r
journalctl -b --no-pager -u slow-start-example _PID=1 | grep -qiE "timed out|SIGKILL|Killing" && r=bad || r=ok
check "systemd logged no timeout and no kill" $r

# 4. The control: with its notify socket hidden, the same service is killed by TimeoutStartSec=3.
t0=$(now_ms); systemctl start slow-start-hidden.service; rc=$?; ms=$(( $(now_ms) - t0 ))
res=$(prop slow-start-hidden Result)
[ $rc != 0 ] && [ "$res" = timeout ] && [ $ms -lt 6000 ] && r=ok || r=bad
check "control, notify socket hidden: Result=$res after $ms ms" $r

echo "--- readiness samples during stop: $(tr '\n' ' ' </tmp/readyz)"
journalctl -b --no-pager -o short-precise -u slow-start-example -u slow-start-hidden | tail -60
echo "SUMMARY $pass passed, $fail failed"
