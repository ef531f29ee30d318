#!/usr/bin/env bash
# Builds every image of the system without any registry or network access during `docker build`:
#   massage/{gateway,intake,scheduling,treatment,notification}:$IMAGE_TAG   (infra/containers/service.Dockerfile)
#   massage/kafka:$IMAGE_TAG, massage/postgres:$IMAGE_TAG, massage/smtp:$IMAGE_TAG, massage/sms:$IMAGE_TAG
# Each build context is staged under .data/containers/stage/<image>: for a service, the Nx bundle
# (dist/apps/<app>/main.js and its assets, in app/), the package.json + lockfile Nx generated for it, and the production
# node_modules installed from that lockfile on the host (npm, cached by lockfile hash).
# Usage: build-images.sh [image ...]   (default: all). Env: IMAGE_TAG (local), CONTAINER_BASE (auto|own|official),
#        SKIP_NX_BUILD=1 to reuse dist/ as it is.
set -euo pipefail
# shellcheck source=infra/containers/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SERVICES=(gateway intake scheduling treatment notification)
declare -A PORTS=([gateway]=3000 [intake]=3001 [scheduling]=3002 [treatment]=3003 [notification]=3004)
TAG="${IMAGE_TAG:-local}"
STAGE="$CONTAINERS_DATA/stage"
wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=("${SERVICES[@]}" kafka postgres smtp sms)

use_engine
started=$(date +%s)

# Base images (and which build arguments select them).
build_args=()
mapfile -t base < <(bash "$CONTAINERS_DIR/build-base.sh")
for arg in "${base[@]}"; do build_args+=(--build-arg "$arg"); done
# Official bases are the Dockerfiles' defaults; the project's own are passed explicitly.
[ "$(container_base_mode)" = official ] || build_args+=(--build-arg JRE_IMAGE=massage/base-jre:bookworm --build-arg POSTGRES_BASE_IMAGE=massage/base-postgres:bookworm)
version="$(node -p 'require(process.argv[1]).version' "$ROOT/package.json")"
commit="$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
git -C "$ROOT" diff --quiet HEAD -- apps libs infra 2>/dev/null || commit="$commit-dirty"
build_args+=(--build-arg "VERSION=$version" --build-arg "COMMIT=$commit")

is_wanted() { local w; for w in "${wanted[@]}"; do [ "$w" = "$1" ] && return 0; done; return 1; }

build() { # image dockerfile context [extra args]
  local image="$1" dockerfile="$2" context="$3" t0
  shift 3
  t0=$(date +%s)
  # The legacy builder (Debian's engine has no BuildKit plugin) warns on every build: kept in the log.
  docker build -f "$dockerfile" "${build_args[@]}" "$@" -t "massage/$image:$TAG" "$context" >"$CONTAINERS_DATA/build-$image.log" 2>&1 \
    || { tail -20 "$CONTAINERS_DATA/build-$image.log" >&2; die "docker build of massage/$image failed"; }
  log "massage/$image:$TAG built in $(( $(date +%s) - t0 ))s ($(image_size "massage/$image:$TAG"))"
}

# ---------------------------------------------------------------- services
apps=()
for app in "${SERVICES[@]}"; do is_wanted "$app" && apps+=("$app"); done
if [ ${#apps[@]} -gt 0 ]; then
  if [ -z "${SKIP_NX_BUILD:-}" ]; then
    log "nx build ${apps[*]}"
    (cd "$ROOT" && NX_DAEMON=false nx run-many -t build -p "$(IFS=,; echo "${apps[*]}")" --parallel=1 --outputStyle=static >"$CONTAINERS_DATA/nx-build.log" 2>&1) \
      || { tail -30 "$CONTAINERS_DATA/nx-build.log" >&2; die "nx build failed (log $CONTAINERS_DATA/nx-build.log)"; }
  fi
  for app in "${apps[@]}"; do
    dist="$ROOT/dist/apps/$app"
    ctx="$STAGE/$app"
    [ -f "$dist/main.js" ] && [ -f "$dist/package-lock.json" ] || die "no bundle in $dist (nx build $app)"
    mkdir -p "$ctx"
    # Production dependencies from the lockfile Nx generated, reinstalled only when it changes.
    lock_hash="$(sha256sum "$dist/package-lock.json" | cut -d' ' -f1)"
    if [ "$(cat "$ctx/.lock.sha256" 2>/dev/null)" != "$lock_hash" ]; then
      log "$app: installing production node_modules from its pruned lockfile"
      rm -rf "$ctx/node_modules"
      cp "$dist/package.json" "$dist/package-lock.json" "$ctx/"
      (cd "$ctx" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error >/dev/null) \
        || die "npm ci for $app failed"
      echo "$lock_hash" >"$ctx/.lock.sha256"
    fi
    cp "$dist/package.json" "$dist/package-lock.json" "$ctx/"
    # The bundle and what it ships beside it (notification's message templates): everything but the package files.
    rm -rf "$ctx/app" && mkdir -p "$ctx/app"
    (cd "$dist" && find . -mindepth 1 -maxdepth 1 ! -name 'package.json' ! -name 'package-lock.json' ! -name node_modules -exec cp -r {} "$ctx/app/" \;)
    build "$app" "$CONTAINERS_DIR/service.Dockerfile" "$ctx" --build-arg "APP=$app" --build-arg "PORT=${PORTS[$app]}"
  done
fi

# ---------------------------------------------------------------- infrastructure
if is_wanted kafka; then
  bash "$ROOT/infra/kafka/fetch.sh"
  ctx="$STAGE/kafka"
  rm -rf "$ctx" && mkdir -p "$ctx/libs"
  cp -l "$ROOT"/infra/kafka/lib/*.jar "$ctx/libs/" 2>/dev/null || cp "$ROOT"/infra/kafka/lib/*.jar "$ctx/libs/"
  cp -r "$CONTAINERS_DIR/kafka/bin" "$CONTAINERS_DIR/kafka/log4j2.properties" "$ctx/"
  build kafka "$CONTAINERS_DIR/kafka/Dockerfile" "$ctx"
fi
if is_wanted postgres; then
  ctx="$STAGE/postgres"
  rm -rf "$ctx" && mkdir -p "$ctx"
  cp "$CONTAINERS_DIR/postgres/entrypoint.sh" "$ROOT/infra/compose/postgres-init.sql" "$ctx/"
  build postgres "$CONTAINERS_DIR/postgres/Dockerfile" "$ctx"
fi
if is_wanted smtp; then
  ctx="$STAGE/smtp"
  rm -rf "$ctx" && mkdir -p "$ctx"
  (cd "$ROOT" && webpack -c "$CONTAINERS_DIR/smtp/webpack.config.cjs" --env "out=$ctx" >"$CONTAINERS_DATA/smtp-build.log" 2>&1) \
    || { tail -20 "$CONTAINERS_DATA/smtp-build.log" >&2; die "bundling the SMTP catcher failed"; }
  build smtp "$CONTAINERS_DIR/smtp/Dockerfile" "$ctx"
fi
if is_wanted sms; then
  ctx="$STAGE/sms"
  rm -rf "$ctx" && mkdir -p "$ctx"
  (cd "$ROOT" && webpack -c "$CONTAINERS_DIR/sms/webpack.config.cjs" --env "out=$ctx" >"$CONTAINERS_DATA/sms-build.log" 2>&1) \
    || { tail -20 "$CONTAINERS_DATA/sms-build.log" >&2; die "bundling the SMS stand-in failed"; }
  build sms "$CONTAINERS_DIR/sms/Dockerfile" "$ctx"
fi

log "images built in $(( $(date +%s) - started ))s:"
docker images --format '{{.Repository}}:{{.Tag}}\t{{.Size}}' | grep -E "^massage/" | sort >&2
