#!/usr/bin/env bash
# Creates the topics of the event catalogue (TOPICS in @massage/contracts) and the consumer
# groups' dead-letter topics on $KAFKA_BROKERS; idempotent (see tools/scripts/create-topics.ts).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"

cd "$ROOT"
run_ts "$ROOT/tools/scripts/create-topics.ts" "$@"
