# shellcheck shell=bash
# Starting a local stand-in (infra/smtp's mail catcher, infra/sms's SMS stand-in): its TypeScript entry point run
# through ts-node, detached, with a pid file and a log, ready when its ports accept connections on 127.0.0.1.
# Sourced by their start.sh after scripts/lib.sh; their stop.sh use stop_pid_file (scripts/lib.sh).

# start_stand_in NAME ENTRY PID_FILE LOG_FILE TIMEOUT PORTS STARTING READY
#   NAME      what the log lines call it ("SMS stand-in")
#   ENTRY     the .ts file to run, with the tsconfig.json beside it as TS_NODE_PROJECT
#   PORTS     "first [more...]", all on 127.0.0.1: the first is waited for TIMEOUT seconds (30 when it already
#             runs), each other one 5 seconds more
#   STARTING  what the "starting" line says after the first port (", outbox /x"); READY what the "ready" line says
# Does nothing when the stand-in of PID_FILE already runs, or something else holds the first port.
start_stand_in() {
  local name="$1" entry="$2" pid_file="$3" log_file="$4" timeout="$5" starting="$7" ready="$8" port opened=1
  local -a ports
  read -r -a ports <<<"$6"
  if pid_alive "$pid_file"; then
    # Ours and alive (maybe still starting): wait for its port rather than start a second one.
    wait_port 127.0.0.1 "${ports[0]}" 30 || die "$name (pid $(pid_of "$pid_file")) runs but 127.0.0.1:${ports[0]} is closed; see $log_file"
    log "$name already running (pid $(pid_of "$pid_file")) on 127.0.0.1:${ports[0]}"
    return 0
  fi
  if port_open 127.0.0.1 "${ports[0]}"; then
    # Someone else's server (not ours: no live pid file). Use it rather than fail to bind.
    log "something already listens on 127.0.0.1:${ports[0]} (not started by this script); leaving it"
    return 0
  fi

  log "starting $name on 127.0.0.1:${ports[0]}$starting, log $log_file"
  cd "$ROOT"
  start_detached "$pid_file" "$log_file" env \
    TS_NODE_PROJECT="$(dirname "$entry")/tsconfig.json" \
    node -r "$ROOT/node_modules/ts-node/register/transpile-only" -r "$ROOT/node_modules/tsconfig-paths/register" \
    "$entry"

  wait_port 127.0.0.1 "${ports[0]}" "$timeout" || opened=0
  for port in "${ports[@]:1}"; do
    [ "$opened" = 1 ] && wait_port 127.0.0.1 "$port" 5 || opened=0
  done
  if [ "$opened" = 0 ]; then
    tail -n 30 "$log_file" >&2 || true
    port="${ports[*]}"
    die "$name did not open 127.0.0.1:${port// / / }"
  fi
  pid_alive "$pid_file" || { tail -n 30 "$log_file" >&2; die "$name exited"; }
  log "$name ready (pid $(pid_of "$pid_file")): $ready"
}
