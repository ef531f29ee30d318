#!/usr/bin/env bash
# The one-service redeploy, tested (docs/deploying.md): with the compose system up (a project of its
# own, free ports) and a steady load registering clients through the gateway (at a location HQ opens
# first; the load starts once intake has heard of it from scheduling), build a new intake image,
# run its migration as a one-shot container, start the new intake beside the old one (compose scale 2,
# the old container kept), wait until it is healthy, stop the old one (SIGTERM: it drains and exits),
# remove it. The load client retries a failed POST with the same Idempotency-Key. Prints the figures:
# requests sent / failed after retries, events lost / duplicated, swap time. Removes everything after.
set -euo pipefail
# shellcheck source=infra/containers/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../infra/containers/lib.sh"
export COMPOSE_PROJECT_NAME="${COMPOSE_PROJECT_NAME:-massage-redeploy}"
export CONTAINERS_FREE_PORTS=1
# shellcheck source=scripts/containers-env.sh
source "$ROOT/scripts/containers-env.sh"
NEW_TAG="${NEW_TAG:-redeploy-$(date +%s)}"
work="$(mktemp -d)"

engine_was_up=0
bash "$ROOT/scripts/docker-engine.sh" status >/dev/null 2>&1 && engine_was_up=1
load_pid=""
cleanup() {
  local status=$?
  [ -z "$load_pid" ] || kill "$load_pid" 2>/dev/null || true
  if [ -z "${CONTAINERS_TEST_KEEP:-}" ]; then
    CONTAINERS_VOLUMES=remove CONTAINERS_KEEP_ENGINE=$([ "$engine_was_up" = 1 ] && echo 1) bash "$ROOT/scripts/containers-down.sh" || true
    docker image rm "massage/intake:$NEW_TAG" >/dev/null 2>&1 || true
    rm -rf "$CONTAINERS_DATA/$COMPOSE_PROJECT_NAME"
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

bash "$ROOT/scripts/containers-up.sh"
use_engine
containers_secrets
intake_ids() { docker ps -q --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" --filter label=com.docker.compose.service=intake; }
old="$(intake_ids)"
[ "$(echo "$old" | wc -l)" = 1 ] || die "expected one intake container, found: $old"
gateway="$(docker ps -q --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" --filter label=com.docker.compose.service=gateway)"
location="redeploy-$(date +%s)"
token="$(docker exec "$gateway" node main.js issue-token --location "$location" --role front-desk --sub redeploy-front-desk)"
hq_token="$(docker exec "$gateway" node main.js issue-token --role hq-admin --sub redeploy-hq)"

# HQ opens the location, intake must hear of it (scheduling.locations.v1) before it accepts clients there: the
# load client does both, then writes ready. 4 requests/s is under the gateway's per-token and per-address rate limits
# (300 and 600 a minute), but the retries of the swap's 502s come on top: a 429 waits its Retry-After (CI run of
# 2026-12-01: 32 registrations failed on 429 after 371 retries of 502).
log "opening location $location as hq-admin; steady load through the gateway (${RATE:-4} requests/s) once intake accepts it"
GATEWAY_URL="http://127.0.0.1:$GATEWAY_HOST_PORT" TOKEN="$token" HQ_TOKEN="$hq_token" LOCATION="$location" KAFKA_BROKERS="127.0.0.1:$KAFKA_HOST_PORT" \
  RATE="${RATE:-4}" READY_FILE="$work/ready" STOP_FILE="$work/stop" NODE_PATH="$ROOT/node_modules" node "$CONTAINERS_DIR/redeploy/load.cjs" >"$work/figures.json" 2>"$work/load.log" &
load_pid=$!
deadline=$(( $(date +%s) + 90 ))
until [ -e "$work/ready" ]; do
  kill -0 "$load_pid" 2>/dev/null || { cat "$work/load.log" >&2; die "the load client stopped before intake accepted location $location"; }
  [ "$(date +%s)" -lt "$deadline" ] || { cat "$work/load.log" >&2; die "intake did not accept location $location within 90 s"; }
  sleep 0.5
done
log "intake accepts $location; the load runs"

log "1. build the new intake image (massage/intake:$NEW_TAG)"
IMAGE_TAG="$NEW_TAG" SKIP_NX_BUILD="${SKIP_NX_BUILD:-}" bash "$CONTAINERS_DIR/build-images.sh" intake
log "2. run its migration (one-shot, before the new version serves)"
IMAGE_TAG="$NEW_TAG" compose run --rm --no-deps intake-migrate >&2
log "3. start the new intake beside the old one"
swap_started=$(date +%s.%N)
IMAGE_TAG="$NEW_TAG" compose up -d --no-deps --no-recreate --scale intake=2 intake >&2
new="$(intake_ids | grep -v "$old")"
[ -n "$new" ] || die "no new intake container"
deadline=$(( $(date +%s) + 90 ))
until [ "$(docker inspect -f '{{.State.Health.Status}}' "$new")" = healthy ]; do
  [ "$(date +%s)" -lt "$deadline" ] || die "the new intake did not become healthy"
  sleep 0.5
done
healthy_seconds="$(echo "$(date +%s.%N) - $swap_started" | bc)"
log "4. stop the old intake (SIGTERM, 30 s to drain) and remove it"
docker stop -t 30 "$old" >/dev/null
docker rm "$old" >/dev/null
swap_seconds="$(echo "$(date +%s.%N) - $swap_started" | bc)"
[ "$(docker inspect -f '{{.Config.Image}}' "$new")" = "massage/intake:$NEW_TAG" ] || die "the remaining intake does not run the new image"

sleep 10 # load keeps going on the new version
touch "$work/stop"
status=0
wait "$load_pid" || status=$?
load_pid=""
log "figures: $(cat "$work/figures.json") swapSeconds=$(printf '%.1f' "$swap_seconds") (new intake healthy after $(printf '%.1f' "$healthy_seconds"))"
[ "$status" = 0 ] || { cat "$work/load.log" >&2; die "the redeploy lost requests or events (exit $status)"; }
log "redeploy OK: no request failed after retries, no event lost or duplicated"
