#!/usr/bin/env bash
# The tests: installs the real servers that the protocol probes are tested against (redis-server,
# PostgreSQL, a gRPC health server from PyPI's grpcio), etcd for the registry, systemd's own unit checker
# (systemd-analyze, for the units punctual install writes) and the Kubernetes API's models (PyPI's
# official client, for the pod specs it prints), then runs `swift test` with any arguments given. On a fresh machine apt-get needs root or sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
as_root=()
[ "$(id -u)" = 0 ] || as_root=(sudo)
need=()
command -v redis-server >/dev/null || need+=(redis-server)
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || need+=(postgresql)
python3 -m pip --version >/dev/null 2>&1 || need+=(python3-pip)
[ -x /usr/bin/systemd-analyze ] || need+=(systemd)
[ -x /usr/bin/etcd ] || need+=(etcd-server)
command -v etcdctl >/dev/null || need+=(etcd-client)
if [ ${#need[@]} -gt 0 ]; then
  "${as_root[@]}" apt-get update -q
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
fi
if ! python3 -c 'import grpc_health.v1.health, kubernetes, yaml' 2>/dev/null; then
  python3 -m pip install -q grpcio grpcio-health-checking kubernetes 2>/dev/null \
    || python3 -m pip install -q --break-system-packages grpcio grpcio-health-checking kubernetes
fi
exec swift test "$@"
