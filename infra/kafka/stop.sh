#!/usr/bin/env bash
# Stops the broker started by start.sh, by its pid file: SIGTERM (controlled shutdown), then
# SIGKILL after KAFKA_STOP_TIMEOUT seconds (default 60). Data is kept; see reset.sh.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"

stop_pid_file "$KAFKA_DATA_DIR/kafka.pid" "Kafka" "${KAFKA_STOP_TIMEOUT:-60}"
