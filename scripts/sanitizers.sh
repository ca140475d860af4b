#!/usr/bin/env bash
# The whole test suite under AddressSanitizer, in a debug build of its own (.build-asan): the tests
# scripts/test.sh runs (with the real servers it installs), where both the test binary and the
# punctual binary that the end-to-end tests start are instrumented. A report fails the run.
#
#   Leaks at exit are not reported: the argument parser keeps what it parsed to the end
#     (Sources/CPunctualLinux/sanitizer_options.c).
#   A child is started by fork, not in punctual's address space until its exec, which the sanitizer
#     cannot follow (Sources/CPunctualLinux/internal.h).
#   ThreadSanitizer is left out: the lock of Synchronization's Mutex is not visible to it, so every
#     access a Mutex guards is reported as a race (README, "Tests", says what was measured).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
swift build --build-tests --sanitize=address --scratch-path .build-asan 2>&1 \
  | { grep -v "warning: Cannot export local symbol '__asan_report" || true; }
scripts/test.sh --skip-build --sanitize=address --scratch-path .build-asan
echo "AddressSanitizer: the whole suite passed in $((SECONDS - started)) s"
