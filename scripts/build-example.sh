#!/usr/bin/env bash
# Builds Examples/HummingbirdSlowStart with the Swift runtime linked in, so that a container without
# Swift can run it. A debug build: the end-to-end suite needs it to run, not to be fast.
# Prints the path of the binary.
set -euo pipefail
cd "$(dirname "$0")/../Examples/HummingbirdSlowStart"
swift build --static-swift-stdlib --scratch-path .build-static --product slow-start-example >&2
echo "$PWD/.build-static/debug/slow-start-example"
