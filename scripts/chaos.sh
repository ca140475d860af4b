#!/usr/bin/env bash
# The chaos suite: kill -9 of punctual at random instants, a program forking 1,000 children,
# SIGSTOP/SIGCONT of punctual, the manager's notify socket removed or its queue full, a descriptor
# limit that starves the probes, --log-file on a filesystem that fills up and a log file moved or
# deleted under punctual; each repeated with random timing (CHAOS_SEED=N repeats a run's timing; the
# seed is printed). Prints "N tries, N survived" per fault and fails if one try did not survive.
# Runs as root (it mounts a small tmpfs). PUNCTUAL_BIN: the punctual binary (default: the static
# release build). About 8 minutes; --quick: a tenth of the tries.
#
#   scripts/chaos.sh [--quick]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
binary=${PUNCTUAL_BIN:-$("$here/scripts/build-static.sh")}
exec python3 "$here/scripts/chaos/chaos.py" --punctual "$binary" "$@"
