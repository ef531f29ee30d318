#!/usr/bin/env bash
# `npm run test:containers`: brings the compose system up on ports of its own (a project of its own,
# so it runs beside `npm run up` and beside `npm run up:containers`), then runs
#   1. the compose check against the running system (infra/compose/compose.running.check.ts): every
#      app a healthy container, migrations done, the first flow through the published gateway;
#   2. the end-to-end suite (apps/e2e), unchanged, with the containers' Kafka, PostgreSQL and SMTP
#      catcher as its infrastructure (the suite starts its own service processes from dist/).
# Then removes the project with its volumes, and stops the engine if this run started it.
# Env: CONTAINERS_TEST_KEEP=1 leaves the system up for a look; SKIP_NX_BUILD=1 reuses dist/.
set -euo pipefail
# shellcheck source=infra/containers/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../infra/containers/lib.sh"
export COMPOSE_PROJECT_NAME="${COMPOSE_PROJECT_NAME:-massage-test}"
export CONTAINERS_FREE_PORTS=1 # other test runs share this machine
# shellcheck source=scripts/containers-env.sh
source "$ROOT/scripts/containers-env.sh"
started=$(date +%s)

engine_was_up=0
bash "$ROOT/scripts/docker-engine.sh" status >/dev/null 2>&1 && engine_was_up=1
cleanup() {
  local status=$?
  [ -z "${e2e_sms_started:-}" ] || bash "$ROOT/infra/sms/stop.sh" || true
  if [ -z "${CONTAINERS_TEST_KEEP:-}" ]; then
    CONTAINERS_VOLUMES=remove CONTAINERS_KEEP_ENGINE=$([ "$engine_was_up" = 1 ] && echo 1) bash "$ROOT/scripts/containers-down.sh" || true
    rm -rf "$CONTAINERS_DATA/$COMPOSE_PROJECT_NAME"
  fi
  log "test:containers finished in $(( $(date +%s) - started ))s (exit $status)"
}
trap cleanup EXIT

bash "$ROOT/scripts/containers-up.sh"
use_engine

# The containers' infrastructure for the tests on the host: no SASL in compose (ADR 0013).
export KAFKA_AUTH=none KAFKA_BROKERS="127.0.0.1:$KAFKA_HOST_PORT" KAFKA_SASL_USERNAME='' KAFKA_SASL_PASSWORD=''
export PGHOST=127.0.0.1 PGPORT="$POSTGRES_HOST_PORT" PGUSER=postgres PGPASSWORD="$POSTGRES_PASSWORD"
export SMTP_HOST=127.0.0.1 SMTP_PORT="$SMTP_HOST_PORT" MAILBOX_DIR="$MAILBOX_HOST_DIR"

log "compose check against the running system"
jest -c "$ROOT/infra/compose/jest.running.cjs" --runInBand

log "end-to-end suite against the containers' Kafka, PostgreSQL and SMTP"
# The suite starts its own service processes; the composed services would consume the same topics
# and send a second welcome e-mail into the same mailbox, so they stop (the infrastructure stays).
containers_secrets
compose stop -t 20 gateway intake scheduling treatment notification >&2
[ -n "${SKIP_NX_BUILD:-}" ] || (cd "$ROOT" && NX_DAEMON=false nx run-many -t build -p gateway,intake,scheduling,treatment,notification --parallel=1 --outputStyle=static >/dev/null)
# The suite's notification runs on the host, so the SMS stand-in it sends to must post its delivery reports back to
# the host: a host stand-in on a free port (the composed one posts from inside its container). The compose stack's
# webhook password is not the suite's: without it (and outside production) the suite's notification takes the
# stand-in's unauthenticated posts, as with `npm run up`.
unset SMS_WEBHOOK_PASSWORD SMS_WEBHOOK_USER
export SMS_PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
export SMS_RUN_DIR="$CONTAINERS_DATA/$COMPOSE_PROJECT_NAME/sms" SMS_OUTBOX_DIR="$CONTAINERS_DATA/$COMPOSE_PROJECT_NAME/sms-outbox"
e2e_sms_started=1
bash "$ROOT/infra/sms/start.sh"
jest -c "$ROOT/apps/e2e/jest.e2e.cjs" --runInBand
