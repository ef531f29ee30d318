#!/usr/bin/env bash
# Waits until the broker at 127.0.0.1:$KAFKA_PORT accepts connections (Kafka opens the port only
# once the broker is unfenced) AND answers a metadata request. Deadline: KAFKA_READY_TIMEOUT
# seconds (default 90). On timeout prints the log tail and exits 1.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"

timeout_s="${KAFKA_READY_TIMEOUT:-90}"
deadline=$(( $(date +%s) + timeout_s ))
pid_file="$KAFKA_DATA_DIR/kafka.pid"
last=""

while :; do
  # Our broker died while starting: no point in waiting for the deadline.
  if [ -f "$pid_file" ] && ! pid_alive "$pid_file"; then
    log "the Kafka process (pid $(pid_of "$pid_file")) exited while starting"
    break
  fi
  if port_open 127.0.0.1 "$KAFKA_PORT"; then
    if last="$(node --disable-warning=TimeoutNegativeWarning "$ROOT/infra/kafka/ready.cjs" "127.0.0.1:$KAFKA_PORT" 2>&1)"; then
      log "$last"
      exit 0
    fi
  else
    last="127.0.0.1:$KAFKA_PORT is not accepting connections yet"
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    log "Kafka not ready after ${timeout_s}s: $last"
    break
  fi
  sleep 1
done

for f in "$KAFKA_DATA_DIR/logs/server.log" "$KAFKA_DATA_DIR/stdout.log"; do
  if [ -s "$f" ]; then
    echo "----- last lines of $f -----" >&2
    tail -n 40 "$f" >&2
  fi
done
exit 1
