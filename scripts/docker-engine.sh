#!/usr/bin/env bash
# A Docker engine for the container path (README "With containers"); never needed by `npm run up`.
#
#   scripts/docker-engine.sh start    # use DOCKER_HOST / the default socket if it answers, else start our own dockerd
#   scripts/docker-engine.sh stop     # stop the dockerd this script started (by its pid file), nothing else
#   scripts/docker-engine.sh status   # which engine answers, exit 1 when none
#   eval "$(scripts/docker-engine.sh env)"   # DOCKER_HOST for the engine in use
#
# Our own engine keeps everything under $DATA_DIR/docker (data root, exec root, socket, pid file, log).
# The flags are this machine's (../shared/STACK.md): the hard open-files limit is 20000, so dockerd's
# default container ulimit would fail.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ENGINE_DIR="${DOCKER_ENGINE_DIR:-$DATA_DIR/docker}"
OWN_SOCKET="$ENGINE_DIR/docker.sock"
OWN_HOST="unix://$OWN_SOCKET"
PID_FILE="$ENGINE_DIR/dockerd.pid"
LOG_FILE="$ENGINE_DIR/dockerd.log"

answers() { DOCKER_HOST="$1" timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# The engine to use: DOCKER_HOST when set and answering, then the default socket, then ours.
engine_host() {
  if [ -n "${DOCKER_HOST:-}" ] && answers "$DOCKER_HOST"; then echo "$DOCKER_HOST"; return 0; fi
  if [ -S /var/run/docker.sock ] && answers unix:///var/run/docker.sock; then echo unix:///var/run/docker.sock; return 0; fi
  if answers "$OWN_HOST"; then echo "$OWN_HOST"; return 0; fi
  return 1
}

install_engine() {
  command -v dockerd >/dev/null && command -v docker-compose >/dev/null && return 0
  [ "$(id -u)" = 0 ] || die "dockerd/docker-compose missing; install Debian's docker.io and docker-compose (needs root)"
  log "installing Debian's docker.io and docker-compose"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io docker-compose >/dev/null
}

start() {
  local host
  if host="$(engine_host)"; then log "Docker engine answers at $host"; return 0; fi
  install_engine
  mkdir -p "$ENGINE_DIR/root" "$ENGINE_DIR/exec"
  rm -f "$OWN_SOCKET"
  log "starting dockerd (data under $ENGINE_DIR, socket $OWN_SOCKET)"
  start_detached "$PID_FILE" "$LOG_FILE" dockerd \
    --data-root "$ENGINE_DIR/root" --exec-root "$ENGINE_DIR/exec" \
    --pidfile "$ENGINE_DIR/exec/dockerd.pid" -H "$OWN_HOST" \
    --default-ulimit nofile=20000:20000
  local deadline=$(( $(date +%s) + 60 ))
  until answers "$OWN_HOST"; do
    pid_alive "$PID_FILE" || die "dockerd exited; see $LOG_FILE"
    [ "$(date +%s)" -lt "$deadline" ] || die "dockerd did not answer within 60s; see $LOG_FILE"
    sleep 0.5
  done
  log "Docker engine ready at $OWN_HOST"
}

stop() {
  # Containers die with dockerd's containerd; stopping them first lets them end cleanly.
  if answers "$OWN_HOST" && pid_alive "$PID_FILE"; then
    local running
    running="$(DOCKER_HOST="$OWN_HOST" docker ps -q)"
    [ -z "$running" ] || DOCKER_HOST="$OWN_HOST" docker stop -t 10 $running >/dev/null || true
  fi
  stop_pid_file "$PID_FILE" dockerd 30
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    if host="$(engine_host)"; then echo "Docker engine at $host ($(DOCKER_HOST="$host" docker version --format '{{.Server.Version}}'))"
    else echo "no Docker engine answers"; exit 1; fi ;;
  env)
    host="$(engine_host)" || die "no Docker engine answers (scripts/docker-engine.sh start)"
    echo "export DOCKER_HOST=$host" ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
