# shellcheck shell=bash
# Helpers for the container scripts (sourced after `set -euo pipefail`); loads scripts/lib.sh.
# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"

CONTAINERS_DIR="$ROOT/infra/containers"
CONTAINERS_DATA="$DATA_DIR/containers"
export CONTAINERS_DIR CONTAINERS_DATA

# The Docker engine: DOCKER_HOST / the default socket / ours (scripts/docker-engine.sh starts it).
use_engine() {
  local line
  line="$(bash "$ROOT/scripts/docker-engine.sh" env)" || die "no Docker engine (scripts/docker-engine.sh start)"
  export DOCKER_HOST="${line#export DOCKER_HOST=}"
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }
image_size() { docker image inspect -f '{{.Size}}' "$1" | awk '{printf "%.0f MB", $1 / 1000000}'; }

# official: the Dockerfiles' defaults (node:24-slim, ...) — needs a registry; own: built here from
# Debian. CONTAINER_BASE=official|own decides; otherwise "official" only when Docker Hub answers.
container_base_mode() {
  case "${CONTAINER_BASE:-auto}" in
    official | own) echo "$CONTAINER_BASE"; return 0 ;;
  esac
  # /v2/ answers 401 (auth needed) when the registry is reachable; nothing is pulled.
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 https://registry-1.docker.io/v2/ 2>/dev/null || true)"
  if [ "$code" = 401 ] || [ "$code" = 200 ]; then echo official; else echo own; fi
}

# The Debian mirror apt already uses (deb822 sources or sources.list), for debootstrap.
debian_mirror() {
  local uri
  uri="$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | grep -v security | head -n1 | awk '{print $2}')"
  [ -n "$uri" ] || uri="$(grep -hsE '^deb ' /etc/apt/sources.list | grep -v security | head -n1 | awk '{print $2}')"
  echo "${uri:-http://deb.debian.org/debian}"
}
