# shellcheck shell=bash
# Helpers shared by the scripts (sourced after `set -euo pipefail`). Loads scripts/env.sh too.
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# True when the pid in FILE names a live process.
pid_alive() {
  local file="$1" pid
  [ -s "$file" ] || return 1
  pid="$(cat "$file" 2>/dev/null)" || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# True when HOST:PORT accepts a TCP connection (bash's /dev/tcp: no nc/ss needed on the machine).
port_open() {
  local host="$1" port="$2"
  timeout 2 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
}

# Wait until HOST:PORT accepts connections or SECONDS pass.
wait_port() {
  local host="$1" port="$2" seconds="${3:-30}" deadline
  deadline=$(( $(date +%s) + seconds ))
  until port_open "$host" "$port"; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.3
  done
}

# Stop the process named by a pid file: SIGTERM, wait up to SECONDS, then SIGKILL. Only ever the
# pid we recorded ourselves, never a process found by name.
stop_pid_file() {
  local file="$1" name="$2" seconds="${3:-30}" pid deadline
  if ! pid_alive "$file"; then
    rm -f "$file"
    log "$name is not running"
    return 0
  fi
  pid="$(cat "$file")"
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(( $(date +%s) + seconds ))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "$name did not stop within ${seconds}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.3
  done
  rm -f "$file"
}

# Start a command detached (own session, so Ctrl-C or the caller's exit does not take it down),
# stdout/stderr to LOG, its real pid in PIDFILE.
start_detached() {
  local pidfile="$1" logfile="$2"
  shift 2
  mkdir -p "$(dirname "$pidfile")" "$(dirname "$logfile")"
  rm -f "$pidfile"
  # The inner shell writes its own pid and then execs the command, so the pid is right even if
  # setsid had to fork.
  # shellcheck disable=SC2016  # expanded by the inner shell
  setsid bash -c 'echo $$ > "$0"; exec "$@"' "$pidfile" "$@" >>"$logfile" 2>&1 </dev/null &
  local _
  for _ in $(seq 1 50); do
    [ -s "$pidfile" ] && return 0
    sleep 0.1
  done
  die "could not start $* (no pid file $pidfile)"
}

# Wait until URL answers HTTP 200 or SECONDS pass.
wait_http_ok() {
  local url="$1" seconds="${2:-60}" deadline
  deadline=$(( $(date +%s) + seconds ))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null || true)" = "200" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

# Run a TypeScript entry point with the repo's path aliases (@massage/*), no separate build step.
# (kafkajs 2.2.4 trips Node 24's TimeoutNegativeWarning on every connection; it is harmless.)
run_ts() {
  local file="$1"
  shift
  TS_NODE_PROJECT="$ROOT/tools/tsconfig.json" \
    node --disable-warning=TimeoutNegativeWarning -r "$ROOT/node_modules/ts-node/register/transpile-only" \
    -r "$ROOT/node_modules/tsconfig-paths/register" "$file" "$@"
}
