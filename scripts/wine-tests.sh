#!/usr/bin/env bash
# The Win32 glue (Sources/CPunctualWindows, Sources/CPunctualLogFile) under Wine's services.exe:
# built with mingw-w64 into a C driver that plays the Swift side's part through the glue's API
# (Tests/EndToEnd/wine/glue-driver.c). Install, start with moving checkpoints, RUNNING only after
# the child says it is ready, controls, STOP with one STOPPED and the exit code, the Job killing the
# tree when the wrapper dies, rotated logs across a restart, the command line `punctual install`
# writes, the Event Log, uninstall. PUNCTUAL_BIN: the punctual binary (default: built).
# Ends with "N passed, N failed"; exits non-zero unless every check passed.
#
# WINEPREFIX: the Wine prefix, kept between runs (default ~/.cache/punctual-wine-prefix), made when
# missing; the checks start once its service manager is ready (WINE_READY_TIMEOUT, default 120 s).
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/scripts/lib/wine-prefix.sh"
if ! command -v wine >/dev/null || ! command -v x86_64-w64-mingw32-gcc >/dev/null || ! command -v redis-server >/dev/null ||
  ! command -v openssl >/dev/null
then
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q wine wine64 gcc-mingw-w64-x86-64 redis-server openssl >/dev/null
fi
work=$(mktemp -d)
export WINEPREFIX=${WINEPREFIX:-$HOME/.cache/punctual-wine-prefix} WINEARCH=win64 WINEDLLOVERRIDES="mscoree,mshtml="
export WINEDEBUG=-all
unset DISPLAY WAYLAND_DISPLAY
# Wine's server lives under /run/user/UID when that exists: make it exist before the first wine
# command, or a second server may start on the same prefix.
mkdir -p "/run/user/$(id -u)" && chmod 700 "/run/user/$(id -u)"
trap 'wineserver -k 2>/dev/null; rm -rf "$work"' EXIT

pass=0; fail=0
check() { if [ "$2" = ok ]; then pass=$((pass+1)); echo "PASS $1"; else fail=$((fail+1)); echo "FAIL $1"; fi; }
finish() { echo "$pass passed, $fail failed"; [ "$fail" = 0 ]; exit; }

x86_64-w64-mingw32-gcc -std=c11 -O2 -Wall -Wextra -Werror -municode \
  -I "$here/Sources/CPunctualWindows/include" -I "$here/Sources/CPunctualLogFile/include" \
  -o "$work/glue-driver.exe" "$here/Tests/EndToEnd/wine/glue-driver.c" "$here"/Sources/CPunctualWindows/*.c \
  "$here/Sources/CPunctualLogFile/log_file.c" -ladvapi32 -lshell32 -lws2_32 -lsecur32 -lcrypt32
check "the glue and the driver build with mingw-w64, no warnings" "$([ -f "$work/glue-driver.exe" ] && echo ok)"
[ -f "$work/glue-driver.exe" ] || finish
# A prefix whose service manager never becomes ready is one failure, its cause named.
wine_prefix_start "$work" || { fail=$((fail+1)); finish; }

win() { echo "Z:${1//\//\\}"; }
driver=$(win "$work/glue-driver.exe")
run() { wine "$driver" "$@" 2>/dev/null | tr -d '\r'; }
# The driver's trace and the child's log, without Windows' carriage returns.
trace() { tr -d '\r' <"$work/trace.txt"; }
child_log() { tr -d '\r' <"$work/logs/child.log"; }
svc=PunctualGlue$$
service_command() {  # TAG EXTRA...: the service's command line, its trace and log in $work
  local tag=$1; shift
  echo "\"$driver\" service $svc --trace $(win "$work/trace.txt") --log $(win "$work/logs/child.log") --tag $tag --directory $(win "$work") $*"
}

# 1. Install through the glue: every setting lands, or is reported as not implemented by the SCM.
out=$(run install "$svc" "$(service_command A --lines 3000 --ready-ms 2000 --max-bytes 4096 --keep 100)")
unsupported=$(sed -n 's/^install error=0 unsupported=\([0-9]*\)$/\1/p' <<<"$out")
check "install: CreateServiceW and ChangeServiceConfig2W ($out)" "$([ -n "$unsupported" ] && echo ok)"
check "install: only the non-crash flag is missing, which Wine does not implement (unsupported=$unsupported)" \
  "$([ "$unsupported" = 8 ] && echo ok)"
registry=$(wine reg query "HKLM\\System\\CurrentControlSet\\Services\\$svc" 2>/dev/null | tr -d '\r')
ok=ok
for want in "DisplayName    REG_SZ    Punctual glue test ($svc)" "Description    REG_SZ    Installed by the CPunctualWindows" \
  "DependOnService    REG_MULTI_SZ    RpcSs" "Start    REG_DWORD    0x3" "PreshutdownTimeout    REG_DWORD    0x7530" \
  "ObjectName    REG_SZ    LocalSystem" "ImagePath    REG_SZ    \"$driver\" service $svc"; do
  grep -qF "$want" <<<"$registry" || { ok=bad; echo "  missing in the registry: $want"; }
done
check "install: the registry holds name, description, dependency, demand start, account, preshutdown, command" $ok
out=$(run describe "$svc")
ok=ok
for want in "start=demand" "account=LocalSystem" "description=Installed by the CPunctualWindows test driver" \
  "preshutdown-timeout-ms=30000" "binary=\"$driver\" service $svc"; do
  grep -qF "$want" <<<"$out" || { ok=bad; echo "  missing in describe: $want"; }
done
check "describe: QueryServiceConfigW and QueryServiceConfig2W read it back" $ok

# 2. Start: START_PENDING with moving checkpoints and no accepted controls, RUNNING only after the
#    child printed "ready" (2 s after it started).
out=$(run start "$svc" 20000); rc=$?
echo "$out" | sed 's/^/  /' | head -20
pending=$(grep -c "state=START_PENDING" <<<"$out")
rising=$(grep "state=START_PENDING" <<<"$out" | sed 's/.*checkpoint=\([0-9]*\).*/\1/' | awk 'NR>1 && $1<=prev {bad=1} {prev=$1} END {print bad ? "no" : "yes"}')
running_ms=$(sed -n 's/^\([0-9]*\) ms state=RUNNING.*/\1/p' <<<"$out")
check "start: $pending START_PENDING reports, checkpoints rising: $rising" \
  "$([ "$pending" -ge 4 ] && [ "$rising" = yes ] && echo ok)"
check "start: no controls accepted while START_PENDING" \
  "$([ "$(grep "state=START_PENDING" <<<"$out" | grep -vc "accepts=0")" = 0 ] && echo ok)"
check "start: RUNNING at ${running_ms:-never} ms, after the child's 2 s to ready, accepting STOP|SHUTDOWN" \
  "$([ "$rc" = 0 ] && [ "${running_ms:-0}" -ge 2000 ] && grep -q "state=RUNNING.*accepts=5" <<<"$out" && echo ok)"
check "start: ServiceMain named the service it was started as ($(trace | grep -o "REGISTERED.*" | head -1))" \
  "$(grep -q "REGISTERED error=0 name=$svc$" <<<"$(trace)" && echo ok)"
check "logs: the log's folder, which did not exist, was made" "$([ -f "$work/logs/child.log" ] && echo ok)"
cwd=$(cat "$work"/logs/child.log* | tr -d '\r' | sed -n 's/^cwd //p' | head -1)
check "start: the child runs in the working directory given ($cwd)" "$([ "$cwd" = "$(win "$work")" ] && echo ok)"
order=$(trace | grep -oE "READY|REPORT RUNNING" | tr '\n' ' ')
check "start: the wrapper saw the ready line, then reported RUNNING ($order)" \
  "$([ "$order" = "READY REPORT RUNNING " ] && echo ok)"

# 3. Controls: INTERROGATE answered by the glue itself; a user-defined control reaches the handler
#    and is declined; PAUSE, not accepted, is refused by the SCM.
out=$(run control "$svc" 4)
check "INTERROGATE answered ($out) without reaching the service's callback" \
  "$(grep -q "error=0" <<<"$out" && ! grep -q "CONTROL 4$" <<<"$(trace)" && echo ok)"
out=$(run control "$svc" 200)
check "a user-defined control (200) reaches the handler; the service runs on (Wine drops the handler's answer)" \
  "$(grep -q "CONTROL 200$" <<<"$(trace)" && grep -q "state=RUNNING" <<<"$(run query "$svc")" && echo ok)"
out=$(run control "$svc" 2)
check "PAUSE, not accepted, is refused by the SCM: $out" "$(grep -q "error=1052" <<<"$out" && echo ok)"

# 4. STOP: STOP_PENDING with moving checkpoints, CTRL_BREAK to the child's group, one STOPPED.
out=$(run stop "$svc" 20000); rc=$?
echo "$out" | sed 's/^/  /' | tail -3
stop_pending=$(grep -c "state=STOP_PENDING" <<<"$out")
check "stop: $stop_pending STOP_PENDING reports, then STOPPED" \
  "$([ "$rc" = 0 ] && [ "$stop_pending" -ge 2 ] && grep -q "state=STOPPED" <<<"$out" && echo ok)"
break_line=$(trace | grep -o "BREAK error=[0-9]*")
echo "  $break_line (Wine's GenerateConsoleCtrlEvent answers 6 in a service; the Job ends the child instead)"
child_exit=$(trace | sed -n 's/.*CHILD exit=\([0-9]*\).*/\1/p')
expected_exit=$([ "${child_exit:-x}" = 0 ] && echo "0/0" || echo "1066/$child_exit")
check "stop: the child's exit code (${child_exit:-none}) goes into STOPPED as exit=$expected_exit" \
  "$([ -n "$child_exit" ] && grep -q "state=STOPPED.*exit=$expected_exit " <<<"$out" && echo ok)"
check "stop: a second STOPPED is refused by the glue (5023) and never reaches the SCM" \
  "$([ "$(trace | grep -c "REPORT STOPPED")" = 2 ] && grep -q "REPORT STOPPED.*error=5023" <<<"$(trace)" && echo ok)"
check "stop: the output relay reached the end of the child's output ($(trace | grep -o "RELAY end.*" | head -1))" \
  "$(grep -q "RELAY end error=0 ended=1" <<<"$(trace)" && grep -q "RELAY closed=1" <<<"$(trace)" && echo ok)"
first_grandchild=$(cat "$work"/logs/child.log* | tr -d '\r' | sed -n 's/^grandchild \([0-9]*\)$/\1/p' | head -1)

# 5. A child that exits by itself with code 3: STOPPED with 1066/3, the service-specific error.
run uninstall "$svc" >/dev/null
run install "$svc" "$(service_command B --lines 3000 --ready-ms 500 --exit-code 3 --exit-after-ms 1500 --max-bytes 4096 --keep 100)" >/dev/null
run start "$svc" 20000 >/dev/null
deadline=$((SECONDS + 15))
until grep -q "state=STOPPED" <<<"$(run query "$svc")" || [ $SECONDS -ge $deadline ]; do sleep 0.5; done
out=$(run query "$svc")
check "a child that exits 3 by itself: STOPPED with 1066/3 ($(grep -o 'state=[A-Z_]*.*exit=[0-9/]*' <<<"$out"))" \
  "$(grep -q "state=STOPPED.*exit=1066/3" <<<"$out" && echo ok)"

# 6. Rotated logs across two runs of the service: every line of both runs exactly once, in order.
files=$(ls "$work"/logs/child.log.* 2>/dev/null | awk -F. '{print $NF, $0}' | sort -rn | cut -d' ' -f2-)  # oldest first
cat $files "$work/logs/child.log" | tr -d '\r' | grep -E "^[AB] line " >"$work/all-lines"
expected=$( (for k in $(seq 1 3000); do echo "A line $k"; done; for k in $(seq 1 3000); do echo "B line $k"; done) )
count=$(echo "$files" | wc -w)
largest=$(stat -c %s $files "$work/logs/child.log" | sort -n | tail -1)
check "logs: $count rotated files of at most $largest bytes (limit 4096)" \
  "$([ "$count" -ge 5 ] && [ "$largest" -le 4096 ] && echo ok)"
check "logs: 6000 lines of two runs, each exactly once and in order, across every rotation" \
  "$([ "$(cat "$work/all-lines")" = "$expected" ] && echo ok)"
diff <(echo "$expected") "$work/all-lines" | head -5 | sed 's/^/  /'
split=$(cat $files "$work/logs/child.log" | tr -d '\r' | grep -vcE "^([AB] line [0-9]+|ready|grandchild [0-9]+|cwd .+|exiting by itself|stopping on CTRL_BREAK)$")
check "logs: no line split or mangled ($split other lines)" "$([ "$split" = 0 ] && echo ok)"

# 7. The Job: kill the wrapper, and its child and grandchild go with it.
run uninstall "$svc" >/dev/null
rm -f "$work"/logs/child.log*
run install "$svc" "$(service_command C --lines 10 --ready-ms 300)" >/dev/null
run start "$svc" 20000 >/dev/null
wrapper=$(run query "$svc" | sed -n 's/.*pid=\([0-9]*\).*/\1/p')
child=$(trace | grep "SPAWN error=0" | tail -1 | sed 's/.*child=\([0-9]*\).*/\1/')
grandchild=$(child_log | sed -n 's/^grandchild \([0-9]*\)$/\1/p' | tail -1)
before="$(run alive "$child") $(run alive "$grandchild")"
run kill "$wrapper" >/dev/null
sleep 1
after="$(run alive "$wrapper") $(run alive "$child") $(run alive "$grandchild")"
check "Job: wrapper $wrapper killed; child $child and grandchild $grandchild were '$before', are now '$after'" \
  "$([ "$before" = "alive alive" ] && [ "$after" = "gone gone gone" ] && echo ok)"
check "Job: the first run's grandchild ${first_grandchild:-?} is gone too" \
  "$([ -n "$first_grandchild" ] && [ "$(run alive "$first_grandchild")" = gone ] && echo ok)"

# 8. The command line punctual install writes (quoted by the Swift side, on this machine) is split
#    back by Windows' own CommandLineToArgvW into exactly the arguments given.
#    punctual runs from a folder with a space, so that its own path, the first token (which
#    CommandLineToArgvW reads without escapes), must be quoted too.
binary=${PUNCTUAL_BIN:-$("$here/scripts/build-static.sh")}
mkdir -p "$work/program files"
cp "$binary" "$work/program files/punctual"
given=('C:\Program Files\app\app.exe' '--name' 'two words' '' 'say "hi"' 'C:\dir with space\' 'a\\b' '\"')
line=$("$work/program files/punctual" install quoting --manager windows --dry-run --ready "log:Listening on" -- "${given[@]}" \
  | sed -n 's/^command line: //p')
split=$(run split "$line")
expected=$(printf '[%s]\n' "$work/program files/punctual" run --ready "log:Listening on" \
  --working-directory 'C:\Program Files\app' -- "${given[@]}")
check "quoting: the install command line, program path and default working directory included, splits back" \
  "$([ -n "$line" ] && [ "$split" = "$expected" ] && echo ok)"
[ "$split" = "$expected" ] || diff <(echo "$expected") <(echo "$split") | sed 's/^/  /'

# 9. The Event Log source, and uninstall leaving nothing.
source=PunctualGlueTest$$
key="HKLM\\System\\CurrentControlSet\\Services\\EventLog\\Application\\$source"
installed=$(run eventlog-install "$source")
registered=$(wine reg query "$key" /v TypesSupported 2>/dev/null | tr -d '\r' | grep -c "REG_DWORD    0x7")
reported=$(run eventlog-report "$source")
removed=$(run eventlog-uninstall "$source")
gone=$(wine reg query "$key" >/dev/null 2>&1 && echo no || echo yes)
check "Event Log: the source is registered (TypesSupported 7), then removed; reporting is a stub in Wine ($reported)" \
  "$([ "$installed" = "eventlog install=0" ] && [ "$registered" = 1 ] && [ "$removed" = "eventlog uninstall=0" ] \
    && [ "$gone" = yes ] && echo ok)"
# The message file: .NET Framework 4's EventLogMessages.dll when it is there (a stand-in file here,
# since this prefix has no .NET), nothing when it is not.
framework="$WINEPREFIX/drive_c/windows/Microsoft.NET/Framework/v4.0.30319"
message_file='%SystemRoot%\Microsoft.NET\Framework\v4.0.30319\EventLogMessages.dll'
if [ -e "$framework/EventLogMessages.dll" ]; then
  echo "  this prefix has .NET's EventLogMessages.dll: only its registration is checked"
  without=skipped
else
  run eventlog-install "${source}Bare" >/dev/null
  without=$(wine reg query "$key"Bare /v EventMessageFile >/dev/null 2>&1 && echo registered || echo absent)
  run eventlog-uninstall "${source}Bare" >/dev/null
  mkdir -p "$framework" && echo stand-in >"$framework/EventLogMessages.dll" && made_framework=yes
fi
run eventlog-install "${source}Messages" >/dev/null
with=$(wine reg query "$key"Messages /v EventMessageFile 2>/dev/null | tr -d '\r' | grep -c "REG_EXPAND_SZ    $(sed 's/\\/\\\\/g' <<<"$message_file")")
run eventlog-uninstall "${source}Messages" >/dev/null
[ "${made_framework:-}" = yes ] && rm -rf "$WINEPREFIX/drive_c/windows/Microsoft.NET"
check "Event Log: .NET's message file registered when present ($with), left out when not ($without)" \
  "$([ "$with" = 1 ] && [ "$without" != registered ] && echo ok)"
# Wine does not notice that the Job test's wrapper died, so that service still counts as running
# there (Windows would have marked it stopped): uninstall is checked on one that ended by itself.
final=${svc}Final
run install "$final" "$(service_command D --lines 1 --ready-ms 100 --exit-after-ms 300)" >/dev/null
run start "$final" 20000 >/dev/null
deadline=$((SECONDS + 15))
until grep -q "state=STOPPED" <<<"$(run query "$final")" || [ $SECONDS -ge $deadline ]; do sleep 0.5; done
out=$(run uninstall "$final")
check "uninstall: $out" "$(grep -q "error=0" <<<"$out" && echo ok)"
sleep 1
check "uninstall: the SCM no longer knows the service ($(run describe "$final" | head -1))" \
  "$(grep -q "error=1060" <<<"$(run describe "$final")" && echo ok)"
check "uninstall: its registry key is gone" \
  "$(wine reg query "HKLM\\System\\CurrentControlSet\\Services\\$final" >/dev/null 2>&1 && echo bad || echo ok)"
wine reg delete "HKLM\\System\\CurrentControlSet\\Services\\$svc" /f >/dev/null 2>&1

# 10. An installed service's default log folder: made for the service's account;
#     an account Windows cannot name is refused rather than leaving a folder nobody may use. Wine
#     keeps no owners or access lists on files (it reports its one user everywhere), so the refusal
#     of a folder another user made, and the access list itself, are not provable here.
mkdir -p "$work/pd"  # %ProgramData% itself
out=$(run log-folder "$(win "$work/pd/punctual")" "$(win "$work/pd/punctual/api")" 'NT AUTHORITY\LocalService')
check "log folder: made for NT AUTHORITY\\LocalService ($(head -1 <<<"$out"))" \
  "$(grep -q "^log-folder check=0 make=0 after=0$" <<<"$out" && [ -d "$work/pd/punctual/api" ] && echo ok)"
out=$(run log-folder "$(win "$work/pd/punctual")" "$(win "$work/pd/punctual/ghost")" "NT SERVICE\\NoSuchService$$")
check "log folder: an account Windows cannot name is refused ($(head -1 <<<"$out"))" \
  "$(grep -q "make=1332" <<<"$out" && [ ! -d "$work/pd/punctual/ghost" ] && echo ok)"

# 11. The polled probes' Win32 side against real servers on loopback, and what punctual run's Swift
#     side uses besides: events, threads, standard output, the environment, the console's stop keys.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/www" && echo hello >"$work/www/index.html"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/www" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wineserver -k 2>/dev/null; rm -rf "$work"' EXIT
deadline=$((SECONDS + 10))
until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || [ $SECONDS -ge $deadline ]; do sleep 0.2; done
closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
out="$(run probe tcp 127.0.0.1 "$port" 1000) / $(run probe tcp 127.0.0.1 "$closed" 1000)"
check "tcp probe: a listening port connects, a closed one is refused ($out)" \
  "$([ "$out" = "tcp passed=1 detail=connected / tcp passed=0 detail=connection refused" ] && echo ok)"
ok_answer=$(run probe http 127.0.0.1 "$port" /index.html 2000)
missing=$(run probe http 127.0.0.1 "$port" /missing 2000)
check "http probe: the exchange brings the status line (${ok_answer#*first=} / ${missing#*first=})" \
  "$(grep -q "sent=1 .*first=HTTP/1.0 200 OK" <<<"$ok_answer" && grep -q "first=HTTP/1.0 404" <<<"$missing" && echo ok)"
# TLS through Schannel: a self-signed certificate for localhost and 127.0.0.1, served by Python's
# http.server, which offers h2 and http/1.1 by ALPN.
mkdir -p "$work/tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/tls/key.pem" -out "$work/tls/cert.pem" >/dev/null 2>&1
tls_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -c 'import functools, http.server, ssl, sys
port, folder, certificate, key = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(certificate, key)
context.set_alpn_protocols(["h2", "http/1.1"])
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=folder)
server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()' "$tls_port" "$work/www" "$work/tls/cert.pem" "$work/tls/key.pem" >/dev/null 2>&1 &
tls_server=$!
trap 'kill $server $tls_server 2>/dev/null; wineserver -k 2>/dev/null; rm -rf "$work"' EXIT
deadline=$((SECONDS + 10))
until (exec 3<>"/dev/tcp/127.0.0.1/$tls_port") 2>/dev/null || [ $SECONDS -ge $deadline ]; do sleep 0.2; done
https_probe() { run probe https 127.0.0.1 "$tls_port" /index.html 3000 "$@"; }
ca=$(win "$work/tls/cert.pem")
out=$(https_probe)
check "https probe: without a CA file the self-signed certificate is not trusted ($out)" \
  "$([ "$out" = "https tls=0 detail=certificate not trusted: self-signed certificate" ] && echo ok)"
out=$(https_probe --ca "$ca")
check "https probe: with the certificate as CA file, checked for 127.0.0.1, the status line comes (${out#*first=})" \
  "$(grep -q "^https tls=1 sent=1 received=[0-9]* first=HTTP/1.0 200 OK alpn=none$" <<<"$out" && echo ok)"
named=$(https_probe --ca "$ca" --name localhost)
wrong=$(https_probe --ca "$ca" --name wrong.example)
other=$(https_probe --ca "$ca" --name 127.0.0.2)
check "https probe: the name is checked: localhost passes (${named#*first=}), wrong.example and 127.0.0.2 do not (${wrong#*detail=} / ${other#*detail=})" \
  "$(grep -q "^https tls=1 sent=1 .*first=HTTP/1.0 200 OK alpn=none$" <<<"$named" \
    && [ "$wrong" = "https tls=0 detail=certificate not trusted: hostname mismatch" ] \
    && [ "$other" = "https tls=0 detail=certificate not trusted: IP address mismatch" ] && echo ok)"
out=$(https_probe --insecure)
check "https probe: --insecure takes the certificate without a CA file (${out#*first=})" \
  "$(grep -q "^https tls=1 sent=1 .*first=HTTP/1.0 200 OK alpn=none$" <<<"$out" && echo ok)"
out=$(https_probe --ca "$ca" --name localhost --alpn h2)
check "https probe: h2 offered by ALPN is the server's choice (${out#*first=})" \
  "$(grep -q "^https tls=1 sent=1 .*first=HTTP/1.0 200 OK alpn=h2$" <<<"$out" && echo ok)"
redis_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" >/dev/null 2>&1 &
redis=$!
trap 'kill $server $tls_server $redis 2>/dev/null; wineserver -k 2>/dev/null; rm -rf "$work"' EXIT
deadline=$((SECONDS + 10))
until (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null || [ $SECONDS -ge $deadline ]; do sleep 0.2; done
out="$(run probe redis 127.0.0.1 "$redis_port" 2000) / $(run probe redis 127.0.0.1 "$closed" 1000)"
check "protocol connection: a real Redis answers PING with +PONG; a closed port is refused ($out)" \
  "$([ "$out" = "redis sent=1 received=7 first=+PONG / redis connected=0 detail=connection refused" ] && echo ok)"
out="$(run probe file "$(win "$work/www/index.html")") / $(run probe file "$(win "$work/www/none")")"
check "file probe: an existing path, a missing one ($out)" "$([ "$out" = "file exists=1 / file exists=0" ] && echo ok)"
printf 's3cret' >"$work/www/password"
out="$(run probe secret "$(win "$work/www/password")") / $(run probe secret "$(win "$work/www/none")")"
check "password file: read whole; a missing one is Win32 error 2 ($out)" \
  "$([ "$out" = "secret error=0 count=6 text=s3cret / secret error=2 count=0 text=" ] && echo ok)"
out="$(run probe exec 'cmd.exe /d /s /c "exit 3"' 5000) / $(run probe exec "$driver sleeper" 500)"
check "exec probe: cmd's exit code; a command past its limit is ended with its Job ($out)" \
  "$(grep -q "^exec exit=3 / exec timed-out pid=[0-9]*$" <<<"$out" && echo ok)"
sleeper_pid=$(sed -n 's/.*timed-out pid=\([0-9]*\)$/\1/p' <<<"$out")
check "exec probe: nothing of it is left (pid ${sleeper_pid:-?})" \
  "$([ -n "$sleeper_pid" ] && [ "$(run alive "$sleeper_pid")" = gone ] && echo ok)"
# --progress-timeout's sampler: the Job's accounting after a child that read and wrote a file and
# used CPU. Wine answers JobObjectBasicAndIoAccountingInformation with ERROR_INVALID_FUNCTION (1),
# and the glue must pass that on (punctual then says once that only output and probes count); a
# Wine that implements it must give real figures.
out=$(run probe usage 'cmd.exe /d /s /c "copy /y C:\windows\system32\kernel32.dll C:\windows\temp\punctual-usage.dll >nul"')
usage_error=$(sed -n 's/^usage error=\([0-9]*\) .*/\1/p' <<<"$out")
cpu_ms=$(sed -n 's/.* cpu-ms=\([0-9]*\) .*/\1/p' <<<"$out")
written=$(sed -n 's/.* written=\([0-9]*\)$/\1/p' <<<"$out")
check "Job accounting: Wine's answer passed on as Win32 error 1, or real figures ($out)" \
  "$( { [ "$usage_error" = 1 ] || { [ "$usage_error" = 0 ] && [ "${cpu_ms:-0}" -gt 0 ] && [ "${written:-0}" -gt 100000 ]; }; } && echo ok)"
out=$(PUNCTUAL_GLUE_VALUE=from-the-script run run-support)
echo "$out" | sed 's/^/  /'
check "run support: an event times out, is seen once set, resets itself and on request; three threads ran" \
  "$(grep -q "^event error=0 timed-out=1 after=[0-9]* set-seen=1 auto-reset=1 reset=1$" <<<"$out" \
    && grep -q "^threads ran=3$" <<<"$out" && echo ok)"
check "run support: standard output, the environment and the console's stop keys through the glue" \
  "$(grep -q "^written through the glue$" <<<"$out" && grep -q "^standard-write error=0$" <<<"$out" \
    && grep -q "^environment error=0 value=from-the-script$" <<<"$out" && grep -q "^console-on-stop error=0$" <<<"$out" \
    && echo ok)"
finish
