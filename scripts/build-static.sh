#!/usr/bin/env bash
# Builds the release punctual binary with the Swift runtime linked in, for containers and benchmarks,
# stripped of its symbols and debug information (17 MB instead of 33; a crash then shows addresses,
# not names). Prints the path of the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --scratch-path .build-static --product punctual -Xlinker --strip-all >&2
echo "$PWD/.build-static/release/punctual"
