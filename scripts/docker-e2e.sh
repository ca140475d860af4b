#!/usr/bin/env bash
# punctual under a real Docker Engine and Swarm (docker.io from the distribution, a dockerd of this
# script's own on a private socket and data folder): images made from what `punctual install
# --manager docker` prints, on a base imported from the Debian root file system the systemd suite
# uses (no registry). The container is healthy only once the program is ready; docker stop ends
# within punctual's stop timeout with exit 0; a hung start exits 124 at the budget and
# --restart on-failure starts it again; in Swarm, a start-first rolling update of two slow
# starters never has fewer than two healthy tasks, and a task whose start hangs is replaced after
# punctual's budget. PUNCTUAL_BIN: the punctual binary (default: built). ROOTFS as for
# scripts/systemd-e2e.sh. Ends with "N passed, N failed"; exits non-zero unless every check passed.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/scripts/lib/debian-rootfs.sh"
command -v dockerd >/dev/null || {
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io >/dev/null
}
binary=${PUNCTUAL_BIN:-$("$here/scripts/build-static.sh")}
rootfs=${ROOTFS:-$HOME/.cache/punctual-nspawn-rootfs}
work=$(mktemp -d)
pass=0; fail=0
check() { if [ "$2" = ok ]; then pass=$((pass+1)); echo "PASS $1"; else fail=$((fail+1)); echo "FAIL $1"; fi; }
finish() { echo "$pass passed, $fail failed"; [ "$fail" = 0 ]; exit; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

debian_rootfs "$rootfs" "$work/debootstrap.log" || { fail=1; finish; }

# A daemon of our own: nothing of the machine's Docker is touched, and all of it goes at the end.
export DOCKER_HOST=unix://$work/docker.sock
docker() { /usr/bin/docker "$@"; }
dockerd --data-root "$work/root" --exec-root "$work/exec" -H "$DOCKER_HOST" --pidfile "$work/dockerd.pid" \
  >"$work/dockerd.log" 2>&1 &
dockerd_pid=$!
cleanup() {
  docker swarm leave --force >/dev/null 2>&1
  docker ps -aq | xargs -r docker rm -f >/dev/null 2>&1
  kill "$dockerd_pid" 2>/dev/null; wait "$dockerd_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 300); do docker info >/dev/null 2>&1 && break; sleep 0.1; done
docker info >/dev/null 2>&1 && r=ok || r=bad
check "dockerd of our own answers on $DOCKER_HOST" $r
[ $r = ok ] || { tail -20 "$work/dockerd.log"; finish; }
tar -C "$rootfs" -c . | docker import - punctual-e2e-base >/dev/null && r=ok || r=bad
check "the Debian base imported from $rootfs (no registry)" $r

# An image from what install prints: FROM the base, then the printed lines, punctual beside them.
image() {  # TAG, then install's run flags, --, the program
  local tag=$1; shift
  mkdir -p "$work/$tag"
  install -m 755 "$binary" "$work/$tag/punctual"
  { echo "FROM punctual-e2e-base"; "$binary" install app --manager docker "$@" | sed '/^# Made by/,$!d;/^services:/,$d'; } \
    >"$work/$tag/Dockerfile"
  docker build -q -t "$tag" "$work/$tag" >/dev/null
}
app=(/usr/local/bin/punctual demo-app --port 8090 --stop-seconds 0.5)
image slow --ready http://127.0.0.1:8090/ --startup-budget 30s --stop-timeout 5s -- "${app[@]}" --init-seconds 6 \
  && image hung --ready http://127.0.0.1:8090/ --startup-budget 3s -- "${app[@]}" --init-seconds 1000 && r=ok || r=bad
check "images built from punctual install --manager docker: $(grep -c . "$work/slow/Dockerfile") lines" $r
health() { docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{end}}' "$1" 2>/dev/null; }

# 1. Healthy only once the program is ready: sampled every 100 ms against punctual's own log.
docker run -d --name slow slow >/dev/null
early=0; healthy_at=""
t0=$(now_ms)
for _ in $(seq 1 400); do
  st=$(health slow); ready=$(docker logs slow 2>&1 | grep -c "ready after")
  [ "$st" = healthy ] && [ "$ready" = 0 ] && early=$((early+1))
  [ "$st" = healthy ] && { healthy_at=$(( $(now_ms) - t0 )); break; }
  sleep 0.1
done
[ -n "$healthy_at" ] && [ $early = 0 ] && r=ok || r=bad
check "healthy after $healthy_at ms, never before punctual said ready ($early early samples)" $r

# 2. docker stop: punctual stops the program within its stop timeout, exit 0.
t0=$(now_ms); docker stop -t 30 slow >/dev/null; ms=$(( $(now_ms) - t0 ))
code=$(docker inspect --format '{{.State.ExitCode}}' slow)
# Docker's log copier may still be writing the last lines when docker stop returns.
clean=no
for _ in $(seq 1 30); do docker logs slow 2>&1 | grep -q "demo-app: stopped cleanly" && { clean=yes; break; }; sleep 0.1; done
[ "$code" = 0 ] && [ $ms -lt 5000 ] && [ $clean = yes ] && r=ok || r=bad
check "docker stop took $ms ms (stop timeout 5 s), exit $code, the program stopped cleanly: $clean" $r

# 3. A hung start: exit 124 at the budget, and --restart on-failure starts it again.
t0=$(now_ms); docker run -d --name hung --restart on-failure hung >/dev/null
restarts=0
for _ in $(seq 1 150); do
  restarts=$(docker inspect --format '{{.RestartCount}}' hung); [ "$restarts" -ge 1 ] && break; sleep 0.1
done
ms=$(( $(now_ms) - t0 ))
docker logs hung 2>&1 | grep -q "startup budget of 3s exceeded" && said=yes || said=no
[ "$restarts" -ge 1 ] && [ $ms -ge 3000 ] && [ $said = yes ] && r=ok || r=bad
check "hung start: restarted by --restart on-failure after $ms ms (budget 3 s), the budget named: $said" $r
docker rm -f hung slow >/dev/null

# 4. Swarm: a start-first update of two slow starters keeps two healthy tasks throughout.
docker swarm init --advertise-addr 127.0.0.1 >/dev/null 2>&1 && r=ok || r=bad
check "docker swarm init: one node" $r
docker tag slow slow:v2
healthy_tasks() { docker ps -q --filter label=com.docker.swarm.service.name="$1" --filter health=healthy | wc -l; }
docker service create -d --no-resolve-image --name web --replicas 2 --update-order start-first \
  --update-parallelism 1 --stop-grace-period 10s slow >/dev/null
for _ in $(seq 1 600); do [ "$(healthy_tasks web)" -ge 2 ] && break; sleep 0.1; done
[ "$(healthy_tasks web)" -ge 2 ] && r=ok || r=bad
check "web: two healthy tasks" $r
# Samples the healthy tasks every 100 ms until the update under way completes (the previous one's
# "completed" does not count): "FEWEST SAMPLES STATE".
rolled() {
  local fewest=2 samples=0 state="" began=no n
  for _ in $(seq 1 900); do
    n=$(healthy_tasks web); samples=$((samples+1)); [ "$n" -lt "$fewest" ] && fewest=$n
    state=$(docker service inspect --format '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}' web)
    [ "$state" = updating ] && began=yes
    [ "$state" = completed ] && [ $began = yes ] && break
    sleep 0.1
  done
  echo "$fewest $samples $state"
}
docker service update -d --no-resolve-image --image slow:v2 web >/dev/null
read -r fewest samples state < <(rolled)
[ "$state" = completed ] && [ "$fewest" -ge 2 ] && r=ok || r=bad
check "web rolled to slow:v2 ($state): never fewer than 2 healthy tasks in $samples samples (fewest $fewest)" $r
# The control: rolled back stop-first, the same sampling sees a healthy task missing.
docker service update -d --no-resolve-image --image slow --update-order stop-first web >/dev/null
read -r fewest samples state < <(rolled)
[ "$state" = completed ] && [ "$fewest" -lt 2 ] && r=ok || r=bad
check "control: the same update stop-first drops to $fewest healthy task(s), so the sampling can see it" $r
docker service rm web >/dev/null

# 5. Swarm replaces a task whose start hangs once punctual's budget ends it (exit 124).
t0=$(now_ms)
docker service create -d --no-resolve-image --name stuck --restart-condition on-failure --restart-delay 1s hung >/dev/null
failed=""
for _ in $(seq 1 200); do
  failed=$(docker service ps stuck --format '{{.CurrentState}} {{.Error}}' | grep -m1 "exit (124)" || true)
  [ -n "$failed" ] && break; sleep 0.1
done
ms=$(( $(now_ms) - t0 ))
tasks=$(docker service ps stuck -q | wc -l)
[ -n "$failed" ] && [ $ms -ge 3000 ] && [ "$tasks" -ge 2 ] && r=ok || r=bad
check "stuck: a task ended with exit 124 after $ms ms (budget 3 s) and was replaced ($tasks tasks)" $r
docker service rm stuck >/dev/null
finish
