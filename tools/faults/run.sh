#!/usr/bin/env bash
# The fault suite (docs/reliability.md): builds the services it drives, then runs tools/faults/src/main.ts.
# Usage: npm run faults [-- --runs N] [--scenario NAME[,NAME…]] [--write-doc] [--no-build] [--keep]
# It starts its OWN Kafka, PostgreSQL cluster and SMTP catcher on free ports; never the shared ones.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/env.sh"
cd "$ROOT"

build=1
for arg in "$@"; do [ "$arg" = "--no-build" ] && build=0; done
if [ "$build" = 1 ]; then
  NX_TUI=false NX_NO_CLOUD=true node_modules/.bin/nx run-many -t build -p intake notification --parallel=1 --outputStyle=static >&2
fi

# Its own broker has no logins (src/infra/kafka-broker.ts): its in-process clients must not use the shared broker's.
export KAFKA_AUTH=none && unset KAFKA_SASL_USERNAME KAFKA_SASL_PASSWORD
export TS_NODE_PROJECT="$ROOT/tools/faults/tsconfig.json"
exec node -r ts-node/register/transpile-only -r tsconfig-paths/register tools/faults/src/main.ts "$@"
