# The Debian 12 root file system the end-to-end suites boot (systemd-nspawn) or import (Docker):
# made once with debootstrap from the mirror apt already uses, then kept.
#   debian_rootfs DIR LOG   makes DIR unless it holds one; on failure prints why and returns 1
debian_rootfs() {
  local rootfs=$1 log=$2 mirror
  [ -x "$rootfs/lib/systemd/systemd" ] && return 0
  command -v debootstrap >/dev/null || {
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null
  }
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$mirror" ] || { echo "no Debian mirror in apt's sources"; return 1; }
  rm -rf "$rootfs"; mkdir -p "$(dirname "$rootfs")"
  echo "creating the container's root file system (once) from $mirror" >&2
  debootstrap --variant=minbase --include=systemd,dbus bookworm "$rootfs" "$mirror" >"$log" 2>&1 \
    || { tail -20 "$log"; return 1; }
}
