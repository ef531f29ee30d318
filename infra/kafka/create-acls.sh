#!/usr/bin/env bash
# Makes the broker's ACLs match the event catalogue (kafkaAclRules in @massage/contracts), as the
# admin principal; idempotent (see tools/scripts/create-acls.ts). Only meaningful with KAFKA_AUTH=sasl.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"

[ "$KAFKA_AUTH" = sasl ] || { log "KAFKA_AUTH=$KAFKA_AUTH: the broker has no authorizer; no ACLs to create"; exit 0; }
cd "$ROOT"
run_ts "$ROOT/tools/scripts/create-acls.ts" "$@"
