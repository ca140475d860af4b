# Sourced by scripts/wine-tests.sh and scripts/crosscheck-wine-scm.sh once WINEPREFIX and the other
# WINE* variables are set: makes or reuses the prefix, keeps its server up, and waits, bounded in
# time, until its service manager can be used (Tests/EndToEnd/wine/scm-ready.c says when).
#
# No `wineboot --init` of our own: wine runs one itself for the first process of a session, after
# making the prefix when it is missing, and each one starts a services.exe. Two of them answer the
# SCM's pipe in turn, each with its own database, one of them busy starting driver services that
# never connect (10 s each): CreateServiceW lands in one, QueryServiceConfigW asks the other, and
# StartServiceW answers 1055 (ERROR_SERVICE_DATABASE_LOCKED).
# `wineserver -p` keeps a server up only when it starts one: with a server running it changes
# nothing (exit 2), and that server ends its session 3 s after the session's last program.
#
# WINE_READY_TIMEOUT: seconds to wait for the service manager (default 120).

wine_prefix_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
wine_ready_check=""

wine_now_ms() { date +%s%3N; }
wine_seconds_since() {  # T0_MS: the seconds since, to a tenth
  local ms=$(($(wine_now_ms) - $1))
  echo "$((ms / 1000)).$((ms % 1000 / 100))"
}

# Waits until the session's service manager is ready; the check, when it is the session's first
# process, also boots the session. Prints one line: what was waited for and how long, or FAIL and
# the cause. WHY says what came before ("new prefix, made in 9.1 s", "restarted", ...).
wine_prefix_wait() {  # WHY
  local limit=${WINE_READY_TIMEOUT:-120} t0 out rc
  t0=$(wine_now_ms)
  # The check bounds its own polling; timeout bounds wine's boot of the session before it runs.
  out=$(timeout -k 5 $((limit + 15)) wine "$wine_ready_check" $((limit * 1000)) 2>/dev/null </dev/null)
  rc=$?
  out=$(tr -d '\r' <<<"$out")
  if [ $rc = 0 ]; then
    echo "wine prefix ready after $(wine_seconds_since "$t0") s ($1): ${out#ready after * ms: }"
    return 0
  fi
  case $rc in
    124 | 137) out="wine did not run the readiness check within $((limit + 15)) s (the session's wineboot never ended)" ;;
    *) out=${out:-"the readiness check did not run (exit $rc)"} ;;
  esac
  echo "FAIL wine prefix not ready after $(wine_seconds_since "$t0") s ($1): ${out#not ready after * ms: }"
  return 1
}

# Makes WINEPREFIX when it has no registry yet, keeps its server up (-p) and waits until its
# service manager is ready. DIR: where the readiness check is built.
wine_prefix_start() {  # DIR
  local why="existing prefix" t0
  x86_64-w64-mingw32-gcc -std=c11 -O2 -Wall -Wextra -Werror -municode -o "$1/scm-ready.exe" \
    "$wine_prefix_root/Tests/EndToEnd/wine/scm-ready.c" -ladvapi32 ||
    { echo "FAIL the readiness check (Tests/EndToEnd/wine/scm-ready.c) does not build"; return 1; }
  wine_ready_check="Z:${1//\//\\}\\scm-ready.exe"
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    t0=$(wine_now_ms)
    # Any first command makes it (wine boots the new prefix before running it). That session ends
    # with the command: wait for its server to go (-w), so that the one below starts a session of
    # its own and keeps it.
    timeout -k 5 "${WINE_READY_TIMEOUT:-120}" wine cmd /c exit >/dev/null 2>&1 </dev/null
    timeout -k 5 60 wineserver -w
    [ -f "$WINEPREFIX/system.reg" ] ||
      { echo "FAIL wine did not make the prefix in $(wine_seconds_since "$t0") s (no system.reg)"; return 1; }
    why="new prefix, made in $(wine_seconds_since "$t0") s"
  fi
  # Keep the server up between commands, its output away from the scripts' pipes. A server left
  # running (an earlier run, another program) would not be kept up: end it and start afresh.
  if ! wineserver -p >/dev/null 2>&1 </dev/null; then
    why="$why, its running server restarted"
    wineserver -k
    timeout -k 5 60 wineserver -w
    wineserver -p >/dev/null 2>&1 </dev/null
  fi
  wine_prefix_wait "$why"
}

# Ends the session and starts another (services.exe reads some settings only when it starts), then
# waits until its service manager is ready.
wine_prefix_restart() {  # WHY
  wineserver -k
  timeout -k 5 60 wineserver -w
  wineserver -p >/dev/null 2>&1 </dev/null
  wine_prefix_wait "$1"
}
