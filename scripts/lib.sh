# shellcheck shell=bash
# Helpers shared by the scripts (sourced after `set -euo pipefail`). Loads scripts/env.sh too.
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# A pid file holds "<pid> <identity>" (start_detached writes it): pids are reused, so a pid alone
# can name someone else's process after the one we started exited or the machine rebooted.

# When PID started, in clock ticks since boot (/proc/<pid>/stat field 22, counted after the command
# name, which may hold spaces). Fails when the process does not exist or has exited (a zombie).
proc_start_ticks() {
  local stat fields
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  read -r -a fields <<<"${stat##*) }"
  [ "${fields[0]:-}" != Z ] && [ -n "${fields[19]:-}" ] || return 1
  printf '%s\n' "${fields[19]}"
}

# What tells a process apart from a later one with the same pid: its start time and the boot it
# belongs to.
proc_identity() {
  local ticks boot
  ticks="$(proc_start_ticks "$1")" || return 1
  boot="$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo unknown-boot)"
  printf '%s@%s\n' "$ticks" "$boot"
}

# The pid recorded in FILE (empty when there is none).
pid_of() {
  local pid=""
  [ -s "$1" ] && read -r pid _ <"$1" 2>/dev/null
  printf '%s\n' "${pid:-}"
}

# True when the pid in FILE names a live process AND that process is the one the file was written
# for. A file naming a live process that is someone else's is stale: it is removed (with a log
# line) and that process is never signalled.
pid_alive() {
  local file="$1" pid="" recorded="" actual
  [ -s "$file" ] || return 1
  read -r pid recorded <"$file" 2>/dev/null || [ -n "$pid" ] || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  actual="$(proc_identity "$pid")" || return 1
  if [ -n "$recorded" ]; then
    [ "$recorded" = "$actual" ] && return 0
  elif started_when_written "$pid" "$file"; then
    return 0 # a file from before identities were recorded, written as its process started
  fi
  log "stale pid file $file: pid $pid is now another process (${recorded:-no identity recorded}, now $actual); removing the file, not signalling the process"
  rm -f "$file"
  return 1
}

# For pid files holding only a pid (written before identities were recorded): true when PID started
# within a few seconds before FILE was last written, as start_detached's files were.
started_when_written() {
  local pid="$1" file="$2" ticks btime started written
  ticks="$(proc_start_ticks "$pid")" || return 1
  btime="$(awk '/^btime / {print $2}' /proc/stat)"
  started=$(( btime + ticks / $(getconf CLK_TCK 2>/dev/null || echo 100) ))
  written="$(stat -c %Y "$file")"
  [ "$started" -le $(( written + 1 )) ] && [ "$started" -ge $(( written - 5 )) ]
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
# process we recorded ourselves (same pid and identity), never one found by name.
stop_pid_file() {
  local file="$1" name="$2" seconds="${3:-30}" pid identity deadline
  if ! pid_alive "$file"; then
    rm -f "$file"
    log "$name is not running"
    return 0
  fi
  pid="$(pid_of "$file")"
  identity="$(proc_identity "$pid")" || identity=gone
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(( $(date +%s) + seconds ))
  # Wait while that same process lives (its pid could be reused once it exits).
  while [ "$(proc_identity "$pid" 2>/dev/null)" = "$identity" ]; do
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
# stdout/stderr to LOG, "<pid> <identity>" in PIDFILE (see pid_alive).
start_detached() {
  local pidfile="$1" logfile="$2"
  shift 2
  mkdir -p "$(dirname "$pidfile")" "$(dirname "$logfile")"
  rm -f "$pidfile"
  # The inner shell records its own pid and identity, then execs the command (same pid, same start
  # time), so the file is right even if setsid had to fork. Written whole, then renamed into place.
  # shellcheck disable=SC2016  # expanded by the inner shell
  setsid bash -c "$(declare -f proc_start_ticks proc_identity)"'
    echo "$$ $(proc_identity $$)" >"$0.tmp" && mv -f "$0.tmp" "$0"; exec "$@"' "$pidfile" "$@" >>"$logfile" 2>&1 </dev/null &
  local _
  for _ in $(seq 1 50); do
    [ -s "$pidfile" ] && return 0
    sleep 0.1
  done
  die "could not start $* (no pid file $pidfile)"
}

# Processes this script run started with start_tracked (their pid files), so that a run that fails
# half-way can stop them (stop_tracked) and leave alone whatever was running before it.
TRACKED_PID_FILES=()
start_tracked() {
  start_detached "$@"
  TRACKED_PID_FILES+=("$1")
}
stop_tracked() {
  local seconds="${1:-20}" file stoppers=() stopper
  for file in "${TRACKED_PID_FILES[@]}"; do
    stop_pid_file "$file" "$(basename "$file" .pid)" "$seconds" &
    stoppers+=("$!")
  done
  for stopper in "${stoppers[@]}"; do wait "$stopper" || true; done
  TRACKED_PID_FILES=()
}

# Which of the Kafka broker, the SMTP catcher and the SMS stand-in (infra/*/start.sh) run now, by their pid
# files, e.g. "kafka smtp sms", "kafka" or "". Taken before a run starts them, for stop_infra_started_since.
infra_running() {
  local running=()
  pid_alive "$KAFKA_DATA_DIR/kafka.pid" && running+=(kafka)
  pid_alive "$SMTP_RUN_DIR/smtp.pid" && running+=(smtp)
  pid_alive "$SMS_RUN_DIR/sms.pid" && running+=(sms)
  echo "${running[*]}"
}

# Stops the SMTP catcher, the SMS stand-in and the Kafka broker unless BEFORE (infra_running's answer from before)
# names them: what this run started goes, what was running already stays.
stop_infra_started_since() {
  local before=" $1 "
  [[ "$before" == *" smtp "* ]] || bash "$ROOT/infra/smtp/stop.sh" || true
  [[ "$before" == *" sms "* ]] || bash "$ROOT/infra/sms/stop.sh" || true
  [[ "$before" == *" kafka "* ]] || bash "$ROOT/infra/kafka/stop.sh" || true
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
