#!/usr/bin/env bash
# `npm run down:containers`: stops and removes the compose system (volumes too with
# CONTAINERS_VOLUMES=remove), then stops the Docker engine if scripts/docker-engine.sh started it
# (CONTAINERS_KEEP_ENGINE=1 keeps it). Never touches the non-container stack of `npm run up`.
set -euo pipefail
# shellcheck source=infra/containers/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../infra/containers/lib.sh"
# shellcheck source=scripts/containers-env.sh
source "$ROOT/scripts/containers-env.sh"

if line="$(bash "$ROOT/scripts/docker-engine.sh" env 2>/dev/null)"; then
  export DOCKER_HOST="${line#export DOCKER_HOST=}"
  # compose interpolates the secrets even to stop; placeholders do for that.
  export AUTH_TOKEN_SECRET="${AUTH_TOKEN_SECRET:-unused}" AUTH_ASSERTION_PRIVATE_KEY="${AUTH_ASSERTION_PRIVATE_KEY:-unused}" AUTH_ASSERTION_PUBLIC_KEYS="${AUTH_ASSERTION_PUBLIC_KEYS:-unused}"
  export NOTIFICATION_LINK_SECRET="${NOTIFICATION_LINK_SECRET:-unused}" SMS_WEBHOOK_PASSWORD="${SMS_WEBHOOK_PASSWORD:-unused}"
  volumes=(); [ "${CONTAINERS_VOLUMES:-keep}" != remove ] || volumes=(--volumes)
  log "docker-compose down (project $COMPOSE_PROJECT_NAME${volumes:+, volumes removed})"
  compose down --remove-orphans -t 20 "${volumes[@]}" >&2
else
  log "no Docker engine answers: nothing to stop"
fi
[ -n "${CONTAINERS_KEEP_ENGINE:-}" ] || bash "$ROOT/scripts/docker-engine.sh" stop
