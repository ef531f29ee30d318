#!/usr/bin/env bash
# `npm run up:containers`: the whole system as containers (docker-compose.yml), beside or instead of
# `npm run up`. Starts a Docker engine when none answers (scripts/docker-engine.sh), builds the images
# that are missing (infra/containers/build-images.sh; CONTAINERS_BUILD=always rebuilds them all),
# generates the gateway's secrets once under .data/containers/secrets, brings compose up and waits
# until the gateway is ready. Host ports: GATEWAY_HOST_PORT (3000), KAFKA_HOST_PORT (9092),
# POSTGRES_HOST_PORT (5432), SMTP_HOST_PORT (2525), SMTP_WEB_HOST_PORT (8025).
set -euo pipefail
# shellcheck source=infra/containers/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../infra/containers/lib.sh"
# shellcheck source=scripts/containers-env.sh
source "$ROOT/scripts/containers-env.sh"
started=$(date +%s)

for var in GATEWAY_HOST_PORT KAFKA_HOST_PORT POSTGRES_HOST_PORT SMTP_HOST_PORT SMTP_WEB_HOST_PORT; do
  port="${!var}"
  if port_open 127.0.0.1 "$port" && ! compose ps -q 2>/dev/null | grep -q .; then
    die "127.0.0.1:$port is taken (a local stack?); set $var to a free port"
  fi
done

bash "$ROOT/scripts/docker-engine.sh" start
use_engine

missing=()
for image in gateway intake scheduling treatment notification kafka postgres smtp; do
  [ "${CONTAINERS_BUILD:-missing}" = always ] || ! image_exists "massage/$image:$IMAGE_TAG" || continue
  missing+=("$image")
done
[ ${#missing[@]} -eq 0 ] || bash "$CONTAINERS_DIR/build-images.sh" "${missing[@]}"

containers_secrets
mkdir -p "$MAILBOX_HOST_DIR"
# The catcher runs as uid 1000 (the node user) and writes one file per message here.
chown 1000:1000 "$MAILBOX_HOST_DIR" 2>/dev/null || chmod 0777 "$MAILBOX_HOST_DIR"

log "docker-compose up (project $COMPOSE_PROJECT_NAME)"
compose up -d --no-build --remove-orphans >&2 || { compose ps >&2; compose logs --tail=40 >&2; die "docker-compose up failed"; }
# Ready: every running container with a health check reports healthy (the engine's view, which
# compose's depends_on and orchestrators use), and the gateway answers /health/ready on the host.
deadline=$(( $(date +%s) + 180 ))
while :; do
  unhealthy="$(docker ps --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" --filter health=starting --filter health=unhealthy --format '{{.Names}}')"
  [ -n "$unhealthy" ] || break
  [ "$(date +%s)" -lt "$deadline" ] || { compose ps >&2; die "not healthy after 180s: $unhealthy"; }
  sleep 1
done
wait_http_ok "http://127.0.0.1:$GATEWAY_HOST_PORT/health/ready" 60 || { compose ps >&2; compose logs --tail=40 gateway >&2; die "the gateway did not become ready"; }
log "system up in $(( $(date +%s) - started ))s:"
log "  gateway   http://127.0.0.1:$GATEWAY_HOST_PORT (OpenAPI /docs)"
log "  mailbox   http://127.0.0.1:$SMTP_WEB_HOST_PORT (files in $MAILBOX_HOST_DIR)"
log "  kafka     127.0.0.1:$KAFKA_HOST_PORT (PLAINTEXT)   postgres 127.0.0.1:$POSTGRES_HOST_PORT (postgres/\$POSTGRES_PASSWORD)"
# No demo data here: intake accepts only locations scheduling opened (ADR 0014), so HQ opens one first.
log "  tokens:   docker-compose -p $COMPOSE_PROJECT_NAME exec gateway node main.js issue-token --role hq-admin"
log "            docker-compose -p $COMPOSE_PROJECT_NAME exec gateway node main.js issue-token --location downtown --role front-desk"
log "  HQ opens a location before anyone works there (POST /v1/locations, example in /docs); intake accepts its code a moment later"
