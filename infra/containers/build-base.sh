#!/usr/bin/env bash
# Base images for the project's own images, built without any container registry (ADR 0013).
#
# With a registry (CONTAINER_BASE=official, or auto-detected when Docker Hub answers) nothing is built
# here: the Dockerfiles' build arguments keep their defaults (node:24-slim, ...). Without one, the
# bases come from Debian packages (debootstrap, the mirror apt already uses) and are named under the
# project's namespace, never as an official image:
#   massage/base-debian:bookworm   minbase Debian (docker import)
#   massage/base-jre:bookworm      + openjdk-17-jre-headless (Kafka)
#   massage/base-postgres:bookworm + postgresql-15
#   massage/node:24                base-debian + the Node 24 binary of the npm `node` package (node_modules)
# Prints the build arguments to use, one per line (NAME=VALUE), on stdout.
set -euo pipefail
# shellcheck source=infra/containers/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ "$(container_base_mode)" = official ]; then
  log "base images: official (a registry answers or CONTAINER_BASE=official)"
  printf '%s\n' NODE_IMAGE=node:24-slim
  exit 0
fi

SUITE=bookworm
MIRROR="${DEBIAN_MIRROR:-$(debian_mirror)}"
WORK="$CONTAINERS_DATA/base"
mkdir -p "$WORK"

# debootstrap one rootfs (with extra packages) and import it as NAME, unless the image exists.
import_rootfs() {
  local name="$1" include="$2" rootfs="$WORK/rootfs-${1//[:\/]/-}"
  image_exists "$name" && { log "$name exists"; return 0; }
  rm -rf "$rootfs"
  log "debootstrap $SUITE → $name (${include:-minbase only}) from $MIRROR"
  debootstrap --variant=minbase ${include:+--include="$include"} "$SUITE" "$rootfs" "$MIRROR" >"$rootfs.log" 2>&1 \
    || { tail -20 "$rootfs.log" >&2; die "debootstrap failed for $name"; }
  # Smaller images: no apt lists, caches, docs or man pages (nothing installs packages in them later).
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*
  # postgresql-15's install creates a default cluster; the image's entrypoint makes its own in PGDATA.
  rm -rf "$rootfs"/var/lib/postgresql/15 "$rootfs"/etc/postgresql/15
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' - "$name" >/dev/null
  rm -rf "$rootfs"
  log "$name imported ($(image_size "$name"))"
}

if ! command -v debootstrap >/dev/null; then
  [ "$(id -u)" = 0 ] || die "debootstrap is needed (apt-get install debootstrap)"
  log "installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null || die "could not install debootstrap"
fi
import_rootfs massage/base-debian:bookworm "" &
p1=$!
import_rootfs massage/base-jre:bookworm openjdk-17-jre-headless &
p2=$!
import_rootfs massage/base-postgres:bookworm postgresql-15 &
p3=$!
wait "$p1" && wait "$p2" && wait "$p3"

if ! image_exists massage/node:24; then
  node_bin="$ROOT/node_modules/node/bin/node"
  [ -x "$node_bin" ] || die "no Node 24 binary at $node_bin (npm ci installs the node package)"
  ctx="$WORK/node-context"
  rm -rf "$ctx" && mkdir -p "$ctx" && cp "$node_bin" "$ctx/node"
  log "building massage/node:24 (Node $("$node_bin" --version))"
  docker build -q -f "$CONTAINERS_DIR/node.Dockerfile" --build-arg BASE_IMAGE=massage/base-debian:bookworm \
    -t massage/node:24 "$ctx" >"$WORK/node-build.log" 2>&1 || { tail -20 "$WORK/node-build.log" >&2; die "building massage/node:24 failed"; }
  rm -rf "$ctx"
fi
printf '%s\n' NODE_IMAGE=massage/node:24
