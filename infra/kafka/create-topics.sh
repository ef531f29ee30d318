#!/usr/bin/env bash
# Creates the topics of the event catalogue (TOPICS in @massage/contracts) and the consumer
# groups' dead-letter topics on $KAFKA_BROKERS; idempotent (see tools/scripts/create-topics.ts).
# With KAFKA_AUTH=sasl it then applies the ACLs (create-acls.sh).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"

cd "$ROOT"
run_ts "$ROOT/tools/scripts/create-topics.ts" "$@"
# Topics and ACLs come from the same catalogue: a new topic or consumer group gets its ACLs here too.
[ "$KAFKA_AUTH" != sasl ] || bash "$ROOT/infra/kafka/create-acls.sh"
