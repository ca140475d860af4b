#!/usr/bin/env bash
# Measures the Punctual library: start and private memory against a plain ServiceGroup, /readyz
# throughput with wrk against Hummingbird, heartbeat gaps under that load. Release builds of
# library-probe and of Examples/HummingbirdSlowStart. Prints a Markdown report and writes
# bench-results/library.json.
#
#   scripts/benchmark-library.sh [--quick]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v wrk >/dev/null; then
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
fi
cd "$here"
swift build -c release --product library-probe >&2
(cd Examples/HummingbirdSlowStart && swift build -c release --product slow-start-example >&2)
mkdir -p bench-results
exec python3 scripts/bench/library_benchmark.py --probe "$here/.build/release/library-probe" \
  --example "$here/Examples/HummingbirdSlowStart/.build/release/slow-start-example" \
  --out bench-results/library.json "$@"
