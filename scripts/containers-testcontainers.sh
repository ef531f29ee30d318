#!/usr/bin/env bash
# Integration suites with testcontainers for real: no KAFKA_BROKERS / PGHOST in the environment, a
# Docker engine reachable, so libs/testing starts the project's Kafka and PostgreSQL images itself
# (libs/testing/src/lib/containers.ts), once for the run (containers.main.ts). The settings these machines need (../shared/STACK.md):
# TESTCONTAINERS_RYUK_DISABLED=true (the Ryuk image cannot be pulled; the containers are removed here
# by their label instead) and TESTCONTAINERS_HOST_OVERRIDE=localhost (the machine has /.dockerenv).
# Usage: containers-testcontainers.sh [jest config ...]   (default: messaging and intake feature)
set -euo pipefail
# shellcheck source=infra/containers/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../infra/containers/lib.sh"
configs=("$@")
[ ${#configs[@]} -gt 0 ] || configs=(libs/messaging/jest.config.cjs libs/intake/feature/jest.config.cjs)

engine_was_up=0
bash "$ROOT/scripts/docker-engine.sh" status >/dev/null 2>&1 && engine_was_up=1
remove_test_containers() {
  local ids
  ids="$(docker ps -aq --filter label=massage.testcontainers=true 2>/dev/null || true)"
  [ -z "$ids" ] || docker rm -f -v $ids >/dev/null || true
}
cleanup() {
  local status=$?
  remove_test_containers
  [ "$engine_was_up" = 1 ] || bash "$ROOT/scripts/docker-engine.sh" stop || true
  exit "$status"
}
trap cleanup EXIT

bash "$ROOT/scripts/docker-engine.sh" start
use_engine
missing=()
for image in kafka postgres; do image_exists "massage/$image:${IMAGE_TAG:-local}" || missing+=("$image"); done
[ ${#missing[@]} -eq 0 ] || bash "$CONTAINERS_DIR/build-images.sh" "${missing[@]}"

unset KAFKA_BROKERS PGHOST PGPORT PGUSER PGPASSWORD SMTP_HOST MAILBOX_DIR KAFKA_SASL_USERNAME KAFKA_SASL_PASSWORD
export KAFKA_AUTH=none TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost
# testcontainers starts one Kafka and one PostgreSQL for the whole run (libs/testing/src/lib/containers.main.ts);
# every suite then finds them in the environment, as it finds the local stack's.
log "starting Kafka and PostgreSQL through testcontainers"
addresses="$(cd "$ROOT" && run_ts "$ROOT/libs/testing/src/lib/containers.main.ts")" || die "testcontainers could not start the containers"
while IFS='=' read -r name value; do
  [[ "$name" =~ ^(KAFKA_BROKERS|PGHOST|PGPORT|PGUSER|PGPASSWORD)$ ]] && export "$name=$value"
done <<<"$addresses"
log "testcontainers: Kafka $KAFKA_BROKERS, PostgreSQL $PGHOST:$PGPORT"
status=0
for config in "${configs[@]}"; do
  log "jest -c $config with testcontainers ($DOCKER_HOST)"
  (cd "$ROOT" && jest -c "$config" --runInBand) || status=1
done
exit "$status"
