#!/usr/bin/env bash
# `npm run down`: stops the services started by up.sh, then the SMTP mail catcher and Kafka, all
# by their pid files. Data (.data/) is kept; PostgreSQL is the machine's and keeps running.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

status=0
if [ -d "$RUN_DIR" ]; then
  # All services at once: each drains its consumers and closes its pools on SIGTERM.
  stoppers=()
  for pid_file in "$RUN_DIR"/*.pid; do
    [ -e "$pid_file" ] || continue
    stop_pid_file "$pid_file" "$(basename "$pid_file" .pid)" 20 &
    stoppers+=("$!")
  done
  for stopper in "${stoppers[@]}"; do
    wait "$stopper" || status=1
  done
fi
bash "$ROOT/scripts/infra-down.sh" || status=1
exit "$status"
