#!/usr/bin/env bash
# Brings up everything the services and tests talk to, each step idempotent:
# packages and jars, PostgreSQL + the service databases, Kafka + topics, the SMTP mail catcher.
# Ports and directories come from scripts/env.sh (override KAFKA_PORT, SMTP_PORT, DATA_DIR, ...).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash "$ROOT/scripts/install.sh"
bash "$ROOT/infra/postgres/create-databases.sh"
bash "$ROOT/infra/kafka/start.sh"
bash "$ROOT/infra/kafka/create-topics.sh"
bash "$ROOT/infra/smtp/start.sh"
bash "$ROOT/infra/sms/start.sh"
log "infrastructure up: Kafka $KAFKA_BROKERS, PostgreSQL $PGHOST:$PGPORT, SMTP $SMTP_HOST:$SMTP_PORT (mailbox http://127.0.0.1:$SMTP_WEB_PORT), SMS stand-in http://127.0.0.1:$SMS_PORT"
