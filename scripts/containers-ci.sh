#!/usr/bin/env bash
# The container path as CI runs it (.ci/run, after the test command): a Docker engine (installed and
# started when none answers), every image built without a registry, then
#   1. test:containers    compose check against the running system + the e2e suite on the containers
#   2. the one-service redeploy test (docs/deploying.md)
#   3. the messaging and intake integration suites with testcontainers (containers-testcontainers.sh)
# and, whatever happens, the engine stopped again if this run started it. Prints each step's time.
set -euo pipefail
# shellcheck source=infra/containers/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../infra/containers/lib.sh"
started=$(date +%s)
engine_was_up=0
bash "$ROOT/scripts/docker-engine.sh" status >/dev/null 2>&1 && engine_was_up=1
cleanup() {
  local status=$?
  [ "$engine_was_up" = 1 ] || bash "$ROOT/scripts/docker-engine.sh" stop || true
  log "container path finished in $(( $(date +%s) - started ))s (exit $status)"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step() {
  local name="$1" t0
  shift
  t0=$(date +%s)
  log "== $name"
  "$@"
  log "== $name: ok in $(( $(date +%s) - t0 ))s"
}
step "engine" bash "$ROOT/scripts/docker-engine.sh" start
step "images" bash "$CONTAINERS_DIR/build-images.sh"
step "test:containers" env SKIP_NX_BUILD=1 bash "$ROOT/scripts/containers-test.sh"
step "redeploy" env SKIP_NX_BUILD=1 bash "$ROOT/scripts/containers-redeploy-test.sh"
step "testcontainers" bash "$ROOT/scripts/containers-testcontainers.sh"
