#!/usr/bin/env bash
# Builds the release punctual binary with the Swift runtime linked in, for containers and benchmarks.
# Prints the path of the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --scratch-path .build-static --product punctual >&2
echo "$PWD/.build-static/release/punctual"
