#!/usr/bin/env bash
# Installs what the repo needs on a fresh machine or clone, skipping whatever is already there:
#   - npm packages (npm ci) when node_modules is missing or older than package-lock.json;
#   - the Kafka broker's jars (infra/kafka/fetch.sh);
#   - kcat for reading topics by hand, when apt works (optional: never fails the run).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

# npm ci wipes node_modules: run it only when the lockfile says something changed.
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages (npm ci)"
  # The lock must install as it is (ADR 0001 addendum explains the sass override that keeps it so).
  npm ci --no-audit --no-fund
  hash -r  # node_modules/.bin (Node 24 among them) may be new on PATH
else
  log "npm packages up to date"
fi
node_major="$(node --version | sed -e 's/^v//' -e 's/\..*//')"
want_major="$(sed -e 's/^v//' -e 's/\..*//' .nvmrc)"
[ "$node_major" -ge "$want_major" ] || die "node on PATH is $(node --version), .nvmrc wants $want_major (the 'node' devDependency should provide it)"

bash "$ROOT/infra/kafka/fetch.sh"

if ! command -v kcat >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    log "installing kcat (optional, for reading topics by hand)"
    # Non-interactive and bounded: CI has no stdin, and a slow mirror must not hold the run.
    timeout 300 apt-get update -qq >/dev/null 2>&1 || true
    if ! DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq --no-install-recommends kcat >/dev/null 2>&1; then
      log "kcat could not be installed (apt unavailable?); continuing without it"
    fi
  else
    log "kcat not installed (optional); install it with: apt-get install kcat"
  fi
fi
