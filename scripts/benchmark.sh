#!/usr/bin/env bash
# Measures punctual against tini, dumb-init, s6 and supervisord in one run: readiness latency, CPU while waiting
# and after ready, spawn-and-exit overhead, idle private memory, the cost of the health endpoints,
# heartbeats while they are hammered and under stress-ng's CPU starvation and memory pressure, the
# cost of publishing to etcd (--registry), and --log-file's throughput against the program writing
# its file itself and against s6-log. Prints a Markdown report (or, with --json, the JSON) and writes
# bench-results/benchmark.json. Public tools only (Debian's hyperfine, tini, dumb-init, s6, wrk, etcd,
# stress-ng; supervisord from PyPI, left out of the report when it cannot be installed).
#
#   scripts/benchmark.sh [--quick] [--json]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
need=()
for tool in hyperfine:hyperfine tini:tini dumb-init:dumb-init s6-supervise:s6 wrk:wrk redis-cli:redis-tools etcd:etcd-server stress-ng:stress-ng; do
  command -v "${tool%%:*}" >/dev/null || need+=("${tool#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
fi
command -v supervisord >/dev/null || python3 -m pip install -q supervisor >/dev/null 2>&1 ||
  echo "supervisord cannot be installed (pip install supervisor): the report leaves it out" >&2
binary=${PUNCTUAL_BIN:-$("$here/scripts/build-static.sh")}
sync
mkdir -p "$here/bench-results"
exec python3 "$here/scripts/bench/benchmark.py" --punctual "$binary" --out "$here/bench-results/benchmark.json" "$@"
