#!/usr/bin/env bash
# Runs the outbox relay benchmark against the broker at KAFKA_BROKERS and PostgreSQL at PGHOST.
# Writes bench/results/latest.json and prints a markdown table. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH" # Node 24 from the node package
export TS_NODE_PROJECT="$PWD/bench/tsconfig.json"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:9092}"
exec node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/relay.bench.ts "$@"
