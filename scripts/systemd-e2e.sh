#!/usr/bin/env bash
# End-to-end tests under a real systemd (Debian 12, systemd 252) booted as PID 1 of a
# systemd-nspawn container: the units of a suite folder are installed, the static punctual binary is
# mounted at /opt/under-test, the suite's run-tests.sh runs inside, the container powers off.
# Ends with the line "N passed, N failed"; exits non-zero unless every check passed.
#
#   scripts/systemd-e2e.sh [SUITE]   SUITE: units/*.service, run-tests.sh and any data files it reads
#                                    from /usr/local/bin (default Tests/EndToEnd/systemd)
# EXTRA_BINS: more programs (paths, space-separated) to mount at /opt/under-test beside punctual.
#             A program the suite runs from /opt/under-test that EXTRA_BINS does not give is built
#             here when a script builds it (slow-start-example: scripts/build-example.sh); any other
#             is a failure that names it.
# ROOTFS: where the Debian root file system is kept between runs (default ~/.cache/punctual-nspawn-rootfs).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
suite=$(cd "${1:-$here/Tests/EndToEnd/systemd}" && pwd)
rootfs=${ROOTFS:-$HOME/.cache/punctual-nspawn-rootfs}

need=()
command -v systemd-nspawn >/dev/null || need+=(systemd-container)
command -v debootstrap >/dev/null || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
fi

binary=${PUNCTUAL_BIN:-$("$here/scripts/build-static.sh")}
bin_dir=$(mktemp -d)
results=$(mktemp -d)
overlay=$(mktemp -d)
trap 'rm -rf "$bin_dir" "$results" "$overlay"' EXIT
install -m 755 "$binary" "$bin_dir/punctual"
for extra in ${EXTRA_BINS:-}; do install -m 755 "$extra" "$bin_dir/$(basename "$extra")"; done
# Whatever else the suite runs from /opt/under-test, so that a run alone tests it rather than
# failing every check on a missing program (systemd's exit status 203).
for needed in $(grep -rhoE '/opt/under-test/[A-Za-z0-9._-]+' "$suite" | sort -u || true); do
  needed=${needed#/opt/under-test/}
  [ -e "$bin_dir/$needed" ] && continue
  case $needed in
    slow-start-example) built=$("$here/scripts/build-example.sh"); install -m 755 "$built" "$bin_dir/$needed" ;;
    *) echo "the suite runs /opt/under-test/$needed, which EXTRA_BINS does not give"; echo "0 passed, 1 failed"; exit 1 ;;
  esac
done

source "$here/scripts/lib/debian-rootfs.sh"
debian_rootfs "$rootfs" "$results/debootstrap.log" || { echo "0 passed, 1 failed"; exit 1; }

# The units and the test runner go into an overlay, which also takes what the tests write to /etc
# (punctual install); the cached root file system is never changed.
mkdir -p "$overlay/etc/systemd/system/default.target.wants" "$overlay/bin"
cp "$suite"/units/*.service "$overlay/etc/systemd/system/"
for file in "$suite"/*; do
  [ -f "$file" ] && install -m 755 "$file" "$overlay/bin/$(basename "$file")"
done
cat >"$overlay/etc/systemd/system/punctual-e2e.service" <<'UNIT'
[Unit]
Description=Punctual end-to-end tests, then power off
After=multi-user.target
[Service]
# Not oneshot: the tests wait for the boot to finish, which a oneshot start would hold up.
Type=simple
ExecStart=/bin/sh -c '/usr/local/bin/run-tests.sh; systemctl poweroff --no-block'
UNIT
ln -s /etc/systemd/system/punctual-e2e.service "$overlay/etc/systemd/system/default.target.wants/"

set +e
timeout "${BOOT_TIMEOUT:-300}" systemd-nspawn -q -D "$rootfs" --register=no --keep-unit --private-network \
  --volatile=overlay -b --console=read-only \
  --bind="$results:/results" --overlay="$rootfs/etc:$overlay/etc:/etc" \
  --bind-ro="$overlay/bin:/usr/local/bin" --bind-ro="$bin_dir:/opt/under-test" >"$results/console.log" 2>&1
status=$?
set -e
if [ ! -s "$results/result.txt" ]; then
  echo "the tests did not run (systemd-nspawn exit $status); end of the console:"
  tail -40 "$results/console.log" | sed 's/\x1b\[[0-9;]*m//g'
  echo "0 passed, 1 failed"
  exit 1
fi
cat "$results/result.txt"
summary=$(sed -n 's/^SUMMARY //p' "$results/result.txt" | tail -1)
echo "${summary:-0 passed, 1 failed}"
case "$summary" in *" 0 failed") exit 0 ;; *) exit 1 ;; esac
