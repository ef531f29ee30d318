#!/usr/bin/env bash
# Stops the broker and wipes its data directory (all topics, offsets and consumer groups), so the
# next start.sh formats a fresh cluster. `reset.sh --start` starts it again and recreates topics.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"

bash "$ROOT/infra/kafka/stop.sh"
if [ -d "$KAFKA_DATA_DIR" ]; then
  # Only ever delete a directory that start.sh made (guards against a mistyped KAFKA_DATA_DIR).
  if [ -n "$(ls -A "$KAFKA_DATA_DIR")" ] && [ ! -e "$KAFKA_DATA_DIR/server.properties" ] && [ ! -d "$KAFKA_DATA_DIR/kraft-combined-logs" ]; then
    die "$KAFKA_DATA_DIR does not look like a Kafka data directory made by start.sh; not deleting it"
  fi
  log "wiping $KAFKA_DATA_DIR"
  rm -rf "$KAFKA_DATA_DIR"
fi
if [ "${1:-}" = "--start" ]; then
  bash "$ROOT/infra/kafka/start.sh"
  bash "$ROOT/infra/kafka/create-topics.sh"
fi
