#!/usr/bin/env bash
# Fuzzes every parser of outside input with libFuzzer and AddressSanitizer: the decoders of what
# servers answer probes (RESP, PostgreSQL, gRPC over HTTP/2), the probe parser, the service file's
# reader and checks, the start history's reader, etcd's gateway answers, the --registry URL, notify
# datagrams, durations and the emulated SCM's wire format; each for SECONDS (default 30), from the
# seed corpus in Fuzz/corpus. A crash fails the script and leaves the input that caused it in
# bench-results/fuzz/; turn each such input into a regression test. Long runs: scripts/fuzz.sh 3600.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
started=$SECONDS
swiftc -sanitize=fuzzer,address -parse-as-library -module-name PunctualCore -package-name punctual -O \
  $(find Sources/PunctualCore -name '*.swift') Fuzz/ProtocolDecoders.swift -o "$work/fuzz" 2> "$work/build.log" \
  || { cat "$work/build.log"; exit 1; }
echo "built in $((SECONDS - started)) s"
mkdir -p bench-results/fuzz
for target in resp postgres grpc probe-spec service-file start-history etcd-answer registry-url notify duration \
  scm-wire; do
  cp -r "Fuzz/corpus/$target" "$work/corpus-$target"
  if PUNCTUAL_FUZZ_TARGET=$target "$work/fuzz" -max_total_time="$seconds" -max_len=4096 \
    -artifact_prefix="bench-results/fuzz/$target-" "$work/corpus-$target" > "$work/$target.log" 2>&1; then
    echo "$target: $(grep -o 'Done [0-9]* runs in [0-9]* second' "$work/$target.log" | tail -1)s, no crash"
  else
    tail -40 "$work/$target.log"
    echo "$target: crashed; the input is in bench-results/fuzz/"
    exit 1
  fi
done
